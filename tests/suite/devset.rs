//! The labelled development set (`../shared/devset`): every file, checked with the context its
//! label gives, reports exactly the expected rules at warning or error level.

use crate::common::{LABELLED, check_file, shared, warnings_and_errors};
use sendlint::{Audience, Channel, ContextLayer, Purpose};

#[test]
fn every_label_holds() {
    let dir = shared().join("devset");
    let labels = std::fs::read_to_string(dir.join("LABELS.tsv")).expect("LABELS.tsv");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in labels.lines().skip(1) {
        let columns: Vec<&str> = line.split('\t').collect();
        let [
            file,
            channel,
            purpose,
            audience,
            language,
            jurisdiction,
            expected,
            ..,
        ] = columns[..]
        else {
            continue;
        };
        let flags = ContextLayer {
            channel: Channel::parse(channel),
            purpose: Purpose::parse(purpose),
            audience: Audience::parse(audience),
            jurisdictions: Some(vec![jurisdiction.to_string()]),
            language: Some(language.to_string()),
            ..ContextLayer::default()
        };
        let report = check_file(&dir.join(file), &flags);
        let found: Vec<String> = warnings_and_errors(&report)
            .into_iter()
            .filter(|rule| LABELLED.contains(&rule.as_str()))
            .collect();
        let mut wanted: Vec<String> = if expected == "-" {
            Vec::new()
        } else {
            expected.split(',').map(str::to_string).collect()
        };
        wanted.sort();
        if found != wanted {
            failures.push(format!("{file}: expected {wanted:?}, found {found:?}"));
        }
        count += 1;
    }
    assert_eq!(count, 64, "the devset has 64 labelled files");
    assert!(
        failures.is_empty(),
        "{} of {count} files disagree with their labels:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
