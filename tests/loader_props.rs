//! Issue 6: bad rule packs and configs never panic. Property tests feed the pack loader and
//! the config loader arbitrary text, mutated real files and generated TOML that gets past
//! the syntax into validation, and check that
//!
//! - loading returns `Ok` or `Err` and never panics,
//! - every diagnostic's label lies inside its file, on character boundaries,
//! - every error renders (graphical, narrated, and as the binary prints it) without
//!   panicking.
//!
//! `fuzz/` runs the same loaders under cargo-fuzz; see docs/fuzzing.md.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NarratableReportHandler};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::ValueTree;
use proptest::test_runner::{TestCaseError, TestRunner};
use readiness::config::ConfigFile;
use readiness::rules::{PackError, RuleSet, load_sources};
use readiness::scan::Scanner;

// ---------------------------------------------------------------------------------------
// Fixtures loaded once.

/// The built-in rule set, that configs are resolved against.
static BUILTIN: LazyLock<RuleSet> = LazyLock::new(|| readiness::rules::load_builtin().expect("built-in packs load"));

/// Built-in packs as (name, text), under the names that make the loader trust them.
static BUILTIN_FILES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| toml_files("rules", "rules"));

/// Real packs to mutate: the built-in packs and the test packs, good and bad.
static PACK_SEEDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut seeds: Vec<String> = BUILTIN_FILES.iter().map(|(_, t)| t.clone()).collect();
    for dir in ["tests/packs", "tests/packs/good"] {
        seeds.extend(toml_files(dir, dir).into_iter().map(|(_, t)| t));
    }
    seeds.extend(doc_blocks("docs/rules-format.md"));
    seeds
});

/// Real configs to mutate: the examples in docs/config.md and a few from the tests.
static CONFIG_SEEDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut seeds = doc_blocks("docs/config.md");
    seeds.extend(
        [
            "min_score = 90\n",
            "[categories.docs]\nmin_score = 90\n",
            "[categories.security]\nweight = 40\n\n[rules.\"docs/changelog\"]\nweight = 3\n",
            "[rules.\"docs/changelog\"]\nenabled = false\nreason = \"temporary\"\nexpires = \"2020-01-31\"\n",
            "[traits]\nservice = true\n",
            "max_file_size = 1048576\nexclude = [\"vendor/**\"]\ninline_suppressions = false\n",
        ]
        .map(String::from),
    );
    seeds
});

fn toml_files(dir: &str, shown_as: &str) -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&path)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = format!("{shown_as}/{}", p.file_name().unwrap().to_string_lossy());
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The ```toml blocks of a document.
fn doc_blocks(doc: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap();
    text.split("```toml\n").skip(1).filter_map(|b| b.split("```").next()).map(String::from).collect()
}

// ---------------------------------------------------------------------------------------
// The properties' common check.

/// Load packs: never a panic, and a failure must be well-formed diagnostics. What loads must
/// also compile for the scanner (its literal analysis reads every user pattern).
fn check_packs(sources: &[(String, String)]) -> Result<(), TestCaseError> {
    let input = sources.iter().map(|(n, t)| (n.clone(), Arc::<str>::from(t.as_str()))).collect();
    match load_sources(input) {
        Ok(set) => {
            prop_assert!(Scanner::new(&set).is_ok(), "a loaded pack compiles for the scanner");
            Ok(())
        }
        Err(err) => check_error(err, sources, false),
    }
}

/// Parse and resolve a config: never a panic, and a failure must be well-formed diagnostics.
fn check_config(text: &str) -> Result<(), TestCaseError> {
    let name = "readiness.toml";
    let sources = [(name.to_string(), text.to_string())];
    let file = match ConfigFile::parse(Path::new(name), text.to_string()) {
        Ok(file) => file,
        Err(err) => return check_error(err, &sources, true),
    };
    let _ = file.extend();
    match file.resolve(&BUILTIN) {
        Ok(_) => Ok(()),
        Err(err) => check_error(err, &sources, true),
    }
}

fn check_error(err: PackError, sources: &[(String, String)], config: bool) -> Result<(), TestCaseError> {
    let PackError::Invalid(diags) = &err else {
        return Err(TestCaseError::fail(format!("loading text cannot fail to read a file: {err}")));
    };
    prop_assert!(!diags.is_empty(), "an error names at least one problem");
    for d in diags {
        prop_assert_eq!(d.is_config(), config, "{}", d.message);
        let Some((_, text)) = sources.iter().find(|(n, _)| n == d.file()) else {
            return Err(TestCaseError::fail(format!("diagnostic in an unknown file {}", d.file())));
        };
        let labels: Vec<_> = d.labels().into_iter().flatten().collect();
        prop_assert!(!labels.is_empty(), "`{}` points somewhere", d.message);
        for label in labels {
            let (start, end) = (label.offset(), label.offset() + label.len());
            prop_assert!(end <= text.len(), "`{}`: span {start}..{end} past the end ({})", d.message, text.len());
            prop_assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "`{}`: span {start}..{end} splits a character",
                d.message
            );
            let source = d.source_code().expect("diagnostics carry their source");
            prop_assert!(source.read_span(label.inner(), 1, 1).is_ok(), "`{}`: span unreadable", d.message);
        }
    }
    let rendered = render(&err);
    prop_assert!(!rendered.is_empty());
    // The first problem is always shown (a long list may be cut short).
    let code = format!("readiness::{}::{}", if config { "config" } else { "pack" }, diags[0].kind);
    prop_assert!(rendered.contains(&code), "{code} missing from the rendering:\n{rendered}");
    // And the way the binary prints it.
    let printed = format!("{:?}", miette::Report::new(err));
    prop_assert!(printed.contains(&code), "{code} missing from the report:\n{printed}");
    Ok(())
}

/// Render an error with miette's graphical and narrated handlers; neither may panic.
fn render(err: &PackError) -> String {
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .render_report(&mut out, err)
        .expect("graphical rendering");
    NarratableReportHandler::new().render_report(&mut out, err).expect("narrated rendering");
    out
}

fn one_pack(text: String) -> Vec<(String, String)> {
    vec![("custom/rules.toml".to_string(), text)]
}

// ---------------------------------------------------------------------------------------
// A small TOML value model, rendered to text, for generated packs and configs.

#[derive(Clone, Debug)]
enum V {
    /// `"basic"`, with escapes where needed.
    Basic(String),
    /// `'literal'` (a basic string when the text cannot be literal).
    Lit(String),
    /// `"\u0073..."`: every character escaped, so the source is longer than the value.
    Escaped(String),
    /// `"""` multi-line basic string starting with a newline.
    Multi(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Arr(Vec<V>),
    Table(Vec<(String, V)>),
    /// Verbatim text, possibly not TOML at all.
    Raw(String),
}

impl V {
    fn render(&self, out: &mut String) {
        match self {
            V::Basic(s) => basic(s, out),
            V::Lit(s) if !s.contains(['\'', '\n', '\r']) && !s.chars().any(char::is_control) => {
                out.push('\'');
                out.push_str(s);
                out.push('\'');
            }
            V::Lit(s) => basic(s, out),
            V::Escaped(s) => {
                out.push('"');
                for c in s.chars() {
                    match u32::from(c) {
                        n @ 0..=0xFFFF => out.push_str(&format!("\\u{n:04X}")),
                        n => out.push_str(&format!("\\U{n:08X}")),
                    }
                }
                out.push('"');
            }
            V::Multi(s) => {
                out.push_str("\"\"\"\n");
                for c in s.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push('\n'),
                        c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
                        c => out.push(c),
                    }
                }
                out.push_str("\"\"\"");
            }
            V::Int(n) => out.push_str(&n.to_string()),
            V::Float(f) => out.push_str(&format!("{f:?}")),
            V::Bool(b) => out.push_str(&b.to_string()),
            V::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.render(out);
                }
                out.push(']');
            }
            V::Table(entries) => {
                out.push_str("{ ");
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    key(k, out);
                    out.push_str(" = ");
                    v.render(out);
                }
                out.push_str(" }");
            }
            V::Raw(s) => out.push_str(s),
        }
    }
}

fn basic(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn key(k: &str, out: &mut String) {
    if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        out.push_str(k);
    } else {
        basic(k, out);
    }
}

/// One `[header]` or `[[header]]` and its `key = value` lines.
#[derive(Clone, Debug)]
struct Section {
    header: String,
    entries: Vec<(String, V)>,
}

fn render_sections(top: &[(String, V)], sections: &[Section]) -> String {
    let mut out = String::new();
    lines(top, &mut out);
    for s in sections {
        out.push('\n');
        out.push_str(&s.header);
        out.push('\n');
        lines(&s.entries, &mut out);
    }
    out
}

/// `key = value` lines.
fn lines(entries: &[(String, V)], out: &mut String) {
    for (k, v) in entries {
        key(k, out);
        out.push_str(" = ");
        v.render(out);
        out.push('\n');
    }
}

// ---------------------------------------------------------------------------------------
// Strategies for the pieces of a pack.

/// A string value in any of TOML's string syntaxes.
fn text(s: impl Strategy<Value = String>) -> impl Strategy<Value = V> {
    s.prop_flat_map(|s| {
        prop_oneof![
            4 => Just(V::Basic(s.clone())),
            3 => Just(V::Lit(s.clone())),
            1 => Just(V::Escaped(s.clone())),
            1 => Just(V::Multi(s)),
        ]
    })
}

/// A value of the wrong type for most fields, or not a value at all.
fn odd_value() -> impl Strategy<Value = V> {
    prop_oneof![
        any::<i64>().prop_map(V::Int),
        select(vec![0.0, -1.5, 2.5, 1e300]).prop_map(V::Float),
        any::<bool>().prop_map(V::Bool),
        Just(V::Arr(vec![])),
        Just(V::Table(vec![])),
        select(vec![
            "2026-11-22",
            "2026-11-22T10:00:00Z",
            "inf",
            "nan",
            "\"unterminated",
            "'",
            "[1, \"a\"]",
            "{ a = 1, a = 2 }",
            "",
            "0x7FFFFFFFFFFFFFFF",
            "99999999999999999999",
            "\"\\uD800\"",
            "\"\\U00110000\"",
        ])
        .prop_map(|s| V::Raw(s.into())),
    ]
}

/// Words that are ids: mostly valid, sometimes not kebab-case or near-misses.
fn word(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(valid).prop_map(String::from),
        2 => select(vec!["", "Team", "a--b", "-a", "1a", "a_b", "é", "a b", "any", "ANY", "x/y", "/", "a-"])
            .prop_map(String::from),
        1 => "[a-z0-9/-]{0,12}",
        1 => any::<String>(),
    ]
}

const CATEGORIES: &[&str] = &["security", "docs", "team", "ops", "securty", "doc"];
const TRAITS: &[&str] = &["service", "python", "container", "any", "servce", "pyhton"];
const NAMES: &[&str] = &["policy", "license", "no-debug-run", "a1-b2", "x"];

fn rule_id() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (word(CATEGORIES), word(NAMES)).prop_map(|(c, n)| format!("{c}/{n}")),
        1 => word(CATEGORIES),
        1 => (word(CATEGORIES), word(NAMES), word(NAMES)).prop_map(|(c, a, b)| format!("{c}/{a}/{b}")),
    ]
}

/// Prose for titles and explanations: usually fine, sometimes empty or blank.
fn prose() -> impl Strategy<Value = V> {
    text(prop_oneof![
        6 => select(vec!["Security policy", "Why it matters.", "Add a SECURITY.md.", "é ∑ 😀"]).prop_map(String::from),
        2 => select(vec!["", " ", "\n\t"]).prop_map(String::from),
        1 => any::<String>(),
    ])
}

#[rustfmt::skip]
const REGEX_PARTS: &[&str] = &[
    "^", "$", r"\b", r"\w+", r"\d{3}", r"\s*", "(?i)", "(?u)", "(?x)", "(?-u:", "(", ")", "(?:", "[a-z]", "[^\"]+",
    "[", "]", "[z-a]", "{2,1}", "{1000}", "{10}", "*", "+?", "|", ".*", "a", "license", "é", r"\p{Greek}",
    r"\pL", r"(?<!x)", r"\1", r"\", r"\x{110000}", r"\xff", "(?P<secret>", "(?P<secret>[^\"]+)", "(?P<", "#",
    r"\n", "\n", "'", "\"", "\\'", r"\Q", "{", "}", "{,5}", "(?i-u)", r"\B", r"\A", r"\z",
];

/// A regular expression assembled from fragments: valid ones, broken ones, huge ones.
fn regex() -> impl Strategy<Value = V> {
    prop_oneof![
        8 => prop::collection::vec(select(REGEX_PARTS), 1..7).prop_map(|p| p.concat()),
        1 => Just(String::new()),
        1 => Just(r"(?u)\w{1000}{1000}".to_string()),
        1 => "\\PC{0,30}",
    ]
    .prop_flat_map(|s| text(Just(s)))
}

#[rustfmt::skip]
const GLOB_PARTS: &[&str] = &[
    "*", "**", "**/", "/", "./", "{a,b}", "{", "}", ",", "[", "]", "[!a]", "[z-a]", "[]", "\\", "README", "readme",
    ".github/workflows/", "*.yml", "*.{yml,yaml}", "Dockerfile", "é", "{a,{b,c}}", "?", "..", "**/*.py", "a**b",
];

fn one_glob() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(select(GLOB_PARTS), 1..5).prop_map(|p| p.concat()),
        1 => Just(String::new()),
        1 => "\\PC{0,20}",
    ]
}

/// `good`, or in a chaotic pack sometimes a value of the wrong type.
fn or_odd(good: impl Strategy<Value = V> + 'static, chaos: bool) -> BoxedStrategy<V> {
    if chaos { prop_oneof![6 => good, 1 => odd_value()].boxed() } else { good.boxed() }
}

fn flag(chaos: bool) -> BoxedStrategy<V> {
    or_odd(any::<bool>().prop_map(V::Bool), chaos)
}

/// `"glob"` or `["glob", ...]`.
fn globs(chaos: bool) -> BoxedStrategy<V> {
    let good = prop_oneof![
        3 => one_glob().prop_flat_map(|g| text(Just(g))),
        2 => prop::collection::vec(one_glob().prop_flat_map(|g| text(Just(g))), 0..4).prop_map(V::Arr),
    ];
    or_odd(good, chaos)
}

/// `require = 'pattern'` or a list of patterns.
fn patterns(chaos: bool) -> BoxedStrategy<V> {
    or_odd(prop_oneof![regex(), prop::collection::vec(regex(), 0..4).prop_map(V::Arr)], chaos)
}

/// `key = value` entries, each present with its chance (1.0: a required key, which only a
/// chaotic table leaves out), and in a chaotic table sometimes an unknown key.
fn entries(fields: Vec<(&'static str, f64, BoxedStrategy<V>)>, chaos: bool) -> BoxedStrategy<Vec<(String, V)>> {
    let fields: Vec<_> = fields
        .into_iter()
        .map(|(k, p, s)| {
            let entry = s.prop_map(move |v| Some((k.to_string(), v)));
            match (p, chaos) {
                (1.0, false) => entry.boxed(),
                (1.0, true) => prop::option::weighted(0.97, entry).prop_map(Option::flatten).boxed(),
                _ => prop::option::weighted(p, entry).prop_map(Option::flatten).boxed(),
            }
        })
        .collect();
    let unknown = (select(vec!["paths", "contain", "titel", "weigth", "chek", "why ", ""]), odd_value())
        .prop_map(|(k, v)| (k.to_string(), v));
    let unknown = if chaos { prop::option::weighted(0.05, unknown).boxed() } else { Just(None).boxed() };
    (fields, unknown).prop_map(|(fields, unknown)| fields.into_iter().flatten().chain(unknown).collect()).boxed()
}

/// A leaf check: a `path` table with any mix of modifiers, compatible or not.
fn atom(chaos: bool) -> BoxedStrategy<V> {
    let small = select(vec![-1i64, 0, 1, 20, i64::from(u32::MAX) + 1, i64::MAX]).prop_map(V::Int);
    entries(
        vec![
            ("path", 0.9, globs(chaos)),
            ("exclude", 0.15, globs(chaos)),
            ("case_sensitive", 0.15, flag(chaos)),
            ("contains", 0.35, regex().boxed()),
            ("min_lines", 0.15, or_odd(small, chaos)),
            ("forbid", 0.25, regex().boxed()),
            ("allow", 0.15, regex().boxed()),
            ("require", 0.2, patterns(chaos)),
            ("split", 0.15, regex().boxed()),
            ("when", 0.15, regex().boxed()),
            ("last", 0.1, flag(chaos)),
        ],
        chaos,
    )
    .prop_map(V::Table)
    .boxed()
}

/// A check tree: atoms under `any`, `all` and `not`, sometimes with keys that do not belong.
fn check(chaos: bool) -> BoxedStrategy<V> {
    atom(chaos)
        .prop_recursive(5, 32, 4, move |inner| {
            let lists = prop_oneof![
                3 => prop::collection::vec(inner.clone(), 0..4).prop_map(|l| V::Table(vec![("any".into(), V::Arr(l))])),
                3 => prop::collection::vec(inner.clone(), 0..4).prop_map(|l| V::Table(vec![("all".into(), V::Arr(l))])),
                3 => inner.clone().prop_map(|c| V::Table(vec![("not".into(), c)])),
                1 => (inner.clone(), atom(chaos)).prop_map(|(c, a)| {
                    // Two shapes in one table, or a combinator with modifiers.
                    let mut entries = vec![("any".to_string(), V::Arr(vec![c]))];
                    if let V::Table(more) = a {
                        entries.extend(more);
                    }
                    V::Table(entries)
                }),
            ];
            or_odd(lists, chaos)
        })
        .boxed()
}

fn category(chaos: bool) -> BoxedStrategy<Section> {
    let weight = prop_oneof![
        6 => (0i64..=100).prop_map(V::Int),
        2 => select(vec![-1i64, 101, i64::MIN, i64::MAX, i64::from(u32::MAX) + 1]).prop_map(V::Int),
    ];
    entries(
        vec![
            ("id", 1.0, text(word(CATEGORIES)).boxed()),
            ("title", 1.0, prose().boxed()),
            ("weight", 1.0, or_odd(weight, chaos)),
            ("description", 0.3, prose().boxed()),
        ],
        chaos,
    )
    .prop_map(|entries| Section { header: "[[category]]".into(), entries })
    .boxed()
}

fn trait_(chaos: bool) -> BoxedStrategy<Section> {
    entries(
        vec![
            ("id", 1.0, text(word(TRAITS)).boxed()),
            ("title", 1.0, prose().boxed()),
            ("description", 0.3, prose().boxed()),
            ("check", 1.0, check(chaos)),
        ],
        chaos,
    )
    .prop_map(|entries| Section { header: "[[trait]]".into(), entries })
    .boxed()
}

fn example(chaos: bool) -> BoxedStrategy<Section> {
    let expect = text(select(vec!["pass", "fail", "not-applicable", "pas", "", "PASS"]).prop_map(String::from));
    let path = select(vec!["README.md", "app.py", ".github/workflows/ci.yml", "../x", "/abs", "a\\b", "", "a//b", "é"]);
    let files = prop::collection::btree_map(path, prose(), 0..3)
        .prop_map(|f| V::Table(f.into_iter().map(|(p, c)| (p.to_string(), c)).collect()));
    entries(vec![("expect", 1.0, expect.boxed()), ("files", 1.0, or_odd(files, chaos))], chaos)
        .prop_map(|entries| Section { header: "[[rule.examples]]".into(), entries })
        .boxed()
}

/// A `[[rule]]` and its examples.
fn rule(chaos: bool) -> BoxedStrategy<Vec<Section>> {
    let weight = prop_oneof![
        6 => (1i64..=3).prop_map(V::Int),
        2 => select(vec![0i64, 4, -1, i64::MIN, i64::MAX]).prop_map(V::Int),
    ];
    let applies = prop::collection::vec(text(word(TRAITS)), 0..3).prop_map(V::Arr);
    let fields = entries(
        vec![
            ("id", 1.0, text(rule_id()).boxed()),
            ("title", 1.0, prose().boxed()),
            ("category", 0.1, text(word(CATEGORIES)).boxed()),
            ("weight", 1.0, or_odd(weight, chaos)),
            ("applies", 0.4, or_odd(applies, chaos)),
            ("why", 1.0, prose().boxed()),
            ("remediation", 1.0, prose().boxed()),
            ("docs", 0.2, prose().boxed()),
            ("redact", 0.2, flag(chaos)),
            ("check", 1.0, check(chaos)),
        ],
        chaos,
    );
    (fields, prop::collection::vec(example(chaos), 0..3))
        .prop_map(|(entries, examples)| {
            let mut sections = vec![Section { header: "[[rule]]".into(), entries }];
            sections.extend(examples);
            sections
        })
        .boxed()
}

/// A whole pack: categories, traits and rules, in a random order. A chaotic pack also has
/// values of the wrong type, missing and unknown keys (most stop at the TOML shape); the
/// others are well-typed, so every one reaches validation.
fn pack() -> impl Strategy<Value = String> {
    any::<bool>().prop_flat_map(|chaos| {
        let categories = prop::collection::vec(category(chaos).prop_map(|c| vec![c]), 0..4);
        let traits = prop::collection::vec(trait_(chaos).prop_map(|t| vec![t]), 0..3);
        let rules = prop::collection::vec(rule(chaos), 0..4);
        (categories, traits, rules)
            .prop_map(|(c, t, r)| c.into_iter().chain(t).chain(r).collect::<Vec<_>>())
            .prop_shuffle()
            .prop_map(|groups| render_sections(&[], &groups.concat()))
    })
}

/// A rule whose check nests `depth` combinators deep, partly in the table header and partly
/// inline, past the TOML parser's own depth limit.
fn deep_rule() -> impl Strategy<Value = String> {
    let inline = prop::collection::vec(select(vec!["not", "any", "all"]), 0..90);
    // Mostly `[rule.check.not.not...]`, which nests validly; a list inside a header path
    // becomes a table, which the loader must reject as a type error.
    let header = prop_oneof![
        3 => (0usize..90).prop_map(|n| vec!["not"; n]),
        1 => prop::collection::vec(select(vec!["not", "any", "all"]), 0..90),
    ];
    (header, inline, atom(false)).prop_map(|(header, inline, leaf)| {
        let mut value = leaf;
        for level in inline.iter().rev() {
            value = match *level {
                "not" => V::Table(vec![("not".into(), value)]),
                list => V::Table(vec![(list.into(), V::Arr(vec![value]))]),
            };
        }
        let mut out = String::from(
            "[[category]]\nid = \"team\"\ntitle = \"Team\"\nweight = 5\n\n[[rule]]\nid = \"team/deep\"\n\
             title = \"Deep\"\nweight = 2\nwhy = \"Deep.\"\nremediation = \"Flatten.\"\n",
        );
        match header.last() {
            None => lines(&[("check".into(), value)], &mut out),
            Some(last) => {
                // A list is opened by [[...]] as the header's last key, a table by [...].
                let (open, close) = if *last == "not" { ("[", "]") } else { ("[[", "]]") };
                out.push_str(&format!("{open}rule.check.{}{close}\n", header.join(".")));
                match value {
                    V::Table(entries) => lines(&entries, &mut out),
                    other => lines(&[("path".into(), other)], &mut out),
                }
            }
        }
        out
    })
}

#[rustfmt::skip]
const TOML_BITS: &[&str] = &[
    "[[rule]]\n", "[[category]]\n", "[[trait]]\n", "[[rule.check.any]]\n", "[rule.check]\n", "[[rule.examples]]\n",
    "[rule.examples.files]\n", "id = ", "path = ", "contains = ", "forbid = ", "not = ", "any = [", "all = [", "{", "}",
    "[", "]", "\"", "'", "'''", "\"\"\"", "=", ",", ".", "\n", "#", "\\", "é", "\u{0}", "\r", "\t", "weight = 3\n",
    "check = { path = \"x\" }\n", "= true", "-", "1", "inf", "2026-11-22",
];

/// Edits that keep most of a real file: the loader's validation still runs on the rest.
#[derive(Clone, Debug)]
enum Edit {
    Delete(Index, usize),
    Insert(Index, String),
    DuplicateLine(Index),
    Truncate(Index),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let insertion = prop_oneof![4 => select(TOML_BITS).prop_map(String::from), 1 => any::<String>()];
    prop::collection::vec(
        prop_oneof![
            3 => (any::<Index>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
            4 => (any::<Index>(), insertion).prop_map(|(i, s)| Edit::Insert(i, s)),
            1 => any::<Index>().prop_map(Edit::DuplicateLine),
            1 => any::<Index>().prop_map(Edit::Truncate),
        ],
        1..5,
    )
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_string();
    // A byte offset moved back to a character boundary.
    let at = |text: &str, i: &Index| {
        let mut n = i.index(text.len() + 1);
        while !text.is_char_boundary(n) {
            n -= 1;
        }
        n
    };
    for edit in edits {
        match edit {
            Edit::Delete(i, len) => {
                let start = at(&text, i);
                let mut end = (start + len).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(start..end, "");
            }
            Edit::Insert(i, s) => {
                let n = at(&text, i);
                text.insert_str(n, s);
            }
            Edit::DuplicateLine(i) => {
                let n = at(&text, i);
                let start = text[..n].rfind('\n').map_or(0, |p| p + 1);
                let end = text[n..].find('\n').map_or(text.len(), |p| n + p + 1);
                let line = text[start..end].to_string();
                text.insert_str(end, &line);
            }
            Edit::Truncate(i) => {
                let n = at(&text, i);
                text.truncate(n);
            }
        }
    }
    text
}

// ---------------------------------------------------------------------------------------
// Strategies for configs.

/// `max_file_size` strings, good and bad.
#[rustfmt::skip]
const SIZES: &[&str] = &[
    "2MiB", "512K", "1", " 1 m ", "5Q", "", "k", "18446744073709551615", "18446744073709551615G",
    "99999999999999999999", "1.5M", "-1M", "é",
];

/// `expires` strings, good and bad.
#[rustfmt::skip]
const DATES: &[&str] = &[
    "2027-03-31", "2020-01-31", "2024-02-29", "2023-02-29", "2027-13-01", "2027-6-30", "30/06/2027", "soon", "",
    "+123-01-01", "2027-+1-01", "9999-12-31", "0000-00-00", "é123-01-01",
];

/// A readiness.toml: ids of the built-in rules, categories and traits and near misses,
/// values in and out of range. As with packs, a chaotic config also has wrong types.
fn config() -> impl Strategy<Value = String> {
    any::<bool>().prop_flat_map(config_with)
}

fn config_with(chaos: bool) -> impl Strategy<Value = String> {
    let rule_ids: Vec<String> = BUILTIN.rules.iter().map(|r| r.id.clone()).collect();
    let category_ids: Vec<String> = BUILTIN.categories.iter().map(|c| c.id.clone()).collect();
    let trait_ids: Vec<String> = BUILTIN.traits.iter().map(|t| t.id.clone()).collect();
    let near = |ids: Vec<String>| {
        prop_oneof![
            6 => select(ids.clone()),
            2 => select(ids).prop_map(|id| id[..id.len() - 1].to_string()),
            1 => Just("any".to_string()),
            1 => any::<String>(),
        ]
    };
    let percent = || {
        let good = prop_oneof![
            6 => (0i64..=100).prop_map(V::Int),
            2 => select(vec![-1i64, 101, i64::MIN, i64::MAX]).prop_map(V::Int),
        ];
        or_odd(good, chaos)
    };
    let size = prop_oneof![
        2 => select(vec![0i64, 1 << 20, -1, i64::MAX]).prop_map(V::Int),
        3 => text(select(SIZES).prop_map(String::from)),
        // Any other type is a value error, not a shape error: `max_file_size` takes any value.
        1 => odd_value(),
    ];
    let glob_list =
        || or_odd(prop::collection::vec(one_glob().prop_flat_map(|g| text(Just(g))), 0..4).prop_map(V::Arr), chaos);
    let top = entries(
        vec![
            ("min_score", 0.5, percent()),
            ("max_file_size", 0.4, size.boxed()),
            ("exclude", 0.4, glob_list()),
            ("extend", 0.2, glob_list()),
            ("inline_suppressions", 0.2, flag(chaos)),
        ],
        chaos,
    );
    let category =
        (near(category_ids), entries(vec![("weight", 0.6, percent()), ("min_score", 0.6, percent())], chaos))
            .prop_map(|(id, entries)| (format!("[categories.{}]", quoted(&id)), entries));
    let rule = (
        near(rule_ids),
        entries(
            vec![
                ("enabled", 0.6, flag(chaos)),
                ("reason", 0.5, prose().boxed()),
                ("expires", 0.4, text(select(DATES).prop_map(String::from)).boxed()),
                ("weight", 0.3, or_odd((-1i64..=5).prop_map(V::Int), chaos)),
                ("applies", 0.3, prop::collection::vec(text(near(trait_ids.clone())), 0..3).prop_map(V::Arr).boxed()),
            ],
            chaos,
        ),
    )
        .prop_map(|(id, entries)| (format!("[rules.{}]", quoted(&id)), entries));
    let traits = prop::collection::vec((near(trait_ids), flag(chaos)), 0..4).prop_map(|t| ("[traits]".to_string(), t));
    (top, prop::collection::vec(category, 0..3), prop::collection::vec(rule, 0..4), prop::option::of(traits)).prop_map(
        move |(top, c, r, t)| {
            let mut seen = std::collections::HashSet::new();
            let sections: Vec<Section> = c
                .into_iter()
                .chain(r)
                .chain(t)
                // A table declared twice is a TOML error: only chaos may do that.
                .filter(|(header, _)| chaos || seen.insert(header.clone()))
                .map(|(header, entries)| Section { header, entries })
                .collect();
            render_sections(&top, &sections)
        },
    )
}

fn quoted(id: &str) -> String {
    let mut out = String::new();
    basic(id, &mut out);
    out
}

// ---------------------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn packs_of_arbitrary_text(text in any::<String>()) {
        check_packs(&one_pack(text))?;
    }

    #[test]
    fn packs_of_toml_like_text(text in "([\\[\\]{}=\"',.#\n a-z_0-9-]|rule|check|path|id){0,300}") {
        check_packs(&one_pack(text))?;
    }

    #[test]
    fn mutated_real_packs(seed in any::<Index>(), edits in edits()) {
        let text = seed.get::<String>(&PACK_SEEDS);
        check_packs(&one_pack(apply(text, &edits)))?;
    }

    #[test]
    fn generated_packs(packs in prop::collection::vec(pack(), 1..3)) {
        let sources: Vec<_> = packs.into_iter().enumerate().map(|(i, p)| (format!("custom/{i}.toml"), p)).collect();
        check_packs(&sources)?;
    }

    #[test]
    fn deeply_nested_checks(text in deep_rule()) {
        check_packs(&one_pack(text))?;
    }

    #[test]
    fn configs_of_arbitrary_text(text in any::<String>()) {
        check_config(&text)?;
    }

    #[test]
    fn mutated_real_configs(seed in any::<Index>(), edits in edits()) {
        check_config(&apply(seed.get::<String>(&CONFIG_SEEDS), &edits))?;
    }

    #[test]
    fn generated_configs(text in config()) {
        check_config(&text)?;
    }
}

proptest! {
    // Each case parses every built-in pack: fewer cases.
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// A generated pack loaded beside the built-in ones (trusted, only parsed): it can use
    /// their categories and traits, and collide with their ids.
    #[test]
    fn generated_pack_beside_the_builtin_ones(pack in pack()) {
        let mut sources = BUILTIN_FILES.clone();
        sources.push(("custom/rules.toml".into(), pack));
        check_packs(&sources)?;
    }
}

/// The generators reach validation, not only syntax errors: a sample of generated packs
/// produces diagnostics of many kinds, most get past the TOML shape, and some load.
#[test]
fn generated_packs_reach_validation() {
    let mut runner = TestRunner::deterministic();
    let mut kinds = BTreeSet::new();
    let (mut loaded, mut shape_only) = (0, 0);
    for _ in 0..200 {
        let text = pack().new_tree(&mut runner).unwrap().current();
        match load_sources(vec![("custom/rules.toml".into(), Arc::from(text))]) {
            Ok(_) => loaded += 1,
            Err(PackError::Invalid(diags)) => {
                shape_only += usize::from(diags.iter().all(|d| d.kind == "syntax" || d.kind == "invalid-field"));
                kinds.extend(diags.iter().map(|d| d.kind));
            }
            Err(e) => panic!("{e}"),
        }
    }
    for kind in [
        "duplicate-id",
        "empty-field",
        "invalid-check",
        "invalid-example",
        "invalid-glob",
        "invalid-id",
        "invalid-regex",
        "unknown-category",
        "unknown-trait",
        "weight-out-of-range",
    ] {
        assert!(kinds.contains(kind), "no `{kind}` among {kinds:?}");
    }
    assert!(shape_only < 120, "{shape_only} of 200 packs stop at the TOML shape");
    assert!(loaded > 0, "no generated pack loads; kinds: {kinds:?}");
}

/// The same for configs: most reach `resolve`, which finds problems of every kind.
#[test]
fn generated_configs_reach_validation() {
    let mut runner = TestRunner::deterministic();
    let mut kinds = BTreeSet::new();
    let (mut resolved, mut parsed) = (0, 0);
    for _ in 0..200 {
        let text = config().new_tree(&mut runner).unwrap().current();
        let Ok(file) = ConfigFile::parse(Path::new("readiness.toml"), text) else { continue };
        parsed += 1;
        match file.resolve(&BUILTIN) {
            Ok(_) => resolved += 1,
            Err(PackError::Invalid(diags)) => kinds.extend(diags.iter().map(|d| d.kind)),
            Err(e) => panic!("{e}"),
        }
    }
    for kind in [
        "invalid-date",
        "invalid-glob",
        "invalid-value",
        "missing-reason",
        "out-of-range",
        "unknown-category",
        "unknown-rule",
        "unknown-trait",
    ] {
        assert!(kinds.contains(kind), "no `{kind}` among {kinds:?}");
    }
    assert!(parsed > 80, "only {parsed} of 200 configs parse");
    assert!(resolved > 0, "no generated config resolves; kinds: {kinds:?}");
}

// ---------------------------------------------------------------------------------------
// Regressions: inputs the properties or the fuzzer found, kept as plain tests.

/// Found by `deeply_nested_checks`: TOML's dotted keys nest a check thousands of levels
/// deep in a few kilobytes (78 inline tables of 78 dotted `not`s each: 6,000 levels in
/// 25 KB), and reading it recursed once per level until the stack overflowed, even in a
/// release build on an 8 MiB main thread. Checks now nest at most 32 levels.
///
/// The toml crate itself still builds (and drops) its table 6,000 levels deep, recursively:
/// in a debug build that needs more than a test thread's 2 MiB, so this runs on a thread
/// with the 8 MiB the binary's main thread has.
#[test]
fn checks_nested_thousands_deep_are_an_error_not_a_stack_overflow() {
    on_main_thread_stack(checks_nested_thousands_deep);
}

/// Run `f` on a thread with the stack of a main thread (8 MiB), not a test thread's 2 MiB.
fn on_main_thread_stack(f: fn()) {
    std::thread::Builder::new().stack_size(8 << 20).spawn(f).unwrap().join().unwrap();
}

fn checks_nested_thousands_deep() {
    let key = vec!["not"; 78].join(".");
    let pack = deep_pack(78, &key);
    let Err(PackError::Invalid(diags)) = load_sources(vec![("custom/deep.toml".into(), Arc::from(pack.as_str()))])
    else {
        panic!("a check nested 6,000 levels deep must not load");
    };
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].kind, "invalid-check");
    assert_eq!(diags[0].message, "checks nest more than 32 levels deep");
    check_packs(&one_pack(pack)).unwrap();
}

/// A pack whose one rule's check is `levels` inline tables deep, each keyed `key`.
fn deep_pack(levels: usize, key: &str) -> String {
    let mut check = "{ path = \"x\" }".to_string();
    for _ in 0..levels {
        check = format!("{{ {key} = {check} }}");
    }
    format!(
        "[[category]]\nid = \"team\"\ntitle = \"Team\"\nweight = 5\n\n[[rule]]\nid = \"team/deep\"\n\
         title = \"Deep\"\nweight = 2\nwhy = \"Deep.\"\nremediation = \"Flatten.\"\ncheck = {check}\n"
    )
}

/// The deepest check a pack may write still loads: 32 levels of combinators.
#[test]
fn checks_nest_32_levels_deep_and_no_deeper() {
    for (depth, loads) in [(32, true), (33, false)] {
        let result = load_sources(vec![("custom/deep.toml".into(), Arc::from(deep_pack(depth, "not")))]);
        assert_eq!(result.is_ok(), loads, "depth {depth}");
    }
    // Lists count as levels too: `any` inside `all` inside `not` is three.
    let mut check = "{ path = \"x\" }".to_string();
    for level in 0..33 {
        check = match level % 3 {
            0 => format!("{{ any = [{check}] }}"),
            1 => format!("{{ all = [{check}] }}"),
            _ => format!("{{ not = {check} }}"),
        };
    }
    let pack = deep_pack(0, "").replace("check = { path = \"x\" }", &format!("check = {check}"));
    let Err(PackError::Invalid(diags)) = load_sources(vec![("custom/deep.toml".into(), Arc::from(pack))]) else {
        panic!("33 levels of any, all and not must not load");
    };
    assert_eq!(diags[0].message, "checks nest more than 32 levels deep");
}

/// Found by `mutated_real_packs`: a TOML error with an empty span before a multi-byte
/// character (`"\𑠀"`) was widened by one byte, into the middle of the character.
#[test]
fn an_error_before_a_multibyte_character_covers_the_whole_character() {
    let text = "[[rule]]\nid = \"\\𑠀\"\n";
    let Err(PackError::Invalid(diags)) = load_sources(vec![("custom/rules.toml".into(), Arc::from(text))]) else {
        panic!("an invalid escape must not load");
    };
    let start = text.find('𑠀').unwrap();
    assert_eq!(diags[0].span, start..start + '𑠀'.len_utf8());
    check_packs(&one_pack(text.to_string())).unwrap();
}

/// Found while checking the fix above: `max_file_size` takes a value of any type, and was
/// read as a `toml::Value`, which recursed through all 6,000 levels: a release build
/// aborted with 4 MiB of stack. It is now read without descending (1 MiB is enough).
#[test]
fn a_size_nested_thousands_deep_is_an_error_not_a_stack_overflow() {
    on_main_thread_stack(|| {
        let key = vec!["a"; 78].join(".");
        let mut value = "1".to_string();
        for _ in 0..78 {
            value = format!("{{ {key} = {value} }}");
        }
        let text = format!("max_file_size = {value}\n");
        let file = ConfigFile::parse(Path::new("readiness.toml"), text.clone()).expect("a table is a value");
        let Err(PackError::Invalid(diags)) = file.resolve(&BUILTIN) else {
            panic!("a table is not a size");
        };
        assert_eq!(diags[0].kind, "invalid-value");
        check_config(&text).unwrap();
    });
}

/// Sizes keep their meaning: bytes, strings with a unit, and anything else is a problem.
#[test]
fn sizes_of_every_type() {
    for (value, size) in
        [("1048576", Some(1 << 20)), ("\"2MiB\"", Some(2 << 20)), ("-1", None), ("1.5", None), ("[1]", None)]
    {
        let file = ConfigFile::parse(Path::new("readiness.toml"), format!("max_file_size = {value}\n")).unwrap();
        assert_eq!(file.resolve(&BUILTIN).ok().and_then(|c| c.max_file_size), size, "{value}");
    }
    for value in ["true", "2026-11-22", "{ a = 1 }"] {
        let file = ConfigFile::parse(Path::new("readiness.toml"), format!("max_file_size = {value}\n")).unwrap();
        assert!(file.resolve(&BUILTIN).is_err(), "{value}");
    }
}
