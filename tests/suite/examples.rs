//! The examples in each rule's data file are run: every bad example triggers its rule and no
//! good example does (above info), so the documentation cannot drift from the behaviour.

use crate::common::{context_layer, describe};
use sendlint::{Format, Settings};

#[test]
fn rule_examples_hold() {
    let data = sendlint::rules::data();
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in data.rules.values() {
        for (index, example) in rule.examples.iter().enumerate() {
            let format = match example.format.as_str() {
                "html" => Format::Html,
                "md" => Format::Markdown,
                "txt" => Format::Text,
                "json" => Format::WhatsappTemplate,
                "eml" => Format::Mime,
                other => panic!("{}: unknown example format `{other}`", rule.id),
            };
            let settings = Settings {
                flags: context_layer(example.context.as_deref().unwrap_or("")),
                ..Settings::default()
            };
            let report = sendlint::check_document(&example.source, format, &settings);
            // A bad example triggers the rule at the severity its context gives, info included
            // (an info-level rule's example shows what it reports); a good one raises nothing
            // above info (a reminder for existing customers is no failing).
            let wanted = example.expect == "bad";
            let found = report.diagnostics.iter().any(|d| {
                d.rule == rule.id && (wanted || d.severity >= sendlint::Severity::Warning)
            });
            if found != wanted {
                let all = describe(&report);
                failures.push(format!(
                    "{} example {} ({}): expected {}, found {all:?}",
                    rule.id,
                    index + 1,
                    example.expect,
                    if wanted { "the finding" } else { "no finding" }
                ));
            }
            count += 1;
        }
    }
    assert!(count > 30, "too few examples ran: {count}");
    assert!(
        failures.is_empty(),
        "{} of {count} examples disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
