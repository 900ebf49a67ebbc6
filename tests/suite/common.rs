//! Helpers shared by the integration tests.

use sendlint::document::context::parse_hint_list;
use sendlint::lint::{parse_jurisdictions, parse_language};
use sendlint::{Audience, Channel, ContextLayer, Format, Purpose, Report};
use std::path::{Path, PathBuf};

/// The rule ids the devset labels (and the fixture README's `also` column lists); findings of
/// other rules are out of their scope.
pub const LABELLED: [&str; 15] = [
    "missing-unsubscribe",
    "unsubscribe-text-without-link",
    "unsubscribe-link-unresolved",
    "hidden-unsubscribe",
    "unsubscribe-requires-login",
    "unsubscribe-extra-steps",
    "paid-unsubscribe",
    "missing-objection-notice",
    "missing-sender-identity",
    "missing-postal-address",
    "sms-missing-stop-keyword",
    "pre-ticked-consent",
    "bundled-consent",
    "opt-out-consent-wording",
    "marketing-in-transactional",
];

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, which every developer machine and CI run has beside the repository.
pub fn shared() -> PathBuf {
    let shared = root().join("../shared");
    assert!(
        shared.is_dir(),
        "{} is missing: the labelled sets live there",
        shared.display()
    );
    shared
}

pub fn format_of(path: &Path) -> Format {
    let extension = path.extension().and_then(|ext| ext.to_str()).unwrap_or("");
    Format::from_extension(extension).unwrap_or(Format::Html)
}

/// Checks a file as `sendlint check` would: its configuration discovered, `flags` on top.
pub fn check_file(path: &Path, flags: &ContextLayer) -> Report {
    let source =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let config = path
        .parent()
        .and_then(sendlint::config::discover)
        .map(|config| sendlint::config::load(&config).unwrap_or_else(|error| panic!("{error}")));
    let settings = sendlint::settings_for(path, flags, config.as_ref());
    sendlint::check_document(&source, format_of(path), &settings)
}

/// The rule ids reported at warning or error level.
pub fn warnings_and_errors(report: &Report) -> Vec<String> {
    let mut rules: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity >= sendlint::Severity::Warning)
        .map(|d| d.rule.clone())
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

/// A context layer from hint syntax (`channel=sms; purpose=marketing; jurisdiction=us`), as the
/// rule files' examples and the range tests write it.
pub fn context_layer(context: &str) -> ContextLayer {
    let mut layer = ContextLayer::default();
    for hint in parse_hint_list(context, 0) {
        match hint.key.as_str() {
            "channel" => layer.channel = Channel::parse(&hint.value),
            "purpose" => layer.purpose = Purpose::parse(&hint.value),
            "audience" => layer.audience = Audience::parse(&hint.value),
            "jurisdiction" => {
                layer.jurisdictions =
                    Some(parse_jurisdictions(&hint.value).expect("a known jurisdiction"))
            }
            "lang" => layer.language = Some(parse_language(&hint.value).expect("a known language")),
            "esp" => layer.esp = Some(hint.value.clone()),
            other => panic!("unknown context key `{other}`"),
        }
    }
    layer
}

/// Every finding as `rule(severity)`, for failure messages.
pub fn describe(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| format!("{}({})", d.rule, d.severity))
        .collect()
}
