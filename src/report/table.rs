//! `--format table` (the default): the score, a table of categories, then the gaps with
//! their remediation and lint findings as `path:line:col`, for a person at a terminal.

use std::fmt::Write;

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};

use super::paint::Paint;
use super::{RenderOptions, Report, RuleReport, evidence_location, score_text};
use crate::engine::Status;

/// Remediation text is wrapped to this many columns (after a 6-column indent).
const WRAP_WIDTH: usize = 90;
/// Findings shown per rule before "... and N more" (all are in JSON).
const MAX_FINDINGS_SHOWN: usize = 20;

pub(super) fn render(report: &Report, opts: RenderOptions) -> String {
    let p = Paint { enabled: opts.color };
    let mut out = String::new();
    let s = report.summary;
    let _ = writeln!(out, "{} {}", p.bold("Current score:"), p.bold(&p.score(report.score, &score_text(report.score))));
    let _ = writeln!(
        out,
        "{}",
        p.dim(&format!(
            "{} · {} passed, {} failed, {} not applicable · {} files · traits: {}",
            report.subject(),
            s.passed,
            s.failed,
            s.not_applicable,
            report.stats.files_seen,
            report.detected_traits_text()
        ))
    );
    if let Some(level) = &report.level {
        let reached = p.bold(&format!("Level: {}", level.reached_title()));
        match level.next_line() {
            Some(next) => {
                let _ = writeln!(out, "{reached} · {next}");
            }
            None => {
                let _ = writeln!(out, "{reached} (the top level)");
            }
        }
    }
    out.push('\n');
    out.push_str(&category_table(report));
    out.push('\n');

    let roadmap_has_gaps = s.failed > 0;
    if roadmap_has_gaps {
        let _ = writeln!(out, "\n{}", p.bold("Gaps"));
        for c in &report.categories {
            let failed: Vec<&RuleReport> = report.rules_in(&c.id, Status::Fail).collect();
            if failed.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n  {} {}", p.bold(&c.title), p.dim(&format!("(weight {}%)", c.weight)));
            for r in failed {
                gap(&mut out, r, p);
            }
        }
    } else if s.passed > 0 {
        let _ = writeln!(out, "\n{}", p.green("No gaps: every applicable rule passes."));
    }

    if opts.verbose {
        let _ = writeln!(out, "\n{}", p.bold("Passed"));
        for r in report.rules.iter().filter(|r| r.status == Status::Pass) {
            let ev = r.evidence.first().map(evidence_location).unwrap_or_else(|| "(absence of what it forbids)".into());
            let more = match r.evidence.len() {
                0 | 1 => String::new(),
                n => format!(" (+{} more)", n - 1),
            };
            let _ =
                writeln!(out, "  {} {} {}  {ev}{}", p.green("✓"), r.title, p.dim(&format!("({})", r.id)), p.dim(&more));
        }
        let _ = writeln!(out, "\n{}", p.bold("Traits"));
        for t in &report.traits {
            let what = match (t.detected, t.evidence.first()) {
                (true, Some(e)) => evidence_location(e),
                (true, None) => "detected".into(),
                (false, _) => p.dim("not detected"),
            };
            let _ = writeln!(out, "  {:<12} {what}", t.id);
        }
    }

    let na: Vec<&RuleReport> = report.rules.iter().filter(|r| r.status == Status::NotApplicable).collect();
    if !na.is_empty() {
        let ids: Vec<&str> = na.iter().map(|r| r.id.as_str()).collect();
        let _ = writeln!(out, "\n{}", p.dim(&format!("Not applicable ({}): {}", na.len(), ids.join(", "))));
    }
    if s.suppressed > 0 {
        let _ = writeln!(out, "{}", p.dim(&format!("Suppressed findings: {} (--verbose lists them)", s.suppressed)));
    }
    if opts.verbose {
        for r in &report.rules {
            for sf in &r.suppressed {
                let f = &sf.finding;
                let path = super::display_path(&f.path);
                let _ = writeln!(out, "  suppressed {} {path}:{}:{}: {}", r.id, f.line, f.column, sf.reason);
            }
        }
    }
    for r in report.rules.iter().filter(|r| r.status == Status::Disabled) {
        let reason = r.disabled_reason.as_deref().unwrap_or_default();
        let _ = writeln!(out, "{}", p.yellow(&format!("Disabled: {} ({}): {reason}", r.title, r.id)));
    }
    let st = &report.stats;
    if opts.verbose && (st.skipped_large > 0 || st.skipped_binary > 0) {
        let _ = writeln!(
            out,
            "{}",
            p.dim(&format!("Not searched: {} large, {} binary files", st.skipped_large, st.skipped_binary))
        );
    }
    out
}

fn category_table(report: &Report) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec!["Category", "Weight", "Score", "Passed"]);
    for c in &report.categories {
        let applicable = c.passed + c.failed;
        table.add_row(vec![
            Cell::new(&c.title),
            Cell::new(format!("{}%", c.weight)).set_alignment(CellAlignment::Right),
            Cell::new(c.score.map_or("n/a".to_string(), |s| format!("{s}%"))).set_alignment(CellAlignment::Right),
            Cell::new(format!("{}/{applicable}", c.passed)).set_alignment(CellAlignment::Right),
        ]);
    }
    table.to_string()
}

/// One row per workspace unit: (unit, score, level, top gaps).
pub(super) fn unit_table(rows: &[[String; 4]]) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec!["Unit", "Score", "Level", "Top gaps"]);
    for [unit, score, level, gaps] in rows {
        table.add_row(vec![
            Cell::new(unit),
            Cell::new(score).set_alignment(CellAlignment::Right),
            Cell::new(level),
            Cell::new(gaps),
        ]);
    }
    table.to_string()
}

fn gap(out: &mut String, r: &RuleReport, p: Paint) {
    let points = r.points.map(|g| format!(", +{g:.1} points")).unwrap_or_default();
    let _ = writeln!(out, "    {} {} {}", p.red("✗"), r.title, p.dim(&format!("({}{points})", r.id)));
    for line in wrap(&r.remediation, WRAP_WIDTH) {
        let _ = writeln!(out, "      {line}");
    }
    for f in r.findings.iter().take(MAX_FINDINGS_SHOWN) {
        out.push_str(&super::finding::render(f, &r.title, p.enabled, 6));
    }
    if r.findings.len() > MAX_FINDINGS_SHOWN {
        let _ = writeln!(out, "      … and {} more findings", r.findings.len() - MAX_FINDINGS_SHOWN);
    }
}

/// Greedy word wrap; a word longer than the width gets a line of its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(wrap("aa bb cc dd", 5), vec!["aa bb", "cc dd"]);
        assert_eq!(wrap("a verylongword b", 4), vec!["a", "verylongword", "b"]);
        assert!(wrap("", 10).is_empty());
    }
}
