//! One Aho-Corasick pass per file over the literals of every pattern, then each pattern's
//! regex only where one of its literals occurs: on the lines around the hit, widened by the
//! most line feeds a match can hold, or on the whole file when that is unbounded. Most
//! bytes of a large tree hold none of the literals and never meet a regex.
//!
//! "Class" is the set of patterns a file's path selects (all `*.py` files share one): each
//! class maps the automaton's literals to its own patterns, built once, on first use, and
//! shared by every thread.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock, RwLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::rules::literals::Analysis;

/// When candidate lines cover more than 1/`WHOLE_FILE_RATIO` of a file, one regex pass over
/// the whole file is cheaper than one call per line.
const WHOLE_FILE_RATIO: usize = 4;

/// One automaton over the literals of every pattern: built once, so its memory does not
/// grow with the number of file classes (a DFA per class cost 70 MB on a 100k-file tree).
pub(super) struct Literals {
    automaton: Option<AhoCorasick>,
    ids: HashMap<Vec<u8>, usize>,
}

impl Literals {
    pub(super) fn new(analysis: &[Analysis]) -> Self {
        let mut ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut literals: Vec<&[u8]> = Vec::new();
        for lit in analysis.iter().filter_map(|a| a.literals.as_ref()).flatten() {
            ids.entry(lit.clone()).or_insert_with(|| {
                literals.push(lit);
                literals.len() - 1
            });
        }
        let automaton = (!literals.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                // Measured: a third faster than the default NFA on a 1 GB tree.
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(&literals)
                .expect("literal sets are bounded, so the automaton fits")
        });
        Self { automaton, ids }
    }
}

/// The prefilter of one class of files.
pub(super) struct ClassFilter {
    /// The class's patterns, by id.
    patterns: Vec<usize>,
    /// For each literal `l` of the automaton, the positions in `patterns` it stands for are
    /// `owned[owners[l]..owners[l + 1]]` (none for literals of other classes). Flat: a class
    /// costs 4 bytes per literal of the whole automaton, however few are its own, and a
    /// large pack has thousands of literals and hundreds of classes.
    owners: Vec<u32>,
    owned: Vec<u32>,
    /// Positions in `patterns` of those without literals: always searched in full.
    always: Vec<u32>,
}

impl ClassFilter {
    fn new(patterns: Vec<usize>, analysis: &[Analysis], literals: &Literals) -> Self {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut always = Vec::new();
        for (pos, &p) in patterns.iter().enumerate() {
            match &analysis[p].literals {
                None => always.push(pos as u32),
                Some(set) => pairs.extend(set.iter().map(|lit| (literals.ids[lit] as u32, pos as u32))),
            }
        }
        pairs.sort_unstable();
        let mut owners = Vec::with_capacity(literals.ids.len() + 1);
        let mut next = 0;
        for lit in 0..=literals.ids.len() as u32 {
            owners.push(next as u32);
            while next < pairs.len() && pairs[next].0 == lit {
                next += 1;
            }
        }
        let owned = pairs.into_iter().map(|(_, pos)| pos).collect();
        Self { patterns, owners, owned, always }
    }

    /// Where each pattern of the class may match in `buf`; patterns absent cannot match.
    pub(super) fn candidates(&self, buf: &[u8], analysis: &[Analysis], literals: &Literals) -> Vec<(usize, Regions)> {
        let mut regions: Vec<Option<Regions>> = vec![None; self.patterns.len()];
        for &pos in &self.always {
            regions[pos as usize] = Some(Regions::Whole);
        }
        if let Some(ac) = &literals.automaton {
            // The line around the latest literal hit: hits come in order, so each line's
            // bounds are computed once however many literals it holds.
            let mut line = 0..0;
            // Overlapping: "api_key" must not hide the "key" that another pattern needs.
            for m in ac.find_overlapping_iter(buf) {
                let lit = m.pattern().as_usize();
                let owners = &self.owned[self.owners[lit] as usize..self.owners[lit + 1] as usize];
                if owners.is_empty() {
                    continue;
                }
                if line.is_empty() || m.start() >= line.end {
                    line = lines_around(buf, m.start(), 0);
                }
                for &pos in owners {
                    let slot = &mut regions[pos as usize];
                    let window = match (&slot, analysis[self.patterns[pos as usize]].max_line_feeds) {
                        (Some(Regions::Whole), _) => continue,
                        (_, None) => {
                            *slot = Some(Regions::Whole);
                            continue;
                        }
                        (_, Some(0)) => line.clone(),
                        // One more line each side: a match never ends where the window
                        // does, so `$` and `\b` see what they would in the whole file.
                        (_, Some(k)) => lines_around(buf, m.start(), k as usize + 1),
                    };
                    match slot {
                        Some(Regions::Lines(ranges)) => match ranges.last_mut() {
                            Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
                            _ => ranges.push(window),
                        },
                        _ => *slot = Some(Regions::Lines(vec![window])),
                    }
                }
            }
        }
        let limit = buf.len() / WHOLE_FILE_RATIO;
        self.patterns
            .iter()
            .zip(regions)
            .filter_map(|(&p, r)| {
                let r = match r? {
                    Regions::Lines(lines) if lines.iter().map(|l| l.len()).sum::<usize>() > limit => Regions::Whole,
                    r => r,
                };
                Some((p, r))
            })
            .collect()
    }
}

/// Where a pattern's regex has to run in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Regions {
    /// Everywhere.
    Whole,
    /// Only on these runs of whole lines (each with its last line feed), in file order.
    Lines(Vec<Range<usize>>),
}

impl Regions {
    /// The byte ranges to search, in order.
    pub(super) fn into_ranges(self, len: usize) -> Vec<Range<usize>> {
        match self {
            Regions::Whole => std::iter::once(0..len).collect(),
            Regions::Lines(lines) => lines,
        }
    }
}

/// The line holding `offset` and `extra` lines either side, with the last line feed:
/// searching it alone gives `^`, `$` and `\b` the same context as the whole file.
fn lines_around(buf: &[u8], offset: usize, extra: usize) -> Range<usize> {
    // Back over `extra + 1` line feeds: the window starts just after the last one, or at
    // the start of the file when there are fewer.
    let mut start = offset;
    let mut feeds = 0;
    while feeds <= extra {
        match memchr::memrchr(b'\n', &buf[..start]) {
            Some(p) => {
                start = p;
                feeds += 1;
            }
            None => break,
        }
    }
    let start = if feeds > extra { start + 1 } else { 0 };
    let mut end = offset;
    for _ in 0..=extra {
        match memchr::memchr(b'\n', &buf[end..]) {
            Some(p) => end += p + 1,
            None => {
                end = buf.len();
                break;
            }
        }
    }
    start..end
}

/// Every pattern's analysis, and the literal automaton and class filters built from it on
/// first use (a run that reads no file builds neither), shared by threads.
pub(super) struct Prefilter {
    analysis: Vec<Analysis>,
    literals: OnceLock<Literals>,
    classes: RwLock<HashMap<Vec<usize>, Arc<ClassFilter>>>,
}

impl Prefilter {
    /// Prefilter the patterns analysed in `analysis` (indexed by pattern id).
    pub(super) fn new(analysis: Vec<Analysis>) -> Self {
        Self { analysis, literals: OnceLock::new(), classes: RwLock::default() }
    }

    /// Where each of `patterns` (sorted, unique) may match in `buf`.
    pub(super) fn candidates(&self, patterns: &[usize], buf: &[u8]) -> Vec<(usize, Regions)> {
        let analysis = &self.analysis;
        let literals = self.literals.get_or_init(|| Literals::new(analysis));
        let cached = self.classes.read().expect("no panics while held").get(patterns).cloned();
        let filter = cached.unwrap_or_else(|| {
            // Built outside the lock: two threads may both build a new class; one wins.
            let filter = Arc::new(ClassFilter::new(patterns.to_vec(), analysis, literals));
            let mut classes = self.classes.write().expect("no panics while held");
            Arc::clone(classes.entry(patterns.to_vec()).or_insert(filter))
        });
        filter.candidates(buf, analysis, literals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::pattern;

    fn analyse(patterns: &[&str]) -> Vec<Analysis> {
        patterns.iter().map(|p| crate::rules::literals::analyse(&pattern::hir(p).unwrap())).collect()
    }

    /// Every pattern as one class.
    struct Filter(Prefilter);

    impl Filter {
        fn new(analysis: &[Analysis]) -> Self {
            Self(Prefilter::new(analysis.to_vec()))
        }

        fn candidates(&self, buf: &[u8]) -> Vec<(usize, Regions)> {
            let all: Vec<usize> = (0..self.0.analysis.len()).collect();
            self.0.candidates(&all, buf)
        }
    }

    #[test]
    fn lines_with_literals_are_the_only_candidates() {
        let patterns = [r"^[ \t]*[^#\s][^\n]*\bprometheus\b", r"(?i)timeout\s*=", r"^\s*$"];
        let analysis = analyse(&patterns);
        let filter = Filter::new(&analysis);
        let pad = "let x = 1;\n".repeat(20);
        let buf = format!("{pad}from prometheus_client import x\n# prometheus\nTimeout = 3\n");
        // Adjacent candidate lines merge into one range.
        let lines = pad.len()..pad.len() + 32 + 13;
        let got = filter.candidates(buf.as_bytes());
        // Line-local: the two lines holding the literal. `\s` spans lines: whole file.
        // No literal at all: whole file.
        assert_eq!(got, vec![(0, Regions::Lines(vec![lines])), (1, Regions::Whole), (2, Regions::Whole)]);
        let nothing = filter.candidates(b"import os\n");
        assert_eq!(nothing, vec![(2, Regions::Whole)]);
    }

    #[test]
    fn overlapping_literals_all_count() {
        let patterns = ["api_key", "key_id"];
        let analysis = analyse(&patterns);
        let filter = Filter::new(&analysis);
        let buf = format!("{}\nx = api_key_id\n", "padding ".repeat(20));
        let got = filter.candidates(buf.as_bytes());
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn many_candidate_lines_become_the_whole_file() {
        let analysis = analyse(&["word"]);
        let filter = Filter::new(&analysis);
        assert_eq!(filter.candidates(b"word\nword\nother\n"), vec![(0, Regions::Whole)]);
    }

    #[test]
    fn windows_cover_whole_lines_either_side() {
        let buf = b"l0\nl1\nl2\nl3\nl4";
        assert_eq!(lines_around(buf, 7, 0), 6..9);
        assert_eq!(lines_around(buf, 7, 1), 3..12);
        assert_eq!(lines_around(buf, 7, 5), 0..buf.len());
        assert_eq!(lines_around(buf, 0, 0), 0..3);
        assert_eq!(lines_around(b"\nx\n", 1, 0), 1..3);
        assert_eq!(lines_around(b"\nx\n", 1, 1), 0..3);
    }

    #[test]
    fn bounded_multi_line_patterns_search_windows_not_files() {
        // At most two line feeds per match: the hit's line and three more each side.
        let p = r"retention\n?=[^=]";
        let analysis = analyse(&[p]);
        let filter = Filter::new(&analysis);
        let pad = "let x = 1;\n".repeat(40);
        let buf = format!("{pad}a\nb\nc\nretention\n= 30\nd\ne\nf\n{pad}");
        let got = filter.candidates(buf.as_bytes());
        let start = pad.len();
        let window = start..start + "a\nb\nc\nretention\n= 30\nd\ne\n".len();
        assert_eq!(got, vec![(0, Regions::Lines(vec![window.clone()]))]);
        let re = pattern::compile(p).unwrap();
        let whole = re.find(buf.as_bytes()).unwrap();
        assert_eq!(re.find_at(&buf.as_bytes()[..window.end], window.start).unwrap().range(), whole.range());
    }
}
