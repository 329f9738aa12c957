//! `--format junit`: JUnit XML for CI systems that display test reports. One testsuite per
//! category, one testcase per rule: failed rules are failures (with their findings), rules
//! that do not apply are skipped.

use std::fmt::Write;

use super::{Report, RuleReport, display_path, markup as xml, score_text};
use crate::engine::Status;

pub(super) fn render(report: &Report) -> String {
    let name = format!("readiness {}: current score {}", report.subject(), score_text(report.score));
    document(&name, std::slice::from_ref(report))
}

/// One `<testsuites>` holding the suites of every report (one per workspace unit).
pub(super) fn document(name: &str, reports: &[Report]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let count = |f: fn(&Report) -> usize| reports.iter().map(f).sum::<usize>();
    // The score goes in an attribute: a comment could not hold a path containing "--".
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        xml(name),
        count(|r| r.rules.len()),
        count(|r| r.summary.failed),
        count(|r| r.summary.not_applicable)
    );
    for report in reports {
        suites(&mut out, report);
    }
    out.push_str("</testsuites>\n");
    out
}

/// A testsuite per category of one report, named after its unit in a workspace.
fn suites(out: &mut String, report: &Report) {
    // JUnit's only place for a level is a suite's properties (the schema has none at the
    // top), which CI systems list with each suite.
    let mut properties = String::new();
    if let Some(level) = &report.level {
        let _ = writeln!(properties, "    <properties>");
        let _ =
            writeln!(properties, "      <property name=\"readiness.level\" value=\"{}\"/>", xml(level.reached_title()));
        if let Some(next) = level.next_line() {
            let _ = writeln!(properties, "      <property name=\"readiness.next-level\" value=\"{}\"/>", xml(&next));
        }
        let _ = writeln!(properties, "    </properties>");
    }
    let unit = report.unit.as_ref().map(|u| format!("{}: ", display_path(u))).unwrap_or_default();
    for c in &report.categories {
        let rules: Vec<&RuleReport> = report.rules.iter().filter(|r| r.category == c.id).collect();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
            xml(&format!("{unit}{}", c.title)),
            rules.len(),
            c.failed,
            c.not_applicable
        );
        out.push_str(&properties);
        for r in rules {
            testcase(out, r);
        }
        let _ = writeln!(out, "  </testsuite>");
    }
}

fn testcase(out: &mut String, r: &RuleReport) {
    let open = format!("    <testcase classname=\"{}\" name=\"{}: {}\"", xml(&r.category), xml(&r.id), xml(&r.title));
    match r.status {
        Status::Pass => {
            let _ = writeln!(out, "{open}/>");
        }
        Status::NotApplicable | Status::Disabled => {
            let message = match &r.disabled_reason {
                Some(reason) => format!("disabled: {reason}"),
                None => format!("not applicable: applies to {}", r.applies.join(", ")),
            };
            let _ = writeln!(out, "{open}>\n      <skipped message=\"{}\"/>\n    </testcase>", xml(&message));
        }
        Status::Fail => {
            let mut body = String::new();
            for f in &r.findings {
                let what = f.message.clone().unwrap_or_else(|| f.snippet.clone());
                // One finding per line: a newline in a file name is shown escaped.
                let _ = writeln!(body, "{}:{}:{}: {what}", display_path(&f.path), f.line, f.column);
            }
            let _ = writeln!(
                out,
                "{open}>\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                xml(&r.remediation),
                if r.findings.is_empty() { "gap" } else { "lint" },
                xml(&body)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn escapes_markup_and_drops_illegal_characters() {
        assert_eq!(xml(r#"a<b & "c" 'd'>"#), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
        assert_eq!(xml("bell\u{7}\ttab"), "bell\ttab");
    }
}
