//! `--format github`: GitHub Actions workflow commands, shown as annotations on the pull
//! request's changed lines (`::error file=…,line=…,col=…::message`).

use super::{FileResult, Outcome, Positions};
use crate::Severity;
use std::fmt::Write;

pub fn render(results: &[FileResult]) -> String {
    let mut out = String::new();
    for result in results {
        let file = property(&result.display.replace('\\', "/"));
        match &result.outcome {
            Outcome::Failed(message) => {
                let _ = writeln!(out, "::error file={file},title=sendlint::{}", data(message));
            }
            Outcome::Checked { diagnostics, .. } => {
                let positions = Positions::new(&result.source);
                for diagnostic in diagnostics {
                    let start = positions.position(diagnostic.range.start);
                    let end = positions.position(diagnostic.range.end);
                    let command = match diagnostic.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Info => "notice",
                    };
                    let mut message = diagnostic.message.clone();
                    if !diagnostic.references.is_empty() {
                        message.push_str(&format!(" (law: {})", diagnostic.references.join("; ")));
                    }
                    let _ = writeln!(
                        out,
                        "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                        start.line,
                        start.column,
                        end.line,
                        end.column,
                        property(&format!("sendlint {}", diagnostic.rule)),
                        data(&message)
                    );
                }
            }
        }
    }
    out
}

/// Escapes a command's message as the runner expects.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as the message, and `:` and `,` too.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_would_end_a_command() {
        assert_eq!(data("50% off\nnow"), "50%25 off%0Anow");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
