#!/usr/bin/env bash
# Segments after a full build and after RUNS small incremental runs: a synthetic archive of N
# articles (bench/synth.sh) is indexed from scratch, then RUNS times one day folder (100 articles)
# is rewritten (a paragraph appended: each of its articles is deleted and added again) and
# `fihris index` runs incrementally (the archive is a hard-linked copy; the source is untouched). Prints the segment count (meta.json), the deleted documents
# still held, the index size and the run's wall time after each step.
#
# Usage: SIZE=100k RUNS=20 bench/merges.sh
# Environment: FIHRIS (default $CARGO_TARGET_DIR/release/fihris), SIZE (100k; or 300k, 1m), RUNS (20),
# SYNTH (/work/synth), WORK (/tmp/fihris-merges), THREADS (2), MEMORY (256).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FIHRIS=${FIHRIS:-${CARGO_TARGET_DIR:-$ROOT/target}/release/fihris}
SIZE=${SIZE:-100k}
case $SIZE in *k) N=$(( ${SIZE%k} * 1000 )) ;; *m) N=$(( ${SIZE%m} * 1000000 )) ;; *) N=$SIZE ;; esac
RUNS=${RUNS:-20}
SYNTH=${SYNTH:-/work/synth}
WORK=${WORK:-/tmp/fihris-merges}
THREADS=${THREADS:-2}
MEMORY=${MEMORY:-256}

source_archive="$SYNTH/$SIZE"
N=$N OUT="$source_archive" "$ROOT/bench/synth.sh" >&2
rm -rf "$WORK"
mkdir -p "$WORK"
# Hard links: the source archive is never changed (a rewritten file gets a new inode below).
cp -al "$source_archive" "$WORK/archive"
index="$WORK/index"

segments() {
  python3 - "$index/meta.json" <<'PY'
import json, sys
meta = json.load(open(sys.argv[1]))
segs = meta["segments"]
deleted = sum((s.get("deletes") or {}).get("num_deleted_docs", 0) for s in segs)
print(len(segs), deleted)
PY
}
step() {
  local what=$1
  shift
  local start end
  start=$(date +%s.%N)
  "$FIHRIS" index "$WORK/archive" --index "$index" --threads "$THREADS" --memory "$MEMORY" \
    --quiet "$@"
  end=$(date +%s.%N)
  read -r segs deleted < <(segments)
  printf '| %s | %s | %s | %s | %.1f |\n' "$what" "$segs" "$deleted" \
    "$(( $(du -sb "$index" | cut -f1) / 1000000 ))" "$(echo "$end - $start" | bc)"
}

printf '| step | segments | deleted docs held | index MB | wall s |\n|---|---|---|---|---|\n'
step "full build of $N"
mapfile -t days < <(cd "$WORK/archive" && find . -mindepth 3 -maxdepth 3 -type d | sort)
for i in $(seq 1 "$RUNS"); do
  day=${days[$(( (i * 37) % ${#days[@]} ))]}
  for f in "$WORK/archive/$day"/*.txt; do
    { cat "$f"; echo "فقرة مضافة في التحديث رقم $i."; } >"$f.new"
    mv "$f.new" "$f"
  done
  step "incremental run $i (100 articles rewritten)"
done
