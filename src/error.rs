//! Errors that stop a run. All of them exit with code 2; "below the threshold" is not an
//! error but an outcome (exit 1), decided in `cli`.

use miette::Diagnostic;

use crate::rules::PackError;
use crate::scan::ScanError;

/// Why readiness could not do what was asked.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    /// A rule pack is invalid or unreadable.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Pack(#[from] PackError),
    /// The root to scan is missing or not a directory.
    #[error(transparent)]
    #[diagnostic(code(readiness::root), help("pass the path of a repository directory, e.g. `readiness check .`"))]
    Scan(#[from] ScanError),
    /// A baseline file is missing or invalid.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Baseline(#[from] crate::baseline::BaselineError),
    /// Arguments that parse but do not make sense together.
    #[error("{0}")]
    #[diagnostic(code(readiness::usage))]
    Usage(String),
    /// A command would destroy something without being told to.
    #[error("{0}")]
    #[diagnostic(code(readiness::refused))]
    Refused(String),
    /// `explain` was given an id no pack declares.
    #[error("unknown rule `{id}`")]
    #[diagnostic(code(readiness::unknown_rule), help("{help}"))]
    UnknownRule {
        /// The id given.
        id: String,
        /// A suggestion, or where to list the rules.
        help: String,
    },
    /// The file given to --output could not be written.
    #[error("cannot write the report to {path}: {error}")]
    #[diagnostic(code(readiness::output), help("check that the directory exists and is writable"))]
    OutputFile {
        /// The path given.
        path: String,
        /// Cause.
        error: std::io::Error,
    },
    /// Writing the output failed.
    #[error("cannot write output: {0}")]
    #[diagnostic(code(readiness::output))]
    Output(#[from] std::io::Error),
}

impl Error {
    /// True when the reader went away (`readiness check | head`): not worth a message.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
