//! `readiness badge`: the score as a shields-style SVG or shields.io endpoint JSON, and the
//! README's own badge kept current.

mod common;

use common::{readiness, root};

#[test]
fn the_readme_badge_is_readiness_own_current_score() {
    let run = readiness(&["badge", "."]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let committed = std::fs::read_to_string(root().join("docs/readiness.svg")).unwrap();
    assert_eq!(committed, run.stdout, "docs/readiness.svg is stale: cargo run -- badge . --output docs/readiness.svg");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.lines().take(4).any(|l| l.contains("](docs/readiness.svg)")), "the badge heads the README");
    // It says the same score as `check`.
    let check = readiness(&["check", ".", "--format", "json", "-q"]);
    let score = serde_json::from_str::<serde_json::Value>(&check.stdout).unwrap()["score"].as_u64().unwrap();
    assert!(committed.contains(&format!("aria-label=\"readiness: {score}%\"")), "{committed}");
}

#[test]
fn the_colour_follows_the_score_band() {
    let badge = |path: &str| readiness(&["badge", path, "--format", "shields"]).stdout;
    let low: serde_json::Value = serde_json::from_str(&badge("fixtures/minimal")).unwrap();
    assert_eq!(low["schemaVersion"], 1);
    assert_eq!(low["label"], "readiness");
    assert_eq!(low["message"], "7%");
    assert_eq!(low["color"], "red");
    let high: serde_json::Value = serde_json::from_str(&badge("fixtures/monorepo/services/payments")).unwrap();
    assert_eq!(high["color"], "yellowgreen", "{high}");
}

#[test]
fn output_writes_a_well_formed_svg() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("readiness.svg");
    let run = readiness(&["badge", "fixtures/library", "--output", file.to_str().unwrap()]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.transcript());
    let svg = std::fs::read_to_string(&file).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.root_element().attribute("aria-label"), Some("readiness: 33%"));
    assert!(doc.descendants().any(|n| n.has_tag_name("title") && n.text() == Some("readiness: 33%")));
}
