//! `fihris tags` (the vocabulary) and `fihris tags report` (duplicates, variant clusters, aliases).

use std::collections::BTreeMap;

use fihris::tags::tag_key;
use serde_json::Value;

use crate::util::{
    assert_success, corpus_articles, corpus_index, fihris_in, num, parse_json, seed_article,
    Sandbox,
};

/// `fihris tags report --format json EXTRA… --index INDEX`.
pub fn report_json(s: &Sandbox, extra: &[&str]) -> Value {
    let out = s
        .with_index(&[&["tags", "report", "--format", "json"], extra].concat())
        .output()
        .unwrap();
    assert_success(&out, "fihris tags report");
    parse_json(&out.stdout)
}

/// `fihris tags report --archive ARCHIVE --format FORMAT`, run without any `--index`.
fn report_of_archive(s: &Sandbox, format: &str) -> String {
    let out = s
        .cmd()
        .args(["tags", "report", "--format", format, "--archive"])
        .arg(&s.archive)
        .output()
        .unwrap();
    assert_success(&out, "fihris tags report --archive");
    String::from_utf8(out.stdout).unwrap()
}

fn vocabulary(index: &std::path::Path, extra: &[&str]) -> Value {
    let out = fihris_in(index.parent().unwrap())
        .args(["tags", "--json"])
        .args(extra)
        .arg("--index")
        .arg(index)
        .output()
        .unwrap();
    assert_success(&out, "fihris tags");
    parse_json(&out.stdout)
}

#[test]
fn the_vocabulary_counts_articles_per_tag() {
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for (_, article) in corpus_articles() {
        let mut keys: Vec<String> = article.tags.iter().map(|t| tag_key(t)).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *expected.entry(key).or_insert(0) += 1;
        }
    }
    let all = vocabulary(corpus_index(), &["--top", "1000"]);
    assert_eq!(num(&all["total"]), expected.len() as u64);
    let got: BTreeMap<String, u64> = all["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (tag_key(t["tag"].as_str().unwrap()), num(&t["articles"])))
        .collect();
    assert_eq!(got, expected);
    // --top keeps the most used.
    let top = vocabulary(corpus_index(), &["--top", "3"]);
    let counts: Vec<u64> = top["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| num(&t["articles"]))
        .collect();
    let mut all_counts: Vec<u64> = expected.values().copied().collect();
    all_counts.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(counts, all_counts[..3]);
    assert_eq!(
        num(&top["total"]),
        expected.len() as u64,
        "total counts every tag, not the top"
    );
}

#[test]
fn the_prefix_is_normalized() {
    let tags_of = |prefix: &str| -> Vec<String> {
        vocabulary(corpus_index(), &["--prefix", prefix])["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["tag"].as_str().unwrap().to_string())
            .collect()
    };
    let hamza = tags_of("أرم");
    assert_eq!(hamza, ["أرمينيا"], "ارمينيا and أرمينيا are one tag");
    assert_eq!(tags_of("ارم"), hamza);
    assert_eq!(tags_of("#أرمـ"), hamza);
    let expected = corpus_articles()
        .iter()
        .flat_map(|(_, a)| a.tags.iter().map(|t| tag_key(t)))
        .filter(|k| k.starts_with(&tag_key("ال")))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert_eq!(tags_of("ال").len(), expected.min(50));
}

/// An archive with a variant pair of every kind, and look-alikes that must stay apart.
fn planted() -> Sandbox {
    let s = Sandbox::new();
    let mut n = 0;
    let mut article = |tags: &[&str]| {
        n += 1;
        s.write(
            &format!("a{n:02}.txt"),
            seed_article(&format!("خبر {n}"), tags, &["نص الخبر"]),
        );
    };
    for _ in 0..2 {
        article(&["ميليشيات الحوثي", "ترمب"]);
    }
    article(&["ميليشيات_الحوثي"]);
    for _ in 0..2 {
        article(&["اشتباكات أذربيجان وأرمينيا"]);
    }
    article(&["اشتباكات أرمينيا وأذربيجان"]);
    for _ in 0..3 {
        article(&["الحوثي"]);
    }
    article(&["الحوثيين"]);
    article(&["ترمب"]);
    article(&["ترامب"]);
    article(&["دونالد ترمب"]);
    for pair in [
        ["مصر", "مصري"],
        ["البحرين", "البحر"],
        ["ألمانيا", "المنيا"],
        ["لبنان", "لبناني"],
    ] {
        article(&[pair[0]]);
        article(&[pair[0]]);
        article(&[pair[1]]);
    }
    // A tag written twice in one article, as the seed does.
    article(&["السودان", "السودان", "الخرطوم"]);
    s
}

/// The method of the cluster holding both `a` and `b`, if any (ignoring containment when told).
fn method_joining(report: &Value, a: &str, b: &str, skip_containment: bool) -> Option<String> {
    report["clusters"].as_array().unwrap().iter().find_map(|c| {
        let has = |t: &str| {
            c["members"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["tag"] == t)
        };
        let method = c["method"].as_str().unwrap();
        (has(a) && has(b) && !(skip_containment && method == "containment"))
            .then(|| method.to_string())
    })
}

#[test]
fn the_report_finds_every_kind_of_variant_with_its_method() {
    let s = planted();
    s.index(&[]);
    let report = report_json(&s, &[]);
    for (a, b, method) in [
        ("ميليشيات الحوثي", "ميليشيات_الحوثي", "normalized"),
        (
            "اشتباكات أذربيجان وأرمينيا",
            "اشتباكات أرمينيا وأذربيجان",
            "fingerprint",
        ),
        ("الحوثي", "الحوثيين", "stem"),
        ("ترمب", "ترامب", "spelling"),
        ("ترمب", "دونالد ترمب", "containment"),
    ] {
        assert_eq!(
            method_joining(&report, a, b, false).as_deref(),
            Some(method),
            "{a} / {b}: {report:#}"
        );
    }
    for (a, b) in [
        ("مصر", "مصري"),
        ("البحرين", "البحر"),
        ("ألمانيا", "المنيا"),
        ("لبنان", "لبناني"),
    ] {
        assert_eq!(
            method_joining(&report, a, b, true),
            None,
            "{a} / {b} merged: {report:#}"
        );
    }
    // The canonical form is the most used member.
    let spelling = report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["method"] == "spelling")
        .unwrap();
    assert_eq!(spelling["canonical"], "ترمب");
    let within = &report["within_article"];
    assert_eq!(within["articles"], 1, "{within:#}");
    assert!(within["examples"][0].as_str().unwrap().ends_with(".txt"));
}

#[test]
fn the_report_json_has_the_documented_shape() {
    let s = planted();
    s.index(&[]);
    let report = report_json(&s, &[]);
    let within = report["within_article"]
        .as_object()
        .expect("within_article");
    assert!(within["articles"].is_u64());
    assert!(within["examples"]
        .as_array()
        .unwrap()
        .iter()
        .all(Value::is_string));
    let clusters = report["clusters"].as_array().expect("clusters");
    assert!(!clusters.is_empty());
    for c in clusters {
        assert!(c["method"].is_string(), "{c}");
        let confidence = c["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence));
        let canonical = c["canonical"].as_str().unwrap();
        let members = c["members"].as_array().unwrap();
        assert!(members.len() >= 2);
        assert!(members.iter().any(|m| m["tag"] == canonical), "{c}");
        for m in members {
            assert!(m["tag"].is_string() && num(&m["articles"]) >= 1, "{m}");
        }
    }
    // --min-articles drops the small clusters.
    let big = report_json(&s, &["--min-articles", "4"]);
    let big = big["clusters"].as_array().unwrap();
    assert!(big.len() < clusters.len());
    assert!(big.iter().all(|c| num(&c["articles"]) >= 4));
}

/// A minimal RFC 4180 reader: fields split on commas, quoted fields may hold commas and `""`.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in text.lines() {
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(std::mem::take(&mut field)),
                (c, _) => field.push(c),
            }
        }
        assert!(!quoted, "unbalanced quotes: {line}");
        fields.push(field);
        rows.push(fields);
    }
    rows
}

#[test]
fn csv_parses_and_agrees_with_json() {
    let s = planted();
    s.index(&[]);
    let out = s
        .with_index(&["tags", "report", "--format", "csv"])
        .output()
        .unwrap();
    assert_success(&out, "csv");
    let rows = parse_csv(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(
        rows[0],
        [
            "cluster",
            "method",
            "confidence",
            "canonical",
            "tag",
            "articles",
            "examples"
        ]
    );
    let report = report_json(&s, &[]);
    let members: usize = report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["members"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows.len() - 1, members, "one row per cluster member");
    for row in &rows[1..] {
        assert_eq!(row.len(), 7, "{row:?}");
        let cluster = &report["clusters"][row[0].parse::<usize>().unwrap() - 1];
        assert_eq!(cluster["method"], row[1]);
        assert_eq!(cluster["canonical"], row[3]);
        let member = cluster["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["tag"] == row[4])
            .unwrap_or_else(|| panic!("{row:?}"));
        assert_eq!(member["articles"].to_string(), row[5]);
    }
}

#[test]
fn archive_and_index_sources_agree() {
    let s = planted();
    s.index(&[]);
    let from_index = report_json(&s, &[]);
    let from_archive: Value = serde_json::from_str(&report_of_archive(&s, "json")).unwrap();
    // The examples are "a few" of the articles, picked in reading order, which differs between an
    // index and a folder walk: everything else must be equal.
    assert_eq!(without_examples(from_archive), without_examples(from_index));
}

fn without_examples(mut value: Value) -> Value {
    match &mut value {
        Value::Object(map) => {
            map.remove("examples");
            for v in map.values_mut() {
                *v = without_examples(v.take());
            }
        }
        Value::Array(items) => {
            for v in items.iter_mut() {
                *v = without_examples(v.take());
            }
        }
        _ => {}
    }
    value
}

/// Facet tags of every article of the index.
fn facet_tags(s: &Sandbox) -> Vec<String> {
    s.search("", &["--facets", "1000", "--limit", "1"])["facets"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["tag"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn written_aliases_merge_the_variants_at_index_time() {
    let s = planted();
    s.index(&[]);
    let before = report_json(&s, &[]);
    let aliases = s.tmp.path().join("aliases.tsv");
    let out = s
        .with_index(&["tags", "report", "--format", "json"])
        .arg("--write-aliases")
        .arg(&aliases)
        .output()
        .unwrap();
    assert_success(&out, "write aliases");
    assert!(aliases.is_file());
    let summary = s.index(&["--full", "--aliases", aliases.to_str().unwrap()]);
    assert_eq!(num(&summary["documents"]), num(&s.stats()["documents"]));

    // Facets: the canonical form of every merged cluster, none of its other members.
    let facets = facet_tags(&s);
    let merged: Vec<&Value> = before["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["method"] != "containment")
        .collect();
    assert!(merged.len() >= 4);
    for cluster in &merged {
        for member in cluster["members"].as_array().unwrap() {
            let tag = member["tag"].as_str().unwrap();
            let canonical = cluster["canonical"].as_str().unwrap();
            if tag_key(tag) != tag_key(canonical) {
                assert!(
                    !facets.iter().any(|f| f == tag),
                    "{tag} still a facet: {facets:?}"
                );
            }
        }
    }
    // Containment is only a suggestion: دونالد ترمب stays a tag of its own.
    assert!(facets.iter().any(|f| f == "دونالد ترمب"), "{facets:?}");

    // Filtering by a merged variant finds the canonical tag's articles.
    let ids = |tag: &str| {
        let mut ids = crate::util::hit_ids(&s.search("", &["--tag", tag, "--limit", "100"]));
        ids.sort();
        ids
    };
    let trump = ids("ترمب");
    assert_eq!(trump.len(), 4, "3 ترمب + 1 ترامب: {trump:?}");
    assert_eq!(ids("ترامب"), trump);
    assert_eq!(ids("الحوثيين"), ids("الحوثي"));
    assert_eq!(ids("الحوثي").len(), 4);

    // The report no longer lists the merged clusters.
    let after = report_json(&s, &[]);
    for cluster in after["clusters"].as_array().unwrap() {
        assert_eq!(
            cluster["method"], "containment",
            "still listed: {cluster:#}"
        );
    }

    // A plain rerun keeps applying the stored aliases.
    s.rewrite("a01.txt", seed_article("خبر معدل", &["ترامب"], &["نص"]));
    s.index(&[]);
    assert!(!facet_tags(&s).iter().any(|f| f == "ترامب"));
}
