//! `fihris stats`: what an index holds.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::{ExistsQuery, Query};
use tantivy::schema::Value;
use tantivy::{DateTime, Order, TantivyDocument};

use crate::analysis::ANALYSIS_VERSION;
use crate::cli::StatsArgs;
use crate::schema::SCHEMA_VERSION;
use crate::search::{format_date, vocabulary};
use crate::store::Store;
use crate::terminal::safe;

/// What an index holds: printed by `fihris stats`, served by `GET /api/stats`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[allow(missing_docs)]
pub struct Stats {
    pub documents: u64,
    pub articles_with_tags: usize,
    pub distinct_tags: usize,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// Documents without a date (none of their own that parses, none in their path).
    pub undated: u64,
    pub size_bytes: u64,
    pub segments: usize,
    pub analyzer: &'static str,
    pub analysis_version: u32,
    pub schema_version: u32,
    pub index: String,
}

/// Runs `fihris stats`.
pub fn run(args: StatsArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.location.index)?;
    let stats = collect(&store, &store.reader()?.searcher())?;
    print_stats(&stats, args.json, &mut io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

/// The statistics of `store` as `searcher` sees it.
pub fn collect(store: &Store, searcher: &tantivy::Searcher) -> anyhow::Result<Stats> {
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
    let date_at = |order: Order| -> anyhow::Result<Option<String>> {
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
    let stats = Stats {
        documents: searcher.num_docs(),
        articles_with_tags,
        distinct_tags: tags.len(),
        date_from: date_at(Order::Asc)?,
        date_to: date_at(Order::Desc)?,
        undated: searcher.num_docs().saturating_sub(dated),
        size_bytes: dir_size(dir).with_context(|| format!("measuring {}", dir.display()))?,
        segments: searcher.segment_readers().len(),
        analyzer: crate::analysis::ARABIC,
        analysis_version: ANALYSIS_VERSION,
        schema_version: SCHEMA_VERSION,
        index: dir.display().to_string(),
    };
    Ok(stats)
}

fn print_stats(stats: &Stats, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string(stats)?)?;
        return Ok(());
    }
    writeln!(out, "index              {}", safe(&stats.index))?;
    writeln!(out, "documents          {}", stats.documents)?;
    writeln!(out, "articles with tags {}", stats.articles_with_tags)?;
    writeln!(out, "distinct tags      {}", stats.distinct_tags)?;
    match (&stats.date_from, &stats.date_to) {
        (Some(from), Some(to)) => writeln!(out, "dates              {from} … {to}")?,
        _ => writeln!(out, "dates              none")?,
    }
    writeln!(out, "undated articles   {}", stats.undated)?;
    let mib = stats.size_bytes as f64 / 1_048_576.0;
    writeln!(
        out,
        "size on disk       {mib:.1} MiB ({} segments)",
        stats.segments
    )?;
    writeln!(
        out,
        "analyzer           {} (analysis v{}, schema v{})",
        stats.analyzer, stats.analysis_version, stats.schema_version
    )?;
    Ok(())
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
