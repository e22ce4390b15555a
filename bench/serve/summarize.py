#!/usr/bin/env python3
"""The tables of bench/serve.sh, medians over the repetitions.

    summarize.py RAW_TSV INGEST_TSV

RAW_TSV rows are `phase engine set conns rep json` (json: the BENCH line of bench/serve/search.lua);
INGEST_TSV rows are `mode conns rep json documents_after` (json: the line of bench/serve/ingest.py).
Prints the search table (per query set and connections: req/s, p50 and p99 per engine, the req/s
ratio), error counts and response sizes, and the ingest table.
"""
import csv, json, statistics, sys
med = statistics.median
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
for r in rows:
    r.update(json.loads(r["json"]) if r["json"] else {})
def point(phase, engine, set_, conns):
    return [r for r in rows if (r["phase"], r["engine"], r["set"], r["conns"]) == (phase, engine, set_, conns)]
def fig(rs, key, fmt):
    vals = [float(r[key]) for r in rs if key in r]
    return fmt % med(vals) if vals else "-"
errors = lambda rs: sum(int(r.get(k, 0)) for r in rs for k in r if k.startswith("errors_"))
engines = list(dict.fromkeys(r["engine"] for r in rows if r["phase"] == "search"))
print("| queries | connections | " + " | ".join(f"{e} req/s | {e} p50 ms | {e} p99 ms" for e in engines)
      + (" | fihris / typesense req/s |" if len(engines) == 2 else " |"))
print("|---|---|" + "---|---|---|" * len(engines) + ("---|" if len(engines) == 2 else ""))
keys = list(dict.fromkeys((r["set"], r["conns"]) for r in rows if r["phase"] == "search"))
for set_, conns in keys:
    cells, rps = [], []
    for e in engines:
        rs = point("search", e, set_, conns)
        cells += [fig(rs, "rps", "%.0f"), fig(rs, "p50_ms", "%.2f"), fig(rs, "p99_ms", "%.2f")]
        rps.append(med([float(r["rps"]) for r in rs]) if rs else None)
    ratio = f" | {rps[0] / rps[1]:.2f}" if len(engines) == 2 and all(rps) else ""
    print(f"| {set_} | {conns} | " + " | ".join(cells) + ratio + " |")
print()
for e in engines:
    rs = [r for r in rows if r["engine"] == e]
    sizes = "; ".join(f"{set_} {fig([r for r in rs if r['set'] == set_], 'bytes_per_response', '%.0f')}"
                      for set_ in dict.fromkeys(r["set"] for r in rs))
    print(f"{e}: {sum(int(r.get('requests', 0)) for r in rs):,} requests, {errors(rs)} errors "
          f"(socket, non-2xx, timeouts), {len(rs)} runs; bytes per response: {sizes}")
ing = list(csv.DictReader(open(sys.argv[2]), delimiter="\t"))
if not ing:
    sys.exit()
for r in ing:
    r.update(json.loads(r["json"]))
print()
print("| connections | p99 ms without ingest | p99 ms during ingest | during / without | p50 ms without / during | req/s without / during | ingest articles/s under load | ingest s |")
print("|---|---|---|---|---|---|---|---|")
for conns in dict.fromkeys(r["conns"] for r in ing if r["mode"] == "during"):
    no, dur = point("no-ingest", "fihris", "keywords", conns), point("during-ingest", "fihris", "keywords", conns)
    ir = [r for r in ing if r["mode"] == "during" and r["conns"] == conns]
    p99n, p99d = med([float(r["p99_ms"]) for r in no]), med([float(r["p99_ms"]) for r in dur])
    print(f"| {conns} | {p99n:.2f} | {p99d:.2f} | {p99d / p99n:.2f} | {fig(no, 'p50_ms', '%.2f')} / {fig(dur, 'p50_ms', '%.2f')} "
          f"| {fig(no, 'rps', '%.0f')} / {fig(dur, 'rps', '%.0f')} | {fig(ir, 'articles_per_s', '%.0f')} | {fig(ir, 'seconds', '%.1f')} |")
alone = [r for r in ing if r["mode"] == "alone"]
if alone: print(f"\ningest alone (no search load): {fig(alone, 'articles_per_s', '%.0f')} articles/s, "
      f"{fig(alone, 'seconds', '%.1f')} s for {alone[0]['articles']} articles in {alone[0]['batches']} batches, "
      f"batch p50 {fig(alone, 'batch_p50_ms', '%.0f')} ms, p99 {fig(alone, 'batch_p99_ms', '%.0f')} ms; "
      f"documents after: {alone[0]['documents_after']}")
print("ingest failures:", sum(int(r["failed"]) for r in ing))
