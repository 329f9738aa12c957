//! Which unit of a workspace a path belongs to, and the path a rule's globs see there.
//!
//! A unit is scored as if its directory were the repository root, so `Dockerfile` means
//! `services/api/Dockerfile` for the unit `services/api`. Files directly at the repository
//! root and under its hidden top-level directories (`.github/`, `.gitlab/`...) are shared:
//! CI, SECURITY.md, LICENSE and CODEOWNERS count for every unit. Anything else outside the
//! units (a `libs/` folder, another unit's files) counts for none.

/// Bucket of the files that count for every unit (and, without units, of every file).
pub(crate) const SHARED: usize = 0;

/// The units of a scan, as `/`-separated directories relative to the root.
#[derive(Debug, Clone, Default)]
pub(crate) struct Partition {
    units: Vec<String>,
    /// The bucket of the root unit (`.`), which takes what no other unit holds.
    root_unit: Option<usize>,
}

impl Partition {
    /// Units must not be empty strings; nested units are allowed (a file goes to the
    /// innermost).
    pub(crate) fn new(units: &[String]) -> Self {
        let units: Vec<String> = units.iter().map(|u| u.trim_matches('/').to_string()).collect();
        let root_unit = units.iter().position(|u| u == crate::workspace::ROOT).map(|i| i + 1);
        Self { units, root_unit }
    }

    /// Buckets of results: the shared one, then one per unit.
    pub(crate) fn buckets(&self) -> usize {
        self.units.len() + 1
    }

    /// The bucket of a path relative to the root, and the path the unit's globs match
    /// against; `None` when it counts for no unit.
    pub(crate) fn locate<'a>(&self, rel: &'a str) -> Option<(usize, &'a str)> {
        if self.units.is_empty() {
            return Some((SHARED, rel));
        }
        let inside = self
            .units
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(i + 1) != self.root_unit)
            .filter(|(_, u)| rel.len() > u.len() && rel.starts_with(u.as_str()) && rel.as_bytes()[u.len()] == b'/')
            .max_by_key(|(_, u)| u.len());
        if let Some((i, u)) = inside {
            return Some((i + 1, &rel[u.len() + 1..]));
        }
        let shared = match rel.split_once('/') {
            None => true,
            Some((top, _)) => top.starts_with('.'),
        };
        match (shared, self.root_unit) {
            (true, _) => Some((SHARED, rel)),
            (false, Some(root)) => Some((root, rel)),
            (false, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_go_to_their_innermost_unit_root_files_to_all() {
        let p = Partition::new(&["services/api".into(), "services/api/worker".into(), "apps/web/".into()]);
        assert_eq!(p.buckets(), 4);
        assert_eq!(p.locate("services/api/Dockerfile"), Some((1, "Dockerfile")));
        assert_eq!(p.locate("services/api/worker/main.go"), Some((2, "main.go")));
        assert_eq!(p.locate("apps/web/src/app.ts"), Some((3, "src/app.ts")));
        // A sibling whose name starts like a unit is not in it.
        assert_eq!(p.locate("services/api-gateway/main.go"), None);
        assert_eq!(p.locate("SECURITY.md"), Some((SHARED, "SECURITY.md")));
        assert_eq!(p.locate(".github/workflows/ci.yml"), Some((SHARED, ".github/workflows/ci.yml")));
        assert_eq!(p.locate("libs/shared/lib.rs"), None);
    }

    #[test]
    fn the_root_unit_takes_what_no_other_unit_holds() {
        let p = Partition::new(&[".".into(), "crates/util".into()]);
        assert_eq!(p.locate("src/main.rs"), Some((1, "src/main.rs")));
        assert_eq!(p.locate("crates/util/src/lib.rs"), Some((2, "src/lib.rs")));
        assert_eq!(p.locate("Cargo.toml"), Some((SHARED, "Cargo.toml")));
    }

    #[test]
    fn without_units_everything_is_shared() {
        let p = Partition::default();
        assert_eq!(p.buckets(), 1);
        assert_eq!(p.locate("src/main.rs"), Some((SHARED, "src/main.rs")));
    }
}
