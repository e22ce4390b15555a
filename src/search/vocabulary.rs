//! The tag vocabulary as the index holds it: facet keys, how each is written, and article counts.
//!
//! The facet field holds `/<key>/<display>` per article tag: the article counts per key are exact
//! (deleted articles excluded), and the written form shown is the one most articles use.

use tantivy::query::AllQuery;
use tantivy::Searcher;

use std::sync::Arc;

use super::facets::{FacetCache, TagFacetCollector};
use crate::schema::Fields;

/// A tag of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TagEntry {
    /// The normalized key (what filters match on).
    pub key: String,
    /// The most used written form.
    pub tag: String,
    /// Articles carrying it.
    pub articles: u64,
}

/// Every tag of the index with its article count, most used first.
pub fn all_tags(searcher: &Searcher, fields: &Fields) -> tantivy::Result<Vec<TagEntry>> {
    let field_name = searcher
        .schema()
        .get_field_name(fields.tag_facet)
        .to_string();
    let cache = Arc::new(FacetCache::default());
    let counts = searcher.search(
        &AllQuery,
        &TagFacetCollector::new(field_name, Arc::clone(&cache)),
    )?;
    Ok(cache
        .top(&counts, usize::MAX)
        .into_iter()
        .map(|(key, tag, articles)| TagEntry { key, tag, articles })
        .collect())
}
