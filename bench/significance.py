#!/usr/bin/env python3
"""Paired significance of a difference in MRR@10 between two TREC runs over the same queries.

  python3 bench/significance.py RUN_A RUN_B QRELS [--rounds 10000] [--seed 11] [--json]

Prints the mean reciprocal rank (cut at 10) of A and of B, the difference A - B, and two two-sided
p-values for it:
  * p_rand: paired randomization (permutation) test. Under the null hypothesis the two systems are
    exchangeable on every query, so each query's difference keeps or flips its sign with
    probability 1/2; p = (1 + rounds whose |mean difference| >= the observed one) / (1 + rounds),
    the add-one estimate that never reports 0 (Smucker, Allan and Carterette 2007 recommend this
    test for IR). The seed is fixed, so a rerun prints the same p.
  * p_t: paired Student t-test on the per-query differences (n - 1 degrees of freedom), computed
    with the regularized incomplete beta function, since scipy is not assumed to be installed.

The per-query reciprocal rank is computed here, with the conventions of `fihris eval` and
../shared/tools/ir_eval.py, so that the means printed equal their MRR@10: relevant means grade > 0;
qrels rows whose docid is -1 are ignored; only queries with a relevant document count, and a judged
query missing from a run scores 0; a query's documents are ordered by score descending, ties by
docid descending (trec_eval's rule, the rank column is ignored); a repeated (qid, docid) in a run
keeps its first line. Run lines: `qid Q0 docid rank score tag`; qrels lines: `qid 0 docid grade`.
Either file may be gzipped. A malformed line stops with its file and line number (exit 2).
"""
import argparse
import gzip
import json
import math
import random
import sys
from collections import defaultdict
from itertools import compress

CUT = 10


class InputError(Exception):
    """A file that cannot be read as a run or qrels."""


def _open(path):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def read_qrels(path):
    """qid -> set of relevant docids, for the queries with at least one relevant document."""
    grades = defaultdict(dict)
    with _open(path) as f:
        for n, line in enumerate(f, 1):
            p = line.split()
            if not p:
                continue
            if len(p) != 4:
                raise InputError(f"{path}:{n}: a qrels line has 4 fields: {line!r}")
            qid, _, doc, grade = p
            if doc == "-1":
                continue
            try:
                grades[qid][doc] = int(grade)  # a repeated (qid, docid) keeps its last grade
            except ValueError:
                raise InputError(f"{path}:{n}: the grade is not an integer: {line!r}") from None
    relevant = {q: {d for d, g in docs.items() if g > 0} for q, docs in grades.items()}
    return {q: docs for q, docs in relevant.items() if docs}


def read_run(path):
    """qid -> docids, best first (score descending, ties by docid descending)."""
    rows = defaultdict(list)
    seen = set()
    with _open(path) as f:
        for n, line in enumerate(f, 1):
            p = line.split()
            if not p:
                continue
            if len(p) != 6:
                raise InputError(f"{path}:{n}: a run line has 6 fields: {line!r}")
            qid, doc = p[0], p[2]
            try:
                score = float(p[4])
            except ValueError:
                raise InputError(f"{path}:{n}: the score is not a number: {line!r}") from None
            if math.isnan(score):
                raise InputError(f"{path}:{n}: the score is NaN: {line!r}")
            if (qid, doc) in seen:
                continue
            seen.add((qid, doc))
            rows[qid].append((score, doc))
    # Descending on (score, docid) is score descending with ties by docid descending.
    return {q: [d for _, d in sorted(r, reverse=True)] for q, r in rows.items()}


def reciprocal_ranks(run, qrels):
    """qid -> reciprocal rank of the first relevant document in the top CUT (0 if none)."""
    out = {}
    for qid, relevant in qrels.items():
        rr = 0.0
        for i, doc in enumerate(run.get(qid, [])[:CUT]):
            if doc in relevant:
                rr = 1.0 / (i + 1)
                break
        out[qid] = rr
    return out


def randomization_p(diffs, rounds, seed):
    """Two-sided p of a paired sign-flip randomization test on the mean difference."""
    n = len(diffs)
    if n == 0:
        return 1.0
    # Queries where A and B agree add 0 whatever their sign: only the others are flipped.
    nonzero = [d for d in diffs if d != 0.0]
    observed = abs(sum(nonzero))
    if not nonzero:
        return 1.0
    total = sum(nonzero)
    rng = random.Random(seed)
    k = len(nonzero)
    # Sum with flipped signs = total - 2 * (sum of the flipped ones); a tolerance keeps ties (the
    # observed split itself, exact-equal sums in another float order) counted as "as extreme".
    eps = 1e-9
    extreme = 0
    for _ in range(rounds):
        # k random bits as a string of '0' and '1': one fair coin per query.
        coins = format(rng.getrandbits(k), f"0{k}b")
        flipped = sum(compress(nonzero, map("1".__eq__, coins)))
        if abs(total - 2.0 * flipped) >= observed - eps:
            extreme += 1
    return (extreme + 1) / (rounds + 1)


def _betacf(a, b, x):
    """Continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        for num in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                    -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 3e-16:
            break
    return h


def regularized_beta(a, b, x):
    """I_x(a, b), the regularized incomplete beta function, for 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    # The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _betacf(b, a, 1.0 - x) / b


def paired_t_p(diffs):
    """Two-sided p of a paired t-test (H0: mean difference 0); 1.0 when undefined."""
    n = len(diffs)
    if n < 2:
        return 1.0
    mean = sum(diffs) / n
    var = sum((d - mean) ** 2 for d in diffs) / (n - 1)
    if var == 0.0:
        return 1.0 if mean == 0.0 else 0.0
    t = mean / math.sqrt(var / n)
    df = n - 1
    return regularized_beta(df / 2.0, 0.5, df / (df + t * t))


def compare(run_a, run_b, qrels_path, rounds=10000, seed=11):
    """The comparison of two run files as a dict (means, difference, both p-values)."""
    qrels = read_qrels(qrels_path)
    rr_a = reciprocal_ranks(read_run(run_a), qrels)
    rr_b = reciprocal_ranks(read_run(run_b), qrels)
    qids = sorted(qrels)
    diffs = [rr_a[q] - rr_b[q] for q in qids]
    n = len(qids)
    mean_a = sum(rr_a.values()) / n if n else 0.0
    mean_b = sum(rr_b.values()) / n if n else 0.0
    return {
        "run_a": run_a,
        "run_b": run_b,
        "queries": n,
        "mrr@10_a": mean_a,
        "mrr@10_b": mean_b,
        "diff": mean_a - mean_b,
        "a_better": sum(1 for d in diffs if d > 0),
        "b_better": sum(1 for d in diffs if d < 0),
        "p_rand": randomization_p(diffs, rounds, seed),
        "p_t": paired_t_p(diffs),
        "rounds": rounds,
        "seed": seed,
    }


def main(argv):
    parser = argparse.ArgumentParser(
        description="Paired randomization test and t-test of the MRR@10 difference A - B.")
    parser.add_argument("run_a", metavar="RUN_A")
    parser.add_argument("run_b", metavar="RUN_B")
    parser.add_argument("qrels", metavar="QRELS")
    parser.add_argument("--rounds", type=int, default=10000, help="randomization rounds (10000)")
    parser.add_argument("--seed", type=int, default=11, help="random seed (11)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    try:
        r = compare(args.run_a, args.run_b, args.qrels, args.rounds, args.seed)
    except (OSError, UnicodeDecodeError, InputError) as e:
        print(f"significance.py: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(r))
    else:
        print(f"queries   {r['queries']}  (A better on {r['a_better']}, B better on {r['b_better']})")
        print(f"MRR@10 A  {r['mrr@10_a']:.4f}  {r['run_a']}")
        print(f"MRR@10 B  {r['mrr@10_b']:.4f}  {r['run_b']}")
        print(f"diff A-B  {r['diff']:+.4f}")
        print(f"p (randomization, {r['rounds']} rounds, seed {r['seed']})  {r['p_rand']:.4g}")
        print(f"p (paired t-test)  {r['p_t']:.4g}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
