//! Golden tables: `tests/golden/*.tsv`, one case a line, `input<TAB>expected tokens space-separated`.
//!
//! A line `#! config NAME` sets the analyzer for the cases after it:
//! - `default`, `exact`, `snowball`, `stop`: the named pipelines (`stop` = default + stopwords);
//! - `norm RULE`: only normalization rule RULE on (`compatibility_forms`, `remove_marks`,
//!   `letter_variants`, `digits`, `latin`), no stemming;
//! - `light RULE`: full normalization and only light-stemmer rule RULE on.
//!
//! Other `#` lines are comments. `\u{XXXX}` in an input stands for that code point (for the invisible
//! marks and controls). Every failing case is reported with its file:line before the test fails.

use std::fs;
use std::path::{Path, PathBuf};

use fihris_analyzers::{
    AnalyzerConfig, ArabicAnalyzer, LightStemRules, NormalizeConfig, StemmerChoice, StopWords,
};
use tantivy_tokenizer_api::{TokenStream, Tokenizer};

fn config(spec: &str) -> Result<AnalyzerConfig, String> {
    let words: Vec<&str> = spec.split_whitespace().collect();
    Ok(match words.as_slice() {
        ["default"] => AnalyzerConfig::default(),
        ["exact"] => AnalyzerConfig::exact(),
        ["snowball"] => AnalyzerConfig {
            stemmer: StemmerChoice::Snowball,
            ..AnalyzerConfig::default()
        },
        ["stop"] => AnalyzerConfig {
            stopwords: Some(StopWords::arabic()),
            ..AnalyzerConfig::default()
        },
        ["norm", rule] => {
            let mut normalize = NormalizeConfig {
                compatibility_forms: false,
                remove_marks: false,
                letter_variants: false,
                digits: false,
                latin: false,
            };
            match *rule {
                "compatibility_forms" => normalize.compatibility_forms = true,
                "remove_marks" => normalize.remove_marks = true,
                "letter_variants" => normalize.letter_variants = true,
                "digits" => normalize.digits = true,
                "latin" => normalize.latin = true,
                other => return Err(format!("unknown normalization rule {other:?}")),
            }
            AnalyzerConfig {
                normalize,
                ..AnalyzerConfig::exact()
            }
        }
        ["light", rule] => {
            let mut light_rules = LightStemRules::none();
            light_rules.set(rule, true).map_err(|e| e.to_string())?;
            AnalyzerConfig {
                light_rules,
                ..AnalyzerConfig::default()
            }
        }
        _ => return Err(format!("unknown config {spec:?}")),
    })
}

/// Replaces every `\u{XXXX}` by its code point.
fn unescape(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('}').ok_or("unclosed \\u{")? + at;
        let code = u32::from_str_radix(&rest[at + 3..end], 16).map_err(|e| e.to_string())?;
        out.push(char::from_u32(code).ok_or("not a code point")?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn tokens(analyzer: &mut ArabicAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// Runs one table; returns (cases run, failure messages).
fn run_file(path: &Path) -> (usize, Vec<String>) {
    let text = fs::read_to_string(path).expect("golden file is readable UTF-8");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut analyzer: Option<ArabicAnalyzer> = None;
    let (mut cases, mut failures) = (0, Vec::new());
    for (i, line) in text.lines().enumerate() {
        let at = format!("tests/golden/{name}:{}", i + 1);
        if let Some(spec) = line.strip_prefix("#! config ") {
            match config(spec) {
                Ok(c) => analyzer = Some(ArabicAnalyzer::new(c)),
                Err(e) => failures.push(format!("{at}: {e}")),
            }
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((input, expected)) = line.split_once('\t') else {
            failures.push(format!("{at}: no TAB between input and expected tokens"));
            continue;
        };
        let Some(analyzer) = analyzer.as_mut() else {
            failures.push(format!("{at}: case before any `#! config` line"));
            continue;
        };
        let input = match unescape(input) {
            Ok(input) => input,
            Err(e) => {
                failures.push(format!("{at}: {e}"));
                continue;
            }
        };
        cases += 1;
        let got = tokens(analyzer, &input);
        let want: Vec<&str> = expected.split_whitespace().collect();
        if got != want {
            failures.push(format!(
                "{at}: {input:?}\n    expected: {}\n    got:      {}",
                want.join(" "),
                got.join(" ")
            ));
        }
    }
    (cases, failures)
}

#[test]
fn golden_tables() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/golden exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "golden tables missing in {dir:?}");
    let mut failures = Vec::new();
    for file in &files {
        let (cases, fails) = run_file(file);
        assert!(cases > 0, "{file:?} has no cases");
        failures.extend(fails);
    }
    assert!(
        failures.is_empty(),
        "{} golden case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn unescape_reads_code_points() {
    assert_eq!(unescape("a\\u{200C}b").unwrap(), "a\u{200C}b");
    assert!(unescape("a\\u{zz}").is_err());
}
