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
            eprintln!("fihris: error: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Index(args) => commands::index::run(args),
        Command::Stats(args) => commands::stats::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Search(args) => commands::search::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Tags(args) => commands::tags::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Variants(args) => commands::variants::run(args),
    }
}

/// The error and its causes on one line, each cause once: a library error that writes its source
/// into its own message (`"{path}: {source}"`) also returns it as `source()`, and anyhow's `{:#}`
/// would print it a second time.
fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let cause = cause.to_string();
        if text.ends_with(&cause) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&cause);
    }
    fihris::terminal::safe(&text).into_owned()
}
