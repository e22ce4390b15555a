//! `search-template.json` (Fihris's query as a mustache search template) and the output's
//! `README.md` (the `curl` commands for OpenSearch 2.x and Elasticsearch 8.x).

use serde_json::{json, Value};

use crate::search::Ranking;

/// The template's query: any of the words over the combined text (title, tags and body weighted by
/// repetition, as Fihris indexes it) and its exact form with Fihris's weight (the fields' search
/// analyzers drop the question words), tag filters on the keys (`all_tags`, `any_tags`,
/// `not_tags`), a date range (`since`, `until`), sort by relevance or date (`newest`/`oldest`), the
/// tag facets as a terms aggregation on `tag_keys`, highlights on `body`. When Fihris's default
/// ranking has the proximity bonus on ([`search_template_for`]), the template takes it as the optional `pairs`: the query's
/// consecutive content words as `"w1 w2"` strings (a mustache template cannot split a string), each
/// a sloppy phrase with Fihris's slop and weight.
pub fn search_template() -> Value {
    search_template_for(&Ranking::default())
}

/// [`search_template`] for `ranking`.
pub fn search_template_for(ranking: &Ranking) -> Value {
    let fields = format!(r#"["text", "text.exact^{}"]"#, ranking.exact);
    // Only when Fihris ranks with it (off by default).
    let pairs = if ranking.proximity > 0.0 {
        format!(
            r#"{{{{#pairs}}}}{{"match_phrase": {{"text": {{"query": "{{{{.}}}}", "slop": {}, "boost": {}}}}}}},{{{{/pairs}}}}"#,
            ranking.slop, ranking.proximity
        )
    } else {
        String::new()
    };
    // Mustache over JSON text: sections for the optional parts, a trailing match_all so that the
    // lists' commas always have something after them.
    let source = format!(
        r#"{{
  "from": {{{{from}}}}{{{{^from}}}}0{{{{/from}}}},
  "size": {{{{size}}}}{{{{^size}}}}10{{{{/size}}}},
  "query": {{"bool": {{
    "must": [{{{{#q}}}}{{"multi_match": {{"query": "{{{{q}}}}", "type": "most_fields", "operator": "or", "fields": {fields}}}}}{{{{/q}}}}{{{{^q}}}}{{"match_all": {{}}}}{{{{/q}}}}],
    "should": [{pairs}{{"match_none": {{}}}}],
    "filter": [
      {{{{#all_tags}}}}{{"match": {{"tag_keys": "{{{{.}}}}"}}}},{{{{/all_tags}}}}
      {{{{#any_tags.0}}}}{{"bool": {{"should": [{{{{#any_tags}}}}{{"match": {{"tag_keys": "{{{{.}}}}"}}}},{{{{/any_tags}}}}{{"match_none": {{}}}}]}}}},{{{{/any_tags.0}}}}
      {{"range": {{"date": {{"gte": "{{{{since}}}}{{{{^since}}}}1000-01-01{{{{/since}}}}", "lte": "{{{{until}}}}{{{{^until}}}}9999-12-31{{{{/until}}}}"}}}}}}
    ],
    "must_not": [{{{{#not_tags}}}}{{"match": {{"tag_keys": "{{{{.}}}}"}}}},{{{{/not_tags}}}}{{"match_none": {{}}}}]
  }}}},
  "sort": [{{{{#newest}}}}{{"date": "desc"}},{{{{/newest}}}}{{{{#oldest}}}}{{"date": "asc"}},{{{{/oldest}}}}"_score"],
  "aggs": {{"tags": {{"terms": {{"field": "tag_keys", "size": {{{{facets}}}}{{{{^facets}}}}10{{{{/facets}}}}}}}}}},
  "highlight": {{"fields": {{"body": {{"number_of_fragments": 1, "fragment_size": 200}}}}}}
}}"#
    );
    json!({"script": {"lang": "mustache", "source": source}})
}

/// The output's README: how to load the export into a cluster and search it.
pub fn readme(name: &str) -> String {
    format!(
        r#"# Fihris export for OpenSearch 2.x / Elasticsearch 8.x

Written by `fihris export opensearch`. `$ES` is the cluster's address with credentials, e.g.
`ES='-k -u admin:PASSWORD https://localhost:9200'` (OpenSearch with its security plugin) or
`ES='--cacert http_ca.crt -u elastic:PASSWORD https://localhost:9200'` (Elasticsearch 8.x, where
security is on by default).

1. Copy `fihris-stems.txt` into `analysis/` under the configuration folder of **every** node
   (OpenSearch: `config/analysis/`, Elasticsearch: `$ES_PATH_CONF/analysis/`); the
   `stemmer_override` filter reads it through `rules_path` when the index is created.
2. Create the index:

       curl $ES/{name} -X PUT -H 'Content-Type: application/json' --data-binary @index.json

3. Load the articles (one request per file; `--since-export` exports hold index and delete actions):

       for f in bulk/*.ndjson; do
         curl -s $ES/{name}/_bulk -X POST -H 'Content-Type: application/x-ndjson' --data-binary @"$f" |
           grep -q '"errors":false' || echo "$f: errors"
       done

4. Register the search template (both engines: `_scripts/ID`):

       curl $ES/_scripts/fihris-search -X PUT -H 'Content-Type: application/json' --data-binary @search-template.json

5. Search with it (`q`, `all_tags`, `any_tags`, `not_tags` as tag keys, `since`, `until`,
   `newest` or `oldest`, `from`, `size`, `facets`):

       curl $ES/{name}/_search/template -H 'Content-Type: application/json' -d '{{
         "id": "fihris-search",
         "params": {{"q": "الرئيس الروسي", "any_tags": ["روسيا"], "size": 10}}
       }}'

Where the engines differ: Elasticsearch 8.x needs TLS and a password out of the box; OpenSearch 2.x
with the security plugin too, without it plain `http://`. Both ship every analysis component used
(`mapping`, `standard`, `keep_types`, `lowercase`, `pattern_replace`, `length`, `stop`,
`stemmer_override`, `arabic_stem`) in their built-in analysis module.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proximity_pairs_render_to_one_json_clause_each() {
        let ranking = Ranking {
            proximity: 0.5,
            ..Ranking::default()
        };
        let source = search_template_for(&ranking)["script"]["source"]
            .as_str()
            .unwrap()
            .to_string();
        let start = source.find("{{#pairs}}").unwrap() + "{{#pairs}}".len();
        let end = source.find("{{/pairs}}").unwrap();
        // What mustache writes for the pair "a b": the section once, `{{.}}` replaced.
        let clause = source[start..end].replace("{{.}}", "a b");
        let parsed: Value = serde_json::from_str(clause.trim_end_matches(',')).unwrap();
        assert_eq!(parsed["match_phrase"]["text"]["query"], "a b");
        assert_eq!(parsed["match_phrase"]["text"]["slop"], ranking.slop);
        assert_eq!(parsed["match_phrase"]["text"]["boost"], 0.5);
    }

    #[test]
    fn template_carries_fihris_ranking() {
        let source = search_template()["script"]["source"]
            .as_str()
            .unwrap()
            .to_string();
        let ranking = Ranking::default();
        assert!(source.contains(&format!("\"text.exact^{}\"", ranking.exact)));
        let proximity = format!(
            "\"slop\": {}, \"boost\": {}",
            ranking.slop, ranking.proximity
        );
        assert_eq!(source.contains(&proximity), ranking.proximity > 0.0);
        assert!(source.contains("\"terms\": {\"field\": \"tag_keys\""));
    }
}
