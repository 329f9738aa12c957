//! One file: read it at most once (only when some atom wants its content), run its class's
//! pattern set once, and turn the patterns that hit into evidence lines and findings.

use std::cell::RefCell;
use std::io::Read;

use super::matcher::{Matcher, Want};
use super::{Candidate, Evidence, Finding, ScanStats, ScanWarning};
use crate::rules::AtomId;

/// How much of a file's head is checked for NUL bytes to call it binary (as git does).
const BINARY_SNIFF: usize = 8 << 10;
/// Longest matched text or snippet kept in a finding.
const MAX_SNIPPET: usize = 160;

/// What one file contributed.
#[derive(Default)]
pub(super) struct FileResult {
    pub hits: Vec<(AtomId, Evidence)>,
    pub findings: Vec<(AtomId, Finding)>,
    pub warning: Option<ScanWarning>,
    pub stats: ScanStats,
}

thread_local! {
    // Reused across files on a thread: no allocation per file once warmed up.
    static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

pub(super) fn process(matcher: &Matcher, c: &Candidate, max_size: u64) -> FileResult {
    let mut out = FileResult::default();
    let needs_content = c.atoms.iter().any(|&a| matcher.want(a) != Want::Exists);
    for &a in &c.atoms {
        if matcher.want(a) == Want::Exists {
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
        let read = std::fs::File::open(&c.abs).and_then(|f| f.take(max_size + 1).read_to_end(buf));
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
                match_content(matcher, c, buf, &mut out);
            }
        }
    });
    out
}

fn match_content(matcher: &Matcher, c: &Candidate, buf: &[u8], out: &mut FileResult) {
    let hit_patterns = matcher.matching_patterns(&c.atoms, buf);
    let mut non_empty_lines: Option<u32> = None;
    for &a in &c.atoms {
        match matcher.want(a) {
            Want::Exists => {}
            Want::Contains { pattern, min_lines } => {
                if let Some(min) = min_lines {
                    let n = *non_empty_lines.get_or_insert_with(|| count_non_empty_lines(buf));
                    if n < min {
                        continue;
                    }
                }
                let line = match pattern {
                    None => None,
                    Some(p) if hit_patterns.contains(&p) => {
                        // The set only says "somewhere"; find where, for the evidence.
                        match matcher.pattern(p).find(buf) {
                            Some(m) => Some(line_of(buf, m.start())),
                            None => continue,
                        }
                    }
                    Some(_) => continue,
                };
                out.hits.push((a, Evidence { path: c.rel.clone(), line }));
            }
            Want::Forbid { pattern } => {
                if hit_patterns.contains(&pattern) {
                    findings(matcher, a, pattern, c, buf, out);
                }
            }
        }
    }
}

fn findings(matcher: &Matcher, atom: AtomId, pattern: usize, c: &Candidate, buf: &[u8], out: &mut FileResult) {
    // Walk matches in order, counting lines incrementally rather than from the start each time.
    let mut line = 1u32;
    let mut line_start = 0usize;
    let mut scanned = 0usize;
    for m in matcher.pattern(pattern).find_iter(buf) {
        if m.is_empty() {
            continue;
        }
        for (i, &b) in buf[scanned..m.start()].iter().enumerate() {
            if b == b'\n' {
                line += 1;
                line_start = scanned + i + 1;
            }
        }
        scanned = m.start();
        let line_end = buf[m.start()..].iter().position(|&b| b == b'\n').map_or(buf.len(), |p| m.start() + p);
        let column = String::from_utf8_lossy(&buf[line_start..m.start()]).chars().count() as u32 + 1;
        out.findings.push((
            atom,
            Finding {
                path: c.rel.clone(),
                line,
                column,
                matched: truncate(&String::from_utf8_lossy(m.as_bytes())),
                snippet: truncate(String::from_utf8_lossy(&buf[line_start..line_end]).trim()),
            },
        ));
    }
}

/// 1-based line number of a byte offset.
fn line_of(buf: &[u8], offset: usize) -> u32 {
    buf[..offset].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

fn count_non_empty_lines(buf: &[u8]) -> u32 {
    buf.split(|&b| b == b'\n').filter(|l| l.iter().any(|b| !b.is_ascii_whitespace())).count() as u32
}

fn truncate(s: &str) -> String {
    match s.char_indices().nth(MAX_SNIPPET) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_non_empty_lines() {
        assert_eq!(line_of(b"a\nb\nc", 4), 3);
        assert_eq!(count_non_empty_lines(b"a\n\n  \r\nb\n"), 2);
        assert_eq!(count_non_empty_lines(b""), 0);
    }

    #[test]
    fn truncates_on_char_boundaries() {
        let long = "é".repeat(MAX_SNIPPET + 5);
        assert_eq!(truncate(&long).chars().count(), MAX_SNIPPET + 1);
        assert_eq!(truncate("short"), "short");
    }
}
