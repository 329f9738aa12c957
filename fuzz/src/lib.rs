//! What every fuzz target checks about a loader's error, besides "no panic".

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NarratableReportHandler};
use readiness::rules::PackError;

/// Every label of every diagnostic lies inside its source, on character boundaries, and the
/// error renders both ways a user may see it. `sources` are the (name, text) pairs loaded.
pub fn check_error(err: &PackError, sources: &[(String, &str)]) {
    let PackError::Invalid(diags) = err else {
        panic!("loading text cannot fail to read a file: {err}");
    };
    assert!(!diags.is_empty(), "an error names at least one problem");
    for d in diags {
        let text = sources.iter().find(|(name, _)| name == d.file()).map(|(_, t)| *t);
        let text = text.unwrap_or_else(|| panic!("diagnostic in an unknown file {}", d.file()));
        for label in d.labels().into_iter().flatten() {
            let (start, end) = (label.offset(), label.offset() + label.len());
            assert!(end <= text.len(), "`{}`: span {start}..{end} past the end ({})", d.message, text.len());
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "`{}`: span {start}..{end} splits a character",
                d.message
            );
        }
    }
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .render_report(&mut out, err)
        .expect("graphical rendering");
    NarratableReportHandler::new().render_report(&mut out, err).expect("narrated rendering");
}
