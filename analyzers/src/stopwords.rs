//! [`StopWords`]: a set of normalized Arabic stopwords, and [`StopWordFilter`], its token filter.
//!
//! The words are stored normalized (see [`crate::NormalizeConfig`]), so the filter belongs after the
//! normalizer: إلى, الى and إلي are all one stopword.

use std::collections::HashSet;
use std::sync::Arc;

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::normalizer::NormalizeConfig;

/// Arabic stopwords as written in the source list: Jacques Savoy's list as Lucene's ArabicAnalyzer
/// uses it (BSD; `../shared/data/stopwords/lucene-savoy.txt`, 119 words, function words only). They
/// are normalized when the set is built. The longer lists beside it (stopwords-iso, mohataher) were
/// rejected because they drop content words news queries need (عام, مليون, دولار, شمال, مايو); see
/// `docs/analysis.md`.
#[rustfmt::skip]
pub const ARABIC_STOPWORDS: &[&str] = &[
    "من", "ومن", "منها", "منه", "في", "وفي", "فيها", "فيه", "و", "ف", "ثم", "او", "أو", "ب", "بها",
    "به", "ا", "أ", "اى", "اي", "أي", "أى", "لا", "ولا", "الا", "ألا", "إلا", "لكن", "ما", "وما",
    "كما", "فما", "عن", "مع", "اذا", "إذا", "ان", "أن", "إن", "انها", "أنها", "إنها", "انه", "أنه",
    "إنه", "بان", "بأن", "فان", "فأن", "وان", "وأن", "وإن", "التى", "التي", "الذى", "الذي", "الذين",
    "الى", "الي", "إلى", "إلي", "على", "عليها", "عليه", "اما", "أما", "إما", "ايضا", "أيضا", "كل",
    "وكل", "لم", "ولم", "لن", "ولن", "هى", "هي", "هو", "وهى", "وهي", "وهو", "فهى", "فهي", "فهو",
    "انت", "أنت", "لك", "لها", "له", "هذه", "هذا", "تلك", "ذلك", "هناك", "كانت", "كان", "يكون",
    "تكون", "وكانت", "وكان", "غير", "بعض", "قد", "نحو", "بين", "بينما", "منذ", "ضمن", "حيث", "الان",
    "الآن", "خلال", "بعد", "قبل", "حتى", "عند", "عندما", "لدى", "جميع",
];

/// A set of normalized stopwords.
#[derive(Debug, Clone)]
pub struct StopWords {
    words: Arc<HashSet<String>>,
}

impl StopWords {
    /// Builds the set from `words`, normalizing each with the default rules.
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let config = NormalizeConfig::default();
        let words = words.into_iter().map(|w| config.normalize(w)).collect();
        StopWords {
            words: Arc::new(words),
        }
    }

    /// The default Arabic list, [`ARABIC_STOPWORDS`].
    pub fn arabic() -> Self {
        Self::new(ARABIC_STOPWORDS.iter().copied())
    }

    /// Whether `normalized_word` is a stopword.
    pub fn contains(&self, normalized_word: &str) -> bool {
        self.words.contains(normalized_word)
    }
}

/// Token filter dropping the tokens that are in a [`StopWords`] set.
#[derive(Debug, Clone)]
pub struct StopWordFilter {
    words: StopWords,
}

impl StopWordFilter {
    /// A filter over `words`.
    pub fn new(words: StopWords) -> Self {
        StopWordFilter { words }
    }
}

impl TokenFilter for StopWordFilter {
    type Tokenizer<T: Tokenizer> = StopWordFilterWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StopWordFilterWrapper<T> {
        StopWordFilterWrapper {
            tokenizer,
            words: self.words,
        }
    }
}

/// [`StopWordFilter`] wrapped around an inner tokenizer.
#[derive(Debug, Clone)]
pub struct StopWordFilterWrapper<T> {
    tokenizer: T,
    words: StopWords,
}

impl<T: Tokenizer> Tokenizer for StopWordFilterWrapper<T> {
    type TokenStream<'a> = StopWordStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StopWordStream {
            tail: self.tokenizer.token_stream(text),
            words: &self.words,
        }
    }
}

/// Token stream of [`StopWordFilterWrapper`].
pub struct StopWordStream<'a, T> {
    tail: T,
    words: &'a StopWords,
}

impl<T: TokenStream> TokenStream for StopWordStream<'_, T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if !self.words.contains(&self.tail.token().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_stopword_are_one_entry() {
        let words = StopWords::arabic();
        for word in ["الي", "هي", "ان", "انه"] {
            assert!(words.contains(word), "{word}");
        }
        assert!(
            !words.contains("إلى"),
            "the set holds normalized words only"
        );
        assert!(!words.contains("رءيس"));
    }

    #[test]
    fn list_is_savoys_file() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/data/stopwords/lucene-savoy.txt");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipping: {} not found", path.display());
            return;
        };
        let mut file: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let mut ours = ARABIC_STOPWORDS.to_vec();
        file.sort_unstable();
        ours.sort_unstable();
        assert_eq!(ours, file);
    }
}
