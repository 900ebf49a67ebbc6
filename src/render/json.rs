//! `--format json`: the stable machine-readable report (DESIGN.md, version 1).

use super::{FileResult, Outcome, Positions, Summary};
use crate::diagnostic::Applicability;
use serde_json::{Value, json};

pub fn render(results: &[FileResult]) -> String {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match &result.outcome {
            Outcome::Checked {
                context,
                diagnostics: found,
            } => {
                let positions = Positions::new(&result.source);
                for diagnostic in found {
                    let start = positions.position(diagnostic.range.start);
                    let end = positions.position(diagnostic.range.end);
                    let fix = diagnostic.fix.as_ref().map(|fix| {
                        json!({
                            "message": fix.message,
                            "applicability": match fix.applicability { Applicability::Safe => "safe", Applicability::Unsafe => "unsafe" },
                            "edits": fix.edits.iter().map(|edit| {
                                let start = positions.position(edit.range.start);
                                let end = positions.position(edit.range.end);
                                json!({"range": range(start, end), "text": edit.text})
                            }).collect::<Vec<_>>(),
                        })
                    });
                    diagnostics.push(json!({
                        "path": result.display,
                        "rule": diagnostic.rule,
                        "severity": diagnostic.severity.as_str(),
                        "message": diagnostic.message,
                        "range": range(start, end),
                        "references": diagnostic.references,
                        "fix": fix.unwrap_or(Value::Null),
                    }));
                }
                files.push(json!({
                    "path": result.display,
                    "channel": context.channel.as_str(),
                    "purpose": context.purpose.as_str(),
                    "language": context.language,
                    "jurisdictions": context.jurisdictions,
                }));
            }
            Outcome::Failed(message) => {
                errors.push(json!({"path": result.display, "message": message}))
            }
        }
    }
    let summary = Summary::of(results);
    let mut report = json!({
        "version": 1,
        "diagnostics": diagnostics,
        "files": files,
        "summary": {"files": summary.files, "errors": summary.errors, "warnings": summary.warnings, "infos": summary.infos},
    });
    if !errors.is_empty() {
        report["errors"] = Value::Array(errors);
    }
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn range(start: super::Position, end: super::Position) -> Value {
    json!({
        "start": {"line": start.line, "column": start.column, "offset": start.offset},
        "end": {"line": end.line, "column": end.column, "offset": end.offset},
    })
}
