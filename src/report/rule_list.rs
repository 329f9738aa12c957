//! `readiness rules` and `readiness explain`: the loaded rules themselves, not a scan.

use std::fmt::Write;

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::rules::{Rule, RuleSet, describe_check};

/// Output formats of `readiness rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// One row per rule.
    Table,
    /// Machine-readable.
    Json,
}

#[derive(Serialize)]
struct RuleEntry<'a> {
    id: &'a str,
    title: &'a str,
    category: &'a str,
    weight: u32,
    applies: &'a [String],
    lint: bool,
    source: &'a str,
}

/// Every loaded rule with its category, weight and applicability.
pub fn render_rule_list(set: &RuleSet, format: ListFormat) -> String {
    match format {
        ListFormat::Json => {
            let entries: Vec<RuleEntry> = set
                .rules
                .iter()
                .map(|r| RuleEntry {
                    id: &r.id,
                    title: &r.title,
                    category: &r.category,
                    weight: r.weight,
                    applies: &r.applies,
                    lint: r.is_lint(&set.atoms),
                    source: &r.source,
                })
                .collect();
            let mut out = serde_json::to_string_pretty(&entries).expect("rule entries serialise");
            out.push('\n');
            out
        }
        ListFormat::Table => {
            let mut table = Table::new();
            table
                .load_style(presets::UTF8_FULL_CONDENSED)
                .force_no_tty()
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header(vec!["Rule", "Category", "Weight", "Applies", "Title"]);
            for r in &set.rules {
                let lint = if r.is_lint(&set.atoms) { " (lint)" } else { "" };
                table.add_row(vec![
                    r.id.clone(),
                    r.category.clone(),
                    r.weight.to_string(),
                    r.applies.join(", "),
                    format!("{}{lint}", r.title),
                ]);
            }
            format!("{table}\n{} rules in {} categories\n", set.rules.len(), set.categories.len())
        }
    }
}

/// Everything about one rule: what it checks, why, and how to fix it.
pub fn render_explain(set: &RuleSet, rule: &Rule) -> String {
    let mut out = String::new();
    let category = set.category(&rule.category).map_or(rule.category.as_str(), |c| c.title.as_str());
    let _ = writeln!(out, "{}: {}\n", rule.id, rule.title);
    let _ = writeln!(out, "Category:    {category} (weight {} of 3 in the category)", rule.weight);
    let _ = writeln!(out, "Applies to:  {}", rule.applies.join(", "));
    if rule.is_lint(&set.atoms) {
        let _ = writeln!(out, "Kind:        lint (every match is reported as a finding)");
    }
    let _ = writeln!(out, "Defined in:  {}", rule.source);
    let _ = writeln!(out, "\nWhy it matters:\n  {}", rule.why);
    let _ = writeln!(out, "\nRemediation:\n  {}", rule.remediation);
    let _ = writeln!(out, "\nPasses when:");
    for line in describe_check(&rule.check, &set.atoms).lines() {
        let _ = writeln!(out, "  {line}");
    }
    if let Some(docs) = &rule.docs {
        let _ = writeln!(out, "\nMore: {docs}");
    }
    out
}
