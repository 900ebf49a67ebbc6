//! The opt-out family: `missing-unsubscribe` and the rules reported instead of it
//! (`unsubscribe-text-without-link`, `unsubscribe-link-unresolved`, `hidden-unsubscribe`), the
//! barriers (`unsubscribe-requires-login`, `unsubscribe-extra-steps`, `paid-unsubscribe`), the
//! notice (`missing-objection-notice`) and `sms-missing-stop-keyword`.
//!
//! First every opt-out mechanism in the message is collected with its state (working, hidden,
//! dead); the rules then read that one list.

use super::facts::{Scope, around, sentence};
use super::{Certainty, Channel, Checker};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::folded::fold;
use crate::document::{Hidden, MergeTagKind, Span};
use regex::Regex;
use std::sync::LazyLock;

#[derive(Clone, Debug, PartialEq)]
enum State {
    Working,
    /// Present but no reader sees it.
    Hidden(Hidden),
    /// Present but not conspicuous: tiny, low contrast, an image without text.
    Inconspicuous(&'static str),
    /// Present but will not work when sent.
    Unresolved {
        detail: String,
        certainty: Certainty,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Link,
    Tag,
    Keyword,
    /// A phone number or postal address offered for stopping.
    Contact,
}

#[derive(Clone, Debug)]
struct Mechanism {
    kind: Kind,
    state: State,
    /// Where a finding about it is reported.
    span: Span,
    /// The href, for `unsubscribe-link-unresolved`.
    href_span: Option<Span>,
    /// Where it stands in the visible folded text, when it is visible.
    folded: Option<Span>,
    /// Opting out through it needs a login.
    login: bool,
    /// The index of its link, for placing an inserted notice.
    link: Option<usize>,
}

pub(super) fn check(checker: &mut Checker<'_>) {
    let mechanisms = collect(checker);
    let working: Vec<&Mechanism> = mechanisms
        .iter()
        .filter(|mechanism| mechanism.state == State::Working)
        .collect();

    for mechanism in &mechanisms {
        if let State::Unresolved { detail, certainty } = &mechanism.state {
            let span = mechanism
                .href_span
                .clone()
                .unwrap_or(mechanism.span.clone());
            checker.report("unsubscribe-link-unresolved", span, detail, *certainty);
        }
    }

    if working.is_empty() {
        let hidden: Vec<&Mechanism> = mechanisms
            .iter()
            .filter(|m| matches!(m.state, State::Hidden(_) | State::Inconspicuous(_)))
            .collect();
        let unresolved = mechanisms
            .iter()
            .any(|m| matches!(m.state, State::Unresolved { .. }));
        if !hidden.is_empty() {
            for mechanism in hidden {
                let (detail, certainty) = match &mechanism.state {
                    State::Hidden(how) => (how.describe(), Certainty::Certain),
                    State::Inconspicuous(how) => (*how, Certainty::Likely),
                    _ => continue,
                };
                checker.report(
                    "hidden-unsubscribe",
                    mechanism.span.clone(),
                    detail,
                    certainty,
                );
            }
        } else if !unresolved {
            // Copy about unsubscribing with no way to do it; for SMS, where the catalogue (A3)
            // does not apply the rule, it is plainly a missing opt-out.
            match unsubscribe_talk(checker)
                .filter(|_| checker.applies("unsubscribe-text-without-link"))
            {
                Some(span) => {
                    let detail = checker.excerpt(&span);
                    checker.report(
                        "unsubscribe-text-without-link",
                        span,
                        &detail,
                        Certainty::Certain,
                    );
                }
                None => checker.report_missing("missing-unsubscribe"),
            }
        }
    } else {
        if working.iter().all(|mechanism| mechanism.login) {
            checker.report(
                "unsubscribe-requires-login",
                working[0].span.clone(),
                "",
                Certainty::Certain,
            );
        }
        if checker.context.channel == Channel::Email
            && working
                .iter()
                .all(|mechanism| mechanism.kind == Kind::Contact)
        {
            checker.report(
                "unsubscribe-extra-steps",
                working[0].span.clone(),
                "",
                Certainty::Certain,
            );
        }
        wrong_channel(checker, &working);
    }

    let anchors = anchors(checker, &mechanisms);
    barriers(checker, &anchors);
    notice(checker, &mechanisms);

    if checker.context.channel == Channel::Sms
        && !checker.facts.has("stop-instruction", Scope::Visible)
    {
        checker.report_missing("sms-missing-stop-keyword");
    }
}

static TOKEN_PARAMETER: LazyLock<Regex> = LazyLock::new(|| {
    // The value may be a merge tag the ESP fills per recipient: `token={{ params.unsub_token }}`.
    Regex::new(r"(?i)[?&;](?:token|t|id|u|uid|sid|e|email|key|hash|sig|signature|code|c|s|m|r|jwt|auth)=(?:[^&\s]{4,}|\{\{[^}]{2,}\}\}|\*\|[^|]{2,}\|\*|%%[^%]{2,}%%|\{\$?[^}]{2,}\})").expect("valid regex")
});

static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\+?\(?\d[\d ()./-]{6,}\d").expect("valid regex"));

/// Hosts that never receive anything: documentation examples and this machine.
fn placeholder_host(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    let rest = lower
        .split_once("://")
        .map_or(lower.as_str(), |(_, rest)| rest);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0")
        || host
            .strip_prefix("example.")
            .is_some_and(|tld| !tld.contains('.') || tld.starts_with("co."))
}

fn dead_href(href: &str) -> Option<String> {
    let trimmed = href.trim();
    let lower = trimmed.to_ascii_lowercase();
    if trimmed.is_empty() {
        return Some("(empty)".to_string());
    }
    if trimmed.starts_with('#') || lower.starts_with("javascript:") || lower == "about:blank" {
        return Some(trimmed.to_string());
    }
    if placeholder_host(trimmed)
        || lower.contains("todo")
        || lower.contains("xxx")
        || lower.contains("[unsubscribe link]")
        || lower.contains("your-unsubscribe")
    {
        return Some(trimmed.to_string());
    }
    if let Some(address) = lower.strip_prefix("mailto:") {
        let local = address.split('@').next().unwrap_or("");
        if matches!(
            local,
            "noreply" | "no-reply" | "donotreply" | "do-not-reply" | "no_reply"
        ) {
            return Some(trimmed.to_string());
        }
    }
    None
}

/// An "Unsubscribe" link whose whole target is a merge tag for something else: the web version
/// (`*|ARCHIVE|*`, `{{ web_version }}`), a forward link or the sender's address. The ESP fills
/// it in, but not with an opt-out (catalogue 3.2).
/// An href that is a merge-tag placeholder no ESP will turn into an opt-out: a token no ESP
/// knows (`*|UNUSB|*`, `{lien_url}`), a known one misspelt (`{unsubcribe_url}`), a broken one (`{{system.unsubscribeLink}`, `*|UNSUB*`),
/// or one an export percent-encoded (`%25%25=RedirectTo(…)=%25%25`).
fn unknown_placeholder(checker: &Checker<'_>, href: &str) -> Option<(String, Certainty)> {
    let trimmed = href.trim();
    let opens = |text: &str| {
        PLACEHOLDER_OPENERS
            .iter()
            .any(|opener| text.starts_with(opener))
    };
    if !opens(trimmed) {
        let decoded = crate::document::merge_tags::decode_href(trimmed);
        return (decoded != trimmed && opens(decoded.trim()))
            .then(|| (trimmed.to_string(), Certainty::Certain));
    }
    // SFMC's AMPscript expressions (`%%=RedirectTo(CloudPagesURL(12))=%%`) build the link when
    // the message is sent; what they point to cannot be known here.
    if trimmed.starts_with("%%=") && trimmed.ends_with("=%%") {
        return None;
    }
    let registry = &checker.data.merge_tags;
    let whole = registry
        .tokens_in(trimmed)
        .find(|(range, _)| range.start == 0)
        .map(|(range, token)| (range.end, token));
    match whole {
        // A well-formed token that is not a known or generic opt-out.
        Some((_, token)) if registry.classify(token).is_none() => {
            Some((token.to_string(), Certainty::Likely))
        }
        Some(_) => None,
        None => Some((trimmed.to_string(), Certainty::Certain)),
    }
}

/// A customer or member number, which a login asks for with the password.
static CREDENTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:kundennummer|klantnummer|lidnummer|mitgliedsnummer|customer number|member(?:ship)? number|account number|num[eé]ro (?:de )?client|num[eé]ro d.(?:adh[eé]rent|abonn[eé])|identifiant)")
        .expect("valid regex")
});

/// Words for a link or button to click, in the four languages (folded text).
static POINTS_AT_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:links?|liens?|klik\w*|click\w*|cliqu\w*|klick\w*|buttons?|boutons?|knop|schaltflache|tap)\b")
        .expect("valid regex")
});

/// How a merge-tag placeholder begins, in the shapes of `rules/merge-tags.toml`.
const PLACEHOLDER_OPENERS: &[&str] = &["*|", "{", "%%", "[[", "<%", "${", "[*", "::", "##"];

fn other_tag_target(document: &crate::document::Document, index: usize) -> Option<String> {
    let href: String = document.links[index]
        .href
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    document
        .merge_tags
        .iter()
        .filter(|tag| tag.link == Some(index) && tag.kind != MergeTagKind::Unsubscribe)
        .find(|tag| {
            let token: String = tag.token.chars().filter(|c| !c.is_whitespace()).collect();
            token.eq_ignore_ascii_case(&href)
        })
        .map(|tag| tag.token.clone())
}

/// Decodes and lower-cases an href for the URL lexicon.
fn normalised_href(href: &str) -> String {
    fold(&crate::document::merge_tags::decode_href(href)).to_lowercase()
}

fn collect(checker: &Checker<'_>) -> Vec<Mechanism> {
    let document = checker.document;
    let facts = checker.facts;
    let esp = checker.context.esp.as_deref();
    let mut mechanisms = Vec::new();

    for (index, link) in document.links.iter().enumerate() {
        let tags: Vec<_> = document
            .merge_tags
            .iter()
            .filter(|tag| tag.link == Some(index) && tag.kind == MergeTagKind::Unsubscribe)
            .collect();
        let href = normalised_href(&link.href);
        let text = fold(&link.text);
        let folded = if link.hidden.is_none() {
            Some(facts.visible.folded_range(&link.span))
        } else {
            None
        };
        // A WhatsApp quick-reply button ("Stop promotions") opts out inside the chat.
        let quick_reply = link.element == "quick-reply";
        // A URL written in the text is no wording: its path words are weighed with its sentence.
        let text_optout = link.element != "text"
            && (facts.matches("opt-out", &text)
                || (quick_reply && facts.matches("chat-optout", &text)));
        // A written URL, or a "hier"/"click here" link, means what its sentence says.
        let pointing = link.element == "text"
            || (link.text.split_whitespace().count() <= 3 && facts.matches("here", &text));
        // Hidden links are read in the text with hidden parts, so that a hidden "klik hier"
        // opt-out is found as hidden rather than missing.
        let scope = if folded.is_some() {
            &facts.visible
        } else {
            facts.folded(Scope::All)
        };
        let range = scope.folded_range(&link.span);
        // The link's sentence, worked out once when a check asks for it.
        let sentence_of_link = std::cell::OnceCell::new();
        let zone = || {
            *sentence_of_link.get_or_init(|| {
                let mut zone = sentence(&scope.text, &range);
                // "Falls Sie unsere E-Mails nicht mehr<br>erhalten möchten, klicken hier": a
                // line break inside the sentence.
                let before = &scope.text[..zone.start];
                if let Some(previous) = before.strip_suffix('\n')
                    && !previous.trim_end().ends_with(['.', '!', '?', ':'])
                {
                    zone.start = sentence(&scope.text, &(previous.len()..previous.len())).start;
                }
                &scope.text[zone]
            })
        };
        // A "hier" link titled "Abmeldung" says what it does in its title.
        let titled_optout = (pointing || text.trim().is_empty())
            && link.attributes.iter().any(|(name, value)| {
                matches!(name.as_str(), "title" | "aria-label")
                    && facts.matches("opt-out", &fold(value))
            });
        let text_optout = text_optout || titled_optout;
        // "Opt out of SMS reminders" at `/reminders/opt-out`, "cancel a class: manage my
        // bookings" at `/reservations/desinscription`: the words say what the URL stops, and a
        // mailto's subject says it too ("?subject=Afmelden inspraakavond").
        let elsewhere = facts.matches("other-opt-out", &text)
            || (!text_optout && facts.matches("other-opt-out", zone()))
            || (href.starts_with("mailto:") && facts.matches("other-opt-out", &href));
        // "Pour vous désinscrire, connectez-vous : Accéder à mon espace client": a login link
        // in an opt-out sentence is the opt-out, behind a login; one for another opt-out ("Opt
        // out of paper receipts") is no barrier to this one.
        let login_route = !text_optout
            && !elsewhere
            && (facts.matches("login", &text) || facts.matches("login-url", &href))
            && {
                // Its paragraph before it, which says what it is for.
                let before = around(&scope.text, &range, 250, 0);
                let zone = &scope.text[before.start..range.end.max(before.start)];
                facts.matches("opt-out", zone) || facts.matches("objection-notice", zone)
            };
        // A written URL or a "hier" link in a sentence about another opt-out ("Meld je af voor
        // de workshop via URL") points at no opt-out of these messages.
        let written_optout = pointing && !elsewhere && {
            let zone = zone();
            facts.matches("opt-out", zone) || facts.matches("objection-notice", zone)
        };
        let url_optout = !elsewhere && facts.matches("opt-out-url", &href);
        if tags.is_empty() && !url_optout && !text_optout && !written_optout && !login_route {
            continue;
        }
        let login_url = facts.matches("login-url", &href)
            && !(url_optout && TOKEN_PARAMETER.is_match(&link.href));
        let login_text = facts.matches("login", &text) && !facts.matches("no-login", &text);
        let state = if !tags.is_empty() && tags.iter().all(|tag| tag.encoded) {
            State::Unresolved {
                detail: link.href.clone(),
                certainty: Certainty::Likely,
            }
        } else if let (Some(esp), false) = (esp, tags.is_empty()) {
            if tags.iter().any(|tag| tag.esps.iter().any(|own| own == esp))
                || checker
                    .data
                    .merge_tags
                    .esp(esp)
                    .is_some_and(|own| own.auto_footer)
            {
                visibility_state(link)
            } else {
                State::Unresolved {
                    detail: tags[0].token.clone(),
                    certainty: Certainty::Certain,
                }
            }
        } else if let Some(detail) = (tags.is_empty() && !quick_reply)
            .then(|| dead_href(&link.href).or_else(|| other_tag_target(document, index)))
            .flatten()
        {
            State::Unresolved {
                detail,
                certainty: Certainty::Certain,
            }
        } else if let Some((detail, certainty)) = unknown_placeholder(checker, &link.href) {
            State::Unresolved { detail, certainty }
        } else {
            visibility_state(link)
        };
        mechanisms.push(Mechanism {
            kind: Kind::Link,
            state,
            span: link.span.clone(),
            href_span: link.href_span.clone(),
            folded,
            login: login_url || login_text || login_route,
            link: Some(index),
        });
    }

    // Tags in text: a HubSpot `{{ unsubscribe_section }}`, an SMS "Afmelden: {{unsubscribe_url}}".
    for tag in document
        .merge_tags
        .iter()
        .filter(|tag| tag.link.is_none() && tag.kind == MergeTagKind::Unsubscribe)
    {
        let state = if tag.hidden {
            State::Hidden(Hidden::DisplayNone)
        } else if esp.is_some_and(|esp| !tag.esps.iter().any(|own| own == esp)) {
            State::Unresolved {
                detail: tag.token.clone(),
                certainty: Certainty::Certain,
            }
        } else {
            State::Working
        };
        let folded = (!tag.hidden).then(|| facts.visible.folded_range(&tag.span));
        mechanisms.push(Mechanism {
            kind: Kind::Tag,
            state,
            span: tag.span.clone(),
            href_span: None,
            folded,
            login: false,
            link: None,
        });
    }

    // Reply keywords ("Reply STOP", "sms STOP naar 4411").
    let visible_keywords = facts.hits("stop-instruction", Scope::Visible);
    for hit in visible_keywords.iter() {
        let span = facts.visible.source_span(hit.clone());
        mechanisms.push(Mechanism {
            kind: Kind::Keyword,
            state: State::Working,
            span,
            href_span: None,
            folded: Some(hit.clone()),
            login: false,
            link: None,
        });
    }
    let visible_spans: Vec<Span> = visible_keywords
        .iter()
        .map(|hit| facts.visible.source_span(hit.clone()))
        .collect();
    for hit in facts.hits("stop-instruction", Scope::All).iter() {
        let span = facts.folded(Scope::All).source_span(hit.clone());
        if !visible_spans.iter().any(|visible| {
            visible.start <= span.start && span.start < visible.end.max(visible.start + 1)
        }) {
            mechanisms.push(Mechanism {
                kind: Kind::Keyword,
                state: State::Hidden(Hidden::DisplayNone),
                span,
                href_span: None,
                folded: None,
                login: false,
                link: None,
            });
        }
    }

    // A phone number or postal address given for stopping ("bel 020 123 4567 om je af te melden").
    // The number may stand in the next sentence ("Geen berichten meer? Bel 0900 …"); a letter
    // "to our address" points at the address the message gives.
    let text = &facts.visible.text;
    let talk = facts.stop_talk();
    let addresses = facts.hits("postal-address", Scope::Visible);
    let mut contacts: Vec<Span> = Vec::new();
    for hit in &talk {
        // Words inside a link ("log in to manage emails") name that link, which is the way.
        if inside_link(checker.document, &facts.visible.source_span(hit.clone())) {
            continue;
        }
        // The sentence and the next one, which says how ("Geen berichten meer? Bel …",
        // "Widerspruch ist möglich. Senden Sie dazu einen Brief …").
        let mut zone = sentence(text, hit);
        // "… en cliquant sur le lien ci-dessous." names a link: the next line (a footer
        // address) is not how to stop.
        if zone.end < text.len() && !POINTS_AT_LINK.is_match(&text[zone.clone()]) {
            zone.end = sentence(text, &(zone.end + 1..zone.end + 1))
                .end
                .max(zone.end);
        }
        let piece = &text[zone.clone()];
        let contact = PHONE
            .find(piece)
            .map(|found| zone.start + found.start()..zone.start + found.end())
            .or_else(|| {
                facts
                    .find_in("postal-address", piece)
                    .map(|found| zone.start + found.start..zone.start + found.end)
            })
            .or_else(|| {
                facts
                    .matches("by-post", piece)
                    .then(|| addresses.first().cloned())
                    .flatten()
            });
        if contact
            .as_ref()
            .is_some_and(|range| contacts.contains(range))
        {
            continue;
        }
        if let Some(range) = &contact {
            contacts.push(range.clone());
        }
        if let Some(range) = contact {
            let span = facts.visible.source_span(range.clone());
            mechanisms.push(Mechanism {
                kind: Kind::Contact,
                state: State::Working,
                span,
                href_span: None,
                folded: Some(range),
                login: false,
                link: None,
            });
        }
    }

    // The sentence around a link can gate it too ("Log in to Mijn Account to unsubscribe"),
    // unless it says the opposite ("Meld je af, zonder in te loggen").
    for mechanism in mechanisms
        .iter_mut()
        .filter(|m| m.kind == Kind::Link && !m.login)
    {
        if let Some(range) = &mechanism.folded {
            let zone = &text[sentence(text, range)];
            if facts.matches("login", zone) && !facts.matches("no-login", zone) {
                mechanism.login = true;
            }
        }
    }
    mechanisms
}

fn visibility_state(link: &crate::document::Link) -> State {
    match link.hidden {
        Some(hidden) if hidden.is_invisible() => State::Hidden(hidden),
        Some(hidden) => State::Inconspicuous(hidden.describe()),
        None if link.image_only => State::Inconspicuous("an image without text"),
        None if link.text.trim().is_empty() && link.element == "a" => {
            State::Inconspicuous("a link without text")
        }
        None => State::Working,
    }
}

/// `unsubscribe-wrong-channel`: an SMS or WhatsApp message whose only ways out are an e-mail
/// address, a phone call or a letter. The reader should be able to stop in the channel the
/// message came by: a reply keyword, a quick reply or a link (CASL s. 11(1)(a); catalogue A9).
/// In an e-mail a phone number or letter alone is already `unsubscribe-extra-steps`.
fn wrong_channel(checker: &mut Checker<'_>, working: &[&Mechanism]) {
    if !matches!(checker.context.channel, Channel::Sms | Channel::Whatsapp) {
        return;
    }
    let elsewhere = |mechanism: &&&Mechanism| match mechanism.kind {
        Kind::Contact => true,
        Kind::Link => mechanism
            .link
            .and_then(|index| checker.document.links.get(index))
            .is_some_and(|link| {
                link.href
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("mailto:")
            }),
        Kind::Tag | Kind::Keyword => false,
    };
    if let Some(first) = working.iter().find(elsewhere)
        && working.iter().all(|mechanism| elsewhere(&mechanism))
    {
        let detail = checker.excerpt(&first.span);
        checker.report(
            "unsubscribe-wrong-channel",
            first.span.clone(),
            &detail,
            Certainty::Certain,
        );
    }
}

/// The visible copy about opting out that stands outside any link: in the last sentence that
/// has some (the footer's, where the fix belongs, rather than an article's title), its first
/// phrase.
fn unsubscribe_talk(checker: &Checker<'_>) -> Option<Span> {
    let facts = checker.facts;
    let text = &facts.visible.text;
    let talk: Vec<Span> = facts
        .stop_talk()
        .into_iter()
        .filter(|hit| !inside_link(checker.document, &facts.visible.source_span(hit.clone())))
        .collect();
    let last = talk.iter().max_by_key(|hit| hit.start)?;
    let zone = sentence(text, last);
    let first = talk
        .iter()
        .filter(|hit| zone.start <= hit.start && hit.start < zone.end.max(zone.start + 1))
        .min_by_key(|hit| hit.start)
        .unwrap_or(last);
    Some(facts.visible.source_span(first.clone()))
}

/// Whether a source range lies in the text of a link the draft marks up (not a URL written in
/// plain text, which is its own link).
fn inside_link(document: &crate::document::Document, span: &Span) -> bool {
    document.links.iter().any(|link| {
        link.element != "text" && link.span.start <= span.start && span.end <= link.span.end
    })
}

/// The places in visible text that talk about opting out: each mechanism and each opt-out
/// phrase. Barriers (a login, a questionnaire, a premium number) count only near them.
fn anchors(checker: &Checker<'_>, mechanisms: &[Mechanism]) -> Vec<Span> {
    let facts = checker.facts;
    let mut anchors: Vec<Span> = mechanisms.iter().filter_map(|m| m.folded.clone()).collect();
    anchors.extend(facts.stop_talk());
    anchors
}

fn barriers(checker: &mut Checker<'_>, anchors: &[Span]) {
    let facts = checker.facts;
    let text = facts.visible.text.clone();
    // A login or a questionnaire counts anywhere near the opt-out ...
    let zones: Vec<Span> = anchors
        .iter()
        .map(|anchor| around(&text, anchor, 240, 1))
        .collect();
    let inside = |hit: &Span| {
        zones
            .iter()
            .any(|zone| zone.start <= hit.start && hit.end <= zone.end)
    };
    // ... a price only in the opt-out sentence or the one after it: "Reply STOP to end. £1.50
    // per message." An SMS that also sells a £1.50 quiz answer does not charge for stopping.
    let cost_zones: Vec<Span> = anchors
        .iter()
        .map(|anchor| {
            let own = sentence(&text, anchor);
            let next = sentence(&text, &(own.end..own.end));
            own.start..next.end.max(own.end)
        })
        .collect();
    let in_cost_zone = |hit: &Span| {
        cost_zones
            .iter()
            .any(|zone| zone.start <= hit.start && hit.end <= zone.end)
    };
    // One finding per barrier: a message whose only way out is a phone call or a letter has it
    // already.
    let already = checker
        .findings
        .iter()
        .any(|finding| finding.rule == "unsubscribe-extra-steps");
    let extra = if already {
        std::rc::Rc::new(Vec::new())
    } else {
        facts.hits("extra-steps", Scope::Visible)
    };
    if let Some(hit) = extra.iter().find(|hit| {
        let own = &text[sentence(&text, hit)];
        // "Log in met je klantnummer en wachtwoord": a credential of the login, which
        // unsubscribe-requires-login reports, not a step of its own.
        inside(hit)
            && !facts.matches("optional", own)
            && !(facts.matches("login", own) && CREDENTIAL.is_match(&text[(*hit).clone()]))
    }) {
        let span = facts.visible.source_span(hit.clone());
        let detail = checker.excerpt(&span);
        checker.report("unsubscribe-extra-steps", span, &detail, Certainty::Certain);
    }
    let cost = facts.hits("premium-cost", Scope::Visible);
    if let Some(hit) = cost.iter().find(|hit| in_cost_zone(hit)) {
        let span = facts.visible.source_span(hit.clone());
        let detail = checker.excerpt(&span);
        checker.report("paid-unsubscribe", span, &detail, Certainty::Certain);
    }
}

/// `missing-objection-notice`: no visible sentence tells the reader they can stop. For SMS and
/// WhatsApp any visible opt-out instruction is that sentence.
fn notice(checker: &mut Checker<'_>, mechanisms: &[Mechanism]) {
    let facts = checker.facts;
    let short_channel = matches!(checker.context.channel, Channel::Sms | Channel::Whatsapp);
    let found = facts.has("objection-notice", Scope::Visible)
        || (short_channel
            && (facts.has("stop-instruction", Scope::Visible)
                || facts.has("opt-out", Scope::Visible)));
    if found {
        return;
    }
    // Where the fix goes: just before the working opt-out link, else where a footer goes.
    let link = mechanisms
        .iter()
        .find(|m| {
            m.state == State::Working
                && m.kind == Kind::Link
                && m.link
                    .is_some_and(|index| checker.document.links[index].element == "a")
        })
        .and_then(|m| m.link)
        .map(|index| checker.document.links[index].span.clone());
    let Some(span) = link else {
        checker.report_missing("missing-objection-notice");
        return;
    };
    let notice = checker
        .data
        .rule("missing-objection-notice")
        .and_then(|rule| {
            rule.suggestion(
                &checker.context.language,
                &[
                    ("unsubscribe", &checker.unsubscribe_tag()),
                    ("brand", &checker.brand_name()),
                ],
            )
        });
    let fix = notice.filter(|text| !text.trim().is_empty()).map(|text| {
        let text = format!("{} ", text.trim());
        Fix {
            message: format!("Insert before the link: {}", text.trim()),
            applicability: Applicability::Unsafe,
            edits: vec![Edit {
                range: span.start..span.start,
                text,
            }],
        }
    });
    checker.report_full(
        "missing-objection-notice",
        span,
        "",
        Certainty::Certain,
        fix,
    );
}
