//! `check --workspace`: each deployable unit of a monorepo scored on its own, root files
//! counting for all, every file read once, thresholds per unit, and a single-service
//! repository scored exactly as a plain check scores it.

mod common;

use std::sync::Arc;

use common::{copy_dir, readiness, root};
use readiness::rules;
use readiness::scan::{Progress, ScanOptions, Scanner};
use serde_json::Value;

const MONOREPO: &str = "fixtures/monorepo";

fn json(args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let run = readiness(&all);
    assert!(run.code <= 1, "{}", run.transcript());
    serde_json::from_str(&run.stdout).unwrap()
}

fn unit<'a>(ws: &'a Value, path: &str) -> &'a Value {
    ws["units"].as_array().unwrap().iter().find(|u| u["unit"] == path).unwrap_or_else(|| panic!("no unit {path}"))
}

fn rule<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["rules"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()
}

fn evidence_paths(rule: &Value) -> Vec<&str> {
    let mut paths: Vec<&str> =
        rule["evidence"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    paths.extend(rule["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()));
    paths
}

#[test]
fn each_unit_gets_its_own_score_and_level() {
    let ws = json(&[MONOREPO, "--workspace"]);
    let units: Vec<&str> = ws["units"].as_array().unwrap().iter().map(|u| u["unit"].as_str().unwrap()).collect();
    // libs/shared is not a deployable unit.
    assert_eq!(units, ["services/legacy-admin", "services/orders", "services/payments"]);
    let level = |path: &str| unit(&ws, path)["level"]["reached"]["id"].as_str().map(String::from);
    assert_eq!(level("services/payments").as_deref(), Some("silver"));
    assert_eq!(level("services/orders").as_deref(), Some("bronze"));
    assert_eq!(level("services/legacy-admin"), None);
    let score = |path: &str| unit(&ws, path)["score"].as_u64().unwrap();
    assert!(score("services/payments") > score("services/orders"));
    assert!(score("services/orders") > score("services/legacy-admin"));
    // The gap to the next level names the unit's own failing rules.
    let blocking = &unit(&ws, "services/legacy-admin")["level"]["next"]["blocking"];
    for id in ["security/debug-off", "reliability/health-endpoint", "release/lockfile", "security/no-committed-env"] {
        assert!(blocking.as_array().unwrap().iter().any(|b| b == id), "{id} blocks bronze: {blocking}");
    }
}

#[test]
fn root_files_count_for_every_unit_and_unit_files_for_their_own() {
    let ws = json(&[MONOREPO, "--workspace"]);
    for path in ["services/legacy-admin", "services/orders", "services/payments"] {
        let report = unit(&ws, path);
        // SECURITY.md and the CI workflow at the root count for every unit.
        assert_eq!(evidence_paths(rule(report, "security/policy")), ["SECURITY.md"], "{path}");
        assert_eq!(rule(report, "release/ci-workflow")["status"], "pass", "{path}");
        // Nothing from another unit, or from libs/, is evidence here.
        for r in report["rules"].as_array().unwrap() {
            for p in evidence_paths(r) {
                let shared = !p.contains('/') || p.starts_with('.');
                assert!(shared || p.starts_with(&format!("{path}/")), "{path}: {} has evidence {p}", r["id"]);
            }
        }
    }
    // The committed .env is legacy-admin's finding alone.
    let env = rule(unit(&ws, "services/legacy-admin"), "security/no-committed-env");
    assert_eq!(env["status"], "fail");
    assert_eq!(rule(unit(&ws, "services/orders"), "security/no-committed-env")["status"], "pass");
}

#[test]
fn every_file_is_read_once_even_when_it_counts_for_every_unit() {
    let set = rules::load_builtin().unwrap();
    let scanner = Scanner::new(&set).unwrap();
    let tree = root().join(MONOREPO);
    let scan = |units: &[String]| {
        let progress = Arc::new(Progress::default());
        let opts = ScanOptions { progress: Some(Arc::clone(&progress)), ..ScanOptions::default() };
        let facts = scanner.scan_units(&tree, &opts, units).unwrap();
        (facts, progress)
    };
    let units: Vec<String> =
        ["services/legacy-admin", "services/orders", "services/payments"].iter().map(|s| s.to_string()).collect();
    let (per_unit, progress) = scan(&units);
    let (_, whole) = scan(&[]);
    assert_eq!(per_unit.len(), 3);
    let counted: u64 = per_unit.iter().map(|f| f.stats.bytes_read).sum();
    // The units' reports count the root files three times, but they were read once: no
    // more bytes than a plain scan of the whole tree, which also reads libs/.
    assert!(progress.bytes() < counted, "read {} bytes, reports count {counted}", progress.bytes());
    assert!(progress.bytes() < whole.bytes(), "libs/ is not read for any unit");
    assert!(progress.files() < whole.files());
}

#[test]
fn timings_count_the_whole_scan_once() {
    let run = readiness(&["check", MONOREPO, "--workspace", "--quiet", "--timings"]);
    let plain = readiness(&["check", MONOREPO, "--quiet", "--timings"]);
    let seen = |stderr: &str| -> u64 {
        let line = stderr.lines().find(|l| l.contains(" files seen, ")).expect("a throughput line");
        line.split_whitespace().next().unwrap().parse().unwrap()
    };
    fn files(dir: &std::path::Path) -> u64 {
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).map(|p| if p.is_dir() { files(&p) } else { 1 }).sum()
    }
    let libs = files(&root().join(MONOREPO).join("libs"));
    // Every file of the units and the root once (not once per unit); libs/ counts for no
    // unit, so the workspace scan does not see it.
    assert_eq!(seen(&run.stderr) + libs, seen(&plain.stderr), "{}", run.stderr);
}

#[test]
fn thresholds_apply_to_every_unit_and_name_the_one_below() {
    let run = readiness(&["check", MONOREPO, "--workspace", "--min-level", "bronze", "-q"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.starts_with("unit services/legacy-admin: level none is below the minimum Bronze\n"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("services/orders"), "{}", run.stderr);
    let silver = readiness(&["check", MONOREPO, "--workspace", "--min-level", "silver", "-q"]);
    assert_eq!(silver.code, 1);
    assert!(
        silver.stderr.contains("unit services/orders: level Bronze is below the minimum Silver"),
        "{}",
        silver.stderr
    );
    assert!(!silver.stderr.contains("unit services/payments"), "{}", silver.stderr);
    let score = readiness(&["check", MONOREPO, "--workspace", "--min-score", "40", "-q"]);
    assert_eq!(score.code, 1);
    assert_eq!(score.stderr.lines().filter(|l| l.contains("is below the minimum 40%")).count(), 1, "{}", score.stderr);
    assert_eq!(readiness(&["check", MONOREPO, "--workspace", "--min-score", "20", "-q"]).code, 0);
}

#[test]
fn a_single_service_repository_is_one_unit_with_the_plain_verdicts() {
    let plain = json(&["fixtures/single-service"]);
    let ws = json(&["fixtures/single-service", "--workspace"]);
    let units = ws["units"].as_array().unwrap();
    assert_eq!(units.len(), 1);
    let only = &units[0];
    assert_eq!(only["unit"], Value::Null, "the root itself");
    assert_eq!(only["score"], plain["score"]);
    assert_eq!(only["level"], plain["level"]);
    assert_eq!(only["rules"], plain["rules"], "same verdicts, evidence and findings");
    assert_eq!(plain["level"]["reached"]["id"], "bronze");
}

#[test]
fn configured_members_replace_discovery() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join(MONOREPO), dir.path());
    std::fs::write(
        dir.path().join("readiness.toml"),
        "[workspace]\nmembers = [\"services/*\", \"!services/legacy-admin\", \"libs/*\"]\n",
    )
    .unwrap();
    let ws = json(&[dir.path().to_str().unwrap(), "--workspace"]);
    let units: Vec<&str> = ws["units"].as_array().unwrap().iter().map(|u| u["unit"].as_str().unwrap()).collect();
    assert_eq!(units, ["libs/shared", "services/orders", "services/payments"]);
}

#[test]
fn machine_formats_carry_the_unit() {
    let out = |format: &str| readiness(&["check", MONOREPO, "--workspace", "--format", format]).stdout;
    let sarif: Value = serde_json::from_str(&out("sarif")).unwrap();
    assert_eq!(common::sarif_schema_errors(&sarif), Vec::<String>::new());
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 3);
    assert_eq!(runs[1]["properties"]["unit"], "services/orders");
    assert_eq!(runs[1]["automationDetails"]["id"], "readiness/services/orders/");
    // A gap without a file is placed in the unit's directory.
    let uris: Vec<&str> = runs[0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert!(uris.iter().all(|u| u.starts_with("fixtures/monorepo/services/legacy-admin")), "{uris:?}");

    let junit = out("junit");
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let suites: Vec<&str> =
        doc.descendants().filter(|n| n.has_tag_name("testsuite")).filter_map(|n| n.attribute("name")).collect();
    assert_eq!(suites.len(), 30);
    assert!(suites.contains(&"services/payments: Security"), "{suites:?}");

    let github = out("github");
    assert!(
        github.lines().any(|l| l.starts_with("::notice title=readiness services/orders::Current score: 47%")),
        "{github}"
    );
    // `:` is escaped in an annotation's properties (%3A), as GitHub requires.
    assert!(
        github.lines().any(|l| l.starts_with("::error file=fixtures/monorepo/services/legacy-admin/app.py,")
            && l.contains(",title=services/legacy-admin%3A ")
            && l.contains("(security/debug-off)")),
        "{github}"
    );
}

#[test]
fn the_table_shows_a_row_per_unit_then_each_unit() {
    let run = readiness(&["check", MONOREPO, "--workspace"]);
    let summary: String = run.stdout.lines().take(9).map(|l| format!("{l}\n")).collect();
    insta::assert_snapshot!(summary);
    for unit in ["services/legacy-admin", "services/orders", "services/payments"] {
        assert!(run.stdout.contains(&format!("── {unit} ─")), "{unit}");
        assert!(run.stdout.contains(&format!("fixtures/monorepo · {unit} · ")), "{unit}");
    }
}
