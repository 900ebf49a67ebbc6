//! WhatsApp message templates as Meta's API writes them (JSON): one template (`name`, `language`,
//! `category`, `components`), a list of them, or `{"data": [...]}`. The HEADER, BODY and FOOTER
//! texts and the button labels become visible text whose ranges point into the JSON strings; a
//! URL button is a link and a QUICK_REPLY button a `quick-reply` link without a target; the
//! category becomes a purpose hint (MARKETING is marketing, UTILITY and AUTHENTICATION are
//! transactional).
//!
//! The JSON is scanned here rather than with `serde_json` because every string must keep its
//! position in the source, escapes included.

use super::{Document, Format, Hint, Link, Span, TextRun};

/// A JSON value with the source range of every string.
#[derive(Clone, Debug)]
enum Value {
    Object(Vec<(String, Value)>),
    Array(Vec<Value>),
    Str(JsonString),
    Other,
}

/// A JSON string: its decoded text and its pieces, each with the source bytes it came from.
#[derive(Clone, Debug)]
struct JsonString {
    text: String,
    /// The bytes between the quotes.
    span: Span,
    pieces: Vec<Piece>,
}

#[derive(Clone, Debug)]
enum Piece {
    /// Text written as is: `source[span] == text`.
    Literal(Span),
    /// An escape sequence and the character it stands for.
    Escape(Span, char),
}

impl Value {
    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(key))
                .map(|(_, value)| value),
            _ => None,
        }
    }

    fn string(&self) -> Option<&JsonString> {
        match self {
            Value::Str(string) => Some(string),
            _ => None,
        }
    }

    fn text(&self, key: &str) -> Option<&JsonString> {
        self.get(key).and_then(Value::string)
    }

    fn items(&self) -> &[Value] {
        match self {
            Value::Array(items) => items,
            _ => &[],
        }
    }
}

/// Nesting deeper than this is no template; the limit keeps the recursion bounded.
const MAX_DEPTH: usize = 64;

struct Scanner<'a> {
    source: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn skip_space(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        match *self.bytes.get(self.at)? {
            b'{' => {
                self.at += 1;
                let mut fields = Vec::new();
                self.skip_space();
                if self.bytes.get(self.at) == Some(&b'}') {
                    self.at += 1;
                    return Some(Value::Object(fields));
                }
                loop {
                    self.skip_space();
                    let key = self.string()?;
                    self.skip_space();
                    if self.bytes.get(self.at) != Some(&b':') {
                        return None;
                    }
                    self.at += 1;
                    let value = self.value(depth + 1)?;
                    fields.push((key.text, value));
                    self.skip_space();
                    match self.bytes.get(self.at)? {
                        b',' => self.at += 1,
                        b'}' => {
                            self.at += 1;
                            return Some(Value::Object(fields));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.skip_space();
                if self.bytes.get(self.at) == Some(&b']') {
                    self.at += 1;
                    return Some(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.skip_space();
                    match self.bytes.get(self.at)? {
                        b',' => self.at += 1,
                        b']' => {
                            self.at += 1;
                            return Some(Value::Array(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string().map(Value::Str),
            _ => {
                let start = self.at;
                while self.bytes.get(self.at).is_some_and(|byte| {
                    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'+' | b'.')
                }) {
                    self.at += 1;
                }
                let word = &self.source[start..self.at];
                let number = word.parse::<f64>().is_ok();
                (number || matches!(word, "true" | "false" | "null")).then_some(Value::Other)
            }
        }
    }

    fn string(&mut self) -> Option<JsonString> {
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        let start = self.at;
        let mut text = String::new();
        let mut pieces = Vec::new();
        let mut literal = start;
        loop {
            let byte = *self.bytes.get(self.at)?;
            match byte {
                b'"' => {
                    if literal < self.at {
                        text.push_str(&self.source[literal..self.at]);
                        pieces.push(Piece::Literal(literal..self.at));
                    }
                    let span = start..self.at;
                    self.at += 1;
                    return Some(JsonString { text, span, pieces });
                }
                b'\\' => {
                    if literal < self.at {
                        text.push_str(&self.source[literal..self.at]);
                        pieces.push(Piece::Literal(literal..self.at));
                    }
                    let escape_start = self.at;
                    let character = self.escape()?;
                    text.push(character);
                    pieces.push(Piece::Escape(escape_start..self.at, character));
                    literal = self.at;
                }
                0x00..=0x1f => return None,
                _ => self.at += 1,
            }
        }
    }

    /// Reads an escape sequence at `\`, leaving `at` after it.
    fn escape(&mut self) -> Option<char> {
        self.at += 1;
        let kind = *self.bytes.get(self.at)?;
        self.at += 1;
        let character = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xd800..0xdc00).contains(&high)
                    && self.source.get(self.at..self.at + 2) == Some("\\u")
                {
                    let back = self.at;
                    self.at += 2;
                    let low = self.hex4()?;
                    if (0xdc00..0xe000).contains(&low) {
                        let code = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
                        return Some(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    self.at = back;
                }
                char::from_u32(high).unwrap_or('\u{fffd}')
            }
            _ => return None,
        };
        Some(character)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.source.get(self.at..self.at + 4)?;
        let code = u32::from_str_radix(digits, 16).ok()?;
        self.at += 4;
        Some(code)
    }
}

fn scan(source: &str) -> Option<Value> {
    let mut scanner = Scanner {
        source,
        bytes: source.as_bytes(),
        at: 0,
    };
    let value = scanner.value(0)?;
    scanner.skip_space();
    (scanner.at == source.len()).then_some(value)
}

const COMPONENT_TYPES: [&str; 4] = ["BODY", "HEADER", "FOOTER", "BUTTONS"];

/// Whether a value is one template: components of the known types, at least one with text, and a
/// name, category or language beside them.
fn is_template(value: &Value) -> bool {
    let components = value.get("components").map(Value::items).unwrap_or(&[]);
    let typed = components.iter().any(|component| {
        component.text("type").is_some_and(|kind| {
            COMPONENT_TYPES
                .iter()
                .any(|known| kind.text.eq_ignore_ascii_case(known))
        })
    });
    let texts = components.iter().any(|component| {
        component.text("text").is_some()
            || component
                .get("buttons")
                .map(Value::items)
                .unwrap_or(&[])
                .iter()
                .any(|button| button.text("text").is_some())
    });
    typed
        && texts
        && ["name", "category", "language"]
            .iter()
            .any(|key| value.get(key).is_some())
}

/// The templates a JSON value holds: itself, the items of a list, or the items of `data`.
fn templates(value: &Value) -> Vec<&Value> {
    if is_template(value) {
        return vec![value];
    }
    let list = match value {
        Value::Array(items) => items.as_slice(),
        Value::Object(_) => value.get("data").map(Value::items).unwrap_or(&[]),
        _ => &[],
    };
    list.iter().filter(|item| is_template(item)).collect()
}

/// Whether a source is one or more WhatsApp message templates.
pub fn is_template_source(source: &str) -> bool {
    scan(source).is_some_and(|value| !templates(&value).is_empty())
}

/// Each template in the source as its own document (the whole source, that template's text).
/// Empty when the source holds no template.
pub fn parse_each(source: &str) -> Vec<Document> {
    let Some(value) = scan(source) else {
        return Vec::new();
    };
    templates(&value)
        .into_iter()
        .map(|template| {
            let mut builder = Builder::new(source);
            builder.template(template);
            builder.document
        })
        .collect()
}

/// All templates of the source in one document. A JSON file that holds no template (checked
/// because the channel was given as WhatsApp) contributes the strings of its text-like fields;
/// a file that is no JSON at all is read as plain text.
pub fn parse(source: &str) -> Document {
    let Some(value) = scan(source) else {
        return super::text::parse(source);
    };
    let mut builder = Builder::new(source);
    let found = templates(&value);
    if found.is_empty() {
        builder.loose(&value, 0);
    } else {
        for template in found {
            builder.template(template);
        }
    }
    builder.document
}

/// Fields whose strings a reader sees, in a JSON file that is not a template.
const TEXT_FIELDS: [&str; 7] = [
    "text", "body", "header", "footer", "message", "content", "caption",
];

struct Builder {
    document: Document,
    block: u32,
}

impl Builder {
    fn new(source: &str) -> Builder {
        let mut document = Document::empty(source.to_string(), Format::WhatsappTemplate);
        document.insertion_point = 0;
        Builder { document, block: 0 }
    }

    fn template(&mut self, template: &Value) {
        if let Some(category) = template.text("category") {
            let purpose = match category.text.to_ascii_uppercase().as_str() {
                "MARKETING" => Some("marketing"),
                "UTILITY" | "AUTHENTICATION" | "TRANSACTIONAL" | "OTP" => Some("transactional"),
                _ => None,
            };
            if let Some(purpose) = purpose {
                self.document.hints.push(Hint {
                    span: category.span.clone(),
                    key: "purpose".to_string(),
                    value: purpose.to_string(),
                });
            }
        }
        let language = template.get("language").and_then(|language| {
            language
                .string()
                .or_else(|| language.text("code"))
                .map(|code| code.text.clone())
        });
        if let Some(language) = language {
            self.document.lang = Some(language);
        }
        if let Some(name) = template.text("name") {
            self.document.title = Some(name.text.clone());
        }
        for component in template.get("components").map(Value::items).unwrap_or(&[]) {
            let kind = component
                .text("type")
                .map(|kind| kind.text.to_ascii_uppercase())
                .unwrap_or_default();
            match kind.as_str() {
                "HEADER" | "BODY" | "FOOTER" => {
                    if let Some(text) = component.text("text") {
                        self.runs(text, None);
                        if kind != "HEADER" {
                            self.document.insertion_point = text.span.end;
                        }
                    }
                }
                "BUTTONS" => {
                    for button in component.get("buttons").map(Value::items).unwrap_or(&[]) {
                        self.button(button);
                    }
                }
                _ => {}
            }
        }
    }

    fn button(&mut self, button: &Value) {
        let Some(label) = button.text("text") else {
            return;
        };
        let kind = button
            .text("type")
            .map(|kind| kind.text.to_ascii_uppercase())
            .unwrap_or_default();
        let target = match kind.as_str() {
            "URL" => button
                .text("url")
                .map(|url| (url.text.clone(), Some(url.span.clone()), "button")),
            "PHONE_NUMBER" => button.text("phone_number").map(|phone| {
                (
                    format!("tel:{}", phone.text),
                    Some(phone.span.clone()),
                    "button",
                )
            }),
            // A quick reply answers inside the chat: no target, but something a reader acts on.
            "QUICK_REPLY" => Some((String::new(), None, "quick-reply")),
            _ => None,
        };
        let link = target.map(|(href, href_span, element)| {
            self.document.links.push(Link {
                span: label.span.clone(),
                href,
                href_span,
                text: super::html::collapse_whitespace(&label.text),
                hidden: None,
                image_only: false,
                image_alt: String::new(),
                attributes: Vec::new(),
                element: element.to_string(),
            });
            self.document.links.len() - 1
        });
        self.runs(label, link);
    }

    /// The string's pieces as text runs of a new block; an escaped line break starts another.
    fn runs(&mut self, string: &JsonString, link: Option<usize>) {
        self.block += 1;
        for piece in &string.pieces {
            let (span, text) = match piece {
                Piece::Literal(span) => {
                    (span.clone(), self.document.source[span.clone()].to_string())
                }
                Piece::Escape(_, '\n' | '\r') => {
                    self.block += 1;
                    continue;
                }
                Piece::Escape(span, character) => (span.clone(), character.to_string()),
            };
            self.document.text.push(TextRun {
                span,
                text,
                hidden: None,
                block: self.block,
                link,
            });
        }
    }

    /// The text-like fields of any JSON, for a file checked as WhatsApp without template shape.
    fn loose(&mut self, value: &Value, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Object(fields) => {
                for (key, field) in fields {
                    match field {
                        Value::Str(string)
                            if TEXT_FIELDS
                                .iter()
                                .any(|name| key.eq_ignore_ascii_case(name)) =>
                        {
                            self.runs(string, None);
                            self.document.insertion_point = string.span.end;
                        }
                        _ => self.loose(field, depth + 1),
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.loose(item, depth + 1);
                }
            }
            Value::Str(_) | Value::Other => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = r#"{
  "name": "lente_actie",
  "language": "nl",
  "category": "MARKETING",
  "components": [
    {"type": "HEADER", "format": "TEXT", "text": "Lente\u0020bij Velomaas"},
    {"type": "BODY", "text": "Hoi {{1}}!\n20% korting op \"e-bikes\" \u00e9\u00e9n week."},
    {"type": "FOOTER", "text": "Velomaas B.V."},
    {"type": "BUTTONS", "buttons": [
      {"type": "URL", "text": "Bekijk", "url": "https://velomaas.nl/lente"},
      {"type": "QUICK_REPLY", "text": "Stop promoties"}
    ]}
  ]
}"#;

    #[test]
    fn template_text_links_and_hints() {
        let document = parse(TEMPLATE);
        let texts: Vec<&str> = document.text.iter().map(|run| run.text.as_str()).collect();
        assert!(texts.contains(&"Hoi {{1}}!"));
        assert!(texts.contains(&"Stop promoties"));
        assert_eq!(document.hints[0].value, "marketing");
        assert_eq!(document.lang.as_deref(), Some("nl"));
        assert_eq!(document.links.len(), 2);
        assert_eq!(document.links[1].element, "quick-reply");
        assert_eq!(&TEMPLATE[document.links[1].span.clone()], "Stop promoties");
        assert_eq!(
            &TEMPLATE[document.links[0].href_span.clone().unwrap_or_default()],
            "https://velomaas.nl/lente"
        );
        // Every literal run is exact in the source.
        for run in &document.text {
            if !TEMPLATE[run.span.clone()].starts_with('\\') {
                assert_eq!(&TEMPLATE[run.span.clone()], run.text);
            }
        }
        // The line break escape starts a new block.
        let hoi = document.text.iter().find(|run| run.text == "Hoi {{1}}!");
        let korting = document
            .text
            .iter()
            .find(|run| run.text == "20% korting op ");
        assert_ne!(hoi.map(|run| run.block), korting.map(|run| run.block));
    }

    #[test]
    fn lists_and_data_wrappers() {
        let list = format!("[{TEMPLATE}, {TEMPLATE}]");
        assert_eq!(parse_each(&list).len(), 2);
        let data = format!("{{\"data\": [{TEMPLATE}], \"paging\": {{}}}}");
        assert_eq!(parse_each(&data).len(), 1);
        assert!(is_template_source(&data));
        assert!(!is_template_source(r#"{"name": "x", "version": "1.0.0"}"#));
        assert!(!is_template_source("{not json"));
        assert!(!is_template_source(&"[".repeat(10_000)));
    }

    #[test]
    fn surrogate_pairs_and_bad_escapes() {
        let source =
            r#"{"name":"a","components":[{"type":"BODY","text":"\ud83d\ude00 ok \ud800"}]}"#;
        let document = parse(source);
        let text: String = document.text.iter().map(|run| run.text.as_str()).collect();
        assert_eq!(text, "😀 ok \u{fffd}");
    }
}
