#!/usr/bin/env python3
"""Seeded synthetic Arabic news archive, recombined from real articles.

Reads the ANT corpus (../shared/data/ant.jsonl.gz) and SaudiNewsNet (../shared/data/saudinewsnet/*.zip)
and writes N articles in Fihris's seed `.txt` format (title; the title repeated; `- tag` lines; one
paragraph a line) under OUT/YYYY/MM/DD/NNNNNNN.txt, FILES_PER_DAY (100) articles a day folder, one day
after another from 2000-01-01. Each article takes a real title, 8-15 real paragraphs drawn from the
whole pool (both corpora), and with probability TAG_RATE a real tag list of an ANT article (Al
Arabiya's editorial hashtags, the only tags either corpus has), so facets have a realistic long tail.

Reproducible: article i depends only on (seed, i) (a generator per day folder, seeded from both), so
the output is byte-identical for any number of worker processes, and a larger N extends a smaller one.

Usage: synth.py --n 100000 --out /work/synth/100k [--seed 12] [--workers 2] [--shared ../shared]
"""

import argparse
import datetime
import gzip
import json
import os
import pickle
import random
import sys
import zipfile
from multiprocessing import Pool

FILES_PER_DAY = 100
TAG_RATE = 0.3
START = datetime.date(2000, 1, 1)

POOL = None  # (titles, tag_lists, paragraphs), set in each worker by fork


def load_pool(shared):
    titles, tag_lists, paragraphs = [], [], []

    def add(title, body, tags):
        title = " ".join((title or "").split())
        if title:
            titles.append(title)
        for line in (body or "").splitlines():
            line = " ".join(line.split())
            # Short lines are bylines and captions, not paragraphs.
            if len(line) >= 40:
                paragraphs.append(line)
        tags = [" ".join(t.split()) for t in tags or [] if t and t.strip()]
        if tags:
            tag_lists.append(tags)

    ant = os.path.join(shared, "data", "ant.jsonl.gz")
    with gzip.open(ant, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            add(record.get("title"), record.get("body"), record.get("tags"))
    snn = os.path.join(shared, "data", "saudinewsnet")
    for name in sorted(os.listdir(snn)):
        if not name.endswith(".zip"):
            continue
        with zipfile.ZipFile(os.path.join(snn, name)) as z:
            for member in sorted(z.namelist()):
                for record in json.loads(z.read(member).decode("utf-8")):
                    add(record.get("title"), record.get("content"), None)
    return titles, tag_lists, paragraphs


def cached_pool(shared):
    """The pool, read once and kept in a pickle beside the system's temp files: parsing 62,000 JSON
    articles takes longer than writing 100,000 files. The cache key is the sources' sizes and times."""
    sources = [os.path.join(shared, "data", "ant.jsonl.gz")]
    snn = os.path.join(shared, "data", "saudinewsnet")
    sources += [os.path.join(snn, n) for n in sorted(os.listdir(snn)) if n.endswith(".zip")]
    key = [(os.path.basename(s), os.stat(s).st_size, int(os.stat(s).st_mtime)) for s in sources]
    cache = os.environ.get("SYNTH_CACHE", "/tmp/fihris-synth-pool.pickle")
    try:
        with open(cache, "rb") as f:
            cached_key, pool = pickle.load(f)
        if cached_key == key:
            return pool
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        pass
    pool = load_pool(shared)
    tmp = f"{cache}.{os.getpid()}"
    with open(tmp, "wb") as f:
        pickle.dump((key, pool), f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, cache)
    return pool


def write_day(job):
    seed, day, first, count, out = job
    titles, tag_lists, paragraphs = POOL
    rng = random.Random(f"{seed}:{day}")
    date = START + datetime.timedelta(days=day)
    folder = os.path.join(out, f"{date.year:04d}", f"{date.month:02d}", f"{date.day:02d}")
    os.makedirs(folder, exist_ok=True)
    written = 0
    for i in range(first, first + count):
        title = rng.choice(titles)
        lines = [title, "", title]
        if rng.random() < TAG_RATE:
            lines.extend("- " + t for t in rng.choice(tag_lists))
        lines.extend(rng.choice(paragraphs) for _ in range(rng.randint(8, 15)))
        text = "\n".join(lines) + "\n"
        with open(os.path.join(folder, f"{i:07d}.txt"), "w", encoding="utf-8") as f:
            written += f.write(text)  # characters, not bytes (Arabic is 2 bytes a letter)
    return count, written


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, required=True, help="articles to write")
    parser.add_argument("--out", required=True, help="output folder (outside the repo)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shared", default=os.path.join(here, "..", "..", "..", "shared"))
    args = parser.parse_args()
    if args.n < 0:
        sys.exit("synth.py: --n must be >= 0")

    global POOL
    POOL = cached_pool(args.shared)
    titles, tag_lists, paragraphs = POOL
    print(
        f"synth.py: pool of {len(titles)} titles, {len(tag_lists)} tag lists, "
        f"{len(paragraphs)} paragraphs",
        file=sys.stderr,
    )
    jobs = []
    for day, first in enumerate(range(0, args.n, FILES_PER_DAY)):
        jobs.append((args.seed, day, first, min(FILES_PER_DAY, args.n - first), args.out))
    os.makedirs(args.out, exist_ok=True)
    articles = written = 0
    # Forked workers share the pool read above without copying it.
    with Pool(args.workers) as pool:
        for n, b in pool.imap_unordered(write_day, jobs, chunksize=16):
            articles += n
            written += b
    print(
        f"synth.py: wrote {articles} articles, {written / 1e6:.1f} million characters "
        f"in {len(jobs)} day folders",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
