#!/usr/bin/env bash
# Scaling benchmark: synthetic archives of 100k / 300k / 1M articles (bench/synth.sh: ANT and
# SaudiNewsNet recombined, seed-format .txt), each indexed from scratch, then searched in-process.
# Reports, per size: wall, articles/s, peak RSS (/usr/bin/time -v), index size (du -sb), segment
# count (meta.json), and the median and p99 of the ARCD questions (1,395) and 100 news keywords
# (bench/serve/queries.py, the same list as benches/search.rs), top 100 with 10 tag facets:
# `fihris search --batch Q --run R --timings T --warmup --facets 10`, and again with `--limit 10`.
# Each size also times the queries with `--track-total-hits true` (every match counted exactly, the
# facets over every match: the collection as it was before the count bound), same binary and index.
# With BASELINE (another fihris binary) the queries are also timed with it on the same index in the
# same run (the index format must be the same), so the table gives the ratio.
#
# Usage (from the repo root, after `cargo build --release`):
#   SIZES="100k 300k" bench/scale.sh                      # archives under /work/synth
#   BASELINE=/tmp/fihris-base SIZES=100k bench/scale.sh
#
# Environment: FIHRIS (default $CARGO_TARGET_DIR/release/fihris), BASELINE (unset), SIZES ("100k
# 300k"; also 1m), SYNTH (where the archives are made or reused; /work/synth), WORK (indexes and
# runs; /tmp/fihris-scale), THREADS (2), MEMORY (MB, 256), SHARED (../shared), KEEP_INDEX (1 keeps
# the indexes for later runs; default 1), REINDEX (1 indexes again even when an index is kept).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
FIHRIS=${FIHRIS:-${CARGO_TARGET_DIR:-$ROOT/target}/release/fihris}
BASELINE=${BASELINE:-}
SIZES=${SIZES:-"100k 300k"}
SYNTH=${SYNTH:-/work/synth}
WORK=${WORK:-/tmp/fihris-scale}
THREADS=${THREADS:-2}
MEMORY=${MEMORY:-256}
REINDEX=${REINDEX:-1}

if [ ! -f "$SHARED/eval/arcd/queries.tsv" ]; then
  echo "scale.sh: $SHARED not found (no ../shared): nothing to measure" >&2
  exit 0
fi
[ -x "$FIHRIS" ] || { echo "scale.sh: no binary at $FIHRIS; cargo build --release" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "scale.sh: /usr/bin/time missing (apt-get install -y time)" >&2; exit 2; }
mkdir -p "$WORK"

# The query sets, as qid<TAB>query.
cp "$SHARED/eval/arcd/queries.tsv" "$WORK/arcd.tsv"
python3 "$ROOT/bench/serve/queries.py" keywords "$SHARED/data/ant.jsonl.gz" 100 |
  awk '{ printf "k%03d\t%s\n", NR, $0 }' >"$WORK/keywords.tsv"

count_of() {
  case $1 in
    *k) echo $(( ${1%k} * 1000 )) ;;
    *m) echo $(( ${1%m} * 1000000 )) ;;
    *) echo "$1" ;;
  esac
}

# median and p99 (nearest rank) of the milliseconds column of a timings file.
stats() {
  python3 - "$1" <<'PY'
import math, sys
ms = sorted(float(line.split("\t")[1]) for line in open(sys.argv[1]) if "\t" in line)
rank = lambda q: ms[min(len(ms) - 1, max(0, math.ceil(q * len(ms)) - 1))]
mid = len(ms) // 2
median = ms[mid] if len(ms) % 2 else (ms[mid - 1] + ms[mid]) / 2
print(f"{median:.2f} {rank(0.99):.2f}")
PY
}

queries() { # BINARY INDEX SET [FLAGS…] -> "median p99"
  local binary=$1 index=$2 set=$3
  shift 3
  "$binary" search --index "$index" --batch "$WORK/$set.tsv" --run "$WORK/run.txt" \
    --timings "$WORK/t.tsv" --warmup --facets 10 "$@" 2>/dev/null
  stats "$WORK/t.tsv"
}

printf '| articles | wall s | with groups s | articles/s | peak RSS MB | index MB | segments | ARCD p50 ms | ARCD p99 ms | keywords p50 ms | keywords p99 ms |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
for size in $SIZES; do
  n=$(count_of "$size")
  archive="$SYNTH/$size"
  N=$n OUT="$archive" "$ROOT/bench/synth.sh" >&2
  index="$WORK/index-$size"
  if [ "$REINDEX" = 1 ] || [ ! -d "$index" ]; then
    rm -rf "$index"
    sync
    /usr/bin/time -v -o "$WORK/time-$size.txt" "$FIHRIS" index "$archive" --index "$index" \
      --threads "$THREADS" --memory "$MEMORY" --quiet --json >"$WORK/summary-$size.json"
  fi
  # wall: the index run's own elapsed time; with groups: the whole command, the variant-group
  # build at its end included (/usr/bin/time).
  read -r wall total articles rss < <(python3 - "$WORK/summary-$size.json" "$WORK/time-$size.txt" <<'PY'
import json, re, sys
summary = json.load(open(sys.argv[1]))
time = open(sys.argv[2]).read()
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", time).group(1))
clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", time).group(1)
total = sum(float(x) * 60 ** i for i, x in enumerate(reversed(clock.split(":"))))
print(f"{summary['elapsed_s']:.1f} {total:.1f} {summary['articles_indexed'] + summary['articles_updated']} {rss_kb / 1024:.0f}")
PY
)
  bytes=$(du -sb "$index" | cut -f1)
  segments=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["segments"]))' "$index/meta.json")
  read -r a50 a99 < <(queries "$FIHRIS" "$index" arcd)
  read -r k50 k99 < <(queries "$FIHRIS" "$index" keywords)
  rate=$(python3 -c "print(f'{$articles / $wall:,.0f}')")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(python3 -c "print(f'{$articles:,}')")" \
    "$wall" "$total" "$rate" "$rss" "$((bytes / 1000000))" "$segments" "$a50" "$a99" "$k50" "$k99"
  # The same binary counting every match exactly: the collection as it was before bounded
  # counting (TopDocs + Count + tag facets in one multi-collector).
  read -r e50 e99 < <(queries "$FIHRIS" "$index" arcd --track-total-hits true)
  read -r f50 f99 < <(queries "$FIHRIS" "$index" keywords --track-total-hits true)
  printf '| ↳ same, \`--track-total-hits true\` (exact) | | | | | | | %s | %s | %s | %s |\n' "$e50" "$e99" "$f50" "$f99"
  # The first page only (what the web page and the API show by default).
  read -r g50 g99 < <(queries "$FIHRIS" "$index" arcd --limit 10)
  read -r h50 h99 < <(queries "$FIHRIS" "$index" keywords --limit 10)
  printf '| ↳ same, \`--limit 10\` | | | | | | | %s | %s | %s | %s |\n' "$g50" "$g99" "$h50" "$h99"
  if [ -n "$BASELINE" ]; then
    read -r b50 b99 < <(queries "$BASELINE" "$index" arcd)
    read -r c50 c99 < <(queries "$BASELINE" "$index" keywords)
    printf '| ↳ baseline binary, same index | | | | | | | %s | %s | %s | %s |\n' "$b50" "$b99" "$c50" "$c99"
  fi
done
