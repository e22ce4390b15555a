//! `fihris analyze`: the tokens an analyzer makes of a text, like Elasticsearch's `_analyze`.

use std::io::{self, BufRead, BufWriter, Read, Write};
use std::process::ExitCode;

use anyhow::{bail, Context};
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis;
use crate::cli::AnalyzeArgs;

/// Runs `fihris analyze`.
pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    if args.variants {
        let text = text_of(&args)?;
        return super::variants::analyze(&args.location.index, &text, args.json);
    }
    let Some(mut analyzer) = analysis::build(&args.analyzer) else {
        bail!(
            "unknown analyzer {:?}; the known analyzers are: {}",
            args.analyzer,
            analysis::NAMES.join(", ")
        );
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.lines {
        let stdin = io::stdin();
        for line in stdin.lock().lines() {
            let line = line.context("reading stdin")?;
            print_tokens(&mut analyzer, &args, &line, &mut out)?;
        }
    } else {
        let text = text_of(&args)?;
        print_tokens(&mut analyzer, &args, &text, &mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// TEXT as given, its words joined by spaces, or standard input when none is given.
fn text_of(args: &AnalyzeArgs) -> anyhow::Result<String> {
    if !args.text.is_empty() {
        return Ok(args.text.join(" "));
    }
    let mut text = String::new();
    io::stdin()
        .read_to_string(&mut text)
        .context("reading stdin")?;
    Ok(text)
}

fn print_tokens(
    analyzer: &mut TextAnalyzer,
    args: &AnalyzeArgs,
    text: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let analysis = analysis::analyze_with(analyzer, &args.analyzer, text);
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&analysis)?)?;
    } else {
        for token in &analysis.tokens {
            // The token, then the original word it came from, with its byte range.
            writeln!(
                out,
                "{}\t{}\t{}\t{}..{}",
                token.position,
                token.text,
                &text[token.start..token.end],
                token.start,
                token.end
            )?;
        }
        if args.lines {
            writeln!(out)?;
        }
    }
    Ok(())
}
