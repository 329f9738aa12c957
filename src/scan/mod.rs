//! One pass over the tree: a gitignore-aware parallel walk (`walk`) decides from each path
//! which atoms it can affect and which workspace unit it counts for (`partition`); files
//! that some content atom wants are read once, in parallel, and matched against all their
//! patterns together (`content`). The result is a set of facts per atom, per unit.
//!
//! Read-only by construction: files are opened for reading only, symlinks are followed only
//! when they resolve inside the root, and anything that is not a regular file is skipped.

mod content;
mod matcher;
mod partition;
mod prefilter;
pub(crate) mod walk;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::rules::{AtomId, RuleSet};
use matcher::{Matcher, Want};
use partition::Partition;
use walk::{Candidate, Sink, WalkItem, walk};

/// Default cap on the size of files whose content is searched.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1 << 20;
/// Per-directory ignore file read on top of .gitignore and .ignore, for paths that are in
/// the repository but are not evidence about it (test fixtures, vendored examples).
pub const IGNORE_FILE: &str = ".readinessignore";
/// Files the walk may list ahead of the readers.
const WALK_QUEUE: usize = 4096;
/// How many pieces of evidence are kept per atom (the first ones in path order).
pub const MAX_EVIDENCE: usize = 10;

/// Knobs of a scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Files larger than this are not searched (their paths still count).
    pub max_file_size: u64,
    /// Globs of files that are not evidence, on top of the ignore files.
    pub exclude: Vec<String>,
    /// Counters the scan advances as it goes, for a caller that shows progress.
    pub progress: Option<Arc<Progress>>,
    /// Time the literal pass and each pattern (`ScanTimings::patterns`), at the cost of a
    /// clock read around every regex search.
    pub profile: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self { max_file_size: DEFAULT_MAX_FILE_SIZE, exclude: Vec::new(), progress: None, profile: false }
    }
}

/// How far a running scan has got; read from another thread (the library never draws).
#[derive(Debug, Default)]
pub struct Progress {
    files: AtomicU64,
    bytes: AtomicU64,
}

impl Progress {
    /// Files processed so far (read, or decided from their path alone).
    pub fn files(&self) -> u64 {
        self.files.load(Ordering::Relaxed)
    }

    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }
}

/// Where a scan's time went. Read and match are summed over threads (CPU time, not wall).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanTimings {
    /// Wall time of the whole scan.
    pub total: Duration,
    /// Wall time until the walk had listed every file.
    pub walk: Duration,
    /// Time spent reading files.
    pub read: Duration,
    /// Time spent matching patterns.
    pub matching: Duration,
    /// Of `matching`, the time spent in the literal prefilter (when profiled).
    pub literal_pass: Duration,
    /// Where the rest of `matching` went, by pattern, costliest first (when profiled).
    pub patterns: Vec<PatternTime>,
    /// Threads that read and matched.
    pub threads: usize,
    /// What the whole scan saw, each file once (a workspace's units share the root's files,
    /// so their own stats add up to more).
    pub scanned: ScanStats,
}

/// The time one pattern took over the whole scan: its searches, and for lint and structure
/// checks, the work on what it matched (finding every match, the `allow` pattern, the
/// requirements of each section).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternTime {
    /// The pattern as the pack wrote it.
    pub pattern: String,
    /// Time summed over threads.
    pub time: Duration,
    /// Files it ran on.
    pub files: u64,
}

/// A place that proves something: a file, and the line when content matched.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
pub struct Evidence {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// 1-based line of the first match, for content checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// One match of a `forbid` pattern.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
pub struct Finding {
    /// Path relative to the root.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// The matched text (truncated when long).
    pub matched: String,
    /// The whole line, trimmed (truncated when long).
    pub snippet: String,
    /// What is wrong, when the match itself does not say (structure lints).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The file is a test or fixture: still a finding, but marked.
    pub in_test: bool,
}

/// What the scan learned about one atom.
#[derive(Debug, Clone, Default)]
pub struct AtomFacts {
    /// The first `MAX_EVIDENCE` files (and lines) that satisfy the atom, in path order.
    pub hits: Vec<Evidence>,
    /// How many files satisfy it in all.
    pub hit_count: usize,
    /// Every finding of a `forbid` atom, in path and line order.
    pub findings: Vec<Finding>,
}

impl AtomFacts {
    /// True when the atom holds: some file satisfies it, or, for a lint, no finding.
    pub fn holds(&self, is_lint: bool) -> bool {
        if is_lint { self.findings.is_empty() } else { self.hit_count > 0 }
    }
}

/// A `readiness-ignore: <rule-id> -- <reason>` comment, found in a file that was read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Suppression {
    /// File holding the comment.
    pub path: String,
    /// 1-based line of the comment; it covers findings on this line and the next.
    pub line: u32,
    /// The rule it names.
    pub rule: String,
    /// Why (required for the suppression to take effect).
    pub reason: Option<String>,
    /// `expires=YYYY-MM-DD` written in the comment, as written.
    pub expires: Option<String>,
}

/// Counts of what the walk saw.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ScanStats {
    /// Regular files seen (after ignore rules).
    pub files_seen: u64,
    /// Files whose content was read and searched.
    pub files_read: u64,
    /// Bytes read.
    pub bytes_read: u64,
    /// Files not searched because they exceed the size cap.
    pub skipped_large: u64,
    /// Files not searched because they look binary.
    pub skipped_binary: u64,
}

impl std::ops::AddAssign for ScanStats {
    fn add_assign(&mut self, o: Self) {
        self.files_seen += o.files_seen;
        self.files_read += o.files_read;
        self.bytes_read += o.bytes_read;
        self.skipped_large += o.skipped_large;
        self.skipped_binary += o.skipped_binary;
    }
}

/// Something skipped for a reason the user should know (unreadable, outside the root...).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
pub struct ScanWarning {
    /// Path relative to the root (or as the walker reported it).
    pub path: String,
    /// Why it was skipped.
    pub message: String,
}

/// Everything a scan found.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Indexed like `RuleSet::atoms`.
    pub atoms: Vec<AtomFacts>,
    /// Counts.
    pub stats: ScanStats,
    /// Skipped entries, sorted by path.
    pub warnings: Vec<ScanWarning>,
    /// Inline suppression comments, sorted by path and line.
    pub suppressions: Vec<Suppression>,
    /// Where the time went.
    pub timings: ScanTimings,
}

/// Why a scan could not start.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The root does not exist or cannot be read.
    #[error("cannot scan {path}: {error}")]
    Root {
        /// The root as given.
        path: String,
        /// Cause.
        error: std::io::Error,
    },
    /// The root is a file, not a directory.
    #[error("cannot scan {0}: not a directory")]
    NotADirectory(String),
    /// The packs' atoms did not compile (a bug: the loader validates them).
    #[error("internal error compiling rule patterns: {0}")]
    Compile(String),
}

/// Scan `root` for every atom of `rules` (compiles the rules; see `Scanner` to reuse them).
pub fn scan(root: &Path, rules: &RuleSet, opts: &ScanOptions) -> Result<Facts, ScanError> {
    Scanner::new(rules)?.scan(root, opts)
}

/// The atoms of a rule set, compiled once, ready to scan any number of trees.
pub struct Scanner {
    matcher: Matcher,
    atom_count: usize,
}

impl Scanner {
    /// Compile every glob and pattern of `rules`.
    pub fn new(rules: &RuleSet) -> Result<Self, ScanError> {
        Ok(Self {
            matcher: Matcher::new(&rules.atoms, &rules.analysed).map_err(ScanError::Compile)?,
            atom_count: rules.atoms.len(),
        })
    }

    /// Scan one tree.
    pub fn scan(&self, root: &Path, opts: &ScanOptions) -> Result<Facts, ScanError> {
        let mut facts = self.scan_units(root, opts, &[])?;
        Ok(facts.pop().expect("one bucket without units"))
    }

    /// Scan one tree holding several units (directories relative to the root): the facts of
    /// each unit, in order, as if the unit were the root, with the files at the root and in
    /// its hidden top-level directories counting for every unit. Each file is read once.
    pub fn scan_units(&self, root: &Path, opts: &ScanOptions, units: &[String]) -> Result<Vec<Facts>, ScanError> {
        let root_error = |error| ScanError::Root { path: root.display().to_string(), error };
        let meta = std::fs::metadata(root).map_err(root_error)?;
        if !meta.is_dir() {
            return Err(ScanError::NotADirectory(root.display().to_string()));
        }
        let canonical_root = root.canonicalize().map_err(root_error)?;
        let matcher = &self.matcher;
        let mut exclude = globset::GlobSetBuilder::new();
        for g in &opts.exclude {
            exclude.add(crate::rules::pattern::glob(g, false).map_err(|e| ScanError::Compile(e.to_string()))?);
        }
        let exclude = exclude.build().map_err(|e| ScanError::Compile(e.to_string()))?;
        let partition = Partition::new(units);
        let files_seen: Vec<AtomicU64> = (0..partition.buckets()).map(|_| AtomicU64::new(0)).collect();
        let sink = Sink { matcher, exclude: &exclude, partition: &partition, files_seen: &files_seen };
        let started = Instant::now();
        let progress = opts.progress.as_deref();

        // Bounded: the walk outruns the readers, and an unbounded queue held every path of a
        // 100k-file tree with its atom list (measured: 150 MB of the peak).
        let (tx, rx) = mpsc::sync_channel::<WalkItem>(WALK_QUEUE);
        let (results, walk_time) = std::thread::scope(|scope| {
            let walker = scope.spawn(|| {
                walk(root, &canonical_root, &sink, tx);
                started.elapsed()
            });
            let results = rx
                .into_iter()
                .par_bridge()
                .map(|item| match item {
                    WalkItem::File(c) => {
                        let r = content::process(matcher, &c, opts.max_file_size, opts.profile);
                        if let Some(p) = progress {
                            p.files.fetch_add(1, Ordering::Relaxed);
                            p.bytes.fetch_add(r.stats.bytes_read, Ordering::Relaxed);
                        }
                        (c.bucket, r)
                    }
                    WalkItem::Warning(w) => {
                        // A warning outside every unit (a bad ignore file in libs/) is shown
                        // with every unit rather than dropped.
                        let bucket = partition.locate(&w.path).map_or(partition::SHARED, |(b, _)| b);
                        (bucket, content::FileResult { warning: Some(w), ..Default::default() })
                    }
                })
                .fold(Acc::default, |acc, (bucket, r)| acc.add(bucket, r))
                .reduce(Acc::default, Acc::merge);
            (results, walker.join().unwrap_or_default())
        });
        let mut buckets = results.buckets;
        buckets.resize_with(partition.buckets(), Bucket::default);
        for (bucket, seen) in buckets.iter_mut().zip(files_seen) {
            bucket.stats.files_seen = seen.into_inner();
        }
        let mut scanned = ScanStats::default();
        for b in &buckets {
            scanned += b.stats.clone();
        }
        let mut patterns: Vec<PatternTime> = results
            .patterns
            .into_iter()
            .map(|(p, (time, files))| PatternTime { pattern: matcher.pattern_text(p).to_string(), time, files })
            .collect();
        patterns.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.pattern.cmp(&b.pattern)));
        let timings = ScanTimings {
            total: started.elapsed(),
            walk: walk_time,
            read: results.read,
            matching: results.matching,
            literal_pass: results.literal_pass,
            patterns,
            threads: rayon::current_num_threads(),
            scanned,
        };
        let shared = buckets.remove(partition::SHARED);
        let per_unit =
            if units.is_empty() { vec![shared] } else { buckets.into_iter().map(|b| b.with(&shared)).collect() };
        Ok(per_unit
            .into_iter()
            .map(|b| Facts { timings: timings.clone(), ..b.finish(self.atom_count, matcher) })
            .collect())
    }
}

/// Open a file the walk saw as a regular file, for reading. The tree can change between the
/// walk and this open: a file replaced by a FIFO must not block the reader until a writer
/// comes (O_NONBLOCK, then the type check), and one replaced by a symlink must not lead it
/// out of the root (O_NOFOLLOW; the walk hands over links already resolved).
pub(crate) fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY);
    }
    let file = opts.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("no longer a regular file, skipped"));
    }
    Ok(file)
}

/// A small file read safely (never blocking on a FIFO, never through a link, at most `cap`
/// bytes): for the few files read outside the scan, such as `.git/HEAD` and the root's
/// workspace manifests, which a hostile tree controls just as much.
pub(crate) fn read_small(path: &Path, cap: u64) -> std::io::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    open_regular(path)?.take(cap).read_to_string(&mut text)?;
    Ok(text)
}

/// `s` cut to `max` characters, with an ellipsis when it was longer.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Per-thread accumulation of file results by bucket, merged at the end.
#[derive(Default)]
struct Acc {
    buckets: Vec<Bucket>,
    read: Duration,
    matching: Duration,
    literal_pass: Duration,
    /// Pattern id -> (time, files), when profiled.
    patterns: HashMap<usize, (Duration, u64)>,
}

/// What the files of one bucket (a unit, or the shared files) contributed.
#[derive(Default, Clone)]
struct Bucket {
    hits: Vec<(AtomId, Evidence)>,
    findings: Vec<(AtomId, Finding)>,
    warnings: Vec<ScanWarning>,
    suppressions: Vec<Suppression>,
    stats: ScanStats,
}

impl Acc {
    fn add(mut self, bucket: usize, r: content::FileResult) -> Self {
        if self.buckets.len() <= bucket {
            self.buckets.resize_with(bucket + 1, Bucket::default);
        }
        let b = &mut self.buckets[bucket];
        b.hits.extend(r.hits);
        b.findings.extend(r.findings);
        b.warnings.extend(r.warning);
        b.suppressions.extend(r.suppressions);
        b.stats += r.stats;
        self.read += r.read;
        self.matching += r.matching;
        self.literal_pass += r.profile.literal_pass;
        for (p, time) in r.profile.patterns {
            self.charge(p, time, 1);
        }
        self
    }

    /// Add one or more files' time to a pattern's profile.
    fn charge(&mut self, pattern: usize, time: Duration, files: u64) {
        let entry = self.patterns.entry(pattern).or_default();
        entry.0 += time;
        entry.1 += files;
    }

    fn merge(mut self, other: Self) -> Self {
        if self.buckets.len() < other.buckets.len() {
            self.buckets.resize_with(other.buckets.len(), Bucket::default);
        }
        for (mine, theirs) in self.buckets.iter_mut().zip(other.buckets) {
            mine.append(theirs);
        }
        self.read += other.read;
        self.matching += other.matching;
        self.literal_pass += other.literal_pass;
        for (p, (time, files)) in other.patterns {
            self.charge(p, time, files);
        }
        self
    }
}

impl Bucket {
    fn append(&mut self, other: Bucket) {
        self.hits.extend(other.hits);
        self.findings.extend(other.findings);
        self.warnings.extend(other.warnings);
        self.suppressions.extend(other.suppressions);
        self.stats += other.stats;
    }

    /// A unit's bucket with the shared files added (root files count for every unit).
    fn with(mut self, shared: &Bucket) -> Bucket {
        self.append(shared.clone());
        self
    }

    /// Sort everything, so output never depends on thread scheduling.
    fn finish(mut self, atom_count: usize, matcher: &Matcher) -> Facts {
        let mut atoms = vec![AtomFacts::default(); atom_count];
        self.hits.sort_unstable();
        for (atom, ev) in self.hits {
            let facts = &mut atoms[atom];
            facts.hit_count += 1;
            if facts.hits.len() < MAX_EVIDENCE {
                facts.hits.push(ev);
            }
        }
        self.findings.sort_unstable();
        for (atom, f) in self.findings {
            debug_assert!(matches!(matcher.want(atom), Want::Forbid { .. } | Want::Require { .. }));
            atoms[atom].findings.push(f);
        }
        self.warnings.sort_unstable();
        self.suppressions.sort_unstable();
        Facts {
            atoms,
            stats: self.stats,
            warnings: self.warnings,
            suppressions: self.suppressions,
            timings: ScanTimings::default(),
        }
    }
}
