//! `check --workspace`: one report per unit, rendered together. A summary row per unit
//! (score, level, top gaps) comes first in the human formats, then each unit's own report;
//! the machine formats carry the unit on every run, suite, annotation and report.

use std::fmt::Write;

use serde::Serialize;

use super::{Format, RenderOptions, Report, SCHEMA_VERSION, Tool, score_text};

/// How many of a unit's gaps (most points first) the summary names.
const TOP_GAPS: usize = 3;

/// The reports of every unit of a workspace.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WorkspaceReport {
    /// Version of this schema (shared with the single report).
    pub schema_version: u32,
    /// The tool that made it.
    pub tool: Tool,
    /// The scanned root, as given on the command line.
    pub root: String,
    /// One report per unit, by path; each has its `unit`.
    pub units: Vec<Report>,
}

impl WorkspaceReport {
    /// Gather the units' reports.
    pub fn new(root: &str, units: Vec<Report>) -> Self {
        let tool = Tool { name: env!("CARGO_PKG_NAME"), version: env!("CARGO_PKG_VERSION") };
        WorkspaceReport { schema_version: SCHEMA_VERSION, tool, root: root.to_string(), units }
    }
}

/// Render a workspace in a format.
pub fn render_workspace(ws: &WorkspaceReport, format: Format, opts: RenderOptions) -> String {
    match format {
        Format::Table => human(ws, opts, Format::Table),
        Format::Markdown => human(ws, opts, Format::Markdown),
        Format::Json => {
            let mut out = serde_json::to_string_pretty(ws).expect("the report model always serialises");
            out.push('\n');
            out
        }
        Format::Github => ws.units.iter().map(super::github::render).collect(),
        Format::Junit => super::junit::document(&format!("readiness {}: workspace", ws.root), &ws.units),
        Format::Sarif => super::sarif::document(ws.units.iter().map(super::sarif::run).collect()),
        Format::Html => super::html::render_units(&ws.root, &ws.units),
    }
}

/// The summary of the units, then each unit's report in the same format.
fn human(ws: &WorkspaceReport, opts: RenderOptions, format: Format) -> String {
    let mut out = String::new();
    let markdown = format == Format::Markdown;
    if markdown {
        let _ = writeln!(out, "# Production Readiness: workspace\n");
    }
    let n = ws.units.len();
    let _ = writeln!(out, "{}: {n} unit{}\n", ws.root, if n == 1 { "" } else { "s" });
    let rows: Vec<[String; 4]> = ws
        .units
        .iter()
        .map(|u| {
            let gaps: Vec<&str> = u.roadmap().iter().take(TOP_GAPS).map(|r| r.id.as_str()).collect();
            [
                u.unit_label(),
                score_text(u.score),
                u.level.as_ref().map_or("-", |l| l.reached_title()).to_string(),
                if gaps.is_empty() { "none".to_string() } else { gaps.join(", ") },
            ]
        })
        .collect();
    if markdown {
        let _ = writeln!(out, "| Unit | Score | Level | Top gaps |\n|---|---:|---|---|");
        for [unit, score, level, gaps] in &rows {
            let _ = writeln!(out, "| {} | {score} | {level} | {gaps} |", super::markdown::inline_code(unit));
        }
    } else {
        let _ = writeln!(out, "{}", super::table::unit_table(&rows));
    }
    for u in &ws.units {
        let body = super::render(u, format, opts);
        if markdown {
            // Each unit's report one heading level down, under the workspace's title.
            out.push('\n');
            for line in body.lines() {
                let line = if line.starts_with('#') { format!("#{line}") } else { line.to_string() };
                let _ = writeln!(out, "{line}");
            }
        } else {
            let unit = u.unit_label();
            let _ = writeln!(out, "\n── {unit} {}\n", "─".repeat(60usize.saturating_sub(unit.chars().count())));
            out.push_str(&body);
        }
    }
    out
}
