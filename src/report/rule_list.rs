//! `readiness rules` and `readiness explain`: the loaded rules themselves, not a scan.

use std::fmt::Write;

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::rules::{Expect, Rule, RuleSet, describe_check};

/// Output formats of `readiness rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// One row per rule.
    Table,
    /// Machine-readable.
    Json,
    /// The rule reference (docs/rules.md): every rule with its evidence and examples.
    Markdown,
}

#[derive(Serialize)]
struct RuleEntry<'a> {
    id: &'a str,
    title: &'a str,
    category: &'a str,
    weight: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'a str>,
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
                    level: level_of(set, r),
                    applies: &r.applies,
                    lint: r.is_lint(&set.atoms),
                    source: &r.source,
                })
                .collect();
            let mut out = serde_json::to_string_pretty(&entries).expect("rule entries serialise");
            out.push('\n');
            out
        }
        ListFormat::Markdown => reference(set),
        ListFormat::Table => {
            let mut table = Table::new();
            table
                .load_style(presets::UTF8_FULL_CONDENSED)
                .force_no_tty()
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header(vec!["Rule", "Category", "Weight", "Level", "Applies", "Title"]);
            for r in &set.rules {
                let lint = if r.is_lint(&set.atoms) { " (lint)" } else { "" };
                table.add_row(vec![
                    r.id.clone(),
                    r.category.clone(),
                    r.weight.to_string(),
                    level_of(set, r).unwrap_or("-").to_string(),
                    r.applies.join(", "),
                    format!("{}{lint}", r.title),
                ]);
            }
            format!("{table}\n{} rules in {} categories\n", set.rules.len(), set.categories.len())
        }
    }
}

/// The rule reference in Markdown, generated from the packs.
fn reference(set: &RuleSet) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Rule reference\n");
    let _ = writeln!(
        out,
        "Generated from the built-in rule packs in `rules/` by `readiness rules --format markdown`; \
         do not edit by hand (a test fails when this file is stale). The pack format is described in \
         [rules-format.md](rules-format.md), the scoring in [scoring.md](scoring.md).\n"
    );
    if !set.levels.is_empty() {
        let _ = writeln!(
            out,
            "Maturity levels, lowest first: a repository reaches a level when every applicable rule \
             of it and of the levels below passes (see [levels.md](levels.md)).\n"
        );
        let _ = writeln!(out, "| Level | Rules | |\n|---|---:|---|");
        for (i, l) in set.levels.iter().enumerate() {
            let n = set.rules.iter().filter(|r| r.level == Some(i)).count();
            let _ = writeln!(out, "| {} | {n} | {} |", l.title, l.description.as_deref().unwrap_or(""));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "| Category | Weight | Rules |\n|---|---:|---:|");
    for c in &set.categories {
        let n = set.rules.iter().filter(|r| r.category == c.id).count();
        let _ = writeln!(out, "| [{}](#{}) | {}% | {n} |", c.title, anchor(&c.title), c.weight);
    }
    for c in &set.categories {
        let _ = writeln!(out, "\n## {}\n", c.title);
        let _ = writeln!(out, "Category `{}`, weight {}% of the overall score.", c.id, c.weight);
        if let Some(d) = &c.description {
            let _ = writeln!(out, "{d}");
        }
        for r in set.rules.iter().filter(|r| r.category == c.id) {
            rule_reference(&mut out, set, r);
        }
    }
    let _ = writeln!(out, "\n## Traits\n");
    let _ = writeln!(out, "Traits decide which rules apply. `any` is always detected; the others are detected when:\n");
    for t in &set.traits {
        let _ = writeln!(out, "### `{}`: {}\n", t.id, t.title);
        if let Some(d) = &t.description {
            let _ = writeln!(out, "{d}\n");
        }
        let _ = writeln!(out, "```text\n{}```", describe_check(&t.check, &set.atoms));
    }
    out
}

fn rule_reference(out: &mut String, set: &RuleSet, r: &Rule) {
    let _ = writeln!(out, "\n### `{}`: {}\n", r.id, r.title);
    let kind = if r.is_lint(&set.atoms) { " · lint (each violation is a finding)" } else { "" };
    let redact = if r.redact { " · findings are redacted" } else { "" };
    let level = level_of(set, r).map(|l| format!(" · level: {l}")).unwrap_or_default();
    let _ = writeln!(out, "Weight {}{level} · applies to: {}{kind}{redact}\n", r.weight, r.applies.join(", "));
    let _ = writeln!(out, "**Why it matters.** {}\n", r.why);
    let _ = writeln!(out, "**Remediation.** {}\n", r.remediation);
    if let Some(docs) = &r.docs {
        let _ = writeln!(out, "**More:** <{docs}>\n");
    }
    let _ = writeln!(out, "**Passes when:**\n\n```text\n{}```", describe_check(&r.check, &set.atoms));
    if r.examples.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n**Examples:**");
    for ex in &r.examples {
        let verdict = match ex.expect {
            Expect::Pass => "passes",
            Expect::Fail => "fails",
            Expect::NotApplicable => "does not apply",
        };
        let _ = writeln!(out, "\n- {verdict} with:");
        for (path, content) in &ex.files {
            let fence = fence_for(content);
            let body =
                if content.ends_with('\n') || content.is_empty() { content.clone() } else { format!("{content}\n") };
            let _ = writeln!(out, "\n  `{path}`\n\n  {fence}\n{}  {fence}", indent(&body, "  "));
        }
    }
}

/// A code fence longer than any run of backticks in the content.
fn fence_for(content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("{prefix}{l}\n") }).collect()
}

/// GitHub's heading anchor: lower-case, spaces to hyphens, punctuation dropped.
fn anchor(title: &str) -> String {
    title
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The id of a rule's level.
fn level_of<'a>(set: &'a RuleSet, r: &Rule) -> Option<&'a str> {
    r.level.map(|l| set.levels[l].id.as_str())
}

/// Everything about one rule: what it checks, why, and how to fix it.
pub fn render_explain(set: &RuleSet, rule: &Rule) -> String {
    let mut out = String::new();
    let category = set.category(&rule.category).map_or(rule.category.as_str(), |c| c.title.as_str());
    let _ = writeln!(out, "{}: {}\n", rule.id, rule.title);
    let _ = writeln!(out, "Category:    {category} (weight {} of 3 in the category)", rule.weight);
    if let Some(level) = rule.level {
        let _ = writeln!(out, "Level:       {}", set.levels[level].title);
    }
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
