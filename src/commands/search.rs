//! `fihris search`.

use std::process::ExitCode;

use crate::cli::SearchArgs;

/// Runs `fihris search`.
pub fn run(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not built yet")
}
