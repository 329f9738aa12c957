//! "Did you mean ...?" suggestions for mistyped ids and keys.

/// The candidate closest to `input`, if it is close enough to be a plausible typo.
pub(crate) fn closest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(input, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_miss_and_nothing_for_strangers() {
        let ids = ["security", "release", "testing"];
        assert_eq!(closest("secuirty", ids), Some("security"));
        assert_eq!(closest("relase", ids), Some("release"));
        assert_eq!(closest("zzz", ids), None);
    }
}
