//! Retrieval evaluation: score a TREC run against TREC relevance judgments (qrels).
//!
//! The measures and every convention follow `shared/tools/ir_eval.py`, itself checked against
//! trec_eval and ir_measures, so `fihris eval` and the script print the same figures:
//!
//! * **MRR@10**: 1/rank of the first relevant document in the top 10, else 0.
//! * **Recall@10**, **Recall@100**: relevant documents in the top k over all relevant documents.
//! * **nDCG@10**: graded gains as trec_eval's `ndcg_cut.10`: gain = relevance grade, discount
//!   `log2(rank + 1)`, ideal DCG from the qrels' positive grades.
//!
//! Conventions:
//! * A document is relevant when its grade is > 0. A query counts only when the qrels give it at
//!   least one relevant document; qrels rows whose docid is `-1` are ignored (Qur'an QA marks
//!   unanswerable questions that way). A repeated (qid, docid) in the qrels keeps its last grade.
//! * The mean is over **all judged queries**: a judged query absent from the run scores 0 on every
//!   measure, since an engine that returned nothing failed it (ir_measures does the same; trec_eval
//!   without `-c` would average over the run's queries only, which flatters an engine that skips).
//! * The rank column is ignored: a query's documents are ordered by score, descending, ties by
//!   docid, descending — trec_eval's rule, so the figures do not depend on how a run writes ranks.
//! * A repeated (qid, docid) in the run keeps its first line only.
//! * Unlike the script, a score that is not a number (`NaN`) is an error: Python sorts NaN
//!   unpredictably, so no figure could be trusted.
//!
//! Files may be gzipped (`.gz`). Malformed lines are errors naming the file and the line.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Cut-off of MRR and nDCG.
const TOP: usize = 10;
/// Cut-off of the deep recall.
const DEEP: usize = 100;

/// Why a qrels or run file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be opened or read (including invalid UTF-8).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        #[source]
        source: io::Error,
    },
    /// A line does not have the expected shape.
    #[error("{}:{line}: {message}: {text:?}", path.display())]
    BadLine {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
        /// The line as read.
        text: String,
    },
}

/// Relevance judgments: for each judged query, the grade of each judged document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Qrels {
    /// qid → docid → grade. Only queries with at least one grade > 0 are kept.
    pub judgments: HashMap<String, HashMap<String, i64>>,
}

/// A run: for each query, its documents in ranked order (best first, duplicates removed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    /// qid → ranked docids.
    pub rankings: HashMap<String, Vec<String>>,
}

/// The measures of one query, or their means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Reciprocal rank of the first relevant document in the top 10.
    #[serde(rename = "mrr@10")]
    pub mrr_10: f64,
    /// Share of the relevant documents found in the top 10.
    #[serde(rename = "recall@10")]
    pub recall_10: f64,
    /// Share of the relevant documents found in the top 100.
    #[serde(rename = "recall@100")]
    pub recall_100: f64,
    /// Normalized discounted cumulative gain at 10, graded.
    #[serde(rename = "ndcg@10")]
    pub ndcg_10: f64,
}

/// The result of scoring one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evaluation {
    /// Number of queries averaged: every judged query (those with a relevant document).
    pub queries: usize,
    /// How many of those the run has at least one line for.
    pub queries_in_run: usize,
    /// Means over the `queries` judged queries.
    #[serde(flatten)]
    pub mean: Metrics,
    /// Each judged query's measures, by qid.
    #[serde(skip)]
    pub per_query: BTreeMap<String, Metrics>,
}

impl Qrels {
    /// Reads a qrels file (`qid 0 docid grade` a line, whitespace-separated; `.gz` allowed).
    pub fn read(path: &Path) -> Result<Qrels, EvalError> {
        let mut judgments: HashMap<String, HashMap<String, i64>> = HashMap::new();
        for_each_line(path, |fields| {
            let [qid, _, doc, grade] = fields[..] else {
                return Err(format!(
                    "expected 4 fields (qid 0 docid relevance), found {}",
                    fields.len()
                ));
            };
            let grade: i64 = grade
                .parse()
                .map_err(|_| format!("relevance {grade:?} is not an integer"))?;
            if doc != "-1" {
                judgments
                    .entry(qid.to_owned())
                    .or_default()
                    .insert(doc.to_owned(), grade);
            }
            Ok(())
        })?;
        judgments.retain(|_, docs| docs.values().any(|&g| g > 0));
        Ok(Qrels { judgments })
    }
}

impl Run {
    /// Reads a run file (`qid Q0 docid rank score tag` a line; `.gz` allowed) and orders each
    /// query's documents by score, descending, ties by docid, descending.
    pub fn read(path: &Path) -> Result<Run, EvalError> {
        let mut rows: HashMap<String, Vec<(f64, String)>> = HashMap::new();
        let mut seen: HashSet<(String, String)> = HashSet::new();
        for_each_line(path, |fields| {
            let [qid, _, doc, rank, score, _] = fields[..] else {
                return Err(format!(
                    "expected 6 fields (qid Q0 docid rank score tag), found {}",
                    fields.len()
                ));
            };
            // The rank is not used, but a run with a non-integer rank is malformed (the script
            // rejects it too).
            rank.parse::<i64>()
                .map_err(|_| format!("rank {rank:?} is not an integer"))?;
            let score: f64 = score
                .parse()
                .map_err(|_| format!("score {score:?} is not a number"))?;
            if score.is_nan() {
                return Err("score is NaN".to_owned());
            }
            if seen.insert((qid.to_owned(), doc.to_owned())) {
                rows.entry(qid.to_owned())
                    .or_default()
                    .push((score, doc.to_owned()));
            }
            Ok(())
        })?;
        let rankings = rows
            .into_iter()
            .map(|(qid, mut docs)| {
                // partial_cmp, not total_cmp: -0.0 and 0.0 tie, as in Python (NaN was rejected).
                docs.sort_by(|a, b| {
                    b.0.partial_cmp(&a.0)
                        .unwrap_or(Ordering::Equal)
                        .then_with(|| b.1.cmp(&a.1))
                });
                (qid, docs.into_iter().map(|(_, doc)| doc).collect())
            })
            .collect();
        Ok(Run { rankings })
    }
}

/// Scores a run against qrels: each judged query's measures and their means.
pub fn evaluate(qrels: &Qrels, run: &Run) -> Evaluation {
    let per_query: BTreeMap<String, Metrics> = qrels
        .judgments
        .iter()
        .map(|(qid, grades)| {
            let ranked = run.rankings.get(qid).map(Vec::as_slice).unwrap_or(&[]);
            (qid.clone(), score_query(ranked, grades))
        })
        .collect();
    let queries = per_query.len();
    let queries_in_run = qrels
        .judgments
        .keys()
        .filter(|q| run.rankings.contains_key(*q))
        .count();
    let mean = if queries == 0 {
        Metrics::default()
    } else {
        let n = queries as f64;
        let sum = |f: fn(&Metrics) -> f64| total(per_query.values().map(f)) / n;
        Metrics {
            mrr_10: sum(|m| m.mrr_10),
            recall_10: sum(|m| m.recall_10),
            recall_100: sum(|m| m.recall_100),
            ndcg_10: sum(|m| m.ndcg_10),
        }
    };
    Evaluation {
        queries,
        queries_in_run,
        mean,
        per_query,
    }
}

/// One query's measures, given its ranked documents and its judgments (at least one grade > 0).
pub fn score_query(ranked: &[String], grades: &HashMap<String, i64>) -> Metrics {
    let gain = |doc: &String| grades.get(doc).copied().filter(|&g| g > 0);
    let relevant = grades.values().filter(|&&g| g > 0).count();
    if relevant == 0 {
        // Not a judged query by our definition; nothing can be found, so nothing is scored.
        return Metrics::default();
    }
    let top = &ranked[..ranked.len().min(TOP)];
    let deep = &ranked[..ranked.len().min(DEEP)];
    let mrr_10 = top
        .iter()
        .position(|d| gain(d).is_some())
        .map_or(0.0, |i| 1.0 / (i + 1) as f64);
    let found = |docs: &[String]| docs.iter().filter(|d| gain(d).is_some()).count() as f64;
    let dcg = total(
        top.iter()
            .enumerate()
            .filter_map(|(i, d)| gain(d).map(|g| g as f64 / discount(i))),
    );
    let mut ideal: Vec<i64> = grades.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg = total(
        ideal
            .iter()
            .take(TOP)
            .enumerate()
            .map(|(i, &g)| g as f64 / discount(i)),
    );
    Metrics {
        mrr_10,
        recall_10: found(top) / relevant as f64,
        recall_100: found(deep) / relevant as f64,
        ndcg_10: if idcg > 0.0 { dcg / idcg } else { 0.0 },
    }
}

/// Adds in order from +0.0, as Python's `sum` does: std's `Sum for f64` starts from -0.0, and
/// an empty sum would then print as `-0.0000`.
fn total(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |acc, v| acc + v)
}

/// trec_eval's discount for the document at 0-based position `i` (rank `i + 1`): `log2(rank + 1)`.
fn discount(i: usize) -> f64 {
    ((i + 2) as f64).log2()
}

/// Calls `f(fields)` for each non-blank line of a (possibly gzipped) text file; an
/// `Err(message)` from `f` becomes [`EvalError::BadLine`] for that line.
fn for_each_line(
    path: &Path,
    mut f: impl FnMut(&[&str]) -> Result<(), String>,
) -> Result<(), EvalError> {
    let io_err = |source| EvalError::Io {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(io_err)?;
    let reader: Box<dyn BufRead> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    for (i, line) in reader.lines().enumerate() {
        let text = line.map_err(io_err)?;
        let fields: Vec<&str> = text.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        f(&fields).map_err(|message| EvalError::BadLine {
            path: path.to_owned(),
            line: i + 1,
            message,
            text: text.clone(),
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::process::Command;

    use super::*;

    /// Writes `text` to `dir/name` and returns the path.
    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn assert_close(actual: f64, expected: f64, what: &str) {
        assert!(
            (actual - expected).abs() < 1e-9,
            "{what}: got {actual}, expected {expected}"
        );
    }

    fn assert_metrics(m: &Metrics, mrr: f64, r10: f64, r100: f64, ndcg: f64, what: &str) {
        assert_close(m.mrr_10, mrr, &format!("{what} mrr@10"));
        assert_close(m.recall_10, r10, &format!("{what} recall@10"));
        assert_close(m.recall_100, r100, &format!("{what} recall@100"));
        assert_close(m.ndcg_10, ndcg, &format!("{what} ndcg@10"));
    }

    /// A run line per document of `docs`, scores descending from 1000.
    fn run_lines(qid: &str, docs: &[&str]) -> String {
        docs.iter()
            .enumerate()
            .map(|(i, d)| format!("{qid} Q0 {d} {} {} t\n", i + 1, 1000 - i))
            .collect()
    }

    #[test]
    fn hand_computed_queries_and_means() {
        let dir = tempfile::tempdir().unwrap();
        let qrels = write(
            &dir,
            "qrels",
            "q1 0 a 1\nq2 0 c 1\nq2 0 x 0\nq3 0 z 1\nq4 0 g2 2\nq4 0 g1 1\nq5 0 deep 1\n",
        );
        let fillers: Vec<String> = (0..60).map(|i| format!("f{i}")).collect();
        let mut deep: Vec<&str> = fillers.iter().map(String::as_str).collect();
        deep.insert(49, "deep"); // rank 50
        let run_text = [
            run_lines("q1", &["a", "b", "c"]),
            run_lines("q2", &["x", "b", "c"]),
            run_lines("q4", &["g1", "g2", "b"]),
            run_lines("q5", &deep),
            run_lines("unjudged", &["a"]),
        ]
        .concat();
        let run = write(&dir, "run", &run_text);
        let eval = evaluate(&Qrels::read(&qrels).unwrap(), &Run::read(&run).unwrap());
        assert_eq!(eval.queries, 5, "q3 is judged but absent: it still counts");
        assert_eq!(eval.queries_in_run, 4);
        let q = |id: &str| eval.per_query[id];
        assert_metrics(&q("q1"), 1.0, 1.0, 1.0, 1.0, "relevant at rank 1");
        // Rank 3: DCG = 1/log2(4) = 0.5, ideal 1.
        assert_metrics(&q("q2"), 1.0 / 3.0, 1.0, 1.0, 0.5, "relevant at rank 3");
        assert_metrics(
            &q("q3"),
            0.0,
            0.0,
            0.0,
            0.0,
            "judged query missing from the run",
        );
        // Grade 1 at rank 1, grade 2 at rank 2: DCG = 1 + 2/log2(3); ideal = 2 + 1/log2(3).
        let l3 = 3f64.log2();
        let ndcg4 = (1.0 + 2.0 / l3) / (2.0 + 1.0 / l3);
        assert_metrics(
            &q("q4"),
            1.0,
            1.0,
            1.0,
            ndcg4,
            "two graded relevant documents",
        );
        assert_metrics(&q("q5"), 0.0, 0.0, 1.0, 0.0, "relevant at rank 50");
        assert!(!eval.per_query.contains_key("unjudged"));
        let mean = (1.0 + 1.0 / 3.0 + 1.0) / 5.0;
        assert_metrics(
            &eval.mean,
            mean,
            3.0 / 5.0,
            4.0 / 5.0,
            (1.0 + 0.5 + ndcg4) / 5.0,
            "mean",
        );
    }

    #[test]
    fn ideal_gain_uses_the_ten_best_grades() {
        // 12 relevant docs: the ideal DCG is over the top 10 grades only; recall divides by 12.
        let grades: HashMap<String, i64> = (0..12).map(|i| (format!("d{i}"), 1 + i % 3)).collect();
        let ranked: Vec<String> = (0..12).map(|i| format!("d{i}")).collect();
        let m = score_query(&ranked, &grades);
        let mut best: Vec<i64> = grades.values().copied().collect();
        best.sort_unstable_by(|a, b| b.cmp(a));
        let idcg: f64 = best[..10]
            .iter()
            .enumerate()
            .map(|(i, &g)| g as f64 / discount(i))
            .sum();
        let dcg: f64 = (0..10).map(|i| (1 + i % 3) as f64 / discount(i)).sum();
        assert_metrics(&m, 1.0, 10.0 / 12.0, 1.0, dcg / idcg, "twelve relevant");
    }

    #[test]
    fn run_is_ordered_by_score_then_docid_descending_and_keeps_first_duplicate() {
        let dir = tempfile::tempdir().unwrap();
        // Ranks deliberately contradict the scores: the rank column is ignored.
        let run = write(
            &dir,
            "run",
            "q Q0 a 1 0.5 t\nq Q0 b 2 0.9 t\nq Q0 c 3 0.5 t\n\nq Q0 b 4 0.1 t\nq Q0 d 5 -2 t\n\
             q Q0 z 6 -0 t\nq Q0 y 7 0 t\n",
        );
        let run = Run::read(&run).unwrap();
        // -0 and 0 tie, so docid order decides between z and y.
        assert_eq!(run.rankings["q"], ["b", "c", "a", "z", "y", "d"]);
    }

    #[test]
    fn qrels_ignore_minus_one_docs_and_queries_without_relevant_documents() {
        let dir = tempfile::tempdir().unwrap();
        let qrels = write(
            &dir,
            "qrels",
            "a 0 -1 1\nb 0 x 0\nb 0 y -1\nc 0 x 1\nc 0 x 0\nd 0 x 0\nd 0 x 3\n",
        );
        let qrels = Qrels::read(&qrels).unwrap();
        let mut judged: Vec<&String> = qrels.judgments.keys().collect();
        judged.sort();
        // a: only a -1 row; b: nothing > 0; c: the later grade 0 replaces the 1.
        assert_eq!(judged, ["d"]);
        assert_eq!(qrels.judgments["d"]["x"], 3);
    }

    #[test]
    fn bad_lines_name_the_file_and_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            ("qrels", "q 0 d 1\n\nq 0 d\n", 3, "expected 4 fields"),
            ("qrels", "q 0 d high\n", 1, "not an integer"),
            ("run", "q Q0 d 1 1.0 t\nq Q0 e 2 x t\n", 2, "not a number"),
            ("run", "q Q0 d 1 NaN t\n", 1, "NaN"),
            ("run", "q Q0 d one 1.0 t\n", 1, "rank"),
            ("run", "q Q0 d 1 1.0\n", 1, "expected 6 fields"),
        ];
        for (kind, text, line, message) in cases {
            let path = write(&dir, kind, text);
            let err = if kind == "qrels" {
                Qrels::read(&path).unwrap_err()
            } else {
                Run::read(&path).unwrap_err()
            };
            let shown = err.to_string();
            assert!(
                matches!(err, EvalError::BadLine { line: l, .. } if l == line),
                "{text:?}: {shown}"
            );
            assert!(
                shown.contains(&format!("{}:{line}:", path.display())),
                "{shown}"
            );
            assert!(shown.contains(message), "{shown}");
        }
        let missing = dir.path().join("missing");
        assert!(matches!(Run::read(&missing), Err(EvalError::Io { .. })));
        let latin1 = dir.path().join("latin1");
        std::fs::write(&latin1, b"q 0 d\xe9 1\n").unwrap();
        assert!(matches!(Qrels::read(&latin1), Err(EvalError::Io { .. })));
    }

    #[test]
    fn reads_gzipped_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.gz");
        let mut gz = flate2::write::GzEncoder::new(
            File::create(&path).unwrap(),
            flate2::Compression::default(),
        );
        gz.write_all(b"q Q0 a 1 2 t\nq Q0 b 2 3 t\n").unwrap();
        gz.finish().unwrap();
        assert_eq!(Run::read(&path).unwrap().rankings["q"], ["b", "a"]);
    }

    #[test]
    fn json_keys_are_the_documented_ones() {
        let json = serde_json::to_value(Evaluation::default()).unwrap();
        let mut keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "mrr@10",
                "ndcg@10",
                "queries",
                "queries_in_run",
                "recall@10",
                "recall@100"
            ]
        );
    }

    /// `../shared` beside the repo, when present.
    fn shared() -> Option<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
        dir.join("tools/ir_eval.py").is_file().then_some(dir)
    }

    /// Runs `ir_eval.py --json --per-query` and asserts every figure equals ours. Returns false
    /// (after saying why) when the script cannot run here.
    fn matches_script(qrels: &Path, run: &Path) -> bool {
        let Some(shared) = shared() else {
            eprintln!("skipped: ../shared/tools/ir_eval.py not found beside the repo");
            return false;
        };
        let output = Command::new("python3")
            .arg(shared.join("tools/ir_eval.py"))
            .args([qrels, run])
            .args(["--json", "--per-query"])
            .output();
        let output = match output {
            Ok(o) if o.status.success() => o,
            Ok(o) => panic!("ir_eval.py failed: {}", String::from_utf8_lossy(&o.stderr)),
            Err(e) => {
                eprintln!("skipped: python3 cannot run ({e})");
                return false;
            }
        };
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let theirs = &json[run.to_str().unwrap()];
        let ours = evaluate(&Qrels::read(qrels).unwrap(), &Run::read(run).unwrap());
        assert_eq!(theirs["mean"]["n"], ours.queries);
        assert_eq!(theirs["mean"]["in_run"], ours.queries_in_run);
        let pairs = std::iter::once(("mean".to_owned(), &theirs["mean"], &ours.mean)).chain(
            ours.per_query
                .iter()
                .map(|(q, m)| (q.clone(), &theirs["per_query"][q], m)),
        );
        for (what, t, m) in pairs {
            let f = |key: &str| {
                t[key]
                    .as_f64()
                    .unwrap_or_else(|| panic!("{what}: no {key}"))
            };
            assert_metrics(m, f("MRR@10"), f("R@10"), f("R@100"), f("nDCG@10"), &what);
        }
        assert_eq!(theirs["per_query"].as_object().unwrap().len(), ours.queries);
        true
    }

    /// The digits at the end of an ARCD qid (`arcd-969331847966`), to vary the synthetic run.
    fn qid_number(qid: &str) -> u64 {
        let digits: String = qid.chars().filter(char::is_ascii_digit).collect();
        digits.parse().unwrap_or(qid.len() as u64)
    }

    /// A synthetic run over judged queries: the relevant document at rank (n mod 12) + 1 among
    /// fake documents; some queries left out, some deep (ranks 96–105, across the R@100 cut),
    /// some with all scores tied (docid order decides), some with a later duplicate line; lines
    /// written worst first, with rank columns that say otherwise.
    fn synthetic_run(qrels: &Qrels) -> String {
        let mut out = String::new();
        let mut qids: Vec<&String> = qrels.judgments.keys().collect();
        qids.sort();
        for qid in qids {
            let n = qid_number(qid);
            if n.is_multiple_of(13) {
                continue;
            }
            let mut relevant: Vec<&String> = qrels.judgments[qid].keys().collect();
            relevant.sort();
            let (depth, at) = if n.is_multiple_of(5) {
                (120, 95 + n % 10)
            } else {
                (15, n % 12)
            };
            // Fake ids interleave with the real ones (`arcd-123-04`), so ties fall both ways.
            let fake = |i: u64| format!("arcd-{:03}-zz", (i * 37 + n) % 500);
            let mut docs: Vec<String> = (0..depth).map(fake).collect();
            docs.insert(at as usize, relevant[0].clone());
            for (i, doc) in docs.iter().enumerate().rev() {
                let score = if n.is_multiple_of(3) {
                    1.0
                } else {
                    (depth - i as u64) as f64 / 7.0
                };
                out.push_str(&format!("{qid} Q0 {doc} {} {score} synth\n", i + 1));
            }
            if n.is_multiple_of(4) {
                out.push_str(&format!("{qid} Q0 {} 1 1e9 synth\n", relevant[0]));
            }
        }
        out
    }

    #[test]
    fn matches_ir_eval_py_on_arcd() {
        let Some(shared) = shared() else {
            eprintln!("skipped: ../shared not found beside the repo");
            return;
        };
        let qrels_path = shared.join("eval/arcd/qrels.txt");
        let qrels = Qrels::read(&qrels_path).unwrap();
        assert!(
            qrels.judgments.len() > 1000,
            "ARCD has ~1400 judged queries"
        );
        let dir = tempfile::tempdir().unwrap();
        let run = write(&dir, "arcd.run", &synthetic_run(&qrels));
        let eval = evaluate(&qrels, &Run::read(&run).unwrap());
        // The synthetic run is neither perfect nor empty, so the comparison means something.
        assert!(
            [eval.mean.mrr_10, eval.mean.recall_100]
                .iter()
                .all(|&m| m > 0.01 && m < 0.99),
            "{:?}",
            eval.mean
        );
        assert!(eval.queries_in_run < eval.queries);
        matches_script(&qrels_path, &run);
    }

    #[test]
    fn matches_ir_eval_py_on_graded_judgments() {
        // A small linear congruential generator: deterministic, no dependency.
        let mut state = 12345u64;
        let mut next = |m: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % m
        };
        let (mut qrels, mut run) = (String::new(), String::new());
        for q in 0..40 {
            for d in 0..next(15) {
                let grade = next(5) as i64 - 1; // -1..=3
                qrels.push_str(&format!("q{q} 0 d{d} {grade}\n"));
            }
            for d in 0..next(130) {
                let score = next(20); // many ties
                run.push_str(&format!("q{q} Q0 d{} {d} {score} r\n", next(140)));
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let qrels = write(&dir, "graded.qrels", &qrels);
        let run = write(&dir, "graded.run", &run);
        matches_script(&qrels, &run);
    }
}
