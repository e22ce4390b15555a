//! The data model: the input ([`ArticleTags`]) and the report ([`TagReport`]) that every view renders.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::aliases::Aliases;
use super::keys::tag_key;

/// One article's tags: the input of the report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleTags {
    /// The article's id (its file stem or stored id), quoted in examples.
    pub id: String,
    /// The tags as written, in order, with repeats: what within-article duplicates are found in.
    pub raw: Vec<String>,
    /// The tags after alias application, one per [`tag_key`], in display form: what the variant
    /// clusters are found in. Keep each article's own spelling here (not one display form per key for
    /// the whole archive), or the `normalized` clusters cannot be seen.
    pub tags: Vec<String>,
}

impl ArticleTags {
    /// Builds an article's tags from the tags as written: each is trimmed, replaced by its canonical
    /// form when `aliases` has one, and kept once per [`tag_key`] (the first spelling wins). Tags whose
    /// key is empty (a lone `#`) are left out of `tags` but stay in `raw`.
    pub fn from_raw<I, S>(id: impl Into<String>, raw: I, aliases: Option<&Aliases>) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let raw: Vec<String> = raw.into_iter().map(Into::into).collect();
        let mut seen = HashSet::new();
        let mut tags = Vec::new();
        for tag in &raw {
            let display = aliases
                .and_then(|a| a.canonical(tag))
                .unwrap_or_else(|| tag.trim());
            let key = tag_key(display);
            if !key.is_empty() && seen.insert(key) {
                tags.push(display.to_string());
            }
        }
        ArticleTags {
            id: id.into(),
            raw,
            tags,
        }
    }
}

/// How a variant cluster was found, from the strictest method to the laxest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Equal [`tag_key`]s: the same tag spelled with or without hamza, diacritics, `_`, `#`…
    Normalized,
    /// The same words in another order, or with ال / leading و dropped.
    Fingerprint,
    /// The same words after conservative inflection folding (plurals, feminine ending).
    Stem,
    /// Near-identical spellings differing in long vowels (transliterated names).
    Spelling,
    /// One tag's words inside another's: a possible alias, never merged without review.
    Containment,
}

impl Method {
    /// Every method, strictest first: the order in which they run.
    pub const ALL: [Method; 5] = [
        Method::Normalized,
        Method::Fingerprint,
        Method::Stem,
        Method::Spelling,
        Method::Containment,
    ];

    /// The method's name as it appears in every view and in the alias file.
    pub fn name(self) -> &'static str {
        match self {
            Method::Normalized => "normalized",
            Method::Fingerprint => "fingerprint",
            Method::Stem => "stem",
            Method::Spelling => "spelling",
            Method::Containment => "containment",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A tag and the articles that carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// The tag in display form.
    pub tag: String,
    /// How many articles carry it, as written: the same figure in every cluster that lists it.
    pub articles: usize,
    /// A few of those articles' ids.
    pub examples: Vec<String>,
    /// When the member stands for a cluster a stricter method already formed, that cluster's other
    /// tags (counted in their own cluster and in this cluster's `articles`, not in this member's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
}

/// Tags that are probably one subject, found by one method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// The method that found it.
    pub method: Method,
    /// How sure the method is, from 0 to 1 (see [`Method`]; `containment` is always lowest).
    pub confidence: f64,
    /// The suggested canonical form: the most used member; ties go to the fully spelled form.
    pub canonical: String,
    /// How many distinct articles carry any member: the articles the cluster affects.
    pub articles: usize,
    /// The members, most used first (the canonical is one of them).
    pub members: Vec<Member>,
}

/// Articles that carry a tag twice (as the same text or a spelling variant with the same key).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WithinArticle {
    /// How many articles repeat a tag.
    pub articles: usize,
    /// A few of those articles' ids.
    pub examples: Vec<String>,
    /// The repeated tags (most common spelling), with the articles repeating each, most first.
    pub tags: Vec<Member>,
}

/// The whole report: one model, rendered by every view in [`super::render`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TagReport {
    /// How many articles were read.
    pub articles: usize,
    /// How many articles have at least one tag.
    pub tagged_articles: usize,
    /// How many distinct tags (display forms, in `tags`) the archive has.
    pub distinct_tags: usize,
    /// How many distinct tag keys the archive has.
    pub distinct_keys: usize,
    /// Within-article duplicates.
    pub within_article: WithinArticle,
    /// Variant clusters, strictest method first (so the sure merges come before the `containment`
    /// suggestions), then the ones affecting the most articles first.
    pub clusters: Vec<Cluster>,
}

impl TagReport {
    /// Keeps only the clusters affecting at least `min_articles` articles (`--min-articles`).
    pub fn with_min_articles(mut self, min_articles: usize) -> Self {
        self.clusters.retain(|c| c.articles >= min_articles);
        self
    }

    /// The clusters found by `method`.
    pub fn clusters_by(&self, method: Method) -> impl Iterator<Item = &Cluster> {
        self.clusters.iter().filter(move |c| c.method == method)
    }
}
