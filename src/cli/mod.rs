//! The `sendlint` command: one file per subcommand; `args.rs` holds the clap definitions.

pub mod args;
mod baseline;
mod check;
mod explain;
mod fix;
mod init;
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
        Command::Init(args) => init::run(args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "sendlint", &mut std::io::stdout());
            0
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            let mut page = Vec::new();
            match clap_mangen::Man::new(command).render(&mut page) {
                Ok(()) => {
                    use std::io::Write;
                    let _ = std::io::stdout().write_all(&page);
                    0
                }
                Err(error) => {
                    eprintln!("error: cannot render the man page: {error}");
                    2
                }
            }
        }
    }
}
