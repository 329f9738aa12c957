//! Deterministic synthetic repositories for the performance benchmark.
//!
//! `generate` writes a monorepo-shaped tree (services, packages, docs, CI, deployment
//! manifests, ignored build output and `node_modules`, a few binary and oversized files)
//! whose files look like real code, so the packs' globs and regexes do realistic work:
//! most lines are ordinary code and only a small share mention what the rules look for.
//! The same seed always gives the same bytes: one small PRNG, per-file streams derived from
//! the seed and the file's index, and no hash-map iteration or clock anywhere.
//!
//! `multiply_pack` copies every built-in rule with distinct patterns, so a benchmark can
//! show how scan cost grows with the number of rules.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What to generate.
pub struct Spec {
    /// About how many files to write (the generator hits this closely, not always exactly).
    pub files: usize,
    /// Same seed, same tree, byte for byte.
    pub seed: u64,
}

/// What was written.
pub struct Summary {
    /// Files written, including the ignored ones.
    pub files: usize,
    /// Total size of the files written.
    pub bytes: u64,
    /// Files under `build/` and `node_modules/`, which the root `.gitignore` excludes.
    pub ignored_files: usize,
}

// ---------------------------------------------------------------------------------------
// PRNG

/// splitmix64: tiny, fast, and good enough to make text look varied.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-shift: no division, bias irrelevant at these sizes).
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, per_mille: usize) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// An independent stream per file: content does not depend on what was generated before.
fn stream(seed: u64, index: u64) -> Rng {
    let mut r = Rng::new(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
    r.next_u64();
    r
}

// ---------------------------------------------------------------------------------------
// Vocabulary. Deliberately neutral: no word a readiness rule looks for (log, health,
// metric, retry, timeout, secret, token, password, debug, ...) and none that the root
// .gitignore ignores (build), so signals only come from the rare templates below.

const NOUNS: &[&str] = &[
    "account",
    "address",
    "amount",
    "archive",
    "asset",
    "balance",
    "basket",
    "batch",
    "billing",
    "block",
    "booking",
    "branch",
    "bucket",
    "buffer",
    "bundle",
    "cart",
    "catalog",
    "channel",
    "chunk",
    "claim",
    "column",
    "command",
    "comment",
    "contact",
    "content",
    "context",
    "counter",
    "coupon",
    "cursor",
    "customer",
    "dataset",
    "delivery",
    "device",
    "digest",
    "discount",
    "document",
    "domain",
    "draft",
    "entry",
    "event",
    "export",
    "field",
    "filter",
    "folder",
    "frame",
    "graph",
    "group",
    "handle",
    "header",
    "history",
    "image",
    "index",
    "inventory",
    "invoice",
    "item",
    "job",
    "journal",
    "label",
    "layer",
    "layout",
    "ledger",
    "line",
    "link",
    "locale",
    "location",
    "lookup",
    "margin",
    "member",
    "message",
    "model",
    "module",
    "node",
    "note",
    "notice",
    "offer",
    "order",
    "owner",
    "page",
    "panel",
    "parcel",
    "partner",
    "payload",
    "payment",
    "period",
    "picker",
    "plan",
    "point",
    "pool",
    "post",
    "preview",
    "price",
    "product",
    "profile",
    "project",
    "quota",
    "range",
    "record",
    "region",
    "report",
    "resource",
    "result",
    "review",
    "role",
    "route",
    "row",
    "sample",
    "schedule",
    "schema",
    "scope",
    "section",
    "segment",
    "sequence",
    "setting",
    "shape",
    "share",
    "shipment",
    "signal",
    "site",
    "slot",
    "snapshot",
    "source",
    "stage",
    "state",
    "status",
    "stock",
    "store",
    "stream",
    "summary",
    "supplier",
    "table",
    "tag",
    "task",
    "template",
    "tenant",
    "ticket",
    "topic",
    "total",
    "track",
    "transfer",
    "tree",
    "unit",
    "upload",
    "usage",
    "value",
    "vendor",
    "view",
    "voucher",
    "warehouse",
    "widget",
    "window",
    "worker",
    "zone",
];

const VERBS: &[&str] = &[
    "apply",
    "assign",
    "collect",
    "compute",
    "convert",
    "create",
    "decode",
    "delete",
    "encode",
    "fetch",
    "find",
    "flush",
    "get",
    "insert",
    "list",
    "load",
    "merge",
    "normalize",
    "parse",
    "prepare",
    "process",
    "publish",
    "read",
    "refresh",
    "register",
    "remove",
    "render",
    "reset",
    "resolve",
    "save",
    "scan",
    "select",
    "send",
    "sort",
    "split",
    "sync",
    "transform",
    "update",
    "validate",
    "write",
];

const FILLER: &[&str] = &[
    "the", "a", "of", "to", "for", "when", "is", "and", "with", "before", "after", "each", "every", "not", "in", "on",
    "from", "only", "once", "new", "old", "empty", "first", "last", "next", "current", "given",
];

// ---------------------------------------------------------------------------------------
// Text generation

/// A content buffer plus the file's random stream.
///
/// Templates are plain strings with `¤x` holes (see `hole`), expanded straight into the
/// buffer: no `format!`, no intermediate strings.
struct Gen {
    rng: Rng,
    buf: Vec<u8>,
}

impl Gen {
    fn s(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    fn nl(&mut self) {
        self.buf.push(b'\n');
    }

    fn line(&mut self, template: &str) {
        self.tpl(template);
        self.nl();
    }

    fn pick_line(&mut self, templates: &[&str]) {
        let t = self.rng.pick(templates);
        self.line(t);
    }

    fn tpl(&mut self, template: &str) {
        let mut parts = template.split('¤');
        if let Some(first) = parts.next() {
            self.s(first);
        }
        for part in parts {
            // Every hole is one ASCII letter right after the marker.
            self.hole(part.as_bytes()[0]);
            self.s(&part[1..]);
        }
    }

    /// `i` snake ident, `f` snake function, `F` camel function, `c` camel variable,
    /// `P` Pascal type, `U` UPPER_SNAKE, `k` kebab, `w` one word, `n` number, `t` phrase,
    /// `h` 8 hex digits, `v` semantic version.
    fn hole(&mut self, kind: u8) {
        match kind {
            b'i' => {
                let w = self.rng.pick(NOUNS);
                self.s(w);
                if self.rng.chance(500) {
                    self.buf.push(b'_');
                    let w = self.rng.pick(NOUNS);
                    self.s(w);
                }
            }
            b'f' => {
                let v = self.rng.pick(VERBS);
                self.s(v);
                self.buf.push(b'_');
                let w = self.rng.pick(NOUNS);
                self.s(w);
            }
            b'F' => {
                let v = self.rng.pick(VERBS);
                self.s(v);
                let w = self.rng.pick(NOUNS);
                self.cap(w);
            }
            b'c' => {
                let w = self.rng.pick(NOUNS);
                self.s(w);
                if self.rng.chance(500) {
                    let w = self.rng.pick(NOUNS);
                    self.cap(w);
                }
            }
            b'P' => {
                let w = self.rng.pick(NOUNS);
                self.cap(w);
                if self.rng.chance(600) {
                    let w = self.rng.pick(NOUNS);
                    self.cap(w);
                }
            }
            b'U' => {
                let w = self.rng.pick(NOUNS);
                self.upper(w);
                self.buf.push(b'_');
                let w = self.rng.pick(NOUNS);
                self.upper(w);
            }
            b'k' => {
                let w = self.rng.pick(NOUNS);
                self.s(w);
                self.buf.push(b'-');
                let w = self.rng.pick(NOUNS);
                self.s(w);
            }
            b'w' => {
                let w = self.rng.pick(NOUNS);
                self.s(w);
            }
            b'n' => {
                let n = match self.rng.below(10) {
                    0..=4 => self.rng.below(10),
                    5..=7 => self.rng.range(10, 99),
                    _ => self.rng.range(100, 4999),
                };
                self.num(n as u64);
            }
            b't' => self.phrase(3, 9),
            b'h' => {
                let x = self.rng.next_u64();
                for i in 0..8 {
                    self.buf.push(b"0123456789abcdef"[((x >> (i * 4)) & 15) as usize]);
                }
            }
            b'v' => {
                let (a, b, c) = (self.rng.below(4), self.rng.below(20), self.rng.below(12));
                self.num(a as u64);
                self.buf.push(b'.');
                self.num(b as u64);
                self.buf.push(b'.');
                self.num(c as u64);
            }
            other => panic!("unknown template hole {:?}", other as char),
        }
    }

    fn cap(&mut self, w: &str) {
        let b = w.as_bytes();
        self.buf.push(b[0].to_ascii_uppercase());
        self.buf.extend_from_slice(&b[1..]);
    }

    fn upper(&mut self, w: &str) {
        self.buf.extend(w.bytes().map(|b| b.to_ascii_uppercase()));
    }

    fn num(&mut self, mut n: u64) {
        let mut tmp = [0u8; 20];
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&tmp[i..]);
    }

    fn num2(&mut self, n: usize) {
        self.buf.push(b'0' + (n / 10 % 10) as u8);
        self.buf.push(b'0' + (n % 10) as u8);
    }

    fn word(&mut self) {
        let w = match self.rng.below(10) {
            0..=3 => self.rng.pick(FILLER),
            4..=8 => self.rng.pick(NOUNS),
            _ => self.rng.pick(VERBS),
        };
        self.s(w);
    }

    fn phrase(&mut self, lo: usize, hi: usize) {
        let n = self.rng.range(lo, hi);
        for i in 0..n {
            if i > 0 {
                self.buf.push(b' ');
            }
            self.word();
        }
    }

    /// Prose: capitalised sentences wrapped at about 90 columns.
    fn paragraph(&mut self, sentences: usize) {
        let mut col = 0;
        for _ in 0..sentences {
            let n = self.rng.range(6, 16);
            for i in 0..n {
                let start = self.buf.len();
                if col > 0 {
                    if col > 85 {
                        self.nl();
                        col = 0;
                    } else {
                        self.buf.push(b' ');
                    }
                }
                if i == 0 {
                    let w = self.rng.pick(NOUNS);
                    self.cap(w);
                } else {
                    self.word();
                }
                if i + 1 == n {
                    self.buf.push(b'.');
                }
                col += self.buf.len() - start;
            }
        }
        self.nl();
    }

    /// A few distinct items of `list`, in list order (imports, dependencies).
    fn some<'a>(&mut self, list: &[&'a str], lo: usize, hi: usize) -> Vec<&'a str> {
        let want = self.rng.range(lo, hi).min(list.len());
        let mut chosen = vec![false; list.len()];
        let mut n = 0;
        while n < want {
            let i = self.rng.below(list.len());
            if !chosen[i] {
                chosen[i] = true;
                n += 1;
            }
        }
        list.iter().zip(chosen).filter(|(_, c)| *c).map(|(s, _)| *s).collect()
    }
}

// ---------------------------------------------------------------------------------------
// Languages

/// A kind of top-level item: opening line(s), body lines, closing line.
struct Block {
    weight: usize,
    open: &'static [&'static str],
    body: &'static [&'static str],
    close: &'static str,
    min: usize,
    max: usize,
    /// Statement bodies get comments and, rarely, a line a readiness rule looks for.
    code: bool,
}

/// How a source file of one language is put together.
struct LangDef {
    head: &'static [&'static str],
    import_open: &'static str,
    import_close: &'static str,
    imports: &'static [&'static str],
    pre_body: &'static [&'static str],
    doc: &'static [&'static str],
    comment: &'static [&'static str],
    blocks: &'static [Block],
    tests: &'static [Block],
    /// Lines mentioning what the packs look for; about 1% of statements.
    rare: &'static [&'static str],
    epilogue: &'static [&'static str],
}

const RUST: usize = 0;
const GO: usize = 1;
const PYTHON: usize = 2;
const TS: usize = 3;
const JS: usize = 4;
const JAVA: usize = 5;
const RUBY: usize = 6;
const C: usize = 7;
const SHELL: usize = 8;

/// Share of statements that come from `rare`, per mille.
const RARE_PER_MILLE: usize = 10;
/// Share of statements that are comments, per mille (on top of the rare ones).
const COMMENT_PER_MILLE: usize = 70;

static LANGS: [LangDef; 9] = [
    // Rust
    LangDef {
        head: &["//! ¤t.", ""],
        import_open: "",
        import_close: "",
        imports: &[
            "use std::collections::HashMap;",
            "use std::collections::BTreeMap;",
            "use std::sync::Arc;",
            "use std::fmt;",
            "use std::io::{self, Read, Write};",
            "use std::path::{Path, PathBuf};",
            "use serde::{Deserialize, Serialize};",
            "use anyhow::{Context, Result};",
            "use tokio::sync::mpsc;",
            "use crate::¤i::¤P;",
            "use crate::¤i::{¤P, ¤P};",
            "use super::¤P;",
            "use crate::error::¤PError;",
        ],
        pre_body: &[],
        doc: &[
            "/// ¤t.",
            "/// Returns the ¤w of the given ¤w, or `None` when it is empty.",
            "///",
            "/// # Errors",
            "/// Fails when the ¤w cannot be ¤w.",
        ],
        comment: &["    // ¤t.", "    // ¤t: ¤t."],
        blocks: &[
            Block {
                weight: 6,
                open: &[
                    "pub fn ¤f(¤i: &¤P) -> Result<¤P> {",
                    "fn ¤f(&self, ¤i: usize) -> Option<&¤P> {",
                    "pub(crate) fn ¤f(&mut self, ¤i: &str, ¤i: u64) -> Result<(), ¤PError> {",
                    "pub async fn ¤f(&self, ¤i: ¤P) -> Result<Vec<¤P>> {",
                ],
                body: &[
                    "    let ¤i = ¤i.¤f(¤n)?;",
                    "    let mut ¤i = Vec::with_capacity(¤n);",
                    "    for ¤i in &self.¤i {\n        ¤i.push(¤i.clone());\n    }",
                    "    if ¤i.is_empty() {\n        return Ok(¤P::default());\n    }",
                    "    let ¤i = ¤i.iter().map(|x| x.¤i).sum::<u64>();",
                    "    let ¤i = ¤i.get(\"¤w\").cloned().unwrap_or_default();",
                    "    self.¤i.insert(¤i.to_string(), ¤i);",
                    "    let ¤i = format!(\"{}-{}\", ¤i, ¤n);",
                    "    match ¤i {\n        ¤P::¤P => ¤n,\n        _ => ¤n,\n    };",
                    "    let ¤i = ¤P::new(&¤i).context(\"¤t\")?;",
                    "    ¤i.¤f(&¤i).await?;",
                    "    let query = \"SELECT ¤i, ¤i FROM ¤i WHERE ¤i = $1 ORDER BY ¤i\";",
                    "    let ¤i = sqlx::query_as::<_, ¤P>(\"SELECT * FROM ¤i WHERE ¤i = $1\").bind(¤i).fetch_all(&self.pool).await?;",
                    "    Ok(¤i)",
                    "    assert!(¤i <= ¤n, \"¤t\");",
                    "    let (¤i, ¤i) = ¤i.split_at(¤n);",
                    "    ¤i += ¤n;",
                ],
                close: "}",
                min: 3,
                max: 18,
                code: true,
            },
            Block {
                weight: 2,
                open: &[
                    "#[derive(Debug, Clone, Serialize, Deserialize)]\npub struct ¤P {",
                    "#[derive(Debug, Default)]\nstruct ¤P {",
                ],
                body: &[
                    "    pub ¤i: String,",
                    "    pub ¤i: Option<u64>,",
                    "    ¤i: Vec<¤P>,",
                    "    pub ¤i: HashMap<String, ¤P>,",
                    "    ¤i: bool,",
                    "    pub(crate) ¤i: Arc<¤P>,",
                ],
                close: "}",
                min: 2,
                max: 9,
                code: false,
            },
            Block {
                weight: 1,
                open: &["#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum ¤P {"],
                body: &["    ¤P,", "    ¤P(u32),", "    ¤P { ¤i: String },"],
                close: "}",
                min: 2,
                max: 7,
                code: false,
            },
            Block {
                weight: 1,
                open: &["impl fmt::Display for ¤P {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {"],
                body: &["        write!(f, \"¤w={}\", self.¤i)?;", "        f.write_str(\"¤t\")?;"],
                close: "        Ok(())\n    }\n}",
                min: 1,
                max: 4,
                code: false,
            },
            Block {
                weight: 1,
                open: &["const ¤U: usize = ¤n;", "static ¤U: &str = \"¤k\";"],
                body: &[],
                close: "",
                min: 0,
                max: 0,
                code: false,
            },
        ],
        tests: &[Block {
            weight: 1,
            open: &["#[test]\nfn ¤f_¤w() {", "#[tokio::test]\nasync fn ¤f_returns_¤w() {"],
            body: &[
                "    let ¤i = ¤P::new(¤n);",
                "    assert_eq!(¤f(&¤i), ¤n);",
                "    assert!(¤i.is_empty());",
                "    let ¤i = vec![¤n, ¤n, ¤n];",
                "    assert_eq!(¤i.len(), ¤n, \"¤t\");",
            ],
            close: "}",
            min: 2,
            max: 10,
            code: true,
        }],
        rare: &[
            "    tracing::info!(¤i = %¤i, \"¤t\");",
            "    // TODO: ¤t",
            "    let client = reqwest::Client::builder().timeout(Duration::from_secs(¤n)).build()?;",
            "    let ¤i = retry(ExponentialBackoff::default(), || async { ¤f(&¤i).await }).await?;",
            "    // The circuit breaker opens after ¤n consecutive failures.",
            "    metrics::counter!(\"¤i_total\").increment(1);",
            "    let app = Router::new().route(\"/healthz\", get(healthz)).route(\"/¤w\", post(¤f));",
            "    let password = \"changeme\";",
            "    let ¤i = prometheus::IntCounter::new(\"¤i_total\", \"¤t\")?;",
            "    // FIXME(¤w): ¤t",
            "    tokio::time::timeout(Duration::from_millis(¤n), ¤f(&¤i)).await??;",
            "    let _span = tracing::info_span!(\"¤f\").entered();",
        ],
        epilogue: &[],
    },
    // Go
    LangDef {
        head: &["// Package ¤w ¤t.", "package ¤w", ""],
        import_open: "import (",
        import_close: ")",
        imports: &[
            "\t\"context\"",
            "\t\"encoding/json\"",
            "\t\"errors\"",
            "\t\"fmt\"",
            "\t\"net/http\"",
            "\t\"sort\"",
            "\t\"strings\"",
            "\t\"sync\"",
            "\t\"time\"",
            "\t\"github.com/acme/¤k/internal/¤w\"",
            "\t\"github.com/google/uuid\"",
        ],
        pre_body: &[],
        doc: &["// ¤P ¤t.", "// ¤F returns the ¤w for the given ¤w."],
        comment: &["\t// ¤t."],
        blocks: &[
            Block {
                weight: 6,
                open: &[
                    "func ¤F(ctx context.Context, ¤c string) (*¤P, error) {",
                    "func (s *¤P) ¤P(ctx context.Context, ¤c int) error {",
                    "func (h *¤P) ServeHTTP(w http.ResponseWriter, r *http.Request) {",
                    "func new¤P(¤c []¤P) map[string]¤P {",
                ],
                body: &[
                    "\t¤c, err := s.¤c.¤P(ctx, ¤c)\n\tif err != nil {\n\t\treturn fmt.Errorf(\"¤t: %w\", err)\n\t}",
                    "\tfor _, ¤c := range ¤c {\n\t\t¤c = append(¤c, ¤c.¤P)\n\t}",
                    "\t¤c := make(map[string]int, ¤n)",
                    "\tif len(¤c) == 0 {\n\t\treturn nil\n\t}",
                    "\ts.mu.Lock()\n\tdefer s.mu.Unlock()",
                    "\t¤c := strings.TrimSpace(r.URL.Query().Get(\"¤w\"))",
                    "\tw.Header().Set(\"Content-Type\", \"application/json\")",
                    "\tif err := json.NewEncoder(w).Encode(¤c); err != nil {\n\t\thttp.Error(w, err.Error(), http.StatusInternalServerError)\n\t}",
                    "\trows, err := s.db.QueryContext(ctx, \"SELECT ¤i, ¤i FROM ¤i WHERE ¤i = $1\", ¤c)",
                    "\tsort.Slice(¤c, func(i, j int) bool { return ¤c[i].¤P < ¤c[j].¤P })",
                    "\t¤c += ¤n",
                    "\treturn ¤c, nil",
                ],
                close: "}",
                min: 3,
                max: 16,
                code: true,
            },
            Block {
                weight: 2,
                open: &["type ¤P struct {"],
                body: &[
                    "\t¤P string `json:\"¤i\"`",
                    "\t¤P int64 `json:\"¤i,omitempty\"`",
                    "\t¤c []¤P",
                    "\tmu sync.Mutex",
                    "\t¤P time.Duration",
                ],
                close: "}",
                min: 2,
                max: 8,
                code: false,
            },
            Block {
                weight: 1,
                open: &["const ("],
                body: &["\t¤P¤P = \"¤k\"", "\tdefault¤P = ¤n"],
                close: ")",
                min: 1,
                max: 6,
                code: false,
            },
        ],
        tests: &[Block {
            weight: 1,
            open: &["func Test¤P(t *testing.T) {", "func Test¤P_¤P(t *testing.T) {"],
            body: &[
                "\tgot, err := ¤F(context.Background(), \"¤w\")\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}",
                "\tif got != ¤n {\n\t\tt.Errorf(\"got %d, want ¤n\", got)\n\t}",
                "\t¤c := []¤P{{¤P: \"¤w\"}, {¤P: \"¤w\"}}",
                "\tt.Run(\"¤t\", func(t *testing.T) { t.Parallel() })",
            ],
            close: "}",
            min: 2,
            max: 9,
            code: true,
        }],
        rare: &[
            "\tslog.Info(\"¤t\", \"¤i\", ¤c)",
            "\tclient := &http.Client{Timeout: ¤n * time.Second}",
            "\t// TODO(¤w): ¤t",
            "\tmux.HandleFunc(\"/healthz\", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })",
            "\tprometheus.MustRegister(¤cCounter)",
            "\t// retry with exponential backoff: ¤t",
            "\tpassword := \"changeme\"",
            "\tlogger.Info(\"¤t\", zap.String(\"¤w\", ¤c))",
            "\tctx, cancel := context.WithTimeout(ctx, ¤n*time.Millisecond)\n\tdefer cancel()",
            "\t// circuit breaker: ¤t",
        ],
        epilogue: &[],
    },
    // Python
    LangDef {
        head: &["\"\"\"¤t.\"\"\"", "", "from __future__ import annotations", ""],
        import_open: "",
        import_close: "",
        imports: &[
            "import json",
            "import os",
            "import re",
            "from typing import Any, Optional",
            "from dataclasses import dataclass, field",
            "from collections import defaultdict",
            "from datetime import datetime, timezone",
            "from .¤i import ¤P",
            "from ..¤i import ¤f, ¤f",
            "import ¤i",
        ],
        pre_body: &[],
        doc: &["# ¤t."],
        comment: &["    # ¤t."],
        blocks: &[
            Block {
                weight: 5,
                open: &[
                    "def ¤f(¤i: str, ¤i: int = ¤n) -> dict[str, Any]:",
                    "async def ¤f(self, ¤i: ¤P) -> list[¤P]:",
                    "def ¤f(¤i, *args, **kwargs):",
                ],
                body: &[
                    "    \"\"\"¤t.\"\"\"",
                    "    ¤i = ¤i.get(\"¤w\", ¤n)",
                    "    if not ¤i:\n        return None",
                    "    for ¤i in ¤i:\n        ¤i.append(¤i.¤i)",
                    "    ¤i = [x.¤i for x in ¤i if x.¤i > ¤n]",
                    "    ¤i = {\"¤w\": ¤i, \"¤w\": ¤n}",
                    "    cursor.execute(\"SELECT ¤i, ¤i FROM ¤i WHERE ¤i = %s\", (¤i,))",
                    "    ¤i += ¤n",
                    "    if ¤i is None:\n        raise ValueError(f\"¤t: {¤i!r}\")",
                    "    return ¤i",
                    "    with open(¤i, encoding=\"utf-8\") as fh:\n        ¤i = json.load(fh)",
                    "    ¤i = sorted(¤i, key=lambda x: x.¤i)",
                ],
                close: "",
                min: 3,
                max: 16,
                code: true,
            },
            Block {
                weight: 2,
                open: &["@dataclass\nclass ¤P:", "class ¤P(¤P):"],
                body: &[
                    "    ¤i: str = \"\"",
                    "    ¤i: int = ¤n",
                    "    ¤i: Optional[¤P] = None",
                    "    ¤i: list[str] = field(default_factory=list)",
                ],
                close: "",
                min: 2,
                max: 8,
                code: false,
            },
            Block {
                weight: 1, open: &["¤U = ¤n", "¤U = \"¤k\""], body: &[], close: "", min: 0, max: 0, code: false
            },
        ],
        tests: &[Block {
            weight: 1,
            open: &["def test_¤f():", "def test_¤f_¤w(tmp_path):"],
            body: &[
                "    assert ¤f(¤n) == ¤n",
                "    ¤i = ¤P(¤i=\"¤w\")",
                "    assert ¤i.¤i is None",
                "    with pytest.raises(ValueError):\n        ¤f(None)",
            ],
            close: "",
            min: 2,
            max: 8,
            code: true,
        }],
        rare: &[
            "    logger.info(\"¤t %s\", ¤i)",
            "    response = requests.get(url, timeout=¤n)",
            "    # TODO: ¤t",
            "    password = \"changeme\"",
            "    REQUESTS = Counter(\"¤i_total\", \"¤t\")  # prometheus",
            "    breaker = pybreaker.CircuitBreaker(fail_max=¤n)",
            "    for attempt in range(¤n):  # retry",
            "    logger.warning(\"¤t\", extra={\"¤w\": ¤i})",
            "    # readiness is served on /healthz",
        ],
        epilogue: &[],
    },
    // TypeScript
    LangDef {
        head: &[],
        import_open: "",
        import_close: "",
        imports: &[
            "import { ¤P } from './¤k';",
            "import { ¤P, ¤P } from '../¤k/¤k';",
            "import * as ¤c from '¤k';",
            "import type { ¤P } from './types';",
            "import express from 'express';",
            "import { z } from 'zod';",
        ],
        pre_body: &[],
        doc: &["/** ¤t. */", "// ¤t."],
        comment: &["  // ¤t."],
        blocks: &[
            Block {
                weight: 5,
                open: &[
                    "export function ¤F(¤c: ¤P, ¤c: number): ¤P | undefined {",
                    "export async function ¤F(¤c: string): Promise<¤P[]> {",
                    "function ¤F(¤c: Record<string, unknown>): boolean {",
                    "export const ¤F = async (req: Request, res: Response): Promise<void> => {",
                ],
                body: TS_BODY,
                close: "}",
                min: 3,
                max: 16,
                code: true,
            },
            Block {
                weight: 2,
                open: &["export interface ¤P {", "export type ¤P = {"],
                body: &["  ¤c: string;", "  ¤c?: number;", "  readonly ¤c: ¤P[];", "  ¤c: Record<string, ¤P>;"],
                close: "}",
                min: 2,
                max: 9,
                code: false,
            },
            Block {
                weight: 1,
                open: &["export class ¤P {"],
                body: &[
                    "  private readonly ¤c = new Map<string, ¤P>();",
                    "  constructor(private readonly ¤c: ¤P) {}",
                    "  get ¤c(): number {\n    return this.¤c.size;\n  }",
                ],
                close: "}",
                min: 1,
                max: 5,
                code: false,
            },
        ],
        tests: JS_TESTS,
        rare: JS_RARE,
        epilogue: &[],
    },
    // JavaScript
    LangDef {
        head: &["'use strict';", ""],
        import_open: "",
        import_close: "",
        imports: &["const ¤c = require('¤k');", "const { ¤c, ¤c } = require('./¤k');", "const path = require('path');"],
        pre_body: &[],
        doc: &["/** ¤t. */", "// ¤t."],
        comment: &["  // ¤t."],
        blocks: &[
            Block {
                weight: 5,
                open: &[
                    "function ¤F(¤c, ¤c) {",
                    "async function ¤F(¤c) {",
                    "module.exports.¤F = function (¤c) {",
                    "const ¤F = (¤c) => {",
                ],
                body: TS_BODY,
                close: "}",
                min: 3,
                max: 16,
                code: true,
            },
            Block {
                weight: 1,
                open: &["class ¤P {"],
                body: &["  constructor(¤c) {\n    this.¤c = ¤c;\n  }", "  ¤F() {\n    return this.¤c;\n  }"],
                close: "}",
                min: 1,
                max: 5,
                code: false,
            },
        ],
        tests: JS_TESTS,
        rare: JS_RARE,
        epilogue: &["", "module.exports = { ¤F, ¤F };"],
    },
    // Java
    LangDef {
        head: &["package com.acme.¤w.¤w;", ""],
        import_open: "",
        import_close: "",
        imports: &[
            "import java.util.List;",
            "import java.util.Map;",
            "import java.util.Optional;",
            "import java.util.ArrayList;",
            "import java.time.Instant;",
            "import com.acme.¤w.¤P;",
            "import org.springframework.stereotype.Service;",
            "import org.springframework.web.bind.annotation.*;",
        ],
        pre_body: &["public class ¤P {", ""],
        doc: &["    /** ¤t. */", "    // ¤t."],
        comment: &["        // ¤t."],
        blocks: &[
            Block {
                weight: 6,
                open: &[
                    "    public ¤P ¤F(String ¤c, int ¤c) {",
                    "    private List<¤P> ¤F(Map<String, ¤P> ¤c) {",
                    "    @GetMapping(\"/¤w/{id}\")\n    public ResponseEntity<¤P> ¤F(@PathVariable long id) {",
                    "    static Optional<¤P> ¤F(¤P ¤c) {",
                ],
                body: &[
                    "        ¤P ¤c = ¤c.¤F(¤n);",
                    "        List<¤P> ¤c = new ArrayList<>();",
                    "        for (¤P ¤c : ¤c) {\n            ¤c.add(¤c.get¤P());\n        }",
                    "        if (¤c == null) {\n            throw new IllegalArgumentException(\"¤t\");\n        }",
                    "        String sql = \"SELECT ¤i, ¤i FROM ¤i WHERE ¤i = ?\";",
                    "        int ¤c = ¤c.size() + ¤n;",
                    "        return ¤c;",
                    "        ¤c.put(\"¤w\", ¤c);",
                ],
                close: "    }",
                min: 3,
                max: 14,
                code: true,
            },
            Block {
                weight: 1,
                open: &["    private final ¤P ¤c;", "    private static final int ¤U = ¤n;"],
                body: &[],
                close: "",
                min: 0,
                max: 0,
                code: false,
            },
        ],
        tests: &[Block {
            weight: 1,
            open: &["    @Test\n    void ¤F() {"],
            body: &[
                "        assertEquals(¤n, ¤F(¤n));",
                "        assertNotNull(¤c);",
                "        var ¤c = new ¤P(\"¤w\");",
            ],
            close: "    }",
            min: 2,
            max: 8,
            code: true,
        }],
        rare: &[
            "        log.info(\"¤t {}\", ¤c);",
            "        // TODO: ¤t",
            "        factory.setConnectTimeout(Duration.ofSeconds(¤n));",
            "        // circuit breaker fallback: ¤t",
            "        Counter.builder(\"¤i.total\").register(meterRegistry).increment(); // prometheus",
            "        RetryTemplate retry = RetryTemplate.builder().maxAttempts(¤n).build();",
            "        String password = \"changeme\";",
        ],
        epilogue: &["}"],
    },
    // Ruby
    LangDef {
        head: &["# frozen_string_literal: true", ""],
        import_open: "",
        import_close: "",
        imports: &["require '¤i'", "require 'json'", "require 'set'", "require_relative '¤i'"],
        pre_body: &["module ¤P", "  class ¤P"],
        doc: &["    # ¤t."],
        comment: &["      # ¤t."],
        blocks: &[
            Block {
                weight: 5,
                open: &["    def ¤i(¤i, ¤i = nil)", "    def self.¤i(¤i)", "    def ¤i?"],
                body: &[
                    "      ¤i = ¤i.fetch(:¤i, ¤n)",
                    "      return if ¤i.nil?",
                    "      ¤i.each do |¤i|\n        ¤i << ¤i.¤i\n      end",
                    "      @¤i ||= {}",
                    "      ¤i = ¤i.map(&:¤i).compact",
                    "      ¤i = \"¤t #{¤i}\"",
                    "      ¤i += ¤n",
                    "      ¤P.where(¤i: ¤i).order(:¤i).limit(¤n)",
                ],
                close: "    end",
                min: 2,
                max: 12,
                code: true,
            },
            Block {
                weight: 1, open: &["    attr_reader :¤i, :¤i"], body: &[], close: "", min: 0, max: 0, code: false
            },
        ],
        tests: &[Block {
            weight: 1,
            open: &["    it '¤t' do"],
            body: &[
                "      expect(¤i).to eq(¤n)",
                "      ¤i = described_class.new(¤i: '¤w')",
                "      expect { ¤i.¤i }.to raise_error(ArgumentError)",
            ],
            close: "    end",
            min: 2,
            max: 7,
            code: true,
        }],
        rare: &[
            "      Rails.logger.info(\"¤t #{¤i}\")",
            "      # TODO: ¤t",
            "      Net::HTTP.start(host, port, read_timeout: ¤n) { |http| http.get(path) }",
            "      retry if (attempts += 1) < ¤n",
            "      password = 'changeme'",
            "      # circuit breaker: ¤t",
            "      Prometheus::Client.registry.counter(:¤i_total, docstring: '¤t')",
        ],
        epilogue: &["  end", "end"],
    },
    // C
    LangDef {
        head: &["/*", " * ¤t.", " */", ""],
        import_open: "",
        import_close: "",
        imports: &[
            "#include <stdio.h>",
            "#include <stdlib.h>",
            "#include <string.h>",
            "#include <stdint.h>",
            "#include <errno.h>",
            "#include \"¤i.h\"",
        ],
        pre_body: &[],
        doc: &["/* ¤t. */"],
        comment: &["\t/* ¤t. */"],
        blocks: &[
            Block {
                weight: 5,
                open: &[
                    "static int ¤i(struct ¤i *¤i, size_t ¤i)\n{",
                    "int ¤f(const char *¤i)\n{",
                    "void ¤f(struct ¤i *¤i)\n{",
                ],
                body: &[
                    "\tsize_t ¤i = ¤n;",
                    "\tif (¤i == NULL)\n\t\treturn -EINVAL;",
                    "\tfor (size_t i = 0; i < ¤i; i++)\n\t\t¤i[i] = ¤i->¤i[i];",
                    "\tmemcpy(¤i, ¤i, sizeof(*¤i));",
                    "\t¤i->¤i += ¤n;",
                    "\treturn 0;",
                    "\tfprintf(stderr, \"¤t: %d\\n\", ¤i);",
                ],
                close: "}",
                min: 3,
                max: 14,
                code: true,
            },
            Block {
                weight: 2,
                open: &["struct ¤i {"],
                body: &["\tint ¤i;", "\tuint64_t ¤i;", "\tchar ¤i[¤n];", "\tstruct ¤i *¤i;"],
                close: "};",
                min: 2,
                max: 8,
                code: false,
            },
        ],
        tests: &[Block {
            weight: 1,
            open: &["static void test_¤i(void)\n{"],
            body: &["\tassert(¤i(¤n) == ¤n);", "\tassert(¤i != NULL);"],
            close: "}",
            min: 2,
            max: 8,
            code: true,
        }],
        rare: &[
            "\t/* TODO: ¤t */",
            "\tcurl_easy_setopt(curl, CURLOPT_TIMEOUT, ¤nL);",
            "\tsyslog(LOG_INFO, \"¤t\");",
            "\t/* retry up to ¤n times */",
        ],
        epilogue: &[],
    },
    // Shell
    LangDef {
        head: &["#!/usr/bin/env bash", "set -euo pipefail", ""],
        import_open: "",
        import_close: "",
        imports: &[
            "source \"$(dirname \"$0\")/lib/¤i.sh\"",
            "readonly ROOT=\"$(cd \"$(dirname \"$0\")/..\" && pwd)\"",
            "¤U=\"${¤U:-¤w}\"",
        ],
        pre_body: &[],
        doc: &["# ¤t."],
        comment: &["  # ¤t."],
        blocks: &[Block {
            weight: 1,
            open: &["¤i() {"],
            body: &[
                "  local ¤i=\"$1\"",
                "  echo \"¤t\"",
                "  if [[ -z \"${¤U:-}\" ]]; then\n    echo \"¤t\" >&2\n    return 1\n  fi",
                "  for f in \"$ROOT\"/¤i/*; do\n    ¤i \"$f\"\n  done",
                "  ¤i --¤k \"$¤i\" | sort -u > \"$tmp/¤i.txt\"",
                "  mkdir -p \"$ROOT/¤i\"",
                "  cp -r \"$ROOT/¤i\" \"$dest\"",
            ],
            close: "}",
            min: 2,
            max: 12,
            code: true,
        }],
        tests: &[],
        rare: &[
            "  # TODO: ¤t",
            "  curl --fail --max-time ¤n \"$URL/healthz\"",
            "  for i in $(seq 1 ¤n); do ¤i && break || sleep \"$i\"; done  # retry",
            "  echo \"[INFO] ¤t\"",
        ],
        epilogue: &["", "main \"$@\""],
    },
];

const TS_BODY: &[&str] = &[
    "  const ¤c = ¤c.¤c(¤n);",
    "  const ¤c = await this.¤c.¤F(¤c);",
    "  if (!¤c) {\n    return undefined;\n  }",
    "  for (const ¤c of ¤c) {\n    ¤c.push(¤c.¤c);\n  }",
    "  const ¤c = ¤c.filter((x) => x.¤c > ¤n).map((x) => x.¤c);",
    "  const ¤c = { ¤c, ¤c: ¤n, ¤c: '¤w' };",
    "  const rows = await db.query('SELECT ¤i FROM ¤i WHERE ¤i = $1', [¤c]);",
    "  let ¤c = ¤n;",
    "  return ¤c;",
    "  res.status(200).json({ ¤c });",
    "  throw new Error(`¤t: ${¤c}`);",
];

const JS_TESTS: &[Block] = &[Block {
    weight: 1,
    open: &["test('¤t', () => {", "it('¤t', async () => {"],
    body: &[
        "  expect(¤F(¤n)).toBe(¤n);",
        "  const ¤c = await ¤F('¤w');",
        "  expect(¤c).toEqual({ ¤c: ¤n });",
        "  expect(() => ¤F(null)).toThrow();",
    ],
    close: "});",
    min: 2,
    max: 8,
    code: true,
}];

const JS_RARE: &[&str] = &[
    "  logger.info({ ¤c }, '¤t');",
    "  const res = await fetch(url, { signal: AbortSignal.timeout(¤n) });",
    "  // TODO: ¤t",
    "  app.get('/healthz', (_req, res) => res.send('ok'));",
    "  const ¤c = new client.Counter({ name: '¤i_total', help: '¤t' }); // prom-client",
    "  await retry(() => ¤F(¤c), { retries: ¤n });",
    "  const password = 'changeme';",
    "  // circuit breaker: ¤t",
    "  axios.get(url, { timeout: ¤n });",
];

/// Source file of `lang` of about `target` bytes.
fn code(g: &mut Gen, lang: usize, test: bool, target: usize) {
    let l = &LANGS[lang];
    for t in l.head {
        g.line(t);
    }
    if !l.imports.is_empty() {
        if !l.import_open.is_empty() {
            g.s(l.import_open);
            g.nl();
        }
        for t in g.some(l.imports, 2, 8) {
            g.line(t);
        }
        if !l.import_close.is_empty() {
            g.s(l.import_close);
            g.nl();
        }
        g.nl();
    }
    for t in l.pre_body {
        g.line(t);
    }
    let blocks = if test && !l.tests.is_empty() { l.tests } else { l.blocks };
    let total: usize = blocks.iter().map(|b| b.weight).sum();
    while g.buf.len() < target {
        if g.rng.chance(350) {
            for _ in 0..g.rng.range(1, 3) {
                g.pick_line(l.doc);
            }
        }
        let mut r = g.rng.below(total);
        let b = blocks
            .iter()
            .find(|b| {
                if r < b.weight {
                    return true;
                }
                r -= b.weight;
                false
            })
            .expect("weights cover the range");
        g.pick_line(b.open);
        for _ in 0..g.rng.range(b.min, b.max) {
            let r = g.rng.below(1000);
            if b.code && r < RARE_PER_MILLE {
                g.pick_line(l.rare);
            } else if b.code && r < RARE_PER_MILLE + COMMENT_PER_MILLE {
                g.pick_line(l.comment);
            } else {
                g.pick_line(b.body);
            }
        }
        if !b.close.is_empty() {
            g.s(b.close);
            g.nl();
        }
        g.nl();
    }
    for t in l.epilogue {
        g.line(t);
    }
}

// ---------------------------------------------------------------------------------------
// Manifests, CI, deployment, docs

const RUST_DEPS: &[&str] = &[
    "anyhow = \"1\"",
    "axum = \"0.7\"",
    "bytes = \"1\"",
    "chrono = \"0.4\"",
    "clap = { version = \"4\", features = [\"derive\"] }",
    "futures = \"0.3\"",
    "hyper = \"1\"",
    "itertools = \"0.13\"",
    "once_cell = \"1\"",
    "rand = \"0.8\"",
    "regex = \"1\"",
    "reqwest = { version = \"0.12\", features = [\"json\"] }",
    "serde = { version = \"1\", features = [\"derive\"] }",
    "serde_json = \"1\"",
    "sqlx = { version = \"0.8\", features = [\"postgres\", \"runtime-tokio\"] }",
    "thiserror = \"2\"",
    "tokio = { version = \"1\", features = [\"full\"] }",
    "tower = \"0.5\"",
    "url = \"2\"",
    "uuid = { version = \"1\", features = [\"v4\"] }",
];
const RUST_DEPS_RARE: &[&str] = &[
    "tracing = \"0.1\"",
    "tracing-subscriber = { version = \"0.3\", features = [\"json\"] }",
    "prometheus = \"0.13\"",
    "sentry = \"0.34\"",
    "opentelemetry = \"0.24\"",
    "backoff = \"0.4\"",
];
const GO_DEPS: &[&str] = &[
    "github.com/go-chi/chi/v5 v5.0.12",
    "github.com/google/uuid v1.6.0",
    "github.com/gorilla/mux v1.8.1",
    "github.com/jackc/pgx/v5 v5.5.5",
    "github.com/redis/go-redis/v9 v9.5.1",
    "github.com/spf13/cobra v1.8.0",
    "github.com/stretchr/testify v1.9.0",
    "golang.org/x/sync v0.7.0",
    "google.golang.org/grpc v1.64.0",
    "gopkg.in/yaml.v3 v3.0.1",
];
const GO_DEPS_RARE: &[&str] = &[
    "github.com/prometheus/client_golang v1.19.1",
    "go.uber.org/zap v1.27.0",
    "github.com/sony/gobreaker v0.5.0",
    "go.opentelemetry.io/otel v1.27.0",
    "github.com/getsentry/sentry-go v0.28.0",
    "github.com/cenkalti/backoff/v4 v4.3.0",
];
const PY_DEPS: &[&str] = &[
    "boto3>=1.34",
    "celery>=5.3",
    "click>=8.1",
    "fastapi>=0.110",
    "httpx>=0.27",
    "jinja2>=3.1",
    "numpy>=1.26",
    "pandas>=2.2",
    "pydantic>=2.6",
    "python-dateutil>=2.9",
    "pyyaml>=6.0",
    "redis>=5.0",
    "requests>=2.31",
    "sqlalchemy>=2.0",
    "uvicorn>=0.29",
];
const PY_DEPS_RARE: &[&str] =
    &["structlog>=24.1", "prometheus-client>=0.20", "sentry-sdk>=1.45", "tenacity>=8.2", "opentelemetry-api>=1.24"];
const NODE_DEPS: &[&str] = &[
    "\"axios\": \"^1.7.2\"",
    "\"commander\": \"^12.1.0\"",
    "\"dayjs\": \"^1.11.11\"",
    "\"express\": \"^4.19.2\"",
    "\"fastify\": \"^4.27.0\"",
    "\"ioredis\": \"^5.4.1\"",
    "\"lodash\": \"^4.17.21\"",
    "\"pg\": \"^8.11.5\"",
    "\"react\": \"^18.3.1\"",
    "\"uuid\": \"^9.0.1\"",
    "\"yaml\": \"^2.4.2\"",
    "\"zod\": \"^3.23.8\"",
];
const NODE_DEPS_RARE: &[&str] = &[
    "\"pino\": \"^9.1.0\"",
    "\"prom-client\": \"^15.1.2\"",
    "\"@sentry/node\": \"^8.7.0\"",
    "\"opossum\": \"^8.1.4\"",
    "\"p-retry\": \"^6.2.0\"",
];
const NODE_DEV_DEPS: &[&str] = &[
    "\"@types/node\": \"^20.12.12\"",
    "\"eslint\": \"^9.3.0\"",
    "\"jest\": \"^29.7.0\"",
    "\"prettier\": \"^3.2.5\"",
    "\"typescript\": \"^5.4.5\"",
    "\"vitest\": \"^1.6.0\"",
];
const JAVA_DEPS: &[&str] = &[
    "org.springframework.boot:spring-boot-starter-web:",
    "com.fasterxml.jackson.core:jackson-databind:2.17.1",
    "org.postgresql:postgresql:42.7.3",
    "com.google.guava:guava:33.2.0-jre",
    "org.apache.commons:commons-lang3:3.14.0",
    "org.junit.jupiter:junit-jupiter:5.10.2",
];
const JAVA_DEPS_RARE: &[&str] = &[
    "io.micrometer:micrometer-registry-prometheus:",
    "io.github.resilience4j:resilience4j-circuitbreaker:2.2.0",
    "net.logstash.logback:logstash-logback-encoder:7.4",
];
const RUBY_GEMS: &[&str] = &[
    "gem \"rails\", \"~> 7.1\"",
    "gem \"pg\", \"~> 1.5\"",
    "gem \"puma\", \">= 6.0\"",
    "gem \"sidekiq\", \"~> 7.2\"",
    "gem \"faraday\", \"~> 2.9\"",
    "gem \"dry-validation\"",
    "gem \"nokogiri\"",
];
const RUBY_GEMS_RARE: &[&str] =
    &["gem \"lograge\"", "gem \"prometheus-client\"", "gem \"sentry-ruby\"", "gem \"circuitbox\""];

/// Share of manifests that list one observability/resilience dependency, per mille.
const RARE_DEP_PER_MILLE: usize = 150;

fn deps<'a>(g: &mut Gen, common: &[&'a str], rare: &[&'a str], lo: usize, hi: usize) -> Vec<&'a str> {
    let mut d = g.some(common, lo, hi);
    if g.rng.chance(RARE_DEP_PER_MILLE) {
        d.push(g.rng.pick(rare));
    }
    d
}

fn cargo_toml(g: &mut Gen, name: &str, root: bool) {
    if root {
        g.s("[workspace]\nresolver = \"2\"\nmembers = [\"services/*\", \"packages/*\"]\n\n[workspace.package]\n");
    } else {
        g.s("[package]\nname = \"");
        g.s(name);
        g.s("\"\n");
    }
    g.line("version = \"¤v\"\nedition = \"2021\"\ndescription = \"¤t\"\nlicense = \"MIT\"\n");
    g.s(if root { "[workspace.dependencies]\n" } else { "[dependencies]\n" });
    for d in deps(g, RUST_DEPS, RUST_DEPS_RARE, 4, 14) {
        g.line(d);
    }
    g.s("\n[dev-dependencies]\ninsta = \"1\"\ntempfile = \"3\"\n");
}

fn package_json(g: &mut Gen, name: &str, root: bool) {
    g.s("{\n  \"name\": \"@acme/");
    g.s(name);
    g.line("\",\n  \"version\": \"¤v\",\n  \"description\": \"¤t\",");
    if root {
        g.s("  \"private\": true,\n  \"workspaces\": [\"packages/*\", \"services/*\"],\n");
    }
    g.s("  \"main\": \"lib/index.js\",\n  \"scripts\": {\n    \"build\": \"tsc -p .\",\n");
    g.s("    \"test\": \"jest\",\n    \"lint\": \"eslint .\"\n  },\n  \"dependencies\": {\n");
    let d = deps(g, NODE_DEPS, NODE_DEPS_RARE, 3, 10);
    for (i, dep) in d.iter().enumerate() {
        g.s("    ");
        g.s(dep);
        g.s(if i + 1 < d.len() { ",\n" } else { "\n" });
    }
    g.s("  },\n  \"devDependencies\": {\n");
    let d = g.some(NODE_DEV_DEPS, 2, 6);
    for (i, dep) in d.iter().enumerate() {
        g.s("    ");
        g.s(dep);
        g.s(if i + 1 < d.len() { ",\n" } else { "\n" });
    }
    g.s("  },\n  \"license\": \"MIT\"\n}\n");
}

fn go_mod(g: &mut Gen, name: &str) {
    g.s("module github.com/acme/");
    g.s(name);
    g.s("\n\ngo 1.22\n\nrequire (\n");
    for d in deps(g, GO_DEPS, GO_DEPS_RARE, 3, 9) {
        g.s("\t");
        g.s(d);
        g.nl();
    }
    g.s(")\n");
}

fn pyproject(g: &mut Gen, name: &str) {
    g.s("[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n\n[project]\nname = \"");
    g.s(name);
    g.line("\"\nversion = \"¤v\"\ndescription = \"¤t\"\nrequires-python = \">=3.10\"\ndependencies = [");
    for d in deps(g, PY_DEPS, PY_DEPS_RARE, 3, 10) {
        g.s("  \"");
        g.s(d);
        g.s("\",\n");
    }
    g.s("]\n\n[project.optional-dependencies]\ndev = [\"pytest>=8.0\", \"ruff>=0.4\", \"mypy>=1.10\"]\n\n");
    g.s("[tool.ruff]\nline-length = 100\n\n[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n");
}

fn requirements(g: &mut Gen) {
    for d in deps(g, PY_DEPS, PY_DEPS_RARE, 4, 12) {
        // Pin exactly, as a lock-like requirements file would.
        g.s(&d.replace(">=", "=="));
        g.nl();
    }
}

fn pom_xml(g: &mut Gen, name: &str) {
    g.s("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n");
    g.s("  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.acme</groupId>\n  <artifactId>");
    g.s(name);
    g.line("</artifactId>\n  <version>¤v</version>\n  <description>¤t</description>\n  <dependencies>");
    for d in deps(g, JAVA_DEPS, JAVA_DEPS_RARE, 2, 6) {
        let mut it = d.split(':');
        let (group, artifact, version) = (it.next().unwrap_or(""), it.next().unwrap_or(""), it.next().unwrap_or(""));
        g.s("    <dependency>\n      <groupId>");
        g.s(group);
        g.s("</groupId>\n      <artifactId>");
        g.s(artifact);
        g.s("</artifactId>\n");
        if !version.is_empty() {
            g.s("      <version>");
            g.s(version);
            g.s("</version>\n");
        }
        g.s("    </dependency>\n");
    }
    g.s("  </dependencies>\n</project>\n");
}

fn gemfile(g: &mut Gen) {
    g.s("# frozen_string_literal: true\n\nsource \"https://rubygems.org\"\n\nruby \"3.3.1\"\n\n");
    for d in deps(g, RUBY_GEMS, RUBY_GEMS_RARE, 3, 7) {
        g.s(d);
        g.nl();
    }
    g.s("\ngroup :test do\n  gem \"rspec\", \"~> 3.13\"\nend\n");
}

fn makefile(g: &mut Gen) {
    g.s(".PHONY: all test lint clean\n\nCFLAGS ?= -O2 -Wall -Wextra\n\nall: ");
    g.tpl("¤i\n\n");
    for _ in 0..g.rng.range(3, 8) {
        g.line("¤i: ¤i.o ¤i.o\n\t$(CC) $(CFLAGS) -o $@ $^\n");
    }
    g.s("test:\n\t./scripts/test.sh\n\nclean:\n\trm -rf *.o\n");
}

const TSCONFIG: &str = "{\n  \"compilerOptions\": {\n    \"target\": \"ES2022\",\n    \"module\": \"NodeNext\",\n    \"strict\": true,\n    \"outDir\": \"dist\",\n    \"declaration\": true\n  },\n  \"include\": [\"src\"]\n}\n";

/// Base image, build steps and run command of each language's Dockerfile.
const DOCKER: [(&str, &str, &str); 9] = [
    ("rust:1.79", "RUN cargo build --release", "/app/target/release/app"),
    ("golang:1.22", "RUN go build -o /app/server ./...", "/app/server"),
    ("python:3.12-slim", "RUN pip install --no-cache-dir .", "python -m app"),
    ("node:20-alpine", "RUN npm ci && npm run build", "node dist/index.js"),
    ("node:20-alpine", "RUN npm ci --omit=dev", "node lib/index.js"),
    ("maven:3.9-eclipse-temurin-21", "RUN mvn -B package -DskipTests", "java -jar /app/app.jar"),
    ("ruby:3.3", "RUN bundle install", "bundle exec puma"),
    ("gcc:14", "RUN make", "/app/app"),
    ("debian:bookworm-slim", "RUN chmod +x scripts/*.sh", "/app/scripts/run.sh"),
];

fn dockerfile(g: &mut Gen, lang: usize) {
    let (image, build, run) = DOCKER[lang];
    g.s("# syntax=docker/dockerfile:1\nFROM ");
    g.s(image);
    g.s(" AS builder\nWORKDIR /app\nCOPY . .\n");
    g.s(build);
    g.s("\n\nFROM ");
    g.s(image);
    g.s("\nWORKDIR /app\nCOPY --from=builder /app /app\nENV PORT=8080\n");
    if g.rng.chance(300) {
        g.s("RUN useradd --system --uid 10001 app\nUSER app\n");
    }
    if g.rng.chance(200) {
        g.s("HEALTHCHECK --interval=30s CMD wget -qO- http://localhost:8080/healthz || exit 1\n");
    }
    g.s("EXPOSE 8080\nCMD [\"sh\", \"-c\", \"");
    g.s(run);
    g.s("\"]\n");
}

const SETUP: [(&str, &str); 9] = [
    ("dtolnay/rust-toolchain@stable", "cargo test --all"),
    ("actions/setup-go@v5", "go test ./..."),
    ("actions/setup-python@v5", "pytest -q"),
    ("actions/setup-node@v4", "npm test"),
    ("actions/setup-node@v4", "npm test"),
    ("actions/setup-java@v4", "mvn -B verify"),
    ("ruby/setup-ruby@v1", "bundle exec rspec"),
    ("actions/checkout@v4", "make test"),
    ("actions/checkout@v4", "shellcheck scripts/*.sh"),
];

fn workflow(g: &mut Gen, lang: usize, target: usize) {
    g.line(
        "name: ¤w\n\non:\n  push:\n    branches: [main]\n  pull_request:\n\npermissions:\n  contents: read\n\njobs:",
    );
    while g.buf.len() < target {
        let (setup, test) = SETUP[g.rng.below(SETUP.len())];
        let setup = if g.rng.chance(600) { SETUP[lang].0 } else { setup };
        let test = if g.rng.chance(600) { SETUP[lang].1 } else { test };
        g.line("  ¤k:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4");
        g.s("      - uses: ");
        g.s(setup);
        g.nl();
        for _ in 0..g.rng.range(0, 3) {
            g.line("      - name: ¤t\n        run: ./scripts/¤i.sh --¤w");
        }
        g.s("      - run: ");
        g.s(test);
        g.s("\n\n");
    }
}

fn compose(g: &mut Gen, name: &str) {
    g.s("services:\n  ");
    g.s(name);
    g.s(":\n    build: .\n    image: ghcr.io/acme/");
    g.s(name);
    g.s(":latest\n    ports:\n      - \"8080:8080\"\n    environment:\n");
    for _ in 0..g.rng.range(2, 6) {
        g.line("      ¤U: \"¤w\"");
    }
    g.s("      DATABASE_URL: \"${DATABASE_URL}\"\n    depends_on:\n      - db\n");
    if g.rng.chance(250) {
        g.s("    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/healthz\"]\n");
    }
    g.s("  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: \"${POSTGRES_PASSWORD}\"\n");
    g.s("    volumes:\n      - db-data:/var/lib/postgresql/data\n\nvolumes:\n  db-data:\n");
}

fn k8s(g: &mut Gen, name: &str) {
    g.s("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ");
    g.s(name);
    g.s("\n  labels:\n    app: ");
    g.s(name);
    g.line("\nspec:\n  replicas: ¤n\n  selector:\n    matchLabels:");
    g.s("      app: ");
    g.s(name);
    g.s("\n  template:\n    metadata:\n      labels:\n        app: ");
    g.s(name);
    g.s("\n    spec:\n      containers:\n        - name: ");
    g.s(name);
    g.s("\n          image: ghcr.io/acme/");
    g.s(name);
    g.line(":¤v\n          ports:\n            - containerPort: 8080\n          env:");
    for _ in 0..g.rng.range(1, 6) {
        g.line("            - name: ¤U\n              value: \"¤w\"");
    }
    if g.rng.chance(400) {
        g.s("          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n");
        g.s("            limits:\n              memory: 256Mi\n");
    }
    if g.rng.chance(300) {
        g.s("          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n");
        g.s("          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n");
    }
    g.s("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ");
    g.s(name);
    g.s("\nspec:\n  selector:\n    app: ");
    g.s(name);
    g.s("\n  ports:\n    - port: 80\n      targetPort: 8080\n");
}

fn chart_yaml(g: &mut Gen, name: &str) {
    g.s("apiVersion: v2\nname: ");
    g.s(name);
    g.line("\ndescription: ¤t\ntype: application\nversion: ¤v\nappVersion: \"¤v\"");
}

fn values_yaml(g: &mut Gen, name: &str, target: usize) {
    g.s("replicaCount: 2\n\nimage:\n  repository: ghcr.io/acme/");
    g.s(name);
    g.s("\n  tag: \"\"\n  pullPolicy: IfNotPresent\n\nservice:\n  type: ClusterIP\n  port: 80\n\n");
    yaml_body(g, target);
}

fn yaml_body(g: &mut Gen, target: usize) {
    while g.buf.len() < target {
        g.line("¤i:");
        for _ in 0..g.rng.range(1, 6) {
            match g.rng.below(6) {
                0 => g.line("  ¤i: ¤n"),
                1 => g.line("  ¤i: \"¤k\""),
                2 => g.line("  ¤i: true"),
                3 => {
                    g.line("  ¤i:");
                    for _ in 0..g.rng.range(1, 4) {
                        g.line("    - ¤w");
                    }
                }
                4 => {
                    g.line("  ¤i:");
                    for _ in 0..g.rng.range(1, 4) {
                        g.line("    ¤i: ¤n");
                    }
                }
                _ => g.line("  # ¤t"),
            }
        }
        if g.rng.chance(15) {
            let line = g.rng.pick(&[
                "  timeout: 30s\n",
                "  password: \"${DB_PASSWORD}\"\n",
                "  log_level: info\n",
                "  retries: 3\n",
                "  metrics_path: /metrics\n",
            ]);
            g.s(line);
        }
        g.nl();
    }
}

fn json_value(g: &mut Gen, depth: usize, indent: usize) {
    match g.rng.below(10) {
        0..=1 if depth < 3 => json_object(g, depth + 1, indent + 2, 2, 6, 0),
        2 => {
            g.s("[");
            for i in 0..g.rng.range(1, 4) {
                if i > 0 {
                    g.s(", ");
                }
                g.tpl("\"¤w\"");
            }
            g.s("]");
        }
        3..=5 => g.tpl("¤n"),
        6 => {
            let b = if g.rng.chance(500) { "true" } else { "false" };
            g.s(b);
        }
        _ => g.tpl("\"¤k\""),
    }
}

/// A JSON object of `lo..=hi` keys, or growing until the buffer reaches `target`.
fn json_object(g: &mut Gen, depth: usize, indent: usize, lo: usize, hi: usize, target: usize) {
    g.s("{\n");
    let n = g.rng.range(lo, hi);
    let mut i = 0;
    while i < n || g.buf.len() < target {
        if i > 0 {
            g.s(",\n");
        }
        for _ in 0..indent {
            g.buf.push(b' ');
        }
        g.tpl("\"¤c\": ");
        json_value(g, depth, indent);
        i += 1;
    }
    g.nl();
    for _ in 0..indent - 2 {
        g.buf.push(b' ');
    }
    g.s("}");
}

fn toml_conf(g: &mut Gen, target: usize) {
    g.line("# ¤t.\n");
    while g.buf.len() < target {
        g.line("[¤i]");
        for _ in 0..g.rng.range(2, 7) {
            match g.rng.below(4) {
                0 => g.line("¤i = ¤n"),
                1 => g.line("¤i = \"¤k\""),
                2 => g.line("¤i = [\"¤w\", \"¤w\"]"),
                _ => g.line("¤i = false"),
            }
        }
        g.nl();
    }
}

fn readme(g: &mut Gen, name: &str, lang: usize, target: usize) {
    g.s("# ");
    g.s(name);
    g.s("\n\n");
    g.paragraph(3);
    g.s("\n## Getting started\n\n```sh\n");
    g.s(SETUP[lang].1);
    g.s("\n```\n\n## Usage\n\n");
    g.paragraph(4);
    g.s("\n## Configuration\n\n| Variable | Default | Meaning |\n|---|---|---|\n");
    for _ in 0..g.rng.range(2, 7) {
        g.line("| `¤U` | `¤n` | ¤t |");
    }
    g.nl();
    markdown_body(g, lang, target);
}

fn markdown(g: &mut Gen, lang: usize, target: usize) {
    g.line("# ¤P ¤w\n");
    g.paragraph(2);
    g.nl();
    markdown_body(g, lang, target);
}

fn markdown_body(g: &mut Gen, lang: usize, target: usize) {
    while g.buf.len() < target {
        g.line("## ¤P ¤t\n");
        let sentences = g.rng.range(2, 6);
        g.paragraph(sentences);
        g.nl();
        match g.rng.below(4) {
            0 => {
                for _ in 0..g.rng.range(3, 7) {
                    g.line("- ¤t");
                }
                g.nl();
            }
            1 => {
                g.s("```\n");
                let body = LANGS[lang].blocks[0].body;
                for _ in 0..g.rng.range(3, 10) {
                    g.pick_line(body);
                }
                g.s("```\n\n");
            }
            2 if g.rng.chance(100) => {
                let note = g.rng.pick(&[
                    "> TODO: document the retry policy and the circuit breaker thresholds.\n\n",
                    "The service exposes `/healthz` for the load balancer and `/metrics` for Prometheus.\n\n",
                    "Set `timeout=30` on outbound HTTP calls; see the runbook.\n\n",
                ]);
                g.s(note);
            }
            _ => {}
        }
    }
}

fn changelog(g: &mut Gen, target: usize) {
    g.s("# Changelog\n\nAll notable changes to this project are documented in this file.\n\n");
    while g.buf.len() < target {
        let (month, day) = (g.rng.range(1, 12), g.rng.range(1, 28));
        g.tpl("## [¤v] - 2024-");
        g.num2(month);
        g.buf.push(b'-');
        g.num2(day);
        g.s("\n\n### Changed\n\n");
        for _ in 0..g.rng.range(2, 6) {
            g.line("- ¤t (#¤n)");
        }
        g.nl();
    }
}

const LICENSE: &str = "MIT License\n\nCopyright (c) 2024 Acme Corp\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the \"Software\"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.\n";

/// Only `build/` and `node_modules/` match generated paths: `Summary::ignored_files` counts
/// exactly the files under them.
const GITIGNORE: &str =
    "# Build output\nbuild/\n\n# Dependencies\nnode_modules/\n\n# Editors and caches\n.DS_Store\n*.swp\n*.pyc\n";

// ---------------------------------------------------------------------------------------
// Binary and oversized files, build output

fn png(g: &mut Gen, target: usize) {
    g.buf.extend_from_slice(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00",
    );
    g.buf.extend_from_slice(b"\x5c\x72\xa8\x66\x00\x00\x20\x00IDAT\x78\x9c");
    while g.buf.len() < target {
        let x = g.rng.next_u64();
        // Compressed image data has zero bytes all over; force some so the file is binary
        // by any NUL test, not only by the signature.
        let x = if x & 7 == 0 { x & 0xFFFF_0000_FFFF_00FF } else { x };
        g.buf.extend_from_slice(&x.to_le_bytes());
    }
    g.buf.extend_from_slice(b"\x00\x00\x00\x00IEND\xae\x42\x60\x82");
}

const LEVELS: [&str; 10] = ["INFO ", "INFO ", "INFO ", "INFO ", "INFO ", "INFO ", "INFO ", "DEBUG", "DEBUG", "WARN "];

fn big_log(g: &mut Gen, target: usize) {
    let mut t = g.rng.below(86_400 * 28);
    while g.buf.len() < target {
        t += g.rng.below(3);
        let (day, rem) = (t / 86_400, t % 86_400);
        g.s("2024-05-");
        g.num2(day + 1);
        g.buf.push(b'T');
        g.num2(rem / 3600);
        g.buf.push(b':');
        g.num2(rem / 60 % 60);
        g.buf.push(b':');
        g.num2(rem % 60);
        g.s(".");
        let millis = 100 + g.rng.below(900);
        g.num(millis as u64);
        g.s("Z ");
        let level = if g.rng.chance(5) { "ERROR" } else { g.rng.pick(&LEVELS) };
        g.s(level);
        g.line(" [¤w-worker-¤n] ¤t path=/api/v1/¤w/¤n status=200 duration_ms=¤n");
    }
}

fn min_js(g: &mut Gen, target: usize, line_len: usize) {
    g.tpl("/*! ¤k v1.0.0 | MIT */\n!function(e,t){\"use strict\";");
    let mut line_start = g.buf.len();
    while g.buf.len() < target {
        match g.rng.below(5) {
            0 => g.tpl("var ¤c=e.¤c||{};"),
            1 => g.tpl("function ¤c(e,t){return e.¤c(t,¤n)}"),
            2 => g.tpl("t.¤c=function(n){for(var r=0;r<n.length;r++)if(n[r]===¤n)return r;return-1};"),
            3 => g.tpl("e.exports.¤F=¤c;"),
            _ => g.tpl("\"¤k\"===typeof ¤c&&(¤c=[¤n,¤n]);"),
        }
        if g.buf.len() - line_start > line_len {
            g.nl();
            line_start = g.buf.len();
        }
    }
    g.s("}(this,{});\n");
}

fn source_map(g: &mut Gen, target: usize) {
    g.tpl("{\"version\":3,\"file\":\"¤k.js\",\"sources\":[\"../src/¤k.ts\",\"../src/¤k.ts\"],\"mappings\":\"");
    while g.buf.len() < target {
        let x = g.rng.next_u64();
        for i in 0..8 {
            g.buf.push(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[((x >> (i * 6)) & 63) as usize],
            );
        }
        g.buf.push(if x >> 60 == 0 { b';' } else { b',' });
    }
    g.s("\"}\n");
}

// ---------------------------------------------------------------------------------------
// Layout

#[derive(Clone, Copy)]
enum Kind {
    Code { lang: usize, test: bool },
    Cargo { root: bool },
    PackageJson { root: bool },
    GoMod,
    Pyproject,
    Requirements,
    Pom,
    Gemfile,
    Makefile,
    TsConfig,
    Dockerfile,
    Workflow,
    Compose,
    K8s,
    Chart,
    Values,
    Readme,
    Doc,
    Changelog,
    License,
    Gitignore,
    Yaml,
    Json,
    Toml,
    Png,
    Utf16Json,
    BigLog,
    BigMinJs,
    BundleJs,
    SourceMap,
}

struct Entry {
    path: String,
    kind: Kind,
    /// Index into `Plan::units` (the root counts as a unit named like the repository).
    unit: usize,
}

struct Unit {
    name: String,
    dir: String,
    lang: usize,
    service: bool,
}

struct Plan {
    rng: Rng,
    entries: Vec<Entry>,
    units: Vec<Unit>,
}

/// Source files of a typical size; with the other kinds the mean is about 10 KB per file.
fn code_size(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..=34 => rng.range(400, 2_200),
        35..=74 => rng.range(2_200, 7_000),
        75..=94 => rng.range(7_000, 16_000),
        _ => rng.range(16_000, 40_000),
    }
}

impl Plan {
    fn add(&mut self, path: String, kind: Kind, unit: usize) {
        self.entries.push(Entry { path, kind, unit });
    }

    /// `k` distinct directory names (words), plus a counter when the vocabulary runs out.
    fn names(&mut self, k: usize) -> Vec<String> {
        let mut idx: Vec<usize> = (0..NOUNS.len()).collect();
        (0..k)
            .map(|i| {
                let left = NOUNS.len() - i % NOUNS.len();
                let j = self.rng.below(left);
                idx.swap(j, left - 1);
                let w = NOUNS[idx[left - 1]];
                if i < NOUNS.len() { w.to_string() } else { format!("{w}{}", i / NOUNS.len()) }
            })
            .collect()
    }

    /// Split `n` files over a tree under `base`: at most `leaf` files per directory and at
    /// most 16 subdirectories each, so no directory comes near 200 entries, and no deeper
    /// than `MAX_DEPTH` (where the rest stays in one directory).
    fn spread(&mut self, base: &str, n: usize, leaf: usize, out: &mut Vec<(String, usize)>) {
        if n <= leaf || base.split('/').count() >= MAX_DEPTH {
            if n > 0 {
                out.push((base.to_string(), n));
            }
            return;
        }
        let here = self.rng.range(0, leaf / 3);
        let rest = n - here;
        let k = rest.div_ceil(leaf).clamp(2, 16);
        let weights: Vec<usize> = (0..k).map(|_| self.rng.range(50, 150)).collect();
        let sum: usize = weights.iter().sum();
        let mut shares: Vec<usize> = weights.iter().map(|w| rest * w / sum).collect();
        let short = rest - shares.iter().sum::<usize>();
        shares[0] += short;
        if here > 0 {
            out.push((base.to_string(), here));
        }
        for (name, share) in self.names(k).into_iter().zip(shares) {
            self.spread(&format!("{base}/{name}"), share, leaf, out);
        }
    }

    /// A file name that is not yet used in its directory.
    fn file_name(&mut self, lang: usize, test: bool, used: &mut HashSet<String>) -> String {
        loop {
            let a = self.rng.pick(NOUNS);
            let b = self.rng.pick(NOUNS);
            let two = self.rng.chance(600);
            let cap = |w: &str| -> String { w[..1].to_ascii_uppercase() + &w[1..] };
            let name = match (lang, test) {
                (RUST, _) | (C, _) | (SHELL, _) | (PYTHON, false) | (RUBY, false) | (GO, false) => {
                    if two {
                        format!("{a}_{b}")
                    } else {
                        a.to_string()
                    }
                }
                (PYTHON, true) => format!("test_{a}_{b}"),
                (RUBY, true) => format!("{a}_{b}_spec"),
                (GO, true) => format!("{a}_test"),
                (JAVA, false) => format!("{}{}", cap(a), if two { cap(b) } else { String::new() }),
                (JAVA, true) => format!("{}{}Test", cap(a), cap(b)),
                (_, true) => format!("{a}-{b}.test"),
                _ => {
                    if two {
                        format!("{a}-{b}")
                    } else {
                        a.to_string()
                    }
                }
            };
            let ext = match lang {
                RUST => "rs",
                GO => "go",
                PYTHON => "py",
                TS => "ts",
                JS => "js",
                JAVA => "java",
                RUBY => "rb",
                C if !test && self.rng.chance(250) => "h",
                C => "c",
                _ => "sh",
            };
            let name = format!("{name}.{ext}");
            if used.insert(name.clone()) {
                return name;
            }
        }
    }

    /// `n` source files of the unit under `root`, spread over subdirectories.
    fn sources(&mut self, unit: usize, root: &str, n: usize, lang: usize, test: bool) {
        let mut dirs = Vec::new();
        let leaf = self.rng.range(20, 50);
        self.spread(root, n, leaf, &mut dirs);
        for (d, count) in dirs {
            let mut used = HashSet::new();
            for i in 0..count {
                // The module file every directory of these languages has.
                let special = match (lang, test, i) {
                    (RUST, false, 0) => Some(if d == root { "lib.rs" } else { "mod.rs" }),
                    (PYTHON, false, 0) => Some("__init__.py"),
                    (PYTHON, true, 0) => Some("conftest.py"),
                    (TS, false, 0) => Some("index.ts"),
                    (JS, false, 0) => Some("index.js"),
                    _ => None,
                };
                // Go keeps tests next to the code.
                let test = test || (lang == GO && self.rng.chance(150));
                let name = match special {
                    Some(s) if used.insert(s.to_string()) => s.to_string(),
                    _ => self.file_name(lang, test, &mut used),
                };
                self.add(format!("{d}/{name}"), Kind::Code { lang, test }, unit);
            }
        }
    }
}

/// Where the sources and tests of a unit live, by language and kind.
fn roots(unit: &Unit) -> (String, Option<String>) {
    let d = &unit.dir;
    let snake = unit.name.replace('-', "_");
    let lib = !unit.service;
    match unit.lang {
        RUST => (format!("{d}/src"), Some(format!("{d}/tests"))),
        GO => (format!("{d}/{}", if lib { "pkg" } else { "internal" }), None),
        PYTHON if lib => (format!("{d}/lib/{snake}"), Some(format!("{d}/tests"))),
        PYTHON => (format!("{d}/src/{snake}"), Some(format!("{d}/tests"))),
        TS if lib => (format!("{d}/lib"), Some(format!("{d}/test"))),
        TS => (format!("{d}/src"), Some(format!("{d}/test"))),
        JS => (format!("{d}/lib"), Some(format!("{d}/test"))),
        JAVA => (format!("{d}/src/main/java"), Some(format!("{d}/src/test/java"))),
        RUBY => (format!("{d}/lib/{snake}"), Some(format!("{d}/spec"))),
        C if lib => (format!("{d}/lib"), Some(format!("{d}/tests"))),
        _ => (format!("{d}/src"), Some(format!("{d}/tests"))),
    }
}

/// Directory levels below the root, at most.
const MAX_DEPTH: usize = 6;

/// Language mix of the units, by weight.
const LANG_WEIGHTS: [(usize, usize); 8] =
    [(RUST, 15), (GO, 20), (PYTHON, 20), (TS, 20), (JS, 8), (JAVA, 10), (RUBY, 5), (C, 2)];

fn plan(spec: &Spec) -> Plan {
    let n = spec.files.max(1);
    let mut p = Plan { rng: Rng::new(spec.seed ^ 0x5EED_0F1A_7E57), entries: Vec::new(), units: Vec::new() };

    let ignored = n / 10;
    let binaries = n / 100;
    let large = if n >= 500 { (n / 1000).max(1) } else { 0 };
    let docs = n * 3 / 100;
    let unit_count = (n / 400).clamp(2, 300);

    // The repository root is unit 0.
    p.units.push(Unit { name: "platform".into(), dir: String::new(), lang: TS, service: true });
    let root_files: [(&str, Kind); 19] = [
        (".gitignore", Kind::Gitignore),
        ("README.md", Kind::Readme),
        ("LICENSE", Kind::License),
        ("CHANGELOG.md", Kind::Changelog),
        ("CONTRIBUTING.md", Kind::Doc),
        ("Cargo.toml", Kind::Cargo { root: true }),
        ("package.json", Kind::PackageJson { root: true }),
        ("go.mod", Kind::GoMod),
        ("pyproject.toml", Kind::Pyproject),
        ("pom.xml", Kind::Pom),
        ("Makefile", Kind::Makefile),
        ("Dockerfile", Kind::Dockerfile),
        ("docker-compose.yml", Kind::Compose),
        (".github/workflows/ci.yml", Kind::Workflow),
        (".github/workflows/release.yml", Kind::Workflow),
        (".github/workflows/lint.yml", Kind::Workflow),
        ("deploy/helm/platform/Chart.yaml", Kind::Chart),
        ("deploy/helm/platform/values.yaml", Kind::Values),
        ("deploy/helm/platform/templates/deployment.yaml", Kind::K8s),
    ];
    for (path, kind) in root_files {
        p.add(path.to_string(), kind, 0);
    }
    for s in ["bootstrap", "release", "lint"] {
        p.add(format!("scripts/{s}.sh"), Kind::Code { lang: SHELL, test: false }, 0);
    }

    // Units: services and packages, with their fixed files.
    let mut used = HashSet::new();
    for _ in 0..unit_count {
        let name = loop {
            let a = p.rng.pick(NOUNS);
            let b = p.rng.pick(NOUNS);
            let name = format!("{a}-{b}");
            if a != b && used.insert(name.clone()) {
                break name;
            }
        };
        let mut r = p.rng.below(100);
        let lang = LANG_WEIGHTS
            .iter()
            .find(|(_, w)| {
                if r < *w {
                    return true;
                }
                r -= w;
                false
            })
            .map_or(GO, |(l, _)| *l);
        let service = p.rng.chance(700);
        let dir = format!("{}/{name}", if service { "services" } else { "packages" });
        let u = p.units.len();
        p.units.push(Unit { name, dir: dir.clone(), lang, service });

        p.add(format!("{dir}/README.md"), Kind::Readme, u);
        match lang {
            RUST => p.add(format!("{dir}/Cargo.toml"), Kind::Cargo { root: false }, u),
            GO => p.add(format!("{dir}/go.mod"), Kind::GoMod, u),
            PYTHON => {
                p.add(format!("{dir}/pyproject.toml"), Kind::Pyproject, u);
                if p.rng.chance(500) {
                    p.add(format!("{dir}/requirements.txt"), Kind::Requirements, u);
                }
            }
            TS => {
                p.add(format!("{dir}/package.json"), Kind::PackageJson { root: false }, u);
                p.add(format!("{dir}/tsconfig.json"), Kind::TsConfig, u);
            }
            JS => p.add(format!("{dir}/package.json"), Kind::PackageJson { root: false }, u),
            JAVA => p.add(format!("{dir}/pom.xml"), Kind::Pom, u),
            RUBY => p.add(format!("{dir}/Gemfile"), Kind::Gemfile, u),
            _ => p.add(format!("{dir}/Makefile"), Kind::Makefile, u),
        }
        if service {
            p.add(format!("{dir}/Dockerfile"), Kind::Dockerfile, u);
            if p.rng.chance(600) {
                p.add(format!("{dir}/.github/workflows/ci.yml"), Kind::Workflow, u);
            }
            if p.rng.chance(400) {
                p.add(format!("{dir}/docker-compose.yml"), Kind::Compose, u);
            }
            if p.rng.chance(300) {
                p.add(format!("{dir}/chart/Chart.yaml"), Kind::Chart, u);
                p.add(format!("{dir}/chart/values.yaml"), Kind::Values, u);
                p.add(format!("{dir}/chart/templates/deployment.yaml"), Kind::K8s, u);
            } else {
                p.add(format!("{dir}/deploy/k8s/deployment.yaml"), Kind::K8s, u);
            }
            let confs = [
                ("config/default.yaml", Kind::Yaml),
                ("config/production.yaml", Kind::Yaml),
                ("config/settings.json", Kind::Json),
                ("config/app.toml", Kind::Toml),
            ];
            for (path, kind) in g_some_confs(&mut p.rng, &confs) {
                p.add(format!("{dir}/{path}"), kind, u);
            }
            for i in 0..p.rng.range(0, 2) {
                p.add(
                    format!("{dir}/scripts/{}.sh", ["run", "migrate"][i]),
                    Kind::Code { lang: SHELL, test: false },
                    u,
                );
            }
        } else if p.rng.chance(500) {
            p.add(format!("{dir}/CHANGELOG.md"), Kind::Changelog, u);
        }
        for i in 0..p.rng.range(0, 2) {
            p.add(format!("{dir}/docs/{}.md", ["design", "operations"][i]), Kind::Doc, u);
        }
    }

    // Documentation at the root.
    let mut dirs = Vec::new();
    let adrs = docs / 10;
    p.spread("docs", docs - adrs, 30, &mut dirs);
    for (d, count) in dirs {
        let mut used = HashSet::new();
        for _ in 0..count {
            let name = loop {
                let name = format!("{}-{}.md", p.rng.pick(NOUNS), p.rng.pick(NOUNS));
                if used.insert(name.clone()) {
                    break name;
                }
            };
            p.add(format!("{d}/{name}"), Kind::Doc, 0);
        }
    }
    for i in 0..adrs {
        let w = p.rng.pick(NOUNS);
        // Spread ADRs over folders of 100 so `docs/adr` stays small.
        p.add(format!("docs/adr/{:02}/{:04}-{w}.md", i / 100, i + 1), Kind::Doc, 0);
    }

    // Binary files: a quarter are images in docs, the rest in the units: images in assets
    // and, one in five, UTF-16 JSON (NUL bytes behind a text extension, so unlike the images
    // the globs select them and the scanner's binary check runs).
    let doc_images = binaries / 4;
    for i in 0..doc_images {
        p.add(format!("docs/images/{:02}/figure-{i}.png", i / 100), Kind::Png, 0);
    }
    let mut per_unit = vec![0usize; p.units.len()];
    for i in doc_images..binaries {
        let u = 1 + p.rng.below(unit_count);
        if i % 5 == 0 {
            let (dir, w) = (p.units[u].dir.clone(), p.rng.pick(NOUNS));
            p.add(format!("{dir}/resources/{w}-{i}.json"), Kind::Utf16Json, u);
        } else {
            per_unit[u] += 1;
        }
    }
    for (u, &count) in per_unit.iter().enumerate() {
        if count > 0 {
            let mut dirs = Vec::new();
            let base = format!("{}/assets", p.units[u].dir);
            p.spread(&base, count, 60, &mut dirs);
            for (d, count) in dirs {
                for i in 0..count {
                    let name = format!("{d}/{}-{i}.png", p.rng.pick(NOUNS));
                    p.add(name, Kind::Png, u);
                }
            }
        }
    }

    // Oversized files, above the scanner's 1 MiB cap.
    for i in 0..large {
        let u = 1 + p.rng.below(unit_count);
        let dir = p.units[u].dir.clone();
        if i % 2 == 0 {
            let w = p.rng.pick(NOUNS);
            p.add(format!("{dir}/logs/{w}-{i}.log"), Kind::BigLog, u);
        } else {
            p.add(format!("{dir}/static/js/vendor-{i}.min.js"), Kind::BigMinJs, u);
        }
    }

    // Sources: whatever budget is left, split unevenly between the units.
    let ignored_start = p.entries.len();
    let left = n.saturating_sub(ignored_start + ignored);
    let weights: Vec<usize> = (0..unit_count).map(|_| p.rng.range(30, 300)).collect();
    let sum: usize = weights.iter().sum();
    let mut shares: Vec<usize> = weights.iter().map(|w| left * w / sum).collect();
    shares[0] += left - shares.iter().sum::<usize>();
    for (i, share) in shares.into_iter().enumerate() {
        let u = i + 1;
        let lang = p.units[u].lang;
        let (src, tests) = roots(&p.units[u]);
        let shell = share * 3 / 100;
        let test = if tests.is_some() { share * 12 / 100 } else { 0 };
        p.sources(u, &src, share - shell - test, lang, false);
        if let Some(t) = tests {
            p.sources(u, &t, test, lang, true);
        }
        let tools = format!("{}/tools", p.units[u].dir);
        p.sources(u, &tools, shell, SHELL, false);
    }

    // Ignored output and dependencies, still written: the walk must skip them.
    let build = ignored / 2;
    let mut dirs = Vec::new();
    p.spread("build", build, 80, &mut dirs);
    for (d, count) in dirs {
        for i in 0..count {
            let (ext, kind) = match p.rng.below(4) {
                0 => ("js.map", Kind::SourceMap),
                1 => ("json", Kind::Json),
                _ => ("js", Kind::BundleJs),
            };
            let name = format!("{d}/{}.{i}.{ext}", p.rng.pick(NOUNS));
            p.add(name, kind, 0);
        }
    }
    node_modules(&mut p, ignored - build);
    p
}

fn g_some_confs(rng: &mut Rng, confs: &[(&'static str, Kind)]) -> Vec<(&'static str, Kind)> {
    confs.iter().filter(|_| rng.chance(450)).copied().collect()
}

/// `n` files of installed packages: a manifest, a README and an entry point each, the rest
/// in `lib/`. Past 120 packages they go under scopes, as npm does, to keep directories small.
fn node_modules(p: &mut Plan, n: usize) {
    let mut left = n;
    let mut pkg = 0;
    let mut used = HashSet::new();
    while left > 0 {
        let size = p.rng.range(3, 40).min(left);
        let name = loop {
            let name = if p.rng.chance(500) {
                p.rng.pick(NOUNS).to_string()
            } else {
                format!("{}-{}", p.rng.pick(NOUNS), p.rng.pick(NOUNS))
            };
            if used.insert(name.clone()) {
                break name;
            }
        };
        let dir = if pkg < 120 {
            format!("node_modules/{name}")
        } else {
            format!("node_modules/@scope{}/{name}", (pkg - 120) / 100)
        };
        pkg += 1;
        let fixed: [(&str, Kind); 3] = [
            ("package.json", Kind::PackageJson { root: false }),
            ("README.md", Kind::Readme),
            ("index.js", Kind::Code { lang: JS, test: false }),
        ];
        for (f, kind) in fixed.into_iter().take(size) {
            p.add(format!("{dir}/{f}"), kind, 0);
        }
        if size > 3 {
            let mut dirs = Vec::new();
            p.spread(&format!("{dir}/lib"), size - 3, 40, &mut dirs);
            for (d, count) in dirs {
                let mut used = HashSet::new();
                for _ in 0..count {
                    let name = p.file_name(JS, false, &mut used);
                    p.add(format!("{d}/{name}"), Kind::Code { lang: JS, test: false }, 0);
                }
            }
        }
        left -= size;
    }
}

// ---------------------------------------------------------------------------------------
// Writing

/// Write a synthetic repository of about `spec.files` files under `root` (created if
/// missing). Deterministic: the same spec gives the same tree, byte for byte.
pub fn generate(root: &Path, spec: &Spec) -> io::Result<Summary> {
    let plan = plan(spec);
    fs::create_dir_all(root)?;
    let mut created: HashSet<PathBuf> = HashSet::new();
    let mut summary = Summary { files: 0, bytes: 0, ignored_files: 0 };
    let mut g = Gen { rng: Rng::new(0), buf: Vec::with_capacity(1 << 20) };
    for (i, e) in plan.entries.iter().enumerate() {
        g.rng = stream(spec.seed, i as u64);
        g.buf.clear();
        render(&mut g, e, &plan.units[e.unit]);
        let path = root.join(&e.path);
        if let Some(parent) = path.parent()
            && !created.contains(parent)
        {
            fs::create_dir_all(parent)?;
            created.insert(parent.to_path_buf());
        }
        // One write per file: the whole content is built in memory first.
        fs::write(&path, &g.buf)?;
        summary.files += 1;
        summary.bytes += g.buf.len() as u64;
        if e.path.starts_with("build/") || e.path.starts_with("node_modules/") {
            summary.ignored_files += 1;
        }
    }
    Ok(summary)
}

fn render(g: &mut Gen, e: &Entry, unit: &Unit) {
    // Files of the root "unit" (installed packages, the Helm chart) take their directory's name.
    let name = if e.unit == 0 { e.path.rsplit('/').nth(1).unwrap_or(&unit.name) } else { &unit.name };
    let small = g.rng.range(600, 4_000);
    match e.kind {
        Kind::Code { lang, test } => {
            let target = code_size(&mut g.rng);
            code(g, lang, test, target)
        }
        Kind::Cargo { root } => cargo_toml(g, name, root),
        Kind::PackageJson { root } => package_json(g, name, root),
        Kind::GoMod => go_mod(g, name),
        Kind::Pyproject => pyproject(g, name),
        Kind::Requirements => requirements(g),
        Kind::Pom => pom_xml(g, name),
        Kind::Gemfile => gemfile(g),
        Kind::Makefile => makefile(g),
        Kind::TsConfig => g.s(TSCONFIG),
        Kind::Dockerfile => dockerfile(g, unit.lang),
        Kind::Workflow => workflow(g, unit.lang, small),
        Kind::Compose => compose(g, name),
        Kind::K8s => k8s(g, name),
        Kind::Chart => chart_yaml(g, name),
        Kind::Values => values_yaml(g, name, small),
        Kind::Readme => {
            let target = g.rng.range(1_500, 9_000);
            readme(g, name, unit.lang, target)
        }
        Kind::Doc => {
            let target = g.rng.range(2_000, 16_000);
            let lang = g.rng.pick(&[RUST, GO, PYTHON, TS, SHELL]);
            markdown(g, lang, target)
        }
        Kind::Changelog => changelog(g, small),
        Kind::License => g.s(LICENSE),
        Kind::Gitignore => g.s(GITIGNORE),
        Kind::Yaml => yaml_body(g, small),
        Kind::Json => {
            json_object(g, 0, 2, 2, 4, small);
            g.nl();
        }
        Kind::Toml => toml_conf(g, small),
        Kind::Png => {
            let target = g.rng.range(1_000, 40_000);
            png(g, target)
        }
        Kind::Utf16Json => {
            json_object(g, 0, 2, 2, 4, small);
            g.nl();
            let text = std::mem::take(&mut g.buf);
            g.buf.extend_from_slice(&[0xFF, 0xFE]);
            for b in text {
                g.buf.extend_from_slice(&[b, 0]);
            }
        }
        Kind::BigLog => {
            let target = g.rng.range(2 << 20, 5 << 20);
            big_log(g, target)
        }
        Kind::BigMinJs => {
            let target = g.rng.range(2 << 20, 5 << 20);
            min_js(g, target, 1 << 20)
        }
        Kind::BundleJs => {
            let target = code_size(&mut g.rng);
            min_js(g, target, 2_000)
        }
        Kind::SourceMap => {
            let target = g.rng.range(1_000, 20_000);
            source_map(g, target)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Multiplied rule pack

/// Keys whose string values are regexes (`require` may also be a list of them).
const PATTERN_KEYS: &[&str] = &["contains", "forbid", "allow", "split", "when", "require"];

/// Write to `out` a pack holding `times - 1` copies of every `[[rule]]` of the packs in
/// `rules_dir`, with ids `<id>-x<k>` and every pattern made distinct (so the scanner cannot
/// share their compilation or matching) without changing what it matches. Returns the
/// number of rules written.
pub fn multiply_pack(rules_dir: &Path, times: usize, out: &Path, literals: Literals) -> Result<usize, String> {
    if times == 0 {
        return Err("times must be at least 1".to_string());
    }
    let entries = fs::read_dir(rules_dir).map_err(|e| format!("{}: {e}", rules_dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", rules_dir.display()))?.path();
        if path.extension().is_some_and(|x| x == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();

    let mut copies = Vec::new();
    let mut counter = 0usize;
    for file in &files {
        let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let pack: toml::Table = toml::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        // Only rules: categories and traits are declared once, by the built-in packs.
        let Some(rules) = pack.get("rule") else { continue };
        let rules = rules.as_array().ok_or_else(|| format!("{}: `rule` is not an array", file.display()))?;
        for rule in rules {
            let rule = rule.as_table().ok_or_else(|| format!("{}: a rule is not a table", file.display()))?;
            let id = rule
                .get("id")
                .and_then(toml::Value::as_str)
                .ok_or_else(|| format!("{}: a rule has no id", file.display()))?;
            for k in 2..=times {
                let mut copy = rule.clone();
                // Examples document the original; the test suite runs those, not copies.
                copy.remove("examples");
                copy.insert("id".to_string(), toml::Value::String(format!("{id}-x{k}")));
                if let Some(check) = copy.get_mut("check") {
                    distinguish(check, k, &mut counter, literals);
                }
                copies.push(toml::Value::Table(copy));
            }
        }
    }
    let count = copies.len();
    let mut doc = toml::Table::new();
    doc.insert("rule".to_string(), toml::Value::Array(copies));
    let body = toml::to_string(&doc).map_err(|e| e.to_string())?;
    let text = format!("# Generated by synth_repo: {count} copies of the built-in rules ({times}x).\n\n{body}");
    fs::write(out, text).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(count)
}

/// Rewrite every pattern in a check, at any depth (`any`/`all` lists, `not` tables).
/// What the copies of a multiplied pack match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Literals {
    /// What the original matches (and a word no text holds): the worst case for a literal
    /// prefilter, since every copy is verified wherever the original's literals occur.
    Same,
    /// Only where a word no text holds occurs: new rules about things the tree does not
    /// contain, as most rules of a large pack are for any one repository.
    Fresh,
}

fn distinguish(value: &mut toml::Value, k: usize, counter: &mut usize, literals: Literals) {
    match value {
        toml::Value::Table(table) => {
            for (key, v) in table.iter_mut() {
                if PATTERN_KEYS.contains(&key.as_str()) {
                    match v {
                        toml::Value::String(s) => *s = distinct(s, k, counter, literals),
                        toml::Value::Array(items) => {
                            for item in items {
                                if let toml::Value::String(s) = item {
                                    *s = distinct(s, k, counter, literals);
                                }
                            }
                        }
                        _ => {}
                    }
                } else {
                    distinguish(v, k, counter, literals);
                }
            }
        }
        toml::Value::Array(items) => {
            for item in items {
                distinguish(item, k, counter, literals);
            }
        }
        _ => {}
    }
}

/// The same matches as `pattern`, plus an alternative no real text contains: a different
/// string, so each copy is compiled and run on its own.
fn distinct(pattern: &str, k: usize, counter: &mut usize, literals: Literals) -> String {
    *counter += 1;
    match literals {
        Literals::Same => format!("(?:{pattern})|(?-u:\\bzq{k}x{}\\b)", *counter),
        // The pattern, then a word no text holds: it needs that word, so it never matches.
        Literals::Fresh => format!("(?:{pattern})zq{k}x{}q", *counter),
    }
}
