//! `--format markdown`: the shape of a production-readiness plan (Score, Gaps and Work
//! Needed per category with its weight, Roadmap to 100%), then the evidence of what passed,
//! so the document stands on its own in a PR comment or a wiki.

use std::fmt::Write;

use super::{RenderOptions, Report, display_path, evidence_location, score_text};
use crate::engine::Status;

const MAX_FINDINGS_SHOWN: usize = 20;

pub(super) fn render(report: &Report, _opts: RenderOptions) -> String {
    let mut out = String::new();
    match &report.unit {
        Some(unit) => {
            let _ = writeln!(out, "# Production Readiness: {}\n", inline_code(&display_path(unit)));
        }
        None => {
            let _ = writeln!(out, "# Production Readiness\n");
        }
    }
    let _ = writeln!(out, "## Score\nCurrent score: {}\n", score_text(report.score));
    if let Some(level) = &report.level {
        let _ = writeln!(out, "Level: {}\n", level.reached_title());
    }
    let s = report.summary;
    let _ = writeln!(
        out,
        "{} rules passed, {} failed, {} not applicable. Detected traits: {}.\n",
        s.passed,
        s.failed,
        s.not_applicable,
        report.detected_traits_text()
    );
    let _ = writeln!(out, "| Category | Weight | Score | Passed |\n|---|---:|---:|---:|");
    for c in &report.categories {
        let score = c.score.map_or("n/a".to_string(), |s| format!("{s}%"));
        let _ = writeln!(out, "| {} | {}% | {score} | {}/{} |", c.title, c.weight, c.passed, c.passed + c.failed);
    }

    if let Some(level) = &report.level {
        let _ = writeln!(out, "\n## Next Level");
        match &level.next {
            Some(next) => {
                let n = next.blocking.len();
                let _ = writeln!(
                    out,
                    "\n{n} {} to {}:\n",
                    if n == 1 { "rule stands" } else { "rules stand" },
                    next.level.title
                );
                for id in &next.blocking {
                    let title = report.rules.iter().find(|r| &r.id == id).map_or("", |r| r.title.as_str());
                    let _ = writeln!(out, "- {title} (`{id}`)");
                }
            }
            None => {
                let _ = writeln!(out, "\n{} is the top level: nothing stands in the way.", level.reached_title());
            }
        }
    }

    let _ = writeln!(out, "\n## Gaps and Work Needed");
    if s.failed == 0 {
        let _ = writeln!(out, "\nNone: every applicable rule passes.");
    }
    for c in &report.categories {
        let mut failed = report.rules_in(&c.id, Status::Fail).peekable();
        if failed.peek().is_none() {
            continue;
        }
        let _ = writeln!(out, "\n### {} (Weight {}%)", c.title, c.weight);
        for r in failed {
            let _ = writeln!(out, "- {}: {} (`{}`)", r.title, r.remediation, r.id);
            for f in r.findings.iter().take(MAX_FINDINGS_SHOWN) {
                let message = f.message.as_ref().map(|m| format!(": {m}")).unwrap_or_default();
                let test = if f.in_test { " (in a test or fixture)" } else { "" };
                // The path in a code span that survives backticks, newlines escaped: a file
                // name must not end the list item or the span.
                let at = inline_code(&format!("{}:{}:{}", display_path(&f.path), f.line, f.column));
                let _ = writeln!(out, "  - {at} {}{message}{test}", inline_code(&f.snippet));
            }
            if r.findings.len() > MAX_FINDINGS_SHOWN {
                let _ = writeln!(out, "  - … and {} more findings", r.findings.len() - MAX_FINDINGS_SHOWN);
            }
        }
    }

    let _ = writeln!(out, "\n## Roadmap to 100%");
    let roadmap = report.roadmap();
    if roadmap.is_empty() {
        let _ = writeln!(out, "\nNothing left to do.");
    } else {
        out.push('\n');
        for (i, r) in roadmap.iter().enumerate() {
            let _ = writeln!(out, "{}) {} (`{}`): +{:.1} points", i + 1, r.title, r.id, r.points.unwrap_or(0.0));
        }
    }

    let passed: Vec<_> = report.rules.iter().filter(|r| r.status == Status::Pass).collect();
    if !passed.is_empty() {
        let _ = writeln!(out, "\n## Passing\n");
        for r in passed {
            let ev: Vec<String> = r.evidence.iter().take(3).map(|e| inline_code(&evidence_location(e))).collect();
            let ev = if ev.is_empty() { "nothing it forbids was found".to_string() } else { ev.join(", ") };
            let _ = writeln!(out, "- {} (`{}`): {ev}", r.title, r.id);
        }
    }
    let disabled: Vec<_> = report.rules.iter().filter(|r| r.status == Status::Disabled).collect();
    if !disabled.is_empty() {
        let _ = writeln!(out, "\n## Disabled\n");
        for r in disabled {
            let reason = r.disabled_reason.as_deref().unwrap_or_default();
            let _ = writeln!(out, "- {} (`{}`): disabled: {reason}", r.title, r.id);
        }
    }
    let na: Vec<_> = report.rules.iter().filter(|r| r.status == Status::NotApplicable).collect();
    if !na.is_empty() {
        let _ = writeln!(out, "\n## Not Applicable\n");
        for r in na {
            let _ = writeln!(out, "- {} (`{}`): applies to {}", r.title, r.id, r.applies.join(", "));
        }
    }
    out
}

/// Wrap text in a code span that survives backticks inside it.
pub(super) fn inline_code(text: &str) -> String {
    let ticks = "`".repeat(text.split(|c| c != '`').map(str::len).max().unwrap_or(0) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

#[cfg(test)]
mod tests {
    use super::inline_code;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(inline_code("a = 1"), "`a = 1`");
        assert_eq!(inline_code("run `x`"), "`` run `x` ``");
    }
}
