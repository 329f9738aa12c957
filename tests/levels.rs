//! Maturity levels end to end: the level reached and the rules before the next, in every
//! format; `--min-level` and `min_level` exit codes; levels declared by a user pack.

mod common;

use common::{copy_dir, readiness, root};
use serde_json::Value;

/// fixtures/library plus the three bronze rules it lacks: a security policy, automated
/// dependency updates and a vulnerability scan in CI.
fn bronze_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/library"), dir.path());
    let write = |rel: &str, text: &str| std::fs::write(dir.path().join(rel), text).unwrap();
    write(
        "SECURITY.md",
        "# Security policy\n\nReport vulnerabilities to security@example.com. We answer within 3 days.\n",
    );
    write(
        ".github/dependabot.yml",
        "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: \"/\"\n    schedule:\n      interval: weekly\n",
    );
    let ci = std::fs::read_to_string(dir.path().join(".github/workflows/ci.yml")).unwrap();
    write(".github/workflows/ci.yml", &format!("{ci}      - run: pip-audit\n"));
    dir
}

fn json(path: &str, extra: &[&str]) -> Value {
    let mut args = vec!["check", path, "--format", "json"];
    args.extend(extra);
    let run = readiness(&args);
    assert!(run.code <= 1, "{}", run.transcript());
    serde_json::from_str(&run.stdout).unwrap()
}

fn ids(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect()
}

#[test]
fn below_the_first_level_the_report_names_what_stands_before_it() {
    let report = json("fixtures/library", &[]);
    let level = &report["level"];
    assert_eq!(level["reached"], Value::Null);
    assert_eq!(level["next"]["id"], "bronze");
    assert_eq!(
        ids(&level["next"]["blocking"]),
        ["security/policy", "security/dependency-updates", "security/dependency-scanning"]
    );
    assert_eq!(level["ladder"].as_array().unwrap().len(), 3);
    let run = readiness(&["check", "fixtures/library"]);
    assert!(
        run.stdout.contains(
            "Level: none · 3 rules to Bronze: security/policy, security/dependency-updates, security/dependency-scanning"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_level_is_reached_when_it_and_the_levels_below_pass() {
    let repo = bronze_repo();
    let path = repo.path().to_str().unwrap();
    let report = json(path, &[]);
    let level = &report["level"];
    assert_eq!(level["reached"]["id"], "bronze", "{level}");
    assert_eq!(level["next"]["id"], "silver");
    // The blockers are exactly the failing silver rules, in rule order.
    let failing_silver: Vec<&str> = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail" && r["level"] == "silver")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(!failing_silver.is_empty());
    assert_eq!(ids(&level["next"]["blocking"]), failing_silver);
    // Gold rules fail too, but only the next level's rules are listed.
    assert!(report["rules"].as_array().unwrap().iter().any(|r| r["status"] == "fail" && r["level"] == "gold"));
}

#[test]
fn every_format_shows_the_level() {
    let repo = bronze_repo();
    let path = repo.path().to_str().unwrap();
    let out = |format: &str| readiness(&["check", path, "--format", format]).stdout;
    let table = out("table");
    assert!(
        table.lines().nth(2).unwrap().starts_with("Level: Bronze · 9 rules to Silver: release/automation,"),
        "{table}"
    );
    let markdown = out("markdown");
    assert!(markdown.contains("Current score: 43%\n\nLevel: Bronze\n"), "{markdown}");
    let next = markdown.split_once("## Next Level\n\n9 rules stand to Silver:\n\n").expect("a Next Level section").1;
    assert!(next.starts_with("- Automated releases (`release/automation`)\n"), "{next}");
    let sarif: Value = serde_json::from_str(&out("sarif")).unwrap();
    let props = &sarif["runs"][0]["properties"];
    assert_eq!(props["level"], "bronze");
    assert_eq!(props["nextLevel"]["id"], "silver");
    assert_eq!(props["nextLevel"]["blocking"].as_array().unwrap().len(), 9);
    let rule =
        sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().iter().find(|r| r["id"] == "docs/license");
    assert_eq!(rule.unwrap()["properties"]["level"], "bronze");
    let junit = out("junit");
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let property = |name: &str| {
        doc.descendants().find(|n| n.attribute("name") == Some(name)).and_then(|n| n.attribute("value")).unwrap()
    };
    assert_eq!(property("readiness.level"), "Bronze");
    assert!(property("readiness.next-level").starts_with("9 rules to Silver: release/automation,"));
}

#[test]
fn min_level_fails_the_run_below_it() {
    let library = readiness(&["check", "fixtures/library", "--min-level", "bronze"]);
    assert_eq!(library.code, 1, "{}", library.transcript());
    assert!(
        library.stderr.contains("level none is below the minimum Bronze\n  3 rules to Bronze:"),
        "{}",
        library.stderr
    );

    let repo = bronze_repo();
    let path = repo.path().to_str().unwrap();
    assert_eq!(readiness(&["check", path, "--min-level", "bronze"]).code, 0);
    let silver = readiness(&["check", path, "--min-level", "silver"]);
    assert_eq!(silver.code, 1);
    assert!(
        silver.stderr.contains("level Bronze is below the minimum Silver\n  9 rules to Silver:"),
        "{}",
        silver.stderr
    );

    // The config's min_level applies when the flag is absent; the flag wins.
    std::fs::write(repo.path().join("readiness.toml"), "min_level = \"silver\"\n").unwrap();
    assert_eq!(readiness(&["check", path]).code, 1);
    assert_eq!(readiness(&["check", path, "--min-level", "bronze"]).code, 0);
}

#[test]
fn an_unknown_level_is_a_usage_error_with_a_suggestion() {
    let run = readiness(&["check", "fixtures/library", "--min-level", "silvr"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown level `silvr`; did you mean `silver`?"), "{}", run.stderr);

    let repo = bronze_repo();
    std::fs::write(repo.path().join("readiness.toml"), "min_level = \"platinum\"\n").unwrap();
    let run = readiness(&["check", repo.path().to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("unknown level `platinum`"), "{}", run.stderr);
    assert!(run.stderr.contains("levels, lowest first: bronze, silver, gold"), "{}", run.stderr);
}

#[test]
fn a_pack_declares_levels_above_the_built_in_ones() {
    let repo = bronze_repo();
    let pack = repo.path().join("platinum.toml");
    std::fs::write(
        &pack,
        "[[level]]\nid = \"platinum\"\ntitle = \"Platinum\"\n\n[[rule]]\nid = \"docs/adr\"\ntitle = \"Decision records\"\n\
         weight = 1\nlevel = \"platinum\"\nwhy = \"Decisions outlive the people who made them.\"\n\
         remediation = \"Keep docs/adr/.\"\ncheck = { path = \"docs/adr/*.md\" }\n",
    )
    .unwrap();
    let report = json(repo.path().to_str().unwrap(), &["--rules", pack.to_str().unwrap()]);
    let ladder: Vec<&str> =
        report["level"]["ladder"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ladder, ["bronze", "silver", "gold", "platinum"]);
    let rule = report["rules"].as_array().unwrap().iter().find(|r| r["id"] == "docs/adr").unwrap();
    assert_eq!(rule["level"], "platinum");
}
