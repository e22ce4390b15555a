//! `fihris analyze`: the tokens an analyzer makes of a text, like Elasticsearch's `_analyze`.

use std::io::{self, BufRead, BufWriter, Read, Write};
use std::process::ExitCode;

use anyhow::{bail, Context};
use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis;
use crate::cli::AnalyzeArgs;

/// One token as printed.
#[derive(Debug, Serialize)]
struct TokenOut<'a> {
    text: &'a str,
    position: usize,
    start: usize,
    end: usize,
}

/// The JSON object printed per text (field order as documented).
#[derive(Debug, Serialize)]
struct AnalysisOut<'a> {
    analyzer: &'a str,
    tokens: Vec<TokenOut<'a>>,
}

/// Runs `fihris analyze`.
pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
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
        let text = if args.text.is_empty() {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .context("reading stdin")?;
            text
        } else {
            args.text.join(" ")
        };
        print_tokens(&mut analyzer, &args, &text, &mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_tokens(
    analyzer: &mut TextAnalyzer,
    args: &AnalyzeArgs,
    text: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(t) = stream.next() {
        tokens.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
    }
    if args.json {
        let tokens: Vec<TokenOut> = tokens
            .iter()
            .map(|(text, position, start, end)| TokenOut {
                text,
                position: *position,
                start: *start,
                end: *end,
            })
            .collect();
        let object = AnalysisOut {
            analyzer: &args.analyzer,
            tokens,
        };
        writeln!(out, "{}", serde_json::to_string(&object)?)?;
    } else {
        for (token, position, start, end) in &tokens {
            // The token, then the original word it came from, with its byte range.
            writeln!(
                out,
                "{position}\t{token}\t{}\t{start}..{end}",
                &text[*start..*end]
            )?;
        }
        if args.lines {
            writeln!(out)?;
        }
    }
    Ok(())
}
