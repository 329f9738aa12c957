//! Which repository a scanned root is in: its name and current commit, read from `.git`
//! without running git (readiness never starts a program). A hostile tree controls `.git`
//! too: every file is read as a small regular file (no FIFO, no link, a few KB at most), and
//! a ref must be a plain `refs/...` name.

use std::path::{Path, PathBuf};

/// The name and commit of the repository holding a root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepoInfo {
    /// The repository's directory name (the root's own name outside git).
    pub name: String,
    /// The commit checked out, as 40 hex digits, when the root is in a git repository.
    pub commit: Option<String>,
}

/// Look up the repository of `root`. Never fails: what cannot be read is left out.
pub fn info(root: &Path) -> RepoInfo {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let dir_name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for dir in root.ancestors() {
        let dot_git = dir.join(".git");
        if let Some(git_dir) = git_dir(&dot_git) {
            return RepoInfo { name: dir_name(dir), commit: head_commit(&git_dir) };
        }
    }
    RepoInfo { name: dir_name(&root), commit: None }
}

/// The git directory behind a `.git` entry: the directory itself, or the `gitdir:` a
/// worktree's or submodule's `.git` file names.
fn git_dir(dot_git: &Path) -> Option<PathBuf> {
    let meta = std::fs::symlink_metadata(dot_git).ok()?;
    if meta.is_dir() {
        return Some(dot_git.to_path_buf());
    }
    let text = read(dot_git)?;
    let target = text.strip_prefix("gitdir:")?.trim();
    Some(dot_git.parent()?.join(target))
}

/// The commit HEAD points at: directly (detached), or through a loose or packed ref.
fn head_commit(git_dir: &Path) -> Option<String> {
    let head = read(&git_dir.join("HEAD"))?;
    let head = head.trim();
    let Some(reference) = head.strip_prefix("ref:").map(str::trim) else {
        return is_hash(head).then(|| head.to_string());
    };
    // Only a plain ref name: `ref: /etc/passwd` or `refs/../../x` must not lead anywhere.
    let plain = |r: &str| r.split('/').all(|part| !part.is_empty() && part != "." && part != "..");
    if !reference.starts_with("refs/") || !plain(reference) {
        return None;
    }
    // A worktree keeps its HEAD but shares refs with the main repository.
    let common = read(&git_dir.join("commondir")).map_or_else(|| git_dir.to_path_buf(), |c| git_dir.join(c.trim()));
    for dir in [git_dir, common.as_path()] {
        if let Some(hash) = read(&dir.join(reference)) {
            let hash = hash.trim();
            if is_hash(hash) {
                return Some(hash.to_string());
            }
        }
        if let Some(packed) = read_capped(&dir.join("packed-refs"), PACKED_REFS_CAP) {
            // Lines are `<hash> <ref>`.
            let found = packed.lines().find_map(|l| l.strip_suffix(reference)?.strip_suffix(' '));
            if let Some(hash) = found.filter(|h| is_hash(h)) {
                return Some(hash.to_string());
            }
        }
    }
    None
}

/// Most bytes read of a small git file (HEAD, a ref, a `.git` file, commondir).
const SMALL_CAP: u64 = 4096;
/// Most bytes read of packed-refs, which lists every ref of a repository.
const PACKED_REFS_CAP: u64 = 8 << 20;

fn read(path: &Path) -> Option<String> {
    read_capped(path, SMALL_CAP)
}

fn read_capped(path: &Path, cap: u64) -> Option<String> {
    crate::scan::read_small(path, cap).ok()
}

fn is_hash(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn reads_loose_packed_and_detached_heads() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("shop");
        let git = repo.join(".git");
        std::fs::create_dir_all(git.join("refs/heads")).unwrap();
        std::fs::create_dir_all(repo.join("services/api")).unwrap();
        std::fs::write(git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(git.join("refs/heads/main"), format!("{HASH}\n")).unwrap();
        let found = info(&repo.join("services/api"));
        assert_eq!(found, RepoInfo { name: "shop".into(), commit: Some(HASH.into()) });

        std::fs::remove_file(git.join("refs/heads/main")).unwrap();
        std::fs::write(git.join("packed-refs"), format!("# pack-refs with: peeled\n{HASH} refs/heads/main\n")).unwrap();
        assert_eq!(info(&repo).commit.as_deref(), Some(HASH));

        std::fs::write(git.join("HEAD"), format!("{HASH}\n")).unwrap();
        assert_eq!(info(&repo).commit.as_deref(), Some(HASH));
    }

    #[test]
    fn a_hostile_git_directory_is_read_safely() {
        let dir = tempfile::tempdir().unwrap();
        let git = dir.path().join(".git");
        std::fs::create_dir_all(&git).unwrap();
        // A ref outside refs/ is never followed.
        std::fs::write(dir.path().join("secret"), format!("{HASH}\n")).unwrap();
        std::fs::write(git.join("HEAD"), "ref: ../secret\n").unwrap();
        assert_eq!(info(dir.path()).commit, None);
        std::fs::write(git.join("HEAD"), "ref: refs/../../secret\n").unwrap();
        assert_eq!(info(dir.path()).commit, None);
        // A FIFO for HEAD does not block.
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            std::fs::remove_file(git.join("HEAD")).unwrap();
            let path = std::ffi::CString::new(git.join("HEAD").as_os_str().as_bytes()).unwrap();
            // SAFETY: a valid NUL-terminated path; mkfifo only creates the entry.
            assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
            assert_eq!(info(dir.path()).commit, None);
        }
    }

    #[test]
    fn outside_git_the_directory_name_and_no_commit() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::create_dir(&plain).unwrap();
        assert_eq!(info(&plain), RepoInfo { name: "plain".into(), commit: None });
    }
}
