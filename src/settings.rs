//! A builder for `Settings`, so that a sending pipeline can check a message with the context it
//! knows, without a configuration file.

use crate::diagnostic::Severity;
use crate::lint::{Audience, Brand, Channel, Purpose, RuleLevel, Settings};

/// Builds [`Settings`] as the command-line flags would give them.
///
/// ```
/// use sendlint::{Channel, Purpose, Settings, Severity};
///
/// let settings = Settings::builder()
///     .channel(Channel::Email)
///     .purpose(Purpose::Marketing)
///     .jurisdictions(["nl", "eu"])
///     .language("nl")
///     .esp("mailchimp")
///     .bulk_sender(true)
///     .rule("missing-postal-address", Some(Severity::Warning))
///     .rule("missing-list-unsubscribe-header", None)
///     .legal_name("Velomaas B.V.")
///     .build();
/// assert_eq!(settings.flags.jurisdictions, Some(vec!["nl".to_string(), "eu".to_string()]));
/// assert!(settings.bulk_sender);
///
/// let html = r#"<p>Voorjaarsactie bij Velomaas B.V.: 20% korting op fietstassen.</p>"#;
/// let diagnostics = sendlint::check_source(html, sendlint::Format::Html, &settings);
/// assert!(diagnostics.iter().any(|diagnostic| diagnostic.rule == "missing-unsubscribe"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct SettingsBuilder {
    settings: Settings,
}

impl Settings {
    /// Starts from no context at all: everything is detected, under `eu`.
    pub fn builder() -> SettingsBuilder {
        SettingsBuilder::default()
    }
}

impl SettingsBuilder {
    pub fn channel(mut self, channel: Channel) -> Self {
        self.settings.flags.channel = Some(channel);
        self
    }

    pub fn purpose(mut self, purpose: Purpose) -> Self {
        self.settings.flags.purpose = Some(purpose);
        self
    }

    pub fn audience(mut self, audience: Audience) -> Self {
        self.settings.flags.audience = Some(audience);
        self
    }

    /// Which law applies, of `nl`, `eu`, `uk`, `us`, `ca`, `de`; unknown entries are dropped.
    pub fn jurisdictions<I, S>(mut self, jurisdictions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let list: Vec<String> = jurisdictions
            .into_iter()
            .filter_map(|item| crate::lint::parse_jurisdictions(item.as_ref()).ok())
            .flatten()
            .collect();
        self.settings.flags.jurisdictions = (!list.is_empty()).then_some(list);
        self
    }

    /// The language of the drafts, of `nl`, `en`, `de`, `fr`; an unknown one is ignored.
    pub fn language(mut self, language: &str) -> Self {
        self.settings.flags.language = crate::lint::parse_language(language).ok();
        self
    }

    /// The language of the messages, when not each draft's own.
    pub fn message_language(mut self, language: &str) -> Self {
        self.settings.message_language = crate::lint::parse_language(language).ok();
        self
    }

    /// The ESP whose merge tags will be substituted.
    pub fn esp(mut self, esp: &str) -> Self {
        self.settings.flags.esp = Some(esp.to_ascii_lowercase());
        self
    }

    /// 5,000 or more messages a day to Gmail or Yahoo: the header rules become errors.
    pub fn bulk_sender(mut self, bulk_sender: bool) -> Self {
        self.settings.bulk_sender = bulk_sender;
        self
    }

    /// A rule's severity, or `None` to turn it off.
    pub fn rule(mut self, rule: &str, level: Option<Severity>) -> Self {
        let level = level.map_or(RuleLevel::Off, RuleLevel::On);
        self.settings.rule_levels.insert(rule.to_string(), level);
        self
    }

    /// The sender's legal name (`[brand] legal-name`).
    pub fn legal_name(mut self, name: &str) -> Self {
        self.settings.brand.legal_name = Some(name.to_string());
        self
    }

    pub fn brand(mut self, brand: Brand) -> Self {
        self.settings.brand = brand;
        self
    }

    pub fn build(self) -> Settings {
        self.settings
    }
}
