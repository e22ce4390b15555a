//! Computes the [`TagReport`] from `&[ArticleTags]`: within-article duplicates, then the variant
//! clusters of every method, strict to lax, each method working on the clusters the stricter ones
//! formed.

use std::cmp::Reverse;
use std::collections::HashMap;

use fihris_analyzers::chars::is_removable_mark;

use super::cluster::{find_groups, Node};
use super::keys::tag_key;
use super::model::{ArticleTags, Cluster, Member, Method, TagReport, WithinArticle};

/// What the report computes beyond the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// How many example article ids each member, cluster and duplicate lists.
    pub examples: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions { examples: 3 }
    }
}

/// Computes the report: within-article duplicates from `raw`, variant clusters from `tags`.
pub fn build_report(articles: &[ArticleTags], options: &ReportOptions) -> TagReport {
    let mut nodes = distinct_tags(articles);
    let distinct_tags = nodes.len();
    let mut keys: Vec<String> = nodes.iter().map(|n| tag_key(&n.canonical)).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut clusters = Vec::new();
    for method in Method::ALL {
        let (found, next) = run_method(method, &nodes, articles, options);
        clusters.extend(found);
        nodes = next;
    }
    // One order for every view: strict to lax, so the sure merges come first and the doubtful
    // `containment` suggestions last; within a method, the clusters affecting the most articles.
    clusters.sort_by(|a, b| {
        a.method
            .cmp(&b.method)
            .then(b.articles.cmp(&a.articles))
            .then_with(|| a.canonical.cmp(&b.canonical))
    });
    TagReport {
        articles: articles.len(),
        tagged_articles: articles.iter().filter(|a| !a.tags.is_empty()).count(),
        distinct_tags,
        distinct_keys: keys.len(),
        within_article: within_article(articles, options),
        clusters,
    }
}

/// Every distinct tag of `tags` (trimmed), in the order first seen, with its articles.
fn distinct_tags(articles: &[ArticleTags]) -> Vec<Node> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut nodes: Vec<Node> = Vec::new();
    for (ai, article) in articles.iter().enumerate() {
        let ai = ai as u32;
        for tag in article.tags.iter().map(|t| t.trim()) {
            if tag_key(tag).is_empty() {
                continue;
            }
            let i = *index.entry(tag).or_insert_with(|| {
                nodes.push(Node {
                    canonical: tag.to_string(),
                    spellings: vec![tag.to_string()],
                    articles: Vec::new(),
                });
                nodes.len() - 1
            });
            if nodes[i].articles.last() != Some(&ai) {
                nodes[i].articles.push(ai);
            }
        }
    }
    nodes
}

/// Runs one method: its clusters and the nodes the next method works on.
fn run_method(
    method: Method,
    nodes: &[Node],
    articles: &[ArticleTags],
    options: &ReportOptions,
) -> (Vec<Cluster>, Vec<Node>) {
    let groups = find_groups(method, nodes);
    let mut grouped = vec![false; nodes.len()];
    let mut clusters = Vec::with_capacity(groups.len());
    let mut next = Vec::with_capacity(nodes.len());
    for group in groups {
        let canonical = pick_canonical(nodes, &group.nodes);
        let mut union: Vec<u32> = group
            .nodes
            .iter()
            .flat_map(|&i| nodes[i].articles.iter().copied())
            .collect();
        union.sort_unstable();
        union.dedup();
        let mut members: Vec<Member> = group
            .nodes
            .iter()
            .map(|&i| node_member(&nodes[i], articles, options))
            .collect();
        members.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.tag.cmp(&b.tag)));
        clusters.push(Cluster {
            method,
            confidence: group.confidence,
            canonical: nodes[canonical].canonical.clone(),
            articles: union.len(),
            members,
        });
        group.nodes.iter().for_each(|&i| grouped[i] = true);
        next.push(Node {
            canonical: nodes[canonical].canonical.clone(),
            spellings: group
                .nodes
                .iter()
                .flat_map(|&i| nodes[i].spellings.iter().cloned())
                .collect(),
            articles: union,
        });
    }
    next.extend(
        nodes
            .iter()
            .zip(&grouped)
            .filter(|(_, &g)| !g)
            .map(|(n, _)| n.clone()),
    );
    (clusters, next)
}

fn member(tag: &str, on: &[u32], articles: &[ArticleTags], options: &ReportOptions) -> Member {
    Member {
        tag: tag.to_string(),
        articles: on.len(),
        examples: on
            .iter()
            .take(options.examples)
            .map(|&i| articles[i as usize].id.clone())
            .collect(),
        variants: Vec::new(),
    }
}

/// A node as a cluster member: its canonical tag with that tag's own count, and the other tags of
/// the stricter cluster it stands for. (Counting the node's whole union here gave one tag two
/// different counts in two clusters.)
fn node_member(node: &Node, articles: &[ArticleTags], options: &ReportOptions) -> Member {
    let own: Vec<u32> = node
        .articles
        .iter()
        .copied()
        .filter(|&i| {
            articles[i as usize]
                .tags
                .iter()
                .any(|t| t.trim() == node.canonical)
        })
        .collect();
    let mut member = member(&node.canonical, &own, articles, options);
    member.variants = node
        .spellings
        .iter()
        .filter(|s| **s != node.canonical)
        .cloned()
        .collect();
    member
}

/// The suggested canonical among `group`: the most used; ties go to the fully spelled form.
fn pick_canonical(nodes: &[Node], group: &[usize]) -> usize {
    group
        .iter()
        .copied()
        .max_by_key(|&i| {
            let tag = &nodes[i].canonical;
            (
                nodes[i].articles.len(),
                spelling_rank(tag),
                Reverse(tag.as_str()),
            )
        })
        .unwrap_or_default()
}

/// How fully spelled a display form is, higher is better: written cleanly (no `_`, `#`, diacritics,
/// tatweel or doubled spaces), then with more hamza letters, then longer.
fn spelling_rank(tag: &str) -> (bool, usize, usize) {
    let clean =
        !tag.contains(['_', '#']) && !tag.chars().any(is_removable_mark) && !tag.contains("  ");
    let hamzas = tag
        .chars()
        .filter(|c| matches!(c, 'أ' | 'إ' | 'آ' | 'ؤ' | 'ئ' | 'ء'))
        .count();
    (clean, hamzas, tag.chars().count())
}

/// Articles whose `raw` tags repeat a [`tag_key`], and which tags they repeat.
fn within_article(articles: &[ArticleTags], options: &ReportOptions) -> WithinArticle {
    // key → (spellings seen repeated with their counts, articles repeating it)
    let mut repeated: HashMap<String, (HashMap<&str, usize>, Vec<u32>)> = HashMap::new();
    let mut flagged: Vec<u32> = Vec::new();
    for (ai, article) in articles.iter().enumerate() {
        let mut by_key: HashMap<String, Vec<&str>> = HashMap::new();
        for tag in article.raw.iter().map(|t| t.trim()) {
            let key = tag_key(tag);
            if !key.is_empty() {
                by_key.entry(key).or_default().push(tag);
            }
        }
        let mut any = false;
        for (key, spellings) in by_key.into_iter().filter(|(_, s)| s.len() > 1) {
            any = true;
            let entry = repeated.entry(key).or_default();
            spellings
                .iter()
                .for_each(|s| *entry.0.entry(s).or_default() += 1);
            entry.1.push(ai as u32);
        }
        if any {
            flagged.push(ai as u32);
        }
    }
    let mut tags: Vec<Member> = repeated
        .into_values()
        .map(|(spellings, mut on)| {
            on.sort_unstable();
            let tag = spellings
                .iter()
                .max_by_key(|(s, n)| (**n, spelling_rank(s), Reverse(**s)))
                .map_or("", |(s, _)| s);
            member(tag, &on, articles, options)
        })
        .collect();
    tags.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.tag.cmp(&b.tag)));
    WithinArticle {
        articles: flagged.len(),
        examples: flagged
            .iter()
            .take(options.examples)
            .map(|&i| articles[i as usize].id.clone())
            .collect(),
        tags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, raw: &[&str]) -> ArticleTags {
        ArticleTags::from_raw(id, raw.iter().copied(), None)
    }

    #[test]
    fn within_article_counts_repeats_and_spelling_variants() {
        let articles = [
            article("a", &["أرمينيا", "الكرملين", "أرمينيا"]),
            article("b", &["ارمينيا", "#أرمينيا"]),
            article("c", &["أرمينيا", "الكرملين"]),
        ];
        let w = build_report(&articles, &ReportOptions::default()).within_article;
        assert_eq!(w.articles, 2);
        assert_eq!(w.examples, ["a", "b"]);
        assert_eq!(w.tags.len(), 1);
        assert_eq!(w.tags[0].tag, "أرمينيا");
        assert_eq!(w.tags[0].articles, 2);
    }

    #[test]
    fn canonical_is_most_used_then_fully_spelled() {
        let articles = [
            article("a", &["ارمينيا"]),
            article("b", &["أرمينيا"]),
            article("c", &["#أرمينيا"]),
        ];
        let report = build_report(&articles, &ReportOptions::default());
        assert_eq!(report.clusters.len(), 1);
        assert_eq!(report.clusters[0].canonical, "أرمينيا");
        assert_eq!(report.clusters[0].articles, 3);

        let articles = [article("a", &["ترمب"]), article("b", &["ترمب", "ترامب"])];
        let report = build_report(&articles, &ReportOptions::default());
        assert_eq!(report.clusters[0].method, Method::Spelling);
        assert_eq!(report.clusters[0].canonical, "ترمب");
        assert_eq!(report.clusters[0].articles, 2);
    }

    #[test]
    fn a_pair_joined_strictly_is_not_reported_again() {
        let articles = [
            article("a", &["ميليشيات_الحوثي"]),
            article("b", &["ميليشيات الحوثي"]),
            article("c", &["ميليشيا الحوثي"]),
        ];
        let report = build_report(&articles, &ReportOptions::default());
        let methods: Vec<Method> = report.clusters.iter().map(|c| c.method).collect();
        assert_eq!(methods, [Method::Normalized, Method::Stem]);
        let stem = &report.clusters[1];
        assert_eq!(stem.canonical, "ميليشيات الحوثي");
        assert_eq!(stem.articles, 3);
        let joined: Vec<&Member> = stem
            .members
            .iter()
            .filter(|m| !m.variants.is_empty())
            .collect();
        assert_eq!(joined.len(), 1, "the normalized cluster is one member");
        assert_eq!(joined[0].articles, 1);
    }

    #[test]
    fn a_tag_has_one_count_in_every_cluster() {
        let articles = [
            article("a", &["ميليشيات_الحوثي"]),
            article("b", &["ميليشيات الحوثي"]),
            article("c", &["ميليشيات الحوثي"]),
            article("d", &["ميليشيا الحوثي"]),
        ];
        let report = build_report(&articles, &ReportOptions::default());
        let mut counts: HashMap<&str, Vec<usize>> = HashMap::new();
        for member in report.clusters.iter().flat_map(|c| &c.members) {
            counts.entry(&member.tag).or_default().push(member.articles);
        }
        let full = &counts["ميليشيات الحوثي"];
        assert_eq!(full, &[2, 2], "listed twice, counted alike: {counts:?}");
    }

    #[test]
    fn clusters_are_listed_strict_to_lax() {
        // The containment pair affects the most articles, yet comes after the surer methods.
        let mut articles: Vec<ArticleTags> = (0..10)
            .map(|i| article(&format!("c{i}"), &["ترمب", "دونالد ترمب"]))
            .collect();
        articles.push(article("n1", &["ارمينيا"]));
        articles.push(article("n2", &["أرمينيا"]));
        let report = build_report(&articles, &ReportOptions::default());
        let methods: Vec<Method> = report.clusters.iter().map(|c| c.method).collect();
        assert_eq!(methods, [Method::Normalized, Method::Containment]);
    }
}
