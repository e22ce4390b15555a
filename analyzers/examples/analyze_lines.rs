//! Prints the tokens of each stdin line, space-joined, one output line per input line: a stemmer
//! command for `../shared/tools/stem_eval.py` that needs no engine build.
//!
//! `cargo run --release -p fihris-analyzers --example analyze_lines -- [light|snowball|none]`

use std::io::{self, BufRead, BufWriter, Write};

use fihris_analyzers::{AnalyzerConfig, ArabicAnalyzer, LightStemRules, StemmerChoice};
use tantivy_tokenizer_api::{TokenStream, Tokenizer};

fn main() -> io::Result<()> {
    let stemmer = match std::env::args().nth(1).as_deref() {
        None | Some("light") => StemmerChoice::Light,
        Some("snowball") => StemmerChoice::Snowball,
        Some("none") => StemmerChoice::None,
        Some(other) => {
            eprintln!("unknown stemmer {other:?}: expected light, snowball or none");
            std::process::exit(2);
        }
    };
    // LIGHT_OFF=preposition,past_tense and LIGHT_ON=nisba turn light-stemmer rules off and on, for
    // measuring each rule's effect.
    let mut light_rules = LightStemRules::default();
    for (var, on) in [("LIGHT_OFF", false), ("LIGHT_ON", true)] {
        for name in std::env::var(var).unwrap_or_default().split(',') {
            if !name.is_empty() {
                if let Err(e) = light_rules.set(name, on) {
                    eprintln!("{e}");
                    std::process::exit(2);
                }
            }
        }
    }
    let mut analyzer = ArabicAnalyzer::new(AnalyzerConfig {
        stemmer,
        light_rules,
        ..AnalyzerConfig::default()
    });
    let mut out = BufWriter::new(io::stdout().lock());
    for line in io::stdin().lock().lines() {
        let line = line?;
        let mut stream = analyzer.token_stream(&line);
        let mut first = true;
        while let Some(token) = stream.next() {
            if !first {
                out.write_all(b" ")?;
            }
            out.write_all(token.text.as_bytes())?;
            first = false;
        }
        out.write_all(b"\n")?;
    }
    out.flush()
}
