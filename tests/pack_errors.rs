//! Every kind of rule-pack mistake gets a diagnostic naming the file, line and column, with
//! a hint, and exit code 2. The rendered diagnostics are snapshots: their wording is UI.

mod common;

use common::readiness;

fn check_pack(name: &str) -> common::Run {
    let path = format!("tests/packs/{name}.toml");
    let run = readiness(&["rules", "--rules", &path]);
    assert_eq!(run.code, 2, "{name}: {}", run.stderr);
    assert_eq!(run.stdout, "", "{name}: nothing on stdout");
    assert!(run.stderr.contains(&format!("[{path}:")), "{name}: points at the file: {}", run.stderr);
    assert!(run.stderr.contains("help:"), "{name}: has a hint: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{name}");
    run
}

macro_rules! pack_error {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(check_pack($file).stderr);
        }
    };
}

pack_error!(toml_syntax, "syntax");
pack_error!(oversized_regex_is_refused_not_compiled, "oversized-regex");
pack_error!(unknown_level_suggests_a_near_one, "unknown-level");
pack_error!(unknown_field_suggests_the_right_one, "unknown-field");
pack_error!(unknown_check_key_suggests_the_right_one, "unknown-check-key");
pack_error!(unknown_category_suggests_a_near_one, "unknown-category");
pack_error!(unknown_trait_suggests_a_near_one, "unknown-trait");
pack_error!(duplicate_id_names_the_first_declaration, "duplicate-id");
pack_error!(invalid_regex_explains_the_regex_error, "invalid-regex");
pack_error!(invalid_glob_points_at_the_list_item, "invalid-glob");
pack_error!(weight_out_of_range, "weight-out-of-range");
pack_error!(check_with_two_shapes, "invalid-check");
pack_error!(every_problem_is_reported_at_once, "many-problems");

#[test]
fn directory_of_packs_loads_each_file() {
    let run = readiness(&["rules", "--rules", "tests/packs/good", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("team/has-owners-file"));
}

#[test]
fn the_documented_example_pack_is_valid() {
    let doc = std::fs::read_to_string(common::root().join("docs/rules-format.md")).unwrap();
    let example = doc.split("```toml\n").nth(1).unwrap().split("```").next().unwrap();
    let set = readiness::rules::load_sources(vec![("docs/rules-format.md".into(), example.into())])
        .unwrap_or_else(|e| panic!("the first example of docs/rules-format.md must load: {e:?}"));
    let rule = set.rule("docs/license").unwrap();
    assert_eq!(rule.examples.len(), 2);
    assert_eq!(set.traits[0].id, "python");
}
