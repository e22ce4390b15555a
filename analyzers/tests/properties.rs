//! Property tests: no input panics, normalization is idempotent, offsets are sound and cover the
//! original word, positions are consecutive, and on ASCII text the analyzer agrees with tantivy's
//! default analyzer (SimpleTokenizer + RemoveLongFilter(40) + LowerCaser).

use fihris_analyzers::chars::is_word_char;
use fihris_analyzers::{
    normalize, AnalyzerConfig, ArabicAnalyzer, StemmerChoice, StopWords, MAX_TOKEN_BYTES,
};
use proptest::prelude::*;
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};
use tantivy_tokenizer_api::{Token, TokenStream, Tokenizer};

/// Text mixing Arabic letters, harakat, tatweel, Quranic marks, controls, presentation forms,
/// digits, Latin with accents, NUL and arbitrary characters: the inputs the rules care about.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => "[\u{0621}-\u{064A}]",
        2 => "[\u{064B}-\u{065F}\u{0670}\u{0640}\u{0654}\u{0655}]",
        1 => "[\u{06D6}-\u{06ED}\u{0610}-\u{061A}]",
        1 => "[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FEFF}\u{0000}]",
        1 => "[\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}]",
        1 => "[\u{0660}-\u{0669}\u{06F0}-\u{06F9}0-9]",
        1 => "[a-zA-ZÀ-ɏİß\u{0300}-\u{036F}]",
        1 => "[ .,،؛:\n\t]",
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn configs() -> Vec<AnalyzerConfig> {
    vec![
        AnalyzerConfig::default(),
        AnalyzerConfig::exact(),
        AnalyzerConfig {
            stemmer: StemmerChoice::Snowball,
            ..AnalyzerConfig::default()
        },
        AnalyzerConfig {
            stopwords: Some(StopWords::arabic()),
            ..AnalyzerConfig::default()
        },
    ]
}

fn collect<T: Tokenizer>(tokenizer: &mut T, text: &str) -> Vec<Token> {
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.clone());
    }
    out
}

/// Offsets in bounds, on char boundaries, non-decreasing, covering a whole word; positions 0, 1, 2…
fn check_tokens(text: &str, tokens: &[Token]) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for (i, t) in tokens.iter().enumerate() {
        prop_assert_eq!(t.position, i, "positions are consecutive");
        prop_assert!(t.offset_from < t.offset_to && t.offset_to <= text.len());
        prop_assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
        prop_assert!(t.offset_from >= last_end, "offsets do not go back");
        last_end = t.offset_to;
        let word = &text[t.offset_from..t.offset_to];
        prop_assert!(word.chars().all(is_word_char), "{:?} is one word", word);
        let before = text[..t.offset_from].chars().next_back();
        let after = text[t.offset_to..].chars().next();
        prop_assert!(!before.is_some_and(is_word_char), "starts at a word start");
        prop_assert!(!after.is_some_and(is_word_char), "ends at a word end");
        prop_assert!(!t.text.is_empty() && t.text.len() < MAX_TOKEN_BYTES + 8);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_input_panics_and_offsets_are_sound(text in tricky_text()) {
        for config in configs() {
            let tokens = collect(&mut ArabicAnalyzer::new(config), &text);
            check_tokens(&text, &tokens)?;
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        for config in configs() {
            let tokens = collect(&mut ArabicAnalyzer::new(config), &text);
            check_tokens(&text, &tokens)?;
        }
    }

    #[test]
    fn normalizing_twice_equals_once(text in tricky_text()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn ascii_text_matches_tantivy_default(text in "[ -~\t\n]{0,120}|[a-zA-Z0-9 ]{30,90}") {
        let mut tantivy = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .build();
        let mut want = Vec::new();
        let mut stream = tantivy.token_stream(&text);
        while let Some(t) = stream.next() {
            want.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        for config in configs() {
            let got: Vec<(String, usize, usize)> = collect(&mut ArabicAnalyzer::new(config), &text)
                .into_iter()
                .map(|t| (t.text, t.offset_from, t.offset_to))
                .collect();
            prop_assert_eq!(&got, &want);
        }
    }
}

#[test]
fn offsets_cover_clitics_marks_and_tatweel() {
    let text = "قال: وَبِالْمَدْرَسَـــةِ";
    let tokens = collect(&mut ArabicAnalyzer::new(AnalyzerConfig::default()), text);
    assert_eq!(tokens.len(), 2);
    assert_eq!(
        &text[tokens[1].offset_from..tokens[1].offset_to],
        "وَبِالْمَدْرَسَـــةِ"
    );
    assert_eq!(tokens[1].text, "مدرس");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The filters composed one by one with `TextAnalyzer::builder` give the tokens of the one-piece
    /// `ArabicAnalyzer` (positions aside: the builder's tokenizer counts dropped words too).
    #[test]
    fn composed_filters_match_the_analyzer(text in tricky_text()) {
        use fihris_analyzers::{ArabicNormalizer, ArabicWordTokenizer, LightStemFilter};
        let mut composed = TextAnalyzer::builder(ArabicWordTokenizer::default())
            .filter(ArabicNormalizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LightStemFilter::default())
            .build();
        let mut want = Vec::new();
        let mut stream = composed.token_stream(&text);
        while let Some(t) = stream.next() {
            want.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        let got: Vec<(String, usize, usize)> =
            collect(&mut ArabicAnalyzer::new(AnalyzerConfig::default()), &text)
                .into_iter()
                .map(|t| (t.text, t.offset_from, t.offset_to))
                .collect();
        prop_assert_eq!(got, want);
    }
}
