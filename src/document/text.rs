//! Plain text: SMS and WhatsApp templates. Each line is a block; URLs, e-mail addresses and
//! phone numbers written in the text become links, since that is how a reader acts on them.

use super::{Document, Format, Link, Span, TextRun};
use regex::Regex;
use std::sync::LazyLock;

pub fn parse(source: &str) -> Document {
    let mut document = Document::empty(source.to_string(), Format::Text);
    let mut offset = 0;
    for (block, line) in (0u32..).zip(source.split_inclusive('\n')) {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.trim().is_empty() {
            document.text.push(TextRun {
                span: offset..offset + content.len(),
                text: content.to_string(),
                hidden: None,
                block,
                link: None,
            });
        }
        offset += line.len();
    }
    add_written_links(&mut document);
    document
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:https?://|www\.)[^\s<>'\x22)\]]+",
        r"|(?-u:\b)[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63})*\.(?:com|net|org|nl|be|de|at|ch|fr|ca|uk|eu|io|info|biz|us|tv|me|ly|gl|app|shop|store)(?-u:\b)(?:/[^\s<>'\x22)\]]*)?",
        r"|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}",
        // A gateway that spaces every full stop splits a domain: "sms. ac/smsrewards". Only
        // with a path, so that "Bye. Com…" stays a sentence.
        r"|(?-u:\b)[a-z0-9][a-z0-9-]{0,62}\. (?:com|net|org|ac|tv|biz|info|co\. uk)/[^\s<>'\x22)\]]*",
    ))
    .expect("valid regex")
});

/// Adds a link for every URL or e-mail address written in visible text outside a link.
pub fn add_written_links(document: &mut Document) {
    let mut added = Vec::new();
    for run in &document.text {
        if run.link.is_some() || !run.text.contains(['.', '@']) {
            continue;
        }
        let exact = document.source.get(run.span.clone()) == Some(run.text.as_str());
        for found in URL.find_iter(&run.text) {
            let text = found
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?']);
            if text.len() < 4 || text.ends_with('-') {
                continue;
            }
            let span: Span = if exact {
                run.span.start + found.start()..run.span.start + found.start() + text.len()
            } else {
                run.span.clone()
            };
            let href = if text.contains('@') && !text.contains('/') {
                format!("mailto:{text}")
            } else {
                text.replace(". ", ".")
            };
            added.push(Link {
                span: span.clone(),
                href,
                href_span: Some(span),
                text: text.to_string(),
                hidden: run.hidden,
                image_only: false,
                image_alt: String::new(),
                attributes: Vec::new(),
                element: "text".to_string(),
            });
        }
    }
    document.links.extend(added);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_urls_and_addresses() {
        let source = "VELOMAAS: 20% korting!\nAfmelden? Sms STOP naar 4411 of ga naar velomaas.nl/afmelden.\nVragen: info@velomaas.nl\n";
        let document = parse(source);
        assert_eq!(document.text.len(), 3);
        let hrefs: Vec<_> = document
            .links
            .iter()
            .map(|link| link.href.as_str())
            .collect();
        assert_eq!(hrefs, ["velomaas.nl/afmelden", "mailto:info@velomaas.nl"]);
        assert_eq!(
            &source[document.links[0].span.clone()],
            "velomaas.nl/afmelden"
        );
    }

    #[test]
    fn a_domain_split_at_its_dot_is_joined() {
        let document = parse("2 bid again, visit sms. ac/smsrewards. Bye. Com back soon\n");
        let hrefs: Vec<_> = document
            .links
            .iter()
            .map(|link| link.href.as_str())
            .collect();
        assert_eq!(hrefs, ["sms.ac/smsrewards"]);
    }
}
