//! `missing-ad-identification`, `deceptive-subject` and `consent-request-by-email`: whether a
//! message shows what it is. Advertising must be recognisable as advertising (CAN-SPAM
//! 7704(a)(5)(A)(i), e-Commerce Directive art. 6(a) and 7(1), § 6 DDG), its subject may not fake a
//! conversation or a transaction (7704(a)(2), § 6(2) DDG), and a message asking for permission to
//! send marketing is itself marketing sent without it (Tw 11.7, ePrivacy 13(1), CASL s. 1(3)).

use super::facts::Scope;
use super::sender::has_sender;
use super::{Certainty, Channel, Checker, Purpose};
use crate::document::Span;
use crate::document::folded::fold;

/// How much of the start of a message the inbox shows with the subject (the preview text) and a
/// reader takes in first: the headline and the opening lines.
const LEAD_BYTES: usize = 400;

pub(super) fn check(checker: &mut Checker<'_>) {
    if checker.context.channel == Channel::Form {
        return;
    }
    if checker.context.purpose == Purpose::Marketing {
        ad_identification(checker);
        deceptive_subject(checker);
    }
    // A re-permission mail declared a service message is still a request for marketing consent.
    if matches!(
        checker.context.purpose,
        Purpose::Marketing | Purpose::Transactional
    ) {
        consent_request(checker);
    }
}

fn folded_subject(checker: &Checker<'_>) -> Option<String> {
    checker
        .context
        .subject
        .as_deref()
        .map(fold)
        .filter(|subject| !subject.trim().is_empty())
}

/// Where the subject is written (hint, front matter, `<title>`), else the start of the file.
fn subject_span(checker: &Checker<'_>) -> Span {
    checker
        .context
        .subject
        .as_deref()
        .and_then(|subject| {
            let subject = subject.trim();
            checker
                .document
                .source
                .find(subject)
                .map(|at| at..at + subject.len())
        })
        .or_else(|| super::headers::value_span(checker.document, "Subject"))
        .unwrap_or(0..0)
}

/// `missing-ad-identification`. Under `us` a commercial e-mail must say it is an advertisement,
/// unless its subject or opening plainly offers something. Elsewhere advertising with a
/// promotional subject or opening, or from a sender the message names, is recognisable as such
/// (e-Commerce art. 6): only disguised advertising from nobody in particular is reported.
fn ad_identification(checker: &mut Checker<'_>) {
    if !checker.applies("missing-ad-identification") {
        return;
    }
    let facts = checker.facts;
    let subject = folded_subject(checker);
    if facts.has("ad-label", Scope::All)
        || subject.as_deref().is_some_and(|subject| {
            ["ad-label", "promotion", "commercial-signal"]
                .into_iter()
                .any(|concept| facts.matches(concept, subject))
        })
        || promotional_lead(checker)
    {
        return;
    }
    let us = checker.context.jurisdictions.iter().any(|j| j == "us");
    if !us && (sender_named(checker) || !advertises(checker)) {
        return;
    }
    let at = checker.document.insertion_point;
    let fix = checker.insertion_fix("missing-ad-identification", at);
    let detail = checker.context.subject.clone().unwrap_or_default();
    checker.report_full(
        "missing-ad-identification",
        subject_span(checker),
        &detail,
        Certainty::Certain,
        fix,
    );
}

/// An offer, a price or a call to buy in the preview text, the headline or the opening lines.
fn promotional_lead(checker: &Checker<'_>) -> bool {
    ["promotion", "commercial-signal"]
        .into_iter()
        .any(|concept| {
            checker
                .facts
                .hits(concept, Scope::All)
                .iter()
                .any(|hit| hit.start < LEAD_BYTES)
        })
}

/// Whether the message names its sender, in the body or (a configured brand) in the From line.
fn sender_named(checker: &Checker<'_>) -> bool {
    if has_sender(checker) {
        return true;
    }
    let Some(from) = checker.context.from.as_deref() else {
        return false;
    };
    let from = fold(from).to_lowercase();
    checker
        .settings
        .brand
        .names()
        .iter()
        .any(|name| from.contains(&fold(name).to_lowercase()))
}

/// Content that plainly advertises: an offer, a discount, a call to buy. Newsletter fare alone
/// is not enough to call a message disguised advertising.
fn advertises(checker: &Checker<'_>) -> bool {
    !checker.facts.promotions().is_empty()
}

/// `deceptive-subject`: a campaign whose subject starts like a reply or forward, or announces an
/// invoice, order or account event that the promotional body does not contain.
fn deceptive_subject(checker: &mut Checker<'_>) {
    if !checker.applies("deceptive-subject") {
        return;
    }
    let Some(subject) = folded_subject(checker) else {
        return;
    };
    let facts = checker.facts;
    let fake_reply = facts.matches("reply-prefix", subject.trim_start());
    // A message declared transactional is about its transaction, and a body that holds one
    // (an order number, an invoice) makes the subject true.
    let fake_transaction = facts.matches("transaction-subject", &subject)
        && checker.context.declared_purpose != Some(Purpose::Transactional)
        && !facts.promotions().is_empty()
        && !facts.has("transactional", Scope::Visible);
    if fake_reply || fake_transaction {
        let detail = checker.context.subject.clone().unwrap_or_default();
        checker.report(
            "deceptive-subject",
            subject_span(checker),
            detail.trim(),
            Certainty::Certain,
        );
    }
}

/// `consent-request-by-email`: the message (or its subject) asks the reader whether the sender
/// may keep sending marketing. A preference-centre link or a double opt-in confirmation does not
/// ask this (the confirmation has its own purpose and is never checked here).
fn consent_request(checker: &mut Checker<'_>) {
    if !checker.applies("consent-request-by-email") {
        return;
    }
    let facts = checker.facts;
    if let Some(first) = facts.hits("consent-request", Scope::Visible).first() {
        let span = facts.visible.source_span(first.clone());
        let detail = checker.excerpt(&span);
        checker.report(
            "consent-request-by-email",
            span,
            &detail,
            Certainty::Certain,
        );
        return;
    }
    if folded_subject(checker).is_some_and(|subject| facts.matches("consent-request", &subject)) {
        let detail = checker.context.subject.clone().unwrap_or_default();
        checker.report(
            "consent-request-by-email",
            subject_span(checker),
            detail.trim(),
            Certainty::Certain,
        );
    }
}
