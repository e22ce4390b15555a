//! The vocabulary look-ups of "did you mean": a word's document frequency and the words one or
//! two edits away, found with tantivy's Levenshtein automaton over the term dictionary (no scan
//! of the vocabulary).

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::SearchError;

/// The articles holding `word` in `field`, summed over segments.
pub(super) fn doc_freq(searcher: &Searcher, field: Field, word: &str) -> Result<u64, SearchError> {
    Ok(searcher.doc_freq(&Term::from_field_text(field, word))?)
}

/// The words of `field` one edit from `word` (two for words of six letters or more), with their
/// document frequencies summed over segments.
pub(super) fn near_words(
    searcher: &Searcher,
    field: Field,
    word: &str,
) -> Result<Vec<(String, u64)>, SearchError> {
    let distance = if word.chars().count() >= 6 { 2 } else { 1 };
    let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true);
    let mut found: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut stream = index
            .terms()
            .search(fuzzy.automaton()?)
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            if let Ok(text) = std::str::from_utf8(stream.key()) {
                *found.entry(text.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(found.into_iter().collect())
}
