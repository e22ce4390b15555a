#!/usr/bin/env python3
"""The tag keys of the parity check: Fihris's `tag_key` (from `fihris tags --keys`) against the
exported `fihris_key` normalizer built by Lucene (OpenSearchParity's output).

Usage: keys.py split KEYS_JSONL INPUT_TXT
         writes, for every tag, two lines: the tag as written, then its key (a normalizer is also
         applied to the keys the bulk files hold, so it must leave them unchanged); `\\n`, `\\r`
         and `\\\\` escaped (OpenSearchParity's `escaped` mode)
       keys.py sweep ARCHIVE_JSONL
         writes an archive whose tags are every code point alone, as `x<c>1` and as `و<c>` + U+0654
         (3.3 M tags, 500 an article), to index and check like any other
       keys.py compare KEYS_JSONL LUCENE_OUT LABEL [MIN_SHARE]
         prints the share of inputs whose normalized form equals the key, the first differences,
         and exits 1 below MIN_SHARE."""
import json, sys


def escape(text):
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def entries(path):
    return [json.loads(line) for line in open(path, encoding="utf-8")]


if sys.argv[1] == "split":
    with open(sys.argv[3], "w", encoding="utf-8", newline="") as out:
        for e in entries(sys.argv[2]):
            out.write(escape(e["tag"]) + "\n" + escape(e["key"]) + "\n")
    sys.exit(0)

if sys.argv[1] == "sweep":
    tags = []
    for cp in range(0x110000):
        if not 0xD800 <= cp <= 0xDFFF:
            c = chr(cp)
            tags += [c, "x" + c + "1", "\u0648" + c + "\u0654"]
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for i in range(0, len(tags), 500):
            article = {"id": "cp-%d" % i, "title": "x", "body": "y", "tags": tags[i:i + 500]}
            out.write(json.dumps(article, ensure_ascii=True) + "\n")
    sys.exit(0)

keys_path, lucene_path, label = sys.argv[2:5]
min_share = float(sys.argv[5]) if len(sys.argv) > 5 else None
outputs = []
for line in open(lucene_path, encoding="utf-8", newline=""):
    line = line.rstrip("\n")
    if line == "#":
        outputs.append([])
    else:
        outputs[-1].append(line.split("\t")[0])
expected = []
for e in entries(keys_path):
    expected += [(e["tag"], e["key"]), (e["key"], e["key"])]
assert len(outputs) == len(expected), (len(outputs), len(expected))
equal = 0
diffs = []
for (text, key), tokens in zip(expected, outputs):
    # The keyword tokenizer gives one token; an empty input may give none.
    got = "".join(tokens)
    if got == key and len(tokens) <= 1:
        equal += 1
    else:
        diffs.append((text, key, tokens))
tags = len(expected) // 2
share = equal / len(expected) if expected else 1.0
print("%s: %d tags, %d inputs (each tag and its key), %d normalized to Fihris's tag_key: %.4f%%"
      % (label, tags, len(expected), equal, 100 * share))
for text, key, tokens in diffs[:15]:
    print("  %r: fihris %r, lucene %r" % (text, key, tokens))
if min_share is not None and share < min_share:
    sys.exit("%s: tag key parity %.4f below %.4f" % (label, share, min_share))
