//! Every diagnostic's range slices exactly the source text it is about, also after multi-byte
//! characters and emoji.

use crate::common::context_layer;
use sendlint::{Format, Settings};

/// (source, format, context, rule, the exact text the range must slice)
const CASES: &[(&str, Format, &str, &str, &str)] = &[
    (
        "<p>Café 😀 ünïcödé</p><form><label><input type=\"checkbox\" name=\"news\" CHECKED> Ja, stuur mij de nieuwsbrief</label></form>",
        Format::Html,
        "channel=form",
        "pre-ticked-consent",
        "CHECKED",
    ),
    (
        "<form><p>Ça va? 🎉</p><label><input type=\"checkbox\" id=\"sms\"> Oui, je souhaite recevoir les offres par SMS</label></form><script>document.getElementById('sms').checked = true;</script>",
        Format::Html,
        "channel=form",
        "pre-ticked-consent",
        "document.getElementById('sms').checked = true",
    ),
    (
        "<p>Voorjaarsactie 🌷: 20% korting op álle fietsen. Velomaas B.V., Kerkstraat 8, 2801 JK Gouda</p><div style=\"display:none\">Wil je dit niet meer? <a href=\"*|UNSUB|*\">Meld je af</a></div>",
        Format::Html,
        "purpose=marketing",
        "hidden-unsubscribe",
        "<a href=\"*|UNSUB|*\">Meld je af</a>",
    ),
    (
        "<p>Größte Auswahl 🚀 — 30 % Rabatt. Velomaas GmbH, Hauptstraße 1, 10115 Berlin.</p><p>Sie können der Werbung jederzeit widersprechen: <a href=\"#\">abmelden</a></p>",
        Format::Html,
        "purpose=marketing; jurisdiction=de",
        "unsubscribe-link-unresolved",
        "#",
    ),
    (
        "# Spring sale 🌼\n\n30% off all bulbs. Green Hollow Nurseries Ltd, 4 Mill Lane, Leeds LS1 5AB\n\nDon't want these emails? [Unsubscribe](*%7CUNSUB%7C*) at any time.\n",
        Format::Markdown,
        "purpose=marketing",
        "unsubscribe-link-unresolved",
        "*%7CUNSUB%7C*",
    ),
    (
        "<p>Nieuwe collectie 👗 met 20% korting. Modehuis Lint B.V., Kerkstraat 8, 2801 JK Gouda</p><p>Je kunt je afmelden via de link onderaan deze e-mail.</p>",
        Format::Html,
        "purpose=marketing; jurisdiction=nl",
        "unsubscribe-text-without-link",
        "Je kunt je afmelden",
    ),
    (
        "<p>Bedankt voor je bestelling 🧀 ORD-1044. Kaaskamer B.V., Kerkstraat 8, 2801 JK Gouda</p><p>P.S. Met code KAAS15 krijg je 15% korting op je volgende bestelling.</p>",
        Format::Html,
        "purpose=transactional; jurisdiction=nl",
        "marketing-in-transactional",
        "krijg je 15% korting",
    ),
    (
        "Fromagerie Vallon 🧀: -10 % ce week-end ! Pour ne plus recevoir nos SMS, envoyez STOP au 81212 (0,50 € par SMS).",
        Format::Text,
        "channel=sms; purpose=marketing",
        "paid-unsubscribe",
        "0,50 € par SMS",
    ),
    (
        "- [ ] Ik ga akkoord met de voorwaarden\n- [x] Ja, stuur mij de nieuwsbrief 📰\n",
        Format::Markdown,
        "channel=form",
        "pre-ticked-consent",
        "[x]",
    ),
    (
        "<form><p>Überschrift 😀</p><input type=\"checkbox\" id=\"t\"><label for=\"t\">Ich akzeptiere die AGB und möchte den Newsletter erhalten.</label></form>",
        Format::Html,
        "channel=form",
        "bundled-consent",
        "Ich akzeptiere die AGB und möchte den Newsletter erhalten.",
    ),
    (
        "<form><p>Café ☕</p><input type=\"checkbox\" id=\"o\"><label for=\"o\">Tick this box if you do not want to receive offers by email.</label></form>",
        Format::Html,
        "channel=form; audience=prospects",
        "opt-out-consent-wording",
        "Tick this box if you do not want to receive offers by email.",
    ),
    (
        "<html><body><p>Zomer 🌞: 25% korting. Velomaas B.V., Kerkstraat 8, 2801 JK Gouda</p></body></html>",
        Format::Html,
        "purpose=marketing; jurisdiction=nl",
        "missing-unsubscribe",
        "",
    ),
    (
        "<body><p>Zomer 🌞: 25% korting. Velomaas B.V.</p><!--[if mso]><p>Outlook: <a href=\"#\">afmelden</a></p><![endif]--></body>",
        Format::Html,
        "purpose=marketing; jurisdiction=nl",
        "unsubscribe-link-unresolved",
        "#",
    ),
    (
        "<p>Ünsere Reisen ✈: 20% Rabatt. Fernweh GmbH, Hauptstraße 1, 10115 Berlin</p><p>Sie können jederzeit widersprechen: <a href=\"https://fernweh.de/login?next=/newsletter\">Anmelden und abmelden</a></p>",
        Format::Html,
        "purpose=marketing; jurisdiction=de",
        "unsubscribe-requires-login",
        "<a href=\"https://fernweh.de/login?next=/newsletter\">Anmelden und abmelden</a>",
    ),
];

#[test]
fn ranges_slice_the_exact_text() {
    let mut failures = Vec::new();
    for (source, format, context, rule, expected) in CASES {
        let settings = Settings {
            flags: context_layer(context),
            ..Settings::default()
        };
        let diagnostics = sendlint::check_source(source, *format, &settings);
        for diagnostic in &diagnostics {
            assert!(
                source.is_char_boundary(diagnostic.range.start)
                    && source.is_char_boundary(diagnostic.range.end),
                "{rule}: range off a character boundary"
            );
        }
        let slices: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d.rule == *rule)
            .map(|d| &source[d.range.clone()])
            .collect();
        if !slices.contains(expected) {
            let all: Vec<String> = diagnostics
                .iter()
                .map(|d| format!("{} {:?}", d.rule, &source[d.range.clone()]))
                .collect();
            failures.push(format!("{rule}: expected {expected:?}, found {all:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn missing_footer_sits_before_body_end() {
    let source = "<html><body><p>Deze zomer 🌞 krijg je 25% korting op alle fietsen van ons. Velomaas B.V.</p>\n</body></html>";
    let settings = Settings {
        flags: context_layer("purpose=marketing; jurisdiction=nl"),
        ..Settings::default()
    };
    let diagnostic = sendlint::check_source(source, Format::Html, &settings)
        .into_iter()
        .find(|d| d.rule == "missing-unsubscribe")
        .expect("finding");
    assert_eq!(
        &source[diagnostic.range.start..diagnostic.range.start + 7],
        "</body>"
    );
    let fix = diagnostic.fix.expect("a suggested footer");
    assert_eq!(fix.edits[0].range, diagnostic.range);
    assert!(
        fix.edits[0].text.contains("{{unsubscribe_url}}") && fix.edits[0].text.contains("afmelden"),
        "{}",
        fix.edits[0].text
    );
}
