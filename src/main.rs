//! The `fihris` binary: parse flags, run the command, map errors to exit codes.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use fihris::cli::{Cli, Command};
use fihris::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`fihris search … | head`) is not an error.
            if err.chain().any(|cause| {
                cause
                    .downcast_ref::<io::Error>()
                    .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let _ = io::stdout().flush();
            eprintln!("fihris: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Index(args) => commands::index::run(args),
        Command::Stats(args) => commands::stats::run(args),
        Command::Search(args) => commands::search::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Tags(args) => commands::tags::run(args),
        Command::Serve(args) => commands::serve::run(args),
    }
}
