//! Phrase-level rules that live entirely in their data file: a `[detect]` table names a lexicon
//! concept whose visible phrases are findings (CONTRIBUTING.md shows how to add one).

use super::facts::{Scope, sentence};
use super::{Certainty, Checker};
use crate::rules;

pub(super) fn check(checker: &mut Checker<'_>) {
    let data = rules::data();
    for rule in data.rules.values() {
        let Some(detect) = &rule.detect else { continue };
        if !checker.applies(&rule.id)
            || !detect
                .purposes
                .iter()
                .any(|purpose| purpose == checker.context.purpose.as_str())
        {
            continue;
        }
        let facts = checker.facts;
        let text = &facts.visible.text;
        let hits = facts.hits(&detect.concept, Scope::Visible);
        for hit in hits.iter() {
            let own = sentence(text, hit);
            let cleared = detect.unless_in_sentence.iter().any(|concept| {
                facts
                    .hits(concept, Scope::Visible)
                    .iter()
                    .any(|other| own.start <= other.start && other.end <= own.end)
            });
            if cleared {
                continue;
            }
            let span = facts.visible.source_span(hit.clone());
            let detail = checker.excerpt(&span);
            checker.report(&rule.id, span, &detail, Certainty::Certain);
            if !detect.every {
                break;
            }
        }
    }
}
