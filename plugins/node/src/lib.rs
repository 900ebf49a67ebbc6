//! The sendlint core for Node.js sending pipelines, compiled to WebAssembly: `checkMessage` for a
//! MIME message as it will be sent, `checkSource` for an HTML, Markdown or text draft. Options are
//! a plain object with the command line's context flags; diagnostics come back as plain objects
//! shaped like a diagnostic of `sendlint check --format json`, lines and columns made here.

use sendlint::render::{Position, Positions};
use sendlint::{Applicability, Audience, Brand, Channel, Diagnostic, Format, Purpose, Settings};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

/// The options object of `checkMessage` and `checkSource`; every key may be left out.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// `"nl"`, `"nl,eu"` or `["nl", "eu"]`.
    pub jurisdiction: Option<serde_json::Value>,
    pub lang: Option<String>,
    pub message_lang: Option<String>,
    pub esp: Option<String>,
    pub purpose: Option<String>,
    pub channel: Option<String>,
    pub audience: Option<String>,
    pub bulk_sender: Option<bool>,
    /// Severity overrides as in `[rules]` of `sendlint.toml`: `"error"`, `"warning"`, `"info"` or
    /// `"off"`.
    pub rules: Option<BTreeMap<String, String>>,
    pub brand: Option<BrandOptions>,
}

/// `[brand]` of `sendlint.toml`, in camelCase.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BrandOptions {
    pub legal_name: Option<String>,
    #[serde(default)]
    pub trade_names: Vec<String>,
    pub postal_address: Option<String>,
    pub sms_sender_id: Option<String>,
    #[serde(default)]
    pub domains: Vec<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

/// One finding, as `sendlint check --format json` writes it, without the path.
#[derive(Debug, Serialize)]
pub struct JsDiagnostic {
    pub rule: String,
    pub severity: &'static str,
    pub message: String,
    pub range: JsRange,
    pub references: Vec<String>,
    pub fix: Option<JsFix>,
}

/// 1-based lines, columns counting Unicode scalar values, byte offsets into the input.
#[derive(Debug, Serialize)]
pub struct JsRange {
    pub start: JsPosition,
    pub end: JsPosition,
}

#[derive(Debug, Serialize)]
pub struct JsPosition {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

#[derive(Debug, Serialize)]
pub struct JsFix {
    pub message: String,
    pub applicability: &'static str,
    pub edits: Vec<JsEdit>,
}

#[derive(Debug, Serialize)]
pub struct JsEdit {
    pub range: JsRange,
    pub text: String,
}

/// Checks a MIME message (the bytes of an `.eml` as it will be sent): its headers, and each
/// `text/html` and `text/plain` part. Offsets are byte offsets into `message`.
#[wasm_bindgen(js_name = checkMessage)]
pub fn check_message(message: &[u8], options: JsValue) -> Result<JsValue, JsError> {
    let settings = settings(read_options(options)?)?;
    let diagnostics = sendlint::check_message(message, &settings);
    let source = sendlint::document::mime::source_text(message);
    to_js(&convert(&source, &diagnostics))
}

/// Checks one draft. `format` is `"html"`, `"markdown"`, `"text"`, `"whatsapp-template"` or
/// `"eml"`, or any extension `sendlint check` reads (`"htm"`, `"md"`, `"sms"`, ...). Offsets are
/// byte offsets into the UTF-8 encoding of `source`.
#[wasm_bindgen(js_name = checkSource)]
pub fn check_source(source: &str, format: &str, options: JsValue) -> Result<JsValue, JsError> {
    let extension = parse_format(format).map_err(|message| JsError::new(&message))?;
    let format = Format::from_extension(&extension).unwrap_or(Format::Text);
    let mut settings = settings(read_options(options)?)?;
    // The extension is what the command line detects the channel from (`.sms` is an SMS).
    settings.extension = Some(extension);
    let diagnostics = sendlint::check_source(source, format, &settings);
    to_js(&convert(source, &diagnostics))
}

/// Checks an options object without checking anything with it, so that a misspelt option fails
/// where the plugin is set up rather than at the first send.
#[wasm_bindgen(js_name = validateOptions)]
pub fn validate_options(options: JsValue) -> Result<(), JsError> {
    settings(read_options(options)?).map(|_| ())
}

fn read_options(options: JsValue) -> Result<Options, JsError> {
    // Through a JSON value: serde-wasm-bindgen reads only the fields a struct names, so an
    // unknown (misspelt) key would otherwise pass unnoticed.
    let value: Option<serde_json::Value> = serde_wasm_bindgen::from_value(options)
        .map_err(|error| JsError::new(&format!("sendlint options: {error}")))?;
    match value {
        None | Some(serde_json::Value::Null) => Ok(Options::default()),
        Some(value) => serde_json::from_value(value)
            .map_err(|error| JsError::new(&format!("sendlint options: {error}"))),
    }
}

fn to_js(diagnostics: &[JsDiagnostic]) -> Result<JsValue, JsError> {
    // JSON-compatible: `null` for an absent fix, plain objects rather than `Map`s.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    diagnostics
        .serialize(&serializer)
        .map_err(|error| JsError::new(&error.to_string()))
}

/// A format name or extension, lower-cased, as `checkSource` takes it.
fn parse_format(format: &str) -> Result<String, String> {
    let name = format.trim().trim_start_matches('.').to_ascii_lowercase();
    let name = match name.as_str() {
        "text" | "plain" => "txt".to_string(),
        "whatsapp-template" | "whatsapp" => "json".to_string(),
        "mime" => "eml".to_string(),
        _ => name,
    };
    if Format::from_extension(&name).is_some() {
        Ok(name)
    } else {
        Err(format!(
            "sendlint: unknown format `{format}`: use html, markdown, text, sms, whatsapp-template or eml"
        ))
    }
}

/// The settings for `options`, or an error naming the option and the values it takes.
pub fn settings(options: Options) -> Result<Settings, JsError> {
    build_settings(options).map_err(|message| JsError::new(&format!("sendlint options: {message}")))
}

/// Like the command line, an unknown value is an error rather than silently dropped.
pub fn build_settings(options: Options) -> Result<Settings, String> {
    let mut builder = Settings::builder();
    if let Some(jurisdiction) = options.jurisdiction {
        let text = match jurisdiction {
            serde_json::Value::String(text) => text,
            serde_json::Value::Array(list) => list
                .iter()
                .map(|item| item.as_str().ok_or_else(jurisdiction_type))
                .collect::<Result<Vec<_>, _>>()?
                .join(","),
            _ => return Err(jurisdiction_type()),
        };
        let list = sendlint::lint::parse_jurisdictions(&text)
            .map_err(|message| format!("jurisdiction: {message}"))?;
        builder = builder.jurisdictions(list);
    }
    if let Some(lang) = options.lang {
        let lang =
            sendlint::lint::parse_language(&lang).map_err(|message| format!("lang: {message}"))?;
        builder = builder.language(&lang);
    }
    if let Some(lang) = options.message_lang {
        let lang = sendlint::lint::parse_language(&lang)
            .map_err(|message| format!("messageLang: {message}"))?;
        builder = builder.message_language(&lang);
    }
    if let Some(esp) = options.esp {
        builder = builder.esp(&esp);
    }
    if let Some(purpose) = options.purpose {
        let parsed = Purpose::parse(&purpose).ok_or_else(|| {
            format!(
                "purpose: unknown purpose `{purpose}`: use {}",
                sendlint::lint::PURPOSES
            )
        })?;
        builder = builder.purpose(parsed);
    }
    if let Some(channel) = options.channel {
        let parsed = Channel::parse(&channel).ok_or_else(|| {
            format!("channel: unknown channel `{channel}`: use email, sms, whatsapp or form")
        })?;
        builder = builder.channel(parsed);
    }
    if let Some(audience) = options.audience {
        let parsed = Audience::parse(&audience).ok_or_else(|| {
            format!("audience: unknown audience `{audience}`: use prospects, customers or business")
        })?;
        builder = builder.audience(parsed);
    }
    if let Some(bulk_sender) = options.bulk_sender {
        builder = builder.bulk_sender(bulk_sender);
    }
    for (rule, level) in options.rules.unwrap_or_default() {
        let level = match level.as_str() {
            "off" => None,
            other => Some(sendlint::Severity::parse(other).ok_or_else(|| {
                format!("rules: `{rule}` = `{level}`: use error, warning, info or off")
            })?),
        };
        builder = builder.rule(&rule, level);
    }
    if let Some(brand) = options.brand {
        builder = builder.brand(Brand {
            legal_name: brand.legal_name,
            trade_names: brand.trade_names,
            postal_address: brand.postal_address,
            sms_sender_id: brand.sms_sender_id,
            domains: brand.domains,
            email: brand.email,
            website: brand.website,
        });
    }
    Ok(builder.build())
}

fn jurisdiction_type() -> String {
    "jurisdiction: expected a string (`\"nl,eu\"`) or a list of strings (`[\"nl\", \"eu\"]`)"
        .to_string()
}

/// Lines and columns for the diagnostics of `source`.
pub fn convert(source: &str, diagnostics: &[Diagnostic]) -> Vec<JsDiagnostic> {
    let positions = Positions::new(source);
    let range = |range: &std::ops::Range<usize>| JsRange {
        start: position(positions.position(range.start)),
        end: position(positions.position(range.end)),
    };
    diagnostics
        .iter()
        .map(|diagnostic| JsDiagnostic {
            rule: diagnostic.rule.clone(),
            severity: diagnostic.severity.as_str(),
            message: diagnostic.message.clone(),
            range: range(&diagnostic.range),
            references: diagnostic.references.clone(),
            fix: diagnostic.fix.as_ref().map(|fix| JsFix {
                message: fix.message.clone(),
                applicability: match fix.applicability {
                    Applicability::Safe => "safe",
                    Applicability::Unsafe => "unsafe",
                },
                edits: fix
                    .edits
                    .iter()
                    .map(|edit| JsEdit {
                        range: range(&edit.range),
                        text: edit.text.clone(),
                    })
                    .collect(),
            }),
        })
        .collect()
}

fn position(position: Position) -> JsPosition {
    JsPosition {
        line: position.line,
        column: position.column,
        offset: position.offset,
    }
}
