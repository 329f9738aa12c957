//! Every atom of every rule and trait compiled together: one `GlobSet` decides, from a path
//! alone, which atoms a file can affect; content atoms share one `RegexSet` per "file class"
//! (the distinct set of patterns that apply to a file), built once and cached.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use globset::{GlobSet, GlobSetBuilder};
use regex::bytes::{Regex, RegexSet};

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

impl Want {
    /// The pattern that must match somewhere for the atom to need more work: the one the
    /// file class's set runs. `None` means the file is always examined (or never).
    fn pattern(&self) -> Option<usize> {
        match self {
            Want::Exists => None,
            Want::Contains { pattern, .. } => *pattern,
            Want::Forbid { pattern, .. } => Some(*pattern),
            Want::Require { when, .. } => *when,
        }
    }
}

/// The compiled form of `RuleSet::atoms`.
pub(crate) struct Matcher {
    globs: GlobSet,
    glob_atom: Vec<AtomId>,
    excludes: Vec<Option<GlobSet>>,
    wants: Vec<Want>,
    patterns: Vec<Regex>,
    pattern_text: Vec<String>,
    /// Per file class: its set, or `None` when the combined set exceeded the size limit
    /// (then each pattern runs on its own: slower, still correct).
    sets: Mutex<HashMap<Vec<usize>, Option<Arc<RegexSet>>>>,
    test_paths: GlobSet,
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
    /// Compile all atoms. Patterns and globs were validated by the loader.
    pub(crate) fn new(atoms: &[Atom]) -> Result<Self, String> {
        let mut builder = GlobSetBuilder::new();
        let mut glob_atom = Vec::new();
        let mut excludes = Vec::with_capacity(atoms.len());
        let mut wants = Vec::with_capacity(atoms.len());
        let mut pattern_ids: HashMap<String, usize> = HashMap::new();
        let mut pattern_text: Vec<String> = Vec::new();
        let mut intern = |p: &str| -> usize {
            *pattern_ids.entry(p.to_string()).or_insert_with(|| {
                pattern_text.push(p.to_string());
                pattern_text.len() - 1
            })
        };
        for (id, atom) in atoms.iter().enumerate() {
            for g in &atom.paths {
                builder.add(pattern::glob(g, atom.case_sensitive).map_err(|e| e.to_string())?);
                glob_atom.push(id);
            }
            excludes.push(if atom.exclude.is_empty() {
                None
            } else {
                let mut ex = GlobSetBuilder::new();
                for g in &atom.exclude {
                    ex.add(pattern::glob(g, atom.case_sensitive).map_err(|e| e.to_string())?);
                }
                Some(ex.build().map_err(|e| e.to_string())?)
            });
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
        let patterns = pattern_text
            .iter()
            .map(|p| pattern::compile(p).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        let mut test_paths = GlobSetBuilder::new();
        for g in TEST_PATHS {
            test_paths.add(pattern::glob(g, false).map_err(|e| e.to_string())?);
        }
        Ok(Self {
            test_paths: test_paths.build().map_err(|e| e.to_string())?,
            globs: builder.build().map_err(|e| e.to_string())?,
            glob_atom,
            excludes,
            wants,
            patterns,
            pattern_text,
            sets: Mutex::new(HashMap::new()),
        })
    }

    /// The atoms whose globs match `rel` (and do not exclude it), sorted and unique.
    pub(crate) fn atoms_for(&self, rel: &str, scratch: &mut Vec<usize>) -> Vec<AtomId> {
        self.globs.matches_into(rel, scratch);
        let mut atoms: Vec<AtomId> = scratch.iter().map(|&g| self.glob_atom[g]).collect();
        atoms.sort_unstable();
        atoms.dedup();
        atoms.retain(|&a| self.excludes[a].as_ref().is_none_or(|ex| !ex.is_match(rel)));
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

    /// One compiled pattern.
    pub(crate) fn pattern(&self, id: usize) -> &Regex {
        &self.patterns[id]
    }

    /// A pattern as the pack wrote it.
    pub(crate) fn pattern_text(&self, id: usize) -> &str {
        &self.pattern_text[id]
    }

    /// The ids of the content patterns, among those of `atoms`, that match somewhere in
    /// `haystack`: one pass of the file class's set, whatever the number of patterns.
    pub(crate) fn matching_patterns(&self, atoms: &[AtomId], haystack: &[u8]) -> Vec<usize> {
        let mut ids: Vec<usize> = atoms.iter().filter_map(|&a| self.wants[a].pattern()).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() <= 1 {
            ids.retain(|&i| self.patterns[i].is_match(haystack));
            return ids;
        }
        let set = {
            let mut cache = self.sets.lock().unwrap_or_else(|e| e.into_inner());
            cache
                .entry(ids.clone())
                .or_insert_with(|| pattern::compile_set(ids.iter().map(|&i| &self.pattern_text[i])).ok().map(Arc::new))
                .clone()
        };
        match set {
            Some(set) => set.matches(haystack).into_iter().map(|k| ids[k]).collect(),
            None => {
                ids.retain(|&i| self.patterns[i].is_match(haystack));
                ids
            }
        }
    }
}
