//! The binary as users meet it: exit codes, messages and every output format on the
//! fixture repositories.

mod common;

use common::{readiness, readiness_in, repo};

const FIXTURES: &[&str] = &["minimal", "library", "service"];

fn snapshot_name(fixture: &str, format: &str) -> String {
    format!("{fixture}_{format}")
}

/// The crate version changes with every release; snapshots should not.
fn without_version(text: &str) -> String {
    text.replace(concat!("\"", env!("CARGO_PKG_VERSION"), "\""), "\"[version]\"")
}

#[test]
fn every_format_on_every_fixture() {
    for fixture in FIXTURES {
        for format in ["table", "markdown", "json"] {
            let path = format!("fixtures/{fixture}");
            let run = readiness(&["check", &path, "--format", format]);
            assert_eq!(run.code, 0, "{fixture} {format}: {}", run.stderr);
            assert_eq!(run.stderr, "", "{fixture} {format}: no warnings expected");
            insta::assert_snapshot!(snapshot_name(fixture, format), without_version(&run.stdout));
        }
    }
}

#[test]
fn empty_repository_scores_zero_and_fails_the_basics() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["table", "markdown"] {
        let run = readiness_in(dir.path(), &["check", "--format", format]);
        assert_eq!(run.code, 0);
        insta::assert_snapshot!(snapshot_name("empty", format), run.stdout);
    }
}

#[test]
fn verbose_table_shows_evidence_and_traits() {
    let run = readiness(&["check", "fixtures/library", "--verbose"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_is_valid_and_versioned() {
    let run = readiness(&["check", "fixtures/service", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(v["schema_version"], 1);
    assert!(v["score"].as_u64().is_some());
    let ids: Vec<&str> = v["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"docs/readme"));
}

#[test]
fn exit_code_one_below_min_score_with_a_message() {
    let run = readiness(&["check", "fixtures/minimal", "--min-score", "90"]);
    assert_eq!(run.code, 1);
    let score = run.stdout.lines().next().unwrap().trim_start_matches("Current score: ").to_string();
    assert_eq!(run.stderr, format!("score {score} is below the minimum 90%\n"));
}

#[test]
fn exit_code_zero_at_or_above_min_score() {
    let run = readiness(&["check", "fixtures/minimal", "--min-score", "0"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
}

#[test]
fn exit_code_two_for_missing_path() {
    let run = readiness(&["check", "fixtures/does-not-exist"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot scan fixtures/does-not-exist"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn exit_code_two_for_a_file_as_root() {
    let run = readiness(&["check", "Cargo.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a directory"), "{}", run.stderr);
}

#[test]
fn exit_code_two_for_bad_pack() {
    let run = readiness(&["check", "fixtures/minimal", "--rules", "tests/packs/syntax.toml"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("tests/packs/syntax.toml:"), "{}", run.stderr);
}

#[test]
fn exit_code_two_for_missing_pack_and_usage_errors() {
    let run = readiness(&["check", "fixtures/minimal", "--rules", "tests/packs/nope.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot read rule pack tests/packs/nope.toml"), "{}", run.stderr);
    assert_eq!(readiness(&["check", "--min-score", "101"]).code, 2);
    assert_eq!(readiness(&["check", "--format", "yaml"]).code, 2);
    assert_eq!(readiness(&["frobnicate"]).code, 2);
}

#[test]
fn user_rules_extend_the_builtin_pack() {
    let run = readiness(&["check", "fixtures/minimal", "--rules", "tests/packs/good", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rule = v["rules"].as_array().unwrap().iter().find(|r| r["id"] == "team/has-owners-file").expect("user rule");
    assert_eq!(rule["status"], "fail");
    let cat = v["categories"].as_array().unwrap().iter().find(|c| c["id"] == "team").expect("user category");
    assert_eq!(cat["weight"], 10);
}

#[test]
fn colour_only_when_asked_by_a_terminal() {
    // Not a TTY here: no escape codes, whatever the flags.
    let run = readiness(&["check", "fixtures/service"]);
    assert!(!run.stdout.contains('\x1b'));
}

#[test]
fn gitignored_and_readinessignored_files_are_not_evidence() {
    let dir = repo(&[
        (".gitignore", "build/\n"),
        (".readinessignore", "examples/\n"),
        ("build/LICENSE", "MIT"),
        ("examples/LICENSE", "MIT"),
    ]);
    let run = readiness_in(dir.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let license = v["rules"].as_array().unwrap().iter().find(|r| r["id"] == "docs/license").unwrap();
    assert_eq!(license["status"], "fail");
}

#[test]
fn rules_lists_every_builtin_rule() {
    let run = readiness(&["rules"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
    let json = readiness(&["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(v.as_array().unwrap().len() >= 20);
}

#[test]
fn explain_shows_the_rule_and_suggests_near_ids() {
    let run = readiness(&["explain", "docs/license"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
    let unknown = readiness(&["explain", "docs/licence"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("did you mean `docs/license`?"), "{}", unknown.stderr);
}

#[test]
fn readme_sample_is_the_real_output() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let start = "$ readiness check fixtures/library\n";
    let sample = readme.split_once(start).expect("README has the sample").1;
    let sample = sample.split_once("```").expect("sample block ends").0;
    let run = readiness(&["check", "fixtures/library"]);
    assert_eq!(sample, run.stdout, "README's sample is stale: paste the new output of the command");
}

#[cfg(unix)]
#[test]
fn skipped_entries_are_warnings_not_failures() {
    let outside = repo(&[("LICENSE", "MIT, but outside the root")]);
    let dir = repo(&[("README.md", "# x\n")]);
    let root = dir.path();
    std::os::unix::fs::symlink(outside.path().join("LICENSE"), root.join("LICENSE")).unwrap();
    std::os::unix::fs::symlink(root.join("missing"), root.join("CHANGELOG.md")).unwrap();
    let fifo = std::process::Command::new("mkfifo").arg(root.join("pipe")).status().unwrap();
    assert!(fifo.success());
    let run = readiness_in(root, &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: CHANGELOG.md: dangling symlink, skipped\n\
         warning: LICENSE: symlink points outside the root, not followed\n\
         warning: pipe: named pipe (FIFO), skipped\n"
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let license = v["rules"].as_array().unwrap().iter().find(|r| r["id"] == "docs/license").unwrap();
    assert_eq!(license["status"], "fail", "a license outside the root is not evidence");
    assert_eq!(v["warnings"].as_array().unwrap().len(), 3);
    // --quiet keeps stderr for failures only; the report still lists what was skipped.
    let quiet = readiness_in(root, &["check", "--format", "json", "--quiet"]);
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));
    assert_eq!(quiet.stdout, run.stdout);
    let failing = readiness_in(root, &["check", "--quiet", "--min-score", "100"]);
    assert_eq!(failing.code, 1);
    assert!(failing.stderr.starts_with("score "), "{}", failing.stderr);
}

#[test]
fn timings_show_where_the_time_went() {
    let run = readiness(&["check", "fixtures/service", "--timings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let laps: Vec<&str> = run.stderr.lines().skip(1).filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(laps[..5], ["load", "scan", "evaluate", "report", "total"], "{}", run.stderr);
    assert!(run.stderr.contains("walk done at"), "{}", run.stderr);
    assert!(run.stderr.contains(" files/s, "), "{}", run.stderr);
    assert!(run.stderr.contains("of which literal prefilter"), "{}", run.stderr);
    // The costliest patterns, each with a rule or trait that searches for it.
    let (_, costs) = run.stderr.split_once("costliest patterns").unwrap_or_else(|| panic!("{}", run.stderr));
    let rows: Vec<&str> = costs.lines().skip(1).collect();
    assert!((1..=5).contains(&rows.len()), "{costs}");
    for row in rows {
        assert!(row.contains(" files  ") && (row.contains('/') || row.contains("trait:")), "{row}");
    }
    // The report itself is unchanged.
    assert_eq!(run.stdout, readiness(&["check", "fixtures/service"]).stdout);
}

#[test]
fn patterns_export_feeds_ripgrep() {
    let run = readiness(&["rules", "--patterns"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.len() > 300, "{}", lines.len());
    let unique: std::collections::HashSet<&&str> = lines.iter().collect();
    assert_eq!(unique.len(), lines.len(), "distinct patterns only");
    // rg joins the lines into one regex: no group names to clash, and no raw non-ASCII
    // (rg --no-unicode refuses it); every line still compiles as a pack pattern.
    for line in &lines {
        assert!(!line.contains("(?P<") && line.is_ascii(), "{line}");
        readiness::rules::pattern::compile(line).unwrap_or_else(|e| panic!("{line}: {e}"));
    }
}

mod colour {
    use clap::Parser;
    use readiness::cli::{Cli, Environment, run};

    fn output(args: &[&str], term: Environment) -> String {
        let cli = Cli::parse_from(std::iter::once("readiness").chain(args.iter().copied()));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        run(cli, &mut out, &mut err, term).unwrap();
        String::from_utf8(out).unwrap()
    }

    const TTY: Environment =
        Environment { stdout_is_tty: true, no_color_env: false, github_step_summary: None, interactive_stderr: false };

    #[test]
    fn on_for_a_terminal() {
        assert!(output(&["check", "fixtures/service"], TTY).contains("\x1b["));
    }

    #[test]
    fn off_with_no_color_env_flag_or_pipe() {
        let no_color = Environment { no_color_env: true, ..TTY };
        assert!(!output(&["check", "fixtures/service"], no_color).contains('\x1b'));
        assert!(!output(&["check", "fixtures/service", "--no-color"], TTY).contains('\x1b'));
        assert!(!output(&["check", "fixtures/service"], Environment::default()).contains('\x1b'));
    }

    #[test]
    fn never_in_machine_formats() {
        assert!(!output(&["check", "fixtures/service", "--format", "json"], TTY).contains('\x1b'));
        assert!(!output(&["check", "fixtures/service", "--format", "markdown"], TTY).contains('\x1b'));
    }
}

#[test]
fn lint_findings_render_like_compiler_diagnostics() {
    let dir = repo(&[
        (
            "app/main.py",
            "from flask import Flask\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=True)\n",
        ),
        ("tools/dev.py", "app.run(debug=True)  # local only\n"),
        ("app/ok.py", "app.run(debug=False)\n"),
    ]);
    let pack = common::root().join("tests/packs/good");
    let pack = pack.to_str().unwrap();
    let table = readiness_in(dir.path(), &["check", "--rules", pack]);
    let gap = table.stdout.split("✗ No debug server in code").nth(1).unwrap().split("✗ OWNERS").next().unwrap();
    insta::assert_snapshot!("lint_findings_table", gap);
    let md = readiness_in(dir.path(), &["check", "--rules", pack, "--format", "markdown"]);
    insta::assert_snapshot!(md.stdout.split("## Roadmap").next().unwrap());
    let json = readiness_in(dir.path(), &["check", "--rules", pack, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let rule = v["rules"].as_array().unwrap().iter().find(|r| r["id"] == "team/no-debug-run").unwrap();
    assert_eq!(rule["status"], "fail");
    assert_eq!(rule["findings"][0]["path"], "app/main.py");
    assert_eq!(rule["findings"][0]["line"], 5);
    assert_eq!(rule["findings"][0]["column"], 5);
    assert_eq!(rule["findings"][0]["matched"], "app.run(host='0.0.0.0', debug=True");
    assert_eq!(rule["findings"].as_array().unwrap().len(), 2);
    // The built-in security/debug-off finds the same server (the Flask import makes it a
    // service) but exempts tools/dev.py as a development file: 2 + 1 findings in all.
    let builtin = v["rules"].as_array().unwrap().iter().find(|r| r["id"] == "security/debug-off").unwrap();
    assert_eq!(builtin["findings"][0]["path"], "app/main.py");
    assert_eq!(v["summary"]["findings"], 3);
}

#[test]
fn check_help_documents_the_exit_codes() {
    let run = readiness(&["check", "--help"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn markdown_findings_carry_the_structure_message_and_test_marker() {
    let pack = repo(&[(
        "pack.toml",
        "[[category]]\nid = \"k\"\ntitle = \"K\"\nweight = 5\n\n[[rule]]\nid = \"k/probes\"\ntitle = \"Probes\"\nweight = 1\n\
         why = \"Kubernetes needs to know when a pod is ready.\"\nremediation = \"Add a readinessProbe to every container.\"\n\
         check = { path = \"**/*.yaml\", split = '^---', when = '^kind: Deployment', require = 'readinessProbe:' }\n",
    )]);
    let dir = repo(&[("tests/e2e/deploy.yaml", "kind: Deployment\n")]);
    let run = readiness_in(
        dir.path(),
        &["check", "--format", "markdown", "--rules", pack.path().join("pack.toml").to_str().unwrap()],
    );
    assert!(
        run.stdout.contains(
            "  - `tests/e2e/deploy.yaml:1:1` `kind: Deployment`: no line here matches `readinessProbe:` (in a test or fixture)\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn github_annotations_for_gaps_and_findings() {
    let run = readiness(&["check", "fixtures/stacks/django-app", "--format", "github"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("::warning title=")
                || line.starts_with("::error file=")
                || line.starts_with("::notice title="),
            "{line}"
        );
    }
    // A finding: on its file (relative to the workspace), line and column, secret masked.
    assert!(run.stdout.contains(
        "::error file=fixtures/stacks/django-app/mysite/settings.py,line=129,col=22,title=No hard-coded secrets (security/no-hardcoded-secrets)::found `AKIA********`."
    ), "{}", run.stdout);
    assert!(!run.stdout.contains("AKIAIOSFODNN7EXAMPLE"));
    // A gap without a location: a warning with the remediation and the points.
    assert!(
        run.stdout.contains("::warning title=CI pipeline (release/ci-workflow)::Add a CI pipeline"),
        "{}",
        run.stdout
    );
    // The closing notice: the score, then the level and what stands before the next.
    let last = run.stdout.lines().last().unwrap();
    assert!(last.starts_with("::notice title=readiness::Current score: 9%25 (6 passed"), "{last}");
    assert!(last.contains("not applicable); level: none; 14 rules to Bronze: release/ci-workflow,"), "{last}");
    insta::assert_snapshot!(
        run.stdout.lines().filter(|l| l.starts_with("::error")).take(6).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn github_job_summary_is_appended_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(["check", "fixtures/minimal", "--format", "github"])
        .current_dir(common::root())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert!(out.status.success());
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(written.starts_with("earlier step\n# Production Readiness\n"), "{written}");
    // Other formats leave the summary alone.
    let before = written.len();
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(["check", "fixtures/minimal"])
        .current_dir(common::root())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert!(again.status.success());
    assert_eq!(std::fs::read_to_string(&summary).unwrap().len(), before);
}

#[test]
fn junit_is_well_formed_with_a_suite_per_category_and_a_case_per_rule() {
    let run = readiness(&["check", "fixtures/service", "--format", "junit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
    let json: serde_json::Value =
        serde_json::from_str(&readiness(&["check", "fixtures/service", "--format", "json"]).stdout).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), json["categories"].as_array().unwrap().len());
    let cases: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    assert_eq!(cases.len(), json["rules"].as_array().unwrap().len());
    let failures = doc.descendants().filter(|n| n.has_tag_name("failure")).count();
    assert_eq!(failures as u64, json["summary"]["failed"].as_u64().unwrap());
    assert_eq!(root.attribute("failures"), Some(failures.to_string().as_str()));
    let skipped = doc.descendants().filter(|n| n.has_tag_name("skipped")).count();
    assert_eq!(skipped as u64, json["summary"]["not_applicable"].as_u64().unwrap());
    // A lint failure carries its findings.
    let root_user =
        cases.iter().find(|c| c.attribute("name").unwrap().starts_with("security/container-non-root")).unwrap();
    let failure = root_user.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(failure.attribute("type"), Some("lint"));
    assert!(failure.text().unwrap().starts_with("Dockerfile:1:1: "), "{:?}", failure.text());
    insta::assert_snapshot!(run.stdout);
    // Any root name stays well-formed.
    let odd = repo(&[("my--repo <&>/README.md", "# x\n")]);
    let run = readiness_in(odd.path(), &["check", "my--repo <&>", "--format", "junit"]);
    let doc = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
    let name = doc.root_element().attribute("name").unwrap();
    assert!(name.starts_with("readiness my--repo <&>: current score "), "{name}");
}

#[test]
fn output_writes_the_report_to_a_file_instead_of_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    let run = readiness(&["check", "fixtures/minimal", "--format", "json", "--output", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let direct = readiness(&["check", "fixtures/minimal", "--format", "json"]).stdout;
    assert_eq!(std::fs::read_to_string(&file).unwrap(), direct);
    // The exit code still follows the score.
    let below = readiness(&["check", "fixtures/minimal", "--output", file.to_str().unwrap(), "--min-score", "90"]);
    assert_eq!(below.code, 1);
    let nowhere = readiness(&["check", "fixtures/minimal", "--output", "/nonexistent-dir/r.json"]);
    assert_eq!(nowhere.code, 2);
    assert!(nowhere.stderr.contains("cannot write the report to /nonexistent-dir/r.json"), "{}", nowhere.stderr);
}

#[test]
fn one_run_prints_the_table_and_saves_other_formats() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("r.sarif");
    let junit = dir.path().join("r.xml");
    let run = readiness(&[
        "check",
        "fixtures/library",
        "--output",
        &format!("sarif={}", sarif.display()),
        "--output",
        &format!("JUnit={}", junit.display()),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, readiness(&["check", "fixtures/library"]).stdout, "the table still goes to stdout");
    let alone = |format: &str| readiness(&["check", "fixtures/library", "--format", format]).stdout;
    assert_eq!(std::fs::read_to_string(&sarif).unwrap(), alone("sarif"));
    assert_eq!(std::fs::read_to_string(&junit).unwrap(), alone("junit"));

    let twice = readiness(&["check", "fixtures/library", "--output", "a.txt", "--output", "b.txt"]);
    assert_eq!(twice.code, 2);
    assert!(twice.stderr.contains("--output FILE can be given once"), "{}", twice.stderr);
    let nameless = readiness(&["check", "fixtures/library", "--output", "sarif="]);
    assert_eq!(nameless.code, 2);
    assert!(nameless.stderr.contains("names no file"), "{}", nameless.stderr);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = readiness(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("min-score"), "{shell} completes the flags");
    }
    let man = readiness(&["man"]);
    assert_eq!(man.code, 0);
    assert!(man.stdout.contains(".TH readiness 1"), "{}", man.stdout);
    assert!(man.stdout.contains("readiness\\-check(1)"), "lists the subcommands: {}", man.stdout);
    assert_eq!(readiness(&["completions", "tcsh"]).code, 2);
}
