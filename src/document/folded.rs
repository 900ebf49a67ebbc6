//! Text folded for phrase matching, with a map back to source bytes.
//!
//! Lexicon patterns are written for text without diacritics, with typographic quotes and dashes
//! made plain and white space collapsed (`rules/README.md`). Folding keeps case: case-insensitive
//! concepts match with `(?i)`, and the STOP keyword rules need the capitals.

use super::{Span, TextRun};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Folded text and, for every byte of it, the source bytes it came from.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    pub text: String,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl Folded {
    /// Folds runs in order; a change of block becomes a newline. Source bytes inside `elide`
    /// (sorted, disjoint) are left out: the parts of a template tag the reader never sees.
    pub fn from_runs<'a>(
        source: &str,
        runs: impl IntoIterator<Item = &'a TextRun>,
        elide: &[Span],
    ) -> Folded {
        let mut folded = Folded::default();
        let mut last_block = None;
        for run in runs {
            if last_block.is_some_and(|block| block != run.block) {
                folded.push_break(run.span.start);
            }
            last_block = Some(run.block);
            let exact = source.get(run.span.clone()) == Some(run.text.as_str());
            // Elided ranges only apply where run offsets are source offsets.
            let elide: &[Span] = if exact
                && elide
                    .iter()
                    .any(|range| range.start < run.span.end && run.span.start < range.end)
            {
                elide
            } else {
                &[]
            };
            let bytes = run.text.as_bytes();
            let mut offset = 0;
            while offset < bytes.len() {
                let mut stop = bytes.len();
                if !elide.is_empty() {
                    let at = run.span.start + offset;
                    if let Some(range) = elide.iter().find(|range| range.contains(&at)) {
                        offset = (range.end - run.span.start).min(bytes.len());
                        continue;
                    }
                    if let Some(next) = elide.iter().find(|range| range.start > at) {
                        stop = stop.min(next.start - run.span.start);
                    }
                }
                // Stretches of printable ASCII fold to themselves: copy them whole.
                let plain = bytes[offset..stop]
                    .iter()
                    .take_while(|byte| byte.is_ascii() && !byte.is_ascii_whitespace())
                    .count();
                if plain > 0 {
                    let start = exact.then_some(run.span.start + offset);
                    folded.push_plain(&run.text[offset..offset + plain], start, &run.span);
                    offset += plain;
                    continue;
                }
                let Some(character) = run.text[offset..].chars().next() else {
                    break;
                };
                let (start, end) = if exact {
                    let start = run.span.start + offset;
                    (start, start + character.len_utf8())
                } else {
                    (run.span.start, run.span.end)
                };
                folded.push_char(character, start, end);
                offset += character.len_utf8();
            }
        }
        folded
    }

    /// Folds one string whose bytes all map to `span`.
    pub fn from_str_at(text: &str, span: Span) -> Folded {
        let mut folded = Folded::default();
        for character in text.chars() {
            folded.push_char(character, span.start, span.end);
        }
        folded
    }

    fn push_break(&mut self, at: usize) {
        while self.text.ends_with(' ') {
            self.text.pop();
            self.starts.pop();
            self.ends.pop();
        }
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.push_mapped("\n", at, at);
        }
    }

    fn push_char(&mut self, character: char, start: usize, end: usize) {
        if character.is_ascii() && !character.is_ascii_whitespace() {
            let mut buffer = [0u8; 1];
            self.push_mapped(character.encode_utf8(&mut buffer), start, end);
            return;
        }
        if character.is_whitespace() {
            if !self.text.is_empty() && !self.text.ends_with([' ', '\n']) {
                self.push_mapped(" ", start, end);
            }
            return;
        }
        let replacement: &str = match character {
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
            | '\u{034f}' => {
                return;
            }
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{00b4}' | '`' => {
                "'"
            }
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{00ab}'
            | '\u{00bb}' => "\"",
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => "-",
            '\u{2026}' => "...",
            'ß' => "ss",
            'ẞ' => "SS",
            'æ' => "ae",
            'Æ' => "AE",
            'œ' => "oe",
            'Œ' => "OE",
            'ø' => "o",
            'Ø' => "O",
            'ł' => "l",
            'Ł' => "L",
            'đ' => "d",
            'Đ' => "D",
            'þ' => "th",
            'Þ' => "TH",
            _ => {
                let mut any = false;
                decompose_canonical(character, |part| {
                    if !is_combining_mark(part) {
                        let mut buffer = [0u8; 4];
                        self.push_mapped(part.encode_utf8(&mut buffer), start, end);
                        any = true;
                    }
                });
                let _ = any;
                return;
            }
        };
        self.push_mapped(replacement, start, end);
    }

    /// Appends printable ASCII, which folds to itself: byte for byte from `start` when given,
    /// else every byte from the whole of `span`.
    fn push_plain(&mut self, text: &str, start: Option<usize>, span: &Span) {
        self.text.push_str(text);
        match start {
            Some(start) => {
                let range = start..start + text.len();
                self.starts.extend(range.clone().map(|at| at as u32));
                self.ends.extend(range.map(|at| (at + 1) as u32));
            }
            None => {
                let count = text.len();
                self.starts
                    .extend(std::iter::repeat_n(span.start as u32, count));
                self.ends
                    .extend(std::iter::repeat_n(span.end as u32, count));
            }
        }
    }

    fn push_mapped(&mut self, text: &str, start: usize, end: usize) {
        self.text.push_str(text);
        for _ in 0..text.len() {
            self.starts.push(start as u32);
            self.ends.push(end as u32);
        }
    }

    /// The source range of a range of folded text.
    pub fn source_span(&self, range: Span) -> Span {
        if self.starts.is_empty() {
            return 0..0;
        }
        let first = range.start.min(self.starts.len() - 1);
        let last = range
            .end
            .saturating_sub(1)
            .clamp(first, self.ends.len() - 1);
        let start = self.starts[first] as usize;
        let end = (self.ends[last] as usize).max(start);
        start..end
    }

    /// The folded range that came from a source range.
    pub fn folded_range(&self, span: &Span) -> Span {
        let start = self
            .starts
            .partition_point(|&offset| (offset as usize) < span.start);
        let end = self
            .starts
            .partition_point(|&offset| (offset as usize) < span.end);
        start..end.max(start)
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Folds a string the same way, without keeping the map (for labels, hrefs and patterns).
pub fn fold(text: &str) -> String {
    if text
        .bytes()
        .all(|byte| byte.is_ascii() && !byte.is_ascii_whitespace() || byte == b' ')
        && !text.contains("  ")
    {
        return text.to_string();
    }
    Folded::from_str_at(text, 0..0).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_quotes_and_space() {
        assert_eq!(
            fold("Désinscription  à\u{a0}tout   moment"),
            "Desinscription a tout moment"
        );
        assert_eq!(fold("Straße – „Abmelden“"), "Strasse - \"Abmelden\"");
        assert_eq!(fold("l’offre"), "l'offre");
        assert_eq!(fold("über"), "uber");
    }

    #[test]
    fn maps_back_to_source_bytes() {
        let source = "<p>Meld je hier áf</p>";
        let run = TextRun {
            span: 3..19,
            text: "Meld je hier áf".into(),
            hidden: None,
            block: 0,
            link: None,
        };
        let folded = Folded::from_runs(source, [&run], &[]);
        assert_eq!(folded.text, "Meld je hier af");
        let at = folded.text.find("af").unwrap();
        assert_eq!(&source[folded.source_span(at..at + 2)], "áf");
    }

    #[test]
    fn blocks_become_newlines() {
        let source = "ab";
        let first = TextRun {
            span: 0..1,
            text: "a".into(),
            hidden: None,
            block: 0,
            link: None,
        };
        let second = TextRun {
            span: 1..2,
            text: "b".into(),
            hidden: None,
            block: 1,
            link: None,
        };
        assert_eq!(
            Folded::from_runs(source, [&first, &second], &[]).text,
            "a\nb"
        );
    }

    #[test]
    fn elided_bytes_are_left_out() {
        let source = "You can {% unsubscribe 'opt out' %} now";
        let run = TextRun {
            span: 0..source.len(),
            text: source.into(),
            hidden: None,
            block: 0,
            link: None,
        };
        let folded = Folded::from_runs(source, [&run], &[8..24, 31..35]);
        assert_eq!(folded.text, "You can opt out now");
        let at = folded.text.find("opt out").unwrap();
        assert_eq!(&source[folded.source_span(at..at + 7)], "opt out");
    }
}
