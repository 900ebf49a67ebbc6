//! sendlint checks marketing drafts — HTML and Markdown e-mail, SMS and WhatsApp texts, signup
//! forms — against what direct-marketing law asks of them, and reports each finding at an exact
//! byte range of the source.
//!
//! ```
//! use sendlint::{Format, Settings, check_source};
//!
//! let html = r#"<p>Spring sale: 20% off. <a href="https://shop.example.org">Shop now</a></p>"#;
//! let diagnostics = check_source(html, Format::Html, &Settings::default());
//! assert!(diagnostics.iter().any(|diagnostic| diagnostic.rule == "missing-unsubscribe"));
//! ```

pub mod config;
pub mod diagnostic;
pub mod document;
pub mod lint;
pub mod lsp;
pub mod render;
pub mod rules;
mod settings;
pub mod suppress;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use document::{Document, Format};
pub use lint::{
    Audience, Brand, Channel, Context, ContextLayer, Purpose, Report, RuleLevel, Settings,
};
pub use settings::SettingsBuilder;

/// Parses and checks one source: the diagnostics, sorted by position.
pub fn check_source(source: &str, format: Format, settings: &Settings) -> Vec<Diagnostic> {
    check_document(source, format, settings).diagnostics
}

/// Parses and checks one source: the resolved context and the diagnostics.
pub fn check_document(source: &str, format: Format, settings: &Settings) -> Report {
    let data = rules::data();
    if format == Format::Mime {
        return check_message_report(source.as_bytes(), settings);
    }
    // A JSON file may hold several WhatsApp templates: each is a message of its own.
    if format == Format::WhatsappTemplate {
        let templates = document::parse_templates(source, &data.merge_tags);
        if templates.len() > 1 {
            let mut reports = templates
                .iter()
                .map(|template| lint::check(template, settings));
            if let Some(mut report) = reports.next() {
                for other in reports {
                    report.diagnostics.extend(other.diagnostics);
                }
                report.diagnostics.sort_by(|a, b| {
                    (a.range.start, a.range.end, &a.rule).cmp(&(
                        b.range.start,
                        b.range.end,
                        &b.rule,
                    ))
                });
                return report;
            }
        }
    }
    let document = document::parse(source, format, &data.merge_tags);
    lint::check(&document, settings)
}

/// The settings for checking `path`: the caller's context flags over the configuration's layer
/// for that file (its `[[overrides]]` over its defaults), with its brand and rule levels.
pub fn settings_for(
    path: &std::path::Path,
    flags: &ContextLayer,
    config: Option<&config::Config>,
) -> Settings {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Settings {
        flags: flags.clone(),
        config: config
            .map(|config| config.layer_for(&absolute))
            .unwrap_or_default(),
        brand: config
            .map(|config| config.brand.clone())
            .unwrap_or_default(),
        rule_levels: config
            .map(|config| config.rule_levels.clone())
            .unwrap_or_default(),
        message_language: None,
        extension: path
            .extension()
            .and_then(|ext| ext.to_str())
            .map(str::to_ascii_lowercase),
        bulk_sender: config.is_some_and(|config| config.bulk_sender),
    }
}

/// Parses and checks a MIME message (`.eml`, `message/rfc822`) as it will be sent: its headers,
/// and each `text/html` and `text/plain` part on its own, so an opt-out only in the HTML part is
/// a finding on the text part. Every range is a byte range of `bytes`; a message is never
/// refused for its charset or encoding.
///
/// ```
/// use sendlint::{Settings, check_message};
///
/// let message = b"From: Velomaas B.V. <nieuws@velomaas.example.nl>\r\n\
/// Subject: Voorjaarsactie: 20% korting op fietstassen\r\n\
/// Content-Type: text/plain; charset=utf-8\r\n\
/// \r\n\
/// Alle fietstassen 20% korting: https://www.velomaas.example.nl/tassen\r\n";
/// let settings = Settings::builder().jurisdictions(["nl"]).build();
/// let diagnostics = check_message(message, &settings);
/// let header = diagnostics
///     .iter()
///     .find(|diagnostic| diagnostic.rule == "missing-list-unsubscribe-header")
///     .expect("no List-Unsubscribe header");
/// // Where the header would go: the blank line that ends the header block.
/// assert_eq!(&message[header.range.start..header.range.start + 2], b"\r\n");
/// assert!(diagnostics.iter().any(|diagnostic| diagnostic.rule == "missing-unsubscribe"));
/// ```
pub fn check_message(bytes: &[u8], settings: &Settings) -> Vec<Diagnostic> {
    check_message_report(bytes, settings).diagnostics
}

/// Like [`check_message`], with the context the message was checked in (that of its first part,
/// HTML before text).
pub fn check_message_report(bytes: &[u8], settings: &Settings) -> Report {
    let data = rules::data();
    let message = document::mime::parse(bytes, &data.merge_tags);
    let mut parts = message.parts;
    if parts.is_empty() {
        // No text part to read: the headers are still checked.
        let mut empty = Document::empty(message.source.clone(), Format::Text);
        empty.headers = message.headers.clone();
        empty.part = Some(document::mime::Part {
            index: 0,
            content_type: "text/plain".to_string(),
            header_span: 0..0,
            body_span: empty.source.len()..empty.source.len(),
            exact: true,
            alternative: false,
        });
        parts.push(empty);
    }
    // A message is e-mail, whatever its text looks like.
    let mut settings = settings.clone();
    settings.config.channel = settings.config.channel.or(Some(Channel::Email));
    let mut report: Option<Report> = None;
    for part in &parts {
        let mut part_settings = settings.clone();
        // The first part decides what the message is: the other parts are read in its context.
        if let Some(first) = &report {
            let layer = &mut part_settings.config;
            let context = &first.context;
            layer.purpose = layer.purpose.or(Some(context.purpose));
            layer.language = layer.language.clone().or(Some(context.language.clone()));
            layer.audience = layer.audience.or(context.audience);
            layer.jurisdictions = layer
                .jurisdictions
                .clone()
                .or(Some(context.jurisdictions.clone()));
            layer.esp = layer.esp.clone().or(context.esp.clone());
        }
        let mut part_report = lint::check(part, &part_settings);
        if part.part.as_ref().is_some_and(|part| !part.exact) {
            // An edit of decoded text cannot be applied to encoded bytes.
            for diagnostic in &mut part_report.diagnostics {
                diagnostic.fix = None;
            }
        }
        match &mut report {
            None => report = Some(part_report),
            Some(report) => report.diagnostics.extend(part_report.diagnostics),
        }
    }
    let mut report = report.unwrap_or_else(|| Report {
        context: lint::check(&Document::empty(String::new(), Format::Text), &settings).context,
        diagnostics: Vec::new(),
    });
    // The From and Subject findings of each part are one finding of the message.
    report.diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
    report
        .diagnostics
        .dedup_by(|a, b| a.rule == b.rule && a.range == b.range);
    report
}
