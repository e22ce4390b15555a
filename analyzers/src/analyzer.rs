//! [`ArabicAnalyzer`]: the whole pipeline in one tokenizer, configured by [`AnalyzerConfig`].
//!
//! The order, and why:
//! 1. [`crate::ArabicWordTokenizer`]'s rule splits words, read straight from the text (not copied
//!    into a token first); marks and controls stay inside them, so offsets cover the whole written
//!    word (clitics, harakat and tatweel included).
//! 2. [`NormalizeConfig`] folds the spelling variation (rules 1–5); a token that folds to nothing is
//!    dropped.
//! 3. Tokens of [`MAX_TOKEN_BYTES`] or more are dropped, as tantivy's default analyzer does, so that
//!    on ASCII text both give the same tokens.
//! 4. Stopwords (off by default; see `docs/analysis.md`) are dropped
//!    after normalization, since the list is normalized.
//! 5. The stemmer runs last, on normalized text.
//!
//! Positions are renumbered so that the tokens kept are consecutive: a phrase query sees the same
//! sequence in the query as in the document.

use std::str::CharIndices;

use rust_stemmers::{Algorithm, Stemmer as Snowball};
use tantivy_tokenizer_api::{Token, TokenStream, Tokenizer};

use crate::light_stemmer::LightStemRules;
use crate::normalizer::NormalizeConfig;
use crate::stopwords::StopWords;
use crate::tokenizer::next_word;

/// Tokens this long (in bytes, after normalization) or longer are dropped, like tantivy's default.
pub const MAX_TOKEN_BYTES: usize = 40;

/// Which stemmer the analyzer ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StemmerChoice {
    /// Fihris's light stemmer ([`crate::LightStemmer`], rules in [`AnalyzerConfig::light_rules`]).
    #[default]
    Light,
    /// Snowball Arabic from rust-stemmers.
    Snowball,
    /// No stemming: normalized words only.
    None,
}

/// The analyzer's configuration: every rule on, light stemming, no stopword removal.
#[derive(Debug, Clone, Default)]
pub struct AnalyzerConfig {
    /// The normalization rules.
    pub normalize: NormalizeConfig,
    /// The stemmer.
    pub stemmer: StemmerChoice,
    /// The rules of the light stemmer, when [`StemmerChoice::Light`] is chosen.
    pub light_rules: LightStemRules,
    /// Stopwords to drop, if any.
    pub stopwords: Option<StopWords>,
}

impl AnalyzerConfig {
    /// The `arabic_exact` configuration: the same normalization, no stemming.
    pub fn exact() -> Self {
        AnalyzerConfig {
            stemmer: StemmerChoice::None,
            ..Self::default()
        }
    }
}

/// The Arabic analyzer as one tantivy [`Tokenizer`].
///
/// ```
/// use fihris_analyzers::{AnalyzerConfig, ArabicAnalyzer};
/// use tantivy_tokenizer_api::{TokenStream, Tokenizer};
///
/// let mut analyzer = ArabicAnalyzer::new(AnalyzerConfig::default());
/// let mut stream = analyzer.token_stream("وَالكِتَابُ");
/// let token = stream.next().unwrap();
/// assert_eq!(token.text, "كتاب");
/// assert_eq!((token.offset_from, token.offset_to), (0, "وَالكِتَابُ".len()));
/// ```
#[derive(Debug, Clone)]
pub struct ArabicAnalyzer {
    config: AnalyzerConfig,
    token: Token,
    buffer: String,
}

impl ArabicAnalyzer {
    /// An analyzer with `config`.
    pub fn new(config: AnalyzerConfig) -> Self {
        ArabicAnalyzer {
            config,
            token: Token::default(),
            buffer: String::new(),
        }
    }
}

impl Tokenizer for ArabicAnalyzer {
    type TokenStream<'a> = ArabicAnalyzerStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicAnalyzerStream<'a> {
        self.token.reset();
        ArabicAnalyzerStream {
            text,
            chars: text.char_indices(),
            token: &mut self.token,
            config: &self.config,
            snowball: match self.config.stemmer {
                StemmerChoice::Snowball => Some(Snowball::create(Algorithm::Arabic)),
                _ => None,
            },
            buffer: &mut self.buffer,
            next_position: 0,
        }
    }
}

/// Token stream of [`ArabicAnalyzer`].
pub struct ArabicAnalyzerStream<'a> {
    text: &'a str,
    chars: CharIndices<'a>,
    token: &'a mut Token,
    config: &'a AnalyzerConfig,
    snowball: Option<Snowball>,
    buffer: &'a mut String,
    next_position: usize,
}

impl ArabicAnalyzerStream<'_> {
    /// Normalizes, filters and stems the word `text[from..to]` into the token; false when the word
    /// is dropped.
    fn analyze(&mut self, from: usize, to: usize) -> bool {
        self.config
            .normalize
            .normalize_into(&self.text[from..to], self.buffer);
        if self.buffer.is_empty() || self.buffer.len() >= MAX_TOKEN_BYTES {
            return false;
        }
        if let Some(stopwords) = &self.config.stopwords {
            if stopwords.contains(self.buffer) {
                return false;
            }
        }
        let token = &mut *self.token;
        token.text.clear();
        match self.config.stemmer {
            StemmerChoice::Light => token
                .text
                .push_str(self.config.light_rules.stem(self.buffer)),
            StemmerChoice::Snowball => {
                let stemmer = self.snowball.as_ref().expect("created with the stream");
                token.text.push_str(&stemmer.stem(self.buffer));
            }
            StemmerChoice::None => token.text.push_str(self.buffer),
        }
        true
    }
}

impl TokenStream for ArabicAnalyzerStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((from, to)) = next_word(self.text, &mut self.chars) {
            if self.analyze(from, to) {
                self.token.offset_from = from;
                self.token.offset_to = to;
                self.token.position = self.next_position;
                self.next_position += 1;
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}
