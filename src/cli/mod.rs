//! The `sendlint` command: one file per subcommand; `args.rs` holds the clap definitions.

pub mod args;
mod check;
mod explain;
mod lsp;

use args::{Cli, Command};
use clap::Parser;

/// Runs the command line; returns the exit code (0, 1 or 2).
pub fn run() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Explain { rule } => explain::explain(&rule),
        Command::Rules => explain::list(),
        Command::Lsp { .. } => lsp::run(),
    }
}
