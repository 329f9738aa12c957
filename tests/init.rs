//! `readiness init`: a commented config holding today's score, so CI is green today and
//! fails on what gets worse.

mod common;

use common::{readiness_in, repo};

fn service() -> tempfile::TempDir {
    repo(&[
        ("README.md", "# svc\n"),
        ("SECURITY.md", "# Security\n\nReport vulnerabilities to security@example.com.\n"),
        ("pyproject.toml", "[project]\nname = \"svc\"\ndependencies = [\"fastapi>=0.110\"]\n"),
        ("app/main.py", "from fastapi import FastAPI\napp = FastAPI()\n"),
    ])
}

#[test]
fn init_then_check_passes_and_a_new_gap_then_fails_the_baseline() {
    let dir = service();
    let root = dir.path();
    let init = readiness_in(root, &["init"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert!(init.stdout.starts_with("wrote ./readiness.toml (min_score = "), "{}", init.stdout);
    let config = std::fs::read_to_string(root.join("readiness.toml")).unwrap();
    assert!(config.contains("# Detected traits: python, service."), "{config}");
    assert!(config.contains("# [rules.\"release/ci-workflow\"]\n# enabled = false\n"), "{config}");
    let check = readiness_in(root, &["check"]);
    assert_eq!(check.code, 0, "green today: {}", check.stderr);

    assert_eq!(readiness_in(root, &["check", "--write-baseline", "baseline.json"]).code, 0);
    std::fs::remove_file(root.join("SECURITY.md")).unwrap();
    let after = readiness_in(root, &["check", "--baseline", "baseline.json"]);
    assert_eq!(after.code, 1, "{}", after.stderr);
    assert!(after.stderr.contains("regression: Security policy (security/policy)"), "{}", after.stderr);
}

#[test]
fn a_waiver_block_uncommented_and_filled_in_is_valid() {
    let dir = service();
    assert_eq!(readiness_in(dir.path(), &["init"]).code, 0);
    let path = dir.path().join("readiness.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    // Uncomment the four lines of one rule's block and give the reason.
    let mut lines: Vec<String> = config.lines().map(String::from).collect();
    let at = lines.iter().position(|l| l == "# [rules.\"release/ci-workflow\"]").expect("block");
    for line in &mut lines[at..at + 4] {
        *line = line.trim_start_matches("# ").to_string();
    }
    lines[at + 2] = "reason = \"CI lives in the monorepo\"".to_string();
    let filled = lines.join("\n");
    std::fs::write(&path, filled).unwrap();
    let run = readiness_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"disabled_reason\": \"CI lives in the monorepo\""));
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = service();
    std::fs::write(dir.path().join("readiness.toml"), "min_score = 99\n").unwrap();
    let refused = readiness_in(dir.path(), &["init"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("readiness.toml exists; use --force to replace it"), "{}", refused.stderr);
    assert_eq!(std::fs::read_to_string(dir.path().join("readiness.toml")).unwrap(), "min_score = 99\n");
    assert_eq!(readiness_in(dir.path(), &["init", "--force"]).code, 0);
    assert_ne!(std::fs::read_to_string(dir.path().join("readiness.toml")).unwrap(), "min_score = 99\n");
}
