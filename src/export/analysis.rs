//! The index's settings and mappings (`index.json`), generated from Fihris's own analyzer rules.
//!
//! The chain, for OpenSearch 2.x and Elasticsearch 8.x alike (every component is a Lucene class):
//! 1. `fihris_chars`, a `mapping` char filter holding [`fihris_analyzers::chars::rule_table`] (rules
//!    1–5: presentation forms, marks, tatweel, controls, letter folds, digits, Latin accents) and
//!    [`fihris_analyzers::chars::CONTEXT_RULES`], plus the separators that Unicode word breaking
//!    (UAX #29, the `standard` tokenizer) would keep inside a word but Fihris's tokenizer splits on
//!    (mapped to a space). A char filter keeps offsets on the original text, so highlights land on
//!    the words as written.
//!    Removed marks become tatweel there, which the `fihris_marks` filter removes after the
//!    tokenizer (see [`MARK`]).
//! 2. the `standard` tokenizer; `<EMOJI>` tokens are dropped (Fihris's tokenizer skips emoji);
//! 3. `lowercase` (the table leaves lowercasing-only characters to it);
//! 4. tokens of [`MAX_TOKEN_BYTES`] bytes or more dropped (`pattern_replace` + `length`);
//! 5. stemmed fields only: `stemmer_override` with the archive's whole vocabulary mapped to Fihris's
//!    light stems (`fihris-stems.txt`), then Lucene's `arabic_stem` for words the file lacks.
//!
//! `asciifolding` is not in the chain: it folds far more than rule 5 (², ①, ƒ…), and the table
//! already folds the Latin accents Fihris folds.

use std::collections::BTreeSet;

use fihris_analyzers::chars::{is_word_char, rule_table, CONTEXT_RULES};
use fihris_analyzers::{LightStemRules, NormalizeConfig, MAX_TOKEN_BYTES};
use serde_json::{json, Value};

use crate::analysis::QUESTION_WORDS;

/// The stemmer override rules file, beside `index.json` (installed on every node for `rules_path`).
pub const STEMS_FILE: &str = "fihris-stems.txt";

/// Characters that UAX #29 keeps inside a word between letters or digits (MidLetter, MidNum,
/// MidNumLet, Single_Quote, Double_Quote, ExtendNumLet, the Numeric U+066B) or ignores inside one
/// (Format, Extend), from Unicode's WordBreakProperty.txt. Those Fihris's tokenizer splits on are mapped to
/// a space, so that `U.S.`, `3.5`, `O'Brien` and `a_b` split in the cluster as they do in Fihris.
#[rustfmt::skip]
const UAX29_JOINERS: &[char] = &[
    // MidNum
    '\u{002C}', '\u{003B}', '\u{037E}', '\u{0589}', '\u{060C}', '\u{060D}', '\u{066C}', '\u{07F8}',
    '\u{2044}', '\u{FE10}', '\u{FE14}', '\u{FE50}', '\u{FE54}', '\u{FF0C}', '\u{FF1B}',
    // MidLetter
    '\u{003A}', '\u{00B7}', '\u{0387}', '\u{055F}', '\u{05F4}', '\u{2027}', '\u{FE13}', '\u{FE55}',
    '\u{FF1A}',
    // MidNumLet, Single_Quote, Double_Quote
    '\u{002E}', '\u{2018}', '\u{2019}', '\u{2024}', '\u{FE52}', '\u{FF07}', '\u{FF0E}', '\u{0027}',
    '\u{0022}',
    // ExtendNumLet
    '\u{005F}', '\u{202F}', '\u{203F}', '\u{2040}', '\u{2054}', '\u{FE33}', '\u{FE34}', '\u{FE4D}',
    '\u{FE4E}', '\u{FE4F}', '\u{FF3F}',
    // Numeric that is not a digit
    '\u{066B}',
    // Format
    '\u{00AD}', '\u{0600}', '\u{0601}', '\u{0602}', '\u{0603}', '\u{0604}', '\u{0605}', '\u{061C}',
    '\u{06DD}', '\u{070F}', '\u{08E2}', '\u{180E}', '\u{2060}', '\u{2061}', '\u{2062}', '\u{2063}',
    '\u{2064}', '\u{206A}', '\u{206B}', '\u{206C}', '\u{206D}', '\u{206E}', '\u{206F}', '\u{FFF9}',
    '\u{FFFA}', '\u{FFFB}',
    // Extend: the variation selectors (U+FE0F turns a letter before an emoji-style one into one word)
    '\u{FE00}', '\u{FE01}', '\u{FE02}', '\u{FE03}', '\u{FE04}', '\u{FE05}', '\u{FE06}', '\u{FE07}',
    '\u{FE08}', '\u{FE09}', '\u{FE0A}', '\u{FE0B}', '\u{FE0C}', '\u{FE0D}', '\u{FE0E}', '\u{FE0F}',
];

/// `text` written with `\uXXXX` escapes (UTF-16 units), the form the `mapping` char filter and
/// Lucene's mapping files read, so that marks and controls survive every editor and shell.
pub fn escape(text: &str) -> String {
    text.encode_utf16().map(|u| format!("\\u{u:04X}")).collect()
}

/// The removed marks' stand-in in the analyzers' char filter: tatweel, a letter for Unicode word
/// breaking, so that a word starting with a mark or control (U+200F, a kasra) starts there in the
/// cluster as in Fihris (UAX #29 would attach it to the space before, moving the start offset past
/// it). The `fihris_marks` token filter then removes it from the token's text, never its offsets.
const MARK: char = '\u{0640}';

/// The `mapping` char filter's rules (`from => to`), generated from the analyzer's rule table. With
/// `marks_as_tatweel`, the removed characters become [`MARK`] (for the analyzers); without, they
/// are removed (as they are from the text `normalize` returns).
pub fn char_mappings(marks_as_tatweel: bool) -> Vec<String> {
    let mut rules: Vec<String> = Vec::new();
    for (c, to) in rule_table() {
        // Fihris's tokenizer splits on a character before any rule sees it (﷼, a symbol that
        // rule 1 would spell ريال): in the cluster the char filter runs first, so it must split too.
        let to = if is_word_char(c) { to } else { " ".to_string() };
        let to = match (marks_as_tatweel, to.is_empty()) {
            (true, true) if c == MARK => continue,
            (true, true) => MARK.to_string(),
            _ => to,
        };
        rules.push(format!("{} => {}", escape(&c.to_string()), escape(&to)));
    }
    rules.extend(
        CONTEXT_RULES
            .iter()
            .map(|(from, to)| format!("{} => {}", escape(from), escape(to))),
    );
    rules.extend(
        UAX29_JOINERS
            .iter()
            .filter(|c| !is_word_char(**c))
            .map(|c| format!("{} => \\u0020", escape(&c.to_string()))),
    );
    rules
}

/// The stemmer override rules, `word => stem`, one a line, for every normalized word of
/// `vocabulary` (the exact-form terms of the index).
pub fn stem_rules<'a>(vocabulary: impl IntoIterator<Item = &'a str>) -> String {
    let rules = LightStemRules::default();
    let mut out = String::new();
    for word in vocabulary {
        // `=>` and `,` are the rule syntax; the tokenizer never yields them inside a word.
        if word.contains("=>") || word.contains(',') || word.trim().is_empty() {
            continue;
        }
        out.push_str(word);
        out.push_str(" => ");
        out.push_str(rules.stem(word));
        out.push('\n');
    }
    out
}

/// The question words Fihris drops from queries, normalized like the tokens they are compared with.
fn question_words() -> Vec<String> {
    let normalizer = NormalizeConfig::default();
    let words: BTreeSet<String> = QUESTION_WORDS
        .iter()
        .map(|w| normalizer.normalize(w))
        .collect();
    words.into_iter().collect()
}

/// The settings and mappings of the index, as `PUT /NAME` takes them.
pub fn index_json() -> Value {
    let base = [
        "fihris_no_emoji",
        "lowercase",
        "fihris_marks",
        "fihris_long",
        "fihris_nonempty",
    ];
    let chain = |extra: &[&str]| -> Vec<String> {
        base.iter()
            .chain(extra)
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    let analyzer = |filters: Vec<String>| json!({"type": "custom", "char_filter": ["fihris_chars"], "tokenizer": "standard", "filter": filters});
    let stems = ["fihris_stems", "arabic_stem"];
    let max_chars_2byte = MAX_TOKEN_BYTES / 2;
    let mut char_filters = super::key_normalizer::char_filters();
    char_filters.insert(
        "fihris_chars".into(),
        json!({"type": "mapping", "mappings": char_mappings(true)}),
    );
    json!({
        "settings": {
            "analysis": {
                "char_filter": char_filters,
                "filter": {
                    "fihris_marks": {"type": "pattern_replace", "pattern": format!("\\x{{{:04X}}}", MARK as u32), "replacement": ""},
                    "fihris_no_emoji": {"type": "keep_types", "types": ["<EMOJI>"], "mode": "exclude"},
                    // Fihris drops tokens of 40 bytes or more: 20 Arabic letters, 40 ASCII ones.
                    "fihris_long": {
                        "type": "pattern_replace",
                        "pattern": format!("^(?:[\\x{{80}}-\\x{{7FF}}]{{{max_chars_2byte},}}|.{{{MAX_TOKEN_BYTES},}})$"),
                        "replacement": ""
                    },
                    "fihris_nonempty": {"type": "length", "min": 1},
                    "fihris_question_words": {"type": "stop", "stopwords": question_words()},
                    "fihris_stems": {"type": "stemmer_override", "rules_path": format!("analysis/{STEMS_FILE}")}
                },
                "normalizer": {"fihris_key": super::key_normalizer::normalizer()},
                "analyzer": {
                    "fihris_arabic": analyzer(chain(&stems)),
                    "fihris_exact": analyzer(chain(&[])),
                    "fihris_arabic_query": analyzer(chain(&["fihris_question_words", "fihris_stems", "arabic_stem"])),
                    "fihris_exact_query": analyzer(chain(&["fihris_question_words"]))
                }
            }
        },
        "mappings": {
            "properties": {
                "title": text_field(),
                "body": text_field(),
                "text": text_field(),
                "tags": {"type": "text", "analyzer": "fihris_arabic", "fields": {"raw": {"type": "keyword"}}},
                "tag_keys": {"type": "keyword", "normalizer": "fihris_key"},
                "date": {"type": "date", "format": "strict_date_optional_time"},
                "url": {"type": "keyword", "index": false},
                "source": {"type": "keyword"},
                "path": {"type": "keyword"}
            }
        }
    })
}

fn text_field() -> Value {
    json!({
        "type": "text",
        "analyzer": "fihris_arabic",
        "search_analyzer": "fihris_arabic_query",
        "fields": {
            // Fihris writes `text_exact` with each form once per article: the exact form scores
            // as a presence bonus (BM25 with a term frequency of one) over a length counted in
            // distinct forms. That is Lucene's BM25 on a documents-only field, whose length is
            // the number of distinct terms.
            "exact": {
                "type": "text",
                "analyzer": "fihris_exact",
                "search_analyzer": "fihris_exact_query",
                "index_options": "docs"
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The analysis component types OpenSearch 2.x and Elasticsearch 8.x both ship (analysis-common).
    const KNOWN_TYPES: &[&str] = &[
        "custom",
        "mapping",
        "standard",
        "keep_types",
        "lowercase",
        "pattern_replace",
        "length",
        "stop",
        "stemmer_override",
        "arabic_stem",
    ];

    #[test]
    fn settings_name_only_components_both_engines_have() {
        let settings = index_json();
        let analysis = &settings["settings"]["analysis"];
        for section in ["char_filter", "filter", "normalizer", "analyzer"] {
            for (name, component) in analysis[section].as_object().unwrap() {
                let kind = component["type"].as_str().unwrap();
                assert!(KNOWN_TYPES.contains(&kind), "{section}.{name}: {kind}");
            }
        }
        let defined = |section: &str, name: &str| {
            analysis[section].get(name).is_some() || KNOWN_TYPES.contains(&name)
        };
        for analyzer in analysis["analyzer"].as_object().unwrap().values() {
            assert!(KNOWN_TYPES.contains(&analyzer["tokenizer"].as_str().unwrap()));
            for f in analyzer["filter"].as_array().unwrap() {
                assert!(defined("filter", f.as_str().unwrap()), "{f}");
            }
            for f in analyzer["char_filter"].as_array().unwrap() {
                assert!(defined("char_filter", f.as_str().unwrap()), "{f}");
            }
        }
    }

    #[test]
    fn char_filter_holds_the_whole_rule_table() {
        let mappings = char_mappings(false);
        for (c, to) in rule_table() {
            let to = if is_word_char(c) { to } else { " ".to_string() };
            let rule = format!("{} => {}", escape(&c.to_string()), escape(&to));
            assert!(mappings.contains(&rule), "missing {rule}");
        }
        assert!(
            mappings.contains(&"\\u0623 => \\u0627".to_string()),
            "أ → ا"
        );
        assert!(
            mappings.contains(&"\\u002E => \\u0020".to_string()),
            ". splits"
        );
        // A supplementary character is written as its surrogate pair.
        assert_eq!(escape("\u{1D7CE}"), "\\uD835\\uDFCE");
    }

    #[test]
    fn stem_rules_map_words_to_light_stems() {
        let rules = stem_rules(["والكتاب", "مدرسه", "a=>b"]);
        assert_eq!(rules, "والكتاب => كتاب\nمدرسه => مدرس\n");
    }

    /// The mapping scores each searched field as Fihris's schema records it: the stemmed text with
    /// BM25 over frequencies; the exact-form text, which Fihris writes each form once per article
    /// (frequencies all 1, the length in distinct forms), as a documents-only field, which Lucene
    /// scores with a frequency of 1 over the number of distinct terms.
    #[test]
    fn searched_fields_score_as_the_schema_records() {
        use tantivy::schema::{FieldType, IndexRecordOption};
        let (schema, fields) = crate::schema::build(&crate::schema::FieldAnalyzers::default());
        let indexing = |field| match schema.get_field_entry(field).field_type() {
            FieldType::Str(options) => options.get_indexing_options().unwrap().clone(),
            other => panic!("not a text field: {other:?}"),
        };
        let json = index_json();
        let text = &json["mappings"]["properties"]["text"];
        let exact = &text["fields"]["exact"];
        assert_eq!(
            indexing(fields.text).index_option(),
            IndexRecordOption::WithFreqsAndPositions
        );
        assert!(text.get("index_options").is_none() && text.get("similarity").is_none());
        let exact_indexing = indexing(fields.text_exact);
        assert!(exact_indexing
            .tokenizer()
            .ends_with(crate::analysis::DISTINCT_SUFFIX));
        assert_eq!(exact_indexing.index_option(), IndexRecordOption::WithFreqs);
        assert_eq!(exact["index_options"], "docs");
        assert!(exact.get("similarity").is_none());
        assert!(json["settings"].get("index").is_none());
    }
}
