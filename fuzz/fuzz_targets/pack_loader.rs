//! Arbitrary bytes as rule packs: loading never panics, and errors are well-formed.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use readiness::rules::load_sources;
use readiness_fuzz::check_error;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // A NUL (never valid in TOML) starts another pack, so ids can clash across files.
    let sources: Vec<(String, &str)> =
        text.splitn(3, '\0').enumerate().map(|(i, t)| (format!("fuzz/{i}.toml"), t)).collect();
    let input = sources.iter().map(|(name, t)| (name.clone(), Arc::<str>::from(*t))).collect();
    match load_sources(input) {
        // What loads must compile for the scanner too: its literal analysis reads every
        // user pattern.
        Ok(set) => assert!(readiness::scan::Scanner::new(&set).is_ok(), "a loaded pack compiles for the scanner"),
        Err(err) => {
            check_error(&err, &sources);
            // The binary's own way of printing it.
            let _ = format!("{:?}", miette::Report::new(err));
        }
    }
});
