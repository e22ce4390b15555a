//! `fihris stats`.

use std::process::ExitCode;

use crate::cli::StatsArgs;

/// Runs `fihris stats`.
pub fn run(args: StatsArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not built yet")
}
