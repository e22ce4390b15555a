#!/usr/bin/env python3
"""Attributes each question whose top 10 differs between the Fihris and Lucene runs of ranking.sh
to the first cause that applies, in this order:
  phrase   a word Fihris's analyzer splits into several tokens (`النمسا-المجر`): tantivy's query
           parser searches it as a phrase, the template's multi_match as separate words (counted
           with the exact analyzer, which keeps question words: `عربي؟ما` counts, though the query
           side drops ما);
  syntax   query syntax (quotes, + - ( ) :, AND/OR/NOT): Fihris parses it, multi_match does not;
  stem     the stemmed analyzers disagree on the question (a word absent from the archive, so from
           fihris-stems.txt, which Lucene's arabic_stem stems its own way);
  repeat   a word written twice: tantivy's query grammar drops duplicate clauses, Lucene's match
           query counts the word twice;
  cjk      a document with CJK text in either top 10 (UAX #29 makes a token per ideograph, Fihris
           one per run, so the lengths differ);
  none     anything else.
Runs are ordered as `fihris eval` orders them (score, then document id descending).

Usage: causes.py WORK QUERIES.tsv QRELS FIHRIS CLASSPATH
  WORK: ranking.sh's folder (fihris.run, lucene.run, docs.tsv, conf-fihris_arabic{,.chain}, classes)."""
import json, os, re, subprocess, sys
from collections import defaultdict

work, queries_path, qrels_path, fihris, classpath = sys.argv[1:6]
qids, questions = [], []
with open(queries_path, encoding="utf-8") as f:
    for line in f:
        parts = line.rstrip("\n").split("\t", 1)
        if len(parts) == 2:
            qids.append(parts[0])
            questions.append(parts[1].replace("\r", " "))


def fihris_tokens(lines, analyzer):
    out = subprocess.run([fihris, "analyze", "--analyzer", analyzer, "--json", "--lines"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True).stdout
    return [[t["text"] for t in json.loads(l)["tokens"]] for l in out.splitlines()]


def lucene_tokens(lines, analyzer):
    src, dst = os.path.join(work, "questions.txt"), os.path.join(work, "questions.lucene")
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    conf = os.path.join(work, "conf-" + analyzer)
    subprocess.run(["java", "-cp", classpath + ":" + os.path.join(work, "classes"), "OpenSearchParity", conf,
                    conf + ".chain", src, dst], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out, cur = [], None
    with open(dst, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "#":
                cur = []
                out.append(cur)
            elif line:
                cur.append(line.split("\t")[0])
    return out


stems_differ = [a != b for a, b in zip(fihris_tokens(questions, "arabic"), lucene_tokens(questions, "fihris_arabic"))]
words = sorted({w for q in questions for w in q.split()})
split_words = {w for w, t in zip(words, fihris_tokens(words, "arabic_exact")) if len(t) > 1}


def load(path):
    rows = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            q, _, doc, _, score, _ = line.split()
            rows[q].append((float(score), doc))
    return defaultdict(list, {q: [d for _, d in sorted(r, key=lambda t: (-t[0], [-ord(c) for c in t[1]]))]
                              for q, r in rows.items()})


a, b = load(os.path.join(work, "fihris.run")), load(os.path.join(work, "lucene.run"))
qrels = defaultdict(set)
with open(qrels_path, encoding="utf-8") as f:
    for line in f:
        p = line.split()
        if len(p) >= 4 and int(p[3]) > 0:
            qrels[p[0]].add(p[2])
cjk = set()
with open(os.path.join(work, "docs.tsv"), encoding="utf-8") as f:
    for line in f:
        if re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", line):
            cjk.add(line.split("\t", 1)[0])


def rr(ranked, relevant):
    return next((1 / (i + 1) for i, d in enumerate(ranked[:10]) if d in relevant), 0.0)


order = ["phrase", "syntax", "stem", "repeat", "cjk", "none"]
rows = {c: [0, 0, 0, 0.0] for c in order}
for i, q in enumerate(qids):
    written = questions[i].split()
    causes = [
        ("phrase", any(w in split_words for w in written)),
        ("syntax", re.search(r'["+\-():]|\b(AND|OR|NOT)\b', questions[i]) is not None),
        ("stem", stems_differ[i]),
        ("repeat", len(set(written)) < len(written)),
        ("cjk", any(d in cjk for d in a[q][:10] + b[q][:10])),
    ]
    cause = next((c for c, applies in causes if applies), "none")
    d = rr(a[q], qrels[q]) - rr(b[q], qrels[q])
    row = rows[cause]
    row[0] += 1
    row[1] += a[q][:10] != b[q][:10]
    row[2] += d != 0
    row[3] += d
print("cause\tquestions\ttop 10 differs\tRR@10 differs\tsum RR@10 (fihris - lucene)")
for c in order:
    print("%s\t%d\t%d\t%d\t%+.3f" % (c, *rows[c]))
