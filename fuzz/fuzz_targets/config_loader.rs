//! Arbitrary bytes as readiness.toml, resolved against the built-in rules: never a panic,
//! and errors are well-formed.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use readiness::config::ConfigFile;
use readiness::rules::RuleSet;
use readiness_fuzz::check_error;

static BUILTIN: LazyLock<RuleSet> = LazyLock::new(|| readiness::rules::load_builtin().expect("built-in packs load"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let sources = [("readiness.toml".to_string(), text.as_str())];
    let result = ConfigFile::parse(Path::new("readiness.toml"), text.clone()).and_then(|file| {
        let _ = file.extend();
        file.resolve(&BUILTIN)
    });
    if let Err(err) = result {
        check_error(&err, &sources);
        let _ = format!("{:?}", miette::Report::new(err));
    }
});
