//! `--format html`: one self-contained page for a browser or a CI artifact. Inline CSS and
//! inline SVG only: no script, font, image or stylesheet from anywhere, so it opens offline
//! and cannot phone home. Built to be read without colour (every bar and status has a label,
//! lost points are hatched), printed, and navigated by headings and tables.

use std::fmt::Write;

use super::{Report, RuleReport, display_path, evidence_location, markup as esc, score_text};
use crate::engine::Status;

/// Findings listed per rule; the JSON and SARIF reports hold them all.
const MAX_FINDINGS_SHOWN: usize = 20;

const STYLE: &str = r#"
:root { --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --pass: #1a7f37; --fail: #cf222e; --na: #57606a; --bar: #0969da; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; margin: 0; }
main, header, footer { max-width: 64rem; margin: 0 auto; padding: 0 1.5rem; }
header { padding-top: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
.meta { color: var(--muted); margin: 0; }
.overview { display: flex; gap: 2rem; align-items: center; flex-wrap: wrap; }
.gauge text { font-weight: 700; }
.level { font-size: 1.2rem; margin: 0; }
.level strong { font-size: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.bar { position: relative; height: 1.3rem; min-width: 10rem; border: 1px solid var(--muted); border-radius: 3px;
  background: repeating-linear-gradient(45deg, #fff, #fff 4px, #d0d7de 4px, #d0d7de 6px); }
.bar > span { display: block; height: 100%; background: var(--bar); }
.bar > b { position: absolute; left: .4rem; top: 0; font-size: .85rem; line-height: 1.3rem; color: #000;
  background: #fff; padding: 0 .25rem; border-radius: 2px; }
.status { font-weight: 600; white-space: nowrap; }
.pass { color: var(--pass); } .fail { color: var(--fail); } .na { color: var(--na); }
details { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; padding: .25rem .75rem; }
summary { cursor: pointer; font-weight: 600; padding: .25rem 0; }
code, pre { font: .85rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f6f8fa; padding: .4rem .6rem; overflow-x: auto; margin: .25rem 0; white-space: pre-wrap; }
ul.plain { list-style: none; padding-left: 0; margin: 0; }
ol li { margin: .2rem 0; }
footer { color: var(--muted); padding-bottom: 2rem; margin-top: 2rem; border-top: 1px solid var(--line); }
@media print { details { border: 0; } details > summary { list-style: none; } .bar { border-color: #000; } }
"#;

pub(super) fn render(report: &Report) -> String {
    let name = page_name(report);
    let title = format!("Readiness of {name}: {}", score_text(report.score));
    page(&title, &report_body(report, 1, "r"))
}

/// Several reports (a workspace's units) on one page, after a table of them.
pub(super) fn render_units(root: &str, units: &[Report]) -> String {
    let mut body = String::new();
    let name = units.first().map_or_else(|| root.to_string(), page_name);
    let _ = writeln!(body, "<header><h1>Production readiness: {}</h1>", esc(&name));
    if let Some(first) = units.first() {
        let _ = writeln!(body, "{}", meta_line(first, root));
    }
    body.push_str(
        "</header>\n<main>\n<h2>Units</h2>\n<table><caption class=\"meta\">One row per deployable unit</caption>\n",
    );
    body.push_str("<thead><tr><th scope=\"col\">Unit</th><th scope=\"col\" class=\"num\">Score</th><th scope=\"col\">Level</th></tr></thead><tbody>\n");
    for (i, u) in units.iter().enumerate() {
        let unit = u.unit_label();
        let level = u.level.as_ref().map_or("-", |l| l.reached_title());
        let _ = writeln!(
            body,
            "<tr><td><a href=\"#{}\">{}</a></td><td class=\"num\">{}</td><td>{}</td></tr>",
            anchor(i, &unit),
            esc(&unit),
            esc(&score_text(u.score)),
            esc(level)
        );
    }
    body.push_str("</tbody></table>\n");
    // One <main> for the page: each unit is a section of it, with ids of its own.
    for (i, u) in units.iter().enumerate() {
        let unit = u.unit_label();
        let _ = writeln!(body, "<section id=\"{}\" aria-label=\"{}\">", anchor(i, &unit), esc(&unit));
        body.push_str(&report_body(u, 2, &format!("u{i}")));
        body.push_str("</section>\n");
    }
    body.push_str("</main>\n");
    page(&format!("Readiness of {name}: workspace"), &body)
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"readiness {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\
         <footer><p>Made by readiness {} · scores are explained in docs/scoring.md, levels in docs/levels.md.</p></footer>\n\
         </body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        esc(title),
        env!("CARGO_PKG_VERSION"),
    )
}

/// The repository's name, or the scanned path when there is none.
fn page_name(report: &Report) -> String {
    let repo = &report.context.repo.name;
    if repo.is_empty() { report.root.clone() } else { repo.clone() }
}

/// The subject (what was scanned), the date and the commit.
fn meta_line(report: &Report, subject: &str) -> String {
    let mut parts = vec![format!("<code>{}</code>", esc(subject))];
    if !report.context.date.is_empty() {
        parts.push(format!("checked on <time datetime=\"{0}\">{0}</time>", esc(&report.context.date)));
    }
    if let Some(commit) = &report.context.repo.commit {
        parts.push(format!("commit <code title=\"{}\">{}</code>", esc(commit), esc(&commit[..12.min(commit.len())])));
    }
    format!("<p class=\"meta\">{}</p>", parts.join(" · "))
}

/// One report's sections; `depth` 1 for a page of its own (its own header and `<main>`), 2
/// inside a workspace page. `id` keeps element ids unique on a page of several reports.
fn report_body(report: &Report, depth: usize, id: &str) -> String {
    let h = |level: usize| format!("h{}", level + depth - 1);
    let mut out = String::new();
    let name = match &report.unit {
        Some(unit) => display_path(unit).into_owned(),
        None => page_name(report),
    };
    if depth == 1 {
        let _ = writeln!(
            out,
            "<header><h1>Production readiness: {}</h1>\n{}</header>\n<main>",
            esc(&name),
            meta_line(report, &report.subject())
        );
    } else {
        let _ = writeln!(out, "<h2>{}</h2>", esc(&name));
    }
    overview(&mut out, report, &h(2), id);
    change(&mut out, report, &h(2));
    categories(&mut out, report, &h(2));
    roadmap(&mut out, report, &h(2));
    details(&mut out, report, &h(2), &h(3));
    if !report.warnings.is_empty() {
        let _ = writeln!(out, "<{0}>Skipped entries</{0}>\n<ul>", h(2));
        for w in &report.warnings {
            let _ = writeln!(out, "<li><code>{}</code>: {}</li>", esc(&display_path(&w.path)), esc(&w.message));
        }
        out.push_str("</ul>\n");
    }
    if depth == 1 {
        out.push_str("</main>\n");
    }
    out
}

fn overview(out: &mut String, report: &Report, h: &str, id: &str) {
    let s = report.summary;
    let _ = writeln!(out, "<{h}>Score</{h}>\n<div class=\"overview\">\n{}", gauge(report.score, id));
    out.push_str("<div>\n");
    if let Some(level) = &report.level {
        let _ = writeln!(out, "<p class=\"level\">Level: <strong>{}</strong></p>", esc(level.reached_title()));
        match level.next_line() {
            Some(next) => {
                let _ = writeln!(out, "<p>{}</p>", esc(&next));
            }
            None => out.push_str("<p>The top level: nothing stands in the way.</p>\n"),
        }
    }
    let _ = writeln!(
        out,
        "<p>{} rules passed, {} failed, {} not applicable{}. {} files seen. Detected traits: {}.</p>",
        s.passed,
        s.failed,
        s.not_applicable,
        if s.disabled > 0 { format!(", {} disabled", s.disabled) } else { String::new() },
        report.stats.files_seen,
        esc(&report.detected_traits_text())
    );
    out.push_str("</div>\n</div>\n");
}

/// The score as a ring: the arc is the score, and the number is written inside, so the
/// ring needs no colour to be read.
fn gauge(score: Option<u32>, id: &str) -> String {
    let pct = score.unwrap_or(0).min(100) as f64;
    let r = 52.0;
    let circumference = 2.0 * std::f64::consts::PI * r;
    let filled = circumference * pct / 100.0;
    let label = score_text(score);
    format!(
        "<svg class=\"gauge\" width=\"140\" height=\"140\" viewBox=\"0 0 140 140\" role=\"img\" aria-labelledby=\"gauge-{id}\">\
         <title id=\"gauge-{id}\">Score {label}</title>\
         <circle cx=\"70\" cy=\"70\" r=\"{r}\" fill=\"none\" stroke=\"#d0d7de\" stroke-width=\"14\"/>\
         <circle cx=\"70\" cy=\"70\" r=\"{r}\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"14\" \
         stroke-dasharray=\"{filled:.1} {circumference:.1}\" transform=\"rotate(-90 70 70)\"/>\
         <text x=\"70\" y=\"78\" text-anchor=\"middle\" font-size=\"26\" fill=\"#1f2328\">{label}</text></svg>"
    )
}

fn change(out: &mut String, report: &Report, h: &str) {
    let Some(change) = &report.change else { return };
    let _ = writeln!(out, "<{h}>Since the baseline</{h}>");
    let delta = match (change.score_then, report.score) {
        (Some(then), Some(now)) => {
            let d = i64::from(now) - i64::from(then);
            format!("Score {then}% → {now}% ({}{d} points).", if d >= 0 { "+" } else { "" })
        }
        _ => "No score to compare.".to_string(),
    };
    let _ = writeln!(out, "<p>{}</p>", esc(&delta));
    for (title, lines) in [("Worse", &change.regressions), ("Better", &change.improvements)] {
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<p><strong>{title}:</strong></p>\n<ul>");
        for l in lines {
            let _ = writeln!(out, "<li>{}</li>", esc(l));
        }
        out.push_str("</ul>\n");
    }
}

fn categories(out: &mut String, report: &Report, h: &str) {
    // Starting the sum at 0.0: an empty f64 sum is -0.0, which prints as "-0.0".
    let lost = |id: &str| -> f64 { report.rules_in(id, Status::Fail).filter_map(|r| r.points).fold(0.0, |a, b| a + b) };
    let mut order: Vec<_> = report.categories.iter().collect();
    // Most points lost first: where the work pays most.
    order.sort_by(|a, b| lost(&b.id).total_cmp(&lost(&a.id)));
    let _ = writeln!(
        out,
        "<{h}>Categories</{h}>\n<table>\n<caption class=\"meta\">Sorted by points lost; the hatched part of a bar is what is missing</caption>\n\
         <thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Score</th><th scope=\"col\" class=\"num\">Weight</th>\
         <th scope=\"col\" class=\"num\">Passed</th><th scope=\"col\" class=\"num\">Points lost</th></tr></thead><tbody>"
    );
    for c in order {
        let (bar, lost) = match c.score {
            Some(s) => (
                format!("<div class=\"bar\"><span style=\"width:{s}%\"></span><b>{s}%</b></div>"),
                format!("{:.1}", lost(&c.id)),
            ),
            None => ("<span class=\"na\">not applicable</span>".to_string(), "–".to_string()),
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{bar}</td><td class=\"num\">{}%</td><td class=\"num\">{}/{}</td><td class=\"num\">{lost}</td></tr>",
            esc(&c.title),
            c.weight,
            c.passed,
            c.passed + c.failed,
        );
    }
    out.push_str("</tbody></table>\n");
}

fn roadmap(out: &mut String, report: &Report, h: &str) {
    let _ = writeln!(out, "<{h}>Roadmap</{h}>");
    let roadmap = report.roadmap();
    if roadmap.is_empty() {
        out.push_str("<p>Nothing left to do: every applicable rule passes.</p>\n");
        return;
    }
    out.push_str("<p>Failed rules, the ones that add most to the score first.</p>\n<ol>\n");
    for r in roadmap {
        let _ = writeln!(
            out,
            "<li><strong>+{:.1} points</strong> {} (<code>{}</code>){}</li>",
            r.points.unwrap_or(0.0),
            esc(&r.title),
            esc(&r.id),
            r.level.as_ref().map(|l| format!(" · {}", esc(l))).unwrap_or_default()
        );
    }
    out.push_str("</ol>\n");
}

fn details(out: &mut String, report: &Report, h2: &str, h3: &str) {
    let _ = writeln!(out, "<{h2}>Rules by category</{h2}>");
    for c in &report.categories {
        let rules: Vec<&RuleReport> = report.rules.iter().filter(|r| r.category == c.id).collect();
        let open = if c.failed > 0 { " open" } else { "" };
        let _ = writeln!(
            out,
            "<details{open}><summary><{h3} style=\"display:inline\">{}</{h3}>: {} of {} applicable rules pass</summary>",
            esc(&c.title),
            c.passed,
            c.passed + c.failed
        );
        out.push_str(
            "<table><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Status</th><th scope=\"col\">Evidence or findings</th><th scope=\"col\">Remediation</th></tr></thead><tbody>\n",
        );
        for r in rules {
            rule_row(out, r);
        }
        out.push_str("</tbody></table>\n</details>\n");
    }
}

fn rule_row(out: &mut String, r: &RuleReport) {
    let (class, status) = match r.status {
        Status::Pass => ("pass", "✓ pass"),
        Status::Fail => ("fail", "✗ fail"),
        Status::NotApplicable => ("na", "– n/a"),
        Status::Disabled => ("na", "– disabled"),
    };
    let mut proof = String::new();
    if !r.evidence.is_empty() {
        proof.push_str("<ul class=\"plain\">");
        for e in &r.evidence {
            let _ = write!(proof, "<li><code>{}</code></li>", esc(&evidence_location(e)));
        }
        proof.push_str("</ul>");
    }
    for f in r.findings.iter().take(MAX_FINDINGS_SHOWN) {
        let test = if f.in_test { " (test or fixture)" } else { "" };
        let what = f.message.as_ref().map(|m| format!(" {}", esc(m))).unwrap_or_default();
        let _ = write!(
            proof,
            "<div><code>{}:{}:{}</code>{test}{what}<pre><code>{}</code></pre></div>",
            esc(&display_path(&f.path)),
            f.line,
            f.column,
            esc(&f.snippet)
        );
    }
    if r.findings.len() > MAX_FINDINGS_SHOWN {
        let _ = write!(proof, "<p>… and {} more findings</p>", r.findings.len() - MAX_FINDINGS_SHOWN);
    }
    if let Some(reason) = &r.disabled_reason {
        let _ = write!(proof, "disabled: {}", esc(reason));
    }
    let remediation = if r.status == Status::Fail { esc(&r.remediation) } else { String::new() };
    let level = r.level.as_ref().map(|l| format!("<br><small>{}</small>", esc(l))).unwrap_or_default();
    let _ = writeln!(
        out,
        "<tr><td>{}<br><code>{}</code>{level}</td><td class=\"status {class}\">{status}</td><td>{proof}</td><td>{remediation}</td></tr>",
        esc(&r.title),
        esc(&r.id),
    );
}

/// An id for a unit's section: its position keeps it unique, the slug keeps it readable.
fn anchor(index: usize, unit: &str) -> String {
    let slug: String =
        unit.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("unit-{index}-{slug}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            esc("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;"
        );
    }

    #[test]
    fn the_gauge_is_labelled_and_proportional() {
        let g = gauge(Some(50), "r");
        assert!(g.contains("aria-labelledby=\"gauge-r\"><title id=\"gauge-r\">Score 50%</title>"));
        let circumference = 2.0 * std::f64::consts::PI * 52.0;
        assert!(g.contains(&format!("stroke-dasharray=\"{:.1} {circumference:.1}\"", circumference / 2.0)));
        assert!(gauge(None, "r").contains(">n/a (no rule applies)</text>"));
    }
}
