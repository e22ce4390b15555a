#!/usr/bin/env python3
"""Writes text lines to analyze, one paragraph a line (titles, then body paragraphs), from
`bulk/*.ndjson` of an export, or from SaudiNewsNet's zips of JSON arrays (`title`, `content`).

Usage: lines.py bulk EXPORT_DIR OUT [MAX_ARTICLES] | lines.py saudinewsnet ZIP_DIR OUT [MAX_ARTICLES]"""
import glob, json, os, sys, zipfile

kind, src, out_path = sys.argv[1:4]
limit = int(sys.argv[4]) if len(sys.argv) > 4 and int(sys.argv[4]) > 0 else None


def articles():
    if kind == "bulk":
        for path in sorted(glob.glob(os.path.join(src, "bulk", "*.ndjson"))):
            for line in open(path, encoding="utf-8"):
                d = json.loads(line)
                if "title" in d:
                    yield d["title"], d["body"]
    else:
        for path in sorted(glob.glob(os.path.join(src, "*.zip"))):
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    for d in json.loads(z.read(name).decode("utf-8")):
                        yield d.get("title") or "", d.get("content") or ""


n = 0
with open(out_path, "w", encoding="utf-8") as out:
    for title, body in articles():
        if limit is not None and n >= limit:
            break
        n += 1
        for text in [title] + body.split("\n"):
            # One line each: the analyzers see the same text (no line breaks inside).
            text = text.replace("\r", " ").replace("\u2028", " ").replace("\u2029", " ").replace("\x85", " ")
            if text.strip():
                out.write(text + "\n")
print("%s: %d articles" % (out_path, n), file=sys.stderr)
