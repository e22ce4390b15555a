//! The analyzers Fihris registers with tantivy, by name, in one place.

use fihris_analyzers::{AnalyzerConfig, ArabicAnalyzer, DistinctFilter, StemmerChoice, StopWords};
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TextAnalyzerBuilder, Tokenizer,
    TokenizerManager,
};

/// Bumped whenever an analyzer's output changes: indexes built before must be rebuilt (`--full`),
/// since their terms no longer match what queries are analyzed into.
pub const ANALYSIS_VERSION: u32 = 2;

/// The stemmed Arabic analyzer, the default for text fields.
pub const ARABIC: &str = "arabic";
/// The same normalization without stemming: exact-form fields, so an exact match ranks first.
pub const ARABIC_EXACT: &str = "arabic_exact";
/// `arabic` with the Snowball stemmer instead of the light stemmer.
pub const ARABIC_SNOWBALL: &str = "arabic_snowball";
/// `arabic` with stopwords removed.
pub const ARABIC_STOP: &str = "arabic_stop";
/// `arabic_exact` with stopwords removed: the exact-form partner of `arabic_stop`.
pub const ARABIC_EXACT_STOP: &str = "arabic_exact_stop";
/// tantivy's default analyzer (no Arabic work at all): the baseline of every measurement.
pub const TANTIVY_DEFAULT: &str = "default";

/// Every analyzer name Fihris knows, for help texts and error messages.
pub const NAMES: &[&str] = &[
    ARABIC,
    ARABIC_EXACT,
    ARABIC_SNOWBALL,
    ARABIC_STOP,
    ARABIC_EXACT_STOP,
    TANTIVY_DEFAULT,
];

/// The suffix of an analyzer name that writes each form once per value ([`DistinctFilter`]):
/// `arabic_exact_distinct` is `arabic_exact` for a field that records presence (`text_exact`).
pub const DISTINCT_SUFFIX: &str = "_distinct";

/// The name of `name`'s analyzer with [`DistinctFilter`] after it.
pub fn distinct(name: &str) -> String {
    format!("{name}{DISTINCT_SUFFIX}")
}

/// Builds the analyzer called `name` (one of [`NAMES`], or one with [`DISTINCT_SUFFIX`]), or
/// `None` for an unknown name.
pub fn build(name: &str) -> Option<TextAnalyzer> {
    let (base, once) = match name.strip_suffix(DISTINCT_SUFFIX) {
        Some(base) => (base, true),
        None => (name, false),
    };
    fn finish<T: Tokenizer>(builder: TextAnalyzerBuilder<T>, once: bool) -> TextAnalyzer {
        if once {
            builder.filter(DistinctFilter).build()
        } else {
            builder.build()
        }
    }
    let arabic =
        |config: AnalyzerConfig| finish(TextAnalyzer::builder(ArabicAnalyzer::new(config)), once);
    Some(match base {
        ARABIC => arabic(AnalyzerConfig::default()),
        ARABIC_EXACT => arabic(AnalyzerConfig::exact()),
        ARABIC_SNOWBALL => arabic(AnalyzerConfig {
            stemmer: StemmerChoice::Snowball,
            ..AnalyzerConfig::default()
        }),
        ARABIC_STOP => arabic(AnalyzerConfig {
            stopwords: Some(StopWords::arabic()),
            ..AnalyzerConfig::default()
        }),
        ARABIC_EXACT_STOP => arabic(AnalyzerConfig {
            stopwords: Some(StopWords::arabic()),
            ..AnalyzerConfig::exact()
        }),
        TANTIVY_DEFAULT => finish(
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser),
            once,
        ),
        _ => return None,
    })
}

/// Question words and the particles questions open with, dropped from queries (never from the
/// index): in a natural-language question they match nearly every article, and news headlines that
/// share them crowd out the answer (measured in docs/retrieval.md). Normalized when the set is built.
#[rustfmt::skip]
pub const QUESTION_WORDS: &[&str] = &[
    "ما", "وما", "ماذا", "لماذا", "بماذا", "متى", "ومتى", "من", "ومن", "لمن", "كم", "وكم", "ماهي",
    "ماهو", "أين", "هل", "كيف", "أي", "بأي", "هو", "هي", "الذي", "التي",
];

/// The analyzer that queries go through for a field analyzed with `name`: the same analyzer with
/// [`QUESTION_WORDS`] dropped, for the Arabic analyzers; `None` for the others (they search as
/// they index). Like Elasticsearch's `search_analyzer`.
pub fn build_for_queries(name: &str) -> Option<TextAnalyzer> {
    // A query is not a document: its words are searched as typed, repeats included.
    let name = name.strip_suffix(DISTINCT_SUFFIX).unwrap_or(name);
    let base = match name {
        ARABIC => AnalyzerConfig::default(),
        ARABIC_EXACT => AnalyzerConfig::exact(),
        ARABIC_SNOWBALL => AnalyzerConfig {
            stemmer: StemmerChoice::Snowball,
            ..AnalyzerConfig::default()
        },
        _ => return None,
    };
    let config = AnalyzerConfig {
        stopwords: Some(StopWords::new(QUESTION_WORDS.iter().copied())),
        ..base
    };
    Some(TextAnalyzer::from(ArabicAnalyzer::new(config)))
}

/// Registers every analyzer of [`NAMES`] with `manager`, each also with [`DISTINCT_SUFFIX`].
pub fn register_all(manager: &TokenizerManager) {
    for name in NAMES {
        manager.register(name, build(name).expect("every listed name builds"));
        let once = distinct(name);
        manager.register(&once, build(&once).expect("every listed name builds"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_name_resolves() {
        let manager = TokenizerManager::default();
        register_all(&manager);
        for name in NAMES {
            assert!(manager.get(name).is_some(), "{name} is not registered");
            assert!(manager.get(&distinct(name)).is_some(), "{name} distinct");
        }
        assert!(build("klingon").is_none());
    }

    #[test]
    fn queries_drop_question_words_that_documents_keep() {
        let tokens = |mut analyzer: TextAnalyzer| {
            let mut stream = analyzer.token_stream("متى ولد الرئيس؟");
            let mut texts = Vec::new();
            while let Some(token) = stream.next() {
                texts.push(token.text.clone());
            }
            texts
        };
        assert_eq!(tokens(build(ARABIC).unwrap()), ["متي", "ولد", "رءيس"]);
        assert_eq!(tokens(build_for_queries(ARABIC).unwrap()), ["ولد", "رءيس"]);
        assert_eq!(
            tokens(build_for_queries(ARABIC_EXACT).unwrap()),
            ["ولد", "الرءيس"]
        );
        assert!(build_for_queries(TANTIVY_DEFAULT).is_none());
    }
}

/// One token of an analysis, as `fihris analyze --json` prints it and `GET /api/analyze` serves it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct TokenInfo {
    /// The token's text after analysis.
    pub text: String,
    /// Its position (consecutive, so phrases work).
    pub position: usize,
    /// Byte offset of the original word's start.
    pub start: usize,
    /// Byte offset just past the original word.
    pub end: usize,
}

/// The tokens an analyzer makes of a text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Analysis {
    /// The analyzer's name.
    pub analyzer: String,
    /// The tokens, in order.
    pub tokens: Vec<TokenInfo>,
}

/// Runs `analyzer` over `text`.
pub fn analyze_with(analyzer: &mut TextAnalyzer, name: &str, text: &str) -> Analysis {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(t) = stream.next() {
        tokens.push(TokenInfo {
            text: t.text.clone(),
            position: t.position,
            start: t.offset_from,
            end: t.offset_to,
        });
    }
    Analysis {
        analyzer: name.to_string(),
        tokens,
    }
}

/// Runs the analyzer called `name` over `text`; `None` for an unknown name.
pub fn analyze(name: &str, text: &str) -> Option<Analysis> {
    let mut analyzer = build(name)?;
    Some(analyze_with(&mut analyzer, name, text))
}
