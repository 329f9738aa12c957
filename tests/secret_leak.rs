//! Secrets never leak: every kind of secret the built-in packs detect is planted in a
//! repository (taken from the failing examples of the redacting rules, so a new kind is
//! covered the day its example is written), plus secrets on lines that other lints report,
//! and no output of any format, verbose or not, on stdout, stderr or in a written file,
//! holds any of them in full.

mod common;

use std::collections::BTreeMap;

use common::readiness;
use readiness::rules::{self, Expect, RuleSet, pattern};

/// A repository's files, by relative path.
type Files = BTreeMap<String, String>;

/// The secrets `rules`' redacting lints find in `files`: each match's `secret` group (or the
/// whole match), unless the atom's `allow` excuses it, as the scanner decides.
fn secrets_in(set: &RuleSet, files: &Files) -> Vec<String> {
    let mut found = Vec::new();
    for atom in set.atoms.iter().filter(|a| a.redact) {
        let Some(forbid) = &atom.forbid else { continue };
        let re = pattern::compile(forbid).unwrap();
        let allow = atom.allow.as_deref().map(|a| pattern::compile(a).unwrap());
        for content in files.values() {
            for caps in re.captures_iter(content.as_bytes()) {
                let secret = caps.name("secret").unwrap_or_else(|| caps.get(0).unwrap());
                if allow.as_ref().is_some_and(|a| a.is_match(secret.as_bytes())) {
                    continue;
                }
                found.push(String::from_utf8_lossy(secret.as_bytes()).into_owned());
            }
        }
    }
    found
}

/// Every failing example of a redacting rule, packed into as few repositories as possible
/// without two examples writing the same path.
fn planted_repositories(set: &RuleSet) -> Vec<Files> {
    let mut repos: Vec<Files> = Vec::new();
    for rule in set.rules.iter().filter(|r| r.redact) {
        for example in rule.examples.iter().filter(|e| e.expect == Expect::Fail) {
            match repos.iter_mut().find(|r| example.files.keys().all(|p| !r.contains_key(p))) {
                Some(repo) => repo.extend(example.files.clone()),
                None => repos.push(example.files.clone()),
            }
        }
    }
    repos.push(cross_rule_repository());
    repos
}

/// Secrets on lines that lints which do not redact also report: their snippets and matched
/// text must be masked too. The tokens are assembled at run time so this file holds none.
fn cross_rule_repository() -> Files {
    let github = format!("ghp_{}", "Zq7LmN2pR8sT4vW6xY0aB3cD5eF9gH1jK2mN");
    let stripe = format!("sk_live_{}", "4eC39HqLyjWDarjtT1zdp7dcXy");
    let aws = format!("AKIA{}", "Q3RVWMZL7NHD2KTC");
    Files::from([
        // security/debug-off reports the whole line, which also holds a token.
        ("app.py".into(), format!("from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)  # {github}\n")),
        // security/cors-policy's match spans the lines between origin and credentials.
        (
            "server.js".into(),
            format!(
                "const cors = require('cors');\napp.use(cors({{ origin: '*', key: '{stripe}', credentials: true }}));\n"
            ),
        ),
        // security/container-non-root's match runs from `USER root` to the end of the file.
        ("Dockerfile".into(), format!("FROM debian:12\nUSER root\nRUN curl -H \"x-key: {aws}\" https://example.org\n")),
    ])
}

/// Every report the binary can produce for `root`: each format, terse and verbose, on stdout,
/// stderr, and as a written file and baseline.
fn every_output(root: &std::path::Path) -> Vec<(String, String)> {
    let out_dir = tempfile::tempdir().unwrap();
    let root = root.to_str().unwrap();
    let mut outputs = Vec::new();
    for format in ["table", "markdown", "json", "github", "junit", "sarif", "html"] {
        for verbose in [false, true] {
            let mut args = vec!["check", root, "--format", format, "--no-config"];
            if verbose {
                args.push("--verbose");
            }
            let run = readiness(&args);
            assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
            outputs.push((format!("{format} verbose={verbose}"), run.stdout + &run.stderr));
        }
    }
    let file = out_dir.path().join("report.md");
    let baseline = out_dir.path().join("baseline.json");
    let file_arg = format!("sarif={}", out_dir.path().join("report.sarif").display());
    let run = readiness(&[
        "check",
        root,
        "--output",
        file.to_str().unwrap(),
        "--output",
        &file_arg,
        "--write-baseline",
        baseline.to_str().unwrap(),
    ]);
    assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
    for entry in std::fs::read_dir(out_dir.path()).unwrap() {
        let path = entry.unwrap().path();
        outputs.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
    }
    outputs
}

#[test]
fn no_output_holds_a_secret_in_full() {
    let set = rules::load_builtin().unwrap();
    let repos = planted_repositories(&set);
    let mut planted = 0;
    for files in &repos {
        let secrets = secrets_in(&set, files);
        assert!(!secrets.is_empty(), "a failing example of a redacting rule plants a secret: {files:?}");
        planted += secrets.len();
        let dir = tempfile::tempdir().unwrap();
        for (path, content) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, content).unwrap();
        }
        let outputs = every_output(dir.path());
        // Not vacuous: the JSON report holds findings for these files, masked.
        let json = &outputs.iter().find(|(name, _)| name == "json verbose=false").unwrap().1;
        assert!(json.contains("********"), "secrets were found and masked:\n{json}");
        if files.contains_key("server.js") {
            let report: serde_json::Value = serde_json::from_str(json).unwrap();
            for id in ["security/debug-off", "security/cors-policy", "security/container-non-root"] {
                let rule = report["rules"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap();
                assert!(!rule["findings"].as_array().unwrap().is_empty(), "{id} reports the line with the secret");
            }
        }
        for (name, text) in &outputs {
            // A value of a few letters (`LOG_LEVEL=info` in a committed .env) is masked too,
            // but its letters occur elsewhere in any report.
            for secret in secrets.iter().filter(|s| s.len() >= 8) {
                assert!(!text.contains(secret.as_str()), "{name} shows the secret {secret:?} in full:\n{text}");
            }
        }
    }
    assert!(planted >= 20, "only {planted} secrets planted");
}
