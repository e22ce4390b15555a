//! Bad input never stops a run: each bad file or record is skipped with a reason naming it, the rest
//! is indexed, and the exit code says so only with `--strict`. Bad folders are clear errors.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use crate::util::{num, seed_article, skipped, stderr, Sandbox};

/// The good article every bad archive also holds.
fn with_good_article() -> Sandbox {
    let s = Sandbox::new();
    s.write(
        "good.txt",
        seed_article("عنوان سليم", &["وسم"], &["نص الخزامى"]),
    );
    s
}

/// Indexes `s`, expects exactly one skipped entry whose path ends with `path_end` and whose reason
/// contains every one of `reason_has`, and the good article indexed.
fn assert_skipped_alone(s: &Sandbox, path_end: &str, reason_has: &[&str]) {
    let summary = s.index(&[]);
    let skipped = skipped(&summary);
    assert_eq!(skipped.len(), 1, "{summary:#}");
    let (path, reason) = &skipped[0];
    assert!(
        path.ends_with(path_end),
        "path {path:?} should end with {path_end:?}"
    );
    for part in reason_has {
        assert!(
            reason.contains(part),
            "reason {reason:?} should contain {part:?}"
        );
    }
    assert_eq!(
        crate::util::hit_ids(&s.search("الخزامى", &[])),
        ["good.txt"]
    );
    // --strict: the same run exits 1 (and still indexes the rest).
    let out = s.index_cmd(&["--full", "--strict"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        crate::util::hit_ids(&s.search("الخزامى", &[])),
        ["good.txt"]
    );
}

#[test]
fn empty_file_is_skipped() {
    let s = with_good_article();
    s.write("empty.txt", "");
    assert_skipped_alone(&s, "empty.txt", &["empty"]);
}

#[test]
fn whitespace_only_file_is_skipped_as_empty() {
    let s = with_good_article();
    s.write("blank.txt", " \n\r\n\t\n");
    assert_skipped_alone(&s, "blank.txt", &["empty"]);
}

#[test]
fn binary_file_is_skipped() {
    let s = with_good_article();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    s.write("image.txt", bytes);
    assert_skipped_alone(&s, "image.txt", &["binary"]);
}

#[test]
fn truncated_gzip_is_skipped() {
    let s = with_good_article();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let text = seed_article("عنوان", &[], &["نص طويل بما يكفي"]).repeat(50);
    std::io::Write::write_all(&mut encoder, text.as_bytes()).unwrap();
    let gz = encoder.finish().unwrap();
    s.write("cut.txt.gz", &gz[..gz.len() / 2]);
    assert_skipped_alone(&s, "cut.txt.gz", &["truncated"]);
}

#[test]
fn corrupt_zip_is_skipped() {
    let s = with_good_article();
    s.write("broken.zip", b"PK\x03\x04 this is not really a zip archive");
    assert_skipped_alone(&s, "broken.zip", &["corrupt"]);
}

#[test]
fn invalid_json_is_skipped_with_line_and_column() {
    let s = with_good_article();
    s.write("bad.json", "{\"title\": \"عنوان\",\n  \"body\": }\n");
    assert_skipped_alone(&s, "bad.json", &["JSON", "line 2", "column"]);
}

#[test]
fn a_bad_jsonl_line_is_skipped_and_the_others_indexed() {
    let s = with_good_article();
    s.write(
        "feed.jsonl",
        "{\"id\": \"l1\", \"title\": \"الأول\", \"body\": \"نص القرفة\"}\n\
         {\"id\": \"l2\", \"title\": \"الثاني\", \"body\": \n\
         {\"id\": \"l3\", \"title\": \"الثالث\", \"body\": \"نص القرفة\"}\n",
    );
    let summary = s.index(&[]);
    let skipped = skipped(&summary);
    assert_eq!(skipped.len(), 1, "{summary:#}");
    assert!(skipped[0].0.contains("feed.jsonl"), "{skipped:?}");
    assert!(
        skipped[0].0.contains("line 2"),
        "the record's line: {skipped:?}"
    );
    assert_eq!(num(&summary["documents"]), 3);
    let mut ids = crate::util::hit_ids(&s.search("القرفة", &[]));
    ids.sort();
    assert_eq!(ids, ["l1", "l3"]);
}

#[test]
fn undecodable_text_is_skipped() {
    let s = with_good_article();
    // Latin-1 French: every non-ASCII byte is invalid UTF-8, and it is not Arabic as
    // Windows-1256. (A few bad bytes in UTF-8 are kept with a warning: see hostile_reader.rs.)
    s.write(
        "latin1.txt",
        b"Titre\n\nL'\xE9l\xE8ve \xE0 l'\xE9cole, le caf\xE9 cr\xE8me est fran\xE7ais.\n",
    );
    assert_skipped_alone(&s, "latin1.txt", &["undecodable"]);
}

#[test]
fn no_title_and_no_body_is_skipped() {
    let s = with_good_article();
    s.write(
        "tags-only.json",
        r#"{"id": "t1", "tags": ["وسم"], "date": "2020-01-01"}"#,
    );
    assert_skipped_alone(&s, "tags-only.json", &["title", "body"]);
}

#[test]
fn unreadable_file_is_skipped() {
    let s = with_good_article();
    let path = s.write("locked.txt", seed_article("عنوان", &[], &["نص"]));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        eprintln!(
            "skipping unreadable_file_is_skipped: running as root, chmod 000 does not block reads"
        );
        return;
    }
    assert_skipped_alone(&s, "locked.txt", &["cannot read"]);
}

#[test]
fn every_bad_file_at_once_still_indexes_the_rest() {
    let s = with_good_article();
    s.write("empty.txt", "");
    s.write("bad.json", "{");
    s.write("tags-only.json", r#"{"tags": ["وسم"]}"#);
    s.write("image.txt", [0u8, 159, 146, 150, 0, 0, 1, 2]);
    let summary = s.index(&[]);
    let mut paths: Vec<String> = skipped(&summary)
        .into_iter()
        .map(|(p, _)| p.rsplit('/').next().unwrap().to_string())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        ["bad.json", "empty.txt", "image.txt", "tags-only.json"]
    );
    assert_eq!(num(&summary["documents"]), 1);
}

#[test]
fn missing_archive_folder_is_a_clear_error() {
    let s = Sandbox::new();
    let missing = s.tmp.path().join("no-such-archive");
    let out = s
        .cmd()
        .arg("index")
        .arg(&missing)
        .arg("--index")
        .arg(&s.index)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no-such-archive"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !s.index.exists(),
        "no index is created for a missing archive"
    );
}

#[test]
fn index_folder_that_is_not_a_fihris_index_is_refused_and_left_alone() {
    let s = with_good_article();
    fs::create_dir(&s.index).unwrap();
    fs::write(s.index.join("thesis.docx"), "precious").unwrap();
    for flags in [&[][..], &["--full"][..]] {
        let out = s.index_cmd(flags).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        let err = stderr(&out);
        assert!(err.contains("not a Fihris index"), "{err}");
        let entries: Vec<_> = fs::read_dir(&s.index).unwrap().flatten().collect();
        assert_eq!(entries.len(), 1, "{flags:?}: the folder is untouched");
        assert_eq!(
            fs::read_to_string(s.index.join("thesis.docx")).unwrap(),
            "precious"
        );
    }
    // Reading commands refuse it the same way.
    for cmd in [&["stats"][..], &["search", "نص"][..], &["tags"][..]] {
        let out = s.with_index(cmd).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd:?}");
        assert!(
            stderr(&out).contains("not a Fihris index"),
            "{}",
            stderr(&out)
        );
    }
}
