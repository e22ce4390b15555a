//! `fihris search`: one query (text or JSON), or a batch of queries written as a TREC run.

use std::fs;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{SearchArgs, SortOrder};
use crate::search::count::grouped;
use crate::search::{
    Engine, Ranking, SearchError, SearchRequest, SearchResponse, SearchResults, Sort, TotalRelation,
};
use crate::store::Store;
use crate::terminal::{isolate, safe, use_colour};

/// Runs `fihris search`.
pub fn run(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.location.index)?;
    let mut ranking = match &args.ranking {
        Some(text) => {
            Ranking::parse(text).map_err(|e| anyhow::anyhow!("--ranking {text:?}: {e}"))?
        }
        None => Ranking::default(),
    };
    if args.no_exact {
        ranking.exact = 0.0;
    }
    ranking.keep_question_words = args.keep_question_words;
    let engine = Engine::with_ranking(store, ranking)?;
    if let Some(batch) = &args.batch {
        let run = args.run.as_ref().expect("clap requires --run with --batch");
        return run_batch(&engine, &args, batch, run);
    }
    let request = request_of(&args, args.query.clone().unwrap_or_default());
    let results = engine.search(&request)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &SearchResponse::from(results.clone()))?;
        writeln!(out)?;
    } else {
        let view = TextView {
            offset: args.offset,
            colour: use_colour(io::stdout().is_terminal()),
            // A date order gives every hit score 0: not worth a column.
            scores: request.sort == Sort::Relevance,
        };
        render_text(&results, &view, &mut out)?;
    }
    out.flush()?;
    for unknown in &results.unknown_tags {
        if unknown.suggestions.is_empty() {
            eprintln!("fihris: no tag {:?} in the index", unknown.tag);
        } else {
            let suggestions: Vec<_> = unknown.suggestions.iter().map(|t| isolate(t)).collect();
            eprintln!(
                "fihris: no tag {:?} in the index; did you mean: {}?",
                unknown.tag,
                suggestions.join("، ")
            );
        }
    }
    for warning in &results.warnings {
        eprintln!("fihris: warning: {warning}");
    }
    Ok(ExitCode::SUCCESS)
}

fn request_of(args: &SearchArgs, query: String) -> SearchRequest {
    SearchRequest {
        query,
        all_tags: args.tags.clone(),
        any_tags: args.any_tags.clone(),
        not_tags: args.not_tags.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        sort: match args.sort {
            SortOrder::Relevance => Sort::Relevance,
            SortOrder::Newest => Sort::Newest,
            SortOrder::Oldest => Sort::Oldest,
        },
        limit: args
            .limit
            .unwrap_or(if args.batch.is_some() { 100 } else { 10 }),
        offset: args.offset,
        facets: args
            .facets
            .unwrap_or(if args.batch.is_some() { 0 } else { 10 }),
        snippets: args.batch.is_none(),
        track_total_hits: args.track_total_hits.unwrap_or_default(),
        variants: !args.no_variants,
    }
}

/// Highlights `snippet`'s ranges: colour on a terminal, `[` `]` markers otherwise. The archive's
/// text is made terminal-safe piece by piece (the ranges are byte offsets into the raw snippet).
fn highlight(snippet: &str, ranges: &[[usize; 2]], colour: bool) -> String {
    let (open, close) = if colour {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::with_capacity(snippet.len() + ranges.len() * 8);
    let mut from = 0;
    for &[start, end] in ranges {
        let (Some(before), Some(word)) = (snippet.get(from..start), snippet.get(start..end)) else {
            continue;
        };
        out.push_str(&safe(before));
        out.push_str(open);
        out.push_str(&safe(word));
        out.push_str(close);
        from = end;
    }
    out.push_str(&safe(&snippet[from..]));
    out
}

/// How the text view shows hits.
struct TextView {
    /// The rank of the first hit, less one.
    offset: usize,
    /// Colour highlights (else `[…]`).
    colour: bool,
    /// Show each hit's score (not when sorted by date).
    scores: bool,
}

/// Text output. Each Arabic text (title, tags, snippet) sits on a line of its own, with the Latin
/// labels on lines apart, so a right-to-left terminal lays every line out in one direction; the
/// fields that share a line with a label are bidi-isolated, and all archive text is terminal-safe.
fn render_text(r: &SearchResults, view: &TextView, out: &mut impl Write) -> io::Result<()> {
    match r.total_relation {
        TotalRelation::Eq => writeln!(out, "{} results ({:.1} ms)", r.total, r.took_ms)?,
        TotalRelation::Gte => writeln!(
            out,
            "more than {} results ({:.1} ms)",
            grouped(r.total),
            r.took_ms
        )?,
    }
    // Right under the count, where a reader of "0 results" looks next; the suggestion is made of
    // the query's and the index's words, so it is made terminal-safe (and isolated) like archive text.
    if let Some(suggestion) = &r.did_you_mean {
        writeln!(out, "did you mean: {}", isolate(suggestion))?;
    }
    for (i, hit) in r.hits.iter().enumerate() {
        writeln!(out)?;
        let date = hit.date.as_deref().unwrap_or("-");
        let rank = view.offset.saturating_add(i + 1);
        let id = isolate(&hit.id);
        if view.scores {
            writeln!(out, "#{rank} {date} {id} (score {:.2})", hit.score)?;
        } else {
            writeln!(out, "#{rank} {date} {id}")?;
        }
        writeln!(out, "{}", safe(&hit.title))?;
        if !hit.tags.is_empty() {
            let tags: Vec<_> = hit.tags.iter().map(|t| isolate(t)).collect();
            writeln!(out, "{}", tags.join(" · "))?;
        }
        if !hit.snippet.is_empty() {
            writeln!(
                out,
                "{}",
                highlight(&hit.snippet, &hit.highlights, view.colour)
            )?;
        }
        if hit.path != hit.id {
            writeln!(out, "{}", safe(&hit.path))?;
        }
    }
    if !r.facets.is_empty() {
        writeln!(out)?;
        if r.facets_sampled {
            writeln!(
                out,
                "tags (counted over the first {} results, in archive order):",
                grouped(r.total)
            )?;
        } else {
            writeln!(out, "tags:")?;
        }
        for facet in &r.facets {
            writeln!(out, "{:>6}  {}", facet.count, isolate(&facet.tag))?;
        }
    }
    Ok(())
}

/// Batch mode: `qid<TAB>query` lines in, a TREC run (`qid Q0 docid rank score tag`) out.
fn run_batch(
    engine: &Engine,
    args: &SearchArgs,
    queries: &std::path::Path,
    run: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    let text =
        fs::read_to_string(queries).with_context(|| format!("reading {}", queries.display()))?;
    let file = fs::File::create(run).with_context(|| format!("creating {}", run.display()))?;
    let mut out = BufWriter::new(file);
    let mut timings = match &args.timings {
        Some(path) => Some(BufWriter::new(
            fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => None,
    };
    if args.warmup {
        // Untimed: the term dictionaries, postings and facet caches are warm for the timed pass.
        for line in text.lines() {
            if let Some((_, query)) = line.split_once('\t') {
                let _ = engine.search(&request_of(args, query.to_string()));
            }
        }
    }
    let (mut count, mut skipped) = (0, 0);
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        // A bad line is reported and skipped: the rest of the run still gets written.
        let at = format!("{}:{}", queries.display(), n + 1);
        let Some((qid, query)) = line.split_once('\t') else {
            eprintln!("fihris: {at}: skipped: expected `qid<TAB>query`");
            skipped += 1;
            continue;
        };
        let request = request_of(args, query.to_string());
        let started = std::time::Instant::now();
        let searched = engine.search(&request);
        let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
        let results = match searched {
            Ok(results) => results,
            Err(err @ SearchError::InvalidRequest { .. }) => {
                eprintln!("fihris: {at}: skipped query {qid}: {err}");
                skipped += 1;
                continue;
            }
            Err(err) => return Err(err).with_context(|| format!("{at}: query {qid}")),
        };
        if let Some(timings) = timings.as_mut() {
            writeln!(timings, "{qid}\t{elapsed_ms:.4}")?;
        }
        for (rank, hit) in results.hits.iter().enumerate() {
            writeln!(
                out,
                "{qid} Q0 {} {} {:.6} {}",
                hit.id,
                rank + 1,
                hit.score,
                args.run_tag
            )?;
        }
        count += 1;
    }
    out.flush()?;
    if let Some(timings) = timings.as_mut() {
        timings.flush()?;
    }
    eprintln!("fihris: {count} queries, run written to {}", run.display());
    if skipped > 0 {
        eprintln!("fihris: {skipped} lines of {} skipped", queries.display());
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
