//! Property tests: whatever the input, every parser and the linter return without panicking,
//! and every range lies inside the input on character boundaries.

use proptest::prelude::*;
use sendlint::{Channel, ContextLayer, Format, Settings};

fn check_all_formats(source: &str) {
    for format in [
        Format::Html,
        Format::Markdown,
        Format::Text,
        Format::WhatsappTemplate,
    ] {
        for channel in [None, Some(Channel::Form), Some(Channel::Sms)] {
            let settings = Settings {
                flags: ContextLayer {
                    channel,
                    ..ContextLayer::default()
                },
                ..Settings::default()
            };
            let diagnostics = sendlint::check_source(source, format, &settings);
            for diagnostic in diagnostics {
                let range = diagnostic.range.clone();
                assert!(
                    range.start <= range.end && range.end <= source.len(),
                    "{} range {range:?} outside {} bytes",
                    diagnostic.rule,
                    source.len()
                );
                assert!(
                    source.is_char_boundary(range.start) && source.is_char_boundary(range.end),
                    "{} range {range:?} off a character boundary",
                    diagnostic.rule
                );
                if let Some(fix) = &diagnostic.fix {
                    for edit in &fix.edits {
                        assert!(
                            edit.range.end <= source.len()
                                && source.is_char_boundary(edit.range.start)
                                && source.is_char_boundary(edit.range.end)
                        );
                    }
                }
            }
        }
    }
}

/// Pieces of e-mail and form markup, recombined at random: unbalanced tags, entities, comments,
/// conditional comments, styles, controls, merge tags, multi-byte text.
fn markup_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div style=\"display:none\">".to_string()),
        Just("</div>".to_string()),
        Just("<td style=\"font-size:0\"><span style=\"font-size:14px\">".to_string()),
        Just("<a href=\"*|UNSUB|*\">".to_string()),
        Just("<a href=\"#\">".to_string()),
        Just("</a>".to_string()),
        Just("<!--[if mso]>".to_string()),
        Just("<![endif]-->".to_string()),
        Just("<!-- sendlint-disable-next-line pre-ticked-consent -- why -->".to_string()),
        Just("<!-- sendlint: purpose=transactional -->".to_string()),
        Just("<style>.x{display:none}</style>".to_string()),
        Just("<input type=\"checkbox\" checked>".to_string()),
        Just("<label for=\"a\">Ja, stuur mij de nieuwsbrief</label>".to_string()),
        Just("<select><option selected>Oui".to_string()),
        Just("<script>document.getElementById('a').checked = true".to_string()),
        Just("&amp;&eacute;&#x1F600;&nbsp;&bogus;&".to_string()),
        Just("Afmelden? Sms STOP naar 4411. 😀 Über 20% korting".to_string()),
        Just("- [x] nieuwsbrief\n".to_string()),
        Just("[Afmelden]({{unsubscribe_url}})".to_string()),
        Just("---\nsendlint:\n  purpose: [".to_string()),
        Just("</body>".to_string()),
        "[a-zA-Z<>=\"'/&;#!\\-\\[\\]{}|*% \n]{0,12}",
        "\\PC{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        check_all_formats(&text);
    }

    #[test]
    fn arbitrary_markup_never_panics(pieces in proptest::collection::vec(markup_piece(), 0..40)) {
        let text: String = pieces.concat();
        check_all_formats(&text);
    }
}
