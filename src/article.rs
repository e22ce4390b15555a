//! [`Article`]: one news article as read from an archive, before analysis.

use serde::Serialize;

/// One article, as the reader found it. Text is kept as written (no normalization).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    /// The article's own id (`id` field of JSON), if it has one; otherwise the indexer derives one
    /// from the file path and the article's place in the file.
    pub id: Option<String>,
    /// The title, trimmed.
    pub title: String,
    /// Body paragraphs, trimmed, empty ones dropped.
    pub paragraphs: Vec<String>,
    /// Tags as written, in order, *with* repeats (the seed format repeats whole lists; the indexer
    /// records the repetition and indexes each tag once).
    pub tags: Vec<String>,
    /// Publication date as found (ISO 8601 `2018-03-01`, `2018-03-01T10:00:00Z`, `2015-07-21 10:22:01`…).
    pub date: Option<String>,
    /// Where the article was published: the `source` field of JSON (or its `name`, when it is an
    /// object). Text files say nothing of it, so the reader leaves it `None` for them; the indexer
    /// may derive one from the folder.
    pub source: Option<String>,
    /// The article's URL, if known.
    pub url: Option<String>,
}

impl Article {
    /// The body as one text, paragraphs separated by newlines.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n")
    }

    /// An article with neither title nor body cannot be found by anything: readers reject it.
    pub fn is_empty(&self) -> bool {
        self.title.trim().is_empty() && self.paragraphs.iter().all(|p| p.trim().is_empty())
    }
}
