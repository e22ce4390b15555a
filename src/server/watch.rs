//! `--watch`: keeps archive folders indexed while the server runs, with the same incremental logic as
//! `fihris index` (only new, changed and removed files are touched).
//!
//! File-system events only say "something changed under this folder": they are debounced (a quiet
//! half second, at most three seconds of waiting), then one incremental run goes through the writer
//! queue. A periodic run every minute catches what events miss (network file systems, overflowed
//! event queues); an unchanged archive costs one walk.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::writer::{WriteError, WriteQueue};
use crate::indexer::IndexOptions;

const QUIET: Duration = Duration::from_millis(500);
const MAX_WAIT: Duration = Duration::from_secs(3);
const RESCAN: Duration = Duration::from_secs(60);
const RETRY_BUSY: Duration = Duration::from_secs(2);

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {path}: {source}")]
pub struct WatchError {
    /// The folder.
    pub path: PathBuf,
    /// What failed.
    pub source: notify::Error,
}

/// Watches `options.archives`; returns once the watchers are set up. The first run happens at once.
pub fn start(options: IndexOptions, queue: WriteQueue) -> Result<(), WatchError> {
    let (events, rx) = mpsc::channel::<()>();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        if result.is_ok() {
            let _ = events.send(());
        }
    })
    .map_err(|source| WatchError {
        path: PathBuf::new(),
        source,
    })?;
    for root in &options.archives {
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(|source| WatchError {
                path: root.clone(),
                source,
            })?;
    }
    std::thread::Builder::new()
        .name("fihris-watch".into())
        .spawn(move || {
            // The watcher lives as long as this thread.
            let _watcher = watcher;
            watch_loop(&options, &queue, &rx);
        })
        .expect("spawning the watch thread");
    Ok(())
}

fn watch_loop(options: &IndexOptions, queue: &WriteQueue, rx: &mpsc::Receiver<()>) {
    let mut pending = true;
    loop {
        if !pending {
            match rx.recv_timeout(RESCAN) {
                Ok(()) => debounce(rx),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        match queue.reindex_blocking(options.clone()) {
            Ok(summary) => {
                pending = false;
                let changed = summary.articles_indexed + summary.articles_updated;
                if changed > 0 || summary.articles_deleted > 0 || !summary.skipped.is_empty() {
                    eprintln!(
                        "fihris: watch: {} new, {} updated, {} deleted articles; {} skipped ({} documents)",
                        summary.articles_indexed,
                        summary.articles_updated,
                        summary.articles_deleted,
                        summary.skipped.len(),
                        summary.documents
                    );
                    for skipped in &summary.skipped {
                        eprintln!(
                            "fihris: watch: skipped {}: {}",
                            skipped.path, skipped.reason
                        );
                    }
                }
            }
            Err(WriteError::ShuttingDown) => return,
            Err(WriteError::Busy) => {
                pending = true;
                std::thread::sleep(RETRY_BUSY);
            }
            Err(err) => {
                eprintln!("fihris: watch: {err}");
                pending = false;
            }
        }
    }
}

/// Waits until events stop for [`QUIET`], or [`MAX_WAIT`] has passed.
fn debounce(rx: &mpsc::Receiver<()>) {
    let started = Instant::now();
    while started.elapsed() < MAX_WAIT {
        match rx.recv_timeout(QUIET) {
            Ok(()) => continue,
            Err(_) => return,
        }
    }
}
