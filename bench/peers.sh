#!/usr/bin/env bash
# Fihris beside the engines people would pick instead (issue 12), in one run on the ANT archive
# (31,525 seed-format .txt articles): tantivy-py 0.27 with tantivy's default analyzer and Lucene 8.7's
# ArabicAnalyzer. Every engine reads and parses the same files itself (Fihris in Rust, tantivy-py in
# Python: bench/peers/tantivy_peer.py, Lucene in Java: bench/lucene/LucenePeer.java, all three
# following src/reader/seed_text.rs).
#
# 1. Indexing, REPS times, the configurations interleaved (A B C … A B C …) so that machine noise
#    hits them alike: wall seconds (clock), CPU seconds (user + sys) and peak RSS (/usr/bin/time -v),
#    index size (du -sb). THREADS indexing threads and a MEMORY MB budget for every engine.
# 2. In-process query latency over the ANT indexes, top 10 with each hit's stored id, ARCD questions
#    and 300 news keywords (bench/serve/queries.py, the rules of benches/search.rs), with and without
#    10 tag facets; each run does an untimed warm-up pass (Lucene: one JVM per index runs the four
#    sets, warmed up by passes over them all up to LUCENE_WARMUP queries, for the JIT), then times
#    every query once. REPS runs per configuration, interleaved.
# 3. A markdown table (bench/peers/report.py) printed and written to $WORK/peers.md.
#
# Usage (from the repo root, after a release build):
#   FIHRIS=target/release/fihris ANT_DIR=/work/ant bench/peers.sh      # about 12 minutes
#
# Environment: FIHRIS (binary; default $CARGO_TARGET_DIR/release/fihris), SHARED (default ../shared),
# WORK (scratch folder outside the repo, rewritten each run; default /tmp/fihris-peers),
# ANT_DIR (holds the unpacked archive as ANT_DIR/ant; default /tmp/ant, unpacked there if absent),
# REPS (default 3), THREADS (default 2), MEMORY (MB, default 256), KEYWORDS (default 300),
# LUCENE_WARMUP (untimed queries the JVM runs first, in whole passes over the four query sets of
# an index, at least one: 3,390 queries; default 3000),
# INDEX=0 / QUERIES=0 skip a phase (QUERIES=1 alone needs the indexes of an earlier run in WORK).
# Needs: /usr/bin/time (apt-get install -y time), pip install tantivy==0.27.0,
# apt-get install -y liblucene8-java default-jdk-headless (Lucene 8.7 jars in /usr/share/java).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
FIHRIS=${FIHRIS:-${CARGO_TARGET_DIR:-$ROOT/target}/release/fihris}
WORK=${WORK:-/tmp/fihris-peers}
ANT_DIR=${ANT_DIR:-/tmp/ant}
REPS=${REPS:-3}
THREADS=${THREADS:-2}
MEMORY=${MEMORY:-256}
KEYWORDS=${KEYWORDS:-300}
LUCENE_WARMUP=${LUCENE_WARMUP:-3000}
INDEX=${INDEX:-1}
QUERIES=${QUERIES:-1}

say() { echo "peers.sh: $*" >&2; }
if [ ! -d "$SHARED/data" ]; then
  say "$SHARED/data not found (no ../shared): nothing to measure"
  exit 0
fi
[ -x "$FIHRIS" ] || { say "no binary at $FIHRIS; build with cargo build --release"; exit 2; }
[ -x /usr/bin/time ] || { say "/usr/bin/time missing (apt-get install -y time)"; exit 2; }
python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('tantivy') != '0.27.0')" 2>/dev/null ||
  { say "tantivy-py 0.27.0 missing (pip install tantivy==0.27.0)"; exit 2; }
J=/usr/share/java
CP=$J/lucene-core-8.7.0.jar:$J/lucene-analyzers-common-8.7.0.jar:$J/lucene-queryparser-8.7.0.jar
CP=$CP:$J/lucene-facet-8.7.0.jar:$J/lucene-queries-8.7.0.jar:$J/lucene-sandbox-8.7.0.jar
if [ ! -f "$J/lucene-core-8.7.0.jar" ] || ! command -v javac >/dev/null; then
  say "Lucene 8.7 or a JDK missing (apt-get install -y liblucene8-java default-jdk-headless)"
  exit 2
fi

if [ ! -d "$ANT_DIR/ant" ]; then
  mkdir -p "$ANT_DIR" && tar xzf "$SHARED/data/ant-archive.tar.gz" -C "$ANT_DIR"
fi
ARCHIVE=$ANT_DIR/ant
mkdir -p "$WORK"/idx "$WORK"/timings "$WORK"/runs "$WORK"/lucene-build
javac -encoding UTF-8 -cp "$CP" -d "$WORK/lucene-build" "$ROOT/bench/lucene/LucenePeer.java"
TANTIVY=$ROOT/bench/peers/tantivy_peer.py
LOAD=$WORK/load.txt
load() { echo "$1 $(date -u +%H:%M:%S) $(uptime | sed 's/.*load average/load average/')" >>"$LOAD"; }

# The configurations, in the order they alternate. index_argv NAME DIR sets CMD to the command
# that indexes ARCHIVE into DIR for configuration NAME.
CONFIGS="fihris fihris-default tantivy-plain tantivy-fields lucene-title-speed lucene-body-speed
lucene-title-compression lucene-body-compression"
index_argv() {
  local name=$1 dir=$2 rest
  case $name in
    fihris) CMD=("$FIHRIS" index "$ARCHIVE" --index "$dir" --threads "$THREADS" --memory "$MEMORY" --quiet) ;;
    fihris-default)
      CMD=("$FIHRIS" index "$ARCHIVE" --index "$dir" --threads "$THREADS" --memory "$MEMORY" --quiet
        --analyzer default) ;;
    tantivy-*)
      CMD=(python3 "$TANTIVY" index "${name#tantivy-}" "$ARCHIVE" "$dir" --threads "$THREADS"
        --memory-mb "$MEMORY") ;;
    lucene-*)
      rest=${name#lucene-}
      CMD=(java -cp "$CP:$WORK/lucene-build" LucenePeer index "$ARCHIVE" "$dir" "${rest%-*}"
        "${rest#*-}" "$THREADS" "$MEMORY") ;;
  esac
}

{
  echo "binary $FIHRIS $(sha256sum "$FIHRIS" | cut -c1-12) $("$FIHRIS" --version)"
  echo "archive $ARCHIVE $(find "$ARCHIVE" -name '*.txt' | wc -l) files"
  echo "reps $REPS threads $THREADS memory $MEMORY"
} >"$WORK/setup.txt"
[ "$INDEX" = 1 ] && : >"$LOAD"
load start

RAW=$WORK/index.tsv
if [ "$INDEX" = 1 ]; then
  # Every engine reads the archive from the page cache: one untimed read first.
  find "$ARCHIVE" -name '*.txt' -exec cat {} + >/dev/null
  echo -e "config\trep\twall_s\tuser_s\tsys_s\tpeak_rss_kb\tindex_bytes" >"$RAW"
  for rep in $(seq 1 "$REPS"); do
    for name in $CONFIGS; do
      dir=$WORK/idx/$name
      rm -rf "$dir"
      start=$(date +%s%N)
      index_argv "$name" "$dir"
      /usr/bin/time -v -o "$WORK/time.txt" "${CMD[@]}" >"$WORK/index-out.txt"
      end=$(date +%s%N)
      awk -F': ' -v n="$name" -v r="$rep" -v a="$start" -v b="$end" -v size="$(du -sb "$dir" | cut -f1)" '
        /User time/ {u = $2} /System time/ {s = $2} /Maximum resident set size/ {m = $2}
        END {printf "%s\t%s\t%.3f\t%s\t%s\t%s\t%s\n", n, r, (b - a) / 1e9, u, s, m, size}' \
        "$WORK/time.txt" >>"$RAW"
      say "index rep $rep $name: $(tail -1 "$RAW" | cut -f3-)"
    done
    load "index rep $rep"
  done
fi

if [ "$QUERIES" = 1 ]; then
  cp "$SHARED/eval/arcd/queries.tsv" "$WORK/arcd.tsv"
  python3 "$ROOT/bench/serve/queries.py" keywords "$SHARED/data/ant.jsonl.gz" "$KEYWORDS" |
    awk '{printf "kw-%03d\t%s\n", NR, $0}' >"$WORK/keywords.tsv"
  # The engine and index of each query configuration (phase 1's indexes), alternating per rep;
  # each runs both query sets, without and with 10 facets (tantivy-py plain has no tag field).
  QCONFIGS="fihris tantivy-plain tantivy-fields lucene-title-speed lucene-body-speed"
  for rep in $(seq 1 "$REPS"); do
    for name in $QCONFIGS; do
      dir=$WORK/idx/$name jobs=()
      for set in arcd keywords; do
        for facets in 0 10; do
          [ "$name" = tantivy-plain ] && [ "$facets" != 0 ] && continue
          q=$WORK/$set.tsv t=$WORK/timings/$name-f$facets-$set-$rep.tsv
          case $name in
            fihris)
              "$FIHRIS" search --index "$dir" --batch "$q" --run "$WORK/runs/$name-$set.run" \
                --timings "$t" --warmup --limit 10 --facets "$facets" ;;
            tantivy-*)
              python3 "$TANTIVY" search "${name#tantivy-}" "$dir" "$q" "$t" --facets "$facets" \
                --limit 10 ;;
            lucene-*) jobs+=("$q" "$t" "$facets") ;;
          esac
        done
      done
      # Lucene: one JVM for the four sets, so that one warm-up serves them all.
      if [ ${#jobs[@]} -gt 0 ]; then
        java -cp "$CP:$WORK/lucene-build" LucenePeer search "$dir" 10 "$LUCENE_WARMUP" "${jobs[@]}"
      fi
      say "queries rep $rep $name: $(cat "$WORK"/timings/"$name"-f*-"$rep".tsv | wc -l) timed"
    done
    load "queries rep $rep"
  done
fi
load end

python3 "$ROOT/bench/peers/report.py" "$WORK" | tee "$WORK/peers.md"
