#!/usr/bin/env bash
# Where `fihris index`'s memory goes: runs one index build under /usr/bin/time -v and samples
# /proc/PID/status every 0.2 s, reporting the peak of RssAnon (heap: what the process allocated)
# and of RssFile (pages of the index's own memory-mapped segment files, which the kernel can drop
# at will; tantivy reads segments through mmap, so a merge maps its inputs) beside time's peak RSS.
#
# Usage: bench/index_rss.sh ARCHIVE INDEX [fihris index flags…]
# Environment: FIHRIS (default $CARGO_TARGET_DIR/release/fihris).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FIHRIS=${FIHRIS:-${CARGO_TARGET_DIR:-$ROOT/target}/release/fihris}
archive=$1 index=$2
shift 2
out=$(mktemp -d /tmp/fihris-rss.XXXXXX)
trap 'rm -rf "$out"' EXIT
/usr/bin/time -v -o "$out/time" "$FIHRIS" index "$archive" --index "$index" --quiet --json "$@" \
  >"$out/summary.json" &
wrapper=$!
sleep 0.2
pid=$(pgrep -P "$wrapper" -x fihris || true)
anon=0 file=0
while [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; do
  read -r a f < <(awk '/^RssAnon/ {a=$2} /^RssFile/ {f=$2} END {print a+0, f+0}' "/proc/$pid/status" 2>/dev/null || echo "0 0")
  [ "$a" -gt "$anon" ] && anon=$a
  [ "$f" -gt "$file" ] && file=$f
  sleep 0.2
done
wait "$wrapper"
peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time")
wall=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["elapsed_s"], 1))' "$out/summary.json")
echo "wall_s=$wall peak_rss_mb=$((peak / 1024)) peak_anon_mb=$((anon / 1024)) peak_file_mb=$((file / 1024))"
