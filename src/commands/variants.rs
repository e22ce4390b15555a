//! `fihris variants`: the spelling-variant groups of an index, for review; `fihris analyze
//! --variants WORD` shows one word's group.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::cli::VariantsArgs;
use crate::store::Store;
use crate::terminal;
use crate::variants::{self, GroupOptions, Reviewed, VariantGroup, VariantsFile};

/// What `--json` prints.
#[derive(Serialize)]
struct Listing<'a> {
    documents: u64,
    vocabulary: usize,
    build_ms: u64,
    /// Groups in all (the listing shows the first `--top`).
    total: usize,
    groups: &'a [VariantGroup],
}

/// Runs `fihris variants`.
pub fn run(args: VariantsArgs) -> anyhow::Result<ExitCode> {
    let dir = &args.location.index;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.gates.is_some() || args.pairs {
        let options = match &args.gates {
            Some(text) => GroupOptions::parse(text).map_err(anyhow::Error::msg)?,
            None => GroupOptions::default(),
        };
        let reviewed = match &args.variants_file {
            Some(path) => Reviewed::load(path)?,
            None => Reviewed::default(),
        };
        let store = Store::open(dir)?;
        let summary = variants::build(&store, &reviewed, &options)
            .with_context(|| format!("building variants of {}", dir.display()))?;
        if args.pairs {
            for pair in &summary.pairs {
                writeln!(out, "{}", serde_json::to_string(pair)?)?;
            }
        } else {
            render(&summary.file, &args, &mut out)?;
        }
    } else {
        let file = match &args.variants_file {
            Some(path) => variants::rebuild(dir, Some(path))
                .with_context(|| format!("rebuilding variants of {}", dir.display()))?,
            None => load_or_build(dir)?,
        };
        render(&file, &args, &mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The index's `variants.json`, built (and written) first when missing: an index made before
/// variants existed gets them on first use.
/// The groups of the index at `dir`, built first when it has none ([`variants::refresh`] with no
/// change: the rule `fihris index` follows).
fn load_or_build(dir: &Path) -> anyhow::Result<VariantsFile> {
    variants::refresh(dir, 0).with_context(|| format!("building variants of {}", dir.display()))
}

fn render(file: &VariantsFile, args: &VariantsArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let shown = &file.groups[..file.groups.len().min(args.top)];
    if args.json {
        let listing = Listing {
            documents: file.documents,
            vocabulary: file.vocabulary,
            build_ms: file.build_ms,
            total: file.groups.len(),
            groups: shown,
        };
        writeln!(out, "{}", serde_json::to_string(&listing)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} variant groups among {} words of {} articles (built in {} ms)",
        file.groups.len(),
        file.vocabulary,
        file.documents,
        file.build_ms
    )?;
    for group in shown {
        writeln!(out, "{}", group_line(group))?;
    }
    if shown.len() < file.groups.len() {
        writeln!(out, "… {} more (--top N)", file.groups.len() - shown.len())?;
    }
    Ok(())
}

/// One group as a line: `ترامب 120 · ترمب 80  [vowels 0.41]`, each word isolated for bidi.
pub(crate) fn group_line(group: &VariantGroup) -> String {
    let spellings: Vec<String> = group
        .spellings
        .iter()
        .map(|s| format!("{} {}", terminal::isolate(&terminal::safe(&s.word)), s.df))
        .collect();
    format!(
        "{}  [{} {:.2}{}]",
        spellings.join(" · "),
        group.method.name(),
        group.confidence,
        if group.method.on_by_default() {
            ""
        } else {
            ", off by default"
        }
    )
}

/// `fihris analyze --variants WORD...`: each word's group in the index at `dir`.
pub fn analyze(dir: &Path, text: &str, json: bool) -> anyhow::Result<ExitCode> {
    let file = load_or_build(dir)?;
    let lookup = variants::Variants::from_groups(file.groups);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for word in text.split_whitespace() {
        let normalized = fihris_analyzers::normalize(word);
        let group = lookup.group(&normalized);
        if json {
            #[derive(Serialize)]
            struct Answer<'a> {
                word: &'a str,
                normalized: &'a str,
                group: Option<&'a VariantGroup>,
            }
            let answer = Answer {
                word,
                normalized: &normalized,
                group,
            };
            writeln!(out, "{}", serde_json::to_string(&answer)?)?;
        } else {
            match group {
                Some(g) => writeln!(
                    out,
                    "{}\t{}",
                    terminal::isolate(&terminal::safe(word)),
                    group_line(g)
                )?,
                None => writeln!(
                    out,
                    "{}\tno variants",
                    terminal::isolate(&terminal::safe(word))
                )?,
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
