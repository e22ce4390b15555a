//! `fihris serve`: resolve flags into [`ServeOptions`], run the server on a tokio runtime.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use crate::cli::ServeArgs;
use crate::indexer::IndexOptions;
use crate::server::{self, Limits, ServeOptions};

/// Runs `fihris serve` until SIGINT or SIGTERM; exit 0 once the acknowledged writes are committed.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, 64);
    let watch = (!args.watch.is_empty()).then(|| IndexOptions {
        threads: threads.min(8),
        // tantivy needs at least 15 MB per indexing thread; searches need the rest.
        memory_bytes: 64 * 1024 * 1024 * threads.min(8),
        ..IndexOptions::new(args.watch.clone(), args.location.index.clone())
    });
    for dir in &args.watch {
        anyhow::ensure!(dir.is_dir(), "--watch {}: no such folder", dir.display());
    }
    let options = ServeOptions {
        index_dir: args.location.index.clone(),
        listen: args.listen,
        api_key: args.api_key.clone(),
        watch,
        limits: Limits {
            max_body_bytes: args.max_body_mb.saturating_mul(1024 * 1024),
            max_records: args.max_records,
            max_query_chars: args.max_query_chars,
            max_limit: args.max_limit,
            max_offset: args.max_offset,
            timeout: Duration::from_millis(args.timeout_ms.max(1)),
            max_concurrent: args.max_concurrent.max(1),
            header_timeout: Duration::from_millis(args.header_timeout_ms.max(1)),
            ..Limits::default()
        },
        log_requests: !args.quiet,
    };
    let has_key = args.api_key.as_deref().is_some_and(|k| !k.is_empty());
    if !args.listen.ip().is_loopback() && !has_key {
        eprintln!(
            "fihris: serve: warning: listening on {} (beyond this machine) without an API key: \
             anyone who can reach it can read the archive; writes stay disabled",
            args.listen
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
        .context("starting the server runtime")?;
    let index = args.location.index.clone();
    runtime
        .block_on(server::serve(options, |addr| {
            // The one line on stdout: scripts and tests read the address from it.
            println!("fihris: serving {} on http://{addr}", index.display());
            if !has_key {
                eprintln!(
                    "fihris: serve: no API key: writes are disabled (set --api-key or FIHRIS_API_KEY)"
                );
            }
        }))
        .with_context(|| format!("serving {}", args.location.index.display()))?;
    Ok(ExitCode::SUCCESS)
}
