//! The command line, defined once with clap: help, and later completions and the man page,
//! come from these definitions.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "sendlint",
    version,
    about = "Checks marketing e-mails, SMS, WhatsApp messages and signup forms against direct-marketing law"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check drafts: files, folders (walked, honouring .gitignore) or `-` for standard input
    Check(CheckArgs),
    /// Explain a rule: what it checks, why, the law, and what to write instead
    Explain {
        /// The rule id, e.g. missing-unsubscribe
        rule: String,
    },
    /// List every rule with its channels and default severity
    Rules,
    /// Run the language server on standard input and output (editors start it)
    Lsp {
        /// Accepted for editors that pass it; standard input and output are the only transport
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChannelArg {
    Email,
    Sms,
    Whatsapp,
    Form,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PurposeArg {
    Marketing,
    Transactional,
    /// The confirmation of a subscription (double opt-in, first SMS of a programme)
    OptinConfirmation,
    /// The one reply to a stop request
    OptoutConfirmation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AudienceArg {
    Prospects,
    Customers,
    Business,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LanguageArg {
    Nl,
    En,
    De,
    Fr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// The channel the drafts are sent through (default: detected)
    #[arg(long, value_enum)]
    pub channel: Option<ChannelArg>,

    /// Why the messages are sent (default: detected from the content)
    #[arg(long, value_enum)]
    pub purpose: Option<PurposeArg>,

    /// Whose addresses these are: prospects need prior consent, existing customers fall under
    /// the soft opt-in, business covers role addresses published for offers
    #[arg(long, value_enum)]
    pub audience: Option<AudienceArg>,

    /// Which law applies: a comma-separated list of nl, eu, uk, us, ca, de (default: from the
    /// configuration, else eu)
    #[arg(long, value_name = "LIST", value_parser = parse_jurisdiction_list)]
    pub jurisdiction: Option<Jurisdictions>,

    /// The language of the drafts (default: from `lang` attributes, else detected)
    #[arg(long, value_enum)]
    pub lang: Option<LanguageArg>,

    /// The language of messages (default: each draft's own)
    #[arg(long, value_enum)]
    pub message_lang: Option<LanguageArg>,

    /// The ESP whose merge tags will be substituted (default: any known ESP's)
    #[arg(long, value_name = "NAME")]
    pub esp: Option<String>,

    /// Use this configuration file for every draft instead of discovering sendlint.toml
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Use no configuration file
    #[arg(long)]
    pub no_config: bool,

    /// Exit with 1 when a finding at or above this severity is reported
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// The sender sends 5,000 or more messages a day to Gmail or Yahoo: the List-Unsubscribe,
    /// one-click and DKIM header rules become errors
    #[arg(long)]
    pub bulk_sender: bool,

    /// The file name to assume for standard input (for its format and configuration)
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// How many files to check at once (default: one per core)
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// A parsed `--jurisdiction` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jurisdictions(pub Vec<String>);

fn parse_jurisdiction_list(text: &str) -> Result<Jurisdictions, String> {
    sendlint::lint::parse_jurisdictions(text).map(Jurisdictions)
}

impl LanguageArg {
    pub fn code(self) -> &'static str {
        match self {
            LanguageArg::Nl => "nl",
            LanguageArg::En => "en",
            LanguageArg::De => "de",
            LanguageArg::Fr => "fr",
        }
    }
}
