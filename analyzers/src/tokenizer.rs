//! [`ArabicWordTokenizer`]: splits text into words without letting Arabic marks split them.
//!
//! It works like tantivy's `SimpleTokenizer` (a word is a run of alphanumeric characters), except that
//! harakat, the dagger alef, Qur'anic marks, tatweel, zero-width and bidi controls and Latin combining
//! marks count as part of a word. So `مُحَمَّد`, `الكـــرملين` and `كتاب‌ها` (with a ZWNJ) are one token each,
//! and each token's offsets cover the whole original word. On ASCII text it gives exactly the tokens
//! of `SimpleTokenizer`.

use std::str::CharIndices;

use tantivy_tokenizer_api::{Token, TokenStream, Tokenizer};

use crate::chars::is_word_char;

/// Tokenizer that splits on everything but letters, digits and in-word marks.
#[derive(Debug, Clone, Default)]
pub struct ArabicWordTokenizer {
    token: Token,
}

/// Token stream of [`ArabicWordTokenizer`].
pub struct ArabicWordStream<'a> {
    text: &'a str,
    chars: CharIndices<'a>,
    token: &'a mut Token,
}

impl Tokenizer for ArabicWordTokenizer {
    type TokenStream<'a> = ArabicWordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicWordStream<'a> {
        self.token.reset();
        ArabicWordStream {
            text,
            chars: text.char_indices(),
            token: &mut self.token,
        }
    }
}

/// The byte span of the next word in `text`, advancing `chars` past it: shared with the analyzer,
/// which reads the word straight from `text` instead of copying it into a token first.
pub(crate) fn next_word(text: &str, chars: &mut CharIndices<'_>) -> Option<(usize, usize)> {
    let (from, _) = chars.find(|&(_, c)| is_word_char(c))?;
    let to = chars
        .find(|&(_, c)| !is_word_char(c))
        .map_or(text.len(), |(offset, _)| offset);
    Some((from, to))
}

impl TokenStream for ArabicWordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        let Some((from, to)) = next_word(self.text, &mut self.chars) else {
            return false;
        };
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.text.push_str(&self.text[from..to]);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, usize, usize)> {
        let mut tokenizer = ArabicWordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn marks_and_controls_do_not_split_words() {
        let text = "مُحَمَّد الكـــرملين كتاب\u{200C}ها";
        let got = words(text);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(&text[got[0].1..got[0].2], "مُحَمَّد");
        assert_eq!(&text[got[1].1..got[1].2], "الكـــرملين");
    }

    #[test]
    fn punctuation_splits_words() {
        let got: Vec<String> = words("بوتين، الكرملين: «أرمينيا»")
            .into_iter()
            .map(|w| w.0)
            .collect();
        assert_eq!(got, ["بوتين", "الكرملين", "أرمينيا"]);
    }
}
