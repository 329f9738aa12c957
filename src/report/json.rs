//! `--format json`: the report model serialised, pretty-printed, newline-terminated.

use super::Report;

pub(super) fn render(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(report).expect("the report model always serialises");
    out.push('\n');
    out
}
