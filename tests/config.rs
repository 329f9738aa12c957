//! readiness.toml end to end: every setting changes the run as documented, and every kind
//! of mistake is a diagnostic with file, line, column and a hint (exit 2).

mod common;

use common::{readiness_in, repo};
use serde_json::Value;

const BASE: &[(&str, &str)] = &[
    ("README.md", "# demo\n"),
    ("LICENSE", "MIT License\n"),
    ("pyproject.toml", "[project]\nname = \"demo\"\ndependencies = [\"fastapi>=0.110\"]\n"),
];

fn with_config(config: &str, extra: &[(&str, &str)]) -> tempfile::TempDir {
    let mut files: Vec<(&str, &str)> = BASE.to_vec();
    files.push(("readiness.toml", config));
    files.extend_from_slice(extra);
    repo(&files)
}

fn json(dir: &std::path::Path, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = readiness_in(dir, &all);
    let v = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
    (run.code, v, run.stderr)
}

fn rule<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["rules"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("{id}"))
}

#[test]
fn min_score_from_config_unless_the_flag_says_otherwise() {
    let dir = with_config("min_score = 90\n", &[]);
    let (code, _, stderr) = json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is below the minimum 90%"), "{stderr}");
    assert_eq!(json(dir.path(), &["--min-score", "0"]).0, 0);
    assert_eq!(json(dir.path(), &["--no-config"]).0, 0);
}

#[test]
fn category_minimum_fails_the_run_and_names_the_category() {
    let dir = with_config("[categories.docs]\nmin_score = 90\n", &[]);
    let (code, _, stderr) = json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("category docs scores "), "{stderr}");
    assert!(stderr.contains("below its minimum 90%"), "{stderr}");
}

#[test]
fn weights_and_applicability_overrides() {
    let dir = with_config(
        "[categories.security]\nweight = 40\n\n[rules.\"docs/changelog\"]\nweight = 3\n\n\
         [rules.\"docs/deployment-guide\"]\napplies = [\"python\"]\n",
        &[],
    );
    let (_, v, _) = json(dir.path(), &[]);
    let security = v["categories"].as_array().unwrap().iter().find(|c| c["id"] == "security").unwrap();
    assert_eq!(security["weight"], 40);
    assert_eq!(rule(&v, "docs/changelog")["weight"], 3);
    assert!(rule(&v, "docs/deployment-guide")["applies"].as_array().unwrap().contains(&"python".into()));
}

#[test]
fn disabled_rules_show_their_reason_everywhere_and_leave_the_score() {
    let config = "[rules.\"docs/changelog\"]\nenabled = false\nreason = \"release notes live on the website\"\n";
    let dir = with_config(config, &[]);
    let (_, v, _) = json(dir.path(), &[]);
    let r = rule(&v, "docs/changelog");
    assert_eq!(r["status"], "disabled");
    assert_eq!(r["disabled_reason"], "release notes live on the website");
    assert_eq!(v["summary"]["disabled"], 1);
    let (_, without, _) = json(dir.path(), &["--no-config"]);
    let docs = |v: &Value| v["categories"].as_array().unwrap().iter().find(|c| c["id"] == "docs").unwrap().clone();
    assert_eq!(
        docs(&v)["applicable_weight"].as_u64().unwrap() + 2,
        docs(&without)["applicable_weight"].as_u64().unwrap()
    );
    let table = readiness_in(dir.path(), &["check"]).stdout;
    assert!(table.contains("Disabled: Changelog (docs/changelog): release notes live on the website"), "{table}");
    let md = readiness_in(dir.path(), &["check", "--format", "markdown"]).stdout;
    assert!(
        md.contains("## Disabled\n\n- Changelog (`docs/changelog`): disabled: release notes live on the website\n"),
        "{md}"
    );
    let junit = readiness_in(dir.path(), &["check", "--format", "junit"]).stdout;
    assert!(junit.contains("<skipped message=\"disabled: release notes live on the website\"/>"), "{junit}");
    let github = readiness_in(dir.path(), &["check", "--format", "github"]).stdout;
    assert!(
        github.contains("::notice title=Changelog (docs/changelog)::disabled: release notes live on the website\n"),
        "{github}"
    );
    let sarif: Value = serde_json::from_str(&readiness_in(dir.path(), &["check", "--format", "sarif"]).stdout).unwrap();
    let descriptor = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "docs/changelog")
        .unwrap()
        .clone();
    assert_eq!(descriptor["defaultConfiguration"]["enabled"], false);
    assert_eq!(descriptor["properties"]["disabledReason"], "release notes live on the website");
}

#[test]
fn expired_overrides_stop_applying_and_say_so() {
    let config = "[rules.\"docs/changelog\"]\nenabled = false\nreason = \"temporary\"\nexpires = \"2020-01-31\"\n\n\
                  [rules.\"docs/contributing\"]\nenabled = false\nreason = \"until the rewrite\"\nexpires = \"2999-12-31\"\n";
    let dir = with_config(config, &[]);
    let (_, v, stderr) = json(dir.path(), &[]);
    assert_eq!(rule(&v, "docs/changelog")["status"], "fail");
    assert_eq!(rule(&v, "docs/contributing")["status"], "disabled");
    assert!(
        stderr.contains("readiness.toml: the override of `docs/changelog` expired on 2020-01-31 and no longer applies"),
        "{stderr}"
    );
}

#[test]
fn traits_can_be_forced_on_and_off() {
    let dir = with_config("[traits]\nservice = false\nkubernetes = true\n", &[]);
    let (_, v, _) = json(dir.path(), &[]);
    let t = |id: &str| v["traits"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap().clone();
    assert_eq!((t("service")["detected"].clone(), t("service")["forced"].clone()), (false.into(), true.into()));
    assert_eq!(t("kubernetes")["detected"], true);
    assert_eq!(rule(&v, "reliability/health-endpoint")["status"], "not-applicable");
    assert_eq!(rule(&v, "performance/autoscaling")["status"], "fail");
    let (_, detected, _) = json(dir.path(), &["--no-config"]);
    assert_eq!(rule(&detected, "reliability/health-endpoint")["status"], "fail", "FastAPI makes it a service");
}

#[test]
fn exclude_extend_and_max_file_size() {
    let config = "exclude = [\"LICENSE\"]\nextend = [\"packs/\"]\nmax_file_size = \"10\"\n";
    let pack = "[[category]]\nid = \"team\"\ntitle = \"Team\"\nweight = 5\n\n[[rule]]\nid = \"team/owners\"\ntitle = \"Owners\"\n\
                weight = 1\nwhy = \"Someone must own the code.\"\nremediation = \"Add an OWNERS file at the root.\"\ncheck = { path = \"OWNERS\" }\n";
    let dir = with_config(config, &[("packs/team.toml", pack), ("OWNERS", "@me\n")]);
    let (code, v, stderr) = json(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rule(&v, "docs/license")["status"], "fail", "LICENSE is excluded");
    assert_eq!(rule(&v, "team/owners")["status"], "pass", "the extended pack is loaded relative to the config");
    assert!(v["stats"]["skipped_large"].as_u64().unwrap() > 0, "max_file_size applies");
}

#[test]
fn config_is_found_by_either_name_or_given_explicitly() {
    let hidden = repo(&[(".readiness.toml", "min_score = 99\n"), ("README.md", "# x\n")]);
    assert_eq!(json(hidden.path(), &[]).0, 1);
    let elsewhere = repo(&[("ci/strict.toml", "min_score = 99\n"), ("README.md", "# x\n")]);
    assert_eq!(json(elsewhere.path(), &[]).0, 0);
    assert_eq!(json(elsewhere.path(), &["--config", "ci/strict.toml"]).0, 1);
    let (code, _, stderr) = json(elsewhere.path(), &["--config", "ci/nope.toml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("ci/nope.toml"), "{stderr}");
}

fn config_error(config: &str) -> String {
    let dir = with_config(config, &[]);
    let run = readiness_in(dir.path(), &["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("readiness.toml:"), "{}", run.stderr);
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
    run.stderr.replace(&dir.path().display().to_string(), "[repo]")
}

macro_rules! config_error {
    ($test:ident, $config:expr) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(config_error($config));
        }
    };
}

config_error!(unknown_key_suggests_the_right_one, "min_scor = 80\n");
config_error!(unknown_rule_suggests_a_near_id, "[rules.\"docs/changelg\"]\nweight = 1\n");
config_error!(unknown_category, "[categories.securty]\nweight = 20\n");
config_error!(unknown_trait, "[traits]\nservce = true\n");
config_error!(disabling_needs_a_reason, "[rules.\"docs/changelog\"]\nenabled = false\n");
config_error!(invalid_date, "[rules.\"docs/changelog\"]\nenabled = false\nreason = \"x\"\nexpires = \"30/06/2027\"\n");
config_error!(out_of_range, "min_score = 120\n[rules.\"docs/readme\"]\nweight = 7\n");
config_error!(wrong_type, "min_score = \"high\"\n");

#[test]
fn the_documented_example_config_is_valid() {
    let doc = std::fs::read_to_string(common::root().join("docs/config.md")).unwrap();
    let example = doc.split("```toml\n").nth(1).unwrap().split("```").next().unwrap();
    let dir = repo(&[("readiness.toml", example), ("readiness/team-rules.toml", ""), ("README.md", "# x\n")]);
    let (code, v, stderr) = json(dir.path(), &["--min-score", "0"]);
    // Valid (not exit 2); the example's security minimum fails this bare repository.
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("category security scores"), "{stderr}");
    assert_eq!(rule(&v, "docs/code-of-conduct")["status"], "disabled");
}
