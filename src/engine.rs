//! Verdicts: traits first (they decide applicability), then every rule, evaluated from the
//! facts of one scan. Pure functions of (rules, facts): no I/O here.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::rules::{ANY_TRAIT, Atom, Check, Rule, RuleSet};
use crate::scan::{Evidence, Facts, Finding, Suppression};

/// A rule's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The evidence was found.
    Pass,
    /// It was not (or a lint found violations).
    Fail,
    /// None of the traits the rule applies to was detected: left out of the score.
    NotApplicable,
    /// Turned off in the project's config, with a reason: left out of the score.
    Disabled,
}

/// Whether a trait was detected, and what showed it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TraitResult {
    /// Trait id.
    pub id: String,
    /// Detected or not.
    pub detected: bool,
    /// What detected it (empty when not detected).
    pub evidence: Vec<Evidence>,
    /// Set by the project's config rather than detected.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forced: bool,
}

/// One rule's verdict with its evidence.
#[derive(Debug, Clone)]
pub struct RuleResult {
    /// Index into `RuleSet::rules`.
    pub rule: usize,
    /// The verdict.
    pub status: Status,
    /// What made it pass (files, lines).
    pub evidence: Vec<Evidence>,
    /// Lint violations (when the rule has `forbid` atoms and failed).
    pub findings: Vec<Finding>,
    /// Why the project disabled it (status `Disabled`).
    pub disabled_reason: Option<String>,
    /// Findings waived by a `readiness-ignore` comment, with the comment's reason.
    pub suppressed: Vec<(Finding, String)>,
}

/// All verdicts of one run.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Every trait, in declaration order.
    pub traits: Vec<TraitResult>,
    /// Every rule, in `RuleSet::rules` order.
    pub rules: Vec<RuleResult>,
    /// Suppression comments that waive nothing because they are wrong, and why.
    pub bad_suppressions: Vec<(Suppression, String)>,
}

/// What a project's config changes in the verdicts.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Traits forced on or off, whatever was detected.
    pub traits: BTreeMap<String, bool>,
    /// Disabled rules and why.
    pub disabled: BTreeMap<String, String>,
    /// Ignore `readiness-ignore` comments (a platform team's choice, not the repository's).
    pub no_inline_suppressions: bool,
    /// Today, for suppressions with `expires=`; `None` lets them never expire.
    pub today: Option<crate::config::Date>,
}

/// Evaluate every trait and rule of `set` against the facts of a scan.
pub fn evaluate(set: &RuleSet, facts: &Facts) -> Evaluation {
    evaluate_with(set, facts, &Overrides::default())
}

/// Evaluate with a project's overrides applied.
pub fn evaluate_with(set: &RuleSet, facts: &Facts, overrides: &Overrides) -> Evaluation {
    let traits: Vec<TraitResult> = set
        .traits
        .iter()
        .map(|t| {
            if let Some(&on) = overrides.traits.get(&t.id) {
                return TraitResult { id: t.id.clone(), detected: on, evidence: Vec::new(), forced: true };
            }
            let o = eval(&t.check, &set.atoms, facts, &[]);
            let evidence = if o.holds { o.evidence } else { Vec::new() };
            TraitResult { id: t.id.clone(), detected: o.holds, evidence, forced: false }
        })
        .collect();
    let rules = set
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let skipped = |status, reason: Option<&String>| RuleResult {
                rule: i,
                status,
                evidence: Vec::new(),
                findings: Vec::new(),
                disabled_reason: reason.cloned(),
                suppressed: Vec::new(),
            };
            if let Some(reason) = overrides.disabled.get(&rule.id) {
                return skipped(Status::Disabled, Some(reason));
            }
            if !applies(rule, &traits) {
                return skipped(Status::NotApplicable, None);
            }
            let waivers: Vec<&Suppression> = if overrides.no_inline_suppressions {
                Vec::new()
            } else {
                facts
                    .suppressions
                    .iter()
                    .filter(|s| s.rule == rule.id && s.reason.is_some() && !expired(s, overrides.today).unwrap_or(true))
                    .collect()
            };
            let o = eval(&rule.check, &set.atoms, facts, &waivers);
            RuleResult {
                rule: i,
                status: if o.holds { Status::Pass } else { Status::Fail },
                evidence: if o.holds { o.evidence } else { Vec::new() },
                findings: o.findings,
                disabled_reason: None,
                suppressed: o.suppressed,
            }
        })
        .collect();
    let bad_suppressions =
        if overrides.no_inline_suppressions { Vec::new() } else { bad_suppressions(set, facts, overrides.today) };
    Evaluation { traits, rules, bad_suppressions }
}

/// A rule applies when any trait it lists is detected (`any` always is).
pub fn applies(rule: &Rule, traits: &[TraitResult]) -> bool {
    rule.applies.iter().any(|a| a == ANY_TRAIT || traits.iter().any(|t| t.detected && &t.id == a))
}

struct Outcome {
    holds: bool,
    evidence: Vec<Evidence>,
    findings: Vec<Finding>,
    suppressed: Vec<(Finding, String)>,
}

/// Suppression comments that cannot take effect: no reason, or no such rule.
fn bad_suppressions(set: &RuleSet, facts: &Facts, today: Option<crate::config::Date>) -> Vec<(Suppression, String)> {
    facts
        .suppressions
        .iter()
        .filter_map(|s| {
            let problem = if set.rule(&s.rule).is_none() {
                match crate::suggest::closest(&s.rule, set.rules.iter().map(|r| r.id.as_str())) {
                    Some(near) => format!("names an unknown rule `{}` (did you mean `{near}`?)", s.rule),
                    None => format!("names an unknown rule `{}`", s.rule),
                }
            } else if s.reason.is_none() {
                format!("suppresses `{}` without a reason: write `readiness-ignore: {} -- <why>`", s.rule, s.rule)
            } else if let Some(date) = &s.expires
                && expired(s, today).is_none()
            {
                format!("has an invalid expiry `{date}`: write expires=YYYY-MM-DD")
            } else if expired(s, today) == Some(true) {
                format!(
                    "for `{}` expired on {} and no longer applies",
                    s.rule,
                    s.expires.as_deref().unwrap_or_default()
                )
            } else {
                return None;
            };
            Some((s.clone(), problem))
        })
        .collect()
}

/// Whether a suppression has expired: `Some(false)` without a date, `None` for a date that
/// does not parse (such a suppression waives nothing and is reported).
fn expired(s: &Suppression, today: Option<crate::config::Date>) -> Option<bool> {
    match &s.expires {
        None => Some(false),
        Some(text) => crate::config::Date::parse(text).map(|d| today.is_some_and(|t| d < t)),
    }
}

/// The suppression that covers a finding: a comment on its line or the line above.
fn waiver<'a>(f: &Finding, waivers: &[&'a Suppression]) -> Option<&'a Suppression> {
    waivers.iter().copied().find(|s| s.path == f.path && (s.line == f.line || s.line + 1 == f.line))
}

/// Evaluate a check tree. Evidence follows the logic: a passing `any` shows its first
/// passing branch, `all` shows every branch, `not` shows nothing (it passed by absence).
/// Findings are kept only where they explain a failure.
fn eval(check: &Check, atoms: &[Atom], facts: &Facts, waivers: &[&Suppression]) -> Outcome {
    match check {
        Check::Atom(a) => {
            let f = &facts.atoms[*a];
            let lint = atoms[*a].is_lint();
            // Waived findings do not count against the atom: a fully waived lint holds.
            let mut findings = Vec::new();
            let mut suppressed = Vec::new();
            for finding in &f.findings {
                match waiver(finding, waivers) {
                    Some(s) => suppressed.push((finding.clone(), s.reason.clone().unwrap_or_default())),
                    None => findings.push(finding.clone()),
                }
            }
            let holds = if lint { findings.is_empty() } else { f.holds(false) };
            Outcome { holds, evidence: if holds && !lint { f.hits.clone() } else { Vec::new() }, findings, suppressed }
        }
        Check::Any(children) => {
            let outcomes: Vec<Outcome> = children.iter().map(|c| eval(c, atoms, facts, waivers)).collect();
            match outcomes.iter().position(|o| o.holds) {
                Some(i) => {
                    let first = outcomes.into_iter().nth(i).expect("position is in range");
                    Outcome {
                        holds: true,
                        evidence: first.evidence,
                        findings: Vec::new(),
                        suppressed: first.suppressed,
                    }
                }
                None => {
                    let mut findings = Vec::new();
                    let mut suppressed = Vec::new();
                    for o in outcomes {
                        findings.extend(o.findings);
                        suppressed.extend(o.suppressed);
                    }
                    Outcome { holds: false, evidence: Vec::new(), findings: tidy(findings), suppressed }
                }
            }
        }
        Check::All(children) => {
            let mut out = Outcome { holds: true, evidence: Vec::new(), findings: Vec::new(), suppressed: Vec::new() };
            for o in children.iter().map(|c| eval(c, atoms, facts, waivers)) {
                out.holds &= o.holds;
                out.evidence.extend(o.evidence);
                out.findings.extend(o.findings);
                out.suppressed.extend(o.suppressed);
            }
            out.evidence.sort();
            out.evidence.dedup();
            // Findings of several atoms read best in file order, as a linter prints them.
            out.findings = tidy(out.findings);
            out
        }
        Check::Not(child) => {
            let o = eval(child, atoms, facts, waivers);
            Outcome { holds: !o.holds, evidence: Vec::new(), findings: Vec::new(), suppressed: Vec::new() }
        }
    }
}

/// Sort findings in file order and drop the ones another finding of the same rule already
/// says more precisely: `TOKEN = "ghp_…"` (an assignment) and `ghp_…` (a token format) at
/// the same place are one problem, reported once, by its most specific match.
fn tidy(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort();
    findings.dedup();
    let covers = |outer: &Finding, inner: &Finding| {
        outer.path == inner.path
            && outer.line == inner.line
            && outer.matched.len() > inner.matched.len()
            && outer.column <= inner.column
            && outer.matched.contains(inner.matched.as_str())
    };
    // Sorted by path and line: a finding can only cover its neighbours on the same line, so
    // compare within each line's run rather than every pair (a big .env has thousands).
    let mut keep = vec![true; findings.len()];
    let mut start = 0;
    while start < findings.len() {
        let same_line = |f: &Finding| f.path == findings[start].path && f.line == findings[start].line;
        let end = start + findings[start..].iter().take_while(|f| same_line(f)).count();
        for i in start..end {
            keep[i] = !findings[start..end].iter().any(|other| covers(&findings[i], other));
        }
        start = end;
    }
    findings.into_iter().zip(keep).filter_map(|(f, k)| k.then_some(f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::AtomFacts;

    fn facts(atoms: Vec<AtomFacts>) -> Facts {
        Facts { atoms, ..Facts::default() }
    }

    fn hit(path: &str) -> AtomFacts {
        AtomFacts { hits: vec![Evidence { path: path.into(), line: Some(1) }], hit_count: 1, findings: vec![] }
    }

    fn finding(path: &str) -> AtomFacts {
        AtomFacts {
            findings: vec![Finding {
                path: path.into(),
                line: 2,
                column: 3,
                matched: "x".into(),
                snippet: "a x".into(),
                message: None,
                in_test: false,
            }],
            ..AtomFacts::default()
        }
    }

    fn atoms() -> Vec<Atom> {
        vec![
            Atom { paths: vec!["a".into()], ..Atom::default() },
            Atom { paths: vec!["b".into()], ..Atom::default() },
            Atom { paths: vec!["c".into()], forbid: Some("x".into()), ..Atom::default() },
        ]
    }

    #[test]
    fn nested_findings_of_one_rule_are_reported_once_by_the_inner_match() {
        let at = |column: u32, matched: &str| Finding {
            path: "cfg.py".into(),
            line: 1,
            column,
            matched: matched.into(),
            snippet: "TOKEN = \"ghp_********\"".into(),
            message: None,
            in_test: false,
        };
        let outer = at(1, "TOKEN = \"ghp_********\"");
        let inner = at(10, "ghp_********");
        let elsewhere = Finding { line: 2, ..outer.clone() };
        assert_eq!(tidy(vec![outer.clone(), inner.clone(), elsewhere.clone()]), vec![inner, elsewhere]);
    }

    #[test]
    fn atoms_any_all_not() {
        let atoms = atoms();
        let f = facts(vec![hit("a.txt"), AtomFacts::default(), AtomFacts::default()]);
        let any = Check::Any(vec![Check::Atom(1), Check::Atom(0)]);
        let o = eval(&any, &atoms, &f, &[]);
        assert!(o.holds);
        assert_eq!(o.evidence[0].path, "a.txt");
        assert!(!eval(&Check::All(vec![Check::Atom(0), Check::Atom(1)]), &atoms, &f, &[]).holds);
        assert!(eval(&Check::Not(Box::new(Check::Atom(1))), &atoms, &f, &[]).holds);
        assert!(!eval(&Check::Not(Box::new(Check::Atom(0))), &atoms, &f, &[]).holds);
    }

    #[test]
    fn lint_atoms_hold_without_findings_and_report_them_on_failure() {
        let atoms = atoms();
        let clean = facts(vec![hit("a"), hit("b"), AtomFacts::default()]);
        assert!(eval(&Check::Atom(2), &atoms, &clean, &[]).holds);
        let dirty = facts(vec![hit("a"), hit("b"), finding("c.py")]);
        let o = eval(&Check::All(vec![Check::Atom(0), Check::Atom(2)]), &atoms, &dirty, &[]);
        assert!(!o.holds);
        assert_eq!(o.findings.len(), 1);
        // Findings of several lint atoms come out in file order, once each.
        let mut later = finding("a.py");
        later.findings[0].line = 9;
        let two = facts(vec![hit("a"), later, finding("a.py")]);
        let atoms3 = vec![atoms[2].clone(), atoms[2].clone(), atoms[2].clone()];
        let o = eval(&Check::All(vec![Check::Atom(1), Check::Atom(2), Check::Atom(1)]), &atoms3, &two, &[]);
        assert_eq!(o.findings.iter().map(|f| f.line).collect::<Vec<_>>(), vec![2, 9]);
        // An `any` rescued by another branch passes and does not blame the lint.
        let o = eval(&Check::Any(vec![Check::Atom(2), Check::Atom(0)]), &atoms, &dirty, &[]);
        assert!(o.holds && o.findings.is_empty());
    }
}
