//! The rule model: categories, traits and rules as loaded and validated from TOML packs.
//!
//! Checks are trees whose leaves ("atoms") live in one flat table, `RuleSet::atoms`, so the
//! scanner can compile every atom of every rule and trait into one matcher and the engine
//! can evaluate the trees afterwards from the facts the scan collected per atom.

mod builtin;
mod describe;
mod diag;
pub(crate) mod literals;
mod load;
pub mod pattern;
mod raw;

pub use describe::describe_check;
pub use diag::{PackDiagnostic, PackError};
pub(crate) use load::syntax_diagnostic;
pub use load::{load, load_builtin, load_sources};

use std::collections::{BTreeMap, HashMap};

/// The trait every repository has; rules that apply to it always apply.
pub const ANY_TRAIT: &str = "any";

/// Index of an atom in `RuleSet::atoms`.
pub type AtomId = usize;

/// Every category, trait and rule that was loaded, validated and ready to run.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// Categories in declaration order (built-in order first).
    pub categories: Vec<Category>,
    /// Traits in declaration order.
    pub traits: Vec<Trait>,
    /// Rules in declaration order.
    pub rules: Vec<Rule>,
    /// Maturity levels, lowest first (declaration order).
    pub levels: Vec<Level>,
    /// The leaves of every check, referenced by `Check::Atom`.
    pub atoms: Vec<Atom>,
    /// What the scanner's prefilter needs of each pattern the loader validated (user packs),
    /// by text: worked out while the syntax tree is at hand, so no pattern is parsed twice.
    pub(crate) analysed: HashMap<String, literals::Analysis>,
}

impl RuleSet {
    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The position of the level with this id in `levels`.
    pub fn level_index(&self, id: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.id == id)
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The rules, then the traits (as `trait:<id>`), with a check whose search pattern is
    /// `pattern`: who pays for it.
    pub fn pattern_users(&self, pattern: &str) -> Vec<String> {
        let searches = |check: &Check| check.atoms().iter().any(|&a| self.atoms[a].search_pattern() == Some(pattern));
        let rules = self.rules.iter().filter(|r| searches(&r.check)).map(|r| r.id.clone());
        let traits = self.traits.iter().filter(|t| searches(&t.check)).map(|t| format!("trait:{}", t.id));
        rules.chain(traits).collect()
    }

    /// Every distinct pattern the scanner searches each candidate file for, in pack order
    /// (the others run only where these matched): what `rg -f` needs to do the same work.
    pub fn search_patterns(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.atoms.iter().filter_map(Atom::search_pattern).filter(|p| seen.insert(*p)).collect()
    }
}

/// A scored area such as "security", with its share of the overall score.
#[derive(Debug, Clone)]
pub struct Category {
    /// Kebab-case id.
    pub id: String,
    /// Human title, e.g. "Release Engineering".
    pub title: String,
    /// Share of the overall score (built-in weights sum to 100).
    pub weight: u32,
    /// Optional one-sentence description.
    pub description: Option<String>,
}

/// A rung of the maturity ladder (bronze, silver, gold): reached when every applicable rule
/// of it and of the levels below passes.
#[derive(Debug, Clone)]
pub struct Level {
    /// Kebab-case id, e.g. "silver".
    pub id: String,
    /// Human title, e.g. "Silver".
    pub title: String,
    /// Optional one-sentence description.
    pub description: Option<String>,
}

/// A detected fact about the repository that decides which rules apply.
#[derive(Debug, Clone)]
pub struct Trait {
    /// Kebab-case id, e.g. "service".
    pub id: String,
    /// Human title.
    pub title: String,
    /// Optional description.
    pub description: Option<String>,
    /// What detects it.
    pub check: Check,
}

/// One readiness check.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Public, stable id: `<category>/<kebab-name>`.
    pub id: String,
    /// The category id (the id's prefix).
    pub category: String,
    /// Short title.
    pub title: String,
    /// 1 to 3: the rule's share inside its category.
    pub weight: u32,
    /// Trait ids; the rule applies when any is detected.
    pub applies: Vec<String>,
    /// Why it matters.
    pub why: String,
    /// What to do when it fails.
    pub remediation: String,
    /// Optional link to more documentation.
    pub docs: Option<String>,
    /// Index into `RuleSet::levels`; a rule without one counts for the score only.
    pub level: Option<usize>,
    /// Findings are secrets and are shown masked.
    pub redact: bool,
    /// The predicate.
    pub check: Check,
    /// File sets with the verdict they must produce.
    pub examples: Vec<Example>,
    /// Where the rule was declared (pack file name).
    pub source: String,
}

impl Rule {
    /// True when the check contains a lint atom, i.e. the rule reports findings.
    pub fn is_lint(&self, atoms: &[Atom]) -> bool {
        self.check.atoms().iter().any(|&a| atoms[a].is_lint())
    }
}

/// A predicate over the repository's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// A leaf, evaluated from scan facts.
    Atom(AtomId),
    /// True when any child is true.
    Any(Vec<Check>),
    /// True when every child is true.
    All(Vec<Check>),
    /// True when the child is false.
    Not(Box<Check>),
}

impl Check {
    /// Every atom id under this check, in tree order.
    pub fn atoms(&self) -> Vec<AtomId> {
        let mut out = Vec::new();
        self.collect_atoms(&mut out);
        out
    }

    fn collect_atoms(&self, out: &mut Vec<AtomId>) {
        match self {
            Check::Atom(a) => out.push(*a),
            Check::Any(cs) | Check::All(cs) => cs.iter().for_each(|c| c.collect_atoms(out)),
            Check::Not(c) => c.collect_atoms(out),
        }
    }
}

/// A leaf check: files matching some globs, optionally with conditions on their content.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Atom {
    /// Globs relative to the root; a file must match one.
    pub paths: Vec<String>,
    /// Globs that remove files from the match.
    pub exclude: Vec<String>,
    /// Match globs exactly rather than ignoring case.
    pub case_sensitive: bool,
    /// Some line must match this pattern.
    pub contains: Option<String>,
    /// The file must have at least this many non-empty lines.
    pub min_lines: Option<u32>,
    /// Every match of this pattern is a finding (a lint).
    pub forbid: Option<String>,
    /// A `forbid` match whose text (or `secret` group) matches this is not a finding.
    pub allow: Option<String>,
    /// Structure lint: every section (see `split`, `when`) must match each of these.
    pub require: Vec<String>,
    /// Structure lint: sections start at lines matching this (default: the whole file).
    pub split: Option<String>,
    /// Structure lint: only sections matching this are checked.
    pub when: Option<String>,
    /// Structure lint: only the last section matching `when` is checked.
    pub last: bool,
    /// Findings are secrets: mask them before they leave the scanner.
    pub redact: bool,
}

impl Atom {
    /// True when deciding the atom requires reading the file.
    pub fn needs_content(&self) -> bool {
        self.contains.is_some() || self.min_lines.is_some() || self.is_lint()
    }

    /// The pattern that must match before anything else about the content matters.
    pub fn search_pattern(&self) -> Option<&str> {
        if self.forbid.is_some() { self.forbid.as_deref() } else { self.when.as_deref().or(self.contains.as_deref()) }
    }

    /// True when the atom reports findings and holds when there are none.
    pub fn is_lint(&self) -> bool {
        self.forbid.is_some() || !self.require.is_empty()
    }
}

/// Expected verdict of a rule example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expect {
    /// The rule must pass.
    Pass,
    /// The rule must fail.
    Fail,
    /// The rule must not apply.
    NotApplicable,
}

/// A small repository (path -> content) and the verdict the rule must reach on it.
#[derive(Debug, Clone)]
pub struct Example {
    /// The verdict.
    pub expect: Expect,
    /// Files to materialise, by relative path.
    pub files: BTreeMap<String, String>,
}
