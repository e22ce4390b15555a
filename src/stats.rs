//! What an index holds (documents, tags, dates, size, versions): printed by `fihris stats`,
//! served by `GET /api/stats`.

use std::path::PathBuf;

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::{ExistsQuery, Query};
use tantivy::schema::Value;
use tantivy::space_usage::PerFieldSpaceUsage;
use tantivy::{DateTime, Order, TantivyDocument};

use crate::analysis::ANALYSIS_VERSION;
use crate::schema::SCHEMA_VERSION;
use crate::search::{format_date, vocabulary};
use crate::store::Store;

/// What an index holds.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Stats {
    /// Articles searchable.
    pub documents: u64,
    /// Articles with at least one tag.
    pub articles_with_tags: usize,
    /// Distinct tag keys.
    pub distinct_tags: usize,
    /// The earliest publication date.
    pub date_from: Option<String>,
    /// The latest publication date.
    pub date_to: Option<String>,
    /// Documents without a date (none of their own that parses, none in their path).
    pub undated: u64,
    /// Bytes of the index folder.
    pub size_bytes: u64,
    /// Where those bytes go: by component and by field (tantivy's `SpaceUsage`).
    pub space: SpaceBreakdown,
    /// Index segments.
    pub segments: usize,
    /// The text analyzer.
    pub analyzer: &'static str,
    /// The analysis version that built the index.
    pub analysis_version: u32,
    /// The schema version that built the index.
    pub schema_version: u32,
    /// The index folder.
    pub index: String,
}

/// The index's bytes by component (they add up to the folder's size) and by field.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SpaceBreakdown {
    /// Term dictionaries.
    pub termdict: u64,
    /// Postings (document lists and term frequencies).
    pub postings: u64,
    /// Term positions (for phrases).
    pub positions: u64,
    /// Fast fields (columns: dates, file keys and signatures, facets).
    pub fast_fields: u64,
    /// Field norms (lengths, for BM25).
    pub fieldnorms: u64,
    /// The document store (stored fields, compressed).
    pub store: u64,
    /// Deleted-document bitsets.
    pub deletes: u64,
    /// Everything else in the folder: `meta.json`, Fihris's marker and alias file, files of
    /// segments no longer in use that tantivy has not collected yet.
    pub other: u64,
    /// Per field: bytes in the term dictionary, postings, positions, fast fields and norms.
    pub fields: std::collections::BTreeMap<String, FieldSpace>,
}

/// One field's share of the index.
#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct FieldSpace {
    /// Term dictionary.
    pub termdict: u64,
    /// Postings.
    pub postings: u64,
    /// Positions.
    pub positions: u64,
    /// Fast field column.
    pub fast_fields: u64,
    /// Field norms.
    pub fieldnorms: u64,
}

/// Which counter of a [`FieldSpace`] a component adds to.
type FieldSlot = fn(&mut FieldSpace) -> &mut u64;

impl SpaceBreakdown {
    fn of(searcher: &tantivy::Searcher, folder_bytes: u64) -> Result<Self, StatsError> {
        let usage = searcher
            .space_usage()
            .map_err(|e| StatsError::Tantivy(e.into()))?;
        let mut space = SpaceBreakdown {
            termdict: 0,
            postings: 0,
            positions: 0,
            fast_fields: 0,
            fieldnorms: 0,
            store: 0,
            deletes: 0,
            other: 0,
            fields: Default::default(),
        };
        for segment in usage.segments() {
            space.termdict += segment.termdict().total().get_bytes();
            space.postings += segment.postings().total().get_bytes();
            space.positions += segment.positions().total().get_bytes();
            space.fast_fields += segment.fast_fields().total().get_bytes();
            space.fieldnorms += segment.fieldnorms().total().get_bytes();
            space.store += segment.store().total().get_bytes();
            space.deletes += segment.deletes().get_bytes();
            let parts: [(&PerFieldSpaceUsage, FieldSlot); 5] = [
                (segment.termdict(), |f| &mut f.termdict),
                (segment.postings(), |f| &mut f.postings),
                (segment.positions(), |f| &mut f.positions),
                (segment.fast_fields(), |f| &mut f.fast_fields),
                (segment.fieldnorms(), |f| &mut f.fieldnorms),
            ];
            for (per_field, slot) in parts {
                for field in per_field.fields() {
                    let entry = space
                        .fields
                        .entry(field.field_name().to_string())
                        .or_default();
                    *slot(entry) += field.total().get_bytes();
                }
            }
        }
        space.other = folder_bytes.saturating_sub(usage.total().get_bytes());
        Ok(space)
    }
}

/// Why the statistics could not be read.
#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    /// tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index folder could not be measured.
    #[error("measuring {path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The statistics of `store` as `searcher` sees it.
pub fn collect(store: &Store, searcher: &tantivy::Searcher) -> Result<Stats, StatsError> {
    let dir = &store.dir;
    let fields = store.fields;
    let facet_name = searcher
        .schema()
        .get_field_name(fields.tag_facet)
        .to_string();
    let with_tags = ExistsQuery::new(facet_name, false);
    let articles_with_tags = searcher.search(&with_tags as &dyn Query, &Count)?;
    let tags = vocabulary::all_tags(searcher, &fields)?;
    let dated = searcher.search(&ExistsQuery::new("date".to_string(), false), &Count)? as u64;
    let date_at = |order: Order| -> Result<Option<String>, StatsError> {
        let top = tantivy::collector::TopDocs::with_limit(1)
            .order_by_fast_field::<DateTime>("date", order);
        let hits = searcher.search(&ExistsQuery::new("date".to_string(), false), &top)?;
        Ok(match hits.first() {
            Some((_, address)) => {
                let doc: TantivyDocument = searcher.doc(*address)?;
                doc.get_first(fields.date)
                    .and_then(|v| v.as_datetime())
                    .map(format_date)
            }
            None => None,
        })
    };
    let size_bytes = dir_size(dir).map_err(|source| StatsError::Io {
        path: dir.clone(),
        source,
    })?;
    let stats = Stats {
        documents: searcher.num_docs(),
        articles_with_tags,
        distinct_tags: tags.len(),
        date_from: date_at(Order::Asc)?,
        date_to: date_at(Order::Desc)?,
        undated: searcher.num_docs().saturating_sub(dated),
        size_bytes,
        space: SpaceBreakdown::of(searcher, size_bytes)?,
        segments: searcher.segment_readers().len(),
        analyzer: crate::analysis::ARABIC,
        analysis_version: ANALYSIS_VERSION,
        schema_version: SCHEMA_VERSION,
        index: dir.display().to_string(),
    };
    Ok(stats)
}

fn dir_size(dir: &std::path::Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let meta = entry?.metadata()?;
        if meta.is_file() {
            total += meta.len();
        }
    }
    Ok(total)
}
