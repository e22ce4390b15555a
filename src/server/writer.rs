//! The server's one writer: a thread that owns every write to the index (pushed articles, deletions,
//! re-indexing of watched folders), so writes never race each other.
//!
//! Writes that arrive together share one commit: the thread takes the first job, then every job
//! already waiting, applies them all, commits, makes the commit visible to searches, and only then
//! answers each job — an answered write has been committed (fsynced by tantivy) and survives a
//! crash. The tantivy writer is opened per batch and dropped after it, so a `fihris index` run in
//! another process can take the index between batches; a batch that finds it held is answered
//! "busy" (503 with `Retry-After`) and nothing of it is written.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, TantivyError, Term};
use tokio::sync::oneshot;
use utoipa::ToSchema;

use crate::article::Article;
use crate::indexer::{self, document, IndexOptions, IndexSummary, NoProgress};
use crate::search::Engine;
use crate::store::{Store, StoreError, WriteLock};
use crate::tags::Aliases;

/// The `file` key of articles pushed through the API: no archive folder holds it, so re-indexing a
/// folder never deletes them.
pub const API_FILE: &str = "api:";

/// Memory for the server's writer: small batches, and the server's searches need the rest.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// An article to add or replace, with the record it came from.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// Where in the request body (`[3]`, `line 4`).
    pub record: String,
    /// The article id.
    pub id: String,
    /// The article.
    pub article: Article,
}

/// What became of one written article.
#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Written {
    /// A new article.
    Created,
    /// An article with that id was replaced.
    Updated,
}

/// Why a write was not done.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Another writer holds the index.
    #[error(
        "the index is being written by another process (a `fihris index` run?); retry shortly"
    )]
    Busy,
    /// The server is shutting down.
    #[error("the server is shutting down")]
    ShuttingDown,
    /// The index failed.
    #[error("index error: {0}")]
    Index(String),
}

type Reply<T> = oneshot::Sender<Result<T, WriteError>>;

enum Job {
    Upsert(Vec<Incoming>, Reply<Vec<Written>>),
    Delete(String, Reply<bool>),
    Reindex(Box<IndexOptions>, Reply<IndexSummary>),
    /// A new alias file (`None`: none), applied to every stored document.
    Aliases(Option<String>, Reply<indexer::Realiased>),
    /// Finish what came before, then stop.
    Shutdown,
}

/// The handle through which requests and watchers submit writes.
#[derive(Clone)]
pub struct WriteQueue {
    jobs: mpsc::Sender<Job>,
}

/// The writer thread; join it after the last [`WriteQueue`] is dropped.
pub struct WriterThread(JoinHandle<()>);

impl WriterThread {
    /// Waits until every submitted job is done.
    pub fn join(self) {
        let _ = self.0.join();
    }
}

impl WriteQueue {
    /// Starts the writer thread for the index at `dir`, making each commit visible through `engine`.
    pub fn start(dir: PathBuf, engine: Arc<Engine>) -> (WriteQueue, WriterThread) {
        let (jobs, rx) = mpsc::channel();
        let handle = std::thread::Builder::new()
            .name("fihris-writer".into())
            .spawn(move || writer_loop(&dir, &engine, &rx))
            .expect("spawning the writer thread");
        (WriteQueue { jobs }, WriterThread(handle))
    }

    /// Adds or replaces `articles` (by id) and commits.
    pub async fn upsert(&self, articles: Vec<Incoming>) -> Result<Vec<Written>, WriteError> {
        self.submit(|reply| Job::Upsert(articles, reply)).await
    }

    /// Deletes the article `id` and commits; `false` when there was none.
    pub async fn delete(&self, id: String) -> Result<bool, WriteError> {
        self.submit(|reply| Job::Delete(id, reply)).await
    }

    /// Runs an incremental `fihris index` over `options.archives`, from a thread that may block.
    pub fn reindex_blocking(&self, options: IndexOptions) -> Result<IndexSummary, WriteError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Reindex(Box::new(options), reply))
            .map_err(|_| WriteError::ShuttingDown)?;
        answer
            .blocking_recv()
            .unwrap_or(Err(WriteError::ShuttingDown))
    }

    /// Applies a new alias file to every article from its stored fields and stores the file, as
    /// `fihris index --aliases FILE` does; searches see the merged tags when this returns.
    pub async fn save_aliases(
        &self,
        text: Option<String>,
    ) -> Result<indexer::Realiased, WriteError> {
        self.submit(|reply| Job::Aliases(text, reply)).await
    }

    /// Asks the writer to finish every job submitted so far and stop; later jobs are refused.
    pub fn shutdown(&self) {
        let _ = self.jobs.send(Job::Shutdown);
    }

    async fn submit<T>(&self, job: impl FnOnce(Reply<T>) -> Job) -> Result<T, WriteError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(job(reply))
            .map_err(|_| WriteError::ShuttingDown)?;
        answer.await.unwrap_or(Err(WriteError::ShuttingDown))
    }
}

fn writer_loop(dir: &std::path::Path, engine: &Engine, rx: &mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut batch = Vec::new();
        let mut next = Some(first);
        while let Some(job) = next.take() {
            match job {
                Job::Shutdown => {
                    run_batch(dir, engine, batch);
                    return;
                }
                Job::Reindex(options, reply) => {
                    // Writes already taken go first, in arrival order, then the re-index alone.
                    run_batch(dir, engine, std::mem::take(&mut batch));
                    let result = indexer::run(&options, &NoProgress).map_err(index_write_error);
                    if result.is_ok() {
                        let _ = engine.reload();
                    }
                    let changed = result.as_ref().map_or(0, |s| {
                        s.articles_indexed + s.articles_updated + s.articles_deleted
                    });
                    let _ = reply.send(result);
                    refresh_variants(dir, changed);
                }
                Job::Aliases(text, reply) => {
                    run_batch(dir, engine, std::mem::take(&mut batch));
                    let result = indexer::reapply_aliases(dir, text.as_deref(), WRITER_MEMORY)
                        .map_err(index_write_error);
                    if result.is_ok() {
                        let _ = engine.reload();
                        engine.reload_aliases();
                    }
                    let _ = reply.send(result);
                }
                write => batch.push(write),
            }
            next = rx.try_recv().ok();
        }
        run_batch(dir, engine, batch);
    }
}

/// Whether a rebuild of the spelling-variant groups is running (one at a time per server).
static REBUILDING_VARIANTS: AtomicBool = AtomicBool::new(false);

/// The spelling-variant groups after a write that changed `changed` articles, by the rule of
/// `fihris index` ([`crate::variants::VariantsFile::stale_after`]): the change is counted while
/// the groups are fresh, and otherwise they are rebuilt on a thread of their own, so that writes
/// never wait for it (a rebuild reads every candidate's articles: 6 s on ANT). Changes committed
/// while one runs are not counted: it already sees most of them. Searches read the new file when
/// it changes. A failure is logged and the old groups stay: they are an aid to search, not data.
fn refresh_variants(dir: &std::path::Path, changed: u64) {
    if changed == 0 || REBUILDING_VARIANTS.load(Ordering::Acquire) {
        return;
    }
    let logged = |err: crate::variants::VariantsError| {
        eprintln!("fihris: serve: spelling variants not rebuilt: {err}");
    };
    match crate::variants::VariantsFile::read(dir) {
        Some(file) if !file.stale_after(changed) => {
            if let Err(err) = file.keep_after(dir, changed) {
                logged(err);
            }
        }
        _ => {
            REBUILDING_VARIANTS.store(true, Ordering::Release);
            let dir = dir.to_path_buf();
            let spawned = std::thread::Builder::new()
                .name("fihris-variants".into())
                .spawn(move || {
                    if let Err(err) = crate::variants::rebuild(&dir, None) {
                        logged(err);
                    }
                    REBUILDING_VARIANTS.store(false, Ordering::Release);
                });
            if let Err(err) = spawned {
                REBUILDING_VARIANTS.store(false, Ordering::Release);
                eprintln!("fihris: serve: spelling variants not rebuilt: {err}");
            }
        }
    }
}

/// A whole-index run's error as a write error: a held lock is "busy".
fn index_write_error(e: indexer::IndexError) -> WriteError {
    match e {
        indexer::IndexError::Store(StoreError::Busy { .. })
        | indexer::IndexError::Tantivy(TantivyError::LockFailure(..)) => WriteError::Busy,
        other => WriteError::Index(other.to_string()),
    }
}

/// Applies upserts and deletes in order under one commit, then answers each.
fn run_batch(dir: &std::path::Path, engine: &Engine, batch: Vec<Job>) {
    if batch.is_empty() {
        return;
    }
    // Fihris's own lock first, as every writer takes it: a `fihris index` run (even `--full`, which
    // builds elsewhere and swaps) never interleaves with a batch.
    let lock = match WriteLock::try_acquire(dir) {
        Ok(lock) => lock,
        Err(err) => {
            fail_all(
                batch,
                matches!(err, StoreError::Busy { .. }),
                &err.to_string(),
            );
            return;
        }
    };
    match apply(dir, engine, &batch) {
        Ok((mut writer, outcomes)) => {
            let committed = writer
                .commit()
                .map(|_| ())
                .map_err(|e| WriteError::Index(e.to_string()));
            if committed.is_ok() {
                let _ = engine.reload();
            }
            // Answered below, then the merges this commit started are waited for (with the lock
            // still held): a writer dropped mid-merge leaves the merge's files behind and the
            // segments unmerged, one more per batch.
            let finish = move || {
                let _ = writer.wait_merging_threads();
                drop(lock);
            };
            let changed: u64 = match committed {
                Ok(()) => outcomes
                    .iter()
                    .map(|outcome| match outcome {
                        Outcome::Upsert(written) => written.len() as u64,
                        Outcome::Delete(found) => u64::from(*found),
                    })
                    .sum(),
                Err(_) => 0,
            };
            for (job, outcome) in batch.into_iter().zip(outcomes) {
                match (job, outcome, &committed) {
                    (Job::Upsert(_, reply), Outcome::Upsert(written), Ok(())) => {
                        let _ = reply.send(Ok(written));
                    }
                    (Job::Delete(_, reply), Outcome::Delete(found), Ok(())) => {
                        let _ = reply.send(Ok(found));
                    }
                    (job, _, result) => {
                        let message = match result {
                            Err(e) => e.to_string(),
                            Ok(()) => "internal: job and outcome out of step".to_string(),
                        };
                        answer_error(job, WriteError::Index(message));
                    }
                }
            }
            finish();
            refresh_variants(dir, changed);
        }
        Err(err) => fail_all(batch, matches!(err, WriteError::Busy), &err.to_string()),
    }
}

enum Outcome {
    Upsert(Vec<Written>),
    Delete(bool),
}

/// Answers every job of a batch that could not be written: busy (retry), or the error.
fn fail_all(batch: Vec<Job>, busy: bool, message: &str) {
    for job in batch {
        let err = if busy {
            WriteError::Busy
        } else {
            WriteError::Index(message.to_string())
        };
        answer_error(job, err);
    }
}

fn answer_error(job: Job, err: WriteError) {
    match job {
        Job::Upsert(_, reply) => {
            let _ = reply.send(Err(err));
        }
        Job::Delete(_, reply) => {
            let _ = reply.send(Err(err));
        }
        Job::Reindex(_, reply) => {
            let _ = reply.send(Err(err));
        }
        Job::Aliases(_, reply) => {
            let _ = reply.send(Err(err));
        }
        Job::Shutdown => {}
    }
}

/// Opens a writer and stages every job of `batch`; nothing is visible until the commit.
fn apply(
    dir: &std::path::Path,
    engine: &Engine,
    batch: &[Job],
) -> Result<(IndexWriter, Vec<Outcome>), WriteError> {
    let index_err = |e: &dyn std::fmt::Display| WriteError::Index(e.to_string());
    // Opened anew for each batch: a `fihris index --full` in another process may have swapped the
    // folder since the last one.
    let store = Store::open(dir).map_err(|e| index_err(&e))?;
    let writer: IndexWriter = match store.index.writer_with_num_threads(1, WRITER_MEMORY) {
        Ok(writer) => {
            crate::store::configure_writer(&writer);
            writer
        }
        Err(TantivyError::LockFailure(..)) => return Err(WriteError::Busy),
        Err(e) => return Err(index_err(&e)),
    };
    let aliases = store
        .aliases_path()
        .and_then(|path| Aliases::load(&path).ok());
    // The engine sees the last commit: ours are reloaded at once, others within a second, and
    // none can land while this batch holds the lock.
    let searcher = engine.searcher();
    let f = store.fields;
    let weights = store.text_weights;
    // Ids written earlier in this batch: they exist by the time a later job runs.
    let mut written_now = std::collections::HashSet::new();
    let exists = |id: &str, written_now: &std::collections::HashSet<String>| {
        written_now.contains(id)
            // A count, not `doc_freq`: the term's frequency still includes deleted documents.
            || searcher
                .search(
                    &TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic),
                    &Count,
                )
                .is_ok_and(|n| n > 0)
    };
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        match job {
            Job::Upsert(articles, _) => {
                let mut written = Vec::with_capacity(articles.len());
                for incoming in articles {
                    let existed = exists(&incoming.id, &written_now);
                    let tags = document::index_tags(&incoming.article.tags, aliases.as_ref());
                    let origin = document::Origin {
                        file: API_FILE,
                        file_sig: 0,
                        id: &incoming.id,
                        path: &incoming.id,
                    };
                    let doc = document::build(
                        &f,
                        weights,
                        &origin,
                        &incoming.article,
                        &tags,
                        &incoming.article.tags,
                    );
                    // The same id replaces the article, wherever it came from.
                    indexer::upsert(&writer, &f, &incoming.id, doc).map_err(|e| index_err(&e))?;
                    written_now.insert(incoming.id.clone());
                    written.push(if existed {
                        Written::Updated
                    } else {
                        Written::Created
                    });
                }
                outcomes.push(Outcome::Upsert(written));
            }
            Job::Delete(id, _) => {
                let found = exists(id, &written_now);
                writer.delete_term(Term::from_field_text(f.id, id));
                written_now.remove(id);
                outcomes.push(Outcome::Delete(found));
            }
            Job::Reindex(..) | Job::Aliases(..) | Job::Shutdown => {
                unreachable!("re-index and shutdown jobs never enter a batch")
            }
        }
    }
    Ok((writer, outcomes))
}
