//! `--timings`: where a run's time went, measured with laps of one stopwatch and the
//! scanner's own split of read and match time.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use crate::scan::Facts;

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

/// The `--timings` table.
pub fn timings(clock: &Stopwatch, facts: &Facts) -> String {
    let t = &facts.timings;
    let s = &t.scanned;
    let mut out = String::from("timings:\n");
    for (name, took) in &clock.laps {
        let _ = write!(out, "  {name:<9}{:>10}", human(*took));
        if *name == "scan" {
            let _ = write!(
                out,
                "  (walk done at {}; over {} threads: read {}, match {})",
                human(t.walk),
                t.threads,
                human(t.read),
                human(t.matching)
            );
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
        let text = timings(&clock, &facts);
        for word in ["load", "scan", "walk done at", "over 2 threads", "evaluate", "report", "total"] {
            assert!(text.contains(word), "{word} missing from {text}");
        }
        assert!(text.contains("10 files seen, 4 read (2.0 MB): 20 files/s, 4 MB/s"), "{text}");
        assert_eq!(human(Duration::from_millis(1500)), "1.50 s");
        assert_eq!(human(Duration::from_millis(15)), "15 ms");
    }
}
