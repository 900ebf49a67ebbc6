//! Facts derived once per check from a document: its text folded for phrase matching (what a
//! reader sees, and everything including hidden text), and the concept matches in it, found
//! once however many rules ask.

use crate::document::folded::Folded;
use crate::document::{Document, Span};
use crate::rules::Lexicon;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Which text a question is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// What a reader sees.
    Visible,
    /// All body text, hidden parts too (not comments, styles, scripts or attributes).
    All,
}

/// Concept matches found so far, by concept and scope.
type HitCache = RefCell<HashMap<(&'static str, Scope), Rc<Vec<Span>>>>;

pub struct Facts {
    /// Source ranges of URLs and e-mail addresses written in the text.
    written_links: Vec<Span>,
    pub visible: Folded,
    /// `None` when nothing is hidden.
    all: Option<Folded>,
    /// The folded texts in ASCII lower case, for case-insensitive concepts (same offsets).
    visible_lower: String,
    all_lower: Option<String>,
    lexicon: &'static Lexicon,
    hits: HitCache,
    /// Promotional phrases, found once (context resolution and two rules ask).
    promotions: std::cell::OnceCell<Vec<Span>>,
}

impl Facts {
    pub fn new(document: &Document, lexicon: &'static Lexicon) -> Facts {
        // A tag with its link text (`{% unsubscribe 'Unsubscribe here' %}`) reads as that text.
        let elide: Vec<Span> = document
            .merge_tags
            .iter()
            .filter(|tag| tag.link.is_none())
            .filter_map(|tag| {
                let label = crate::document::merge_tags::label_of(&tag.token)?;
                let token = document.source.get(tag.span.clone())?;
                (token == tag.token).then(|| {
                    [
                        tag.span.start..tag.span.start + label.start,
                        tag.span.start + label.end..tag.span.end,
                    ]
                })
            })
            .flatten()
            .collect();
        let visible = Folded::from_runs(
            &document.source,
            document.text.iter().filter(|run| run.hidden.is_none()),
            &elide,
        );
        // Without hidden text, all text is the visible text: fold it once.
        let all = document
            .text
            .iter()
            .any(|run| run.hidden.is_some())
            .then(|| Folded::from_runs(&document.source, document.text.iter(), &elide));
        let written_links = document
            .links
            .iter()
            .filter(|link| link.element == "text")
            .map(|link| link.span.clone())
            .collect();
        let visible_lower = visible.text.to_ascii_lowercase();
        let all_lower = all.as_ref().map(|all| all.text.to_ascii_lowercase());
        Facts {
            written_links,
            visible_lower,
            all_lower,
            visible,
            all,
            lexicon,
            hits: RefCell::new(HashMap::new()),
            promotions: std::cell::OnceCell::new(),
        }
    }

    pub fn folded(&self, scope: Scope) -> &Folded {
        match scope {
            Scope::Visible => &self.visible,
            Scope::All => self.all.as_ref().unwrap_or(&self.visible),
        }
    }

    /// Where a concept's phrases occur, as ranges of the folded text of `scope`.
    pub fn hits(&self, concept: &'static str, scope: Scope) -> Rc<Vec<Span>> {
        if let Some(hits) = self.hits.borrow().get(&(concept, scope)) {
            return Rc::clone(hits);
        }
        let text = &self.folded(scope).text;
        let lowered = match scope {
            Scope::Visible => &self.visible_lower,
            Scope::All => self.all_lower.as_ref().unwrap_or(&self.visible_lower),
        };
        let mut found = self.lexicon.concept(concept).find_all_in(text, lowered);
        // A URL written in the text is no copy: "…/workshops/afmelden" tells the reader nothing.
        if matches!(concept, "opt-out" | "objection-notice") && !self.written_links.is_empty() {
            let folded = self.folded(scope);
            found.retain(|hit| {
                let source = folded.source_span(hit.clone());
                !self
                    .written_links
                    .iter()
                    .any(|link| link.start <= source.start && source.end <= link.end)
            });
        }
        if let Some(other) = covered_by(concept).filter(|_| !found.is_empty()) {
            let others = self.elsewhere(other, text, lowered);
            found.retain(|hit| !overlaps_any(hit, &others));
        }
        let found = Rc::new(found);
        self.hits
            .borrow_mut()
            .insert((concept, scope), Rc::clone(&found));
        found
    }

    /// Visible phrases about stopping: opt-out wording, then objection notices.
    pub fn stop_talk(&self) -> Vec<Span> {
        let mut talk = self.hits("opt-out", Scope::Visible).to_vec();
        talk.extend(
            self.hits("objection-notice", Scope::Visible)
                .iter()
                .cloned(),
        );
        talk
    }

    /// Promotional phrases in visible text, leaving out discounts already applied to an order
    /// (an invoice line is not an offer).
    pub fn promotions(&self) -> &[Span] {
        self.promotions.get_or_init(|| self.find_promotions())
    }

    fn find_promotions(&self) -> Vec<Span> {
        let text = &self.visible.text;
        let applied = self.hits("applied-discount", Scope::Visible);
        self.hits("promotion", Scope::Visible)
            .iter()
            .filter(|hit| {
                // "support@discount.boat" is an address, not an offer.
                let source = self.visible.source_span((*hit).clone());
                if self
                    .written_links
                    .iter()
                    .any(|link| link.start <= source.start && source.end <= link.end)
                {
                    return false;
                }
                let line = around(text, hit, 200, 0);
                !applied
                    .iter()
                    .any(|discount| discount.start < line.end && line.start < discount.end)
            })
            .cloned()
            .collect()
    }

    /// Whether a concept occurs at all: stops at the first match unless all are known already.
    pub fn has(&self, concept: &'static str, scope: Scope) -> bool {
        if let Some(hits) = self.hits.borrow().get(&(concept, scope)) {
            return !hits.is_empty();
        }
        if covered_by(concept).is_some() {
            return !self.hits(concept, scope).is_empty();
        }
        let lowered = match scope {
            Scope::Visible => &self.visible_lower,
            Scope::All => self.all_lower.as_ref().unwrap_or(&self.visible_lower),
        };
        self.lexicon
            .concept(concept)
            .is_match_in(&self.folded(scope).text, lowered)
    }

    /// Whether a concept occurs in some other piece of text (a label, an href).
    pub fn matches(&self, concept: &'static str, text: &str) -> bool {
        match covered_by(concept) {
            None => self.lexicon.concept(concept).is_match(text),
            Some(_) => self.find_in(concept, text).is_some(),
        }
    }

    pub fn find_in(&self, concept: &'static str, text: &str) -> Option<Span> {
        let found = self.lexicon.concept(concept);
        let Some(other) = covered_by(concept) else {
            return found.find(text);
        };
        let first = found.find(text)?;
        let lowered = text.to_ascii_lowercase();
        let others = self.elsewhere(other, text, &lowered);
        if !overlaps_any(&first, &others) {
            return Some(first);
        }
        found
            .find_all_in(text, &lowered)
            .into_iter()
            .find(|hit| !overlaps_any(hit, &others))
    }

    /// The matches of a concept about something other than these messages, leaving out those
    /// followed by a marketing noun: "unsubscribe from our events newsletter" is an opt-out.
    fn elsewhere(&self, concept: &'static str, text: &str, lowered: &str) -> Vec<Span> {
        let mut others = self.lexicon.concept(concept).find_all_in(text, lowered);
        others.retain(|hit| !MARKETING_NOUN.is_match(slice(lowered, hit.end, hit.end + 40)));
        others
    }

    pub fn lexicon(&self) -> &'static Lexicon {
        self.lexicon
    }
}

/// Concepts whose matches do not count inside a match of another: "opt out of paper
/// statements" opts out, but not of these messages, and tells the reader nothing about them;
/// "Text QUIT to 72466 to join" names a keyword that starts messages; "Terms of sale" offers
/// nothing.
fn covered_by(concept: &str) -> Option<&'static str> {
    match concept {
        "opt-out" | "objection-notice" => Some("other-opt-out"),
        "stop-instruction" => Some("join-instruction"),
        "promotion" => Some("not-promotion"),
        _ => None,
    }
}

fn overlaps_any(hit: &Span, others: &[Span]) -> bool {
    others
        .iter()
        .any(|other| other.start < hit.end && hit.start < other.end)
}

/// A marketing list right after a phrase: "... events newsletter", "... workshop-nieuwsbrief".
static MARKETING_NOUN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^-?[a-z]*(?:newsletter|nieuwsbrie|mailing|e-?mails?|updates|news|angebote|aanbieding|offres|offers|promotions?|list|lijst|liste)",
    )
    .expect("valid regex")
});

/// `text[start..end]`, with both ends moved back to character boundaries and clamped.
pub fn slice(text: &str, start: usize, end: usize) -> &str {
    let floor = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let (start, end) = (floor(start), floor(end));
    &text[start..end.max(start)]
}

/// The stretch of folded text around a range: at most `reach` bytes either side, and not past
/// the `lines`-th line break either way.
pub fn around(text: &str, range: &Span, reach: usize, lines: usize) -> Span {
    let mut start = range.start.saturating_sub(reach);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (range.end + reach).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let before = &text[start..range.start.min(text.len()).max(start)];
    if let Some((cut, _)) = before.rmatch_indices('\n').nth(lines) {
        start += cut + 1;
    }
    let after_start = range.end.min(text.len()).max(start);
    let after = &text[after_start..end];
    if let Some((cut, _)) = after.match_indices('\n').nth(lines) {
        end = after_start + cut;
    }
    start..end.max(start)
}

/// The sentence (or line) of folded text that holds `range`.
pub fn sentence(text: &str, range: &Span) -> Span {
    let bytes = text.as_bytes();
    let mut start = range.start.min(text.len());
    // A full stop inside "£1.50" or "example.com" ends no sentence; the separators of a footer
    // line ("Name · Street 1 · Unsubscribe", "… | …", "… • …") do.
    let ends_sentence = |at: usize| match bytes[at] {
        b'\n' | b'!' | b'?' | b'|' => true,
        b'.' => !bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric),
        // The last byte of U+00B7 (·) and U+2022 (•).
        0xB7 => at > 0 && bytes[at - 1] == 0xC2,
        0xA2 => at > 1 && bytes[at - 2] == 0xE2 && bytes[at - 1] == 0x80,
        _ => false,
    };
    while start > 0 && !ends_sentence(start - 1) {
        start -= 1;
    }
    let mut end = range.end.min(text.len());
    while end < bytes.len() && !ends_sentence(end) {
        end += 1;
    }
    if end < bytes.len() && bytes[end] != b'\n' {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn around_stops_at_line_breaks() {
        let text = "one\ntwo three\nfour\nfive";
        let range = 8..13;
        assert_eq!(&text[around(text, &range, 100, 0)], "two three");
        assert_eq!(&text[around(text, &range, 100, 1)], "one\ntwo three\nfour");
        assert_eq!(&text[around(text, &range, 2, 5)], "o three\nf");
    }

    #[test]
    fn sentence_bounds() {
        let text = "Hello there. Tick if you do not want offers! Bye";
        let at = text.find("do not").unwrap();
        assert_eq!(
            &text[sentence(text, &(at..at + 6))],
            " Tick if you do not want offers!"
        );
        let text = "Buy now. Reply STOP to end (£1.50/msg, see shop.example.com). Bye";
        let at = text.find("STOP").unwrap();
        assert_eq!(
            &text[sentence(text, &(at..at + 4))],
            " Reply STOP to end (£1.50/msg, see shop.example.com)."
        );
        let text = "Ash Ltd · 14 Fore St · Totnes TQ9 5DX · You can unsubscribe • Bye";
        let at = text.find("unsubscribe").unwrap();
        assert_eq!(
            &text[sentence(text, &(at..at + 11))],
            " You can unsubscribe •"
        );
    }
}
