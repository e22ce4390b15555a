//! `fihris export opensearch`: an index, or archive folders, as settings, mappings and bulk files
//! for a cluster.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{ExportArgs, ExportTarget, OpensearchArgs};
use crate::export::{export_opensearch, ExportOptions, ExportSummary};
use crate::indexer::{self, IndexOptions, NoProgress, Skipped};
use crate::store::Store;
use crate::terminal::safe;

/// Runs `fihris export`.
pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let ExportTarget::Opensearch(args) = args.target;
    anyhow::ensure!(args.chunk_bytes > 0, "--chunk-bytes must be at least 1");
    let options = ExportOptions {
        out: args.out.clone(),
        name: args.name.clone(),
        since_export: args.since_export,
        chunk_bytes: args.chunk_bytes,
    };
    let (summary, skipped) = if args.archives.is_empty() {
        let store = Store::open(&index_dir(&args))?;
        (export(&store, &options)?, Vec::new())
    } else {
        export_archives(&args, &options)?
    };
    if args.json {
        let mut json = serde_json::to_value(&summary)?;
        if !args.archives.is_empty() {
            json["skipped"] = serde_json::to_value(&skipped)?;
        }
        println!("{json}");
    } else {
        for s in &skipped {
            eprintln!("skipped {}: {}", safe(&s.path), safe(&s.reason));
        }
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

/// `--index`, else `$FIHRIS_INDEX`, else `./fihris-index`, as every command resolves it.
fn index_dir(args: &OpensearchArgs) -> PathBuf {
    args.index
        .clone()
        .or_else(|| {
            std::env::var_os("FIHRIS_INDEX")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| PathBuf::from("fihris-index"))
}

fn export(store: &Store, options: &ExportOptions) -> anyhow::Result<ExportSummary> {
    export_opensearch(store, options)
        .with_context(|| format!("exporting into {}", options.out.display()))
}

/// `--archive`: indexes the folders into a temporary index inside `--out` (hidden, removed at the
/// end) and exports that. Going through an index, rather than streaming the reader's articles into
/// the bulk writer, gives exactly what `fihris index` then `fihris export` gives: the same reading,
/// aliases, duplicate-id rule (the later article wins) and id order, and the stemmer override file
/// from the same exact-form vocabulary. `--since-export` needs nothing from the index: it compares
/// checksums of the exported documents, kept in `--out`.
fn export_archives(
    args: &OpensearchArgs,
    options: &ExportOptions,
) -> anyhow::Result<(ExportSummary, Vec<Skipped>)> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    // Inside --out, not /tmp: the index is about the archive's size, and /tmp may be a small
    // tmpfs. Its name is hidden, so an archive walk that reaches it skips it.
    let tmp = tempfile::Builder::new()
        .prefix(".fihris-export-index-")
        .tempdir_in(&args.out)
        .with_context(|| format!("creating a temporary index in {}", args.out.display()))?;
    let threads = super::index::thread_count(args.threads);
    let mut index = IndexOptions::new(args.archives.clone(), tmp.path().join("index"));
    index.aliases_file = args.aliases.clone();
    index.read = super::index::read_options(&args.encoding, &args.fields)?;
    index.follow_external_links = args.follow_external_links;
    index.threads = threads;
    index.memory_bytes = (256usize).max(16 * threads) * 1024 * 1024;
    let indexed = indexer::run(&index, &NoProgress).context("reading the archive folders")?;
    let store = Store::open(&index.index_dir)?;
    let summary = export(&store, options)?;
    drop(store);
    tmp.close()
        .context("removing the temporary index of --archive")?;
    Ok((summary, indexed.skipped))
}
