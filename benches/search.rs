//! Search latency on the ANT news archive (31,525 articles), Arabic analysis beside tantivy's default
//! analyzer, with and without tag facet counting.
//!
//! Builds two indexes of `../shared/data/ant.jsonl.gz` in a temporary folder through the library
//! (`indexer::run`): the default Arabic configuration and `--analyzer default` (tantivy's default
//! analyzer on every text field: the baseline). Then, single-threaded, it times `Engine::search` as
//! the interactive `fihris search` makes it (top 10, snippets) for two query sets:
//!
//! - a third of the 1,395 ARCD questions (`../shared/eval/arcd/queries.tsv`): natural-language
//!   questions;
//! - 100 news keywords of 1–3 words drawn from ANT itself: the most frequent title words, title
//!   bigrams and Al Arabiya tags (derived here from the data, so nothing is copied into the repo).
//!
//! Each query runs with `facets: 0` and `facets: 10` back to back (the order alternating), so machine
//! noise falls on both alike; the table reports the median, p99 and mean per configuration and the
//! ratios. Skips with a message when `../shared` is absent. Run with
//! `CARGO_TARGET_DIR=/work/target-bench cargo bench --bench search`.

use std::collections::HashMap;
use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::{Duration, Instant};

use fihris::indexer::{self, IndexOptions, NoProgress};
use fihris::schema::FieldAnalyzers;
use fihris::search::{Engine, SearchRequest};
use fihris::store::Store;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::schema::Facet;

/// Every `ARCD_STRIDE`th ARCD question is timed (465 of 1,395), once: facet counting over a
/// question that matches most of the archive is slow enough that all of them would take minutes.
const ARCD_STRIDE: usize = 3;
/// Timed passes over the keywords (100 queries: more passes for a stable p99).
const KEYWORD_PASSES: usize = 3;

/// Function words and news boilerplate left out of the keyword list: a reader does not search for
/// "في" or "بعد", and leaving them in would measure posting lists nobody queries alone.
const FUNCTION_WORDS: &[&str] = &[
    "في",
    "من",
    "على",
    "إلى",
    "الى",
    "عن",
    "مع",
    "بعد",
    "قبل",
    "أن",
    "ان",
    "إن",
    "التي",
    "الذي",
    "الذين",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "بين",
    "حول",
    "خلال",
    "عند",
    "منذ",
    "حتى",
    "أو",
    "او",
    "ما",
    "لا",
    "لم",
    "لن",
    "قد",
    "كان",
    "كانت",
    "هل",
    "كيف",
    "ماذا",
    "لماذا",
    "بعد",
    "ضد",
    "عبر",
    "دون",
    "غير",
    "أي",
    "كل",
    "بعض",
    "يوم",
    "فيديو",
    "صور",
    "بالصور",
    "بالفيديو",
    "جديد",
    "جديدة",
    "أول",
    "اليوم",
    "عاجل",
];

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let ant = shared.join("data/ant.jsonl.gz");
    let questions = shared.join("eval/arcd/queries.tsv");
    if !ant.is_file() || !questions.is_file() {
        eprintln!(
            "search bench: skipped: {} or {} not found (no ../shared next to the repo)",
            ant.display(),
            questions.display()
        );
        return;
    }
    if let Err(e) = run(&ant, &questions) {
        eprintln!("search bench: failed: {e:#}");
        std::process::exit(1);
    }
}

fn run(ant: &Path, questions: &Path) -> anyhow::Result<()> {
    let scratch = tempfile::tempdir()?;
    let archive = scratch.path().join("archive");
    std::fs::create_dir_all(&archive)?;
    std::os::unix::fs::symlink(ant, archive.join("ant.jsonl.gz"))?;

    let arcd = read_questions(questions)?;
    let keywords = news_keywords(ant, 100)?;
    println!(
        "queries: {} ARCD questions, {} news keywords (e.g. {})",
        arcd.len(),
        keywords.len(),
        keywords
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("، ")
    );

    let configs = [
        ("arabic", FieldAnalyzers::default()),
        (
            "tantivy default",
            FieldAnalyzers {
                stemmed: "default".into(),
                exact: "default".into(),
            },
        ),
    ];
    let mut rows = Vec::new();
    let mut collector_rows = Vec::new();
    for (name, analyzers) in configs {
        let dir = scratch.path().join(name.replace(' ', "-"));
        let started = Instant::now();
        let summary = indexer::run(&options(&archive, &dir, analyzers), &NoProgress)?;
        println!(
            "indexed {} articles with {name} in {:.1} s",
            summary.documents,
            started.elapsed().as_secs_f64()
        );
        let engine = Engine::open(Store::open(&dir)?)?;
        for (set, queries, passes) in [
            ("ARCD questions", &arcd, 1),
            ("news keywords", &keywords, KEYWORD_PASSES),
        ] {
            let [no_facets, facets] = time_queries(&engine, queries, passes)?;
            rows.push(Row::new(name, set, 0, no_facets));
            rows.push(Row::new(name, set, 10, facets));
            if name == "arabic" {
                let [bare, tantivy_facets, streamed] = time_collectors(&engine, queries, passes)?;
                collector_rows.push(Row::new("no facets", set, 0, bare));
                collector_rows.push(Row::new("FacetCollector", set, 10, tantivy_facets));
                collector_rows.push(Row::new("streamed-dictionary prototype", set, 10, streamed));
            }
        }
    }
    print_table(&rows);
    print_collectors(&collector_rows);
    Ok(())
}

fn options(archive: &Path, dir: &Path, analyzers: FieldAnalyzers) -> IndexOptions {
    IndexOptions {
        full: true,
        threads: 2,
        memory_bytes: 256 * 1024 * 1024,
        checkpoint_bytes: u64::MAX,
        checkpoint_interval: Duration::MAX,
        analyzers,
        ..IndexOptions::new(vec![archive.to_path_buf()], dir.to_path_buf())
    }
}

/// Every `ARCD_STRIDE`th question text of a `qid<TAB>text` file.
fn read_questions(path: &Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)?;
    Ok(text
        .lines()
        .filter_map(|line| line.split_once('\t').map(|(_, q)| q.to_string()))
        .step_by(ARCD_STRIDE)
        .collect())
}

/// `n` realistic 1–3 word news queries from ANT: 40% the most frequent title words, 30% the most
/// frequent title bigrams of two content words, 30% the most used tags of one to three words.
fn news_keywords(ant: &Path, n: usize) -> anyhow::Result<Vec<String>> {
    let file = std::fs::File::open(ant)?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut words: HashMap<String, usize> = HashMap::new();
    let mut bigrams: HashMap<String, usize> = HashMap::new();
    let mut tags: HashMap<String, usize> = HashMap::new();
    for line in reader.lines() {
        let record: serde_json::Value = serde_json::from_str(&line?)?;
        let title = record["title"].as_str().unwrap_or_default();
        let tokens: Vec<&str> = title
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() >= 3 && !FUNCTION_WORDS.contains(w))
            .collect();
        for w in &tokens {
            *words.entry(w.to_string()).or_default() += 1;
        }
        for pair in tokens.windows(2) {
            *bigrams.entry(pair.join(" ")).or_default() += 1;
        }
        for tag in record["tags"].as_array().into_iter().flatten() {
            let tag = tag.as_str().unwrap_or_default().trim();
            if (1..=3).contains(&tag.split_whitespace().count()) {
                *tags.entry(tag.to_string()).or_default() += 1;
            }
        }
    }
    let mut out: Vec<String> = Vec::with_capacity(n);
    for (counts, share) in [(words, n * 4 / 10), (bigrams, n * 3 / 10), (tags, n)] {
        let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
        // Ties broken by the text, so the list is the same on every run.
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let room = share.min(n - out.len());
        let fresh: Vec<String> = ranked
            .into_iter()
            .map(|(text, _)| text)
            .filter(|text| !out.contains(text))
            .take(room)
            .collect();
        out.extend(fresh);
    }
    Ok(out)
}

/// Latencies (µs) of every query, `passes` times, without and with facet counting.
fn time_queries(
    engine: &Engine,
    queries: &[String],
    passes: usize,
) -> anyhow::Result<[Vec<f64>; 2]> {
    let request = |query: &str, facets: usize| SearchRequest {
        query: query.to_string(),
        limit: 10,
        facets,
        snippets: true,
        ..SearchRequest::default()
    };
    // One untimed pass warms the page cache and the term dictionaries.
    for q in queries {
        black_box(engine.search(&request(q, 0))?);
    }
    let mut times = [Vec::new(), Vec::new()];
    for pass in 0..passes {
        for (i, q) in queries.iter().enumerate() {
            let order = if (i + pass) % 2 == 0 { [0, 1] } else { [1, 0] };
            for which in order {
                let req = request(q, if which == 0 { 0 } else { 10 });
                let started = Instant::now();
                let results = engine.search(&req)?;
                times[which].push(started.elapsed().as_secs_f64() * 1e6);
                black_box(results);
            }
        }
    }
    Ok(times)
}

/// Latencies (µs) of the bare collectors, on the parsed query: top 10 and count only; plus
/// tantivy's `FacetCollector` (what `Engine::search` uses); plus the streaming prototype instead.
fn time_collectors(
    engine: &Engine,
    queries: &[String],
    passes: usize,
) -> anyhow::Result<[Vec<f64>; 3]> {
    let searcher = engine.searcher();
    let field = searcher
        .schema()
        .get_field_name(engine.store().fields.tag_facet)
        .to_string();
    let top = || (TopDocs::with_limit(10).order_by_score(), Count);
    // The prototype must count what FacetCollector counts, or its timing means nothing.
    for q in queries.iter().take(50) {
        let (query, _) = engine.parse_query(q);
        let mut facets = FacetCollector::for_field(field.clone());
        facets.add_facet(Facet::root());
        let expected = searcher.search(&query, &facets)?;
        let keys = facet_prototype::KeyCounts {
            field: field.clone(),
        };
        let counted = searcher.search(&query, &keys)?;
        anyhow::ensure!(
            counted.len() == expected.get(Facet::root()).count(),
            "prototype and FacetCollector count different tags (query {q:?})"
        );
        for (facet, n) in expected.get(Facet::root()) {
            let key = facet
                .to_path()
                .first()
                .map(|k| k.to_string())
                .unwrap_or_default();
            anyhow::ensure!(
                counted.get(&key) == Some(&n),
                "prototype counts {key:?} {:?}, FacetCollector {n} (query {q:?})",
                counted.get(&key)
            );
        }
    }
    let mut times = [Vec::new(), Vec::new(), Vec::new()];
    for pass in 0..passes {
        for (i, q) in queries.iter().enumerate() {
            let (query, _) = engine.parse_query(q);
            for which in [0, 1, 2].into_iter().cycle().skip((i + pass) % 3).take(3) {
                let started = Instant::now();
                match which {
                    0 => {
                        black_box(searcher.search(&query, &top())?);
                    }
                    1 => {
                        let mut facets = FacetCollector::for_field(field.clone());
                        facets.add_facet(Facet::root());
                        let (_, _, counts) =
                            searcher.search(&query, &(top().0, top().1, facets))?;
                        black_box(counts.top_k(Facet::root(), 10));
                    }
                    _ => {
                        let keys = facet_prototype::KeyCounts {
                            field: field.clone(),
                        };
                        let (_, _, counts) = searcher.search(&query, &(top().0, top().1, keys))?;
                        let mut ranked: Vec<(String, u64)> = counts.into_iter().collect();
                        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                        ranked.truncate(10);
                        black_box(ranked);
                    }
                }
                times[which].push(started.elapsed().as_secs_f64() * 1e6);
            }
        }
    }
    Ok(times)
}

/// One line of the table.
struct Row {
    config: &'static str,
    set: &'static str,
    facets: usize,
    median: f64,
    p99: f64,
    mean: f64,
    samples: usize,
}

impl Row {
    fn new(config: &'static str, set: &'static str, facets: usize, mut us: Vec<f64>) -> Row {
        us.sort_by(f64::total_cmp);
        let at = |q: f64| us[((us.len() - 1) as f64 * q).round() as usize];
        Row {
            config,
            set,
            facets,
            median: at(0.5),
            p99: at(0.99),
            mean: us.iter().sum::<f64>() / us.len() as f64,
            samples: us.len(),
        }
    }
}

fn print_table(rows: &[Row]) {
    let median_of = |config: &str, set: &str, facets: usize| {
        rows.iter()
            .find(|r| r.config == config && r.set == set && r.facets == facets)
            .map_or(f64::NAN, |r| r.median)
    };
    println!();
    println!("| analysis | queries | facets | samples | median ms | p99 ms | mean ms | facets 10 / 0 (median) | / tantivy default (median) |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        let facet_ratio = if r.facets == 10 {
            format!("{:.2}", r.median / median_of(r.config, r.set, 0))
        } else {
            String::new()
        };
        let vs_default = r.median / median_of("tantivy default", r.set, r.facets);
        println!(
            "| {} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {} | {:.2} |",
            r.config,
            r.set,
            r.facets,
            r.samples,
            r.median / 1000.0,
            r.p99 / 1000.0,
            r.mean / 1000.0,
            facet_ratio,
            vs_default
        );
    }
}

/// The bare collector timings (Arabic index, no snippets or stored documents).
fn print_collectors(rows: &[Row]) {
    println!();
    println!("collectors alone (arabic index; top 10 + count, no snippets):");
    println!(
        "| collector | queries | samples | median ms | p99 ms | mean ms | / no facets (median) |"
    );
    println!("|---|---|---|---|---|---|---|");
    for r in rows {
        let base = rows
            .iter()
            .find(|b| b.set == r.set && b.facets == 0)
            .map_or(f64::NAN, |b| b.median);
        println!(
            "| {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} |",
            r.config,
            r.set,
            r.samples,
            r.median / 1000.0,
            r.p99 / 1000.0,
            r.mean / 1000.0,
            r.median / base
        );
    }
}

/// A prototype of cheaper facet counting, measured beside tantivy's `FacetCollector` to size a fix
/// (see docs/benchmarks.md): count first-level tag keys per segment, naming each key by *streaming*
/// the segment's facet dictionary once, where `FacetCollector::harvest` looks every counted facet up
/// by ordinal (`ord_to_term`, one zstd block decompression per lookup: thousands per question).
mod facet_prototype {
    use std::collections::HashMap;

    use tantivy::collector::{Collector, SegmentCollector};
    use tantivy::fastfield::FacetReader;
    use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

    /// Article counts per tag key (the facet's first level).
    pub struct KeyCounts {
        /// The facet field's name.
        pub field: String,
    }

    /// One segment: facet ordinal → key index, and a count per key.
    pub struct SegmentKeyCounts {
        reader: FacetReader,
        key_of_ord: Vec<u32>,
        keys: Vec<String>,
        counts: Vec<u32>,
    }

    impl Collector for KeyCounts {
        type Fruit = HashMap<String, u64>;
        type Child = SegmentKeyCounts;

        fn for_segment(
            &self,
            _: SegmentOrdinal,
            segment: &SegmentReader,
        ) -> tantivy::Result<SegmentKeyCounts> {
            let reader = segment.facet_reader(&self.field)?;
            let mut key_of_ord = Vec::with_capacity(reader.num_facets());
            let mut keys: Vec<String> = Vec::new();
            let mut stream = reader.facet_dict().stream()?;
            while stream.advance() {
                // Encoded facets separate levels with a 0 byte; the dictionary is sorted, so all
                // displays of one key are adjacent.
                let term = stream.key();
                let first = term.split(|&b| b == 0).next().unwrap_or(term);
                if keys.last().map(String::as_bytes) != Some(first) {
                    keys.push(String::from_utf8_lossy(first).into_owned());
                }
                key_of_ord.push((keys.len() - 1) as u32);
            }
            let counts = vec![0; keys.len()];
            Ok(SegmentKeyCounts {
                reader,
                key_of_ord,
                keys,
                counts,
            })
        }

        fn requires_scoring(&self) -> bool {
            false
        }

        fn merge_fruits(&self, fruits: Vec<HashMap<String, u64>>) -> tantivy::Result<Self::Fruit> {
            let mut total = HashMap::new();
            for fruit in fruits {
                for (key, n) in fruit {
                    *total.entry(key).or_default() += n;
                }
            }
            Ok(total)
        }
    }

    impl SegmentCollector for SegmentKeyCounts {
        type Fruit = HashMap<String, u64>;

        fn collect(&mut self, doc: DocId, _: Score) {
            let mut previous = u32::MAX;
            for ord in self.reader.facet_ords(doc) {
                let key = self.key_of_ord[ord as usize];
                if key != previous {
                    self.counts[key as usize] += 1;
                    previous = key;
                }
            }
        }

        fn harvest(self) -> HashMap<String, u64> {
            self.keys
                .into_iter()
                .zip(self.counts)
                .filter(|(_, n)| *n > 0)
                .map(|(key, n)| (key, u64::from(n)))
                .collect()
        }
    }
}
