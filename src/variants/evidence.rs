//! The evidence the grouping weighs, read from an index: the normalized vocabulary with document
//! frequencies (the `text_exact` term dictionaries, summed over segments), and the context words of
//! a sample of each candidate word's articles.
//!
//! Deleted articles still count in a segment's document frequencies until a merge drops them: the
//! vocabulary is a statistic, and a few deleted articles do not move it.

use std::collections::HashMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use super::VariantsError;
use crate::analysis;
use crate::schema::Fields;

/// The normalized words of an index with the number of articles each appears in.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Word → document frequency (hashed with rustc-hash: the build looks words up millions of
    /// times).
    pub df: FxHashMap<String, u64>,
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
        let mut df: FxHashMap<String, u64> = FxHashMap::default();
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
/// sampled articles it appears in times its inverse document frequency, the highest kept. Each
/// context word is an id (one numbering per build), the list sorted by id: a map from the words'
/// text held 300 MB for the 48,641 candidates of a 100,000-article archive.
pub type Context = Vec<(u32, f64)>;

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
/// archive). Both the reading and the counting run on every core ([`rayon`]): the result does not
/// depend on how the work is split.
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
    let articles = ContextArticles::read(searcher, fields, vocabulary, &addresses)?;
    let out = words
        .par_iter()
        .zip(&samples)
        .map_init(
            || Counter::new(articles.names.len()),
            |counter, ((word, _), sampled)| {
                let context = articles.context(counter, word, &addresses, sampled);
                (word.to_string(), context)
            },
        )
        .collect();
    Ok(out)
}

/// Sampled articles read once: each as the sorted ids of its context words.
struct ContextArticles<'v> {
    /// The vocabulary's words by id, with their weight (idf), or none when too rare or too
    /// common to be a context word.
    names: Vec<(&'v str, Option<f64>)>,
    /// The id of each word of the vocabulary, by the word's [`word_key`].
    ids: FxHashMap<u64, u32>,
    /// The weighted context words of each article (by its place in the addresses), sorted.
    words_of: Vec<Box<[u32]>>,
}

/// Articles read and analyzed per piece of work on one core.
const ARTICLES_PER_TASK: usize = 256;

impl<'v> ContextArticles<'v> {
    /// Reads and analyzes the articles at `addresses` (ascending) on every core. Words are
    /// numbered by the vocabulary (every word of an article is in it), so the pieces share one
    /// numbering from the start.
    fn read(
        searcher: &Searcher,
        fields: &Fields,
        vocabulary: &'v Vocabulary,
        addresses: &[u64],
    ) -> Result<ContextArticles<'v>, VariantsError> {
        let total = vocabulary.docs.max(1) as f64;
        let names: Vec<(&str, Option<f64>)> = vocabulary
            .df
            .iter()
            .map(|(word, &df)| {
                let df = df as f64;
                let weight = (df >= 3.0 && df / total <= COMMON_SHARE).then(|| (total / df).ln());
                (word.as_str(), weight)
            })
            .collect();
        let ids: FxHashMap<u64, u32> = names
            .iter()
            .enumerate()
            .map(|(id, (word, _))| (word_key(word), id as u32))
            .collect();
        let pieces: Vec<Vec<Box<[u32]>>> = addresses
            .par_chunks(ARTICLES_PER_TASK)
            .map(|chunk| read_piece(searcher, fields, &ids, &names, chunk))
            .collect::<Result<_, _>>()?;
        Ok(ContextArticles {
            names,
            ids,
            words_of: pieces.into_iter().flatten().collect(),
        })
    }

    /// The context of `word` from its `sampled` articles (a subset of `addresses`).
    fn context(
        &self,
        counter: &mut Counter,
        word: &str,
        addresses: &[u64],
        sampled: &[u64],
    ) -> Context {
        for d in sampled {
            let at = addresses
                .binary_search(d)
                .expect("every sampled article was read");
            counter.add(&self.words_of[at]);
        }
        // The word itself is no context of its own (compared by id: a string comparison per
        // context word counted was a sixth of the build).
        let own = self.ids.get(&word_key(word)).copied();
        let n = sampled.len().max(1) as f64;
        // One article's words are that article's, not the word's subject: with a sample of
        // several articles, a context word must be in two of them.
        let least = if sampled.len() >= 4 { 2 } else { 1 };
        let mut weighted: Vec<(&str, f64)> = counter
            .touched
            .iter()
            .map(|&id| (id, counter.counts[id as usize]))
            .filter(|&(id, count)| count >= least && Some(id) != own)
            .map(|(id, count)| {
                let (name, weight) = self.names[id as usize];
                (name, f64::from(count) / n * weight.unwrap_or(0.0))
            })
            .collect();
        counter.clear();
        let order =
            |a: &(&str, f64), b: &(&str, f64)| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0));
        // Only the first CONTEXT_WORDS are kept: select them, then sort those few.
        if weighted.len() > CONTEXT_WORDS {
            weighted.select_nth_unstable_by(CONTEXT_WORDS - 1, order);
            weighted.truncate(CONTEXT_WORDS);
        }
        // A new vector: collecting in place would keep `weighted`'s capacity, every touched
        // word's (thousands), for each of the candidates.
        let mut context: Context = Vec::with_capacity(weighted.len());
        context.extend(
            weighted
                .iter()
                .map(|&(word, x)| (self.ids[&word_key(word)], x)),
        );
        context.sort_unstable_by_key(|&(id, _)| id);
        context
    }
}

/// The key a word is looked up by: a 64-bit hash, which two of an index's few hundred thousand
/// words share with a chance of about 1 in 10^9 (and then one context word is counted for
/// another). Looking the words up by their text was a third of the build, most of it waiting
/// for the memory of the keys compared.
fn word_key(word: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
}

/// The articles at `addresses`, each as the sorted ids of its weighted words of 4 letters or
/// more (`ids` and `names` of [`ContextArticles`]).
fn read_piece(
    searcher: &Searcher,
    fields: &Fields,
    ids: &FxHashMap<u64, u32>,
    names: &[(&str, Option<f64>)],
    addresses: &[u64],
) -> Result<Vec<Box<[u32]>>, VariantsError> {
    let mut analyzer = analysis::build(analysis::ARABIC_EXACT).expect("arabic_exact is registered");
    let mut out = Vec::with_capacity(addresses.len());
    let mut seen: Vec<u32> = Vec::new();
    for &d in addresses {
        let doc: TantivyDocument = searcher.doc(DocAddress::new((d >> 32) as u32, d as u32))?;
        seen.clear();
        for field in [fields.title, fields.body] {
            let Some(value) = doc.get_first(field).and_then(|v| v.as_str()) else {
                continue;
            };
            let mut stream = analyzer.token_stream(value);
            while stream.advance() {
                let token = stream.token().text.as_str();
                if token.chars().count() < 4 {
                    continue;
                }
                // A word outside the vocabulary (an article changed since the dictionary was
                // read) has no document frequency, so no weight.
                if let Some(&id) = ids.get(&word_key(token)) {
                    if names[id as usize].1.is_some() {
                        seen.push(id);
                    }
                }
            }
        }
        seen.sort_unstable();
        seen.dedup();
        out.push(seen.as_slice().into());
    }
    Ok(out)
}

/// Counts of context words over some articles, in one array reused from word to word.
struct Counter {
    counts: Vec<u32>,
    touched: Vec<u32>,
}

impl Counter {
    fn new(words: usize) -> Counter {
        Counter {
            counts: vec![0; words],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, ids: &[u32]) {
        for &id in ids {
            let count = &mut self.counts[id as usize];
            if *count == 0 {
                self.touched.push(id);
            }
            *count += 1;
        }
    }

    fn clear(&mut self) {
        for id in self.touched.drain(..) {
            self.counts[id as usize] = 0;
        }
    }
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
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    let norm = |c: &Context| c.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 {
        0.0
    } else {
        dot / denominator
    }
}

/// The stems the `arabic` analyzer gives each word (a word it drops has no stem), on every core.
pub fn stems<'a>(words: impl Iterator<Item = &'a str>) -> HashMap<&'a str, String> {
    let words: Vec<&str> = words.collect();
    words
        .par_chunks(4096)
        .flat_map_iter(|chunk| {
            let mut analyzer = analysis::build(analysis::ARABIC).expect("arabic is registered");
            chunk
                .iter()
                .filter_map(|&word| {
                    let mut stream = analyzer.token_stream(word);
                    stream
                        .advance()
                        .then(|| (word, stream.token().text.clone()))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
