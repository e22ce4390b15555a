//! Variant groups from a vocabulary: words sharing a [`skeleton`] are candidates, and evidence
//! gates decide which of them are one foreign name or loanword spelled several ways, so that
//! ordinary Arabic words (كتاب / كتب, قلب / كلب) never merge.
//!
//! The gates, each measured on ANT and SaudiNewsNet (docs/variants.md):
//!
//! - **frequency**: both words appear in at least [`GroupOptions::min_df`] articles (a word seen
//!   once or twice is as often a typo as a spelling);
//! - **name-likeness**: a name rarely takes the article ال or a suffix (ه، ها، هم، ات، ين، ون، ي،
//!   يه), an Arabic noun or verb often does: the document frequencies of those forms, summed, are
//!   at most [`GroupOptions::max_affix_share`] of the word's own; and the word's stem (the `arabic`
//!   analyzer's) is shared by at most [`GroupOptions::max_family`] vocabulary words (a name has
//!   its clitic forms, وترامب، لترامب; an Arabic stem has dozens of derived words);
//! - **shared context**: the articles of the two words share characteristic words (the cosine of
//!   their [`Context`]s is at least [`GroupOptions::min_context`]): two spellings of one name are
//!   written about the same things.
//!
//! Groups are the connected components of the pairs that pass, at most
//! [`GroupOptions::max_group`] words each (the most frequent kept).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::evidence::{similarity, Context, Vocabulary};
use super::skeleton::skeleton;
use crate::tags::{components, union};

/// How a group was found, from strict to lax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The spellings differ only in long vowels ا و ي, hamza and a final ه/ا (ترامب / ترمب).
    Vowels,
    /// The spellings also swap letters Arabic uses for one foreign sound (جوجل / غوغل).
    Letters,
    /// Listed in the reviewed variants file.
    Reviewed,
}

impl Method {
    /// The method's name, as the JSON and the text view write it.
    pub fn name(self) -> &'static str {
        match self {
            Method::Vowels => "vowels",
            Method::Letters => "letters",
            Method::Reviewed => "reviewed",
        }
    }

    /// Whether search uses the method's groups by default: only the methods measured at 95%
    /// precision or better (docs/variants.md).
    pub fn on_by_default(self) -> bool {
        match self {
            Method::Vowels | Method::Reviewed => true,
            Method::Letters => true,
        }
    }
}

/// One spelling of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spelling {
    /// The normalized word.
    pub word: String,
    /// Articles it appears in.
    pub df: u64,
}

/// Spellings of one name, most frequent first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantGroup {
    /// Two or more spellings, most frequent first.
    pub spellings: Vec<Spelling>,
    /// The laxest method of the pairs that joined it.
    pub method: Method,
    /// The lowest context similarity of the pairs that joined it (1 for reviewed groups).
    pub confidence: f64,
}

/// The gates' thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupOptions {
    /// The fewest articles each spelling must appear in.
    pub min_df: u64,
    /// The most the affixed forms (ال+word, word+suffix) may weigh against the word, in articles.
    pub max_affix_share: f64,
    /// The most vocabulary words that may share the word's stem.
    pub max_family: usize,
    /// The least context similarity of two spellings.
    pub min_context: f64,
    /// Articles sampled per word for its context.
    pub sample: usize,
    /// The most spellings in one group.
    pub max_group: usize,
}

impl Default for GroupOptions {
    fn default() -> Self {
        GroupOptions {
            min_df: 3,
            max_affix_share: 0.1,
            max_family: 12,
            min_context: 0.2,
            sample: 40,
            max_group: 8,
        }
    }
}

impl GroupOptions {
    /// Parses `min_df=N,affix=X,family=N,context=X,sample=N,group=N` (any subset) over the
    /// defaults: for measurements.
    pub fn parse(text: &str) -> Result<GroupOptions, String> {
        let mut options = GroupOptions::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?}: expected KEY=VALUE"))?;
            let bad = || format!("{key}: {value:?} is not a number of 0 or more");
            let float = || {
                value
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite() && *x >= 0.0)
                    .ok_or_else(bad)
            };
            let int = || value.trim().parse::<usize>().map_err(|_| bad());
            match key.trim() {
                "min_df" => options.min_df = int()? as u64,
                "affix" => options.max_affix_share = float()?,
                "family" => options.max_family = int()?,
                "context" => options.min_context = float()?,
                "sample" => options.sample = int()?.max(1),
                "group" => options.max_group = int()?.max(2),
                other => {
                    return Err(format!(
                        "unknown key {other:?}; the keys are min_df, affix, family, context, \
                         sample, group"
                    ))
                }
            }
        }
        Ok(options)
    }
}

/// The suffixes an Arabic noun or verb takes and a foreign name rarely does.
const SUFFIXES: &[&str] = &["ه", "ها", "هم", "هما", "ات", "ين", "ون", "ي", "يه", "يين", "ان"];

/// The evidence on one candidate word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WordEvidence {
    /// The normalized word.
    pub word: String,
    /// Its articles.
    pub df: u64,
    /// Articles of its affixed forms (ال+word, word+suffix), summed, over its own.
    pub affix_share: f64,
    /// Vocabulary words sharing its stem.
    pub family: usize,
}

impl WordEvidence {
    fn name_like(&self, options: &GroupOptions) -> bool {
        self.df >= options.min_df
            && self.affix_share <= options.max_affix_share
            && self.family <= options.max_family
    }
}

/// The evidence of `word` in `vocabulary`, with `family` the number of words sharing its stem.
pub fn word_evidence(vocabulary: &Vocabulary, word: &str, family: usize) -> WordEvidence {
    let df = vocabulary.df(word);
    let mut affixed = vocabulary.df(&format!("ال{word}"));
    // A final ا or ه takes a suffix after ت: كوريا → كوريتها is rare, كورياه never; the suffixes
    // are looked up as written after the whole word.
    for suffix in SUFFIXES {
        affixed += vocabulary.df(&format!("{word}{suffix}"));
    }
    WordEvidence {
        word: word.to_string(),
        df,
        affix_share: affixed as f64 / df.max(1) as f64,
        family,
    }
}

/// The method of a pair with one skeleton: `Vowels` when only long vowels, hamza and a final ه
/// tell them apart.
pub fn pair_method(a: &str, b: &str) -> Method {
    fn consonants(word: &str) -> String {
        let mut chars: Vec<char> = word.chars().collect();
        if chars.len() > 1 && chars.last() == Some(&'ه') {
            chars.pop();
        }
        chars
            .iter()
            .enumerate()
            .filter(|&(i, c)| i == 0 || !matches!(c, 'ا' | 'و' | 'ي' | 'ء'))
            .map(|(_, c)| *c)
            .collect()
    }
    if consonants(a) == consonants(b) {
        Method::Vowels
    } else {
        Method::Letters
    }
}

/// The most edits two spellings may be apart: one name's spellings differ in a few letters, and
/// a larger difference under one skeleton is another word (a different pattern of one root).
fn max_edits(a: &str, b: &str) -> usize {
    if a.chars().count().max(b.chars().count()) >= 7 {
        3
    } else {
        2
    }
}

/// A candidate pair with the evidence that decided it (for review and measurement).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairEvidence {
    /// The more frequent word.
    pub a: WordEvidence,
    /// The other.
    pub b: WordEvidence,
    /// How they differ.
    pub method: Method,
    /// Their context similarity (0 when a name-likeness gate failed and it was not computed).
    pub context: f64,
    /// Whether every gate passed.
    pub joined: bool,
}

/// What [`group_words`] found: the groups and every candidate pair weighed.
#[derive(Debug, Clone, Default)]
pub struct Grouping {
    /// The groups, most frequent first.
    pub groups: Vec<VariantGroup>,
    /// The candidate pairs of name-like words, with their evidence.
    pub pairs: Vec<PairEvidence>,
}

/// Groups the vocabulary's words. `stem_of` gives the `arabic` stem of a word; `contexts` gives the
/// contexts of the words asked (only name-like candidates are asked, so the index is read little).
pub fn group_words<E>(
    vocabulary: &Vocabulary,
    stem_of: &HashMap<&str, String>,
    mut contexts: impl FnMut(&[&str]) -> Result<HashMap<String, Context>, E>,
    options: &GroupOptions,
) -> Result<Grouping, E> {
    let mut family: HashMap<&str, usize> = HashMap::new();
    for stem in stem_of.values() {
        *family.entry(stem.as_str()).or_default() += 1;
    }
    // skeleton → candidate words
    let mut blocks: HashMap<String, Vec<&str>> = HashMap::new();
    for (word, &df) in &vocabulary.df {
        if df < options.min_df || word.starts_with("ال") {
            continue;
        }
        if let Some(key) = skeleton(word) {
            blocks.entry(key).or_default().push(word.as_str());
        }
    }
    blocks.retain(|_, words| words.len() > 1);
    let evidence = |word: &str| {
        let size = stem_of
            .get(word)
            .and_then(|s| family.get(s.as_str()))
            .copied()
            .unwrap_or(1);
        word_evidence(vocabulary, word, size)
    };
    let mut candidates: Vec<(WordEvidence, WordEvidence, Method)> = Vec::new();
    for words in blocks.values() {
        let mut ev: Vec<WordEvidence> = words.iter().map(|w| evidence(w)).collect();
        ev.sort_by(|x, y| y.df.cmp(&x.df).then_with(|| x.word.cmp(&y.word)));
        for (i, a) in ev.iter().enumerate() {
            for b in &ev[i + 1..] {
                if strsim::levenshtein(&a.word, &b.word) <= max_edits(&a.word, &b.word) {
                    candidates.push((a.clone(), b.clone(), pair_method(&a.word, &b.word)));
                }
            }
        }
    }
    let mut asked: Vec<&str> = candidates
        .iter()
        .filter(|(a, b, _)| a.name_like(options) && b.name_like(options))
        .flat_map(|(a, b, _)| [a.word.as_str(), b.word.as_str()])
        .collect();
    asked.sort_unstable();
    asked.dedup();
    let context = contexts(&asked)?;
    let empty = Context::new();
    let mut pairs: Vec<PairEvidence> = candidates
        .iter()
        .map(|(a, b, method)| {
            let name_like = a.name_like(options) && b.name_like(options);
            let sim = if name_like {
                similarity(
                    context.get(&a.word).unwrap_or(&empty),
                    context.get(&b.word).unwrap_or(&empty),
                )
            } else {
                0.0
            };
            PairEvidence {
                a: a.clone(),
                b: b.clone(),
                method: *method,
                context: sim,
                joined: name_like && sim >= options.min_context,
            }
        })
        .collect();
    pairs.sort_by(|x, y| {
        (y.a.df + y.b.df)
            .cmp(&(x.a.df + x.b.df))
            .then_with(|| x.a.word.cmp(&y.a.word))
            .then_with(|| x.b.word.cmp(&y.b.word))
    });
    let groups = components_of(&pairs, vocabulary, options);
    Ok(Grouping { groups, pairs })
}

/// The connected components of the joined pairs, as groups.
fn components_of<'a>(
    pairs: &'a [PairEvidence],
    vocabulary: &Vocabulary,
    options: &GroupOptions,
) -> Vec<VariantGroup> {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut words: Vec<&str> = Vec::new();
    let mut edges = Vec::new();
    for pair in pairs.iter().filter(|p| p.joined) {
        let mut id = |w: &'a str| -> usize {
            *ids.entry(w).or_insert_with(|| {
                words.push(w);
                words.len() - 1
            })
        };
        let a = id(pair.a.word.as_str());
        let b = id(pair.b.word.as_str());
        edges.push((a, b, pair.method, pair.context));
    }
    let mut parent: Vec<usize> = (0..words.len()).collect();
    for &(a, b, _, _) in &edges {
        union(&mut parent, a, b);
    }
    let mut groups: Vec<VariantGroup> = components(&mut parent)
        .into_iter()
        .map(|members| {
            let mut spellings: Vec<Spelling> = members
                .iter()
                .map(|&i| Spelling {
                    word: words[i].to_string(),
                    df: vocabulary.df(words[i]),
                })
                .collect();
            spellings.sort_by(|x, y| y.df.cmp(&x.df).then_with(|| x.word.cmp(&y.word)));
            spellings.truncate(options.max_group);
            let inside = |i: usize| spellings.iter().any(|s| s.word == words[i]);
            let (mut method, mut confidence) = (Method::Vowels, 1.0f64);
            for &(_, _, m, c) in edges.iter().filter(|e| inside(e.0) && inside(e.1)) {
                method = method.max(m);
                confidence = confidence.min(c);
            }
            VariantGroup {
                spellings,
                method,
                confidence: (confidence * 1000.0).round() / 1000.0,
            }
        })
        .collect();
    groups.sort_by(|x, y| {
        let total = |g: &VariantGroup| g.spellings.iter().map(|s| s.df).sum::<u64>();
        total(y)
            .cmp(&total(x))
            .then_with(|| x.spellings[0].word.cmp(&y.spellings[0].word))
    });
    groups
}
