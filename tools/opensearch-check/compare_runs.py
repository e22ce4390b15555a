#!/usr/bin/env python3
"""Per-query comparison of two TREC runs of the same queries (ranking.sh: Fihris against Lucene).

Usage: compare_runs.py RUN_A RUN_B QRELS
Prints how many queries have the same top hit and the same top 10; of the top-10 differences, how
many are only a reordering of documents RUN_B scores equally (ties, which each engine breaks its own
way); the queries whose reciprocal rank at 10 differs, largest difference first, and how many of
them only through ties; and the median ratio of RUN_A's
scores to RUN_B's for the same documents (tantivy's BM25 keeps the constant factor k1 + 1 = 2.2 that
Lucene 8 dropped, so 2.2 means equal BM25)."""
import statistics, sys
from collections import defaultdict


def load(path):
    rows, scores = defaultdict(list), {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            q, _, doc, _, score, _ = line.split()
            rows[q].append((float(score), doc))
            scores[(q, doc)] = float(score)
    # Ordered as `fihris eval` (and trec_eval) order a run: by score, ties by document id
    # descending, the written ranks ignored. So both runs break ties alike, the comparison matches
    # the MRR figures, and it does not change with the tie order of one index build.
    ranked = {q: [d for _, d in sorted(r, key=lambda t: (-t[0], [-ord(c) for c in t[1]]))] for q, r in rows.items()}
    return defaultdict(list, ranked), scores


def rr(ranked, relevant):
    return next((1 / (i + 1) for i, d in enumerate(ranked[:10]) if d in relevant), 0.0)


a, a_scores = load(sys.argv[1])
b, b_scores = load(sys.argv[2])
qrels = defaultdict(set)
with open(sys.argv[3], encoding="utf-8") as f:
    for line in f:
        p = line.split()
        if len(p) >= 4 and int(p[3]) > 0:
            qrels[p[0]].add(p[2])
queries = sorted(set(a) | set(b))
same_top = sum(a[q][:1] == b[q][:1] for q in queries)
differ = [q for q in queries if a[q][:10] != b[q][:10]]
# A difference where every document out of place scores, in RUN_B, what RUN_B's document there
# scores: a tie (also across rank 10), which each engine breaks its own way.
def only_ties(q):
    return len(a[q][:10]) == len(b[q][:10]) and all(
        b_scores.get((q, x)) == b_scores[(q, y)] for x, y in zip(a[q][:10], b[q][:10]) if x != y
    )


ties = sum(only_ties(q) for q in differ)
rr_diff = sorted(((rr(a[q], qrels[q]) - rr(b[q], qrels[q]), q) for q in queries), key=lambda t: -abs(t[0]))
rr_diff = [t for t in rr_diff if t[0] != 0]
ratios = [a_scores[(q, d)] / b_scores[(q, d)] for q in queries for d in a[q][:10] if b_scores.get((q, d), 0) > 0]
print("queries %d: same top hit %d, same top 10 %d; of the %d top-10 differences, %d only reorder ties of %s"
      % (len(queries), same_top, len(queries) - len(differ), len(differ), ties, sys.argv[2]))
# Ties matter to reciprocal rank where an archive holds the same text twice (ARCD does) and only
# one copy is relevant; the first engine's tie order can change from one index build to the next.
print("reciprocal rank@10 differs on %d queries (%s better on %d; %d of them only through ties): %s"
      % (len(rr_diff), sys.argv[1], sum(d > 0 for d, _ in rr_diff), sum(only_ties(q) for _, q in rr_diff),
         " ".join("%s %+.2f" % (q, d) for d, q in rr_diff)))
if ratios:
    print("score ratio %s/%s over shared top-10 documents: median %.4f" % (sys.argv[1], sys.argv[2], statistics.median(ratios)))
