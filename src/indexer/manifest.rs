//! What the index already holds, per source file: the file's signature and its article count.
//!
//! The index itself is the manifest (the `file` and `file_sig` fast fields), so there is no side file
//! that a crash could leave out of step with the last commit.

use std::collections::HashMap;

use tantivy::Searcher;

use crate::schema::Fields;

/// A file as the index knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownFile {
    /// Signature recorded when it was indexed.
    pub sig: u64,
    /// Live articles from it.
    pub articles: u64,
}

/// Reads the known files from the live documents of `searcher`.
pub fn read(searcher: &Searcher, fields: &Fields) -> tantivy::Result<HashMap<String, KnownFile>> {
    let schema = searcher.schema();
    let file_name = schema.get_field_name(fields.file);
    let sig_name = schema.get_field_name(fields.file_sig);
    let mut known: HashMap<String, KnownFile> = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(files) = fast.str(file_name)? else {
            continue;
        };
        let sigs = fast.u64(sig_name)?;
        // Count per term ordinal first, then resolve each distinct ordinal to its path once, by
        // streaming the dictionary in order: looking a path up per document would decompress a
        // dictionary block per document.
        let mut per_ord: HashMap<u64, KnownFile> = HashMap::new();
        for doc in segment.doc_ids_alive() {
            let Some(ord) = files.ords().first(doc) else {
                continue;
            };
            let sig = sigs.first(doc).unwrap_or(0);
            let entry = per_ord.entry(ord).or_insert(KnownFile { sig, articles: 0 });
            entry.sig = sig;
            entry.articles += 1;
        }
        let mut terms = files.dictionary().stream()?;
        let mut ord = 0u64;
        while terms.advance() {
            if let Some(file) = per_ord.get(&ord) {
                let path = String::from_utf8_lossy(terms.key()).into_owned();
                let entry = known.entry(path).or_insert(KnownFile {
                    sig: file.sig,
                    articles: 0,
                });
                entry.sig = file.sig;
                entry.articles += file.articles;
            }
            ord += 1;
        }
    }
    Ok(known)
}
