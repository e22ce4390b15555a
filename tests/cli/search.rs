//! `fihris search` over the bundled `corpus/` (indexed once for the whole run): Arabic spelling
//! variation, query syntax, highlights. Filters, facets and the result format are in `results.rs`.
//!
//! The expected articles come from `corpus/README.md` (words found in exactly one article, planted
//! variants).

use fihris::tags::tag_key;
use serde_json::Value;

use crate::util::{corpus_index, hit_ids, num, search_index, seed_article, stderr, Sandbox};

/// `fihris search QUERY --json EXTRA…` on the corpus index.
pub fn search(query: &str, extra: &[&str]) -> Value {
    search_index(corpus_index(), query, extra)
}

/// The ids of every hit (up to 1000).
pub fn all_ids(query: &str, extra: &[&str]) -> Vec<String> {
    hit_ids(&search(query, &[&["--limit", "1000"], extra].concat()))
}

/// Asserts that each spelling of a query finds `id` first.
fn assert_rank_one(id: &str, spellings: &[&str]) {
    for query in spellings {
        let ids = all_ids(query, &[]);
        assert_eq!(
            ids.first().map(String::as_str),
            Some(id),
            "{query:?} → {ids:?}"
        );
    }
}

#[test]
fn diacritics_do_not_matter() {
    assert_rank_one(
        "gazette/world/2020-10-10-moscow-ceasefire.txt",
        &["لافروف", "لَافْرُوف", "لافْروفُ"],
    );
    assert_rank_one(
        "wire/world/2020-10-05-ganja-shelling.txt",
        &["كنجة", "كَنْجَة", "علييف", "عَلِيِيف"],
    );
}

#[test]
fn hamza_and_alef_forms_do_not_matter() {
    for (a, b) in [
        ("أرمينيا", "ارمينيا"),
        ("إسرائيل", "اسرائيل"),
        ("مسؤول", "مسئول"),
    ] {
        let mut with = all_ids(a, &[]);
        let mut without = all_ids(b, &[]);
        assert!(!with.is_empty(), "{a}");
        with.sort();
        without.sort();
        assert_eq!(with, without, "{a} / {b}");
    }
    // The only article writing الشئون is found by الشؤون, and the other way round.
    let shuoon = all_ids("الشؤون", &[]);
    assert!(shuoon.contains(&"gazette/world/2020-10-22-yemen-humanitarian.txt".to_string()));
}

#[test]
fn taa_marbuta_and_haa_do_not_matter() {
    assert_rank_one(
        "gazette/world/2020-10-14-lebanon-border-talks.txt",
        &["الناقورة", "الناقوره"],
    );
    assert_rank_one("wire/world/2020-10-05-ganja-shelling.txt", &["كنجه"]);
    // The one article that misspells القاهرة as القاهره is found by the right spelling.
    let cairo = all_ids("بالقاهرة", &[]);
    assert!(cairo.contains(&"gazette/economy/2020-10-12-egypt-inflation.txt".to_string()));
}

#[test]
fn tatweel_does_not_matter() {
    assert_rank_one(
        "gazette/world/2020-10-14-lebanon-border-talks.txt",
        &["الناقـــورة", "النـاقورة"],
    );
    // Written with tatweel in the article, found without it.
    let kremlin = all_ids("الكرملين", &[]);
    assert!(kremlin.contains(&"wire/world/2020-10-03-karabakh-talks.txt".to_string()));
}

#[test]
fn alef_maksura_and_yeh_do_not_matter() {
    // مستشفي (misspelled with ي) in one article, مستشفى in another: each spelling finds both.
    let misspelled = "wire/health/2020-10-18-saudi-umrah-resumes.txt".to_string();
    let spelled = "wire/politics/2020-10-02-trump-covid.txt".to_string();
    for query in ["مستشفى", "مستشفي"] {
        let ids = all_ids(query, &[]);
        assert!(
            ids.contains(&misspelled) && ids.contains(&spelled),
            "{query}: {ids:?}"
        );
    }
    assert_eq!(
        sorted(all_ids("مستشفى", &[])),
        sorted(all_ids("مستشفي", &[]))
    );
}

#[test]
fn partial_diacritics_in_the_text_do_not_matter() {
    // herald/politics/2020-11-02-marib-fighting.txt writes الحكوميّة with a shadda.
    let marib = "herald/politics/2020-11-02-marib-fighting.txt".to_string();
    assert!(all_ids("الحكومية", &[]).contains(&marib));
}

#[test]
fn text_output_brackets_the_matched_words() {
    let out = crate::util::fihris_in(std::env::temp_dir().as_path())
        .args(["search", "--limit", "1", "--index"])
        .arg(corpus_index())
        .arg("لَافْرُوف")
        .output()
        .unwrap();
    crate::util::assert_success(&out, "text search");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("1 results"), "{text}");
    assert!(
        text.contains("[لافروف]"),
        "not a terminal: brackets, no colour codes: {text}"
    );
    assert!(!text.contains('\x1b'), "{text}");
    assert!(
        text.contains("gazette/world/2020-10-10-moscow-ceasefire.txt"),
        "{text}"
    );
}

#[test]
fn arabic_indic_and_ascii_digits_match_each_other() {
    let aramco = "gazette/economy/2020-11-03-aramco-results.txt";
    assert_rank_one(aramco, &["١٨٫٧٥", "18.75", "١١٫٨", "11.8"]);
}

#[test]
fn clitics_do_not_matter() {
    assert_rank_one(
        "gazette/world/2020-10-14-lebanon-border-talks.txt",
        &["ناقورة", "والناقورة", "بالناقورة"],
    );
    assert_rank_one(
        "gazette/politics/2020-10-24-sudan-terror-list.txt",
        &["حمدوك", "وحمدوك", "لحمدوك", "بحمدوك"],
    );
    assert_rank_one(
        "wire/politics/2020-10-01-first-debate.txt",
        &["كليفلاند", "بكليفلاند", "وكليفلاند"],
    );
    assert_rank_one(
        "herald/analysis/2020-11-04-beirut-port-three-months.txt",
        &["نترات", "النترات", "بالنترات"],
    );
}

#[test]
fn persian_letters_match_arabic_ones() {
    // کورونا (keheh) is written in one article only; كورونا finds it, and vice versa.
    let remote = "herald/society/2020-11-15-remote-learning.txt".to_string();
    assert!(all_ids("كورونا", &[]).contains(&remote));
    assert_eq!(all_ids("کورونا", &[]), all_ids("كورونا", &[]));
}

/// A small archive where two words occur adjacent in one article, apart in another, reversed in a
/// third.
fn phrase_archive() -> Sandbox {
    let s = Sandbox::new();
    s.write(
        "adjacent.txt",
        seed_article("أ", &[], &["قال الرئيس الروسي اليوم"]),
    );
    s.write(
        "apart.txt",
        seed_article("ب", &[], &["قال الرئيس في بيان الوزير الروسي"]),
    );
    s.write(
        "reversed.txt",
        seed_article("ج", &[], &["الوفد الروسي استقبل الرئيس"]),
    );
    s.index(&[]);
    s
}

/// `ids`, sorted.
pub fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

#[test]
fn a_phrase_matches_only_adjacent_words_in_order() {
    let s = phrase_archive();
    let ids = |q: &str| sorted(hit_ids(&s.search(q, &[])));
    assert_eq!(ids("\"الرئيس الروسي\""), ["adjacent.txt"]);
    assert_eq!(
        ids("\"الرَّئِيسُ الروسيّ\""),
        ["adjacent.txt"],
        "diacritics in a phrase"
    );
    assert_eq!(
        ids("\"والرئيس الروسي\""),
        ["adjacent.txt"],
        "a clitic in a phrase"
    );
    assert_eq!(
        ids("الرئيس الروسي"),
        ["adjacent.txt", "apart.txt", "reversed.txt"]
    );
    // On the corpus: فلاديمير بوتين is written in that order only.
    assert!(!all_ids("\"فلاديمير بوتين\"", &[]).is_empty());
    assert!(all_ids("\"بوتين فلاديمير\"", &[]).is_empty());
}

#[test]
fn boolean_operators_and_fields() {
    let s = Sandbox::new();
    s.write(
        "t.txt",
        seed_article("بيروت", &["لبنان"], &["انفجار في المرفأ"]),
    );
    s.write("both.txt", seed_article("خبر", &[], &["بيروت والمرفأ"]));
    s.write("beirut.txt", seed_article("خبر", &[], &["بيروت وحدها"]));
    s.write(
        "blast.txt",
        seed_article("خبر", &["لبنان"], &["انفجار وحده"]),
    );
    s.index(&[]);
    let ids = |q: &str| sorted(hit_ids(&s.search(q, &[])));
    assert_eq!(ids("+المرفأ -انفجار"), ["both.txt"]);
    assert_eq!(ids("المرفأ AND انفجار"), ["t.txt"]);
    assert_eq!(
        ids("بيروت OR انفجار"),
        ["beirut.txt", "blast.txt", "both.txt", "t.txt"]
    );
    assert_eq!(ids("بيروت NOT المرفأ"), ["beirut.txt"]);
    assert_eq!(ids("(بيروت OR انفجار) AND المرفأ"), ["both.txt", "t.txt"]);
    assert_eq!(ids("title:بيروت"), ["t.txt"]);
    // `body:` searches the article's whole text (title, tags and body are one field for ranking).
    assert_eq!(ids("body:بيروت"), ["beirut.txt", "both.txt", "t.txt"]);
    assert_eq!(ids("body:لبنان"), ["blast.txt", "t.txt"]);
    assert_eq!(ids("tag:لبنان"), ["blast.txt", "t.txt"]);
    assert_eq!(ids("انفجار -tag:لبنان"), Vec::<String>::new());
}

#[test]
fn highlights_land_on_the_original_words() {
    let results = search("الرئيس", &["--limit", "100"]);
    let mut diacritized = 0;
    for hit in results["hits"].as_array().unwrap() {
        let snippet = hit["snippet"].as_str().unwrap();
        let ranges = hit["highlights"].as_array().unwrap();
        assert!(!ranges.is_empty(), "{hit}");
        for range in ranges {
            let (start, end) = (num(&range[0]) as usize, num(&range[1]) as usize);
            let word = snippet
                .get(start..end)
                .unwrap_or_else(|| panic!("{start}..{end} not on char boundaries in {snippet:?}"));
            assert!(
                tag_key(word).contains(&tag_key("رئيس")),
                "{word:?} highlighted for الرئيس in {}",
                hit["id"]
            );
            // A whole word: no letter right before or after the range.
            let before = snippet[..start].chars().next_back();
            let after = snippet[end..].chars().next();
            assert!(
                !before.is_some_and(char::is_alphabetic),
                "{word:?} cut in {snippet:?}"
            );
            assert!(
                !after.is_some_and(char::is_alphabetic),
                "{word:?} cut in {snippet:?}"
            );
            if word == "الرَّئِيسُ" {
                diacritized += 1;
            }
        }
    }
    // corpus/README.md: two articles write الرَّئِيسُ with full diacritics; the range covers them.
    assert_eq!(diacritized, 2);
}

#[test]
fn malformed_queries_never_fail() {
    for query in [
        "\"فلاديمير بوتين",
        "بوتين \"",
        "(لافروف OR كنجة",
        "لافروف)",
        "-",
        "+",
        "title:",
        "لافروف title:",
        "tag:",
        "AND",
        "OR OR",
        "\"",
        "((",
        "*",
        "لافروف^",
        "body:\"",
        "title:(",
        ":",
    ] {
        let out = crate::util::fihris_in(std::env::temp_dir().as_path())
            .args(["search", "--json", "--index"])
            .arg(corpus_index())
            .arg("--")
            .arg(query)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{query:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{query:?}");
        crate::util::parse_json(&out.stdout);
    }
    // The words of a broken query are still searched: an unclosed quote runs to the end of the
    // query (tantivy's lenient grammar), a phrase. The corpus once had فلاديمير only next to
    // بوتين, so the phrase and the two words found the same articles; it now also writes
    // فلاديمير بوتن, and the phrase is what is compared.
    assert_eq!(
        sorted(all_ids("\"فلاديمير بوتين", &[])),
        sorted(all_ids("\"فلاديمير بوتين\"", &[]))
    );
    assert!(!all_ids("\"فلاديمير بوتين", &[]).is_empty());
    assert_eq!(
        sorted(all_ids("(لافروف OR كنجة", &[])),
        sorted(all_ids("لافروف OR كنجة", &[]))
    );
    assert_eq!(
        all_ids("لافروف title:", &[]),
        ["gazette/world/2020-10-10-moscow-ceasefire.txt"]
    );
}

/// The exact form a query writes outranks the same stem written another way, all else equal: the
/// `arabic_exact` fields add to the stemmed match.
#[test]
fn the_exact_form_ranks_above_a_stemmed_match() {
    let s = Sandbox::new();
    // Same length, same other words; only the form of the searched word differs.
    s.write(
        "a.txt",
        seed_article("خبر أول", &[], &["قال المعلمين في المدينة اليوم كلاما"]),
    );
    s.write(
        "b.txt",
        seed_article("خبر ثان", &[], &["قال المعلمون في المدينة اليوم كلاما"]),
    );
    s.write(
        "c.txt",
        seed_article("خبر ثالث", &[], &["قال المعلم في المدينة اليوم كلاما"]),
    );
    s.index(&[]);
    for (query, expected) in [
        ("المعلمون", "b.txt"),
        ("المعلمين", "a.txt"),
        ("المعلم", "c.txt"),
    ] {
        let results = s.search(query, &[]);
        let ids = hit_ids(&results);
        assert_eq!(ids.len(), 3, "{query}: every form shares the stem: {ids:?}");
        assert_eq!(ids[0], expected, "{query}: the exact form first: {ids:?}");
    }
}

/// A title that writes the query's exact form outranks a body that only shares its stem.
#[test]
fn an_exact_title_match_ranks_above_a_stemmed_body_match() {
    let s = Sandbox::new();
    s.write(
        "body.txt",
        seed_article(
            "خبر عن الطقس",
            &[],
            &["أعلنت الحكومة خطة والموازنات الجديدة اليوم"],
        ),
    );
    s.write(
        "title.txt",
        seed_article(
            "الموازنة الجديدة",
            &[],
            &["أعلنت الحكومة خطة عن الطقس اليوم"],
        ),
    );
    s.index(&[]);
    let ids = hit_ids(&s.search("الموازنة", &[]));
    assert_eq!(ids, ["title.txt", "body.txt"]);
}

/// Question words are dropped from a query (never from the index): "ما الكرملين" ranks exactly as
/// "الكرملين", though ما occurs in a dozen corpus articles; `--keep-question-words` searches it.
#[test]
fn question_words_are_dropped_from_queries() {
    let plain = search("الكرملين", &["--limit", "100"]);
    let question = search("ما الكرملين", &["--limit", "100"]);
    assert_eq!(hit_ids(&question), hit_ids(&plain));
    assert_eq!(num(&question["total"]), num(&plain["total"]));
    let kept = search("ما الكرملين", &["--limit", "100", "--keep-question-words"]);
    assert!(
        num(&kept["total"]) > num(&plain["total"]),
        "ما is in other articles too: {} vs {}",
        kept["total"],
        plain["total"]
    );
}

/// Tags are searched text: an article tagged كوفيد-19 whose title and body never name it is found
/// by كوفيد, and ranks below an article that writes the word in its body as well as its tags.
#[test]
fn a_word_found_only_in_the_tags_finds_the_article() {
    let s = Sandbox::new();
    s.write(
        "tagged.txt",
        seed_article(
            "إغلاق المدارس",
            &["كوفيد-19", "تعليم"],
            &["أغلقت الحكومة المدارس في العاصمة اليوم"],
        ),
    );
    s.write(
        "both.txt",
        seed_article(
            "إجراءات جديدة",
            &["كوفيد-19"],
            &["أعلنت الحكومة إجراءات جديدة لمواجهة كوفيد في العاصمة"],
        ),
    );
    s.write(
        "untagged.txt",
        seed_article("خبر آخر", &["اقتصاد"], &["ارتفعت الأسعار في العاصمة اليوم"]),
    );
    s.index(&[]);
    assert_eq!(hit_ids(&s.search("كوفيد", &[])), ["both.txt", "tagged.txt"]);
    assert_eq!(hit_ids(&s.search("تعليم", &[])), ["tagged.txt"]);
}

/// With the proximity bonus on (`--ranking proximity=W`; off by default), query words standing close
/// together in an article rank it above one where they lie far apart: here the far article is the
/// shorter, so BM25 alone (`proximity=0`) puts it first.
#[test]
fn words_close_together_rank_above_words_far_apart() {
    let s = Sandbox::new();
    s.write(
        "far.txt",
        seed_article(
            "خبر",
            &[],
            &["الموازنة تأخرت كثيرا هذا العام بسبب خلافات داخل البرلمان ثم الحكومة"],
        ),
    );
    s.write(
        "near.txt",
        seed_article(
            "خبر",
            &[],
            &["ناقش البرلمان أمس الموازنة الحكومة الجديدة بعد خلافات طويلة هذا العام كثيرا ثم"],
        ),
    );
    s.index(&[]);
    let query = "الموازنة الحكومة";
    assert_eq!(
        hit_ids(&s.search(query, &["--ranking", "proximity=0.5"])),
        ["near.txt", "far.txt"]
    );
    assert_eq!(
        hit_ids(&s.search(query, &["--ranking", "proximity=0"])),
        ["far.txt", "near.txt"],
        "without the proximity bonus the shorter article wins"
    );
}

/// tantivy's block-max WAND (the pruning that keeps a query's cost from growing with the archive)
/// runs only on one flat union of term queries over fields that keep frequencies. A query of plain
/// words, one with spelling variants among them, must stay such a union: no nested boolean query
/// (a boosted group of variants was one), and the exact-form field written each form once with
/// its frequency (a field without frequencies turned every query into a visit of every match).
#[test]
fn a_query_of_plain_words_is_one_union_of_terms_that_keep_frequencies() {
    use tantivy::schema::IndexRecordOption;
    let store = fihris::store::Store::open(corpus_index()).unwrap();
    let exact = store.fields.text_exact;
    let engine = fihris::search::Engine::open(store).unwrap();
    // ترمب has the variant ترامب in the corpus; the other words do not.
    let (query, warnings) = engine.parse_query("ترمب يلتقي الرئيس");
    assert!(warnings.is_empty(), "{warnings:?}");
    let debug = format!("{query:?}");
    assert_eq!(debug.matches("BooleanQuery").count(), 1, "{debug}");
    assert!(debug.contains("ترامب"), "variants expanded: {debug}");
    assert!(!debug.contains("Boost(query=BooleanQuery"), "{debug}");
    let mut terms = Vec::new();
    query.query_terms(&mut |term, _| terms.push(term.clone()));
    assert!(terms.iter().any(|t| t.field() == exact), "{debug}");
    // Every exact-form term reads frequencies, and each is 1: presence, written once.
    let searcher = engine.searcher();
    let record = match searcher.schema().get_field_entry(exact).field_type() {
        tantivy::schema::FieldType::Str(options) => {
            options.get_indexing_options().unwrap().index_option()
        }
        other => panic!("{other:?}"),
    };
    assert!(record.has_freq(), "{record:?}");
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(exact).unwrap();
        for term in terms.iter().filter(|t| t.field() == exact) {
            let Some(mut postings) = index
                .read_postings(term, IndexRecordOption::WithFreqs)
                .unwrap()
            else {
                continue;
            };
            use tantivy::postings::Postings;
            use tantivy::{DocSet, TERMINATED};
            while postings.doc() != TERMINATED {
                assert_eq!(postings.term_freq(), 1, "{term:?}");
                postings.advance();
            }
        }
    }
}
