#!/usr/bin/env python3
"""The markdown report of bench/peers.sh: `report.py WORK` reads WORK/index.tsv (one row per
indexing run), WORK/timings/CONFIG-fFACETS-SET-REP.tsv (`qid<TAB>ms` per query) and WORK/load.txt,
and prints the tables: medians over the repetitions, Fihris's ratio to each peer, issue 12's goals.

Sizes and memory in MB of 10^6 bytes. A latency run's p99 is the nearest-rank 99th percentile of
its timed queries; the table gives, for each configuration, the median over the repetitions of the
runs' medians, of their p99s and of their means.
"""

import csv
import glob
import math
import os
import statistics
import sys

LABELS = {
    "fihris": "**Fihris** (Arabic analysis; stores title, tags, body)",
    "fihris-default": "Fihris, `--analyzer default` (tantivy's default analyzer, Fihris's schema)",
    "tantivy-plain": "tantivy-py 0.27, default analyzer, one text field (title+tags+body), id stored",
    "tantivy-fields": "tantivy-py 0.27, default analyzer, title/tags stored, body not stored",
    "lucene-title-speed": "Lucene 8.7 ArabicAnalyzer, body not stored, BEST_SPEED (default codec)",
    "lucene-body-speed": "Lucene 8.7 ArabicAnalyzer, title+body stored, BEST_SPEED (default codec)",
    "lucene-title-compression": "Lucene 8.7 ArabicAnalyzer, body not stored, BEST_COMPRESSION",
    "lucene-body-compression": "Lucene 8.7 ArabicAnalyzer, title+body stored, BEST_COMPRESSION",
}
INDEX_PEERS = ["tantivy-plain", "tantivy-fields", "lucene-title-speed", "lucene-body-speed",
               "lucene-title-compression", "lucene-body-compression"]
QUERY_PEERS = ["tantivy-plain", "tantivy-fields", "lucene-title-speed", "lucene-body-speed"]
SHORT = {
    "tantivy-plain": "tantivy-py plain",
    "tantivy-fields": "tantivy-py fields",
    "lucene-title-speed": "Lucene, body not stored",
    "lucene-body-speed": "Lucene, body stored",
    "lucene-title-compression": "Lucene, body not stored, BEST_COMPRESSION",
    "lucene-body-compression": "Lucene, body stored, BEST_COMPRESSION",
}
med = statistics.median


def p99(values):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def indexing(work):
    path = os.path.join(work, "index.tsv")
    if not os.path.exists(path):
        return {}, 0
    rows = list(csv.DictReader(open(path), delimiter="\t"))
    by = {}
    for r in rows:
        by.setdefault(r["config"], []).append(r)
    out = {}
    for name, rs in by.items():
        out[name] = {
            "runs": len(rs),
            "wall": med(float(r["wall_s"]) for r in rs),
            "cpu": med(float(r["user_s"]) + float(r["sys_s"]) for r in rs),
            "rss": med(int(r["peak_rss_kb"]) * 1024 / 1e6 for r in rs),
            "size": med(int(r["index_bytes"]) / 1e6 for r in rs),
        }
    return out, max(len(rs) for rs in by.values())


def latency(work):
    runs = {}
    for path in glob.glob(os.path.join(work, "timings", "*.tsv")):
        stem = os.path.basename(path)[: -len(".tsv")]
        rest, rep = stem.rsplit("-", 1)
        rest, qset = rest.rsplit("-", 1)
        name, facets = rest.rsplit("-f", 1)
        ms = [float(line.split("\t")[1]) for line in open(path) if "\t" in line]
        if ms:
            runs.setdefault((name, int(facets), qset), []).append(
                (med(ms), p99(ms), statistics.fmean(ms), len(ms)))
    return {
        key: {"p50": med(r[0] for r in rs), "p99": med(r[1] for r in rs), "mean": med(r[2] for r in rs),
              "n": rs[0][3], "runs": len(rs)}
        for key, rs in runs.items()
    }


def ratio(a, b):
    return f"{a / b:.2f}" if b else "-"


def main():
    work = sys.argv[1]
    for name in ("setup.txt", "load.txt"):
        path = os.path.join(work, name)
        if os.path.exists(path):
            print("```")
            print(open(path).read().rstrip())
            print("```")
            print()
    idx, reps = indexing(work)
    if idx:
        f = idx.get("fihris")
        print(f"### Indexing ANT (median of {reps})")
        print()
        print("| configuration | wall s | CPU s (user+sys) | peak RSS MB | index MB |")
        print("|---|---|---|---|---|")
        for name in LABELS:
            if name in idx:
                i = idx[name]
                print(f"| {LABELS[name]} | {i['wall']:.2f} | {i['cpu']:.2f} | {i['rss']:.0f} | {i['size']:.1f} |")
        if f:
            print()
            print("| Fihris ÷ | wall | CPU | peak RSS | index size |")
            print("|---|---|---|---|---|")
            for name in ["fihris-default"] + INDEX_PEERS:
                if name in idx:
                    i = idx[name]
                    print(f"| {SHORT.get(name, 'Fihris `--analyzer default`')} | {ratio(f['wall'], i['wall'])} | "
                          f"{ratio(f['cpu'], i['cpu'])} | {ratio(f['rss'], i['rss'])} | {ratio(f['size'], i['size'])} |")
        print()
    lat = latency(work)
    if lat:
        runs = max(v["runs"] for v in lat.values())
        sets = [s for s in ("arcd", "keywords") if any(k[2] == s for k in lat)]
        counts = {s: next(v["n"] for k, v in lat.items() if k[2] == s) for s in sets}
        print(f"### Query latency in-process, top 10 + stored ids (median over {runs} runs of each run's median / p99 / mean)")
        print()
        print("Queries: " + ", ".join(f"{s} {counts[s]}" for s in sets) + ".")
        print()
        head = "".join(f" {s} p50 ms | {s} p99 ms | {s} mean ms |" for s in sets)
        print(f"| engine, index | facets |{head}")
        print("|---|---|" + "---|---|---|" * len(sets))
        for name in ["fihris"] + QUERY_PEERS:
            for facets in (0, 10):
                if any((name, facets, s) in lat for s in sets):
                    cells = "".join(
                        " {p50:.3f} | {p99:.3f} | {mean:.3f} |".format(**lat[(name, facets, s)])
                        if (name, facets, s) in lat else " - | - | - |" for s in sets)
                    print(f"| {LABELS[name]} | {facets} |{cells}")
        print()
        print("| Fihris ÷ (same facets) | facets |" + "".join(f" {s} p50 | {s} p99 | {s} mean |" for s in sets))
        print("|---|---|" + "---|---|---|" * len(sets))
        for name in QUERY_PEERS:
            for facets in (0, 10):
                if all((name, facets, s) in lat and ("fihris", facets, s) in lat for s in sets):
                    cells = "".join(
                        "".join(f" {ratio(lat[('fihris', facets, s)][m], lat[(name, facets, s)][m])} |"
                                for m in ("p50", "p99", "mean"))
                        for s in sets)
                    print(f"| {SHORT[name]} | {facets} |{cells}")
        print()
    goals(idx, lat)


def goals(idx, lat):
    rows = []

    def check(goal, value, limit, text):
        rows.append((goal, text, "**yes**" if value <= limit else "no"))

    f = idx.get("fihris")
    if f:
        for peer in ("tantivy-plain", "tantivy-fields"):
            if peer in idx:
                for what in ("wall", "cpu"):
                    check(f"indexing {what} ≤ {SHORT[peer]}", f[what], idx[peer][what],
                          f"{f[what]:.2f} s vs {idx[peer][what]:.2f} s ({ratio(f[what], idx[peer][what])}×)")
        for peer in ("lucene-title-speed", "lucene-body-speed"):
            if peer in idx:
                for what in ("wall", "cpu"):
                    check(f"indexing {what} ≤ 0.7 × {SHORT[peer]}", f[what], 0.7 * idx[peer][what],
                          f"{f[what]:.2f} s vs 0.7 × {idx[peer][what]:.2f} = {0.7 * idx[peer][what]:.2f} s "
                          f"({ratio(f[what], idx[peer][what])}×)")
        check("index ≤ 45 MB", f["size"], 45.0, f"{f['size']:.1f} MB")
        for peer in ("lucene-body-speed", "lucene-body-compression"):
            if peer in idx:
                check(f"index < {SHORT[peer]}", f["size"], idx[peer]["size"] - 1e-9,
                      f"{f['size']:.1f} MB vs {idx[peer]['size']:.1f} MB")
    a0 = lat.get(("fihris", 0, "arcd"))
    for peer in ("tantivy-plain", "tantivy-fields"):
        p = lat.get((peer, 0, "arcd"))
        if a0 and p:
            check(f"ARCD p50, no facets ≤ 1.2 × {SHORT[peer]}", a0["p50"], 1.2 * p["p50"],
                  f"{a0['p50']:.3f} ms vs 1.2 × {p['p50']:.3f} = {1.2 * p['p50']:.3f} ms ({ratio(a0['p50'], p['p50'])}×)")
    a10 = lat.get(("fihris", 10, "arcd"))
    for peer in ("lucene-title-speed", "lucene-body-speed"):
        p = lat.get((peer, 10, "arcd"))
        if a10 and p:
            check(f"ARCD p50, 10 facets ≤ {SHORT[peer]}", a10["p50"], p["p50"],
                  f"{a10['p50']:.3f} ms vs {p['p50']:.3f} ms ({ratio(a10['p50'], p['p50'])}×)")
    if rows:
        print("### Issue 12's goals")
        print()
        print("| goal | measured | met? |")
        print("|---|---|---|")
        for goal, text, met in rows:
            print(f"| {goal} | {text} | {met} |")


if __name__ == "__main__":
    main()
