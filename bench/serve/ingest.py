#!/usr/bin/env python3
"""The ingest side of bench/serve.sh: POST /api/articles in batches, from one connection.

    ingest.py URL API_KEY SAUDINEWSNET_DIR N BATCH ID_PREFIX [READY_FILE]

Takes the first N SaudiNewsNet records that have a title or a body (the zips in name order), gives
each a new id (ID_PREFIX + its number, so every run adds N new articles), encodes every batch of
BATCH records as a JSON array *before* the clock starts, then posts them one after the other over one
keep-alive connection, each answered only once committed. READY_FILE, when given, is created the
moment the first batch is sent, so serve.sh starts its search load with the ingest. Prints one JSON line:
{"articles","batches","seconds","articles_per_s","batch_p50_ms","batch_p99_ms","failed"}.
Standard library only. Exits 1 if a request failed; refused records are listed on stderr.
"""

import glob
import http.client
import json
import os
import sys
import time
import urllib.parse
import zipfile


def records(folder, n, prefix):
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "*.zip"))):
        with zipfile.ZipFile(path) as archive:
            for member in sorted(archive.namelist()):
                for r in json.loads(archive.read(member)):
                    # 32 of the first 10,032 have only whitespace: the server rightly refuses those.
                    if not ((r.get("title") or "").strip() or (r.get("content") or "").strip()):
                        continue
                    out.append({
                        "id": f"{prefix}{len(out)}",
                        "title": r.get("title") or "",
                        "body": r.get("content") or "",
                        "date": r.get("date_extracted"),
                        "url": r.get("url"),
                        "source": r.get("source"),
                    })
                    if len(out) == n:
                        return out
    return out


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def main():
    url, key, folder, n, batch, prefix = sys.argv[1:7]
    ready = sys.argv[7] if len(sys.argv) > 7 else None
    n, batch = int(n), int(batch)
    docs = records(folder, n, prefix)
    bodies = [json.dumps(docs[i:i + batch], ensure_ascii=False).encode("utf-8")
              for i in range(0, len(docs), batch)]
    target = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=300)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    failed = indexed = 0
    any_http_error = False
    latencies = []
    if ready:
        open(ready, "w").close()
    started = time.monotonic()
    for body in bodies:
        t0 = time.monotonic()
        connection.request("POST", "/api/articles", body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()
        latencies.append((time.monotonic() - t0) * 1000)
        if response.status != 200:
            failed += batch
            any_http_error = True
            print(f"ingest.py: HTTP {response.status}: {answer[:300]!r}", file=sys.stderr)
            continue
        result = json.loads(answer)
        indexed += result["indexed"]
        failed += result["failed"]
        for refused in (r for r in result["results"] if r.get("error")):
            print(f"ingest.py: refused {refused['record']}: {refused['error']}", file=sys.stderr)
    seconds = time.monotonic() - started
    print(json.dumps({
        "articles": indexed,
        "batches": len(bodies),
        "seconds": round(seconds, 3),
        "articles_per_s": round(indexed / seconds, 1),
        "batch_p50_ms": round(percentile(latencies, 50), 1),
        "batch_p99_ms": round(percentile(latencies, 99), 1),
        "failed": failed,
    }))
    # Refused records are reported (and counted in "failed"); only a failed request is an error.
    sys.exit(1 if any_http_error else 0)


if __name__ == "__main__":
    main()
