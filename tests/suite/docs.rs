//! `docs/rules/` is generated from `rules/` by the renderer behind `sendlint explain`. These
//! tests fail when a page is stale, and write the fresh page so that the fix is to commit it
//! (the way rust-analyzer keeps its generated files honest).

use crate::common::root;
use sendlint::render::explain::{index_markdown, rule_markdown};
use sendlint::rules;
use std::path::Path;

/// Compares `path` with `expected`; when they differ, writes `expected` and reports the file.
fn ensure(path: &Path, expected: &str, stale: &mut Vec<String>) {
    let current = std::fs::read_to_string(path).unwrap_or_default();
    if current != expected {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("docs/rules can be created");
        }
        std::fs::write(path, expected).expect("docs/rules is writable");
        stale.push(path.display().to_string());
    }
}

#[test]
fn rule_pages_are_up_to_date() {
    let data = rules::data();
    let dir = root().join("docs/rules");
    let mut stale = Vec::new();
    for rule in data.rules.values() {
        ensure(
            &dir.join(format!("{}.md", rule.id)),
            &rule_markdown(rule, data),
            &mut stale,
        );
    }
    ensure(&dir.join("index.md"), &index_markdown(data), &mut stale);
    // A page whose rule is gone would document nothing.
    for entry in std::fs::read_dir(&dir).expect("docs/rules").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(id) = name.strip_suffix(".md")
            && id != "index"
            && !data.rules.contains_key(id)
        {
            std::fs::remove_file(entry.path()).expect("docs/rules is writable");
            stale.push(format!("{} (removed)", entry.path().display()));
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules was stale and has been regenerated; commit these files:\n{}",
        stale.join("\n")
    );
}

#[test]
fn explain_prints_the_generated_page() {
    let data = rules::data();
    for id in ["missing-unsubscribe", "missing-objection-notice"] {
        let output = assert_cmd::Command::cargo_bin("sendlint")
            .expect("the binary is built")
            .args(["explain", id])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0));
        let page = std::fs::read_to_string(root().join(format!("docs/rules/{id}.md")))
            .expect("the page exists");
        assert_eq!(String::from_utf8_lossy(&output.stdout), page);
        assert_eq!(page, rule_markdown(data.rule(id).expect("rule"), data));
    }
}

/// Every rule speaks the four languages of the copywriters, cites the law and shows examples.
#[test]
fn every_rule_is_documented_with_references_and_examples() {
    let data = rules::data();
    for rule in data.rules.values() {
        for (section, text) in [
            ("what", &rule.docs.what),
            ("why", &rule.docs.why),
            ("instead", &rule.docs.instead),
        ] {
            assert!(
                text.trim().len() > 40,
                "{}: docs.{section} is missing or too short",
                rule.id
            );
        }
        if rule.from_profiles {
            assert!(
                !rule.references.is_empty(),
                "{} cites no reference",
                rule.id
            );
            // A rule that is info under every law (sms-segments) reports every message of its
            // kind; it shows what it says, and has nothing to stay silent on.
            let info_only = data.jurisdictions.iter().all(|jurisdiction| {
                rule.severity(std::slice::from_ref(&jurisdiction.id), None)
                    <= Some(sendlint::Severity::Info)
            });
            let wanted: &[&str] = if info_only {
                &["bad"]
            } else {
                &["good", "bad"]
            };
            for expect in wanted {
                assert!(
                    rule.examples
                        .iter()
                        .any(|example| example.expect == *expect),
                    "{} has no {expect} example",
                    rule.id
                );
            }
        }
    }
}
