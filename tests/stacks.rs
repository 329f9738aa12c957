//! Five real-looking repositories of different stacks (fixtures/stacks/, with the expected
//! verdict of every rule in its README): each one's verdicts, with their first evidence, are
//! a snapshot, so a rule change that flips one shows up in review.

mod common;

use common::readiness;

fn verdicts(name: &str) -> String {
    let run = readiness(&["check", &format!("fixtures/stacks/{name}"), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut out = format!("score {}\n", v["score"]);
    out.push_str(&format!("traits {}\n", common::detected_traits(&v).join(", ")));
    for r in v["rules"].as_array().unwrap() {
        let evidence = match (r["evidence"].get(0), r["findings"].as_array().map(Vec::len)) {
            (Some(e), _) => {
                format!("{}{}", e["path"].as_str().unwrap(), e.get("line").map(|l| format!(":{l}")).unwrap_or_default())
            }
            (None, Some(n)) if n > 0 => format!("{n} findings"),
            _ => String::new(),
        };
        let line = format!("{:<15} {:<36} {evidence}", r["status"].as_str().unwrap(), r["id"].as_str().unwrap());
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

macro_rules! stack {
    ($test:ident, $name:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(concat!("stack_", $name), verdicts($name));
        }
    };
}

stack!(go_api, "go-api");
stack!(node_ts_api, "node-ts-api");
stack!(rust_cli, "rust-cli");
stack!(spring_service, "spring-service");
stack!(django_app, "django-app");
