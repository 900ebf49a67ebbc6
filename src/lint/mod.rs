//! The checks: from a `Document` and its context to diagnostics.
//!
//! Invariant: no IO here. Rules ask the `Document` (and the folded text built from it once per
//! check) for facts; none of them looks at markup.

mod classification;
mod confirmation;
mod consent;
mod context;
mod facts;
mod form_info;
mod forms;
mod headers;
mod identity;
mod optout;
mod phrase;
mod sender;
mod sms;
mod whatsapp;

pub use context::{
    Audience, Channel, ContextLayer, PURPOSES, Purpose, parse_jurisdictions, parse_language,
};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::document::{Document, Format, Span};
use crate::rules::{self, RuleData};
use crate::suppress;
use facts::Facts;
use std::collections::BTreeMap;

/// Who sends the campaign, as configured (`[brand]` in `sendlint.toml`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Brand {
    pub legal_name: Option<String>,
    pub trade_names: Vec<String>,
    pub postal_address: Option<String>,
    pub sms_sender_id: Option<String>,
    /// The sender's own domains (`shop.example`), for From addresses and links.
    pub domains: Vec<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

impl Brand {
    /// Every name the sender goes by.
    pub fn names(&self) -> Vec<&str> {
        self.legal_name
            .iter()
            .chain(&self.trade_names)
            .chain(&self.sms_sender_id)
            .map(String::as_str)
            .filter(|name| !name.trim().is_empty())
            .collect()
    }
}

/// A configured rule level: a severity, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

/// Everything a check needs besides the source: the context given on the command line and in
/// configuration, the brand, rule levels.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Context from command-line flags (or the caller), the highest layer.
    pub flags: ContextLayer,
    /// Context from configuration, already merged for this file (overrides over defaults).
    pub config: ContextLayer,
    pub brand: Brand,
    pub rule_levels: BTreeMap<String, RuleLevel>,
    /// The language of messages, when not the document's.
    pub message_language: Option<String>,
    /// The file's extension, for channel detection.
    pub extension: Option<String>,
    /// The sender sends 5,000 or more messages a day to Gmail or Yahoo (`--bulk-sender`,
    /// `bulk-sender = true`): the header rules become errors.
    pub bulk_sender: bool,
}

/// The context a document was checked in, after layering and detection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    pub channel: Channel,
    pub purpose: Purpose,
    /// The purpose someone declared (flag, hint, configuration), before content was looked at.
    pub declared_purpose: Option<Purpose>,
    pub audience: Option<Audience>,
    pub jurisdictions: Vec<String>,
    pub language: String,
    pub esp: Option<String>,
    /// The From line or sender id, when a hint, the front matter or the configuration gives it.
    pub from: Option<String>,
    /// The subject line: a hint, the front matter, else the HTML `<title>`.
    pub subject: Option<String>,
}

/// What checking one document found.
#[derive(Clone, Debug)]
pub struct Report {
    pub context: Context,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks a parsed document. The one function the CLI, the LSP and the library all call.
pub fn check(document: &Document, settings: &Settings) -> Report {
    let data = rules::data();
    let facts = Facts::new(document, &data.lexicon);
    let (context, hint_problems) = context::resolve(document, settings, &facts, data);
    let mut checker = Checker {
        document,
        settings,
        context: &context,
        facts: &facts,
        data,
        findings: Vec::new(),
        sender_found: std::cell::OnceCell::new(),
    };

    for problem in &document.problems {
        checker.report_with(
            "invalid-directive",
            problem.span.clone(),
            &problem.message,
            None,
        );
    }
    for (span, message) in hint_problems {
        checker.report_with("invalid-directive", span, &message, None);
    }

    if context.channel != Channel::Form {
        context::check_declared_purpose(&mut checker);
        if checker.context.purpose == Purpose::Marketing {
            optout::check(&mut checker);
            sender::check(&mut checker);
        }
    }
    consent::check(&mut checker);
    // Each of these decides for itself which channels and purposes it looks at.
    identity::check(&mut checker);
    classification::check(&mut checker);
    sms::check(&mut checker);
    whatsapp::check(&mut checker);
    forms::check(&mut checker);
    form_info::check(&mut checker);
    phrase::check(&mut checker);
    confirmation::check(&mut checker);
    headers::check(&mut checker);

    let findings = std::mem::take(&mut checker.findings);
    let (mut diagnostics, suppression_findings) = suppress::apply(document, findings, data);
    for finding in suppression_findings {
        checker.report(
            finding.rule,
            finding.span,
            &finding.detail,
            Certainty::Certain,
        );
    }
    diagnostics.append(&mut checker.findings);
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.range == b.range);
    Report {
        context,
        diagnostics,
    }
}

/// Collects findings for one document, turning them into diagnostics with the rule data.
pub(crate) struct Checker<'a> {
    pub document: &'a Document,
    pub settings: &'a Settings,
    pub context: &'a Context,
    pub facts: &'a Facts,
    pub data: &'a RuleData,
    pub findings: Vec<Diagnostic>,
    /// Whether the message names its sender, found once for the rules that ask.
    sender_found: std::cell::OnceCell<bool>,
}

/// How sure a check is: a likely finding is reported one level lower than the rule's severity
/// (an encoded merge tag that some ESPs decode, a low-contrast link that is still there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Certainty {
    Certain,
    Likely,
}

impl<'a> Checker<'a> {
    pub fn message_language(&self) -> &str {
        self.settings
            .message_language
            .as_deref()
            .unwrap_or(&self.context.language)
    }

    /// The severity of a rule in this context, or `None` when it is off.
    pub fn severity(&self, rule_id: &str) -> Option<Severity> {
        let rule = self.data.rule(rule_id)?;
        let configured = self.settings.rule_levels.get(&rule.id).or_else(|| {
            rule.aliases
                .iter()
                .find_map(|alias| self.settings.rule_levels.get(alias))
        });
        match configured {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::On(severity)) => Some(*severity),
            None => rule.severity(
                &self.context.jurisdictions,
                self.context.audience.map(Audience::as_str),
            ),
        }
    }

    /// The titles of a rule's references that apply under the active jurisdictions (EU law
    /// under nl, de and eu), or all of them when none does.
    fn references(&self, rule: &rules::Rule) -> Vec<String> {
        let mut active: Vec<&str> = self
            .context
            .jurisdictions
            .iter()
            .map(String::as_str)
            .collect();
        if active.iter().any(|j| matches!(*j, "nl" | "de" | "eu")) {
            active.push("eu");
        }
        let applying: Vec<String> = rule
            .references
            .iter()
            .filter_map(|key| self.data.references.get(key))
            .filter(|reference| {
                reference.jurisdictions.is_empty()
                    || reference
                        .jurisdictions
                        .iter()
                        .any(|own| active.contains(&own.as_str()))
            })
            .map(|reference| reference.title.clone())
            .collect();
        if applying.is_empty() {
            self.data.reference_titles(rule)
        } else {
            applying
        }
    }

    /// The source text of a range as a reader sees it: tags dropped, entities decoded, white
    /// space collapsed, shortened to about 80 characters.
    pub fn excerpt(&self, span: &Span) -> String {
        let raw = self.document.source.get(span.clone()).unwrap_or_default();
        let text = match &self.document.part {
            // An encoded MIME part: the decoded text of the runs in the range, not the escapes.
            Some(part) if !part.exact => self
                .document
                .text
                .iter()
                .filter(|run| run.span.start >= span.start && run.span.end <= span.end)
                .map(|run| run.text.as_str())
                .collect::<Vec<_>>()
                .join(""),
            _ => strip_tags(raw),
        };
        let text = crate::document::html::collapse_whitespace(&text);
        match text.char_indices().nth(80) {
            Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
            None => text,
        }
    }

    /// Whether a rule's channels include this document's.
    pub fn applies(&self, rule_id: &str) -> bool {
        self.data.rule(rule_id).is_some_and(|rule| {
            rule.channels
                .iter()
                .any(|channel| channel == self.context.channel.as_str())
        })
    }

    pub fn report(&mut self, rule_id: &str, span: Span, detail: &str, certainty: Certainty) {
        self.report_full(rule_id, span, detail, certainty, None);
    }

    pub fn report_with(&mut self, rule_id: &str, span: Span, detail: &str, fix: Option<Fix>) {
        self.report_full(rule_id, span, detail, Certainty::Certain, fix);
    }

    pub fn report_full(
        &mut self,
        rule_id: &str,
        span: Span,
        detail: &str,
        certainty: Certainty,
        fix: Option<Fix>,
    ) {
        let Some(rule) = self.data.rule(rule_id) else {
            return;
        };
        let Some(mut severity) = self.severity(rule_id) else {
            return;
        };
        if certainty == Certainty::Likely && severity == Severity::Error {
            severity = Severity::Warning;
        }
        let language = self.message_language().to_string();
        let detail_quoted = if detail.is_empty() {
            String::new()
        } else {
            format!("`{detail}`")
        };
        let message = rule.message(
            &language,
            &[("detail", &detail_quoted), ("brand", &self.brand_name())],
        );
        let message = message.replace("  ", " ").replace(" `` ", " ");
        let span = clamp(span, self.document.source.len());
        self.findings.push(Diagnostic {
            rule: rule.id.clone(),
            severity,
            range: span,
            message,
            references: self.references(rule),
            fix,
        });
    }

    /// Reports a missing element where it belongs (before `</body>`, else at the end) with the
    /// rule's suggested wording as an insertion.
    pub fn report_missing(&mut self, rule_id: &str) {
        let at = self.document.insertion_point;
        let fix = self.insertion_fix(rule_id, at);
        self.report_with(rule_id, at..at, "", fix);
    }

    pub fn insertion_fix(&self, rule_id: &str, at: usize) -> Option<Fix> {
        let rule = self.data.rule(rule_id)?;
        let unsubscribe = self.unsubscribe_tag();
        let brand = self.brand_name();
        let address = self
            .settings
            .brand
            .postal_address
            .clone()
            .unwrap_or_else(|| "[postal address]".to_string());
        let text = rule.suggestion(
            &self.context.language,
            &[
                ("unsubscribe", &unsubscribe),
                ("brand", &brand),
                ("address", &address),
            ],
        )?;
        let text = match self.document.format {
            Format::Html if text.trim_start().starts_with('<') => format!("{}\n", text.trim()),
            Format::Html => format!("<p>{}</p>\n", text.trim()),
            // Inside the JSON string of the template's last text: a new line, escaped.
            Format::WhatsappTemplate => {
                let quoted = serde_json::to_string(html_to_text(&text).trim()).ok()?;
                let escaped = quoted.strip_prefix('"')?.strip_suffix('"')?;
                format!("\\n{escaped}")
            }
            Format::Markdown | Format::Text | Format::Mime => {
                let plain = if self.document.format == Format::Markdown {
                    html_to_markdown(&text)
                } else {
                    html_to_text(&text)
                };
                let before = if self.document.source[..at].ends_with('\n') || at == 0 {
                    ""
                } else {
                    "\n"
                };
                let gap = if self.document.format == Format::Markdown
                    && !self.document.source[..at].ends_with("\n\n")
                {
                    "\n"
                } else {
                    ""
                };
                format!("{before}{gap}{}\n", plain.trim())
            }
        };
        // A footer with the configured ESP's own opt-out tag works as written: safe. Without a
        // configured ESP the tag is a guess the author must check.
        let applicability = if rule_id == "missing-unsubscribe" && self.context.esp.is_some() {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        Some(Fix {
            message: format!("Insert: {}", text.trim()),
            applicability,
            edits: vec![Edit {
                range: at..at,
                text,
            }],
        })
    }

    /// The configured ESP's unsubscribe tag, else a generic one.
    pub fn unsubscribe_tag(&self) -> String {
        self.context
            .esp
            .as_deref()
            .and_then(|esp| self.data.merge_tags.esp(esp))
            .and_then(|esp| esp.unsubscribe.first().cloned())
            .unwrap_or_else(|| "{{unsubscribe_url}}".to_string())
    }

    pub fn brand_name(&self) -> String {
        self.settings
            .brand
            .names()
            .first()
            .map_or_else(|| "[brand]".to_string(), |name| name.to_string())
    }
}

fn clamp(span: Span, length: usize) -> Span {
    let start = span.start.min(length);
    start..span.end.clamp(start, length)
}

/// `<a href="x">y</a>` as Markdown; other tags dropped.
fn html_to_markdown(html: &str) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>"#).expect("valid regex")
    });
    let linked = LINK.replace_all(html, "[$2]($1)");
    strip_tags(&linked)
}

/// `<a href="x">y</a>` as `y: x`; other tags dropped.
fn html_to_text(html: &str) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>"#).expect("valid regex")
    });
    let linked = LINK.replace_all(html, "$2 ($1)");
    strip_tags(&linked)
}

fn strip_tags(text: &str) -> String {
    static TAG: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"<[^>]+>").expect("valid regex"));
    crate::document::html::decode(&TAG.replace_all(text, ""))
}
