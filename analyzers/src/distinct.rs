//! [`DistinctFilter`]: each form once per token stream, for a field that records presence.
//!
//! A field indexed to say *which* documents hold a form (not how often) can keep frequencies and
//! still score presence: with every form written once, each term frequency is 1. That is what lets
//! tantivy's block-max WAND prune such a field (it needs frequencies), where a field indexed
//! without them (`IndexRecordOption::Basic`) makes every query that touches it visit every match.
//! The field's length becomes the number of distinct forms, which is also the length Lucene gives
//! a field indexed with documents only.
//!
//! Positions are renumbered so the forms kept are consecutive. One token stream is one document's
//! value: give the filter the whole text of a document as one value.

use std::collections::HashSet;

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

/// Drops every token whose text was already seen in the same token stream.
///
/// ```
/// use fihris_analyzers::{AnalyzerConfig, ArabicAnalyzer, DistinctFilter};
/// use tantivy::tokenizer::TextAnalyzer;
///
/// let mut analyzer = TextAnalyzer::builder(ArabicAnalyzer::new(AnalyzerConfig::exact()))
///     .filter(DistinctFilter)
///     .build();
/// let mut stream = analyzer.token_stream("قال الرئيس إن الرئيس قال");
/// let mut texts = Vec::new();
/// while let Some(token) = stream.next() {
///     texts.push((token.text.clone(), token.position));
/// }
/// assert_eq!(texts, [("قال".into(), 0), ("الرءيس".into(), 1), ("ان".into(), 2)]);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct DistinctFilter;

impl TokenFilter for DistinctFilter {
    type Tokenizer<T: Tokenizer> = DistinctFilterWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> DistinctFilterWrapper<T> {
        DistinctFilterWrapper {
            inner: tokenizer,
            seen: HashSet::new(),
        }
    }
}

/// The tokenizer [`DistinctFilter`] makes of another.
#[derive(Debug, Clone)]
pub struct DistinctFilterWrapper<T> {
    inner: T,
    // Kept between streams so its allocation is reused; cleared when a stream starts.
    seen: HashSet<String>,
}

impl<T: Tokenizer> Tokenizer for DistinctFilterWrapper<T> {
    type TokenStream<'a> = DistinctStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.seen.clear();
        DistinctStream {
            tail: self.inner.token_stream(text),
            seen: &mut self.seen,
            next_position: 0,
        }
    }
}

/// Token stream of [`DistinctFilter`].
pub struct DistinctStream<'a, S> {
    tail: S,
    seen: &'a mut HashSet<String>,
    next_position: usize,
}

impl<S: TokenStream> TokenStream for DistinctStream<'_, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let text = &self.tail.token().text;
            if self.seen.contains(text.as_str()) {
                continue;
            }
            self.seen.insert(text.clone());
            let position = self.next_position;
            self.next_position += 1;
            self.tail.token_mut().position = position;
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
    use crate::{AnalyzerConfig, ArabicAnalyzer};
    use tantivy::tokenizer::TextAnalyzer;

    fn texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn each_form_once_per_stream_and_again_in_the_next() {
        let mut analyzer = TextAnalyzer::builder(ArabicAnalyzer::new(AnalyzerConfig::exact()))
            .filter(DistinctFilter)
            .build();
        // أحمد and احمد fold to one form: kept once.
        assert_eq!(
            texts(&mut analyzer, "أحمد احمد وأحمد أحمد"),
            ["احمد", "واحمد"]
        );
        // A new stream (the next document) starts with nothing seen.
        assert_eq!(texts(&mut analyzer, "أحمد"), ["احمد"]);
    }
}
