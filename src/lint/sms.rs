//! The SMS family (catalogue section E): `sms-missing-brand` (E2), `sms-optin-confirmation-
//! incomplete` (E3), `sms-optout-confirmation-marketing` (E4) and `sms-segments`, the encoding
//! and length every SMS is sent with. `sms-missing-stop-keyword` (E1) lives with the other
//! opt-out rules in `optout.rs`.

use super::facts::{Scope, around};
use super::{Certainty, Channel, Checker, Purpose, sender};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::folded::fold;
use crate::document::{Format, Span};

pub(super) fn check(checker: &mut Checker<'_>) {
    if checker.context.channel != Channel::Sms {
        return;
    }
    segments(checker);
    match checker.context.purpose {
        Purpose::Marketing => brand_position(checker),
        Purpose::OptinConfirmation => optin_confirmation(checker),
        Purpose::OptoutConfirmation => optout_confirmation(checker),
        Purpose::Transactional => {}
    }
}

// ---------------------------------------------------------------------------------------------
// sms-segments

/// The GSM 03.38 default alphabet: one septet each.
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The GSM 03.38 extension table: an escape and the character, two septets each.
const GSM_EXTENSION: &str = "^{}\\[~]|€\u{c}";

/// The characters of the message as sent, each with the source bytes it came from. Plain text is
/// sent as written (line breaks included); other formats as their visible text, a line per block.
fn message_characters(checker: &Checker<'_>) -> Vec<(char, Span)> {
    let document = checker.document;
    let mut characters = Vec::new();
    if document.format == Format::Text {
        let source = &document.source;
        let start = source.len() - source.trim_start().len();
        let end = source.trim_end().len().max(start);
        for (offset, character) in source[start..end].char_indices() {
            let at = start + offset;
            characters.push((character, at..at + character.len_utf8()));
        }
        return characters;
    }
    let mut last_block = None;
    for run in document.text.iter().filter(|run| run.hidden.is_none()) {
        if last_block.is_some_and(|block| block != run.block) {
            characters.push(('\n', run.span.start..run.span.start));
        }
        last_block = Some(run.block);
        let exact = document.source.get(run.span.clone()) == Some(run.text.as_str());
        for (offset, character) in run.text.char_indices() {
            let span = if exact {
                run.span.start + offset..run.span.start + offset + character.len_utf8()
            } else {
                run.span.clone()
            };
            characters.push((character, span));
        }
    }
    characters
}

/// `sms-segments`: the encoding an SMS needs and how many parts it is sent in (GSM-7: 160
/// septets, 153 per part when split; UCS-2: 70 code units, 67 per part). One character outside
/// the GSM alphabet (an emoji, a curly quote, "ł") makes the whole message UCS-2, so the
/// finding points at it. Merge tags count as written: their values are not known here.
fn segments(checker: &mut Checker<'_>) {
    let characters = message_characters(checker);
    let (Some(first), Some(last)) = (characters.first(), characters.last()) else {
        return;
    };
    let whole = first.1.start..last.1.end;
    let forcing = characters
        .iter()
        .find(|(character, _)| {
            !GSM_BASIC.contains(*character) && !GSM_EXTENSION.contains(*character)
        })
        .cloned();
    let count = characters.len();
    let detail = match &forcing {
        None => {
            let septets: usize = characters
                .iter()
                .map(|(character, _)| 1 + usize::from(GSM_EXTENSION.contains(*character)))
                .sum();
            let parts = parts(septets, 160, 153);
            format!(
                "GSM-7, {parts} {}, {count} characters ({septets} septets)",
                plural(parts)
            )
        }
        Some((character, _)) => {
            let units: usize = characters
                .iter()
                .map(|(character, _)| character.len_utf16())
                .sum();
            let parts = parts(units, 70, 67);
            format!(
                "UCS-2 because of \u{201c}{}\u{201d} (U+{:04X}), {parts} {}, {count} characters",
                character.escape_debug(),
                u32::from(*character),
                plural(parts)
            )
        }
    };
    let span = forcing.map_or(whole, |(_, span)| span);
    checker.report("sms-segments", span, &detail, Certainty::Certain);
}

fn parts(length: usize, single: usize, each: usize) -> usize {
    if length <= single {
        1
    } else {
        length.div_ceil(each)
    }
}

fn plural(parts: usize) -> &'static str {
    if parts == 1 { "segment" } else { "segments" }
}

// ---------------------------------------------------------------------------------------------
// sms-missing-brand

/// How far into the message the sender must be named (CTIA; catalogue E2).
const OPENING: usize = 30;

/// `sms-missing-brand`: the sender is named, but not where a reader looks first. An SMS with no
/// sender at all is `missing-sender-identity`; an alphanumeric sender id naming the brand shows
/// before the text outside the US and Canada, where sender ids are numbers.
fn brand_position(checker: &mut Checker<'_>) {
    if !sender::has_sender(checker) || sender::sms_prefix(checker) || sender_id_shows(checker) {
        return;
    }
    let (names, from_text) = sender_names(checker);
    if names.is_empty() {
        return;
    }
    let text = &checker.facts.visible.text;
    let start = text.len() - text.trim_start().len();
    let end = text[start..]
        .char_indices()
        .nth(OPENING)
        .map_or(text.len(), |(at, _)| start + at);
    // A word that starts in the opening counts whole.
    let end = text[end..]
        .find(|c: char| !c.is_alphanumeric())
        .map_or(text.len(), |at| end + at);
    let opening = &text[start..end];
    if names.iter().any(|name| names_in(checker, name, opening)) {
        return;
    }
    let span = checker.facts.visible.source_span(start..end);
    let name = names[0].clone();
    let at = span.start;
    let fix = Fix {
        message: format!("Insert at the start: {name}: "),
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            range: at..at,
            text: format!("{name}: "),
        }],
    };
    // A web address the reader must decode names the sender less surely than written words.
    let certainty = if from_text {
        Certainty::Certain
    } else {
        Certainty::Likely
    };
    checker.report_full("sms-missing-brand", span, &name, certainty, Some(fix));
}

/// A configured alphanumeric sender id (`brand.sms-sender-id`, or a `sender-id` hint) is shown
/// as the sender outside the US and Canada.
fn sender_id_shows(checker: &Checker<'_>) -> bool {
    let numeric_only = checker
        .context
        .jurisdictions
        .iter()
        .any(|jurisdiction| matches!(jurisdiction.as_str(), "us" | "ca"));
    if numeric_only {
        return false;
    }
    checker
        .settings
        .brand
        .sms_sender_id
        .iter()
        .chain(&checker.context.from)
        .any(|id| id.chars().any(char::is_alphabetic) && !id.contains('@'))
}

/// The names the message gives its sender: the configured ones, a company before its legal
/// form, the name after "sent by", and the registered name of a web address it writes out.
/// Also whether any of them comes from something other than a web address.
fn sender_names(checker: &Checker<'_>) -> (Vec<String>, bool) {
    let facts = checker.facts;
    let text = &facts.visible.text;
    let mut names: Vec<String> = checker
        .settings
        .brand
        .names()
        .into_iter()
        .map(fold)
        .collect();
    for hit in facts.hits("legal-form", Scope::Visible).iter() {
        let line_start = text[..hit.start].rfind(['\n', '.', '!', '?', ',', ';', ':']);
        let before = &text[line_start.map_or(0, |at| at + 1)..hit.start];
        let name = capitalised_run(before.split_whitespace().rev(), true);
        if !name.is_empty() {
            names.push(name);
        }
    }
    for hit in facts.hits("sender-intro", Scope::Visible).iter() {
        let after = super::facts::slice(text, hit.end, hit.end + 60);
        let name = capitalised_run(after.split_whitespace(), false);
        if !name.is_empty() {
            names.push(name);
        }
    }
    let long_enough = |name: &String| name.chars().filter(|c| c.is_alphanumeric()).count() >= 3;
    let from_text = names.iter().any(long_enough);
    for link in &checker.document.links {
        if let Some(label) = host_label(&link.href) {
            names.push(label);
        }
    }
    names.retain(long_enough);
    names.dedup();
    (names, from_text)
}

/// Up to four capitalised words (and "&") in the order given; `reversed` when read backwards.
fn capitalised_run<'t>(words: impl Iterator<Item = &'t str>, reversed: bool) -> String {
    let mut run: Vec<&str> = words
        .take_while(|word| word.starts_with(|c: char| c.is_uppercase() || c == '&'))
        .take(4)
        .collect();
    if reversed {
        run.reverse();
    }
    run.join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// The label a web address was registered under (`velomaas` for `https://www.velomaas.nl/x`),
/// when it can be a name: not a link shortener or a reserved example host.
fn host_label(href: &str) -> Option<String> {
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("mailto:") || lower.starts_with("tel:") || lower.contains("{{") {
        return None;
    }
    let rest = lower
        .split_once("://")
        .map_or(lower.as_str(), |(_, rest)| rest);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').filter(|label| !label.is_empty()).collect();
    let mut index = labels.len().checked_sub(2)?;
    if index > 0 && matches!(labels[index], "co" | "com" | "org" | "net" | "example") {
        index -= 1;
    }
    let label = labels[index];
    (label.len() >= 4
        && !matches!(
            label,
            "example" | "tinyurl" | "shorturl" | "bitly" | "rebrand" | "cutt" | "whatsapp"
        ))
    .then(|| label.to_string())
}

/// Whether a name stands in the opening: one of its words, or the name run together
/// ("ALDERANDEMBER", "velomaas.nl").
fn names_in(checker: &Checker<'_>, name: &str, opening: &str) -> bool {
    let lower = opening.to_lowercase();
    let compact: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    let name = name.to_lowercase();
    let name_compact: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
    if !name_compact.is_empty() && compact.contains(&name_compact) {
        return true;
    }
    let opening_words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let stopwords = &checker.facts.lexicon().stopwords;
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 3)
        .filter(|word| !stopwords.iter().any(|(_, list)| list.contains(*word)))
        .filter(|word| !checker.facts.matches("legal-form", word))
        .any(|word| opening_words.contains(&word))
}

// ---------------------------------------------------------------------------------------------
// sms-optin-confirmation-incomplete

/// `sms-optin-confirmation-incomplete`: the first message of a recurring programme names the
/// programme or brand, how often messages come, that message and data rates may apply, and how
/// to get help and to stop (CTIA; catalogue E3).
fn optin_confirmation(checker: &mut Checker<'_>) {
    let facts = checker.facts;
    let mut missing = Vec::new();
    if !sender::has_sender(checker) {
        missing.push("brand or programme name");
    }
    if !facts.has("message-frequency", Scope::Visible) {
        missing.push("message frequency");
    }
    if !facts.has("standard-rate", Scope::Visible) {
        missing.push("\"Msg & data rates may apply\"");
    }
    if !facts.has("help-instruction", Scope::Visible) {
        missing.push("HELP");
    }
    if !facts.has("stop-instruction", Scope::Visible) {
        missing.push("STOP");
    }
    if missing.is_empty() {
        return;
    }
    let at = checker.document.insertion_point;
    let fix = checker.insertion_fix("sms-optin-confirmation-incomplete", at);
    checker.report_full(
        "sms-optin-confirmation-incomplete",
        at..at,
        &missing.join(", "),
        Certainty::Certain,
        fix,
    );
}

// ---------------------------------------------------------------------------------------------
// sms-optout-confirmation-marketing

/// `sms-optout-confirmation-marketing`: the one reply to STOP confirms and does nothing else: no
/// offer, no link to offers, no attempt to win the reader back (47 CFR 64.1200(a)(12); CTIA).
/// Saying how to come back ("Reply START to resubscribe") or where to get help is allowed.
fn optout_confirmation(checker: &mut Checker<'_>) {
    let facts = checker.facts;
    let text = &facts.visible.text;
    // "You will no longer receive our offers" names what stops; it offers nothing.
    let talk = facts.stop_talk();
    let about_stopping = |hit: &Span| {
        let zone = around(text, hit, 80, 0);
        talk.iter()
            .any(|opt_out| opt_out.start < zone.end && zone.start < opt_out.end)
            || facts.matches("unsubscribed", &text[zone])
    };
    let promotion = facts
        .promotions()
        .iter()
        .find(|hit| !about_stopping(hit))
        .cloned();
    let offer_link = checker.document.links.iter().find(|link| {
        let href = link.href.to_lowercase();
        facts.matches("offer-url", &href) && !facts.matches("opt-out-url", &href)
    });
    let (span, certainty) = if let Some(hit) = promotion {
        (facts.visible.source_span(hit), Certainty::Certain)
    } else if let Some(link) = offer_link {
        (link.span.clone(), Certainty::Certain)
    } else if let Some(hit) = facts.hits("win-back", Scope::Visible).first() {
        (facts.visible.source_span(hit.clone()), Certainty::Certain)
    } else {
        return;
    };
    let detail = checker.excerpt(&span);
    checker.report(
        "sms-optout-confirmation-marketing",
        span,
        &detail,
        certainty,
    );
}
