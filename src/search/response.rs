//! The wire form of a search: the one response type that `fihris search --json` prints and the
//! server's `/api/search` answers, and the defaults of the request's wire fields.

use serde::Serialize;
use utoipa::ToSchema;

use super::{FacetCount, Hit, SearchResults, TotalRelation, UnknownTag};

/// Hits per page when a request does not say.
pub const DEFAULT_LIMIT: usize = 10;
/// Tag facets counted when a request does not say.
pub const DEFAULT_FACETS: usize = 10;

pub(crate) fn default_limit() -> usize {
    DEFAULT_LIMIT
}

pub(crate) fn default_facets() -> usize {
    DEFAULT_FACETS
}

pub(crate) fn default_snippets() -> bool {
    true
}

pub(crate) fn default_variants() -> bool {
    true
}

/// What a search found, as printed and served:
/// `{"query","did_you_mean","total","total_relation","took_ms","hits":[…],"facets":{"tags":[{"tag","count"}],"sampled"},"unknown_tags","warnings"}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResponse {
    /// The query as given.
    pub query: String,
    /// When the query found fewer than 3 articles: a query that finds more (each word replaced by
    /// its most frequent spelling, or by a much more frequent word one or two letters away).
    pub did_you_mean: Option<String>,
    /// Matching articles (all of them, not only this page); a lower bound when `total_relation` is
    /// `gte`.
    pub total: usize,
    /// `eq`: `total` is exact; `gte`: there are more matches than `total` (the request's
    /// `track_total_hits` bound).
    pub total_relation: TotalRelation,
    /// Time the engine took, milliseconds (three decimals).
    pub took_ms: f64,
    /// This page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts over every matching article.
    pub facets: SearchFacets,
    /// Tag filters that name no tag in the index, with the closest tags.
    pub unknown_tags: Vec<UnknownTag>,
    /// What the query parser could not parse (searched as plain words), and other notes on the query.
    pub warnings: Vec<String>,
}

/// The facets of a response, by facet field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchFacets {
    /// Tag counts, most frequent first.
    pub tags: Vec<FacetCount>,
    /// Whether the counts are over a sample, the first `track_total_hits` matches in index
    /// (archive) order, because there were more matches than that; else over every match.
    pub sampled: bool,
}

impl From<SearchResults> for SearchResponse {
    fn from(r: SearchResults) -> Self {
        SearchResponse {
            query: r.query,
            did_you_mean: r.did_you_mean,
            total: r.total,
            total_relation: r.total_relation,
            took_ms: (r.took_ms * 1000.0).round() / 1000.0,
            hits: r.hits,
            facets: SearchFacets {
                tags: r.facets,
                sampled: r.facets_sampled,
            },
            unknown_tags: r.unknown_tags,
            warnings: r.warnings,
        }
    }
}

/// A count (`limit`, `offset`, `facets`): a non-negative integer, from JSON (`10`, `10.0`) or from
/// a query string (`"10"`).
pub(crate) fn count<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<usize, D::Error> {
    struct Count;
    impl serde::de::Visitor<'_> for Count {
        type Value = usize;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a non-negative integer")
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<usize, E> {
            usize::try_from(v).map_err(|_| E::custom(format!("{v} is too large")))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<usize, E> {
            u64::try_from(v)
                .map_err(|_| E::custom(format!("{v} is negative")))
                .and_then(|v| self.visit_u64(v))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<usize, E> {
            if v.fract() == 0.0 && v >= 0.0 && v <= u64::MAX as f64 {
                self.visit_u64(v as u64)
            } else {
                Err(E::custom(format!("{v} is not a non-negative integer")))
            }
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<usize, E> {
            let v = v.trim();
            if let Ok(n) = v.parse::<u64>() {
                return self.visit_u64(n);
            }
            match v.parse::<f64>() {
                Ok(f) if f.is_finite() => self.visit_f64(f),
                _ => Err(E::custom(format!("{v:?} is not a non-negative integer"))),
            }
        }
    }
    deserializer.deserialize_any(Count)
}
