//! The report model, built once from an evaluation, and one renderer per output format.
//!
//! Every format renders the same `Report`, so they can never disagree about a verdict.
//! The JSON schema is this model serialised; its shape is documented in docs/json-schema.md
//! and versioned by `SCHEMA_VERSION`.

pub mod badge;
mod finding;
mod github;
mod html;
mod json;
mod junit;
mod markdown;
mod paint;
mod rule_list;
mod sarif;
mod table;
mod workspace;

pub use rule_list::{ListFormat, render_explain, render_rule_list};
pub use workspace::{WorkspaceReport, render_workspace};

use serde::Serialize;

use crate::engine::{Evaluation, Status, TraitResult};
use crate::rules::RuleSet;
use crate::scan::{Evidence, Facts, Finding, ScanStats, ScanWarning};
use crate::score::{self, Tally};

/// Bumped whenever a field of the JSON output changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// Output formats of `readiness check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A summary table and the gaps, for a terminal.
    Table,
    /// A Markdown report in the shape of a production-readiness plan.
    Markdown,
    /// Machine-readable, with a stable schema.
    Json,
    /// GitHub Actions annotations: errors on lint findings, warnings for gaps.
    Github,
    /// JUnit XML: a testsuite per category, a testcase per rule.
    Junit,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// One self-contained HTML page (inline CSS and SVG, no script), for a browser or a CI
    /// artifact.
    Html,
}

/// How a human-facing format is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// Show the evidence of passed rules and the traits' evidence.
    pub verbose: bool,
}

/// The JSON Schema of `--format json`, for docs/schemas/.
pub fn json_schema() -> String {
    let mut out = serde_json::to_string_pretty(&schemars::schema_for!(Report)).expect("schema serialises");
    out.push('\n');
    out
}

/// The JSON Schema of `check --workspace --format json`, for docs/schemas/.
pub fn workspace_json_schema() -> String {
    let mut out = serde_json::to_string_pretty(&schemars::schema_for!(WorkspaceReport)).expect("schema serialises");
    out.push('\n');
    out
}

/// Render a report in a format.
pub fn render(report: &Report, format: Format, opts: RenderOptions) -> String {
    match format {
        Format::Table => table::render(report, opts),
        Format::Markdown => markdown::render(report, opts),
        Format::Json => json::render(report),
        Format::Github => github::render(report),
        Format::Junit => junit::render(report),
        Format::Sarif => sarif::render(report),
        Format::Html => html::render(report),
    }
}

/// The result of one `readiness check`, ready for any renderer.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Report {
    /// Version of this schema.
    pub schema_version: u32,
    /// The tool that made it.
    pub tool: Tool,
    /// The scanned root, as given on the command line.
    pub root: String,
    /// With `--workspace`: the unit this report scores, relative to the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Overall score in percent, rounded down; `None` when no rule applies.
    pub score: Option<u32>,
    /// The exact overall score in percent, rounded to two decimals.
    pub score_exact: Option<f64>,
    /// The maturity level reached and what stands before the next (absent when the packs
    /// declare no levels).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<LevelReport>,
    /// Rule counts.
    pub summary: Summary,
    /// Per category, in pack order.
    pub categories: Vec<CategoryReport>,
    /// Per rule, by category then declaration order.
    pub rules: Vec<RuleReport>,
    /// Every trait and whether it was detected.
    pub traits: Vec<TraitResult>,
    /// Walk counts.
    pub stats: ScanStats,
    /// Entries skipped with a reason.
    pub warnings: Vec<ScanWarning>,
    /// When and on what the run was made (shown by the HTML page; not in the JSON).
    #[serde(skip)]
    pub context: RunContext,
    /// With `--baseline`: what changed since (shown by the HTML page).
    #[serde(skip)]
    pub change: Option<Change>,
}

/// When and on what a run was made.
#[derive(Debug, Clone, Default)]
pub struct RunContext {
    /// The day of the run, YYYY-MM-DD.
    pub date: String,
    /// The repository's name and commit.
    pub repo: crate::repo::RepoInfo,
}

/// What changed since a baseline.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// The baseline's score.
    pub score_then: Option<u32>,
    /// Rules and findings that got better, in words.
    pub improvements: Vec<String>,
    /// Rules and findings that got worse, in words.
    pub regressions: Vec<String>,
}

/// Where the repository stands on the ladder of maturity levels.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LevelReport {
    /// The highest level reached; absent below the first.
    pub reached: Option<LevelRef>,
    /// The level above it, and the failing rules that stand in the way; absent at the top.
    pub next: Option<NextLevel>,
    /// Every level, lowest first.
    pub ladder: Vec<LevelRef>,
}

/// A level's id and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LevelRef {
    /// Level id, e.g. "silver".
    pub id: String,
    /// Title, e.g. "Silver".
    pub title: String,
}

/// The next level and what it takes.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NextLevel {
    /// The level.
    #[serde(flatten)]
    pub level: LevelRef,
    /// Ids of the failing rules of this level: passing them all reaches it.
    pub blocking: Vec<String>,
}

impl LevelReport {
    /// "2 rules to Silver: security/dependency-scanning, operations/runbook", or `None` at
    /// the top.
    pub fn next_line(&self) -> Option<String> {
        let next = self.next.as_ref()?;
        let n = next.blocking.len();
        let rules = if n == 1 { "rule" } else { "rules" };
        Some(format!("{n} {rules} to {}: {}", next.level.title, next.blocking.join(", ")))
    }

    /// The title of the level reached, or "none" below the first.
    pub fn reached_title(&self) -> &str {
        self.reached.as_ref().map_or("none", |l| l.title.as_str())
    }
}

/// Name and version of readiness.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Tool {
    /// "readiness".
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
}

/// How many rules ended in each status.
#[derive(Debug, Clone, Copy, Default, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// Rules that passed.
    pub passed: usize,
    /// Rules that failed.
    pub failed: usize,
    /// Rules left out because they do not apply.
    pub not_applicable: usize,
    /// Rules the project disabled (with a reason), also left out of the score.
    pub disabled: usize,
    /// Lint findings waived by `readiness-ignore` comments.
    pub suppressed: usize,
    /// Lint findings over all rules.
    pub findings: usize,
}

/// One category's result.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CategoryReport {
    /// Category id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Weight in the overall score.
    pub weight: u32,
    /// Score in percent, rounded down; `None` when no rule of it applies.
    pub score: Option<u32>,
    /// Rules that passed.
    pub passed: usize,
    /// Rules that failed.
    pub failed: usize,
    /// Rules that do not apply.
    pub not_applicable: usize,
    /// Sum of the weights of passed rules.
    pub passed_weight: u32,
    /// Sum of the weights of applicable rules.
    pub applicable_weight: u32,
}

/// One rule's result.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RuleReport {
    /// Rule id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Category id.
    pub category: String,
    /// Weight inside the category.
    pub weight: u32,
    /// Traits it applies to.
    pub applies: Vec<String>,
    /// The maturity level it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Verdict.
    pub status: Status,
    /// For a failed rule: points the overall score gains when it passes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// What made it pass.
    pub evidence: Vec<Evidence>,
    /// Lint findings.
    pub findings: Vec<Finding>,
    /// Why it matters.
    pub why: String,
    /// What to do when it fails.
    pub remediation: String,
    /// Link to more documentation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// Why the project disabled it (status `disabled`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
    /// Findings waived by `readiness-ignore` comments, with their reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<SuppressedFinding>,
    /// The file that would hold this rule's evidence, when the check names one exactly
    /// (where SARIF places a gap).
    #[serde(skip)]
    pub evidence_hint: Option<String>,
}

/// A finding a `readiness-ignore` comment waived.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SuppressedFinding {
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
    /// The comment's reason.
    pub reason: String,
}

impl Report {
    /// Assemble the report of one run.
    pub fn build(set: &RuleSet, eval: &Evaluation, facts: &Facts, root: &str) -> Report {
        let tallies: Vec<Tally> = set
            .categories
            .iter()
            .map(|c| {
                let mut t = Tally { weight: c.weight, ..Tally::default() };
                for r in eval.rules.iter().filter(|r| set.rules[r.rule].category == c.id) {
                    let w = set.rules[r.rule].weight;
                    match r.status {
                        Status::Pass => {
                            t.passed += w;
                            t.applicable += w;
                        }
                        Status::Fail => t.applicable += w,
                        Status::NotApplicable | Status::Disabled => {}
                    }
                }
                t
            })
            .collect();
        let category_index = |id: &str| set.categories.iter().position(|c| c.id == id).expect("validated category");
        let rules: Vec<RuleReport> = eval
            .rules
            .iter()
            .map(|r| {
                let rule = &set.rules[r.rule];
                let points = (r.status == Status::Fail)
                    .then(|| round2(score::gain(&tallies, category_index(&rule.category), rule.weight)));
                RuleReport {
                    id: rule.id.clone(),
                    title: rule.title.clone(),
                    category: rule.category.clone(),
                    weight: rule.weight,
                    applies: rule.applies.clone(),
                    level: rule.level.map(|l| set.levels[l].id.clone()),
                    status: r.status,
                    points,
                    evidence: r.evidence.clone(),
                    findings: r.findings.clone(),
                    why: rule.why.clone(),
                    remediation: rule.remediation.clone(),
                    docs: rule.docs.clone(),
                    disabled_reason: r.disabled_reason.clone(),
                    evidence_hint: evidence_hint(rule, &set.atoms),
                    suppressed: r
                        .suppressed
                        .iter()
                        .map(|(f, reason)| SuppressedFinding { finding: f.clone(), reason: reason.clone() })
                        .collect(),
                }
            })
            .collect();
        let count = |cat: Option<&str>, status: Status| {
            rules.iter().filter(|r| r.status == status && cat.is_none_or(|c| r.category == c)).count()
        };
        let categories = set
            .categories
            .iter()
            .zip(&tallies)
            .map(|(c, t)| CategoryReport {
                id: c.id.clone(),
                title: c.title.clone(),
                weight: c.weight,
                score: score::category_score(*t).map(score::Ratio::percent_floor),
                passed: count(Some(&c.id), Status::Pass),
                failed: count(Some(&c.id), Status::Fail),
                not_applicable: count(Some(&c.id), Status::NotApplicable),
                passed_weight: t.passed,
                applicable_weight: t.applicable,
            })
            .collect();
        let overall = score::overall_score(&tallies);
        let level_ref = |i: usize| LevelRef { id: set.levels[i].id.clone(), title: set.levels[i].title.clone() };
        let level = crate::level::standing(set, eval).map(|st| LevelReport {
            reached: st.reached.map(level_ref),
            next: st.next.map(|n| NextLevel {
                level: level_ref(n),
                blocking: st.blocking.iter().map(|&r| set.rules[r].id.clone()).collect(),
            }),
            ladder: (0..set.levels.len()).map(level_ref).collect(),
        });
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool { name: env!("CARGO_PKG_NAME"), version: env!("CARGO_PKG_VERSION") },
            root: root.to_string(),
            unit: None,
            score: overall.map(score::Ratio::percent_floor),
            score_exact: overall.map(|r| round2(r.percent())),
            level,
            summary: Summary {
                passed: count(None, Status::Pass),
                failed: count(None, Status::Fail),
                not_applicable: count(None, Status::NotApplicable),
                disabled: count(None, Status::Disabled),
                suppressed: rules.iter().map(|r| r.suppressed.len()).sum(),
                findings: rules.iter().map(|r| r.findings.len()).sum(),
            },
            categories,
            rules,
            traits: eval.traits.clone(),
            stats: facts.stats.clone(),
            warnings: facts.warnings.clone(),
            context: RunContext::default(),
            change: None,
        }
    }

    /// This report as the score of one workspace unit: gaps without a file are placed in
    /// the unit's directory.
    pub fn in_unit(mut self, unit: &str) -> Report {
        self.unit = Some(unit.to_string());
        if unit == crate::workspace::ROOT {
            return self;
        }
        for r in &mut self.rules {
            r.evidence_hint = Some(match &r.evidence_hint {
                Some(hint) => format!("{unit}/{hint}"),
                None => unit.to_string(),
            });
        }
        self
    }

    /// What the report is about: the root, or the root and the unit.
    pub fn subject(&self) -> String {
        match &self.unit {
            Some(unit) => format!("{} · {}", self.root, display_path(unit)),
            None => self.root.clone(),
        }
    }

    /// Failed rules, most points first: the roadmap to 100%.
    pub fn roadmap(&self) -> Vec<&RuleReport> {
        let mut failed: Vec<&RuleReport> = self.rules.iter().filter(|r| r.status == Status::Fail).collect();
        // Stable sort keeps category order among equal gains.
        failed.sort_by(|a, b| b.points.unwrap_or(0.0).total_cmp(&a.points.unwrap_or(0.0)));
        failed
    }

    /// Rules of one category with a given status.
    pub fn rules_in<'a>(&'a self, category: &'a str, status: Status) -> impl Iterator<Item = &'a RuleReport> + 'a {
        self.rules.iter().filter(move |r| r.category == category && r.status == status)
    }

    /// Ids of detected traits.
    pub fn detected_traits(&self) -> Vec<&str> {
        self.traits.iter().filter(|t| t.detected).map(|t| t.id.as_str()).collect()
    }

    /// The detected traits as one phrase, "none" when there are none.
    pub fn detected_traits_text(&self) -> String {
        let traits = self.detected_traits();
        if traits.is_empty() { "none".to_string() } else { traits.join(", ") }
    }

    /// The unit's directory for display, "." for the root.
    pub fn unit_label(&self) -> String {
        display_path(self.unit.as_deref().unwrap_or(".")).into_owned()
    }
}

/// The file a rule's check names most plainly (`SECURITY.{md,txt}` -> `SECURITY.md`), for
/// formats that must place a gap somewhere; wildcard globs name no file.
fn evidence_hint(rule: &crate::rules::Rule, atoms: &[crate::rules::Atom]) -> Option<String> {
    let literal: Vec<String> = rule
        .check
        .atoms()
        .iter()
        .flat_map(|&a| atoms[a].paths.iter())
        .map(|p| match (p.find('{'), p.find('}')) {
            (Some(open), Some(close)) if open < close => {
                let first = p[open + 1..close].split(',').next().unwrap_or_default();
                format!("{}{first}{}", &p[..open], &p[close + 1..])
            }
            _ => p.clone(),
        })
        .filter(|p| !p.contains(['*', '?', '[', '{']))
        .collect();
    let has_extension = |p: &&String| p.rsplit('/').next().is_some_and(|name| name.contains('.'));
    literal.iter().find(has_extension).or(literal.first()).cloned()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A path relative to the workspace (where CI annotations and SARIF name files): the scanned
/// root, unless it is the workspace itself, joined with a path relative to that root
/// (`.` meaning the root).
pub(crate) fn workspace_path(root: &str, path: &str) -> String {
    let root = root.trim_start_matches("./").trim_end_matches('/');
    match (root, path) {
        ("" | ".", path) => path.to_string(),
        (root, ".") => root.to_string(),
        (root, path) => format!("{root}/{path}"),
    }
}

/// "path:line" or "path" for a piece of evidence.
pub(crate) fn evidence_location(e: &Evidence) -> String {
    match e.line {
        Some(line) => format!("{}:{line}", display_path(&e.path)),
        None => display_path(&e.path).into_owned(),
    }
}

/// A path for the text formats (table, Markdown, JUnit bodies): control characters,
/// which a file name may hold, are written as escapes (`\n`, `\r`, `\u{1b}`), so a name
/// cannot break a line, a list item or a `path:line:col` reference. Other paths unchanged.
/// (JSON keeps the real name; SARIF and GitHub annotations encode it their own way.)
pub(crate) fn display_path(path: &str) -> std::borrow::Cow<'_, str> {
    if !path.chars().any(char::is_control) {
        return path.into();
    }
    path.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// "score 38%" or "no applicable rules", for text formats.
pub(crate) fn score_text(score: Option<u32>) -> String {
    match score {
        Some(s) => format!("{s}%"),
        None => "n/a (no rule applies)".to_string(),
    }
}

/// Escape text for XML 1.0 and HTML attributes and content, dropping the control characters XML 1.0
/// cannot carry (a snippet from a binary-ish file must not make the report unparsable).
pub(crate) fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{display_path, workspace_path};

    #[test]
    fn paths_show_control_characters_as_escapes() {
        assert_eq!(display_path("src/a b.py"), "src/a b.py");
        assert_eq!(display_path("src/new\nline\r\u{1b}.py"), r"src/new\nline\r\u{1b}.py");
    }

    #[test]
    fn paths_are_relative_to_the_workspace() {
        assert_eq!(workspace_path(".", "src/a.py"), "src/a.py");
        assert_eq!(workspace_path("./", "src/a.py"), "src/a.py");
        assert_eq!(workspace_path("services/api/", "src/a.py"), "services/api/src/a.py");
        assert_eq!(workspace_path("services/api", "."), "services/api");
        assert_eq!(workspace_path(".", "."), ".");
    }
}
