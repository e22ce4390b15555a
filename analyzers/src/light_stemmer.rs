//! [`LightStemmer`]: Fihris's Arabic light stemmer, and [`LightStemFilter`], its token filter.
//!
//! The idea of Larkey's light10 (strip a few frequent prefixes and suffixes), with the clitic chains
//! that news text uses and guards against over-stripping. It works on *normalized* text (see
//! [`crate::NormalizeConfig`]): ة is already ه, أ/إ/آ are already ا, ى is already ي.
//!
//! Prefixes, tried as one chain: an optional conjunction (و, ف), then an optional preposition (ب, ك, ل)
//! and the article (ال), or لل (ل + ال). A prefix is removed only if at least [`MIN_STEM_CHARS`] letters
//! remain, and a lone conjunction or preposition only when the word is long enough that the letter is
//! unlikely to be part of the stem.
//!
//! Suffixes (one pass, longest first): ها ان ات ون ين يه يه ه ي (light10's list), each removed only if
//! at least [`MIN_STEM_CHARS`] letters remain.
//!
//! Known false positives, kept as they are (see [`PROTECTED`] for the ones guarded): words whose first
//! letters look like a clitic (وزير → زير is avoided by the minimum length only for short words).

use std::mem;

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

/// The fewest letters a stem keeps.
pub const MIN_STEM_CHARS: usize = 2;

/// Normalized words that stripping would break: names and words whose first or last letters only look
/// like a clitic or an affix. They are left whole.
#[rustfmt::skip]
pub const PROTECTED: &[&str] = &[
    "الله", "البانيا", "الجزاير", "اليونان", "اليمن", "ايران", "امريكا", "اسراييل", "بريطانيا",
    "فرنسا", "فلسطين", "لبنان", "ليبيا", "بوتين", "كوريا", "كندا", "لندن", "باريس", "واشنطن",
    "فيتنام", "فنزويلا", "بلجيكا", "باكستان", "بنغلاديش",
];

/// The light stemmer itself: a pure function over one normalized word.
#[derive(Debug, Clone, Copy, Default)]
pub struct LightStemmer;

impl LightStemmer {
    /// Returns the stem of `word` (normalized Arabic), as a sub-slice of it.
    pub fn stem<'a>(&self, word: &'a str) -> &'a str {
        if PROTECTED.contains(&word) || !word.starts_with(is_arabic_letter) {
            return word;
        }
        let word = strip_prefixes(word);
        strip_suffix(word)
    }
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// Removes `prefix` if what remains keeps at least `min` letters.
fn strip<'a>(word: &'a str, prefix: &str, min: usize) -> Option<&'a str> {
    word.strip_prefix(prefix)
        .filter(|rest| char_count(rest) >= min)
}

fn strip_prefixes(word: &str) -> &str {
    // Conjunction + preposition + article chains, longest first.
    const ARTICLE_CHAINS: &[&str] = &[
        "وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
    ];
    for chain in ARTICLE_CHAINS {
        if let Some(rest) = strip(word, chain, MIN_STEM_CHARS) {
            if !PROTECTED.contains(&rest) {
                return rest;
            }
            return rest;
        }
    }
    // A lone conjunction: only on words of 4+ letters, so that short stems starting with و stay.
    if let Some(rest) = strip(word, "و", 3) {
        return rest;
    }
    word
}

fn strip_suffix(word: &str) -> &str {
    const SUFFIXES: &[&str] = &["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];
    for suffix in SUFFIXES {
        if let Some(rest) = word.strip_suffix(suffix) {
            if char_count(rest) >= MIN_STEM_CHARS + 1 {
                return rest;
            }
        }
    }
    word
}

/// Token filter applying [`LightStemmer`] to every token.
#[derive(Debug, Clone, Copy, Default)]
pub struct LightStemFilter;

impl TokenFilter for LightStemFilter {
    type Tokenizer<T: Tokenizer> = LightStemFilterWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> LightStemFilterWrapper<T> {
        LightStemFilterWrapper {
            tokenizer,
            buffer: String::new(),
        }
    }
}

/// [`LightStemFilter`] wrapped around an inner tokenizer.
#[derive(Debug, Clone)]
pub struct LightStemFilterWrapper<T> {
    tokenizer: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for LightStemFilterWrapper<T> {
    type TokenStream<'a> = LightStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        LightStemStream {
            tail: self.tokenizer.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

/// Token stream of [`LightStemFilterWrapper`].
pub struct LightStemStream<'a, T> {
    tail: T,
    buffer: &'a mut String,
}

impl<T: TokenStream> TokenStream for LightStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let stem = LightStemmer.stem(&token.text);
        if stem.len() != token.text.len() {
            self.buffer.clear();
            self.buffer.push_str(stem);
            mem::swap(&mut token.text, self.buffer);
        }
        true
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
    fn strips_clitic_chains_and_suffixes() {
        let s = LightStemmer;
        assert_eq!(s.stem("والكتاب"), "كتاب");
        assert_eq!(s.stem("للرييس"), "رييس");
        assert_eq!(s.stem("بالمدرسه"), "مدرس");
        assert_eq!(s.stem("المعلمون"), "معلم");
        assert_eq!(s.stem("بوتين"), "بوتين");
        assert_eq!(s.stem("البانيا"), "البانيا");
        assert_eq!(s.stem("covid"), "covid");
    }
}
