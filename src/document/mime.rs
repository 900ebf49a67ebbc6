//! MIME messages (`.eml`, `message/rfc822`): the headers, unfolded and decoded, and every
//! `text/html` and `text/plain` part as a document of its own, each range mapped back to the
//! bytes of the original message.
//!
//! `mail-parser` finds the structure (parts, boundaries, header offsets, encoded words). The
//! transfer decoding and the charset decoding are done here, part by part, because a finding must
//! be placed in the original file: every decoded byte keeps the range of message bytes it came
//! from. Quoted-printable maps exactly (`=C3=A9` is the range of the escape); base64 maps to the
//! four characters of the quantum; a multi-byte charset other than UTF-8 (ISO-2022-JP, Shift_JIS)
//! maps its whole part to the part's body.
//!
//! The document of a part holds the whole message as its `source`, so its ranges are ranges of
//! the message file. Decoding never fails: an unknown charset is read as UTF-8 with invalid
//! bytes replaced, a broken escape is kept as written.

use super::{Document, Format, MergeTagRegistry, Span, TextRun};
use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::decoders::quoted_printable::quoted_printable_decode_char;
use mail_parser::{Encoding, HeaderName, MessageParser, MimeHeaders, PartType};

/// One header field of the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The name as written (`List-Unsubscribe`).
    pub name: String,
    /// The value unfolded, encoded words decoded, trimmed.
    pub value: String,
    /// The value as written, unfolded and trimmed (encoded words kept).
    pub raw: String,
    /// The whole field, from its name to the end of its value (line break excluded).
    pub span: Span,
    /// The value, without the white space after the colon.
    pub value_span: Span,
}

/// Where a part sits in its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The position among the message's checked parts; the first carries the header checks.
    pub index: usize,
    /// `text/html` or `text/plain`.
    pub content_type: String,
    /// The part's own header block (for the top-level part, the message's headers).
    pub header_span: Span,
    /// The encoded body in the message.
    pub body_span: Span,
    /// Every decoded byte is the same byte of the message: fixes can be applied as they are.
    pub exact: bool,
    /// The part belongs to a `multipart/alternative`: the reader sees it or its sibling.
    pub alternative: bool,
}

/// A parsed message.
#[derive(Clone, Debug)]
pub struct Message {
    /// The message as text, byte for byte: a byte that is not UTF-8 is shown as `?`, so every
    /// offset is an offset of the original file.
    pub source: String,
    pub headers: Vec<Header>,
    /// One document per `text/html` and `text/plain` part, HTML first.
    pub parts: Vec<Document>,
}

impl Message {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&Header> {
        self.headers
            .iter()
            .find(|header| header.name.eq_ignore_ascii_case(name))
    }
}

/// The message as text with every offset kept: each byte of an invalid UTF-8 sequence becomes
/// one `?`.
/// Whether a file without a telling extension is a stored message (a maildir file, a saved
/// mail): it opens with a header block that has at least two of the usual message headers.
pub fn looks_like_message(bytes: &[u8]) -> bool {
    const USUAL: [&str; 10] = [
        "from",
        "to",
        "subject",
        "date",
        "received",
        "return-path",
        "message-id",
        "mime-version",
        "delivered-to",
        "content-type",
    ];
    let head = &bytes[..bytes.len().min(16 * 1024)];
    let head = String::from_utf8_lossy(head);
    let mut usual = 0;
    for (index, line) in head.lines().enumerate() {
        if line.trim().is_empty() {
            return index > 0 && usual >= 2;
        }
        if line.starts_with([' ', '\t']) || (index == 0 && line.starts_with("From ")) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        }
        if USUAL.iter().any(|known| name.eq_ignore_ascii_case(known)) {
            usual += 1;
        }
    }
    false
}

pub fn source_text(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for _ in chunk.invalid() {
            text.push('?');
        }
    }
    text
}

/// Parses a message. Never fails: a message without headers is one text part.
pub fn parse(bytes: &[u8], registry: &MergeTagRegistry) -> Message {
    let source = source_text(bytes);
    // Naming one header's parser switches the others to raw: name every one the checks read.
    let parser = MessageParser::new()
        .with_mime_headers()
        .with_address_headers()
        .header_text(HeaderName::Subject)
        .header_text(HeaderName::ListUnsubscribe)
        .header_text(HeaderName::ListUnsubscribePost)
        .header_text(HeaderName::Other("DKIM-Signature".into()));
    let Some(parsed) = parser.parse(bytes) else {
        return Message {
            source,
            headers: Vec::new(),
            parts: Vec::new(),
        };
    };
    let headers: Vec<Header> = parsed
        .parts
        .first()
        .map(|root| {
            root.headers
                .iter()
                .map(|header| header_of(bytes, header))
                .collect()
        })
        .unwrap_or_default();
    let from = parsed
        .from()
        .and_then(|address| address.first())
        .map(|addr| match (addr.name(), addr.address()) {
            (Some(name), Some(address)) => format!("{name} <{address}>"),
            (Some(name), None) => name.to_string(),
            (None, Some(address)) => address.to_string(),
            (None, None) => String::new(),
        });
    let subject = parsed.subject().map(str::to_string);

    // The parts inside a multipart/alternative, by id.
    let mut alternative = vec![false; parsed.parts.len()];
    for part in &parsed.parts {
        if let PartType::Multipart(children) = &part.body
            && part
                .content_type()
                .and_then(|kind| kind.subtype())
                .is_some_and(|subtype| subtype.eq_ignore_ascii_case("alternative"))
        {
            for &child in children {
                if let Some(flag) = alternative.get_mut(child as usize) {
                    *flag = true;
                }
            }
        }
    }

    let mut parts = Vec::new();
    for (id, part) in parsed.parts.iter().enumerate() {
        let format = match &part.body {
            PartType::Html(_) => Format::Html,
            PartType::Text(_) => {
                let plain = part.content_type().is_none_or(|kind| {
                    kind.ctype().eq_ignore_ascii_case("text")
                        && kind
                            .subtype()
                            .is_none_or(|subtype| subtype.eq_ignore_ascii_case("plain"))
                });
                if !plain {
                    continue;
                }
                Format::Text
            }
            _ => continue,
        };
        if part
            .content_disposition()
            .is_some_and(|disposition| disposition.ctype().eq_ignore_ascii_case("attachment"))
        {
            continue;
        }
        let body_span = (part.offset_body as usize).min(bytes.len())
            ..(part.offset_end as usize).min(bytes.len());
        let body_span = body_span.start..body_span.end.max(body_span.start);
        let charset = part
            .content_type()
            .and_then(|kind| kind.attribute("charset"))
            .map(str::to_ascii_lowercase);
        let decoded = decode(bytes, body_span.clone(), part.encoding, charset.as_deref());
        let mut document = super::parse(&decoded.text, format, registry);
        remap(&mut document, &decoded, bytes);
        document.source = source.clone();
        if let Some(from) = &from {
            document
                .front_matter
                .push(("from".to_string(), from.clone()));
        }
        if let Some(subject) = &subject {
            document
                .front_matter
                .push(("subject".to_string(), subject.clone()));
        }
        document.headers = headers.clone();
        document.part = Some(Part {
            index: 0,
            content_type: match format {
                Format::Html => "text/html".to_string(),
                _ => "text/plain".to_string(),
            },
            header_span: (part.offset_header as usize).min(body_span.start)..body_span.start,
            body_span,
            exact: decoded.exact,
            alternative: alternative.get(id).copied().unwrap_or(false),
        });
        parts.push(document);
    }
    // HTML first: it is what most readers see, and it decides the message's context.
    parts.sort_by_key(|document| document.format != Format::Html);
    for (index, document) in parts.iter_mut().enumerate() {
        if let Some(part) = &mut document.part {
            part.index = index;
        }
    }
    Message {
        source,
        headers,
        parts,
    }
}

fn header_of(bytes: &[u8], header: &mail_parser::Header<'_>) -> Header {
    let field = (header.offset_field as usize).min(bytes.len());
    let start = (header.offset_start as usize).clamp(field, bytes.len());
    let end = (header.offset_end as usize).clamp(start, bytes.len());
    let written = source_text(&bytes[start..end]);
    // The value starts after the white space that follows the colon and ends before the line
    // break.
    let leading = written.len() - written.trim_start().len();
    let trailing = written.len() - written.trim_end().len();
    let value_span = (start + leading).min(end - trailing)..end - trailing;
    let raw = unfold(written.trim());
    let value = match &header.value {
        mail_parser::HeaderValue::Text(text) => unfold(text.trim()),
        mail_parser::HeaderValue::TextList(list) => list.join(", "),
        _ => raw.clone(),
    };
    Header {
        name: header.name.as_str().to_string(),
        value,
        raw,
        span: field..value_span.end,
        value_span,
    }
}

/// A folded header value on one line: each line break and the white space after it become one
/// space (RFC 5322 section 2.2.3).
fn unfold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut lines = value.split('\n');
    if let Some(first) = lines.next() {
        out.push_str(first.trim_end_matches('\r'));
    }
    for line in lines {
        out.push(' ');
        out.push_str(line.trim_end_matches('\r').trim_start());
    }
    out
}

/// A decoded body, with the range of message bytes behind each of its bytes.
struct Decoded {
    text: String,
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// The end of the body in the message.
    end: usize,
    exact: bool,
}

impl Decoded {
    /// The message range of a range of the decoded text.
    fn map(&self, span: &Span) -> Span {
        let length = self.starts.len();
        if span.start >= length {
            return self.end..self.end;
        }
        let start = self.starts[span.start];
        if span.end <= span.start {
            return start..start;
        }
        let end = self.ends[(span.end - 1).min(length - 1)];
        start..end.max(start)
    }
}

/// Undoes the transfer encoding, then the charset.
fn decode(bytes: &[u8], body: Span, encoding: Encoding, charset: Option<&str>) -> Decoded {
    let raw = &bytes[body.clone()];
    // Bytes after transfer decoding, each with its message range.
    let mut octets = Vec::with_capacity(raw.len());
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(raw.len());
    let mut exact = true;
    match encoding {
        Encoding::None => {
            octets.extend_from_slice(raw);
            ranges.extend((0..raw.len()).map(|at| (body.start + at, body.start + at + 1)));
        }
        Encoding::QuotedPrintable => {
            let mut at = 0;
            while at < raw.len() {
                let byte = raw[at];
                if byte == b'=' {
                    // A soft line break: `=`, optional trailing white space, a line break.
                    let mut next = at + 1;
                    while next < raw.len() && matches!(raw[next], b' ' | b'\t') {
                        next += 1;
                    }
                    if next < raw.len() && (raw[next] == b'\n' || raw[next] == b'\r') {
                        if raw[next] == b'\r' && raw.get(next + 1) == Some(&b'\n') {
                            next += 1;
                        }
                        at = next + 1;
                        exact = false;
                        continue;
                    }
                    if next == raw.len() {
                        break;
                    }
                    if let (Some(&high), Some(&low)) = (raw.get(at + 1), raw.get(at + 2))
                        && let Some(decoded) = quoted_printable_decode_char(high, low)
                    {
                        octets.push(decoded);
                        ranges.push((body.start + at, body.start + at + 3));
                        at += 3;
                        exact = false;
                        continue;
                    }
                }
                octets.push(byte);
                ranges.push((body.start + at, body.start + at + 1));
                at += 1;
            }
        }
        Encoding::Base64 => {
            exact = false;
            let mut quantum = Vec::with_capacity(4);
            let mut quantum_start = 0;
            for (at, &byte) in raw.iter().enumerate() {
                if byte.is_ascii_whitespace() {
                    continue;
                }
                if quantum.is_empty() {
                    quantum_start = at;
                }
                quantum.push(byte);
                if quantum.len() == 4 {
                    if let Some(decoded) = base64_decode(&quantum) {
                        for octet in decoded {
                            octets.push(octet);
                            ranges.push((body.start + quantum_start, body.start + at + 1));
                        }
                    }
                    quantum.clear();
                }
            }
        }
    }

    let mut decoded = Decoded {
        text: String::with_capacity(octets.len()),
        starts: Vec::with_capacity(octets.len()),
        ends: Vec::with_capacity(octets.len()),
        end: body.end,
        exact,
    };
    let push = |decoded: &mut Decoded, text: &str, range: (usize, usize)| {
        decoded.text.push_str(text);
        for _ in 0..text.len() {
            decoded.starts.push(range.0);
            decoded.ends.push(range.1);
        }
    };
    let single_byte = charset
        .filter(|name| !matches!(*name, "utf-8" | "utf8" | "us-ascii" | "ascii"))
        .and_then(|name| charset_decoder(name.as_bytes()))
        .map(|decoder| {
            // A single-byte charset decodes byte by byte to the same text as a whole.
            let table: Vec<String> = (0..=255u8).map(|byte| decoder(&[byte])).collect();
            let whole = decoder(&octets);
            let joined: String = octets
                .iter()
                .map(|&byte| table[byte as usize].as_str())
                .collect();
            if whole == joined {
                Ok(table)
            } else {
                Err(whole)
            }
        });
    match single_byte {
        Some(Ok(table)) => {
            for (index, &byte) in octets.iter().enumerate() {
                let text = &table[byte as usize];
                if byte >= 0x80 {
                    decoded.exact = false;
                }
                push(&mut decoded, text, ranges[index]);
            }
        }
        Some(Err(whole)) => {
            // A multi-byte charset: every character maps to the whole body.
            decoded.exact = false;
            push(&mut decoded, &whole, (body.start, body.end));
        }
        None => {
            let mut index = 0;
            for chunk in octets.utf8_chunks() {
                for (offset, character) in chunk.valid().char_indices() {
                    let first = ranges[index + offset];
                    let last = ranges[index + offset + character.len_utf8() - 1];
                    let mut buffer = [0u8; 4];
                    let text = character.encode_utf8(&mut buffer);
                    decoded.text.push_str(text);
                    for at in 0..text.len() {
                        decoded
                            .starts
                            .push(ranges[index + offset + at].0.min(first.0));
                        decoded.ends.push(ranges[index + offset + at].1.max(last.1));
                    }
                }
                index += chunk.valid().len();
                for _ in chunk.invalid() {
                    decoded.exact = false;
                    push(&mut decoded, "\u{fffd}", ranges[index]);
                    index += 1;
                }
            }
        }
    }
    decoded
}

/// Moves every range of a part's document from its decoded text to the message. Text runs are
/// split where the encoding changes, so that plain stretches keep exact positions.
fn remap(document: &mut Document, decoded: &Decoded, bytes: &[u8]) {
    let map = |span: &Span| decoded.map(span);
    let mut runs = Vec::with_capacity(document.text.len());
    for run in std::mem::take(&mut document.text) {
        if decoded.text.get(run.span.clone()) != Some(run.text.as_str()) {
            runs.push(TextRun {
                span: map(&run.span),
                ..run
            });
            continue;
        }
        // Consecutive characters that are the same bytes in the message form one run; the
        // characters between them (escapes, converted charsets) another.
        let mut piece: Option<(usize, usize, Span, bool)> = None;
        let flush = |piece: Option<(usize, usize, Span, bool)>, runs: &mut Vec<TextRun>| {
            if let Some((from, to, span, _)) = piece {
                runs.push(TextRun {
                    span,
                    text: run.text[from..to].to_string(),
                    hidden: run.hidden,
                    block: run.block,
                    link: run.link,
                });
            }
        };
        for (offset, character) in run.text.char_indices() {
            let at = run.span.start + offset;
            let target = map(&(at..at + character.len_utf8()));
            let mut buffer = [0u8; 4];
            let same =
                bytes.get(target.clone()) == Some(character.encode_utf8(&mut buffer).as_bytes());
            piece = match piece.take() {
                Some((from, _, span, kind))
                    if kind == same && (!same || span.end == target.start) =>
                {
                    Some((
                        from,
                        offset + character.len_utf8(),
                        span.start.min(target.start)..span.end.max(target.end),
                        kind,
                    ))
                }
                other => {
                    flush(other, &mut runs);
                    Some((offset, offset + character.len_utf8(), target, same))
                }
            };
        }
        flush(piece, &mut runs);
    }
    document.text = runs;
    for link in &mut document.links {
        link.span = map(&link.span);
        link.href_span = link.href_span.as_ref().map(map);
    }
    for control in &mut document.controls {
        control.span = map(&control.span);
        control.selected = control.selected.as_ref().map(map);
        control.label_span = control.label_span.as_ref().map(map);
    }
    for field in &mut document.fields {
        field.span = map(&field.span);
    }
    for selection in &mut document.script_selections {
        selection.span = map(&selection.span);
    }
    for comment in &mut document.comments {
        comment.span = map(&comment.span);
    }
    for tag in &mut document.merge_tags {
        tag.span = map(&tag.span);
    }
    for hint in &mut document.hints {
        hint.span = map(&hint.span);
    }
    for problem in &mut document.problems {
        problem.span = map(&problem.span);
    }
    let at = document.insertion_point;
    document.insertion_point = map(&(at..at)).start;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_messages_are_told_from_drafts() {
        assert!(looks_like_message(
            b"Return-Path: <a@b.example>\nReceived: from x\n\tby y\nFrom: a@b.example\nSubject: Hi\n\nBody"
        ));
        assert!(looks_like_message(
            b"From a@b Mon Jan  1 00:00:00 2001\nFrom: a@b\nTo: c@d\n\nx"
        ));
        // A text message that starts with a label, Markdown front matter, one header only.
        assert!(!looks_like_message(
            b"Velomaas: 20% korting\nTo: everyone\n\nStop? Reply STOP"
        ));
        assert!(!looks_like_message(
            b"---\nsubject: Hi\nfrom: a\n---\n\nBody"
        ));
        assert!(!looks_like_message(b"Subject: Hi\n\nBody"));
        assert!(!looks_like_message(
            b"From: a@b\nSubject: no blank line ends this"
        ));
    }

    fn message(text: &str) -> Message {
        parse(text.as_bytes(), &crate::rules::data().merge_tags)
    }

    #[test]
    fn quoted_printable_text_maps_to_the_escapes() {
        let text = "From: a@b.example\r\nSubject: Hi\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nSch=C3=B6ne Gr=\r\n=C3=BC=C3=9Fe\r\n";
        let message = message(text);
        let part = &message.parts[0];
        let joined: String = part.text.iter().map(|run| run.text.as_str()).collect();
        assert!(joined.contains("Schöne Grüße"), "{joined:?}");
        let umlaut = part
            .text
            .iter()
            .find(|run| run.text == "ö")
            .expect("a run for ö");
        assert_eq!(&text[umlaut.span.clone()], "=C3=B6");
        let plain = part
            .text
            .iter()
            .find(|run| run.text.starts_with("Sch"))
            .expect("Sch");
        assert_eq!(&text[plain.span.clone()], "Sch");
    }

    #[test]
    fn latin1_and_base64_parts_are_decoded() {
        let text = "Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: 8bit\n\nGr\u{fc}\u{df}e\n--b\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\nPHA+SGFsbG88L3A+\n--b--\n";
        // The text part is Latin-1 on the wire: replace the UTF-8 umlauts by single bytes.
        let mut bytes = Vec::new();
        for character in text.chars() {
            if (character as u32) < 256 {
                bytes.push(character as u32 as u8);
            }
        }
        let message = parse(&bytes, &crate::rules::data().merge_tags);
        assert_eq!(message.parts.len(), 2);
        assert_eq!(message.parts[0].format, Format::Html);
        let html: String = message.parts[0]
            .text
            .iter()
            .map(|run| run.text.as_str())
            .collect();
        assert_eq!(html.trim(), "Hallo");
        let base64 = message.parts[0].text[0].span.clone();
        // "Hallo" is bytes 3..8 of `<p>Hallo</p>`: the second and third base64 quanta.
        assert_eq!(&message.source[base64], "SGFsbG88");
        let plain: String = message.parts[1]
            .text
            .iter()
            .map(|run| run.text.as_str())
            .collect();
        assert!(plain.contains("Grüße"), "{plain:?}");
        assert!(message.source.contains("Gr??e"));
    }

    #[test]
    fn headers_are_unfolded_with_their_ranges() {
        let text = "List-Unsubscribe:\r\n <https://x.example/u>,\r\n\t<mailto:u@x.example>\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n\r\nbody\r\n";
        let message = message(text);
        let header = message.header("list-unsubscribe").expect("header");
        assert_eq!(header.value, "<https://x.example/u>, <mailto:u@x.example>");
        assert_eq!(
            &text[header.value_span.clone()],
            "<https://x.example/u>,\r\n\t<mailto:u@x.example>"
        );
        assert!(text[header.span.clone()].starts_with("List-Unsubscribe:"));
        let subject = message.parts[0]
            .front_matter
            .iter()
            .find(|(key, _)| key == "subject")
            .map(|(_, value)| value.as_str());
        assert_eq!(subject, Some("Grüße"));
    }
}
