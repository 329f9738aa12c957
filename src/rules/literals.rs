//! What a pattern cannot match without: a set of literals, one of which appears (ignoring
//! ASCII case) in every match. A file or line holding none of them cannot match, so one
//! Aho-Corasick pass over a file finds the few lines worth running each regex on.
//!
//! The regex crate extracts prefix and suffix literals itself, but the packs' patterns start
//! with an optional line prefix (`^[ \t]*([^#/\s][^\n]*?)?(...)`, "not in a comment"), which
//! leaves it no prefix to look for; the literals inside are what make a line a candidate.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Shortest literal worth searching for: shorter ones hit nearly every line.
const MIN_LEN: usize = 3;
/// Most literals one pattern may need before it is cheaper to run the regex everywhere.
const MAX_SET: usize = 400;
/// Largest class expanded into single bytes (`[Aa]` from `(?i)` is 1 byte once folded).
const MAX_CLASS: usize = 8;
/// Longest exact string built by joining adjacent pieces; longer adds no selectivity.
const MAX_LEN: usize = 24;

/// How a pattern can be prefiltered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Analysis {
    /// Lower-cased literals, one of which every match contains; `None` when the pattern has
    /// no good set (it then runs on every file its atoms apply to).
    pub literals: Option<Vec<Vec<u8>>>,
    /// Most line feeds one match can hold (`None`: no bound). A match holding a literal on
    /// line L lies within lines L-k..=L+k, so running the regex there finds exactly the
    /// matches it would find in the whole file.
    pub max_line_feeds: Option<u32>,
}

impl Analysis {
    /// What is known of a pattern that could not be analysed: nothing.
    pub(crate) const UNKNOWN: Analysis = Analysis { literals: None, max_line_feeds: None };
}

/// Analyse one pattern (as compiled by `rules::pattern`).
pub(crate) fn analyse(hir: &Hir) -> Analysis {
    let literals = match necessary(hir) {
        Need::Set(set) if strong(&set) => Some(minimise(set)),
        _ => None,
    };
    Analysis { literals, max_line_feeds: line_feeds(hir) }
}

/// Literals one of which every match contains, or `Anything` when there is no useful set.
#[derive(Debug, Clone)]
enum Need {
    Anything,
    Set(Vec<Vec<u8>>),
}

/// Drop literals that contain another of the set: "timeouts" is found wherever "timeout" is.
fn minimise(mut set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    set.sort_by_key(Vec::len);
    let mut kept: Vec<Vec<u8>> = Vec::with_capacity(set.len());
    for lit in set {
        if !kept.iter().any(|k| memchr::memmem::find(&lit, k).is_some()) {
            kept.push(lit);
        }
    }
    kept.sort();
    kept
}

fn strong(set: &[Vec<u8>]) -> bool {
    !set.is_empty() && set.len() <= MAX_SET && set.iter().all(|l| l.len() >= MIN_LEN)
}

/// Ranking of candidate sets within a concatenation: longer shortest literal first (up to a
/// point), then fewer literals.
fn rank(set: &[Vec<u8>]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
    (shortest.min(MIN_LEN + 1), std::cmp::Reverse(set.len()))
}

fn necessary(hir: &Hir) -> Need {
    match hir.kind() {
        HirKind::Literal(_) | HirKind::Class(_) => exact(hir).filter(|s| strong(s)).map_or(Need::Anything, Need::Set),
        HirKind::Capture(c) => necessary(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => necessary(&r.sub),
        HirKind::Alternation(alts) => {
            let set = |alt: &Hir| match necessary(alt) {
                Need::Set(set) => Some(set),
                Need::Anything => None,
            };
            union(alts, set).map_or(Need::Anything, Need::Set)
        }
        HirKind::Concat(parts) => {
            // Candidates: every part on its own, and runs of adjacent exact parts joined
            // ("time" "out" -> "timeout"), extended by the prefixes of the part that ends
            // the run (`["'](avg|p\(\d)` -> `"avg`, `"p(`...). Keep the best.
            let mut best: Option<Vec<Vec<u8>>> = None;
            let mut consider = |set: Vec<Vec<u8>>| {
                if strong(&set) && best.as_ref().is_none_or(|b| rank(&set) > rank(b)) {
                    best = Some(set);
                }
            };
            let mut run: Option<Vec<Vec<u8>>> = None;
            for part in parts {
                if let Need::Set(set) = necessary(part) {
                    consider(set);
                }
                match exact(part) {
                    Some(piece) => {
                        run = Some(match run.take() {
                            None => piece,
                            Some(prefix) => match product(&prefix, &piece) {
                                Some(joined) => joined,
                                None => {
                                    consider(prefix);
                                    piece
                                }
                            },
                        });
                    }
                    None => {
                        if let Some(prefix) = run.take() {
                            if let Some(joined) = prefixes(part).and_then(|p| product(&prefix, &p)) {
                                consider(joined);
                            }
                            consider(prefix);
                        }
                    }
                }
            }
            if let Some(prefix) = run {
                consider(prefix);
            }
            best.map_or(Need::Anything, Need::Set)
        }
        _ => Need::Anything,
    }
}

/// Strings one of which every match of `hir` starts with (possibly the empty string).
fn prefixes(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    if let Some(all) = exact(hir) {
        return Some(all);
    }
    match hir.kind() {
        HirKind::Capture(c) => prefixes(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => prefixes(&r.sub),
        HirKind::Concat(parts) => {
            let mut out = vec![Vec::new()];
            for part in parts {
                match exact(part) {
                    Some(piece) => match product(&out, &piece) {
                        Some(joined) => out = joined,
                        None => return Some(out),
                    },
                    None => return Some(prefixes(part).and_then(|p| product(&out, &p)).unwrap_or(out)),
                }
            }
            Some(out)
        }
        HirKind::Alternation(alts) => union(alts, prefixes),
        _ => None,
    }
}

/// Every string `hir` can match, lower-cased, when there are few and they are short.
fn exact(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(lit) => Some(vec![lit.0.to_ascii_lowercase()]),
        HirKind::Class(class) => {
            let mut bytes = class_bytes(class)?;
            bytes.iter_mut().for_each(|b| *b = b.to_ascii_lowercase());
            bytes.sort_unstable();
            bytes.dedup();
            (bytes.len() <= MAX_CLASS).then(|| bytes.into_iter().map(|b| vec![b]).collect())
        }
        HirKind::Capture(c) => exact(&c.sub),
        // `x?` is `x` or nothing: "time[-_]?out" is three literals, all better than "time".
        HirKind::Repetition(r) if r.min == 0 && r.max == Some(1) => {
            let mut out = exact(&r.sub)?;
            out.push(Vec::new());
            out.sort();
            out.dedup();
            Some(out)
        }
        HirKind::Repetition(r) if Some(r.min) == r.max && r.min <= 4 => {
            let piece = exact(&r.sub)?;
            let mut out = vec![Vec::new()];
            for _ in 0..r.min {
                out = product(&out, &piece)?;
            }
            Some(out)
        }
        HirKind::Concat(parts) => {
            let mut out = vec![Vec::new()];
            for part in parts {
                out = product(&out, &exact(part)?)?;
            }
            Some(out)
        }
        HirKind::Alternation(alts) => union(alts, exact),
        HirKind::Repetition(_) => None,
    }
}

/// The union of what `each` gives every alternative, unless one gives nothing or it gets
/// too big.
fn union(alts: &[Hir], each: impl Fn(&Hir) -> Option<Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for alt in alts {
        out.extend(each(alt)?);
        if out.len() > MAX_SET {
            return None;
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// Every concatenation of a string of `a` with one of `b`, unless that gets too big.
fn product(a: &[Vec<u8>], b: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            if x.len() + y.len() > MAX_LEN && !x.is_empty() && !y.is_empty() {
                return None;
            }
            out.push([x.as_slice(), y.as_slice()].concat());
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// The bytes of a small class (`None` when it is large, or holds non-ASCII characters).
fn class_bytes(class: &Class) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut push = |start: u32, end: u32| -> Option<()> {
        if end > 0x7f || end - start >= 2 * MAX_CLASS as u32 {
            return None;
        }
        out.extend((start..=end).map(|b| b as u8));
        (out.len() <= 2 * MAX_CLASS).then_some(())
    };
    match class {
        Class::Bytes(c) => c.ranges().iter().try_for_each(|r| push(r.start().into(), r.end().into()))?,
        Class::Unicode(c) => c.ranges().iter().try_for_each(|r| push(r.start().into(), r.end().into()))?,
    }
    Some(out)
}

/// Most line feeds a match can contain, `None` when unbounded (`\s*`, `[^}]*`).
fn line_feeds(hir: &Hir) -> Option<u32> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(lit) => Some(lit.0.iter().filter(|&&b| b == b'\n').count() as u32),
        HirKind::Class(Class::Bytes(c)) => {
            Some(c.ranges().iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end()).into())
        }
        HirKind::Class(Class::Unicode(c)) => {
            Some(c.ranges().iter().any(|r| r.start() <= '\n' && '\n' <= r.end()).into())
        }
        HirKind::Capture(c) => line_feeds(&c.sub),
        HirKind::Repetition(r) => match (line_feeds(&r.sub)?, r.max) {
            (0, _) => Some(0),
            (n, Some(max)) => n.checked_mul(max),
            (_, None) => None,
        },
        HirKind::Concat(parts) => parts.iter().try_fold(0u32, |sum, p| sum.checked_add(line_feeds(p)?)),
        HirKind::Alternation(parts) => parts.iter().try_fold(0u32, |most, p| Some(most.max(line_feeds(p)?))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(pattern: &str) -> Option<Vec<String>> {
        let hir = crate::rules::pattern::hir(pattern).unwrap();
        analyse(&hir).literals.map(|s| s.into_iter().map(|l| String::from_utf8(l).unwrap()).collect())
    }

    fn line_feeds(pattern: &str) -> Option<u32> {
        analyse(&crate::rules::pattern::hir(pattern).unwrap()).max_line_feeds
    }

    #[test]
    fn finds_literals_behind_optional_prefixes() {
        assert_eq!(
            lits(r"(?i)^[ \t]*([^/*#\s][^\n]*?)?\b(prometheus|OpenTelemetry)\b").unwrap(),
            ["opentelemetry", "prometheus"]
        );
        assert_eq!(lits(r"(?i)HEALTHCHECK\s+CMD").unwrap(), ["healthcheck"]);
        // Case-insensitive classes fold back into one literal.
        assert_eq!(lits(r"(?i)time[-_]?out").unwrap(), ["time-out", "time_out", "timeout"]);
        assert_eq!(lits(r"timeouts?").unwrap(), ["timeout"]);
        assert_eq!(lits(r"retr(y|ies)").unwrap(), ["retr"]);
        // A quote, then the start of each alternative.
        assert_eq!(lits(r#"["'](avg|p\(\d+\))[ \t]*<"#).unwrap(), ["\"avg", "\"p(", "'avg", "'p("]);
        // Fewer literals win once they are long enough: not every product of the two.
        assert_eq!(lits(r"(purge|prune)[_-]?(old|stale|expired)").unwrap(), ["prune", "purge"]);
    }

    #[test]
    fn refuses_weak_or_missing_sets() {
        // Too short, optional, or unbounded: no set, so the regex runs everywhere.
        assert_eq!(lits(r"\bdb\b"), None);
        assert_eq!(lits(r"(foo)?bar|[a-z]+"), None);
        assert_eq!(lits(r"x*"), None);
        assert_eq!(lits(r"^\s*$"), None);
    }

    #[test]
    fn every_alternative_contributes() {
        // One branch without a literal spoils the set: a line could match through it.
        assert_eq!(lits(r"alpha|[0-9]+"), None);
        assert_eq!(lits(r"(?:alpha|beta)[0-9]+gamma").unwrap(), ["gamma"]);
        assert_eq!(lits(r"(?:alpha|beta)[0-9]+").unwrap(), ["alpha", "beta"]);
    }

    #[test]
    fn knows_which_patterns_stay_on_one_line() {
        assert_eq!(line_feeds(r"^[ \t]*([^/*#\s][^\n]*?)?foo"), Some(0));
        assert_eq!(line_feeds(r"timeout[ \t]*=[ \t]*\d+"), Some(0));
        // `\s` and negated classes take line feeds too.
        assert_eq!(line_feeds(r"(?i)password\s*=\s*\S+"), None);
        assert_eq!(line_feeds(r"-----BEGIN[\s\S]*END"), None);
        assert_eq!(line_feeds(r"(:[^=\n]*)?=[^=]"), Some(1));
        assert_eq!(line_feeds(r"a\r?\n(b[^\n]*\n){0,3}c"), Some(4));
    }

    #[test]
    fn the_literals_are_necessary() {
        // Soundness on samples: whenever the regex matches, some literal is in the text.
        let cases = [
            (r"(?i)^[ \t]*([^/*#\s][^\n]*?)?\b(prometheus|OpenTelemetry)\b", "x = Prometheus.init()"),
            (r"(?i)time[-_]?out", "TIME_OUT"),
            (r"(?:alpha|beta)[0-9]+gamma", "beta42gamma"),
            (r"retr(y|ies)", "three retries"),
        ];
        for (p, text) in cases {
            assert!(crate::rules::pattern::compile(p).unwrap().is_match(text.as_bytes()));
            let set = lits(p).unwrap();
            assert!(set.iter().any(|l| text.to_ascii_lowercase().contains(l.as_str())), "{p} on {text}: {set:?}");
        }
    }
}

#[cfg(test)]
mod builtin {
    use super::*;

    #[test]
    fn most_builtin_patterns_have_literals() {
        let set = crate::rules::load_builtin().unwrap();
        let (mut total, mut with_literals, mut local) = (0, 0, 0);
        let mut without = Vec::new();
        for atom in &set.atoms {
            for p in [&atom.contains, &atom.forbid, &atom.when].into_iter().flatten() {
                let a = analyse(&crate::rules::pattern::hir(p).unwrap());
                total += 1;
                with_literals += usize::from(a.literals.is_some());
                local += usize::from(a.max_line_feeds == Some(0));
                if a.literals.is_none() {
                    without.push(p.clone());
                }
            }
        }
        // Each of these runs on every file its rule applies to: keep them few.
        assert!(
            with_literals * 100 >= total * 95,
            "{with_literals} of {total} patterns have literals ({local} line-local); without:\n{}",
            without.join("\n")
        );
    }
}
