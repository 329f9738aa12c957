//! `--timings`: where a run's time went, measured with laps of one stopwatch and the
//! scanner's own split of read and match time.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use crate::rules::RuleSet;
use crate::scan::Facts;

/// How many of the costliest patterns `--timings` lists.
const SLOWEST: usize = 5;
/// Characters of a pattern shown in that list.
const PATTERN_SHOWN: usize = 60;

/// Wall-clock laps of one run, in order.
#[derive(Debug)]
pub struct Stopwatch {
    started: Instant,
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    /// Start timing now.
    pub fn start() -> Self {
        let now = Instant::now();
        Self { started: now, last: now, laps: Vec::new() }
    }

    /// Record the time since the previous lap under `name`.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }

    /// Time since the start.
    pub fn total(&self) -> Duration {
        self.last - self.started
    }
}

/// The `--timings` table, with the patterns that cost most and the rules (or traits) that
/// search for them.
pub fn timings(clock: &Stopwatch, facts: &Facts, set: &RuleSet) -> String {
    let t = &facts.timings;
    let s = &t.scanned;
    let mut out = String::from("timings:\n");
    for (name, took) in &clock.laps {
        let _ = write!(out, "  {name:<9}{:>10}", human(*took));
        if *name == "scan" {
            let _ = write!(
                out,
                "  (walk done at {}; over {} threads: read {}, match {}",
                human(t.walk),
                t.threads,
                human(t.read),
                human(t.matching)
            );
            if !t.literal_pass.is_zero() {
                let _ = write!(out, " of which literal prefilter {}", human(t.literal_pass));
            }
            out.push(')');
        }
        out.push('\n');
    }
    let _ = writeln!(out, "  {:<9}{:>10}", "total", human(clock.total()));
    let secs = t.total.as_secs_f64().max(1e-9);
    let _ = writeln!(
        out,
        "  {} files seen, {} read ({:.1} MB): {:.0} files/s, {:.0} MB/s",
        s.files_seen,
        s.files_read,
        s.bytes_read as f64 / 1e6,
        s.files_seen as f64 / secs,
        s.bytes_read as f64 / 1e6 / secs
    );
    if !t.patterns.is_empty() {
        let _ = writeln!(out, "  costliest patterns (time over all threads, files searched, who uses it):");
        for p in t.patterns.iter().take(SLOWEST) {
            let users = set.pattern_users(&p.pattern);
            let who = match users.as_slice() {
                [] => String::new(),
                [one] => one.clone(),
                [first, rest @ ..] => format!("{first} and {} more", rest.len()),
            };
            // One line per pattern, whatever it holds: line breaks and tabs are shown escaped.
            let flat = p.pattern.replace('\n', "\\n").replace('\r', "\\r").replace('\t', "\\t");
            let text = crate::scan::shorten(&flat, PATTERN_SHOWN);
            let _ = writeln!(out, "  {:>10} {:>8} files  {who}  {text}", human(p.time), p.files);
        }
    }
    out
}

fn human(d: Duration) -> String {
    if d >= Duration::from_secs(1) { format!("{:.2} s", d.as_secs_f64()) } else { format!("{} ms", d.as_millis()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lap_and_the_throughput_are_shown() {
        let mut clock = Stopwatch::start();
        for lap in ["load", "scan", "evaluate", "report"] {
            clock.lap(lap);
        }
        let mut facts = Facts::default();
        // Run-wide counts, not one unit's (`stats`), are what the throughput is of.
        facts.stats.files_seen = 3;
        facts.timings.scanned.files_seen = 10;
        facts.timings.scanned.files_read = 4;
        facts.timings.scanned.bytes_read = 2_000_000;
        facts.timings.total = Duration::from_millis(500);
        facts.timings.threads = 2;
        let text = timings(&clock, &facts, &RuleSet::default());
        for word in ["load", "scan", "walk done at", "over 2 threads", "evaluate", "report", "total"] {
            assert!(text.contains(word), "{word} missing from {text}");
        }
        assert!(text.contains("10 files seen, 4 read (2.0 MB): 20 files/s, 4 MB/s"), "{text}");
        assert!(!text.contains("costliest") && !text.contains("prefilter"), "not profiled: {text}");
        assert_eq!(human(Duration::from_millis(1500)), "1.50 s");
    }

    #[test]
    fn the_costliest_patterns_name_who_uses_them() {
        let pack = r#"
[[category]]
id = "t"
title = "T"
weight = 1

[[trait]]
id = "web"
title = "Web"
check = { path = "*.py", contains = 'flask' }

[[rule]]
id = "t/a"
title = "A"
weight = 1
why = "w"
remediation = "r"
check = { path = "*.py", contains = 'flask' }

[[rule]]
id = "t/b"
title = "B"
weight = 1
why = "w"
remediation = "r"
check = { path = "*.toml", contains = """
a
	b""" }
"#;
        let set = crate::rules::load_sources(vec![("t.toml".into(), pack.into())]).unwrap();
        let mut facts = Facts::default();
        facts.timings.literal_pass = Duration::from_millis(40);
        let time = |ms| Duration::from_millis(ms);
        facts.timings.patterns = (0..7)
            .map(|i| crate::scan::PatternTime { pattern: format!("p{i}"), time: time(9 - i), files: 1 })
            .collect();
        facts
            .timings
            .patterns
            .insert(0, crate::scan::PatternTime { pattern: "a\n\tb".into(), time: time(30), files: 3 });
        facts
            .timings
            .patterns
            .insert(0, crate::scan::PatternTime { pattern: "flask".into(), time: time(50), files: 12 });
        let mut clock = Stopwatch::start();
        clock.lap("scan");
        let text = timings(&clock, &facts, &set);
        assert!(text.contains("of which literal prefilter 40 ms"), "{text}");
        let rows: Vec<&str> = text.lines().skip_while(|l| !l.contains("costliest")).skip(1).collect();
        assert_eq!(rows.len(), SLOWEST, "{text}");
        assert_eq!(
            rows[0].split_whitespace().collect::<Vec<_>>(),
            ["50", "ms", "12", "files", "t/a", "and", "1", "more", "flask"]
        );
        assert!(rows[1].ends_with("files  t/b  a\\n\\tb"), "{text}");
        assert!(rows[2].ends_with("files    p0"), "no user: {text}");
        assert_eq!(human(Duration::from_millis(15)), "15 ms");
    }
}
