//! Baselines: adopt readiness on a repository with gaps today, fail only on what gets worse.

mod common;

use common::{readiness_in, repo};

const SETTINGS: &str = "DEBUG = False\nAWS_KEY = \"AKIAIOSFODNN7EXAMPLE\"\n";

fn legacy() -> tempfile::TempDir {
    repo(&[
        ("README.md", "# legacy\n"),
        ("SECURITY.md", "# Security\n\nReport vulnerabilities to security@example.com.\n"),
        ("app/settings.py", SETTINGS),
    ])
}

#[test]
fn a_baseline_lets_a_repository_with_gaps_pass_until_something_regresses() {
    let dir = legacy();
    let root = dir.path();
    let write = readiness_in(root, &["check", "--write-baseline", "readiness-baseline.json"]);
    assert_eq!(write.code, 0, "{}", write.stderr);
    let text = std::fs::read_to_string(root.join("readiness-baseline.json")).unwrap();
    assert!(text.contains("\"security/policy\": \"pass\""), "{text}");
    assert!(!text.contains("AKIAIOSFODNN7EXAMPLE"), "a baseline never holds a secret: {text}");

    // The same tree: nothing regressed, so the run passes despite its gaps.
    let same = readiness_in(root, &["check", "--baseline", "readiness-baseline.json"]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert_eq!(same.stderr, "");

    // Moving a finding to another line is not a new finding.
    std::fs::write(root.join("app/settings.py"), format!("\n\n# settings\n{SETTINGS}")).unwrap();
    let moved = readiness_in(root, &["check", "--baseline", "readiness-baseline.json"]);
    assert_eq!(moved.code, 0, "{}", moved.stderr);

    // Deleting SECURITY.md: a rule that passed now fails, and the score drops.
    std::fs::remove_file(root.join("SECURITY.md")).unwrap();
    let worse = readiness_in(root, &["check", "--baseline", "readiness-baseline.json"]);
    assert_eq!(worse.code, 1);
    assert!(
        worse.stderr.contains("regression: Security policy (security/policy) passed in the baseline and now fails"),
        "{}",
        worse.stderr
    );
    assert!(worse.stderr.contains("is below the baseline's"), "{}", worse.stderr);
}

#[test]
fn a_new_finding_is_a_regression_and_a_fixed_one_an_improvement() {
    let dir = legacy();
    let root = dir.path();
    assert_eq!(readiness_in(root, &["check", "--write-baseline", "b.json"]).code, 0);
    std::fs::write(root.join("app/other.py"), "TOKEN = \"ghp_0123456789abcdefghijABCDEFGHIJ012345\"\n").unwrap();
    let new = readiness_in(root, &["check", "--baseline", "b.json"]);
    assert_eq!(new.code, 1);
    assert!(
        new.stderr.contains("regression: new finding: security/no-hardcoded-secrets at app/other.py:1:10"),
        "{}",
        new.stderr
    );
    assert!(!new.stderr.contains("ghp_0123456789"), "{}", new.stderr);

    std::fs::remove_file(root.join("app/other.py")).unwrap();
    std::fs::write(root.join("app/settings.py"), "DEBUG = False\n").unwrap();
    let better = readiness_in(root, &["check", "--baseline", "b.json"]);
    assert_eq!(better.code, 0, "{}", better.stderr);
    assert!(
        better.stderr.contains("improved: No hard-coded secrets (security/no-hardcoded-secrets) now passes"),
        "{}",
        better.stderr
    );
    assert!(better.stderr.contains("improved: 1 finding(s) of the baseline are gone"), "{}", better.stderr);
}

#[test]
fn a_missing_or_invalid_baseline_is_an_error() {
    let dir = legacy();
    let missing = readiness_in(dir.path(), &["check", "--baseline", "nope.json"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("cannot use baseline nope.json"), "{}", missing.stderr);
    std::fs::write(dir.path().join("bad.json"), "{\"score\": 3}").unwrap();
    let bad = readiness_in(dir.path(), &["check", "--baseline", "bad.json"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("not a baseline"), "{}", bad.stderr);
}
