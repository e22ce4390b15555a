#!/usr/bin/env python3
"""tantivy-py (0.27, tantivy's default analyzer) as a peer of Fihris, for bench/peers.sh.

    tantivy_peer.py index SCHEMA ARCHIVE_DIR INDEX_DIR [--threads 2] [--memory-mb 256]
    tantivy_peer.py search SCHEMA INDEX_DIR QUERIES.tsv TIMINGS.tsv [--facets 10] [--limit 10]

SCHEMA is `plain` (one text field: title, tags and body; only the id stored) or `fields` (title and
tags stored, body indexed and not stored; tags also a raw, fast field, so that they can be counted
as facets). Every field is indexed with positions (tantivy's default), with the `default` tokenizer
(SimpleTokenizer, RemoveLongFilter(40), LowerCaser) except the id and the fast tags (`raw`).

`index` reads every `.txt` file under ARCHIVE_DIR (sorted walk) and parses it as Fihris's
`src/reader/seed_text.rs` does: lines split on \\n and \\r, trimmed, blank ones dropped; the first line
is the title; a second line equal to the title is dropped; the run of `- ` lines that follows is the
tag list (unless one of them is longer than 100 characters: then they are body paragraphs); every
other line is a body paragraph, joined with \\n. The id is the path relative to ARCHIVE_DIR. Files are
decoded as UTF-8 (invalid bytes replaced). One Python thread reads and parses; the writer indexes on
`--threads` threads with a `--memory-mb` heap in all (as `fihris index --threads --memory`), then
commits and waits for its merges. Prints `documents<TAB>N` on stdout.

`search` runs every `qid<TAB>query` line once untimed (warm-up), then once timed: from before the
query is parsed (parse_query_lenient over the searched fields, OR of the words as tantivy's parser
does) to after the top `--limit` hits and each hit's stored id are fetched, and with `--facets N`
the N most frequent tags of all matches counted (a terms aggregation, `Searcher.aggregate`: tantivy-py
has no facet collector of its own, so this runs the query a second time). time.perf_counter_ns.
Writes `qid<TAB>milliseconds` lines to TIMINGS.tsv.
"""

import argparse
import os
import sys
import time

import tantivy

MAX_TAG_LINE = 100


def parse_seed(text):
    """(title, tags, body) of a seed-format text, as src/reader/seed_text.rs reads it; None if blank."""
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return None
    title, i = lines[0], 1
    if i < len(lines) and lines[i] == title:
        i += 1
    start = i
    while i < len(lines) and (lines[i].startswith("- ") or lines[i] == "-"):
        i += 1
    run = lines[start:i]
    if all(len(line) <= MAX_TAG_LINE for line in run):
        tags = [t for t in (line[1:].strip() for line in run) if t]
        paragraphs = []
    else:
        tags, paragraphs = [], run
    paragraphs = paragraphs + lines[i:]
    return title, tags, "\n".join(paragraphs)


def schema_of(kind):
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    if kind == "plain":
        b.add_text_field("text")
    elif kind == "fields":
        b.add_text_field("title", stored=True)
        b.add_text_field("tags", stored=True, tokenizer_name="raw", fast=True)
        b.add_text_field("body")
    else:
        raise SystemExit(f"tantivy_peer.py: unknown schema {kind!r} (plain or fields)")
    return b.build()


def searched_fields(kind):
    return ["text"] if kind == "plain" else ["title", "body"]


def archive_files(root):
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(".txt"):
                yield os.path.join(folder, name)


def index(args):
    os.makedirs(args.index_dir, exist_ok=True)
    idx = tantivy.Index(schema_of(args.schema), path=args.index_dir, reuse=False)
    writer = idx.writer(heap_size=args.memory_mb * 1_000_000, num_threads=args.threads)
    n = 0
    for path in archive_files(args.archive_dir):
        with open(path, "rb") as f:
            parsed = parse_seed(f.read().decode("utf-8", errors="replace"))
        if parsed is None:
            continue
        title, tags, body = parsed
        doc_id = os.path.relpath(path, args.archive_dir)
        if args.schema == "plain":
            doc = tantivy.Document(id=doc_id, text="\n".join([title, *tags, body]))
        else:
            doc = tantivy.Document(id=doc_id, title=title, body=body)
            for tag in tags:
                doc.add_text("tags", tag)
        writer.add_document(doc)
        n += 1
    writer.commit()
    writer.wait_merging_threads()
    print(f"documents\t{n}")


def search(args):
    idx = tantivy.Index.open(args.index_dir)
    searcher = idx.searcher()
    fields = searched_fields(args.schema)
    agg = {"tags": {"terms": {"field": "tags", "size": args.facets}}}
    if args.facets and args.schema != "fields":
        raise SystemExit("tantivy_peer.py: --facets needs the `fields` schema (tags as a fast field)")
    queries = []
    with open(args.queries, encoding="utf-8") as f:
        for line in f:
            if "\t" in line:
                qid, text = line.rstrip("\n").split("\t", 1)
                queries.append((qid, text))

    def one(text):
        query, _errors = idx.parse_query_lenient(text, fields)
        result = searcher.search(query, args.limit, count=True)
        ids = [searcher.doc(address)["id"][0] for _, address in result.hits]
        if args.facets:
            searcher.aggregate(query, agg)
        return ids

    for _, text in queries:
        one(text)
    with open(args.timings, "w", encoding="utf-8") as out:
        for qid, text in queries:
            start = time.perf_counter_ns()
            one(text)
            elapsed = time.perf_counter_ns() - start
            out.write(f"{qid}\t{elapsed / 1e6:.4f}\n")
    print(f"documents\t{searcher.num_docs}\tqueries\t{len(queries)}", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    i = sub.add_parser("index")
    i.add_argument("schema")
    i.add_argument("archive_dir")
    i.add_argument("index_dir")
    i.add_argument("--threads", type=int, default=2)
    i.add_argument("--memory-mb", type=int, default=256)
    s = sub.add_parser("search")
    s.add_argument("schema")
    s.add_argument("index_dir")
    s.add_argument("queries")
    s.add_argument("timings")
    s.add_argument("--facets", type=int, default=0)
    s.add_argument("--limit", type=int, default=10)
    args = p.parse_args()
    index(args) if args.command == "index" else search(args)


if __name__ == "__main__":
    main()
