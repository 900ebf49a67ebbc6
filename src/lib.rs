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
pub mod suppress;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use document::{Document, Format};
pub use lint::{
    Audience, Brand, Channel, Context, ContextLayer, Purpose, Report, RuleLevel, Settings,
};

/// Parses and checks one source: the diagnostics, sorted by position.
pub fn check_source(source: &str, format: Format, settings: &Settings) -> Vec<Diagnostic> {
    check_document(source, format, settings).diagnostics
}

/// Parses and checks one source: the resolved context and the diagnostics.
pub fn check_document(source: &str, format: Format, settings: &Settings) -> Report {
    let data = rules::data();
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
    }
}
