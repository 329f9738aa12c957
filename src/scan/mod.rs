//! One pass over the tree: a gitignore-aware parallel walk decides from each path which
//! atoms it can affect; files that some content atom wants are read once, in parallel,
//! and matched against all their patterns together. The result is a set of facts per atom.
//!
//! Read-only by construction: files are opened for reading only, symlinks are followed only
//! when they resolve inside the root, and anything that is not a regular file is skipped.

mod content;
mod literals;
mod matcher;
mod partition;
mod prefilter;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::rules::{AtomId, RuleSet};
use matcher::{Matcher, Want};
use partition::Partition;

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
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self { max_file_size: DEFAULT_MAX_FILE_SIZE, exclude: Vec::new(), progress: None }
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
    /// Threads that read and matched.
    pub threads: usize,
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

/// A file the walk passed on for matching.
struct Candidate {
    abs: PathBuf,
    rel: String,
    /// The workspace unit it counts for (`partition::SHARED` for all).
    bucket: usize,
    /// Shared by every file with the same atoms (a few dozen lists for a whole tree).
    atoms: Arc<[AtomId]>,
    size: u64,
}

enum WalkItem {
    File(Candidate),
    Warning(ScanWarning),
}

/// Where a walk thread sends what it finds, and how it sorts files into units.
struct Sink<'a> {
    matcher: &'a Matcher,
    exclude: &'a globset::GlobSet,
    partition: &'a Partition,
    /// Files seen, per bucket.
    files_seen: &'a [AtomicU64],
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
            matcher: Matcher::new(&rules.atoms, &rules.compiled).map_err(ScanError::Compile)?,
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
                        let r = content::process(matcher, &c, opts.max_file_size);
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
        let timings = ScanTimings {
            total: started.elapsed(),
            walk: walk_time,
            read: results.read,
            matching: results.matching,
            threads: rayon::current_num_threads(),
        };
        let mut buckets = results.buckets;
        buckets.resize_with(partition.buckets(), Bucket::default);
        for (bucket, seen) in buckets.iter_mut().zip(files_seen) {
            bucket.stats.files_seen = seen.into_inner();
        }
        let shared = buckets.remove(partition::SHARED);
        let per_unit =
            if units.is_empty() { vec![shared] } else { buckets.into_iter().map(|b| b.with(&shared)).collect() };
        Ok(per_unit
            .into_iter()
            .map(|b| Facts { timings: timings.clone(), ..b.finish(self.atom_count, matcher) })
            .collect())
    }
}

fn walk(root: &Path, canonical_root: &Path, sink: &Sink, tx: mpsc::SyncSender<WalkItem>) {
    // The walker opens ignore files itself, following links: a FIFO there would block the
    // scan forever, and a link out of the root would be read (and quoted in parse errors).
    // At the root, such a file is left out by not reading that kind of ignore file at all;
    // below it, the directory holding one is skipped.
    let unsafe_at_root = unsafe_ignore_files(root, canonical_root);
    let read = |name: &str| !unsafe_at_root.iter().any(|(n, _)| *n == name);
    let mut builder = ignore::WalkBuilder::new(root);
    builder.hidden(false).parents(false).require_git(false).follow_links(false);
    builder.git_ignore(read(".gitignore")).ignore(read(".ignore"));
    if read(IGNORE_FILE) {
        builder.add_custom_ignore_filename(IGNORE_FILE);
    }
    for (name, why) in &unsafe_at_root {
        let message = format!("{why}: not read, so no {name} file applies in this scan");
        let _ = tx.send(WalkItem::Warning(ScanWarning { path: (*name).to_string(), message }));
    }
    let skipped = Arc::new(std::sync::Mutex::new(Vec::new()));
    let filter = {
        let (root, canonical_root, skipped) = (root.to_path_buf(), canonical_root.to_path_buf(), Arc::clone(&skipped));
        move |e: &ignore::DirEntry| {
            if e.file_name() == ".git" {
                return false;
            }
            if e.file_type().is_some_and(|t| t.is_dir())
                && let Some((name, why)) = unsafe_ignore_files(e.path(), &canonical_root).into_iter().next()
            {
                let message = format!("directory skipped: its {name} is {why}");
                let warning = ScanWarning { path: relative(&root, e.path()), message };
                skipped.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(warning);
                return false;
            }
            true
        }
    };
    let walker = builder.filter_entry(filter).build_parallel();
    walker.run(|| {
        let tx = tx.clone();
        let mut scratch = WalkScratch::default();
        Box::new(move |entry| {
            let item = match entry {
                Ok(entry) => classify(&entry, root, canonical_root, sink, &mut scratch),
                Err(err) => Some(WalkItem::Warning(walk_error(root, &err))),
            };
            match item.map(|item| tx.send(item)) {
                // The consumer is gone: nothing more to do.
                Some(Err(_)) => ignore::WalkState::Quit,
                _ => ignore::WalkState::Continue,
            }
        })
    });
    for warning in std::mem::take(&mut *skipped.lock().unwrap_or_else(std::sync::PoisonError::into_inner)) {
        let _ = tx.send(WalkItem::Warning(warning));
    }
}

/// The ignore files of `dir` the walker must not open, and why: anything but a regular file
/// (or directory: reading one fails harmlessly), seen through links, and links out of the
/// root. Missing and dangling ones are skipped by the walker itself.
fn unsafe_ignore_files(dir: &Path, canonical_root: &Path) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for name in [".gitignore", ".ignore", IGNORE_FILE] {
        let path = dir.join(name);
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        let harmless = |ft: std::fs::FileType| ft.is_file() || ft.is_dir();
        let why = if meta.file_type().is_symlink() {
            match (path.canonicalize(), std::fs::metadata(&path)) {
                (Ok(target), _) if !target.starts_with(canonical_root) => "a symlink out of the root".to_string(),
                (Ok(_), Ok(m)) if !harmless(m.file_type()) => {
                    format!("a symlink to a {}", special_kind(&m.file_type()))
                }
                _ => continue,
            }
        } else if harmless(meta.file_type()) {
            continue;
        } else {
            format!("a {}", special_kind(&meta.file_type()))
        };
        out.push((name, why));
    }
    out
}

/// Decide what an entry is, and which atoms it can affect.
fn classify(
    entry: &ignore::DirEntry,
    root: &Path,
    canonical_root: &Path,
    sink: &Sink,
    scratch: &mut WalkScratch,
) -> Option<WalkItem> {
    let file_type = entry.file_type()?;
    if file_type.is_dir() {
        // The walker reads a directory's ignore files as it enters it and hangs what went
        // wrong (a bad glob, an unreadable .gitignore) on the directory's entry: report it,
        // or a broken ignore file silently stops applying.
        return entry.error().map(|err| WalkItem::Warning(walk_error(root, err)));
    }
    let rel = relative(root, entry.path());
    if sink.exclude.is_match(&rel) {
        return None;
    }
    let warn = |message: String| Some(WalkItem::Warning(ScanWarning { path: rel.clone(), message }));
    let (size, abs) = if file_type.is_symlink() {
        // A link counts only when it resolves to a regular file inside the root: reading
        // through it must never leave the tree being scanned.
        let target = match entry.path().canonicalize() {
            Ok(t) => t,
            // A loop (a -> b -> a) is not a missing target: say which it is.
            Err(e) if is_symlink_loop(&e) => return warn("symlink loop, skipped".into()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return warn("dangling symlink, skipped".into()),
            Err(e) => return warn(format!("unresolvable symlink, skipped: {e}")),
        };
        if !target.starts_with(canonical_root) {
            return warn("symlink points outside the root, not followed".into());
        }
        match std::fs::metadata(&target) {
            // Read through the resolved path, not the link: a link swapped after this check
            // must not lead the reader out of the root (the reader does not follow links).
            Ok(m) if m.is_file() => (m.len(), target),
            Ok(m) if m.is_dir() => {
                // Links to directories are never followed. One that points at a directory
                // holding it (`here -> .`, `up -> ..`) would be an endless loop to a walker
                // that did: worth a warning, unlike a plain link to a sibling directory.
                let holder = entry.path().parent().and_then(|p| p.canonicalize().ok());
                return match holder {
                    Some(holder) if holder.starts_with(&target) => {
                        warn("symlink loop (points to a directory above it), not followed".into())
                    }
                    _ => None,
                };
            }
            Ok(_) => return warn("symlink to something that is not a regular file, skipped".into()),
            Err(e) => return warn(format!("unreadable symlink target: {e}")),
        }
    } else if file_type.is_file() {
        match entry.metadata() {
            Ok(m) => (m.len(), entry.path().to_path_buf()),
            Err(e) => return warn(format!("unreadable: {e}")),
        }
    } else {
        return warn(format!("{}, skipped", special_kind(&file_type)));
    };
    // In a workspace, a unit's globs see paths from the unit's directory.
    let (bucket, unit_rel) = sink.partition.locate(&rel)?;
    sink.files_seen[bucket].fetch_add(1, Ordering::Relaxed);
    let atoms = sink.matcher.atoms_for(unit_rel, &mut scratch.globs);
    if atoms.is_empty() {
        return None;
    }
    let atoms = Arc::clone(scratch.lists.entry(atoms).or_insert_with_key(|a| a.as_slice().into()));
    Some(WalkItem::File(Candidate { abs, rel, bucket, atoms, size }))
}

/// A walk thread's reusable state.
#[derive(Default)]
struct WalkScratch {
    globs: Vec<usize>,
    lists: std::collections::HashMap<Vec<AtomId>, Arc<[AtomId]>>,
}

#[cfg(unix)]
fn is_symlink_loop(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_symlink_loop(_: &std::io::Error) -> bool {
    false
}

#[cfg(unix)]
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "named pipe (FIFO)"
    } else if ft.is_socket() {
        "socket"
    } else if ft.is_block_device() || ft.is_char_device() {
        "device file"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "not a regular file"
}

/// The path relative to the root with `/` separators; non-UTF-8 bytes are replaced.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

fn walk_error(root: &Path, err: &ignore::Error) -> ScanWarning {
    // The ignore crate wraps errors with the path and depth; dig out both.
    fn parts(err: &ignore::Error) -> (Option<&Path>, String) {
        match err {
            ignore::Error::WithPath { path, err } => (Some(path.as_path()), parts(err).1),
            ignore::Error::WithDepth { err, .. } => parts(err),
            ignore::Error::WithLineNumber { line, err } => {
                let (path, message) = parts(err);
                (path, format!("line {line}: {message}"))
            }
            ignore::Error::Loop { child, .. } => (Some(child.as_path()), "symlink loop, skipped".into()),
            // One error per bad line of an ignore file, and a file can have thousands: name
            // the first and count the rest, so one warning stays one short line.
            ignore::Error::Partial(errs) => match errs.split_first() {
                Some((first, [])) => parts(first),
                Some((first, rest)) => {
                    let (path, message) = parts(first);
                    (path, format!("{message} (and {} more)", rest.len()))
                }
                None => (None, String::new()),
            },
            // The glob is quoted, and a hostile .gitignore line can be 100 KB long.
            ignore::Error::Glob { glob: Some(glob), err } => {
                (None, format!("error parsing glob '{}': {err}", shorten(glob, MAX_QUOTED)))
            }
            other => (None, other.to_string()),
        }
    }
    let (path, message) = parts(err);
    let what = if has_bad_glob(err) { "ignore file not fully applied" } else { "unreadable" };
    ScanWarning {
        path: path.map(|p| relative(root, p)).unwrap_or_default(),
        message: format!("{what}: {}", shorten(&message, MAX_WARNING)),
    }
}

/// The error is (or holds) a line of an ignore file that is not a valid glob.
fn has_bad_glob(err: &ignore::Error) -> bool {
    match err {
        ignore::Error::Glob { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => has_bad_glob(err),
        ignore::Error::Partial(errs) => errs.iter().any(has_bad_glob),
        _ => false,
    }
}

/// Longest text of a warning, and of what it quotes from a file.
const MAX_WARNING: usize = 400;
const MAX_QUOTED: usize = 80;

/// `s` cut to `max` characters, with an ellipsis when it was longer.
fn shorten(s: &str, max: usize) -> String {
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
        self
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
