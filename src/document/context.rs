//! Context hints written in the file itself: `<meta name="sendlint" content="...">`,
//! `<!-- sendlint: ... -->` and a Markdown front matter `sendlint:` block. Each hint keeps its
//! range so that a wrong key or value can be reported where it stands.

use super::Hint;

/// Parses `key=value; key=value` (also `key: value`, separated by `;` or new lines), where
/// `offset` is the position of `text` in the source.
pub fn parse_hint_list(text: &str, offset: usize) -> Vec<Hint> {
    let mut hints = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive([';', '\n']) {
        let piece_start = start;
        start += piece.len();
        let body = piece.trim_end_matches([';', '\n']);
        let trimmed = body.trim();
        if trimmed.is_empty() {
            continue;
        }
        let leading = body.len() - body.trim_start().len();
        let span_start = offset + piece_start + leading;
        let span = span_start..span_start + trimmed.len();
        let (key, value) = match trimmed.split_once(['=', ':']) {
            Some((key, value)) => (key.trim(), value.trim()),
            None => (trimmed, ""),
        };
        hints.push(Hint {
            span,
            key: key.to_ascii_lowercase(),
            value: value.trim_matches(['"', '\'']).to_string(),
        });
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_pairs_with_ranges() {
        let text = " purpose=transactional;  audience = customers ";
        let hints = parse_hint_list(text, 10);
        assert_eq!(hints.len(), 2);
        assert_eq!(hints[1].key, "audience");
        assert_eq!(hints[1].value, "customers");
        assert_eq!(
            &text[hints[1].span.start - 10..hints[1].span.end - 10],
            "audience = customers"
        );
    }
}
