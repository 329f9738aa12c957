//! Finding the deployable units of a monorepo, for `readiness check --workspace`.
//!
//! A unit is a directory scored as if it were a repository of its own. Units come from, in
//! this order of authority: `[workspace] members` in readiness.toml (then nothing else is
//! guessed); the workspace manifests at the root (Cargo, npm/yarn, pnpm, Go); and the
//! conventions of monorepos: `services/*`, `apps/*`, `packages/*`, Helm charts, and any
//! directory with both a manifest and a Dockerfile. A unit inside another is part of it.
//! With no unit found, the repository itself is the one unit.

use std::collections::BTreeMap;
use std::path::Path;

use globset::{GlobSet, GlobSetBuilder};

use crate::rules::pattern;

/// The root as a unit of its own (a Cargo package beside its workspace members): it counts
/// the files no other unit holds.
pub const ROOT: &str = ".";

/// Most bytes read of a root workspace manifest.
const MANIFEST_CAP: u64 = 1 << 20;

/// How deep below the root units are looked for.
const MAX_DEPTH: usize = 4;

/// Manifests that make a directory a project of its own.
const MANIFESTS: &[&str] = &[
    "package.json",
    "pyproject.toml",
    "setup.py",
    "requirements.txt",
    "go.mod",
    "Cargo.toml",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "Gemfile",
    "composer.json",
    "mix.exs",
];

/// Directories that hold one unit per child, by monorepo convention.
const CONVENTIONS: &[&str] = &["services/*", "apps/*", "packages/*"];

/// A deployable unit: a directory relative to the root, and what made it one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// `/`-separated path relative to the root.
    pub path: String,
    /// Why it is a unit, e.g. "Cargo workspace member" or "services/*".
    pub found_by: String,
}

/// The units of the repository at `root`. `members` are globs from the config; when given,
/// they alone decide. An empty result means the root is the only unit.
/// `exclude` are the config's globs of files that are never evidence: a unit whose directory
/// they cover is no unit.
pub fn discover(root: &Path, members: &[String], exclude: &[String]) -> Result<Vec<Unit>, String> {
    let tree = Tree::read(root);
    let mut excluded = GlobSetBuilder::new();
    for g in exclude {
        excluded.add(pattern::glob(g, false).map_err(|e| format!("exclude `{g}`: {}", e.kind()))?);
    }
    let excluded = excluded.build().map_err(|e| e.to_string())?;
    let mut found: Vec<Unit> = Vec::new();
    let mut add = |dirs: Vec<String>, why: &str| {
        for path in dirs {
            let gone = excluded.is_match(&path) || excluded.is_match(format!("{path}/x"));
            if !path.is_empty() && !gone && !found.iter().any(|u| u.path == path) {
                found.push(Unit { path, found_by: why.to_string() });
            }
        }
    };
    if !members.is_empty() {
        add(tree.matching(members)?, "readiness.toml [workspace] members");
        if found.is_empty() {
            // A typo must not quietly score the whole repository as one unit.
            return Err(format!("[workspace] members ({}) match no directory", members.join(", ")));
        }
        return Ok(outermost(found));
    }
    // Manifests are read like `.git` files: never a FIFO or a link, a bounded size.
    let read = |name: &str| crate::scan::read_small(&root.join(name), MANIFEST_CAP).ok();
    if let Some(cargo) = read("Cargo.toml")
        && let Some(globs) = cargo_members(&cargo)
    {
        add(tree.matching(&globs)?, "Cargo workspace member");
        // A root `[package]` beside `[workspace]` is a crate of its own: the root unit.
        if cargo.parse::<toml::Table>().is_ok_and(|t| t.contains_key("package")) {
            add(vec![ROOT.to_string()], "Cargo package at the root");
        }
    }
    if let Some(globs) = read("package.json").and_then(|t| npm_workspaces(&t)) {
        add(tree.matching(&globs)?, "npm workspace");
    }
    if let Some(globs) = read("pnpm-workspace.yaml").map(|t| pnpm_packages(&t)) {
        add(tree.matching(&globs)?, "pnpm workspace");
    }
    if let Some(dirs) = read("go.work").map(|t| go_work_uses(&t)) {
        add(tree.matching(&dirs)?, "Go workspace (go.work)");
    }
    for convention in CONVENTIONS {
        add(tree.matching(&[convention.to_string()])?, convention);
    }
    // A chart or a Dockerfile-and-manifest directory is a unit of a repository that is not
    // a project itself; in one that is (a manifest at the root), they are parts of it.
    let root_is_project = tree.dirs.get("").is_some_and(|files| MANIFESTS.iter().any(|m| files.contains_key(*m)));
    if !root_is_project {
        add(tree.dirs_with(|files| files.contains_key("Chart.yaml")), "Helm chart");
        add(
            tree.dirs_with(|files| {
                files.contains_key("Dockerfile") && MANIFESTS.iter().any(|m| files.contains_key(*m))
            }),
            "manifest and Dockerfile",
        );
    }
    Ok(outermost(found))
}

/// Drop units inside another unit (a service's Helm chart belongs to the service), and
/// sort by path.
fn outermost(mut units: Vec<Unit>) -> Vec<Unit> {
    units.sort_by(|a, b| a.path.cmp(&b.path));
    let mut kept: Vec<Unit> = Vec::new();
    for u in units {
        // The root unit holds only what no other unit claims, so it nests nothing.
        if !kept.iter().any(|k| k.path != ROOT && u.path.starts_with(&format!("{}/", k.path))) {
            kept.push(u);
        }
    }
    kept
}

/// The directories of the tree down to `MAX_DEPTH`, with their file names, honouring the
/// same ignore files as the scan.
struct Tree {
    dirs: BTreeMap<String, BTreeMap<String, ()>>,
}

impl Tree {
    fn read(root: &Path) -> Tree {
        let mut dirs: BTreeMap<String, BTreeMap<String, ()>> = BTreeMap::new();
        // The scan's own safeguards: an ignore file that is a FIFO or a link out of the root
        // is never opened (the scan warns about it; discovery just steps around it).
        let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let (mut builder, _) = crate::scan::walk::safe_builder(root, &canonical);
        let walker = builder
            .max_depth(Some(MAX_DEPTH + 1))
            .hidden(true)
            .filter_entry(move |e| {
                let skipped_name = matches!(e.file_name().to_str(), Some("node_modules" | "vendor" | "target"));
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                !skipped_name && (!is_dir || crate::scan::walk::unsafe_ignore_files(e.path(), &canonical).is_empty())
            })
            .build();
        for entry in walker.flatten() {
            let Some(ft) = entry.file_type() else { continue };
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            if ft.is_dir() && rel.len() <= MAX_DEPTH {
                dirs.entry(rel.join("/")).or_default();
            } else if ft.is_file()
                && let Some((name, parent)) = rel.split_last()
            {
                dirs.entry(parent.join("/")).or_default().insert(name.clone(), ());
            }
        }
        Tree { dirs }
    }

    /// Directories matching any of the globs (relative to the root; `./` and trailing `/`
    /// are ignored, `!pattern` excludes).
    fn matching(&self, globs: &[String]) -> Result<Vec<String>, String> {
        let build = |negated: bool| -> Result<GlobSet, String> {
            let mut set = GlobSetBuilder::new();
            for g in globs.iter().filter(|g| g.starts_with('!') == negated) {
                let g = g.trim_start_matches('!').trim_start_matches("./").trim_end_matches('/');
                set.add(pattern::glob(g, true).map_err(|e| format!("workspace member `{g}`: {}", e.kind()))?);
            }
            set.build().map_err(|e| e.to_string())
        };
        let (include, exclude) = (build(false)?, build(true)?);
        Ok(self
            .dirs
            .keys()
            .filter(|d| !d.is_empty() && include.is_match(d.as_str()) && !exclude.is_match(d.as_str()))
            .cloned()
            .collect())
    }

    fn dirs_with(&self, test: impl Fn(&BTreeMap<String, ()>) -> bool) -> Vec<String> {
        self.dirs.iter().filter(|(d, files)| !d.is_empty() && test(files)).map(|(d, _)| d.clone()).collect()
    }
}

/// `[workspace] members` of a Cargo.toml, with its `exclude` paths (and what lies below
/// them, as Cargo reads them) as `!` globs.
fn cargo_members(text: &str) -> Option<Vec<String>> {
    let value: toml::Value = toml::from_str(text).ok()?;
    let workspace = value.get("workspace")?;
    let strings = |list: &Vec<toml::Value>| list.iter().filter_map(|v| v.as_str().map(String::from)).collect();
    let mut globs: Vec<String> = strings(workspace.get("members")?.as_array()?);
    let excluded: Vec<String> =
        workspace.get("exclude").and_then(toml::Value::as_array).map(strings).unwrap_or_default();
    for path in excluded {
        let path = path.trim_start_matches("./").trim_end_matches('/');
        globs.push(format!("!{path}/**"));
        globs.push(format!("!{path}"));
    }
    Some(globs)
}

/// `workspaces` of a package.json: a list, or `{ "packages": [...] }` (yarn).
fn npm_workspaces(text: &str) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let list = value.get("workspaces")?;
    let list = list.get("packages").unwrap_or(list).as_array()?;
    Some(list.iter().filter_map(|m| m.as_str().map(String::from)).collect())
}

/// The `packages:` list of a pnpm-workspace.yaml (the only key it has that matters here).
fn pnpm_packages(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_packages = false;
    for line in text.lines() {
        let trimmed = line.trim();
        // A comment, even at column 0, is no key: it neither starts nor ends the list.
        if trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t', '-']) && !trimmed.is_empty() {
            in_packages = trimmed.starts_with("packages:");
            continue;
        }
        if in_packages && let Some(item) = trimmed.strip_prefix('-') {
            let item = item.split(" #").next().unwrap_or_default().trim().trim_matches(['\'', '"']);
            if !item.is_empty() {
                out.push(item.to_string());
            }
        }
    }
    out
}

/// The directories of a go.work's `use` directives, in both the one-line and block forms.
fn go_work_uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or_default().trim();
        if in_block {
            if line == ")" {
                in_block = false;
            } else if !line.is_empty() {
                out.push(line.trim_matches('"').to_string());
            }
        } else if let Some(rest) = line.strip_prefix("use") {
            let rest = rest.trim();
            if rest == "(" {
                in_block = true;
            } else if !rest.is_empty() {
                out.push(rest.trim_matches('"').to_string());
            }
        }
    }
    out.retain(|d| d != "." && d != "./");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        dir
    }

    fn paths(units: &[Unit]) -> Vec<&str> {
        units.iter().map(|u| u.path.as_str()).collect()
    }

    #[test]
    fn conventions_charts_and_manifest_with_dockerfile() {
        let dir = tree(&[
            "services/api/main.go",
            "services/api/chart/Chart.yaml",
            "apps/web/package.json",
            "deploy/charts/billing/Chart.yaml",
            "tools/worker/pyproject.toml",
            "tools/worker/Dockerfile",
            "libs/shared/pyproject.toml",
            "node_modules/x/package.json",
            "node_modules/x/Dockerfile",
        ]);
        let units = discover(dir.path(), &[], &[]).unwrap();
        assert_eq!(paths(&units), ["apps/web", "deploy/charts/billing", "services/api", "tools/worker"]);
        assert_eq!(units[0].found_by, "apps/*");
        assert_eq!(units[1].found_by, "Helm chart");
        assert_eq!(units[3].found_by, "manifest and Dockerfile");
    }

    #[test]
    fn workspace_manifests_name_their_members() {
        let dir = tree(&["crates/a/Cargo.toml", "crates/b/Cargo.toml", "web/ui/package.json", "cmd/tool/go.mod"]);
        std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\nmembers = [\"crates/*\"]\n").unwrap();
        std::fs::write(dir.path().join("package.json"), r#"{"workspaces": {"packages": ["web/*"]}}"#).unwrap();
        std::fs::write(dir.path().join("go.work"), "go 1.22\n\nuse (\n\t./cmd/tool // the CLI\n)\n").unwrap();
        let units = discover(dir.path(), &[], &[]).unwrap();
        assert_eq!(paths(&units), ["cmd/tool", "crates/a", "crates/b", "web/ui"]);
        assert_eq!(units[1].found_by, "Cargo workspace member");
    }

    #[test]
    fn cargo_exclude_removes_members() {
        let dir = tree(&["crates/a/Cargo.toml", "crates/legacy/Cargo.toml", "vendor/x/y/Cargo.toml"]);
        let manifest =
            "[workspace]\nmembers = [\"crates/*\", \"vendor/*/*\"]\nexclude = [\"crates/legacy\", \"./vendor/x/\"]\n";
        std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
        let units = discover(dir.path(), &[], &[]).unwrap();
        assert_eq!(paths(&units), ["crates/a"]);
    }

    #[test]
    fn configured_members_alone_decide() {
        let dir = tree(&["services/api/x", "platform/auth/x", "platform/old/x"]);
        let units = discover(dir.path(), &["platform/*".into(), "!platform/old".into()], &[]).unwrap();
        assert_eq!(paths(&units), ["platform/auth"]);
    }

    #[test]
    fn a_root_project_keeps_its_charts_and_its_cargo_members_beside_it() {
        // A single service with its own chart: the chart is part of it, not a unit.
        let dir = tree(&["go.mod", "main.go", "charts/api/Chart.yaml", "deploy/Dockerfile"]);
        assert_eq!(discover(dir.path(), &[], &[]).unwrap(), vec![]);
        // A root crate beside its workspace members is a unit too.
        let dir = tree(&["src/main.rs", "crates/util/Cargo.toml"]);
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[package]\nname = \"app\"\n[workspace]\nmembers = [\"crates/*\"]\n",
        )
        .unwrap();
        assert_eq!(paths(&discover(dir.path(), &[], &[]).unwrap()), [".", "crates/util"]);
    }

    #[test]
    fn excluded_directories_are_no_units_and_members_must_match() {
        let dir = tree(&["services/api/x", "examples/demo/Dockerfile", "examples/demo/package.json"]);
        assert_eq!(paths(&discover(dir.path(), &[], &["examples/**".into()]).unwrap()), ["services/api"]);
        let err = discover(dir.path(), &["servces/*".into()], &[]).unwrap_err();
        assert!(err.contains("match no directory"), "{err}");
    }

    #[test]
    fn a_repository_without_units_has_none() {
        let dir = tree(&["Dockerfile", "go.mod", "main.go", "internal/db/db.go"]);
        assert_eq!(discover(dir.path(), &[], &[]).unwrap(), vec![]);
    }

    #[test]
    fn pnpm_and_go_work_parsers() {
        let yaml = "packages:\n  - 'apps/*'\n  - \"packages/*\" # libs\n  - '!**/test/**'\ncatalog:\n  - x\n";
        assert_eq!(pnpm_packages(yaml), ["apps/*", "packages/*", "!**/test/**"]);
        // A comment at column 0 inside the list does not end it.
        let commented = "# workspace\npackages:\n  - apps/*\n# the libraries\n  - libs/*\n";
        assert_eq!(pnpm_packages(commented), ["apps/*", "libs/*"]);
        assert_eq!(go_work_uses("use ./a\nuse (\n  ./b\n  \"./c\"\n)\n"), ["./a", "./b", "./c"]);
    }
}
