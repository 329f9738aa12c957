//! The CI set-ups we publish (action.yml, .pre-commit-hooks.yaml, the examples in
//! docs/ci.md) parse, and call readiness the way its CLI accepts.

mod common;

use yaml_rust2::{Yaml, YamlLoader};

fn load(path: &str) -> Yaml {
    let text = std::fs::read_to_string(common::root().join(path)).unwrap();
    YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}")).remove(0)
}

/// Every `readiness ...` command line in a text, as argument lists.
fn readiness_commands(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter_map(|l| l.trim().trim_start_matches("- ").trim_start_matches("run: ").strip_prefix("readiness "))
        .map(|rest| rest.split_whitespace().map(String::from).collect())
        .collect()
}

#[test]
fn pre_commit_hook_runs_a_real_check() {
    let hooks = load(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"].as_str(), Some("readiness"));
    assert_eq!(hook["language"].as_str(), Some("rust"));
    assert_eq!(hook["pass_filenames"].as_bool(), Some(false));
    let entry = hook["entry"].as_str().unwrap();
    let args: Vec<&str> = entry.split_whitespace().skip(1).collect();
    // The hook's arguments are accepted by the CLI (run on a fixture).
    let mut with_path = args.clone();
    with_path.push("fixtures/minimal");
    assert_eq!(common::readiness(&with_path).code, 0, "{entry}");
}

#[test]
fn action_is_a_composite_that_installs_and_checks() {
    let action = load("action.yml");
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let steps = action["runs"]["steps"].as_vec().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs.iter().any(|r| r.contains("cargo install --locked")));
    assert!(runs.iter().any(|r| r.contains("--format github --output sarif=readiness.sarif")));
    assert!(
        steps.iter().any(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif")))
    );
    for input in ["path", "min-score", "baseline", "upload-sarif"] {
        assert!(!action["inputs"][input].is_badvalue(), "input {input}");
    }
}

#[test]
fn every_yaml_example_in_the_ci_guide_parses_and_its_commands_run() {
    let doc = std::fs::read_to_string(common::root().join("docs/ci.md")).unwrap();
    let blocks: Vec<&str> = doc.split("```yaml\n").skip(1).map(|b| b.split("```").next().unwrap()).collect();
    assert!(blocks.len() >= 4, "GitHub (2), GitLab, pre-commit");
    for block in &blocks {
        // Step snippets are indented list items; parse them as a list.
        YamlLoader::load_from_str(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
    }
    let commands: Vec<Vec<String>> = blocks.iter().flat_map(|b| readiness_commands(b)).collect();
    assert!(commands.len() >= 2, "{commands:?}");
    let dir = tempfile::tempdir().unwrap();
    for args in commands {
        let mut args: Vec<String> = args;
        args.push(common::root().join("fixtures/library").display().to_string());
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = common::readiness_in(dir.path(), &refs);
        assert_eq!(run.code, 0, "{refs:?}: {}", run.stderr);
    }
}
