#!/usr/bin/env python3
"""The tables of bench/retrieval.sh: markdown on stdout (ready for docs/retrieval.md), long TSV.

  python3 bench/retrieval-report.py RESULTS.tsv SIGNIFICANCE.jsonl SUMMARY.tsv \
      [--settings "arcd arcd+ant ..."] [--labels "default no-exact ..."]

RESULTS.tsv: `setting label mrr@10 r@10 r@100 ndcg@10` rows (a header first), scored by
`fihris eval`; the label `lucene` is Lucene's. SIGNIFICANCE.jsonl: one bench/significance.py --json
object per (setting, configuration), with `setting` and `label` added, run against Lucene.

Prints, configurations sorted by their smallest gain over Lucene across the settings (best first;
one missing a setting last): MRR@10 per setting, the gain over Lucene per setting with the
randomization p-value, the paired t-test p-values, then every measure of every row. Writes
SUMMARY.tsv: one line per (label, setting) with MRR@10, Lucene's, the gain, both p-values and the
configuration's smallest gain. Stops with exit 2 when an MRR@10 recomputed by significance.py
differs from `fihris eval`'s: the two implementations cross-check each other on every row.
"""
import argparse
import csv
import json
import sys

# results.tsv holds 4 decimals; a recomputed mean further than this from it is a disagreement.
TOLERANCE = 6e-5
MEASURES = ("mrr@10", "r@10", "r@100", "ndcg@10")


def fmt_p(p):
    """A p-value, readable at a glance: three decimals, or the order of magnitude when smaller."""
    return f"{p:.3f}" if p >= 0.001 else f"{p:.0e}"


def read_results(path):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return {(r["setting"], r["label"]): {m: float(r[m]) for m in MEASURES} for r in rows}


def read_significance(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                out[(d["setting"], d["label"])] = d
    return out


def cross_check(results, significance):
    """Problems: each recomputed MRR@10 (the configuration's and Lucene's) against fihris eval's."""
    problems = []
    for (setting, label), d in significance.items():
        for who, mean in ((label, d["mrr@10_a"]), ("lucene", d["mrr@10_b"])):
            row = results.get((setting, who))
            if row is None:
                problems.append(f"{setting} {who}: in significance.jsonl, not in results.tsv")
            elif abs(row["mrr@10"] - mean) > TOLERANCE:
                problems.append(f"{setting} {who}: fihris eval MRR@10 {row['mrr@10']:.4f}, "
                                f"significance.py {mean:.4f}")
    return problems


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("significance")
    parser.add_argument("summary")
    parser.add_argument("--settings", default="", help="column order (default: as in RESULTS)")
    parser.add_argument("--labels", default="", help="configurations (default: as in RESULTS)")
    args = parser.parse_args(argv)
    results = read_results(args.results)
    significance = read_significance(args.significance)
    problems = cross_check(results, significance)
    if problems:
        print("retrieval-report.py: significance.py and fihris eval disagree:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 2

    settings = args.settings.split() or list(dict.fromkeys(s for s, _ in results))
    labels = args.labels.split() or list(dict.fromkeys(l for _, l in results if l != "lucene"))
    has_lucene = any((s, "lucene") in results for s in settings)

    def gain(label, setting):
        d = significance.get((setting, label))
        return None if d is None else d["diff"]

    def smallest(label):
        gains = [gain(label, s) for s in settings]
        return None if not has_lucene or None in gains else min(gains)

    # Best smallest gain first; configurations without a gain on every setting go last.
    order = sorted(labels, key=lambda l: (smallest(l) is None, -(smallest(l) or 0.0)))

    def mrr(label, setting):
        row = results.get((setting, label))
        return "failed" if row is None else f"{row['mrr@10']:.3f}"

    def small(label):
        g = smallest(label)
        return "n/a" if g is None else f"{g:+.3f}"

    out = []
    out.append("### MRR@10" + (", sorted by the smallest gain over Lucene" if has_lucene else ""))
    rows = []
    if has_lucene:
        rows.append(["Lucene 8.7 ArabicAnalyzer BM25", ""] + [mrr("lucene", s) for s in settings])
    rows += [[l, small(l)] + [mrr(l, s) for s in settings] for l in order]
    out.append(table(["configuration", "smallest gain"] + settings, rows))
    if has_lucene:
        def cell(label, setting, key):
            d = significance.get((setting, label))
            if d is None:
                return "failed"
            return f"{d['diff']:+.3f} ({fmt_p(d['p_rand'])})" if key == "gain" else fmt_p(d["p_t"])
        rounds = {d["rounds"] for d in significance.values()} or {0}
        out.append("")
        out.append("### Gain in MRR@10 over Lucene (two-sided p, paired randomization test, "
                   f"{max(rounds)} rounds)")
        out.append(table(["configuration", "smallest gain"] + settings,
                         [[l, small(l)] + [cell(l, s, "gain") for s in settings] for l in order]))
        out.append("")
        out.append("### Two-sided p of the gain over Lucene, paired t-test")
        out.append(table(["configuration"] + settings,
                         [[l] + [cell(l, s, "t") for s in settings] for l in order]))
    out.append("")
    out.append("### Every measure")
    rows = []
    for s in settings:
        for l in (["lucene"] if has_lucene else []) + order:
            r = results.get((s, l))
            if r is not None:
                rows.append([s, "Lucene 8.7 ArabicAnalyzer BM25" if l == "lucene" else l]
                            + [f"{r[m]:.3f}" for m in MEASURES])
    out.append(table(["setting", "system", "MRR@10", "R@10", "R@100", "nDCG@10"], rows))
    print("\n".join(out))

    with open(args.summary, "w", encoding="utf-8") as f:
        f.write("label\tsetting\tmrr@10\tlucene_mrr@10\tgain\tp_rand\tp_t\tsmallest_gain\n")
        for l in order:
            g = smallest(l)
            for s in settings:
                row = results.get((s, l))
                luc = results.get((s, "lucene"))
                d = significance.get((s, l))
                f.write("\t".join([
                    l, s,
                    "" if row is None else f"{row['mrr@10']:.4f}",
                    "" if luc is None else f"{luc['mrr@10']:.4f}",
                    "" if d is None else f"{d['diff']:.4f}",
                    "" if d is None else f"{d['p_rand']:.4g}",
                    "" if d is None else f"{d['p_t']:.4g}",
                    "" if g is None else f"{g:.4f}",
                ]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
