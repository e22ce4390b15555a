//! Throughput of the Arabic analyzers beside tantivy's own on the same real news text.
//!
//! Text: the bodies of the first articles of `../shared/data/ant.jsonl.gz` (about 4 MiB), or the seed
//! article when `../shared` is absent. Each benchmark asserts its token count inside the loop, so the
//! work cannot be optimized away. Run: `cargo bench -p fihris-analyzers --bench analyzer`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fihris_analyzers::{AnalyzerConfig, ArabicAnalyzer};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};

const TARGET_BYTES: usize = 4 << 20;

fn news_text() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let archive = root.join("data/ant.jsonl.gz");
    match std::fs::File::open(&archive) {
        Ok(file) => {
            let reader = BufReader::new(flate2::read::GzDecoder::new(file));
            let mut text = String::new();
            for line in reader.lines() {
                let line = line.expect("ant.jsonl.gz is readable");
                let doc: serde_json::Value = serde_json::from_str(&line).expect("one JSON a line");
                text.push_str(doc["body"].as_str().unwrap_or_default());
                text.push('\n');
                if text.len() >= TARGET_BYTES {
                    break;
                }
            }
            text
        }
        Err(_) => {
            eprintln!(
                "{} not found: benchmarking on the seed article",
                archive.display()
            );
            let seed = root.join("seeds/000_58c241df490e0bb8.txt");
            std::fs::read_to_string(seed).unwrap_or_else(|_| {
                "بحث الرئيس الروسي فلاديمير بوتين، اليوم، الوضع في كاراباخ. ".repeat(200)
            })
        }
    }
}

fn count_tokens(analyzer: &mut TextAnalyzer, text: &str) -> usize {
    let mut stream = analyzer.token_stream(text);
    let mut n = 0;
    while stream.advance() {
        n += 1;
    }
    n
}

fn analyzers() -> Vec<(&'static str, TextAnalyzer)> {
    let tantivy_default = || {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
    };
    vec![
        (
            "arabic",
            ArabicAnalyzer::new(AnalyzerConfig::default()).into(),
        ),
        (
            "arabic_exact",
            ArabicAnalyzer::new(AnalyzerConfig::exact()).into(),
        ),
        ("tantivy_default", tantivy_default().build()),
        (
            "tantivy_snowball_arabic",
            tantivy_default()
                .filter(Stemmer::new(Language::Arabic))
                .build(),
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let text = news_text();
    let mut group = c.benchmark_group("analyze_news");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    for (name, mut analyzer) in analyzers() {
        let expected = count_tokens(&mut analyzer, &text);
        assert!(expected > 0, "{name} made no tokens");
        group.bench_function(name, |b| {
            b.iter(|| assert_eq!(count_tokens(&mut analyzer, &text), expected));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
