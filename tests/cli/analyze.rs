//! `fihris analyze`: the JSON shape, offsets on the original text, `--lines`, unknown analyzers.

use serde_json::Value;

use crate::util::{assert_success, parse_json, stderr, Sandbox};

fn analyze_json(args: &[&str], stdin: Option<&str>) -> Vec<Value> {
    let sandbox = Sandbox::new();
    let mut cmd = sandbox.cmd();
    cmd.arg("analyze").arg("--json").args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().expect("run");
    assert_success(&out, "fihris analyze");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|line| parse_json(line.as_bytes()))
        .collect()
}

#[test]
fn json_has_the_documented_shape() {
    let objects = analyze_json(
        &["--analyzer", "arabic_exact", "أرمينيا", "وأذربيجان"],
        None,
    );
    assert_eq!(objects.len(), 1, "one object for one text");
    let object = objects[0].as_object().expect("object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["analyzer", "tokens"]);
    assert_eq!(object["analyzer"], "arabic_exact");
    let tokens = object["tokens"].as_array().expect("tokens");
    assert_eq!(tokens.len(), 2);
    for (i, token) in tokens.iter().enumerate() {
        let mut keys: Vec<&str> = token
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["end", "position", "start", "text"]);
        assert_eq!(token["position"], i as u64);
    }
}

/// The offsets of every token cover the whole original word, diacritics, tatweel and clitics
/// included, while the token text is the normalized form: that is what highlighting relies on.
#[test]
fn offsets_cover_the_original_word_with_diacritics_and_clitics() {
    let text = "وَالرَّئِيسُ الكـــرملين بالقاهرة ٢٠٢٠";
    let words: Vec<&str> = text.split(' ').collect();
    for analyzer in ["arabic", "arabic_exact"] {
        let objects = analyze_json(&["--analyzer", analyzer, text], None);
        let tokens = objects[0]["tokens"].as_array().expect("tokens");
        assert_eq!(tokens.len(), words.len(), "{analyzer}: {tokens:?}");
        for (token, word) in tokens.iter().zip(&words) {
            let start = token["start"].as_u64().unwrap() as usize;
            let end = token["end"].as_u64().unwrap() as usize;
            assert_eq!(&text[start..end], *word, "{analyzer}: {token}");
            let normalized = token["text"].as_str().unwrap();
            assert!(
                !normalized.contains(['\u{064E}', '\u{0651}', '\u{0640}']),
                "{analyzer}: diacritics and tatweel are gone from {normalized:?}"
            );
        }
    }
    // The exact analyzer keeps the clitics and the stemmed one removes them; both fold the digits.
    let exact = analyze_json(&["--analyzer", "arabic_exact", text], None);
    let stemmed = analyze_json(&["--analyzer", "arabic", text], None);
    let texts = |v: &Value| -> Vec<String> {
        v["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["text"].as_str().unwrap().to_string())
            .collect()
    };
    let exact = texts(&exact[0]);
    let stemmed = texts(&stemmed[0]);
    assert_eq!(exact[1], "الكرملين");
    assert_eq!(exact[3], "2020");
    assert_eq!(stemmed[3], "2020");
    assert!(
        exact[0].starts_with('و') && !stemmed[0].starts_with('و'),
        "{exact:?} {stemmed:?}"
    );
    assert_ne!(
        exact[2], stemmed[2],
        "the stemmed analyzer removes the ب clitic"
    );
}

#[test]
fn lines_gives_one_object_per_input_line() {
    let input = "الرئيس الروسي\n\nبوتين\nأرمينيا وأذربيجان وتركيا\n";
    let objects = analyze_json(&["--lines"], Some(input));
    let counts: Vec<usize> = objects
        .iter()
        .map(|o| o["tokens"].as_array().expect("tokens").len())
        .collect();
    assert_eq!(
        counts,
        [2, 0, 1, 3],
        "one object per line, the empty line included"
    );
    // Offsets are relative to each line, not to the whole input.
    let last = &objects[3]["tokens"][0];
    assert_eq!(last["start"], 0);
    assert_eq!(last["end"], "أرمينيا".len() as u64);
}

#[test]
fn reads_stdin_when_no_text_is_given() {
    let objects = analyze_json(&[], Some("الرئيس الروسي"));
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0]["tokens"].as_array().unwrap().len(), 2);
}

#[test]
fn unknown_analyzer_fails_and_lists_the_known_names() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .cmd()
        .args(["analyze", "--analyzer", "klingon", "نص"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("klingon"), "{err}");
    for name in [
        "arabic",
        "arabic_exact",
        "arabic_snowball",
        "arabic_stop",
        "default",
    ] {
        assert!(err.contains(name), "{name} missing from: {err}");
    }
    // Every listed analyzer really works.
    for name in [
        "arabic",
        "arabic_exact",
        "arabic_snowball",
        "arabic_stop",
        "default",
    ] {
        let objects = analyze_json(&["--analyzer", name, "الرئيس"], None);
        assert_eq!(objects[0]["analyzer"], name);
    }
}
