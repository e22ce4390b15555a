//! Spelling variants of foreign names and loanwords (ترامب / ترمب, جوجل / غوغل), found in the
//! index's own vocabulary and used by search.
//!
//! - [`skeleton`]: the key that makes candidates (one job: folding letters and long vowels);
//! - [`group`]: the evidence gates that decide, and the groups ([`VariantGroup`]);
//! - [`evidence`]: reading the vocabulary and the words' contexts from an index;
//! - [`reviewed`]: the reviewed file of groups to add and to forbid (`--variants-file`);
//! - [`persist`]: `variants.json` in the index folder, and the lookup search uses ([`Variants`]);
//! - [`expand`]: a query's words rewritten to also match their variants, and "did you mean".

pub mod evidence;
pub mod expand;
pub mod group;
pub mod persist;
pub mod reviewed;
mod skeleton;

pub use group::{GroupOptions, Method, Spelling, VariantGroup};
pub use persist::{
    build, rebuild, refresh, BuildSummary, Variants, VariantsFile, FILE, REVIEWED_FILE,
};
pub use reviewed::{Reviewed, ReviewedError};
pub use skeleton::{fold_letters, skeleton};

use std::path::PathBuf;

/// Why variants could not be built, read or written.
#[derive(Debug, thiserror::Error)]
pub enum VariantsError {
    /// Reading the index failed.
    #[error("reading the index for variants: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Reading a term dictionary failed.
    #[error("reading the index's vocabulary: {0}")]
    Io(#[from] std::io::Error),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `variants.json` is not what this version writes.
    #[error("{path}: not a variants file of this version ({message}); rerun `fihris index`")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The reviewed file has an error.
    #[error(transparent)]
    Reviewed(#[from] ReviewedError),
    /// The index could not be opened.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}
