//! The walk: a gitignore-aware parallel traversal that decides, from each path alone, what
//! an entry is (a regular file, a link inside the root, or something skipped with a
//! warning), which workspace unit it counts for, and which atoms it can affect. It never
//! reads a file; it hands candidates to the readers through a bounded channel.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};

use super::matcher::Matcher;
use super::partition::Partition;
use super::{IGNORE_FILE, ScanWarning, shorten};
use crate::rules::AtomId;

/// A file the walk passed on for matching.
pub(super) struct Candidate {
    pub(super) abs: PathBuf,
    pub(super) rel: String,
    /// The workspace unit it counts for (`partition::SHARED` for all).
    pub(super) bucket: usize,
    /// Shared by every file with the same atoms (a few dozen lists for a whole tree).
    pub(super) atoms: Arc<[AtomId]>,
    pub(super) size: u64,
}

pub(super) enum WalkItem {
    File(Candidate),
    Warning(ScanWarning),
}

/// Where a walk thread sends what it finds, and how it sorts files into units.
pub(super) struct Sink<'a> {
    pub(super) matcher: &'a Matcher,
    pub(super) exclude: &'a globset::GlobSet,
    pub(super) partition: &'a Partition,
    /// Files seen, per bucket.
    pub(super) files_seen: &'a [AtomicU64],
}

pub(super) fn walk(root: &Path, canonical_root: &Path, sink: &Sink, tx: mpsc::SyncSender<WalkItem>) {
    // The walker opens ignore files itself, following links: a FIFO there would block the
    // scan forever, and a link out of the root would be read (and quoted in parse errors).
    // At the root, such a file is left out by not reading that kind of ignore file at all;
    // below it, the directory holding one is skipped.
    let (mut builder, unsafe_at_root) = safe_builder(root, canonical_root);
    builder.hidden(false);
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

/// A walker of `root` honouring the ignore files that are safe to open: at the root, a kind
/// of ignore file that is a FIFO, a device or a link out of the root is not read at all (it
/// is returned, with why, for a warning). Below the root, callers skip the directories that
/// hold such a file (`unsafe_ignore_files`), since the walker opens them as it enters.
pub(crate) fn safe_builder(root: &Path, canonical_root: &Path) -> (ignore::WalkBuilder, Vec<(&'static str, String)>) {
    let unsafe_at_root = unsafe_ignore_files(root, canonical_root);
    let read = |name: &str| !unsafe_at_root.iter().any(|(n, _)| *n == name);
    let mut builder = ignore::WalkBuilder::new(root);
    builder.parents(false).require_git(false).follow_links(false);
    builder.git_ignore(read(".gitignore")).ignore(read(".ignore"));
    if read(IGNORE_FILE) {
        builder.add_custom_ignore_filename(IGNORE_FILE);
    }
    (builder, unsafe_at_root)
}

/// The ignore files of `dir` the walker must not open, and why: anything but a regular file
/// (or directory: reading one fails harmlessly), seen through links, and links out of the
/// root. Missing and dangling ones are skipped by the walker itself.
pub(crate) fn unsafe_ignore_files(dir: &Path, canonical_root: &Path) -> Vec<(&'static str, String)> {
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
            // The line itself is not quoted: an ignore file can be a link to a file of
            // secrets inside the root (.gitignore -> .env), and warnings are never masked.
            ignore::Error::Glob { err, .. } => (None, format!("invalid glob: {err}")),
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

/// Longest text of a warning.
const MAX_WARNING: usize = 400;
