//! `fihris eval --qrels QRELS --run RUN [--json]`: score a TREC run against relevance judgments.
//!
//! The figures are those of `shared/tools/ir_eval.py` (trec_eval's conventions; see
//! [`crate::eval`]): means over every judged query, a judged query missing from the run scoring 0.
//!
//! Text output, one measure a line (4 decimals):
//!
//! ```text
//! mrr@10      0.6512
//! recall@10   0.8030
//! recall@100  0.9101
//! ndcg@10     0.6873
//! queries     1395
//! in run      1390
//! ```
//!
//! `--json` prints one object with full precision:
//! `{"queries":1395,"queries_in_run":1390,"mrr@10":…,"recall@10":…,"recall@100":…,"ndcg@10":…}`:
//! `queries` is the number of judged queries averaged, `queries_in_run` how many of them the run
//! answers; the other keys are the means of the measures they name.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::EvalArgs;
use crate::eval::{self, Evaluation, Qrels, Run};

/// Runs `fihris eval`.
pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let qrels = Qrels::read(&args.qrels).context("cannot read the qrels")?;
    let run = Run::read(&args.run).context("cannot read the run")?;
    let evaluation = eval::evaluate(&qrels, &run);
    let text = if args.json {
        serde_json::to_string(&evaluation)? + "\n"
    } else {
        render_text(&evaluation)
    };
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    if evaluation.queries == 0 {
        eprintln!(
            "fihris: warning: {} has no query with a relevant document; every figure is 0",
            args.qrels.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The text view: one measure a line, then the query counts.
fn render_text(e: &Evaluation) -> String {
    let m = &e.mean;
    let rows = [
        ("mrr@10", m.mrr_10),
        ("recall@10", m.recall_10),
        ("recall@100", m.recall_100),
        ("ndcg@10", m.ndcg_10),
    ];
    let mut out: String = rows
        .iter()
        .map(|(name, value)| format!("{name:<11} {value:.4}\n"))
        .collect();
    out.push_str(&format!("{:<11} {}\n", "queries", e.queries));
    out.push_str(&format!("{:<11} {}\n", "in run", e.queries_in_run));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Metrics;

    #[test]
    fn text_has_one_measure_a_line_with_four_decimals() {
        let e = Evaluation {
            queries: 3,
            queries_in_run: 2,
            mean: Metrics {
                mrr_10: 0.5,
                recall_10: 2.0 / 3.0,
                recall_100: 1.0,
                ndcg_10: 0.123456,
            },
            per_query: Default::default(),
        };
        assert_eq!(
            render_text(&e),
            "mrr@10      0.5000\nrecall@10   0.6667\nrecall@100  1.0000\n\
             ndcg@10     0.1235\nqueries     3\nin run      2\n"
        );
    }
}
