//! Purpose detection without any hint: service messages in the four languages are
//! transactional (no opt-out rules), and the same messages with an offer are marketing.

use sendlint::{Format, Purpose, Settings};

fn purpose_of(text: &str) -> Purpose {
    let settings = Settings {
        extension: Some("sms".to_string()),
        ..Settings::default()
    };
    sendlint::check_document(text, Format::Text, &settings)
        .context
        .purpose
}

#[test]
fn service_messages_are_transactional_and_offers_make_them_marketing() {
    let service = [
        "Hi Sam, your table at Luigi's is booked for 8pm tonight. Reply C to cancel.",
        "Velomaas: je fiets is klaar om op te halen! Tot zo.",
        "Je afspraak op 12 maart om 10:00 is bevestigd. Verzetten kan tot 24 uur van tevoren.",
        "Radhaus Müller: Ihr Fahrrad ist abholbereit. Bis bald!",
        "Ihr Termin am 12. März ist bestätigt.",
        "Votre rendez-vous du 12 mars est confirmé. À bientôt !",
        "Votre commande est prête à être retirée en magasin.",
        "Your verification code is 482913.",
    ];
    for text in service {
        assert_eq!(purpose_of(text), Purpose::Transactional, "{text}");
    }
    let offers = [
        "Hi Sam, your table at Luigi's is booked for 8pm tonight. Show this text for 20% off your dessert!",
        "Velomaas: je fiets is klaar om op te halen! Deze week 20% korting op alle helmen.",
        "Ihr Termin am 12. März ist bestätigt. Jetzt 15 % Rabatt auf alle Pflegeprodukte sichern!",
    ];
    for text in offers {
        assert_eq!(purpose_of(text), Purpose::Marketing, "{text}");
    }
}
