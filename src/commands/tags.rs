//! `fihris tags`.

use std::process::ExitCode;

use crate::cli::TagsArgs;

/// Runs `fihris tags`.
pub fn run(args: TagsArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not built yet")
}
