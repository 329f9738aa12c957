//! Running the real binary the way a user (or CI) does.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the binary produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for snapshots.
    pub fn transcript(&self) -> String {
        format!("exit: {}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `readiness ARGS` from `cwd`, as a non-terminal with NO_COLOR unset.
pub fn readiness_in(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        // Help text wraps to the terminal; pin it so snapshots do not depend on the runner.
        .env("COLUMNS", "100")
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Run `readiness ARGS` from the crate root, so fixture paths read `fixtures/...`.
pub fn readiness(args: &[&str]) -> Run {
    readiness_in(&root(), args)
}

/// Materialise a repository (relative path -> content) in a fresh temporary directory.
pub fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }
    dir
}

/// Ids of the traits a JSON report says were detected, in report order.
pub fn detected_traits(report: &serde_json::Value) -> Vec<&str> {
    report["traits"]
        .as_array()
        .expect("traits array")
        .iter()
        .filter(|t| t["detected"] == true)
        .map(|t| t["id"].as_str().expect("trait id"))
        .collect()
}

/// Why a SARIF log does not validate against the OASIS SARIF 2.1.0 schema (tests/schemas/),
/// empty when it does.
pub fn sarif_schema_errors(sarif: &serde_json::Value) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap();
    // The official schema's pattern for run.language has a stray `]` that the validator's
    // regex engine rejects; replace it, in memory only, by the pattern it means (a language
    // code like "en" or "en-US"). readiness never writes run.language anyway.
    const BROKEN: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(text.contains(BROKEN), "the vendored schema changed: revisit this repair");
    let text = text.replace(BROKEN, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator.iter_errors(sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// Copy a directory tree (a fixture) to `to`, to change it in a test without touching it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
