//! `missing-contact-info`, `missing-impressum` and `disguised-sender`: whether the reader can
//! reach the sender besides by post (CASL s. 6(2), § 5 DDG), whether a German newsletter carries
//! its Impressum (§ 5 DDG), and whether the From line or sender id names the sender it claims to
//! be (ePrivacy 13(4), UWG § 7(2) Nr. 3(a), CAN-SPAM 7704(a)(1)).
//!
//! All three look only at marketing messages. Contact routes are read generously (any e-mail
//! address, phone number or web address of the sender's own that is not an opt-out link), and a
//! From line is only judged when its names can be compared with a brand: a rule that cannot
//! tell stays quiet.

use super::facts::Scope;
use super::sender::{SERVICE_LABELS, has_sender, registrable_label, without_legal_form, words};
use super::{Certainty, Channel, Checker, Purpose};
use crate::document::folded::fold;
use crate::document::{Format, Link, MergeTagKind, Span};

pub(super) fn check(checker: &mut Checker<'_>) {
    if checker.context.channel == Channel::Form || checker.context.purpose != Purpose::Marketing {
        return;
    }
    if checker.applies("missing-contact-info")
        && super::sender::needs_sender_details(checker)
        && !has_contact_route(checker)
    {
        checker.report_missing("missing-contact-info");
    }
    if checker.applies("missing-impressum")
        && checker.context.jurisdictions.iter().any(|j| j == "de")
        && !has_impressum(checker)
    {
        checker.report_missing("missing-impressum");
    }
    if checker.applies("disguised-sender") {
        disguised_sender(checker);
    }
}

/// A phone number, an e-mail address or a web address of the sender in what the reader sees.
/// Opt-out links and merge-tag links (web version, forward) are no contact route.
fn has_contact_route(checker: &Checker<'_>) -> bool {
    if checker.facts.has("phone-number", Scope::Visible) {
        return true;
    }
    // An ESP's sender block (AWeber's `{!signature}`) prints the account's contact details; a
    // tag known only by its name (`{{ company_name }}`) prints the name alone.
    if checker.document.merge_tags.iter().any(|tag| {
        !tag.hidden
            && tag.link.is_none()
            && tag.kind == MergeTagKind::Sender
            && !tag.esps.is_empty()
    }) {
        return true;
    }
    checker
        .document
        .links
        .iter()
        .enumerate()
        .any(|(index, link)| link.hidden.is_none() && is_contact_link(checker, index, link))
}

fn is_contact_link(checker: &Checker<'_>, index: usize, link: &Link) -> bool {
    let href = link.href.trim();
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("tel:") {
        return true;
    }
    if is_opt_out(checker, index, link, &lower) {
        return false;
    }
    if let Some(address) = lower.strip_prefix("mailto:") {
        return address.contains('@');
    }
    if ["{{", "{%", "*|", "[[", "<%", "%", "{$"]
        .iter()
        .any(|tag| href.contains(tag))
    {
        return false;
    }
    let rest = lower
        .split_once("://")
        .map_or(lower.as_str(), |(_, rest)| rest);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
    if !host.contains('.') {
        return false;
    }
    own_host(checker, host)
}

/// A link that opts out: by its target, its text or the merge tag in it.
fn is_opt_out(checker: &Checker<'_>, index: usize, link: &Link, href: &str) -> bool {
    checker.facts.matches("opt-out-url", href)
        || checker.facts.matches("opt-out", &fold(&link.text))
        || checker
            .document
            .merge_tags
            .iter()
            .any(|tag| tag.link == Some(index) && tag.kind == MergeTagKind::Unsubscribe)
}

/// The sender's own host: one of the configured domains, else any host that is not an ESP,
/// tracker, shortener or social network.
fn own_host(checker: &Checker<'_>, host: &str) -> bool {
    let domains = &checker.settings.brand.domains;
    if !domains.is_empty() {
        return domains.iter().any(|domain| on_domain(host, domain));
    }
    registrable_label(host).is_some_and(|label| {
        let label = label.to_ascii_lowercase();
        label.len() >= 3 && !SERVICE_LABELS.contains(&label.as_str()) && !esp_label(checker, &label)
    })
}

fn on_domain(host: &str, domain: &str) -> bool {
    let domain = domain.trim().trim_start_matches('.').to_ascii_lowercase();
    let host = host.to_ascii_lowercase();
    !domain.is_empty() && (host == domain || host.ends_with(&format!(".{domain}")))
}

/// Hosts named after a known ESP ("mailchimp", "sendgrid") send, they do not answer.
fn esp_label(checker: &Checker<'_>, label: &str) -> bool {
    let bare: String = label.chars().filter(char::is_ascii_alphanumeric).collect();
    checker.data.merge_tags.esps.iter().any(|esp| {
        [&esp.id, &esp.name].iter().any(|name| {
            name.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .eq_ignore_ascii_case(&bare)
        })
    })
}

/// An Impressum link or text, or the register details it would hold.
fn has_impressum(checker: &Checker<'_>) -> bool {
    let facts = checker.facts;
    facts.has("impressum", Scope::Visible)
        || checker.document.links.iter().any(|link| {
            link.hidden.is_none()
                && (facts.matches("impressum", &fold(&link.text))
                    || facts.matches("impressum", &link.href.to_ascii_lowercase()))
        })
}

/// `disguised-sender`: the From display name (or SMS sender id) names none of the sender's
/// brands, fakes a reply, or the From domain is not one of the configured domains.
fn disguised_sender(checker: &mut Checker<'_>) {
    let Some(from) = checker.context.from.clone() else {
        return;
    };
    let (display, address) = split_from(&from);
    let span = source_span_of(checker, &from);
    let folded_display = fold(display);
    if checker.facts.matches("reply-prefix", &folded_display) {
        checker.report("disguised-sender", span, display, Certainty::Certain);
        return;
    }
    if let Some(domain) = address
        .and_then(|address| address.rsplit_once('@'))
        .map(|(_, d)| d)
    {
        let domains = &checker.settings.brand.domains;
        if !domains.is_empty() && !domains.iter().any(|own| on_domain(domain, own)) {
            checker.report("disguised-sender", span, &from, Certainty::Certain);
            return;
        }
    }
    // A numeric sender (short code, long number) names nobody and hides nobody.
    if !display.chars().any(char::is_alphabetic) {
        return;
    }
    // "WWF" <info@wwf.de>, "Oekoligenta" <…@oekoligenta.de>: the name is the sender's own domain.
    if address
        .and_then(|address| address.rsplit_once('@'))
        .and_then(|(_, domain)| registrable_label(domain))
        .is_some_and(|label| names_domain(display, label))
    {
        return;
    }
    let names = brand_names(checker);
    if names.is_empty() {
        return;
    }
    if !names.iter().any(|name| names_brand(display, name)) {
        checker.report("disguised-sender", span, display, Certainty::Certain);
    }
}

/// Whether a display name spells the registrable label of a domain, ignoring case, spaces,
/// hyphens and "&" ("Alder & Ember" for alderember.example).
fn names_domain(display: &str, label: &str) -> bool {
    let squash = |text: &str| -> String {
        fold(text)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let (display, label) = (squash(display), squash(label));
    label.len() >= 3
        && (display.contains(&label) || (display.len() >= 3 && label.contains(&display)))
}

/// `"Anna" <anna@shop.example>` → (`Anna`, Some(`anna@shop.example`)); a bare address has no
/// display name; a bare word is an SMS sender id.
fn split_from(from: &str) -> (&str, Option<&str>) {
    let from = from.trim();
    if let Some((name, rest)) = from.split_once('<') {
        let address = rest.split('>').next().unwrap_or(rest).trim();
        let name = name.trim().trim_matches(['"', '\'']).trim();
        return (name, Some(address).filter(|a| a.contains('@')));
    }
    if from.contains('@') && !from.contains(' ') {
        return ("", Some(from));
    }
    (from.trim_matches(['"', '\'']).trim(), None)
}

/// Where the From line is written in the source (a hint or the front matter), else the start.
fn source_span_of(checker: &Checker<'_>, text: &str) -> Span {
    checker
        .document
        .source
        .find(text)
        .map(|at| at..at + text.len())
        .or_else(|| super::headers::value_span(checker.document, "From"))
        .unwrap_or(0..0)
}

/// The names the sender goes by: the configured brand, else the names the message itself gives
/// its sender (a company with its legal form, the name after "©" or "sent by", an SMS prefix,
/// the sender's own web domains).
fn brand_names(checker: &Checker<'_>) -> Vec<String> {
    let brand = &checker.settings.brand;
    let mut names: Vec<String> = brand.names().iter().map(|name| fold(name)).collect();
    names.extend(
        brand
            .domains
            .iter()
            .filter_map(|domain| registrable_label(domain))
            .map(|label| label.replace('-', " ")),
    );
    if !names.is_empty() {
        return names;
    }
    if !has_sender(checker) {
        return names;
    }
    names.extend(names_before_legal_form(checker));
    names.extend(introduced_names(checker));
    names.extend(sms_prefix(checker));
    names.extend(own_domain_labels(checker));
    names.retain(|name| !words(name).is_empty());
    names
}

/// Connecting words inside a company name ("Peper & Zout", "Stadsmuseum van Weverstad").
fn connector(word: &str) -> bool {
    matches!(
        word,
        "&" | "and" | "en" | "und" | "et" | "van" | "de" | "der" | "den" | "von" | "du" | "des"
    )
}

/// The capitalised words just before a legal form: "Velomaas" in "Velomaas B.V.".
fn names_before_legal_form(checker: &Checker<'_>) -> Vec<String> {
    let text = &checker.facts.visible.text;
    checker
        .facts
        .hits("legal-form", Scope::Visible)
        .iter()
        .filter_map(|hit| {
            let line = text[..hit.start].rsplit('\n').next().unwrap_or("");
            let mut taken: Vec<&str> = line
                .split_whitespace()
                .rev()
                .take_while(|word| {
                    word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                        || connector(word)
                })
                .take(5)
                .collect();
            while taken.last().is_some_and(|word| connector(word)) {
                taken.pop();
            }
            taken.reverse();
            let name = taken.join(" ");
            (!name.is_empty()).then(|| without_legal_form(checker, &name))
        })
        .collect()
}

/// The capitalised words after "©" or a sender-introducing phrase ("Sent by Wrenfield Ltd").
fn introduced_names(checker: &Checker<'_>) -> Vec<String> {
    let text = &checker.facts.visible.text;
    let mut starts: Vec<usize> = checker
        .facts
        .hits("sender-intro", Scope::Visible)
        .iter()
        .map(|hit| hit.end)
        .collect();
    starts.extend(text.match_indices('©').map(|(at, mark)| at + mark.len()));
    starts
        .into_iter()
        .filter_map(|start| {
            let after = super::facts::slice(text, start, start + 80);
            let line = after
                .split(['\n', ',', '.', '|', '·', '•', ';', '(', ':'])
                .next()
                .unwrap_or("");
            let taken: Vec<&str> = line
                .split_whitespace()
                .skip_while(|word| {
                    word.chars().all(|c| c.is_ascii_digit() || c == '-')
                        || matches!(*word, "by" | "door" | "von" | "par" | "van" | "de")
                })
                .take_while(|word| {
                    word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                        || connector(word)
                })
                .take(5)
                .collect();
            let name = taken.join(" ");
            (!name.is_empty()).then(|| without_legal_form(checker, &name))
        })
        .collect()
}

/// "Alder & Ember:" opening an SMS or WhatsApp message.
fn sms_prefix(checker: &Checker<'_>) -> Option<String> {
    if !matches!(checker.context.channel, Channel::Sms | Channel::Whatsapp)
        || checker.document.format != Format::Text
    {
        return None;
    }
    let text = checker.facts.visible.text.trim_start();
    let (prefix, _) = text.split_once(':')?;
    (prefix.len() <= 40 && !prefix.contains('\n')).then(|| fold(prefix))
}

/// The registered names of the hosts the message links to, hyphens as spaces
/// ("wielewaal kaas" for `wielewaal-kaas.example.nl`), leaving out ESPs and services.
fn own_domain_labels(checker: &Checker<'_>) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for link in &checker.document.links {
        let lower = link.href.to_ascii_lowercase();
        let rest = match lower.split_once("://") {
            Some((_, rest)) => rest,
            None if link.element == "text" && !lower.starts_with("mailto:") => lower.as_str(),
            None => continue,
        };
        let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
        if !host.contains('.') || !own_host(checker, host) {
            continue;
        }
        if let Some(label) = registrable_label(host) {
            let label = label.replace('-', " ");
            if label.len() >= 4 && !labels.contains(&label) {
                labels.push(label);
            }
        }
    }
    labels
}

/// Whether a display name names the brand: they share a distinctive word ("Sophie | Velomaas",
/// "Anna van Velomaas"), or one, run together, holds the other ("VELOMAAS" and "Velo Maas",
/// "ALDEREMBER" and "Alder & Ember Coffee").
fn names_brand(display: &str, name: &str) -> bool {
    let display_words = words(&fold(display));
    let name_words = words(name);
    let shared = name_words
        .iter()
        .any(|word| word.chars().count() >= 3 && !connector(word) && display_words.contains(word));
    if shared {
        return true;
    }
    let joined = |list: &[String]| list.concat();
    let display_joined = joined(&display_words);
    let name_joined = joined(&name_words);
    (name_joined.len() >= 4 && display_joined.contains(&name_joined))
        || (display_joined.len() >= 4 && name_joined.contains(&display_joined))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_lines_split() {
        assert_eq!(
            split_from("\"Anna\" <anna@shop.example>"),
            ("Anna", Some("anna@shop.example"))
        );
        assert_eq!(
            split_from("news@shop.example"),
            ("", Some("news@shop.example"))
        );
        assert_eq!(split_from("VELOMAAS"), ("VELOMAAS", None));
    }

    #[test]
    fn display_names_and_brands() {
        assert!(names_brand("Sophie | Velomaas", "velomaas"));
        assert!(names_brand("Anna van Velomaas", "velomaas"));
        assert!(names_brand("ALDEREMBER", "alder & ember coffee"));
        assert!(!names_brand("Anna", "velomaas"));
        assert!(!names_brand("Fietsdeals", "velomaas"));
    }
}
