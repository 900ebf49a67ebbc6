//! Context hints written in the file itself: `<meta name="sendlint" content="...">`,
//! `<!-- sendlint: ... -->` and a Markdown front matter `sendlint:` block. Each hint keeps its
//! range so that a wrong key or value can be reported where it stands.

use super::Hint;

/// Parses `key=value; key=value` (also `key: value`, separated by `;` or new lines), where
/// `offset` is the position of `text` in the source.
pub fn parse_hint_list(text: &str, offset: usize) -> Vec<Hint> {
    let mut hints = Vec::new();
    let mut start = 0;
    for piece in split_pairs(text) {
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

/// Splits at `;` and new lines, and also before a `key=` that follows white space, so that
/// `purpose=transactional audience=customers` reads as two hints.
fn split_pairs(text: &str) -> Vec<&str> {
    static NEXT_KEY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\s[A-Za-z][A-Za-z-]*\s*=").expect("valid regex")
    });
    let mut pieces = Vec::new();
    for piece in text.split_inclusive([';', '\n']) {
        let mut from = 0;
        for found in NEXT_KEY.find_iter(piece) {
            // Only when a `key=` came before: a value may hold spaces but no second `=`.
            if piece[from..found.start()].contains('=') {
                pieces.push(&piece[from..found.start() + 1]);
                from = found.start() + 1;
            }
        }
        pieces.push(&piece[from..]);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_separated_by_spaces_are_two_hints() {
        let text = "purpose=transactional audience=customers; lang=en";
        let hints = parse_hint_list(text, 0);
        let pairs: Vec<(&str, &str)> = hints
            .iter()
            .map(|hint| (hint.key.as_str(), hint.value.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("purpose", "transactional"),
                ("audience", "customers"),
                ("lang", "en")
            ]
        );
        assert_eq!(&text[hints[1].span.clone()], "audience=customers");
        let from = parse_hint_list("from=Anna van Velomaas; subject=Spring sale", 0);
        assert_eq!(from[0].value, "Anna van Velomaas");
        assert_eq!(from[1].value, "Spring sale");
    }

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
