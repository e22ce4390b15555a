//! Spelling variants over `corpus/` (corpus/README.md, "Planted spelling variation"): ترامب / ترمب,
//! بوتين / بوتن and غوغل / جوجل are grouped by the evidence gates from the corpus itself, found
//! through each other, the spelling typed first; the reviewed file's `add` and `forbid`; "did
//! you mean".

use serde_json::Value;

use crate::util::{
    assert_success, corpus_articles, corpus_dir, corpus_index, fihris_in, hit_ids, search_index,
    Sandbox,
};

fn ids(index: &std::path::Path, query: &str, extra: &[&str]) -> Vec<String> {
    hit_ids(&search_index(
        index,
        query,
        &[&["--limit", "100"], extra].concat(),
    ))
}

/// [`ids`] in id order, for comparing sets of articles.
fn sorted_ids(index: &std::path::Path, query: &str) -> Vec<String> {
    let mut found = ids(index, query, &[]);
    found.sort();
    found
}

/// `fihris ARGS… --index INDEX`, asserted to succeed; its stdout.
fn run(index: &std::path::Path, args: &[&str]) -> String {
    let out = fihris_in(index.parent().unwrap())
        .args(args)
        .arg("--index")
        .arg(index)
        .output()
        .unwrap();
    assert_success(&out, &format!("fihris {args:?}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The corpus articles whose title or body writes `word` (as a word, after normalization).
fn writing(word: &str) -> Vec<String> {
    let mut found: Vec<String> = corpus_articles()
        .into_iter()
        .filter(|(_, a)| {
            std::iter::once(&a.title)
                .chain(&a.paragraphs)
                .flat_map(|text| text.split(|c: char| !c.is_alphabetic()))
                .any(|w| fihris_analyzers::normalize(w) == word)
        })
        .map(|(id, _)| id)
        .collect();
    found.sort();
    found
}

const PAIRS: [(&str, &str); 3] = [("ترامب", "ترمب"), ("بوتين", "بوتن"), ("غوغل", "جوجل")];

#[test]
fn each_spelling_finds_the_articles_of_the_other_and_no_variants_does_not() {
    for (a, b) in PAIRS {
        for (typed, other) in [(a, b), (b, a)] {
            let only_other: Vec<String> = writing(other)
                .into_iter()
                .filter(|id| !writing(typed).contains(id))
                .collect();
            assert!(only_other.len() >= 3, "{other}: {only_other:?}");
            let found = ids(corpus_index(), typed, &[]);
            for id in &only_other {
                assert!(
                    found.contains(id),
                    "{typed} finds {id} ({other}): {found:?}"
                );
            }
            let plain = ids(corpus_index(), typed, &["--no-variants"]);
            for id in &only_other {
                assert!(!plain.contains(id), "{typed} --no-variants: {id}");
            }
            assert_eq!(plain.len(), writing(typed).len(), "{typed}: {plain:?}");
        }
    }
}

#[test]
fn the_spelling_typed_ranks_above_every_variant() {
    for (a, b) in PAIRS {
        for typed in [a, b] {
            let own = writing(typed);
            let found = ids(corpus_index(), typed, &[]);
            let first_variant = found.iter().position(|id| !own.contains(id)).unwrap();
            assert_eq!(first_variant, own.len(), "{typed}: {found:?} (own {own:?})");
        }
    }
    // The hard case: the seed writes ترامب once, deep in a long body; three headlines write ترمب
    // in the title and again in the body. Typed ترامب, the seed still comes first of them.
    let found = ids(corpus_index(), "ترامب", &[]);
    let at = |id: &str| found.iter().position(|x| x == id).expect(id);
    let seed = at("wire/world/000_58c241df490e0bb8.txt");
    for headline in [
        "wire/politics/2020-10-01-first-debate.txt",
        "gazette/politics/2020-10-24-sudan-terror-list.txt",
        "wire/politics/2020-10-02-trump-covid.txt",
    ] {
        assert!(seed < at(headline), "{found:?}");
    }
}

fn groups(listing: &Value) -> Vec<Vec<(String, u64)>> {
    listing["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            g["spellings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["word"].as_str().unwrap().to_string(),
                        s["df"].as_u64().unwrap(),
                    )
                })
                .collect()
        })
        .collect()
}

fn variants_json(index: &std::path::Path) -> Value {
    crate::util::parse_json(run(index, &["variants", "--json"]).as_bytes())
}

fn pair(a: &str, n: u64, b: &str, m: u64) -> Vec<(String, u64)> {
    vec![(a.to_string(), n), (b.to_string(), m)]
}

#[test]
fn fihris_variants_and_analyze_show_the_planted_groups_with_their_counts() {
    let listing = variants_json(corpus_index());
    let found = groups(&listing);
    for expected in [
        pair("ترامب", 4, "ترمب", 4),
        pair("بوتن", 3, "بوتين", 3),
        pair("جوجل", 3, "غوغل", 3),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
    assert_eq!(listing["documents"], 60);
    let answer = crate::util::parse_json(
        run(corpus_index(), &["analyze", "--json", "--variants", "غوغل"]).as_bytes(),
    );
    assert_eq!(answer["word"], "غوغل");
    assert_eq!(answer["group"]["method"], "letters");
    let words: Vec<&str> = answer["group"]["spellings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["word"].as_str().unwrap())
        .collect();
    assert_eq!(words, ["جوجل", "غوغل"]);
    assert!(run(corpus_index(), &["analyze", "--variants", "كاراباخ"]).contains("no variants"));
}

#[test]
fn the_variants_file_adds_a_group_the_gates_missed_and_forbids_one_they_made() {
    // نتنياهو and نتانياهو are in one article each: too rare for the gates.
    let netanyahu = [
        "herald/politics/2020-10-24-sudan-israel-normalization.txt",
        "wire/world/2020-11-23-israeli-pm-gulf-visit-report.txt",
    ];
    assert_eq!(ids(corpus_index(), "نتنياهو", &[]), [netanyahu[0]]);
    let s = Sandbox::new();
    let file = s.tmp.path().join("variants.tsv");
    std::fs::write(
        &file,
        "# reviewed\nadd\tنتنياهو\tنتانياهو\nforbid\tغوغل\tجوجل\n",
    )
    .unwrap();
    let out = s
        .cmd()
        .arg("index")
        .arg(corpus_dir())
        .arg("--variants-file")
        .arg(&file)
        .arg("--index")
        .arg(&s.index)
        .output()
        .unwrap();
    assert_success(&out, "fihris index --variants-file");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("variants          3 groups of spellings"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(sorted_ids(&s.index, "نتانياهو"), netanyahu);
    assert_eq!(
        sorted_ids(&s.index, "غوغل"),
        writing("غوغل"),
        "forbidden: جوجل is not searched"
    );
    let found = groups(&variants_json(&s.index));
    assert!(
        found.contains(&pair("نتانياهو", 1, "نتنياهو", 1)),
        "{found:?}"
    );
    assert!(
        !found.iter().flatten().any(|(w, _)| w == "جوجل"),
        "{found:?}"
    );
    // The file is kept with the index: a rerun without it still applies it.
    s.cmd()
        .arg("index")
        .arg(corpus_dir())
        .arg("--index")
        .arg(&s.index)
        .assert()
        .success();
    assert_eq!(sorted_ids(&s.index, "غوغل"), writing("غوغل"));
    assert_eq!(ids(&s.index, "نتنياهو", &[]).len(), 2);
}

#[test]
fn a_misspelled_query_gets_did_you_mean_in_json_and_text() {
    // كاراباح: one letter off كاراباخ (10 articles or more).
    let results = search_index(corpus_index(), "كاراباح", &[]);
    assert_eq!(results["total"], 0);
    assert_eq!(results["did_you_mean"], "كاراباخ");
    let text = run(corpus_index(), &["search", "كاراباح"]);
    assert!(
        text.lines()
            .any(|l| l.starts_with("did you mean: ") && l.contains("كاراباخ")),
        "{text}"
    );
    // A query that finds enough gets none, in either view.
    assert!(search_index(corpus_index(), "كاراباخ", &[])["did_you_mean"].is_null());
    // Nor does a count that is only a bound: with --track-total-hits false every total is
    // "more than 0", which says nothing about how few match (ARCD's questions each ran a
    // Levenshtein automaton over the dictionary for it).
    let query = "كاراباح الإمارات";
    assert!(!search_index(corpus_index(), query, &[])["did_you_mean"].is_null());
    let bounded = search_index(corpus_index(), query, &["--track-total-hits", "false"]);
    assert_eq!(bounded["total_relation"], "gte", "{bounded}");
    assert!(bounded["did_you_mean"].is_null(), "{bounded}");
    // Bounded: a query of more than DID_YOU_MEAN_MAX_WORDS words is not looked up word by word.
    let long = format!("كاراباح {}", ["زقزقة"; 8].join(" "));
    let results = search_index(corpus_index(), &long, &[]);
    assert_eq!(results["total"], 0, "{results}");
    assert!(results["did_you_mean"].is_null(), "{results}");
}

/// Copies the files of `from` into `to`, folders included.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn an_unchanged_archive_keeps_the_groups_and_a_new_article_rebuilds_them() {
    let s = Sandbox::new();
    copy_tree(&corpus_dir(), &s.archive);
    s.index(&[]);
    let file = s.index.join("variants.json");
    // Dated in the past: a rebuild would write it anew, with a new modification time.
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(past)
        .unwrap();
    let text = run(&s.index, &["index", s.archive.to_str().unwrap()]);
    assert!(text.contains("variants          3 groups"), "{text}");
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), past);
    s.write(
        "herald/world/2020-11-30-putin-new.txt",
        crate::util::seed_article(
            "بوتن يستقبل رئيس وزراء أرمينيا",
            &["روسيا"],
            &["استقبل الرئيس الروسي فلاديمير بوتن في موسكو رئيس وزراء أرمينيا لبحث الوضع في كاراباخ."],
        ),
    );
    s.index(&[]);
    assert_ne!(std::fs::metadata(&file).unwrap().modified().unwrap(), past);
    let answer = crate::util::parse_json(
        run(&s.index, &["analyze", "--json", "--variants", "بوتن"]).as_bytes(),
    );
    assert_eq!(answer["group"]["spellings"][0]["word"], "بوتن");
    assert_eq!(answer["group"]["spellings"][0]["df"], 4, "{answer}");
}
