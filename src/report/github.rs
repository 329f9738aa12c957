//! `--format github`: GitHub Actions workflow commands. Lint findings become `::error`
//! annotations on their file, line and column; other gaps become `::warning`s in the run's
//! summary; a closing `::notice` gives the score and the level. (The Markdown job summary is written by
//! `cli` when `GITHUB_STEP_SUMMARY` is set.)

use std::fmt::Write;

use super::{Report, score_text, workspace_path};
use crate::engine::Status;

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    // In a workspace, every title names the unit: one job shows the annotations of all.
    let unit = report.unit.as_ref().map(|u| format!("{u}: ")).unwrap_or_default();
    for r in report.rules.iter().filter(|r| r.status == Status::Fail) {
        let title = format!("{unit}{} ({})", r.title, r.id);
        if r.findings.is_empty() {
            let points = r.points.map(|p| format!(" (+{p:.1} points)")).unwrap_or_default();
            let _ =
                writeln!(out, "::warning title={}::{}", property(&title), data(&format!("{}{points}", r.remediation)));
            continue;
        }
        for f in &r.findings {
            let what = f.message.clone().unwrap_or_else(|| format!("found `{}`", f.matched));
            let test = if f.in_test { " (in a test or fixture)" } else { "" };
            let _ = writeln!(
                out,
                "::error file={},line={},col={},title={}::{}",
                property(&workspace_path(&report.root, &f.path)),
                f.line,
                f.column,
                property(&title),
                data(&format!("{what}{test}. {}", r.remediation))
            );
        }
    }
    for r in report.rules.iter().filter(|r| r.status == Status::Disabled) {
        let reason = r.disabled_reason.as_deref().unwrap_or_default();
        let _ = writeln!(
            out,
            "::notice title={}::{}",
            property(&format!("{unit}{} ({})", r.title, r.id)),
            data(&format!("disabled: {reason}"))
        );
    }
    let s = report.summary;
    let level = match &report.level {
        Some(l) => match l.next_line() {
            Some(next) => format!("; level: {}; {next}", l.reached_title()),
            None => format!("; level: {} (the top)", l.reached_title()),
        },
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "::notice title={}::{}",
        property(&format!("readiness{}", report.unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default())),
        data(&format!(
            "Current score: {} ({} passed, {} failed, {} not applicable){level}",
            score_text(report.score),
            s.passed,
            s.failed,
            s.not_applicable
        ))
    );
    out
}

/// Escape a command's message (GitHub's `escapeData`).
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a command's property value (GitHub's `escapeProperty`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a: b, c"), "a%3A b%2C c");
    }
}
