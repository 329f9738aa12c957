//! How pack patterns are compiled: one place, so the loader validates exactly what the
//! scanner runs.
//!
//! Patterns run on bytes with ASCII semantics for `\b`, `\w`, `\d`, `\s` and `(?i)`: Unicode
//! classes make large pattern sets fall off the regex crate's fast paths (measured at 20x
//! and more), and bytes matching never fails on invalid UTF-8. `(?u)` opts back in.

use globset::{Glob, GlobBuilder};
use regex::bytes::{Regex, RegexBuilder};

/// Compiled-size cap per pattern, so a hostile pack gets a diagnostic, not an OOM.
pub const SIZE_LIMIT: usize = 8 << 20;
/// Lazy-DFA cache cap per pattern.
pub const DFA_SIZE_LIMIT: usize = 16 << 20;

/// Compile one pack pattern.
pub fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .multi_line(true)
        .crlf(true)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
}

/// Check a pattern's syntax without compiling it (cheap): for packs whose patterns are
/// known to compile.
pub fn parse(pattern: &str) -> Result<(), regex::Error> {
    hir(pattern).map(drop)
}

/// Above this compiled size (a fraction of `SIZE_LIMIT`), `validate` confirms with a full
/// compile: the matcher also builds a reverse automaton, which can be a few times larger
/// than the forward one for Unicode classes.
const CONFIRM_ABOVE: usize = SIZE_LIMIT / 8;

/// Check that a pattern compiles, as `compile` would, and return its syntax tree, at about a
/// third of the cost: only the forward NFA is built, which is where the size limit bites.
/// Patterns near the limit, or over it, are confirmed with a full compile, so the verdict is
/// `compile`'s (the matcher needs no NFA for a plain list of words, for one).
pub fn validate(pattern: &str) -> Result<regex_syntax::hir::Hir, regex::Error> {
    let hir = hir(pattern)?;
    match forward_size(&hir) {
        Some(size) if size <= CONFIRM_ABOVE => Ok(hir),
        _ => compile(pattern).map(|_| hir),
    }
}

/// The compiled size of the forward NFA, as the matcher builds it (`None`: over the limit).
fn forward_size(hir: &regex_syntax::hir::Hir) -> Option<usize> {
    use regex_automata::nfa::thompson;
    let config = thompson::Config::new().utf8(false).shrink(false).nfa_size_limit(Some(SIZE_LIMIT));
    thompson::Compiler::new().configure(config).build_from_hir(hir).ok().map(|nfa| nfa.memory_usage())
}

/// A pattern's syntax tree, parsed with the flags `compile` uses.
pub fn hir(pattern: &str) -> Result<regex_syntax::hir::Hir, regex::Error> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .multi_line(true)
        .crlf(true)
        .build()
        .parse(pattern)
        .map_err(|e| regex::Error::Syntax(e.to_string()))
}

/// Compile one path glob: relative to the root, `*` stays within a segment, and case is
/// ignored unless the check asks otherwise (README, Readme and readme are the same file to
/// a reader, and to macOS).
pub fn glob(glob: &str, case_sensitive: bool) -> Result<Glob, globset::Error> {
    GlobBuilder::new(glob).literal_separator(true).case_insensitive(!case_sensitive).backslash_escape(true).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_semantics_and_line_anchors() {
        let re = compile(r"(?i)^\s*license\b").unwrap();
        assert!(re.is_match(b"name = 'x'\r\nLICENSE = 'MIT'\r\n"));
        assert!(!re.is_match(b"# the licensee"));
        // \w is ASCII: an accented letter is not a word character.
        assert!(!compile(r"^\w+$").unwrap().is_match("é".as_bytes()));
        // ... unless the pattern opts into Unicode.
        assert!(compile(r"(?u)^\w+$").unwrap().is_match("é".as_bytes()));
        // Non-ASCII literals still match their UTF-8 bytes.
        assert!(compile("café").unwrap().is_match("un café".as_bytes()));
    }

    #[test]
    fn every_builtin_pattern_compiles() {
        // Built-in packs are only parsed at start-up; this is where they are compiled.
        let set = crate::rules::load_builtin().unwrap();
        let mut n = 0;
        for atom in &set.atoms {
            let patterns = [&atom.contains, &atom.forbid, &atom.allow, &atom.split, &atom.when];
            for p in patterns.into_iter().flatten().chain(&atom.require) {
                compile(p).unwrap_or_else(|e| panic!("{p}: {e}"));
                n += 1;
            }
        }
        assert!(n > 100, "only {n} patterns");
    }

    #[test]
    fn parse_agrees_with_compile_on_syntax() {
        for p in ["(foo", "a{2,1}", r"(?<!x)y", r"\p{Greek}"] {
            assert!(parse(p).is_err() || compile(p).is_ok(), "{p}");
            assert_eq!(parse(p).is_err(), compile(p).is_err(), "{p}");
        }
        assert!(parse(r"^\s*(?i)license\b").is_ok());
    }

    #[test]
    fn validate_agrees_with_compile_at_the_size_limit() {
        /// The largest `n` for which `ok(n)` holds (`ok` is monotone, true at 1).
        fn largest(ok: impl Fn(usize) -> bool) -> usize {
            let (mut lo, mut hi) = (1usize, 1 << 20);
            assert!(ok(lo) && !ok(hi));
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if ok(mid) { lo = mid } else { hi = mid }
            }
            lo
        }
        let repeat = |atom: &str, n: usize| format!("{atom}{{{n}}}");
        for atom in [r"(?:\w{10})", r"(?:(?u)\w)", r"(?:(?u)[^a]b)", "(?:[a-z]x)"] {
            // At the limit: `validate` accepts the largest that compiles and rejects the next.
            let most = largest(|n| compile(&repeat(atom, n)).is_ok());
            assert!(validate(&repeat(atom, most)).is_ok(), "{atom}{{{most}}}");
            let over = validate(&repeat(atom, most + 1));
            assert!(matches!(over, Err(regex::Error::CompiledTooBig(_))), "{atom}{{{}}}: {over:?}", most + 1);
            // The largest accepted without a full compile does compile: the reverse automaton
            // the matcher adds stays within the margin.
            let fast = largest(|n| forward_size(&hir(&repeat(atom, n)).unwrap()).is_some_and(|s| s <= CONFIRM_ABOVE));
            assert!(compile(&repeat(atom, fast)).is_ok(), "{atom}{{{fast}}}");
        }
        // A long list of words needs no NFA in the matcher, so a forward NFA over the limit
        // is not the verdict: `compile` is.
        let list = (0..200_000).map(|i| format!("w{i}x")).collect::<Vec<_>>().join("|");
        assert!(forward_size(&hir(&list).unwrap()).is_none_or(|s| s > CONFIRM_ABOVE));
        assert_eq!(validate(&list).is_ok(), compile(&list).is_ok());
        for p in ["(foo", r"(?<!x)y", "a{2,1}", r"\bok\b"] {
            assert_eq!(validate(p).is_ok(), compile(p).is_ok(), "{p}");
        }
    }

    #[test]
    fn invalid_utf8_is_searched_not_rejected() {
        let re = compile("pytest").unwrap();
        assert!(re.is_match(b"\xff\xfe run: pytest -q"));
    }

    #[test]
    fn globs_are_rooted_and_case_insensitive() {
        let m = glob("README*", false).unwrap().compile_matcher();
        assert!(m.is_match("readme.md"));
        assert!(!m.is_match("pkg/README.md"));
        let deep = glob("**/Dockerfile", false).unwrap().compile_matcher();
        assert!(deep.is_match("Dockerfile") && deep.is_match("svc/a/Dockerfile"));
        let wf = glob(".github/workflows/*.yml", true).unwrap().compile_matcher();
        assert!(!wf.is_match(".github/workflows/sub/x.yml"));
        assert!(!wf.is_match(".github/workflows/X.YML"));
    }
}
