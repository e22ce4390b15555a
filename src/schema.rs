//! The index schema: which fields an article becomes, and how each one is analyzed.
//!
//! A query searches one combined text per article, indexed twice: `text` with `arabic` (stemmed) and
//! `text_exact` with `arabic_exact` (normalized, not stemmed), so that a match on the exact form can
//! outrank a stemmed one. `text_exact` records which articles hold each exact form, not how often
//! or where: a presence bonus, BM25 with a term frequency of one, which ranks better than the full
//! score (+0.026 MRR@10 on ARCD among the ANT articles, +0.038 without titles; docs/retrieval.md)
//! and costs 15 MB less on ANT (no positions; phrases are matched in `text`). It is written with
//! each form once per article ([`analysis::distinct`]: its length is the number of distinct forms,
//! as Lucene measures a documents-only field) and keeps the frequencies, all 1: tantivy's block-max
//! WAND prunes only fields with frequencies, and a query touching a field without them visits
//! every match (ARCD questions at 100k articles, top 10: 3.3 ms against 1.8 ms without the field).
//! The combined text is the title written [`TextWeights::title`] times, each tag
//! [`TextWeights::tags`] times, then the body: BM25F (Robertson, Zaragoza and Taylor 2004) by
//! repetition, where a title word counts as that many body words *before* BM25's saturation and one
//! length normalization covers the whole article, instead of a sum of per-field scores that lets a
//! short headline sharing a question's words outrank the paragraph that answers it (issue 11,
//! docs/retrieval.md). `title` stays indexed on its own for `title:` queries; the body is stored
//! only. Tags are stored as written,
//! searchable as text, and indexed as a facet `/<tag key>/<display form>`: counting the first level
//! counts articles per tag key (أرمينيا and ارمينيا are one key); the second level remembers how the
//! tag is written, so facets are shown the way editors wrote them.

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED, STRING,
};

use crate::analysis::{self, ARABIC, ARABIC_EXACT};

/// Bumped whenever the schema changes: an index built with another version must be rebuilt.
/// 3: `text_exact` without frequencies and positions (its scores changed), the store zstd-compressed.
/// 4: `text_exact` holds each form once, with frequencies (so block-max WAND can prune it); its
/// length is the number of distinct forms.
pub const SCHEMA_VERSION: u32 = 4;

/// The fields of a Fihris index, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The article id (`id` of JSON, else derived from the path): exact term, stored.
    pub id: Field,
    /// The source file's absolute path: the key for incremental updates and deletions.
    pub file: Field,
    /// The file's signature (size and modification time) when it was indexed.
    pub file_sig: Field,
    /// Where to find the article: the path relative to the archive, and its place in the file.
    pub path: Field,
    /// Title, stemmed (for `title:` queries), stored.
    pub title: Field,
    /// Body paragraphs (newline-separated), stored only: its words are searched in `text`.
    pub body: Field,
    /// The combined text (title, tags and body, weighted by [`TextWeights`]), stemmed.
    pub text: Field,
    /// The combined text, exact form: which articles hold each form (no frequencies, no positions).
    pub text_exact: Field,
    /// Tags as displayed (after aliases), one per tag key, stemmed text, stored.
    pub tag: Field,
    /// Tags as written in the source, with repeats, stored only: the tag report reads them.
    pub tag_raw: Field,
    /// The tag facet `/<key>/<display>`.
    pub tag_facet: Field,
    /// Publication date, when known.
    pub date: Field,
    /// Publisher or source name.
    pub source: Field,
    /// The article's URL.
    pub url: Field,
}

fn text(analyzer: &str, stored: bool) -> TextOptions {
    text_recording(analyzer, stored, IndexRecordOption::WithFreqsAndPositions)
}

fn text_recording(analyzer: &str, stored: bool, record: IndexRecordOption) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(analyzer)
        .set_index_option(record);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// Which analyzers the text fields use. The default is `arabic` for the stemmed fields and
/// `arabic_exact` for the exact-form ones; other choices exist for measurements (`fihris index
/// --analyzer`), and tantivy records them in the index's schema, so searches use them too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldAnalyzers {
    /// Analyzer of `title`, `text` and `tag`.
    pub stemmed: String,
    /// Analyzer of `text_exact`.
    pub exact: String,
}

impl Default for FieldAnalyzers {
    fn default() -> Self {
        FieldAnalyzers {
            stemmed: ARABIC.to_string(),
            exact: ARABIC_EXACT.to_string(),
        }
    }
}

/// How many times the title and each tag are written into the combined text fields (`text` and
/// `text_exact`): their weight against a body word in BM25F. Chosen at index time and recorded in the
/// index's marker, since changing them means re-indexing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TextWeights {
    /// Repetitions of the title.
    pub title: u32,
    /// Repetitions of each tag.
    pub tags: u32,
}

impl Default for TextWeights {
    fn default() -> Self {
        // Measured on ARCD and KaifLematha-dev, alone and among the ANT articles, with and without
        // titles (bench/retrieval.sh, docs/retrieval.md).
        TextWeights { title: 2, tags: 1 }
    }
}

/// Builds the schema and its fields.
pub fn build(analyzers: &FieldAnalyzers) -> (Schema, Fields) {
    let (stemmed, exact) = (analyzers.stemmed.as_str(), analyzers.exact.as_str());
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        file: builder.add_text_field("file", STRING | FAST),
        file_sig: builder.add_u64_field("file_sig", FAST),
        path: builder.add_text_field("path", STORED),
        title: builder.add_text_field("title", text(stemmed, true)),
        body: builder.add_text_field("body", STORED),
        text: builder.add_text_field("text", text(stemmed, false)),
        // Each form once, with its frequency (always 1): see the module's documentation.
        text_exact: builder.add_text_field(
            "text_exact",
            text_recording(
                &analysis::distinct(exact),
                false,
                IndexRecordOption::WithFreqs,
            ),
        ),
        tag: builder.add_text_field("tag", text(stemmed, true)),
        tag_raw: builder.add_text_field("tag_raw", STORED),
        tag_facet: builder.add_facet_field("tag_facet", FacetOptions::default()),
        date: builder.add_date_field("date", INDEXED | FAST | STORED),
        source: builder.add_text_field("source", STRING | STORED),
        url: builder.add_text_field("url", STORED),
    };
    (builder.build(), fields)
}

/// Resolves the fields of an existing index's schema (which must be this version's).
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: f("id")?,
        file: f("file")?,
        file_sig: f("file_sig")?,
        path: f("path")?,
        title: f("title")?,
        body: f("body")?,
        text: f("text")?,
        text_exact: f("text_exact")?,
        tag: f("tag")?,
        tag_raw: f("tag_raw")?,
        tag_facet: f("tag_facet")?,
        date: f("date")?,
        source: f("source")?,
        url: f("url")?,
    })
}
