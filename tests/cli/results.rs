//! `fihris search` results over the bundled `corpus/`: tag filters and facets (checked against counts
//! computed from the corpus files), dates and order, paging, the JSON shape, empty and missing
//! indexes, batch runs.

use std::collections::{BTreeMap, HashSet};

use fihris::tags::tag_key;
use serde_json::Value;

use crate::search::{all_ids, search, sorted};
use crate::util::{corpus_articles, corpus_index, hit_ids, num, stderr, Sandbox};

#[test]
fn tag_filters_are_normalized() {
    // Independently: the articles of the corpus whose tags include أرمينيا in any spelling.
    let articles = corpus_articles();
    let with_key = |key: &str| -> Vec<String> {
        let mut ids: Vec<String> = articles
            .iter()
            .filter(|(_, a)| a.tags.iter().any(|t| tag_key(t) == key))
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids
    };
    let armenia = with_key(&tag_key("أرمينيا"));
    assert_eq!(armenia.len(), 6, "corpus/README.md: 4 أرمينيا + 2 ارمينيا");
    for typed in ["أرمينيا", "ارمينيا", "#أرمينيا", " إرمينيا "] {
        assert_eq!(
            sorted(all_ids("", &["--tag", typed])),
            armenia,
            "--tag {typed:?}"
        );
    }
    // --tag twice: both; --any-tag: either; --not-tag: none.
    let russia = with_key(&tag_key("روسيا"));
    let both: Vec<String> = armenia
        .iter()
        .filter(|id| russia.contains(id))
        .cloned()
        .collect();
    assert_eq!(
        sorted(all_ids("", &["--tag", "ارمينيا", "--tag", "روسيا"])),
        both
    );
    let mut either: Vec<String> = armenia.iter().chain(&russia).cloned().collect();
    either.sort();
    either.dedup();
    assert_eq!(
        sorted(all_ids("", &["--any-tag", "ارمينيا", "--any-tag", "روسيا"])),
        either
    );
    let not: Vec<String> = sorted(all_ids("", &["--not-tag", "ارمينيا"]));
    assert_eq!(not.len(), articles.len() - armenia.len());
    assert!(not.iter().all(|id| !armenia.contains(id)));
    // Combined with a query.
    let karabakh_not_armenia = all_ids("كاراباخ", &["--not-tag", "أرمينيا"]);
    assert!(!karabakh_not_armenia.is_empty());
    assert!(karabakh_not_armenia.iter().all(|id| !armenia.contains(id)));
}

#[test]
fn an_unknown_tag_is_reported_with_suggestions() {
    let out = crate::util::fihris_in(std::env::temp_dir().as_path())
        .args(["search", "--json", "--tag", "أرمينا", "--index"])
        .arg(corpus_index())
        .arg("كاراباخ")
        .output()
        .unwrap();
    assert!(out.status.success());
    let results = crate::util::parse_json(&out.stdout);
    assert_eq!(results["total"], 0);
    let err = stderr(&out);
    assert!(err.contains("أرمينا"), "{err}");
    assert!(err.contains("أرمينيا"), "the close tag is suggested: {err}");
}

/// Facet counts of the whole corpus, computed from the files: articles per tag key.
fn corpus_tag_counts() -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for (_, article) in corpus_articles() {
        let keys: HashSet<String> = article.tags.iter().map(|t| tag_key(t)).collect();
        for key in keys.into_iter().filter(|k| !k.is_empty()) {
            *counts.entry(key).or_insert(0) += 1;
        }
    }
    counts
}

fn facets_by_key(results: &Value) -> BTreeMap<String, u64> {
    results["facets"]["tags"]
        .as_array()
        .expect("facets")
        .iter()
        .map(|f| (tag_key(f["tag"].as_str().unwrap()), num(&f["count"])))
        .collect()
}

#[test]
fn facet_counts_match_the_corpus() {
    let expected = corpus_tag_counts();
    let results = search("", &["--facets", "1000", "--limit", "1"]);
    assert_eq!(facets_by_key(&results), expected);
    assert_eq!(
        num(&crate::util::stats_of(corpus_index())["distinct_tags"]),
        expected.len() as u64
    );
    // The top 10 are the 10 biggest, biggest first.
    let top = search("", &["--limit", "1"]);
    let counts: Vec<u64> = top["facets"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| num(&f["count"]))
        .collect();
    assert_eq!(counts.len(), 10);
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let mut all: Vec<u64> = expected.values().copied().collect();
    all.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(counts, all[..10]);
    assert_eq!(counts[0], 9, "corpus/README.md: السعودية, 9 articles");
}

#[test]
fn facet_counts_of_a_query_match_its_hits() {
    for (query, extra) in [("كاراباخ", &[][..]), ("الرئيس", &["--tag", "مصر"][..])]
    {
        let results = search(
            query,
            &[&["--limit", "1000", "--facets", "1000"], extra].concat(),
        );
        let mut expected: BTreeMap<String, u64> = BTreeMap::new();
        for hit in results["hits"].as_array().unwrap() {
            for tag in hit["tags"].as_array().unwrap() {
                *expected.entry(tag_key(tag.as_str().unwrap())).or_insert(0) += 1;
            }
        }
        assert_eq!(
            num(&results["total"]),
            results["hits"].as_array().unwrap().len() as u64
        );
        assert_eq!(facets_by_key(&results), expected, "{query} {extra:?}");
        assert!(!expected.is_empty());
    }
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let results = search("أرمينيا", &["--limit", "3"]);
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&results),
        [
            "did_you_mean",
            "facets",
            "hits",
            "query",
            "took_ms",
            "total",
            "total_relation",
            "unknown_tags",
            "warnings"
        ]
    );
    assert_eq!(results["query"], "أرمينيا");
    // A query that finds enough gets no suggestion, and the key is there all the same.
    assert!(results["did_you_mean"].is_null());
    assert!(results["took_ms"].is_number());
    assert!(num(&results["total"]) >= 3);
    assert_eq!(keys(&results["facets"]), ["sampled", "tags"]);
    assert_eq!(results["total_relation"], "eq");
    assert_eq!(results["facets"]["sampled"], false);
    for facet in results["facets"]["tags"].as_array().unwrap() {
        assert_eq!(keys(facet), ["count", "tag"]);
    }
    let hits = results["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    for hit in hits {
        assert_eq!(
            keys(hit),
            [
                "date",
                "highlights",
                "id",
                "path",
                "score",
                "snippet",
                "tags",
                "title"
            ]
        );
        assert!(hit["score"].as_f64().unwrap() > 0.0);
        assert!(hit["date"].is_null() || hit["date"].is_string());
        assert!(hit["tags"].as_array().unwrap().iter().all(Value::is_string));
        for range in hit["highlights"].as_array().unwrap() {
            assert_eq!(range.as_array().unwrap().len(), 2);
        }
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
}

#[test]
fn a_total_past_track_total_hits_is_a_lower_bound_and_the_facets_are_sampled() {
    let query = "الرئيس";
    let exact = search(query, &["--limit", "1000", "--facets", "1000"]);
    let total = num(&exact["total"]);
    assert!(
        total > 6,
        "the query must match more than the bound: {total}"
    );
    assert_eq!(exact["total_relation"], "eq");
    assert_eq!(exact["facets"]["sampled"], false);
    let everything = search(
        query,
        &[
            "--limit",
            "1000",
            "--track-total-hits",
            "true",
            "--facets",
            "1000",
        ],
    );
    assert_eq!(everything["total"], exact["total"]);
    assert_eq!(everything["total_relation"], "eq");
    assert_eq!(everything["facets"], exact["facets"]);

    let bounded = search(
        query,
        &[
            "--limit",
            "5",
            "--facets",
            "1000",
            "--track-total-hits",
            "5",
        ],
    );
    assert_eq!(num(&bounded["total"]), 5);
    assert_eq!(bounded["total_relation"], "gte");
    assert_eq!(bounded["facets"]["sampled"], true);
    // The page is the same; the facets count five articles, each tag at most as often as in all.
    assert_eq!(hit_ids(&bounded), hit_ids(&exact)[..5]);
    let all_facets = facets_by_key(&exact);
    let sampled = facets_by_key(&bounded);
    assert!(!sampled.is_empty());
    for (tag, count) in &sampled {
        assert!(*count <= 5 && *count <= all_facets[tag], "{tag}: {count}");
    }
    // A page larger than the bound: still the best first.
    let wide = search(
        query,
        &[
            "--limit",
            "8",
            "--facets",
            "1000",
            "--track-total-hits",
            "5",
        ],
    );
    assert_eq!(hit_ids(&wide), hit_ids(&exact)[..8]);
    assert_eq!(wide["facets"]["sampled"], true);

    // At the bound the count is exact; one below, it is not.
    let at = total.to_string();
    let at_bound = search(query, &["--track-total-hits", &at]);
    assert_eq!(
        (num(&at_bound["total"]), &at_bound["total_relation"]),
        (total, &Value::from("eq"))
    );
    let below = (total - 1).to_string();
    let below_bound = search(query, &["--track-total-hits", &below]);
    assert_eq!(num(&below_bound["total"]), total - 1);
    assert_eq!(below_bound["total_relation"], "gte");
    // A date order visits every match anyway: exact.
    let newest = search(query, &["--sort", "newest", "--track-total-hits", "5"]);
    assert_eq!(num(&newest["total"]), total);
    assert_eq!(newest["total_relation"], "eq");

    // The text view says "more than" and that the facets are sampled.
    let text_search = |args: &[&str]| {
        let index = corpus_index();
        let mut cmd = crate::util::fihris_in(index.parent().unwrap());
        cmd.args(args).arg("--index").arg(index);
        cmd
    };
    let out = text_search(&["search", query, "--track-total-hits", "5"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("more than 5 results ("), "{text}");
    assert!(
        text.contains("tags (counted over the first 5 results, in archive order):"),
        "{text}"
    );
    let plain = text_search(&["search", query]).output().expect("run");
    let plain = String::from_utf8_lossy(&plain.stdout);
    assert!(plain.starts_with(&format!("{total} results (")), "{plain}");
    assert!(plain.contains("\ntags:\n"), "{plain}");

    let bad = text_search(&["search", query, "--track-total-hits", "many"])
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
}

#[test]
fn the_empty_query_matches_every_article_newest_first() {
    let articles = corpus_articles();
    let results = search("", &["--limit", "1000"]);
    assert_eq!(num(&results["total"]), articles.len() as u64);
    assert_eq!(articles.len(), 60, "corpus/README.md: 60 articles");
    let dates: Vec<&str> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["date"].as_str())
        .collect();
    // The 7 feed articles, and the text files dated by their names (`2020-10-12-slug.txt`).
    let dated = articles.iter().filter(|(_, a)| a.date.is_some()).count();
    assert!(dated > 7, "{dated}");
    assert_eq!(dates.len(), dated);
    let mut newest_first = dates.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, newest_first);
    // The dated articles come first.
    let hits = results["hits"].as_array().unwrap();
    assert!(hits[..dated].iter().all(|h| h["date"].is_string()));
}

#[test]
fn sort_newest_and_oldest_order_by_date() {
    let newest = search("كورونا", &["--sort", "newest", "--limit", "100"]);
    let oldest = search("كورونا", &["--sort", "oldest", "--limit", "100"]);
    let relevance = search("كورونا", &["--limit", "100"]);
    assert_eq!(newest["total"], relevance["total"]);
    let dates = |r: &Value| -> Vec<String> {
        r["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["date"].as_str().map(String::from))
            .collect()
    };
    let new = dates(&newest);
    let old = dates(&oldest);
    assert!(new.len() >= 2, "{new:?}");
    assert!(new.windows(2).all(|w| w[0] >= w[1]), "{new:?}");
    assert!(old.windows(2).all(|w| w[0] <= w[1]), "{old:?}");
    assert!(newest["hits"][0]["date"].is_string());
}

#[test]
fn since_and_until_filter_the_dated_articles() {
    // Independently, from the articles' date strings: the feed's (none crosses midnight UTC) and
    // those the text files take from their names.
    let dated: Vec<(String, String)> = corpus_articles()
        .into_iter()
        .filter_map(|(id, a)| a.date.map(|d| (id, d[..10].to_string())))
        .collect();
    assert!(dated.len() > 7, "{}", dated.len());
    for (since, until) in [
        (Some("2020-10-07"), Some("2020-10-13")),
        (Some("2020-10-14"), None),
        (None, Some("2020-10-04")),
        (Some("2020-11-01"), None),
    ] {
        let mut expected: Vec<String> = dated
            .iter()
            .filter(|(_, day)| since.is_none_or(|s| day.as_str() >= s))
            .filter(|(_, day)| until.is_none_or(|u| day.as_str() <= u))
            .map(|(id, _)| id.clone())
            .collect();
        expected.sort();
        let mut flags = Vec::new();
        if let Some(s) = since {
            flags.extend(["--since", s]);
        }
        if let Some(u) = until {
            flags.extend(["--until", u]);
        }
        assert_eq!(sorted(all_ids("", &flags)), expected, "{flags:?}");
    }
    let out = crate::util::fihris_in(std::env::temp_dir().as_path())
        .args(["search", "--since", "last week", "--index"])
        .arg(corpus_index())
        .arg("كورونا")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "an invalid date is an error");
    assert!(stderr(&out).contains("last week"), "{}", stderr(&out));
}

#[test]
fn offset_pages_through_the_results() {
    let all = all_ids("الرئيس", &[]);
    assert!(all.len() > 6);
    let mut paged = Vec::new();
    for offset in (0..all.len()).step_by(3) {
        let page = search("الرئيس", &["--limit", "3", "--offset", &offset.to_string()]);
        assert_eq!(
            num(&page["total"]),
            all.len() as u64,
            "total is not the page size"
        );
        paged.extend(hit_ids(&page));
    }
    assert_eq!(paged, all);
    let past = search("الرئيس", &["--offset", "1000"]);
    assert!(hit_ids(&past).is_empty());
}

#[test]
fn an_empty_index_finds_nothing() {
    let s = Sandbox::new();
    s.index(&[]);
    for query in ["", "أرمينيا"] {
        let results = s.search(query, &[]);
        assert_eq!(results["total"], 0);
        assert_eq!(results["hits"], serde_json::json!([]));
    }
}

#[test]
fn a_missing_index_is_a_clear_error() {
    let s = Sandbox::new();
    for args in [
        &["search", "أرمينيا"][..],
        &["stats"][..],
        &["tags"][..],
        &["tags", "report"][..],
    ] {
        let out = s.with_index(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("no index at"), "{args:?}: {err}");
        assert!(err.contains("fihris index"), "says how to build one: {err}");
        assert!(!s.index.exists(), "{args:?} created the index folder");
    }
}

#[test]
fn batch_writes_a_trec_run() {
    let s = Sandbox::new();
    let queries = s.tmp.path().join("queries.tsv");
    std::fs::write(
        &queries,
        "# comment\nq1\tلافروف\n\nq2\tالرئيس\nq3\tكلمةغيرموجودةأبدا\n",
    )
    .unwrap();
    let run = s.tmp.path().join("run.txt");
    let out = crate::util::fihris_in(s.tmp.path())
        .args(["search", "--limit", "5", "--run-tag", "mytag", "--batch"])
        .arg(&queries)
        .arg("--run")
        .arg(&run)
        .arg("--index")
        .arg(corpus_index())
        .output()
        .unwrap();
    crate::util::assert_success(&out, "batch");
    let text = std::fs::read_to_string(&run).unwrap();
    let mut per_query: BTreeMap<&str, Vec<(String, usize, f64)>> = BTreeMap::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split(' ').collect();
        assert_eq!(cols.len(), 6, "{line:?}");
        assert_eq!(cols[1], "Q0");
        assert_eq!(cols[5], "mytag");
        let rank: usize = cols[3].parse().expect("rank");
        let score: f64 = cols[4].parse().expect("score");
        per_query
            .entry(cols[0])
            .or_default()
            .push((cols[2].to_string(), rank, score));
    }
    let q1: Vec<(&str, usize)> = per_query["q1"]
        .iter()
        .map(|r| (r.0.as_str(), r.1))
        .collect();
    assert_eq!(q1, [("gazette/world/2020-10-10-moscow-ceasefire.txt", 1)]);
    let q2 = &per_query["q2"];
    assert_eq!(q2.len(), 5, "--limit");
    assert_eq!(q2.iter().map(|r| r.1).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    assert!(q2.windows(2).all(|w| w[0].2 >= w[1].2));
    assert_eq!(
        q2.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
        hit_ids(&search("الرئيس", &["--limit", "5"]))
    );
    assert!(!per_query.contains_key("q3"));
    // The run scores: q1's one relevant article at rank 1.
    let qrels = s.tmp.path().join("qrels.txt");
    std::fs::write(
        &qrels,
        "q1 0 gazette/world/2020-10-10-moscow-ceasefire.txt 1\n",
    )
    .unwrap();
    let out = crate::util::fihris_in(s.tmp.path())
        .args(["eval", "--json", "--qrels"])
        .arg(&qrels)
        .arg("--run")
        .arg(&run)
        .output()
        .unwrap();
    crate::util::assert_success(&out, "eval");
    assert_eq!(crate::util::parse_json(&out.stdout)["mrr@10"], 1.0);
}

#[test]
fn batch_timings_give_one_line_per_query_searched_with_and_without_warmup() {
    let s = Sandbox::new();
    let queries = s.tmp.path().join("queries.tsv");
    // q3 is too deeply nested to search: it is skipped, so it has no timing either.
    let deep = format!("{}x{}", "(".repeat(100), ")".repeat(100));
    std::fs::write(
        &queries,
        format!("q1\tلافروف\nq2\tالرئيس الروسي\nq3\t{deep}\nq4\tكاراباخ\n"),
    )
    .unwrap();
    for extra in [&[][..], &["--warmup", "--facets", "10"][..]] {
        let run = s.tmp.path().join("run.txt");
        let timings = s.tmp.path().join("timings.tsv");
        let out = crate::util::fihris_in(s.tmp.path())
            .args(["search", "--batch"])
            .arg(&queries)
            .arg("--run")
            .arg(&run)
            .arg("--timings")
            .arg(&timings)
            .args(extra)
            .arg("--index")
            .arg(corpus_index())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "one line was skipped");
        let text = std::fs::read_to_string(&timings).unwrap();
        let rows: Vec<(&str, f64)> = text
            .lines()
            .map(|line| {
                let (qid, ms) = line.split_once('\t').expect("qid<TAB>ms");
                (qid, ms.parse::<f64>().expect("milliseconds"))
            })
            .collect();
        let qids: Vec<&str> = rows.iter().map(|(q, _)| *q).collect();
        assert_eq!(qids, ["q1", "q2", "q4"], "{extra:?}: {text}");
        assert!(
            rows.iter().all(|(_, ms)| ms.is_finite() && *ms > 0.0),
            "{text}"
        );
        // The run holds the same queries, so the timings pair with it line for line.
        let run_text = std::fs::read_to_string(&run).unwrap();
        assert!(run_text.lines().any(|l| l.starts_with("q4 ")));
    }
}

#[test]
fn timings_need_batch_mode() {
    let s = Sandbox::new();
    let out = crate::util::fihris_in(s.tmp.path())
        .args(["search", "x", "--timings", "t.tsv", "--index"])
        .arg(corpus_index())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "clap refuses --timings without --batch"
    );
}

#[test]
fn stats_space_breakdown_adds_up_to_the_folder_size() {
    let out = crate::util::fihris_in(&crate::util::repo_root())
        .args(["stats", "--json", "--index"])
        .arg(corpus_index())
        .output()
        .unwrap();
    crate::util::assert_success(&out, "stats");
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    let space = &stats["space"];
    let parts = [
        "termdict",
        "postings",
        "positions",
        "fast_fields",
        "fieldnorms",
        "store",
        "deletes",
        "other",
    ];
    let sum: u64 = parts.iter().map(|p| num(&space[*p])).sum();
    assert_eq!(sum, num(&stats["size_bytes"]), "{space}");
    // The text fields that serve phrases have positions; the body is most of the store.
    assert!(num(&space["fields"]["text"]["positions"]) > 0, "{space}");
    assert!(num(&space["store"]) > 0);
    let per_field: u64 = space["fields"]
        .as_object()
        .unwrap()
        .values()
        .map(|f| {
            [
                "termdict",
                "postings",
                "positions",
                "fast_fields",
                "fieldnorms",
            ]
            .iter()
            .map(|p| num(&f[*p]))
            .sum::<u64>()
        })
        .sum();
    let indexed: u64 = parts[..5].iter().map(|p| num(&space[*p])).sum();
    assert!(
        per_field <= indexed,
        "fields {per_field} > components {indexed}"
    );
}
