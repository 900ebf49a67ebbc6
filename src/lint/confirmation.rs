//! `doi-confirmation-contains-advertising`: the message that asks a new subscriber to confirm
//! (double opt-in) carries an offer. Until the address is confirmed there is no consent, so the
//! confirmation must be neutral (BGH I ZR 164/09 and the practice after it; catalogue G14).

use super::facts::{Scope, sentence};
use super::{Certainty, Checker, Purpose};

pub(super) fn check(checker: &mut Checker<'_>) {
    if checker.context.purpose != Purpose::OptinConfirmation
        || !checker.applies("doi-confirmation-contains-advertising")
    {
        return;
    }
    // "Our newsletter brings tips and offers" says what the reader signs up for; that is no
    // offer in itself.
    let facts = checker.facts;
    let text = &facts.visible.text;
    let newsletter = facts.hits("newsletter", Scope::Visible);
    let Some(first) = facts
        .promotions()
        .iter()
        .find(|hit| {
            let own = sentence(text, hit);
            !newsletter.iter().any(|mention| {
                own.start <= mention.start
                    && mention.end <= own.end
                    && (mention.end <= hit.start || hit.end <= mention.start)
            })
        })
        .cloned()
    else {
        return;
    };
    let span = checker.facts.visible.source_span(first);
    let detail = checker.excerpt(&span);
    checker.report(
        "doi-confirmation-contains-advertising",
        span,
        &detail,
        Certainty::Certain,
    );
}
