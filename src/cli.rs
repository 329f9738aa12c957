//! Command-line arguments and the commands behind them. The binary parses, calls `run`, and
//! maps the result to an exit code; everything else happens here, writing to the writers
//! it is given (so tests can run commands in-process).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use crate::baseline::Baseline;
use crate::config::{Config, ConfigFile, Date};
use crate::engine::{self, Overrides};
use crate::error::Error;
use crate::progress::ProgressBar;
use crate::report::{self, Format, ListFormat, RenderOptions, Report};
use crate::rules::{self, RuleSet};
use crate::scan::{self, ScanOptions};
use crate::suggest::closest;
use crate::timing::{Stopwatch, timings};

/// Warnings printed before "... and N more" unless --verbose.
const MAX_WARNINGS_SHOWN: usize = 10;

/// Score how production-ready a repository is, and lint it for the gaps.
#[derive(Debug, Parser)]
#[command(name = "readiness", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a repository and print its readiness score and gaps.
    #[command(after_help = "Exit codes: 0 the score is at least --min-score and the level at least \
                            --min-level; 1 one is below; 2 usage error, invalid rule pack, or the \
                            path cannot be scanned.")]
    Check(CheckArgs),
    /// List every loaded rule.
    Rules(RulesArgs),
    /// Show what a rule checks, why it matters and how to fix it.
    Explain(ExplainArgs),
    /// Write a score badge for a README: a shields-style SVG ("readiness | 82%"), or the
    /// shields.io endpoint JSON.
    Badge(BadgeArgs),
    /// Write a commented readiness.toml holding today's score, so CI can ratchet from it.
    Init(InitArgs),
    /// Print a shell completion script (e.g. `readiness completions bash > ~/.local/share/bash-completion/completions/readiness`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `readiness man > readiness.1`.
    Man,
    /// Print a JSON Schema: of `--format json` output, or of readiness.toml.
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        which: SchemaKind,
    },
}

/// The schemas `readiness schema` prints.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SchemaKind {
    /// The JSON report (`--format json`).
    Report,
    /// The JSON report of `check --workspace --format json`: one report per unit.
    Workspace,
    /// The project config (`readiness.toml`).
    Config,
}

/// `readiness init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The repository to set up.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Replace an existing readiness.toml.
    #[arg(long)]
    pub force: bool,
}

/// Extra rule packs, shared by every subcommand.
#[derive(Debug, Args)]
pub struct PackArgs {
    /// Load extra rules from a TOML file or a directory of them (repeatable).
    #[arg(long = "rules", value_name = "FILE_OR_DIR")]
    pub rules: Vec<PathBuf>,
}

/// `readiness badge`.
#[derive(Debug, Args)]
pub struct BadgeArgs {
    /// The repository to score.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// `svg`: the badge itself; `shields`: JSON for a shields.io endpoint badge.
    #[arg(long, short, value_enum, default_value_t = BadgeFormat::Svg)]
    pub format: BadgeFormat,
    /// Write the badge to FILE instead of standard output (e.g. readiness.svg).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub packs: PackArgs,
    /// Project config to use [default: readiness.toml or .readiness.toml at PATH]
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore the project config.
    #[arg(long)]
    pub no_config: bool,
}

/// What `readiness badge` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BadgeFormat {
    /// A shields-style SVG badge.
    Svg,
    /// The shields.io endpoint JSON (`{"schemaVersion": 1, "label", "message", "color"}`).
    Shields,
}

/// `readiness check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The repository to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Exit with code 1 when the score is below this percentage.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub min_score: Option<u32>,
    /// Find the deployable units of a monorepo (services/*, apps/*, packages/*, workspace
    /// manifests, Helm charts, [workspace] members in readiness.toml) and score each one.
    #[arg(long, conflicts_with_all = ["baseline", "write_baseline"])]
    pub workspace: bool,
    /// Exit with code 1 when the repository has not reached this maturity level (bronze,
    /// silver, gold, or a level a pack declares).
    #[arg(long, value_name = "LEVEL")]
    pub min_level: Option<String>,
    /// Write the report to FILE instead of standard output; FORMAT=FILE (repeatable) also
    /// writes the report in another format, e.g. `--output sarif=readiness.sarif`.
    #[arg(long, short, value_name = "[FORMAT=]FILE", value_parser = parse_output)]
    pub output: Vec<Output>,
    #[command(flatten)]
    pub packs: PackArgs,
    /// Do not search files larger than this (bytes, or with a K/M/G suffix) [default: 1MiB,
    /// or max_file_size in the config]
    #[arg(long, value_name = "BYTES", value_parser = crate::config::parse_size)]
    pub max_file_size: Option<u64>,
    /// Project config to use [default: readiness.toml or .readiness.toml at PATH]
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore the project config.
    #[arg(long)]
    pub no_config: bool,
    /// Ignore `readiness-ignore` comments: the repository cannot waive its own findings.
    #[arg(long)]
    pub no_inline_suppressions: bool,
    /// Record this run (score, rule verdicts, finding fingerprints) in FILE.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Fail (exit 1) only on regressions against the baseline in FILE.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Never use colours (also off when NO_COLOR is set or output is not a terminal).
    #[arg(long)]
    pub no_color: bool,
    /// Show the evidence of passed rules, the traits, and every warning.
    #[arg(long, short, conflicts_with = "quiet")]
    pub verbose: bool,
    /// No progress bar and no warnings on stderr: only the report, and why the run failed.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print where the time went (load, walk, read, match, evaluate, report) on stderr.
    #[arg(long)]
    pub timings: bool,
}

/// `readiness rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Print only the distinct content patterns, one per line (for `rg -f` in benchmarks).
    #[arg(long, conflicts_with = "format")]
    pub patterns: bool,
    #[command(flatten)]
    pub packs: PackArgs,
}

/// `readiness explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. `security/policy`.
    pub rule: String,
    #[command(flatten)]
    pub packs: PackArgs,
}

/// What the binary knows about its surroundings: the terminal and the CI it runs in.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// Standard output is a terminal.
    pub stdout_is_tty: bool,
    /// NO_COLOR is set to a non-empty value.
    pub no_color_env: bool,
    /// GITHUB_STEP_SUMMARY: the file GitHub Actions shows as the job summary.
    pub github_step_summary: Option<PathBuf>,
    /// Standard error is a terminal and no `CI` variable is set: a progress bar may be drawn.
    pub interactive_stderr: bool,
}

/// Run a parsed command line. Returns the exit code: 0, or 1 when the score is below
/// `--min-score`. Errors (exit 2) are returned for the binary to render.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write, term: Environment) -> Result<u8, Error> {
    match cli.command {
        Command::Check(args) => check(&args, out, err, term),
        Command::Rules(args) => {
            let set = rules::load(&args.packs.rules)?;
            if args.patterns {
                for p in set.search_patterns() {
                    writeln!(out, "{}", for_ripgrep(p))?;
                }
                return Ok(0);
            }
            out.write_all(report::render_rule_list(&set, args.format).as_bytes())?;
            Ok(0)
        }
        Command::Init(args) => init(&args, out),
        Command::Badge(args) => badge(&args, out, term),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "readiness", out);
            Ok(0)
        }
        Command::Schema { which } => {
            let text = match which {
                SchemaKind::Report => report::json_schema(),
                SchemaKind::Workspace => report::workspace_json_schema(),
                SchemaKind::Config => crate::config::json_schema(),
            };
            out.write_all(text.as_bytes())?;
            Ok(0)
        }
        Command::Man => {
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)?;
            Ok(0)
        }
        Command::Explain(args) => {
            let set = rules::load(&args.packs.rules)?;
            let rule = find_rule(&set, &args.rule)?;
            out.write_all(report::render_explain(&set, rule).as_bytes())?;
            Ok(0)
        }
    }
}

/// What one analysis of a repository produced: the rules in force, the config, and a report
/// per unit (one, without `--workspace`).
struct Analysis {
    set: rules::RuleSet,
    config: Config,
    min_level: Option<usize>,
    baseline: Option<Baseline>,
    reports: Vec<Report>,
    facts: Vec<scan::Facts>,
}

/// Load the rules and config, scan, evaluate: everything `check` does before it reports.
fn analyse(args: &CheckArgs, term: &Environment, clock: &mut Stopwatch) -> Result<Analysis, Error> {
    // Read the baseline first: a bad file should stop the run before any work.
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose()?;
    let config_file = if args.no_config { None } else { ConfigFile::find(&args.path, args.config.as_deref())? };
    let mut packs = args.packs.rules.clone();
    packs.extend(config_file.iter().flat_map(ConfigFile::extend));
    let mut set = rules::load(&packs)?;
    let config = match config_file {
        Some(file) => file.resolve(&set)?,
        None => Config::default(),
    };
    let min_level = match &args.min_level {
        Some(id) => Some(set.level_index(id).ok_or_else(|| unknown_level(&set, id))?),
        None => config.min_level,
    };
    // One date for the whole run: waivers and suppressions expire at the same instant.
    let today = Date::today();
    let (rules_in_force, expired) = config.rules_in_force(today);
    config.apply_weights(&mut set, &rules_in_force);
    let overrides = Overrides {
        traits: config.traits.clone(),
        disabled: rules_in_force.iter().filter_map(|(id, s)| Some((id.clone(), s.disabled.clone()?))).collect(),
        no_inline_suppressions: args.no_inline_suppressions || !config.inline_suppressions,
        today: Some(today),
    };
    let progress = (term.interactive_stderr && !args.quiet).then(|| Arc::new(scan::Progress::default()));
    let opts = ScanOptions {
        max_file_size: args.max_file_size.or(config.max_file_size).unwrap_or(scan::DEFAULT_MAX_FILE_SIZE),
        exclude: config.exclude.clone(),
        progress: progress.clone(),
        profile: args.timings,
    };
    // With --workspace: the units to score separately (none found: the root is the unit).
    let units = match args.workspace {
        true => Some(
            crate::workspace::discover(&args.path, &config.workspace_members, &config.exclude).map_err(Error::Usage)?,
        ),
        false => None,
    };
    let unit_paths: Vec<String> = units.iter().flatten().map(|u| u.path.clone()).collect();
    let scanner = scan::Scanner::new(&set)?;
    clock.lap("load");
    let all_facts = {
        let _bar = progress.map(ProgressBar::show_after_delay);
        scanner.scan_units(&args.path, &opts, &unit_paths)?
    };
    clock.lap("scan");
    let config_name = config.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
    let root = args.path.display().to_string();
    // Only the HTML page shows the repository and commit: no other run reads .git.
    let wants_html = args.format == Format::Html || args.output.iter().any(|o| o.format == Some(Format::Html));
    let repo_info = if wants_html { crate::repo::info(&args.path) } else { Default::default() };
    let mut reports = Vec::with_capacity(all_facts.len());
    for (i, facts) in all_facts.iter().enumerate() {
        let evaluation = engine::evaluate_with(&set, facts, &overrides);
        let mut report = Report::build(&set, &evaluation, facts, &root);
        for (s, problem) in &evaluation.bad_suppressions {
            let message = format!("line {}: readiness-ignore {problem}", s.line);
            report.warnings.push(scan::ScanWarning { path: s.path.clone(), message });
        }
        for (id, date) in &expired {
            let message = format!("the override of `{id}` expired on {date} and no longer applies");
            report.warnings.push(scan::ScanWarning { path: config_name.clone(), message });
        }
        if let Some(unit) = unit_paths.get(i) {
            report = report.in_unit(unit);
        }
        report.context = report::RunContext { date: today.to_string(), repo: repo_info.clone() };
        reports.push(report);
    }
    clock.lap("evaluate");
    Ok(Analysis { set, config, min_level, baseline, reports, facts: all_facts })
}

fn check(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write, term: Environment) -> Result<u8, Error> {
    let mut clock = Stopwatch::start();
    let Analysis { set, config, min_level, baseline, mut reports, facts: all_facts } =
        analyse(args, &term, &mut clock)?;
    let comparison = baseline.as_ref().map(|b| b.compare(&reports[0]));
    if let (Some(b), Some(c)) = (&baseline, &comparison) {
        reports[0].change = Some(report::Change {
            score_then: b.score,
            improvements: c.improvements.clone(),
            regressions: c.regressions.clone(),
        });
    }
    let root = args.path.display().to_string();
    let workspace = args.workspace.then(|| report::WorkspaceReport::new(&root, reports.clone()));
    let render = |format: Format, opts: RenderOptions| match &workspace {
        Some(ws) => report::render_workspace(ws, format, opts),
        None => report::render(&reports[0], format, opts),
    };

    // The main format goes to stdout or to the one plain --output FILE; FORMAT=FILE outputs
    // are extra reports of the same run.
    let main_file = args.output.iter().filter(|o| o.format.is_none()).map(|o| &o.path).collect::<Vec<_>>();
    if main_file.len() > 1 {
        return Err(Error::Usage(
            "--output FILE can be given once; write other formats with --output FORMAT=FILE".into(),
        ));
    }
    let color = term.stdout_is_tty && !term.no_color_env && !args.no_color && main_file.is_empty();
    let rendered = render(args.format, RenderOptions { color, verbose: args.verbose });
    match main_file.first() {
        Some(path) => write_report(path, &rendered)?,
        None => {
            out.write_all(rendered.as_bytes())?;
            out.flush()?;
        }
    }
    for extra in &args.output {
        if let Some(format) = extra.format {
            write_report(&extra.path, &render(format, RenderOptions::default()))?;
        }
    }
    let github = args.format == Format::Github || args.output.iter().any(|o| o.format == Some(Format::Github));
    if let (true, Some(summary)) = (github, &term.github_step_summary) {
        // GitHub shows this file as the job's summary; append, as other steps may write too.
        let markdown = render(Format::Markdown, RenderOptions::default());
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(summary)?;
        file.write_all(markdown.as_bytes())?;
    }

    clock.lap("report");
    if args.timings {
        write!(err, "{}", timings(&clock, &all_facts[0], &set))?;
    }
    // Units share the root's files: a warning about one of them is listed once.
    let mut warnings: Vec<&scan::ScanWarning> = reports.iter().flat_map(|r| &r.warnings).collect();
    warnings.sort();
    warnings.dedup();
    let shown = match (args.quiet, args.verbose) {
        (true, _) => 0,
        (_, true) => warnings.len(),
        _ => MAX_WARNINGS_SHOWN,
    };
    for w in warnings.iter().take(shown) {
        writeln!(err, "warning: {}: {}", crate::report::display_path(&w.path), w.message)?;
    }
    if warnings.len() > shown && !args.quiet {
        writeln!(err, "warning: … and {} more skipped entries (--verbose lists them)", warnings.len() - shown)?;
    }
    let mut below = false;
    for report in &reports {
        below |= below_thresholds(report, args, &config, &set, min_level, err)?;
    }
    if let Some(path) = &args.write_baseline {
        std::fs::write(path, Baseline::of(&reports[0]).to_json())
            .map_err(|error| Error::OutputFile { path: path.display().to_string(), error })?;
    }
    if let Some(comparison) = &comparison {
        for line in &comparison.improvements {
            writeln!(err, "improved: {line}")?;
        }
        for line in &comparison.regressions {
            writeln!(err, "regression: {line}")?;
        }
        below |= !comparison.regressions.is_empty();
    }
    Ok(u8::from(below))
}

/// Say on `err` each threshold a report (one unit's, in a workspace) falls below: the
/// overall score, the level, and each category's minimum.
fn below_thresholds(
    report: &Report,
    args: &CheckArgs,
    config: &Config,
    set: &rules::RuleSet,
    min_level: Option<usize>,
    err: &mut dyn Write,
) -> Result<bool, Error> {
    let unit = report.unit.as_ref().map(|u| format!("unit {}: ", crate::report::display_path(u))).unwrap_or_default();
    let mut below = false;
    if let (Some(score), Some(min)) = (report.score, args.min_score.or(config.min_score))
        && score < min
    {
        writeln!(err, "{unit}score {score}% is below the minimum {min}%")?;
        below = true;
    }
    if let (Some(level), Some(min)) = (&report.level, min_level) {
        let reached = level.reached.as_ref().and_then(|l| set.level_index(&l.id));
        if reached.is_none_or(|r| r < min) {
            let wanted = &set.levels[min].title;
            writeln!(err, "{unit}level {} is below the minimum {wanted}", level.reached_title())?;
            if let Some(next) = level.next_line() {
                writeln!(err, "  {next}")?;
            }
            below = true;
        }
    }
    for c in &report.categories {
        let min = config.categories.get(&c.id).and_then(|s| s.min_score);
        if let (Some(score), Some(min)) = (c.score, min)
            && score < min
        {
            writeln!(err, "{unit}category {} scores {score}%, below its minimum {min}%", c.id)?;
            below = true;
        }
    }
    Ok(below)
}

/// `--min-level` names no level of the loaded packs.
fn unknown_level(set: &rules::RuleSet, id: &str) -> Error {
    let ids: Vec<&str> = set.levels.iter().map(|l| l.id.as_str()).collect();
    let hint = match crate::suggest::closest(id, ids.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("levels, lowest first: {}", ids.join(", ")),
    };
    Error::Usage(format!("--min-level: unknown level `{id}`; {hint}"))
}

/// The score, exactly as `check` computes it with the same packs and config, as a badge.
fn badge(args: &BadgeArgs, out: &mut dyn Write, term: Environment) -> Result<u8, Error> {
    let check = CheckArgs {
        path: args.path.clone(),
        format: Format::Json,
        min_score: None,
        workspace: false,
        min_level: None,
        output: Vec::new(),
        packs: PackArgs { rules: args.packs.rules.clone() },
        max_file_size: None,
        config: args.config.clone(),
        no_config: args.no_config,
        no_inline_suppressions: false,
        write_baseline: None,
        baseline: None,
        no_color: true,
        verbose: false,
        quiet: true,
        timings: false,
    };
    let analysis = analyse(&check, &term, &mut Stopwatch::start())?;
    let score = analysis.reports[0].score;
    let text = match args.format {
        BadgeFormat::Svg => report::badge::svg(score),
        BadgeFormat::Shields => report::badge::shields_json(score),
    };
    match &args.output {
        Some(path) => write_report(path, &text)?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(0)
}

fn init(args: &InitArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let target = args.path.join(crate::config::FILE_NAMES[0]);
    if target.exists() && !args.force {
        return Err(Error::Refused(format!("{} exists; use --force to replace it", target.display())));
    }
    // Today's verdicts with the built-in rules only, as a fresh config would see them.
    let set = rules::load(&[])?;
    let facts = scan::scan(&args.path, &set, &ScanOptions::default())?;
    let evaluation = engine::evaluate(&set, &facts);
    let report = Report::build(&set, &evaluation, &facts, &args.path.display().to_string());
    let text = crate::config::template(&report, Date::today());
    std::fs::write(&target, text).map_err(|error| Error::OutputFile { path: target.display().to_string(), error })?;
    writeln!(
        out,
        "wrote {} (min_score = {}); commit it and run `readiness check` in CI",
        target.display(),
        report.score.map_or("none".to_string(), |s| s.to_string())
    )?;
    Ok(0)
}

fn find_rule<'a>(set: &'a RuleSet, id: &str) -> Result<&'a rules::Rule, Error> {
    set.rule(id).ok_or_else(|| {
        let help = match closest(id, set.rules.iter().map(|r| r.id.as_str())) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "`readiness rules` lists every rule id".to_string(),
        };
        Error::UnknownRule { id: id.to_string(), help }
    })
}

/// Where one report goes: `--output FILE` (the main format) or `--output FORMAT=FILE`.
#[derive(Debug, Clone)]
pub struct Output {
    /// The format, for an extra report; `None` for the main one.
    pub format: Option<Format>,
    /// The file.
    pub path: PathBuf,
}

fn parse_output(s: &str) -> Result<Output, String> {
    use clap::ValueEnum;
    if let Some((name, path)) = s.split_once('=')
        && let Ok(format) = Format::from_str(name, true)
    {
        if path.is_empty() {
            return Err(format!("`{s}` names no file: write {name}=FILE"));
        }
        return Ok(Output { format: Some(format), path: PathBuf::from(path) });
    }
    Ok(Output { format: None, path: PathBuf::from(s) })
}

fn write_report(path: &std::path::Path, text: &str) -> Result<(), Error> {
    std::fs::write(path, text.as_bytes()).map_err(|error| Error::OutputFile { path: path.display().to_string(), error })
}

/// A pack pattern as `rg --no-unicode -f` accepts it with the same meaning: rg joins all
/// lines into one regex, where two `(?P<secret>...)` groups would clash, so names go (the
/// groups stay); and it refuses non-ASCII literals without Unicode, so they become the
/// byte escapes that the packs' byte-oriented regexes match anyway.
fn for_ripgrep(pattern: &str) -> String {
    static NAMED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(^|[^\\])\(\?P?<[A-Za-z_][A-Za-z0-9_]*>").expect("valid regex")
    });
    let unnamed = NAMED.replace_all(pattern, "${1}(");
    let mut out = String::with_capacity(unnamed.len());
    for c in unnamed.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
    }
    out
}
