#!/usr/bin/env bash
# Indexing benchmark: full index, no-change rerun and 1%-touched rerun of the ANT archive (31,525
# .txt files) and of SaudiNewsNet (18 zips of JSON, 31,030 articles), with tantivy's default analyzer
# (the baseline) and with Fihris's Arabic analysis, in the same run. Each measurement is repeated
# REPS times (default 3); the tables give the median. Wall time and peak RSS come from
# /usr/bin/time -v; articles and bytes from `fihris index --json`.
#
# Usage (from the repo root, after a release build):
#   CARGO_TARGET_DIR=/work/target-bench cargo build --release
#   bench/index.sh
#
# Environment: FIHRIS (binary; default $CARGO_TARGET_DIR/release/fihris), SHARED (default ../shared),
# WORK (scratch folder outside the repo; default /tmp/fihris-indexbench), THREADS (default 2),
# REPS (default 3), ANT_DIR (the unpacked ANT archive; default /tmp/ant, unpacked there if absent),
# ARCHIVES (default "ant snn").
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
FIHRIS=${FIHRIS:-${CARGO_TARGET_DIR:-$ROOT/target}/release/fihris}
WORK=${WORK:-/tmp/fihris-indexbench}
THREADS=${THREADS:-2}
REPS=${REPS:-3}
ANT_DIR=${ANT_DIR:-/tmp/ant}
ARCHIVES=${ARCHIVES:-"ant snn"}

if [ ! -d "$SHARED/data" ]; then
  echo "index.sh: $SHARED/data not found (no ../shared): nothing to measure" >&2
  exit 0
fi
if [ ! -x "$FIHRIS" ]; then
  echo "index.sh: no binary at $FIHRIS; build with cargo build --release" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "index.sh: /usr/bin/time missing (apt-get install -y time)" >&2
  exit 2
fi

mkdir -p "$WORK"
# The archives live outside the repo. ANT is unpacked once; the SaudiNewsNet zips are copied so that
# the touch step can change their modification times (../shared is read-only).
if [ ! -d "$ANT_DIR/ant" ]; then
  mkdir -p "$ANT_DIR" && tar xzf "$SHARED/data/ant-archive.tar.gz" -C "$ANT_DIR"
fi
archive_dir() {
  case $1 in
    ant) echo "$ANT_DIR/ant" ;;
    snn)
      mkdir -p "$WORK/snn"
      cp -n "$SHARED"/data/saudinewsnet/*.zip "$WORK/snn/"
      echo "$WORK/snn"
      ;;
  esac
}

RAW=$WORK/raw.tsv
echo -e "archive\tanalyzer\tstep\trep\twall_s\tpeak_rss_kb\tarticles_read\tbytes_read\tdocuments\tindex_bytes" >"$RAW"

# timed ARCHIVE ANALYZER STEP REP INDEX [INDEX ARGS...]: one `fihris index` run, one raw row.
timed() {
  local archive=$1 analyzer=$2 step=$3 rep=$4 index=$5
  shift 5
  local tv=$WORK/time.txt summary dir start end
  dir=$(archive_dir "$archive")
  # Wall time from the clock in ns (time -v rounds to 10 ms); peak RSS from time -v.
  start=$(date +%s%N)
  summary=$(/usr/bin/time -v -o "$tv" "$FIHRIS" index "$dir" --index "$index" \
    --threads "$THREADS" --json --analyzer "$analyzer" "$@")
  end=$(date +%s%N)
  local wall rss
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tv")
  echo "$summary" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("\t".join(sys.argv[1:] + [str(d["articles_indexed"] + d["articles_updated"]), str(d["bytes_read"]), str(d["documents"])]), end="")
' "$archive" "$analyzer" "$step" "$rep" "$wall" "$rss" >>"$RAW"
  echo -e "\t$(du -sb "$index" | cut -f1)" >>"$RAW"
}

INPUT=$WORK/input.tsv
: >"$INPUT"
for archive in $ARCHIVES; do
  dir=$(archive_dir "$archive")
  # Input size as text: the files' bytes, the zips' members uncompressed (MB/s counts text read).
  python3 - "$archive" "$dir" >>"$INPUT" <<'PY'
import os, sys, zipfile
total = 0
for root, _, names in os.walk(sys.argv[2]):
    for name in names:
        path = os.path.join(root, name)
        if name.endswith(".zip"):
            total += sum(i.file_size for i in zipfile.ZipFile(path).infolist())
        elif name.endswith(".txt"):
            total += os.path.getsize(path)
print(f"{sys.argv[1]}\t{total}")
PY
  mapfile -t files < <(find "$dir" -type f \( -name '*.txt' -o -name '*.zip' \) | sort)
  # 1% of the files, at least one, spread evenly through the archive.
  step=$(( ${#files[@]} / ( (${#files[@]} + 99) / 100 ) ))
  touched=()
  for ((i = 0; i < ${#files[@]}; i += step)); do touched+=("${files[i]}"); done
  for rep in $(seq 1 "$REPS"); do
    # Baseline and Arabic alternate inside each repetition, so machine noise hits both alike.
    for analyzer in default arabic; do
      index=$WORK/idx-$archive-$analyzer
      rm -rf "$index"
      timed "$archive" "$analyzer" full "$rep" "$index"
      timed "$archive" "$analyzer" no-change "$rep" "$index"
      touch "${touched[@]}"
      timed "$archive" "$analyzer" touch-1pct "$rep" "$index"
    done
  done
  echo "($archive: touched ${#touched[@]} of ${#files[@]} files per rerun)"
done

python3 - "$RAW" "$INPUT" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
input_bytes = dict(line.split("\t") for line in open(sys.argv[2]).read().split("\n") if line)
med = statistics.median
groups = {}
for r in rows:
    groups.setdefault((r["archive"], r["analyzer"], r["step"]), []).append(r)
walls = {k: med([float(r["wall_s"]) for r in rs]) for k, rs in groups.items()}
print("| archive | analyzer | step | runs | wall s (median) | articles read | articles/s | MB/s (text) | peak RSS MB | index MB |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (archive, analyzer, step), rs in groups.items():
    wall = walls[(archive, analyzer, step)]
    arts = med([int(r["articles_read"]) for r in rs])
    # A rerun reads only some files: its MB/s is of the text it read, scaled like its articles.
    total_articles = max(int(r["documents"]) for r in rs)
    mb = int(input_bytes[archive]) / 1e6 * arts / total_articles
    rss = med([int(r["peak_rss_kb"]) for r in rs]) / 1024
    size = med([int(r["index_bytes"]) for r in rs]) / 1e6
    rate = lambda x: f"{x / wall:,.1f}" if arts else "-"
    print(f"| {archive} | {analyzer} | {step} | {len(rs)} | {wall:.3f} | {arts:,} | {rate(arts).split('.')[0] if arts else '-'} | {rate(mb)} | {rss:.0f} | {size:.0f} |")
print()
print("| archive | input MB (text) | Arabic/default throughput (full) | no-change / full | touch-1% / full |")
print("|---|---|---|---|---|")
for archive in sorted({k[0] for k in groups}):
    ratio = walls[(archive, "default", "full")] / walls[(archive, "arabic", "full")]
    parts = []
    for step in ("no-change", "touch-1pct"):
        parts.append(" / ".join(f"{walls[(archive, a, step)] / walls[(archive, a, 'full')]:.1%} ({a})" for a in ("arabic", "default")))
    print(f"| {archive} | {int(input_bytes[archive]) / 1e6:.1f} | {ratio:.0%} | {parts[0]} | {parts[1]} |")
PY
