//! The index schema: which fields an article becomes, and how each one is analyzed.
//!
//! Title and body are each indexed twice: with `arabic` (stemmed) and `arabic_exact` (normalized, not
//! stemmed), so that a match on the exact form can outrank a stemmed one. Tags are stored as written,
//! searchable as text, and indexed as a facet `/<tag key>/<display form>`: counting the first level
//! counts articles per tag key (أرمينيا and ارمينيا are one key); the second level remembers how the
//! tag is written, so facets are shown the way editors wrote them.

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED, STRING,
};

use crate::analysis::{ARABIC, ARABIC_EXACT};

/// Bumped whenever the schema changes: an index built with another version must be rebuilt.
pub const SCHEMA_VERSION: u32 = 1;

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
    /// Title, stemmed, stored.
    pub title: Field,
    /// Title, exact form.
    pub title_exact: Field,
    /// Body paragraphs (newline-separated), stemmed, stored.
    pub body: Field,
    /// Body, exact form.
    pub body_exact: Field,
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
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(analyzer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
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
    /// Analyzer of `title`, `body` and `tag`.
    pub stemmed: String,
    /// Analyzer of `title_exact` and `body_exact`.
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
        title_exact: builder.add_text_field("title_exact", text(exact, false)),
        body: builder.add_text_field("body", text(stemmed, true)),
        body_exact: builder.add_text_field("body_exact", text(exact, false)),
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
        title_exact: f("title_exact")?,
        body: f("body")?,
        body_exact: f("body_exact")?,
        tag: f("tag")?,
        tag_raw: f("tag_raw")?,
        tag_facet: f("tag_facet")?,
        date: f("date")?,
        source: f("source")?,
        url: f("url")?,
    })
}
