//! Reading archives: walking the folder tree and turning each file into [`Article`]s.
//!
//! Supported: the seed text format (`.txt`), JSON (`.json`, one object or an array), JSON Lines
//! (`.jsonl`, `.ndjson`), any of these gzipped (`.gz`) or inside `.zip` archives; UTF-8 or
//! Windows-1256 text. Bad input never panics: a whole file that cannot be read is a [`ReadError`];
//! a bad record inside an otherwise good file is a [`Problem`] and the rest of the file is kept.

use std::path::{Path, PathBuf};

use crate::article::Article;

/// How text files are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 when the bytes are valid UTF-8, else Windows-1256 when they decode to Arabic text,
    /// else the file is reported as undecodable.
    #[default]
    Auto,
    /// UTF-8 only.
    Utf8,
    /// Windows-1256 only.
    Windows1256,
}

/// The article fields that can be mapped to a JSON key with `--field NAME=KEY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArticleField {
    /// `id`
    Id,
    /// `title`
    Title,
    /// `body`
    Body,
    /// `tags`
    Tags,
    /// `date`
    Date,
    /// `source`
    Source,
    /// `url`
    Url,
}

/// Options for reading files.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// How text is decoded.
    pub encoding: Encoding,
    /// Explicit JSON keys for fields (`--field body=content`), tried before the usual names.
    pub field_keys: Vec<(ArticleField, String)>,
    /// Files larger than this (after decompression for `.gz` and zip members) are skipped.
    pub max_file_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: Encoding::Auto,
            field_keys: Vec::new(),
            max_file_bytes: 256 * 1024 * 1024,
        }
    }
}

/// A file found in the archive, with what is needed to tell whether it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Absolute path.
    pub path: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 when unknown).
    pub mtime_ns: i128,
}

/// An article and where it sits inside its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedArticle {
    /// Where in the file: empty for a single-article file, else e.g. `line 12`, `[3]`,
    /// `2015-07-21.json[41]` (zip member and array index). Stable across runs over the same file.
    pub locator: String,
    /// The article.
    pub article: Article,
}

/// A record inside a file that was skipped while the rest of the file was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file (`line 12, column 5`, `[3]`, a zip member name…).
    pub locator: String,
    /// Why it was skipped.
    pub reason: String,
}

/// What a readable file gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileContents {
    /// The articles read.
    pub articles: Vec<LocatedArticle>,
    /// Records skipped inside the file.
    pub problems: Vec<Problem>,
}

/// Why a whole file could not be read. The `Display` text is the reason shown to the user.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The file is empty (or only whitespace).
    #[error("empty file")]
    Empty,
    /// The file holds binary data, not text.
    #[error("binary file, not text")]
    Binary,
    /// The text is neither UTF-8 nor Windows-1256 (or not the forced encoding).
    #[error("undecodable text: {0}")]
    Undecodable(String),
    /// The file is bigger than the limit.
    #[error("file too large: {size} bytes, the limit is {limit}")]
    TooLarge {
        /// Size found.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Invalid JSON, at a line and column.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A compressed file or zip archive is corrupt or truncated.
    #[error("corrupt or truncated archive: {0}")]
    Corrupt(String),
    /// The file has no article with a title or a body.
    #[error("no article with a title or a body")]
    NoArticle,
    /// The file's extension is not one Fihris reads.
    #[error("unsupported file type")]
    Unsupported,
}

/// Whether `path` names a file Fihris reads (by its extension), so the walker can count the others
/// as skipped without opening them.
pub fn is_supported(path: &Path) -> bool {
    let _ = path;
    todo!("reader helper")
}

/// Reads every article of `path`.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<FileContents, ReadError> {
    let _ = (path, options);
    todo!("reader helper")
}

/// What walking the archive folders found.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    /// Files to read, in a stable order (sorted by path within each root, roots in the order given).
    pub files: Vec<SourceFile>,
    /// Files that will not be read, with the reason (unsupported type, unreadable metadata…).
    pub skipped: Vec<(PathBuf, String)>,
}

/// Why walking could not even start.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    /// An archive folder does not exist or is not a folder.
    #[error("archive folder {0} does not exist or is not a folder")]
    MissingRoot(PathBuf),
}

/// Walks `roots` (walkdir, no symlink loops), skipping hidden files and folders and the folder
/// `exclude` (the index itself, when it sits inside the archive).
pub fn walk_archives(roots: &[PathBuf], exclude: Option<&Path>) -> Result<Walk, WalkError> {
    let _ = (roots, exclude);
    todo!("reader helper")
}
