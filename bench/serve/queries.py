#!/usr/bin/env python3
"""The query sets of the server benchmark, one query a line, for bench/serve/search.lua.

    queries.py keywords ANT_JSONL_GZ N > keywords.txt   # N news keywords of 1-3 words
    queries.py arcd QUERIES_TSV > arcd.txt              # every ARCD question (qid<TAB>text)

The keywords are derived from ANT exactly as benches/search.rs derives its 100 (`news_keywords`):
40% the most frequent title words, 30% the most frequent title bigrams of two content words, 30% the
most used tags of 1-3 words; title words split on non-letters, at least 3 characters, function words
left out, ties broken by the text. With N = 100 the list is the bench's list.
"""

import gzip
import json
import sys
import unicodedata
from collections import Counter

# benches/search.rs FUNCTION_WORDS, in the same order.
FUNCTION_WORDS = set(
    """في من على إلى الى عن مع بعد قبل أن ان إن التي الذي الذين هذا هذه ذلك تلك بين حول خلال عند
    منذ حتى أو او ما لا لم لن قد كان كانت هل كيف ماذا لماذا بعد ضد عبر دون غير أي كل بعض يوم فيديو
    صور بالصور بالفيديو جديد جديدة أول اليوم عاجل""".split()
)


def alphabetic(c):
    # Rust's char::is_alphabetic: letters plus Other_Alphabetic, which covers the Arabic harakat
    # (combining marks) that Python's isalpha() leaves out.
    return c.isalpha() or unicodedata.category(c) in ("Mn", "Mc")


def title_words(title):
    words, word = [], []
    for c in title:
        if alphabetic(c):
            word.append(c)
        else:
            words.append("".join(word))
            word = []
    words.append("".join(word))
    return [w for w in words if len(w) >= 3 and w not in FUNCTION_WORDS]


def keywords(path, n):
    words, bigrams, tags = Counter(), Counter(), Counter()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            tokens = title_words(record.get("title") or "")
            words.update(tokens)
            bigrams.update(" ".join(p) for p in zip(tokens, tokens[1:]))
            for tag in record.get("tags") or []:
                tag = tag.strip()
                if 1 <= len(tag.split()) <= 3:
                    tags[tag] += 1
    out = []
    for counts, share in ((words, n * 4 // 10), (bigrams, n * 3 // 10), (tags, n)):
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].encode("utf-8")))
        room = min(share, n - len(out))
        fresh = [text for text, _ in ranked if text not in out][:room]
        out.extend(fresh)
    return out


def arcd(path):
    with open(path, encoding="utf-8") as lines:
        return [line.rstrip("\n").split("\t", 1)[1] for line in lines if "\t" in line]


def main():
    kind = sys.argv[1]
    queries = keywords(sys.argv[2], int(sys.argv[3])) if kind == "keywords" else arcd(sys.argv[2])
    for q in queries:
        # One query a line: the Lua script reads lines.
        print(" ".join(q.split()))


if __name__ == "__main__":
    main()
