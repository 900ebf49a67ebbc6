//! `sendlint explain RULE` and `sendlint rules`.

use sendlint::render::explain::{rule_list, rule_markdown};
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
    print!("{}", rule_list(rules::data()));
    0
}
