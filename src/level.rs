//! Maturity levels: the rung a repository reached, and the rules between it and the next.
//!
//! A level is reached when every applicable rule of that level and of every level below
//! passes (OpsLevel's rubric rule): a failing bronze rule keeps a repository below bronze
//! however many gold rules pass. Rules that do not apply, or that the project disabled,
//! never block. Pure functions of (rules, verdicts), like the score.

use crate::engine::{Evaluation, Status};
use crate::rules::RuleSet;

/// Where a repository stands on the ladder of `RuleSet::levels`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// Index of the highest level reached; `None` below the first.
    pub reached: Option<usize>,
    /// Index of the level above it, unless the top is reached.
    pub next: Option<usize>,
    /// Rules (indices into `RuleSet::rules`) that fail at the next level, in rule order:
    /// passing all of them reaches it.
    pub blocking: Vec<usize>,
}

/// The standing of one evaluation, or `None` when the packs declare no levels.
pub fn standing(set: &RuleSet, eval: &Evaluation) -> Option<Standing> {
    if set.levels.is_empty() {
        return None;
    }
    let failing_at = |level: usize| -> Vec<usize> {
        eval.rules
            .iter()
            .filter(|r| r.status == Status::Fail && set.rules[r.rule].level == Some(level))
            .map(|r| r.rule)
            .collect()
    };
    for level in 0..set.levels.len() {
        let blocking = failing_at(level);
        if !blocking.is_empty() {
            let reached = level.checked_sub(1);
            return Some(Standing { reached, next: Some(level), blocking });
        }
    }
    Some(Standing { reached: Some(set.levels.len() - 1), next: None, blocking: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RuleResult;
    use crate::rules::{Check, Level, Rule};

    fn set(levels: &[Option<usize>]) -> RuleSet {
        let level = |id: &str| Level { id: id.into(), title: id.to_uppercase(), description: None };
        RuleSet {
            levels: vec![level("bronze"), level("silver"), level("gold")],
            rules: levels
                .iter()
                .enumerate()
                .map(|(i, &level)| Rule {
                    id: format!("x/r{i}"),
                    category: "x".into(),
                    title: String::new(),
                    weight: 1,
                    applies: vec![],
                    why: String::new(),
                    remediation: String::new(),
                    docs: None,
                    level,
                    redact: false,
                    check: Check::All(vec![]),
                    examples: vec![],
                    source: String::new(),
                })
                .collect(),
            ..RuleSet::default()
        }
    }

    fn eval(statuses: &[Status]) -> Evaluation {
        Evaluation {
            traits: vec![],
            rules: statuses
                .iter()
                .enumerate()
                .map(|(rule, &status)| RuleResult {
                    rule,
                    status,
                    evidence: vec![],
                    findings: vec![],
                    disabled_reason: None,
                    suppressed: vec![],
                })
                .collect(),
            bad_suppressions: vec![],
        }
    }

    use Status::*;

    #[test]
    fn a_level_needs_every_rule_of_it_and_below() {
        let s = set(&[Some(0), Some(0), Some(1), Some(2), None]);
        let at = |st: &[Status]| standing(&s, &eval(st)).unwrap();
        // Everything passes: the top.
        assert_eq!(at(&[Pass, Pass, Pass, Pass, Pass]), Standing { reached: Some(2), next: None, blocking: vec![] });
        // A failing bronze rule: below bronze, however much else passes.
        assert_eq!(at(&[Pass, Fail, Pass, Pass, Pass]), Standing { reached: None, next: Some(0), blocking: vec![1] });
        // Bronze done, silver fails: bronze, and the silver rule stands in the way.
        assert_eq!(
            at(&[Pass, Pass, Fail, Fail, Pass]),
            Standing { reached: Some(0), next: Some(1), blocking: vec![2] }
        );
        // A rule without a level never blocks.
        assert_eq!(at(&[Pass, Pass, Pass, Pass, Fail]).reached, Some(2));
    }

    #[test]
    fn rules_that_do_not_apply_or_are_disabled_never_block() {
        let s = set(&[Some(0), Some(0), Some(1)]);
        let st = standing(&s, &eval(&[NotApplicable, Disabled, Pass])).unwrap();
        assert_eq!(st, Standing { reached: Some(2), next: None, blocking: vec![] });
    }

    #[test]
    fn no_levels_declared_no_standing() {
        let mut s = set(&[None]);
        s.levels.clear();
        assert_eq!(standing(&s, &eval(&[Pass])), None);
    }
}
