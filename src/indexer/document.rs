//! Turning one [`Article`] into a tantivy document: tags deduplicated by key, aliases applied, the date
//! parsed.

use std::collections::HashSet;

use tantivy::schema::Facet;
use tantivy::TantivyDocument;

use crate::article::Article;
use crate::schema::{Fields, TextWeights};
use crate::tags::{tag_key, Aliases};

/// An article's tags as they go into the index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexedTags {
    /// One `(key, display)` per distinct key, in first-seen order, after aliases.
    pub distinct: Vec<(String, String)>,
    /// How many tag entries repeated a key already seen in the same article.
    pub repeats: usize,
    /// How many distinct tags were left out, beyond [`MAX_TAGS_PER_ARTICLE`].
    pub dropped: usize,
}

/// The most distinct tags one article is indexed with. Editorial articles carry a handful; a
/// generated or broken file can carry a million, which would make one document (and its facet
/// counts) huge: the excess is left out and reported.
pub const MAX_TAGS_PER_ARTICLE: usize = 1_000;

/// The most tags as written (with repeats) one article stores for the tag report: the seed format
/// repeats whole tag lists, so twice the distinct limit.
pub const MAX_RAW_TAGS_PER_ARTICLE: usize = 2 * MAX_TAGS_PER_ARTICLE;

/// Deduplicates `tags` by their key (after aliases): a tag repeated within an article, or written
/// twice in two spellings, counts once. Keeps at most [`MAX_TAGS_PER_ARTICLE`] distinct tags, the
/// first ones. Linear in the number of tags (a hash set of the keys seen).
pub fn index_tags(tags: &[String], aliases: Option<&Aliases>) -> IndexedTags {
    let mut out = IndexedTags::default();
    let mut seen: HashSet<String> = HashSet::new();
    for tag in tags {
        let display = aliases
            .and_then(|a| a.canonical(tag))
            .unwrap_or(tag.as_str())
            .trim();
        let key = tag_key(display);
        if key.is_empty() {
            continue;
        }
        if seen.contains(&key) {
            out.repeats += 1;
        } else if out.distinct.len() >= MAX_TAGS_PER_ARTICLE {
            seen.insert(key);
            out.dropped += 1;
        } else {
            seen.insert(key.clone());
            out.distinct.push((key, display.to_string()));
        }
    }
    out
}

/// Parses an article's date: the one parser of [`crate::dates`], kept here under its old name
/// for the indexer's callers.
pub use crate::dates::parse_date;

/// The displayed path of an article: its file relative to the archive folder, then its place in
/// the file (`feeds/2020.jsonl:line 3`). Articles without an `id` field take it as their id, so it
/// must be stable across runs.
pub fn article_path(relative: &str, locator: &str) -> String {
    if locator.is_empty() {
        relative.to_string()
    } else {
        format!("{relative}:{locator}")
    }
}

/// Everything that identifies an article's place, decided by the indexer.
pub struct Origin<'a> {
    /// The file key (absolute path).
    pub file: &'a str,
    /// The file's signature.
    pub file_sig: u64,
    /// The stable article id.
    pub id: &'a str,
    /// The displayed path (relative path and locator).
    pub path: &'a str,
}

/// The values of an article's combined text, in order: the title `weights.title` times, each tag
/// `weights.tags` times, then the body (see [`crate::schema`]). The indexer and the OpenSearch export
/// both write these, so a cluster weights the title and tags as Fihris does.
pub fn combined_text<'a>(
    weights: TextWeights,
    title: &'a str,
    tags: impl Iterator<Item = &'a str>,
    body: &'a str,
) -> Vec<&'a str> {
    let mut values = Vec::new();
    if !title.is_empty() {
        values.extend(std::iter::repeat_n(title, weights.title as usize));
    }
    for tag in tags {
        values.extend(std::iter::repeat_n(tag, weights.tags as usize));
    }
    values.push(body);
    values
}

/// Adds the searchable text of an article to `doc`: the stored title and body, and the combined
/// `text` and `text_exact` fields ([`combined_text`]). Every writer of documents (indexer,
/// re-aliasing, server) goes through here, so they weight alike.
pub fn add_searchable_text<'a>(
    doc: &mut TantivyDocument,
    fields: &Fields,
    weights: TextWeights,
    title: &'a str,
    tags: impl Iterator<Item = &'a str>,
    body: &'a str,
) {
    doc.add_text(fields.title, title);
    doc.add_text(fields.body, body);
    let mut values = combined_text(weights, title, tags, body);
    for value in &values {
        doc.add_text(fields.text, value);
    }
    // One value: its analyzer writes each form once per value, and `text_exact` records presence
    // in the article (the title's repetitions, which are consecutive, would change nothing).
    values.dedup();
    doc.add_text(fields.text_exact, values.join("\n"));
}

/// Builds the document of `article`.
pub fn build(
    fields: &Fields,
    weights: TextWeights,
    origin: &Origin,
    article: &Article,
    tags: &IndexedTags,
    raw_tags: &[String],
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, origin.id);
    doc.add_text(fields.file, origin.file);
    doc.add_u64(fields.file_sig, origin.file_sig);
    doc.add_text(fields.path, origin.path);
    let displays = tags.distinct.iter().map(|(_, display)| display.as_str());
    add_searchable_text(
        &mut doc,
        fields,
        weights,
        &article.title,
        displays,
        &article.body(),
    );
    for (key, display) in &tags.distinct {
        doc.add_text(fields.tag, display);
        doc.add_facet(
            fields.tag_facet,
            Facet::from_path([key.as_str(), display.as_str()]),
        );
    }
    for raw in raw_tags {
        doc.add_text(fields.tag_raw, raw);
    }
    if let Some(date) = article.date.as_deref().and_then(parse_date) {
        doc.add_date(fields.date, date);
    }
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_and_variant_tags_count_once() {
        let tags: Vec<String> = ["أرمينيا", "الكرملين", "ارمينيا", "أرمينيا"]
            .map(String::from)
            .to_vec();
        let indexed = index_tags(&tags, None);
        assert_eq!(indexed.distinct.len(), 2);
        assert_eq!(indexed.distinct[0].1, "أرمينيا");
        assert_eq!(indexed.repeats, 2);
    }

    #[test]
    fn removing_duplicate_tags_is_linear() {
        // 100,000 distinct tags, each written twice: the old scan of the kept list per tag took
        // 13.5 s on 100,000 tags; a hash set of the keys seen makes it one pass.
        let tags: Vec<String> = (0..200_000)
            .map(|i| format!("وسم {}", i % 100_000))
            .collect();
        let indexed = index_tags(&tags, None);
        assert_eq!(indexed.distinct.len(), MAX_TAGS_PER_ARTICLE);
        assert_eq!(indexed.dropped, 100_000 - MAX_TAGS_PER_ARTICLE);
        assert_eq!(indexed.repeats, 100_000);
        assert_eq!(indexed.distinct[7].1, "وسم 7", "first-seen order");
    }

    #[test]
    fn tags_per_article_are_capped_and_the_excess_counted() {
        let tags: Vec<String> = (0..100_000).map(|i| format!("وسم {i}")).collect();
        let indexed = index_tags(&tags, None);
        assert_eq!(indexed.distinct.len(), MAX_TAGS_PER_ARTICLE);
        assert_eq!(indexed.dropped, 100_000 - MAX_TAGS_PER_ARTICLE);
        assert_eq!(indexed.repeats, 0);
    }
}
