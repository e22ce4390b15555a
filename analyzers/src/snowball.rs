//! [`SnowballArabic`]: the Snowball Arabic stemmer (rust-stemmers) as a token filter, offered beside
//! the light stemmer for comparison and for users who want it.

use std::mem;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

/// Token filter stemming every token with Snowball Arabic.
#[derive(Debug, Clone, Copy, Default)]
pub struct SnowballArabic;

impl TokenFilter for SnowballArabic {
    type Tokenizer<T: Tokenizer> = SnowballArabicFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SnowballArabicFilter<T> {
        SnowballArabicFilter {
            tokenizer,
            buffer: String::new(),
        }
    }
}

/// [`SnowballArabic`] wrapped around an inner tokenizer.
#[derive(Debug, Clone)]
pub struct SnowballArabicFilter<T> {
    tokenizer: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for SnowballArabicFilter<T> {
    type TokenStream<'a> = SnowballArabicStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SnowballArabicStream {
            tail: self.tokenizer.token_stream(text),
            stemmer: Stemmer::create(Algorithm::Arabic),
            buffer: &mut self.buffer,
        }
    }
}

/// Token stream of [`SnowballArabicFilter`].
pub struct SnowballArabicStream<'a, T> {
    tail: T,
    stemmer: Stemmer,
    buffer: &'a mut String,
}

impl<T: TokenStream> TokenStream for SnowballArabicStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        self.buffer.clear();
        self.buffer.push_str(&self.stemmer.stem(&token.text));
        mem::swap(&mut token.text, self.buffer);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
