//! Arabic text analysis for [tantivy](https://docs.rs/tantivy): a tokenizer and token filters that
//! fold the spelling variation of real Arabic news text and stem it lightly.
//!
//! The crate depends only on `tantivy-tokenizer-api`, so every type here plugs into
//! `tantivy::tokenizer::TextAnalyzer` and into any tantivy index:
//!
//! ```
//! use fihris_analyzers::{AnalyzerConfig, ArabicAnalyzer};
//! use tantivy::tokenizer::TextAnalyzer;
//!
//! let mut analyzer = TextAnalyzer::from(ArabicAnalyzer::new(AnalyzerConfig::default()));
//! let mut stream = analyzer.token_stream("مسؤولو الحكومة");
//! let mut texts = Vec::new();
//! while let Some(token) = stream.next() {
//!     texts.push(token.text.clone());
//! }
//! assert_eq!(texts, ["مسءول", "حكوم"]);
//! ```
//!
//! The pieces can also be composed one by one with `TextAnalyzer::builder`:
//! [`ArabicWordTokenizer`], [`ArabicNormalizer`], [`StopWordFilter`], [`LightStemFilter`],
//! [`SnowballArabic`], and [`DistinctFilter`] for a field that records presence. Every rule has a
//! switch: [`NormalizeConfig`] and [`LightStemRules`]; the rule
//! table, the measurements behind the choices and the speed figures are in `docs/analysis.md`.
#![warn(missing_docs)]

mod analyzer;
pub mod chars;
mod clitic_lookalikes;
mod distinct;
mod error;
mod light_stemmer;
mod normalizer;
mod presentation_forms;
mod snowball;
mod stopwords;
mod tokenizer;
mod word_lists;

pub use analyzer::{
    AnalyzerConfig, ArabicAnalyzer, ArabicAnalyzerStream, StemmerChoice, MAX_TOKEN_BYTES,
};
pub use distinct::{DistinctFilter, DistinctFilterWrapper, DistinctStream};
pub use error::AnalysisError;
pub use light_stemmer::{
    LightStemFilter, LightStemFilterWrapper, LightStemRules, LightStemStream, LightStemmer,
    MIN_STEM_CHARS,
};
pub use normalizer::{
    ArabicNormalizer, ArabicNormalizerFilter, ArabicNormalizerStream, NormalizeConfig,
};
pub use snowball::{SnowballArabic, SnowballArabicFilter, SnowballArabicStream};
pub use stopwords::{
    StopWordFilter, StopWordFilterWrapper, StopWordStream, StopWords, ARABIC_STOPWORDS,
};
pub use tokenizer::{ArabicWordStream, ArabicWordTokenizer};
pub use word_lists::PROTECTED;

/// Normalizes `text` with every rule on (rules 1–5, no stemming): the key Fihris uses for tags, so
/// that أرمينيا and ارمينيا are one tag. Spaces and punctuation are kept as they are.
pub fn normalize(text: &str) -> String {
    NormalizeConfig::default().normalize(text)
}
