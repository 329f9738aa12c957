//! The TOML shape of a pack, as written by users, with spans kept on every field that a
//! later validation step may need to point at.
//!
//! Plain structs with optional fields rather than serde enums: untagged and flattened enums
//! lose spans and give vague errors, while a plain struct lets `load` say exactly which key
//! is wrong and where.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPack {
    #[serde(default)]
    pub category: Vec<RawCategory>,
    #[serde(default, rename = "trait")]
    pub traits: Vec<RawTrait>,
    #[serde(default)]
    pub rule: Vec<RawRule>,
    #[serde(default)]
    pub level: Vec<RawLevel>,
}

/// `[[level]]`: a rung of the maturity ladder; the order of declaration is the order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLevel {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCategory {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub weight: Spanned<i64>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTrait {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub description: Option<String>,
    pub check: Spanned<RawCheck>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub category: Option<Spanned<String>>,
    pub weight: Spanned<i64>,
    pub applies: Option<Vec<Spanned<String>>>,
    pub why: Spanned<String>,
    pub remediation: Spanned<String>,
    pub docs: Option<String>,
    pub level: Option<Spanned<String>>,
    pub redact: Option<bool>,
    pub check: Spanned<RawCheck>,
    #[serde(default)]
    pub examples: Vec<RawExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCheck {
    pub path: Option<Spanned<Globs>>,
    pub exclude: Option<Spanned<Globs>>,
    pub case_sensitive: Option<bool>,
    pub contains: Option<Spanned<String>>,
    pub min_lines: Option<Spanned<i64>>,
    pub forbid: Option<Spanned<String>>,
    pub allow: Option<Spanned<String>>,
    pub require: Option<Spanned<Globs>>,
    pub split: Option<Spanned<String>>,
    pub when: Option<Spanned<String>>,
    pub last: Option<bool>,
    #[serde(default, deserialize_with = "nested")]
    pub any: Option<Spanned<Vec<Spanned<RawCheck>>>>,
    #[serde(default, deserialize_with = "nested")]
    pub all: Option<Spanned<Vec<Spanned<RawCheck>>>>,
    #[serde(default, deserialize_with = "nested")]
    pub not: Option<Box<Spanned<RawCheck>>>,
}

/// How deep `any`, `all` and `not` may nest. Reading and validating a check recurse once
/// per level, and TOML's dotted keys nest thousands of levels in a few kilobytes
/// (`{ not.not.not = { not.not.not = ... } }`): unbounded, that overflows the stack.
pub(crate) const MAX_CHECK_DEPTH: usize = 32;

thread_local! {
    /// Combinators entered so far in the check being read, on this thread.
    static CHECK_DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Read a combinator's operand one level deeper, or fail past `MAX_CHECK_DEPTH`.
fn nested<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct Level;
    impl Drop for Level {
        fn drop(&mut self) {
            CHECK_DEPTH.with(|d| d.set(d.get() - 1));
        }
    }
    let depth = CHECK_DEPTH.with(|d| {
        d.set(d.get() + 1);
        d.get()
    });
    let _level = Level;
    if depth > MAX_CHECK_DEPTH {
        return Err(de::Error::custom(format!("checks nest more than {MAX_CHECK_DEPTH} levels deep")));
    }
    T::deserialize(deserializer)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExample {
    pub expect: Spanned<String>,
    pub files: Spanned<BTreeMap<String, String>>,
}

/// `path = "glob"` or `path = ["glob", ...]` (also used for `require` patterns); list items
/// keep their own spans.
#[derive(Debug)]
pub(crate) struct Globs(pub Vec<GlobItem>);

/// One glob with its span, when the list form gave it one.
#[derive(Debug)]
pub(crate) struct GlobItem {
    pub glob: String,
    pub span: Option<std::ops::Range<usize>>,
}

impl<'de> Deserialize<'de> for Globs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GlobsVisitor;

        impl<'de> Visitor<'de> for GlobsVisitor {
            type Value = Globs;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a glob string or an array of glob strings")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Globs, E> {
                Ok(Globs(vec![GlobItem { glob: v.to_owned(), span: None }]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Globs, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<String>>()? {
                    let span = item.span();
                    items.push(GlobItem { glob: item.into_inner(), span: Some(span) });
                }
                Ok(Globs(items))
            }
        }

        deserializer.deserialize_any(GlobsVisitor)
    }
}
