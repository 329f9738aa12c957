//! The promises of docs/security.md that hold by construction, checked at the source: the
//! crate never starts a process or opens a socket, and no dependency can talk to a network.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_library_and_binary_never_run_a_program_or_open_a_socket() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 10, "found the sources");
    // Written in pieces so this file does not trip its own check when it is read.
    let banned = [["std::process::", "Command"].concat(), ["std::", "net::"].concat(), ["Command", "::new"].concat()];
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for b in &banned {
            assert!(!text.contains(b.as_str()), "{} uses {b}: readiness must not execute or connect", file.display());
        }
    }
}

#[test]
fn no_dependency_is_a_network_or_process_crate() {
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    let packages: Vec<&str> = lock.lines().filter_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"')).collect();
    assert!(packages.contains(&"regex"), "parsed the lock file");
    let banned =
        ["reqwest", "ureq", "hyper", "curl", "isahc", "attohttpc", "surf", "tokio", "async-std", "git2", "duct"];
    for b in banned {
        assert!(!packages.contains(&b), "{b} is in Cargo.lock: readiness must not reach the network or run programs");
    }
}
