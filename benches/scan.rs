//! In-process benchmarks of the parts a run is made of: compiling the rule packs, and one
//! scan of a synthetic 2,000-file tree with the built-in pack and with ten times as many
//! rules (copies that hit like their originals, and copies that never hit). `scripts/bench.sh` measures the whole binary against ripgrep on larger trees.

mod synth;

use std::path::PathBuf;
use std::sync::LazyLock;

use readiness::rules::{self, RuleSet};
use readiness::scan::{ScanOptions, Scanner};

/// A generated tree, shared by every benchmark of this process.
static TREE: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    synth::generate(&root, &synth::Spec { files: 2_000, seed: 1 }).expect("tree generated");
    (dir, root)
});

/// The built-in rules plus nine rewritten copies of each, matching what the originals match
/// (`Same`) or needing a word that occurs nowhere (`Fresh`).
fn ten_times(literals: synth::Literals) -> (tempfile::TempDir, RuleSet) {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("pack10.toml");
    let rules_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules");
    synth::multiply_pack(&rules_dir, 10, &pack, literals).expect("pack written");
    let set = rules::load(std::slice::from_ref(&pack)).expect("pack loads");
    (dir, set)
}

static TEN_TIMES: LazyLock<(tempfile::TempDir, RuleSet)> = LazyLock::new(|| ten_times(synth::Literals::Same));
static TEN_TIMES_FRESH: LazyLock<(tempfile::TempDir, RuleSet)> = LazyLock::new(|| ten_times(synth::Literals::Fresh));

fn main() {
    divan::main();
}

#[divan::bench]
fn load_builtin_rules() -> RuleSet {
    rules::load(&[]).expect("built-in packs load")
}

#[divan::bench]
fn compile_scanner() -> Scanner {
    let set = rules::load(&[]).expect("built-in packs load");
    Scanner::new(&set).expect("compiles")
}

#[divan::bench(sample_count = 10)]
fn scan_2k_files(bencher: divan::Bencher) {
    let set = rules::load(&[]).expect("built-in packs load");
    let root = &TREE.1;
    bencher.bench(|| Scanner::new(&set).expect("compiles").scan(root, &ScanOptions::default()).expect("scans"));
}

#[divan::bench(sample_count = 10)]
fn scan_2k_files_ten_times_the_rules(bencher: divan::Bencher) {
    let set = &TEN_TIMES.1;
    let root = &TREE.1;
    bencher.bench(|| Scanner::new(set).expect("compiles").scan(root, &ScanOptions::default()).expect("scans"));
}

#[divan::bench(sample_count = 10)]
fn scan_2k_files_ten_times_rules_that_never_hit(bencher: divan::Bencher) {
    let set = &TEN_TIMES_FRESH.1;
    let root = &TREE.1;
    bencher.bench(|| Scanner::new(set).expect("compiles").scan(root, &ScanOptions::default()).expect("scans"));
}
