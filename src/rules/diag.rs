//! Diagnostics for broken rule packs: every problem points at its file, line and column.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

/// One problem in one pack file.
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
            PackError::Invalid(diags) if diags.len() == 1 => {
                write!(f, "invalid rule pack {}", diags[0].file())
            }
            PackError::Invalid(diags) => {
                let mut files: Vec<&str> = diags.iter().map(|d| d.file()).collect();
                files.dedup();
                write!(f, "{} problems in rule packs ({})", diags.len(), files.join(", "))
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
            PackError::Invalid(_) => Some(Box::new("the rule pack format is described in docs/rules-format.md")),
            PackError::Io { .. } => Some(Box::new("--rules takes a .toml file or a directory of .toml files")),
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        match self {
            PackError::Invalid(diags) => Some(Box::new(diags.iter().map(|d| d as &dyn Diagnostic))),
            PackError::Io { .. } => None,
        }
    }
}
