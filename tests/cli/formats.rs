//! `fihris index` reads every supported format and encoding; the seed article is parsed exactly.

use std::io::Write;

use serde_json::Value;

use crate::util::{hit_ids, num, seed_article, Sandbox};

/// Every article whose title or body has `word`, by id.
fn ids_with(sandbox: &Sandbox, word: &str) -> Vec<String> {
    hit_ids(&sandbox.search(word, &["--limit", "100"]))
}

/// The one hit for `word`, asserting there is exactly one.
fn only_hit(sandbox: &Sandbox, word: &str) -> Value {
    let results = sandbox.search(word, &["--limit", "100"]);
    assert_eq!(results["total"], 1, "{word}: {results:#}");
    results["hits"][0].clone()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in members {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn windows_1256(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
    assert!(!unmappable, "{text} fits Windows-1256");
    bytes.into_owned()
}

/// An archive with one article (or two) in every supported format, each with a word of its own.
fn every_format() -> Sandbox {
    let s = Sandbox::new();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(seed_article("عنوان البرتقالة", &["فاكهة"], &["نص عن البرتقالة"]).as_bytes());
    s.write("txt/bom.txt", bom);
    s.write(
        "txt/crlf.txt",
        seed_article(
            "عنوان السفرجلة",
            &["فاكهة", "شتاء"],
            &["نص عن السفرجلة", "فقرة ثانية"],
        )
        .replace('\n', "\r\n"),
    );
    s.write(
        "txt/no-final-newline.txt",
        seed_article("عنوان الكمثرى", &["فاكهة"], &["نص عن الكمثرى"]).trim_end(),
    );
    s.write(
        "txt/no-tags.txt",
        "عنوان المشمشة\n\nعنوان المشمشة\nنص عن المشمشة\n",
    );
    s.write(
        "txt/title-once.txt",
        "عنوان الخوخة\nنص عن الخوخة\nفقرة أخرى\n",
    );
    s.write(
        "json/object.json",
        r#"{"id": "obj-1", "title": "عنوان الزيتونة", "body": "نص عن الزيتونة", "tags": ["شجرة"], "date": "2021-03-04"}"#,
    );
    s.write(
        "json/array.json",
        r#"[{"id": "arr-1", "title": "عنوان الرمانة", "body": "نص عن الرمانة"},
            {"id": "arr-2", "title": "عنوان التينة", "body": "نص عن التينة"}]"#,
    );
    s.write(
        "lines/feed.jsonl",
        "{\"id\": \"jl-1\", \"title\": \"عنوان العنبة\", \"body\": \"نص عن العنبة\"}\n\
         {\"id\": \"jl-2\", \"title\": \"عنوان الجزرة\", \"body\": \"نص عن الجزرة\"}\n",
    );
    s.write(
        "lines/feed.ndjson",
        "{\"id\": \"nd-1\", \"title\": \"عنوان الليمونة\", \"body\": \"نص عن الليمونة\"}\n",
    );
    s.write(
        "gz/feed.jsonl.gz",
        gzip("{\"id\": \"gz-1\", \"title\": \"عنوان البطيخة\", \"body\": \"نص\"}\n".as_bytes()),
    );
    s.write(
        "gz/article.txt.gz",
        gzip(seed_article("عنوان الجوافة", &["فاكهة"], &["نص عن الجوافة"]).as_bytes()),
    );
    let member_txt = seed_article("عنوان الموزة", &["فاكهة"], &["نص عن الموزة"]);
    s.write(
        "zip/bundle.zip",
        zip(&[
            ("a.txt", member_txt.as_bytes()),
            (
                "b.json",
                r#"{"id": "zip-b", "title": "عنوان التمرة", "body": "نص"}"#.as_bytes(),
            ),
        ]),
    );
    s.write(
        "cp1256/article.txt",
        windows_1256(&seed_article("عنوان النخلة", &["شجرة"], &["نص عن النخلة"])),
    );
    s
}

#[test]
fn every_format_is_indexed() {
    let s = every_format();
    let summary = s.index(&[]);
    assert_eq!(summary["skipped"], Value::Array(vec![]), "{summary:#}");
    assert_eq!(num(&summary["articles_indexed"]), 16, "{summary:#}");
    assert_eq!(num(&summary["documents"]), 16);
    assert_eq!(num(&s.stats()["documents"]), 16);

    // Text files have no id: their path relative to the archive is the id.
    for (word, id) in [
        ("البرتقالة", "txt/bom.txt"),
        ("السفرجلة", "txt/crlf.txt"),
        ("الكمثرى", "txt/no-final-newline.txt"),
        ("المشمشة", "txt/no-tags.txt"),
        ("الخوخة", "txt/title-once.txt"),
        ("الزيتونة", "obj-1"),
        ("الرمانة", "arr-1"),
        ("التينة", "arr-2"),
        ("العنبة", "jl-1"),
        ("الجزرة", "jl-2"),
        ("الليمونة", "nd-1"),
        ("البطيخة", "gz-1"),
        ("التمرة", "zip-b"),
    ] {
        assert_eq!(ids_with(&s, word), [id], "{word}");
    }
    let guava = only_hit(&s, "الجوافة");
    assert!(
        guava["path"]
            .as_str()
            .unwrap()
            .starts_with("gz/article.txt.gz"),
        "{guava}"
    );
    let banana = only_hit(&s, "الموزة");
    assert!(
        banana["path"]
            .as_str()
            .unwrap()
            .starts_with("zip/bundle.zip"),
        "{banana}"
    );
    assert!(
        banana["path"].as_str().unwrap().contains("a.txt"),
        "{banana}"
    );
}

#[test]
fn seed_text_quirks_are_read_right() {
    let s = every_format();
    s.index(&[]);
    // The BOM is not part of the title; CRLF leaves no \r anywhere.
    assert_eq!(only_hit(&s, "البرتقالة")["title"], "عنوان البرتقالة");
    let quince = only_hit(&s, "السفرجلة");
    assert_eq!(quince["title"], "عنوان السفرجلة");
    assert_eq!(quince["tags"], serde_json::json!(["فاكهة", "شتاء"]));
    assert!(
        !quince["snippet"].as_str().unwrap().contains('\r'),
        "{quince}"
    );
    // The last line without a newline is still read, as a paragraph.
    assert_eq!(
        only_hit(&s, "الكمثرى")["tags"],
        serde_json::json!(["فاكهة"])
    );
    // No tag lines: title and body only.
    let apricot = only_hit(&s, "المشمشة");
    assert_eq!(apricot["title"], "عنوان المشمشة");
    assert_eq!(apricot["tags"], serde_json::json!([]));
    // A title not repeated: the second line is body, not a second title or a tag.
    let peach = only_hit(&s, "أخرى");
    assert_eq!(peach["title"], "عنوان الخوخة");
    assert_eq!(peach["tags"], serde_json::json!([]));
    // The JSON date is kept.
    assert_eq!(only_hit(&s, "الزيتونة")["date"], "2021-03-04");
}

#[test]
fn windows_1256_is_detected_or_forced() {
    let s = Sandbox::new();
    s.write(
        "old.txt",
        windows_1256(&seed_article("عنوان النخلة", &["شجرة"], &["نص عن النخلة"])),
    );
    for flags in [&[][..], &["--encoding", "windows-1256"][..]] {
        let summary = s.index(&[&["--full"], flags].concat());
        assert_eq!(
            summary["skipped"],
            Value::Array(vec![]),
            "{flags:?}: {summary:#}"
        );
        let hit = only_hit(&s, "النخلة");
        assert_eq!(hit["title"], "عنوان النخلة", "{flags:?}");
        assert_eq!(hit["tags"], serde_json::json!(["شجرة"]), "{flags:?}");
    }
    // Forcing UTF-8 on it is refused, with the file named, rather than indexed as mojibake.
    let summary = s.index(&["--full", "--encoding", "utf-8"]);
    let skipped = crate::util::skipped(&summary);
    assert_eq!(skipped.len(), 1, "{summary:#}");
    assert!(skipped[0].0.ends_with("old.txt"), "{skipped:?}");
    assert_eq!(num(&summary["documents"]), 0);
}

#[test]
fn field_maps_a_json_key_to_an_article_field() {
    let s = Sandbox::new();
    s.write(
        "feed.jsonl",
        "{\"id\": \"m-1\", \"title\": \"عنوان\", \"matn\": \"نص عن الكستناء\"}\n",
    );
    s.index(&[]);
    assert!(
        ids_with(&s, "الكستناء").is_empty(),
        "an unknown key is not the body"
    );
    s.index(&["--full", "--field", "body=matn"]);
    assert_eq!(ids_with(&s, "الكستناء"), ["m-1"]);
}

#[test]
fn json_id_is_the_article_id_and_reindexing_never_duplicates() {
    let s = Sandbox::new();
    s.write(
        "a.json",
        r#"{"id": "story-42", "title": "عنوان القرنفل", "body": "نص"}"#,
    );
    s.write("b.txt", seed_article("عنوان الياسمين", &[], &["نص"]));
    s.index(&[]);
    assert_eq!(ids_with(&s, "القرنفل"), ["story-42"]);
    assert_eq!(ids_with(&s, "الياسمين"), ["b.txt"]);
    for flags in [&[][..], &["--full"][..], &[][..]] {
        let summary = s.index(flags);
        assert_eq!(num(&summary["documents"]), 2, "{flags:?}: {summary:#}");
    }
    // A changed file replaces its article under the same id.
    s.rewrite(
        "a.json",
        r#"{"id": "story-42", "title": "عنوان القرنفل المعدل", "body": "نص"}"#,
    );
    let summary = s.index(&[]);
    assert_eq!(num(&summary["articles_updated"]), 1, "{summary:#}");
    assert_eq!(num(&summary["documents"]), 2);
    assert_eq!(ids_with(&s, "القرنفل"), ["story-42"]);
}

/// The seed article, the one that defines the text format: one title, five distinct tags each
/// written twice, twelve body paragraphs.
#[test]
fn the_seed_article_is_parsed_exactly() {
    let seed = crate::util::corpus_dir().join("wire/world/000_58c241df490e0bb8.txt");
    let contents = fihris::reader::read_file(&seed, &fihris::reader::ReadOptions::default())
        .expect("the seed reads");
    assert!(contents.problems.is_empty());
    assert_eq!(contents.articles.len(), 1);
    let article = &contents.articles[0].article;
    assert_eq!(
        article.title,
        "بوتين يبحث مع نظيره الأرميني الوضع في كاراباخ"
    );
    assert_eq!(
        article.tags.len(),
        10,
        "the list is written twice: {:?}",
        article.tags
    );
    assert_eq!(article.tags[..5], article.tags[5..]);
    assert_eq!(article.paragraphs.len(), 12, "{:#?}", article.paragraphs);
    assert!(article
        .paragraphs
        .iter()
        .all(|p| !p.starts_with("- ") && *p != article.title));

    // Through the binary: one document, 5 distinct tags, 5 repeats recorded by the report.
    let s = Sandbox::new();
    s.write("seed.txt", std::fs::read(&seed).unwrap());
    s.index(&[]);
    let stats = s.stats();
    assert_eq!(stats["documents"], 1);
    assert_eq!(stats["distinct_tags"], 5);
    let hit = only_hit(&s, "باشينيان");
    assert_eq!(hit["title"], article.title);
    assert_eq!(hit["tags"].as_array().unwrap().len(), 5, "{hit}");
    let report = crate::tags::report_json(&s, &[]);
    assert_eq!(report["within_article"]["articles"], 1, "{report:#}");
    let repeated = report["within_article"]["tags"].as_array().unwrap();
    assert_eq!(
        repeated.len(),
        5,
        "each of the 5 tags is repeated once: {report:#}"
    );
}
