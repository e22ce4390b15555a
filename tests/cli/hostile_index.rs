//! Hostile conditions around the indexer (issue 8): folders that become unreadable, zip members that
//! become corrupt, ids met twice, two writers at once, a search during a full rebuild's swap, links
//! out of the archive, absurd tag lists, a damaged index. Each test is named after the item it
//! guards and fails on the code before the fix.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;

use crate::util::{hit_ids, num, seed_article, skipped, stderr, Sandbox};

/// The summary's list `name` as `(path, reason)`.
fn entries(summary: &Value, name: &str) -> Vec<(String, String)> {
    summary[name]
        .as_array()
        .unwrap_or_else(|| panic!("no {name} in {summary:#}"))
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap_or_default().to_string(),
                e["reason"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// A JSON array of `n` articles with ids `{prefix}-{i}`, each with the word `word` in its body.
fn json_articles(prefix: &str, n: usize, word: &str) -> Vec<u8> {
    let articles: Vec<Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "id": format!("{prefix}-{i}"),
                "title": format!("عنوان {i}"),
                "body": format!("نص عن {word}"),
            })
        })
        .collect();
    serde_json::to_vec(&articles).unwrap()
}

/// A zip archive of `members`, stored uncompressed so a test can find and damage a member's bytes.
fn stored_zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in members {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn a_subfolder_that_becomes_unreadable_keeps_its_articles() {
    let s = Sandbox::new();
    s.write("a.txt", seed_article("عنوان أ", &[], &["نص عن الزعفران"]));
    s.write("sub/b.txt", seed_article("عنوان ب", &[], &["نص عن الهيل"]));
    s.write("sub/c.txt", seed_article("عنوان ج", &[], &["نص عن الهيل"]));
    s.index(&[]);
    let sub = s.path("sub");
    let locked = {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o000)).unwrap();
        let enforced = fs::read_dir(&sub).is_err();
        if !enforced {
            fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
        }
        enforced
    };
    let moved = s.tmp.path().join("elsewhere");
    if !locked {
        // Root reads through chmod 000: make the walk fail another way, as an unmounted drive
        // does: the folder becomes a link to nothing.
        eprintln!("running as root, chmod 000 does not block reads: simulating with a dead link");
        fs::rename(&sub, &moved).unwrap();
        std::os::unix::fs::symlink(s.tmp.path().join("not-mounted"), &sub).unwrap();
    }
    let summary = s.index(&[]);
    if locked {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
    }
    assert_eq!(num(&summary["articles_deleted"]), 0, "{summary:#}");
    assert_eq!(num(&summary["articles_kept"]), 2, "{summary:#}");
    assert_eq!(num(&summary["documents"]), 3, "{summary:#}");
    let folder = sub.display().to_string();
    assert!(
        skipped(&summary).iter().any(|(path, _)| *path == folder),
        "the folder is reported: {summary:#}"
    );
    assert!(
        entries(&summary, "warnings")
            .iter()
            .any(|(path, why)| *path == folder && why.contains("2 indexed articles are kept")),
        "{summary:#}"
    );
    assert_eq!(hit_ids(&s.search("الهيل", &[])).len(), 2);
}

#[test]
fn a_zip_member_that_becomes_corrupt_keeps_its_articles_and_the_counts_are_true() {
    let s = Sandbox::new();
    let first = json_articles("first", 50, "الزعفران");
    let second = json_articles("second", 50, "الهيل");
    let members: [(&str, &[u8]); 2] = [("first.json", &first), ("second.json", &second)];
    s.write("day.zip", stored_zip(&members));
    assert_eq!(num(&s.index(&[])["documents"]), 100);

    // Damage one byte inside the second member: its checksum fails, the first still reads.
    let mut bytes = stored_zip(&members);
    let at = bytes
        .windows(b"second-7".len())
        .position(|w| w == b"second-7")
        .expect("the member's text is stored as is");
    bytes[at] = b'X';
    s.rewrite("day.zip", bytes);
    let summary = s.index(&[]);
    assert_eq!(num(&summary["documents"]), 100, "{summary:#}");
    assert_eq!(num(&summary["articles_deleted"]), 0, "{summary:#}");
    assert_eq!(num(&summary["articles_kept"]), 100, "{summary:#}");
    assert!(
        skipped(&summary)
            .iter()
            .any(|(path, _)| path.ends_with("day.zip: second.json")),
        "the member is reported: {summary:#}"
    );
    assert_eq!(hit_ids(&s.search("الهيل", &["--limit", "100"])).len(), 50);
    // Kept, not marked as read: the next run tries the file again (and still keeps them).
    let again = s.index(&[]);
    assert_eq!(num(&again["files_read"]), 1, "{again:#}");
    assert_eq!(num(&again["documents"]), 100, "{again:#}");
}

#[test]
fn a_changed_file_that_lost_articles_counts_them_deleted() {
    let s = Sandbox::new();
    let first = json_articles("first", 50, "الزعفران");
    let second = json_articles("second", 50, "الهيل");
    s.write(
        "day.zip",
        stored_zip(&[("first.json", &first), ("second.json", &second)]),
    );
    s.index(&[]);
    // The editors dropped the second member and one article of the first, and added one.
    let mut first: Vec<Value> = serde_json::from_slice(&first).unwrap();
    first.remove(0);
    first.push(serde_json::json!({"id": "new", "title": "جديد", "body": "نص"}));
    s.rewrite(
        "day.zip",
        stored_zip(&[("first.json", &serde_json::to_vec(&first).unwrap())]),
    );
    let summary = s.index(&[]);
    assert_eq!(num(&summary["articles_updated"]), 49, "{summary:#}");
    assert_eq!(num(&summary["articles_indexed"]), 1, "{summary:#}");
    assert_eq!(num(&summary["articles_deleted"]), 51, "{summary:#}");
    assert_eq!(num(&summary["documents"]), 50, "{summary:#}");
}

#[test]
fn the_same_id_in_two_files_is_indexed_once_last_one_wins() {
    let s = Sandbox::new();
    s.write(
        "a.json",
        r#"{"id": "same", "title": "الأول", "body": "نص عن الزعفران"}"#,
    );
    s.write(
        "b.json",
        r#"{"id": "same", "title": "الثاني", "body": "نص عن الزعفران"}"#,
    );
    s.write(
        "c.json",
        r#"{"id": "other", "title": "الثالث", "body": "نص عن الهيل"}"#,
    );
    let summary = s.index(&[]);
    assert_eq!(num(&summary["documents"]), 2, "{summary:#}");
    assert_eq!(num(&summary["articles_indexed"]), 2, "{summary:#}");
    let duplicates = summary["duplicate_ids"].as_array().expect("duplicate_ids");
    assert_eq!(duplicates.len(), 1, "{summary:#}");
    assert_eq!(duplicates[0]["id"], "same");
    assert_eq!(duplicates[0]["kept"], "b.json");
    assert_eq!(duplicates[0]["replaced"], "a.json");
    let hits = s.search("الزعفران", &[]);
    assert_eq!(hit_ids(&hits), ["same"]);
    assert_eq!(hits["hits"][0]["title"], "الثاني", "the later file wins");
    // Nothing changed: the index stays as it is. (a.json, which gives the index nothing, is read
    // again, like a file of only bad records, and its duplicate reported again.)
    for _ in 0..2 {
        let again = s.index(&[]);
        assert_eq!(num(&again["documents"]), 2, "{again:#}");
        assert_eq!(num(&again["articles_indexed"]), 0, "{again:#}");
        assert_eq!(again["duplicate_ids"][0]["kept"], "b.json", "{again:#}");
        let hits = s.search("الزعفران", &[]);
        assert_eq!(hits["hits"][0]["title"], "الثاني", "still the later file");
    }
    // The earlier file changes: the later one still wins, as a full rebuild would decide.
    s.rewrite(
        "a.json",
        r#"{"id": "same", "title": "الأول معدلا", "body": "نص عن الزعفران"}"#,
    );
    s.index(&[]);
    assert_eq!(s.search("الزعفران", &[])["hits"][0]["title"], "الثاني");
    // The later file changes: it wins, and a.json's old article is not counted twice.
    s.rewrite(
        "b.json",
        r#"{"id": "same", "title": "الثاني معدلا", "body": "نص عن الزعفران"}"#,
    );
    let summary = s.index(&[]);
    assert_eq!(num(&summary["documents"]), 2, "{summary:#}");
    assert_eq!(s.search("الزعفران", &[])["hits"][0]["title"], "الثاني معدلا");
    // A full rebuild says the same.
    assert_eq!(num(&s.index(&["--full"])["documents"]), 2);
}

#[test]
fn full_respects_the_index_lock() {
    let s = Sandbox::new();
    s.write("a.txt", seed_article("عنوان", &[], &["نص عن الزعفران"]));
    s.index(&[]);
    let lock = fihris::store::WriteLock::try_acquire(&s.index).expect("the lock is free");
    for extra in [&["--full"][..], &[][..]] {
        let out = s.index_cmd(extra).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", stderr(&out));
        let err = stderr(&out);
        let sentence = format!(
            "is being written by another fihris process (pid {}); try again when it finishes",
            std::process::id()
        );
        assert_eq!(err.matches(&sentence).count(), 1, "once: {err}");
        assert!(!err.contains("LockBusy"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    // Nothing was touched: the index still answers, and no rebuild folder was left.
    assert_eq!(hit_ids(&s.search("الزعفران", &[])), ["a.txt"]);
    assert!(!s.tmp.path().join("index.fihris-rebuild").exists());
    // The library's own second claim is refused as well, then works once the first is released.
    assert!(matches!(
        fihris::store::WriteLock::try_acquire(&s.index),
        Err(fihris::store::StoreError::Busy { .. })
    ));
    drop(lock);
    s.index(&["--full"]);
    assert!(
        fs::read_dir(s.tmp.path()).unwrap().count() == 2,
        "only archive/ and index/ are left: the lock file goes with the lock"
    );
}

/// Copies the files of the index folder `from` into a new folder `to`.
fn copy_index(from: &Path, to: &Path) {
    fs::create_dir(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn a_search_never_fails_because_of_a_swap() {
    use tantivy::collector::Count;
    use tantivy::query::AllQuery;

    let s = Sandbox::new();
    for i in 0..20 {
        s.write(
            &format!("{i}.txt"),
            seed_article(&format!("عنوان {i}"), &[], &["نص عن الزعفران"]),
        );
    }
    s.index(&[]);
    let template = s.tmp.path().join("template");
    copy_index(&s.index, &template);
    let built = s.tmp.path().join("index.fihris-rebuild");
    let swapping = AtomicBool::new(true);
    const SWAPS: usize = 150;
    let (searches, failures) = std::thread::scope(|scope| {
        let searcher = scope.spawn(|| {
            let (mut searches, mut failures) = (0u32, Vec::new());
            while swapping.load(Ordering::Relaxed) || searches < 10 {
                searches += 1;
                let outcome = fihris::store::Store::open(&s.index).and_then(|store| {
                    let searcher = store.reader()?.searcher();
                    Ok(searcher
                        .search(&AllQuery, &Count)
                        .map_err(|e| e.to_string()))
                });
                match outcome {
                    Ok(Ok(20)) => {}
                    other => failures.push(format!("{other:?}")),
                }
            }
            (searches, failures)
        });
        for _ in 0..SWAPS {
            copy_index(&template, &built);
            fihris::store::swap_in(&built, &s.index).expect("swap");
        }
        swapping.store(false, Ordering::Relaxed);
        searcher.join().unwrap()
    });
    assert!(
        failures.is_empty(),
        "{} of {searches} searches failed during {SWAPS} swaps: {:?}",
        failures.len(),
        &failures[..failures.len().min(3)]
    );
}

#[test]
fn symbolic_links_that_lead_out_of_the_archive_are_not_followed() {
    let s = Sandbox::new();
    s.write("a.txt", seed_article("عنوان", &[], &["نص عن الزعفران"]));
    let outside = s.tmp.path().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(
        outside.join("secret.txt"),
        seed_article("سر", &[], &["كلمة المرور"]),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), s.path("passwd.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, s.path("mounted")).unwrap();
    std::os::unix::fs::symlink(s.path("a.txt"), s.path("inside.txt")).unwrap();

    let summary = s.index(&[]);
    assert_eq!(num(&summary["documents"]), 1, "{summary:#}");
    assert!(hit_ids(&s.search("المرور", &[])).is_empty());
    let ignored = entries(&summary, "ignored");
    for link in ["passwd.txt", "mounted"] {
        assert!(
            ignored.iter().any(|(path, why)| path.ends_with(link)
                && why.contains("outside the archive")
                && why.contains("--follow-external-links")),
            "{link} listed as ignored with the reason: {summary:#}"
        );
    }
    // Asked for, they are followed.
    let summary = s.index(&["--follow-external-links"]);
    assert_eq!(num(&summary["documents"]), 2, "{summary:#}");
    // …and the next ordinary run drops what only they led to.
    let summary = s.index(&[]);
    assert_eq!(num(&summary["documents"]), 1, "{summary:#}");
    assert_eq!(num(&summary["articles_deleted"]), 1, "{summary:#}");
}

#[test]
fn tags_per_article_are_capped_and_the_excess_reported() {
    let s = Sandbox::new();
    let tags: Vec<String> = (0..100_000).map(|i| format!("\"وسم {i}\"")).collect();
    s.write(
        "many.json",
        format!(
            r#"{{"id": "many", "title": "عنوان", "body": "نص", "tags": [{}]}}"#,
            tags.join(",")
        ),
    );
    let summary = s.index(&[]);
    assert_eq!(num(&summary["documents"]), 1, "{summary:#}");
    let warnings = entries(&summary, "warnings");
    assert!(
        warnings
            .iter()
            .any(|(path, why)| path == "many.json" && why.contains("99000 tags beyond the limit")),
        "{warnings:?}"
    );
    let vocabulary = s.with_index(&["tags", "--json"]).output().unwrap();
    let vocabulary: Value = serde_json::from_slice(&vocabulary.stdout).unwrap();
    assert_eq!(num(&vocabulary["total"]), 1_000);
}

#[test]
fn a_damaged_index_says_to_rebuild_with_full_and_names_no_internal_field() {
    let s = Sandbox::new();
    s.write(
        "a.txt",
        seed_article("عنوان", &["وسم"], &["نص عن الزعفران"]),
    );
    s.index(&[]);
    // Truncate every segment file: the marker and meta.json are intact, the data is not.
    for entry in fs::read_dir(&s.index).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") && !name.starts_with('.') && path.is_file() {
            fs::write(&path, b"garbage").unwrap();
        }
    }
    s.rewrite("a.txt", seed_article("عنوان", &["وسم"], &["نص آخر"]));
    for command in [
        s.index_cmd(&[]).output().unwrap(),
        s.with_index(&["tags", "report"]).output().unwrap(),
    ] {
        let err = stderr(&command);
        assert_eq!(command.status.code(), Some(2), "{err}");
        assert!(err.contains("--full"), "{err}");
        for internal in [
            "tag_raw",
            "file_sig",
            "tag_facet",
            "DataCorruption",
            "panicked",
        ] {
            assert!(!err.contains(internal), "{internal} leaks: {err}");
        }
        assert_eq!(err.lines().count(), 1, "one sentence: {err}");
    }
    // The advice works.
    let summary = s.index(&["--full"]);
    assert_eq!(num(&summary["documents"]), 1, "{summary:#}");
}

#[test]
fn the_tag_report_header_counts_every_article_and_says_1_article() {
    let s = Sandbox::new();
    s.write("tagged.txt", seed_article("عنوان", &["أرمينيا"], &["نص"]));
    s.write("variant.txt", seed_article("عنوان", &["ارمينيا"], &["نص"]));
    s.write("untagged.txt", seed_article("عنوان", &[], &["نص"]));
    s.index(&[]);
    let out = s.with_index(&["tags", "report"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Tags: 2 of 3 articles tagged"),
        "the untagged article counts: {text}"
    );
    // The tag bidi-isolated (FSI … PDI) so the count column stays in place.
    assert!(
        text.contains("\n           1  \u{2068}أرمينيا\u{2069}"),
        "{text}"
    );
    assert!(!text.contains(" 1 articles"), "{text}");
    assert!(text.contains("0 articles repeat a tag"), "{text}");
}
