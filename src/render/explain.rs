//! A rule's documentation as Markdown: the one renderer behind `sendlint explain`, the
//! generated `docs/rules/` pages and, later, LSP hover and SARIF help.

use crate::rules::{Rule, RuleData};
use std::fmt::Write;

pub fn rule_markdown(rule: &Rule, data: &RuleData) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n\n{}\n", rule.id, rule.summary);
    let mut severities = vec![format!("default **{}**", rule.default_severity)];
    severities.extend(
        rule.jurisdiction_severity
            .iter()
            .map(|(jurisdiction, severity)| {
                format!(
                    "{jurisdiction}: **{}**",
                    severity.map_or("off".to_string(), |s| s.to_string())
                )
            }),
    );
    let _ = writeln!(
        out,
        "Channels: {}. Severity: {}.\n",
        rule.channels.join(", "),
        severities.join(", ")
    );
    let _ = writeln!(out, "## What it checks\n\n{}\n", rule.docs.what.trim());
    let _ = writeln!(out, "## Why it matters\n\n{}\n", rule.docs.why.trim());
    let _ = writeln!(
        out,
        "## What to write instead\n\n{}\n",
        rule.docs.instead.trim()
    );
    if !rule.references.is_empty() {
        let _ = writeln!(out, "## Legal basis\n");
        for key in &rule.references {
            if let Some(reference) = data.references.get(key) {
                let _ = write!(out, "- [{}]({})", reference.title, reference.url);
                if let Some(quote) = &reference.quote {
                    let _ = write!(out, ": “{}”", quote.trim());
                }
                out.push('\n');
            }
        }
        out.push('\n');
    }
    for (expect, heading) in [("bad", "Triggers it"), ("good", "Does not trigger it")] {
        let examples: Vec<_> = rule
            .examples
            .iter()
            .filter(|example| example.expect == expect)
            .collect();
        if examples.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {heading}\n");
        for example in examples {
            let language = match example.format.as_str() {
                "md" => "markdown",
                "txt" => "text",
                other => other,
            };
            let _ = writeln!(out, "```{language}\n{}\n```\n", example.source.trim());
        }
    }
    out.trim_end().to_string() + "\n"
}
