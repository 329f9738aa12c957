//! The predicate language end to end: a small pack, a small tree, the verdict and evidence.

mod common;

use common::repo;
use readiness::engine::{self, Status};
use readiness::rules::load_sources;
use readiness::scan::{Evidence, ScanOptions, Scanner};

const HEADER: &str = r#"
[[category]]
id = "t"
title = "Test"
weight = 10
"#;

/// Run one rule with `check` (a TOML inline table) on a tree; return status, evidence and
/// findings as `path:line:col matched`.
fn verdict_with(check: &str, files: &[(&str, &str)], opts: &ScanOptions) -> (Status, Vec<String>, Vec<String>) {
    let pack = format!(
        "{HEADER}\n[[rule]]\nid = \"t/r\"\ntitle = \"R\"\nweight = 1\nwhy = \"w\"\nremediation = \"r\"\ncheck = {check}\n"
    );
    let set = load_sources(vec![("test.toml".into(), pack.into())]).unwrap_or_else(|e| panic!("{check}: {e:?}"));
    let dir = repo(files);
    let facts = Scanner::new(&set).unwrap().scan(dir.path(), opts).unwrap();
    let eval = engine::evaluate(&set, &facts);
    let r = &eval.rules[0];
    let ev = r
        .evidence
        .iter()
        .map(|Evidence { path, line }| format!("{path}{}", line.map(|l| format!(":{l}")).unwrap_or_default()));
    let findings = r.findings.iter().map(|f| format!("{}:{}:{} {}", f.path, f.line, f.column, f.matched));
    (r.status, ev.collect(), findings.collect())
}

fn verdict(check: &str, files: &[(&str, &str)]) -> (Status, Vec<String>, Vec<String>) {
    verdict_with(check, files, &ScanOptions::default())
}

#[test]
fn path_globs_are_rooted_unless_they_say_double_star() {
    let files = [("pkg/README.md", "x")];
    assert_eq!(verdict(r#"{ path = "README*" }"#, &files).0, Status::Fail);
    let (status, ev, _) = verdict(r#"{ path = "**/README*" }"#, &files);
    assert_eq!((status, ev), (Status::Pass, vec!["pkg/README.md".to_string()]));
    // `**/` also matches at the root.
    assert_eq!(verdict(r#"{ path = "**/Dockerfile" }"#, &[("Dockerfile", "FROM x")]).0, Status::Pass);
    // `*` stays within one segment.
    assert_eq!(verdict(r#"{ path = "ci/*.yml" }"#, &[("ci/deep/a.yml", "x")]).0, Status::Fail);
}

#[test]
fn globs_ignore_case_unless_asked() {
    let files = [("Readme.MD", "x")];
    assert_eq!(verdict(r#"{ path = "README.md" }"#, &files).0, Status::Pass);
    assert_eq!(verdict(r#"{ path = "README.md", case_sensitive = true }"#, &files).0, Status::Fail);
}

#[test]
fn exclude_removes_files_from_a_match() {
    let check = r#"{ path = "**/.env*", exclude = "**/*.example" }"#;
    assert_eq!(verdict(check, &[(".env.example", "A=1")]).0, Status::Fail);
    assert_eq!(verdict(check, &[(".env.example", "A=1"), ("svc/.env", "A=1")]).1, vec!["svc/.env"]);
}

#[test]
fn contains_reports_the_first_matching_line_in_path_order() {
    let check = r#"{ path = "**/*.yml", contains = '^\s*run:.*pytest' }"#;
    let files = [
        ("b.yml", "x\n  run: pytest -q\n"),
        ("a.yml", "one\ntwo\n  run: uv run pytest\n"),
        ("c.yml", "run: cargo test\n"),
    ];
    let (status, ev, _) = verdict(check, &files);
    assert_eq!(status, Status::Pass);
    assert_eq!(ev, vec!["a.yml:3", "b.yml:2"]);
}

#[test]
fn contains_is_ascii_and_line_anchored_and_survives_crlf_and_bad_utf8() {
    let check = r#"{ path = "f", contains = '(?i)^license = "mit"$' }"#;
    assert_eq!(verdict(check, &[("f", "name = 1\r\nLICENSE = \"MIT\"\r\n")]).1, vec!["f:2"]);
    let binary = "LICENSE = \"mit\"\n\u{0}";
    assert_eq!(verdict(check, &[("f", binary)]).0, Status::Fail, "binary files are not searched");
}

#[test]
fn invalid_utf8_is_searched() {
    let pack = format!(
        "{HEADER}\n[[rule]]\nid = \"t/r\"\ntitle = \"R\"\nweight = 1\nwhy = \"w\"\nremediation = \"r\"\ncheck = {{ path = \"ci.sh\", contains = '^pytest' }}\n"
    );
    let set = load_sources(vec![("t.toml".into(), pack.into())]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ci.sh"), b"# caf\xe9 \xff\xfe\npytest -q\n").unwrap();
    let facts = Scanner::new(&set).unwrap().scan(dir.path(), &ScanOptions::default()).unwrap();
    let r = &engine::evaluate(&set, &facts).rules[0];
    assert_eq!(r.status, Status::Pass);
    assert_eq!(r.evidence[0].line, Some(2));
}

#[test]
fn min_lines_counts_non_empty_lines_and_combines_with_contains_in_one_file() {
    let check = r#"{ path = "README*", min_lines = 3, contains = '^## Usage' }"#;
    assert_eq!(verdict(check, &[("README.md", "a\n\n\n## Usage\n")]).0, Status::Fail, "2 non-empty lines");
    assert_eq!(verdict(check, &[("README.md", "a\nb\n## Usage\n")]).1, vec!["README.md:3"]);
    // Both conditions must hold in the same file.
    let split = [("README.md", "a\nb\nc\n"), ("README.rst", "## Usage\n")];
    assert_eq!(verdict(check, &split).0, Status::Fail);
}

#[test]
fn forbid_reports_every_match_with_line_and_character_column() {
    let check = r#"{ path = "**/*.py", forbid = 'debug\s*=\s*True' }"#;
    let files =
        [("app.py", "x = 1\nrun(debug=True)  # é\nrun(debug = True); run(debug=True)\n"), ("ok.py", "debug=False\n")];
    let (status, ev, findings) = verdict(check, &files);
    assert_eq!(status, Status::Fail);
    assert!(ev.is_empty());
    assert_eq!(findings, vec!["app.py:2:5 debug=True", "app.py:3:5 debug = True", "app.py:3:24 debug=True"]);
    let (status, _, findings) = verdict(check, &[("ok.py", "debug=False\n")]);
    assert_eq!((status, findings.len()), (Status::Pass, 0));
    // Columns count characters, not bytes.
    let (_, _, findings) = verdict(check, &[("u.py", "é = run(debug=True)\n")]);
    assert_eq!(findings, vec!["u.py:1:9 debug=True"]);
}

#[test]
fn combinators_any_all_not() {
    let files = [("LICENSE", "MIT"), ("Cargo.toml", "[package]\n")];
    assert_eq!(verdict(r#"{ any = [{ path = "COPYING" }, { path = "LICENSE" }] }"#, &files).1, vec!["LICENSE"]);
    let all = r#"{ all = [{ path = "LICENSE" }, { path = "Cargo.toml", contains = '^\[package\]' }] }"#;
    assert_eq!(verdict(all, &files).1, vec!["Cargo.toml:1", "LICENSE"]);
    assert_eq!(verdict(r#"{ all = [{ path = "LICENSE" }, { path = "NOPE" }] }"#, &files).0, Status::Fail);
    assert_eq!(verdict(r#"{ not = { path = ".env" } }"#, &files).0, Status::Pass);
    assert_eq!(verdict(r#"{ not = { path = "LICENSE" } }"#, &files).0, Status::Fail);
}

#[test]
fn size_cap_skips_content_but_not_paths() {
    let big = "## Usage\n".repeat(200);
    let files = [("README.md", big.as_str())];
    let small = ScanOptions { max_file_size: 100, ..ScanOptions::default() };
    assert_eq!(verdict_with(r#"{ path = "README.md", contains = 'Usage' }"#, &files, &small).0, Status::Fail);
    assert_eq!(verdict_with(r#"{ path = "README.md" }"#, &files, &small).0, Status::Pass);
    assert_eq!(verdict(r#"{ path = "README.md", contains = 'Usage' }"#, &files).0, Status::Pass);
}

#[test]
fn not_applicable_when_no_listed_trait_is_detected() {
    let pack = format!(
        "{HEADER}\n[[trait]]\nid = \"web\"\ntitle = \"Web\"\ncheck = {{ path = \"server.py\" }}\n\n[[rule]]\nid = \"t/health\"\ntitle = \"Health\"\nweight = 3\napplies = [\"web\"]\nwhy = \"w\"\nremediation = \"r\"\ncheck = {{ path = \"health.py\" }}\n"
    );
    let set = load_sources(vec![("t.toml".into(), pack.into())]).unwrap();
    let scanner = Scanner::new(&set).unwrap();
    let status_in = |files: &[(&str, &str)]| {
        let dir = repo(files);
        let facts = scanner.scan(dir.path(), &ScanOptions::default()).unwrap();
        engine::evaluate(&set, &facts).rules[0].status
    };
    assert_eq!(status_in(&[("lib.py", "")]), Status::NotApplicable);
    assert_eq!(status_in(&[("server.py", "")]), Status::Fail);
    assert_eq!(status_in(&[("server.py", ""), ("health.py", "")]), Status::Pass);
}

/// Findings of one rule with extra rule fields (such as `redact = true`).
fn findings(extra: &str, check: &str, files: &[(&str, &str)]) -> Vec<readiness::scan::Finding> {
    let pack = format!(
        "{HEADER}\n[[rule]]\nid = \"t/r\"\ntitle = \"R\"\nweight = 1\nwhy = \"w\"\nremediation = \"r\"\n{extra}\ncheck = {check}\n"
    );
    let set = load_sources(vec![("test.toml".into(), pack.into())]).unwrap_or_else(|e| panic!("{check}: {e:?}"));
    let dir = repo(files);
    let facts = Scanner::new(&set).unwrap().scan(dir.path(), &ScanOptions::default()).unwrap();
    engine::evaluate(&set, &facts).rules[0].findings.clone()
}

const SECRET_CHECK: &str = r#"{ path = "**/*", forbid = '(?i)(password|token)\s*=\s*"(?P<secret>[^"]*)"', allow = '^(changeme|<.*>|\$\{.*\}|)$' }"#;

#[test]
fn allow_excuses_placeholders_judged_on_the_secret_group() {
    let files = [(
        "settings.py",
        "password = \"changeme\"\ntoken = \"${TOKEN}\"\npassword = \"\"\npassword = \"<your-password>\"\npassword = \"hunter2hunter2\"\n",
    )];
    let found = findings("", SECRET_CHECK, &files);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].line, 5);
}

#[test]
fn redacted_findings_show_at_most_four_characters_of_each_secret() {
    let files = [("app.env", "token = \"tok_live_abcdef123456\"; password = \"s3cr3t-passw0rd\"\n")];
    let found = findings("redact = true", SECRET_CHECK, &files);
    assert_eq!(found.len(), 2);
    for f in &found {
        let all = format!("{f:?}");
        assert!(!all.contains("tok_live_abcdef123456") && !all.contains("abcdef"), "{all}");
        assert!(!all.contains("s3cr3t-passw0rd") && !all.contains("passw0rd"), "{all}");
        // Both secrets on the line are masked in each finding's snippet.
        // A secret keeps at most four characters and at most a quarter of its length.
        assert_eq!(f.snippet, "token = \"tok_********\"; password = \"s3c********\"");
    }
    assert_eq!(found[0].matched, "token = \"tok_********\"");
    assert_eq!(found[1].matched, "password = \"s3c********\"");
    // Without redact, the text is shown as it is.
    let plain = findings("", SECRET_CHECK, &files);
    assert_eq!(plain[0].matched, "token = \"tok_live_abcdef123456\"");
}

#[test]
fn whole_match_is_the_secret_without_a_group() {
    let check = r#"{ path = "**/*", forbid = 'AKIA[0-9A-Z]{16}' }"#;
    let found = findings("redact = true", check, &[("c.tf", "key = \"AKIAIOSFODNN7EXAMPLE\"\n")]);
    assert_eq!(found[0].matched, "AKIA********");
    assert_eq!(found[0].snippet, "key = \"AKIA********\"");
    assert_eq!(found[0].column, 8);
}

#[test]
fn findings_in_tests_and_fixtures_are_marked_not_hidden() {
    let check = r#"{ path = "**/*", forbid = 'AKIA[0-9A-Z]{16}' }"#;
    let files = [
        ("src/a.py", "AKIAIOSFODNN7EXAMPLE"),
        ("tests/fixtures/b.py", "AKIAIOSFODNN7EXAMPLE"),
        ("pkg/c_test.go", "AKIAIOSFODNN7EXAMPLE"),
    ];
    let marks: Vec<(String, bool)> = findings("", check, &files).into_iter().map(|f| (f.path, f.in_test)).collect();
    assert_eq!(
        marks,
        vec![("pkg/c_test.go".into(), true), ("src/a.py".into(), false), ("tests/fixtures/b.py".into(), true)]
    );
}

const PROBES: &str = r#"{ path = "**/*.yaml", split = '^---', when = '^kind:\s*(Deployment|StatefulSet)\b', require = ['livenessProbe:', 'readinessProbe:'] }"#;

#[test]
fn structure_lint_checks_each_matching_section() {
    let manifest = "apiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  livenessProbe:\n---\nkind: StatefulSet\n  livenessProbe:\n  readinessProbe:\n";
    let found = findings("", PROBES, &[("k8s/app.yaml", manifest)]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].line, found[0].column), (5, 1));
    assert_eq!(found[0].snippet, "kind: Deployment");
    assert_eq!(found[0].message.as_deref(), Some("no line here matches `readinessProbe:`"));
    // Sections that do not match `when` (the Service) are not checked; a file without any
    // is clean.
    assert!(findings("", PROBES, &[("k8s/svc.yaml", "kind: Service\n")]).is_empty());
    // The verdict follows the findings.
    assert_eq!(verdict(PROBES, &[("k8s/app.yaml", manifest)]).0, Status::Fail);
    assert_eq!(verdict(PROBES, &[("k8s/svc.yaml", "kind: Service\n")]).0, Status::Pass);
}

#[test]
fn structure_lint_last_checks_only_the_final_section() {
    let check = r#"{ path = "Dockerfile", split = '(?i)^FROM\s', when = '(?i)^FROM\s', last = true, require = '(?i)^USER\s+[a-z_]' }"#;
    let multi = "FROM rust AS build\nRUN cargo build\nFROM debian:12\nCOPY --from=build /app /app\nUSER app\n";
    assert!(findings("", check, &[("Dockerfile", multi)]).is_empty(), "only the final stage needs a USER");
    let root_final = "FROM rust AS build\nUSER builder\nFROM debian:12\nCMD [\"/app\"]\n";
    let found = findings("", check, &[("Dockerfile", root_final)]);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].line, found[0].snippet.as_str()), (3, "FROM debian:12"));
    // Without `split`, the whole file is one section.
    let whole = r#"{ path = "Makefile", require = ['^test:', '^lint:'] }"#;
    let found = findings("", whole, &[("Makefile", "\nbuild:\n\tcargo build\ntest:\n")]);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].line, found[0].snippet.as_str()), (2, "build:"));
}
