//! Disjunctive facets: with an "any of these tags" filter, each tag's count is the count it would
//! have if that filter were off, so ticking one tag does not zero the others (Algolia's disjunctive
//! faceting; Elasticsearch gets it by filtering hits in a `post_filter` after the aggregations).
//!
//! The hits and the total come from the request as given; the facet counts from the same request
//! without its `any_tags` (every other filter, required and excluded tags and dates, still applies).
//! Tags the caller pins (the ones a user ticked) are counted even when they are not among the top.

use super::{Engine, FacetCount, SearchError, SearchRequest, SearchResults, TrackTotalHits};

impl Engine {
    /// Runs `request` with disjunctive counts for its `any_tags`, and a count for each tag of
    /// `pinned` missing from the top facets (appended after them, in `pinned` order).
    pub fn search_disjunctive(
        &self,
        request: &SearchRequest,
        pinned: &[String],
    ) -> Result<SearchResults, SearchError> {
        let mut results = self.search(request)?;
        if request.facets == 0 {
            return Ok(results);
        }
        // The base the facets are counted over: the request without its own any-of group.
        let base = SearchRequest {
            any_tags: Vec::new(),
            limit: 0,
            offset: 0,
            snippets: false,
            ..request.clone()
        };
        if !request.any_tags.is_empty() {
            let counted = self.search(&base)?;
            results.facets = counted.facets;
            results.facets_sampled = counted.facets_sampled;
            results.took_ms += counted.took_ms;
        }
        let shown: std::collections::HashSet<String> = results
            .facets
            .iter()
            .map(|f| self.tag_key(&f.tag))
            .collect();
        let mut seen = std::collections::HashSet::new();
        for tag in pinned {
            let key = self.tag_key(tag);
            if key.is_empty() || shown.contains(&key) || !seen.insert(key) {
                continue;
            }
            // A pinned tag's count is shown as a number: counted exactly.
            let mut one = SearchRequest {
                facets: 0,
                track_total_hits: TrackTotalHits::Exact,
                ..base.clone()
            };
            one.all_tags.push(tag.clone());
            let counted = self.search(&one)?;
            results.took_ms += counted.took_ms;
            results.facets.push(FacetCount {
                tag: tag.clone(),
                count: counted.total as u64,
            });
        }
        Ok(results)
    }
}
