//! Conversions at the protocol edge: byte offsets of the core to LSP positions in the negotiated
//! encoding (UTF-8 or UTF-16) and back, and sendlint diagnostics to LSP diagnostics.

use crate::diagnostic::{Diagnostic, Severity};
use line_index::{LineCol, LineIndex, TextSize, WideEncoding};
use lsp_types::{CodeDescription, NumberOrString, Position, Range, Uri};
use std::str::FromStr;

/// Where the rule pages live; `docs/rules/<id>.md` is generated from `rules/`.
pub const RULE_DOCS_BASE: &str = "https://github.com/sendlint/sendlint/blob/main/docs/rules/";

/// How the client counts columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// One text with its line index, for converting positions both ways.
pub struct Lines<'a> {
    text: &'a str,
    index: LineIndex,
    encoding: Encoding,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Lines<'a> {
        Lines {
            text,
            index: LineIndex::new(text),
            encoding,
        }
    }

    /// The LSP position of a byte offset (clamped to the text and to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_col = self.index.line_col(TextSize::new(offset as u32));
        let character = match self.encoding {
            Encoding::Utf8 => line_col.col,
            Encoding::Utf16 => self
                .index
                .to_wide(WideEncoding::Utf16, line_col)
                .map_or(line_col.col, |wide| wide.col),
        };
        Position::new(line_col.line, character)
    }

    pub fn range(&self, range: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }

    /// The byte offset of an LSP position. Positions out of range are clamped: a line past the
    /// end to the end of the text, a column past the end of its line to the line's end, a column
    /// inside a character to that character's start.
    pub fn offset(&self, position: Position) -> usize {
        let Some(line_start) = self.index.offset(LineCol {
            line: position.line,
            col: 0,
        }) else {
            return self.text.len();
        };
        let line_start = usize::from(line_start).min(self.text.len());
        let rest = &self.text[line_start..];
        let line = rest.find('\n').map_or(rest, |end| &rest[..end]);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let wanted = position.character as usize;
        let mut counted = 0;
        for (at, character) in line.char_indices() {
            let width = match self.encoding {
                Encoding::Utf8 => character.len_utf8(),
                Encoding::Utf16 => character.len_utf16(),
            };
            if counted + width > wanted {
                return line_start + at;
            }
            counted += width;
        }
        line_start + line.len()
    }

    pub fn offsets(&self, range: Range) -> std::ops::Range<usize> {
        let start = self.offset(range.start);
        let end = self.offset(range.end);
        start.min(end)..start.max(end)
    }
}

/// The page of a rule's documentation.
pub fn rule_href(rule: &str) -> Option<Uri> {
    Uri::from_str(&format!("{RULE_DOCS_BASE}{rule}.md")).ok()
}

/// A sendlint diagnostic as the protocol carries it.
pub fn diagnostic(lines: &Lines<'_>, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range: lines.range(&diagnostic.range),
        severity: Some(match diagnostic.severity {
            Severity::Error => lsp_types::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp_types::DiagnosticSeverity::WARNING,
            Severity::Info => lsp_types::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(diagnostic.rule.clone())),
        code_description: rule_href(&diagnostic.rule).map(|href| CodeDescription { href }),
        source: Some("sendlint".to_string()),
        message: diagnostic.message.clone(),
        related_information: None,
        tags: None,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_after_astral_characters() {
        let text = "a😀b\ncé😀d\r\nlast";
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let lines = Lines::new(text, encoding);
            // Every character start, except between the `\r` and `\n` of a line break, which
            // is no place in a line.
            for (offset, _) in text
                .char_indices()
                .filter(|&(offset, _)| !text[..offset].ends_with('\r'))
            {
                assert_eq!(lines.offset(lines.position(offset)), offset, "{encoding:?}");
            }
        }
        let utf16 = Lines::new(text, Encoding::Utf16);
        // The emoji is two UTF-16 code units and four bytes.
        assert_eq!(utf16.position(5), Position::new(0, 3));
        assert_eq!(
            Lines::new(text, Encoding::Utf8).position(5),
            Position::new(0, 5)
        );
        // Inside the surrogate pair: the emoji's start.
        assert_eq!(utf16.offset(Position::new(0, 2)), 1);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\r\ncd";
        let lines = Lines::new(text, Encoding::Utf16);
        assert_eq!(lines.offset(Position::new(0, 99)), 2);
        assert_eq!(lines.offset(Position::new(7, 0)), text.len());
        assert_eq!(lines.offset(Position::new(1, 99)), text.len());
        assert_eq!(lines.position(999), Position::new(1, 2));
    }
}
