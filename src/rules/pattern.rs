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
