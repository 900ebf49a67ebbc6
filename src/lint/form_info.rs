//! What a form must tell people when it collects their contact details for marketing:
//! `missing-withdrawal-info` (GDPR art. 7(3)), `missing-privacy-notice-link` (GDPR art. 13),
//! `soft-opt-in-no-optout-at-collection` (Tw 11.7, ePrivacy art. 13(2), UWG § 7(3)) and
//! `phone-field-required-without-consent` (carrier rules for SMS programmes).
//!
//! A form counts as collecting for marketing when it has a marketing-consent control, or when it
//! is a newsletter sign-up (an e-mail field, no password, and copy that signs up for a
//! newsletter). Logins, contact forms and plain checkouts have neither and stay silent.

use super::facts::{Scope, sentence};
use super::{Audience, Certainty, Channel, Checker};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::folded::fold;
use crate::document::{Control, ControlKind, Field, Span};

pub(super) fn check(checker: &mut Checker<'_>) {
    if checker.context.channel != Channel::Form {
        return;
    }
    let form = FormFacts::new(checker);
    withdrawal_info(checker, &form);
    privacy_notice_link(checker, &form);
    soft_opt_in_objection(checker, &form);
    required_phone(checker, &form);
}

/// What the checks of this module share about the form.
struct FormFacts<'d> {
    /// Marketing-consent controls, one per question (a yes/no pair counts once).
    consent: Vec<&'d Control>,
    /// A box that refuses offers ("Nee, liever geen aanbiedingen"): the objection a soft opt-in
    /// asks for at collection, not consent.
    refusal: bool,
    /// A newsletter sign-up, whose submission is the consent (catalogue section 9, Q6).
    signup: bool,
    /// The last visible submit button, where a missing sentence goes.
    submit: Option<&'d Field>,
    /// Fields asking for an e-mail address or a phone number.
    contact: Vec<&'d Field>,
    /// A checkout, order or quote form.
    checkout: bool,
}

impl<'d> FormFacts<'d> {
    fn new(checker: &Checker<'d>) -> FormFacts<'d> {
        let document = checker.document;
        let mut consent: Vec<&Control> = Vec::new();
        let mut refusal = false;
        // Each yes/no question asked so far, with its entry in `consent`.
        let mut questions: Vec<(&str, usize)> = Vec::new();
        for control in &document.controls {
            match control.kind {
                ControlKind::Checkbox | ControlKind::Switch | ControlKind::TaskItem => {
                    let own = if control.label.trim().is_empty() {
                        &control.group_label
                    } else {
                        &control.label
                    };
                    if refuses(checker, own) {
                        refusal |= asks_marketing(checker, own) || refuses_offers(checker, own);
                    } else if asks_marketing(checker, own) {
                        consent.push(control);
                    }
                }
                ControlKind::Radio | ControlKind::Option => {
                    let question = control.group_label.as_str();
                    if question.trim().is_empty() || !asks_marketing(checker, question) {
                        continue;
                    }
                    // One entry per question, at its last answer, where a sentence would follow.
                    match questions.iter().find(|(known, _)| *known == question) {
                        Some(&(_, at)) => {
                            if let Some(slot) = consent.get_mut(at) {
                                *slot = control;
                            }
                        }
                        None => {
                            questions.push((question, consent.len()));
                            consent.push(control);
                        }
                    }
                }
            }
        }
        let visible_fields = || {
            document
                .fields
                .iter()
                .filter(|field| field.hidden.is_none())
        };
        let contact: Vec<&Field> = visible_fields()
            .filter(|field| is_email(checker, field) || is_phone(checker, field))
            .collect();
        let submit =
            visible_fields().rfind(|field| matches!(field.kind.as_str(), "submit" | "image"));
        let password = document.fields.iter().any(|field| field.kind == "password");
        let signup = consent.is_empty()
            && !password
            && contact.iter().any(|field| is_email(checker, field))
            && signs_up(checker);
        let facts = checker.facts;
        let checkout = facts.has("checkout", Scope::Visible)
            || document
                .title
                .as_deref()
                .is_some_and(|title| facts.matches("checkout", &fold(title)));
        FormFacts {
            consent,
            refusal,
            signup,
            submit,
            contact,
            checkout,
        }
    }

    /// Whether the form collects contact details for marketing at all.
    fn collects_for_marketing(&self) -> bool {
        !self.consent.is_empty() || self.signup
    }

    /// Where text that belongs before sending goes: before the submit button, else the end.
    fn insertion_point(&self, checker: &Checker<'_>) -> usize {
        self.submit
            .map_or(checker.document.insertion_point, |field| field.span.start)
    }
}

/// Whether a label asks for marketing consent (newsletter, offers, "keep me updated").
fn asks_marketing(checker: &Checker<'_>, label: &str) -> bool {
    let label = fold(label);
    checker.facts.matches("marketing-consent", &label)
        && !checker.facts.matches("not-consent", &label)
}

/// Whether ticking a box says no: "Tick if you do not want offers", "Nee, liever niet".
fn refuses(checker: &Checker<'_>, label: &str) -> bool {
    let label = fold(label);
    refuses_offers(checker, &label)
        || checker.facts.matches("opt-out-consent", &label)
        || (checker.facts.matches("no", &label) && !checker.facts.matches("yes", &label))
}

fn refuses_offers(checker: &Checker<'_>, label: &str) -> bool {
    checker.facts.matches("offers-refusal", &fold(label))
}

/// A field's label and name, folded, with `_` and `-` as spaces (`phone_number`).
fn field_words(field: &Field) -> String {
    let name = [field.name.as_deref(), field.id.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['_', '-'], " ");
    fold(&format!("{} {name}", field.label))
}

fn is_email(checker: &Checker<'_>, field: &Field) -> bool {
    match field.kind.as_str() {
        "email" => true,
        "text" => {
            field
                .autocomplete
                .as_deref()
                .is_some_and(|value| value.contains("email"))
                || checker.facts.matches("email-field", &field_words(field))
        }
        _ => false,
    }
}

fn is_phone(checker: &Checker<'_>, field: &Field) -> bool {
    match field.kind.as_str() {
        "tel" => true,
        "text" | "number" => {
            field.autocomplete.as_deref().is_some_and(|value| {
                value
                    .split_whitespace()
                    .any(|token| token.starts_with("tel"))
            }) || checker.facts.matches("phone-field", &field_words(field))
        }
        _ => false,
    }
}

/// Copy that signs the reader up for a newsletter ("Schrijf je in voor de nieuwsbrief"), in
/// the page's title or its text outside links (a footer link to a sign-up page is not this
/// form's purpose).
pub(super) fn signs_up(checker: &Checker<'_>) -> bool {
    let facts = checker.facts;
    if checker
        .document
        .title
        .as_deref()
        .is_some_and(|title| facts.matches("newsletter-signup", &fold(title)))
    {
        return true;
    }
    let links = &checker.document.links;
    facts
        .hits("newsletter-signup", Scope::Visible)
        .iter()
        .any(|hit| {
            let source = facts.visible.source_span(hit.clone());
            !links
                .iter()
                .any(|link| link.span.start <= source.start && source.end <= link.span.end)
        })
}

/// Whether the page tells the reader they can withdraw or unsubscribe (GDPR art. 7(3)), or
/// object (art. 21): any such sentence counts, inside the label or next to it.
fn tells_withdrawal(checker: &Checker<'_>) -> bool {
    let facts = checker.facts;
    ["withdrawal-notice", "objection-notice", "opt-out"]
        .into_iter()
        .any(|concept| facts.has(concept, Scope::Visible))
}

/// The rule's suggested sentence in the document's language, brand filled in.
fn suggestion(checker: &Checker<'_>, rule_id: &str) -> Option<String> {
    let brand = checker.brand_name();
    checker.data.rule(rule_id)?.suggestion(
        &checker.context.language,
        &[("brand", &brand), ("unsubscribe", ""), ("address", "")],
    )
}

/// G9: consent asked for without saying it can be withdrawn at any time. Reported at the
/// (last) consent control's label, where the sentence belongs; for a sign-up form without a
/// box, at the submit button.
fn withdrawal_info(checker: &mut Checker<'_>, form: &FormFacts<'_>) {
    const RULE: &str = "missing-withdrawal-info";
    // A refusal box is the objection itself (soft opt-in); its absence is G11's concern.
    if !form.collects_for_marketing() || form.refusal || tells_withdrawal(checker) {
        return;
    }
    // A link to the privacy notice inside the form, at the point of consent, gives the
    // information in a layered way (GDPR art. 13(2)(c)); a link in the page footer does not.
    let before = form.submit.map_or(usize::MAX, |field| field.span.start);
    if links_privacy_notice(checker, before) {
        return;
    }
    if let Some(control) = form.consent.last() {
        let span = control.label_span.clone().unwrap_or(control.span.clone());
        let (detail, fix) = match control.kind {
            // A yes/no question: the sentence goes before the submit button, not into "Nee".
            ControlKind::Radio | ControlKind::Option => (
                control.group_label.clone(),
                checker.insertion_fix(RULE, form.insertion_point(checker)),
            ),
            _ => (checker.excerpt(&span), after_label(checker, RULE, span.end)),
        };
        checker.report_full(RULE, span, &detail, Certainty::Certain, fix);
    } else {
        let span = sign_up_span(checker, form);
        let fix = checker.insertion_fix(RULE, form.insertion_point(checker));
        // Without a box the sign-up is only likely a consent request (it may be a reminder
        // service): one level lower.
        checker.report_full(RULE, span, "", Certainty::Likely, fix);
    }
}

/// The rule's sentence appended to a consent label that ends at `at`.
fn after_label(checker: &Checker<'_>, rule_id: &str, at: usize) -> Option<Fix> {
    let text = format!(" {}", plain(&suggestion(checker, rule_id)?));
    Some(Fix {
        message: format!("Insert: {}", text.trim()),
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            range: at..at,
            text,
        }],
    })
}

/// Where a form-level finding is shown: the submit button, else the first contact field.
fn sign_up_span(checker: &Checker<'_>, form: &FormFacts<'_>) -> Span {
    form.submit.or(form.contact.first().copied()).map_or_else(
        || {
            let at = checker.document.insertion_point;
            at..at
        },
        |field| field.span.clone(),
    )
}

/// Text of a suggestion without tags, to go inside a label.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for character in text.chars() {
        match character {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(character),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// G10: no link to the privacy notice on a form that collects contact details for marketing.
fn privacy_notice_link(checker: &mut Checker<'_>, form: &FormFacts<'_>) {
    const RULE: &str = "missing-privacy-notice-link";
    // An HTML form must ask for an e-mail address or phone number here; a Markdown form lists
    // its fields as text, so there the consent control is enough.
    let html = checker.document.format == crate::document::Format::Html;
    if !form.collects_for_marketing()
        || (html && form.contact.is_empty())
        || links_privacy_notice(checker, usize::MAX)
    {
        return;
    }
    let span = match (form.submit, form.consent.last()) {
        (Some(field), _) => field.span.clone(),
        (None, Some(control)) => control.label_span.clone().unwrap_or(control.span.clone()),
        (None, None) => sign_up_span(checker, form),
    };
    let fix = checker.insertion_fix(RULE, form.insertion_point(checker));
    checker.report_with(RULE, span, "", fix);
}

/// A link to the privacy notice that starts before `before`: its text, target or image names
/// it, or it stands in a sentence that does ("Lees onze privacyverklaring [hier]").
fn links_privacy_notice(checker: &Checker<'_>, before: usize) -> bool {
    let facts = checker.facts;
    let links: Vec<&crate::document::Link> = checker
        .document
        .links
        .iter()
        .filter(|link| link.span.start < before)
        .collect();
    let named = links.iter().any(|link| {
        facts.matches("privacy-notice", &fold(&link.text))
            || facts.matches("privacy-notice", &fold(&link.image_alt))
            || facts.matches("privacy-url", &link.href.to_ascii_lowercase())
    });
    if named {
        return true;
    }
    let text = &facts.visible.text;
    facts
        .hits("privacy-notice", Scope::Visible)
        .iter()
        .any(|hit| {
            let source = facts.visible.source_span(sentence(text, hit));
            links
                .iter()
                .any(|link| link.span.start < source.end && source.start < link.span.end)
        })
}

/// G11: a checkout collecting an e-mail address or phone number from customers who are to get
/// soft-opt-in offers, with no chance to object at collection (Tw 11.7, ePrivacy art. 13(2),
/// UWG § 7(3) Nr. 4). A consent box means the offers rest on consent instead; a "no offers"
/// box or a notice that the customer can object is the mechanism the law asks for.
fn soft_opt_in_objection(checker: &mut Checker<'_>, form: &FormFacts<'_>) {
    const RULE: &str = "soft-opt-in-no-optout-at-collection";
    if checker.context.audience != Some(Audience::Customers)
        || !form.checkout
        || form.contact.is_empty()
        || !form.consent.is_empty()
        || form.refusal
        || tells_withdrawal(checker)
    {
        return;
    }
    let Some(field) = form.contact.first() else {
        return;
    };
    let span = field.span.clone();
    let fix = checker.insertion_fix(RULE, form.insertion_point(checker));
    checker.report_with(RULE, span, "", fix);
}

/// G12: a required phone number on a marketing form with no separate SMS or WhatsApp consent
/// control (carriers: "the phone number field cannot be mandatory" without a checkbox). A
/// checkout needs a phone number for delivery, so it is left alone.
fn required_phone(checker: &mut Checker<'_>, form: &FormFacts<'_>) {
    const RULE: &str = "phone-field-required-without-consent";
    if !form.collects_for_marketing() || form.checkout {
        return;
    }
    // Any box about SMS or WhatsApp counts: whether it is valid consent is for other rules.
    let messaging_consent = checker.document.controls.iter().any(|control| {
        let label = fold(&format!("{} {}", control.label, control.group_label));
        checker.facts.matches("messaging-channel", &label)
    });
    if messaging_consent {
        return;
    }
    let required: Vec<(Span, String)> = form
        .contact
        .iter()
        .filter(|field| is_phone(checker, field) && (field.required || field.label.contains('*')))
        .map(|field| (field.span.clone(), field.label.clone()))
        .collect();
    for (span, label) in required {
        checker.report(RULE, span, &label, Certainty::Certain);
    }
}
