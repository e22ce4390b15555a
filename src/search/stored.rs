//! Reading one stored article back, and the tag vocabulary by prefix: what the server's article
//! view and its as-you-type tag box ask the engine for.

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};
use utoipa::ToSchema;

use super::facets::TagFacetCollector;
use super::{format_date, Engine, SearchError};
use crate::schema::Fields;
use crate::tags::tag_key;

/// One article as the index stores it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct StoredArticle {
    /// The stable article id.
    pub id: String,
    /// Title as written.
    pub title: String,
    /// Body paragraphs as written.
    pub paragraphs: Vec<String>,
    /// Tags as displayed in facets (one per tag key, after aliases).
    pub tags: Vec<String>,
    /// Tags as the source wrote them, repeats included.
    pub tags_as_written: Vec<String>,
    /// Publication date (`YYYY-MM-DD`, or RFC 3339 with a time of day), if known.
    pub date: Option<String>,
    /// The article's URL, if known.
    pub url: Option<String>,
    /// Publisher or source name, if known.
    pub source: Option<String>,
    /// Where it came from: the path in the archive and its place in the file.
    pub path: String,
}

impl StoredArticle {
    /// The article a stored document holds (fields of the schema `f`).
    pub fn from_doc(doc: &TantivyDocument, f: &Fields) -> StoredArticle {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let all = |field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        StoredArticle {
            id: text(f.id).unwrap_or_default(),
            title: text(f.title).unwrap_or_default(),
            paragraphs: text(f.body)
                .unwrap_or_default()
                .lines()
                .filter(|p| !p.trim().is_empty())
                .map(str::to_string)
                .collect(),
            tags: all(f.tag),
            tags_as_written: all(f.tag_raw),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .map(format_date),
            url: text(f.url),
            source: text(f.source),
            path: text(f.path).unwrap_or_default(),
        }
    }
}

/// A tag of the vocabulary with its article count.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct TagCount {
    /// The tag as displayed (its most used written form).
    pub tag: String,
    /// The normalized key that filters match on.
    pub key: String,
    /// Articles carrying it.
    pub count: u64,
}

impl Engine {
    /// The stored article with `id`, if the index has it.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>, SearchError> {
        let searcher = self.searcher();
        let f = &self.store.fields;
        let query = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
        let Some((_, address)) = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(address)?;
        Ok(Some(StoredArticle::from_doc(&doc, f)))
    }

    /// Tags whose normalized key starts with the normalized `prefix` (all tags for an empty one),
    /// most used first, at most `limit`: `ارم` finds أرمينيا.
    pub fn tags_with_prefix(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<TagCount>, SearchError> {
        let searcher = self.searcher();
        let field = searcher
            .schema()
            .get_field_name(self.store.fields.tag_facet)
            .to_string();
        let segments: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.segment_id())
            .collect();
        self.facet_cache.retain_segments(&segments);
        let counts = searcher.search(
            &AllQuery,
            &TagFacetCollector::new(field, std::sync::Arc::clone(&self.facet_cache)),
        )?;
        let key_prefix = tag_key(prefix);
        Ok(self
            .facet_cache
            .top(&counts, usize::MAX)
            .into_iter()
            .filter(|(key, _, _)| key.starts_with(&key_prefix))
            .take(limit)
            .map(|(key, tag, count)| TagCount { tag, key, count })
            .collect())
    }

    /// Makes the latest commit visible now (after a write of our own, or another process's).
    pub fn reload(&self) -> Result<(), SearchError> {
        self.reader.reload()?;
        Ok(())
    }
}
