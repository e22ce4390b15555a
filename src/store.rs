//! The index folder: a tantivy index plus `fihris.json`, the marker that says which schema and
//! analysis version built it, and the alias file the indexer applied.
//!
//! Opening checks the marker first, so that pointing `--index` at a folder that is not a Fihris
//! index, or at one built by another version, is a clear error and never a tantivy dump; a damaged
//! index says how to rebuild it.
//!
//! Every writer of an index (an index run, a full rebuild, a server ingesting articles) first takes
//! the index's [`WriteLock`]; a full rebuild is swapped in with [`swap_in`], atomically where the
//! system allows, so a search opening the index meanwhile finds the old one or the new one.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::analysis::{self, ANALYSIS_VERSION};
use crate::schema::{self, FieldAnalyzers, Fields, TextWeights, SCHEMA_VERSION};

/// The marker file's name inside the index folder.
pub const MARKER: &str = "fihris.json";
/// The copy of the alias file the index was built with.
pub const ALIASES: &str = "aliases.tsv";

/// What the marker file records.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Marker {
    /// Always `"fihris"`.
    pub format: String,
    /// The schema version that built the index.
    pub schema_version: u32,
    /// The analysis version that built the index.
    pub analysis_version: u32,
    /// The weights of the title and tags in the combined text fields.
    #[serde(default)]
    pub text_weights: TextWeights,
}

impl Marker {
    fn current(text_weights: TextWeights) -> Self {
        Marker {
            format: "fihris".to_string(),
            schema_version: SCHEMA_VERSION,
            analysis_version: ANALYSIS_VERSION,
            text_weights,
        }
    }
}

/// Why an index folder could not be opened or created.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// There is no index at the path.
    #[error("no index at {0}: build one with `fihris index ARCHIVE_DIR --index {0}`")]
    NotFound(PathBuf),
    /// The folder exists but is not a Fihris index.
    #[error("{0} is not a Fihris index (it has no {MARKER}); choose another --index folder")]
    NotFihris(PathBuf),
    /// The index was built by another schema or analysis version.
    #[error(
        "the index at {path} was built with schema v{found_schema}/analysis v{found_analysis}, \
         this fihris uses schema v{SCHEMA_VERSION}/analysis v{ANALYSIS_VERSION}: rerun `fihris index` with --full"
    )]
    VersionMismatch {
        /// The index folder.
        path: PathBuf,
        /// Its schema version.
        found_schema: u32,
        /// Its analysis version.
        found_analysis: u32,
    },
    /// Reading or writing the folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The marker file is not valid JSON.
    #[error("{path}: invalid marker file: {source}")]
    Marker {
        /// The marker file.
        path: PathBuf,
        /// The error.
        source: serde_json::Error,
    },
    /// Another process holds the index's [`WriteLock`].
    #[error(
        "the index at {} is being written by another fihris process{}; try again when it finishes",
        .path.display(),
        .pid.map(|pid| format!(" (pid {pid})")).unwrap_or_default()
    )]
    Busy {
        /// The index folder.
        path: PathBuf,
        /// The process holding the lock, when it could be read from the lock file.
        pid: Option<u32>,
    },
    /// The index exists but cannot be read: a missing or corrupt file, a schema without the fields
    /// this version needs. Nothing short of a rebuild repairs it.
    #[error(
        "the index at {} is damaged or incomplete ({detail}): rebuild it with \
         `fihris index ARCHIVE_DIR --index {} --full`",
        .path.display(),
        .path.display()
    )]
    Corrupt {
        /// The index folder.
        path: PathBuf,
        /// What was found wrong, in plain words (no internal field names).
        detail: String,
    },
    /// tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// Runs `read`, a read of the existing index at `dir`, so that a damaged index is one clear
/// [`StoreError::Corrupt`]: tantivy's errors are mapped by [`StoreError::reading`], and its panics on
/// some damaged files (a file shorter than its footer makes it compute an offset below zero) are
/// caught quietly (a failed read leaves nothing half-done behind).
pub fn read_guarded<T>(
    dir: &Path,
    read: impl FnOnce() -> tantivy::Result<T>,
) -> Result<T, StoreError> {
    match catch_quietly(read) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(StoreError::reading(dir, error)),
        Err(_panic) => Err(StoreError::damaged(dir)),
    }
}

impl StoreError {
    /// The index at `path` has a corrupt file (tantivy panicked reading it).
    fn damaged(path: &Path) -> StoreError {
        StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: "a file is corrupt".to_owned(),
        }
    }

    /// The error for a tantivy failure while reading the existing index at `path`: a missing or
    /// corrupt file or a schema mismatch is [`StoreError::Corrupt`] with the `--full` hint, said
    /// without tantivy's internal names; anything else stays [`StoreError::Tantivy`].
    pub fn reading(path: &Path, error: tantivy::TantivyError) -> StoreError {
        use tantivy::directory::error::OpenReadError;
        use tantivy::TantivyError as T;
        let detail = match &error {
            T::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
                format!("its file {} is missing", file.display())
            }
            T::OpenReadError(_) | T::OpenDirectoryError(_) => "a file cannot be read".to_owned(),
            T::DataCorruption(_) | T::DeserializeError(_) => "a file is corrupt".to_owned(),
            T::FieldNotFound(_) | T::SchemaError(_) => {
                "its schema lacks fields this fihris needs".to_owned()
            }
            T::IncompatibleIndex(_) => "it was written by another tantivy version".to_owned(),
            T::IoError(io) if io.kind() == std::io::ErrorKind::InvalidData => {
                "a file is corrupt".to_owned()
            }
            _ => return StoreError::Tantivy(error),
        };
        StoreError::Corrupt {
            path: path.to_path_buf(),
            detail,
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// An open Fihris index.
#[derive(Clone)]
pub struct Store {
    /// The folder.
    pub dir: PathBuf,
    /// The tantivy index, with Fihris's analyzers registered.
    pub index: Index,
    /// The schema's fields.
    pub fields: Fields,
    /// How the combined text fields weight the title and tags (from the marker).
    pub text_weights: TextWeights,
}

impl Store {
    /// Opens the index at `dir`, checking that it is a Fihris index of this version.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let marker = Self::read_marker_across_swap(dir)?;
        if marker.schema_version != SCHEMA_VERSION || marker.analysis_version != ANALYSIS_VERSION {
            return Err(StoreError::VersionMismatch {
                path: dir.to_path_buf(),
                found_schema: marker.schema_version,
                found_analysis: marker.analysis_version,
            });
        }
        let index = read_guarded(dir, || Index::open_in_dir(dir))?;
        analysis::register_all(index.tokenizers());
        let fields = schema::fields_of(&index.schema()).map_err(|e| StoreError::reading(dir, e))?;
        Ok(Store {
            dir: dir.to_path_buf(),
            index,
            fields,
            text_weights: marker.text_weights,
        })
    }

    /// Reads the marker of `dir`: `NotFound` when the folder is missing or empty, `NotFihris` when
    /// it holds something else.
    pub fn read_marker(dir: &Path) -> Result<Marker, StoreError> {
        let path = dir.join(MARKER);
        match fs::read(&path) {
            Ok(bytes) => {
                serde_json::from_slice(&bytes).map_err(|source| StoreError::Marker { path, source })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if is_missing_or_empty(dir) {
                    Err(StoreError::NotFound(dir.to_path_buf()))
                } else {
                    Err(StoreError::NotFihris(dir.to_path_buf()))
                }
            }
            Err(e) => Err(io_err(&path)(e)),
        }
    }

    /// [`Store::read_marker`], retried for a moment while a non-atomic [`swap_in`] has moved the
    /// old index aside and not yet moved the new one in.
    fn read_marker_across_swap(dir: &Path) -> Result<Marker, StoreError> {
        let mut tries = 0;
        loop {
            match Self::read_marker(dir) {
                Err(StoreError::NotFound(_))
                    if tries < SWAP_RETRIES && sibling(dir, "fihris-old").exists() =>
                {
                    tries += 1;
                    std::thread::sleep(SWAP_RETRY_PAUSE);
                }
                other => return other,
            }
        }
    }

    /// Creates a new, empty index in `dir`, which must be missing or empty, with the default
    /// [`TextWeights`].
    pub fn create(dir: &Path, analyzers: &FieldAnalyzers) -> Result<Store, StoreError> {
        Self::create_weighted(dir, analyzers, TextWeights::default())
    }

    /// [`Store::create`] with the title and tag weights `text_weights`.
    pub fn create_weighted(
        dir: &Path,
        analyzers: &FieldAnalyzers,
        text_weights: TextWeights,
    ) -> Result<Store, StoreError> {
        if !is_missing_or_empty(dir) {
            return Err(StoreError::NotFihris(dir.to_path_buf()));
        }
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        let (schema, fields) = schema::build(analyzers);
        let directory = MmapDirectory::open(dir).map_err(|e| StoreError::Tantivy(e.into()))?;
        let index = Index::create(directory, schema, index_settings())?;
        analysis::register_all(index.tokenizers());
        // The marker goes last: a folder without it is never mistaken for a finished index.
        let marker =
            serde_json::to_vec_pretty(&Marker::current(text_weights)).expect("serializable");
        let path = dir.join(MARKER);
        fs::write(&path, marker).map_err(io_err(&path))?;
        Ok(Store {
            dir: dir.to_path_buf(),
            index,
            fields,
            text_weights,
        })
    }

    /// A reader that sees each new commit (searching while an index run goes on).
    ///
    /// A damaged index is [`StoreError::Corrupt`] (see [`read_guarded`]).
    ///
    /// Building a reader reads the commit's list of segments, then opens their files. A full
    /// rebuild swapped in between the two leaves the list naming files of the old index, gone from
    /// the folder: that is retried a few times (a swap takes microseconds), so a search never fails
    /// because of one. A file missing on every try is a damaged index.
    pub fn reader(&self) -> Result<IndexReader, StoreError> {
        let mut tries = 0;
        loop {
            let built = catch_quietly(|| {
                self.index
                    .reader_builder()
                    .reload_policy(ReloadPolicy::OnCommitWithDelay)
                    .try_into()
            });
            match built {
                Ok(Ok(reader)) => return Ok(reader),
                Ok(Err(e)) if tries < SWAP_RETRIES && is_missing_file(&e) => {
                    tries += 1;
                    std::thread::sleep(SWAP_RETRY_PAUSE);
                }
                Ok(Err(e)) => return Err(StoreError::reading(&self.dir, e)),
                Err(_panic) => return Err(StoreError::damaged(&self.dir)),
            }
        }
    }

    /// The alias file this index was built with, if any.
    pub fn aliases_path(&self) -> Option<PathBuf> {
        let path = self.dir.join(ALIASES);
        path.is_file().then_some(path)
    }
}

thread_local! {
    /// Set while this thread runs a [`catch_quietly`] read.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, catching a panic without the panic hook's message and backtrace on stderr: the caller
/// turns it into one sentence. Only this thread's panics inside `f` are silenced; the hook in place
/// before (the default one, or the application's) still reports every other panic.
fn catch_quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|quiet| quiet.get()) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|quiet| quiet.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|quiet| quiet.set(was));
    result
}

/// How many times opening an index is retried when it looks swapped out mid-way.
const SWAP_RETRIES: u32 = 20;
/// The pause between those tries.
const SWAP_RETRY_PAUSE: Duration = Duration::from_millis(5);

fn is_missing_file(error: &tantivy::TantivyError) -> bool {
    use tantivy::directory::error::OpenReadError;
    matches!(
        error,
        tantivy::TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(_))
    )
}

/// How a new index stores its documents: zstd level 3 in tantivy's default 16 KiB blocks. On ANT the
/// store is 29 MB instead of LZ4's 51 MB, with no slower indexing; fetching a hit costs more (ARCD
/// questions, 10 hits each: median 0.67 against 0.52 ms a search), and larger blocks or levels
/// shrink it little more for much more (64 KiB: 26 MB, 1.1 ms). docs/benchmarks.md has the table.
fn index_settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor {
            compression_level: Some(3),
        }),
        docstore_blocksize: 16_384,
        ..Default::default()
    }
}

fn is_missing_or_empty(dir: &Path) -> bool {
    match fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => !dir.exists(),
    }
}

/// The merge policy of every Fihris writer: tantivy's `LogMergePolicy` (segments of similar size
/// merged 8 at a time, everything under 10,000 documents one level), plus a bound on deleted
/// documents: tantivy's default never merges a segment for its deletes (ratio 1.0), so an archive
/// re-indexed day after day keeps every replaced article in its large segment for good (measured:
/// 20 incremental runs of 100 rewritten articles left all 2,000 in the 100k segment). A segment
/// more than 20% deleted is merged (rewritten without them) with its level.
pub fn merge_policy() -> tantivy::indexer::LogMergePolicy {
    let mut policy = tantivy::indexer::LogMergePolicy::default();
    policy.set_del_docs_ratio_before_merge(0.2);
    policy
}

/// At the end of a full build, the segments with fewer than 1/`FINAL_MERGE_RATIO` of the largest
/// one's documents are merged into one ([`merge_small_segments`]).
pub const FINAL_MERGE_RATIO: u32 = 8;

/// Merges the segments of `index` holding fewer than 1/[`FINAL_MERGE_RATIO`] of the largest
/// segment's documents into one, when there are two or more, and returns how many segments are
/// left. A full build ends with whatever merges had finished before its last commit (1, 3, 6 and
/// 10 segments in four builds of one 100k archive): this leaves the large segments the merge
/// policy made and one for the rest, and costs a rewrite of only the small ones (together less
/// than the largest, as a rule). Each segment costs every query a term lookup per word.
pub fn merge_small_segments(index: &tantivy::Index) -> Result<usize, tantivy::TantivyError> {
    let metas = index.searchable_segment_metas()?;
    let largest = metas.iter().map(|m| m.num_docs()).max().unwrap_or(0);
    let small: Vec<tantivy::index::SegmentId> = metas
        .iter()
        .filter(|m| m.num_docs().saturating_mul(FINAL_MERGE_RATIO) < largest)
        .map(|m| m.id())
        .collect();
    if small.len() < 2 {
        return Ok(metas.len());
    }
    // A live `SegmentMeta` keeps its files from the garbage collection that follows the merge:
    // held here, the merged segments' files stayed behind (270 MB at 300k articles).
    drop(metas);
    // One thread and tantivy's smallest budget: a merge writes no new documents.
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
    configure_writer(&writer);
    writer.merge(&small).wait()?;
    writer.wait_merging_threads()?;
    Ok(index.searchable_segment_metas()?.len())
}

/// Sets [`merge_policy`] on `writer`.
pub fn configure_writer<D: tantivy::Document>(writer: &tantivy::IndexWriter<D>) {
    writer.set_merge_policy(Box::new(merge_policy()));
}

/// The folder beside `dir` named after it with `.suffix` (`fihris-index.fihris-rebuild`).
pub fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    dir.with_file_name(name)
}

/// Replaces the index folder `target` by the complete index `built`, and removes the old one.
///
/// On Linux the two folders are exchanged by one `renameat2(RENAME_EXCHANGE)`, so `target` always
/// names a complete index: a search opening it finds the old one or the new one, never nothing.
/// Elsewhere (or on a file system without the exchange) the old index is moved aside first, then
/// the new one moved in: [`Store::open`] retries while a swap is under way.
pub fn swap_in(built: &Path, target: &Path) -> Result<(), StoreError> {
    let old = sibling(target, "fihris-old");
    if old.exists() {
        fs::remove_dir_all(&old).map_err(io_err(&old))?;
    }
    if !exchange(built, target)? {
        fs::rename(target, &old).map_err(io_err(target))?;
        fs::rename(built, target).map_err(io_err(built))?;
    } else {
        // `built` now holds the old index.
        fs::rename(built, &old).map_err(io_err(built))?;
    }
    fs::remove_dir_all(&old).map_err(io_err(&old))
}

/// Exchanges two folders atomically: `Ok(false)` when the system cannot (the caller falls back).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool, StoreError> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Old kernels and some file systems (NFS, older overlayfs) lack the exchange.
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(io_err(b)(e.into())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> Result<bool, StoreError> {
    Ok(false)
}

/// The exclusive right to write one index folder, held until dropped.
///
/// It is a lock on a hidden file beside the index folder (`.fihris-index.fihris-lock`), not inside
/// it, because a full rebuild replaces the folder: one lock covers the index, its rebuild folder and
/// the swap. The lock is the operating system's (`flock`), so a killed process never leaves it
/// held (only a stale file, which the next writer reuses). The file holds the holder's process id,
/// for the busy message, and is removed when the lock is released.
#[derive(Debug)]
pub struct WriteLock {
    file: File,
    path: PathBuf,
}

impl WriteLock {
    /// Takes the write lock of the index at `index_dir` without waiting: [`StoreError::Busy`] when
    /// another process (or another `WriteLock` in this one) holds it. Creates the index folder's
    /// parent when missing. Take it before touching the index or its rebuild folder.
    pub fn try_acquire(index_dir: &Path) -> Result<WriteLock, StoreError> {
        let path = lock_path(index_dir)?;
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io_err(&path))?;
            // Called by path: std's own `File::try_lock*` (Rust 1.89) has other signatures.
            let locked = fs4::fs_std::FileExt::try_lock_exclusive(&file).map_err(io_err(&path))?;
            if !locked {
                let mut text = String::new();
                let pid = file
                    .read_to_string(&mut text)
                    .ok()
                    .and_then(|_| text.trim().parse().ok());
                return Err(StoreError::Busy {
                    path: index_dir.to_path_buf(),
                    pid,
                });
            }
            // The previous holder removes the file as it releases the lock: a lock won on a file
            // already unlinked guards nothing, so try again on the file the path names now.
            if !same_file(&file, &path) {
                continue;
            }
            // Only the holder writes, so a reader of the file sees the pid of the process holding
            // it (or nothing, for the instant between the lock and this write).
            file.set_len(0).map_err(io_err(&path))?;
            write!(file, "{}", std::process::id()).map_err(io_err(&path))?;
            return Ok(WriteLock { file, path });
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        // Removed while still locked, so no one can lock this file after it is gone from the path;
        // the lock itself is released when the file closes, right after.
        if same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so the path always names it.
#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// The lock file of the index at `index_dir`: beside it, in its parent resolved to an absolute
/// path, so `./index` and `/abs/index` are one lock.
fn lock_path(index_dir: &Path) -> Result<PathBuf, StoreError> {
    let absolute = match index_dir.canonicalize() {
        Ok(existing) => existing,
        Err(_) => std::path::absolute(index_dir).map_err(io_err(index_dir))?,
    };
    let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        return Err(StoreError::NotFihris(index_dir.to_path_buf()));
    };
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    let parent = parent.canonicalize().map_err(io_err(parent))?;
    let mut lock_name = std::ffi::OsString::from(".");
    lock_name.push(name);
    lock_name.push(".fihris-lock");
    Ok(parent.join(lock_name))
}

/// The document counts of `index`'s segments, ascending: what the merge tests compare.
#[cfg(test)]
pub(crate) fn segment_sizes(index: &Index) -> Vec<u32> {
    let mut docs: Vec<u32> = index
        .searchable_segment_metas()
        .unwrap()
        .iter()
        .map(|m| m.num_docs())
        .collect();
    docs.sort_unstable();
    docs
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::indexer::NoMergePolicy;
    use tantivy::TantivyDocument;

    #[test]
    fn a_full_build_ends_with_its_small_segments_merged_into_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("index"), &FieldAnalyzers::default()).unwrap();
        let mut writer: tantivy::IndexWriter =
            store.index.writer_with_num_threads(1, 15_000_000).unwrap();
        // No merges at all while writing, so the segments are exactly the commits.
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for (batch, size) in [100, 5, 3, 2, 13].into_iter().enumerate() {
            for n in 0..size {
                let mut doc = TantivyDocument::default();
                doc.add_text(store.fields.id, format!("{batch}-{n}"));
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        writer.wait_merging_threads().unwrap();
        assert_eq!(segment_sizes(&store.index), [2, 3, 5, 13, 100]);
        // Under 100 / 8: 2, 3 and 5 are merged; 13 stays, as does the largest.
        assert_eq!(merge_small_segments(&store.index).unwrap(), 3);
        assert_eq!(segment_sizes(&store.index), [10, 13, 100]);
        // Nothing lost, and nothing left to merge.
        let reader = store.reader().unwrap();
        assert_eq!(reader.searcher().num_docs(), 123);
        assert_eq!(merge_small_segments(&store.index).unwrap(), 3);
    }
}
