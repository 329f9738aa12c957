//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. One run; every loaded rule in
//! `tool.driver.rules`; a result for each lint finding (its exact region) and for each
//! failed rule without findings (at the file that should hold the evidence, else the root).
//! Validated in tests against the OASIS schema (tests/schemas/).

use std::fmt::Write;

use serde_json::{Value, json};

use super::{Report, RuleReport, workspace_path};
use crate::engine::Status;

pub(super) fn render(report: &Report) -> String {
    document(vec![run(report)])
}

/// A SARIF log of several runs (one per workspace unit, each with `properties.unit`).
pub(super) fn document(runs: Vec<Value>) -> String {
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": runs,
    });
    let mut out = serde_json::to_string_pretty(&sarif).expect("SARIF serialises");
    out.push('\n');
    out
}

/// One report as a SARIF run.
pub(super) fn run(report: &Report) -> Value {
    let rules: Vec<Value> = report.rules.iter().map(descriptor).collect();
    let mut results = Vec::new();
    for (index, r) in report.rules.iter().enumerate().filter(|(_, r)| r.status == Status::Fail) {
        if r.findings.is_empty() {
            let uri = uri(&workspace_path(&report.root, r.evidence_hint.as_deref().unwrap_or(".")));
            results.push(json!({
                "ruleId": r.id,
                "ruleIndex": index,
                "level": "warning",
                "kind": "fail",
                "message": { "text": format!("{}: {}", r.title, r.remediation) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }],
            }));
            continue;
        }
        for f in &r.findings {
            let what = f.message.clone().unwrap_or_else(|| format!("found `{}`", f.matched));
            results.push(json!({
                "ruleId": r.id,
                "ruleIndex": index,
                "level": "error",
                "kind": "fail",
                "message": { "text": format!("{}: {what}", r.title) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&workspace_path(&report.root, &f.path)) },
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "snippet": { "text": f.snippet },
                        },
                    },
                }],
                "properties": { "inTest": f.in_test },
            }));
        }
    }
    let mut run = json!({
        "tool": {
            "driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "rules": rules,
            },
        },
        "results": results,
        "properties": {
            "score": report.score,
            "root": report.root,
            "level": report.level.as_ref().map(|l| l.reached.as_ref().map(|r| &r.id)),
            "nextLevel": report.level.as_ref().and_then(|l| l.next.as_ref()).map(|n| json!({
                "id": n.level.id,
                "blocking": n.blocking,
            })),
        },
    });
    if let Some(unit) = &report.unit {
        run["properties"]["unit"] = json!(unit);
        // Code scanning tells runs apart by their category.
        run["automationDetails"] = json!({ "id": format!("readiness/{unit}/") });
    }
    run
}

/// A path as a SARIF `uri`, which must be a URI reference (RFC 3986): every byte but the
/// unreserved characters, sub-delimiters, '@' and '/' is percent-encoded, so a file name
/// with a space, a newline, '%', '#', '?', ':' or non-ASCII text stays valid and decodes back
/// to itself. Plain paths are unchanged.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn descriptor(r: &RuleReport) -> Value {
    let mut d = json!({
        "id": r.id,
        "name": r.title,
        "shortDescription": { "text": r.title },
        "fullDescription": { "text": r.why },
        "help": { "text": r.remediation },
        "defaultConfiguration": { "level": "warning" },
        "properties": {
            "category": r.category,
            "weight": r.weight,
            "applies": r.applies,
            "level": r.level,
            "tags": [r.category],
        },
    });
    if let Some(docs) = &r.docs {
        d["helpUri"] = json!(docs);
    }
    if let Some(reason) = &r.disabled_reason {
        // Disabled by the project: off in the run's configuration, with the reason.
        d["defaultConfiguration"]["enabled"] = json!(false);
        d["properties"]["disabledReason"] = json!(reason);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("services/api/src/main.rs"), "services/api/src/main.rs");
        assert_eq!(uri("src/a b\nc%#?:d.py"), "src/a%20b%0Ac%25%23%3F%3Ad.py");
        assert_eq!(uri("caf\u{e9}"), "caf%C3%A9");
    }
}
