//! `readiness.toml`: a project's own settings (thresholds, weights, waived rules, forced
//! traits, extra packs, exclusions), validated as strictly as rule packs: every problem is a
//! diagnostic pointing at the file, line and column (exit 2).
//!
//! Two steps, because ids can only be checked once the packs are loaded and the packs to
//! load come from the config (`extend`): `ConfigFile::read` parses, `ConfigFile::resolve`
//! validates against the rule set and yields a `Config`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::NamedSource;
use serde::Deserialize;
use toml::Spanned;

use crate::rules::{ANY_TRAIT, PackDiagnostic, PackError, RuleSet};
use crate::suggest::closest;

type Span = std::ops::Range<usize>;

/// Names looked for at the scanned root, in order.
pub const FILE_NAMES: &[&str] = &["readiness.toml", ".readiness.toml"];

/// Settings for `readiness check` in a repository (readiness.toml). See docs/config.md.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "readiness.toml")]
struct RawConfig {
    /// Fail the run below this overall score (used when --min-score is not given).
    #[schemars(with = "Option<u8>", range(max = 100))]
    min_score: Option<Spanned<i64>>,
    /// Fail the run below this maturity level, e.g. "silver" (used when --min-level is not
    /// given).
    #[schemars(with = "Option<String>")]
    min_level: Option<Spanned<String>>,
    /// Do not search larger files: bytes, or a string such as "2MiB".
    #[schemars(with = "Option<SizeSchema>")]
    max_file_size: Option<Spanned<RawSize>>,
    /// Globs of files that are never evidence, on top of the ignore files.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    exclude: Vec<Spanned<String>>,
    /// Extra rule packs (files or directories), relative to this file.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    extend: Vec<Spanned<String>>,
    /// Per category id: weight and minimum score.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawCategory>")]
    categories: BTreeMap<Spanned<String>, RawCategory>,
    /// Per rule id: waiver (with a reason), weight, extra applies, expiry.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawRule>")]
    rules: BTreeMap<Spanned<String>, RawRule>,
    /// Traits forced on (true) or off (false).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, bool>")]
    traits: BTreeMap<Spanned<String>, bool>,
    /// Honour `readiness-ignore` comments (default true).
    inline_suppressions: Option<bool>,
    /// The units `readiness check --workspace` scores separately.
    workspace: Option<RawWorkspace>,
}

/// `[workspace]`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawWorkspace {
    /// Globs of unit directories, relative to the root (`!glob` excludes); when given, no
    /// unit is guessed.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    members: Vec<Spanned<String>>,
}

/// A size in bytes, or a string with a K, M or G suffix.
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum SizeSchema {
    /// Bytes.
    Bytes(u64),
    /// E.g. "512K", "2MiB".
    Text(String),
}

/// `max_file_size` as written. Read without looking inside tables and arrays: a
/// `toml::Value` recurses once per level, and dotted keys nest thousands of levels in a
/// few kilobytes (`{ a.a.a = { a.a.a = ... } }`), which overflowed the stack.
#[derive(Debug)]
enum RawSize {
    Bytes(i64),
    Text(String),
    /// Any other type.
    Other,
}

impl<'de> Deserialize<'de> for RawSize {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, SeqAccess, Visitor};
        struct SizeVisitor;
        impl<'de> Visitor<'de> for SizeVisitor {
            type Value = RawSize;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of bytes or a string such as \"2MiB\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawSize, E> {
                Ok(RawSize::Bytes(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawSize, E> {
                i64::try_from(v).map(RawSize::Bytes).map_err(|_| E::custom("integer number overflowed"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawSize, E> {
                Ok(RawSize::Text(v.to_owned()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawSize, E> {
                Ok(RawSize::Other)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawSize, E> {
                Ok(RawSize::Other)
            }
            // Tables, arrays and dates: not a size, whatever they hold.
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<RawSize, A::Error> {
                Ok(RawSize::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<RawSize, A::Error> {
                Ok(RawSize::Other)
            }
        }
        deserializer.deserialize_any(SizeVisitor)
    }
}

/// `[categories.<id>]`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    /// The category's share of the overall score.
    #[schemars(with = "Option<u8>", range(max = 100))]
    weight: Option<Spanned<i64>>,
    /// The category's score must be at least this.
    #[schemars(with = "Option<u8>", range(max = 100))]
    min_score: Option<Spanned<i64>>,
}

/// `[rules."<id>"]`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawRule {
    /// false disables the rule (a reason is required).
    #[schemars(with = "Option<bool>")]
    enabled: Option<Spanned<bool>>,
    /// Why the rule is disabled; shown in every report.
    reason: Option<String>,
    /// The override stops applying after this date (YYYY-MM-DD).
    #[schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    expires: Option<Spanned<String>>,
    /// The rule's weight inside its category.
    #[schemars(with = "Option<u8>", range(min = 1, max = 3))]
    weight: Option<Spanned<i64>>,
    /// Traits added to the rule's applies list.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    applies: Vec<Spanned<String>>,
}

/// The JSON Schema of readiness.toml (as JSON), for editors and docs/schemas/.
pub fn json_schema() -> String {
    let mut out = serde_json::to_string_pretty(&schemars::schema_for!(RawConfig)).expect("schema serialises");
    out.push('\n');
    out
}

/// A parsed config file, not yet checked against the rules.
#[derive(Debug)]
pub struct ConfigFile {
    path: PathBuf,
    source: NamedSource<Arc<str>>,
    raw: RawConfig,
}

/// A validated config, ready to apply.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from (None: no config).
    pub path: Option<PathBuf>,
    /// Overall threshold when --min-score is not given.
    pub min_score: Option<u32>,
    /// Level threshold when --min-level is not given: an index into `RuleSet::levels`.
    pub min_level: Option<usize>,
    /// Size cap when --max-file-size is not given.
    pub max_file_size: Option<u64>,
    /// Globs of files that are never evidence, on top of ignore files.
    pub exclude: Vec<String>,
    /// Per category: weight override and threshold.
    pub categories: BTreeMap<String, CategorySettings>,
    /// Per rule: waivers and overrides.
    pub rules: BTreeMap<String, RuleSettings>,
    /// Traits forced on or off.
    pub traits: BTreeMap<String, bool>,
    /// Honour `readiness-ignore` comments (default true).
    pub inline_suppressions: bool,
    /// Globs of workspace units, for `--workspace` (empty: discover them).
    pub workspace_members: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            min_score: None,
            min_level: None,
            max_file_size: None,
            exclude: Vec::new(),
            categories: BTreeMap::new(),
            rules: BTreeMap::new(),
            traits: BTreeMap::new(),
            inline_suppressions: true,
            workspace_members: Vec::new(),
        }
    }
}

/// `[categories.<id>]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategorySettings {
    /// Replaces the category's weight.
    pub weight: Option<u32>,
    /// The category's score must be at least this.
    pub min_score: Option<u32>,
}

/// `[rules."<id>"]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSettings {
    /// `Some(reason)` when the rule is disabled.
    pub disabled: Option<String>,
    /// The override stops applying after this date (YYYY-MM-DD).
    pub expires: Option<Date>,
    /// Replaces the rule's weight.
    pub weight: Option<u32>,
    /// Traits added to the rule's `applies`.
    pub applies: Vec<String>,
}

/// A calendar date, comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1-12.
    pub month: u32,
    /// Day, 1-31.
    pub day: u32,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// Parse `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date { year: y.parse().ok()?, month: m.parse().ok()?, day: d.parse().ok()? };
        let days_in_month = match date.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if date.year % 4 == 0 && (date.year % 100 != 0 || date.year % 400 == 0) => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month).contains(&date.day).then_some(date)
    }

    /// Today, in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl ConfigFile {
    /// The config to use for `root`: `explicit` if given, else the first of `FILE_NAMES`
    /// at the root, else none.
    pub fn find(root: &Path, explicit: Option<&Path>) -> Result<Option<ConfigFile>, PackError> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match FILE_NAMES.iter().map(|n| root.join(n)).find(|p| p.is_file()) {
                Some(p) => p,
                None => return Ok(None),
            },
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|error| PackError::Io { path: path.display().to_string(), error })?;
        Self::parse(&path, text).map(Some)
    }

    /// Parse a config's text (shape and syntax only).
    pub fn parse(path: &Path, text: String) -> Result<ConfigFile, PackError> {
        let text: Arc<str> = Arc::from(text);
        let source = NamedSource::new(path.display().to_string(), text.clone()).with_language("TOML");
        match toml::from_str::<RawConfig>(&text) {
            Ok(raw) => Ok(ConfigFile { path: path.to_path_buf(), source, raw }),
            Err(e) => Err(PackError::Invalid(vec![crate::rules::syntax_diagnostic(&source, &text, &e).in_config()])),
        }
    }

    /// Extra packs to load, relative to the config file's directory.
    pub fn extend(&self) -> Vec<PathBuf> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        self.raw.extend.iter().map(|p| dir.join(p.get_ref())).collect()
    }

    /// Check every id and value against the loaded rules.
    pub fn resolve(self, set: &RuleSet) -> Result<Config, PackError> {
        let mut problems = Problems::default();
        let err = &mut problems;
        let mut config = Config {
            path: Some(self.path.clone()),
            inline_suppressions: self.raw.inline_suppressions.unwrap_or(true),
            ..Config::default()
        };
        config.min_score = self.raw.min_score.as_ref().and_then(|v| err.percent(v));
        if let Some(level) = &self.raw.min_level {
            config.min_level = set.level_index(level.get_ref());
            if config.min_level.is_none() {
                err.add(
                    "unknown-level",
                    level.span(),
                    format!("unknown level `{}`", level.get_ref()),
                    "not a level",
                    did_you_mean(level.get_ref(), set.levels.iter().map(|l| l.id.as_str())).or_else(|| {
                        Some(format!(
                            "levels, lowest first: {}",
                            set.levels.iter().map(|l| l.id.as_str()).collect::<Vec<_>>().join(", ")
                        ))
                    }),
                );
            }
        }
        if let Some(size) = &self.raw.max_file_size {
            let parsed = match size.get_ref() {
                RawSize::Bytes(n) => u64::try_from(*n).map_err(|_| "a size cannot be negative".to_string()),
                RawSize::Text(s) => parse_size(s),
                RawSize::Other => Err("a size is a number of bytes or a string such as \"2MiB\"".to_string()),
            };
            match parsed {
                Ok(n) => config.max_file_size = Some(n),
                Err(message) => err.add("invalid-value", size.span(), message, "here", None),
            }
        }
        for member in self.raw.workspace.iter().flat_map(|w| &w.members) {
            match crate::rules::pattern::glob(member.get_ref().trim_start_matches('!'), true) {
                Ok(_) => config.workspace_members.push(member.get_ref().clone()),
                Err(e) => {
                    err.add("invalid-glob", member.span(), format!("invalid glob: {}", e.kind()), "this glob", None)
                }
            }
        }
        for glob in &self.raw.exclude {
            match crate::rules::pattern::glob(glob.get_ref(), false) {
                Ok(_) => config.exclude.push(glob.get_ref().clone()),
                Err(e) => {
                    err.add("invalid-glob", glob.span(), format!("invalid glob: {}", e.kind()), "this glob", None)
                }
            }
        }
        let category_ids: Vec<&str> = set.categories.iter().map(|c| c.id.as_str()).collect();
        for (id, raw) in &self.raw.categories {
            if !category_ids.contains(&id.get_ref().as_str()) {
                err.add(
                    "unknown-category",
                    id.span(),
                    format!("unknown category `{}`", id.get_ref()),
                    "not a category",
                    did_you_mean(id.get_ref(), category_ids.iter().copied()),
                );
                continue;
            }
            let weight = raw.weight.as_ref().and_then(|v| err.percent(v));
            let min_score = raw.min_score.as_ref().and_then(|v| err.percent(v));
            config.categories.insert(id.get_ref().clone(), CategorySettings { weight, min_score });
        }
        let trait_ids: Vec<&str> = set.traits.iter().map(|t| t.id.as_str()).collect();
        for (id, raw) in &self.raw.rules {
            let Some(rule) = set.rule(id.get_ref()) else {
                err.add(
                    "unknown-rule",
                    id.span(),
                    format!("unknown rule `{}`", id.get_ref()),
                    "not a rule",
                    did_you_mean(id.get_ref(), set.rules.iter().map(|r| r.id.as_str())),
                );
                continue;
            };
            let mut settings = RuleSettings::default();
            if let Some(enabled) = &raw.enabled
                && !*enabled.get_ref()
            {
                match raw.reason.as_deref().map(str::trim) {
                    Some(reason) if !reason.is_empty() => settings.disabled = Some(reason.to_string()),
                    _ => err.add(
                        "missing-reason",
                        enabled.span(),
                        format!("disabling `{}` needs a reason", rule.id),
                        "disabled without a reason",
                        Some("add reason = \"...\": reports show it, so the next reader knows why".into()),
                    ),
                }
            }
            if let Some(expires) = &raw.expires {
                match Date::parse(expires.get_ref()) {
                    Some(d) => settings.expires = Some(d),
                    None => err.add(
                        "invalid-date",
                        expires.span(),
                        format!("`{}` is not a date", expires.get_ref()),
                        "expected YYYY-MM-DD",
                        Some("e.g. expires = \"2027-06-30\"".into()),
                    ),
                }
            }
            if let Some(w) = &raw.weight {
                match *w.get_ref() {
                    w @ 1..=3 => settings.weight = Some(w as u32),
                    other => err.add(
                        "out-of-range",
                        w.span(),
                        format!("rule weight {other} is out of range"),
                        "must be 1, 2 or 3",
                        None,
                    ),
                }
            }
            for t in &raw.applies {
                if t.get_ref() != ANY_TRAIT && !trait_ids.contains(&t.get_ref().as_str()) {
                    err.add(
                        "unknown-trait",
                        t.span(),
                        format!("unknown trait `{}`", t.get_ref()),
                        "not a trait",
                        did_you_mean(t.get_ref(), trait_ids.iter().copied()),
                    );
                } else {
                    settings.applies.push(t.get_ref().clone());
                }
            }
            config.rules.insert(rule.id.clone(), settings);
        }
        for (id, on) in &self.raw.traits {
            if trait_ids.contains(&id.get_ref().as_str()) {
                config.traits.insert(id.get_ref().clone(), *on);
            } else {
                err.add(
                    "unknown-trait",
                    id.span(),
                    format!("unknown trait `{}`", id.get_ref()),
                    "not a trait",
                    did_you_mean(id.get_ref(), trait_ids.iter().copied()),
                );
            }
        }
        if problems.0.is_empty() {
            return Ok(config);
        }
        let diags = problems
            .0
            .into_iter()
            .map(|(kind, span, message, label, help)| {
                PackDiagnostic::new(kind, &self.source, span, message, label, help).in_config()
            })
            .collect();
        Err(PackError::Invalid(diags))
    }
}

/// Problems found while resolving, turned into diagnostics at the end.
#[derive(Default)]
struct Problems(Vec<(&'static str, Span, String, &'static str, Option<String>)>);

impl Problems {
    fn add(&mut self, kind: &'static str, span: Span, message: String, label: &'static str, help: Option<String>) {
        self.0.push((kind, span, message, label, help));
    }

    /// A percentage from 0 to 100, or a problem.
    fn percent(&mut self, v: &Spanned<i64>) -> Option<u32> {
        match u32::try_from(*v.get_ref()) {
            Ok(p) if p <= 100 => Some(p),
            _ => {
                self.add("out-of-range", v.span(), format!("{} is not a percentage", v.get_ref()), "0 to 100", None);
                None
            }
        }
    }
}

fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

impl Config {
    /// Rule settings still in force on `today` (expired ones are returned separately, so
    /// reports can say that a waiver ran out instead of silently dropping it).
    pub fn rules_in_force(&self, today: Date) -> (BTreeMap<String, RuleSettings>, Vec<(String, Date)>) {
        let mut live = BTreeMap::new();
        let mut expired = Vec::new();
        for (id, s) in &self.rules {
            match s.expires {
                Some(d) if d < today => expired.push((id.clone(), d)),
                _ => {
                    live.insert(id.clone(), s.clone());
                }
            }
        }
        (live, expired)
    }

    /// Apply weight and applicability overrides to the rule set.
    pub fn apply_weights(&self, set: &mut RuleSet, rules: &BTreeMap<String, RuleSettings>) {
        for c in &mut set.categories {
            if let Some(w) = self.categories.get(&c.id).and_then(|s| s.weight) {
                c.weight = w;
            }
        }
        for r in &mut set.rules {
            if let Some(s) = rules.get(&r.id) {
                if let Some(w) = s.weight {
                    r.weight = w;
                }
                for t in &s.applies {
                    if !r.applies.contains(t) {
                        r.applies.push(t.clone());
                    }
                }
            }
        }
    }
}

/// A commented `readiness.toml` for a repository, from a run of the built-in rules: the
/// detected traits, today's score as `min_score` (CI is green today and ratchets later) and
/// every failing rule as a commented-out waiver to fill in or delete.
pub fn template(report: &crate::report::Report, today: Date) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ =
        writeln!(out, "# readiness.toml: settings for `readiness check` (generated by `readiness init` on {today}).");
    let _ = writeln!(
        out,
        "# Every key is described in docs/config.md.
"
    );
    let shown = report.detected_traits_text();
    let _ = writeln!(out, "# Detected traits: {shown}. If detection is wrong, force a trait on or off:");
    let _ = writeln!(out, "# [traits]\n# service = true\n");
    match report.score {
        Some(score) => {
            let _ = writeln!(out, "# The score today. CI fails below it; raise it as gaps close.");
            let _ = writeln!(out, "min_score = {score}\n");
        }
        None => {
            let _ = writeln!(out, "# No rule applies yet, so there is no score to hold.\n# min_score = 50\n");
        }
    }
    let failing: Vec<_> = report.roadmap();
    if failing.is_empty() {
        return out;
    }
    let _ = writeln!(out, "# Rules that fail today, most points first. Fix them, or waive one that does not");
    let _ = writeln!(out, "# fit this repository with a reason (and a date when the waiver should end):");
    let expires = Date { year: today.year + 1, ..today };
    let expires = if Date::parse(&expires.to_string()).is_some() { expires } else { Date { day: 28, ..expires } };
    for r in failing {
        let _ = writeln!(out, "\n# {} (+{:.1} points): {}", r.title, r.points.unwrap_or(0.0), r.remediation);
        let _ = writeln!(out, "# [rules.\"{}\"]\n# enabled = false\n# reason = \"\"\n# expires = \"{expires}\"", r.id);
    }
    out
}

/// "1048576", "512K", "1M", "1MiB", "2G": a size in bytes (K = 1024).
pub(crate) fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits.parse().map_err(|_| format!("`{s}` is not a size: use bytes, or a number with K, M or G"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => return Err(format!("unknown size unit `{other}`: use K, M or G")),
    };
    n.checked_mul(mult).ok_or_else(|| format!("`{s}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::{Date, parse_size};

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5Q").is_err());
    }

    #[test]
    fn dates_parse_strictly_and_compare() {
        assert_eq!(Date::parse("2027-06-30"), Some(Date { year: 2027, month: 6, day: 30 }));
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
        for bad in ["2023-02-29", "2027-13-01", "2027-6-30", "27-06-30", "2027-06-31", "soon"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2026-12-31") < Date::parse("2027-01-01"));
    }

    #[test]
    fn civil_dates_from_days() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(19_782).to_string(), "2024-02-29");
        assert_eq!(Date::from_days(20_779).to_string(), "2026-11-22");
    }
}
