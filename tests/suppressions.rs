//! Inline suppressions: `readiness-ignore: <rule-id> -- <reason>` on a finding's line or the
//! line above, in any comment syntax; wrong ones are reported and waive nothing; a platform
//! team can turn them all off.

mod common;

use common::{readiness_in, repo};
use serde_json::Value;

fn check(files: &[(&str, &str)], args: &[&str]) -> (Value, String) {
    let dir = repo(files);
    let pack = common::root().join("tests/packs/good");
    let mut all = vec!["check", "--format", "json", "--rules", pack.to_str().unwrap()];
    all.extend_from_slice(args);
    let run = readiness_in(dir.path(), &all);
    assert_ne!(run.code, 2, "{}", run.stderr);
    (serde_json::from_str(&run.stdout).unwrap(), run.stderr)
}

fn lint(v: &Value) -> &Value {
    v["rules"].as_array().unwrap().iter().find(|r| r["id"] == "team/no-debug-run").unwrap()
}

const WAIVED: &str = "# readiness-ignore: team/no-debug-run -- local debugging entry point, never deployed\n\
                      app.run(debug=True)\n\
                      app.run(debug=True)  # readiness-ignore: team/no-debug-run -- same line works too\n\
                      \n\
                      app.run(debug=True)\n";

#[test]
fn a_comment_on_the_line_or_above_waives_the_finding_with_its_reason() {
    let (v, stderr) = check(&[("tools/dev.py", WAIVED)], &[]);
    assert_eq!(stderr, "");
    let r = lint(&v);
    // Lines 2 and 3 are waived; line 5 is two lines below any comment.
    let lines: Vec<u64> = r["findings"].as_array().unwrap().iter().map(|f| f["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![5]);
    let waived: Vec<(u64, &str)> = r["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["line"].as_u64().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(waived, vec![(2, "local debugging entry point, never deployed"), (3, "same line works too")]);
    assert_eq!(v["summary"]["suppressed"], 2);
}

#[test]
fn a_fully_waived_lint_passes() {
    let file = "app.run(debug=True)  // readiness-ignore: team/no-debug-run -- demo script\n";
    let (v, _) = check(&[("demo.py", file)], &[]);
    assert_eq!(lint(&v)["status"], "pass");
    let html = "<!-- readiness-ignore: team/no-debug-run -- docs example -->\napp.run(debug=True)\n";
    let (v, _) = check(&[("docs.py", html)], &[]);
    assert_eq!(lint(&v)["status"], "pass");
}

#[test]
fn a_suppression_without_reason_or_for_an_unknown_rule_is_reported_and_waives_nothing() {
    let file = "# readiness-ignore: team/no-debug-run\napp.run(debug=True)\n\
                # readiness-ignore: team/no-debug-rum -- typo\napp.run(debug=True)\n";
    let (v, stderr) = check(&[("app.py", file)], &[]);
    assert_eq!(lint(&v)["findings"].as_array().unwrap().len(), 2);
    assert_eq!(v["summary"]["suppressed"], 0);
    assert!(
        stderr.contains("warning: app.py: line 1: readiness-ignore suppresses `team/no-debug-run` without a reason"),
        "{stderr}"
    );
    assert!(stderr.contains("warning: app.py: line 3: readiness-ignore names an unknown rule `team/no-debug-rum` (did you mean `team/no-debug-run`?)"), "{stderr}");
}

#[test]
fn suppressions_can_be_turned_off_by_flag_or_config() {
    let (v, _) = check(&[("tools/dev.py", WAIVED)], &["--no-inline-suppressions"]);
    assert_eq!(lint(&v)["findings"].as_array().unwrap().len(), 3);
    let (v, _) = check(&[("tools/dev.py", WAIVED), ("readiness.toml", "inline_suppressions = false\n")], &[]);
    assert_eq!(lint(&v)["findings"].as_array().unwrap().len(), 3);
    assert_eq!(v["summary"]["suppressed"], 0);
}

#[test]
fn verbose_table_lists_suppressed_findings() {
    let dir = repo(&[("tools/dev.py", WAIVED)]);
    let pack = common::root().join("tests/packs/good");
    let run = readiness_in(dir.path(), &["check", "--verbose", "--rules", pack.to_str().unwrap()]);
    assert!(run.stdout.contains("Suppressed findings: 2"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("  suppressed team/no-debug-run tools/dev.py:2:1: local debugging entry point, never deployed\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_suppression_can_expire() {
    let file = "# readiness-ignore: team/no-debug-run -- until the rewrite expires=2020-01-31\napp.run(debug=True)\n\
                # readiness-ignore: team/no-debug-run -- until the rewrite expires=2999-12-31\napp.run(debug=True)\n\
                # readiness-ignore: team/no-debug-run -- typo in the date expires=31/12/2999\napp.run(debug=True)\n";
    let (v, stderr) = check(&[("app.py", file)], &[]);
    let r = lint(&v);
    let open: Vec<u64> = r["findings"].as_array().unwrap().iter().map(|f| f["line"].as_u64().unwrap()).collect();
    assert_eq!(open, vec![2, 6], "the expired and the malformed waive nothing");
    assert_eq!(r["suppressed"][0]["line"], 4);
    assert_eq!(r["suppressed"][0]["reason"], "until the rewrite", "the date is not part of the reason");
    assert!(
        stderr.contains("line 1: readiness-ignore for `team/no-debug-run` expired on 2020-01-31 and no longer applies"),
        "{stderr}"
    );
    assert!(stderr.contains("line 5: readiness-ignore has an invalid expiry `31/12/2999`"), "{stderr}");
}
