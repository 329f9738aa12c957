//! Loading packs: parse every file, then validate everything against everything, collecting
//! every problem as a diagnostic with a span before giving up (cargo-deny's habit: one run
//! shows all the mistakes, not the first).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::NamedSource;
use toml::Spanned;

use super::builtin::BUILTIN_PACKS;
use super::diag::{PackDiagnostic, PackError};
use super::literals::{self, Analysis};
use super::pattern;
use super::raw::{Globs, RawCheck, RawPack, RawRule};
use super::{ANY_TRAIT, Atom, Category, Check, Example, Expect, Rule, RuleSet, Trait};
use crate::suggest::closest;

/// Load the built-in packs only.
pub fn load_builtin() -> Result<RuleSet, PackError> {
    load(&[])
}

/// Load the built-in packs plus the user's `--rules` files and directories.
pub fn load(extra: &[PathBuf]) -> Result<RuleSet, PackError> {
    let mut sources: Vec<(String, Arc<str>)> =
        BUILTIN_PACKS.iter().map(|(name, text)| (name.to_string(), Arc::from(*text))).collect();
    for path in extra {
        for file in pack_files(path)? {
            let text = std::fs::read_to_string(&file)
                .map_err(|error| PackError::Io { path: file.display().to_string(), error })?;
            sources.push((file.display().to_string(), Arc::from(text)));
        }
    }
    load_sources(sources)
}

/// A file, or every `*.toml` directly in a directory, sorted for a stable load order.
fn pack_files(path: &Path) -> Result<Vec<PathBuf>, PackError> {
    let io = |error| PackError::Io { path: path.display().to_string(), error };
    if !path.is_dir() {
        std::fs::metadata(path).map_err(io)?;
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let file = entry.map_err(io)?.path();
        if file.extension().is_some_and(|e| e == "toml") && file.is_file() {
            files.push(file);
        }
    }
    files.sort();
    Ok(files)
}

/// Parse and validate named pack texts (name, TOML) into a rule set.
pub fn load_sources(sources: Vec<(String, Arc<str>)>) -> Result<RuleSet, PackError> {
    let mut diags = Vec::new();
    let mut parsed = Vec::new();
    for (name, text) in sources {
        let source = NamedSource::new(name, text.clone()).with_language("TOML");
        match toml::from_str::<RawPack>(&text) {
            Ok(pack) => parsed.push((source, text, pack)),
            Err(err) => diags.push(syntax_diagnostic(&source, &text, &err)),
        }
    }

    let mut loader = Loader::default();
    for (source, _, pack) in &parsed {
        loader.declare(source, pack, &mut diags);
    }
    let mut set = RuleSet::default();
    for (source, text, pack) in &parsed {
        loader.trusted = BUILTIN_PACKS.iter().any(|(name, builtin)| *name == source.name() && **builtin == **text);
        loader.build(source, pack, &mut set, &mut diags);
    }
    validate_all(std::mem::take(&mut loader.patterns), &mut set.analysed, &mut diags);
    set.levels = std::mem::take(&mut loader.levels);
    if !diags.is_empty() {
        // Validation runs in passes; report in reading order instead: by file, then position.
        let file_order: HashMap<String, usize> =
            parsed.iter().enumerate().map(|(i, (src, _, _))| (src.name().to_string(), i)).collect();
        diags.sort_by_key(|d| (file_order.get(d.file()).copied().unwrap_or(usize::MAX), d.span.start));
        return Err(PackError::Invalid(diags));
    }
    // Reports list rules by category; keep declaration order inside each category.
    let order: HashMap<&str, usize> = set.categories.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let mut rules = std::mem::take(&mut set.rules);
    rules.sort_by_key(|r| order[r.category.as_str()]);
    set.rules = rules;
    Ok(set)
}

/// Where an id was first declared, for duplicate diagnostics. The line is worked out only
/// when a duplicate needs it: counting lines for every id made loading quadratic in the
/// pack's size (11% of loading a 600-rule pack).
struct Declared {
    src: NamedSource<Arc<str>>,
    offset: usize,
}

#[derive(Default)]
struct Loader {
    /// The file being built is a built-in pack, whose patterns a test compiles: skip the
    /// costly check at every start-up (the scanner parses and compiles what it uses).
    trusted: bool,
    /// User patterns to validate and analyse for the scanner, which would otherwise parse
    /// each again (parsing is a third of validating).
    patterns: Vec<PatternSite>,
    categories: BTreeMap<String, Declared>,
    traits: BTreeMap<String, Declared>,
    rules: BTreeMap<String, Declared>,
    level_ids: BTreeMap<String, Declared>,
    /// Levels in declaration order, built in the first pass so rules in any pack can name
    /// them by position.
    levels: Vec<super::Level>,
    atom_ids: HashMap<Atom, usize>,
}

type Diags = Vec<PackDiagnostic>;

impl Loader {
    /// Where this pack's patterns are compiled to, unless it is trusted.
    fn cache(&mut self) -> Cache<'_> {
        (!self.trusted).then_some(&mut self.patterns)
    }

    /// First pass: register every id, so rules may use categories and traits declared in
    /// any pack, in any order.
    fn declare(&mut self, src: &NamedSource<Arc<str>>, pack: &RawPack, diags: &mut Diags) {
        for c in &pack.category {
            declare_id(&mut self.categories, "category", src, &c.id, diags);
        }
        for t in &pack.traits {
            if t.id.get_ref() == ANY_TRAIT {
                diags.push(PackDiagnostic::new(
                    "duplicate-id",
                    src,
                    t.id.span(),
                    "the trait `any` is built in and cannot be redefined",
                    "reserved id",
                    Some("choose another id".into()),
                ));
                continue;
            }
            declare_id(&mut self.traits, "trait", src, &t.id, diags);
        }
        for r in &pack.rule {
            declare_id(&mut self.rules, "rule", src, &r.id, diags);
        }
        for l in &pack.level {
            let duplicate = self.level_ids.contains_key(l.id.get_ref());
            declare_id(&mut self.level_ids, "level", src, &l.id, diags);
            if !is_kebab(l.id.get_ref()) {
                diags.push(invalid_id(src, &l.id, "level", "silver"));
            } else if !duplicate && non_empty(src, "title", &l.title, diags) {
                self.levels.push(super::Level {
                    id: l.id.get_ref().clone(),
                    title: l.title.get_ref().clone(),
                    description: l.description.clone(),
                });
            }
        }
    }

    /// Second pass: validate each declaration fully and build the model.
    fn build(&mut self, src: &NamedSource<Arc<str>>, pack: &RawPack, set: &mut RuleSet, diags: &mut Diags) {
        for c in &pack.category {
            if !is_kebab(c.id.get_ref()) {
                diags.push(invalid_id(src, &c.id, "category", "security"));
            }
            let weight = match u32::try_from(*c.weight.get_ref()) {
                Ok(w) if w <= 100 => w,
                _ => {
                    diags.push(PackDiagnostic::new(
                        "weight-out-of-range",
                        src,
                        c.weight.span(),
                        format!("category weight {} is out of range", c.weight.get_ref()),
                        "must be 0 to 100",
                        Some("a category weight is its share of the overall score, from 0 to 100".into()),
                    ));
                    0
                }
            };
            non_empty(src, "title", &c.title, diags);
            set.categories.push(Category {
                id: c.id.get_ref().clone(),
                title: c.title.get_ref().clone(),
                weight,
                description: c.description.clone(),
            });
        }
        for t in &pack.traits {
            if !is_kebab(t.id.get_ref()) {
                diags.push(invalid_id(src, &t.id, "trait", "service"));
            }
            non_empty(src, "title", &t.title, diags);
            if let Some(check) = self.check(src, &t.check, false, false, set, diags) {
                set.traits.push(Trait {
                    id: t.id.get_ref().clone(),
                    title: t.title.get_ref().clone(),
                    description: t.description.clone(),
                    check,
                });
            }
        }
        for r in &pack.rule {
            if let Some(rule) = self.rule(src, r, set, diags) {
                set.rules.push(rule);
            }
        }
    }

    fn rule(&mut self, src: &NamedSource<Arc<str>>, r: &RawRule, set: &mut RuleSet, diags: &mut Diags) -> Option<Rule> {
        let id = r.id.get_ref();
        let mut ok = true;
        let category = match id.split_once('/') {
            Some((cat, name)) if is_kebab(cat) && is_kebab(name) => cat.to_string(),
            _ => {
                diags.push(invalid_id(src, &r.id, "rule", "security/policy"));
                return None;
            }
        };
        if !self.categories.contains_key(&category) {
            let start = r.id.span().start + 1;
            let help = closest(&category, self.categories.keys().map(String::as_str))
                .map(|c| format!("did you mean `{c}`? A rule's id starts with its category"))
                .unwrap_or_else(|| {
                    format!(
                        "declare it with [[category]] id = \"{category}\", or use one of: {}",
                        self.categories.keys().cloned().collect::<Vec<_>>().join(", ")
                    )
                });
            diags.push(PackDiagnostic::new(
                "unknown-category",
                src,
                start..start + category.len(),
                format!("rule `{id}` names an unknown category `{category}`"),
                "unknown category",
                Some(help),
            ));
            ok = false;
        }
        if let Some(declared) = &r.category
            && declared.get_ref() != &category
        {
            diags.push(PackDiagnostic::new(
                "invalid-id",
                src,
                declared.span(),
                format!("category `{}` does not match the rule id's prefix `{category}`", declared.get_ref()),
                "conflicts with the id",
                Some("a rule's category is the part of its id before `/`; drop this field or make them agree".into()),
            ));
            ok = false;
        }
        let weight = match *r.weight.get_ref() {
            w @ 1..=3 => w as u32,
            w => {
                diags.push(PackDiagnostic::new(
                    "weight-out-of-range",
                    src,
                    r.weight.span(),
                    format!("rule weight {w} is out of range"),
                    "must be 1, 2 or 3",
                    Some("1 = nice to have, 2 = expected, 3 = essential".into()),
                ));
                ok = false;
                0
            }
        };
        let mut applies = Vec::new();
        for t in r.applies.iter().flatten() {
            let name = t.get_ref();
            if name != ANY_TRAIT && !self.traits.contains_key(name) {
                let names = self.traits.keys().map(String::as_str).chain([ANY_TRAIT]);
                let help = match closest(name, names) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => {
                        format!("known traits: any, {}", self.traits.keys().cloned().collect::<Vec<_>>().join(", "))
                    }
                };
                diags.push(PackDiagnostic::new(
                    "unknown-trait",
                    src,
                    t.span(),
                    format!("rule `{id}` applies to an unknown trait `{name}`"),
                    "unknown trait",
                    Some(help),
                ));
                ok = false;
            }
            applies.push(name.clone());
        }
        if applies.is_empty() {
            applies.push(ANY_TRAIT.to_string());
        }
        for (field, value) in [("title", &r.title), ("why", &r.why), ("remediation", &r.remediation)] {
            ok &= non_empty(src, field, value, diags);
        }
        let level = r.level.as_ref().and_then(|l| {
            let found = self.levels.iter().position(|known| known.id == *l.get_ref());
            if found.is_none() && !self.level_ids.contains_key(l.get_ref()) {
                let names = self.levels.iter().map(|known| known.id.as_str());
                let help = match closest(l.get_ref(), names) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None if self.levels.is_empty() => "declare it with [[level]] id = \"...\" title = \"...\"".into(),
                    None => format!(
                        "known levels, lowest first: {}",
                        self.levels.iter().map(|known| known.id.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                };
                diags.push(PackDiagnostic::new(
                    "unknown-level",
                    src,
                    l.span(),
                    format!("rule `{id}` names an unknown level `{}`", l.get_ref()),
                    "unknown level",
                    Some(help),
                ));
                ok = false;
            }
            found
        });
        let redact = r.redact.unwrap_or(false);
        let check = self.check(src, &r.check, false, redact, set, diags);
        let examples = examples(src, r, diags);
        match (check, examples, ok) {
            (Some(check), Some(examples), true) => Some(Rule {
                id: id.clone(),
                category,
                title: r.title.get_ref().clone(),
                weight,
                applies,
                why: r.why.get_ref().trim().to_string(),
                remediation: r.remediation.get_ref().trim().to_string(),
                docs: r.docs.clone(),
                level,
                redact,
                check,
                examples,
                source: src.name().to_string(),
            }),
            _ => None,
        }
    }

    /// Validate one check table and build its tree, interning atoms.
    #[allow(clippy::too_many_arguments)]
    fn check(
        &mut self,
        src: &NamedSource<Arc<str>>,
        raw: &Spanned<RawCheck>,
        under_not: bool,
        redact: bool,
        set: &mut RuleSet,
        diags: &mut Diags,
    ) -> Option<Check> {
        let r = raw.get_ref();
        let span = raw.span();
        let shapes: Vec<&str> =
            [("path", r.path.is_some()), ("any", r.any.is_some()), ("all", r.all.is_some()), ("not", r.not.is_some())]
                .into_iter()
                .filter_map(|(k, present)| present.then_some(k))
                .collect();
        let invalid = |message: String, help: &str| {
            PackDiagnostic::new("invalid-check", src, span.clone(), message, "in this check", Some(help.into()))
        };
        match shapes.as_slice() {
            [] => {
                diags.push(invalid(
                    "a check needs one of `path`, `any`, `all` or `not`".into(),
                    "e.g. check = { path = \"SECURITY.md\" }; see docs/rules-format.md",
                ));
                return None;
            }
            [_] => {}
            many => {
                diags.push(invalid(
                    format!(
                        "a check holds exactly one of `path`, `any`, `all`, `not`; this one has {}",
                        quote_join(many)
                    ),
                    "combine them explicitly: all = [ { path = ... }, { any = [...] } ]",
                ));
                return None;
            }
        }
        if let Some(path) = &r.path {
            return self.atom(src, r, path, under_not, redact, set, diags);
        }
        let modifiers: Vec<&str> = [
            ("exclude", r.exclude.is_some()),
            ("case_sensitive", r.case_sensitive.is_some()),
            ("contains", r.contains.is_some()),
            ("min_lines", r.min_lines.is_some()),
            ("forbid", r.forbid.is_some()),
            ("allow", r.allow.is_some()),
            ("require", r.require.is_some()),
            ("split", r.split.is_some()),
            ("when", r.when.is_some()),
            ("last", r.last.is_some()),
        ]
        .into_iter()
        .filter_map(|(k, present)| present.then_some(k))
        .collect();
        if !modifiers.is_empty() {
            diags.push(invalid(
                format!("{} only go with `path`, not with `{}`", quote_join(&modifiers), shapes[0]),
                "move them into a { path = ... } table inside the combinator",
            ));
            return None;
        }
        if let Some(inner) = &r.not {
            let child = self.check(src, inner, true, redact, set, diags)?;
            return Some(Check::Not(Box::new(child)));
        }
        let (list, is_any) = match (&r.any, &r.all) {
            (Some(list), _) => (list, true),
            (_, Some(list)) => (list, false),
            _ => unreachable!("one shape is present"),
        };
        if list.get_ref().is_empty() {
            diags.push(PackDiagnostic::new(
                "invalid-check",
                src,
                list.span(),
                format!("an empty `{}` list", if is_any { "any" } else { "all" }),
                "empty",
                Some("list at least one check".into()),
            ));
            return None;
        }
        let mut children = Vec::new();
        let mut ok = true;
        for child in list.get_ref() {
            match self.check(src, child, under_not, redact, set, diags) {
                Some(c) => children.push(c),
                None => ok = false,
            }
        }
        ok.then_some(if is_any { Check::Any(children) } else { Check::All(children) })
    }

    #[allow(clippy::too_many_arguments)]
    fn atom(
        &mut self,
        src: &NamedSource<Arc<str>>,
        r: &RawCheck,
        path: &Spanned<Globs>,
        under_not: bool,
        redact: bool,
        set: &mut RuleSet,
        diags: &mut Diags,
    ) -> Option<Check> {
        let before = diags.len();
        let mut conflict = |span: Range<usize>, message: &str, help: &str| {
            diags.push(PackDiagnostic::new("invalid-check", src, span, message, "here", Some(help.into())));
        };
        // Three kinds of atom, each with its own keys: content (contains, min_lines), lint
        // (forbid, allow) and structure lint (require, split, when, last).
        let lint_help = "a table is either a content check (contains, min_lines), a lint (forbid, allow) \
                         or a structure lint (require, split, when, last); combine tables with all = [...]";
        if let Some(forbid) = &r.forbid
            && (r.contains.is_some() || r.min_lines.is_some() || r.require.is_some())
        {
            conflict(
                forbid.span(),
                "`forbid` cannot share a table with `contains`, `min_lines` or `require`",
                lint_help,
            );
        }
        if let Some(require) = &r.require
            && (r.contains.is_some() || r.min_lines.is_some())
        {
            conflict(require.span(), "`require` cannot share a table with `contains` or `min_lines`", lint_help);
        }
        if let (Some(allow), None) = (&r.allow, &r.forbid) {
            conflict(
                allow.span(),
                "`allow` only goes with `forbid`",
                "allow names the matches of forbid that are fine",
            );
        }
        if r.require.is_none() {
            for (key, span) in
                [("split", r.split.as_ref().map(Spanned::span)), ("when", r.when.as_ref().map(Spanned::span))]
            {
                if let Some(span) = span {
                    conflict(
                        span,
                        &format!("`{key}` only goes with `require`"),
                        "see \"Structure lint\" in docs/rules-format.md",
                    );
                }
            }
            if r.last.is_some() {
                conflict(
                    path.span(),
                    "`last` only goes with `require`",
                    "see \"Structure lint\" in docs/rules-format.md",
                );
            }
        }
        if under_not {
            let lint_span = r.forbid.as_ref().map(Spanned::span).or_else(|| r.require.as_ref().map(Spanned::span));
            if let Some(span) = lint_span {
                conflict(
                    span,
                    "a lint (`forbid` or `require`) cannot be used under `not`",
                    "a lint already fails when it finds something; use `contains` under `not` to require absence",
                );
            }
        }
        let case_sensitive = r.case_sensitive.unwrap_or(false);
        let paths = globs(src, path, case_sensitive, diags);
        let exclude = r.exclude.as_ref().map(|e| globs(src, e, case_sensitive, diags)).unwrap_or_default();
        let contains = r.contains.as_ref().map(|p| regex(src, p, self.cache(), diags));
        let forbid = r.forbid.as_ref().map(|p| regex(src, p, self.cache(), diags));
        let allow = r.allow.as_ref().map(|p| regex(src, p, self.cache(), diags));
        let split = r.split.as_ref().map(|p| regex(src, p, self.cache(), diags));
        let when = r.when.as_ref().map(|p| regex(src, p, self.cache(), diags));
        let require = r.require.as_ref().map(|list| patterns(src, list, self.cache(), diags)).unwrap_or_default();
        let min_lines = r.min_lines.as_ref().map(|n| match u32::try_from(*n.get_ref()) {
            Ok(v) if v > 0 => v,
            _ => {
                diags.push(PackDiagnostic::new(
                    "invalid-check",
                    src,
                    n.span(),
                    format!("min_lines must be a positive number, not {}", n.get_ref()),
                    "out of range",
                    Some("e.g. min_lines = 20".into()),
                ));
                0
            }
        });
        if diags.len() > before {
            return None;
        }
        let last = r.last.unwrap_or(false);
        let redact = redact && (forbid.is_some() || !require.is_empty());
        let atom = Atom {
            paths,
            exclude,
            case_sensitive,
            contains,
            min_lines,
            forbid,
            allow,
            require,
            split,
            when,
            last,
            redact,
        };
        let id = *self.atom_ids.entry(atom.clone()).or_insert_with(|| {
            set.atoms.push(atom);
            set.atoms.len() - 1
        });
        Some(Check::Atom(id))
    }
}

/// `require = 'pattern'` or a list of them, each compiled and checked.
fn patterns(src: &NamedSource<Arc<str>>, list: &Spanned<Globs>, mut cache: Cache, diags: &mut Diags) -> Vec<String> {
    let items = &list.get_ref().0;
    if items.is_empty() {
        diags.push(PackDiagnostic::new(
            "invalid-check",
            src,
            list.span(),
            "an empty `require` list requires nothing",
            "empty",
            Some("list at least one pattern".into()),
        ));
    }
    items
        .iter()
        .map(|item| {
            regex(
                src,
                &Spanned::new(item.span.clone().unwrap_or_else(|| list.span()), item.glob.clone()),
                cache.as_deref_mut(),
                diags,
            )
        })
        .collect()
}

fn globs(
    src: &NamedSource<Arc<str>>,
    spanned: &Spanned<Globs>,
    case_sensitive: bool,
    diags: &mut Diags,
) -> Vec<String> {
    let items = &spanned.get_ref().0;
    if items.is_empty() {
        diags.push(PackDiagnostic::new(
            "invalid-glob",
            src,
            spanned.span(),
            "an empty list of globs matches nothing",
            "empty",
            Some("list at least one glob, e.g. \"README*\"".into()),
        ));
    }
    for item in items {
        let span = item.span.clone().unwrap_or_else(|| spanned.span());
        let problem = if item.glob.is_empty() {
            Some("an empty glob matches nothing".to_string())
        } else if item.glob.starts_with('/') || item.glob.starts_with("./") {
            Some(format!("glob `{}` must be relative to the root, without a leading `/` or `./`", item.glob))
        } else {
            pattern::glob(&item.glob, case_sensitive)
                .err()
                .map(|e| format!("invalid glob `{}`: {}", item.glob, glob_reason(&e)))
        };
        if let Some(message) = problem {
            diags.push(PackDiagnostic::new(
                "invalid-glob",
                src,
                span,
                message,
                "this glob",
                Some("globs use `*` within a path segment, `**` across segments and {a,b} for alternatives".into()),
            ));
        }
    }
    items.iter().map(|i| i.glob.clone()).collect()
}

fn glob_reason(e: &globset::Error) -> String {
    e.kind().to_string()
}

/// Where a pack's patterns are queued for compiling; `None` for a trusted pack, which a
/// test compiles instead.
type Cache<'a> = Option<&'a mut Vec<PatternSite>>;

/// A user pattern and where it was written, compiled with all the others once every pack
/// is read.
struct PatternSite {
    src: NamedSource<Arc<str>>,
    span: Range<usize>,
    text: String,
}

fn regex(src: &NamedSource<Arc<str>>, p: &Spanned<String>, cache: Cache, diags: &mut Diags) -> String {
    let text = p.get_ref();
    if text.is_empty() {
        diags.push(PackDiagnostic::new(
            "invalid-regex",
            src,
            p.span(),
            "an empty pattern matches every file",
            "empty pattern",
            Some("drop the key to check only that the file exists".into()),
        ));
    } else if let Some(sites) = cache {
        sites.push(PatternSite { src: src.clone(), span: p.span(), text: text.clone() });
    }
    text.clone()
}

/// Validate every queued pattern, each distinct text once and in parallel (this is most of
/// the cost of loading a large pack), and analyse it for the scanner's prefilter while its
/// syntax tree is at hand. The regexes themselves are compiled by the scanner when a file
/// needs them: most rules of a large pack never meet a file holding their literals.
fn validate_all(sites: Vec<PatternSite>, analysed: &mut HashMap<String, Analysis>, diags: &mut Diags) {
    use rayon::prelude::*;
    let mut texts: Vec<&str> = sites.iter().map(|s| s.text.as_str()).collect();
    texts.sort_unstable();
    texts.dedup();
    let results: HashMap<&str, Result<Analysis, regex::Error>> =
        texts.into_par_iter().map(|t| (t, pattern::validate(t).map(|hir| literals::analyse(&hir)))).collect();
    for site in &sites {
        if let Err(e) = &results[site.text.as_str()] {
            diags.push(regex_diagnostic(&site.src, site.span.clone(), e));
        }
    }
    analysed.extend(results.into_iter().filter_map(|(t, r)| Some((t.to_string(), r.ok()?))));
}

fn regex_diagnostic(src: &NamedSource<Arc<str>>, span: Range<usize>, e: &regex::Error) -> PackDiagnostic {
    let (message, help) = match e {
        regex::Error::CompiledTooBig(limit) => (
            format!("pattern is too large once compiled (over {limit} bytes)"),
            "split it into several checks, or replace large repetitions such as {1000} with simpler ones".to_string(),
        ),
        other => (
            format!("invalid regular expression: {}", first_line_of_error(other)),
            format!(
                "{}\npatterns use Rust regex syntax (no look-around or backreferences); write them in '...' literal strings",
                other.to_string().trim_end()
            ),
        ),
    };
    PackDiagnostic::new("invalid-regex", src, span, message, "this pattern", Some(help))
}

/// The regex crate's error is a multi-line picture; its last line names the problem.
fn first_line_of_error(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .map(|l| l.trim_start_matches("error:").trim().to_string())
        .unwrap_or_else(|| text.lines().next().unwrap_or("").to_string())
}

fn examples(src: &NamedSource<Arc<str>>, r: &RawRule, diags: &mut Diags) -> Option<Vec<Example>> {
    let mut out = Vec::new();
    let mut ok = true;
    for ex in &r.examples {
        let expect = match ex.expect.get_ref().as_str() {
            "pass" => Expect::Pass,
            "fail" => Expect::Fail,
            "not-applicable" => Expect::NotApplicable,
            other => {
                diags.push(PackDiagnostic::new(
                    "invalid-example",
                    src,
                    ex.expect.span(),
                    format!("unknown expectation `{other}`"),
                    "expected pass, fail or not-applicable",
                    closest(other, ["pass", "fail", "not-applicable"]).map(|c| format!("did you mean `{c}`?")),
                ));
                ok = false;
                continue;
            }
        };
        let files = ex.files.get_ref();
        let bad_path = files.keys().find(|p| {
            p.is_empty() || p.starts_with('/') || p.contains('\\') || p.split('/').any(|s| s == ".." || s.is_empty())
        });
        if let Some(p) = bad_path {
            diags.push(PackDiagnostic::new(
                "invalid-example",
                src,
                ex.files.span(),
                format!("example file path `{p}` must be relative, with `/` separators and no `..`"),
                "in these files",
                Some("e.g. \".github/workflows/ci.yml\"".into()),
            ));
            ok = false;
            continue;
        }
        out.push(Example { expect, files: files.clone() });
    }
    ok.then_some(out)
}

fn declare_id(
    map: &mut BTreeMap<String, Declared>,
    what: &str,
    src: &NamedSource<Arc<str>>,
    id: &Spanned<String>,
    diags: &mut Diags,
) {
    if let Some(first) = map.get(id.get_ref()) {
        let (line, column) = line_col(first.src.inner(), first.offset);
        diags.push(PackDiagnostic::new(
            "duplicate-id",
            src,
            id.span(),
            format!("{what} `{}` is declared twice", id.get_ref()),
            "second declaration",
            Some(format!(
                "first declared at {}:{}:{}; ids are one namespace across all packs, so rename one",
                first.src.name(),
                line,
                column
            )),
        ));
        return;
    }
    map.insert(id.get_ref().clone(), Declared { src: src.clone(), offset: id.span().start });
}

fn non_empty(src: &NamedSource<Arc<str>>, field: &str, value: &Spanned<String>, diags: &mut Diags) -> bool {
    if !value.get_ref().trim().is_empty() {
        return true;
    }
    diags.push(PackDiagnostic::new(
        "empty-field",
        src,
        value.span(),
        format!("`{field}` is empty"),
        "empty",
        Some("every rule is documentation: give it a title, a why and a remediation".into()),
    ));
    false
}

fn invalid_id(src: &NamedSource<Arc<str>>, id: &Spanned<String>, what: &str, example: &str) -> PackDiagnostic {
    let shape =
        if what == "rule" { "<category>/<name>, both in lower-case kebab-case" } else { "lower-case kebab-case" };
    PackDiagnostic::new(
        "invalid-id",
        src,
        id.span(),
        format!("{what} id `{}` is not {shape}", id.get_ref()),
        "invalid id",
        Some(format!("e.g. \"{example}\"")),
    )
}

/// `a`, `b-c`, `a1-b2`: lower-case ASCII words joined by single hyphens.
fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
        && s.as_bytes()[0].is_ascii_lowercase()
}

fn quote_join(items: &[&str]) -> String {
    items.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and ")
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Turn a TOML or shape error into a diagnostic, with a "did you mean" for unknown keys.
pub(crate) fn syntax_diagnostic(src: &NamedSource<Arc<str>>, text: &str, err: &toml::de::Error) -> PackDiagnostic {
    let message = err.message().trim().to_string();
    let span = err.span().unwrap_or(0..0);
    // Widen an empty span to the character there (not one byte of it), so it can be shown.
    let span = match (span.start + 1..=text.len()).find(|&end| text.is_char_boundary(end)) {
        Some(end) if span.is_empty() => span.start..end,
        _ => span,
    };
    let mut help = None;
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((field, expected)) = rest.split_once('`') {
            let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            help = Some(match closest(field, known.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("allowed here: {}", known.join(", ")),
            });
        }
    } else if message.starts_with("missing field") {
        help = Some("see docs/rules-format.md for the required fields".into());
    } else if message.starts_with("invalid type") {
        help = Some("check the value's type: strings are quoted, lists use [ ], tables { }".into());
    } else if message.starts_with("checks nest more than") {
        help = Some("flatten the check: `any` inside `any` (or `all` inside `all`) is one list".into());
    }
    let (kind, label) = if message.contains("field") || message.contains("invalid type") {
        ("invalid-field", "here")
    } else if message.starts_with("checks nest more than") {
        ("invalid-check", "nested too deeply")
    } else {
        ("syntax", "TOML syntax error")
    };
    PackDiagnostic::new(kind, src, span, message, label, help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_ids() {
        assert!(is_kebab("ci-runs-tests") && is_kebab("a1"));
        assert!(!is_kebab("Ci") && !is_kebab("a--b") && !is_kebab("-a") && !is_kebab("1a") && !is_kebab(""));
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
