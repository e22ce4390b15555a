//! The evidence the grouping weighs, read from an index: the normalized vocabulary with document
//! frequencies (the `text_exact` term dictionaries, summed over segments), and the context words of
//! a sample of each candidate word's articles.
//!
//! Deleted articles still count in a segment's document frequencies until a merge drops them: the
//! vocabulary is a statistic, and a few deleted articles do not move it.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

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
const CONTEXT_WORDS: usize = 100;

/// Words in more than this share of all articles say nothing about a subject (و، في، الى).
const COMMON_SHARE: f64 = 0.3;

/// The live articles of each of `words`, as `segment << 32 | doc`, ascending.
pub fn docs_of(
    searcher: &Searcher,
    field: Field,
    words: &[&str],
) -> Result<HashMap<String, Vec<u64>>, VariantsError> {
    let mut out = HashMap::with_capacity(words.len());
    for word in words {
        let term = Term::from_field_text(field, word);
        let mut docs = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let index = segment.inverted_index(field)?;
            let Some(mut postings) = index.read_postings(&term, IndexRecordOption::Basic)? else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !segment.is_deleted(doc) {
                    docs.push((ord as u64) << 32 | u64::from(doc));
                }
                doc = postings.advance();
            }
        }
        out.insert(word.to_string(), docs);
    }
    Ok(out)
}

/// The contexts of `words` (each with its articles from [`docs_of`]): for each, `sample` of its
/// articles spread evenly over them (the first ones would all come from one folder of the
/// archive), their title and body through `arabic_exact`; the words of 4 letters or more found
/// in two sampled articles or more, neither too rare (df < 3) nor too common ([`COMMON_SHARE`]),
/// weighted by idf. Each article is read and analyzed once, however many words sample it.
///
/// Each sampled article is kept as the sorted ids of its context words (about a kilobyte), and the
/// words are counted one word at a time in one reused array: a map of counts per word, filled
/// article by article, held every word's counts at once (2.6 GB for the 100,000-article synthetic
/// archive).
pub fn contexts(
    searcher: &Searcher,
    fields: &Fields,
    vocabulary: &Vocabulary,
    words: &[(&str, &[u64])],
    sample: usize,
) -> Result<HashMap<String, Context>, VariantsError> {
    let samples: Vec<Vec<u64>> = words
        .iter()
        .map(|(_, docs)| {
            let stride = docs.len().div_ceil(sample.max(1)).max(1);
            docs.iter().step_by(stride).copied().collect()
        })
        .collect();
    let mut addresses: Vec<u64> = samples.iter().flatten().copied().collect();
    addresses.sort_unstable();
    addresses.dedup();
    let total = vocabulary.docs.max(1) as f64;
    // Context words as ids, with their weight (idf), or none when too rare or too common.
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut names: Vec<(String, Option<f64>)> = Vec::new();
    let mut analyzer = analysis::build(analysis::ARABIC_EXACT).expect("arabic_exact is registered");
    // The context words of each sampled article (by its place in `addresses`), sorted, distinct.
    let mut words_of: Vec<Box<[u32]>> = Vec::with_capacity(addresses.len());
    let mut seen: Vec<u32> = Vec::new();
    for &d in &addresses {
        let doc: TantivyDocument = searcher.doc(DocAddress::new((d >> 32) as u32, d as u32))?;
        seen.clear();
        for field in [fields.title, fields.body] {
            let Some(value) = doc.get_first(field).and_then(|v| v.as_str()) else {
                continue;
            };
            let mut stream = analyzer.token_stream(value);
            while stream.advance() {
                let token = &stream.token().text;
                if token.chars().count() < 4 {
                    continue;
                }
                let id = match ids.get(token) {
                    Some(&id) => id,
                    None => {
                        let df = vocabulary.df(token) as f64;
                        let weight =
                            (df >= 3.0 && df / total <= COMMON_SHARE).then(|| (total / df).ln());
                        names.push((token.clone(), weight));
                        ids.insert(token.clone(), names.len() as u32 - 1);
                        names.len() as u32 - 1
                    }
                };
                if names[id as usize].1.is_some() {
                    seen.push(id);
                }
            }
        }
        seen.sort_unstable();
        seen.dedup();
        words_of.push(seen.as_slice().into());
    }
    let mut counts = vec![0u32; names.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut out = HashMap::with_capacity(words.len());
    for ((word, _), sampled) in words.iter().zip(&samples) {
        for d in sampled {
            let at = addresses
                .binary_search(d)
                .expect("every sampled article was read");
            for &id in words_of[at].iter() {
                let count = &mut counts[id as usize];
                if *count == 0 {
                    touched.push(id);
                }
                *count += 1;
            }
        }
        // The word itself is no context of its own (compared by id: a string comparison per
        // context word counted was a sixth of the build).
        let own = ids.get(*word).copied();
        let n = sampled.len().max(1) as f64;
        // One article's words are that article's, not the word's subject: with a sample of
        // several articles, a context word must be in two of them.
        let least = if sampled.len() >= 4 { 2 } else { 1 };
        let mut weighted: Vec<(&str, f64)> = touched
            .iter()
            .map(|&id| (id as usize, counts[id as usize]))
            .filter(|&(id, count)| count >= least && Some(id as u32) != own)
            .map(|(id, count)| {
                let (name, weight) = &names[id];
                (name.as_str(), f64::from(count) / n * weight.unwrap_or(0.0))
            })
            .collect();
        weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        weighted.truncate(CONTEXT_WORDS);
        out.insert(
            word.to_string(),
            weighted
                .into_iter()
                .map(|(w, x)| (w.to_string(), x))
                .collect(),
        );
        for id in touched.drain(..) {
            counts[id as usize] = 0;
        }
    }
    Ok(out)
}

/// The share of the rarer word's articles that also hold the other word (both ascending): two
/// spellings of one name are each an outlet's habit and rarely meet in one article, while two
/// different words that look alike (محمد / محمود, وهذا / وهذه) often do.
pub fn overlap(a: &[u64], b: &[u64]) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    let shared = small
        .iter()
        .filter(|d| large.binary_search(d).is_ok())
        .count();
    shared as f64 / small.len() as f64
}

/// The cosine similarity of two contexts, from 0 (no context word shared) to 1.
pub fn similarity(a: &Context, b: &Context) -> f64 {
    let dot: f64 = a
        .iter()
        .filter_map(|(w, x)| b.get(w).map(|y| x * y))
        .fold(0.0, |sum, x| sum + x);
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
