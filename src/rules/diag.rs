//! Diagnostics for broken rule packs: every problem points at its file, line and column.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

/// One problem in one pack or config file.
#[derive(Debug)]
pub struct PackDiagnostic {
    /// Stable kebab-case kind, shown as `readiness::pack::<kind>`.
    pub kind: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The text under the span.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Byte range in the source file.
    pub span: Range<usize>,
    source: NamedSource<Arc<str>>,
    code: String,
}

impl PackDiagnostic {
    pub(crate) fn new(
        kind: &'static str,
        source: &NamedSource<Arc<str>>,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        Self {
            kind,
            message: message.into(),
            label: label.into(),
            help,
            span,
            source: source.clone(),
            code: format!("readiness::pack::{kind}"),
        }
    }

    /// The same diagnostic about a project config file (`readiness::config::<kind>`).
    pub(crate) fn in_config(mut self) -> Self {
        self.code = format!("readiness::config::{}", self.kind);
        self
    }

    /// True for a problem in a project config rather than a rule pack.
    pub fn is_config(&self) -> bool {
        self.code.starts_with("readiness::config::")
    }

    /// The pack file's name as shown to the user.
    pub fn file(&self) -> &str {
        self.source.name()
    }
}

impl fmt::Display for PackDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PackDiagnostic {}

impl Diagnostic for PackDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(Some(self.label.clone()), self.span.clone()))))
    }
}

/// Diagnostics rendered at most: a generated pack with one systematic mistake can hold
/// thousands, and drawing each one re-reads its file (measured: 19 s for 4,000 problems).
const MAX_SHOWN: usize = 50;

/// Why the packs could not be loaded: every problem found, in file order.
#[derive(Debug)]
pub enum PackError {
    /// One or more packs are invalid.
    Invalid(Vec<PackDiagnostic>),
    /// A pack file or directory could not be read.
    Io {
        /// The path given by the user.
        path: String,
        /// The underlying error.
        error: std::io::Error,
    },
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackError::Invalid(diags) => {
                let what = if diags.first().is_some_and(PackDiagnostic::is_config) { "config" } else { "rule pack" };
                let mut files: Vec<&str> = diags.iter().map(|d| d.file()).collect();
                files.dedup();
                match diags.len() {
                    1 => write!(f, "invalid {what} {}", files.join(", ")),
                    n => write!(f, "{n} problems in {what} {}", files.join(", ")),
                }
            }
            PackError::Io { path, error } => write!(f, "cannot read rule pack {path}: {error}"),
        }
    }
}

impl std::error::Error for PackError {}

impl Diagnostic for PackError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self {
            PackError::Invalid(_) => None,
            PackError::Io { .. } => Some(Box::new("readiness::pack::io")),
        }
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self {
            PackError::Invalid(diags) => {
                let doc = if diags.first().is_some_and(PackDiagnostic::is_config) {
                    "the config format is described in docs/config.md"
                } else {
                    "the rule pack format is described in docs/rules-format.md"
                };
                Some(match diags.len() {
                    n if n > MAX_SHOWN => Box::new(format!("{doc}\nshowing the first {MAX_SHOWN} of {n} problems")),
                    _ => Box::new(doc),
                })
            }
            PackError::Io { .. } => Some(Box::new("--rules takes a .toml file or a directory of .toml files")),
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        match self {
            PackError::Invalid(diags) => Some(Box::new(diags.iter().take(MAX_SHOWN).map(|d| d as &dyn Diagnostic))),
            PackError::Io { .. } => None,
        }
    }
}
