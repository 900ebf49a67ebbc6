//! `--format gitlab`: GitLab's Code Quality report, a JSON array of issues with a stable
//! fingerprint, a severity of info, minor or major, and the place in the file.

use super::fingerprint::fingerprints;
use super::{FileResult, Outcome, Positions};
use crate::Severity;
use serde_json::{Value, json};

pub fn render(results: &[FileResult]) -> String {
    let mut issues = Vec::new();
    for result in results {
        let path = result.display.replace('\\', "/");
        match &result.outcome {
            Outcome::Failed(message) => issues.push(json!({
                "description": message,
                "check_name": "sendlint/unreadable-file",
                "fingerprint": format!("unreadable:{path}"),
                "severity": "blocker",
                "location": {"path": path, "lines": {"begin": 1}},
            })),
            Outcome::Checked { diagnostics, .. } => {
                let positions = Positions::new(&result.source);
                let prints = fingerprints(result, diagnostics);
                for (diagnostic, fingerprint) in diagnostics.iter().zip(prints) {
                    let start = positions.position(diagnostic.range.start);
                    let end = positions.position(diagnostic.range.end);
                    let mut issue = json!({
                        "type": "issue",
                        "description": diagnostic.message,
                        "check_name": diagnostic.rule,
                        "fingerprint": fingerprint,
                        "severity": match diagnostic.severity {
                            Severity::Error => "major",
                            Severity::Warning => "minor",
                            Severity::Info => "info",
                        },
                        "categories": ["Compliance"],
                        "location": {
                            "path": path,
                            "positions": {
                                "begin": {"line": start.line, "column": start.column},
                                "end": {"line": end.line, "column": end.column},
                            },
                        },
                    });
                    if !diagnostic.references.is_empty() {
                        issue["content"] = json!({
                            "body": format!("Law: {}", diagnostic.references.join("; "))
                        });
                    }
                    issues.push(issue);
                }
            }
        }
    }
    let mut text = serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_default();
    text.push('\n');
    text
}
