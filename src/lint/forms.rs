//! How a form words the consent it asks for (catalogue G4–G8): `implied-consent-wording`,
//! `conditional-consent`, `consent-not-granular`, `vague-consent-scope` and
//! `consent-missing-channel-or-sender`. Consent must be a free, specific, informed and
//! unambiguous act (GDPR art. 4(11), 7(4); recital 32, 42, 43).
//!
//! Only marketing-consent controls (the same test as `consent.rs`) and consent sentences of a
//! form count. A box that bundles the terms with marketing is `bundled-consent`, and a box worded
//! as an opt-out is `opt-out-consent-wording`: those are reported there, not here again.

use super::consent::{accepts_terms, is_marketing_consent};
use super::facts::{Scope, sentence};
use super::{Audience, Certainty, Channel, Checker, RuleLevel};
use crate::diagnostic::Severity;
use crate::document::folded::fold;
use crate::document::{Control, ControlKind, Span};

/// The channels a consent label can name; one concept each.
const CHANNELS: [&str; 5] = [
    "channel-email",
    "channel-sms",
    "channel-phone",
    "channel-whatsapp",
    "channel-post",
];

/// A marketing-consent question on the form: a box with its own label, or a yes/no group
/// (radios, a select) with the question that labels it.
struct Consent {
    /// Where to report: the label, else the control.
    span: Span,
    /// The label as written (for the message and for proper names).
    label: String,
    /// The label folded, for phrase matching.
    folded: String,
    /// What else labels the question, folded: the group's question (a fieldset legend) and,
    /// for a yes/no group, the labels of its choices ("E-mail", "SMS").
    surroundings: String,
    /// A box a person ticks (checkbox, switch, task item), not a choice in a group.
    is_box: bool,
    required: bool,
    /// Reported elsewhere: bundled with the terms, or worded as an opt-out.
    flawed_elsewhere: bool,
}

pub(super) fn check(checker: &mut Checker<'_>) {
    if checker.context.channel != Channel::Form {
        return;
    }
    let consents = consents(checker);
    implied(checker, &consents);
    conditional(checker, &consents);
    not_granular(checker, &consents);
    vague_scope(checker, &consents);
    missing_channel_or_sender(checker, &consents);
}

/// The marketing-consent questions of the form, each once (a radio group is one question).
fn consents(checker: &Checker<'_>) -> Vec<Consent> {
    let mut found: Vec<Consent> = Vec::new();
    for control in &checker.document.controls {
        if control.hidden.is_some() && control.label.trim().is_empty() {
            continue;
        }
        let is_box = matches!(
            control.kind,
            ControlKind::Checkbox | ControlKind::Switch | ControlKind::TaskItem
        );
        let label = if is_box && !control.label.trim().is_empty() {
            control.label.clone()
        } else {
            control.group_label.clone()
        };
        if label.trim().is_empty() || !is_marketing_consent(checker, &label) {
            continue;
        }
        if !is_box && found.iter().any(|known| known.label == label) {
            continue;
        }
        found.push(consent(checker, control, label, is_box));
    }
    found
}

/// The group's question and the labels of the group's choices, folded.
fn surroundings(checker: &Checker<'_>, control: &Control) -> String {
    if control.group_label.trim().is_empty() {
        return String::new();
    }
    let choices = checker
        .document
        .controls
        .iter()
        .filter(|other| other.group_label == control.group_label)
        .map(|other| other.label.as_str());
    let mut text = vec![control.group_label.as_str()];
    text.extend(choices);
    fold(&text.join("\n"))
}

fn consent(checker: &Checker<'_>, control: &Control, label: String, is_box: bool) -> Consent {
    let folded = fold(&label);
    let surroundings = surroundings(checker, control);
    let flawed_elsewhere =
        accepts_terms(checker, &folded) || checker.facts.matches("opt-out-consent", &folded);
    let span = if is_box {
        control.label_span.clone().unwrap_or(control.span.clone())
    } else {
        control.span.clone()
    };
    Consent {
        span,
        label,
        folded,
        surroundings,
        is_box,
        required: control.required,
        flawed_elsewhere,
    }
}

/// The page is a newsletter sign-up and nothing else ("Subscribe to our newsletter", an e-mail
/// field, a Subscribe button): signing up *is* the clear affirmative act for that one purpose,
/// so no separate box is needed (catalogue section 9, question 6).
fn newsletter_only(checker: &Checker<'_>) -> bool {
    let facts = checker.facts;
    let title = checker
        .document
        .title
        .as_deref()
        .map(fold)
        .unwrap_or_default();
    let signup = facts.has("newsletter-signup", Scope::Visible)
        || facts.matches("newsletter-signup", &title);
    let other = facts.has("form-service", Scope::Visible) || facts.matches("form-service", &title);
    signup && !other
}

/// Whether a piece of consent text reaches beyond the newsletter a sign-up page is for: other
/// channels than e-mail, other recipients, profiling.
fn beyond_newsletter(checker: &Checker<'_>, text: &str) -> bool {
    let facts = checker.facts;
    CHANNELS[1..]
        .iter()
        .any(|channel| facts.matches(channel, text))
        || facts.matches("vague-recipients", text)
        || facts.matches("data-sharing", text)
}

/// The sentences of the visible text that hold a concept, each once, as folded ranges.
fn sentences_with(checker: &Checker<'_>, concept: &'static str) -> Vec<Span> {
    let text = &checker.facts.visible.text;
    let mut sentences: Vec<Span> = checker
        .facts
        .hits(concept, Scope::Visible)
        .iter()
        .map(|hit| sentence(text, hit))
        .collect();
    sentences.dedup();
    sentences
}

/// G4: "By submitting this form you agree to receive our newsletter", with no box of its own
/// for that marketing. Submitting a form is no clear affirmative act of consent to something
/// else (GDPR art. 4(11), recital 32). Sentences that also accept the terms are
/// `bundled-consent`; under the soft opt-in (existing customers, similar products) a notice at
/// collection is what the law asks for (catalogue G11), not consent; and a sentence that leaves
/// the choice open ("you can choose whether …") infers nothing.
fn implied(checker: &mut Checker<'_>, consents: &[Consent]) {
    if !consents.is_empty() || checker.context.audience == Some(Audience::Customers) {
        return;
    }
    let newsletter_only = newsletter_only(checker);
    let facts = checker.facts;
    let text = &facts.visible.text;
    for range in sentences_with(checker, "implied-consent-act") {
        let piece = &text[range.clone()];
        if !facts.matches("marketing-consent", piece)
            || !facts.matches("consent-effect", piece)
            || facts.matches("terms", piece)
            || facts.matches("denial", piece)
            || facts.matches("consent-optional", piece)
            || facts.matches("similar-products", piece)
            || (newsletter_only && !beyond_newsletter(checker, piece))
        {
            continue;
        }
        let span = facts.visible.source_span(range.clone());
        let detail = checker.excerpt(&span);
        checker.report("implied-consent-wording", span, &detail, Certainty::Certain);
        if !names_texting(checker, piece) {
            at_most_info_under_us(checker, "implied-consent-wording");
        }
    }
}

fn names_texting(checker: &Checker<'_>, text: &str) -> bool {
    ["channel-sms", "channel-phone", "channel-whatsapp"]
        .iter()
        .any(|channel| checker.facts.matches(channel, text))
}

/// Under US law alone, consent inferred from signing up is enough for e-mail (CAN-SPAM is an
/// opt-out regime) but not for marketing texts (TCPA): the matrix has "● (SMS) / ○ (email)".
/// The rule data holds the SMS level; a finding about e-mail is lowered to info here, unless
/// the user configured the rule's level.
fn at_most_info_under_us(checker: &mut Checker<'_>, rule_id: &str) {
    let only_us = !checker.context.jurisdictions.is_empty()
        && checker.context.jurisdictions.iter().all(|j| j == "us");
    let configured = checker
        .settings
        .rule_levels
        .get(rule_id)
        .is_some_and(|level| matches!(level, RuleLevel::On(_)));
    if !only_us || configured {
        return;
    }
    if let Some(finding) = checker.findings.last_mut()
        && finding.rule == rule_id
    {
        finding.severity = Severity::Info;
    }
}

/// G5: a marketing box the visitor cannot leave empty (`required`, `aria-required`, an
/// asterisk or "required" in its label), or copy making consent a condition of entry. Consent
/// is not free when the service depends on it (GDPR art. 7(4)). A required newsletter box on a
/// page that is only the newsletter sign-up asks for the service itself (catalogue G5 traps).
fn conditional(checker: &mut Checker<'_>, consents: &[Consent]) {
    let newsletter_only = newsletter_only(checker);
    let mut reported: Vec<Span> = Vec::new();
    for consent in consents {
        if !consent.is_box || consent.flawed_elsewhere {
            continue;
        }
        if checker.facts.matches("consent-optional", &consent.folded)
            || checker.facts.matches("optional", &consent.folded)
        {
            continue;
        }
        let demanded = consent.required
            || asterisk_marks(&consent.label)
            || checker.facts.matches("required-marker", &consent.folded)
            || checker.facts.matches("consent-required", &consent.folded);
        if !demanded || (newsletter_only && !beyond_newsletter(checker, &consent.folded)) {
            continue;
        }
        reported.push(consent.span.clone());
        checker.report(
            "conditional-consent",
            consent.span.clone(),
            &consent.label,
            Certainty::Certain,
        );
    }
    // "Die Anmeldung zum Newsletter ist Voraussetzung für die Teilnahme."
    let facts = checker.facts;
    let text = &facts.visible.text;
    for range in sentences_with(checker, "consent-required") {
        let piece = &text[range.clone()];
        if !facts.matches("marketing-consent", piece)
            || facts.matches("consent-optional", piece)
            || facts.matches("terms", piece)
        {
            continue;
        }
        let span = facts.visible.source_span(range.clone());
        if reported
            .iter()
            .any(|done| done.start < span.end && span.start < done.end)
        {
            continue;
        }
        let detail = checker.excerpt(&span);
        checker.report("conditional-consent", span, &detail, Certainty::Certain);
    }
}

/// An asterisk that marks the label as required: one with nothing but white space or
/// punctuation after it ("… erhalten *"), not a footnote that goes on inside the label.
fn asterisk_marks(label: &str) -> bool {
    label.match_indices('*').any(|(at, _)| {
        !label[at + 1..]
            .trim_start_matches(['*', ')', ']', ' ', '.', ':'])
            .chars()
            .any(char::is_alphanumeric)
    })
}

/// The label without the sentences that tell how to withdraw ("unsubscribe via the link in
/// any e-mail, or reply STOP"): those name the channels of the opt-out, not of the consent.
fn consent_part(checker: &Checker<'_>, folded: &str) -> String {
    let facts = checker.facts;
    folded
        .split_inclusive(['.', '!', '?', ';', '\n', '('])
        .filter(|piece| {
            !facts.matches("opt-out", piece) && !facts.matches("objection-notice", piece)
        })
        .collect()
}

/// G6: one box for several channels (e-mail and SMS), or for marketing and passing the data on
/// or profiling. Consent must be specific to each purpose (GDPR art. 4(11), recital 32, 43).
fn not_granular(checker: &mut Checker<'_>, consents: &[Consent]) {
    for consent in consents {
        if !consent.is_box {
            continue;
        }
        let part = consent_part(checker, &consent.folded);
        let channels = CHANNELS
            .iter()
            .filter(|channel| checker.facts.matches(channel, &part))
            .count();
        let sharing =
            checker.facts.matches("data-sharing", &part) && !checker.facts.matches("denial", &part);
        if channels >= 2 || sharing {
            checker.report(
                "consent-not-granular",
                consent.span.clone(),
                &consent.label,
                Certainty::Certain,
            );
        }
    }
}

/// G7: consent to marketing from "selected partners", "third parties", "our family of brands",
/// with no list of who they are. Consent to unnamed recipients is neither specific nor informed
/// (GDPR art. 4(11); ACM). "We never share your data with third parties" promises the opposite.
fn vague_scope(checker: &mut Checker<'_>, consents: &[Consent]) {
    let mut reported: Vec<Span> = Vec::new();
    for consent in consents {
        if let Some(hit) = vague_in(checker, &consent.folded) {
            if lists_recipients(checker, &consent.span, &consent.folded, &hit) {
                continue;
            }
            reported.push(consent.span.clone());
            checker.report(
                "vague-consent-scope",
                consent.span.clone(),
                &consent.label,
                Certainty::Certain,
            );
        }
    }
    // "By signing up you agree to receive offers from our carefully selected partners."
    let facts = checker.facts;
    let text = &facts.visible.text;
    for range in sentences_with(checker, "vague-recipients") {
        let piece = &text[range.clone()];
        let consent_text =
            facts.matches("implied-consent-act", piece) || facts.matches("agreement", piece);
        if !consent_text || !facts.matches("marketing-consent", piece) {
            continue;
        }
        let Some(hit) = vague_in(checker, piece) else {
            continue;
        };
        let span = facts.visible.source_span(range.clone());
        if reported
            .iter()
            .any(|done| done.start < span.end && span.start < done.end)
            || lists_recipients(checker, &span, piece, &hit)
        {
            continue;
        }
        reported.push(span.clone());
        let detail = checker.excerpt(&span);
        checker.report("vague-consent-scope", span, &detail, Certainty::Certain);
    }
}

/// The first unnamed recipient in a consent text, unless the text rules sharing out.
fn vague_in(checker: &Checker<'_>, folded: &str) -> Option<Span> {
    let facts = checker.facts;
    if facts.matches("denial", folded) {
        return None;
    }
    facts.find_in("vague-recipients", folded)
}

/// Whether the text names who the recipients are: a link in it (other than to the terms or the
/// privacy notice), a pointer to a list, or a list right after the phrase ("partners: A, B").
fn lists_recipients(checker: &Checker<'_>, span: &Span, folded: &str, hit: &Span) -> bool {
    let facts = checker.facts;
    if facts.matches("partner-list", folded) {
        return true;
    }
    let after = folded.get(hit.end..).unwrap_or_default().trim_start();
    if after.starts_with(':') || after.starts_with('(') {
        return true;
    }
    checker.document.links.iter().any(|link| {
        span.start <= link.span.start
            && link.span.end <= span.end
            && !facts.matches("terms", &fold(&link.text))
    })
}

/// G8: a marketing box whose label says by which channel nothing will come ("I agree to
/// receive marketing", "Ja, houd mij op de hoogte van acties"). Consent must be specific and
/// informed (GDPR art. 4(11)): to what, and how. The group's question counts ("Mogen wij je per
/// e-mail …?" over Ja/Nee radios).
///
/// The sender half of the rule is left to the channel: a label without the brand is normal on a
/// page whose header and footer name it, and whether a page names its owner cannot be told
/// reliably from a form fragment, so a missing sender alone is never reported (precision over
/// recall).
fn missing_channel_or_sender(checker: &mut Checker<'_>, consents: &[Consent]) {
    for consent in consents {
        if consent.flawed_elsewhere {
            continue;
        }
        let part = consent_part(checker, &consent.folded);
        let channel = CHANNELS.iter().any(|channel| {
            checker.facts.matches(channel, &part)
                || checker.facts.matches(channel, &consent.surroundings)
        });
        if !channel {
            checker.report(
                "consent-missing-channel-or-sender",
                consent.span.clone(),
                &consent.label,
                Certainty::Certain,
            );
        }
    }
}
