//! The index folder: a tantivy index plus `fihris.json`, the marker that says which schema and
//! analysis version built it, and the alias file the indexer applied.
//!
//! Opening checks the marker first, so that pointing `--index` at a folder that is not a Fihris
//! index, or at one built by another version, is a clear error and never a tantivy dump.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::analysis::{self, ANALYSIS_VERSION};
use crate::schema::{self, FieldAnalyzers, Fields, SCHEMA_VERSION};

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
}

impl Marker {
    fn current() -> Self {
        Marker {
            format: "fihris".to_string(),
            schema_version: SCHEMA_VERSION,
            analysis_version: ANALYSIS_VERSION,
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
    /// tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
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
}

impl Store {
    /// Opens the index at `dir`, checking that it is a Fihris index of this version.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let marker = Self::read_marker(dir)?;
        if marker.schema_version != SCHEMA_VERSION || marker.analysis_version != ANALYSIS_VERSION {
            return Err(StoreError::VersionMismatch {
                path: dir.to_path_buf(),
                found_schema: marker.schema_version,
                found_analysis: marker.analysis_version,
            });
        }
        let index = Index::open_in_dir(dir)?;
        analysis::register_all(index.tokenizers());
        let fields = schema::fields_of(&index.schema())?;
        Ok(Store {
            dir: dir.to_path_buf(),
            index,
            fields,
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

    /// Creates a new, empty index in `dir`, which must be missing or empty.
    pub fn create(dir: &Path, analyzers: &FieldAnalyzers) -> Result<Store, StoreError> {
        if !is_missing_or_empty(dir) {
            return Err(StoreError::NotFihris(dir.to_path_buf()));
        }
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        let (schema, fields) = schema::build(analyzers);
        let directory = MmapDirectory::open(dir).map_err(|e| StoreError::Tantivy(e.into()))?;
        let index = Index::create(directory, schema, Default::default())?;
        analysis::register_all(index.tokenizers());
        // The marker goes last: a folder without it is never mistaken for a finished index.
        let marker = serde_json::to_vec_pretty(&Marker::current()).expect("serializable");
        let path = dir.join(MARKER);
        fs::write(&path, marker).map_err(io_err(&path))?;
        Ok(Store {
            dir: dir.to_path_buf(),
            index,
            fields,
        })
    }

    /// A reader that sees each new commit (searching while an index run goes on).
    pub fn reader(&self) -> Result<IndexReader, StoreError> {
        Ok(self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?)
    }

    /// The alias file this index was built with, if any.
    pub fn aliases_path(&self) -> Option<PathBuf> {
        let path = self.dir.join(ALIASES);
        path.is_file().then_some(path)
    }
}

fn is_missing_or_empty(dir: &Path) -> bool {
    match fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => !dir.exists(),
    }
}
