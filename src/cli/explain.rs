//! `sendlint explain RULE` and `sendlint rules`.

use sendlint::render::explain::rule_markdown;
use sendlint::rules;

pub fn explain(id: &str) -> u8 {
    let data = rules::data();
    match data.rule(id) {
        Some(rule) => {
            print!("{}", rule_markdown(rule, data));
            0
        }
        None => {
            eprintln!("error: `{id}` is not a sendlint rule: `sendlint rules` lists them");
            2
        }
    }
}

pub fn list() -> u8 {
    let data = rules::data();
    let width = data.rules.keys().map(String::len).max().unwrap_or(0);
    for rule in data.rules.values() {
        let mut severities = vec![rule.default_severity.to_string()];
        severities.extend(
            rule.jurisdiction_severity
                .iter()
                .map(|(jurisdiction, severity)| {
                    format!(
                        "{jurisdiction}:{}",
                        severity.map_or("off".to_string(), |s| s.to_string())
                    )
                }),
        );
        println!(
            "{:width$}  {:<22}  {:<28}  {}",
            rule.id,
            rule.channels.join(","),
            severities.join(" "),
            rule.summary
        );
    }
    0
}
