//! Baselines and ratchets: record a run (`--write-baseline`), then fail later runs only on
//! regressions against it (`--baseline`): a lower score, a rule that passed and now fails,
//! or a finding that was not there. A team adopts readiness on a legacy repository today
//! and tightens from there.
//!
//! Findings are fingerprinted by rule, path and their matched text with whitespace folded,
//! not by line, so moving code around does not make old findings look new. Matched text is
//! already masked for secrets, so a baseline never holds one.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::Status;
use crate::report::Report;

/// Bumped when the file's meaning changes.
pub const BASELINE_VERSION: u32 = 1;

/// What a baseline file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Version of this format.
    pub baseline_version: u32,
    /// Overall score then (None: no rule applied).
    pub score: Option<u32>,
    /// Each rule's status then.
    pub rules: BTreeMap<String, Status>,
    /// Finding fingerprints and how many findings had each.
    pub findings: BTreeMap<String, usize>,
}

/// How a run compares with a baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// What got worse: any of these fails the run.
    pub regressions: Vec<String>,
    /// What got better.
    pub improvements: Vec<String>,
}

/// Why a baseline could not be used.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot use baseline {path}: {message}")]
#[diagnostic(code(readiness::baseline), help("write one with `readiness check --write-baseline FILE`"))]
pub struct BaselineError {
    /// The file.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

impl Baseline {
    /// The baseline of a run.
    pub fn of(report: &Report) -> Baseline {
        let rules = report.rules.iter().map(|r| (r.id.clone(), r.status)).collect();
        let mut findings = BTreeMap::new();
        for (fingerprint, _) in fingerprints(report) {
            *findings.entry(fingerprint).or_insert(0) += 1;
        }
        Baseline { baseline_version: BASELINE_VERSION, score: report.score, rules, findings }
    }

    /// Read a baseline file.
    pub fn read(path: &Path) -> Result<Baseline, BaselineError> {
        let error = |message: String| BaselineError { path: path.display().to_string(), message };
        let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| error(format!("not a baseline: {e}")))?;
        if baseline.baseline_version != BASELINE_VERSION {
            return Err(error(format!("version {} is not supported", baseline.baseline_version)));
        }
        Ok(baseline)
    }

    /// The file's text: pretty JSON, sorted, so it diffs well in review.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("a baseline serialises");
        out.push('\n');
        out
    }

    /// Compare a run with this baseline.
    pub fn compare(&self, report: &Report) -> Comparison {
        let mut c = Comparison::default();
        match (self.score, report.score) {
            (Some(then), Some(now)) if now < then => {
                c.regressions.push(format!("score {now}% is below the baseline's {then}%"));
            }
            (Some(then), Some(now)) if now > then => c.improvements.push(format!("score rose from {then}% to {now}%")),
            _ => {}
        }
        for r in &report.rules {
            match (self.rules.get(&r.id), r.status) {
                (Some(Status::Pass), Status::Fail) => {
                    c.regressions.push(format!("{} ({}) passed in the baseline and now fails", r.title, r.id));
                }
                (Some(Status::Fail), Status::Pass) => c.improvements.push(format!("{} ({}) now passes", r.title, r.id)),
                _ => {}
            }
        }
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (fingerprint, place) in fingerprints(report) {
            let n = seen.entry(fingerprint.clone()).or_insert(0);
            *n += 1;
            if *n > self.findings.get(&fingerprint).copied().unwrap_or(0) {
                c.regressions.push(format!("new finding: {place}"));
            }
        }
        let fixed: usize =
            self.findings.iter().map(|(f, &then)| then.saturating_sub(seen.get(f).copied().unwrap_or(0))).sum();
        if fixed > 0 {
            c.improvements.push(format!("{fixed} finding(s) of the baseline are gone"));
        }
        c
    }
}

/// (fingerprint, where it is for people) of every finding of a run.
fn fingerprints(report: &Report) -> Vec<(String, String)> {
    report
        .rules
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(move |f| {
                let text: Vec<&str> = f.matched.split_whitespace().collect();
                let fingerprint = format!("{} {} {}", r.id, f.path, text.join(" "));
                let place = format!("{} at {}:{}:{} {}", r.id, f.path, f.line, f.column, f.snippet);
                (fingerprint, place)
            })
        })
        .collect()
}
