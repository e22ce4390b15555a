//! `fihris export opensearch`: the same Arabic search on an OpenSearch or Elasticsearch cluster.
//!
//! Writes, into one folder: `index.json` (settings and mappings, the analysis chain generated from
//! the analyzer's rules by [`analysis`]), `fihris-stems.txt` (the vocabulary's light stems, for the
//! `stemmer_override` filter's `rules_path`), `bulk/NNNN.ndjson` (the articles, [`bulk`]),
//! `search-template.json` and `README.md` ([`template`]).

pub mod analysis;
pub mod bulk;
pub mod template;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tantivy::schema::Value as _;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use crate::schema::Fields;
use crate::store::Store;
use crate::tags::tag_key;
use bulk::{ExportDoc, ExportState};

/// What can go wrong exporting.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading or writing a file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The state of the last export cannot be read.
    #[error("{path}: not a Fihris export state ({message}); export without --since-export")]
    State {
        /// The state file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Opening the index.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// Reading a term dictionary.
    #[error("reading the index's terms: {0}")]
    Terms(String),
    /// Reading the index.
    #[error("reading the index: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// The options of one export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The output folder.
    pub out: PathBuf,
    /// The index name in the README's commands.
    pub name: String,
    /// Write only what changed since the last export into this folder.
    pub since_export: bool,
    /// The largest bulk file, in bytes.
    pub chunk_bytes: usize,
}

/// What an export wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExportSummary {
    /// Index actions written.
    pub indexed: usize,
    /// Delete actions written.
    pub deleted: usize,
    /// Bulk files.
    pub bulk_files: usize,
    /// Words in the stemmer override file.
    pub vocabulary: usize,
}

/// Exports the index in `store` as `options` say.
pub fn export_opensearch(
    store: &Store,
    options: &ExportOptions,
) -> Result<ExportSummary, ExportError> {
    let out = &options.out;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExportError::Io { path, source }
    };
    fs::create_dir_all(out).map_err(io(out))?;
    let searcher = store.reader()?.searcher();
    let fields = &store.fields;

    let vocabulary = vocabulary(&searcher, &[fields.title_exact, fields.body_exact])?;
    let stems = analysis::stem_rules(vocabulary.iter().map(String::as_str));
    write(out, analysis::STEMS_FILE, stems.as_bytes())?;
    let settings = serde_json::to_string_pretty(&analysis::index_json()).expect("JSON value");
    write(out, "index.json", settings.as_bytes())?;
    let template = serde_json::to_string_pretty(&template::search_template()).expect("JSON value");
    write(out, "search-template.json", template.as_bytes())?;
    write(out, "README.md", template::readme(&options.name).as_bytes())?;

    let previous = if options.since_export {
        Some(ExportState::read(out)?)
    } else {
        None
    };
    let (actions, state) = bulk::plan(documents(&searcher, fields)?, previous.as_ref());
    let bulk_files = bulk::write_chunks(out, &actions, options.chunk_bytes)?;
    state.write(out)?;
    let deleted = actions
        .iter()
        .filter(|a| matches!(a, bulk::Action::Delete(_)))
        .count();
    Ok(ExportSummary {
        indexed: actions.len() - deleted,
        deleted,
        bulk_files,
        vocabulary: vocabulary.len(),
    })
}

fn write(out: &Path, name: &str, bytes: &[u8]) -> Result<(), ExportError> {
    let path = out.join(name);
    fs::write(&path, bytes).map_err(|source| ExportError::Io { path, source })
}

/// Every term of `fields` in the index: the normalized, unstemmed words of the exact-form fields.
fn vocabulary(
    searcher: &Searcher,
    fields: &[tantivy::schema::Field],
) -> Result<BTreeSet<String>, ExportError> {
    let mut words = BTreeSet::new();
    for segment in searcher.segment_readers() {
        for &field in fields {
            let index = segment.inverted_index(field)?;
            let mut terms = index
                .terms()
                .stream()
                .map_err(|e| ExportError::Terms(e.to_string()))?;
            while terms.advance() {
                if let Ok(word) = std::str::from_utf8(terms.key()) {
                    words.insert(word.to_string());
                }
            }
        }
    }
    Ok(words)
}

/// Every live article of the index as the cluster's document, in id order.
fn documents(searcher: &Searcher, f: &Fields) -> Result<Vec<ExportDoc>, ExportError> {
    let mut docs = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc_id in segment.doc_ids_alive() {
            let doc: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc_id))?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let tags: Vec<String> = doc
                .get_all(f.tag)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            let keys: BTreeSet<String> = tags.iter().map(|t| tag_key(t)).collect();
            let date = doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .map(crate::search::format_date);
            let mut source = json!({
                "title": text(f.title).unwrap_or_default(),
                "body": text(f.body).unwrap_or_default(),
                "tags": tags,
                "tag_keys": keys,
                "path": text(f.path).unwrap_or_default(),
            });
            for (name, value) in [
                ("date", date),
                ("url", text(f.url)),
                ("source", text(f.source)),
            ] {
                if let Some(value) = value {
                    source[name] = Value::String(value);
                }
            }
            docs.push(ExportDoc {
                id: text(f.id).unwrap_or_default(),
                source,
            });
        }
    }
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(docs)
}
