//! The published JSON Schemas (docs/schemas/) are generated from the very structs that
//! serialise the report and parse readiness.toml, stay current, and accept what readiness
//! really produces and documents.

mod common;

use common::readiness;
use serde_json::Value;

fn published(name: &str, kind: &str) -> Value {
    let run = readiness(&["schema", kind]);
    assert_eq!(run.code, 0);
    let path = common::root().join("docs/schemas").join(name);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != run.stdout {
        if std::env::var_os("READINESS_BLESS").is_some() {
            std::fs::write(&path, &run.stdout).unwrap();
        } else {
            panic!("docs/schemas/{name} is stale: cargo run -- schema {kind} > docs/schemas/{name}");
        }
    }
    serde_json::from_str(&run.stdout).unwrap()
}

fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("a valid schema");
    validator.iter_errors(instance).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

#[test]
fn report_schema_is_current_and_fits_every_fixture_report() {
    let schema = published("report.schema.json", "report");
    for fixture in ["minimal", "library", "service", "stacks/django-app", "stacks/spring-service"] {
        let run = readiness(&["check", &format!("fixtures/{fixture}"), "--format", "json"]);
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        assert!(errors(&schema, &report).is_empty(), "{fixture}: {:#?}", errors(&schema, &report));
    }
    let broken = serde_json::json!({ "schema_version": "one" });
    assert!(!errors(&schema, &broken).is_empty());
}

#[test]
fn workspace_schema_is_current_and_fits_the_monorepo_report() {
    let schema = published("workspace.schema.json", "workspace");
    for fixture in ["monorepo", "single-service"] {
        let run = readiness(&["check", &format!("fixtures/{fixture}"), "--workspace", "--format", "json"]);
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        assert!(errors(&schema, &report).is_empty(), "{fixture}: {:#?}", errors(&schema, &report));
    }
}

#[test]
fn config_schema_is_current_and_fits_the_documented_example() {
    let schema = published("config.schema.json", "config");
    let doc = std::fs::read_to_string(common::root().join("docs/config.md")).unwrap();
    let example = doc.split("```toml\n").nth(1).unwrap().split("```").next().unwrap();
    let as_json: Value = serde_json::to_value(toml::from_str::<toml::Value>(example).unwrap()).unwrap();
    assert!(errors(&schema, &as_json).is_empty(), "{:#?}", errors(&schema, &as_json));
    // What the loader rejects, the schema rejects too.
    for wrong in [
        serde_json::json!({ "min_scor": 80 }),
        serde_json::json!({ "min_score": 120 }),
        serde_json::json!({ "rules": { "docs/readme": { "weight": 5 } } }),
        serde_json::json!({ "rules": { "docs/readme": { "expires": "next year" } } }),
    ] {
        assert!(!errors(&schema, &wrong).is_empty(), "{wrong}");
    }
}
