//! `fihris index`: resolve flags into [`IndexOptions`], show progress, print the summary.

use std::cell::Cell;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};

use crate::analysis;
use crate::cli::IndexArgs;
use crate::indexer::{self, IndexOptions, IndexSummary, Progress};
use crate::reader::{parse_field_spec, Encoding, ReadOptions};
use crate::schema::{FieldAnalyzers, TextWeights};

/// Runs `fihris index`. Exit 0 when the index was committed; with `--strict`, 1 when anything was
/// skipped.
pub fn run(args: IndexArgs) -> anyhow::Result<ExitCode> {
    let options = resolve(&args)?;
    let show_progress = !args.quiet
        && !args.json
        && io::stderr().is_terminal()
        && !crate::terminal::is_dumb_terminal();
    let bar = BarProgress::new(show_progress);
    // Checked before indexing: a bad reviewed file should not cost a whole run.
    if let Some(path) = &args.variants_file {
        crate::variants::Reviewed::load(path)?;
    }
    // A full rebuild swaps a new folder in: the reviewed variants file stored in the old one is
    // carried over, as the alias file is.
    let reviewed_path = options.index_dir.join(crate::variants::REVIEWED_FILE);
    let stored_reviewed = std::fs::read(&reviewed_path).ok();
    let summary = indexer::run(&options, &bar)
        .with_context(|| format!("indexing into {}", options.index_dir.display()))?;
    if let (Some(bytes), None) = (&stored_reviewed, &args.variants_file) {
        if !reviewed_path.exists() {
            std::fs::write(&reviewed_path, bytes)
                .with_context(|| reviewed_path.display().to_string())?;
        }
    }
    // The groups are the vocabulary's: a run that brings no reviewed file keeps them until the
    // articles changed since they were built pass a share of the index (`REBUILD_SHARE`: a
    // rebuild reads every candidate's articles, 6 s on ANT).
    let changed = summary.articles_indexed + summary.articles_updated + summary.articles_deleted;
    let variants = match &args.variants_file {
        Some(file) => crate::variants::rebuild(&options.index_dir, Some(file)),
        None => crate::variants::refresh(&options.index_dir, changed),
    }
    .with_context(|| {
        format!(
            "building spelling variants in {}",
            options.index_dir.display()
        )
    })?;

    if args.json {
        writeln!(io::stdout().lock(), "{}", serde_json::to_string(&summary)?)?;
    } else if !args.quiet {
        print_summary(&summary, variants.groups.len(), &mut io::stdout().lock())?;
    }
    if args.strict && !summary.skipped.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn resolve(args: &IndexArgs) -> anyhow::Result<IndexOptions> {
    let threads = thread_count(args.threads);
    // tantivy needs at least 15 MB per indexing thread.
    let memory_bytes = (args.memory.max(16 * threads)) * 1024 * 1024;
    Ok(IndexOptions {
        archives: args.archives.clone(),
        index_dir: args.location.index.clone(),
        full: args.full,
        aliases_file: args.aliases.clone(),
        read: read_options(&args.encoding, &args.fields)?,
        threads,
        memory_bytes,
        checkpoint_bytes: 256 * 1024 * 1024,
        checkpoint_interval: std::time::Duration::from_secs(30),
        analyzers: field_analyzers(&args.analyzer)?,
        text_weights: {
            let default = TextWeights::default();
            TextWeights {
                title: args.title_weight.unwrap_or(default.title),
                tags: args.tag_weight.unwrap_or(default.tags),
            }
        },
        follow_external_links: args.follow_external_links,
    })
}

/// The reading options of `--encoding NAME` and `--field NAME=KEY`s (shared with `fihris export
/// opensearch --archive`, which reads archives the same way).
pub(crate) fn read_options(encoding: &str, fields: &[String]) -> anyhow::Result<ReadOptions> {
    let encoding: Encoding = encoding.parse()?;
    let field_keys = fields
        .iter()
        .map(|spec| parse_field_spec(spec))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ReadOptions {
        encoding,
        field_keys,
        ..ReadOptions::default()
    })
}

/// `--threads N`, else the number of cores, between 1 and 8.
pub(crate) fn thread_count(threads: Option<usize>) -> usize {
    threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 8)
}

/// The field analyzers for `--analyzer NAME`: the baseline `default` uses tantivy's default analyzer
/// for the exact fields too, so that it is a measurement of no Arabic analysis at all.
fn field_analyzers(name: &str) -> anyhow::Result<FieldAnalyzers> {
    if analysis::build(name).is_none() {
        bail!(
            "unknown analyzer {name:?}; the known analyzers are: {}",
            analysis::NAMES.join(", ")
        );
    }
    let exact = match name {
        analysis::TANTIVY_DEFAULT => name,
        analysis::ARABIC_STOP => analysis::ARABIC_EXACT_STOP,
        _ => analysis::ARABIC_EXACT,
    };
    Ok(FieldAnalyzers {
        stemmed: name.to_string(),
        exact: exact.to_string(),
    })
}

/// An indicatif bar on stderr: files, articles, MB/s, ETA.
struct BarProgress {
    bar: Option<ProgressBar>,
    files: Cell<u64>,
    articles: Cell<u64>,
}

impl BarProgress {
    fn new(enabled: bool) -> Self {
        BarProgress {
            bar: enabled.then(ProgressBar::hidden),
            files: Cell::new(0),
            articles: Cell::new(0),
        }
    }
}

impl Progress for BarProgress {
    fn start(&self, files: u64, bytes: u64) {
        let Some(bar) = &self.bar else { return };
        bar.set_length(bytes);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}",
            )
            .expect("valid template"),
        );
        bar.set_message(format!("0/{files} files, 0 articles"));
        // Drawn only once styled: a target set earlier draws a first frame in the default style.
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.enable_steady_tick(Duration::from_millis(200));
    }

    fn file_done(&self, bytes: u64, articles: u64) {
        let Some(bar) = &self.bar else { return };
        bar.inc(bytes);
        self.files.set(self.files.get() + 1);
        self.articles.set(self.articles.get() + articles);
        bar.set_message(format!(
            "{} files, {} articles",
            self.files.get(),
            self.articles.get()
        ));
    }

    fn phase(&self, what: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "{} files, {} articles; {what}…",
                self.files.get(),
                self.articles.get()
            ));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The summary's lines; `variant_groups` is the number of spelling-variant groups built after it.
fn print_summary(s: &IndexSummary, variant_groups: usize, out: &mut impl Write) -> io::Result<()> {
    let mb = s.bytes_read as f64 / (1024.0 * 1024.0);
    let rate = if s.elapsed_s > 0.0 {
        mb / s.elapsed_s
    } else {
        0.0
    };
    writeln!(out, "files seen        {}", s.files_seen)?;
    writeln!(out, "  read            {}", s.files_read)?;
    writeln!(out, "  unchanged       {}", s.files_unchanged)?;
    writeln!(out, "  skipped         {}", s.skipped.len())?;
    if !s.ignored.is_empty() {
        let names: Vec<&str> = s.ignored.iter().take(3).map(|i| i.path.as_str()).collect();
        let more = if s.ignored.len() > 3 { ", …" } else { "" };
        writeln!(
            out,
            "  ignored         {} (not article files: {}{more})",
            s.ignored.len(),
            names.join(", ")
        )?;
    }
    writeln!(out, "articles indexed  {}", s.articles_indexed)?;
    writeln!(out, "articles updated  {}", s.articles_updated)?;
    writeln!(
        out,
        "  undated         {} (indexed or updated without a date)",
        s.articles_undated
    )?;
    writeln!(out, "articles deleted  {}", s.articles_deleted)?;
    writeln!(out, "articles unchanged {}", s.articles_unchanged)?;
    if s.articles_kept > 0 {
        writeln!(
            out,
            "articles kept     {} (from files or folders that could not be read)",
            s.articles_kept
        )?;
    }
    writeln!(out, "documents         {}", s.documents)?;
    // Said only when there are some: most small archives have no name spelled two ways, and a
    // line of zeros would be noise.
    if variant_groups > 0 {
        writeln!(
            out,
            "variants          {variant_groups} {} of spellings (`fihris variants` lists {})",
            if variant_groups == 1 {
                "group"
            } else {
                "groups"
            },
            if variant_groups == 1 { "it" } else { "them" },
        )?;
    }
    writeln!(
        out,
        "elapsed           {:.2} s, {mb:.1} MiB read, {rate:.1} MiB/s",
        s.elapsed_s
    )?;
    if !s.duplicate_ids.is_empty() {
        writeln!(
            out,
            "duplicate ids     {} (the later article replaced the earlier one):",
            s.duplicate_ids.len()
        )?;
        for dup in s.duplicate_ids.iter().take(10) {
            writeln!(
                out,
                "    {}: {} replaced {}",
                dup.id, dup.kept, dup.replaced
            )?;
        }
        more(out, s.duplicate_ids.len())?;
    }
    if !s.warnings.is_empty() {
        writeln!(out, "warnings:")?;
        for warning in s.warnings.iter().take(10) {
            writeln!(out, "    {}: {}", warning.path, warning.reason)?;
        }
        more(out, s.warnings.len())?;
    }
    if !s.skipped.is_empty() {
        // Grouped by reason, so a thousand files with the same problem read as one line.
        let mut by_reason: std::collections::BTreeMap<String, Vec<&indexer::Skipped>> =
            Default::default();
        for skipped in &s.skipped {
            let reason = reason_group(&skipped.reason);
            by_reason.entry(reason).or_default().push(skipped);
        }
        writeln!(out, "skipped:")?;
        for (reason, files) in by_reason {
            writeln!(out, "  {reason} ({})", files.len())?;
            // Each file with its full reason (the line and column of bad JSON, what was found).
            for file in files.iter().take(10) {
                writeln!(out, "    {}: {}", file.path, file.reason)?;
            }
            more(out, files.len())?;
        }
    }
    Ok(())
}

/// The line after the first ten of `total` listed entries.
fn more(out: &mut impl Write, total: usize) -> io::Result<()> {
    if total > 10 {
        writeln!(out, "    … and {} more (--json lists them all)", total - 10)?;
    }
    Ok(())
}

/// The part of a reason that groups files: up to the first detail (`invalid JSON at line 3…` →
/// `invalid JSON`).
fn reason_group(reason: &str) -> String {
    let cut = reason.find([':', '(']).unwrap_or(reason.len());
    let head = reason[..cut].trim();
    head.split(" at line").next().unwrap_or(head).to_string()
}
