//! `fihris export opensearch`: the same Arabic search on an OpenSearch or Elasticsearch cluster.
//!
//! Writes, into one folder: `index.json` (settings and mappings, the analysis chain generated from
//! the analyzer's rules by [`analysis`]), `fihris-stems.txt` (the vocabulary's light stems, for the
//! `stemmer_override` filter's `rules_path`), `bulk/NNNN.ndjson` (the articles, [`bulk`]),
//! `search-template.json` and `README.md` ([`template`]).

pub mod analysis;
pub mod bulk;
pub mod key_normalizer;
pub mod template;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, TERMINATED};

use crate::schema::{Fields, TextWeights};
use crate::search::StoredArticle;
use crate::store::Store;
use crate::tags::tag_key;
use bulk::{ChunkWriter, ExportDoc, ExportState, Planner};

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

    let vocabulary = vocabulary(&searcher, &[fields.text_exact])?;
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
    // One article at a time, in id order: only ids, addresses and checksums stay in memory.
    let mut planner = Planner::new(previous);
    let mut chunks = ChunkWriter::create(out, options.chunk_bytes)?;
    let mut indexed = 0;
    for address in addresses_by_id(&searcher, fields)? {
        let doc: TantivyDocument = searcher.doc(address)?;
        if let Some(action) = planner.action_for(export_doc(&doc, fields, store.text_weights)) {
            chunks.push(&action)?;
            indexed += 1;
        }
    }
    let (deletions, state) = planner.finish();
    for action in &deletions {
        chunks.push(action)?;
    }
    let bulk_files = chunks.finish()?;
    state.write(out)?;
    Ok(ExportSummary {
        indexed,
        deleted: deletions.len(),
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

/// The addresses of every live article, in id order (so that exports of the same index agree),
/// read from the id field's term dictionaries: no stored document is opened for it.
fn addresses_by_id(searcher: &Searcher, f: &Fields) -> Result<Vec<DocAddress>, ExportError> {
    let mut ids = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let index = segment.inverted_index(f.id)?;
        let mut terms = index
            .terms()
            .stream()
            .map_err(|e| ExportError::Terms(e.to_string()))?;
        while terms.advance() {
            let mut postings = index
                .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                .map_err(|e| ExportError::Terms(e.to_string()))?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !segment.is_deleted(doc) {
                    ids.push((terms.key().to_vec(), DocAddress::new(ord as u32, doc)));
                }
                doc = postings.advance();
            }
        }
    }
    ids.sort_unstable();
    Ok(ids.into_iter().map(|(_, address)| address).collect())
}

/// The cluster's document of one stored article.
fn export_doc(doc: &TantivyDocument, f: &Fields, weights: TextWeights) -> ExportDoc {
    let article = StoredArticle::from_doc(doc, f);
    let keys: BTreeSet<String> = article.tags.iter().map(|t| tag_key(t)).collect();
    let body = article.paragraphs.join("\n");
    // The searched text as Fihris indexes it (title and tags weighted by repetition: BM25F).
    let text = crate::indexer::document::combined_text(
        weights,
        &article.title,
        article.tags.iter().map(String::as_str),
        &body,
    );
    let mut source = json!({
        "title": article.title,
        "body": body,
        "text": text,
        "tags": article.tags,
        "tag_keys": keys,
        "path": article.path,
    });
    for (name, value) in [
        ("date", article.date),
        ("url", article.url),
        ("source", article.source),
    ] {
        if let Some(value) = value {
            source[name] = Value::String(value);
        }
    }
    ExportDoc {
        id: article.id,
        source,
    }
}
