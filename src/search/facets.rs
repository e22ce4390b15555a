//! [`TagFacetCollector`]: article counts per tag key over a result set, and the written form most
//! used among those articles.
//!
//! tantivy's `FacetCollector` resolves every counted facet through the segment's term dictionary one
//! ordinal at a time, which decompresses a dictionary block per facet: with a few thousand tags that
//! cost 40 times the search itself. Here each segment's ordinals are mapped once to interned tag keys
//! and display forms ([`FacetCache`], kept for the life of the segment, which never changes); a
//! search then only counts ordinals, adds them up per key id, and resolves the strings of the keys it
//! shows. Each article holds one facet `/<key>/<display>` per tag key (the indexer deduplicates by
//! key), so a key's count is the number of matching articles carrying it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The separator between the levels of an encoded facet path (tantivy's, not exported).
const FACET_SEP: u8 = 0;

/// Interned strings: an id per distinct string.
#[derive(Debug, Default)]
struct Interner {
    ids: HashMap<String, u32>,
    strings: Vec<String>,
}

impl Interner {
    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(text.to_string());
        self.ids.insert(text.to_string(), id);
        id
    }
}

/// What the cache keeps of one segment.
#[derive(Debug, Default)]
struct SegmentFacets {
    /// Each facet ordinal as `(key id, display id)`.
    map: Vec<(u32, u32)>,
    /// The facet ordinals of document `d` are `ords[starts[d]..starts[d + 1]]`: two array reads per
    /// matching document, instead of the column's multi-value index.
    starts: Vec<u32>,
    ords: Vec<u32>,
}

type SegmentMap = Arc<SegmentFacets>;

/// Tag keys and display forms interned across segments, and each segment's ordinal map.
#[derive(Debug, Default)]
pub struct FacetCache {
    inner: Mutex<CacheInner>,
}

#[derive(Debug, Default)]
struct CacheInner {
    keys: Interner,
    displays: Interner,
    segments: HashMap<SegmentId, SegmentMap>,
}

impl FacetCache {
    /// The ordinal map of `reader`'s segment, built on first use by one pass over its dictionary.
    fn segment_map(
        &self,
        segment: SegmentId,
        max_doc: DocId,
        reader: &FacetReader,
    ) -> tantivy::Result<SegmentMap> {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(map) = inner.segments.get(&segment) {
            return Ok(Arc::clone(map));
        }
        let mut facets = SegmentFacets {
            map: Vec::with_capacity(reader.num_facets()),
            starts: Vec::with_capacity(max_doc as usize + 1),
            ords: Vec::new(),
        };
        let mut terms = reader.facet_dict().stream()?;
        while terms.advance() {
            let encoded = terms.key();
            // A facet without a display level (none is written that way) counts under its key.
            let sep = encoded
                .iter()
                .position(|&b| b == FACET_SEP)
                .unwrap_or(encoded.len());
            let key = inner.keys.intern(&String::from_utf8_lossy(&encoded[..sep]));
            let display = encoded.get(sep + 1..).unwrap_or_default();
            let display = inner.displays.intern(&String::from_utf8_lossy(display));
            facets.map.push((key, display));
        }
        for doc in 0..max_doc {
            facets.starts.push(facets.ords.len() as u32);
            facets
                .ords
                .extend(reader.facet_ords(doc).map(|ord| ord as u32));
        }
        facets.starts.push(facets.ords.len() as u32);
        let facets = Arc::new(facets);
        inner.segments.insert(segment, Arc::clone(&facets));
        Ok(facets)
    }

    /// Forgets segments that are not in `alive` (merged away), so the cache does not grow forever.
    pub fn retain_segments(&self, alive: &[SegmentId]) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.segments.retain(|id, _| alive.contains(id));
    }

    /// The strings of `counts`' top `n` keys: `(key, display, articles)`, most articles first (ties
    /// by key, so the order is stable); the display is the form most of the counted articles use.
    pub fn top(&self, counts: &TagCounts, n: usize) -> Vec<(String, String, u64)> {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let key = |id: u32| inner.keys.strings[id as usize].as_str();
        let mut ranked: Vec<(u32, u64)> = counts
            .per_key
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(id, &n)| (id as u32, n))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| key(a.0).cmp(key(b.0))));
        ranked.truncate(n);
        // One pass over the counted ordinals for the display forms of the keys shown.
        let shown: HashMap<u32, usize> = ranked
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (*k, i))
            .collect();
        let mut per_display: HashMap<(usize, u32), u64> = HashMap::new();
        for (facets, ord_counts) in &counts.segments {
            for (&(key_id, display_id), &n) in facets.map.iter().zip(ord_counts) {
                if n > 0 {
                    if let Some(&slot) = shown.get(&key_id) {
                        *per_display.entry((slot, display_id)).or_default() += u64::from(n);
                    }
                }
            }
        }
        let mut best: Vec<Option<(&str, u64)>> = vec![None; ranked.len()];
        for ((slot, display_id), n) in per_display {
            let display = inner.displays.strings[display_id as usize].as_str();
            let better = match best[slot] {
                None => true,
                Some((d, m)) => n > m || (n == m && display < d),
            };
            if better {
                best[slot] = Some((display, n));
            }
        }
        ranked
            .iter()
            .zip(best)
            .map(|(&(key_id, articles), display)| {
                let key = key(key_id).to_string();
                let display = display.map_or_else(|| key.clone(), |(d, _)| d.to_string());
                (key, display, articles)
            })
            .collect()
    }
}

/// Counts per interned tag key, and each segment's counts per ordinal, kept so that the display
/// forms are worked out only for the keys shown.
#[derive(Debug, Clone, Default)]
pub struct TagCounts {
    per_key: Vec<u64>,
    segments: Vec<(SegmentMap, Vec<u32>)>,
}

/// Counts the tag facets of the matching articles.
pub struct TagFacetCollector {
    field: String,
    cache: Arc<FacetCache>,
}

impl TagFacetCollector {
    /// A collector over the facet field called `field`, sharing `cache` with earlier searches.
    pub fn new(field: impl Into<String>, cache: Arc<FacetCache>) -> Self {
        TagFacetCollector {
            field: field.into(),
            cache,
        }
    }
}

/// [`TagFacetCollector`] on one segment.
pub struct TagFacetSegmentCollector {
    facets: SegmentMap,
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
        let facet_reader = reader.facet_reader(&self.field)?;
        let facets =
            self.cache
                .segment_map(reader.segment_id(), reader.max_doc(), &facet_reader)?;
        let counts = vec![0; facets.map.len()];
        Ok(TagFacetSegmentCollector { facets, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<TagCounts>) -> tantivy::Result<TagCounts> {
        let mut merged = TagCounts::default();
        for fruit in fruits {
            if merged.per_key.len() < fruit.per_key.len() {
                merged.per_key.resize(fruit.per_key.len(), 0);
            }
            for (id, n) in fruit.per_key.iter().enumerate() {
                merged.per_key[id] += n;
            }
            merged.segments.extend(fruit.segments);
        }
        Ok(merged)
    }
}

impl SegmentCollector for TagFacetSegmentCollector {
    type Fruit = TagCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let facets = &self.facets;
        let (from, to) = (facets.starts[doc as usize], facets.starts[doc as usize + 1]);
        for &ord in &facets.ords[from as usize..to as usize] {
            self.counts[ord as usize] += 1;
        }
    }

    fn harvest(self) -> TagCounts {
        let mut per_key = Vec::new();
        for (&(key, _), &n) in self.facets.map.iter().zip(&self.counts) {
            if n > 0 {
                if per_key.len() <= key as usize {
                    per_key.resize(key as usize + 1, 0);
                }
                per_key[key as usize] += u64::from(n);
            }
        }
        TagCounts {
            per_key,
            segments: vec![(self.facets, self.counts)],
        }
    }
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
        let cache = Arc::new(FacetCache::default());
        let collector = TagFacetCollector::new("tags", Arc::clone(&cache));
        let counts = searcher.search(&AllQuery, &collector).unwrap();
        let expected = |k: &str, d: &str, n| (k.to_string(), d.to_string(), n);
        assert_eq!(
            cache.top(&counts, 10),
            vec![
                expected("ارمينيا", "أرمينيا", 3),
                expected("روسيا", "روسيا", 1)
            ]
        );
        // A second search reuses the segment maps and counts the same.
        let again = searcher.search(&AllQuery, &collector).unwrap();
        assert_eq!(
            cache.top(&again, 1),
            vec![expected("ارمينيا", "أرمينيا", 3)]
        );
    }
}
