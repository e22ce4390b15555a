//! Incremental indexing: unchanged, changed and removed files, `--full`, a run killed part-way, and
//! searching while an index run goes on.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::util::{fihris_bin, hit_ids, num, seed_article, stderr, Sandbox};

fn small_archive() -> Sandbox {
    let s = Sandbox::new();
    s.write(
        "a.txt",
        seed_article("عنوان أ", &["وسم"], &["نص عن الزعفران"]),
    );
    s.write(
        "sub/b.txt",
        seed_article("عنوان ب", &["وسم"], &["نص عن الهيل"]),
    );
    s.write(
        "feed.jsonl",
        "{\"id\": \"f1\", \"title\": \"الأول\", \"body\": \"نص عن الكمون\"}\n\
         {\"id\": \"f2\", \"title\": \"الثاني\", \"body\": \"نص عن الكمون\"}\n\
         {\"id\": \"f3\", \"title\": \"الثالث\", \"body\": \"نص عن الكمون\"}\n",
    );
    s
}

fn found(s: &Sandbox, word: &str) -> Vec<String> {
    let mut ids = hit_ids(&s.search(word, &["--limit", "100"]));
    ids.sort();
    ids
}

#[test]
fn an_unchanged_archive_reads_nothing() {
    let s = small_archive();
    let first = s.index(&[]);
    assert_eq!(num(&first["articles_indexed"]), 5, "{first:#}");
    let again = s.index(&[]);
    assert_eq!(num(&again["files_read"]), 0, "{again:#}");
    assert_eq!(num(&again["files_unchanged"]), 3);
    assert_eq!(num(&again["articles_unchanged"]), 5);
    assert_eq!(num(&again["articles_indexed"]), 0);
    assert_eq!(num(&again["articles_updated"]), 0);
    assert_eq!(num(&again["documents"]), 5);
}

#[test]
fn a_changed_file_replaces_its_articles() {
    let s = small_archive();
    s.index(&[]);
    s.rewrite(
        "a.txt",
        seed_article("عنوان أ", &["وسم"], &["نص عن القرنفل"]),
    );
    let summary = s.index(&[]);
    assert_eq!(num(&summary["files_read"]), 1, "{summary:#}");
    assert_eq!(num(&summary["articles_updated"]), 1);
    assert_eq!(num(&summary["articles_unchanged"]), 4);
    assert_eq!(num(&summary["documents"]), 5);
    assert!(found(&s, "الزعفران").is_empty(), "the old text is gone");
    assert_eq!(found(&s, "القرنفل"), ["a.txt"]);

    // A feed that loses a record: the record is gone, not left behind.
    s.rewrite(
        "feed.jsonl",
        "{\"id\": \"f1\", \"title\": \"الأول\", \"body\": \"نص عن الكمون\"}\n\
         {\"id\": \"f3\", \"title\": \"الثالث\", \"body\": \"نص عن الكمون\"}\n",
    );
    let summary = s.index(&[]);
    assert_eq!(num(&summary["articles_updated"]), 2, "{summary:#}");
    assert_eq!(num(&summary["documents"]), 4);
    assert_eq!(found(&s, "الكمون"), ["f1", "f3"]);
}

#[test]
fn a_removed_file_loses_its_articles() {
    let s = small_archive();
    s.index(&[]);
    s.remove("feed.jsonl");
    let summary = s.index(&[]);
    assert_eq!(num(&summary["articles_deleted"]), 3, "{summary:#}");
    assert_eq!(num(&summary["documents"]), 2);
    assert!(found(&s, "الكمون").is_empty());
    assert_eq!(found(&s, "الهيل"), ["sub/b.txt"]);
}

#[test]
fn full_rebuilds_from_scratch() {
    let s = small_archive();
    s.index(&[]);
    let summary = s.index(&["--full"]);
    assert_eq!(num(&summary["files_read"]), 3, "{summary:#}");
    assert_eq!(num(&summary["articles_indexed"]), 5);
    assert_eq!(num(&summary["articles_unchanged"]), 0);
    assert_eq!(num(&summary["documents"]), 5);
    // Only the index folder is left: the rebuild folder was swapped in and the old one removed.
    let names: Vec<String> = std::fs::read_dir(s.tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["archive", "index"]);
    assert_eq!(found(&s, "الزعفران"), ["a.txt"]);
}

/// Writes `n` small seed articles under `s`'s archive, spread over folders.
fn many_articles(s: &Sandbox, n: usize, variant: &str) {
    let words = [
        "الرئيس",
        "الحكومة",
        "وزارة",
        "مدينة",
        "بيروت",
        "اليمن",
        "النفط",
        "أسعار",
    ];
    for i in 0..n {
        let paragraph: Vec<&str> = (0..40)
            .map(|k| words[(i * 7 + k * 3) % words.len()])
            .collect();
        let paragraph = paragraph.join(" ");
        s.write(
            &format!("d{}/a{i}.txt", i % 40),
            seed_article(
                &format!("عنوان {i} {variant}"),
                &["وسم"],
                &[&paragraph, &paragraph],
            ),
        );
    }
}

/// Spawns `fihris index ARCHIVE --index INDEX EXTRA…` with a clean environment.
fn spawn_index(s: &Sandbox, extra: &[&str]) -> Child {
    std::process::Command::new(fihris_bin())
        .env_clear()
        .current_dir(s.tmp.path())
        .arg("index")
        .arg(&s.archive)
        .arg("--quiet")
        .args(extra)
        .arg("--index")
        .arg(&s.index)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn fihris index")
}

/// Waits until `path` exists (the run has started), then `extra` more; panics after 60 s.
fn wait_for(path: &Path, extra: Duration) {
    let started = Instant::now();
    while !path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(extra);
}

/// SIGKILLs `child`; returns false (with a message) when it had already finished.
fn kill(mut child: Child, what: &str) -> bool {
    if let Ok(Some(status)) = child.try_wait() {
        eprintln!("{what}: the run finished ({status}) before it could be killed; nothing was interrupted");
        return false;
    }
    child.kill().expect("kill");
    child.wait().expect("wait");
    true
}

const MANY: usize = 3000;

#[test]
fn a_first_run_killed_part_way_then_completed_has_every_article_once() {
    let s = Sandbox::new();
    many_articles(&s, MANY, "");
    let child = spawn_index(&s, &[]);
    wait_for(&s.index.join("fihris.json"), Duration::from_millis(300));
    kill(child, "first run");
    // The interrupted index opens (whatever it holds), or does not exist yet: never a broken one.
    let out = s.with_index(&["stats", "--json"]).output().unwrap();
    if out.status.success() {
        let stats = crate::util::parse_json(&out.stdout);
        assert!(num(&stats["documents"]) <= MANY as u64, "{stats}");
    } else {
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("no index"), "{}", stderr(&out));
    }
    let summary = s.index(&[]);
    assert_eq!(num(&summary["documents"]), MANY as u64, "{summary:#}");
    assert_eq!(num(&s.stats()["documents"]), MANY as u64);
    // No duplicates: every id once.
    let all = s.search("", &["--limit", "5000", "--facets", "0"]);
    let mut ids = hit_ids(&all);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), MANY);
}

#[test]
fn a_rerun_killed_part_way_keeps_the_index_and_the_next_run_completes() {
    let s = Sandbox::new();
    many_articles(&s, MANY, "");
    s.index(&[]);
    // Every file changes: the rerun replaces every article.
    many_articles(&s, MANY, "معدل");
    let child = spawn_index(&s, &[]);
    std::thread::sleep(Duration::from_millis(700));
    kill(child, "incremental rerun");
    let stats = s.stats();
    assert_eq!(
        num(&stats["documents"]),
        MANY as u64,
        "no article lost or doubled: {stats}"
    );
    let summary = s.index(&[]);
    assert_eq!(num(&summary["documents"]), MANY as u64, "{summary:#}");
    let edited = s.search("معدل", &["--limit", "1", "--facets", "0"]);
    assert_eq!(
        num(&edited["total"]),
        MANY as u64,
        "every article has its new text"
    );
}

/// A `--full` rebuild is built aside: while it runs, and after it is killed, the old index answers
/// searches in full; the next `--full` cleans up what the killed one left.
#[test]
fn searching_during_a_full_rebuild_and_after_it_is_killed_sees_the_old_index() {
    let s = Sandbox::new();
    many_articles(&s, MANY, "");
    s.index(&[]);
    let child = spawn_index(&s, &["--full"]);
    let rebuild = s.tmp.path().join("index.fihris-rebuild");
    wait_for(&rebuild.join("fihris.json"), Duration::from_millis(100));
    let during = s.search("", &["--limit", "1"]);
    assert_eq!(
        num(&during["total"]),
        MANY as u64,
        "searching while indexing: {during}"
    );
    let interrupted = kill(child, "full rebuild");
    assert_eq!(num(&s.stats()["documents"]), MANY as u64);
    if interrupted {
        assert!(num(&s.search("الرئيس", &["--limit", "1"])["total"]) > 0);
    }
    let summary = s.index(&["--full"]);
    assert_eq!(num(&summary["documents"]), MANY as u64, "{summary:#}");
    assert!(!rebuild.exists(), "the leftover rebuild folder is gone");
}

#[test]
fn searching_while_an_incremental_run_goes_on_works() {
    let s = Sandbox::new();
    many_articles(&s, MANY, "");
    s.index(&[]);
    many_articles(&s, MANY, "معدل");
    let mut child = spawn_index(&s, &[]);
    std::thread::sleep(Duration::from_millis(300));
    // Each search sees one consistent commit: all old or all new articles, never a mix of counts.
    let results = s.search("عنوان", &["--limit", "1"]);
    assert_eq!(num(&results["total"]), MANY as u64, "{results}");
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(
        num(&s.search("معدل", &["--limit", "1"])["total"]),
        MANY as u64
    );
}
