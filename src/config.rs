//! `sendlint.toml`: discovery (walking up from each file), strict parsing (an unknown key is an
//! error naming the file, line and key) and layering (`[[overrides]]` by glob over the defaults).

use crate::diagnostic::Severity;
use crate::lint::{Audience, Brand, Channel, ContextLayer, Purpose, RuleLevel};
use crate::lint::{parse_jurisdictions, parse_language};
use crate::rules;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file names looked for, in order, in each folder.
pub const FILE_NAMES: [&str; 2] = ["sendlint.toml", ".sendlint.toml"];

/// A configuration file that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// A string or a list of strings (`jurisdiction = "nl"` or `["nl", "eu"]`).
type OneOrMany = Spanned<toml::Value>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BrandFile {
    legal_name: Option<String>,
    #[serde(default)]
    trade_names: Vec<String>,
    postal_address: Option<String>,
    sms_sender_id: Option<String>,
    #[serde(default)]
    domains: Vec<String>,
    email: Option<String>,
    website: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideFile {
    files: Spanned<Vec<String>>,
    channel: Option<Spanned<String>>,
    purpose: Option<Spanned<String>>,
    audience: Option<Spanned<String>>,
    jurisdiction: Option<OneOrMany>,
    lang: Option<Spanned<String>>,
    esp: Option<Spanned<String>>,
    from: Option<String>,
    subject: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    jurisdiction: Option<OneOrMany>,
    lang: Option<Spanned<String>>,
    esp: Option<Spanned<String>>,
    /// 5,000 or more messages a day to Gmail or Yahoo: the header rules become errors.
    bulk_sender: Option<bool>,
    brand: Option<BrandFile>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    overrides: Vec<OverrideFile>,
}

/// A loaded, validated configuration.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub path: PathBuf,
    /// Globs in `[[overrides]]` are relative to this folder.
    pub dir: PathBuf,
    pub defaults: ContextLayer,
    pub brand: Brand,
    pub rule_levels: BTreeMap<String, RuleLevel>,
    /// `bulk-sender = true`: the header rules become errors.
    pub bulk_sender: bool,
    overrides: Vec<(GlobSet, ContextLayer)>,
}

impl Config {
    /// The context layer for one file: matching overrides (later ones win) over the defaults.
    pub fn layer_for(&self, file: &Path) -> ContextLayer {
        let relative = file.strip_prefix(&self.dir).unwrap_or(file);
        let relative = relative.strip_prefix("./").unwrap_or(relative);
        let mut layer = self.defaults.clone();
        for (globs, overriding) in &self.overrides {
            if globs.is_match(relative) || globs.is_match(file) {
                layer = overriding.or(&layer);
            }
        }
        layer
    }
}

/// The nearest configuration file at or above `dir`.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let mut current = Some(dir);
    while let Some(folder) = current {
        for name in FILE_NAMES {
            let candidate = folder.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        current = folder.parent();
    }
    None
}

/// Reads and validates a configuration file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError {
        path: path.to_path_buf(),
        line: None,
        message: format!("cannot read the configuration: {error}"),
    })?;
    parse(&text, path)
}

/// Parses configuration text; `path` names it in errors and anchors `[[overrides]]` globs.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let error_at = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
        path: path.to_path_buf(),
        line: span.map(|span| line_of(span.start)),
        message,
    };
    let file: ConfigFile = toml::from_str(text).map_err(|error| {
        let message = error.message().trim_end_matches('.').to_string();
        error_at(error.span(), message)
    })?;
    let data = rules::data();

    let jurisdictions = |value: &OneOrMany| -> Result<Vec<String>, ConfigError> {
        let items: Vec<&toml::Value> = match value.get_ref() {
            toml::Value::Array(items) => items.iter().collect(),
            single => vec![single],
        };
        let mut list = Vec::new();
        for item in items {
            let text = item.as_str().ok_or_else(|| {
                error_at(
                    Some(value.span()),
                    "jurisdiction: write a name or a list of names, e.g. [\"nl\", \"eu\"]"
                        .to_string(),
                )
            })?;
            list.extend(parse_jurisdictions(text).map_err(|message| {
                error_at(Some(value.span()), format!("jurisdiction: {message}"))
            })?);
        }
        Ok(list)
    };
    let language = |value: &Spanned<String>| {
        parse_language(value.get_ref())
            .map_err(|message| error_at(Some(value.span()), format!("lang: {message}")))
    };
    let esp = |value: &Spanned<String>| {
        data.merge_tags
            .known_esp(value.get_ref())
            .map_err(|message| error_at(Some(value.span()), format!("esp: {message}")))
    };

    let mut defaults = ContextLayer::default();
    if let Some(value) = &file.jurisdiction {
        defaults.jurisdictions = Some(jurisdictions(value)?);
    }
    if let Some(value) = &file.lang {
        defaults.language = Some(language(value)?);
    }
    if let Some(value) = &file.esp {
        defaults.esp = Some(esp(value)?);
    }

    let mut rule_levels = BTreeMap::new();
    for (id, level) in &file.rules {
        let rule = data.rule(id).ok_or_else(|| {
            error_at(
                find_key(text, id),
                format!("rules: unknown rule `{id}`: `sendlint rules` lists them"),
            )
        })?;
        let level = match level.get_ref().as_str() {
            "off" => RuleLevel::Off,
            other => RuleLevel::On(Severity::parse(other).ok_or_else(|| {
                error_at(
                    Some(level.span()),
                    format!(
                        "rules.{id}: `{other}` is not a level: use off, info, warning or error"
                    ),
                )
            })?),
        };
        rule_levels.insert(rule.id.clone(), level);
    }

    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut overrides = Vec::new();
    for entry in &file.overrides {
        let mut builder = GlobSetBuilder::new();
        for pattern in entry.files.get_ref() {
            let glob = Glob::new(pattern).map_err(|error| {
                error_at(
                    Some(entry.files.span()),
                    format!("overrides.files: {error}"),
                )
            })?;
            builder.add(glob);
            // `dir/**` should also match files directly below `dir`, and a bare name anywhere.
            if !pattern.contains('/')
                && let Ok(glob) = Glob::new(&format!("**/{pattern}"))
            {
                builder.add(glob);
            }
        }
        let globs = builder.build().map_err(|error| {
            error_at(
                Some(entry.files.span()),
                format!("overrides.files: {error}"),
            )
        })?;
        let parse_with = |value: &Option<Spanned<String>>,
                          key: &str,
                          allowed: &str,
                          parse: &dyn Fn(&str) -> bool|
         -> Result<Option<String>, ConfigError> {
            match value {
                Some(value) if parse(value.get_ref()) => Ok(Some(value.get_ref().clone())),
                Some(value) => Err(error_at(
                    Some(value.span()),
                    format!(
                        "overrides.{key}: unknown value `{}`: use {allowed}",
                        value.get_ref()
                    ),
                )),
                None => Ok(None),
            }
        };
        let layer = ContextLayer {
            channel: parse_with(
                &entry.channel,
                "channel",
                "email, sms, whatsapp or form",
                &|v| Channel::parse(v).is_some(),
            )?
            .and_then(|v| Channel::parse(&v)),
            purpose: parse_with(&entry.purpose, "purpose", crate::lint::PURPOSES, &|v| {
                Purpose::parse(v).is_some()
            })?
            .and_then(|v| Purpose::parse(&v)),
            audience: parse_with(
                &entry.audience,
                "audience",
                "prospects, customers or business",
                &|v| Audience::parse(v).is_some(),
            )?
            .and_then(|v| Audience::parse(&v)),
            jurisdictions: entry.jurisdiction.as_ref().map(jurisdictions).transpose()?,
            language: entry.lang.as_ref().map(language).transpose()?,
            esp: entry.esp.as_ref().map(esp).transpose()?,
            from: entry.from.clone(),
            subject: entry.subject.clone(),
        };
        overrides.push((globs, layer));
    }

    let brand = file
        .brand
        .map(|brand| Brand {
            legal_name: brand.legal_name,
            trade_names: brand.trade_names,
            postal_address: brand.postal_address,
            sms_sender_id: brand.sms_sender_id,
            domains: brand.domains,
            email: brand.email,
            website: brand.website,
        })
        .unwrap_or_default();
    Ok(Config {
        path: path.to_path_buf(),
        dir,
        defaults,
        brand,
        rule_levels,
        bulk_sender: file.bulk_sender.unwrap_or(false),
        overrides,
    })
}

/// The range of a key in the text, for errors about a key rather than a value.
fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let quoted = format!("\"{key}\"");
    text.find(&quoted)
        .or_else(|| text.find(key))
        .map(|at| at..at + key.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_file_and_line() {
        let error = parse(
            "jurisdiction = [\"nl\"]\n\n[brand]\nlegal-name = \"X\"\nhomepage = \"x\"\n",
            Path::new("campaigns/sendlint.toml"),
        )
        .unwrap_err();
        assert_eq!(error.line, Some(5));
        assert!(
            error.to_string().starts_with("campaigns/sendlint.toml:5: "),
            "{error}"
        );
        assert!(error.message.contains("homepage"), "{error}");
    }

    #[test]
    fn bad_values_are_named() {
        let error = parse("jurisdiction = \"nl,xx\"\n", Path::new("s.toml")).unwrap_err();
        assert!(
            error.message.contains("unknown jurisdiction `xx`"),
            "{error}"
        );
        let error = parse(
            "[rules]\n\"missing-unsubscribe\" = \"loud\"\n",
            Path::new("s.toml"),
        )
        .unwrap_err();
        assert_eq!(error.line, Some(2));
    }

    #[test]
    fn overrides_layer_over_defaults() {
        let config = parse(
            "jurisdiction = [\"nl\"]\nesp = \"mailchimp\"\n[[overrides]]\nfiles = [\"transactional/**\"]\npurpose = \"transactional\"\njurisdiction = \"us\"\n",
            Path::new("/repo/sendlint.toml"),
        )
        .unwrap();
        let layer = config.layer_for(Path::new("/repo/transactional/order.html"));
        assert_eq!(layer.purpose, Some(Purpose::Transactional));
        assert_eq!(layer.jurisdictions, Some(vec!["us".to_string()]));
        assert_eq!(layer.esp.as_deref(), Some("mailchimp"));
        let other = config.layer_for(Path::new("/repo/news/spring.html"));
        assert_eq!(other.purpose, None);
        assert_eq!(other.jurisdictions, Some(vec!["nl".to_string()]));
    }
}
