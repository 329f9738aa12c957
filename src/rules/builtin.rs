//! The built-in packs, compiled into the binary so it runs anywhere with no files beside it.
//!
//! Listed by hand so their order (which is the order of categories in every report) is the
//! catalogue's; a test checks that no file in `rules/` is left out.

/// (name shown in diagnostics, TOML text), in load order.
pub(crate) const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("rules/levels.toml", include_str!("../../rules/levels.toml")),
    ("rules/traits.toml", include_str!("../../rules/traits.toml")),
    ("rules/release.toml", include_str!("../../rules/release.toml")),
    ("rules/security.toml", include_str!("../../rules/security.toml")),
    ("rules/observability.toml", include_str!("../../rules/observability.toml")),
    ("rules/reliability.toml", include_str!("../../rules/reliability.toml")),
    ("rules/performance.toml", include_str!("../../rules/performance.toml")),
    ("rules/data.toml", include_str!("../../rules/data.toml")),
    ("rules/config.toml", include_str!("../../rules/config.toml")),
    ("rules/operations.toml", include_str!("../../rules/operations.toml")),
    ("rules/testing.toml", include_str!("../../rules/testing.toml")),
    ("rules/docs.toml", include_str!("../../rules/docs.toml")),
];

#[cfg(test)]
mod tests {
    use super::BUILTIN_PACKS;

    #[test]
    fn every_pack_file_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| format!("rules/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = BUILTIN_PACKS.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }
}
