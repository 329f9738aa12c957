//! Every atom of every rule and trait compiled together: one `GlobSet` decides, from a path
//! alone, which atoms a file can affect; content atoms share one `RegexSet` per "file class"
//! (the distinct set of patterns that apply to a file), built once and cached.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use globset::{GlobSet, GlobSetBuilder};
use regex::bytes::{Regex, RegexSet};

use crate::rules::{Atom, AtomId, pattern};

/// What an atom asks of a file's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// Nothing: the path is the evidence.
    Exists,
    /// A line matching the pattern and/or enough non-empty lines.
    Contains { pattern: Option<usize>, min_lines: Option<u32> },
    /// Every match of the pattern is a finding.
    Forbid { pattern: usize },
}

impl Want {
    fn pattern(self) -> Option<usize> {
        match self {
            Want::Exists => None,
            Want::Contains { pattern, .. } => pattern,
            Want::Forbid { pattern } => Some(pattern),
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
}

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
            wants.push(match (&atom.forbid, &atom.contains, atom.min_lines) {
                (Some(f), _, _) => Want::Forbid { pattern: intern(f) },
                (None, None, None) => Want::Exists,
                (None, c, min_lines) => Want::Contains { pattern: c.as_deref().map(&mut intern), min_lines },
            });
        }
        let patterns = pattern_text
            .iter()
            .map(|p| pattern::compile(p).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
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
    pub(crate) fn want(&self, atom: AtomId) -> Want {
        self.wants[atom]
    }

    /// One compiled pattern.
    pub(crate) fn pattern(&self, id: usize) -> &Regex {
        &self.patterns[id]
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
