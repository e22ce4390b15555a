//! `fihris stats`: what an index holds.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::cli::StatsArgs;
use crate::stats::Stats;
use crate::store::Store;
use crate::terminal::safe;

/// Runs `fihris stats`.
pub fn run(args: StatsArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.location.index)?;
    let stats = crate::stats::collect(&store, &store.reader()?.searcher())?;
    print_stats(&stats, args.json, &mut io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
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
    let part = |bytes: u64| format!("{:.1}", bytes as f64 / 1_048_576.0);
    let space = &stats.space;
    writeln!(
        out,
        "  by component     store {}, postings {}, positions {}, terms {}, fast fields {}, norms {}, other {} MiB",
        part(space.store),
        part(space.postings),
        part(space.positions),
        part(space.termdict),
        part(space.fast_fields),
        part(space.fieldnorms + space.deletes),
        part(space.other)
    )?;
    writeln!(
        out,
        "analyzer           {} (analysis v{}, schema v{})",
        stats.analyzer, stats.analysis_version, stats.schema_version
    )?;
    Ok(())
}
