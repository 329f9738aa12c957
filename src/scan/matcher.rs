//! Every atom of every rule and trait compiled together: one `GlobSet` decides, from a path
//! alone, which atoms a file can affect. Each distinct content pattern is compiled once, on
//! first use (a repository without Java files never compiles the Java patterns, and a rule
//! whose literals occur nowhere is never compiled), and runs on its own, only where
//! `prefilter` found one of its literals.
//!
//! Measured: one `RegexSet` per file class, as first designed, spent 80% of its time
//! determinizing the lazy DFA: the packs' patterns are large alternations behind optional
//! line prefixes, and their product state space thrashed the DFA cache (19 s on a 120 MB
//! tree, against 8 s for separate regexes, whose literal prefilters skip most files).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use globset::{GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use regex::bytes::Regex;

use super::prefilter::Prefilter;
use crate::rules::literals::{self, Analysis};
use crate::rules::{Atom, AtomId, pattern};

/// What an atom asks of a file's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Want {
    /// Nothing: the path is the evidence.
    Exists,
    /// A line matching the pattern and/or enough non-empty lines.
    Contains { pattern: Option<usize>, min_lines: Option<u32> },
    /// Every match of the pattern is a finding, unless `allow` matches its text.
    Forbid { pattern: usize, allow: Option<usize>, redact: bool },
    /// Every section (cut at `split`, filtered by `when`) must match each `require`.
    Require { split: Option<usize>, when: Option<usize>, require: Vec<usize>, last: bool },
}

/// The compiled form of `RuleSet::atoms`.
pub(crate) struct Matcher {
    paths: GlobIndex,
    excludes: GlobIndex,
    wants: Vec<Want>,
    /// Per atom, the pattern that must match before anything else about the content
    /// matters (`Atom::search_pattern`); `None`: the file is always examined, or never.
    primary: Vec<Option<usize>>,
    patterns: Vec<OnceLock<Regex>>,
    pattern_text: Vec<String>,
    prefilter: Prefilter,
    test_paths: GlobSet,
}

/// Many globs compiled into one set, each glob mapped to the atoms that use it.
struct GlobIndex {
    set: GlobSet,
    atoms: Vec<Vec<AtomId>>,
}

impl GlobIndex {
    /// Atoms with a glob matching `rel`, sorted and unique.
    fn atoms(&self, rel: &str, scratch: &mut Vec<usize>) -> Vec<AtomId> {
        self.set.matches_into(rel, scratch);
        let mut atoms: Vec<AtomId> = scratch.iter().flat_map(|&g| self.atoms[g].iter().copied()).collect();
        atoms.sort_unstable();
        atoms.dedup();
        atoms
    }

    fn is_empty(&self) -> bool {
        self.atoms.is_empty()
    }
}

struct GlobIndexBuilder {
    builder: GlobSetBuilder,
    ids: HashMap<(String, bool), usize>,
    atoms: Vec<Vec<AtomId>>,
}

impl Default for GlobIndexBuilder {
    fn default() -> Self {
        Self { builder: GlobSetBuilder::new(), ids: HashMap::new(), atoms: Vec::new() }
    }
}

impl GlobIndexBuilder {
    fn add(&mut self, glob: &str, case_sensitive: bool, atom: AtomId) -> Result<(), String> {
        let next = self.atoms.len();
        let id = *self.ids.entry((glob.to_string(), case_sensitive)).or_insert(next);
        if id == next {
            self.builder.add(pattern::glob(glob, case_sensitive).map_err(|e| e.to_string())?);
            self.atoms.push(Vec::new());
        }
        self.atoms[id].push(atom);
        Ok(())
    }

    fn build(self) -> Result<GlobIndex, String> {
        Ok(GlobIndex { set: self.builder.build().map_err(|e| e.to_string())?, atoms: self.atoms })
    }
}

/// Where tests and fixtures live: findings there are marked, not hidden (a real key in a
/// fixture is still a leak, but it reads differently from one in production config).
const TEST_PATHS: &[&str] = &[
    "**/test/**",
    "**/tests/**",
    "**/testdata/**",
    "**/test-data/**",
    "**/fixtures/**",
    "**/__tests__/**",
    "**/__mocks__/**",
    "**/spec/**",
    "**/*_test.*",
    "**/test_*.*",
    "**/*.test.*",
    "**/*.spec.*",
    "**/*_spec.*",
];

impl Matcher {
    /// Compile all atoms. Patterns and globs were validated by the loader, which hands over
    /// its analyses of the patterns it parsed in `analysed`.
    pub(crate) fn new(atoms: &[Atom], analysed: &HashMap<String, Analysis>) -> Result<Self, String> {
        let mut wants = Vec::with_capacity(atoms.len());
        let mut primary = Vec::with_capacity(atoms.len());
        let mut pattern_ids: HashMap<String, usize> = HashMap::new();
        let mut pattern_text: Vec<String> = Vec::new();
        let mut intern = |p: &str| -> usize {
            *pattern_ids.entry(p.to_string()).or_insert_with(|| {
                pattern_text.push(p.to_string());
                pattern_text.len() - 1
            })
        };
        // The packs repeat the same globs across many atoms: compile each once, into one
        // set for paths and one for exclusions, each glob mapped back to its atoms.
        let mut paths = GlobIndexBuilder::default();
        let mut excludes = GlobIndexBuilder::default();
        for (id, atom) in atoms.iter().enumerate() {
            for g in &atom.paths {
                paths.add(g, atom.case_sensitive, id)?;
            }
            for g in &atom.exclude {
                excludes.add(g, atom.case_sensitive, id)?;
            }
            primary.push(atom.search_pattern().map(&mut intern));
            wants.push(if let Some(f) = &atom.forbid {
                Want::Forbid { pattern: intern(f), allow: atom.allow.as_deref().map(&mut intern), redact: atom.redact }
            } else if !atom.require.is_empty() {
                Want::Require {
                    split: atom.split.as_deref().map(&mut intern),
                    when: atom.when.as_deref().map(&mut intern),
                    require: atom.require.iter().map(|r| intern(r)).collect(),
                    last: atom.last,
                }
            } else if atom.contains.is_none() && atom.min_lines.is_none() {
                Want::Exists
            } else {
                Want::Contains { pattern: atom.contains.as_deref().map(&mut intern), min_lines: atom.min_lines }
            });
        }
        let patterns = pattern_text.iter().map(|_| OnceLock::new()).collect();
        // Parsing is most of this for the built-in packs (the loader parsed the others), and
        // each pattern stands alone.
        let analysis = pattern_text
            .par_iter()
            .map(|p| match analysed.get(p) {
                Some(analysis) => analysis.clone(),
                None => match pattern::hir(p) {
                    Ok(hir) => literals::analyse(&hir),
                    // Unreachable after validation; without literals it simply runs everywhere.
                    Err(_) => Analysis::UNKNOWN,
                },
            })
            .collect();
        let mut test_paths = GlobSetBuilder::new();
        for g in TEST_PATHS {
            test_paths.add(pattern::glob(g, false).map_err(|e| e.to_string())?);
        }
        Ok(Self {
            test_paths: test_paths.build().map_err(|e| e.to_string())?,
            paths: paths.build()?,
            excludes: excludes.build()?,
            wants,
            primary,
            patterns,
            pattern_text,
            prefilter: Prefilter::new(analysis),
        })
    }

    /// The atoms whose globs match `rel` (and do not exclude it), sorted and unique.
    pub(crate) fn atoms_for(&self, rel: &str, scratch: &mut Vec<usize>) -> Vec<AtomId> {
        let mut atoms = self.paths.atoms(rel, scratch);
        if !atoms.is_empty() && !self.excludes.is_empty() {
            let excluded = self.excludes.atoms(rel, scratch);
            atoms.retain(|a| excluded.binary_search(a).is_err());
        }
        atoms
    }

    /// What the atom wants of a file's content.
    pub(crate) fn want(&self, atom: AtomId) -> &Want {
        &self.wants[atom]
    }

    /// True when findings in this file should be marked as test or fixture findings.
    pub(crate) fn is_test_path(&self, rel: &str) -> bool {
        self.test_paths.is_match(rel)
    }

    /// One compiled pattern (compiled on first use).
    pub(crate) fn pattern(&self, id: usize) -> &Regex {
        self.patterns[id].get_or_init(|| {
            // User patterns were validated by the loader (`pattern::validate`, which agrees
            // with `compile`), which reports errors with spans; the built-in patterns are
            // compiled by a test. What is left cannot fail, but if it did, a pattern that
            // never matches is better than a crash mid-scan.
            pattern::compile(&self.pattern_text[id]).unwrap_or_else(|e| {
                debug_assert!(false, "pattern {} does not compile: {e}", self.pattern_text[id]);
                pattern::compile("[^\\x00-\\xff]").expect("a never-matching pattern compiles")
            })
        })
    }

    /// A pattern as the pack wrote it.
    pub(crate) fn pattern_text(&self, id: usize) -> &str {
        &self.pattern_text[id]
    }

    /// The pattern that decides whether the atom looks at the content any further.
    pub(crate) fn primary(&self, atom: AtomId) -> Option<usize> {
        self.primary[atom]
    }

    /// The content patterns of `atoms` that match somewhere in `buf`, with where; with
    /// `profile`, also the time of the literal pass and of each pattern's search.
    pub(crate) fn search<'a>(&'a self, atoms: &[AtomId], buf: &'a [u8], profile: bool) -> Search<'a> {
        let mut ids: Vec<usize> = atoms.iter().filter_map(|&a| self.primary[a]).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut search = Search { matcher: self, buf, hits: Vec::new(), profile: Profile::default() };
        if ids.is_empty() {
            return search;
        }
        let clock = Clock::start(profile);
        let candidates = self.prefilter.candidates(&ids, buf);
        search.profile.literal_pass = clock.lap();
        for (p, regions) in candidates {
            let clock = Clock::start(profile);
            let re = self.pattern(p);
            let ranges = regions.into_ranges(buf.len());
            let first = ranges.iter().find_map(|r| re.find_at(&buf[..r.end], r.start).map(|m| m.start()));
            if let Some(first) = first {
                search.hits.push(Hit { pattern: p, first, ranges });
            }
            if profile {
                search.profile.patterns.push((p, clock.lap()));
            }
        }
        search
    }
}

/// Where one file's matching time went, when profiled.
#[derive(Default)]
pub(crate) struct Profile {
    /// The literal prefilter's pass.
    pub literal_pass: Duration,
    /// Time per pattern id, each id once.
    pub patterns: Vec<(usize, Duration)>,
}

impl Profile {
    /// Add `time` to `pattern`'s share.
    pub(crate) fn add(&mut self, pattern: usize, time: Duration) {
        match self.patterns.iter_mut().find(|(p, _)| *p == pattern) {
            Some((_, t)) => *t += time,
            None => self.patterns.push((pattern, time)),
        }
    }
}

/// A stopwatch that reads the clock only when profiling: unprofiled scans pay nothing.
pub(crate) struct Clock(Option<Instant>);

impl Clock {
    /// Start, if `on`.
    pub(crate) fn start(on: bool) -> Self {
        Self(on.then(Instant::now))
    }

    /// Time since the start (zero when off).
    pub(crate) fn lap(&self) -> Duration {
        self.0.map(|t| t.elapsed()).unwrap_or_default()
    }
}

/// A pattern that matched a file: where first, and where any match can be.
struct Hit {
    pattern: usize,
    first: usize,
    ranges: Vec<Range<usize>>,
}

/// What the primary patterns of one file's atoms matched.
pub(crate) struct Search<'a> {
    matcher: &'a Matcher,
    buf: &'a [u8],
    hits: Vec<Hit>,
    /// Where the time went, when profiled.
    pub profile: Profile,
}

impl Search<'_> {
    fn hit(&self, pattern: usize) -> Option<&Hit> {
        self.hits.iter().find(|h| h.pattern == pattern)
    }

    /// True when the pattern matches somewhere.
    pub(crate) fn is_match(&self, pattern: usize) -> bool {
        self.hit(pattern).is_some()
    }

    /// Offset of the pattern's first match.
    pub(crate) fn first(&self, pattern: usize) -> Option<usize> {
        self.hit(pattern).map(|h| h.first)
    }

    /// Every match of the pattern, as captures with offsets into the whole file.
    pub(crate) fn captures(&self, pattern: usize) -> Vec<regex::bytes::Captures<'_>> {
        let Some(hit) = self.hit(pattern) else { return Vec::new() };
        let re = self.matcher.pattern(pattern);
        // Searching a sub-range with `captures_at` keeps offsets file-relative, and the
        // range is cut at line feeds, where `^`, `$` and `\b` see the same context.
        let mut out = Vec::new();
        for r in &hit.ranges {
            let hay = &self.buf[..r.end];
            let mut at = r.start;
            while at <= r.end {
                let Some(caps) = re.captures_at(hay, at) else { break };
                let m = caps.get(0).expect("group 0 always matches");
                at = if m.end() > m.start() { m.end() } else { m.end() + 1 };
                out.push(caps);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_patterns_compile_only_where_their_literals_occur() {
        let pack = r#"
[[category]]
id = "t"
title = "Test"
weight = 10

[[rule]]
id = "t/r"
title = "R"
weight = 1
why = "w"
remediation = "r"
check.any = [
    { path = "*.py", contains = '^import[ \t]+prometheus_client' },
    { path = "*.py", contains = 'opentelemetry[ \t]*=' },
]
"#;
        let set = crate::rules::load_sources(vec![("t.toml".into(), pack.into())]).unwrap();
        let matcher = Matcher::new(&set.atoms, &set.analysed).unwrap();
        // The loader's analysis is reused: no pattern is parsed or compiled twice.
        assert_eq!(set.analysed.len(), 2);
        let atoms = matcher.atoms_for("app.py", &mut Vec::new());
        let search = matcher.search(&atoms, b"import prometheus_client\nx = 1\n", false);
        let compiled: Vec<&str> = (0..matcher.patterns.len())
            .filter(|&p| matcher.patterns[p].get().is_some())
            .map(|p| matcher.pattern_text(p))
            .collect();
        assert_eq!(compiled, ["^import[ \\t]+prometheus_client"]);
        assert!(search.is_match(0) && !search.is_match(1));
    }
}
