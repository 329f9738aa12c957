//! Issue 6, "hostile trees": `readiness check` on a repository built to hurt a scanner
//! (symlink loops, links out of the root, FIFOs, sockets, unreadable entries, huge, deep and
//! wide trees, names no terminal or report format expects, pathological ignore files,
//! truncated files) finishes in bounded time, reports what it skipped and why, writes
//! valid output in every format, never reads outside the root, and changes nothing.
#![cfg(unix)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{CString, OsStr};
use std::fmt::Write as _;
use std::fs::{self, File, Permissions};
use std::hash::{DefaultHasher, Hasher};
use std::io::{Read, Write as _};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The unprivileged user the binary runs as when the test runs as root ('nobody').
const NOBODY: u32 = 65534;
/// Hard wall-clock bound of one run of the binary.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);
/// A secret inside the tree: every file holding it is a finding, whatever its name.
const IN_TREE_KEY: &str = "AKIAINTREE2345678901";
/// A secret in a file outside the root, reachable only through symlinks.
const OUTSIDE_KEY: &str = "AKIAOUTSIDE234567890";
/// Shares the outside secret's line: findings mask secrets, not the rest of the line, so
/// this word in any output would prove the outside file was read.
const CANARY: &str = "CANARY-FROM-OUTSIDE-THE-ROOT";
/// A file name with a newline in it; it holds the in-tree secret, so it is a finding in
/// every format.
const NEWLINE_NAME: &str = "src/new\nline.py";
/// A file name with the characters Markdown, GitHub commands and URIs care about.
const ODD_NAME: &str = "src/odd |`%:,#?.py";
/// Entries of the wide directory.
const WIDE: usize = 20_000;
/// Levels of the deep directory.
const DEPTH: usize = 500;

/// A hostile repository in a temporary directory under /tmp, and a file outside it that
/// links point to. Entries made unreadable get their permissions back on drop, so the
/// temporary directories can always be removed.
pub struct HostileTree {
    pub root: tempfile::TempDir,
    pub outside: tempfile::TempDir,
    /// (path, mode to restore) of the mode-000 entries.
    locked: Vec<(PathBuf, u32)>,
}

impl HostileTree {
    pub fn path(&self) -> &Path {
        self.root.path()
    }
}

impl Drop for HostileTree {
    fn drop(&mut self) {
        // Runs before the fields (the TempDirs) are dropped and removed.
        for (path, mode) in &self.locked {
            let _ = fs::set_permissions(path, Permissions::from_mode(*mode));
        }
    }
}

fn write(root: &Path, rel: impl AsRef<OsStr>, content: &[u8]) -> PathBuf {
    let path = root.join(rel.as_ref());
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    fs::set_permissions(&path, Permissions::from_mode(0o644)).unwrap();
    path
}

fn mkfifo(path: &Path) {
    let c = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(rc, 0, "mkfifo {}: {}", path.display(), std::io::Error::last_os_error());
}

/// Build the hostile repository. With `owner`, every entry is handed to that uid (so a run
/// as that user could modify the tree, and the before/after comparison means something).
/// Everything is world-readable except the mode-000 entries.
pub fn build_hostile_tree(owner: Option<u32>) -> HostileTree {
    let new_dir = |prefix: &str| {
        // Under /tmp, not $TMPDIR: every user must be able to reach it.
        let dir = tempfile::Builder::new().prefix(prefix).tempdir_in("/tmp").unwrap();
        fs::set_permissions(dir.path(), Permissions::from_mode(0o755)).unwrap();
        dir
    };
    let outside = new_dir("readiness-hostile-outside-");
    // The second line is a glob error if the file is read as an ignore file: the error quotes
    // it, so reading it that way would show too.
    let secret =
        write(outside.path(), "secret.py", format!("aws = \"{OUTSIDE_KEY}\"  # {CANARY}\n{CANARY}\\\n").as_bytes());
    let root_dir = new_dir("readiness-hostile-");
    let root = root_dir.path();
    let key_line = format!("aws_key = \"{IN_TREE_KEY}\"\n");

    // Something for the rules to match.
    write(root, "README.md", b"# Hostile\n\nA repository built to hurt scanners.\n");
    write(root, "Cargo.toml", b"[package]\nname = \"hostile\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
    write(root, "src/main.rs", b"fn main() {\n    println!(\"hello\");\n}\n");
    // Truncated mid-line, no final newline.
    write(root, "Dockerfile", b"FROM rust:1.88 AS build\nWORKDIR /app\nCOPY . .\nRUN cargo build --rel");
    write(
        root,
        ".github/workflows/ci.yml",
        b"name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo te",
    );

    // Symlinks: a loop, directory links back up the tree, links out of the root (absolute,
    // relative, to a directory), a dangling link, a link to a FIFO, and a harmless one.
    symlink("loop-b", root.join("loop-a")).unwrap();
    symlink("loop-a", root.join("loop-b")).unwrap();
    fs::create_dir(root.join("loops")).unwrap();
    symlink(".", root.join("loops/here")).unwrap();
    symlink("..", root.join("loops/up")).unwrap();
    symlink(&secret, root.join("leak.py")).unwrap();
    let outside_name = outside.path().file_name().unwrap().to_str().unwrap();
    symlink(format!("../{outside_name}/secret.py"), root.join("leak-relative.py")).unwrap();
    symlink(outside.path(), root.join("outside-dir")).unwrap();
    symlink("does-not-exist.py", root.join("dangling.py")).unwrap();
    symlink("README.md", root.join("readme-link.md")).unwrap();

    // Ignore files the walker itself opens: a FIFO (it would block), links out of the root
    // (below the root, and at the root).
    write(root, "ignore-fifo/app.py", key_line.as_bytes());
    mkfifo(&root.join("ignore-fifo/.gitignore"));
    write(root, "ignore-link/app.py", key_line.as_bytes());
    symlink(&secret, root.join("ignore-link/.gitignore")).unwrap();
    symlink(&secret, root.join(".ignore")).unwrap();

    // Files read outside the walk: the HTML report's .git/HEAD and --workspace's root
    // manifests, as FIFOs (reading either would block), and a unit to find.
    std::fs::create_dir_all(root.join(".git")).unwrap();
    mkfifo(&root.join(".git/HEAD"));
    mkfifo(&root.join("pnpm-workspace.yaml"));
    write(root, "services/api/main.py", b"print('ok')\n");

    // Special files: a FIFO (also behind a link), a socket.
    mkfifo(&root.join("fifo.py"));
    symlink("fifo.py", root.join("fifo-link.py")).unwrap();
    drop(std::os::unix::net::UnixListener::bind(root.join("app.sock")).unwrap());

    // Size: a 200 MB sparse file, a 10 MB file of one line (a secret at its very end).
    File::create(root.join("huge.sql")).unwrap().set_len(200 << 20).unwrap();
    let mut one_line = "a=1;".repeat((10 << 20) / 4);
    one_line.push_str(&format!("k=\"{IN_TREE_KEY}\";"));
    write(root, "big/one-line.js", one_line.as_bytes());

    // Encodings and line endings.
    let mut latin1 = b"name = \"caf\xe9 \xff\xfe\"\n".to_vec();
    latin1.extend_from_slice(key_line.as_bytes());
    write(root, "enc/latin1.py", &latin1);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend("key: value\r\n".encode_utf16().flat_map(u16::to_le_bytes));
    write(root, "enc/utf16.yml", &utf16);
    write(root, "enc/crlf.py", format!("a = 1\r\n{}", key_line.replace('\n', "\r\n")).as_bytes());
    write(root, "enc/nul.js", format!("a = 1;\0\n{key_line}").as_bytes());

    // Names: newline, carriage return, spaces, Markdown/URI/command metacharacters, and
    // bytes that are not UTF-8.
    for name in [NEWLINE_NAME, "src/carriage\rreturn.py", "src/with  spaces .py", ODD_NAME] {
        write(root, name, key_line.as_bytes());
    }
    write(root, OsStr::from_bytes(b"src/not-utf8-\xff\xfe.py"), key_line.as_bytes());

    // Deep: 500 nested directories with a finding at the bottom.
    let mut deep = root.join("deep");
    for _ in 0..DEPTH {
        deep.push("d");
    }
    fs::create_dir_all(&deep).unwrap();
    write(&deep, "leaf.py", key_line.as_bytes());

    // Wide: 20,000 small files in one directory.
    fs::create_dir(root.join("wide")).unwrap();
    for i in 0..WIDE {
        fs::write(root.join(format!("wide/f{i:05}.txt")), format!("n = {i}\n")).unwrap();
    }

    // A .gitignore with pathological patterns, none of which matches an entry above.
    let mut gi = String::from("# pathological\n");
    let _ = writeln!(gi, "zz-{}", "long".repeat(25_000));
    let _ = writeln!(gi, "zz{}", "*a".repeat(200));
    let _ = writeln!(gi, "{}zz-many-stars", "**/".repeat(200));
    let _ = writeln!(gi, "zz/**/**/**/**/**/x/**/**/**/y/**");
    for i in 0..3_000 {
        let _ = writeln!(gi, "zz-build-{i}/\n!zz-build-{i}/keep\nzz-*-{i}.tmp");
    }
    for i in 0..2_000 {
        // An unclosed class is taken literally, as git does; a trailing backslash is an
        // error: 2,000 of them.
        let _ = writeln!(gi, "zz-unbalanced-{i}-[abc\nzz-dangling-{i}\\");
    }
    gi.push_str("[\n!\n!!\n\\\nzz{a,{b,c}}\n");
    write(root, ".gitignore", gi.as_bytes());

    // Normal files in the way of the unreadable ones.
    let locked_file = write(root, "locked.py", key_line.as_bytes());
    let locked_dir = root.join("locked-dir");
    write(&locked_dir, "inner.py", key_line.as_bytes());

    if let Some(uid) = owner {
        chown_tree(root, uid);
        chown_tree(outside.path(), uid);
    }
    let mut tree = HostileTree { root: root_dir, outside, locked: Vec::new() };
    for (path, restore) in [(locked_file, 0o644), (locked_dir, 0o755)] {
        fs::set_permissions(&path, Permissions::from_mode(0o000)).unwrap();
        tree.locked.push((path, restore));
    }
    tree
}

/// lchown every entry under `dir` (links themselves, not their targets).
fn chown_tree(dir: &Path, uid: u32) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        std::os::unix::fs::lchown(&path, Some(uid), Some(uid)).unwrap();
        if fs::symlink_metadata(&path).unwrap().is_dir() {
            stack.extend(fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        }
    }
}

/// What an entry is, as far as anything a scanner could change. Access time is left out:
/// reading a file legitimately updates it (relatime, strictatime), and reading is what a
/// scanner is for. Content is hashed for regular files only: never a FIFO (opening it would
/// block) or a socket.
#[derive(Debug, PartialEq, Eq)]
struct EntryState {
    kind: &'static str,
    size: u64,
    blocks: u64,
    mode: u32,
    owner: (u32, u32),
    nlink: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    link_target: Option<Vec<u8>>,
    content: Option<Result<u64, String>>,
}

/// Every entry under `root` by path (as bytes), without following links. Iterative: the
/// tree is 500 levels deep.
fn snapshot(root: &Path) -> BTreeMap<Vec<u8>, EntryState> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(path) = stack.pop() {
        let m = fs::symlink_metadata(&path).unwrap();
        let ft = m.file_type();
        let kind = if ft.is_dir() {
            "dir"
        } else if ft.is_symlink() {
            "symlink"
        } else if ft.is_file() {
            "file"
        } else {
            "special"
        };
        let content = ft.is_file().then(|| hash_file(&path));
        if ft.is_dir() {
            match fs::read_dir(&path) {
                Ok(rd) => stack.extend(rd.map(|e| e.unwrap().path())),
                Err(e) => {
                    out.insert([path.as_os_str().as_bytes(), b"/<unlisted>"].concat(), unreadable(e));
                }
            }
        }
        let state = EntryState {
            kind,
            size: m.len(),
            blocks: m.blocks(),
            mode: m.mode(),
            owner: (m.uid(), m.gid()),
            nlink: m.nlink(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
            link_target: ft.is_symlink().then(|| fs::read_link(&path).unwrap().as_os_str().as_bytes().to_vec()),
            content,
        };
        out.insert(path.as_os_str().as_bytes().to_vec(), state);
    }
    out
}

fn unreadable(e: std::io::Error) -> EntryState {
    EntryState {
        kind: "unlisted",
        size: 0,
        blocks: 0,
        mode: 0,
        owner: (0, 0),
        nlink: 0,
        mtime: (0, 0),
        ctime: (0, 0),
        link_target: None,
        content: Some(Err(e.to_string())),
    }
}

fn hash_file(path: &Path) -> Result<u64, String> {
    let mut file = File::open(path).map_err(|e| e.to_string())?;
    let mut hasher = DefaultHasher::new();
    let mut buf = vec![0; 1 << 20];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Ok(hasher.finish()),
            Ok(n) => hasher.write(&buf[..n]),
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// Who runs the binary.
struct Runner {
    /// Drop to this uid/gid (the test runs as root).
    uid: Option<u32>,
    /// An empty, world-writable HOME, so no user's git config or global ignores apply.
    home: tempfile::TempDir,
}

struct Outcome {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Runner {
    fn new(uid: Option<u32>) -> Self {
        let home = tempfile::Builder::new().prefix("readiness-hostile-home-").tempdir_in("/tmp").unwrap();
        fs::set_permissions(home.path(), Permissions::from_mode(0o777)).unwrap();
        Runner { uid, home }
    }

    fn command(&self, cwd: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_readiness"));
        cmd.args(args)
            .current_dir(cwd)
            // No NO_COLOR, CI or GITHUB_STEP_SUMMARY from the environment running the test.
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", self.home.path())
            .env("COLUMNS", "100")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(uid) = self.uid {
            // std also clears the supplementary groups when root drops to another uid.
            cmd.uid(uid).gid(uid);
        }
        cmd
    }

    /// Run the binary, killing it and failing the test if it outlives `RUN_TIMEOUT`.
    fn run(&self, cwd: &Path, args: &[&str]) -> Outcome {
        let started = Instant::now();
        let mut child = self.command(cwd, args).spawn().expect("the binary starts");
        // Drain both pipes while waiting: a full pipe would block the child.
        let mut stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let out = std::thread::spawn(move || {
            let mut v = Vec::new();
            stdout.read_to_end(&mut v).map(|_| v)
        });
        let err = std::thread::spawn(move || {
            let mut v = Vec::new();
            stderr.read_to_end(&mut v).map(|_| v)
        });
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > RUN_TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("`readiness {}` did not finish within {RUN_TIMEOUT:?}: killed", args.join(" "));
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stdout = out.join().unwrap().unwrap();
        let stderr = err.join().unwrap().unwrap();
        Outcome {
            status,
            stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
            elapsed: started.elapsed(),
        }
    }
}

/// Run as 'nobody' when the test runs as root, so that mode 000 means something. Returns
/// the uid, or why the permission checks cannot be made.
fn unprivileged_uid() -> Result<Option<u32>, String> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    // Can we become nobody and run the binary (its directories must be searchable by all)?
    let probe = Runner::new(Some(NOBODY)).command(Path::new("/"), &["--version"]).output();
    match probe {
        Ok(out) if out.status.success() => Ok(Some(NOBODY)),
        Ok(out) => Err(format!("the binary fails as uid {NOBODY}: {}", String::from_utf8_lossy(&out.stderr))),
        Err(e) => Err(format!("cannot run the binary as uid {NOBODY}: {e}")),
    }
}

#[test]
fn a_hostile_tree_is_scanned_safely_in_every_format() {
    let started = Instant::now();
    let (uid, permissions_meaningful) = match unprivileged_uid() {
        Ok(Some(uid)) => (Some(uid), true),
        Ok(None) => (None, true),
        Err(why) => {
            // Straight to stderr, not eprintln!: the test harness swallows eprintln! output of
            // passing tests unless --nocapture, and this must never go unnoticed.
            let _ = writeln!(
                std::io::stderr(),
                "NOTE (tests/hostile.rs): running as root and unable to drop privileges ({why}); \
                 the mode-000 (unreadable file and directory) checks are SKIPPED, everything else runs."
            );
            (None, false)
        }
    };
    let tree = build_hostile_tree(uid);
    let root = tree.path();
    let built = started.elapsed();
    let before = (snapshot(root), snapshot(tree.outside.path()));
    let runner = Runner::new(uid);
    let outside_path = tree.outside.path().to_str().unwrap().to_string();
    let mut timings = Vec::new();

    let mut outputs = BTreeMap::new();
    for format in ["table", "markdown", "json", "sarif", "junit", "github", "html"] {
        let run = runner.run(root, &["check", ".", "--format", format]);
        timings.push((format, run.elapsed));
        assert!(
            matches!(run.status.code(), Some(0 | 1)),
            "{format}: exit {:?} (signal {:?})\n{}",
            run.status.code(),
            run.status.signal(),
            run.stderr
        );
        for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            for leak in [CANARY, OUTSIDE_KEY, IN_TREE_KEY, outside_path.as_str()] {
                assert!(!text.contains(leak), "{format} {stream} shows {leak:?}: a link out of the root was followed");
            }
        }
        assert_bounded_stderr(format, &run.stderr);
        outputs.insert(format, run);
    }

    let json: Value = serde_json::from_str(&outputs["json"].stdout).expect("JSON parses");
    check_json(&json, permissions_meaningful);
    check_sarif(&outputs["sarif"].stdout);
    check_junit(&outputs["junit"].stdout);
    check_markdown(&outputs["markdown"].stdout);
    check_github(&outputs["github"].stdout);
    check_table(&outputs["table"].stdout);
    check_html(&outputs["html"].stdout);
    // The same scan whatever the format.
    for (format, run) in &outputs {
        assert_eq!(run.stderr, outputs["json"].stderr, "{format}: warnings differ between formats");
    }

    // --workspace finds its units without opening the FIFOs or following links out.
    let ws = runner.run(root, &["check", ".", "--workspace", "--format", "json", "--quiet"]);
    timings.push(("workspace json", ws.elapsed));
    assert!(matches!(ws.status.code(), Some(0 | 1)), "{:?}\n{}", ws.status, ws.stderr);
    let ws: Value = serde_json::from_str(&ws.stdout).expect("workspace JSON parses");
    assert!(ws["units"].as_array().unwrap().iter().any(|u| u["unit"] == "services/api"), "{ws}");
    for leak in [CANARY, OUTSIDE_KEY, IN_TREE_KEY] {
        assert!(!ws.to_string().contains(leak), "--workspace shows {leak:?}");
    }

    // Lift the size cap: the 10 MB line is read and its secret found, in bounded time.
    let lifted = runner.run(root, &["check", ".", "--format", "json", "--max-file-size", "64M", "--quiet"]);
    timings.push(("json, 64M cap", lifted.elapsed));
    assert!(matches!(lifted.status.code(), Some(0 | 1)), "{:?}\n{}", lifted.status, lifted.stderr);
    assert!(!lifted.stdout.contains(CANARY));
    let lifted: Value = serde_json::from_str(&lifted.stdout).unwrap();
    let one_line = findings(&lifted).into_iter().find(|f| f["path"] == "big/one-line.js").expect("a finding");
    assert_eq!(one_line["line"], 1);
    assert!(one_line["snippet"].as_str().unwrap().chars().count() <= 161, "snippets stay short");

    let after = (snapshot(root), snapshot(tree.outside.path()));
    assert!(before.0 == after.0, "the tree changed: {}", diff(&before.0, &after.0));
    assert!(before.1 == after.1, "the outside directory changed: {}", diff(&before.1, &after.1));
    eprintln!("hostile tree: built in {built:?}, runs {timings:?}, total {:?}", started.elapsed());
}

fn diff(a: &BTreeMap<Vec<u8>, EntryState>, b: &BTreeMap<Vec<u8>, EntryState>) -> String {
    let keys: BTreeSet<&Vec<u8>> = a.keys().chain(b.keys()).collect();
    let mut out = String::new();
    for k in keys.into_iter().filter(|k| a.get(*k) != b.get(*k)).take(20) {
        let _ = writeln!(out, "{}: {:?} -> {:?}", String::from_utf8_lossy(k), a.get(k), b.get(k));
    }
    out
}

/// Warnings are one per line, and a bounded number of them.
fn assert_bounded_stderr(format: &str, stderr: &str) {
    assert!(stderr.len() < 8 << 10, "{format}: stderr is {} bytes:\n{stderr}", stderr.len());
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines.len() <= 12, "{format}: {} lines on stderr:\n{stderr}", lines.len());
    for line in lines {
        assert!(line.starts_with("warning: "), "{format}: not a warning line: {line:?}");
    }
}

fn findings(report: &Value) -> Vec<&Value> {
    report["rules"].as_array().unwrap().iter().flat_map(|r| r["findings"].as_array().unwrap()).collect()
}

/// Paths a report names must be relative and inside the root.
fn assert_inside(path: &str, what: &str) {
    assert!(
        !path.starts_with('/') && !path.split('/').any(|c| c == ".."),
        "{what} path points outside the root: {path:?}"
    );
}

fn check_json(report: &Value, permissions_meaningful: bool) {
    let warnings: Vec<(&str, &str)> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["path"].as_str().unwrap(), w["message"].as_str().unwrap()))
        .collect();
    let expect = |path: &str, reason: &str| {
        assert!(
            warnings.iter().any(|(p, m)| *p == path && m.contains(reason)),
            "no warning for {path:?} saying {reason:?}; warnings: {warnings:#?}"
        );
    };
    expect("fifo.py", "named pipe");
    expect("fifo-link.py", "not a regular file");
    expect("app.sock", "socket");
    expect("dangling.py", "dangling");
    expect("leak.py", "outside the root");
    expect("leak-relative.py", "outside the root");
    expect("outside-dir", "outside the root");
    expect("loop-a", "loop");
    expect("loop-b", "loop");
    expect("loops/here", "loop");
    expect("loops/up", "loop");
    expect("ignore-fifo", "directory skipped: its .gitignore is a named pipe");
    expect("ignore-link", "directory skipped: its .gitignore is a symlink out of the root");
    expect(".ignore", "a symlink out of the root: not read, so no .ignore file applies");
    if permissions_meaningful {
        expect("locked.py", "ermission denied");
        expect("locked-dir", "ermission denied");
    }
    // The bad line is named by number, never quoted: an ignore file can be a link to secrets.
    expect(".gitignore", "invalid glob: dangling '\\' (and 2000 more)");
    for (path, message) in &warnings {
        assert_inside(path, "warning");
        assert!(message.len() < 1_000, "a warning of {} bytes for {path}", message.len());
    }
    // Every file that holds the in-tree secret was read and found, under its own name.
    let found: BTreeSet<&str> = findings(report).iter().map(|f| f["path"].as_str().unwrap()).collect();
    let deep_leaf = format!("deep/{}leaf.py", "d/".repeat(DEPTH));
    for path in [
        NEWLINE_NAME,
        "src/carriage\rreturn.py",
        "src/with  spaces .py",
        ODD_NAME,
        "src/not-utf8-\u{fffd}\u{fffd}.py",
        "enc/latin1.py",
        "enc/crlf.py",
        &deep_leaf,
    ] {
        assert!(found.contains(path), "no finding in {path:?}; found {found:#?}");
    }
    for absent in ["leak.py", "leak-relative.py", "enc/nul.js", "big/one-line.js"] {
        assert!(!found.contains(absent), "a finding in {absent}");
    }
    if permissions_meaningful {
        for absent in ["locked.py", "locked-dir/inner.py"] {
            assert!(!found.contains(absent), "{absent} is unreadable, yet was read");
        }
    }
    let crlf = findings(report).into_iter().find(|f| f["path"] == "enc/crlf.py").unwrap();
    assert_eq!((crlf["line"].as_u64(), crlf["column"].as_u64()), (Some(2), Some(12)), "{crlf}");
    assert!(!crlf["snippet"].as_str().unwrap().contains('\r'));
    // Evidence of every rule and trait stays inside the root.
    for r in report["rules"].as_array().unwrap().iter().chain(report["traits"].as_array().unwrap()) {
        for e in r["evidence"].as_array().unwrap().iter().chain(r["findings"].as_array().into_iter().flatten()) {
            assert_inside(e["path"].as_str().unwrap(), "evidence");
        }
    }
    let stats = &report["stats"];
    assert!(stats["files_seen"].as_u64().unwrap() > WIDE as u64, "{stats}");
    assert!(stats["skipped_large"].as_u64().unwrap() >= 2, "the 200 MB and 10 MB files: {stats}");
    assert!(stats["skipped_binary"].as_u64().unwrap() >= 2, "UTF-16 and NUL files: {stats}");
}

/// Decode %XX escapes (SARIF URIs, GitHub command values).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn check_sarif(text: &str) {
    let sarif: Value = serde_json::from_str(text).expect("SARIF is JSON");
    let errors = common::sarif_schema_errors(&sarif);
    assert!(errors.is_empty(), "{errors:#?}");
    let mut uris = BTreeSet::new();
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
        // RFC 3986: a relative reference of unreserved, sub-delim, ':', '@', '/' and %XX.
        let valid = uri.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b));
        assert!(valid && !uri.split('/').next().unwrap().contains(':'), "not a URI reference: {uri:?}");
        uris.insert(percent_decode(uri));
    }
    for name in [NEWLINE_NAME, ODD_NAME, "src/with  spaces .py"] {
        assert!(uris.contains(name), "no SARIF result for {name:?}: {uris:#?}");
    }
}

/// A file name split by a raw newline would start a line with what followed the newline.
fn assert_no_split_names(format: &str, text: &str) {
    for line in text.lines() {
        let line = line.trim_start();
        assert!(
            !line.starts_with("line.py") && !line.starts_with("return.py"),
            "{format}: a file name broke a line: {line:?}"
        );
    }
}

fn check_html(text: &str) {
    assert!(text.starts_with("<!DOCTYPE html>") && text.ends_with("</html>\n"), "a whole page");
    assert!(!text.contains("<script"), "no script");
    assert_no_split_names("html", text);
}

fn check_junit(text: &str) {
    let doc = roxmltree::Document::parse(text).expect("JUnit is XML");
    let failures: String =
        doc.descendants().filter(|n| n.has_tag_name("failure")).filter_map(|n| n.text()).collect::<Vec<_>>().join("\n");
    assert!(failures.contains(r"src/new\nline.py:1:12"), "{failures}");
    assert_no_split_names("junit", &failures);
}

fn check_markdown(text: &str) {
    assert!(text.starts_with("# Production Readiness\n"), "{text}");
    assert!(text.contains("\n## Score\nCurrent score: "), "{text}");
    let header = text.lines().find(|l| l.starts_with("| Category")).unwrap();
    let columns = header.matches('|').count();
    for row in text.lines().filter(|l| l.starts_with('|')) {
        assert_eq!(row.matches('|').count(), columns, "a broken table row: {row:?}");
    }
    assert!(text.contains(r"src/new\nline.py:1:12"), "{text}");
    assert_no_split_names("markdown", text);
    // A name with a backtick gets a code span fenced by two.
    assert!(text.contains("``src/odd |`%:,#?.py:1:12``"), "{text}");
}

fn check_table(text: &str) {
    assert!(text.starts_with("Current score: "), "{text}");
    assert!(text.contains(r"src/new\nline.py:1:12"), "{text}");
    assert_no_split_names("table", text);
}

fn check_github(text: &str) {
    let mut files = BTreeSet::new();
    for line in text.lines() {
        let rest = line.strip_prefix("::").unwrap_or_else(|| panic!("not a workflow command: {line:?}"));
        let (command, rest) = rest.split_once(' ').unwrap_or_else(|| panic!("no properties: {line:?}"));
        assert!(["error", "warning", "notice"].contains(&command), "{line:?}");
        let (properties, _message) = rest.split_once("::").unwrap_or_else(|| panic!("no message: {line:?}"));
        for property in properties.split(',') {
            let (key, value) = property.split_once('=').unwrap_or_else(|| panic!("bad property in {line:?}"));
            assert!(["file", "line", "col", "title"].contains(&key), "{line:?}");
            if key == "file" {
                files.insert(percent_decode(value));
            }
        }
    }
    for name in [NEWLINE_NAME, ODD_NAME, "src/carriage\rreturn.py"] {
        assert!(files.contains(name), "no annotation on {name:?}: {files:#?}");
    }
}
