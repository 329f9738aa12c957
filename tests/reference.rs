//! docs/rules.md is generated from the packs and must not go stale (as ruff and clippy
//! keep their rule docs).

mod common;

#[test]
fn rule_reference_is_up_to_date() {
    let run = common::readiness(&["rules", "--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = common::root().join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != run.stdout {
        if std::env::var_os("READINESS_BLESS").is_some() {
            std::fs::write(&path, &run.stdout).unwrap();
            return;
        }
        panic!(
            "docs/rules.md is stale: regenerate it with\n  cargo run -- rules --format markdown > docs/rules.md\n\
             (or READINESS_BLESS=1 cargo test --test reference)"
        );
    }
}

#[test]
fn reference_documents_every_rule_with_its_examples() {
    let doc = common::readiness(&["rules", "--format", "markdown"]).stdout;
    let set = readiness::rules::load_builtin().unwrap();
    for rule in &set.rules {
        let section = doc.split(&format!("### `{}`", rule.id)).nth(1).unwrap_or_else(|| panic!("{} missing", rule.id));
        let section = section.split("\n### ").next().unwrap();
        assert!(section.contains(&rule.remediation), "{}: remediation", rule.id);
        assert!(section.contains("**Passes when:**"), "{}: evidence", rule.id);
        assert_eq!(
            section.matches("\n- passes with:").count(),
            rule.examples.iter().filter(|e| e.expect == readiness::rules::Expect::Pass).count(),
            "{}",
            rule.id
        );
    }
}
