//! Output formats. Each renderer turns the results of a run into text; only this module and
//! the LSP serialise diagnostics. Lines and columns are made here, from byte offsets.

pub mod concise;
pub mod explain;
pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod stream;

use crate::Diagnostic;
use crate::lint::Context;
use line_index::{LineIndex, TextSize, WideEncoding};
use std::path::PathBuf;

/// A 1-based line and column (columns count Unicode scalar values), with the byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// Converts byte offsets of one source to human positions.
pub struct Positions<'a> {
    source: &'a str,
    index: LineIndex,
}

impl<'a> Positions<'a> {
    pub fn new(source: &'a str) -> Positions<'a> {
        Positions {
            source,
            index: LineIndex::new(source),
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_col = self.index.line_col(TextSize::new(offset as u32));
        let column = self
            .index
            .to_wide(WideEncoding::Utf32, line_col)
            .map_or(line_col.col, |wide| wide.col);
        Position {
            line: line_col.line as usize + 1,
            column: column as usize + 1,
            offset,
        }
    }
}

/// The outcome of checking one file, as renderers see it.
#[derive(Clone, Debug)]
pub struct FileResult {
    pub path: PathBuf,
    /// How the path is shown (relative as given on the command line).
    pub display: String,
    pub source: String,
    pub outcome: Outcome,
}

#[derive(Clone, Debug)]
pub enum Outcome {
    Checked {
        context: Context,
        diagnostics: Vec<Diagnostic>,
    },
    /// The file could not be read or decoded; the message says what to do.
    Failed(String),
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(results: &[FileResult]) -> Summary {
        let mut summary = Summary {
            files: results.len(),
            ..Summary::default()
        };
        for result in results {
            if let Outcome::Checked { diagnostics, .. } = &result.outcome {
                for diagnostic in diagnostics {
                    match diagnostic.severity {
                        crate::Severity::Error => summary.errors += 1,
                        crate::Severity::Warning => summary.warnings += 1,
                        crate::Severity::Info => summary.infos += 1,
                    }
                }
            }
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_scalar_values() {
        let source = "a😀b\nzé x";
        let positions = Positions::new(source);
        assert_eq!(
            positions.position(5),
            Position {
                line: 1,
                column: 3,
                offset: 5
            }
        );
        let x = source.find('x').unwrap();
        assert_eq!(
            positions.position(x),
            Position {
                line: 2,
                column: 4,
                offset: x
            }
        );
        assert_eq!(positions.position(source.len()).line, 2);
    }
}
