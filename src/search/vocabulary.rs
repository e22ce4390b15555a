//! The tag vocabulary as the index holds it: facet keys, how each is written, and article counts.
//!
//! The facet field holds `/<key>/<display>` per article tag. Counting the first level (a
//! `FacetCollector`) gives exact article counts per key; the second level, read from the term
//! dictionary, tells which written form is most used, and that is the form shown.

use std::collections::HashMap;

use tantivy::collector::FacetCollector;
use tantivy::query::AllQuery;
use tantivy::schema::Facet;
use tantivy::Searcher;

use crate::schema::Fields;

/// The byte that separates the levels of an encoded facet path (tantivy's, not exported).
const FACET_SEP_BYTE: u8 = 0;

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

/// The display form of each of `keys`: the written form found on most documents.
pub fn display_forms(
    searcher: &Searcher,
    fields: &Fields,
    keys: &[&str],
) -> tantivy::Result<HashMap<String, String>> {
    let mut counts: HashMap<(String, String), u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(fields.tag_facet)?;
        for key in keys {
            let parent = Facet::from_path([*key]);
            let mut lower = parent.encoded_str().as_bytes().to_vec();
            lower.push(FACET_SEP_BYTE);
            let mut upper = parent.encoded_str().as_bytes().to_vec();
            upper.push(FACET_SEP_BYTE + 1);
            let mut stream = inverted
                .terms()
                .range()
                .ge(&lower)
                .lt(&upper)
                .into_stream()?;
            while stream.advance() {
                let display = String::from_utf8_lossy(&stream.key()[lower.len()..]).into_owned();
                *counts.entry((key.to_string(), display)).or_default() +=
                    u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut best: HashMap<String, (u64, String)> = HashMap::new();
    for ((key, display), n) in counts {
        let entry = best.entry(key).or_insert((0, String::new()));
        // Most used first; ties to the first in code-point order, so the choice is stable.
        if n > entry.0 || (n == entry.0 && (entry.1.is_empty() || display < entry.1)) {
            *entry = (n, display);
        }
    }
    Ok(best.into_iter().map(|(k, (_, d))| (k, d)).collect())
}

/// Every tag of the index with its article count, most used first.
pub fn all_tags(searcher: &Searcher, fields: &Fields) -> tantivy::Result<Vec<TagEntry>> {
    let field_name = searcher
        .schema()
        .get_field_name(fields.tag_facet)
        .to_string();
    let mut collector = FacetCollector::for_field(field_name);
    collector.add_facet(Facet::root());
    let counts = searcher.search(&AllQuery, &collector)?;
    let keyed: Vec<(String, u64)> = counts
        .get(Facet::root())
        .filter_map(|(facet, n)| facet.to_path().first().map(|k| (k.to_string(), n)))
        .collect();
    let keys: Vec<&str> = keyed.iter().map(|(k, _)| k.as_str()).collect();
    let displays = display_forms(searcher, fields, &keys)?;
    let mut tags: Vec<TagEntry> = keyed
        .iter()
        .map(|(key, n)| TagEntry {
            key: key.clone(),
            tag: displays.get(key).cloned().unwrap_or_else(|| key.clone()),
            articles: *n,
        })
        .collect();
    tags.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.key.cmp(&b.key)));
    Ok(tags)
}
