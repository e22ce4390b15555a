//! `fihris eval`.

use std::process::ExitCode;

use crate::cli::EvalArgs;

/// Runs `fihris eval`.
pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not built yet")
}
