#!/usr/bin/env python3
"""Compares Lucene's tokens (OpenSearchParity's output) with `fihris analyze --json --lines`, token
for token (text and offsets; Fihris's byte offsets converted to UTF-16 units as Lucene counts).

Usage: compare.py TEXT LUCENE_OUT FIHRIS_OUT LABEL [MIN_SHARE]
Prints the share of Fihris tokens that Lucene gives identically, the first differences, and exits 1
when the share is below MIN_SHARE (default: report only)."""
import collections, json, sys

text_path, lucene_path, fihris_path, label = sys.argv[1:5]
min_share = float(sys.argv[5]) if len(sys.argv) > 5 else None

lucene = []
for line in open(lucene_path, encoding="utf-8"):
    line = line.rstrip("\n")
    if line == "#":
        lucene.append([])
    else:
        t, s, e = line.split("\t")
        lucene[-1].append((t, int(s), int(e)))


def utf16(text, byte_offset):
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8").encode("utf-16-le")) // 2


texts = open(text_path, encoding="utf-8").read().split("\n")
fihris = [json.loads(l)["tokens"] for l in open(fihris_path, encoding="utf-8")]
assert len(fihris) == len(lucene), (len(fihris), len(lucene))
equal = total = lucene_total = 0
diffs = collections.Counter()
for text, ours, theirs in zip(texts, fihris, lucene):
    ours = [(t["text"], utf16(text, t["start"]), utf16(text, t["end"])) for t in ours]
    total += len(ours)
    lucene_total += len(theirs)
    common = collections.Counter(ours) & collections.Counter(theirs)
    equal += sum(common.values())
    if ours != theirs:
        only_ours = collections.Counter(ours) - collections.Counter(theirs)
        only_theirs = collections.Counter(theirs) - collections.Counter(ours)
        for tok in only_ours:
            diffs["fihris %s = %r" % (tok[0], text[tok[1]:tok[2]])] += 1
        for tok in only_theirs:
            diffs["lucene %s = %r" % (tok[0], text[tok[1]:tok[2]])] += 1
share = equal / total if total else 1.0
print("%s: %d lines, %d Fihris tokens, %d Lucene tokens, %d equal (text and offsets): %.4f%%"
      % (label, len(texts) - (texts[-1] == ""), total, lucene_total, equal, 100 * share))
for d, n in diffs.most_common(15):
    print("  %6d  %s" % (n, d))
if min_share is not None and share < min_share:
    sys.exit("%s: token parity %.4f below %.4f" % (label, share, min_share))
