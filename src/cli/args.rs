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
    /// Write a commented sendlint.toml for a jurisdiction and ESP into the current folder
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on standard output
    Man,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Which law applies: a comma-separated list of nl, eu, uk, us, ca, de
    #[arg(long, value_name = "LIST", value_parser = parse_jurisdiction_list, default_value = "eu")]
    pub jurisdiction: Jurisdictions,

    /// The ESP whose merge tags will be substituted, e.g. mailchimp
    #[arg(long, value_name = "NAME")]
    pub esp: Option<String>,

    /// Where to write the file
    #[arg(long, value_name = "FILE", default_value = "sendlint.toml")]
    pub output: PathBuf,

    /// Replace an existing file
    #[arg(long)]
    pub force: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    /// SARIF 2.1.0, for code scanning
    Sarif,
    /// GitHub Actions workflow-command annotations
    Github,
    /// JUnit XML, one test case per file
    Junit,
    /// GitLab Code Quality JSON
    Gitlab,
    /// One line per finding: `path:line:col: severity rule message`
    Concise,
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

    /// Apply the safe fixes to the files (removing a pre-ticked `checked`, inserting a missing
    /// unsubscribe footer when the ESP is configured)
    #[arg(long)]
    pub fix: bool,

    /// Apply the unsafe fixes too (wording the author should read); implies --fix unless
    /// --diff is given
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff instead of writing them; exit 1 when there is one
    #[arg(long)]
    pub diff: bool,

    /// Report only findings not recorded in this baseline file, and say which recorded ones
    /// have gone
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Record today's findings, per file and rule, in this baseline file
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
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
