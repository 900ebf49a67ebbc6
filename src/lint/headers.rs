//! The header rules of a MIME message (rule-catalog.md section D): `List-Unsubscribe` (RFC 2369),
//! one-click unsubscribe (RFC 8058) and the DKIM signature that must cover both. Gmail and Yahoo
//! require them from senders of 5,000 or more messages a day; with `bulk_sender` they are errors.
//!
//! They run once per message, on its first part, and only for marketing e-mail. Ranges are ranges
//! of the message file: a header written plainly is scanned where it is written, so a finding
//! marks the very item; a header in encoded words is checked decoded and marked as a whole.

use super::{Certainty, Checker, Purpose};
use crate::diagnostic::Severity;
use crate::document::Span;
use crate::document::mime::Header;
use crate::lint::Channel;

const HEADER_RULES: [&str; 4] = [
    "missing-list-unsubscribe-header",
    "missing-one-click-unsubscribe",
    "list-unsubscribe-malformed",
    "list-unsubscribe-not-dkim-signed",
];

pub(crate) fn check(checker: &mut Checker<'_>) {
    let document = checker.document;
    if document.part.as_ref().is_none_or(|part| part.index != 0)
        || checker.context.channel != Channel::Email
        || checker.context.purpose != Purpose::Marketing
    {
        return;
    }
    let headers = &document.headers;
    let find = |name: &str| {
        headers
            .iter()
            .find(|header| header.name.eq_ignore_ascii_case(name))
    };
    let Some(unsubscribe) = find("List-Unsubscribe") else {
        let at = header_end(&document.source, headers);
        report(checker, "missing-list-unsubscribe-header", at..at, "");
        return;
    };
    let post = find("List-Unsubscribe-Post");

    // The URIs of List-Unsubscribe, each with its range, and what is wrong with the syntax.
    let items = items(&document.source, unsubscribe);
    for item in &items {
        if let Some(problem) = &item.problem {
            report(
                checker,
                "list-unsubscribe-malformed",
                item.span.clone(),
                problem,
            );
        }
    }
    let https: Vec<&Item> = items
        .iter()
        .filter(|item| item.uri.to_ascii_lowercase().starts_with("https://"))
        .collect();
    if https.len() > 1 {
        report(
            checker,
            "list-unsubscribe-malformed",
            https[1].span.clone(),
            "more than one https URI",
        );
    }

    // RFC 8058: `List-Unsubscribe-Post: List-Unsubscribe=One-Click` and an https URI.
    match post {
        None => report(
            checker,
            "missing-one-click-unsubscribe",
            unsubscribe.span.clone(),
            "no List-Unsubscribe-Post",
        ),
        Some(post)
            if !post
                .value
                .trim()
                .eq_ignore_ascii_case("List-Unsubscribe=One-Click") =>
        {
            let squeezed: String = post
                .value
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            // A near miss (`ListUnsubscribe=One-Click`) is a typo in the syntax; anything else
            // asks for no one-click unsubscribe at all.
            let rule = if squeezed == "listunsubscribeoneclick" {
                "list-unsubscribe-malformed"
            } else {
                "missing-one-click-unsubscribe"
            };
            report(checker, rule, post.value_span.clone(), &post.value);
        }
        Some(_) => {}
    }
    if https.is_empty() {
        let detail = if items
            .iter()
            .any(|item| item.uri.to_ascii_lowercase().starts_with("http://"))
        {
            "http, not https"
        } else {
            "no https URI"
        };
        report(
            checker,
            "missing-one-click-unsubscribe",
            unsubscribe.value_span.clone(),
            detail,
        );
    }

    // RFC 8058 section 3: the signature must cover List-Unsubscribe and List-Unsubscribe-Post.
    let signatures: Vec<&Header> = headers
        .iter()
        .filter(|header| header.name.eq_ignore_ascii_case("DKIM-Signature"))
        .collect();
    if signatures.is_empty() {
        // A draft is signed when it is sent: without any signature this is a reminder.
        report(
            checker,
            "list-unsubscribe-not-dkim-signed",
            unsubscribe.span.clone(),
            "no DKIM-Signature",
        );
        lower_last(checker, "list-unsubscribe-not-dkim-signed", Severity::Info);
        return;
    }
    let needed: Vec<&str> = std::iter::once("list-unsubscribe")
        .chain(post.map(|_| "list-unsubscribe-post"))
        .collect();
    let covered = signatures.iter().any(|signature| {
        let fields = signed_fields(&signature.value);
        needed
            .iter()
            .all(|name| fields.iter().any(|field| field == name))
    });
    if !covered {
        let signature = signatures[0];
        let span = tag_span(&checker.document.source, signature, "h")
            .unwrap_or_else(|| signature.span.clone());
        let fields = signed_fields(&signature.value);
        let missing = needed
            .iter()
            .filter(|name| !fields.iter().any(|field| field == *name))
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        report(checker, "list-unsubscribe-not-dkim-signed", span, &missing);
    }
}

/// The range of a header's value in a MIME message, where a finding about it belongs when its
/// decoded text is not written as such (encoded words).
pub(crate) fn value_span(document: &crate::document::Document, name: &str) -> Option<Span> {
    document
        .headers
        .iter()
        .find(|header| header.name.eq_ignore_ascii_case(name))
        .map(|header| header.value_span.clone())
}

/// Reports a header finding; a bulk sender's findings are errors unless configured otherwise.
fn report(checker: &mut Checker<'_>, rule: &str, span: Span, detail: &str) {
    let before = checker.findings.len();
    checker.report(rule, span, detail, Certainty::Certain);
    if checker.settings.bulk_sender
        && checker.findings.len() > before
        && !checker.settings.rule_levels.contains_key(rule)
        && HEADER_RULES.contains(&rule)
        && let Some(finding) = checker.findings.last_mut()
    {
        finding.severity = Severity::Error;
    }
}

fn lower_last(checker: &mut Checker<'_>, rule: &str, severity: Severity) {
    if checker.settings.rule_levels.contains_key(rule) {
        return;
    }
    if let Some(finding) = checker.findings.last_mut()
        && finding.rule == rule
    {
        finding.severity = finding.severity.min(severity);
    }
}

/// Where a new header field would go: the start of the blank line that ends the header block.
fn header_end(source: &str, headers: &[Header]) -> usize {
    let Some(last) = headers.iter().map(|header| header.span.end).max() else {
        return 0;
    };
    let rest = &source[last.min(source.len())..];
    let skip = if rest.starts_with("\r\n") {
        2
    } else {
        usize::from(rest.starts_with('\n'))
    };
    (last + skip).min(source.len())
}

/// One entry of a `List-Unsubscribe` value.
struct Item {
    uri: String,
    span: Span,
    problem: Option<String>,
}

/// The entries of `List-Unsubscribe`, from the text as written when it is plain (exact ranges),
/// else from the decoded value (the whole value's range).
fn items(source: &str, header: &Header) -> Vec<Item> {
    let written = source.get(header.value_span.clone()).unwrap_or_default();
    let (text, base, exact) = if header.raw.contains("=?") {
        (header.value.as_str(), header.value_span.start, false)
    } else {
        (written, header.value_span.start, true)
    };
    let span_of = |range: Span| -> Span {
        if exact {
            base + range.start..base + range.end
        } else {
            header.value_span.clone()
        }
    };
    let bytes = text.as_bytes();
    let mut items = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii_whitespace() || bytes[at] == b',' {
            at += 1;
            continue;
        }
        // An RFC 2369 comment, `<https://x.example/u> (Unsubscribe)`, is no URI (RFC 5322
        // comments nest).
        if bytes[at] == b'(' {
            let mut depth = 0usize;
            while at < bytes.len() {
                match bytes[at] {
                    b'\\' => at += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            at += 1;
                            break;
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
            continue;
        }
        if bytes[at] == b'<' {
            let end = text[at..]
                .find('>')
                .map_or(bytes.len(), |close| at + close + 1);
            let inner = text[at + 1..end.saturating_sub(1).max(at + 1)].to_string();
            let uri: String = unfold(&inner);
            let problem = if !text[at..end].ends_with('>') {
                Some("no closing angle bracket".to_string())
            } else if uri.trim() != uri || uri.contains(char::is_whitespace) {
                Some("a space in the URI".to_string())
            } else if has_placeholder(&uri) {
                Some("an unfilled merge tag".to_string())
            } else {
                None
            };
            items.push(Item {
                uri: uri.trim().to_string(),
                span: span_of(at..end),
                problem,
            });
            at = end;
        } else {
            // Text outside angle brackets: up to the next comma or bracket.
            let end = text[at..]
                .find([',', '<', '('])
                .map_or(bytes.len(), |stop| at + stop);
            let piece = text[at..end].trim_end();
            let span = span_of(at..at + piece.len());
            let uri = unfold(piece);
            items.push(Item {
                problem: Some(format!("{uri}: no angle brackets")),
                uri,
                span,
            });
            at = end;
        }
    }
    items
}

/// A folded stretch of a header on one line.
fn unfold(text: &str) -> String {
    text.split(['\r', '\n'])
        .map(str::trim_start)
        .collect::<Vec<_>>()
        .join("")
}

/// A merge tag left in a sent header: the ESP did not substitute it.
fn has_placeholder(uri: &str) -> bool {
    [
        "{{", "}}", "*|", "|*", "[[", "]]", "%%", "{$", "${", "<%", "%>",
    ]
    .iter()
    .any(|mark| uri.contains(mark))
}

/// The header names in a DKIM signature's `h=` tag, in lower case (RFC 6376 section 3.5).
fn signed_fields(value: &str) -> Vec<String> {
    value
        .split(';')
        .filter_map(|tag| tag.split_once('='))
        .filter(|(name, _)| name.trim() == "h")
        .flat_map(|(_, list)| {
            list.split(':')
                .map(|name| {
                    name.chars()
                        .filter(|c| !c.is_whitespace())
                        .collect::<String>()
                        .to_ascii_lowercase()
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The range of a tag (`h=...`) of a DKIM signature as written.
fn tag_span(source: &str, header: &Header, tag: &str) -> Option<Span> {
    let written = source.get(header.value_span.clone())?;
    let mut offset = 0;
    for piece in written.split(';') {
        let leading = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if trimmed
            .split_once('=')
            .is_some_and(|(name, _)| name.trim() == tag)
        {
            let start = header.value_span.start + offset + leading;
            return Some(start..start + trimmed.len());
        }
        offset += piece.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_fields_are_unfolded_and_lower_case() {
        let value = "v=1; a=rsa-sha256; bh=abc=; h=Date:From:\r\n List-Unsubscribe:List-Unsubscribe-Post; b=xyz";
        assert_eq!(
            signed_fields(value),
            ["date", "from", "list-unsubscribe", "list-unsubscribe-post"]
        );
    }

    #[test]
    fn items_mark_each_uri() {
        let source = "List-Unsubscribe: <mailto:u@x.example>,\r\n <https://x.example/u?id= 5>";
        let header = Header {
            name: "List-Unsubscribe".to_string(),
            value: String::new(),
            raw: String::new(),
            span: 0..source.len(),
            value_span: 18..source.len(),
        };
        let items = items(source, &header);
        assert_eq!(items.len(), 2);
        assert_eq!(&source[items[0].span.clone()], "<mailto:u@x.example>");
        assert!(items[0].problem.is_none());
        assert_eq!(
            &source[items[1].span.clone()],
            "<https://x.example/u?id= 5>"
        );
        assert_eq!(items[1].problem.as_deref(), Some("a space in the URI"));
    }

    #[test]
    fn comments_are_no_uris() {
        let source =
            "List-Unsubscribe: <https://x.example/u> (Afmelden (nu)), <mailto:u@x.example>";
        let header = Header {
            name: "List-Unsubscribe".to_string(),
            value: String::new(),
            raw: String::new(),
            span: 0..source.len(),
            value_span: 18..source.len(),
        };
        let items = items(source, &header);
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|item| item.problem.is_none()));
        assert_eq!(&source[items[1].span.clone()], "<mailto:u@x.example>");
    }
}
