//! ESP merge tags: tokens such as `*|UNSUB|*` that an e-mail service provider replaces when it
//! sends (catalogue `P-TAGS`). The dialects are data (`rules/merge-tags.toml`); this module finds
//! the tokens in hrefs and text and says what each stands for.

use super::{Document, Span};
use regex::Regex;
use serde::Deserialize;
use std::collections::HashMap;

/// What a merge tag stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MergeTagKind {
    /// A working opt-out link or preference centre.
    Unsubscribe,
    /// The sender's postal address.
    Address,
    /// The sender's name.
    Sender,
    /// A known tag that is none of these (a web-version link, a forward link).
    Other,
}

/// One merge tag found in a document.
#[derive(Clone, Debug)]
pub struct MergeTag {
    pub span: Span,
    /// The token as it would be substituted (decoded when `encoded`).
    pub token: String,
    pub kind: MergeTagKind,
    /// The ESPs whose dialect has this token; empty when only the generic fallback matched.
    pub esps: Vec<String>,
    /// Found only after percent- or HTML-decoding: the ESP will not substitute it.
    pub encoded: bool,
    /// The link whose href holds it.
    pub link: Option<usize>,
    /// In text no reader sees.
    pub hidden: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RegistryFile {
    delimiters: Vec<String>,
    generic_unsubscribe: String,
    generic_address: String,
    #[serde(default)]
    generic_exclude: Option<String>,
    #[serde(default)]
    generic_address_exclude: Option<String>,
    #[serde(default)]
    generic_sender: Option<String>,
    #[serde(default)]
    generic_sender_exclude: Option<String>,
    #[serde(default)]
    address_with_name: Vec<String>,
    esp: Vec<EspFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct EspFile {
    id: String,
    name: String,
    #[serde(default)]
    unsubscribe: Vec<String>,
    #[serde(default)]
    address: Vec<String>,
    #[serde(default)]
    sender: Vec<String>,
    #[serde(default)]
    other: Vec<String>,
    #[serde(default)]
    elements: Vec<String>,
    #[serde(default)]
    link_attributes: Vec<String>,
    #[serde(default)]
    auto_footer: bool,
}

/// An e-mail service provider's dialect.
#[derive(Clone, Debug)]
pub struct Esp {
    pub id: String,
    pub name: String,
    /// Its opt-out tokens, as written in the data (for suggestions).
    pub unsubscribe: Vec<String>,
    pub elements: Vec<String>,
    /// `(attribute, value)` pairs on `<a>` that make it an opt-out.
    pub link_attributes: Vec<(String, String)>,
    pub auto_footer: bool,
}

/// The merge-tag dialects of all known ESPs.
#[derive(Clone, Debug)]
pub struct MergeTagRegistry {
    delimiters: Regex,
    tokens: HashMap<String, Vec<(usize, MergeTagKind)>>,
    generic_unsubscribe: Regex,
    generic_address: Regex,
    generic_exclude: Option<Regex>,
    generic_address_exclude: Option<Regex>,
    generic_sender: Option<Regex>,
    generic_sender_exclude: Option<Regex>,
    /// Address tags whose block prints the sender's name too (canonical form).
    address_with_name: Vec<String>,
    /// The known opt-out tokens as (delimiters, name letters), to tell a misspelt one.
    unsubscribe_shapes: Vec<(String, String)>,
    pub esps: Vec<Esp>,
}

/// A canonical token split into its delimiters and the letters and digits of its name:
/// `{{unsubscribe_url}}` gives (`{{}}`, `unsubscribeurl`).
fn shape(key: &str) -> (String, String) {
    let name_start = key
        .find(|c: char| c.is_ascii_alphanumeric())
        .unwrap_or(key.len());
    let name_end = key
        .rfind(|c: char| c.is_ascii_alphanumeric())
        .map_or(name_start, |at| at + 1)
        .max(name_start);
    let delimiters = format!("{}{}", &key[..name_start], &key[name_end..]);
    let letters = key[name_start..name_end]
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    (delimiters, letters)
}

/// Lower-cases ASCII and drops white space, so `{{ unsubscribe }}` and `{{unsubscribe}}` meet.
pub fn canonical(token: &str) -> String {
    token
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl MergeTagRegistry {
    /// Reads the registry from `rules/merge-tags.toml`'s text.
    pub fn from_toml(text: &str) -> Result<MergeTagRegistry, String> {
        let file: RegistryFile =
            toml::from_str(text).map_err(|error| format!("rules/merge-tags.toml: {error}"))?;
        let compile = |pattern: &str| {
            Regex::new(pattern).map_err(|error| format!("rules/merge-tags.toml: {error}"))
        };
        let delimiters = compile(
            &file
                .delimiters
                .iter()
                .map(|d| format!("(?:{d})"))
                .collect::<Vec<_>>()
                .join("|"),
        )?;
        let mut tokens: HashMap<String, Vec<(usize, MergeTagKind)>> = HashMap::new();
        let mut esps = Vec::new();
        for (index, esp) in file.esp.iter().enumerate() {
            let lists = [
                (&esp.unsubscribe, MergeTagKind::Unsubscribe),
                (&esp.address, MergeTagKind::Address),
                (&esp.sender, MergeTagKind::Sender),
                (&esp.other, MergeTagKind::Other),
            ];
            for (list, kind) in lists {
                for token in list {
                    let entry = tokens.entry(canonical(token)).or_default();
                    if !entry.contains(&(index, kind)) {
                        entry.push((index, kind));
                    }
                }
            }
            esps.push(Esp {
                id: esp.id.clone(),
                name: esp.name.clone(),
                unsubscribe: esp.unsubscribe.clone(),
                elements: esp
                    .elements
                    .iter()
                    .map(|element| element.to_ascii_lowercase())
                    .collect(),
                link_attributes: esp
                    .link_attributes
                    .iter()
                    .filter_map(|pair| {
                        let (name, value) = pair.split_once('=')?;
                        Some((
                            name.trim().to_ascii_lowercase(),
                            value.trim().trim_matches(['"', '\'']).to_string(),
                        ))
                    })
                    .collect(),
                auto_footer: esp.auto_footer,
            });
        }
        let mut unsubscribe_shapes: Vec<(String, String)> = tokens
            .iter()
            .filter(|(_, entries)| {
                entries
                    .iter()
                    .any(|(_, kind)| *kind == MergeTagKind::Unsubscribe)
            })
            .map(|(key, _)| shape(key))
            .collect();
        unsubscribe_shapes.sort();
        unsubscribe_shapes.dedup();
        let optional = |pattern: &Option<String>| {
            pattern
                .as_deref()
                .map(|pattern| compile(&format!("(?i){pattern}")))
                .transpose()
        };
        Ok(MergeTagRegistry {
            address_with_name: file
                .address_with_name
                .iter()
                .map(|token| canonical(token))
                .collect(),
            delimiters,
            tokens,
            unsubscribe_shapes,
            generic_unsubscribe: compile(&format!("(?i){}", file.generic_unsubscribe))?,
            generic_address: compile(&format!("(?i){}", file.generic_address))?,
            generic_exclude: optional(&file.generic_exclude)?,
            generic_address_exclude: optional(&file.generic_address_exclude)?,
            generic_sender: optional(&file.generic_sender)?,
            generic_sender_exclude: optional(&file.generic_sender_exclude)?,
            esps,
        })
    }

    pub fn esp(&self, id: &str) -> Option<&Esp> {
        self.esps.iter().find(|esp| esp.id == id)
    }

    /// The id of a known ESP named (in any case) by a user, or a message listing the known ones.
    pub fn known_esp(&self, name: &str) -> Result<String, String> {
        let id = name.trim().to_ascii_lowercase();
        if self.esp(&id).is_some() {
            return Ok(id);
        }
        let known: Vec<&str> = self.esps.iter().map(|esp| esp.id.as_str()).collect();
        Err(format!(
            "unknown ESP `{name}`: use one of {}",
            known.join(", ")
        ))
    }

    /// What a token stands for: the kind and the ESPs that know it (empty for the generic
    /// fallback), or `None` when it is no known or generic tag.
    pub fn classify(&self, token: &str) -> Option<(MergeTagKind, Vec<String>)> {
        let mut key = canonical(token);
        // Klaviyo's `{% unsubscribe 'Unsubscribe here' %}`: the quoted link text is no part of
        // the tag's name.
        if !self.tokens.contains_key(&key)
            && let Some(label) = label_of(token)
        {
            let mut bare = token[..label.start - 1].to_string();
            bare.push_str(&token[label.end + 1..]);
            let bare = canonical(&bare);
            if self.tokens.contains_key(&bare) {
                key = bare;
            }
        }
        if let Some(entries) = self.tokens.get(&key) {
            // A token several ESPs share may mean different things to them; the opt-out meaning
            // wins, since that is what rules ask about.
            let kind = [
                MergeTagKind::Unsubscribe,
                MergeTagKind::Address,
                MergeTagKind::Sender,
                MergeTagKind::Other,
            ]
            .into_iter()
            .find(|kind| entries.iter().any(|(_, own)| own == kind))?;
            let esps = entries
                .iter()
                .filter(|(_, own)| *own == kind)
                .map(|(index, _)| self.esps[*index].id.clone())
                .collect();
            return Some((kind, esps));
        }
        if self.misspells_an_opt_out(&key) {
            return None;
        }
        let generic = |pattern: &Regex, exclude: &Option<Regex>| {
            pattern.is_match(&key)
                && !exclude
                    .as_ref()
                    .is_some_and(|exclude| exclude.is_match(&key))
        };
        if generic(&self.generic_unsubscribe, &self.generic_exclude) {
            return Some((MergeTagKind::Unsubscribe, Vec::new()));
        }
        if generic(&self.generic_address, &self.generic_address_exclude) {
            return Some((MergeTagKind::Address, Vec::new()));
        }
        if let Some(sender) = &self.generic_sender
            && generic(sender, &self.generic_sender_exclude)
            && !self
                .generic_exclude
                .as_ref()
                .is_some_and(|exclude| exclude.is_match(&key))
        {
            return Some((MergeTagKind::Sender, Vec::new()));
        }
        None
    }

    /// Whether an unknown token is a known opt-out tag with one letter wrong, missing, extra or
    /// swapped (`{unsubcribe_url}` for Mautic's `{unsubscribe_url}`): the ESP leaves it as it
    /// is. Tokens that differ only in separators or case (`{{unsubscribeLink}}`) are spellings.
    fn misspells_an_opt_out(&self, key: &str) -> bool {
        let (delimiters, letters) = shape(key);
        letters.len() >= 5
            && self
                .unsubscribe_shapes
                .iter()
                .any(|(known_delimiters, known)| {
                    *known_delimiters == delimiters
                        && known.len() >= 5
                        && strsim::damerau_levenshtein(known, &letters) == 1
                })
    }

    /// Whether an address tag prints the sender's name with the address (Mailchimp's
    /// `*|LIST:ADDRESS|*`), unlike one that prints the street alone (`{{Sender_Address}}`).
    pub fn address_names_sender(&self, token: &str) -> bool {
        self.address_with_name.contains(&canonical(token))
    }

    /// Every token in `text`, with its range relative to `text`.
    pub fn tokens_in<'s, 't>(
        &'s self,
        text: &'t str,
    ) -> impl Iterator<Item = (Span, &'t str)> + use<'s, 't> {
        self.delimiters
            .find_iter(text)
            .map(|found| (found.range(), found.as_str()))
    }
}

/// The link text a Liquid tag is given as its one quoted argument (`{% unsubscribe 'Unsubscribe
/// here' %}`), as a range of the token without its quotes.
pub fn label_of(token: &str) -> Option<Span> {
    if !token.starts_with("{%") || !token.ends_with("%}") || token.len() < 4 {
        return None;
    }
    let body = 2 + usize::from(token[2..].starts_with('-'));
    let body_end = token.len() - 2 - usize::from(token[..token.len() - 2].ends_with('-'));
    let inner = token.get(body..body_end)?;
    let name_start = inner.len() - inner.trim_start().len();
    let name_len = inner[name_start..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inner.len() - name_start);
    let after_name = name_start + name_len;
    let quote_at =
        after_name + (inner[after_name..].len() - inner[after_name..].trim_start().len());
    let quote = inner[quote_at..].chars().next()?;
    if name_len == 0 || !matches!(quote, '\'' | '"') {
        return None;
    }
    let close = quote_at + 1 + inner[quote_at + 1..].find(quote)?;
    if !inner[close + 1..].trim().is_empty() {
        return None;
    }
    Some(body + quote_at + 1..body + close)
}

/// Decodes character references and `%XX` escapes in an href.
pub fn decode_href(text: &str) -> String {
    let html = html_escape::decode_html_entities(text);
    if !html.contains('%') {
        return html.into_owned();
    }
    let raw = html.as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut index = 0;
    while index < raw.len() {
        let escaped = (raw[index] == b'%' && index + 2 < raw.len())
            .then(|| {
                std::str::from_utf8(&raw[index + 1..index + 3])
                    .ok()
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            })
            .flatten();
        match escaped {
            Some(byte) => {
                bytes.push(byte);
                index += 3;
            }
            None => {
                bytes.push(raw[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The decoded href when decoding changes it: where an export may have encoded a token.
fn decoded(text: &str) -> Option<String> {
    if !text.contains('%') && !text.contains('&') {
        return None;
    }
    let decoded = decode_href(text);
    (decoded != text).then_some(decoded)
}

/// Finds every merge tag in the document's hrefs and text.
pub fn find_all(document: &Document, registry: &MergeTagRegistry) -> Vec<MergeTag> {
    let mut found = Vec::new();
    for (index, link) in document.links.iter().enumerate() {
        let hidden = link.hidden.is_some_and(|hidden| hidden.is_invisible());
        let href_start = link
            .href_span
            .as_ref()
            .map_or(link.span.start, |span| span.start);
        let mut any = false;
        let first_raw = found.len();
        for (range, token) in registry.tokens_in(&link.href) {
            if let Some((kind, esps)) = registry.classify(token) {
                any = true;
                let span = match &link.href_span {
                    Some(_) => href_start + range.start..href_start + range.end,
                    None => link.span.clone(),
                };
                found.push(MergeTag {
                    span,
                    token: token.to_string(),
                    kind,
                    esps,
                    encoded: false,
                    link: Some(index),
                    hidden,
                });
            }
        }
        if let Some(decoded) = decoded(&link.href) {
            for (_, token) in registry.tokens_in(&decoded) {
                if let Some((kind, esps)) = registry.classify(token) {
                    // With tags found as written, only an ESP's own token that the escaping hid
                    // counts: `&lt;%asm_group_unsubscribe_raw_url%&gt;` reads as a generic
                    // `%…%` tag until it is decoded, and SendGrid will not substitute it.
                    if any {
                        let key = canonical(token);
                        let hidden_by_escaping = !esps.is_empty()
                            && !found[first_raw..]
                                .iter()
                                .any(|tag| canonical(&tag.token) == key);
                        if !hidden_by_escaping {
                            continue;
                        }
                        let mut index_in = first_raw;
                        while index_in < found.len() {
                            let inner = &found[index_in];
                            if inner.esps.is_empty() && key.contains(&canonical(&inner.token)) {
                                found.remove(index_in);
                            } else {
                                index_in += 1;
                            }
                        }
                    }
                    let span = link.href_span.clone().unwrap_or(link.span.clone());
                    found.push(MergeTag {
                        span,
                        token: token.to_string(),
                        kind,
                        esps,
                        encoded: true,
                        link: Some(index),
                        hidden,
                    });
                }
            }
        }
        // Campaign Monitor's `<unsubscribe>` element, Copernica's `data-script` attribute.
        for esp in &registry.esps {
            let by_element = esp.elements.contains(&link.element);
            let by_attribute = esp.link_attributes.iter().any(|(name, value)| {
                link.attributes
                    .iter()
                    .any(|(own, own_value)| own == name && canonical(own_value) == canonical(value))
            });
            if by_element || by_attribute {
                let kind =
                    if by_element && link.element != "unsubscribe" && link.element != "preferences"
                    {
                        MergeTagKind::Other
                    } else {
                        MergeTagKind::Unsubscribe
                    };
                found.push(MergeTag {
                    span: link.span.clone(),
                    token: if by_element {
                        format!("<{}>", link.element)
                    } else {
                        "data-script".to_string()
                    },
                    kind,
                    esps: vec![esp.id.clone()],
                    encoded: false,
                    link: Some(index),
                    hidden,
                });
            }
        }
    }
    for run in &document.text {
        if run.link.is_some_and(|link| {
            document
                .links
                .get(link)
                .is_some_and(|link| link.element == "a")
        }) && document.format != super::Format::Text
        {
            // Text of a link is its label; a token there is shown, not followed.
            continue;
        }
        let exact = document.source.get(run.span.clone()) == Some(run.text.as_str());
        for (range, token) in registry.tokens_in(&run.text) {
            if let Some((kind, esps)) = registry.classify(token) {
                let span = if exact {
                    run.span.start + range.start..run.span.start + range.end
                } else {
                    run.span.clone()
                };
                found.push(MergeTag {
                    span,
                    token: token.to_string(),
                    kind,
                    esps,
                    encoded: false,
                    link: None,
                    hidden: run.hidden.is_some(),
                });
            }
        }
    }
    // What a PHP template prints (`<?php bloginfo('name'); ?>`) is in the message once sent.
    for comment in &document.comments {
        let (Some(visible), Some(source)) =
            (comment.prints, document.source.get(comment.span.clone()))
        else {
            continue;
        };
        for (range, token) in registry.tokens_in(source) {
            if let Some((kind, esps)) = registry.classify(token) {
                found.push(MergeTag {
                    span: comment.span.start + range.start..comment.span.start + range.end,
                    token: token.to_string(),
                    kind,
                    esps,
                    encoded: false,
                    link: None,
                    hidden: !visible,
                });
            }
        }
    }
    found.sort_by_key(|tag| tag.span.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(token: &str) -> Option<MergeTagKind> {
        crate::rules::data()
            .merge_tags
            .classify(token)
            .map(|(kind, _)| kind)
    }

    #[test]
    fn a_known_opt_out_tag_with_one_letter_wrong_is_no_tag() {
        assert_eq!(kind("{unsubscribe_url}"), Some(MergeTagKind::Unsubscribe));
        // Mautic's tag with a letter missing, Mailchimp's with one doubled, a swap.
        assert_eq!(kind("{unsubcribe_url}"), None);
        assert_eq!(kind("*|UNSUBB|*"), None);
        assert_eq!(kind("{{ unsubscirbe_url }}"), None);
        // Separators and case are spellings, not typos: the generic pattern takes them.
        assert_eq!(kind("{{unsubscribeLink}}"), Some(MergeTagKind::Unsubscribe));
        assert_eq!(
            kind("{{ unsubscribe-url }}"),
            Some(MergeTagKind::Unsubscribe)
        );
    }

    #[test]
    fn dotdigital_system_links() {
        assert_eq!(kind("$UNSUB$"), Some(MergeTagKind::Unsubscribe));
        let registry = &crate::rules::data().merge_tags;
        let tokens: Vec<_> = registry
            .tokens_in("https://$UNSUB$ costs $5 and $10")
            .map(|(_, token)| token)
            .collect();
        assert_eq!(tokens, ["$UNSUB$"]);
    }

    #[test]
    fn tags_named_for_the_sender_name_it() {
        for token in [
            "{{ company_name }}",
            "{{site.title}}",
            "%BEDRIJFSNAAM%",
            "<?php bloginfo('name'); ?>",
            "<?php echo get_option('blogname'); ?>",
        ] {
            assert_eq!(kind(token), Some(MergeTagKind::Sender), "{token}");
        }
        // The reader's own name or company, template control flow, and addresses are not.
        for token in [
            "{{ contact.company }}",
            "{{ customer.company_name }}",
            "{{first_name}}",
            "{% if company %}",
        ] {
            assert_eq!(kind(token), None, "{token}");
        }
        assert_eq!(kind("{{ company_address }}"), Some(MergeTagKind::Address));
        let registry = &crate::rules::data().merge_tags;
        let tokens: Vec<_> = registry
            .tokens_in("Thanks, <?php echo $name; ?> and <?= $shop ?>.")
            .map(|(_, token)| token)
            .collect();
        assert_eq!(tokens, ["<?php echo $name; ?>", "<?= $shop ?>"]);
    }

    #[test]
    fn liquid_tags_with_link_text() {
        let token = "{% unsubscribe 'Unsubscribe here' %}";
        assert_eq!(&token[label_of(token).unwrap()], "Unsubscribe here");
        assert_eq!(
            &"{%- manage_preferences \"Manage\" -%}"
                [label_of("{%- manage_preferences \"Manage\" -%}").unwrap()],
            "Manage"
        );
        assert_eq!(label_of("{% unsubscribe %}"), None);
        assert_eq!(label_of("{% if x == 'y' %}"), None);
        assert_eq!(kind(token), Some(MergeTagKind::Unsubscribe));
        assert_eq!(
            kind("{% web_view 'View online' %}"),
            Some(MergeTagKind::Other)
        );
    }
}
