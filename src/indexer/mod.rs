//! Incremental indexing: walk the archives, read what changed, replace its articles, delete what
//! was removed, commit in checkpoints.
//!
//! The index is its own manifest ([`manifest`]): each article carries its source file and that file's
//! signature (size and modification time), so a rerun reads only files whose signature changed.
//! Every checkpoint is a tantivy commit: killing the process leaves the last commit readable, and the
//! next run redoes the files that had not been committed. A full rebuild (`--full`) is built in a
//! sibling folder and swapped in at the end, so the old index stays searchable until the new one is
//! complete.

pub mod document;
pub mod manifest;
pub mod realias;

pub use realias::{reapply_aliases, Realiased};

use std::collections::{HashMap, HashSet};
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{IndexWriter, Opstamp, Searcher, TantivyDocument, Term};

use crate::reader::{self, ReadOptions, SourceFile};
use crate::schema::{FieldAnalyzers, Fields, TextWeights};
use crate::store::{self, Store, StoreError, WriteLock, ALIASES};
use crate::tags::{AliasError, Aliases};

/// How to index.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Archive folders.
    pub archives: Vec<PathBuf>,
    /// The index folder.
    pub index_dir: PathBuf,
    /// Rebuild from scratch.
    pub full: bool,
    /// A new alias file to apply (otherwise the index's stored one, if any, keeps applying).
    pub aliases_file: Option<PathBuf>,
    /// How files are read.
    pub read: ReadOptions,
    /// Indexing threads.
    pub threads: usize,
    /// Indexing memory budget, bytes.
    pub memory_bytes: usize,
    /// Commit a checkpoint after this many bytes of input…
    pub checkpoint_bytes: u64,
    /// …or after this much time, whichever comes first, so a killed run loses little work.
    pub checkpoint_interval: std::time::Duration,
    /// The analyzers of a new index's text fields (an existing index keeps its own).
    pub analyzers: FieldAnalyzers,
    /// The title and tag weights of a new index's combined text (an existing index keeps its own).
    pub text_weights: TextWeights,
    /// Follow symbolic links that lead out of the archive folders (`--follow-external-links`).
    pub follow_external_links: bool,
}

impl IndexOptions {
    /// Incremental indexing of `archives` into `index_dir` with the command line's defaults: one
    /// thread, 64 MiB, a checkpoint every 256 MiB or 30 s, the default analyzers, no alias file,
    /// links kept inside the archive. Callers change what they need with struct update syntax.
    pub fn new(archives: Vec<PathBuf>, index_dir: PathBuf) -> Self {
        IndexOptions {
            archives,
            index_dir,
            full: false,
            aliases_file: None,
            read: ReadOptions::default(),
            threads: 1,
            memory_bytes: 64 * 1024 * 1024,
            checkpoint_bytes: 256 * 1024 * 1024,
            checkpoint_interval: std::time::Duration::from_secs(30),
            analyzers: FieldAnalyzers::default(),
            text_weights: TextWeights::default(),
            follow_external_links: false,
        }
    }
}

/// Hooks for a progress display; the default does nothing.
pub trait Progress {
    /// Work is known: `files` to read holding `bytes`.
    fn start(&self, _files: u64, _bytes: u64) {}
    /// One file was read (or skipped): its bytes and the articles it gave.
    fn file_done(&self, _bytes: u64, _articles: u64) {}
    /// A phase without per-file progress began (the final commit and segment merges).
    fn phase(&self, _what: &str) {}
    /// All done.
    fn finish(&self) {}
}

/// A progress display that shows nothing.
pub struct NoProgress;
impl Progress for NoProgress {}

/// A file or record that was not indexed, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Skipped {
    /// The file, and for a record inside it its place (`file.jsonl: line 3`).
    pub path: String,
    /// Why.
    pub reason: String,
}

/// What an index run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexSummary {
    /// Files found in the archives (read, unchanged or skipped).
    pub files_seen: u64,
    /// Files read because they were new or changed.
    pub files_read: u64,
    /// Files left alone because they had not changed.
    pub files_unchanged: u64,
    /// Articles from new files.
    pub articles_indexed: u64,
    /// Articles from changed files (replacing the old ones).
    pub articles_updated: u64,
    /// Articles removed: their file was removed, or a changed file no longer holds them.
    pub articles_deleted: u64,
    /// Articles left as they were because their file, or the part of it they came from (a zip
    /// member, a record), or their folder could not be read this run; their files are read again
    /// next run.
    pub articles_kept: u64,
    /// Articles in unchanged files.
    pub articles_unchanged: u64,
    /// Articles indexed or updated by this run without a date (none of their own that parses,
    /// none in their path).
    pub articles_undated: u64,
    /// Files and records that could not be read.
    pub skipped: Vec<Skipped>,
    /// Files that are not in a format Fihris reads (a README, images…) and symbolic links leading
    /// out of the archive: listed, not an error.
    pub ignored: Vec<Skipped>,
    /// Ids met twice in this run: the later article replaced the earlier one.
    pub duplicate_ids: Vec<DuplicateId>,
    /// Indexed, but not entirely: old articles kept for an unreadable part, tags over the limit.
    pub warnings: Vec<Skipped>,
    /// Wall time, seconds.
    pub elapsed_s: f64,
    /// Bytes read from changed files.
    pub bytes_read: u64,
    /// Checkpoints committed.
    pub commits: u64,
    /// Documents in the index after the run.
    pub documents: u64,
}

/// An article id met a second time in one run ("last one wins", as Elasticsearch's index-by-id).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DuplicateId {
    /// The id.
    pub id: String,
    /// The article indexed under it: the later one.
    pub kept: String,
    /// The article it replaced.
    pub replaced: String,
}

/// Why an index run failed as a whole.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Opening or creating the index folder failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An archive folder is missing.
    #[error(transparent)]
    Walk(#[from] reader::WalkError),
    /// The alias file is invalid.
    #[error("alias file {path}: {source}")]
    Aliases {
        /// The alias file.
        path: PathBuf,
        /// What is wrong.
        source: AliasError,
    },
    /// tantivy failed while writing.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A file system operation on the index folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The signature that tells a changed file from an unchanged one.
fn signature(file: &SourceFile) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (file.size, file.mtime_ns).hash(&mut hasher);
    hasher.finish()
}

/// Indexes `options.archives` into `options.index_dir`.
///
/// The index's [`WriteLock`] is taken before anything is touched and held to the end, swap
/// included: a second writer (an incremental run, a `--full`, a server) fails at once with
/// [`StoreError::Busy`] instead of deleting this run's rebuild folder or swapping the index away.
pub fn run(options: &IndexOptions, progress: &dyn Progress) -> Result<IndexSummary, IndexError> {
    let started = Instant::now();
    let roots = canonical_roots(&options.archives)?;
    let target = options.index_dir.clone();
    let _lock = WriteLock::try_acquire(&target)?;
    let build_dir = prepare_build_dir(options.full, &target)?;
    let exclude = fs::canonicalize(&target).ok();
    let walk = reader::walk_archives_with(
        &roots,
        &reader::WalkOptions {
            exclude: exclude.as_deref(),
            follow_external_links: options.follow_external_links,
        },
    )?;

    let store = match Store::open(&build_dir) {
        Ok(store) => store,
        Err(StoreError::NotFound(_)) => {
            Store::create_weighted(&build_dir, &options.analyzers, options.text_weights)?
        }
        Err(e) => return Err(e.into()),
    };
    let aliases = resolve_aliases(options, &target)?;
    // Applying a different alias file changes the facets of every article: re-read them all.
    let aliases_changed = aliases_differ(&aliases.text, &store.dir.join(ALIASES));
    let before = store.reader()?.searcher();
    let known = store::read_guarded(&store.dir, || manifest::read(&before, &store.fields))?;

    let mut summary = IndexSummary::of_walk(&walk);
    let plan = Plan::new(&walk, &known, &roots, aliases_changed, &mut summary);
    let writer = store
        .index
        .writer_with_num_threads(writer_threads(options.threads, &plan), options.memory_bytes)
        .map_err(|e| writer_error(&target, e))?;
    store::configure_writer(&writer);
    let mut session = Session {
        store: &store,
        writer,
        before,
        options,
        aliases: aliases.aliases.as_ref(),
        summary,
        ids: HashMap::new(),
        runs: RunFiles::of(&walk, &plan),
    };
    session.delete_removed(&plan.removed, &known);
    session.read_changed(&plan.to_read, &roots, &known, progress)?;
    progress.phase("committing and merging segments");
    let rebuilding = build_dir != target;
    let mut summary = session.finish(rebuilding)?;
    // Only once every article carries the new aliases: a run killed before this point leaves the
    // old copy, so the next run sees the aliases as changed and re-reads everything again.
    store_aliases(&store, &aliases.text)?;

    if rebuilding {
        store::swap_in(&build_dir, &target)?;
    }
    let store = Store::open(&target)?;
    summary.documents = store.reader()?.searcher().num_docs();
    summary.elapsed_s = started.elapsed().as_secs_f64();
    progress.finish();
    Ok(summary)
}

/// Input bytes per indexing thread below which another thread is not worth its segment.
const BYTES_PER_WRITER_THREAD: u64 = 64 * 1024 * 1024;

/// Indexing threads for this run: at most `threads`, and one per 64 MiB to read. Each tantivy
/// indexing thread writes segments of its own, so a small incremental run on 2 threads left two
/// segments of 50 articles each (measured: 20 runs of 100 articles, 2 new segments each).
fn writer_threads(threads: usize, plan: &Plan) -> usize {
    let bytes: u64 = plan.to_read.iter().map(|(file, _, _)| file.size).sum();
    let wanted = bytes.div_ceil(BYTES_PER_WRITER_THREAD).max(1);
    threads.clamp(1, usize::try_from(wanted).unwrap_or(usize::MAX))
}

/// tantivy's own writer lock is busy only when something other than fihris writes the folder
/// (fihris writers take the [`WriteLock`] first): the same plain sentence.
fn writer_error(target: &Path, error: tantivy::TantivyError) -> IndexError {
    match error {
        tantivy::TantivyError::LockFailure(..) => StoreError::Busy {
            path: target.to_path_buf(),
            pid: None,
        }
        .into(),
        other => other.into(),
    }
}

/// Adds `doc` as the article `doc_id`, first deleting any document with the same id: ids are keys,
/// and the last article written under one wins (Elasticsearch's index-by-id). `doc` must carry
/// `doc_id` in its [`Fields::id`] field (the `id` field is a raw `STRING` term, so the delete
/// matches it exactly). The delete and the add take effect together at the next commit; the
/// caller holds the index's [`WriteLock`] and commits. Returns the add's opstamp.
pub fn upsert(
    writer: &IndexWriter,
    fields: &Fields,
    doc_id: &str,
    doc: TantivyDocument,
) -> tantivy::Result<Opstamp> {
    writer.delete_term(Term::from_field_text(fields.id, doc_id));
    writer.add_document(doc)
}

/// Where this run builds: the index itself, or for a full rebuild of an existing index a sibling
/// folder swapped in when complete (so the old index stays searchable meanwhile).
fn prepare_build_dir(full: bool, target: &Path) -> Result<PathBuf, IndexError> {
    if !full || !target.exists() {
        return Ok(target.to_path_buf());
    }
    // Never replace a folder that is not a Fihris index (of any version).
    match Store::read_marker(target) {
        Ok(_) | Err(StoreError::NotFound(_)) => {}
        Err(e) => return Err(e.into()),
    }
    let build_dir = store::sibling(target, "fihris-rebuild");
    if build_dir.exists() {
        // Left over by a rebuild that was killed (the write lock says no other run is using it):
        // it was never swapped in, so nothing is lost.
        fs::remove_dir_all(&build_dir).map_err(io_err(&build_dir))?;
    }
    Ok(build_dir)
}

impl IndexSummary {
    /// A summary that starts from what the walk found: files seen, skipped and ignored.
    fn of_walk(walk: &reader::Walk) -> Self {
        let mut summary = IndexSummary {
            files_seen: (walk.files.len() + walk.skipped.len()) as u64,
            ..IndexSummary::default()
        };
        for (path, reason) in &walk.skipped {
            let skipped = Skipped {
                path: path.display().to_string(),
                reason: reason.clone(),
            };
            if reason == reader::UNSUPPORTED {
                summary.ignored.push(skipped);
            } else {
                summary.skipped.push(skipped);
            }
        }
        for (link, target) in &walk.external_links {
            summary.ignored.push(Skipped {
                path: link.display().to_string(),
                reason: format!(
                    "symbolic link to {}, outside the archive: not followed \
                     (--follow-external-links follows it)",
                    target.display()
                ),
            });
        }
        summary
    }
}

/// What a run has to do, decided before it touches the index.
struct Plan<'a> {
    /// New and changed files: `(file, key, signature)`.
    to_read: Vec<(&'a SourceFile, String, u64)>,
    /// Keys of indexed files gone from an archive folder that was walked.
    removed: Vec<String>,
}

impl<'a> Plan<'a> {
    /// Compares the walk with what the index knows; counts the unchanged files in `summary`.
    fn new(
        walk: &'a reader::Walk,
        known: &HashMap<String, manifest::KnownFile>,
        roots: &[PathBuf],
        aliases_changed: bool,
        summary: &mut IndexSummary,
    ) -> Self {
        let mut to_read = Vec::new();
        let mut seen: HashSet<String> = HashSet::with_capacity(walk.files.len());
        for file in &walk.files {
            // The same lossy form as the stored key, so a non-UTF-8 name is still recognised.
            let key = file.path.to_string_lossy().into_owned();
            let sig = signature(file);
            match known.get(&key) {
                Some(k) if k.sig == sig && !aliases_changed => {
                    summary.files_unchanged += 1;
                    summary.articles_unchanged += k.articles;
                }
                _ => to_read.push((file, key.clone(), sig)),
            }
            seen.insert(key);
        }
        // Only files under a folder walked this run: indexing one archive never deletes another's.
        // A file under a folder that could not be read is not known to be gone: an error while
        // walking is not a removal.
        let mut kept_under: HashMap<&Path, u64> = HashMap::new();
        let mut removed = Vec::new();
        for (key, file) in known {
            let path = Path::new(key);
            if seen.contains(key) || !roots.iter().any(|root| path.starts_with(root)) {
                continue;
            }
            match walk.unreadable.iter().find(|dir| path.starts_with(dir)) {
                Some(dir) => *kept_under.entry(dir.as_path()).or_default() += file.articles,
                None => removed.push(key.clone()),
            }
        }
        for (dir, articles) in kept_under {
            summary.articles_kept += articles;
            summary.warnings.push(Skipped {
                path: dir.display().to_string(),
                reason: format!(
                    "could not be read: its {articles} indexed {} kept",
                    plural(articles, "article is", "articles are")
                ),
            });
        }
        removed.sort_unstable();
        Plan { to_read, removed }
    }
}

/// `one` or `many` after a count.
fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// One run's writer and tallies.
struct Session<'a> {
    store: &'a Store,
    writer: IndexWriter,
    /// The index as it was when the run started: what changed files held.
    before: Searcher,
    options: &'a IndexOptions,
    aliases: Option<&'a Aliases>,
    summary: IndexSummary,
    /// Every id indexed this run, with the path of the article that holds it.
    ids: HashMap<String, String>,
    /// What the run does to which file.
    runs: RunFiles,
}

/// An article of a changed file as the index had it.
struct OldArticle {
    id: String,
    path: String,
}

impl Session<'_> {
    fn delete_removed(&mut self, removed: &[String], known: &HashMap<String, manifest::KnownFile>) {
        for key in removed {
            self.writer
                .delete_term(Term::from_field_text(self.store.fields.file, key));
            self.summary.articles_deleted += known.get(key).map_or(0, |k| k.articles);
        }
    }

    /// Reads every new and changed file, committing a checkpoint every `checkpoint_bytes` of input
    /// or `checkpoint_interval` of time.
    fn read_changed(
        &mut self,
        to_read: &[(&SourceFile, String, u64)],
        roots: &[PathBuf],
        known: &HashMap<String, manifest::KnownFile>,
        progress: &dyn Progress,
    ) -> Result<(), IndexError> {
        progress.start(
            to_read.len() as u64,
            to_read.iter().map(|(f, _, _)| f.size).sum(),
        );
        let mut since_checkpoint = 0u64;
        let mut last_checkpoint = Instant::now();
        for (file, key, sig) in to_read {
            let relative = roots
                .iter()
                .find_map(|root| file.path.strip_prefix(root).ok())
                .map_or_else(|| key.clone(), |p| p.to_string_lossy().into_owned());
            let articles = self.index_file(file, key, &relative, *sig, known.contains_key(key))?;
            self.summary.files_read += 1;
            self.summary.bytes_read += file.size;
            since_checkpoint += file.size;
            progress.file_done(file.size, articles);
            if since_checkpoint >= self.options.checkpoint_bytes
                || last_checkpoint.elapsed() >= self.options.checkpoint_interval
            {
                self.writer.commit()?;
                self.summary.commits += 1;
                since_checkpoint = 0;
                last_checkpoint = Instant::now();
            }
        }
        Ok(())
    }

    /// Commits (a run that changed nothing commits nothing: the index stays byte for byte as it
    /// was) and waits for the merges. A run that built the whole index (`--full`, or the first)
    /// then merges its small segments ([`store::merge_small_segments`]).
    fn finish(mut self, rebuilding: bool) -> Result<IndexSummary, IndexError> {
        let s = &self.summary;
        if s.files_read > 0 || s.articles_deleted > 0 || rebuilding {
            let whole = rebuilding || self.before.num_docs() == 0;
            self.writer.commit()?;
            self.summary.commits += 1;
            self.writer.wait_merging_threads()?;
            if whole {
                // Everything is committed: a merge that fails (a full disk) costs queries a few
                // segments, not the run.
                if let Err(err) = store::merge_small_segments(&self.store.index) {
                    self.summary.warnings.push(Skipped {
                        path: self.store.dir.display().to_string(),
                        reason: format!("the final merge of small segments failed: {err}"),
                    });
                }
            }
        } else {
            self.writer.rollback()?;
        }
        Ok(self.summary)
    }

    /// Reads one file and replaces its articles; returns how many it gave.
    ///
    /// The file is streamed: each article is indexed as it is read, so memory holds one record,
    /// not the file. Nothing indexed is lost to a read error: a file that cannot be read keeps
    /// whatever the index had of it, and so does a changed file when a part of it that gave
    /// articles before (a zip member, a record) cannot be read now — for a file the index knows,
    /// a first pass collects the problems alone to decide that before anything is deleted. Such a
    /// file keeps its old signature, so the next run reads it again.
    fn index_file(
        &mut self,
        file: &SourceFile,
        key: &str,
        relative: &str,
        sig: u64,
        was_known: bool,
    ) -> Result<u64, IndexError> {
        let old = if was_known {
            self.old_articles(key, relative)?
        } else {
            Vec::new()
        };
        if !old.is_empty() {
            let mut problems = Vec::new();
            let checked = reader::read_file_each(&file.path, &self.options.read, &mut |record| {
                if let reader::Record::Problem(problem) = record {
                    problems.push(problem);
                }
            });
            if let Err(err) = checked {
                self.summary.skipped.push(Skipped {
                    path: file.path.display().to_string(),
                    reason: err.to_string(),
                });
                self.summary.articles_kept += old.len() as u64;
                return Ok(0);
            }
            let lost = old
                .iter()
                .filter(|article| {
                    let locator = locator_of(&article.path, relative);
                    problems
                        .iter()
                        .any(|problem| part_covers(&problem.locator, locator))
                })
                .count();
            if lost > 0 {
                for problem in problems {
                    self.summary.skipped.push(Skipped {
                        path: located_path(&file.path, &problem.locator),
                        reason: problem.reason,
                    });
                }
                self.summary.articles_kept += old.len() as u64;
                self.summary.warnings.push(Skipped {
                    path: file.path.display().to_string(),
                    reason: format!(
                        "{lost} of its {} indexed articles come from parts that could not be read \
                         (listed under skipped): the file's indexed articles are kept as they were \
                         and it is read again next run",
                        old.len()
                    ),
                });
                return Ok(0);
            }
        }
        let file_term = Term::from_field_text(self.store.fields.file, key);
        let old_ids: HashSet<String> = old.iter().map(|a| a.id.clone()).collect();
        let mut added: HashSet<String> = HashSet::new();
        let mut deleted = false;
        let mut count = 0;
        let mut failure: Option<IndexError> = None;
        let read = reader::read_file_each(&file.path, &self.options.read, &mut |record| {
            let located = match record {
                reader::Record::Problem(problem) => {
                    self.summary.skipped.push(Skipped {
                        path: located_path(&file.path, &problem.locator),
                        reason: problem.reason,
                    });
                    return;
                }
                reader::Record::Article(located) => located,
            };
            if failure.is_some() {
                return;
            }
            if !deleted {
                // The file's old articles go just before its first new one arrives: a file that
                // fails before giving anything keeps them.
                self.writer.delete_term(file_term.clone());
                deleted = true;
            }
            match self.add_article(&located, key, relative, sig, &old_ids) {
                Ok(Some(id)) => {
                    count += 1;
                    added.insert(id);
                }
                Ok(None) => {}
                Err(err) => failure = Some(err),
            }
        });
        if let Some(err) = failure {
            return Err(err);
        }
        if let Err(err) = read {
            self.summary.skipped.push(Skipped {
                path: file.path.display().to_string(),
                reason: err.to_string(),
            });
            if !deleted {
                self.summary.articles_kept += old.len() as u64;
                return Ok(0);
            }
        } else if !deleted {
            // A file that now gives only problems (none of them where its articles were): its
            // old articles go.
            self.writer.delete_term(file_term);
        }
        self.summary.articles_deleted += old_ids
            .iter()
            .filter(|id| !added.contains(*id) && !self.ids.contains_key(*id))
            .count() as u64;
        Ok(count)
    }

    /// Indexes one article of a file being read; its id when it was added (not when a later file
    /// holds the same id).
    fn add_article(
        &mut self,
        located: &reader::LocatedArticle,
        key: &str,
        relative: &str,
        sig: u64,
        old_ids: &HashSet<String>,
    ) -> Result<Option<String>, IndexError> {
        let path = document::article_path(relative, &located.locator);
        let id = located.article.id.clone().unwrap_or_else(|| path.clone());
        let tags = document::index_tags(&located.article.tags, self.aliases);
        if tags.dropped > 0 {
            self.summary.warnings.push(Skipped {
                path: path.clone(),
                reason: format!(
                    "{} tags beyond the limit of {} per article were not indexed",
                    tags.dropped,
                    document::MAX_TAGS_PER_ARTICLE
                ),
            });
        }
        let raw_tags = &located.article.tags;
        let raw_tags = &raw_tags[..raw_tags.len().min(document::MAX_RAW_TAGS_PER_ARTICLE)];
        let origin = document::Origin {
            file: key,
            file_sig: sig,
            id: &id,
            path: &path,
        };
        let doc = document::build(
            &self.store.fields,
            self.store.text_weights,
            &origin,
            &located.article,
            &tags,
            raw_tags,
        );
        // An id met twice: the later article in archive order wins, whichever was read first,
        // so incremental runs agree with a full rebuild.
        let earlier = self.ids.get(&id).cloned();
        let holder = match (&earlier, old_ids.contains(id.as_str())) {
            (None, false) => self.holder_before(&id, key)?,
            _ => None,
        };
        if let Some(Holder::Later(kept)) = holder {
            self.summary.duplicate_ids.push(DuplicateId {
                id,
                kept,
                replaced: path,
            });
            return Ok(None);
        }
        // The id needs deleting only where another document may hold it: an article of this run,
        // one of another file in the index (replaced), or this file's old version (gone with the
        // file's own delete already, kept for an older index that may hold an id twice). A new
        // id is only added: a delete per article held a query in tantivy's delete queue until
        // the commit (65 MB of 300 MB of heap on ANT) and was checked against every segment.
        let may_exist = earlier.is_some() || holder.is_some() || old_ids.contains(id.as_str());
        let written = if may_exist {
            upsert(&self.writer, &self.store.fields, &id, doc)
        } else {
            self.writer.add_document(doc)
        };
        if let Err(err) = written {
            self.summary.skipped.push(Skipped {
                path: path.clone(),
                reason: format!("index error: {err}"),
            });
            return Ok(None);
        }
        if located
            .article
            .date
            .as_deref()
            .and_then(crate::dates::parse_date)
            .is_none()
        {
            self.summary.articles_undated += 1;
        }
        self.ids.insert(id.clone(), path.clone());
        if let Some(replaced) = earlier {
            // Counted once, when first met: this one only replaced it.
            self.summary.duplicate_ids.push(DuplicateId {
                id: id.clone(),
                kept: path,
                replaced,
            });
            return Ok(Some(id));
        }
        match holder {
            _ if old_ids.contains(id.as_str()) => self.summary.articles_updated += 1,
            None => self.summary.articles_indexed += 1,
            Some(Holder::Reread) => self.summary.articles_updated += 1,
            Some(Holder::Earlier {
                path: replaced,
                unchanged,
            }) => {
                self.summary.articles_updated += 1;
                if unchanged {
                    self.summary.articles_unchanged =
                        self.summary.articles_unchanged.saturating_sub(1);
                }
                self.summary.duplicate_ids.push(DuplicateId {
                    id: id.clone(),
                    kept: path,
                    replaced,
                });
            }
            Some(Holder::Later(_)) => unreachable!("returned above"),
        }
        Ok(Some(id))
    }

    /// The articles the index held from the file `key` when the run started: ids and paths.
    fn old_articles(&self, key: &str, relative: &str) -> Result<Vec<OldArticle>, IndexError> {
        let fields = &self.store.fields;
        let query = TermQuery::new(
            Term::from_field_text(fields.file, key),
            IndexRecordOption::Basic,
        );
        let addresses = self.before.search(&query, &DocSetCollector)?;
        let mut old = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = self.before.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
            };
            let path = text(fields.path).unwrap_or_else(|| relative.to_owned());
            let id = text(fields.id).unwrap_or_else(|| path.clone());
            old.push(OldArticle { id, path });
        }
        Ok(old)
    }

    /// Which other file held a live document with the id `id` when the run started, and what that
    /// means for an article of `key` with the same id.
    fn holder_before(&self, id: &str, key: &str) -> Result<Option<Holder>, IndexError> {
        if self.before.num_docs() == 0 {
            return Ok(None);
        }
        let fields = &self.store.fields;
        let query = TermQuery::new(
            Term::from_field_text(fields.id, id),
            IndexRecordOption::Basic,
        );
        // Ids are unique once indexed by this version; an older index may hold one twice, and
        // any of its holders will do.
        let Some(address) = self
            .before
            .search(&query, &DocSetCollector)?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let segment = self.before.segment_reader(address.segment_ord);
        let file_field = self.before.schema().get_field_name(fields.file);
        let mut file = Vec::new();
        if let Some(column) = segment.fast_fields().str(file_field)? {
            if let Some(ord) = column.ords().first(address.doc_id) {
                column
                    .ord_to_bytes(ord, &mut file)
                    .map_err(tantivy::TantivyError::from)?;
            }
        }
        let file = String::from_utf8_lossy(&file).into_owned();
        if file == key || self.runs.removed.contains(&file) {
            // Its own old article, or one whose file is being deleted anyway.
            return Ok(None);
        }
        if self.runs.reading.contains(&file) {
            return Ok(Some(Holder::Reread));
        }
        let doc: TantivyDocument = self.before.doc(address)?;
        let path = doc
            .get_first(fields.path)
            .and_then(|v| v.as_str())
            .unwrap_or(&file)
            .to_owned();
        Ok(Some(
            match (self.runs.order.get(&file), self.runs.order.get(key)) {
                (Some(theirs), Some(mine)) if theirs > mine => Holder::Later(path),
                (Some(_), _) => Holder::Earlier {
                    path,
                    unchanged: true,
                },
                // A file of another archive, not walked this run: the article read now is the later.
                (None, _) => Holder::Earlier {
                    path,
                    unchanged: false,
                },
            },
        ))
    }
}

/// Another file that held an article's id when the run started.
enum Holder {
    /// It is read again this run: its old article goes with its old version.
    Reread,
    /// It is unchanged and comes later in archive order: its article (at this path) stays.
    Later(String),
    /// It comes earlier (or belongs to an archive not walked now): the new article replaces the
    /// one at `path`; `unchanged` when that one was counted among the unchanged articles.
    Earlier {
        /// The replaced article's path.
        path: String,
        /// Whether its file is unchanged in this run.
        unchanged: bool,
    },
}

/// What the whole run is doing to which file: the rules for duplicate ids need it.
#[derive(Default)]
struct RunFiles {
    /// Every walked file's key, with its place in archive order.
    order: HashMap<String, usize>,
    /// The keys of the files read this run.
    reading: HashSet<String>,
    /// The keys of the files deleted this run.
    removed: HashSet<String>,
}

impl RunFiles {
    fn of(walk: &reader::Walk, plan: &Plan) -> Self {
        RunFiles {
            order: walk
                .files
                .iter()
                .enumerate()
                .map(|(i, f)| (f.path.to_string_lossy().into_owned(), i))
                .collect(),
            reading: plan.to_read.iter().map(|(_, key, _)| key.clone()).collect(),
            removed: plan.removed.iter().cloned().collect(),
        }
    }
}

/// The place of an article in its file, from its stored path (`relative:locator`).
fn locator_of<'p>(path: &'p str, relative: &str) -> &'p str {
    match path.strip_prefix(relative) {
        Some(rest) => rest.strip_prefix(':').unwrap_or(rest),
        None => path,
    }
}

/// Whether the part of a file that a problem names (`2015-07-21.json` for a zip member, `line 3,
/// column 5` for a record) holds the article at `locator` (`2015-07-21.json[41]`, `line 3`).
fn part_covers(problem: &str, locator: &str) -> bool {
    let followed_by = |whole: &str, part: &str, next: &[char]| {
        whole
            .strip_prefix(part)
            .is_some_and(|rest| rest.starts_with(next))
    };
    problem == locator
        || followed_by(problem, locator, &[','])
        || followed_by(locator, problem, &['[', ' ', ':'])
}

/// A file and a place in it, as the summary shows them: `feed.jsonl: line 3`, or the file alone.
fn located_path(file: &Path, locator: &str) -> String {
    match locator {
        "" => file.display().to_string(),
        _ => format!("{}: {locator}", file.display()),
    }
}

fn canonical_roots(archives: &[PathBuf]) -> Result<Vec<PathBuf>, IndexError> {
    archives
        .iter()
        .map(|root| {
            fs::canonicalize(root)
                .ok()
                .filter(|p| p.is_dir())
                .ok_or_else(|| reader::WalkError::MissingRoot(root.clone()).into())
        })
        .collect()
}

/// The aliases in force for this run and the text they came from.
struct AliasesInForce {
    aliases: Option<Aliases>,
    text: Option<String>,
}

/// `--aliases FILE` replaces the alias file; without it the index's stored copy keeps applying.
fn resolve_aliases(options: &IndexOptions, target: &Path) -> Result<AliasesInForce, IndexError> {
    let path = match &options.aliases_file {
        Some(path) => path.clone(),
        None => target.join(ALIASES),
    };
    if options.aliases_file.is_none() && !path.is_file() {
        return Ok(AliasesInForce {
            aliases: None,
            text: None,
        });
    }
    let text = fs::read_to_string(&path).map_err(io_err(&path))?;
    let aliases = Aliases::parse(&text).map_err(|source| IndexError::Aliases { path, source })?;
    Ok(AliasesInForce {
        aliases: Some(aliases),
        text: Some(text),
    })
}

fn aliases_differ(new: &Option<String>, stored: &Path) -> bool {
    let old = fs::read_to_string(stored).ok();
    old != *new
}

fn store_aliases(store: &Store, text: &Option<String>) -> Result<(), IndexError> {
    let path = store.dir.join(ALIASES);
    match text {
        Some(text) => fs::write(&path, text).map_err(io_err(&path)),
        None if path.exists() => fs::remove_file(&path).map_err(io_err(&path)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;

    fn article_doc(fields: &Fields, id: &str, title: &str, file: &str) -> TantivyDocument {
        let article = Article {
            title: title.to_owned(),
            ..Article::default()
        };
        let origin = document::Origin {
            file,
            file_sig: 1,
            id,
            path: file,
        };
        document::build(
            fields,
            Default::default(),
            &origin,
            &article,
            &Default::default(),
            &[],
        )
    }

    #[test]
    fn upsert_replaces_the_document_with_the_same_id() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("index"), &FieldAnalyzers::default()).unwrap();
        let mut writer: IndexWriter = store.index.writer_with_num_threads(1, 15_000_000).unwrap();
        let f = &store.fields;
        upsert(&writer, f, "x", article_doc(f, "x", "first", "a.json")).unwrap();
        upsert(&writer, f, "y", article_doc(f, "y", "other", "a.json")).unwrap();
        writer.commit().unwrap();
        // Replaced across commits and within one.
        upsert(&writer, f, "x", article_doc(f, "x", "second", "b.json")).unwrap();
        upsert(&writer, f, "x", article_doc(f, "x", "third", "c.json")).unwrap();
        writer.commit().unwrap();
        let searcher = store.reader().unwrap().searcher();
        assert_eq!(searcher.num_docs(), 2);
        let query = TermQuery::new(Term::from_field_text(f.id, "x"), IndexRecordOption::Basic);
        let hits = searcher.search(&query, &DocSetCollector).unwrap();
        assert_eq!(hits.len(), 1);
        let doc: TantivyDocument = searcher.doc(*hits.iter().next().unwrap()).unwrap();
        assert_eq!(
            doc.get_first(f.title).and_then(|v| v.as_str()),
            Some("third")
        );
    }

    /// Segment sizes of the index at `dir`, ascending; asserts that every segment file in the
    /// folder belongs to one of them (none left behind by a merge).
    fn segment_sizes(dir: &Path) -> Vec<u32> {
        let store = Store::open(dir).unwrap();
        let live: HashSet<String> = store
            .index
            .searchable_segment_metas()
            .unwrap()
            .iter()
            .map(|m| m.id().uuid_string())
            .collect();
        for entry in fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let stem = name.split('.').next().unwrap_or_default();
            if stem.len() == 32 && stem.chars().all(|c| c.is_ascii_hexdigit()) {
                assert!(live.contains(stem), "{name}: a file of no live segment");
            }
        }
        store::segment_sizes(&store.index)
    }

    #[test]
    fn a_first_build_and_a_full_one_merge_their_small_segments_and_an_update_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("archive");
        fs::create_dir_all(&archive).unwrap();
        let records: String = (0..100)
            .map(|n| format!("{{\"id\":\"r{n}\",\"title\":\"عنوان {n}\",\"body\":\"نص\"}}\n"))
            .collect();
        fs::write(archive.join("big.jsonl"), records).unwrap();
        for n in 0..5 {
            fs::write(
                archive.join(format!("{n}.txt")),
                format!("خبر {n}\n\nنص الخبر\n"),
            )
            .unwrap();
        }
        // A checkpoint after every file: one segment per file, 6 in all, fewer than the merge
        // policy's 8 of a level, so only the final merge joins the five small ones.
        let options = IndexOptions {
            checkpoint_bytes: 1,
            ..IndexOptions::new(vec![archive.clone()], dir.path().join("index"))
        };
        run(&options, &NoProgress).unwrap();
        assert_eq!(segment_sizes(&options.index_dir), [5, 100]);
        // An incremental run adds its segment and leaves the rest as they are.
        fs::write(archive.join("new.txt"), "خبر جديد\n\nنص\n").unwrap();
        run(&options, &NoProgress).unwrap();
        assert_eq!(segment_sizes(&options.index_dir), [1, 5, 100]);
        let full = IndexOptions {
            full: true,
            ..options.clone()
        };
        run(&full, &NoProgress).unwrap();
        assert_eq!(segment_sizes(&options.index_dir), [6, 100]);
    }

    #[test]
    fn part_covers_matches_members_and_records() {
        assert!(part_covers("second.json", "second.json[7]"));
        assert!(part_covers("feed.jsonl", "feed.jsonl line 3"));
        assert!(part_covers("line 3, column 5", "line 3"));
        assert!(part_covers("[4]", "[4]"));
        assert!(!part_covers("line 1, column 2", "line 10"));
        assert!(!part_covers("line 10, column 2", "line 1"));
        assert!(!part_covers("a.json", "a.json.gz[1]"));
    }
}
