//! A user pack of 10,000 rules loads and runs: nothing in loading, scanning or reporting
//! may be quadratic in the number of rules, and every rule gets a verdict.

mod common;

use std::fmt::Write as _;

use common::{readiness, repo};

const RULES: usize = 10_000;

/// A pack whose rules mix the check kinds: a file that exists, a pattern in a file, a lint.
/// Every fourth rule can pass on the repository below, so verdicts are not all one way.
fn big_pack() -> String {
    let mut pack = String::from("[[category]]\nid = \"bulk\"\ntitle = \"Bulk\"\nweight = 10\n");
    for i in 0..RULES {
        let check = match i % 4 {
            0 => format!("{{ path = \"src/**/*.rs\", contains = 'marker_{}\\b' }}", i % 40),
            1 => format!("{{ path = \"docs/page_{i}.md\" }}"),
            2 => format!("{{ path = \"**/*.rs\", forbid = '\\bdeprecated_call_{i}\\(' }}"),
            _ => format!("{{ path = \"config/*.toml\", contains = '(?m)^setting_{i}[ \\t]*=' }}"),
        };
        let _ = write!(
            pack,
            "\n[[rule]]\nid = \"bulk/rule-{i}\"\ntitle = \"Rule {i}\"\nweight = {}\n\
             why = \"Rule {i} keeps the generated pack honest.\"\n\
             remediation = \"Do what rule {i} asks.\"\ncheck = {check}\n",
            1 + i % 3
        );
    }
    pack
}

#[test]
fn a_pack_of_ten_thousand_rules_loads_and_runs() {
    let pack = big_pack();
    let mut src = String::from("fn main() {\n");
    for m in 0..20 {
        let _ = writeln!(src, "    marker_{m}();");
    }
    src.push_str("    deprecated_call_2();\n}\n");
    let dir = repo(&[
        ("src/main.rs", &src),
        ("docs/page_1.md", "# one\n"),
        ("config/app.toml", "setting_3 = 1\nsetting_7 = 2\n"),
        ("bulk.toml", &pack),
    ]);
    let root = dir.path().to_str().unwrap();
    let rules = dir.path().join("bulk.toml");
    let run = readiness(&["check", root, "--rules", rules.to_str().unwrap(), "--format", "json", "--quiet"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.transcript());

    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let bulk = report["categories"].as_array().unwrap().iter().find(|c| c["id"] == "bulk").expect("bulk category");
    assert_eq!(bulk["passed"].as_u64().unwrap() + bulk["failed"].as_u64().unwrap(), RULES as u64);
    let rules: Vec<&serde_json::Value> =
        report["rules"].as_array().unwrap().iter().filter(|r| r["category"] == "bulk").collect();
    assert_eq!(rules.len(), RULES, "every generated rule gets a verdict");
    let status =
        |id: &str| rules.iter().find(|r| r["id"] == id).map(|r| r["status"].as_str().unwrap().to_string()).unwrap();
    // One of each kind, passing and failing, so the verdicts come from the scan.
    assert_eq!(status("bulk/rule-0"), "pass", "marker_0 is in src/main.rs");
    assert_eq!(status("bulk/rule-40"), "pass", "rule 40 also asks for marker_0");
    assert_eq!(status("bulk/rule-4000"), "pass");
    assert_eq!(status("bulk/rule-20"), "fail", "marker_20 is not written");
    assert_eq!(status("bulk/rule-1"), "pass", "docs/page_1.md exists");
    assert_eq!(status("bulk/rule-5"), "fail");
    assert_eq!(status("bulk/rule-2"), "fail", "deprecated_call_2 is a finding");
    assert_eq!(status("bulk/rule-6"), "pass");
    assert_eq!(status("bulk/rule-3"), "pass", "setting_3 is set");
    assert_eq!(status("bulk/rule-7"), "pass");
    assert_eq!(status("bulk/rule-11"), "fail");
}

#[test]
fn thousands_of_problems_show_the_first_fifty_and_the_count() {
    // The same mistake in every rule: the report names the total and draws only the first.
    let pack = big_pack().replace("weight = 1\n", "weight = 9\n");
    let dir = repo(&[("bulk.toml", &pack)]);
    let rules = dir.path().join("bulk.toml");
    let run = readiness(&["check", dir.path().to_str().unwrap(), "--rules", rules.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    let problems = (0..RULES).filter(|i| i % 3 == 0).count();
    assert!(run.stderr.contains(&format!("{problems} problems in rule pack")), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("showing the first 50 of {problems} problems")), "{}", run.stderr);
    assert_eq!(run.stderr.matches("rule weight 9 is out of range").count(), 50);
}
