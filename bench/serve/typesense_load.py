#!/usr/bin/env python3
"""Loads the ANT articles into a Typesense server for bench/serve.sh.

    typesense_load.py URL API_KEY COLLECTION ANT_JSONL_GZ

Creates COLLECTION (dropped first if it exists) with `title` and `body` as searchable strings and
`tags` as a faceted string array, imports every article of ANT_JSONL_GZ (the same 31,525 articles as
ant-archive.tar.gz) in batches of 1,000 through `documents/import`, and prints one JSON line:
{"documents","failed","seconds"}. Standard library only. Exits 1 if any document was refused.
"""

import gzip
import json
import sys
import time
import urllib.error
import urllib.request

BATCH = 1000


def call(url, key, method, body=None, content_type="application/json"):
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("X-TYPESENSE-API-KEY", key)
    if body is not None:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request, timeout=600) as response:
        return response.read().decode("utf-8")


def main():
    base, key, name, path = sys.argv[1:5]
    try:
        call(f"{base}/collections/{name}", key, "DELETE")
    except urllib.error.HTTPError as e:
        if e.code != 404:
            raise
    schema = {
        "name": name,
        "fields": [
            {"name": "title", "type": "string"},
            {"name": "body", "type": "string"},
            {"name": "tags", "type": "string[]", "facet": True, "optional": True},
        ],
    }
    call(f"{base}/collections", key, "POST", json.dumps(schema).encode())

    started = time.monotonic()
    documents = failed = 0
    batch = []

    def flush():
        nonlocal documents, failed
        if not batch:
            return
        body = "\n".join(batch).encode("utf-8")
        answer = call(f"{base}/collections/{name}/documents/import?action=create", key, "POST",
                      body, "text/plain")
        for line in answer.splitlines():
            result = json.loads(line)
            if result.get("success"):
                documents += 1
            else:
                failed += 1
                if failed <= 5:
                    print(f"typesense_load.py: refused: {line}", file=sys.stderr)
        batch.clear()

    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            doc = {
                "id": record["id"],
                "title": record.get("title") or "",
                "body": record.get("body") or "",
                "tags": record.get("tags") or [],
            }
            batch.append(json.dumps(doc, ensure_ascii=False))
            if len(batch) == BATCH:
                flush()
    flush()
    print(json.dumps({"documents": documents, "failed": failed,
                      "seconds": round(time.monotonic() - started, 1)}))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
