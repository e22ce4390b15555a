//! `fihris eval` on a hand-made qrels and run whose measures are worked out by hand.

use crate::util::{assert_success, parse_json, stderr, Sandbox};

/// Four judged queries, one relevant document each:
/// - q1: relevant at rank 2 → RR 1/2, recall@10 1, nDCG@10 1/log2(3);
/// - q2: relevant at rank 1 → RR 1, recall 1, nDCG 1;
/// - q3: not in the run → 0 everywhere;
/// - q4: relevant at rank 11 → RR@10 0, recall@10 0, recall@100 1, nDCG@10 0.
///
/// A query judged only non-relevant (q5) is not averaged. The run lists documents in score order
/// but with shuffled ranks on q2: scores, not the rank column, decide the order (trec_eval's rule).
fn write_files(s: &Sandbox) -> (std::path::PathBuf, std::path::PathBuf) {
    let qrels = s.tmp.path().join("qrels.txt");
    std::fs::write(
        &qrels,
        "q1 0 d1 1\nq1 0 dx 0\nq2 0 d3 2\nq3 0 d4 1\nq4 0 d5 1\nq5 0 d9 0\n",
    )
    .unwrap();
    let mut run = String::new();
    run.push_str("q1 Q0 d2 1 9.0 t\nq1 Q0 d1 2 8.0 t\n");
    run.push_str("q2 Q0 d7 1 1.0 t\nq2 Q0 d3 2 5.0 t\n");
    for i in 1..=10 {
        run.push_str(&format!("q4 Q0 n{i} {i} {} t\n", 100 - i));
    }
    run.push_str("q4 Q0 d5 11 50.0 t\n");
    run.push_str("q5 Q0 d9 1 1.0 t\n");
    let path = s.tmp.path().join("run.txt");
    std::fs::write(&path, run).unwrap();
    (qrels, path)
}

#[test]
fn eval_computes_the_known_measures() {
    let s = Sandbox::new();
    let (qrels, run) = write_files(&s);
    let out = s
        .cmd()
        .args(["eval", "--json", "--qrels"])
        .arg(&qrels)
        .arg("--run")
        .arg(&run)
        .output()
        .unwrap();
    assert_success(&out, "eval");
    let e = parse_json(&out.stdout);
    let close = |key: &str, expected: f64| {
        let got = e[key].as_f64().unwrap_or_else(|| panic!("{key} in {e}"));
        assert!((got - expected).abs() < 1e-9, "{key}: {got} != {expected}");
    };
    close("mrr@10", (0.5 + 1.0) / 4.0);
    close("recall@10", 2.0 / 4.0);
    close("recall@100", 3.0 / 4.0);
    close("ndcg@10", (1.0 / 3f64.log2() + 1.0) / 4.0);
    assert_eq!(e["queries"], 4);
    assert_eq!(e["queries_in_run"], 3);

    let out = s
        .cmd()
        .args(["eval", "--qrels"])
        .arg(&qrels)
        .arg("--run")
        .arg(&run)
        .output()
        .unwrap();
    assert_success(&out, "eval text");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().eq(["mrr@10", "0.3750"])),
        "{text}"
    );
}

#[test]
fn eval_of_a_missing_file_is_a_clear_error() {
    let s = Sandbox::new();
    let (qrels, _) = write_files(&s);
    let out = s
        .cmd()
        .args(["eval", "--qrels"])
        .arg(&qrels)
        .arg("--run")
        .arg(s.tmp.path().join("no-run.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("run"), "{}", stderr(&out));
}
