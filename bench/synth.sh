#!/usr/bin/env bash
# Builds (or reuses) a synthetic archive of N articles recombined from ANT and SaudiNewsNet
# (bench/synth/synth.py: seeded, byte-reproducible, seed-format .txt files in YYYY/MM/DD folders of
# 100). Never inside the repo.
#
# Usage: N=100000 OUT=/work/synth/100k bench/synth.sh
# Environment: N (required), OUT (required), SEED (default 12), WORKERS (default 2),
#              SHARED (default ../shared from the repo root).
# An OUT holding a finished archive of the same N and SEED (its .synth-done stamp) is reused.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
SEED=${SEED:-12}
WORKERS=${WORKERS:-2}
: "${N:?set N, the number of articles}"
: "${OUT:?set OUT, the output folder}"

if [ ! -f "$SHARED/data/ant.jsonl.gz" ]; then
  echo "synth.sh: $SHARED/data/ant.jsonl.gz not found (no ../shared): nothing to generate" >&2
  exit 2
fi
case $(realpath -m "$OUT")/ in
  "$ROOT"/*) echo "synth.sh: OUT ($OUT) is inside the repo; choose a folder outside it" >&2; exit 2 ;;
esac
stamp="$OUT/.synth-done"
want="n=$N seed=$SEED"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "synth.sh: reusing $OUT ($want)" >&2
  exit 0
fi
rm -rf "$OUT"
start=$(date +%s.%N)
python3 "$ROOT/bench/synth/synth.py" --n "$N" --out "$OUT" --seed "$SEED" --workers "$WORKERS" \
  --shared "$SHARED"
echo "$want" > "$stamp"
echo "synth.sh: $OUT in $(echo "$(date +%s.%N) - $start" | bc) s" >&2
