//! `whatsapp-missing-optout-instruction` (catalogue F1): a marketing WhatsApp message must say
//! how to stop promotions inside WhatsApp, as Meta's Business Messaging Policy asks: a reply
//! keyword ("Reply STOP") or a quick-reply button ("Stop promotions"). A web or e-mail opt-out
//! alone makes the reader leave the chat; a message with no opt-out at all is
//! `missing-unsubscribe` instead.

use super::facts::Scope;
use super::{Channel, Checker, Purpose};
use crate::document::MergeTagKind;
use crate::document::folded::fold;

/// Findings of the opt-out family that mean the message has no working opt-out at all.
const NO_OPT_OUT: [&str; 3] = [
    "missing-unsubscribe",
    "unsubscribe-text-without-link",
    "hidden-unsubscribe",
];

pub(super) fn check(checker: &mut Checker<'_>) {
    if checker.context.channel != Channel::Whatsapp || checker.context.purpose != Purpose::Marketing
    {
        return;
    }
    let no_opt_out = checker
        .findings
        .iter()
        .any(|finding| NO_OPT_OUT.contains(&finding.rule.as_str()));
    if no_opt_out || in_chat_opt_out(checker) || !other_opt_out(checker) {
        return;
    }
    checker.report_missing("whatsapp-missing-optout-instruction");
}

/// A reply keyword in the text, or a quick-reply button that stops promotions.
fn in_chat_opt_out(checker: &Checker<'_>) -> bool {
    let facts = checker.facts;
    facts.has("stop-instruction", Scope::Visible)
        || facts.has("chat-optout", Scope::Visible)
        || checker.document.links.iter().any(|link| {
            link.element == "quick-reply" && link.hidden.is_none() && {
                let label = fold(&link.text);
                facts.matches("chat-optout", &label) || facts.matches("opt-out", &label)
            }
        })
}

/// Some opt-out outside the chat: an opt-out link, an unsubscribe merge tag, or copy about
/// stopping (with a number or address to send it to).
fn other_opt_out(checker: &Checker<'_>) -> bool {
    let facts = checker.facts;
    facts.has("opt-out", Scope::Visible)
        || facts.has("objection-notice", Scope::Visible)
        || checker
            .document
            .merge_tags
            .iter()
            .any(|tag| tag.kind == MergeTagKind::Unsubscribe && !tag.hidden)
        || checker.document.links.iter().any(|link| {
            link.hidden.is_none()
                && facts.matches(
                    "opt-out-url",
                    &crate::document::merge_tags::decode_href(&link.href).to_lowercase(),
                )
        })
}
