//! What a document is checked with: the client's settings (`initializationOptions`,
//! `workspace/didChangeConfiguration`) over the `sendlint.toml` found from the document's folder,
//! layered the way `sendlint check` layers its flags over the configuration.

use crate::config::{self, Config};
use crate::lint::{Brand, ContextLayer, parse_jurisdictions, parse_language};
use crate::{Format, Settings};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A string or a list of strings, as editors write them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BrandOptions {
    #[serde(alias = "legal-name")]
    legal_name: Option<String>,
    #[serde(default, alias = "trade-names")]
    trade_names: Vec<String>,
    #[serde(alias = "postal-address")]
    postal_address: Option<String>,
    #[serde(alias = "sms-sender-id")]
    sms_sender_id: Option<String>,
    #[serde(default)]
    domains: Vec<String>,
    email: Option<String>,
    website: Option<String>,
}

/// The settings an editor sends. Unknown keys are ignored: editors send their own (`path`,
/// `trace`) in the same section. Empty strings mean "not set", as editors store them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Options {
    jurisdiction: Option<OneOrMany>,
    #[serde(alias = "language")]
    lang: Option<String>,
    esp: Option<String>,
    brand: Option<BrandOptions>,
}

/// The client's settings, validated.
#[derive(Clone, Debug, Default)]
pub struct ClientSettings {
    pub flags: ContextLayer,
    pub brand: Option<Brand>,
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.filter(|text| !text.trim().is_empty())
}

impl ClientSettings {
    /// Reads settings sent by the client: either the sendlint section itself or an object
    /// holding it under `sendlint`. Returns the settings and the problems found, each naming the
    /// setting; an invalid setting is left unset.
    pub fn from_value(value: &serde_json::Value) -> (ClientSettings, Vec<String>) {
        let mut problems = Vec::new();
        let section = value.get("sendlint").unwrap_or(value);
        // Lua and some other clients send an empty table as `[]`.
        if section.is_null() || section.as_array().is_some_and(Vec::is_empty) {
            return (ClientSettings::default(), problems);
        }
        let options: Options = match serde_json::from_value(section.clone()) {
            Ok(options) => options,
            Err(error) => {
                problems.push(format!("the sendlint settings are invalid: {error}"));
                return (ClientSettings::default(), problems);
            }
        };
        let mut flags = ContextLayer::default();
        let jurisdiction = match options.jurisdiction {
            Some(OneOrMany::One(text)) => non_empty(Some(text)),
            Some(OneOrMany::Many(list)) => non_empty(Some(list.join(","))),
            None => None,
        };
        if let Some(text) = jurisdiction {
            match parse_jurisdictions(&text) {
                Ok(list) => flags.jurisdictions = Some(list),
                Err(error) => problems.push(format!("setting `jurisdiction`: {error}")),
            }
        }
        if let Some(text) = non_empty(options.lang) {
            match parse_language(&text) {
                Ok(language) => flags.language = Some(language),
                Err(error) => problems.push(format!("setting `lang`: {error}")),
            }
        }
        if let Some(text) = non_empty(options.esp) {
            match crate::rules::data().merge_tags.known_esp(&text) {
                Ok(esp) => flags.esp = Some(esp),
                Err(error) => problems.push(format!("setting `esp`: {error}")),
            }
        }
        let brand = options.brand.map(|brand| Brand {
            legal_name: non_empty(brand.legal_name),
            trade_names: brand.trade_names,
            postal_address: non_empty(brand.postal_address),
            sms_sender_id: non_empty(brand.sms_sender_id),
            domains: brand.domains,
            email: non_empty(brand.email),
            website: non_empty(brand.website),
        });
        let brand = brand.filter(|brand| *brand != Brand::default());
        (ClientSettings { flags, brand }, problems)
    }
}

/// A configuration file's outcome: loaded, none found, or the error to show instead of findings.
pub type Loaded = Result<Option<Arc<Config>>, String>;

/// Configuration per folder, loaded once and forgotten when a configuration file changes.
#[derive(Default)]
pub struct ConfigCache {
    by_folder: HashMap<PathBuf, Loaded>,
}

impl ConfigCache {
    pub fn clear(&mut self) {
        self.by_folder.clear();
    }

    pub fn for_file(&mut self, file: &Path) -> Loaded {
        let Some(folder) = file.parent() else {
            return Ok(None);
        };
        self.by_folder
            .entry(folder.to_path_buf())
            .or_insert_with(|| match config::discover(folder) {
                None => Ok(None),
                Some(path) => match config::load(&path) {
                    Ok(config) => Ok(Some(Arc::new(config))),
                    Err(error) => Err(format!("the configuration is invalid: {error}")),
                },
            })
            .clone()
    }
}

/// Whether a file name is one sendlint reads its configuration from.
pub fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| config::FILE_NAMES.contains(&name))
}

/// The extension to assume for a document the client names only by its language.
fn extension_for_language(language_id: &str) -> Option<&'static str> {
    match language_id {
        "html" | "mjml" => Some("html"),
        "markdown" => Some("md"),
        "plaintext" | "text" => Some("txt"),
        "sms" => Some("sms"),
        "json" => Some("json"),
        _ => None,
    }
}

/// The path a document is checked as: its file, or for an unsaved one a name whose extension
/// follows the document's language.
pub fn check_path(file: Option<&Path>, language_id: &str) -> PathBuf {
    match file {
        Some(file)
            if file
                .extension()
                .and_then(|ext| ext.to_str())
                .and_then(Format::from_extension)
                .is_some() =>
        {
            file.to_path_buf()
        }
        Some(file) => match extension_for_language(language_id) {
            Some(extension) => file.with_extension(extension),
            None => file.to_path_buf(),
        },
        None => PathBuf::from(format!(
            "untitled.{}",
            extension_for_language(language_id).unwrap_or("txt")
        )),
    }
}

/// The format of a document checked as `path`: by extension, else sniffed as the CLI does.
pub fn format_for(path: &Path, source: &str) -> Format {
    path.extension()
        .and_then(|ext| ext.to_str())
        .and_then(Format::from_extension)
        .unwrap_or_else(|| Format::sniff(source))
}

/// The settings for one document, built as `sendlint check` builds them: the client's settings
/// play the part of the command-line flags.
pub fn settings(path: &Path, client: &ClientSettings, config: Option<&Config>) -> Settings {
    let mut settings = crate::settings_for(path, &client.flags, config);
    if let Some(brand) = &client.brand {
        settings.brand = brand.clone();
    }
    settings
}
