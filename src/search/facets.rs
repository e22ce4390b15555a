//! [`TagFacetCollector`]: article counts per tag key over a result set, and the written form most
//! used among those articles.
//!
//! tantivy's `FacetCollector` resolves every counted facet through the segment's term dictionary one
//! ordinal at a time, which decompresses a dictionary block per facet: with a few thousand tags that
//! cost more than the search itself. This collector counts ordinals during the search and resolves them
//! in one sequential pass over each segment's dictionary, in harvest. Each article holds one facet
//! `/<key>/<display>` per tag key (the indexer deduplicates by key), so a key's count is the number of
//! matching articles carrying it.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The separator between the levels of an encoded facet path (tantivy's, not exported).
const FACET_SEP: u8 = 0;

/// Counts of one tag key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyCount {
    /// Matching articles carrying the key.
    pub articles: u64,
    /// How many of them write it each way.
    pub displays: HashMap<String, u64>,
}

impl KeyCount {
    /// The written form most used (ties to the first in code-point order, so the choice is stable).
    pub fn display(&self) -> Option<&str> {
        self.displays
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(display, _)| display.as_str())
    }
}

/// Counts per tag key.
pub type TagCounts = HashMap<String, KeyCount>;

/// Counts the tag facets of the matching articles.
pub struct TagFacetCollector {
    field: String,
}

impl TagFacetCollector {
    /// A collector over the facet field called `field`.
    pub fn for_field(field: impl Into<String>) -> Self {
        TagFacetCollector {
            field: field.into(),
        }
    }
}

/// [`TagFacetCollector`] on one segment.
pub struct TagFacetSegmentCollector {
    reader: FacetReader,
    counts: Vec<u32>,
}

impl Collector for TagFacetCollector {
    type Fruit = TagCounts;
    type Child = TagFacetSegmentCollector;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<TagFacetSegmentCollector> {
        let reader = reader.facet_reader(&self.field)?;
        let counts = vec![0; reader.num_facets()];
        Ok(TagFacetSegmentCollector { reader, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<TagCounts>) -> tantivy::Result<TagCounts> {
        let mut merged = TagCounts::new();
        for fruit in fruits {
            for (key, count) in fruit {
                let entry = merged.entry(key).or_default();
                entry.articles += count.articles;
                for (display, n) in count.displays {
                    *entry.displays.entry(display).or_default() += n;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for TagFacetSegmentCollector {
    type Fruit = TagCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for ord in self.reader.facet_ords(doc) {
            self.counts[ord as usize] += 1;
        }
    }

    fn harvest(self) -> TagCounts {
        let mut counts = TagCounts::new();
        let Ok(mut terms) = self.reader.facet_dict().stream() else {
            return counts;
        };
        let mut ord = 0usize;
        while terms.advance() {
            let n = self.counts.get(ord).copied().unwrap_or(0);
            ord += 1;
            if n == 0 {
                continue;
            }
            let encoded = terms.key();
            let Some(sep) = encoded.iter().position(|&b| b == FACET_SEP) else {
                continue;
            };
            let key = String::from_utf8_lossy(&encoded[..sep]).into_owned();
            let display = String::from_utf8_lossy(&encoded[sep + 1..]).into_owned();
            let entry = counts.entry(key).or_default();
            entry.articles += u64::from(n);
            *entry.displays.entry(display).or_default() += u64::from(n);
        }
        counts
    }
}

/// The `n` keys with the most articles, most first (ties by key, so the order is stable), with
/// their display forms.
pub fn top(counts: &TagCounts, n: usize) -> Vec<(String, &str, u64)> {
    let mut all: Vec<(String, &str, u64)> = counts
        .iter()
        .map(|(key, c)| (key.clone(), c.display().unwrap_or(key), c.articles))
        .collect();
    all.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    all.truncate(n);
    all
}

#[cfg(test)]
mod tests {
    use tantivy::query::AllQuery;
    use tantivy::schema::{Facet, Schema};
    use tantivy::{doc, Index, IndexWriter, Term};

    use super::*;

    #[test]
    fn counts_articles_per_key_and_picks_the_most_used_display() {
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", tantivy::schema::STRING);
        let tags = builder.add_facet_field("tags", tantivy::schema::FacetOptions::default());
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let facet = |key: &str, display: &str| Facet::from_path([key, display]);
        writer.add_document(doc!(id => "a", tags => facet("ارمينيا", "أرمينيا"), tags => facet("روسيا", "روسيا"))).unwrap();
        writer
            .add_document(doc!(id => "b", tags => facet("ارمينيا", "ارمينيا")))
            .unwrap();
        writer.commit().unwrap();
        // A second segment, and a deleted article that must not count.
        writer
            .add_document(doc!(id => "c", tags => facet("ارمينيا", "أرمينيا")))
            .unwrap();
        writer
            .add_document(doc!(id => "d", tags => facet("روسيا", "روسيا")))
            .unwrap();
        writer.delete_term(Term::from_field_text(id, "d"));
        writer.commit().unwrap();

        let searcher = index.reader().unwrap().searcher();
        let counts = searcher
            .search(&AllQuery, &TagFacetCollector::for_field("tags"))
            .unwrap();
        assert_eq!(counts["ارمينيا"].articles, 3);
        assert_eq!(counts["ارمينيا"].display(), Some("أرمينيا"));
        assert_eq!(counts["روسيا"].articles, 1);
        let top = top(&counts, 1);
        assert_eq!(top, vec![("ارمينيا".to_string(), "أرمينيا", 3)]);
    }
}
