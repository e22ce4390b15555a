//! The evidence the grouping weighs, read from an index: the normalized vocabulary with document
//! frequencies (the `text_exact` term dictionaries, summed over segments), and the context words of
//! a sample of each candidate word's articles.
//!
//! Deleted articles still count in a segment's document frequencies until a merge drops them: the
//! vocabulary is a statistic, and a few deleted articles do not move it.

use std::collections::HashMap;

use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use super::VariantsError;
use crate::analysis;
use crate::schema::Fields;

/// The normalized words of an index with the number of articles each appears in.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Word → document frequency.
    pub df: HashMap<String, u64>,
    /// Articles in the index.
    pub docs: u64,
}

impl Vocabulary {
    /// The document frequency of `word` (0 when absent).
    pub fn df(&self, word: &str) -> u64 {
        self.df.get(word).copied().unwrap_or(0)
    }

    /// Reads the term dictionaries of `field` (the exact-form text) of every segment.
    pub fn read(searcher: &Searcher, field: Field) -> Result<Vocabulary, VariantsError> {
        let mut df: HashMap<String, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(field)?;
            let mut terms = index.terms().stream()?;
            while terms.advance() {
                if let Ok(word) = std::str::from_utf8(terms.key()) {
                    *df.entry(word.to_string()).or_default() += u64::from(terms.value().doc_freq);
                }
            }
        }
        Ok(Vocabulary {
            df,
            docs: searcher.num_docs(),
        })
    }
}

/// The context of a word: the words of a sample of its articles, each with the share of the
/// sampled articles it appears in times its inverse document frequency, the highest kept.
pub type Context = HashMap<String, f64>;

/// How many context words a word keeps: enough to meet, few enough to stay characteristic.
const CONTEXT_WORDS: usize = 60;

/// Words in more than this share of all articles say nothing about a subject (و، في، الى).
const COMMON_SHARE: f64 = 0.05;

/// The contexts of `words`: for each, the first `sample` live articles containing it (in index
/// order), their title and body through `arabic_exact`, the words of 4 letters or more that are
/// neither too rare (df < 3) nor too common ([`COMMON_SHARE`]) weighted by idf. Each article is
/// read and analyzed once, however many words sample it.
pub fn contexts(
    searcher: &Searcher,
    fields: &Fields,
    vocabulary: &Vocabulary,
    words: &[&str],
    sample: usize,
) -> Result<HashMap<String, Context>, VariantsError> {
    let mut wanted: HashMap<DocAddress, Vec<usize>> = HashMap::new();
    let mut sampled = vec![0usize; words.len()];
    for (i, word) in words.iter().enumerate() {
        let term = Term::from_field_text(fields.text_exact, word);
        'segments: for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let index = segment.inverted_index(fields.text_exact)?;
            let Some(mut postings) = index.read_postings(&term, IndexRecordOption::Basic)? else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !segment.is_deleted(doc) {
                    wanted
                        .entry(DocAddress::new(ord as u32, doc))
                        .or_default()
                        .push(i);
                    sampled[i] += 1;
                    if sampled[i] == sample {
                        break 'segments;
                    }
                }
                doc = postings.advance();
            }
        }
    }
    let docs = vocabulary.docs.max(1) as f64;
    let mut counts: Vec<HashMap<String, u32>> = vec![HashMap::new(); words.len()];
    let mut analyzer = analysis::build(analysis::ARABIC_EXACT).expect("arabic_exact is registered");
    let mut addresses: Vec<DocAddress> = wanted.keys().copied().collect();
    addresses.sort_unstable();
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        let mut text = String::new();
        for field in [fields.title, fields.body] {
            if let Some(value) = doc.get_first(field).and_then(|v| v.as_str()) {
                text.push_str(value);
                text.push('\n');
            }
        }
        let mut seen: Vec<String> = Vec::new();
        let mut stream = analyzer.token_stream(&text);
        while stream.advance() {
            let token = &stream.token().text;
            if token.chars().count() >= 4 {
                seen.push(token.clone());
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for &i in &wanted[&address] {
            for token in &seen {
                *counts[i].entry(token.clone()).or_default() += 1;
            }
        }
    }
    let mut out = HashMap::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let n = sampled[i].max(1) as f64;
        let mut weighted: Vec<(String, f64)> = counts[i]
            .drain()
            .filter(|(token, _)| token != word)
            .filter_map(|(token, count)| {
                let df = vocabulary.df(&token) as f64;
                (df >= 3.0 && df / docs <= COMMON_SHARE)
                    .then(|| (token, f64::from(count) / n * (docs / df).ln()))
            })
            .collect();
        weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        weighted.truncate(CONTEXT_WORDS);
        out.insert(word.to_string(), weighted.into_iter().collect());
    }
    Ok(out)
}

/// The cosine similarity of two contexts, from 0 (no context word shared) to 1.
pub fn similarity(a: &Context, b: &Context) -> f64 {
    let dot: f64 = a
        .iter()
        .filter_map(|(w, x)| b.get(w).map(|y| x * y))
        .sum();
    let norm = |c: &Context| c.values().map(|x| x * x).sum::<f64>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 {
        0.0
    } else {
        dot / denominator
    }
}

/// The stems the `arabic` analyzer gives each word (a word it drops has no stem).
pub fn stems<'a>(words: impl Iterator<Item = &'a str>) -> HashMap<&'a str, String> {
    let mut analyzer = analysis::build(analysis::ARABIC).expect("arabic is registered");
    let mut out = HashMap::new();
    for word in words {
        let mut stream = analyzer.token_stream(word);
        if stream.advance() {
            out.insert(word, stream.token().text.clone());
        }
    }
    out
}
