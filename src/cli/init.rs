//! `sendlint init`: a commented `sendlint.toml` for the chosen jurisdictions and ESP.

use super::args::InitArgs;
use std::fmt::Write;

pub fn run(args: InitArgs) -> u8 {
    let data = sendlint::rules::data();
    let esp = match args
        .esp
        .as_deref()
        .map(|esp| data.merge_tags.known_esp(esp))
    {
        Some(Err(message)) => {
            eprintln!("error: {message}");
            return 2;
        }
        Some(Ok(esp)) => Some(esp),
        None => None,
    };
    if args.output.exists() && !args.force {
        eprintln!(
            "error: {} already exists: edit it, or pass --force to replace it",
            args.output.display()
        );
        return 2;
    }
    let text = config_text(&args.jurisdiction.0, esp.as_deref());
    match std::fs::write(&args.output, text) {
        Ok(()) => {
            eprintln!("wrote {}", args.output.display());
            0
        }
        Err(error) => {
            eprintln!("error: {}: cannot write: {error}", args.output.display());
            2
        }
    }
}

/// The file's text: every key sendlint.toml knows, the chosen ones set, the others commented.
pub fn config_text(jurisdictions: &[String], esp: Option<&str>) -> String {
    let data = sendlint::rules::data();
    let mut out = String::new();
    out.push_str(
        "# sendlint configuration. sendlint finds this file by walking up from each draft;\n\
         # command-line flags and hints in a draft take precedence over it.\n\n",
    );
    out.push_str("# Which law applies, any of nl, eu, uk, us, ca, de. Several take the strictest severity.\n");
    for id in jurisdictions {
        if let Some(profile) = data.jurisdictions.iter().find(|j| &j.id == id) {
            let _ = writeln!(out, "#   {}: {}", profile.id, profile.name);
        }
    }
    let list = jurisdictions
        .iter()
        .map(|id| format!("\"{id}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(out, "jurisdiction = [{list}]\n");
    out.push_str("# The language of the drafts (nl, en, de, fr); without it, detected per draft.\n# lang = \"en\"\n\n");
    out.push_str(
        "# The ESP whose merge tags will be substituted. With it set, an opt-out tag of another\n\
         # ESP is a dead link, and `sendlint check --fix` may insert a missing unsubscribe footer.\n",
    );
    match esp {
        Some(esp) => {
            let _ = writeln!(out, "esp = \"{esp}\"\n");
        }
        None => out.push_str("# esp = \"mailchimp\"\n\n"),
    }
    out.push_str(
        "# Who sends: used to recognise the sender's identity and address in the drafts.\n\
         [brand]\n\
         # legal-name = \"Example B.V.\"\n\
         # trade-names = [\"Example\"]\n\
         # postal-address = \"Postbus 1, 1000 AA Amsterdam\"\n\
         # sms-sender-id = \"EXAMPLE\"\n\n\
         # Severity overrides per rule: \"error\", \"warning\", \"info\" or \"off\".\n\
         # `sendlint rules` lists the rules.\n\
         [rules]\n\
         # \"missing-postal-address\" = \"off\"\n\n\
         # Context for some files: any of channel, purpose, audience, jurisdiction, lang, esp.\n\
         # [[overrides]]\n\
         # files = [\"transactional/**\"]\n\
         # purpose = \"transactional\"\n",
    );
    out
}
