//! [`ArabicNormalizer`]: the token filter that folds Arabic spelling variation (rules 1–5).
//!
//! It rewrites `token.text` only; offsets keep pointing at the original, fully vowelled word, which is
//! what makes highlighting land on the words as they were written.

use std::mem;

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::chars::{
    fold_digit, fold_latin_accent, fold_letter_variant, fold_presentation_form,
    is_latin_combining_mark, is_plain_arabic_letter, is_removable_mark, Fold,
};

/// Which normalization rules are on. Every rule is on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NormalizeConfig {
    /// Rule 1: presentation forms and lam-alef ligatures → base letters.
    pub compatibility_forms: bool,
    /// Rule 2: harakat, dagger alef, Qur'anic marks, tatweel, zero-width and bidi controls removed.
    pub remove_marks: bool,
    /// Rule 3: alef forms, ى/ي, ة/ه, hamza seats, Persian and Urdu letters folded.
    pub letter_variants: bool,
    /// Rule 4: every Unicode decimal digit → ASCII.
    pub digits: bool,
    /// Rule 5: lowercase and accent-fold Latin and other scripts.
    pub latin: bool,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        NormalizeConfig {
            compatibility_forms: true,
            remove_marks: true,
            letter_variants: true,
            digits: true,
            latin: true,
        }
    }
}

impl NormalizeConfig {
    /// Writes the normalized form of `text` into `out` (cleared first).
    pub fn normalize_into(&self, text: &str, out: &mut String) {
        out.clear();
        if text.is_ascii() {
            out.push_str(text);
            if self.latin {
                out.make_ascii_lowercase();
            }
            return;
        }
        out.reserve(text.len());
        for c in text.chars() {
            if is_plain_arabic_letter(c) {
                out.push(c);
                continue;
            }
            match fold_presentation_form(c).filter(|_| self.compatibility_forms) {
                Some(letters) => letters.chars().for_each(|l| self.push_char(l, out)),
                None => self.push_char(c, out),
            }
        }
    }

    /// Returns the normalized form of `text` (a convenience over [`Self::normalize_into`]).
    pub fn normalize(&self, text: &str) -> String {
        let mut out = String::new();
        self.normalize_into(text, &mut out);
        out
    }

    fn push_char(&self, c: char, out: &mut String) {
        if self.letter_variants && matches!(c, '\u{0654}' | '\u{0655}') {
            // A decomposed hamza above/below (U+0654/U+0655) on waw or yeh is the same letter as the
            // precomposed ؤ/ئ: give it the same folding. On alef it is dropped with the marks.
            if out.ends_with(['و', 'ي']) {
                out.pop();
                out.push('ء');
                return;
            }
        }
        if self.remove_marks && is_removable_mark(c) {
            return;
        }
        if self.letter_variants {
            if let Fold::To(l) = fold_letter_variant(c) {
                out.push(l);
                return;
            }
        }
        if self.digits {
            if let Some(d) = fold_digit(c) {
                out.push(d);
                return;
            }
        }
        if self.latin {
            if is_latin_combining_mark(c) {
                return;
            }
            // Lowercasing can itself yield a combining mark (İ → i + U+0307): drop it here too, so
            // that normalizing twice equals normalizing once.
            for l in c.to_lowercase().filter(|&l| !is_latin_combining_mark(l)) {
                match fold_latin_accent(l) {
                    Fold::To(b) => out.push(b),
                    Fold::ToStr(s) => out.push_str(s),
                    Fold::Keep => out.push(l),
                }
            }
            return;
        }
        out.push(c);
    }
}

/// Token filter applying [`NormalizeConfig`]'s rules to every token; tokens that normalize to nothing
/// (a lone tatweel, a stray mark) are dropped.
#[derive(Debug, Clone, Default)]
pub struct ArabicNormalizer {
    config: NormalizeConfig,
}

impl ArabicNormalizer {
    /// A normalizer with the given rules.
    pub fn new(config: NormalizeConfig) -> Self {
        ArabicNormalizer { config }
    }
}

impl TokenFilter for ArabicNormalizer {
    type Tokenizer<T: Tokenizer> = ArabicNormalizerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ArabicNormalizerFilter<T> {
        ArabicNormalizerFilter {
            tokenizer,
            config: self.config,
            buffer: String::new(),
        }
    }
}

/// The [`ArabicNormalizer`] wrapped around an inner tokenizer.
#[derive(Debug, Clone)]
pub struct ArabicNormalizerFilter<T> {
    tokenizer: T,
    config: NormalizeConfig,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for ArabicNormalizerFilter<T> {
    type TokenStream<'a> = ArabicNormalizerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ArabicNormalizerStream {
            tail: self.tokenizer.token_stream(text),
            config: self.config,
            buffer: &mut self.buffer,
        }
    }
}

/// Token stream of [`ArabicNormalizerFilter`].
pub struct ArabicNormalizerStream<'a, T> {
    tail: T,
    config: NormalizeConfig,
    buffer: &'a mut String,
}

impl<T: TokenStream> TokenStream for ArabicNormalizerStream<'_, T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            self.config.normalize_into(&token.text, self.buffer);
            if self.buffer.is_empty() {
                continue;
            }
            mem::swap(&mut token.text, self.buffer);
            return true;
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

    fn norm(text: &str) -> String {
        NormalizeConfig::default().normalize(text)
    }

    #[test]
    fn folds_each_rule() {
        assert_eq!(norm("مُسْؤُولٌ"), norm("مسئول"));
        assert_eq!(norm("أرمينيا"), "ارمينيا");
        assert_eq!(norm("مدرسة"), "مدرسه");
        assert_eq!(norm("مصطفى"), "مصطفي");
        assert_eq!(norm("الكـــرملين"), "الكرملين");
        assert_eq!(norm("٢٠٢٠"), "2020");
        assert_eq!(norm("Café"), "cafe");
        assert_eq!(norm("\u{FEFB}"), "لا");
        assert_eq!(norm("كتاب\u{200C}ها"), "كتابها");
    }

    #[test]
    fn lowercasing_leaves_no_combining_mark() {
        assert_eq!(norm("İstanbul"), "istanbul");
        assert_eq!(norm(&norm("İ")), norm("İ"));
    }

    #[test]
    fn decomposed_hamza_on_waw_folds_like_precomposed() {
        assert_eq!(norm("مسو\u{0654}ول"), norm("مسؤول"));
        assert_eq!(norm("ا\u{0654}حمد"), norm("أحمد"));
    }

    #[test]
    fn each_rule_can_be_switched_off() {
        let off = NormalizeConfig {
            compatibility_forms: false,
            remove_marks: false,
            letter_variants: false,
            digits: false,
            latin: false,
        };
        for text in ["أَحمد", "٢٠٢٠", "Café", "\u{FEFB}", "مدرسة"] {
            assert_eq!(off.normalize(text), text);
        }
    }
}
