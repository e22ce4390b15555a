#!/usr/bin/env bash
# Search page benchmark: the server's own time for the HTML of `/?q=…` (tag facets on, 20 of them;
# snippets; 10 hits) on an index of the ANT archive, read from the page's Server-Timing header
# (handler start to rendered page), plus the wall time a client on the loopback sees. Each of the
# queries below is requested ROUNDS times (default 5) after one warm-up round; the median and p99
# are over every request. Only 127.0.0.1 is ever contacted, and the loop is bounded.
#
# Usage (from the repo root, after a release build):
#   cargo build --release && bench/web-page.sh
#
# Environment: FIHRIS (default target/release/fihris), SHARED (default ../shared), WORK (default
# /tmp/fihris-webbench), ANT_DIR (the unpacked ANT archive; default /tmp/ant), ROUNDS (default 5).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
FIHRIS=${FIHRIS:-$ROOT/target/release/fihris}
WORK=${WORK:-/tmp/fihris-webbench}
ANT_DIR=${ANT_DIR:-/tmp/ant}
ROUNDS=${ROUNDS:-5}

if [ ! -d "$SHARED/data" ]; then
  echo "web-page.sh: $SHARED/data not found (no ../shared): nothing to measure" >&2
  exit 0
fi
if [ ! -d "$ANT_DIR/ant" ]; then
  mkdir -p "$ANT_DIR" && tar -xzf "$SHARED/data/ant-archive.tar.gz" -C "$ANT_DIR"
fi
mkdir -p "$WORK"
"$FIHRIS" index "$ANT_DIR/ant" --index "$WORK/index" --quiet
PORT_FILE="$WORK/address"
"$FIHRIS" serve --index "$WORK/index" --listen 127.0.0.1:0 --quiet > "$PORT_FILE" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q http "$PORT_FILE" 2>/dev/null && break; sleep 0.1; done
BASE=$(grep -o 'http://[0-9.:]*' "$PORT_FILE")

python3 - "$BASE" "$ROUNDS" <<'PY'
import statistics, sys, time, urllib.parse, urllib.request

base, rounds = sys.argv[1], int(sys.argv[2])
# News keywords (one to three words) and browse-by-tag pages, as journalists use the page.
queries = [
    {"q": q} for q in [
        "ترمب", "الحوثي", "النفط", "السعودية", "إيران", "الرئيس الروسي", "كأس العالم",
        "الأمم المتحدة", "سوريا", "مسئول", "الاتفاق النووي", "البيت الأبيض", "أسعار النفط",
        "القدس", "الانتخابات", "كوريا الشمالية", "اليمن", "قطر", "مصر", "العراق",
    ]
] + [
    {"q": "", "tag": "ترمب"}, {"q": "النفط", "tag": "السعودية"},
    {"q": "اليمن", "tag": "ميليشيات الحوثي", "mode": "any"},
    {"q": "", "tag": "إيران", "not_tag": "ترمب"}, {"q": "ترمب", "page": "3"},
]

def fetch(params):
    url = base + "/?" + urllib.parse.urlencode(params)
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read()
        timing = response.headers.get("Server-Timing", "")
    wall = (time.perf_counter() - started) * 1000
    server = float(timing.split("dur=")[1]) if "dur=" in timing else float("nan")
    assert response.status == 200 and b'dir="rtl"' in body
    return server, wall, len(body)

for params in queries:  # warm-up: caches, page cache
    fetch(params)
server, wall, sizes = [], [], []
for _ in range(rounds):
    for params in queries:
        s, w, n = fetch(params)
        server.append(s); wall.append(w); sizes.append(n)

def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]

print(f"{len(server)} page requests ({len(queries)} searches x {rounds})")
print(f"server time: median {statistics.median(server):.2f} ms, p99 {p(server, 0.99):.2f} ms")
print(f"client wall: median {statistics.median(wall):.2f} ms, p99 {p(wall, 0.99):.2f} ms")
print(f"page HTML: median {statistics.median(sizes) / 1024:.1f} KB, max {max(sizes) / 1024:.1f} KB")
PY
