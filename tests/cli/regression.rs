//! Regression tests, each named after the bug it guards.

use crate::util::{
    assert_success, corpus_index, fihris_in, hit_ids, num, parse_json, search_index, seed_article,
    stderr, Sandbox,
};

/// `--limit 0` used to return one hit (tantivy's TopDocs needs a limit of at least 1): it asks for
/// the total and the facets only.
#[test]
fn limit_zero_returns_no_hits_but_the_total_and_facets() {
    let results = search_index(corpus_index(), "كورونا", &["--limit", "0"]);
    assert!(num(&results["total"]) > 1);
    assert_eq!(hit_ids(&results), Vec::<String>::new());
    assert!(!results["facets"]["tags"].as_array().unwrap().is_empty());
    let newest = search_index(corpus_index(), "", &["--limit", "0", "--sort", "newest"]);
    assert_eq!(hit_ids(&newest), Vec::<String>::new());
}

/// The README promises `$FIHRIS_INDEX` for every command; `tags report --archive DIR` must still
/// work when it is set (clap counted the variable as an explicit `--index` that conflicts).
#[test]
fn tags_report_archive_works_with_fihris_index_set() {
    let s = Sandbox::new();
    s.write("a.txt", seed_article("خبر", &["ترمب", "ترمب"], &["نص"]));
    let out = s
        .cmd()
        .env("FIHRIS_INDEX", s.tmp.path().join("some-index"))
        .args(["tags", "report", "--format", "json", "--archive"])
        .arg(&s.archive)
        .output()
        .unwrap();
    assert_success(&out, "tags report --archive with FIHRIS_INDEX set");
    assert_eq!(parse_json(&out.stdout)["within_article"]["articles"], 1);
}

/// A word starting with ك (كنجة, the Azerbaijani city) must be found whatever clitic the query
/// puts before it: the light stemmer strips ك as "like" from the bare word (كنجة → نجه) but not
/// after ب (بكنجة → كنج), so the two forms never meet.
#[test]
fn a_kaf_initial_word_is_found_after_a_ba_clitic() {
    let ids = hit_ids(&search_index(corpus_index(), "بكنجة", &[]));
    assert_eq!(
        ids.first().map(String::as_str),
        Some("wire/world/2020-10-05-ganja-shelling.txt")
    );
}

/// An index built by another schema version is refused with the way out (`--full`), and
/// `--full` rebuilds it in place.
#[test]
fn an_index_of_another_version_asks_for_full_and_full_rebuilds_it() {
    let s = Sandbox::new();
    s.write("a.txt", seed_article("خبر", &["وسم"], &["نص السماق"]));
    s.index(&[]);
    let marker = s.index.join("fihris.json");
    let text = std::fs::read_to_string(&marker).unwrap();
    let mut value = parse_json(text.as_bytes());
    value["schema_version"] = serde_json::json!(999);
    std::fs::write(&marker, value.to_string()).unwrap();
    for args in [&["stats"][..], &["search", "السماق"][..]] {
        let out = s.with_index(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("--full"), "{}", stderr(&out));
    }
    let out = s.index_cmd(&[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--full"), "{}", stderr(&out));
    s.index(&["--full"]);
    assert_eq!(hit_ids(&s.search("السماق", &[])), ["a.txt"]);
}

/// Indexing one archive folder must not delete the articles of another folder indexed before:
/// only files gone from a folder that was walked are removed.
#[test]
fn indexing_one_archive_keeps_the_articles_of_another() {
    let s = Sandbox::new();
    let other = s.tmp.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(
        other.join("b.txt"),
        seed_article("خبر", &[], &["نص الزنجبيل"]),
    )
    .unwrap();
    s.write("a.txt", seed_article("خبر", &[], &["نص السماق"]));
    let out = s
        .cmd()
        .arg("index")
        .arg(&s.archive)
        .arg(&other)
        .args(["--json", "--index"])
        .arg(&s.index)
        .output()
        .unwrap();
    assert_success(&out, "two archives");
    assert_eq!(parse_json(&out.stdout)["documents"], 2);
    let summary = s.index(&[]);
    assert_eq!(num(&summary["articles_deleted"]), 0, "{summary:#}");
    assert_eq!(num(&summary["documents"]), 2);
    assert_eq!(hit_ids(&s.search("الزنجبيل", &[])), ["b.txt"]);
}

/// An index folder inside the archive folder is not read as archive content.
#[test]
fn an_index_inside_the_archive_is_not_indexed() {
    let s = Sandbox::new();
    s.write("a.txt", seed_article("خبر", &[], &["نص"]));
    let inside = s.archive.join("fihris-index");
    for _ in 0..2 {
        let out = fihris_in(s.tmp.path())
            .arg("index")
            .arg(&s.archive)
            .args(["--json", "--index"])
            .arg(&inside)
            .output()
            .unwrap();
        assert_success(&out, "index inside archive");
        let summary = parse_json(&out.stdout);
        assert_eq!(summary["skipped"], serde_json::json!([]), "{summary:#}");
        assert_eq!(summary["documents"], 1);
    }
}

/// A bad alias file is refused with its line, before anything is indexed.
#[test]
fn a_bad_alias_file_is_refused_with_its_line() {
    let s = Sandbox::new();
    s.write("a.txt", seed_article("خبر", &["ترمب"], &["نص"]));
    let aliases = s.tmp.path().join("aliases.tsv");
    std::fs::write(&aliases, "# ok\nترامب\tترمب\nترامب\tدونالد ترمب\n").unwrap();
    let out = s
        .index_cmd(&["--aliases", aliases.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("line 3"), "{err}");
}
