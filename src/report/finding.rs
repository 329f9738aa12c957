//! A lint finding drawn like a compiler diagnostic: the file, line and column, the source
//! line with the match underlined, and what is wrong. miette draws it; the source is the
//! one line the scanner kept (already masked for secrets), presented at its real position.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use crate::scan::Finding;

/// Render one finding, indented by `indent` spaces.
pub(crate) fn render(f: &Finding, title: &str, color: bool, indent: usize) -> String {
    let diag = FindingDiagnostic::new(f, title);
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_links(false).with_width(100);
    let mut out = String::new();
    if handler.render_report(&mut out, &diag).is_err() {
        // Drawing cannot fail on a String; keep the plain form just in case.
        out = format!("{}:{}:{} {}\n", super::display_path(&f.path), f.line, f.column, f.snippet);
    }
    let pad = " ".repeat(indent);
    out.lines().map(|l| if l.trim().is_empty() { "\n".to_string() } else { format!("{pad}{l}\n") }).collect()
}

struct FindingDiagnostic {
    message: String,
    source: OneLine,
    span: SourceSpan,
}

impl FindingDiagnostic {
    fn new(f: &Finding, title: &str) -> Self {
        // The snippet is trimmed; put back the indentation the column implies so the header
        // shows the real column and the underline sits under the match.
        let matched = f.matched.trim_end_matches('…');
        let at = f.snippet.find(matched).unwrap_or(0);
        let before = f.snippet[..at].chars().count();
        let indent = (f.column as usize).saturating_sub(1).saturating_sub(before);
        let text = format!("{}{}", " ".repeat(indent), f.snippet);
        let start = indent + at;
        let len = if f.snippet.contains(matched) { matched.len().max(1) } else { 1 };
        let len = len.min(text.len().saturating_sub(start)).max(usize::from(start < text.len()));
        let mut message = f.message.clone().unwrap_or_else(|| title.to_string());
        if f.in_test {
            message.push_str(" (in a test or fixture)");
        }
        Self {
            message,
            // A newline in the file name would break the diagram's `[path:line:col]` header.
            source: OneLine { name: super::display_path(&f.path).into_owned(), text, line: f.line as usize },
            span: (start, len).into(),
        }
    }
}

impl fmt::Debug for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(None, self.span))))
    }
}

/// A single source line that reports itself as line `line` of file `name`.
struct OneLine {
    name: String,
    text: String,
    line: usize,
}

impl SourceCode for OneLine {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette's header shows the position read_span reports for the label's span.
        let column = self.text.get(..span.offset()).map_or(0, |t| t.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            (0, self.text.len()).into(),
            self.line.saturating_sub(1),
            column,
            1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(line: u32, column: u32, matched: &str, snippet: &str) -> Finding {
        Finding {
            path: "app/main.py".into(),
            line,
            column,
            matched: matched.into(),
            snippet: snippet.into(),
            message: None,
            in_test: false,
        }
    }

    #[test]
    fn draws_the_line_at_its_position_with_the_match_underlined() {
        // The line was "    app.run(debug=True)": the match starts at column 13.
        let f = finding(12, 13, "debug=True", "app.run(debug=True)");
        let out = render(&f, "Debug mode off", false, 0);
        assert!(out.contains("× Debug mode off"), "{out}");
        assert!(out.contains("[app/main.py:12:13]"), "{out}");
        assert!(out.contains("12 │     app.run(debug=True)"), "{out}");
        assert!(out.contains(" ·             ──────────\n"), "underline under the match: {out}");
    }

    #[test]
    fn marks_test_findings_and_uses_the_message() {
        let mut f = finding(3, 1, "kind: Deployment", "kind: Deployment");
        f.in_test = true;
        f.message = Some("no line here matches `readinessProbe:`".into());
        let out = render(&f, "Probes", false, 2);
        assert!(out.starts_with("  "), "{out}");
        assert!(out.contains("no line here matches `readinessProbe:` (in a test or fixture)"), "{out}");
    }
}
