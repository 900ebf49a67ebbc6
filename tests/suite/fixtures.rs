//! `tests/fixtures/<rule-id>/`: every `bad-*` file triggers its folder's rule (at warning or
//! error level) and no `good-*` file does, and of the devset's rules each reports exactly what
//! its README row promises. Context comes from each file's hints and the folder's
//! `sendlint.toml`, exactly as `sendlint check` would find it.

use crate::common::{LABELLED, check_file, describe, root, warnings_and_errors};
use sendlint::ContextLayer;
use std::collections::{BTreeSet, HashMap};

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
                let all = describe(&report);
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

/// The `also` column of `tests/fixtures/README.md` for each fixture, keyed by (folder, file):
/// rows sit under a `## <folder>` heading, or name `<folder>/<file>` themselves.
fn documented_also() -> HashMap<(String, String), String> {
    let readme = std::fs::read_to_string(root().join("tests/fixtures/README.md"))
        .expect("tests/fixtures/README.md");
    let mut rows = HashMap::new();
    let mut section = String::new();
    for line in readme.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.trim().to_string();
            continue;
        }
        let Some(row) = line.strip_prefix("| ") else {
            continue;
        };
        let cells: Vec<&str> = row.trim_end().trim_end_matches('|').split('|').collect();
        let name = cells[0].trim().trim_matches('`');
        let (folder, file) = name.split_once('/').unwrap_or((section.as_str(), name));
        if cells.len() >= 5 && (file.starts_with("bad-") || file.starts_with("good-")) {
            let also = cells[cells.len() - 1].trim().to_string();
            rows.insert((folder.to_string(), file.to_string()), also);
        }
    }
    rows
}

/// The devset's rule ids a README `also` cell names at warning or error level ("rule (info)"
/// is left out).
fn labelled_in(also: &str) -> BTreeSet<String> {
    also.split([',', ';'])
        .map(str::trim)
        .filter(|item| !item.contains("(info)"))
        .filter_map(|item| {
            LABELLED
                .iter()
                .find(|rule| item.starts_with(**rule))
                .map(|rule| rule.to_string())
        })
        .collect()
}

/// Every fixture has a README row, and reports exactly the devset's rules that its name and
/// `also` column promise: a bad file is compliant apart from its defect and what comes with it.
#[test]
fn every_fixture_reports_what_its_readme_row_promises() {
    let rows = documented_also();
    let fixtures = root().join("tests/fixtures");
    let mut failures = Vec::new();
    let mut checked = 0;
    for folder in std::fs::read_dir(&fixtures)
        .expect("tests/fixtures")
        .flatten()
    {
        if !folder.path().is_dir() {
            continue;
        }
        let rule = folder.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(folder.path())
            .expect("fixture folder")
            .flatten()
        {
            let name = file.file_name().to_string_lossy().into_owned();
            let bad = name.starts_with("bad-");
            if !bad && !name.starts_with("good-") {
                continue;
            }
            let Some(also) = rows.get(&(rule.clone(), name.clone())) else {
                failures.push(format!("{rule}/{name}: no row in tests/fixtures/README.md"));
                continue;
            };
            let mut expected = labelled_in(also);
            if bad && LABELLED.contains(&rule.as_str()) {
                expected.insert(rule.clone());
            }
            let report = check_file(&file.path(), &ContextLayer::default());
            let found: BTreeSet<String> = warnings_and_errors(&report)
                .into_iter()
                .filter(|found| LABELLED.contains(&found.as_str()))
                .collect();
            if found != expected {
                failures.push(format!(
                    "{rule}/{name}: the README promises {expected:?}, found {found:?}"
                ));
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} fixtures were checked");
    assert!(
        failures.is_empty(),
        "{} fixtures disagree with their README rows:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The human output for every rule's first `bad-*` fixture: the exact range marked, the
/// message in the draft's language and the law, as a reviewer sees them.
#[test]
fn human_output_per_rule() {
    let fixtures = root().join("tests/fixtures");
    let mut folders: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let rule = folder
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mut bad: Vec<_> = std::fs::read_dir(&folder)
            .expect("fixture folder")
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| {
                path.file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with("bad-"))
            })
            .collect();
        bad.sort();
        let file = &bad[0];
        let report = check_file(file, &ContextLayer::default());
        let diagnostics: Vec<_> = report
            .diagnostics
            .into_iter()
            .filter(|diagnostic| diagnostic.rule == rule)
            .collect();
        let display = file
            .strip_prefix(root())
            .unwrap_or(file)
            .display()
            .to_string();
        let result = sendlint::render::FileResult {
            path: file.clone(),
            display,
            source: std::fs::read_to_string(file).expect("fixture"),
            outcome: sendlint::render::Outcome::Checked {
                context: report.context,
                diagnostics,
            },
        };
        let text = sendlint::render::human::render(&[result], false);
        insta::assert_snapshot!(format!("human-{rule}"), text);
    }
}

/// Every rule that judges a draft has its fixture folder, with files in at least two languages
/// (the `<lang>` of `bad-<lang>-…` and `good-<lang>-…`).
#[test]
fn every_rule_has_fixtures_in_two_languages() {
    let data = sendlint::rules::data();
    let mut missing = Vec::new();
    for rule in data.rules.values() {
        // The suppression and directive rules judge sendlint's own comments, not the law.
        if matches!(
            rule.id.as_str(),
            "unused-suppression" | "suppression-without-reason" | "invalid-directive"
        ) {
            continue;
        }
        let folder = root().join("tests/fixtures").join(&rule.id);
        let languages: std::collections::BTreeSet<String> = std::fs::read_dir(&folder)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|entry| {
                        let name = entry.file_name().to_string_lossy().into_owned();
                        let rest = name
                            .strip_prefix("bad-")
                            .or_else(|| name.strip_prefix("good-"))?;
                        rest.split('-').next().map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default();
        if languages.len() < 2 {
            missing.push(format!("{}: {languages:?}", rule.id));
        }
    }
    assert!(
        missing.is_empty(),
        "rules without fixtures in two languages:\n{}",
        missing.join("\n")
    );
}
