//! One file: read it at most once (only when some atom wants its content), search it once
//! for its class's patterns, and turn the patterns that hit into evidence lines and findings.

use std::cell::RefCell;
use std::io::Read;
use std::ops::Range;
use std::time::Instant;

use super::matcher::{Clock, Matcher, Profile, Search, Want};
use super::open_regular;
use super::{Candidate, Evidence, Finding, ScanStats, ScanWarning, Suppression};
use crate::rules::AtomId;

/// How much of a file's head is checked for NUL bytes to call it binary (as git does).
const BINARY_SNIFF: usize = 8 << 10;
/// Longest matched text or snippet kept in a finding.
const MAX_SNIPPET: usize = 160;
/// Characters of a secret that stay visible, so a reader can tell which secret it is.
const MASK_KEEP: usize = 4;
/// What replaces the rest of a secret: fixed, so the mask does not reveal its length.
const MASK: &str = "********";

/// What one file contributed.
#[derive(Default)]
pub(super) struct FileResult {
    pub hits: Vec<(AtomId, Evidence)>,
    pub findings: Vec<(AtomId, Finding)>,
    pub warning: Option<ScanWarning>,
    pub stats: ScanStats,
    pub suppressions: Vec<Suppression>,
    pub read: std::time::Duration,
    pub matching: std::time::Duration,
    /// When profiled: the literal pass's share of `matching`, and each pattern's.
    pub profile: Profile,
}

thread_local! {
    // Reused across files on a thread: no allocation per file once warmed up.
    static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

pub(super) fn process(matcher: &Matcher, c: &Candidate, max_size: u64, profile: bool) -> FileResult {
    let mut out = FileResult::default();
    let needs_content = c.atoms.iter().any(|&a| *matcher.want(a) != Want::Exists);
    for &a in c.atoms.iter() {
        if *matcher.want(a) == Want::Exists {
            out.hits.push((a, Evidence { path: c.rel.clone(), line: None }));
        }
    }
    if !needs_content {
        return out;
    }
    if c.size > max_size {
        out.stats.skipped_large = 1;
        return out;
    }
    BUF.with_borrow_mut(|buf| {
        buf.clear();
        let started = Instant::now();
        let read = open_regular(&c.abs).and_then(|f| f.take(max_size + 1).read_to_end(buf));
        out.read = started.elapsed();
        match read {
            Err(e) => {
                out.warning = Some(ScanWarning { path: c.rel.clone(), message: format!("unreadable: {e}") });
            }
            // The file grew past the cap between the walk and the read.
            Ok(n) if n as u64 > max_size => out.stats.skipped_large = 1,
            Ok(n) if buf[..n.min(BINARY_SNIFF)].contains(&0) => out.stats.skipped_binary = 1,
            Ok(n) => {
                out.stats.files_read = 1;
                out.stats.bytes_read = n as u64;
                let started = Instant::now();
                match_content(matcher, c, buf, profile, &mut out);
                out.suppressions = suppressions(&c.rel, buf);
                out.matching = started.elapsed();
            }
        }
    });
    out
}

fn match_content(matcher: &Matcher, c: &Candidate, buf: &[u8], profile: bool, out: &mut FileResult) {
    let mut search = matcher.search(&c.atoms, buf, profile);
    let mut timed = std::mem::take(&mut search.profile);
    let lint = Lint { rel: &c.rel, buf, in_test: matcher.is_test_path(&c.rel) };
    let mut non_empty_lines: Option<u32> = None;
    // Lints are gathered first and turned into findings last, once every secret of the file
    // is known: another rule's snippet of a line holding a secret must not show it either.
    let mut lints: Vec<(AtomId, Vec<Found>)> = Vec::new();
    let mut secrets: Vec<Range<usize>> = Vec::new();
    for &a in c.atoms.iter() {
        match matcher.want(a) {
            Want::Exists => {}
            Want::Contains { pattern, min_lines } => {
                if let Some(min) = *min_lines {
                    let n = *non_empty_lines.get_or_insert_with(|| count_non_empty_lines(buf));
                    if n < min {
                        continue;
                    }
                }
                let line = match pattern {
                    None => None,
                    Some(p) => match search.first(*p) {
                        Some(at) => Some(line_of(buf, at)),
                        None => continue,
                    },
                };
                out.hits.push((a, Evidence { path: c.rel.clone(), line }));
            }
            Want::Forbid { pattern, allow, redact } => {
                if search.is_match(*pattern) {
                    let clock = Clock::start(profile);
                    let found = forbidden(matcher, &search, *pattern, *allow, buf);
                    timed.add(*pattern, clock.lap());
                    if *redact {
                        secrets.extend(found.iter().map(|f| f.secret.clone().unwrap_or(f.whole.clone())));
                    }
                    lints.push((a, found));
                }
            }
            Want::Require { split, when, require, last } => {
                if when.is_some_and(|w| !search.is_match(w)) {
                    continue;
                }
                let clock = Clock::start(profile);
                let missing = missing_requirements(matcher, buf, *split, *when, require, *last);
                // Charged to the pattern that decided to look (`when`, else the split or the
                // first requirement), as the profile lists patterns, not atoms.
                if let Some(p) = matcher.primary(a).or(*split).or(require.first().copied()) {
                    timed.add(p, clock.lap());
                }
                let found = missing
                    .into_iter()
                    .map(|(at, missing)| Found {
                        whole: at..at,
                        secret: None,
                        message: Some(format!("no line here matches `{}`", matcher.pattern_text(missing))),
                    })
                    .collect();
                lints.push((a, found));
            }
        }
    }
    for (a, found) in lints {
        out.findings.extend(found.iter().map(|f| (a, lint.finding(f, &secrets))));
    }
    out.profile = timed;
}

/// The marker of an inline suppression.
const SUPPRESS: &[u8] = b"readiness-ignore:";

/// Comment openers a directive may follow on its line.
const COMMENT_OPENERS: &[&str] = &["#", "//", "--", "/*", "*", "<!--", ";"];

/// Every `readiness-ignore: <rule-id> -- <reason>` directive in a file, whatever the comment
/// syntax around it (`#`, `//`, `--`, `/* */`, `<!-- -->`). Text that merely mentions the
/// syntax (docs in backticks, a `<rule-id>` placeholder) is not a directive.
fn suppressions(rel: &str, buf: &[u8]) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&buf[from..], SUPPRESS).map(|p| from + p) {
        from = at + SUPPRESS.len();
        let (line_start, line_end) = line_bounds(buf, at);
        let before = String::from_utf8_lossy(&buf[line_start..at]);
        if !COMMENT_OPENERS.iter().any(|o| before.trim_end().ends_with(o)) {
            continue;
        }
        let rest = String::from_utf8_lossy(&buf[from..line_end]);
        let rest = rest.trim().trim_end_matches("-->").trim_end_matches("*/").trim();
        let (rule, reason) = match rest.split_once("--") {
            Some((rule, reason)) => (rule.trim(), Some(reason.trim()).filter(|r| !r.is_empty())),
            None => (rest, None),
        };
        let rule = rule.split_whitespace().next().unwrap_or_default().to_string();
        if !looks_like_rule_id(&rule) {
            continue;
        }
        // An `expires=YYYY-MM-DD` word in the reason is the waiver's end date, not reason.
        let (reason, expires) = match reason {
            Some(text) => {
                let expires = text.split_whitespace().find_map(|w| w.strip_prefix("expires=")).map(|d| {
                    let end = d.find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '/')).unwrap_or(d.len());
                    d[..end].to_string()
                });
                let rest: Vec<&str> = text.split_whitespace().filter(|w| !w.starts_with("expires=")).collect();
                (Some(rest.join(" ")).filter(|r| !r.is_empty()), expires)
            }
            None => (None, None),
        };
        let line = line_of(buf, at);
        out.push(Suppression { path: rel.to_string(), line, rule, reason: reason.map(|r| truncate(&r)), expires });
    }
    out
}

/// `category/name`, both lower-case words with digits and hyphens: what a rule id looks like,
/// so a typo in a real id is still reported but a placeholder is not taken for one.
fn looks_like_rule_id(s: &str) -> bool {
    let part = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    s.split_once('/').is_some_and(|(c, n)| part(c) && part(n))
}

/// First position of `needle` in `haystack` (SIMD search: this runs on every file read).
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// One match of a lint: where it is, where its secret is, and what is wrong when the match
/// does not say (structure lints).
struct Found {
    whole: Range<usize>,
    secret: Option<Range<usize>>,
    message: Option<String>,
}

/// Matches of `pattern` that `allow` does not excuse, checked against the `secret` group
/// when the pattern has one (so `password = "changeme"` can be allowed by its value alone).
fn forbidden(matcher: &Matcher, search: &Search, pattern: usize, allow: Option<usize>, buf: &[u8]) -> Vec<Found> {
    let has_secret = matcher.pattern(pattern).capture_names().any(|n| n == Some("secret"));
    let allow = allow.map(|a| matcher.pattern(a));
    let mut found = Vec::new();
    for caps in search.captures(pattern) {
        let whole = caps.get(0).expect("group 0 always matches");
        if whole.is_empty() {
            continue;
        }
        let secret = if has_secret { caps.name("secret").map(|m| m.range()) } else { None };
        let judged = secret.clone().unwrap_or(whole.range());
        if allow.is_some_and(|a| a.is_match(&buf[judged])) {
            continue;
        }
        found.push(Found { whole: whole.range(), secret, message: None });
    }
    found
}

/// For a structure lint: (offset to report at, missing pattern) for each requirement that a
/// checked section lacks.
fn missing_requirements(
    matcher: &Matcher,
    buf: &[u8],
    split: Option<usize>,
    when: Option<usize>,
    require: &[usize],
    last: bool,
) -> Vec<(usize, usize)> {
    let mut starts = vec![0];
    if let Some(split) = split {
        for m in matcher.pattern(split).find_iter(buf) {
            let line_start = buf[..m.start()].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            if line_start > *starts.last().expect("starts with 0") {
                starts.push(line_start);
            }
        }
    }
    let ends = starts.iter().skip(1).copied().chain([buf.len()]);
    let mut checked: Vec<(usize, Range<usize>)> = starts
        .iter()
        .zip(ends)
        .filter_map(|(&start, end)| {
            let section = &buf[start..end];
            match when {
                Some(w) => matcher.pattern(w).find(section).map(|m| (start + m.start(), start..end)),
                // Report at the first non-blank character of the section.
                None => Some((start + section.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0), start..end)),
            }
        })
        .collect();
    if last && checked.len() > 1 {
        checked.drain(..checked.len() - 1);
    }
    let mut missing = Vec::new();
    for (at, range) in checked {
        for &r in require {
            if !matcher.pattern(r).is_match(&buf[range.clone()]) {
                missing.push((at, r));
            }
        }
    }
    missing
}

/// Turns match offsets in one file into findings with lines, columns and snippets.
struct Lint<'a> {
    rel: &'a str,
    buf: &'a [u8],
    in_test: bool,
}

impl Lint<'_> {
    /// The finding for one match, with every secret of the file masked in its text (a line
    /// holding two secrets must not show the second in the finding of the first).
    fn finding(&self, f: &Found, secrets: &[Range<usize>]) -> Finding {
        let (line_start, line_end) = line_bounds(self.buf, f.whole.start);
        let column = String::from_utf8_lossy(&self.buf[line_start..f.whole.start]).chars().count() as u32 + 1;
        let matched_end = if f.whole.is_empty() { line_end } else { f.whole.end };
        Finding {
            path: self.rel.to_string(),
            line: line_of(self.buf, f.whole.start),
            column,
            matched: truncate(&masked(self.buf, f.whole.start..matched_end, secrets)),
            snippet: truncate(masked(self.buf, line_start..line_end, secrets).trim()),
            message: f.message.clone(),
            in_test: self.in_test,
        }
    }
}

/// The start and end (before the newline) of the line holding `offset`.
fn line_bounds(buf: &[u8], offset: usize) -> (usize, usize) {
    let start = buf[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let end = buf[offset..].iter().position(|&b| b == b'\n').map_or(buf.len(), |p| offset + p);
    (start, end)
}

/// `buf[range]` as text, with every secret overlapping it shown as its first characters (4
/// at most, a quarter at most) and `********`.
fn masked(buf: &[u8], range: Range<usize>, secrets: &[Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = range.start;
    let mut overlapping: Vec<&Range<usize>> =
        secrets.iter().filter(|s| s.start < range.end && s.end > range.start && !s.is_empty()).collect();
    overlapping.sort_by_key(|s| s.start);
    let mut masked_until = 0;
    for s in overlapping {
        if s.start < masked_until {
            // Overlaps a secret already masked: showing its start would reveal that one's
            // middle.
            masked_until = masked_until.max(s.end);
            at = masked_until.min(range.end);
            continue;
        }
        let start = s.start.max(at);
        out.push_str(&String::from_utf8_lossy(&buf[at..start]));
        let secret = String::from_utf8_lossy(&buf[s.clone()]);
        // A short secret keeps less: four characters of a six-character password is most of it.
        let keep = (secret.chars().count() / 4).min(MASK_KEEP);
        out.extend(secret.chars().take(keep));
        out.push_str(MASK);
        masked_until = s.end;
        at = s.end.max(at).min(range.end);
    }
    out.push_str(&String::from_utf8_lossy(&buf[at.min(range.end)..range.end]));
    out
}

/// 1-based line number of a byte offset.
fn line_of(buf: &[u8], offset: usize) -> u32 {
    buf[..offset].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

fn count_non_empty_lines(buf: &[u8]) -> u32 {
    buf.split(|&b| b == b'\n').filter(|l| l.iter().any(|b| !b.is_ascii_whitespace())).count() as u32
}

fn truncate(s: &str) -> String {
    super::shorten(s, MAX_SNIPPET)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::single_range_in_vec_init, reason = "a list of secrets that holds one range")]
    fn masks_keep_four_characters_and_never_reveal_an_overlapped_secret() {
        let buf = b"key=ABCDEFGHIJKLMNOP tail";
        assert_eq!(masked(buf, 0..buf.len(), &[4..20]), "key=ABCD******** tail");
        // A second pattern's secret inside the first shows nothing more of it.
        assert_eq!(masked(buf, 0..buf.len(), &[4..20, 10..20]), "key=ABCD******** tail");
        assert_eq!(masked(buf, 0..buf.len(), &[10..20, 4..16]), "key=ABC******** tail");
        // A range that starts inside a secret still masks it.
        assert_eq!(masked(buf, 8..buf.len(), &[4..20]), "ABCD******** tail");
        assert_eq!(masked(buf, 0..buf.len(), &[]), "key=ABCDEFGHIJKLMNOP tail");
        assert_eq!(masked(b"pw=hunter", 0..9, &[3..9]), "pw=h********");
        assert_eq!(masked(b"pw=abc", 0..6, &[3..6]), "pw=********");
    }

    #[test]
    fn counts_lines_and_non_empty_lines() {
        assert_eq!(line_of(b"a\nb\nc", 4), 3);
        assert_eq!(count_non_empty_lines(b"a\n\n  \r\nb\n"), 2);
        assert_eq!(count_non_empty_lines(b""), 0);
    }

    #[test]
    fn suppression_directives_are_comments_naming_rule_shaped_ids() {
        // Built from the marker, so this file holds no directive of its own.
        let m = std::str::from_utf8(SUPPRESS).unwrap();
        let text = [
            format!("x = 1  # {m} a/b -- why expires=2027-01-31)."),
            format!("Write `{m} <rule-id> -- <reason>` in a comment."),
            format!("// {m} a/typo -- reported later as unknown"),
            format!("<!-- {m} docs/x -- html -->"),
            format!("let s = \"{m} a/b -- inside a string\";"),
            format!("# {m} {{}} -- a placeholder"),
        ]
        .join("\n");
        let found: Vec<(u32, String, Option<String>, Option<String>)> =
            suppressions("f", text.as_bytes()).into_iter().map(|s| (s.line, s.rule, s.reason, s.expires)).collect();
        assert_eq!(
            found,
            vec![
                (1, "a/b".into(), Some("why".into()), Some("2027-01-31".into())),
                (3, "a/typo".into(), Some("reported later as unknown".into()), None),
                (4, "docs/x".into(), Some("html".into()), None),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_link_in_place_of_a_file_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // A plain open would wait for a writer forever: bound the wait.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(open_regular(&fifo).map(drop).map_err(|e| e.to_string())));
        let opened = rx.recv_timeout(std::time::Duration::from_secs(10)).expect("opening a FIFO blocked");
        assert_eq!(opened, Err("no longer a regular file, skipped".to_string()));
        std::fs::write(dir.path().join("file"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("file"), dir.path().join("link")).unwrap();
        assert!(open_regular(&dir.path().join("file")).is_ok());
        assert!(open_regular(&dir.path().join("link")).is_err(), "links are resolved by the walk, not here");
    }

    #[test]
    fn truncates_on_char_boundaries() {
        let long = "é".repeat(MAX_SNIPPET + 5);
        assert_eq!(truncate(&long).chars().count(), MAX_SNIPPET + 1);
        assert_eq!(truncate("short"), "short");
    }
}
