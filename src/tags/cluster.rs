//! The five clustering methods. Each one BLOCKS candidates first (a hash of a key, or an inverted
//! index of words), so no method compares all pairs of tags: tens of thousands of tags take well
//! under a second.
//!
//! A method works on *nodes*: at the first stage the distinct tags, at every later stage the
//! clusters the stricter methods formed, each reported by its canonical form. So a tag belongs to
//! at most one cluster per method, and a pair joined by a strict method is not reported again.
//! The `fingerprint`, `stem` and `spelling` methods match a node by any of its spellings, not only
//! its canonical: ميلشيا الحوثي (a misspelling) meets ميليشيا الحوثي even after that one joined
//! ميليشيات الحوثي. `containment`, the laxest, looks at canonical forms only.

use std::collections::HashMap;

use strsim::levenshtein;

use super::keys::{
    consonants, fingerprint, fold_transliteration, spelling_skeleton, stem_keys, tag_key, word_set,
    words_by_skeleton,
};
use super::model::Method;

/// The confidence of each method's clusters (the `spelling` method lowers it for short words).
pub(super) fn base_confidence(method: Method) -> f64 {
    match method {
        Method::Normalized => 0.99,
        Method::Fingerprint => 0.9,
        Method::Stem => 0.8,
        Method::Spelling => 0.7,
        Method::Containment => 0.3,
    }
}

/// The spelling confidence when a differing word is short (four or five letters), where an inner
/// long vowel more often makes a different Arabic word (محمد / محمود).
const SHORT_SPELLING_CONFIDENCE: f64 = 0.6;

/// The confidence of a fingerprint cluster of one-word tags: there the only difference is ال or و,
/// and a few names differ by exactly that (فتح / الفتح, سيول / السيول).
const ONE_WORD_FINGERPRINT_CONFIDENCE: f64 = 0.85;

/// The confidence of a containment pair whose contained tag starts with ال.
const DEFINITE_CONTAINMENT_CONFIDENCE: f64 = 0.15;

/// The fewest consonants a lone differing word needs for the `spelling` method.
const MIN_CONSONANTS: usize = 4;

/// The most words a containing tag may add to the contained one: more, and it is a different,
/// narrower subject rather than a fuller name.
const MAX_EXTRA_WORDS: usize = 2;

/// A tag or a cluster of tags, as the next method sees it.
#[derive(Debug, Clone)]
pub(super) struct Node {
    /// Its canonical (display) form: how the node is reported.
    pub canonical: String,
    /// Every tag it holds, the canonical among them: what the methods match.
    pub spellings: Vec<String>,
    /// The indices of the articles carrying any of its tags, sorted and deduplicated.
    pub articles: Vec<u32>,
}

/// A set of nodes one method joins, with its confidence.
#[derive(Debug, Clone)]
pub(super) struct Group {
    /// Indices into the node slice, two or more, in ascending order.
    pub nodes: Vec<usize>,
    /// How sure the method is.
    pub confidence: f64,
}

/// Runs `method` over `nodes`: the disjoint groups of two or more nodes it joins.
pub(super) fn find_groups(method: Method, nodes: &[Node]) -> Vec<Group> {
    match method {
        Method::Normalized => group_by_key(nodes, tag_key, method),
        Method::Fingerprint => fingerprint_groups(nodes),
        Method::Stem => group_by_any_key(nodes, stem_keys, base_confidence(Method::Stem)),
        Method::Spelling => spelling_groups(nodes),
        Method::Containment => containment_groups(nodes),
    }
}

/// Nodes whose keys are equal form one group.
fn group_by_key(nodes: &[Node], key: fn(&str) -> String, method: Method) -> Vec<Group> {
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        let k = key(&node.canonical);
        if !k.is_empty() {
            blocks.entry(k).or_default().push(i);
        }
    }
    let mut groups: Vec<Group> = blocks
        .into_values()
        .filter(|b| b.len() > 1)
        .map(|nodes| Group {
            nodes,
            confidence: base_confidence(method),
        })
        .collect();
    groups.sort_by_key(|g| g.nodes[0]);
    groups
}

/// Fingerprint groups: the same [`fingerprint`], or the same key once spaces are removed
/// (نصر الله / نصرالله, بوكو حرام / بوكوحرام). A group of one-word tags gets
/// [`ONE_WORD_FINGERPRINT_CONFIDENCE`].
fn fingerprint_groups(nodes: &[Node]) -> Vec<Group> {
    fn keys(tag: &str) -> Vec<String> {
        vec![fingerprint(tag), tag_key(tag).replace(' ', "")]
    }
    let mut groups = group_by_any_key(nodes, keys, base_confidence(Method::Fingerprint));
    for group in &mut groups {
        if group
            .nodes
            .iter()
            .all(|&i| !nodes[i].canonical.trim().contains(char::is_whitespace))
        {
            group.confidence = ONE_WORD_FINGERPRINT_CONFIDENCE;
        }
    }
    groups
}

/// Nodes sharing any of their keys form one group (the connected components of "shares a key").
fn group_by_any_key(nodes: &[Node], keys: fn(&str) -> Vec<String>, confidence: f64) -> Vec<Group> {
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        for spelling in &node.spellings {
            for k in keys(spelling).into_iter().filter(|k| !k.is_empty()) {
                let j = *first.entry(k).or_insert(i);
                union(&mut parent, i, j);
            }
        }
    }
    components(&mut parent)
        .into_iter()
        .map(|nodes| Group { nodes, confidence })
        .collect()
}

/// Blocks nodes by [`spelling_skeleton`], then joins the pairs of a block whose spellings are close
/// enough ([`spelling_confidence`]); the joined pairs' connected components are the groups.
fn spelling_groups(nodes: &[Node]) -> Vec<Group> {
    // skeleton → (node, spelling)
    let mut blocks: HashMap<String, Vec<(usize, &str)>> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        for spelling in &node.spellings {
            blocks
                .entry(spelling_skeleton(spelling))
                .or_default()
                .push((i, spelling));
        }
    }
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    let mut joined = Vec::new();
    for block in blocks.values().filter(|b| b.len() > 1) {
        for (x, &(a, sa)) in block.iter().enumerate() {
            for &(b, sb) in block[x + 1..].iter().filter(|(b, _)| *b != a) {
                if let Some(c) = spelling_confidence(sa, sb) {
                    union(&mut parent, a, b);
                    joined.push((a, c));
                }
            }
        }
    }
    let mut confidence: HashMap<usize, f64> = HashMap::new();
    for (a, c) in joined {
        let root = find(&mut parent, a);
        let entry = confidence.entry(root).or_insert(c);
        *entry = entry.min(c);
    }
    components(&mut parent)
        .into_iter()
        .map(|nodes| {
            let root = find(&mut parent, nodes[0]);
            Group {
                confidence: confidence.get(&root).copied().unwrap_or_default(),
                nodes,
            }
        })
        .collect()
}

pub(crate) fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Joins the sets of `a` and `b`; the smaller index becomes the root.
pub(crate) fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    parent[ra.max(rb)] = ra.min(rb);
}

/// The sets of two or more elements, each in ascending order, ordered by their first element.
pub(crate) fn components(parent: &mut [usize]) -> Vec<Vec<usize>> {
    let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..parent.len() {
        let root = find(parent, i);
        by_root.entry(root).or_default().push(i);
    }
    let mut sets: Vec<Vec<usize>> = by_root.into_values().filter(|s| s.len() > 1).collect();
    sets.sort_by_key(|s| s[0]);
    sets
}

/// Whether two tags with the same skeleton are spellings of one name, and how sure that is.
///
/// Word by word (the skeleton guarantees the words differ only in inner long vowels and in the
/// letters transliterations swap, ج/غ for g and ث/ت for th), every word
/// that differs must differ by one edit, or two for words of seven letters or more, and either have
/// at least [`MIN_CONSONANTS`] consonants and only gain or lose letters, or stand next to a word
/// both tags share (ديفيد فريدمان / دافيد فريدمان). A three-consonant
/// word alone is an Arabic pattern more often than a transliteration: جميل / جيميل (Gmail),
/// كريم / كروم, أعدم / إعدام. Short words get a lower confidence.
pub(super) fn spelling_confidence(a: &str, b: &str) -> Option<f64> {
    let (wa, wb) = (words_by_skeleton(a), words_by_skeleton(b));
    if wa.len() != wb.len() || wa == wb {
        return None;
    }
    let anchored = wa
        .iter()
        .zip(&wb)
        .any(|(x, y)| x == y && x.chars().count() >= 3);
    let mut confidence = base_confidence(Method::Spelling);
    for (x, y) in wa.iter().zip(&wb).filter(|(x, y)| x != y) {
        let (lx, ly) = (x.chars().count(), y.chars().count());
        let (short, long) = (lx.min(ly), lx.max(ly));
        let allowed = if long >= 7 { 2 } else { 1 };
        let distance = levenshtein(&fold_transliteration(x), &fold_transliteration(y));
        if short < 4 || distance > allowed {
            return None;
        }
        // Alone, a word may only gain or lose long vowels: swapping one for another (غرامة /
        // جريمة once ج reads as غ, كريم / كروم) makes another Arabic word far more often.
        let indel_only = distance == long - short;
        if !anchored && (!indel_only || consonants(x).min(consonants(y)) < MIN_CONSONANTS) {
            return None;
        }
        if short < 6 && !anchored {
            confidence = SHORT_SPELLING_CONFIDENCE;
        }
    }
    Some(confidence)
}

/// Pairs a tag with a tag that contains all its words plus one or two more (ترمب / دونالد ترمب):
/// for each tag, the most used such tag, then pairs taken greedily, most articles first, so that a
/// tag is in one pair at most. Candidates come from an inverted index of words, looked up by the
/// tag's rarest word.
fn containment_groups(nodes: &[Node]) -> Vec<Group> {
    // Words as ids, each tag's sorted: the subset test compares integers, not strings.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let words: Vec<Vec<u32>> = nodes
        .iter()
        .map(|n| {
            let mut ws: Vec<u32> = word_set(&n.canonical)
                .into_iter()
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(w).or_insert(next)
                })
                .collect();
            ws.sort_unstable();
            ws
        })
        .collect();
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for (i, ws) in words.iter().enumerate() {
        for &w in ws {
            postings[w as usize].push(i);
        }
    }
    let mut pairs = Vec::new();
    for (a, wa) in words.iter().enumerate() {
        let Some(&rarest) = wa.iter().min_by_key(|&&w| postings[w as usize].len()) else {
            continue;
        };
        let best = postings[rarest as usize]
            .iter()
            .copied()
            .filter(|&b| b != a && contains_words(&words[b], wa))
            .max_by_key(|&b| (nodes[b].articles.len(), std::cmp::Reverse(b)));
        if let Some(b) = best {
            pairs.push((nodes[a].articles.len() + nodes[b].articles.len(), a, b));
        }
    }
    pairs.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut used = vec![false; nodes.len()];
    let mut groups = Vec::new();
    for (_, a, b) in pairs {
        if !used[a] && !used[b] {
            used[a] = true;
            used[b] = true;
            groups.push(Group {
                nodes: vec![a.min(b), a.max(b)],
                confidence: containment_confidence(&nodes[a].canonical),
            });
        }
    }
    groups
}

/// The confidence of a containment pair, by its contained tag: a name (ترمب, طالبان, غريفيث) is
/// often a short form of the longer tag, a definite common noun (الدراما, المخدرات, التجارة) is
/// usually a broader subject than it (الدراما الخليجية, تهريب المخدرات).
fn containment_confidence(contained: &str) -> f64 {
    if tag_key(contained).starts_with("ال") {
        DEFINITE_CONTAINMENT_CONFIDENCE
    } else {
        base_confidence(Method::Containment)
    }
}

/// True when `outer` has every word of `inner` and one to [`MAX_EXTRA_WORDS`] more (both sorted).
fn contains_words(outer: &[u32], inner: &[u32]) -> bool {
    outer.len() > inner.len()
        && outer.len() - inner.len() <= MAX_EXTRA_WORDS
        && inner.iter().all(|w| outer.binary_search(w).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(tags: &[(&str, u32)]) -> Vec<Node> {
        tags.iter()
            .map(|&(t, n)| Node {
                canonical: t.to_string(),
                spellings: vec![t.to_string()],
                articles: (0..n).collect(),
            })
            .collect()
    }

    fn joined(method: Method, tags: &[(&str, u32)]) -> Vec<Vec<String>> {
        let ns = nodes(tags);
        find_groups(method, &ns)
            .into_iter()
            .map(|g| g.nodes.iter().map(|&i| ns[i].canonical.clone()).collect())
            .collect()
    }

    #[test]
    fn spelling_joins_transliterations_not_arabic_patterns() {
        assert!(spelling_confidence("ترمب", "ترامب").is_some());
        assert!(spelling_confidence("كلينتون", "كلنتون").is_some());
        assert!(spelling_confidence("دونالد ترمب", "دونالد ترامب").is_some());
        assert!(spelling_confidence("حسن", "حسين").is_none());
        assert!(spelling_confidence("سعد", "سعيد").is_none());
        assert!(spelling_confidence("جميل", "جيميل").is_none());
        assert!(spelling_confidence("كريم", "كروم").is_none());
        assert!(spelling_confidence("الإعدام", "أعدم").is_none());
        assert!(spelling_confidence("غرامة", "جريمة").is_none());
        assert!(spelling_confidence("ديفيد فريدمان", "دافيد فريدمان").is_some());
        assert!(spelling_confidence("كيم جونج أون", "كيم جونغ أون").is_some());
        assert!(spelling_confidence("غريفيت", "غريفيث").is_some());
        assert!(spelling_confidence("إنستاجرام", "إنستغرام").is_some());
    }

    #[test]
    fn later_methods_match_any_spelling_of_a_node() {
        let mut ns = nodes(&[("ميليشيات الحوثي", 5), ("ميلشيا الحوثي", 1)]);
        ns[0].spellings.push("ميليشيا الحوثي".into());
        let groups = find_groups(Method::Spelling, &ns);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].nodes, [0, 1]);
    }

    #[test]
    fn fingerprint_joins_tags_written_with_and_without_a_space() {
        let groups = joined(
            Method::Fingerprint,
            &[("نصر الله", 2), ("نصرالله", 1), ("نصر", 1)],
        );
        assert_eq!(groups, vec![vec!["نصر الله", "نصرالله"]]);
    }

    #[test]
    fn containment_pairs_each_tag_once_with_its_most_used_container() {
        let groups = joined(
            Method::Containment,
            &[("ترمب", 10), ("دونالد ترمب", 5), ("الرئيس دونالد ترمب", 1)],
        );
        assert_eq!(groups, vec![vec!["ترمب", "دونالد ترمب"]]);
    }

    #[test]
    fn containment_trusts_a_name_more_than_a_definite_noun() {
        let ns = nodes(&[
            ("ترمب", 3),
            ("دونالد ترمب", 2),
            ("الدراما", 2),
            ("الدراما الخليجية", 1),
        ]);
        let groups = find_groups(Method::Containment, &ns);
        let confidence = |tag: &str| {
            groups
                .iter()
                .find(|g| g.nodes.iter().any(|&i| ns[i].canonical == tag))
                .map(|g| g.confidence)
        };
        assert!(confidence("ترمب") > confidence("الدراما"), "{groups:?}");
    }

    #[test]
    fn containment_ignores_tags_adding_too_many_words() {
        let groups = joined(
            Method::Containment,
            &[("قطر", 3), ("أزمة قطر مع دول الخليج", 2)],
        );
        assert!(groups.is_empty(), "{groups:?}");
    }
}
