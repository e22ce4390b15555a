//! The tags of every article an index holds, as the tag report reads them.

use tantivy::schema::Value;
use tantivy::{Searcher, TantivyDocument};

use super::model::ArticleTags;
use crate::schema::Fields;

/// The tags of every live article `searcher` sees: as written and as indexed (after aliases).
/// Untagged articles are listed too, with no tags, so the report's totals count every article.
pub fn articles_of_index(
    searcher: &Searcher,
    fields: &Fields,
) -> tantivy::Result<Vec<ArticleTags>> {
    let f = fields;
    let mut articles = Vec::new();
    for segment in searcher.segment_readers() {
        let docs = segment.get_store_reader(64)?;
        for doc_id in segment.doc_ids_alive() {
            let doc: TantivyDocument = docs.get(doc_id)?;
            let texts = |field| -> Vec<String> {
                doc.get_all(field)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            };
            let raw = texts(f.tag_raw);
            let id = doc
                .get_first(f.id)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            articles.push(ArticleTags {
                id,
                raw,
                tags: texts(f.tag),
            });
        }
    }
    Ok(articles)
}
