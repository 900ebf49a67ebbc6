//! `--format concise`: one line per finding, `path:line:col: severity rule message`, for grep,
//! editors' quickfix lists and logs.

use super::{FileResult, Outcome, Positions};
use std::fmt::Write;

pub fn render(results: &[FileResult]) -> String {
    let mut out = String::new();
    for result in results {
        match &result.outcome {
            Outcome::Failed(message) => {
                let _ = writeln!(out, "{}: error: {message}", result.display);
            }
            Outcome::Checked { diagnostics, .. } => {
                let positions = Positions::new(&result.source);
                for diagnostic in diagnostics {
                    let start = positions.position(diagnostic.range.start);
                    let _ = writeln!(
                        out,
                        "{}:{}:{}: {} {} {}",
                        result.display,
                        start.line,
                        start.column,
                        diagnostic.severity,
                        diagnostic.rule,
                        one_line(&diagnostic.message)
                    );
                }
            }
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
