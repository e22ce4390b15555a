//! `fihris export opensearch`: the files it writes parse, hold the archive, and `--since-export`
//! writes exactly the changes.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::util::{assert_success, parse_json, seed_article, Sandbox};

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
