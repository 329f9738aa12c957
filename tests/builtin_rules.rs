//! The built-in packs test themselves: every rule is documented, carries examples that pass
//! and fail, and each example, materialised in a temporary directory, gets the verdict it
//! claims. Ids, weights and applicability follow ../shared/spec/rules-catalogue.md.

use readiness::engine::{self, Status};
use readiness::rules::{self, Expect, RuleSet};
use readiness::scan::{ScanOptions, Scanner};

fn builtin() -> RuleSet {
    rules::load_builtin().expect("built-in packs are valid")
}

/// (category, title, weight) from the catalogue.
const CATEGORIES: &[(&str, &str, u32)] = &[
    ("release", "Release Engineering", 12),
    ("security", "Security", 15),
    ("observability", "Observability", 12),
    ("reliability", "Reliability and Resilience", 12),
    ("performance", "Scalability and Performance", 10),
    ("data", "Data Integrity and Backups", 10),
    ("config", "Configuration and Environment", 8),
    ("operations", "Operations", 6),
    ("testing", "Testing", 10),
    ("docs", "Documentation", 5),
];

/// (rule id, weight, applies) from the catalogue.
const CATALOGUE: &[(&str, u32, &[&str])] = &[
    ("release/ci-workflow", 3, &["any"]),
    ("release/ci-runs-tests", 3, &["any"]),
    ("release/ci-lint", 2, &["any"]),
    ("release/lockfile", 2, &["any"]),
    ("release/automation", 2, &["any"]),
    ("release/versioning-policy", 1, &["any"]),
    ("release/artifact-signing", 2, &["any"]),
    ("release/container-build", 1, &["container"]),
    ("security/policy", 3, &["any"]),
    ("security/dependency-updates", 2, &["any"]),
    ("security/dependency-scanning", 3, &["any"]),
    ("security/secret-scanning", 2, &["any"]),
    ("security/sast", 2, &["any"]),
    ("security/no-hardcoded-secrets", 3, &["any"]),
    ("security/no-committed-env", 2, &["any"]),
    ("security/threat-model", 1, &["any"]),
    ("security/sbom", 1, &["any"]),
    ("security/container-non-root", 2, &["container"]),
    ("security/cors-policy", 1, &["service"]),
    ("security/security-headers", 1, &["service"]),
    ("security/rate-limiting", 1, &["service"]),
    ("security/debug-off", 1, &["service"]),
    ("observability/structured-logging", 3, &["service"]),
    ("observability/metrics", 3, &["service"]),
    ("observability/tracing", 2, &["service"]),
    ("observability/error-tracking", 1, &["service"]),
    ("observability/correlation-ids", 1, &["service"]),
    ("observability/alert-rules", 2, &["service"]),
    ("observability/dashboards", 1, &["service"]),
    ("reliability/health-endpoint", 3, &["service"]),
    ("reliability/readiness-endpoint", 2, &["service"]),
    ("reliability/graceful-shutdown", 2, &["service"]),
    ("reliability/retries-backoff", 2, &["service"]),
    ("reliability/circuit-breaker", 1, &["service"]),
    ("reliability/timeouts", 1, &["service"]),
    ("reliability/k8s-probes", 2, &["kubernetes"]),
    ("reliability/container-healthcheck", 1, &["container"]),
    ("performance/load-tests", 3, &["service"]),
    ("performance/benchmarks", 2, &["any"]),
    ("performance/targets", 2, &["any"]),
    ("performance/k8s-resources", 1, &["kubernetes"]),
    ("performance/autoscaling", 1, &["kubernetes"]),
    ("performance/profiling", 1, &["any"]),
    ("data/migrations", 3, &["database"]),
    ("data/backup-restore", 3, &["database"]),
    ("data/input-validation", 2, &["service"]),
    ("data/retention", 1, &["database"]),
    ("data/schema-versioning", 1, &["any"]),
    ("config/env-example", 2, &["service"]),
    ("config/validation", 2, &["service"]),
    ("config/per-environment", 1, &["service"]),
    ("config/feature-flags", 1, &["service"]),
    ("operations/runbook", 3, &["service"]),
    ("operations/slo", 2, &["service"]),
    ("operations/incident-response", 1, &["service"]),
    ("operations/deploy-config", 2, &["service"]),
    ("operations/bootstrap", 1, &["any"]),
    ("operations/codeowners", 1, &["any"]),
    ("testing/unit-tests", 3, &["any"]),
    ("testing/integration-tests", 2, &["any"]),
    ("testing/coverage", 2, &["any"]),
    ("testing/static-typing", 1, &["python", "node"]),
    ("testing/pre-commit", 1, &["any"]),
    ("testing/fuzz-property", 1, &["any"]),
    ("testing/fault-injection", 1, &["service"]),
    ("docs/readme", 3, &["any"]),
    ("docs/license", 2, &["any"]),
    ("docs/changelog", 2, &["any"]),
    ("docs/contributing", 1, &["any"]),
    ("docs/code-of-conduct", 1, &["any"]),
    ("docs/deployment-guide", 2, &["service"]),
    ("docs/architecture", 1, &["any"]),
    ("docs/api-reference", 1, &["service"]),
    ("docs/templates", 1, &["any"]),
];

const TRAITS: &[&str] = &["service", "container", "kubernetes", "database", "python", "node", "rust", "go", "java"];

#[test]
fn categories_match_the_catalogue() {
    let set = builtin();
    for (id, title, weight) in CATEGORIES {
        let c = set.category(id).unwrap_or_else(|| panic!("category {id} missing"));
        assert_eq!((c.title.as_str(), c.weight), (*title, *weight), "category {id}");
    }
}

#[test]
fn category_weights_sum_to_100() {
    assert_eq!(CATEGORIES.iter().map(|c| c.2).sum::<u32>(), 100);
    assert_eq!(builtin().categories.iter().map(|c| c.weight).sum::<u32>(), 100);
}

#[test]
fn catalogue_rules_exist_with_their_weight_and_applicability() {
    let set = builtin();
    for (id, weight, applies) in CATALOGUE {
        let rule = set.rule(id).unwrap_or_else(|| panic!("catalogue rule {id} is missing"));
        assert_eq!(rule.weight, *weight, "{id} weight");
        let mut got: Vec<&str> = rule.applies.iter().map(String::as_str).collect();
        let mut want = applies.to_vec();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{id} applies");
    }
}

#[test]
fn every_catalogue_trait_is_defined() {
    let set = builtin();
    for t in TRAITS {
        assert!(set.traits.iter().any(|d| d.id == *t), "trait {t} missing");
    }
}

#[test]
fn every_rule_is_documented_and_has_passing_and_failing_examples() {
    for rule in builtin().rules {
        assert!(
            rule.title.len() >= 3 && rule.why.len() >= 20 && rule.remediation.len() >= 20,
            "{}: document it",
            rule.id
        );
        let has = |e: Expect| rule.examples.iter().any(|x| x.expect == e);
        assert!(has(Expect::Pass), "{}: needs an example that passes", rule.id);
        assert!(has(Expect::Fail), "{}: needs an example that fails", rule.id);
    }
}

#[test]
fn every_example_gets_the_verdict_it_claims() {
    let set = builtin();
    let scanner = Scanner::new(&set).unwrap();
    let mut failures = Vec::new();
    for (i, rule) in set.rules.iter().enumerate() {
        for (n, example) in rule.examples.iter().enumerate() {
            let dir = tempfile::tempdir().unwrap();
            for (path, content) in &example.files {
                let full = dir.path().join(path);
                std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                std::fs::write(full, content).unwrap();
            }
            let facts = scanner.scan(dir.path(), &ScanOptions::default()).unwrap();
            let eval = engine::evaluate(&set, &facts);
            let got = eval.rules[i].status;
            let want = match example.expect {
                Expect::Pass => Status::Pass,
                Expect::Fail => Status::Fail,
                Expect::NotApplicable => Status::NotApplicable,
            };
            if got != want {
                let files: Vec<&String> = example.files.keys().collect();
                failures.push(format!("{} example #{} {files:?}: expected {want:?}, got {got:?}", rule.id, n + 1));
            }
        }
    }
    assert!(failures.is_empty(), "examples with the wrong verdict:\n{}", failures.join("\n"));
}
