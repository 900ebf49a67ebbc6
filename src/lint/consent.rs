//! Consent as it is collected: `pre-ticked-consent`, `bundled-consent` and
//! `opt-out-consent-wording` (GDPR art. 4(11), 7(2), recital 32; Planet49).
//!
//! Only controls that ask for marketing consent count: a ticked "remember me", "save my card",
//! "same as billing address" or payment method is not consent (devset form_nl_03, form_de_02).

use super::facts::{Scope, sentence};
use super::{Certainty, Channel, Checker};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::folded::fold;
use crate::document::{Control, ControlKind, Span};

pub(super) fn check(checker: &mut Checker<'_>) {
    let document = checker.document;
    if document.controls.is_empty() && checker.context.channel != Channel::Form {
        return;
    }
    pre_ticked(checker);
    bundled(checker);
    opt_out_wording(checker);
}

/// Whether a label asks for marketing consent.
pub(super) fn is_marketing_consent(checker: &Checker<'_>, label: &str) -> bool {
    let label = fold(label);
    let facts = checker.facts;
    facts.matches("marketing-consent", &label)
        && !facts.matches("not-consent", &label)
        // "I have read the cancellation policy, which also covers special offers" confirms
        // reading; it agrees to no messages.
        && (!facts.matches("acknowledgement", &label) || facts.matches("consent-effect", &label))
}

/// The act of subscribing, in a button: "& subscribe", "en inschrijven", "und abonnieren".
static SUBSCRIBE_WORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)\b(?:subscribe|sign me up|abonneren|inschrijven|abonnieren|m.abonner|s.abonner)\b",
    )
    .expect("valid regex")
});

/// A label that is only a channel's name: "E-mail", "Post", "SMS" (Mailchimp's marketing
/// permissions block); the question stands in the text before the boxes.
fn names_a_channel_only(checker: &Checker<'_>, label: &str) -> bool {
    let facts = checker.facts;
    label.split_whitespace().count() <= 3
        && ELECTRONIC_CHANNELS
            .iter()
            .chain(&["channel-post"])
            .any(|channel| facts.matches(channel, label))
        || facts.matches("channel-name", label.trim())
}

/// The visible text just before a control (at most 300 bytes, 4 lines): the question a group
/// of bare channel boxes answers.
fn introduction<'c>(checker: &'c Checker<'_>, control: &Control) -> &'c str {
    let visible = &checker.facts.visible;
    let at = visible.folded_range(&control.span).start;
    let before = super::facts::around(&visible.text, &(at..at), 300, 4);
    &visible.text[before.start..at.max(before.start)]
}

/// Whether a control, selected, means "yes" to marketing.
fn is_consent_choice(checker: &Checker<'_>, control: &Control) -> bool {
    let label = fold(&control.label);
    let value = control.value.as_deref().map(fold).unwrap_or_default();
    let says_yes =
        |text: &str| checker.facts.matches("yes", text) && !checker.facts.matches("no", text);
    let says_no = checker.facts.matches("no", &label) && !checker.facts.matches("yes", &label);
    match control.kind {
        ControlKind::Checkbox | ControlKind::Switch | ControlKind::TaskItem => {
            if rendered_later(checker, control) {
                // On a preference centre ticks mirror the reader's current subscriptions
                // (corpus: listmonk's subscription page); on a signup form they are defaults.
                return !preference_centre(checker);
            }
            let own = if label.trim().is_empty() {
                fold(&control.group_label)
            } else {
                label.clone()
            };
            if says_no {
                return false;
            }
            is_marketing_consent(checker, &own)
                || (names_a_channel_only(checker, &own)
                    && (is_marketing_consent(checker, &fold(&control.group_label))
                        || is_marketing_consent(checker, introduction(checker, control))))
        }
        ControlKind::Radio => {
            if says_no {
                return false;
            }
            if is_marketing_consent(checker, &label) {
                return !checker.facts.matches("opt-out-consent", &label);
            }
            let yes = says_yes(&label)
                || matches!(
                    value.to_ascii_lowercase().as_str(),
                    "yes" | "ja" | "oui" | "si" | "1" | "true" | "y" | "j" | "o" | "on"
                );
            yes && is_marketing_consent(checker, &control.group_label)
        }
        ControlKind::Option => {
            // "Weekly" preselected in a newsletter list that also offers "I don't want it".
            !says_no
                && is_marketing_consent(checker, &control.group_label)
                && (says_yes(&label) || refusal_offered(checker, control))
        }
    }
}

/// Whether another option of the same list says no.
fn refusal_offered(checker: &Checker<'_>, option: &Control) -> bool {
    option.select.is_some()
        && checker.document.controls.iter().any(|other| {
            other.kind == ControlKind::Option
                && other.select == option.select
                && other.group_label == option.group_label
                && !std::ptr::eq(other, option)
                && {
                    let label = fold(&other.label);
                    checker.facts.matches("no", &label)
                        || checker.facts.matches("offers-refusal", &label)
                }
        })
}

/// A box whose label is only a template variable (`<label>{{ $list.Name }}</label>`): what it
/// stands for is decided when the page is rendered, typically a list to subscribe to, so a
/// default tick is reported unless its field name says it is something else (remember me,
/// terms).
fn rendered_later(checker: &Checker<'_>, control: &Control) -> bool {
    let registry = &checker.data.merge_tags;
    let mut rest = control.label.clone();
    let tokens: Vec<String> = registry
        .tokens_in(&control.label)
        .map(|(_, token)| token.to_string())
        .collect();
    if tokens.is_empty() {
        return false;
    }
    for token in tokens {
        rest = rest.replace(&token, "");
    }
    if rest.chars().any(char::is_alphabetic) {
        return false;
    }
    let field = fold(
        &[
            control.name.clone().unwrap_or_default(),
            control.id.clone().unwrap_or_default(),
        ]
        .join(" "),
    )
    .replace(['_', '-'], " ");
    !checker.facts.matches("not-consent", &field) && !checker.facts.matches("terms", &field)
}

/// A page where readers manage subscriptions they have: it has a field to unsubscribe.
fn preference_centre(checker: &Checker<'_>) -> bool {
    checker.document.controls.iter().any(|control| {
        let field = [
            control.name.as_deref().unwrap_or(""),
            control.id.as_deref().unwrap_or(""),
        ]
        .join(" ")
        .to_lowercase();
        checker.facts.matches("opt-out-url", &field)
    })
}

fn pre_ticked(checker: &mut Checker<'_>) {
    let document = checker.document;
    let mut findings: Vec<(Span, String, Option<Fix>)> = Vec::new();
    for control in &document.controls {
        let Some(selected) = &control.selected else {
            continue;
        };
        if !is_consent_choice(checker, control) {
            continue;
        }
        let detail = document
            .source
            .get(selected.clone())
            .unwrap_or_default()
            .to_string();
        // Removing the attribute (and the space before it) is safe: the author's wording stays,
        // only the default changes (GDPR recital 32).
        let fix = (control.kind != ControlKind::TaskItem)
            .then(|| {
                let mut start = selected.start;
                while start > 0 && document.source.as_bytes()[start - 1].is_ascii_whitespace() {
                    start -= 1;
                }
                Fix {
                    message: format!("Remove `{detail}`"),
                    applicability: Applicability::Safe,
                    edits: vec![Edit {
                        range: start..selected.end,
                        text: String::new(),
                    }],
                }
            })
            .or_else(|| {
                Some(Fix {
                    message: "Untick the box".to_string(),
                    applicability: Applicability::Safe,
                    edits: vec![Edit {
                        range: selected.clone(),
                        text: "[ ]".to_string(),
                    }],
                })
            });
        findings.push((selected.clone(), detail, fix));
    }
    for selection in &document.script_selections {
        let target = document.controls.iter().find(|control| {
            (selection.target_id.is_some() && control.id == selection.target_id)
                || (selection.target_name.is_some() && control.name == selection.target_name)
                || (selection.target_model.is_some() && control.model == selection.target_model)
        });
        if target.is_some_and(|control| is_consent_choice(checker, control)) {
            let detail = document
                .source
                .get(selection.span.clone())
                .unwrap_or_default()
                .to_string();
            findings.push((selection.span.clone(), detail, None));
        }
    }
    for (span, detail, fix) in findings {
        checker.report_full("pre-ticked-consent", span, &detail, Certainty::Certain, fix);
    }
    hidden_consent(checker);
}

/// Field names that carry marketing consent.
static CONSENT_NAME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(newsletter|nieuwsbrief|marketing|opt[-_]?in|consent|toestemming|einwilligung|consentement|werbung|reclame|promo|mailing|offers|angebote|aanbiedingen|offres)",
    )
    .expect("valid regex")
});

/// A hidden field that posts marketing consent (`<input type="hidden" name="newsletter_optin"
/// value="1">`) on a form that asks nothing about it: the visitor agrees without doing anything,
/// which no pre-ticked box could make worse. A newsletter sign-up form is left alone, since
/// sending it is the visitor's act of subscribing.
fn hidden_consent(checker: &mut Checker<'_>) {
    let document = checker.document;
    if document.hidden_inputs.is_empty()
        || document
            .controls
            .iter()
            .any(|control| is_consent_choice(checker, control))
        || super::form_info::signs_up(checker)
    {
        return;
    }
    let mut found = Vec::new();
    for input in &document.hidden_inputs {
        let truthy = matches!(
            input.value.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on" | "y" | "ja" | "j" | "oui" | "o" | "opt-in" | "optin"
        );
        if truthy && CONSENT_NAME.is_match(&input.name) {
            let span = input.value_span.clone().unwrap_or(input.span.clone());
            found.push((span, format!("{}={}", input.name, input.value)));
        }
    }
    for (span, detail) in found {
        checker.report_full("pre-ticked-consent", span, &detail, Certainty::Likely, None);
    }
}

/// Agreement to terms ("ik ga akkoord met de algemene voorwaarden", "Die AGB akzeptiere ich"):
/// an assent phrase and a terms phrase close together.
pub(super) fn accepts_terms(checker: &Checker<'_>, text: &str) -> bool {
    let lexicon = checker.facts.lexicon();
    let agreements: Vec<Span> = lexicon.concept("agreement").find_all(text);
    let terms: Vec<Span> = lexicon.concept("terms").find_all(text);
    agreements.iter().any(|agreement| {
        terms.iter().any(|term| {
            (term.start >= agreement.end && term.start - agreement.end <= 90)
                || (agreement.start >= term.end && agreement.start - term.end <= 40)
                // "Ich habe die AGB gelesen und akzeptiere": the terms inside the assent.
                || (agreement.start <= term.start && term.end <= agreement.end)
        })
    })
}

/// The boxes a person ticks (checkboxes, switches, task items), with their folded labels.
fn boxes(document: &crate::document::Document) -> impl Iterator<Item = (&Control, String)> {
    document
        .controls
        .iter()
        .filter(|control| {
            matches!(
                control.kind,
                ControlKind::Checkbox | ControlKind::Switch | ControlKind::TaskItem
            )
        })
        .map(|control| (control, fold(&control.label)))
}

fn bundled(checker: &mut Checker<'_>) {
    let document = checker.document;
    let mut reported: Vec<Span> = Vec::new();
    for (control, label) in boxes(document) {
        // An age clause ("I am 18 or older and I agree to the Official Rules and to receive
        // emails") makes a box no consent on its own, but not when it agrees to messages too.
        let consents = is_marketing_consent(checker, &label)
            || (checker.facts.matches("marketing-consent", &label)
                && checker.facts.matches("consent-effect", &label));
        if accepts_terms(checker, &label) && consents {
            let span = control.label_span.clone().unwrap_or(control.span.clone());
            reported.push(span.clone());
            checker.report("bundled-consent", span, &control.label, Certainty::Certain);
        }
    }
    // A submit button that does both: "Account aanmaken en aanmelden voor de nieuwsbrief",
    // "Accept & subscribe".
    for field in &document.fields {
        let label = fold(&field.label);
        if matches!(field.kind.as_str(), "submit" | "button" | "image")
            && field.hidden.is_none()
            && checker.facts.matches("primary-action", &label)
            && (is_marketing_consent(checker, &label)
                || checker.facts.matches("newsletter-signup", &label)
                || SUBSCRIBE_WORD.is_match(&label))
        {
            reported.push(field.span.clone());
            checker.report(
                "bundled-consent",
                field.span.clone(),
                &field.label,
                Certainty::Certain,
            );
        }
    }
    if checker.context.channel != Channel::Form {
        return;
    }
    // "By creating an account you agree to our Terms and to receive marketing emails."
    let facts = checker.facts;
    let text = &facts.visible.text;
    let mut sentences: Vec<Span> = facts
        .hits("terms", Scope::Visible)
        .iter()
        .map(|hit| sentence(text, hit))
        .collect();
    sentences.dedup();
    for range in sentences {
        let piece = &text[range.clone()];
        let tied = facts.matches("account-or-purchase", piece) || facts.matches("agreement", piece);
        if tied && accepts_terms(checker, piece) && is_marketing_consent(checker, piece) {
            let span = facts.visible.source_span(range.clone());
            if reported
                .iter()
                .any(|done| done.start < span.end && span.start < done.end)
            {
                continue;
            }
            reported.push(span.clone());
            let detail = checker.excerpt(&span);
            checker.report("bundled-consent", span, &detail, Certainty::Certain);
        }
    }
}

fn opt_out_wording(checker: &mut Checker<'_>) {
    // Under the soft opt-in (existing customers), a box to refuse offers on similar products is
    // the opportunity to object the law asks for at collection (Tw 11.7, ePrivacy 13(2); catalogue
    // G11), not consent worded as an opt-out.
    if checker.context.audience == Some(super::Audience::Customers) {
        return;
    }
    let document = checker.document;
    let mut reported: Vec<Span> = Vec::new();
    for (control, label) in boxes(document) {
        if checker.facts.matches("opt-out-consent", &label) {
            let span = control.label_span.clone().unwrap_or(control.span.clone());
            reported.push(span.clone());
            if post_only(checker, &label) {
                continue;
            }
            checker.report(
                "opt-out-consent-wording",
                span,
                &control.label,
                Certainty::Certain,
            );
        }
    }
    if checker.context.channel != Channel::Form {
        return;
    }
    let facts = checker.facts;
    for hit in facts.hits("opt-out-consent", Scope::Visible).iter() {
        let span = facts.visible.source_span(hit.clone());
        if reported
            .iter()
            .any(|done| done.start <= span.start && span.start < done.end.max(done.start + 1))
        {
            continue;
        }
        reported.push(span.clone());
        if post_only(
            checker,
            &facts.visible.text[sentence(&facts.visible.text, hit)],
        ) {
            continue;
        }
        let detail = checker.excerpt(&span);
        checker.report("opt-out-consent-wording", span, &detail, Certainty::Certain);
    }
}

/// Whether a box is about letters alone: "Tick here if you'd prefer not to hear from us by
/// post". Addressed post needs no consent (GDPR recital 47, legitimate interest), so a box to
/// refuse it is the right to object, not consent worded as an opt-out.
fn post_only(checker: &Checker<'_>, text: &str) -> bool {
    let facts = checker.facts;
    facts.matches("channel-post", text)
        && !ELECTRONIC_CHANNELS
            .iter()
            .any(|channel| facts.matches(channel, text))
}

/// The lexicon concepts naming an electronic channel (the law's "electronic mail" and calls).
const ELECTRONIC_CHANNELS: [&str; 4] = [
    "channel-email",
    "channel-sms",
    "channel-phone",
    "channel-whatsapp",
];
