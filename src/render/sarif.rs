//! `--format sarif`: SARIF 2.1.0 for code scanning. Every rule with its summary, help (the same
//! Markdown as `sendlint explain`) and `helpUri`; the legal references as a taxonomy that each
//! rule and result points into; fixes as SARIF fixes. Columns count Unicode code points, as in
//! every other sendlint output.

use super::explain::rule_markdown;
use super::fingerprint::fingerprints;
use super::{FileResult, Outcome, Position, Positions};
use crate::Severity;
use crate::rules::{self, RuleData};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Where a rule's page is read: the `docs/rules/` page of this version's published source.
pub const DOCS_BASE: &str = "https://docs.rs/crate/sendlint/";
/// The name of the taxonomy of legal and platform references.
pub const TAXONOMY: &str = "legal-references";

/// Characters a relative path keeps unencoded in a URI: unreserved ones and `/`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

pub fn help_uri(rule: &str) -> String {
    format!(
        "{DOCS_BASE}{}/source/docs/rules/{rule}.md",
        env!("CARGO_PKG_VERSION")
    )
}

pub fn render(results: &[FileResult]) -> String {
    let data = rules::data();
    let (rule_index, rule_descriptors) = rules_of(data);
    let (taxon_index, taxa) = taxonomy(data);

    let mut sarif_results = Vec::new();
    let mut notifications = Vec::new();
    for result in results {
        let uri = artifact_uri(&result.display);
        match &result.outcome {
            Outcome::Failed(message) => notifications.push(json!({
                "level": "error",
                "message": {"text": message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}}],
            })),
            Outcome::Checked { diagnostics, .. } => {
                let positions = Positions::new(&result.source);
                let prints = fingerprints(result, diagnostics);
                for (diagnostic, fingerprint) in diagnostics.iter().zip(prints) {
                    let place = region(
                        positions.position(diagnostic.range.start),
                        positions.position(diagnostic.range.end),
                    );
                    let mut item = json!({
                        "ruleId": diagnostic.rule,
                        "level": level(diagnostic.severity),
                        "message": {"text": diagnostic.message},
                        "locations": [{"physicalLocation": {
                            "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                            "region": place,
                        }}],
                        "partialFingerprints": {"sendlint/v1": fingerprint},
                    });
                    if let Some(&index) = rule_index.get(diagnostic.rule.as_str()) {
                        item["ruleIndex"] = json!(index);
                        let taxa: Vec<Value> = data.rules[&diagnostic.rule]
                            .references
                            .iter()
                            .filter_map(|key| taxon_index.get(key.as_str()))
                            .map(|&index| taxon_reference(&taxa[index], index))
                            .collect();
                        if !taxa.is_empty() {
                            item["taxa"] = Value::Array(taxa);
                        }
                    }
                    if let Some(fix) = &diagnostic.fix {
                        let replacements: Vec<Value> = fix
                            .edits
                            .iter()
                            .map(|edit| {
                                let mut replacement = json!({
                                    "deletedRegion": region(
                                        positions.position(edit.range.start),
                                        positions.position(edit.range.end),
                                    ),
                                });
                                if !edit.text.is_empty() {
                                    replacement["insertedContent"] = json!({"text": edit.text});
                                }
                                replacement
                            })
                            .collect();
                        if !replacements.is_empty() {
                            item["fixes"] = json!([{
                                "description": {"text": fix.message},
                                "artifactChanges": [{
                                    "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                                    "replacements": replacements,
                                }],
                                "properties": {"applicability": match fix.applicability {
                                    crate::Applicability::Safe => "safe",
                                    crate::Applicability::Unsafe => "unsafe",
                                }},
                            }]);
                        }
                    }
                    sarif_results.push(item);
                }
            }
        }
    }

    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "sendlint",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": format!("{DOCS_BASE}{}", env!("CARGO_PKG_VERSION")),
                "rules": rule_descriptors,
                "supportedTaxonomies": [{"name": TAXONOMY, "index": 0}],
            }},
            "taxonomies": [{
                "name": TAXONOMY,
                "shortDescription": {"text": "The laws, regulators' guidance and platform rules that sendlint's rules enforce"},
                "taxa": taxa,
            }],
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The folder sendlint was run in"}}},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": sarif_results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// Every rule as a reporting descriptor, and the index of each id.
fn rules_of(data: &RuleData) -> (BTreeMap<&str, usize>, Vec<Value>) {
    let (_, taxon_index_map) = taxon_indices(data);
    let mut index = BTreeMap::new();
    let mut descriptors = Vec::new();
    for (position, rule) in data.rules.values().enumerate() {
        index.insert(rule.id.as_str(), position);
        let relationships: Vec<Value> = rule
            .references
            .iter()
            .filter_map(|key| taxon_index_map.get(key.as_str()).map(|&i| (key, i)))
            .map(|(key, i)| {
                json!({
                    "target": {"id": key, "index": i, "toolComponent": {"name": TAXONOMY, "index": 0}},
                    "kinds": ["relevant"],
                })
            })
            .collect();
        let help_text = format!(
            "{}\n\nWhat it checks: {}\n\nWhy: {}\n\nWhat to write instead: {}",
            rule.summary,
            rule.docs.what.trim(),
            rule.docs.why.trim(),
            rule.docs.instead.trim()
        );
        descriptors.push(json!({
            "id": rule.id,
            "name": pascal_case(&rule.id),
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.docs.what.trim()},
            "help": {"text": help_text, "markdown": rule_markdown(rule, data)},
            "helpUri": help_uri(&rule.id),
            "defaultConfiguration": {"level": level(rule.default_severity)},
            "relationships": relationships,
            "properties": {"tags": rule.channels},
        }));
    }
    (index, descriptors)
}

fn taxon_indices(data: &RuleData) -> (Vec<&str>, BTreeMap<&str, usize>) {
    let keys: Vec<&str> = data.references.keys().map(String::as_str).collect();
    let index = keys.iter().enumerate().map(|(i, key)| (*key, i)).collect();
    (keys, index)
}

/// The references as taxa, and the index of each key.
fn taxonomy(data: &RuleData) -> (BTreeMap<&str, usize>, Vec<Value>) {
    let (keys, index) = taxon_indices(data);
    let taxa = keys
        .iter()
        .map(|key| {
            let reference = &data.references[*key];
            let mut taxon = json!({
                "id": key,
                "name": reference.title,
                "shortDescription": {"text": reference.title},
                "helpUri": reference.url,
                "properties": {"jurisdictions": reference.jurisdictions},
            });
            if let Some(quote) = &reference.quote {
                taxon["fullDescription"] = json!({"text": quote});
            }
            taxon
        })
        .collect();
    (index, taxa)
}

fn taxon_reference(taxon: &Value, index: usize) -> Value {
    json!({"id": taxon["id"], "index": index, "toolComponent": {"name": TAXONOMY, "index": 0}})
}

fn region(start: Position, end: Position) -> Value {
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "byteOffset": start.offset,
        "byteLength": end.offset.saturating_sub(start.offset),
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: `/` separators, everything else outside the unreserved
/// set percent-encoded. Standard input keeps its name.
fn artifact_uri(display: &str) -> String {
    let path = display.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    utf8_percent_encode(path, PATH).to_string()
}

fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            artifact_uri("./mails/lente 2026.html"),
            "mails/lente%202026.html"
        );
        assert_eq!(artifact_uri("a\\b#c.md"), "a/b%23c.md");
        assert_eq!(pascal_case("pre-ticked-consent"), "PreTickedConsent");
    }
}
