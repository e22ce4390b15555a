//! The reader over the real archives of `../shared/data` (skipped with a message when absent).
//!
//! The two tar archives must be unpacked outside the repo first (the reader does not read tar):
//! `mkdir -p /tmp/cp1256 && tar xzf ../shared/data/newspapers-cp1256.tar.gz -C /tmp/cp1256` and
//! `mkdir -p /tmp/ant && tar xzf ../shared/data/ant-archive.tar.gz -C /tmp/ant`; the folders can be
//! moved with `FIHRIS_CP1256_DIR` and `FIHRIS_ANT_DIR`. The full runs are `#[ignore]`d (slow in
//! debug builds): `cargo test --release reader::real_data -- --ignored --nocapture`.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::json::NO_TITLE_OR_BODY;
use super::{read_file, walk_archives, ReadError, ReadOptions};
use crate::article::Article;

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// `path` when it exists, else `None` after saying the test is skipped.
fn present(path: PathBuf) -> Option<PathBuf> {
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipping: {} is absent", path.display());
        None
    }
}

fn unpacked(variable: &str, default: &str) -> Option<PathBuf> {
    present(std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from))
}

/// The length of the JSON array inside a SaudiNewsNet zip and how many of its elements have a
/// blank `title` and a blank `content`, counted without the reader.
fn array_counts(zip_path: &Path) -> (usize, usize) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_index(0)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let items = value.as_array().unwrap();
    let blank = |item: &serde_json::Value, key: &str| item[key].as_str().unwrap().trim().is_empty();
    let empty = items
        .iter()
        .filter(|item| blank(item, "title") && blank(item, "content"))
        .count();
    (items.len(), empty)
}

/// Reads one SaudiNewsNet zip: every element of its array is an article, except the few that
/// have neither title nor content, which are problems. Returns (elements, articles).
fn check_saudinewsnet_zip(path: &Path) -> (usize, usize) {
    let contents = read_file(path, &ReadOptions::default()).unwrap();
    let (length, empty) = array_counts(path);
    assert_eq!(
        contents.articles.len(),
        length - empty,
        "{}",
        path.display()
    );
    assert_eq!(contents.problems.len(), empty, "{}", path.display());
    assert!(contents
        .problems
        .iter()
        .all(|p| p.reason == NO_TITLE_OR_BODY));
    let first = &contents.articles[0];
    let member = path.file_stem().unwrap().to_str().unwrap();
    assert_eq!(first.locator, format!("{member}.json[0]"));
    assert!(!first.article.title.is_empty() && !first.article.paragraphs.is_empty());
    assert!(first.article.url.is_some() && first.article.date.is_some());
    (length, contents.articles.len())
}

/// What reading every file of a folder gave.
struct FolderReport {
    files: usize,
    articles: Vec<(PathBuf, Article)>,
    failures: Vec<(PathBuf, ReadError)>,
}

/// Reads every supported file under `root`. Each file is one article: its title must be set.
fn read_folder(root: &Path) -> FolderReport {
    let walk = walk_archives(&[root.to_path_buf()], None).unwrap();
    assert!(
        walk.skipped.is_empty(),
        "{:?}",
        &walk.skipped[..walk.skipped.len().min(5)]
    );
    let mut report = FolderReport {
        files: walk.files.len(),
        articles: Vec::new(),
        failures: Vec::new(),
    };
    for file in walk.files {
        match read_file(&file.path, &ReadOptions::default()) {
            Ok(mut contents) => {
                assert!(contents.problems.is_empty(), "{}", file.path.display());
                assert_eq!(contents.articles.len(), 1, "{}", file.path.display());
                let article = contents.articles.remove(0).article;
                assert!(!article.title.is_empty(), "{}", file.path.display());
                report.articles.push((file.path, article));
            }
            Err(error) => report.failures.push((file.path, error)),
        }
    }
    report
}

/// The share of `?` bytes in a file, in percent.
fn question_mark_percent(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    let marks = bytes.iter().filter(|b| **b == b'?').count();
    marks * 100 / bytes.len()
}

#[test]
fn seed_file_reads_exactly() {
    let Some(path) = present(shared().join("seeds/000_58c241df490e0bb8.txt")) else {
        return;
    };
    let contents = read_file(&path, &ReadOptions::default()).unwrap();
    assert_eq!(contents.articles.len(), 1);
    let article = &contents.articles[0].article;
    assert_eq!((article.tags.len(), article.paragraphs.len()), (10, 12));
}

#[test]
fn one_saudinewsnet_zip() {
    if let Some(path) = present(shared().join("data/saudinewsnet/2015-07-23.zip")) {
        check_saudinewsnet_zip(&path);
    }
}

#[test]
fn cp1256_newspapers() {
    let Some(root) = unpacked("FIHRIS_CP1256_DIR", "/tmp/cp1256") else {
        return;
    };
    let report = read_folder(&root);
    eprintln!(
        "cp1256: {} files, {} articles, {} refused",
        report.files,
        report.articles.len(),
        report.failures.len()
    );
    // The only files refused are those whose Arabic letters were turned into `?` before the
    // archive was made (a fifth or more of their bytes): nothing can be recovered from them.
    for (path, error) in &report.failures {
        assert!(
            matches!(error, ReadError::Undecodable(_)),
            "{}: {error}",
            path.display()
        );
        assert!(
            question_mark_percent(path) >= 20,
            "{}: {error}",
            path.display()
        );
    }
    assert!(report.articles.len() > report.failures.len() * 10);
}

#[test]
#[ignore = "reads all 15 SaudiNewsNet zips; slow in debug builds"]
fn all_saudinewsnet_zips() {
    let Some(folder) = present(shared().join("data/saudinewsnet")) else {
        return;
    };
    let walk = walk_archives(&[folder], None).unwrap();
    let (mut elements, mut articles) = (0, 0);
    for file in &walk.files {
        let (length, read) = check_saudinewsnet_zip(&file.path);
        elements += length;
        articles += read;
    }
    eprintln!(
        "saudinewsnet: {} zips, {elements} array elements, {articles} articles",
        walk.files.len()
    );
}

#[test]
#[ignore = "reads the 31,525 ANT files; slow in debug builds"]
fn ant_archive() {
    let Some(root) = unpacked("FIHRIS_ANT_DIR", "/tmp/ant") else {
        return;
    };
    let report = read_folder(&root);
    let failures: Vec<_> = report.failures.iter().take(5).collect();
    assert!(
        failures.is_empty(),
        "{} failed, e.g. {failures:?}",
        report.failures.len()
    );
    let with_tags = report
        .articles
        .iter()
        .filter(|(_, a)| !a.tags.is_empty())
        .count();
    eprintln!(
        "ant: {} files, {} articles, {with_tags} with tags",
        report.files,
        report.articles.len()
    );
    // The same corpus as JSON Lines, converted separately: each text file must agree with it.
    let Some(jsonl) = present(shared().join("data/ant.jsonl.gz")) else {
        return;
    };
    let contents = read_file(&jsonl, &ReadOptions::default()).unwrap();
    assert!(
        contents.problems.is_empty(),
        "{:?}",
        &contents.problems[..1]
    );
    let by_id: HashMap<String, Article> = contents
        .articles
        .into_iter()
        .map(|located| (located.article.id.clone().unwrap(), located.article))
        .collect();
    assert_eq!(by_id.len(), report.articles.len());
    for (path, article) in &report.articles {
        let id = path.file_stem().unwrap().to_str().unwrap();
        let json = &by_id[id];
        assert_eq!(article.title, json.title, "{id}");
        assert_eq!(article.paragraphs, json.paragraphs, "{id}");
        assert_eq!(article.tags, json.tags, "{id}");
    }
}
