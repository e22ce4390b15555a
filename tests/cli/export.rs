//! `fihris export opensearch`: the files it writes parse, hold the archive, and `--since-export`
//! writes exactly the changes.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::util::{
    assert_success, corpus_dir, corpus_index, fihris_in, parse_json, seed_article, Sandbox,
};

/// Runs the export into `out` with `extra` flags and returns its JSON summary.
fn export(s: &Sandbox, out: &Path, extra: &[&str]) -> Value {
    let mut cmd = s.with_index(&["export", "opensearch", "--json"]);
    cmd.arg("--out").arg(out).args(extra);
    let output = cmd.output().expect("run fihris export");
    assert_success(&output, "fihris export opensearch");
    parse_json(&output.stdout)
}

/// Every action of the bulk files: (action, id, source).
fn actions(out: &Path) -> Vec<(String, String, Option<Value>)> {
    let mut files: Vec<_> = fs::read_dir(out.join("bulk"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut all = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let mut lines = text
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap());
        while let Some(action) = lines.next() {
            let (kind, meta) = action.as_object().unwrap().iter().next().unwrap();
            let id = meta["_id"].as_str().unwrap().to_string();
            let source = (kind == "index").then(|| lines.next().expect("a source line"));
            all.push((kind.clone(), id, source));
        }
    }
    all
}

fn archive() -> Sandbox {
    let s = Sandbox::new();
    s.write(
        "أخبار/1.txt",
        seed_article("بوتين في موسكو", &["روسيا", "أرمينيا"], &["نص عن الكرملين"]),
    );
    s.write(
        "2.txt",
        seed_article("النفط", &["اقتصاد"], &["أسعار النفط"]),
    );
    s.write("3.txt", seed_article("كاراباخ", &[], &["قصف مدفعي"]));
    s
}

#[test]
fn export_writes_valid_settings_and_unique_bulk_documents() {
    let s = archive();
    s.index(&[]);
    let out = s.tmp.path().join("export");
    let summary = export(&s, &out, &["--chunk-bytes", "300"]);
    assert_eq!(summary["indexed"], 3, "{summary:#}");
    let settings: Value =
        serde_json::from_slice(&fs::read(out.join("index.json")).unwrap()).unwrap();
    assert_eq!(
        settings["mappings"]["properties"]["tag_keys"]["type"],
        "keyword"
    );
    let template: Value =
        serde_json::from_slice(&fs::read(out.join("search-template.json")).unwrap()).unwrap();
    assert_eq!(template["script"]["lang"], "mustache");
    let stems = fs::read_to_string(out.join("fihris-stems.txt")).unwrap();
    assert!(stems.contains("الكرملين => كرملين\n"), "{stems}");

    let all = actions(&out);
    assert!(summary["bulk_files"].as_u64().unwrap() > 1, "{summary:#}");
    let ids: BTreeSet<&str> = all.iter().map(|a| a.1.as_str()).collect();
    assert_eq!(ids.len(), all.len(), "ids are unique");
    let putin = all
        .iter()
        .find(|a| a.1 == "أخبار/1.txt")
        .expect("a non-ASCII id");
    let source = putin.2.as_ref().unwrap();
    assert_eq!(source["tags"], serde_json::json!(["روسيا", "أرمينيا"]));
    assert!(source["tag_keys"]
        .as_array()
        .unwrap()
        .contains(&"ارمينيا".into()));
    for file in fs::read_dir(out.join("bulk")).unwrap() {
        let len = file.unwrap().metadata().unwrap().len();
        // One action alone may pass the limit; these are all far smaller than 300 bytes x 2.
        assert!(len <= 600, "chunk of {len} bytes");
    }
}

#[test]
fn since_export_writes_added_changed_and_removed_articles() {
    let s = archive();
    s.index(&[]);
    let out = s.tmp.path().join("export");
    export(&s, &out, &[]);
    s.write("4.txt", seed_article("جديد", &[], &["مقال جديد"]));
    s.rewrite(
        "2.txt",
        seed_article("النفط", &["اقتصاد"], &["أسعار النفط ترتفع"]),
    );
    s.remove("3.txt");
    s.index(&[]);
    let summary = export(&s, &out, &["--since-export"]);
    assert_eq!(
        (summary["indexed"].as_u64(), summary["deleted"].as_u64()),
        (Some(2), Some(1))
    );
    let got: BTreeSet<(String, String)> = actions(&out).into_iter().map(|a| (a.0, a.1)).collect();
    let want: BTreeSet<(String, String)> =
        [("index", "2.txt"), ("index", "4.txt"), ("delete", "3.txt")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
    assert_eq!(got, want);
    let again = export(&s, &out, &["--since-export"]);
    assert_eq!(
        (again["indexed"].as_u64(), again["deleted"].as_u64()),
        (Some(0), Some(0))
    );
}

/// Every file an export wrote (bulk chunks, settings, stems, template, README), by relative path,
/// except the `--since-export` state.
fn exported_files(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for dir in [out.to_path_buf(), out.join("bulk")] {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let rel = path
                    .strip_prefix(out)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn archive_exports_the_same_documents_as_index_then_export() {
    let tmp = tempfile::tempdir().unwrap();
    let from_index = tmp.path().join("from-index");
    let out = fihris_in(tmp.path())
        .args(["export", "opensearch", "--index"])
        .arg(corpus_index())
        .arg("--out")
        .arg(&from_index)
        .output()
        .unwrap();
    assert_success(&out, "export --index");
    let from_archive = tmp.path().join("from-archive");
    let out = fihris_in(tmp.path())
        .args(["export", "opensearch", "--json", "--archive"])
        .arg(corpus_dir())
        .arg("--out")
        .arg(&from_archive)
        .output()
        .unwrap();
    assert_success(&out, "export --archive");
    let summary = parse_json(&out.stdout);
    assert!(summary["indexed"].as_u64().unwrap() > 0, "{summary:#}");
    assert_eq!(summary["skipped"], serde_json::json!([]), "{summary:#}");
    let (a, b) = (exported_files(&from_index), exported_files(&from_archive));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    assert!(names(&a).contains(&"bulk/0001.ndjson".to_string()));
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between --index and --archive");
    }
    // The temporary index is gone, and nothing but the export is left in --out.
    let hidden: Vec<_> = fs::read_dir(&from_archive)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".fihris-export.json")
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

#[test]
fn archive_applies_aliases_and_fields_and_supports_since_export() {
    let s = Sandbox::new();
    s.write(
        "a.jsonl",
        concat!(
            r#"{"id": "x", "headline": "بوتين", "content": "نص", "tags": ["ارمينيا"]}"#,
            "\n",
            r#"{"id": "y", "headline": "النفط", "content": "أسعار", "tags": ["اقتصاد"]}"#,
            "\n"
        ),
    );
    let aliases = s.tmp.path().join("aliases.tsv");
    fs::write(&aliases, "ارمينيا\tأرمينيا\n").unwrap();
    let out = s.tmp.path().join("export");
    let run = |extra: &[&str]| {
        let output = s
            .cmd()
            .args(["export", "opensearch", "--json", "--archive"])
            .arg(&s.archive)
            .arg("--out")
            .arg(&out)
            .arg("--aliases")
            .arg(&aliases)
            .args(["--field", "title=headline", "--field", "body=content"])
            .args(extra)
            .output()
            .unwrap();
        assert_success(&output, "export --archive");
        parse_json(&output.stdout)
    };
    assert_eq!(run(&[])["indexed"], 2);
    let all = actions(&out);
    let x = all.iter().find(|a| a.1 == "x").unwrap().2.clone().unwrap();
    assert_eq!(x["title"], "بوتين");
    assert_eq!(x["body"], "نص");
    assert_eq!(x["tags"], serde_json::json!(["أرمينيا"]), "alias applied");

    s.rewrite(
        "a.jsonl",
        concat!(
            r#"{"id": "x", "headline": "بوتين", "content": "نص آخر", "tags": ["ارمينيا"]}"#,
            "\n"
        ),
    );
    let summary = run(&["--since-export"]);
    assert_eq!(
        (summary["indexed"].as_u64(), summary["deleted"].as_u64()),
        (Some(1), Some(1)),
        "{summary:#}"
    );
    let got: BTreeSet<(String, String)> = actions(&out).into_iter().map(|a| (a.0, a.1)).collect();
    assert_eq!(
        got,
        [("index", "x"), ("delete", "y")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    );
}

#[test]
fn archive_and_index_are_exclusive() {
    let s = Sandbox::new();
    let out = s
        .cmd()
        .args(["export", "opensearch", "--out", "x", "--archive"])
        .arg(&s.archive)
        .arg("--index")
        .arg(&s.index)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot be used with"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = s
        .with_index(&["export", "opensearch", "--out", "x", "--aliases", "a.tsv"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "--aliases needs --archive: {out:?}"
    );
    let out = s
        .with_index(&["export", "opensearch", "--out", "x", "--encoding", "utf-8"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "--encoding needs --archive: {out:?}"
    );
    // $FIHRIS_INDEX names the default index; it does not conflict with --archive.
    s.write("1.txt", seed_article("النفط", &[], &["أسعار النفط"]));
    let out = s
        .cmd()
        .env("FIHRIS_INDEX", &s.index)
        .args(["export", "opensearch", "--out", "x", "--archive"])
        .arg(&s.archive)
        .output()
        .unwrap();
    assert_success(&out, "export --archive with $FIHRIS_INDEX set");
}
