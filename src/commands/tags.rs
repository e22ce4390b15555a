//! `fihris tags` (the vocabulary) and `fihris tags report` (duplicates and variant clusters).

use std::fs;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::cli::{ReportFormat, TagsArgs, TagsCommand, TagsReportArgs};
use crate::indexer::document::article_path;
use crate::reader::{self, ReadOptions};
use crate::search::vocabulary::{self, TagEntry};
use crate::store::Store;
use crate::tags::{self, build_report, tag_key, write_aliases, ArticleTags, ReportOptions};
use crate::terminal::{isolate, safe};

/// Runs `fihris tags` or `fihris tags report`.
pub fn run(args: TagsArgs) -> anyhow::Result<ExitCode> {
    match args.report {
        Some(TagsCommand::Report(report)) => run_report(report),
        None if args.keys => run_keys(&args),
        None => run_vocabulary(&args),
    }
}

/// `fihris tags --keys`: every distinct tag of the index (as written, and after aliases) with its
/// [`tag_key`], for `tools/opensearch-check`, which compares the exported keyword normalizer with it.
fn run_keys(args: &TagsArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.location.index)?;
    let articles = tags::articles_of_index(&store.reader()?.searcher(), &store.fields)?;
    let distinct: std::collections::BTreeSet<&str> = articles
        .iter()
        .flat_map(|a| a.raw.iter().chain(&a.tags))
        .map(String::as_str)
        .collect();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for tag in distinct {
        let line = serde_json::json!({"tag": tag, "key": tag_key(tag)});
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct VocabularyOut<'a> {
    total: usize,
    tags: &'a [TagEntry],
}

fn run_vocabulary(args: &TagsArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.location.index)?;
    let searcher = store.reader()?.searcher();
    let mut all = vocabulary::all_tags(&searcher, &store.fields)?;
    if let Some(prefix) = &args.prefix {
        let prefix = tag_key(prefix);
        all.retain(|t| t.key.starts_with(&prefix));
    }
    let total = all.len();
    all.truncate(args.top);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &VocabularyOut { total, tags: &all })?;
        writeln!(out)?;
    } else {
        writeln!(out, "{total} tags")?;
        for tag in &all {
            writeln!(out, "{:>7}  {}", tag.articles, isolate(&tag.tag))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_report(args: TagsReportArgs) -> anyhow::Result<ExitCode> {
    let articles = match &args.archive {
        Some(dir) => tags_of_archive(dir)?,
        None => {
            let store = Store::open(&args.location.index)?;
            tags::articles_of_index(&store.reader()?.searcher(), &store.fields)?
        }
    };
    let report = build_report(&articles, &ReportOptions::default())
        .with_min_articles(args.min_articles as usize);
    if let Some(path) = &args.write_aliases {
        fs::write(path, write_aliases(&report))
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!(
            "fihris: aliases written to {}: review them, then `fihris index … --aliases {}`",
            path.display(),
            path.display()
        );
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        ReportFormat::Text => tags::render::write_text(&report, &mut out)?,
        ReportFormat::Json => tags::render::write_json(&report, &mut out)?,
        ReportFormat::Csv => tags::render::write_csv(&report, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The tags of every article of an archive folder, read directly (no index needed).
fn tags_of_archive(dir: &std::path::Path) -> anyhow::Result<Vec<ArticleTags>> {
    let dir = fs::canonicalize(dir).with_context(|| format!("archive folder {}", dir.display()))?;
    let walk = reader::walk_archives(std::slice::from_ref(&dir), None)?;
    let options = ReadOptions::default();
    let mut articles = Vec::new();
    for file in &walk.files {
        let relative = file
            .path
            .strip_prefix(&dir)
            .unwrap_or(&file.path)
            .display()
            .to_string();
        match reader::read_file(&file.path, &options) {
            Ok(contents) => {
                for located in contents.articles {
                    let path = article_path(&relative, &located.locator);
                    let id = located.article.id.clone().unwrap_or(path);
                    articles.push(ArticleTags::from_raw(id, located.article.tags, None));
                }
            }
            Err(err) => eprintln!(
                "fihris: {}: skipped: {}",
                safe(&file.path.display().to_string()),
                safe(&err.to_string())
            ),
        }
    }
    Ok(articles)
}
