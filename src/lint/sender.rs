//! `missing-sender-identity` and `missing-postal-address`: who sends the message, and where
//! they can be reached by post (Tw 11.7, ePrivacy 13(4), CAN-SPAM 7704(a)(5)(A)(iii)).
//!
//! A configured `[brand]` is the surest sign. Without one, sendlint looks for what identifies a
//! sender to a reader: a company name with its legal form, a "sent by"/"je ontvangt deze e-mail
//! van" line, a copyright line, a merge tag made for the sender's name, an SMS "Brand:" prefix,
//! or the name of the sender's own web domain written out in the text. Text in `<title>`, `alt`
//! or a URL is not seen, so it does not count (devset: email_en_05, mdmail_nl_02).

use super::facts::Scope;
use super::{Channel, Checker};
use crate::document::folded::fold;
use crate::document::{Format, MergeTagKind};
use regex::Regex;
use std::sync::LazyLock;

pub(super) fn check(checker: &mut Checker<'_>) {
    if !has_sender(checker) {
        checker.report_missing("missing-sender-identity");
    }
    if needs_sender_details(checker) && !has_postal_address(checker) {
        checker.report_missing("missing-postal-address");
    }
}

/// Whether the sender's address and contact routes must be in this message. CAN-SPAM and the
/// German Impressum concern e-mail; of a text message only CASL asks them, and it accepts them
/// on a linked contact, info or terms page (ECPR s. 3; catalogue B3).
pub(super) fn needs_sender_details(checker: &Checker<'_>) -> bool {
    if !matches!(checker.context.channel, Channel::Sms | Channel::Whatsapp) {
        return true;
    }
    checker.context.jurisdictions.iter().any(|j| j == "ca")
        && !checker.document.links.iter().any(|link| {
            let href = link.href.trim().to_ascii_lowercase();
            let path = href
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .split_once('/')
                .map_or("", |(_, path)| path);
            checker.facts.matches("sender-info-url", path)
        })
}

pub(super) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `name` occurs in `haystack` as a run of whole words (both already folded).
fn contains_name(haystack_words: &[String], name: &str) -> bool {
    let name_words = words(name);
    if name_words.is_empty() {
        return false;
    }
    haystack_words
        .windows(name_words.len())
        .any(|window| window == name_words.as_slice())
}

/// Legal forms a configured name may carry or drop ("Velomaas B.V." is "Velomaas" too).
pub(super) fn without_legal_form(checker: &Checker<'_>, name: &str) -> String {
    let folded = fold(name);
    match checker.facts.find_in("legal-form", &folded) {
        Some(found) if found.start > 0 => folded[..found.start]
            .trim_end_matches([' ', ','])
            .to_string(),
        _ => folded,
    }
}

/// Whether the message names its sender (found once per check; several rules ask).
pub(super) fn has_sender(checker: &Checker<'_>) -> bool {
    *checker.sender_found.get_or_init(|| find_sender(checker))
}

fn find_sender(checker: &Checker<'_>) -> bool {
    let facts = checker.facts;
    let text = &facts.visible.text;
    // The word list is only built when a check needs it.
    let word_list = std::cell::OnceCell::new();
    let visible_words = || word_list.get_or_init(|| words(text));

    for name in checker.settings.brand.names() {
        if contains_name(visible_words(), &fold(name))
            || contains_name(visible_words(), &without_legal_form(checker, name))
        {
            return true;
        }
    }
    // A sender tag names the sender; an address tag only when its block prints the name too.
    let registry = &checker.data.merge_tags;
    if checker.document.merge_tags.iter().any(|tag| {
        !tag.hidden
            && tag.link.is_none()
            && (tag.kind == MergeTagKind::Sender
                || (tag.kind == MergeTagKind::Address && registry.address_names_sender(&tag.token)))
    }) {
        return true;
    }
    if company_with_legal_form(checker)
        || introduced_name(checker)
        || business_sign_off(checker)
        || sms_prefix(checker)
        || (matches!(checker.context.channel, Channel::Sms | Channel::Whatsapp)
            && inline_sign_off(checker))
        || named_contact(checker)
        || name_before_address(checker)
        || name_before_register(checker)
    {
        return true;
    }
    if let Some((_, from)) = checker
        .document
        .front_matter
        .iter()
        .find(|(key, _)| key == "from")
    {
        let display = from
            .split('<')
            .next()
            .unwrap_or(from)
            .trim()
            .trim_matches('"');
        if !display.is_empty() && contains_name(visible_words(), &fold(display)) {
            return true;
        }
    }
    domain_name_in_text(checker, visible_words)
}

/// "Velomaas B.V.", "Alder & Ember Coffee Co.", "Maison Vernelle SAS": a capitalised name
/// before a legal form.
fn company_with_legal_form(checker: &Checker<'_>) -> bool {
    let text = &checker.facts.visible.text;
    checker
        .facts
        .hits("legal-form", Scope::Visible)
        .iter()
        .any(|hit| {
            // A name glued to its legal form ("IBHltd") is the whole hit.
            let found = &text[hit.clone()];
            if found.len() > 4
                && !found.contains(' ')
                && found.to_ascii_lowercase().ends_with("ltd")
            {
                return true;
            }
            // Forms written before the name: "SAS Lotus Bien-Être", "Stichting Natuurlijk".
            if PREFIX_FORMS.contains(&found)
                && NAME_AFTER_FORM.is_match(super::facts::slice(text, hit.end, hit.end + 40))
            {
                return true;
            }
            let before = text[..hit.start].trim_end_matches([' ', ',']);
            let word = before.rsplit([' ', '\n', '(', '"']).next().unwrap_or("");
            word.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                && !before.ends_with('\n')
        })
}

/// Legal forms that French and Dutch write before the company's name.
const PREFIX_FORMS: &[&str] = &[
    "SAS",
    "SASU",
    "SARL",
    "SA",
    "EURL",
    "SNC",
    "SCI",
    "SCOP",
    "Stichting",
    "Vereniging",
    "Cooperatie",
];

static NAME_AFTER_FORM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ \p{Lu}\p{Ll}[\p{L}&'.-]*").expect("valid regex"));

static NAME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s:,-]*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?[\s,.:-]*)?(?:by |door |von |par |de |van )?(?:[\p{Lu}\d][\p{L}\d&'.-]*|\{\{|\*\||\{\$|%[A-Za-z])").expect("valid regex")
});

/// "© 2025. All rights reserved." names nobody.
static RIGHTS_RESERVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s:,-]*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?[\s,.:-]*)?(?:all rights|alle rechte|alle rechten|tous droits|droits)").expect("valid regex")
});

/// A sender-introducing phrase ("Sent by", "Je ontvangt deze e-mail van", "©") followed by a
/// capitalised name.
fn introduced_name(checker: &Checker<'_>) -> bool {
    let text = &checker.facts.visible.text;
    let mut hits: Vec<_> = checker
        .facts
        .hits("sender-intro", Scope::Visible)
        .iter()
        .cloned()
        .collect();
    hits.extend(
        text.match_indices('©')
            .map(|(at, mark)| at..at + mark.len()),
    );
    hits.iter().any(|hit| {
        let after = super::facts::slice(text, hit.end, hit.end + 80);
        let line = after.split('\n').next().unwrap_or("");
        NAME_AFTER.is_match(line) && !line.trim().is_empty() && !RIGHTS_RESERVED.is_match(line)
    })
}

/// A trade name that signs the message: "Met vriendelijke groet,\nWijnkoperij Van der Gracht",
/// "Cheers,\nThe Harbour Bakery". A kind of business with a proper name, on one of the two
/// lines after a closing formula (or, in a text message, on its last line); a department ("The
/// Cellar Team") names no one.
fn business_sign_off(checker: &Checker<'_>) -> bool {
    let facts = checker.facts;
    let text = &facts.visible.text;
    let lines: Vec<&str> = text.lines().collect();
    let closing_at = |line: &str| {
        let trimmed = line.trim().trim_end_matches([',', '!', '.']);
        !trimmed.is_empty()
            && trimmed.split_whitespace().count() <= 4
            && facts.matches("closing", trimmed)
    };
    // A text message often signs with the name alone, on its last line.
    let last_line = lines.iter().rposition(|line| !line.trim().is_empty());
    let short_channel = matches!(checker.context.channel, Channel::Sms | Channel::Whatsapp);
    lines.iter().enumerate().any(|(index, line)| {
        let after_closing = (1..=2).any(|back| index >= back && closing_at(lines[index - back]))
            || (short_channel && Some(index) == last_line);
        let words: Vec<&str> = line.split_whitespace().collect();
        after_closing
            && (2..=6).contains(&words.len())
            && line.trim_start().starts_with(char::is_uppercase)
            && !line.trim_end().ends_with(['.', '?', '!', ':'])
            && words
                .iter()
                .any(|word| facts.matches("business-noun", &word.to_lowercase()))
            && words.iter().any(|word| {
                let lower = word.to_lowercase();
                word.starts_with(char::is_uppercase)
                    && !facts.matches("business-noun", &lower)
                    && !facts.matches("not-sender", &lower)
                    && !ARTICLES.contains(&lower.as_str())
            })
    })
}

/// Articles, which start a department's name as often as a business's ("The Cellar Team").
const ARTICLES: &[&str] = &[
    "the", "a", "an", "het", "de", "een", "der", "die", "das", "ein", "eine", "le", "la", "les",
    "l'", "un", "une",
];

static SMS_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*((?:[\p{Lu}\d][\p{L}\d-]*\. (?:ac|com|net|org|tv|biz|info|nl|de|fr|be|eu)\b|[\p{Lu}\d][\p{L}\d&'.-]*!?|[\p{Ll}\d][\p{L}\d-]*(?:\.[a-z\d-]+)*\.[a-z]{2,6})(?: (?:[\p{Lu}\d][\p{L}\d&'.-]*!?|de|des|du|la|le|les|van|der|den|von|und|et|and|en|&)){0,4})(?:\s\([^()\n]{1,30}\))?\s?:\s").expect("valid regex")
});

/// An SMS or WhatsApp message that opens with "Brand:" (CTIA; catalogue E2), the brand
/// possibly a domain in lower case ("leeskist.nl:"), or one split at its dot by a gateway that
/// spaces sentences ("SMS. ac Sptv:"), or ending in "!" ("Blind Date 4U!:").
pub(super) fn sms_prefix(checker: &Checker<'_>) -> bool {
    if !matches!(checker.context.channel, Channel::Sms | Channel::Whatsapp)
        || checker.document.format != Format::Text
    {
        return false;
    }
    let text = &checker.facts.visible.text;
    let Some(capture) = SMS_PREFIX
        .captures(text)
        .or_else(|| RUN_TOGETHER_NAME.captures(text))
    else {
        return self_introduction(checker);
    };
    !is_generic_opener(checker, &capture[1])
}

/// A text message signed within its one line: "… Op=op! Groet, Elektro Bakker Woerden.
/// Afmelden? …". A closing formula, a comma, and a name of two or more capitalised words.
fn inline_sign_off(checker: &Checker<'_>) -> bool {
    let facts = checker.facts;
    INLINE_SIGN_OFF
        .captures_iter(&facts.visible.text)
        .any(|capture| {
            let name: Vec<&str> = capture[2].split_whitespace().collect();
            let closing = capture[1].trim();
            facts.find_in("closing", closing) == Some(0..closing.len())
                && name
                    .iter()
                    .filter(|word| word.starts_with(char::is_uppercase))
                    .count()
                    >= 2
                && !ARTICLES.contains(&name[0].to_lowercase().as_str())
                && !name
                    .iter()
                    .any(|word| facts.matches("not-sender", &word.to_lowercase()))
        })
}

static INLINE_SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[.!?]\s+|\s)(\p{L}[\p{L} ]{1,25}),\s+(\p{Lu}[\p{L}&'-]*(?:\s(?:\p{Lu}[\p{L}&'-]*|&|van|der|de|den|von|und|en|et)){1,4})(?:[.!]|\s*$)").expect("valid regex")
});

/// "Hi Sam, it's Harbour Books!", "Hoi {{1}}, met Velomaas", "Bonjour, ici Maison Vernelle": a
/// text message that introduces its sender in its first words, after a greeting at most.
fn self_introduction(checker: &Checker<'_>) -> bool {
    let text = &checker.facts.visible.text;
    checker
        .facts
        .hits("self-introduction", Scope::Visible)
        .iter()
        .take_while(|hit| hit.start <= 60)
        .any(|hit| {
            let before = &text[..hit.start];
            let greeting = GREETING_PLACEHOLDER.replace_all(before, "");
            greeting.trim().chars().count() <= 30
                && !greeting.contains(|c: char| c.is_ascii_digit())
                && INTRODUCED_NAME
                    .captures(&text[hit.end..])
                    .is_some_and(|name| !is_generic_opener(checker, name[1].trim_end()))
        })
}

/// A recipient placeholder in a greeting: `{{1}}`, `{{ first_name }}`, `*|FNAME|*`.
static GREETING_PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{[^{}]{1,40}\}\}|\*\|[^|]{1,40}\|\*|\[[^\[\]]{1,40}\]").expect("valid regex")
});

/// Capitalised words, joined by the small words of names, right after an introduction.
static INTRODUCED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(\p{Lu}[\p{L}\d&'.-]*(?:\s(?:\p{Lu}[\p{L}\d&'.-]*|&|and|en|und|et|de|du|des|la|le|van|der|den|von)){0,4})").expect("valid regex")
});

/// Whether a would-be name at the start of a text message is a generic opener ("FreeMsg",
/// "Flash Sale", "Black Friday"), also when run together in camel case ("SommerSale").
fn is_generic_opener(checker: &Checker<'_>, prefix: &str) -> bool {
    let mut spaced = String::with_capacity(prefix.len() + 4);
    let mut previous_lower = false;
    for character in prefix.chars() {
        if previous_lower && character.is_uppercase() {
            spaced.push(' ');
        }
        previous_lower = character.is_lowercase();
        spaced.push(character);
    }
    checker.facts.matches("generic-prefix", prefix)
        || checker.facts.matches("generic-prefix", &spaced)
}

/// A text message that opens with a trade name run together in camel case and no colon
/// ("UpgrdCentre Orange customer, …", "BangBabes Ur order …"): a word no sentence starts with
/// unless it is a name. Generic openers ("FreeMsg") are left out by the caller.
static RUN_TOGETHER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}*)+)[\s,!]").expect("valid regex")
});

static NAMED_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+((?:\p{Lu}[\p{L}\d&'.-]*\s){1,5}?)\s*(?:(?i:on|op|unter|au|at|free|gratis|via)\s+)*\+?\d[\d ./-]{6,}").expect("valid regex")
});

/// A business named with the number to reach it: "Call The Mobile Update Co on 0800 …",
/// "Bel Velomaas op 020 …".
fn named_contact(checker: &Checker<'_>) -> bool {
    let text = &checker.facts.visible.text;
    checker
        .facts
        .hits("call-verb", Scope::Visible)
        .iter()
        .any(|hit| {
            let after = super::facts::slice(text, hit.end, hit.end + 80);
            NAMED_NUMBER.captures(after).is_some_and(|capture| {
                let name = capture[1].trim();
                !checker.facts.matches("not-sender", &name.to_lowercase())
                    || name.split_whitespace().count() > 1
            })
        })
}

/// A footer line that gives a company register or tax number starts with the company's
/// name: "Bakkerij Zoetelief · KvK 81234567", "Bäckerei Sonnenkorn · Amtsgericht Münster HRB
/// 17734". A line that starts with the address or "© 2026. All rights reserved." names nobody.
fn name_before_register(checker: &Checker<'_>) -> bool {
    let text = &checker.facts.visible.text;
    checker
        .facts
        .hits("company-register", Scope::Visible)
        .iter()
        .any(|hit| {
            let line_start = text[..hit.start].rfind('\n').map_or(0, |at| at + 1);
            let first = text[line_start..hit.start]
                .split(['\u{b7}', '|', '\u{2022}', ',', ';'])
                .next()
                .unwrap_or("")
                .trim();
            let words: Vec<&str> = first.split_whitespace().collect();
            !words.is_empty()
                && words.len() <= 6
                && first.len() < hit.start - line_start
                && first.starts_with(char::is_uppercase)
                && !RIGHTS_RESERVED.is_match(first)
                && !STREET_FIRST.is_match(first)
                && !checker.facts.matches("postal-address", first)
                && !checker.facts.matches("company-register", first)
                && words.iter().any(|word| {
                    word.chars().any(char::is_alphabetic)
                        && !checker.facts.matches("not-sender", &word.to_lowercase())
                })
        })
}

/// A street before its house number, as Dutch, German and Belgian addresses are written:
/// "Dorpsstraat 1", "Am Gärtnerhof 3". A city before its postcode ("Norwich NR3 1AU") is not.
static STREET_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}'.-]*(?: [\p{L}'.-]+){0,3} \d+[a-zA-Z]?(?:[-/]\d+)?$")
        .expect("valid regex")
});

/// A name written just before a street address or post-office box: "Company Name<br>123 Fake
/// Street", "Paste 1234 S. Broadway St.", "WinnersClub PO BOX 84". Only an address that starts
/// with its number or box counts, so a city before its postcode ("Norwich NR3 1AU") is no name.
fn name_before_address(checker: &Checker<'_>) -> bool {
    let text = &checker.facts.visible.text;
    let recipient = checker.facts.hits("recipient-address", Scope::Visible);
    checker
        .facts
        .hits("postal-address", Scope::Visible)
        .iter()
        .any(|hit| {
            let address = &text[hit.clone()];
            let starts_with_box = ["P", "B"].iter().any(|letter| address.starts_with(letter))
                && address.to_ascii_lowercase().contains("bo");
            let street_first = STREET_FIRST.is_match(address);
            if !(address.starts_with(|c: char| c.is_ascii_digit())
                || starts_with_box
                || address.starts_with("Postbus")
                || address.starts_with("Postfach")
                || street_first)
            {
                return false;
            }
            if recipient
                .iter()
                .any(|label| label.end <= hit.start && hit.start - label.end < 160)
            {
                return false;
            }
            let mut before = text[..hit.start].trim_end_matches(' ');
            if let Some(stripped) = before.strip_suffix('\n') {
                // A street on a line of its own follows a sign-off ("Ihre Lena") as often as a
                // company name: only a name on the street's own line counts.
                if street_first {
                    return false;
                }
                before = stripped.trim_end_matches(' ');
            }
            // "Bakkerij Zoetelief · Dorpsstraat 1": the name is the footer's previous item.
            if let Some(stripped) = before.strip_suffix(['\u{b7}', '|', '\u{2022}', ',']) {
                before = stripped.trim_end_matches(' ');
            }
            let separators = [
                '\n', '.', '!', '?', ',', ';', ':', '|', '\u{b7}', '\u{2022}',
            ];
            // The footer item before the address: "Bakkerij Zoet · Markt 1, 1234 AB …". A unit
            // or a street on the same line is stepped over ("Harbour & Finch, Unit 3, 133
            // Cumberland Road"); after a unit the name is the building's ("Unit 3, Spike Island
            // Studios, 133 …").
            let piece_of = |text: &'_ str| -> (usize, char) {
                text.char_indices()
                    .rev()
                    .find(|(_, c)| separators.contains(c))
                    .map_or((0, '\n'), |(at, c)| (at, c))
            };
            // What ends a footer item: spaces and the separators between items.
            let trailing = [' ', ',', ';', '\u{b7}', '|', '\u{2022}'];
            let mut rest = before.trim_end_matches(trailing);
            let (mut at, mut separator) = piece_of(rest);
            let mut segment = rest[at..].trim_start_matches(separators).trim();
            for _ in 0..2 {
                if separator == '\n' || !(UNIT.is_match(segment) || STREET_FIRST.is_match(segment))
                {
                    break;
                }
                rest = rest[..at].trim_end_matches(trailing);
                (at, separator) = piece_of(rest);
                segment = rest[at..].trim_start_matches(separators).trim();
            }
            let (previous_at, _) = piece_of(rest[..at].trim_end_matches(separators));
            let previous = rest[previous_at..at].trim_matches(separators).trim();
            if separator != '\n' && UNIT.is_match(previous) {
                return false;
            }
            // A sign-off is no company: "Kind regards, / The Cellar Team / 14 Vine Street".
            let last = segment
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_lowercase();
            if checker.facts.matches("not-sender", &last)
                || checker
                    .facts
                    .matches("closing", segment.trim_end_matches([',', '!', '.']))
            {
                return false;
            }
            let name: Vec<&str> = segment
                .split_whitespace()
                .rev()
                .take_while(|word| word.starts_with(|c: char| c.is_uppercase() || c == '&'))
                .take(4)
                .collect();
            name.iter().any(|word| {
                word.chars().any(char::is_alphabetic)
                    && !checker.facts.matches("not-sender", &word.to_lowercase())
            })
        })
}

/// A unit, suite or floor within a building: "Unit 3", "Suite 200", "2e etage", "Gebäude B".
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:unit|suite|flat|floor|apartment|apt|building|bldg|gebouw|kantoor|etage|verdieping|haus|geb[aä]ude|einheit|b[aâ]timent|b[aâ]t|escalier)\.?\s+[\w-]{1,6}|[\w-]{1,4}\s+(?:floor|etage|verdieping|[eé]tage|stock|og))\b").expect("valid regex")
});

/// Labels of hosts that say nothing about the sender.
/// Words shops add to their name to make a domain: "bramblecotehome", "velomaasshop".
const DOMAIN_SUFFIXES: &[&str] = &[
    "home", "shop", "store", "online", "official", "hq", "group", "app", "mail", "news", "uk",
    "nl", "de", "fr", "eu", "be", "at", "ch", "us", "ca", "co", "inc", "ltd", "bv", "gmbh",
    "winkel", "laden", "boutique", "studio", "living", "design", "wear",
];

/// Words that make a domain a lure rather than a name: "urawinner.com" congratulates the reader
/// and names no one.
const LURE_WORDS: &[&str] = &[
    "winner",
    "prize",
    "jackpot",
    "claimyour",
    "winnaar",
    "gewinner",
    "gagnant",
];

pub(super) const SERVICE_LABELS: &[&str] = &[
    "www",
    "mail",
    "email",
    "e",
    "m",
    "go",
    "click",
    "links",
    "link",
    "t",
    "l",
    "r",
    "track",
    "tracking",
    "example",
    "cdn",
    "img",
    "images",
    "static",
    "assets",
    "list-manage",
    "mailchimp",
    "sendgrid",
    "mailgun",
    "hubspot",
    "klaviyo",
    "brevo",
    "sendinblue",
    "mailjet",
    "mailerlite",
    "campaign-monitor",
    "createsend",
    "bit",
    "tinyurl",
    // SMS marketing platforms' link domains (Attentive, Postscript, Klaviyo).
    "attn",
    "pstk",
    "klvy",
    "goo",
    "ow",
    "facebook",
    "instagram",
    "twitter",
    "x",
    "linkedin",
    "youtube",
    "tiktok",
    "pinterest",
    "whatsapp",
    "google",
    "apple",
    "wa",
    "maps",
    "shop",
    "info",
    "news",
    "newsletter",
    "secure",
    "account",
    "app",
    "my",
    "portal",
    "help",
    "support",
    "unsubscribe",
    "login",
    "co",
    "com",
    "org",
    "net",
    "nl",
    "de",
    "fr",
    "uk",
    "ca",
    "us",
    "eu",
    "be",
    "at",
    "ch",
    "ie",
    "gov",
    "edu",
];

/// The sender's own domain name, written out in visible text: "zonnetij.example.nl" and
/// "Zonnetij Reizen", "alderember.example.com" and "Alder & Ember".
fn domain_name_in_text<'w>(
    checker: &Checker<'_>,
    visible_words: impl Fn() -> &'w Vec<String>,
) -> bool {
    // Each distinct host label once: a product grid links to the same shop a hundred times.
    let mut labels: Vec<&str> = Vec::new();
    let text_message = matches!(checker.context.channel, Channel::Sms | Channel::Whatsapp);
    for link in &checker.document.links {
        let href = link.href.as_str();
        if href.starts_with("mailto:") || href.starts_with("tel:") {
            continue;
        }
        let rest = href.split_once("://").map_or(href, |(_, rest)| rest);
        let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
        // A host that is itself a merge tag (`{{ shop_url }}`) names nothing yet; a tag in the
        // path or query (`?id={{ subscriber.id }}`) leaves the host as it is.
        if !host.contains('.') || host.contains(['{', '}', '|', '*', '%', '[', '$']) {
            continue;
        }
        // A text message shows its URLs, so there the URL spells its own host: a short link
        // (`s.dmpz.nl/wo2`: a short subdomain and a code for a path) names no one.
        if text_message && is_short_link(host, &rest[host.len()..]) {
            continue;
        }
        if let Some(label) = registrable_label(host)
            && label.len() >= 4
            && !labels.iter().any(|known| known.eq_ignore_ascii_case(label))
        {
            labels.push(label);
        }
    }
    // A "powered by listmonk" credit names the sending software, not the sender: hosts named
    // after a known ESP say nothing about who sends.
    let esp_names: Vec<String> = checker
        .data
        .merge_tags
        .esps
        .iter()
        .flat_map(|esp| [esp.id.clone(), esp.name.clone()])
        .map(|name| {
            name.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .collect();
    labels.retain(|label| {
        let lower = label.to_ascii_lowercase();
        let bare: String = lower
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        !SERVICE_LABELS.contains(&lower.as_str())
            && !esp_names.contains(&bare)
            && !LURE_WORDS.iter().any(|lure| bare.contains(lure))
    });
    if labels.is_empty() {
        return false;
    }
    let capitalised: std::collections::HashSet<String> = checker
        .facts
        .visible
        .text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().next().is_some_and(char::is_uppercase))
        .map(str::to_lowercase)
        .collect();
    for label in labels {
        let label = label.to_ascii_lowercase();
        let joined: String = label.chars().filter(|c| c.is_alphanumeric()).collect();
        if words_spell(visible_words(), &joined) {
            return true;
        }
        // "bramblecotehome" for "Bramblecote": a proper noun of the text followed by a
        // generic word that shops add to their domain.
        if capitalised.iter().any(|word| {
            word.len() >= 5
                && joined
                    .strip_prefix(word.as_str())
                    .is_some_and(|rest| DOMAIN_SUFFIXES.contains(&rest))
        }) {
            return true;
        }
        // "weverstad-museum" for "Stadsmuseum Weverstad": the first part of a hyphenated
        // name, when the text writes it as a proper noun.
        if let Some((first, _)) = label.split_once('-')
            && first.len() >= 5
            && !SERVICE_LABELS.contains(&first)
            && capitalised.contains(first)
        {
            return true;
        }
    }
    false
}

/// A short link: a host under a subdomain of at most three letters (`s.`, `go.`, `lnk.`) whose
/// path is one code with a digit (`/wo2`, `/Xa81`).
fn is_short_link(host: &str, path: &str) -> bool {
    let code = path.trim_start_matches('/').trim_end_matches('/');
    host.split('.').count() >= 3
        && host
            .split('.')
            .next()
            .is_some_and(|first| first.len() <= 3 && first != "www")
        && (1..=8).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_alphanumeric())
        && code.chars().any(|c| c.is_ascii_digit())
}

/// The label a domain was registered under: `velomaas` in `shop.velomaas.co.uk`. Subdomains
/// (`order.`, `news.`) are words, not names. Under the reserved `example` domains, drafts put the
/// brand in the label before (`wielewaal-kaas.example.nl`).
pub(super) fn registrable_label(host: &str) -> Option<&str> {
    let labels: Vec<&str> = host.split('.').filter(|label| !label.is_empty()).collect();
    let mut index = labels.len().checked_sub(2)?;
    // Second-level public suffixes: co.uk, com.au, org.nz, gv.at ...
    if index > 0
        && labels[index].len() <= 3
        && matches!(
            labels[index],
            "co" | "com" | "org" | "net" | "ac" | "gov" | "gv" | "or" | "ne"
        )
    {
        index -= 1;
    }
    if labels[index].eq_ignore_ascii_case("example") && index > 0 {
        index -= 1;
    }
    Some(labels[index])
}

/// Whether consecutive words, run together, spell `joined` ("Alder & Ember" for "alderember").
fn words_spell(visible_words: &[String], joined: &str) -> bool {
    for start in 0..visible_words.len() {
        if !joined.starts_with(visible_words[start].as_str()) {
            continue;
        }
        let mut concatenated = String::new();
        for word in visible_words.iter().skip(start).take(4) {
            // "The Gull & Anchor" for "gullandanchor": the ampersand is spelt out in a domain.
            let rest = &joined[concatenated.len().min(joined.len())..];
            if !concatenated.is_empty()
                && !rest.starts_with(word.as_str())
                && let Some(connector) = ["and", "en", "und", "et", "n"].iter().find(|connector| {
                    rest.strip_prefix(**connector)
                        .is_some_and(|after| after.starts_with(word.as_str()))
                })
            {
                concatenated.push_str(connector);
            }
            concatenated.push_str(word);
            if concatenated == joined {
                return true;
            }
            if concatenated.len() >= joined.len() {
                break;
            }
        }
    }
    false
}

fn has_postal_address(checker: &Checker<'_>) -> bool {
    let facts = checker.facts;
    let text = &facts.visible.text;
    // The customer's delivery address is not the sender's (devset email_en_07).
    let recipient = facts.hits("recipient-address", Scope::Visible);
    let senders = facts.hits("postal-address", Scope::Visible);
    // An event's venue is not the sender's address either.
    let venue = if senders.is_empty() {
        Default::default()
    } else {
        facts.hits("event-location", Scope::Visible)
    };
    // A label counts for an address on its own line, or in the lines below it when nothing
    // follows the label on its line ("Shipping to:" then a name and an address); "Ships to:
    // *|ADDRESS|*" has had its address.
    let labelled = |labels: &[crate::document::Span], hit: &crate::document::Span| {
        let before = super::facts::around(text, &(hit.start..hit.start), 160, 3);
        labels.iter().any(|label| {
            before.start <= label.start && label.end <= hit.start && {
                let between = &text[label.end..hit.start];
                let rest_of_line = between.split('\n').next().unwrap_or("");
                !between.contains('\n')
                    || rest_of_line
                        .trim_matches(|c: char| c.is_whitespace() || c == ':')
                        .is_empty()
            }
        })
    };
    if senders
        .iter()
        .any(|hit| !labelled(&recipient, hit) && !labelled(&venue, hit))
    {
        return true;
    }
    if checker
        .document
        .merge_tags
        .iter()
        .any(|tag| !tag.hidden && tag.link.is_none() && tag.kind == MergeTagKind::Address)
    {
        return true;
    }
    if let Some(address) = &checker.settings.brand.postal_address {
        let visible_words = words(&facts.visible.text);
        let first_line = address.split([',', '\n']).next().unwrap_or(address);
        if contains_name(&visible_words, &fold(first_line)) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_names_of_hosts() {
        assert_eq!(registrable_label("shop.velomaas.co.uk"), Some("velomaas"));
        assert_eq!(registrable_label("www.velomaas.nl"), Some("velomaas"));
        assert_eq!(
            registrable_label("www.wielewaal-kaas.example.nl"),
            Some("wielewaal-kaas")
        );
        assert_eq!(registrable_label("localhost"), None);
    }

    #[test]
    fn units_and_floors_are_not_names() {
        for unit in [
            "Unit 3",
            " Suite 200",
            "2e etage",
            "Gebäude B",
            "3rd floor",
            "Bât. C",
        ] {
            assert!(UNIT.is_match(unit), "{unit}");
        }
        for name in [
            "Spike Island Studios",
            "Harbour & Finch Ltd",
            "United Bakers",
            "Floorworks",
        ] {
            assert!(!UNIT.is_match(name), "{name}");
        }
    }

    #[test]
    fn words_spell_joined_names() {
        let gull: Vec<String> = ["the", "gull", "anchor"].map(String::from).to_vec();
        assert!(words_spell(&gull, "gullandanchor"));
        assert!(!words_spell(&gull, "gullorbanchor"));
        let words: Vec<String> = ["by", "alder", "ember", "coffee"]
            .iter()
            .map(|word| word.to_string())
            .collect();
        assert!(words_spell(&words, "alderember"));
        assert!(!words_spell(&words, "alderemberco"));
    }
}
