//! `--format sarif` validates against the OASIS SARIF 2.1.0 schema (tests/schemas/) and
//! carries every rule, every finding's exact region and every gap.

mod common;

use common::{readiness, readiness_in, repo};
use serde_json::Value;

fn schema_errors(sarif: &Value) -> Vec<String> {
    let text = std::fs::read_to_string(common::root().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap();
    // The official schema's pattern for run.language has a stray `]` that the validator's
    // regex engine rejects; replace it, in memory only, by the pattern it means (a language
    // code like "en" or "en-US"). readiness never writes run.language anyway.
    const BROKEN: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(text.contains(BROKEN), "the vendored schema changed: revisit this repair");
    let text = text.replace(BROKEN, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator.iter_errors(sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn the_schema_rejects_what_is_not_sarif() {
    assert!(!schema_errors(&serde_json::json!({ "runs": [] })).is_empty(), "version is required");
    let bad_level = serde_json::json!({
        "version": "2.1.0",
        "runs": [{ "tool": { "driver": { "name": "x" } }, "results": [{ "message": { "text": "m" }, "level": "fatal" }] }]
    });
    assert!(!schema_errors(&bad_level).is_empty(), "level is an enum");
}

#[test]
fn sarif_validates_on_every_fixture() {
    for fixture in ["minimal", "library", "service", "stacks/django-app", "stacks/go-api"] {
        let run = readiness(&["check", &format!("fixtures/{fixture}"), "--format", "sarif"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let sarif: Value = serde_json::from_str(&run.stdout).expect("JSON");
        let errors = schema_errors(&sarif);
        assert!(errors.is_empty(), "{fixture}: {errors:#?}");
    }
}

#[test]
fn sarif_carries_rules_findings_and_gaps() {
    let run = readiness(&["check", "fixtures/stacks/django-app", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    let json: Value =
        serde_json::from_str(&readiness(&["check", "fixtures/stacks/django-app", "--format", "json"]).stdout).unwrap();
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), json["rules"].as_array().unwrap().len());
    let policy = rules.iter().find(|r| r["id"] == "security/policy").unwrap();
    assert_eq!(policy["properties"]["category"], "security");
    assert_eq!(policy["properties"]["weight"], 3);
    assert!(policy["help"]["text"].as_str().unwrap().starts_with("Add SECURITY.md"));
    let results = run0["results"].as_array().unwrap();
    // A lint finding: its exact region, secret masked.
    let secret = results
        .iter()
        .find(|r| {
            r["ruleId"] == "security/no-hardcoded-secrets" && r["message"]["text"].as_str().unwrap().contains("AKIA")
        })
        .unwrap();
    let location = &secret["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "fixtures/stacks/django-app/mysite/settings.py");
    assert_eq!(location["region"]["startLine"], 129);
    assert_eq!(location["region"]["startColumn"], 22);
    assert!(!run.stdout.contains("AKIAIOSFODNN7EXAMPLE"));
    // A gap: at the file that should hold the evidence.
    let gap = results.iter().find(|r| r["ruleId"] == "security/policy").unwrap();
    assert_eq!(gap["level"], "warning");
    assert_eq!(
        gap["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/stacks/django-app/SECURITY.md"
    );
    // Every failed rule has at least one result, and passing rules none.
    for r in json["rules"].as_array().unwrap() {
        let n = results.iter().filter(|x| x["ruleId"] == r["id"]).count();
        assert_eq!(n > 0, r["status"] == "fail", "{}", r["id"]);
    }
}

#[test]
fn sarif_of_an_empty_repository_is_valid() {
    let dir = repo(&[]);
    let run = readiness_in(dir.path(), &["check", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(schema_errors(&sarif).is_empty());
    let gap = sarif["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "docs/readme").unwrap();
    assert!(gap["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].is_string());
}

#[test]
fn sarif_with_a_disabled_rule_is_valid() {
    let dir = repo(&[
        ("README.md", "# x\n"),
        ("readiness.toml", "[rules.\"docs/changelog\"]\nenabled = false\nreason = \"notes live on the website\"\n"),
    ]);
    let run = readiness_in(dir.path(), &["check", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(schema_errors(&sarif).is_empty(), "{:#?}", schema_errors(&sarif));
    assert!(run.stdout.contains("\"disabledReason\": \"notes live on the website\""));
}
