//! The context a draft is checked in: channel, purpose, audience, jurisdictions, language and
//! ESP. Resolved in this order: command-line flags > hints in the file > `sendlint.toml` >
//! detection from the content (DESIGN.md).

use super::facts::{Facts, Scope};
use super::{Checker, Context, Settings};
use crate::document::{Document, Format, Span};
use crate::rules::{JURISDICTIONS, LANGUAGES, RuleData};

/// Where a message goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    Sms,
    Whatsapp,
    Form,
}

impl Channel {
    pub fn parse(text: &str) -> Option<Channel> {
        match text.trim().to_ascii_lowercase().as_str() {
            "email" | "e-mail" => Some(Channel::Email),
            "sms" => Some(Channel::Sms),
            "whatsapp" => Some(Channel::Whatsapp),
            "form" => Some(Channel::Form),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Whatsapp => "whatsapp",
            Channel::Form => "form",
        }
    }
}

/// The purposes a message can be declared with, for error messages.
pub const PURPOSES: &str = "marketing, transactional, optin-confirmation or optout-confirmation";

/// Why a message is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Purpose {
    Marketing,
    Transactional,
    /// The confirmation of a subscription (double opt-in e-mail, first SMS of a programme).
    OptinConfirmation,
    /// The one reply to a stop request.
    OptoutConfirmation,
}

impl Purpose {
    pub fn parse(text: &str) -> Option<Purpose> {
        match text.trim().to_ascii_lowercase().as_str() {
            "marketing" => Some(Purpose::Marketing),
            "transactional" => Some(Purpose::Transactional),
            "optin-confirmation" => Some(Purpose::OptinConfirmation),
            "optout-confirmation" => Some(Purpose::OptoutConfirmation),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Marketing => "marketing",
            Purpose::Transactional => "transactional",
            Purpose::OptinConfirmation => "optin-confirmation",
            Purpose::OptoutConfirmation => "optout-confirmation",
        }
    }
}

/// Whose address it is: prospects need prior consent, customers fall under the soft opt-in,
/// business covers role addresses published for offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Audience {
    Prospects,
    Customers,
    Business,
}

impl Audience {
    pub fn parse(text: &str) -> Option<Audience> {
        match text.trim().to_ascii_lowercase().as_str() {
            "prospects" => Some(Audience::Prospects),
            "customers" => Some(Audience::Customers),
            "business" => Some(Audience::Business),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Prospects => "prospects",
            Audience::Customers => "customers",
            Audience::Business => "business",
        }
    }
}

/// One layer of context: every field optional, a higher layer's value wins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextLayer {
    pub channel: Option<Channel>,
    pub purpose: Option<Purpose>,
    pub audience: Option<Audience>,
    pub jurisdictions: Option<Vec<String>>,
    pub language: Option<String>,
    pub esp: Option<String>,
    /// The From line (`Anna <anna@shop.example>`) or the SMS/WhatsApp sender id.
    pub from: Option<String>,
    /// The subject line (e-mail) or template name.
    pub subject: Option<String>,
}

impl ContextLayer {
    /// Fills what this layer leaves open from `lower`.
    pub fn or(&self, lower: &ContextLayer) -> ContextLayer {
        ContextLayer {
            channel: self.channel.or(lower.channel),
            purpose: self.purpose.or(lower.purpose),
            audience: self.audience.or(lower.audience),
            jurisdictions: self
                .jurisdictions
                .clone()
                .or_else(|| lower.jurisdictions.clone()),
            language: self.language.clone().or_else(|| lower.language.clone()),
            esp: self.esp.clone().or_else(|| lower.esp.clone()),
            from: self.from.clone().or_else(|| lower.from.clone()),
            subject: self.subject.clone().or_else(|| lower.subject.clone()),
        }
    }
}

/// Splits a jurisdiction list (`nl,eu` or `nl eu`) and checks each entry.
pub fn parse_jurisdictions(text: &str) -> Result<Vec<String>, String> {
    let list: Vec<String> = text
        .split([',', ' ', ';'])
        .map(|item| item.trim().to_ascii_lowercase())
        .filter(|item| !item.is_empty())
        .collect();
    if list.is_empty() {
        return Err("an empty jurisdiction list".to_string());
    }
    for item in &list {
        if !JURISDICTIONS.contains(&item.as_str()) {
            return Err(format!(
                "unknown jurisdiction `{item}`: use one of {}",
                JURISDICTIONS.join(", ")
            ));
        }
    }
    Ok(list)
}

pub fn parse_language(text: &str) -> Result<String, String> {
    let language = text.trim().to_ascii_lowercase();
    if LANGUAGES.contains(&language.as_str()) {
        Ok(language)
    } else {
        Err(format!(
            "unknown language `{text}`: use one of {}",
            LANGUAGES.join(", ")
        ))
    }
}

/// The hints in the file as a layer, and the problems with them (unknown keys, bad values).
fn hint_layer(document: &Document, data: &RuleData) -> (ContextLayer, Vec<(Span, String)>) {
    let mut layer = ContextLayer::default();
    let mut problems = Vec::new();
    for hint in &document.hints {
        let value = hint.value.as_str();
        let result: Result<(), String> = match hint.key.as_str() {
            "channel" => Channel::parse(value)
                .map(|channel| layer.channel = Some(channel))
                .ok_or(format!(
                    "unknown channel `{value}`: use email, sms, whatsapp or form"
                )),
            "purpose" => Purpose::parse(value)
                .map(|purpose| layer.purpose = Some(purpose))
                .ok_or(format!("unknown purpose `{value}`: use {PURPOSES}")),
            "audience" => Audience::parse(value)
                .map(|audience| layer.audience = Some(audience))
                .ok_or(format!(
                    "unknown audience `{value}`: use prospects, customers or business"
                )),
            "jurisdiction" | "jurisdictions" => {
                parse_jurisdictions(value).map(|list| layer.jurisdictions = Some(list))
            }
            "lang" | "language" => {
                parse_language(value).map(|language| layer.language = Some(language))
            }
            "esp" => data
                .merge_tags
                .known_esp(value)
                .map(|esp| layer.esp = Some(esp)),
            "from" | "sender-id" => {
                layer.from = Some(value.to_string());
                Ok(())
            }
            "subject" => {
                layer.subject = Some(value.to_string());
                Ok(())
            }
            other => Err(format!(
                "unknown context key `{other}`: use channel, purpose, audience, jurisdiction, lang, esp, from or subject"
            )),
        };
        if let Err(message) = result {
            problems.push((hint.span.clone(), format!("sendlint hint: {message}")));
        }
    }
    (layer, problems)
}

/// Resolves the context of a document.
pub fn resolve(
    document: &Document,
    settings: &Settings,
    facts: &Facts,
    data: &RuleData,
) -> (Context, Vec<(Span, String)>) {
    let (hints, problems) = hint_layer(document, data);
    let layer = settings.flags.or(&hints).or(&settings.config);
    let channel = layer
        .channel
        .unwrap_or_else(|| detect_channel(document, settings, facts));
    let promotional = !facts.promotions().is_empty();
    let purpose = match layer.purpose {
        // The law looks at content, not labels: a declared transactional message with a
        // promotional block is checked as marketing (BGH VI ZR 134/15; 16 CFR 316.3).
        Some(Purpose::Transactional) if promotional => Purpose::Marketing,
        Some(purpose) => purpose,
        None => detect_purpose(facts),
    };
    let language = layer
        .language
        .clone()
        .or_else(|| {
            document
                .lang
                .as_deref()
                .and_then(|lang| parse_language(lang.split(['-', '_']).next().unwrap_or(lang)).ok())
        })
        .unwrap_or_else(|| detect_language(facts));
    let context = Context {
        channel,
        purpose,
        declared_purpose: layer.purpose,
        audience: layer.audience,
        jurisdictions: layer
            .jurisdictions
            .clone()
            .unwrap_or_else(|| vec!["eu".to_string()]),
        language,
        esp: layer.esp.clone(),
        from: layer
            .from
            .clone()
            .or_else(|| front_matter(document, &["from", "sender", "sender-id"])),
        subject: layer
            .subject
            .clone()
            .or_else(|| front_matter(document, &["subject", "title"]))
            .or_else(|| document.title.clone()),
    };
    (context, problems)
}

/// The first front-matter field with one of these names.
fn front_matter(document: &Document, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| {
        document
            .front_matter
            .iter()
            .find(|(name, value)| name == key && !value.trim().is_empty())
            .map(|(_, value)| value.clone())
    })
}

fn detect_channel(document: &Document, settings: &Settings, facts: &Facts) -> Channel {
    let extension = settings
        .extension
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    match (extension.as_str(), document.format) {
        ("sms", _) => Channel::Sms,
        (_, Format::WhatsappTemplate) => Channel::Whatsapp,
        (_, Format::Text) => {
            let text = &facts.visible.text;
            if text.contains("{{1}}") || text.to_ascii_lowercase().contains("whatsapp") {
                Channel::Whatsapp
            } else {
                Channel::Sms
            }
        }
        (_, Format::Html)
            if document.forms > 0 || (document.inputs > 0 && !document.controls.is_empty()) =>
        {
            Channel::Form
        }
        _ => Channel::Email,
    }
}

/// Marketing unless the content is transactional and nothing in it promotes (catalogue 3.5).
/// An unknown message counts as marketing: that is what a campaign linter is shown, and the
/// mistake in the other direction would hide every opt-out rule.
fn detect_purpose(facts: &Facts) -> Purpose {
    if facts.promotions().is_empty()
        && facts.has("transactional", Scope::Visible)
        && !facts.has("newsletter", Scope::Visible)
    {
        Purpose::Transactional
    } else {
        Purpose::Marketing
    }
}

/// The language with the most function words in the visible text; English when none.
fn detect_language(facts: &Facts) -> String {
    let text = facts.visible.text.to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|word| !word.is_empty())
        .collect();
    let mut best = ("en".to_string(), 0usize);
    for (language, stopwords) in &facts.lexicon().stopwords {
        let count = words
            .iter()
            .filter(|word| stopwords.contains(**word))
            .count();
        if count > best.1 {
            best = (language.clone(), count);
        }
    }
    best.0
}

/// `marketing-in-transactional`: declared transactional, but promotional content inside.
pub(crate) fn check_declared_purpose(checker: &mut Checker<'_>) {
    if checker.context.declared_purpose != Some(Purpose::Transactional) {
        return;
    }
    let hits = checker.facts.promotions();
    let Some(first) = hits.first() else { return };
    let span = checker.facts.visible.source_span(first.clone());
    let detail = checker.excerpt(&span);
    checker.report(
        "marketing-in-transactional",
        span,
        &detail,
        super::Certainty::Certain,
    );
}
