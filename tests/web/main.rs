//! The web page of `fihris serve`, as server-rendered HTML: the real server over an index of
//! `corpus/`. (The same pages in a real browser: `tests/web/*.test.mjs`, run by `.ci/run`.)

#[path = "../server/util.rs"]
#[allow(dead_code)]
mod util;

use serde_json::{json, Value};
use util::{enc, Server, World, KEY};

/// The texts between every `<open…>` and `</close>` in `html`.
fn inner_all<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let Some(gt) = after.find('>') else { break };
        let body = &after[gt + 1..];
        let Some(end) = body.find(close) else { break };
        out.push(&body[..end]);
        rest = &body[end..];
    }
    out
}

/// `&lt;` and friends back to characters (what a browser shows).
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The facet sidebar: `(tag, count)` per tag checkbox.
fn facets(html: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for item in inner_all(html, "<label class=\"facet\"", "</label>") {
        let tag = inner_all(item, "<bdi", "</bdi>");
        let count = inner_all(item, "<span class=\"count\"", "</span>");
        if let (Some(tag), Some(count)) = (tag.first(), count.first()) {
            let n = count
                .trim_matches(|c| c == '(' || c == ')')
                .parse()
                .unwrap();
            out.push((unescape(tag), n));
        }
    }
    out
}

/// The total in the results summary of an English page.
fn total(html: &str) -> u64 {
    let summary = inner_all(html, "<p class=\"summary\"", "</p>");
    let summary = summary.first().expect("a summary");
    summary
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no total in {summary:?}"))
}

fn page(server: &Server, path: &str) -> String {
    let reply = server.get(path);
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    reply.body
}

fn count_of(facets: &[(String, u64)], tag: &str) -> u64 {
    facets
        .iter()
        .find(|(t, _)| t == tag)
        .map(|(_, n)| *n)
        .unwrap_or_else(|| panic!("no facet {tag} in {facets:?}"))
}

#[test]
fn search_page_is_arabic_right_to_left_and_marks_hold_the_articles_own_characters() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let query = "كَارَاباخ";
    let html = page(&server, &format!("/?q={}", enc(query)));
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\">"));
    assert!(html.contains("role=\"search\"") && html.contains("<main"));
    assert!(html.contains("<aside id=\"facets\" aria-labelledby=\"facets-heading\""));
    let marks: Vec<String> = inner_all(&html, "<mark", "</mark>")
        .into_iter()
        .map(unescape)
        .collect();
    assert!(!marks.is_empty(), "no highlights in {html}");
    // Every highlighted text is the hit articles' own characters, as written.
    let hits = server.get(&format!("/api/search?q={}", enc(query)));
    let mut texts = String::new();
    for hit in hits.json["hits"].as_array().unwrap() {
        let id = hit["id"].as_str().unwrap();
        let article = server.get(&format!("/api/articles/{}", enc(id))).json;
        texts.push_str(article["title"].as_str().unwrap());
        for p in article["paragraphs"].as_array().unwrap() {
            texts.push_str(p.as_str().unwrap());
        }
    }
    for mark in &marks {
        assert!(
            texts.contains(mark.as_str()),
            "{mark:?} is not in the articles"
        );
        assert!(mark.contains("كاراباخ"), "{mark:?}");
    }
    assert_eq!(
        total(&page(&server, &format!("/?lang=en&q={}", enc(query)))),
        hits.json["total"].as_u64().unwrap()
    );
}

#[test]
fn english_comes_with_lang_en_or_the_browsers_language() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let html = page(&server, "/?lang=en");
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"));
    let reply = ureq::get(&format!("{}/tags", server.base))
        .set("Accept-Language", "en-GB,en;q=0.9")
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(reply.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(page(&server, "/tags").contains("<html lang=\"ar\" dir=\"rtl\">"));
}

#[test]
fn ticking_a_facet_gives_the_total_it_showed_and_excluding_it_removes_them() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let all = page(&server, "/?lang=en");
    let everything = total(&all);
    let shown = facets(&all);
    assert!(shown.len() >= 5, "{shown:?}");
    for (tag, count) in shown.iter().take(5) {
        let ticked = page(&server, &format!("/?lang=en&tag={}", enc(tag)));
        assert_eq!(total(&ticked), *count, "ticking {tag}");
        assert!(ticked.contains(&format!("value=\"{tag}\" form=\"search\" checked")));
        let excluded = page(&server, &format!("/?lang=en&not_tag={}", enc(tag)));
        assert_eq!(total(&excluded), everything - count, "excluding {tag}");
    }
}

#[test]
fn any_of_counts_are_disjunctive_so_ticking_one_tag_does_not_zero_the_others() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let before = facets(&page(&server, "/?lang=en"));
    let (a, b) = (&before[0].0, &before[1].0);
    let one = page(&server, &format!("/?lang=en&mode=any&tag={}", enc(a)));
    let after = facets(&one);
    assert_eq!(count_of(&after, a), count_of(&before, a));
    assert_eq!(
        count_of(&after, b),
        count_of(&before, b),
        "{b} kept its count"
    );
    let both = page(
        &server,
        &format!("/?lang=en&mode=any&tag={}&tag={}", enc(a), enc(b)),
    );
    let union = server.get(&format!(
        "/api/search?any_tag={}&any_tag={}",
        enc(a),
        enc(b)
    ));
    assert_eq!(total(&both), union.json["total"].as_u64().unwrap());
    // "All of" counts within the selection, as a filter does.
    let all_of = facets(&page(&server, &format!("/?lang=en&tag={}", enc(a))));
    assert_eq!(count_of(&all_of, a), count_of(&before, a));
    assert!(all_of.iter().all(|(_, n)| *n <= count_of(&before, a)));
}

#[test]
fn hostile_titles_bodies_tags_and_urls_are_escaped_on_every_page() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    server.push(&json!([{
        "id": "evil/1:[0]",
        "title": "<script>alert('t')</script> كاراباخ \"quoted\"",
        "body": "<img src=x onerror=alert(1)> كاراباخ & </p>",
        "tags": ["<b>وسم</b>"],
        "url": "javascript:alert(1)",
        "source": "<i>مصدر</i>"
    }]));
    let search = page(&server, &format!("/?q={}", enc("كاراباخ")));
    let article = page(
        &server,
        &format!("/articles/{}?q={}", enc("evil/1:[0]"), enc("كاراباخ")),
    );
    for html in [&search, &article] {
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(!html.contains("<b>وسم"), "{html}");
        assert!(!html.contains("<i>مصدر"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }
    assert!(!article.contains("href=\"javascript:"), "{article}");
    assert!(article.contains("<mark>كاراباخ</mark>"), "{article}");
}

#[test]
fn article_page_highlights_the_querys_words_as_written_and_links_back() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let id = "wire/world/000_58c241df490e0bb8.txt";
    let back = "/?q=%D9%83%D8%A7%D8%B1%D8%A7%D8%A8%D8%A7%D8%AE&page=1";
    let html = page(
        &server,
        &format!(
            "/articles/{}?q={}&back={}",
            enc(id),
            enc("الروسية"),
            enc(back)
        ),
    );
    let marks = inner_all(&html, "<mark", "</mark>");
    assert!(!marks.is_empty());
    let article = server.get(&format!("/api/articles/{}", enc(id))).json;
    let text = article["paragraphs"].to_string() + article["title"].as_str().unwrap();
    for mark in marks {
        assert!(text.contains(&unescape(mark)), "{mark:?}");
    }
    assert!(html.contains(&format!("href=\"{}\"", back.replace('&', "&amp;"))));
    // A back link to anywhere but this server's search page is not offered.
    let elsewhere = page(
        &server,
        &format!("/articles/{}?back={}", enc(id), enc("https://example.com/")),
    );
    assert!(!elsewhere.contains("example.com"));
    let missing = server.get("/articles/no%2Fsuch");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html"), "an error page, not JSON");
}

/// The review form's fields for one cluster.
fn cluster_form(i: usize, method: &str, members: &[&str], canonical: &str, accept: bool) -> String {
    let mut pairs = vec![
        ("c".to_string(), i.to_string()),
        (format!("m.{i}"), method.to_string()),
        (
            format!("d.{i}"),
            if accept { "accept" } else { "reject" }.to_string(),
        ),
        (format!("k.{i}"), canonical.to_string()),
    ];
    for member in members {
        pairs.push((format!("v.{i}"), member.to_string()));
        pairs.push((format!("n.{i}"), "1".to_string()));
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[test]
fn tag_review_lists_clusters_and_downloads_the_alias_file_the_decisions_imply() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let html = page(&server, "/tags");
    assert!(
        html.contains("value=\"ترمب\""),
        "the spelling cluster is listed"
    );
    assert!(html.contains("name=\"d.1\" value=\"accept\" checked"));
    let form = cluster_form(1, "spelling", &["ترامب", "ترمب"], "ترمب", true)
        + "&"
        + &cluster_form(2, "stem", &["الحوثي", "الحوثيين"], "الحوثيين", false)
        + "&action=download";
    let reply = ureq::post(&format!("{}/tags/aliases", server.base))
        .set("Content-Type", "application/x-www-form-urlencoded")
        .send_string(&form)
        .unwrap();
    assert!(reply
        .header("Content-Type")
        .unwrap()
        .starts_with("text/tab-separated-values"));
    assert!(reply
        .header("Content-Disposition")
        .unwrap()
        .starts_with("attachment"));
    let text = reply.into_string().unwrap();
    let live: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert_eq!(live, ["ترامب\tترمب"], "{text}");
}

#[test]
fn saving_reviewed_aliases_needs_the_key_and_merges_the_facets() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let before = |server: &Server, prefix: &str| -> Vec<Value> {
        server
            .get(&format!("/api/tags?prefix={}", enc(prefix)))
            .json["tags"]
            .as_array()
            .unwrap()
            .clone()
    };
    let trump: u64 = ["ترامب", "ترمب"]
        .iter()
        .map(|t| before(&server, t)[0]["count"].as_u64().unwrap())
        .sum();
    let form = cluster_form(1, "spelling", &["ترامب", "ترمب"], "ترمب", true) + "&action=save";
    let wrong = server.post_raw(
        "/tags/aliases",
        "application/x-www-form-urlencoded",
        format!("{form}&key=wrong").as_bytes(),
        None,
    );
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("<html"));
    let saved = server.post_raw(
        "/tags/aliases",
        "application/x-www-form-urlencoded",
        format!("{form}&key={KEY}").as_bytes(),
        None,
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    let merged = before(&server, "ترمب");
    assert_eq!(merged[0]["tag"], "ترمب");
    assert_eq!(merged[0]["count"].as_u64().unwrap(), trump);
    assert!(before(&server, "ترامب").is_empty(), "the variant is gone");
    // A filter on the variant finds the canonical tag, and the file is stored as `index
    // --aliases` stores it.
    assert_eq!(
        total(&page(&server, &format!("/?lang=en&tag={}", enc("ترامب")))),
        trump
    );
    let stored = std::fs::read_to_string(world.index.join("aliases.tsv")).unwrap();
    assert!(stored.contains("ترامب\tترمب"));
}

#[test]
fn the_search_page_weighs_under_100_kb_with_its_css_and_script() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let html = page(&server, &format!("/?q={}", enc("الرئيس")));
    let mut weight = html.len();
    for (attr, end) in [("href=\"/assets/", '"'), ("src=\"/assets/", '"')] {
        let start = html.find(attr).expect("an asset") + attr.len() - "/assets/".len();
        let path = &html[start..start + html[start..].find(end).unwrap()];
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        weight += reply.body.len();
    }
    assert!(weight < 100 * 1024, "{weight} bytes");
}

#[test]
fn a_misspelled_query_links_to_the_suggestion_with_the_same_filters() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let html = page(
        &server,
        &format!("/?lang=en&q={}&sort=newest", enc("كاراباح")),
    );
    assert_eq!(total(&html), 0);
    let offer = inner_all(&html, "id=\"did-you-mean\"", "</p>");
    let offer = offer.first().expect("a did-you-mean line");
    assert!(offer.contains("Did you mean:"), "{offer}");
    let href = format!("/?q={}&amp;sort=newest&amp;lang=en", enc("كاراباخ"));
    assert!(offer.contains(&href), "{href} in {offer}");
    let html = page(&server, &format!("/?lang=en&q={}", enc("كاراباخ")));
    assert!(total(&html) > 0);
    assert!(!html.contains("did-you-mean"));
}
