//! Highlighting a query's words in whole texts (an article's title and paragraphs), as the engine
//! matches them: the query is parsed as a search parses it, its terms on the stemmed `title` and
//! `text` fields collected, and a text is run through the same field analyzer; a token whose term
//! is one of the query's is a match. The ranges are the tokens' byte offsets into the text as
//! written, so a highlight covers the whole written word, diacritics and clitics included.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use super::Engine;

/// The matched words of one query, ready to be found in any number of texts.
#[derive(Clone)]
pub struct Highlighter {
    analyzer: Option<TextAnalyzer>,
    terms: HashSet<String>,
}

impl Engine {
    /// A highlighter for `query` (a query that searches no words highlights nothing).
    pub fn highlighter(&self, query: &str) -> Highlighter {
        let f = &self.store.fields;
        let (parsed, _) = self.parse_query(query);
        let mut terms = HashSet::new();
        parsed.query_terms(&mut |term, _| {
            if term.field() == f.text || term.field() == f.title {
                if let Some(text) = term.value().as_str() {
                    terms.insert(text.to_string());
                }
            }
        });
        // The index-side analyzer of the field: the same stems the documents were indexed with.
        let analyzer = self.store.index.tokenizer_for_field(f.text).ok();
        Highlighter { analyzer, terms }
    }
}

impl Highlighter {
    /// Whether the query has words to highlight.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() || self.analyzer.is_none()
    }

    /// The byte ranges of `text` whose words match the query, in order, never overlapping.
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        let Some(analyzer) = &self.analyzer else {
            return Vec::new();
        };
        if self.terms.is_empty() {
            return Vec::new();
        }
        let mut analyzer = analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut ranges: Vec<Range<usize>> = Vec::new();
        while stream.advance() {
            let token = stream.token();
            if !self.terms.contains(&token.text) {
                continue;
            }
            let range = token.offset_from..token.offset_to;
            match ranges.last_mut() {
                // One written word may give several tokens (COVID-19): one mark.
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => ranges.push(range),
            }
        }
        ranges
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexer::{self, IndexOptions};

    #[test]
    fn article_highlights_cover_the_written_word_of_every_form_of_the_query() {
        let tmp = tempfile::tempdir().unwrap();
        let archive = tmp.path().join("archive");
        std::fs::create_dir(&archive).unwrap();
        std::fs::write(
            archive.join("a.txt"),
            "عنوان\n\nقال المسؤولون إنّ المسئول غادر.\n",
        )
        .unwrap();
        let index_dir = tmp.path().join("index");
        let options = IndexOptions {
            memory_bytes: 15_000_000,
            ..IndexOptions::new(vec![archive], index_dir.clone())
        };
        indexer::run(&options, &indexer::NoProgress).unwrap();
        let engine = Engine::open(crate::store::Store::open(&index_dir).unwrap()).unwrap();
        let text = "قال المسؤولون إنّ المسئول غادر.";
        let marked: Vec<&str> = engine
            .highlighter("مسؤول")
            .ranges(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(marked, ["المسؤولون", "المسئول"]);
        assert!(engine.highlighter("").ranges(text).is_empty());
    }
}
