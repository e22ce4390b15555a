//! Hostile and careless input to `fihris search` (and the other text views): queries that used to
//! crash, sizes that used to abort, syntax that silently searched something else, and archive text
//! that could repaint the searcher's terminal. Each test is named after what it guards.

use std::fs;

use serde_json::Value;

use crate::search::sorted;
use crate::util::{assert_success, hit_ids, num, seed_article, stderr, Sandbox};

/// A small archive with known words: Russia with and without Karabakh, a question-word article,
/// a Persian spelling, and a dated pair.
fn archive() -> Sandbox {
    let s = Sandbox::new();
    let article = |rel: &str, title: &str, tags: &[&str], body: &str| {
        s.write(rel, seed_article(title, tags, &[body]));
    };
    article(
        "both.txt",
        "روسيا وكاراباخ",
        &["روسيا"],
        "روسيا تتوسط في كاراباخ",
    );
    article("russia.txt", "روسيا والنفط", &["روسيا"], "روسيا تبيع النفط");
    article(
        "trump.txt",
        "ترامب: لا حرب مع إيران",
        &["ترمب"],
        "قال ترمب إن الحرب ليست خيارا",
    );
    article("who.txt", "من هو الرئيس", &["اسئلة"], "من هو الرئيس القادم");
    article("weather.txt", "الطقس اليوم", &["طقس"], "الطقس حار");
    s.index(&[]);
    s
}

fn ids(s: &Sandbox, query: &str) -> Vec<String> {
    sorted(hit_ids(&s.search(query, &["--limit", "100"])))
}

fn warnings(results: &Value) -> Vec<String> {
    results["warnings"]
        .as_array()
        .map(|w| w.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// `fihris search ARGS… --index INDEX -- QUERY`, unchecked.
fn search_raw(s: &Sandbox, query: &str, args: &[&str]) -> std::process::Output {
    let mut cmd = s.cmd();
    cmd.arg("search")
        .args(args)
        .arg("--index")
        .arg(&s.index)
        .arg("--")
        .arg(query);
    cmd.output().expect("run fihris search")
}

#[test]
fn deeply_nested_query_is_an_error_not_a_crash() {
    let s = archive();
    for query in [
        format!("{}روسيا{}", "(".repeat(3_000), ")".repeat(3_000)),
        format!("{}روسيا", "NOT ".repeat(1_000)),
        "روسيا ".repeat(1_000),
    ] {
        let out = search_raw(&s, &query, &["--json"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("invalid query"), "{}", stderr(&out));
    }
    // Nesting a human writes still searches.
    let nested = format!("{}روسيا{}", "(".repeat(10), ")".repeat(10));
    assert_eq!(ids(&s, &nested), ids(&s, "روسيا"));
}

#[test]
fn batch_reports_a_bad_query_line_and_goes_on() {
    let s = archive();
    let queries = s.tmp.path().join("queries.tsv");
    let deep = format!("{}روسيا{}", "(".repeat(3_000), ")".repeat(3_000));
    fs::write(
        &queries,
        format!("q1\tروسيا\nq2\t{deep}\nno tab here\nq4\tالطقس\n"),
    )
    .unwrap();
    let run = s.tmp.path().join("run.txt");
    let out = s
        .cmd()
        .arg("search")
        .arg("--batch")
        .arg(&queries)
        .arg("--run")
        .arg(&run)
        .arg("--index")
        .arg(&s.index)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("queries.tsv:2"), "{err}");
    assert!(err.contains("queries.tsv:3"), "{err}");
    let run = fs::read_to_string(run).unwrap();
    let qids: Vec<&str> = run.lines().filter_map(|l| l.split(' ').next()).collect();
    assert!(qids.contains(&"q1") && qids.contains(&"q4"), "{run}");
    assert!(!qids.contains(&"q2"), "{run}");
}

#[test]
fn huge_limit_and_offset_are_errors_not_aborts() {
    let s = archive();
    for args in [
        ["--limit", "10000000000"],
        ["--limit", "1000000000"],
        ["--limit", "18446744073709551615"],
        ["--offset", "9223372036854775807"],
        ["--offset", "18446744073709551615"],
    ] {
        for query in ["", "روسيا"] {
            let out = search_raw(&s, query, &[&["--json"], &args[..]].concat());
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains(&format!("invalid {}", &args[0][2..])), "{err}");
        }
    }
    // The deepest page allowed works, and finds nothing past the end.
    let deep = s.search("", &["--limit", "10000", "--offset", "90000"]);
    assert_eq!(hit_ids(&deep), Vec::<String>::new());
    assert_eq!(num(&deep["total"]), 5);
}

#[test]
fn a_colon_outside_a_field_is_punctuation() {
    let s = archive();
    // A pasted headline searches every word, ترامب included.
    let headline = s.search("ترامب: لا حرب مع إيران", &[]);
    assert!(warnings(&headline).is_empty(), "{headline}");
    assert_eq!(sorted(hit_ids(&headline)), ids(&s, "ترامب لا حرب مع إيران"));
    assert_eq!(ids(&s, "foo:النفط"), ids(&s, "النفط"));
    assert!(!ids(&s, "foo:النفط").is_empty());
    // A phrase after the colon is still a phrase.
    assert_eq!(
        ids(&s, "خبر: \"تبيع النفط\""),
        ids(&s, "خبر \"تبيع النفط\"")
    );
    // The real fields are still fields.
    assert_eq!(ids(&s, "title:كاراباخ"), ["both.txt"]);
    assert_eq!(ids(&s, "tag:ترمب"), ["trump.txt"]);
}

#[test]
fn and_not_means_the_same_as_not_and_minus() {
    let s = archive();
    let expected = ids(&s, "روسيا -كاراباخ");
    assert_eq!(expected, ["russia.txt"]);
    assert_eq!(ids(&s, "روسيا NOT كاراباخ"), expected);
    assert_eq!(ids(&s, "روسيا AND NOT كاراباخ"), expected);
    assert_eq!(ids(&s, "NOT كاراباخ AND روسيا"), expected);
}

#[test]
fn question_words_alone_never_match_everything() {
    let s = archive();
    for query in ["من هو", "من"] {
        let found = ids(&s, query);
        assert!(found.contains(&"who.txt".to_string()), "{query}: {found:?}");
        assert!(
            !found.contains(&"weather.txt".to_string()),
            "{query}: {found:?}"
        );
    }
    // Nothing searchable at all matches nothing, with a word to say so.
    let punctuation = s.search("؟ !", &[]);
    assert_eq!(num(&punctuation["total"]), 0);
    assert!(!warnings(&punctuation).is_empty());
}

#[test]
fn unsupported_query_syntax_warns() {
    let s = archive();
    for query in ["كاراب*", "كاراباخ~1", "كار?اباخ"] {
        let results = s.search(query, &[]);
        assert!(!warnings(&results).is_empty(), "{query}: {results}");
    }
    // `~N` after a word is dropped: the word is searched.
    assert_eq!(ids(&s, "كاراباخ~1"), ids(&s, "كاراباخ"));
    let reversed = s.search("", &["--since", "2020-10-20", "--until", "2020-10-10"]);
    assert!(!warnings(&reversed).is_empty(), "{reversed}");
    // Warnings reach the terminal too.
    let out = search_raw(&s, "كاراب*", &[]);
    assert_success(&out, "text search");
    assert!(stderr(&out).contains("prefix"), "{}", stderr(&out));
}

/// An archive whose text carries terminal controls and bidi overrides.
fn hostile_archive() -> Sandbox {
    let s = Sandbox::new();
    let record = serde_json::json!({
        "id": "evil\u{1b}]0;owned\u{7}",
        "title": "عنوان \u{1b}[2J\u{202E}مقلوب\u{202C} \u{9b}31m",
        "body": "النص \u{1b}[31mأحمر\u{1b}[0m والكلمة",
        "tags": ["وسم\u{1b}[5m", "\u{2066}معزول\u{2069}"],
    });
    s.write("feed.jsonl", format!("{record}\n"));
    s.index(&[]);
    s
}

fn assert_terminal_safe(what: &str, text: &str) {
    for bad in [
        '\u{1b}', '\u{7}', '\u{9b}', '\u{202E}', '\u{202C}', '\u{2066}',
    ] {
        assert!(!text.contains(bad), "{what} writes {bad:?}: {text:?}");
    }
}

#[test]
fn archive_control_codes_never_reach_the_terminal() {
    let s = hostile_archive();
    let text = |args: &[&str]| {
        let out = s.with_index(args).output().unwrap();
        assert_success(&out, &format!("{args:?}"));
        String::from_utf8(out.stdout).unwrap()
    };
    let search = text(&["search", "النص"]);
    assert_terminal_safe("search", &search);
    assert!(
        search.contains("\\x1B[2J"),
        "escaped, not dropped: {search}"
    );
    // Facets and tags sit in isolates of our own, so a bidi terminal keeps the count column.
    assert!(search.contains("  \u{2068}وسم\\x1B[5m\u{2069}"), "{search}");
    let tags = text(&["tags"]);
    assert_terminal_safe("tags", &tags);
    assert!(tags.contains("\u{2068}معزول\u{2069}"), "{tags}");
    let report = text(&["tags", "report"]);
    assert_terminal_safe("tags report", &report);
    assert_terminal_safe("stats", &text(&["stats"]));
    // JSON keeps the archive's text exact.
    let json = s.search("النص", &[]);
    let title = json["hits"][0]["title"].as_str().unwrap();
    assert!(title.contains("\u{1b}[2J\u{202E}"), "{title:?}");
}

#[test]
fn persian_peh_matches_beh() {
    let s = archive();
    assert_eq!(ids(&s, "ترمپ"), ids(&s, "ترمب"));
    assert!(!ids(&s, "ترمپ").is_empty());
}

#[test]
fn sorting_by_date_prints_no_score() {
    let s = archive();
    let out = s
        .with_index(&["search", "روسيا", "--sort", "newest"])
        .output()
        .unwrap();
    assert_success(&out, "search --sort newest");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("#1 "), "{text}");
    assert!(!text.contains("score"), "{text}");
}

#[test]
fn an_error_prints_its_cause_once() {
    let s = Sandbox::new();
    fs::create_dir(&s.index).unwrap();
    fs::write(s.index.join("fihris.json"), "{not json").unwrap();
    let out = s.with_index(&["stats"]).output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.matches("line 1 column").count(), 1, "{err}");
}

#[test]
fn help_states_the_limits_and_the_dash_rule() {
    let s = Sandbox::new();
    let help = |args: &[&str]| {
        let out = s.cmd().args(args).output().unwrap();
        assert_success(&out, "help");
        String::from_utf8(out.stdout).unwrap()
    };
    let search = help(&["search", "--help"]);
    let max = fihris::search::MAX_LIMIT.to_string();
    let max = format!("{},{}", &max[..max.len() - 3], &max[max.len() - 3..]);
    assert!(search.contains(&max), "{search}");
    assert!(search.contains("10 by default"), "{search}");
    assert!(search.contains("search -- -word"), "{search}");
    assert!(help(&["analyze", "--help"]).contains("arabic_exact_stop"));
}
