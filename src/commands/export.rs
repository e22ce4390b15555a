//! `fihris export opensearch`: the index as settings, mappings and bulk files for a cluster.

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{ExportArgs, ExportTarget};
use crate::export::{export_opensearch, ExportOptions};
use crate::store::Store;
use crate::terminal::safe;

/// Runs `fihris export`.
pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let ExportTarget::Opensearch(args) = args.target;
    anyhow::ensure!(args.chunk_bytes > 0, "--chunk-bytes must be at least 1");
    let store = Store::open(&args.location.index)?;
    let options = ExportOptions {
        out: args.out.clone(),
        name: args.name,
        since_export: args.since_export,
        chunk_bytes: args.chunk_bytes,
    };
    let summary = export_opensearch(&store, &options)
        .with_context(|| format!("exporting into {}", args.out.display()))?;
    if args.json {
        println!("{}", serde_json::to_string(&summary)?);
    } else {
        println!(
            "{}: {} articles to index, {} to delete, in {} bulk files; {} words in the stemmer override file",
            safe(&args.out.display().to_string()),
            summary.indexed,
            summary.deleted,
            summary.bulk_files,
            summary.vocabulary
        );
    }
    Ok(ExitCode::SUCCESS)
}
