//! A rule's documentation as Markdown: the one renderer behind `sendlint explain`, `sendlint
//! rules`, the generated `docs/rules/` pages and, later, LSP hover and SARIF help.

use crate::diagnostic::Severity;
use crate::rules::{Rule, RuleData};
use std::fmt::Write;

/// How a severity reads in a table: `off` where the rule does not apply.
fn level(severity: Option<Severity>) -> String {
    severity.map_or_else(|| "off".to_string(), |severity| severity.to_string())
}

/// The severity of a rule under each jurisdiction, in profile order.
fn severities(rule: &Rule, data: &RuleData) -> Vec<(String, String)> {
    data.jurisdictions
        .iter()
        .map(|jurisdiction| {
            let severity = rule.severity(std::slice::from_ref(&jurisdiction.id), None);
            (jurisdiction.id.clone(), level(severity))
        })
        .collect()
}

/// The full page of one rule.
pub fn rule_markdown(rule: &Rule, data: &RuleData) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n\n{}\n", rule.id, rule.summary);
    let _ = writeln!(out, "Channels: {}.\n", rule.channels.join(", "));

    let table = severities(rule, data);
    let _ = writeln!(
        out,
        "| {} |\n|{}\n| {} |\n",
        table
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>()
            .join(" | "),
        "---|".repeat(table.len()),
        table
            .iter()
            .map(|(_, severity)| severity.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    for (audience, per) in &rule.audience_severity {
        let changes: Vec<String> = per
            .iter()
            .map(|(jurisdiction, severity)| format!("{} under `{jurisdiction}`", level(*severity)))
            .collect();
        let _ = writeln!(
            out,
            "With `--audience {audience}`: {}.\n",
            changes.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "Under several jurisdictions at once the strictest applies. Change it for a project \
         in `sendlint.toml`: `[rules] {} = \"warning\"` (or `\"off\"`).\n",
        rule.id
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
                if !reference.jurisdictions.is_empty() {
                    let _ = write!(out, " ({})", reference.jurisdictions.join(", "));
                }
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
            if let Some(context) = &example.context {
                let _ = writeln!(out, "Context: `{context}`\n");
            }
            let _ = writeln!(out, "```{language}\n{}\n```\n", example.source.trim());
        }
    }
    out.trim_end().to_string() + "\n"
}

/// The index of all rules: one row each with its channels and severity per jurisdiction.
pub fn index_markdown(data: &RuleData) -> String {
    let mut out = String::from(
        "# sendlint rules\n\nEvery rule sendlint checks, with the channels it looks at and its \
         severity under each jurisdiction profile (`rules/jurisdictions.toml`). `sendlint explain \
         RULE` prints the same page as the linked file. These pages are generated from `rules/`; \
         edit the rule data, not this file.\n\n",
    );
    let jurisdictions: Vec<&str> = data
        .jurisdictions
        .iter()
        .map(|jurisdiction| jurisdiction.id.as_str())
        .collect();
    let _ = writeln!(
        out,
        "| rule | channels | {} | summary |\n|---|---|{}---|",
        jurisdictions.join(" | "),
        "---|".repeat(jurisdictions.len())
    );
    for rule in data.rules.values() {
        let levels: Vec<String> = severities(rule, data)
            .into_iter()
            .map(|(_, severity)| severity)
            .collect();
        let _ = writeln!(
            out,
            "| [`{id}`]({id}.md) | {} | {} | {} |",
            rule.channels.join(", "),
            levels.join(" | "),
            rule.summary,
            id = rule.id
        );
    }
    out.push_str("\n## Jurisdiction profiles\n\n");
    for jurisdiction in &data.jurisdictions {
        let _ = writeln!(
            out,
            "- `{}`: {}. {}.",
            jurisdiction.id, jurisdiction.name, jurisdiction.law
        );
    }
    out.push_str(OUT_OF_SCOPE);
    out
}

/// What the catalogue asks that no draft can show.
const OUT_OF_SCOPE: &str = "
## Not decidable from a draft

Some duties depend on facts a draft does not hold, so sendlint does not check them: whether the
recipients gave consent and it can be proven (`missing-lawful-basis`), whether soft opt-in
products are similar to what the customer bought (`soft-opt-in-scope`), whether business
addresses were published for offers (`b2b-role-address-basis`, `outside-eea-b2b-exception`),
and how fast opt-outs are honoured and suppression lists applied (`optout-honor-window`,
`suppression-list-not-applied`). Rules that read MIME headers (`List-Unsubscribe`, one-click
unsubscribe) run on `.eml` messages.
";

/// The one-line-per-rule listing of `sendlint rules`.
pub fn rule_list(data: &RuleData) -> String {
    let width = data.rules.keys().map(String::len).max().unwrap_or(0);
    let channel_width = data
        .rules
        .values()
        .map(|rule| rule.channels.join(",").len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let header: Vec<String> = data
        .jurisdictions
        .iter()
        .map(|jurisdiction| format!("{:<7}", jurisdiction.id))
        .collect();
    let _ = writeln!(
        out,
        "{:width$}  {:channel_width$}  {} summary",
        "rule",
        "channels",
        header.join(" ")
    );
    for rule in data.rules.values() {
        let levels: Vec<String> = severities(rule, data)
            .into_iter()
            .map(|(_, severity)| format!("{severity:<7}"))
            .collect();
        let _ = writeln!(
            out,
            "{:width$}  {:channel_width$}  {} {}",
            rule.id,
            rule.channels.join(","),
            levels.join(" "),
            rule.summary
        );
    }
    out
}
