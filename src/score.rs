//! The scoring formula, in one place. Documented for users in docs/scoring.md.
//!
//! category score = passed rule weight / applicable rule weight
//! overall        = Σ (category weight × category score) / Σ weight of categories with at
//!                  least one applicable rule
//!
//! shown as an integer percent rounded down, so 99.6% shows 99: only a repository with no
//! applicable gap shows 100. Exact rational arithmetic: no float rounding can turn 38% into
//! 37.99999 and show 37.

/// The weights of one category after evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// The category's weight (its share of the overall score).
    pub weight: u32,
    /// Sum of the weights of its rules that passed.
    pub passed: u32,
    /// Sum of the weights of its rules that apply (passed + failed).
    pub applicable: u32,
}

/// An exact non-negative fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    num: u128,
    den: u128,
}

impl Ratio {
    fn new(num: u128, den: u128) -> Self {
        debug_assert!(den > 0);
        let g = gcd(num, den).max(1);
        Ratio { num: num / g, den: den / g }
    }

    fn add(self, other: Ratio) -> Ratio {
        let g = gcd(self.den, other.den).max(1);
        let den = self.den / g * other.den;
        Ratio::new(self.num * (den / self.den) + other.num * (den / other.den), den)
    }

    /// As a percentage, rounded down.
    pub fn percent_floor(self) -> u32 {
        (self.num * 100 / self.den) as u32
    }

    /// As a percentage, for display with decimals and for JSON.
    pub fn percent(self) -> f64 {
        self.num as f64 * 100.0 / self.den as f64
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// A category's score, or `None` when none of its rules applies (it is left out).
pub fn category_score(t: Tally) -> Option<Ratio> {
    (t.applicable > 0).then(|| Ratio::new(t.passed as u128, t.applicable as u128))
}

/// The overall score: categories weighted by their weight, renormalised over the categories
/// that have at least one applicable rule. `None` when nothing applies at all.
pub fn overall_score(tallies: &[Tally]) -> Option<Ratio> {
    let counted: Vec<&Tally> = tallies.iter().filter(|t| t.applicable > 0).collect();
    let total_weight: u128 = counted.iter().map(|t| t.weight as u128).sum();
    if total_weight == 0 {
        return None;
    }
    let sum = counted.iter().fold(Ratio::new(0, 1), |acc, t| {
        acc.add(Ratio::new(t.weight as u128 * t.passed as u128, t.applicable as u128))
    });
    Some(Ratio::new(sum.num, sum.den * total_weight))
}

/// Percentage points the overall score gains when one failed rule of `rule_weight` in the
/// category `t` passes (the other categories unchanged). This orders the roadmap.
pub fn gain(tallies: &[Tally], category: usize, rule_weight: u32) -> f64 {
    let mut fixed = tallies.to_vec();
    fixed[category].passed += rule_weight;
    let after = overall_score(&fixed).map_or(0.0, Ratio::percent);
    let before = overall_score(tallies).map_or(0.0, Ratio::percent);
    after - before
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(weight: u32, passed: u32, applicable: u32) -> Tally {
        Tally { weight, passed, applicable }
    }

    #[test]
    fn weighted_average_of_categories() {
        // 12 × 3/6 + 10 × 2/2 = 16 of 22 → 72.7%
        let s = overall_score(&[t(12, 3, 6), t(10, 2, 2)]).unwrap();
        assert_eq!(s.percent_floor(), 72);
        assert!((s.percent() - 72.727).abs() < 0.01);
    }

    #[test]
    fn categories_without_applicable_rules_are_left_out() {
        let with_empty = overall_score(&[t(12, 3, 6), t(15, 0, 0)]).unwrap();
        assert_eq!(with_empty.percent_floor(), 50);
        assert_eq!(category_score(t(15, 0, 0)), None);
    }

    #[test]
    fn nothing_applicable_means_no_score() {
        assert_eq!(overall_score(&[t(12, 0, 0), t(5, 0, 0)]), None);
        assert_eq!(overall_score(&[]), None);
        assert_eq!(overall_score(&[t(0, 1, 3)]), None);
    }

    #[test]
    fn rounds_down_so_only_a_perfect_repo_shows_100() {
        // 199 of 200 → 99.5%, shows 99.
        assert_eq!(overall_score(&[t(1, 199, 200)]).unwrap().percent_floor(), 99);
        assert_eq!(overall_score(&[t(7, 3, 3), t(5, 2, 2)]).unwrap().percent_floor(), 100);
        // Exact arithmetic: 38 of 100 is 38, not 37.99999.
        assert_eq!(overall_score(&[t(100, 38, 100)]).unwrap().percent_floor(), 38);
        assert_eq!(overall_score(&[t(3, 1, 3), t(3, 1, 3), t(3, 1, 3)]).unwrap().percent_floor(), 33);
    }

    #[test]
    fn weight_overrides_shift_the_score() {
        let base = [t(10, 1, 1), t(10, 0, 1)];
        assert_eq!(overall_score(&base).unwrap().percent_floor(), 50);
        let heavier_pass = [t(30, 1, 1), t(10, 0, 1)];
        assert_eq!(overall_score(&heavier_pass).unwrap().percent_floor(), 75);
        let zeroed = [t(0, 1, 1), t(10, 0, 1)];
        assert_eq!(overall_score(&zeroed).unwrap().percent_floor(), 0);
    }

    #[test]
    fn worked_example_of_the_docs() {
        let s = overall_score(&[t(12, 6, 16), t(10, 3, 10), t(5, 5, 11)]).unwrap();
        assert_eq!(s.percent_floor(), 36);
        assert!((s.percent() - 36.195).abs() < 0.001);
    }

    #[test]
    fn gains_add_up_to_the_missing_points() {
        let tallies = [t(12, 3, 6), t(10, 0, 2), t(5, 2, 2)];
        let total: f64 = gain(&tallies, 0, 3) + gain(&[t(12, 6, 6), t(10, 0, 2), t(5, 2, 2)], 1, 2);
        let missing = 100.0 - overall_score(&tallies).unwrap().percent();
        assert!((total - missing).abs() < 1e-9);
        // 3 of category 0's 6 applicable weight, category weight 12 of 27 → 22.2 points.
        assert!((gain(&tallies, 0, 3) - 100.0 * 12.0 * 3.0 / 6.0 / 27.0).abs() < 1e-9);
    }
}
