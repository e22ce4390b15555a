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
    let mut path = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(files) = fast.str(file_name)? else {
            continue;
        };
        let sigs = fast.u64(sig_name)?;
        for doc in segment.doc_ids_alive() {
            let Some(ord) = files.ords().first(doc) else {
                continue;
            };
            path.clear();
            files.ord_to_str(ord, &mut path)?;
            let sig = sigs.first(doc).unwrap_or(0);
            let entry = known
                .entry(path.clone())
                .or_insert(KnownFile { sig, articles: 0 });
            entry.sig = sig;
            entry.articles += 1;
        }
    }
    Ok(known)
}
