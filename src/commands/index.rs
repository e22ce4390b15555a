//! `fihris index`.

use std::process::ExitCode;

use crate::cli::IndexArgs;

/// Runs `fihris index`.
pub fn run(args: IndexArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not built yet")
}
