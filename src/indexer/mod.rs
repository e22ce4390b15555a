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

use std::collections::{HashMap, HashSet};
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use tantivy::{IndexWriter, Term};

use crate::reader::{self, ReadOptions, SourceFile};
use crate::schema::FieldAnalyzers;
use crate::store::{Store, StoreError, ALIASES};
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
    /// Articles removed because their file was removed.
    pub articles_deleted: u64,
    /// Articles in unchanged files.
    pub articles_unchanged: u64,
    /// Articles indexed or updated by this run without a date (none of their own that parses,
    /// none in their path).
    pub articles_undated: u64,
    /// Files and records that could not be read.
    pub skipped: Vec<Skipped>,
    /// Files that are not in a format Fihris reads (a README, images…): listed, not an error.
    pub ignored: Vec<Skipped>,
    /// Wall time, seconds.
    pub elapsed_s: f64,
    /// Bytes read from changed files.
    pub bytes_read: u64,
    /// Checkpoints committed.
    pub commits: u64,
    /// Documents in the index after the run.
    pub documents: u64,
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
    /// tantivy failed.
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
pub fn run(options: &IndexOptions, progress: &dyn Progress) -> Result<IndexSummary, IndexError> {
    let started = Instant::now();
    let roots = canonical_roots(&options.archives)?;
    let target = options.index_dir.clone();
    let build_dir = prepare_build_dir(options.full, &target)?;
    let exclude = fs::canonicalize(&target).ok();
    let walk = reader::walk_archives(&roots, exclude.as_deref())?;

    let store = match Store::open(&build_dir) {
        Ok(store) => store,
        Err(StoreError::NotFound(_)) => Store::create(&build_dir, &options.analyzers)?,
        Err(e) => return Err(e.into()),
    };
    let aliases = resolve_aliases(options, &target)?;
    // Applying a different alias file changes the facets of every article: re-read them all.
    let aliases_changed = aliases_differ(&aliases.text, &store.dir.join(ALIASES));
    let known = manifest::read(&store.reader()?.searcher(), &store.fields)?;

    let mut summary = IndexSummary::of_walk(&walk);
    let plan = Plan::new(&walk, &known, &roots, aliases_changed, &mut summary);
    let mut session = Session {
        store: &store,
        writer: store
            .index
            .writer_with_num_threads(options.threads.max(1), options.memory_bytes)?,
        options,
        aliases: aliases.aliases.as_ref(),
        summary,
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
        swap_in(&build_dir, &target)?;
    }
    let store = Store::open(&target)?;
    summary.documents = store.reader()?.searcher().num_docs();
    summary.elapsed_s = started.elapsed().as_secs_f64();
    progress.finish();
    Ok(summary)
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
    let build_dir = sibling(target, "fihris-rebuild");
    if build_dir.exists() {
        // Left over by a rebuild that was killed: it was never swapped in, so nothing is lost.
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
        let removed = known
            .keys()
            .filter(|key| roots.iter().any(|root| Path::new(key).starts_with(root)))
            .filter(|key| !seen.contains(*key))
            .cloned()
            .collect();
        Plan { to_read, removed }
    }
}

/// One run's writer and tallies.
struct Session<'a> {
    store: &'a Store,
    writer: IndexWriter,
    options: &'a IndexOptions,
    aliases: Option<&'a Aliases>,
    summary: IndexSummary,
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
            let articles = self.index_file(file, key, &relative, *sig, known.contains_key(key));
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
    /// was) and waits for the merges.
    fn finish(mut self, rebuilding: bool) -> Result<IndexSummary, IndexError> {
        let s = &self.summary;
        if s.files_read > 0 || s.articles_deleted > 0 || rebuilding {
            self.writer.commit()?;
            self.summary.commits += 1;
            self.writer.wait_merging_threads()?;
        } else {
            self.writer.rollback()?;
        }
        Ok(self.summary)
    }

    /// Reads one file and replaces its articles; returns how many it gave. The file is streamed
    /// (each article indexed as it is read, so memory holds one record, not the file); its old
    /// articles are deleted before the first new one is added. A file that cannot be read keeps
    /// whatever the index had of it: nothing indexed is lost to a read error.
    fn index_file(
        &mut self,
        file: &SourceFile,
        key: &str,
        relative: &str,
        sig: u64,
        was_known: bool,
    ) -> u64 {
        let file_term = Term::from_field_text(self.store.fields.file, key);
        let mut deleted = false;
        let mut count = 0;
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
            if !deleted {
                self.writer.delete_term(file_term.clone());
                deleted = true;
            }
            let path = document::article_path(relative, &located.locator);
            let id = located.article.id.clone().unwrap_or_else(|| path.clone());
            let tags = document::index_tags(&located.article.tags, self.aliases);
            let origin = document::Origin {
                file: key,
                file_sig: sig,
                id: &id,
                path: &path,
            };
            let doc = document::build(
                &self.store.fields,
                &origin,
                &located.article,
                &tags,
                &located.article.tags,
            );
            if let Err(err) = self.writer.add_document(doc) {
                self.summary.skipped.push(Skipped {
                    path: path.clone(),
                    reason: format!("index error: {err}"),
                });
                return;
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
            count += 1;
        });
        match read {
            Err(err) => {
                self.summary.skipped.push(Skipped {
                    path: file.path.display().to_string(),
                    reason: err.to_string(),
                });
                return 0;
            }
            // A file that now gives only problems: its old articles go.
            Ok(()) if !deleted => self.writer.delete_term(file_term),
            Ok(()) => 0,
        };
        if was_known {
            self.summary.articles_updated += count;
        } else {
            self.summary.articles_indexed += count;
        }
        count
    }
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

fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    dir.with_file_name(name)
}

/// Replaces `target` by `built`: the old index is moved aside first, then removed.
fn swap_in(built: &Path, target: &Path) -> Result<(), IndexError> {
    let old = sibling(target, "fihris-old");
    if old.exists() {
        fs::remove_dir_all(&old).map_err(io_err(&old))?;
    }
    fs::rename(target, &old).map_err(io_err(target))?;
    fs::rename(built, target).map_err(io_err(built))?;
    fs::remove_dir_all(&old).map_err(io_err(&old))?;
    Ok(())
}
