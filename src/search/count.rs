//! Bounded counting, as Elasticsearch's `track_total_hits`: a search counts its matches exactly up to
//! a bound (10,000 by default) and beyond it reports "more than the bound", so the top-k collection
//! may skip what cannot enter the page instead of visiting every match.
//!
//! [`collect_top`] makes two passes. The count walks the matches unscored and stops past the bound;
//! tag facets are counted in it: every match when there are no more than the bound (exact), else the
//! first `bound` in index order (archive order; flagged `sampled`). The ranking then drives
//! `Weight::for_each_pruning` from the first document, handing tantivy the score a match must beat
//! to enter the kept top, which block-max WAND uses to skip whole blocks of postings. (Counting in
//! the ranking pass, threshold `Score::MIN` until the bound, was the first version: WAND then walked
//! the first 10,000 matches pivot by pivot. Counting the facets over the best `bound` by rank, a
//! heap of 10,000 as Elasticsearch's `sampler`, was slower still: 14 ms against 9 ms a keyword query
//! at 100k articles, docs/benchmarks.md.)
//!
//! What tantivy 0.27 can prune: `BooleanWeight::for_each_pruning` runs block-max WAND only when every
//! clause of a union is a `TermScorer` reading frequencies (a flat OR of term queries, boosts
//! included: `BoostWeight` folds its boost into the term scorer). The parser's union of one union
//! per word is made one union by [`super::flatten`], and `text_exact` keeps its frequencies (each
//! form written once, schema v4) so that its terms qualify.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocSet, Score, Searcher, TERMINATED};

use super::facets::{TagCounts, TagFacetCollector};
use super::response::count;
use serde::de::IntoDeserializer;
use utoipa::ToSchema;

/// The largest bound a request may give: 2^53 - 1, JSON's largest exactly representable integer.
pub const MAX_TRACK_TOTAL_HITS: u64 = (1 << 53) - 1;

/// The default bound: matches are counted exactly up to this many (Elasticsearch's default).
pub const DEFAULT_TRACK_TOTAL_HITS: usize = 10_000;

/// How far a search counts its matches: `true` (every match, exactly: no pruning), or a number
/// (exactly up to it, then "more than"); `false` counts none beyond the page (a bound of 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackTotalHits {
    /// Count every match.
    Exact,
    /// Count exactly up to this many.
    UpTo(usize),
}

impl Default for TrackTotalHits {
    fn default() -> Self {
        TrackTotalHits::UpTo(DEFAULT_TRACK_TOTAL_HITS)
    }
}

impl std::str::FromStr for TrackTotalHits {
    type Err = String;

    /// `true`, `false` or a non-negative integer (the command line's and a query string's form).
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim() {
            "true" => Ok(TrackTotalHits::Exact),
            "false" => Ok(TrackTotalHits::UpTo(0)),
            other => count(IntoDeserializer::<serde::de::value::Error>::into_deserializer(other))
                .and_then(up_to)
                .map_err(|_| {
                    format!("{other:?} is neither true, false nor a non-negative integer")
                }),
        }
    }
}

/// A bound of `n`, refused past [`MAX_TRACK_TOTAL_HITS`] as the documented schema says.
fn up_to<E: serde::de::Error>(n: usize) -> Result<TrackTotalHits, E> {
    if n as u64 > MAX_TRACK_TOTAL_HITS {
        return Err(E::custom(format!(
            "{n} is more than the maximum, {MAX_TRACK_TOTAL_HITS}"
        )));
    }
    Ok(TrackTotalHits::UpTo(n))
}

/// The OpenAPI schema of [`TrackTotalHits`]: a boolean or a non-negative integer, 10,000 when not
/// given (a schema of any value let API fuzzers send `null` and `""` as valid).
pub fn track_total_hits_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
    let one_of = OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Boolean))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0))
                // JSON's exactly representable integers; beyond it a number is refused (it would
                // overflow the count), and the schema says so.
                .maximum(Some(MAX_TRACK_TOTAL_HITS as f64)),
        )
        .default(Some(serde_json::json!(DEFAULT_TRACK_TOTAL_HITS)))
        .build();
    Schema::OneOf(one_of)
}

impl<'de> Deserialize<'de> for TrackTotalHits {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = TrackTotalHits;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false or a non-negative integer")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<TrackTotalHits, E> {
                Ok(if v {
                    TrackTotalHits::Exact
                } else {
                    TrackTotalHits::UpTo(0)
                })
            }
            // Numbers are read as the request's other counts are (`10000.0` included):
            // `response::count`.
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<TrackTotalHits, E> {
                count(v.into_deserializer()).and_then(up_to)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<TrackTotalHits, E> {
                count(v.into_deserializer()).and_then(up_to)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<TrackTotalHits, E> {
                count(v.into_deserializer()).and_then(up_to)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TrackTotalHits, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Whether a total is the exact count or a lower bound (Elasticsearch's `hits.total.relation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TotalRelation {
    /// The total is exact.
    #[default]
    Eq,
    /// There are more matches than the total says (it is the bound).
    Gte,
}

/// `n` with its thousands grouped by commas (`10,000`), as the views print a bound.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What [`collect_top`] kept.
#[derive(Debug)]
pub struct BoundedTop {
    /// The best `keep` matches, best first (ties: lower address first, as tantivy's `TopDocs`).
    pub docs: Vec<(Score, DocAddress)>,
    /// The matches counted: exact when `relation` is `Eq`, else the bound.
    pub total: usize,
    /// Whether `total` is exact.
    pub relation: TotalRelation,
    /// The tag counts of the matches counted (every match when `relation` is `Eq`).
    pub facets: Option<TagCounts>,
}

/// A heap entry ordered so that the heap's top is the worst kept match.
#[derive(Debug, Clone, Copy)]
struct Entry {
    score: Score,
    doc: DocAddress,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// "Greater" is worse: a lower score, or an equal score at a later address.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then_with(|| self.doc.cmp(&other.doc))
    }
}

/// The best `keep` matches of `query` by score, counting matches exactly up to `bound` and pruning
/// past it; with `facets`, the tags of the matches counted. Deleted documents are neither kept nor
/// counted.
///
/// Two passes over each segment: the count (and the facets) walk the matches unscored and stop
/// past the bound; the ranking then runs tantivy's pruning from the first document, its threshold
/// the kept top's worst score as soon as `keep` matches are kept. Counting inside the ranking pass
/// instead (threshold `Score::MIN` until the bound) made block-max WAND walk the first `bound`
/// matches one pivot at a time, slower than a plain union for a question of many words.
pub fn collect_top(
    searcher: &Searcher,
    query: &dyn Query,
    keep: usize,
    bound: usize,
    facets: Option<&TagFacetCollector>,
) -> tantivy::Result<BoundedTop> {
    let (seen, facets) = count_up_to(searcher, query, bound, facets)?;
    let (total, relation) = if seen <= bound {
        (seen, TotalRelation::Eq)
    } else {
        (bound, TotalRelation::Gte)
    };
    let docs = if keep == 0 {
        Vec::new()
    } else {
        best(searcher, query, keep)?
    };
    Ok(BoundedTop {
        docs,
        total,
        relation,
        facets,
    })
}

/// The live matches of `query` counted up to `bound + 1` (more says "more than the bound"), with
/// the tags of the first `bound` when `facets` is given. Unscored.
fn count_up_to(
    searcher: &Searcher,
    query: &dyn Query,
    bound: usize,
    facets: Option<&TagFacetCollector>,
) -> tantivy::Result<(usize, Option<TagCounts>)> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut seen: usize = 0;
    let mut facet_fruits = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        if seen > bound {
            break;
        }
        let alive = reader.alive_bitset();
        let mut counting = match facets {
            Some(collector) => Some(collector.for_segment(ord as u32, reader)?),
            None => None,
        };
        let mut scorer = weight.scorer(reader, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED && seen <= bound {
            if !alive.is_some_and(|a| a.is_deleted(doc)) {
                seen += 1;
                if seen <= bound {
                    if let Some(counting) = counting.as_mut() {
                        counting.collect(doc, 0.0);
                    }
                }
            }
            doc = scorer.advance();
        }
        facet_fruits.extend(counting.map(SegmentCollector::harvest));
    }
    let counts = match facets {
        Some(collector) => Some(collector.merge_fruits(facet_fruits)?),
        None => None,
    };
    Ok((seen, counts))
}

/// The best `keep` live matches of `query`, best first (ties: lower address first, as tantivy's
/// `TopDocs`), through `Weight::for_each_pruning`.
fn best(
    searcher: &Searcher,
    query: &dyn Query,
    keep: usize,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut heap: BinaryHeap<Entry> =
        BinaryHeap::with_capacity(keep.saturating_add(1).min(1 << 16));
    // The score a match must beat: the kept top's worst once it is full.
    let threshold = |heap: &BinaryHeap<Entry>| -> Score {
        match heap.peek() {
            Some(worst) if heap.len() >= keep => worst.score,
            _ => Score::MIN,
        }
    };
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let alive = reader.alive_bitset();
        let start = threshold(&heap);
        weight.for_each_pruning(start, reader, &mut |doc, score| {
            if !alive.is_some_and(|a| a.is_deleted(doc)) {
                let entry = Entry {
                    score,
                    doc: DocAddress::new(ord as u32, doc),
                };
                if heap.len() < keep {
                    heap.push(entry);
                } else if heap.peek().is_some_and(|worst| entry < *worst) {
                    heap.pop();
                    heap.push(entry);
                }
            }
            threshold(&heap)
        })?;
    }
    Ok(heap
        .into_sorted_vec()
        .into_iter()
        .map(|e| (e.score, e.doc))
        .collect())
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::QueryParser;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter, Term};

    use super::*;

    /// 40 documents over two segments, one deleted; "alpha" in all, repeated more in later ones.
    fn index() -> (Index, tantivy::schema::Field) {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..40 {
            let text = format!("{} beta{i} gamma", "alpha ".repeat(1 + i % 7));
            writer.add_document(doc!(body => text)).unwrap();
            if i == 19 {
                writer.commit().unwrap();
            }
        }
        writer.delete_term(Term::from_field_text(body, "beta3"));
        writer.commit().unwrap();
        (index, body)
    }

    #[test]
    fn exact_below_the_bound_and_a_lower_bound_above_it() {
        let (index, body) = index();
        let searcher = index.reader().unwrap().searcher();
        let query = QueryParser::for_index(&index, vec![body])
            .parse_query("alpha gamma")
            .unwrap();
        let expected = searcher
            .search(&query, &(TopDocs::with_limit(5).order_by_score(), Count))
            .unwrap();
        assert_eq!(expected.1, 39);
        for bound in [39, 100] {
            let top = collect_top(&searcher, &query, 5, bound, None).unwrap();
            assert_eq!(
                (top.total, top.relation),
                (39, TotalRelation::Eq),
                "{bound}"
            );
            assert_eq!(top.docs, expected.0, "bound {bound}");
        }
        for bound in [0, 5, 38] {
            let top = collect_top(&searcher, &query, 5, bound, None).unwrap();
            assert_eq!((top.total, top.relation), (bound, TotalRelation::Gte));
            // Pruning never changes the page.
            assert_eq!(top.docs, expected.0, "bound {bound}");
        }
        // Keeping nothing still counts up to the bound.
        let none = collect_top(&searcher, &query, 0, 10, None).unwrap();
        assert!(none.docs.is_empty());
        assert_eq!((none.total, none.relation), (10, TotalRelation::Gte));
    }

    #[test]
    fn grouped_puts_commas_between_thousands() {
        let cases = [(0, "0"), (999, "999"), (1000, "1,000"), (10_000, "10,000")];
        for (n, text) in cases {
            assert_eq!(grouped(n), text);
        }
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn track_total_hits_reads_booleans_numbers_and_strings() {
        let parse = |json: &str| serde_json::from_str::<TrackTotalHits>(json).map_err(|_| ());
        assert_eq!(parse("true"), Ok(TrackTotalHits::Exact));
        assert_eq!(parse("false"), Ok(TrackTotalHits::UpTo(0)));
        assert_eq!(parse("25"), Ok(TrackTotalHits::UpTo(25)));
        assert_eq!(parse("\"25\""), Ok(TrackTotalHits::UpTo(25)));
        assert_eq!(parse("-1"), Err(()));
        assert_eq!(parse("\"many\""), Err(()));
        assert_eq!(parse("1.5"), Err(()));
        assert_eq!(parse("68783.0"), Ok(TrackTotalHits::UpTo(68783)));
        assert_eq!(parse("\"25.0\""), Ok(TrackTotalHits::UpTo(25)));
        assert_eq!(parse("-3.0"), Err(()));
        // Not in the documented schema (a boolean or an integer): refused, not read as a default.
        assert_eq!(parse("null"), Err(()));
    }

    #[test]
    fn the_documented_schema_is_a_boolean_or_a_non_negative_integer() {
        let schema = serde_json::to_value(track_total_hits_schema()).unwrap();
        let types: Vec<_> = schema["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["type"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(types, ["boolean", "integer"]);
        assert_eq!(schema["oneOf"][1]["minimum"], 0);
        assert_eq!(
            schema["oneOf"][1]["maximum"].as_f64(),
            Some(MAX_TRACK_TOTAL_HITS as f64)
        );
        // A number past any count is refused, not wrapped.
        assert!("4328636417442750381686784"
            .parse::<TrackTotalHits>()
            .is_err());
    }
}
