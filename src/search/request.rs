//! [`SearchRequest`]: what to search for, and the bounds every request is checked against before
//! any work starts ([`SearchRequest::validate`]), whether it comes from the command line or a server.
//!
//! The bounds exist because a request's sizes become allocations: tantivy's top-N collector reserves
//! room for `offset + limit` hits up front, so an unchecked `--limit` is a request for memory, and
//! its query parser recurses once per nesting level, so an unchecked query is a request for stack.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::query;
use super::response;
use super::SearchError;
use super::TrackTotalHits;

/// The most hits one request may return.
pub const MAX_LIMIT: usize = 10_000;

/// The deepest hit a request may reach: `offset + limit` at most this (Elasticsearch's
/// `max_result_window`). Deeper paging costs memory and time in proportion to the depth.
pub const MAX_RESULT_WINDOW: usize = 100_000;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// By score; newest first for an empty query.
    #[default]
    Relevance,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
}

/// What to search for: the one request type of `fihris search` and of the server's `/api/search`
/// (its wire names are the API's: `q`, `tag`, `any_tag`, `not_tag`, …; a query string repeats a tag
/// parameter, a JSON body gives an array).
#[derive(Debug, Clone, Default, Deserialize, ToSchema, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchRequest {
    /// The query text; empty matches every article.
    #[serde(rename = "q", default)]
    #[schema(rename = "q", max_length = 1000)]
    #[param(rename = "q", max_length = 1000)]
    pub query: String,
    /// Tags every hit must have.
    #[serde(rename = "tag", default)]
    #[schema(rename = "tag", max_items = 100)]
    #[param(rename = "tag", max_items = 100)]
    pub all_tags: Vec<String>,
    /// Tags of which a hit must have one.
    #[serde(rename = "any_tag", default)]
    #[schema(rename = "any_tag", max_items = 100)]
    #[param(rename = "any_tag", max_items = 100)]
    pub any_tags: Vec<String>,
    /// Tags no hit may have.
    #[serde(rename = "not_tag", default)]
    #[schema(rename = "not_tag", max_items = 100)]
    #[param(rename = "not_tag", max_items = 100)]
    pub not_tags: Vec<String>,
    /// Earliest date (inclusive), `YYYY-MM-DD` (RFC 3339 is taken too).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    #[param(value_type = Option<String>, format = Date)]
    pub since: Option<String>,
    /// Latest date (inclusive: the whole day for `YYYY-MM-DD`).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    #[param(value_type = Option<String>, format = Date)]
    pub until: Option<String>,
    /// Order.
    #[serde(default)]
    pub sort: Sort,
    /// Hits to return (10 when not given).
    #[serde(
        default = "response::default_limit",
        deserialize_with = "response::count"
    )]
    #[schema(default = 10, minimum = 0, maximum = 1000)]
    #[param(default = 10, minimum = 0, maximum = 1000)]
    pub limit: usize,
    /// Hits to skip.
    #[serde(default, deserialize_with = "response::count")]
    #[schema(minimum = 0, maximum = 10000)]
    #[param(minimum = 0, maximum = 10000)]
    pub offset: usize,
    /// Tag facets to count (0: none; 10 when not given).
    #[serde(
        default = "response::default_facets",
        deserialize_with = "response::count"
    )]
    #[schema(default = 10, minimum = 0, maximum = 1000)]
    #[param(default = 10, minimum = 0, maximum = 1000)]
    pub facets: usize,
    /// How far to count the matches: `true` counts every one, a number counts exactly up to it
    /// and then reports "more than" (`total_relation: "gte"`); 10,000 when not given. Past the bound
    /// the facets are counted over the first `track_total_hits` matches (`facets.sampled`).
    /// A date order always counts exactly.
    #[serde(default)]
    #[schema(schema_with = super::count::track_total_hits_schema)]
    #[param(schema_with = super::count::track_total_hits_schema)]
    pub track_total_hits: TrackTotalHits,
    /// Whether a query word also matches its spelling variants (ترامب finds ترمب, ranked below
    /// the spelling typed); true when not given.
    #[serde(default = "response::default_variants")]
    #[schema(default = true)]
    #[param(default = true)]
    pub variants: bool,
    /// Whether to make snippets (batch runs don't need them; always on over the API).
    #[serde(skip, default = "response::default_snippets")]
    #[schema(ignore)]
    #[param(ignore)]
    pub snippets: bool,
}

impl SearchRequest {
    /// Checks the request's bounds: query length and nesting, `limit`, `offset + limit`, and that
    /// the dates are dates. The error names the offending field as the request spells it.
    pub fn validate(&self) -> Result<(), SearchError> {
        let invalid =
            |field: &'static str, message: String| SearchError::InvalidRequest { field, message };
        query::check_bounds(&self.query).map_err(|message| invalid("query", message))?;
        if self.limit > MAX_LIMIT {
            return Err(invalid(
                "limit",
                format!("{} is more than the maximum, {MAX_LIMIT}", self.limit),
            ));
        }
        match self.offset.checked_add(self.limit) {
            Some(window) if window <= MAX_RESULT_WINDOW => {}
            _ => {
                return Err(invalid(
                    "offset",
                    format!(
                        "offset {} + limit {} is more than the deepest result served, \
                         {MAX_RESULT_WINDOW}",
                        self.offset, self.limit
                    ),
                ))
            }
        }
        for (field, value) in [("since", &self.since), ("until", &self.until)] {
            if let Some(text) = value {
                if crate::dates::parse_filter_date(text).is_none() {
                    return Err(invalid(
                        field,
                        format!("{text:?} is not a date: expected YYYY-MM-DD or RFC 3339"),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(request: &SearchRequest) -> Option<&'static str> {
        match request.validate() {
            Ok(()) => None,
            Err(SearchError::InvalidRequest { field, .. }) => Some(field),
            Err(other) => panic!("unexpected error {other}"),
        }
    }

    #[test]
    fn huge_limit_and_offset_are_errors_naming_the_field() {
        let ok = SearchRequest {
            limit: MAX_LIMIT,
            offset: MAX_RESULT_WINDOW - MAX_LIMIT,
            ..SearchRequest::default()
        };
        assert_eq!(field_of(&ok), None);
        for limit in [MAX_LIMIT + 1, 10_000_000_000, usize::MAX] {
            let request = SearchRequest {
                limit,
                ..SearchRequest::default()
            };
            assert_eq!(field_of(&request), Some("limit"), "limit {limit}");
        }
        for offset in [MAX_RESULT_WINDOW, i64::MAX as usize, usize::MAX] {
            let request = SearchRequest {
                offset,
                limit: 10,
                ..SearchRequest::default()
            };
            assert_eq!(field_of(&request), Some("offset"), "offset {offset}");
        }
    }

    #[test]
    fn a_date_that_is_not_a_date_names_its_field() {
        let request = SearchRequest {
            until: Some("yesterday".into()),
            ..SearchRequest::default()
        };
        assert_eq!(field_of(&request), Some("until"));
    }
}
