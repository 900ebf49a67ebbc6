//! `tests/fixtures/<rule-id>/`: every `bad-*` file triggers its folder's rule (at warning or
//! error level) and no `good-*` file does. Context comes from each file's hints and the
//! folder's `sendlint.toml`, exactly as `sendlint check` would find it.

use crate::common::{check_file, root, warnings_and_errors};
use sendlint::ContextLayer;

#[test]
fn every_fixture_agrees_with_its_name() {
    let fixtures = root().join("tests/fixtures");
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut folders: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures")
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .collect();
    folders.sort_by_key(|entry| entry.path());
    for folder in folders {
        let rule = folder.file_name().to_string_lossy().into_owned();
        assert!(
            sendlint::rules::data().rule(&rule).is_some(),
            "tests/fixtures/{rule} is named after no rule"
        );
        let mut files: Vec<_> = std::fs::read_dir(folder.path())
            .expect("fixture folder")
            .flatten()
            .map(|entry| entry.path())
            .collect();
        files.sort();
        let (mut bad, mut good) = (0, 0);
        for file in files {
            let name = file
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let expect_finding = if name.starts_with("bad-") {
                bad += 1;
                true
            } else if name.starts_with("good-") {
                good += 1;
                false
            } else {
                continue;
            };
            let report = check_file(&file, &ContextLayer::default());
            let found = warnings_and_errors(&report).contains(&rule);
            if found != expect_finding {
                let all: Vec<String> = report
                    .diagnostics
                    .iter()
                    .map(|d| format!("{}({})", d.rule, d.severity))
                    .collect();
                failures.push(format!(
                    "{rule}/{name}: expected {}, found {all:?}",
                    if expect_finding {
                        "the finding"
                    } else {
                        "no finding"
                    }
                ));
            }
            checked += 1;
        }
        assert!(
            bad >= 2 && good >= 2,
            "tests/fixtures/{rule} needs at least two bad and two good files ({bad} bad, {good} good)"
        );
    }
    assert!(checked > 0, "no fixtures were found");
    assert!(
        failures.is_empty(),
        "{} of {checked} fixtures disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
