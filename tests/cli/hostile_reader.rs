//! Hostile and damaged archives through the real binary (issue 8, the readers' part): zip bombs,
//! one bad record in a good file, truncated gzip, dates in every form, a forced wrong encoding.
//! Each test is named after the failure it guards against; the reader-level tests beside the code
//! cover the budgets and the named pipe, which need options or timing the CLI does not expose.

use std::io::Write;

use crate::util::{hit_ids, num, seed_article, skipped, Sandbox};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_member_is_refused_and_the_other_members_indexed() {
    let s = Sandbox::new();
    // 64 MiB of one repeated article line, in a zip of under 1 MiB (a ratio over 300:1).
    let line = "{\"title\": \"قنبلة\", \"body\": \"نص\"}\n";
    let bomb = line.repeat((64 << 20) / line.len());
    let good = "{\"id\": \"z-1\", \"title\": \"عنوان\", \"body\": \"نص عن الرمان\"}\n";
    let data = zip(&[
        ("bomb.jsonl", bomb.as_bytes()),
        ("good.jsonl", good.as_bytes()),
    ]);
    assert!(data.len() < 1 << 20, "{}", data.len());
    s.write("day.zip", &data);
    let summary = s.index(&[]);
    let skipped = skipped(&summary);
    assert_eq!(skipped.len(), 1, "{summary:#}");
    assert!(skipped[0].0.contains("day.zip: bomb.jsonl"), "{skipped:?}");
    assert!(skipped[0].1.contains("compression ratio"), "{skipped:?}");
    assert_eq!(hit_ids(&s.search("الرمان", &[])), ["z-1"]);
    // What the bomb gave before the ratio tripped stays far below what it holds.
    assert!(num(&summary["documents"]) < 100_000, "{summary:#}");
}

#[test]
fn one_invalid_escape_does_not_reject_a_whole_json_array() {
    let s = Sandbox::new();
    let articles: Vec<String> = (0..1000)
        .map(|i| {
            let title = if i == 700 {
                "مكسور \\ud800".to_owned()
            } else {
                format!("عنوان {i}")
            };
            format!("{{\"id\": \"a-{i}\", \"title\": \"{title}\", \"body\": \"نص التفاح\"}}")
        })
        .collect();
    s.write("feed.json", format!("[\n{}\n]", articles.join(",\n")));
    let summary = s.index(&[]);
    assert_eq!(num(&summary["documents"]), 999, "{summary:#}");
    let skipped = skipped(&summary);
    assert_eq!(skipped.len(), 1, "{summary:#}");
    assert!(
        skipped[0].0.contains("feed.json: [700], line 702, column "),
        "the element and its line: {skipped:?}"
    );
}

#[test]
fn one_invalid_byte_does_not_reject_a_whole_text_file() {
    let s = Sandbox::new();
    let text = seed_article(
        "عنوان الخبر",
        &["وسم"],
        &["الفقرة الأولى عن البرتقال.", "الفقرة الثانية."],
    );
    let mut bytes = text.clone().into_bytes();
    bytes.insert(text.find("الفقرة الثانية").unwrap(), 0xFF);
    s.write("damaged.txt", bytes);
    let summary = s.index(&[]);
    assert_eq!(hit_ids(&s.search("البرتقال", &[])), ["damaged.txt"]);
    let skipped = skipped(&summary);
    assert_eq!(skipped.len(), 1, "the loss is reported: {summary:#}");
    assert!(skipped[0].0.ends_with("damaged.txt: line 6"), "{skipped:?}");
    assert!(skipped[0].1.contains("invalid UTF-8"), "{skipped:?}");
}

#[test]
fn a_truncated_jsonl_gz_keeps_its_complete_records() {
    let s = Sandbox::new();
    let lines: String = (0..500)
        .map(|i| {
            format!(
                "{{\"id\": \"g-{i}\", \"title\": \"عنوان {i}\", \"body\": \"نص الكمثرى {i}\"}}\n"
            )
        })
        .collect();
    let data = gzip(lines.as_bytes());
    s.write("feed.jsonl.gz", &data[..data.len() * 3 / 4]);
    let summary = s.index(&[]);
    let documents = num(&summary["documents"]);
    assert!(documents > 100, "{summary:#}");
    let skipped = skipped(&summary);
    assert_eq!(skipped.len(), 1, "{summary:#}");
    assert!(
        skipped[0]
            .0
            .ends_with(&format!("feed.jsonl.gz: line {}", documents + 1)),
        "the line where it broke off: {skipped:?}"
    );
    assert!(skipped[0].1.contains("truncated"), "{skipped:?}");
}

#[test]
fn dates_in_every_common_form_are_indexed_and_undated_articles_counted() {
    let s = Sandbox::new();
    let records = [
        ("rfc2822", "\"Tue, 21 Jul 2015 10:22:01 +0300\""),
        ("epoch-s", "1437474121"),
        ("epoch-ms", "1437474121000"),
        ("day-first", "\"21/07/2015\""),
        ("arabic", "\"٢١ تموز ٢٠١٥\""),
        ("unparseable", "\"قبل أسبوع\""),
    ];
    let lines: String = records
        .iter()
        .map(|(id, date)| {
            format!("{{\"id\": \"{id}\", \"title\": \"عنوان\", \"body\": \"نص الليمون\", \"date\": {date}}}\n")
        })
        .collect();
    s.write("feed.jsonl", lines);
    let text = seed_article("عنوان", &[], &["نص الليمون"]);
    s.write("2015/07/21/story.txt", &text);
    s.write("undated.txt", &text);
    let summary = s.index(&[]);
    let mut dated = hit_ids(&s.search(
        "الليمون",
        &["--since", "2015-07-21", "--until", "2015-07-21"],
    ));
    dated.sort();
    assert_eq!(
        dated,
        [
            "2015/07/21/story.txt",
            "arabic",
            "day-first",
            "epoch-ms",
            "epoch-s",
            "rfc2822"
        ]
    );
    // The unparseable date is reported with its record, and the article indexed undated.
    let skipped = skipped(&summary);
    assert_eq!(skipped.len(), 1, "{summary:#}");
    assert!(skipped[0].0.ends_with("feed.jsonl: line 6"), "{skipped:?}");
    assert!(skipped[0].1.contains("قبل أسبوع"), "{skipped:?}");
    assert_eq!(num(&summary["articles_undated"]), 2, "{summary:#}");
    assert_eq!(num(&s.stats()["undated"]), 2);
    let out = s.with_index(&["stats"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("undated articles   2"), "{text}");
}

#[test]
fn forced_windows_1256_on_utf8_text_is_reported_not_silent() {
    let s = Sandbox::new();
    s.write(
        "utf8.txt",
        seed_article(
            "الحكومة تعلن الميزانية",
            &[],
            &["قال الوزير إن العجز سينخفض"],
        ),
    );
    let summary = s.index(&["--encoding", "windows-1256"]);
    // Indexed as asked, with a warning naming the file.
    assert_eq!(num(&summary["documents"]), 1);
    let skipped = skipped(&summary);
    assert_eq!(skipped.len(), 1, "{summary:#}");
    assert!(skipped[0].0.contains("utf8.txt"), "{skipped:?}");
    assert!(skipped[0].1.contains("mojibake"), "{skipped:?}");
    // Auto-detection reads it right, without a word.
    let summary = s.index(&["--full"]);
    assert!(crate::util::skipped(&summary).is_empty(), "{summary:#}");
    assert_eq!(hit_ids(&s.search("الوزير", &[])), ["utf8.txt"]);
}
