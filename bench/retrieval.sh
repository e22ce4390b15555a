#!/usr/bin/env bash
# Retrieval quality of Fihris on ARCD (1,395 questions over 465 Wikipedia paragraphs), alone and with
# the 31,525 ANT news articles as distractors: MRR@10, R@10, R@100, nDCG@10 per analyzer and boost
# configuration, scored with `fihris eval` and cross-checked once with ../shared/tools/ir_eval.py.
#
# Usage (from the repo root, after a release build):
#   CARGO_TARGET_DIR=/work/target-bench cargo build --release
#   bench/retrieval.sh            # the configurations table (both settings)
#   GRID=1 bench/retrieval.sh     # also the boost grid (title, title_exact, body_exact; body = 1)
#   BOOSTS="0.5,1,0,0.5 ..." bench/retrieval.sh   # also these boosts, with arabic and arabic_stop
#   LUCENE=1 bench/retrieval.sh   # also Lucene 8.7 ArabicAnalyzer BM25 on the same documents
#     (bench/lucene/LuceneBatch.java; needs apt-get install -y liblucene8-java default-jdk-headless)
#
# Environment: FIHRIS (binary; default $CARGO_TARGET_DIR/release/fihris), SHARED (default ../shared),
# WORK (scratch folder outside the repo; default /tmp/fihris-retrieval), SETTINGS ("arcd arcd+ant").
# Writes nothing into the repo: indexes, runs and result tables go to $WORK.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
FIHRIS=${FIHRIS:-${CARGO_TARGET_DIR:-$ROOT/target}/release/fihris}
WORK=${WORK:-/tmp/fihris-retrieval}
SETTINGS=${SETTINGS:-"arcd arcd+ant"}
ARCD=$SHARED/eval/arcd
QUERIES=$ARCD/queries.tsv
QRELS=$ARCD/qrels.txt

if [ ! -f "$QRELS" ]; then
  echo "retrieval.sh: $ARCD not found (no ../shared): nothing to measure" >&2
  exit 0
fi
if [ ! -x "$FIHRIS" ]; then
  echo "retrieval.sh: no binary at $FIHRIS; build with cargo build --release" >&2
  exit 2
fi

mkdir -p "$WORK/archives/arcd" "$WORK/archives/arcd+ant" "$WORK/runs"
# The archives are symlinks to the shared files: the ARCD paragraphs, plus ANT's JSON Lines for
# the distractor setting.
ln -sf "$ARCD/docs.jsonl" "$WORK/archives/arcd/docs.jsonl"
ln -sf "$ARCD/docs.jsonl" "$WORK/archives/arcd+ant/docs.jsonl"
ln -sf "$SHARED/data/ant.jsonl.gz" "$WORK/archives/arcd+ant/ant.jsonl.gz"

RESULTS=$WORK/results.tsv
: >"$RESULTS"

# index SETTING ANALYZER: a fresh index of the setting's archive with that analyzer.
index() {
  local dir=$WORK/idx/$1/$2
  if [ ! -f "$dir/.built-by-retrieval-sh" ] || [ "$FIHRIS" -nt "$dir/.built-by-retrieval-sh" ]; then
    "$FIHRIS" index "$WORK/archives/$1" --index "$dir" --full --quiet --threads 2 --analyzer "$2"
    touch "$dir/.built-by-retrieval-sh"
  fi
}

# measure SETTING LABEL ANALYZER [SEARCH ARGS...]: run the questions, score, append a result row.
measure() {
  local setting=$1 label=$2 analyzer=$3
  shift 3
  local run=$WORK/runs/$setting.$label.run
  "$FIHRIS" search --batch "$QUERIES" --run "$run" --index "$WORK/idx/$setting/$analyzer" \
    --run-tag "$label" "$@" 2>/dev/null
  "$FIHRIS" eval --qrels "$QRELS" --run "$run" --json |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print("\t".join(sys.argv[1:]+["%.3f"%d[k] for k in ("mrr@10","recall@10","recall@100","ndcg@10")]))' \
      "$setting" "$label" "$analyzer" "${*:-}" >>"$RESULTS"
}

for setting in $SETTINGS; do
  for analyzer in arabic arabic_exact arabic_snowball arabic_stop default; do
    index "$setting" "$analyzer"
  done
  measure "$setting" arabic arabic
  measure "$setting" arabic-no-exact arabic --no-exact
  measure "$setting" stem-none arabic_exact
  measure "$setting" snowball arabic_snowball
  measure "$setting" stopwords-removed arabic_stop
  measure "$setting" tantivy-default default
  measure "$setting" tantivy-default-title-body default --boosts 1,1,0,0
  # The boosts before tuning (1.5,1,1.5,0.5), for the record.
  measure "$setting" arabic-untuned arabic --boosts 1.5,1,1.5,0.5
  if [ -n "${BOOSTS:-}" ]; then
    for b in $BOOSTS; do
      measure "$setting" "arabic@$b" arabic --boosts "$b"
      measure "$setting" "arabic_stop@$b" arabic_stop --boosts "$b"
    done
  fi
done

if [ -n "${LUCENE:-}" ]; then
  J=/usr/share/java
  CP="$J/lucene-core-8.7.0.jar:$J/lucene-analyzers-common-8.7.0.jar:$J/lucene-queryparser-8.7.0.jar"
  mkdir -p "$WORK/lucene-build"
  javac -encoding UTF-8 -cp "$CP" -d "$WORK/lucene-build" "$ROOT/bench/lucene/LuceneBatch.java"
  for setting in $SETTINGS; do
    # The same documents as id<TAB>title<TAB>body lines (tabs and newlines in the text as spaces).
    python3 - "$WORK/archives/$setting" >"$WORK/lucene-$setting.tsv" <<'PY'
import gzip, json, os, sys
clean = lambda t: (t or "").replace("\t", " ").replace("\r", " ").replace("\n", " ")
for name in sorted(os.listdir(sys.argv[1])):
    path = os.path.join(sys.argv[1], name)
    lines = gzip.open(path, "rt", encoding="utf-8") if name.endswith(".gz") else open(path, encoding="utf-8")
    for line in lines:
        d = json.loads(line)
        print(f"{d['id']}\t{clean(d.get('title'))}\t{clean(d.get('body'))}")
PY
    run=$WORK/runs/$setting.lucene.run
    java -Dfile.encoding=UTF-8 -cp "$CP:$WORK/lucene-build" LuceneBatch "$WORK/lucene-$setting.tsv" \
      "$WORK/lucene-idx-$setting" "$QUERIES" "$run"
    "$FIHRIS" eval --qrels "$QRELS" --run "$run" --json |
      python3 -c 'import json,sys; d=json.load(sys.stdin); print("\t".join(sys.argv[1:]+["%.3f"%d[k] for k in ("mrr@10","recall@10","recall@100","ndcg@10")]))' \
        "$setting" lucene-arabic-bm25 lucene "" >>"$RESULTS"
  done
fi

echo "== configurations (MRR@10 R@10 R@100 nDCG@10) =="
column -t -s $'\t' "$RESULTS"

# Cross-check: the same run scored by the shared reference scorer.
first_setting=${SETTINGS%% *}
echo "== cross-check with ir_eval.py (same runs as the first rows above) =="
python3 "$SHARED/tools/ir_eval.py" "$QRELS" "$WORK/runs/$first_setting.arabic.run" \
  "$WORK/runs/$first_setting.tantivy-default.run"

if [ -n "${GRID:-}" ]; then
  GRIDOUT=$WORK/grid.tsv
  : >"$GRIDOUT"
  for setting in $SETTINGS; do
    for t in 0.25 0.5 1 1.5; do
      for te in 0 0.25 0.5 1; do
        for be in 0 0.25 0.5 1; do
          run=$WORK/runs/grid.run
          "$FIHRIS" search --batch "$QUERIES" --run "$run" --index "$WORK/idx/$setting/arabic" \
            --boosts "$t,1,$te,$be" 2>/dev/null
          "$FIHRIS" eval --qrels "$QRELS" --run "$run" --json |
            python3 -c 'import json,sys; d=json.load(sys.stdin); print("\t".join(sys.argv[1:]+["%.4f"%d[k] for k in ("mrr@10","recall@10","recall@100","ndcg@10")]))' \
              "$setting" "$t,1,$te,$be" >>"$GRIDOUT"
        done
      done
    done
  done
  echo "== boost grid, best 15 per setting by MRR@10 (title,body,title_exact,body_exact) =="
  for setting in $SETTINGS; do
    grep -P "^\Q$setting\E\t" "$GRIDOUT" | sort -t $'\t' -k3,3nr | head -15 | column -t -s $'\t'
  done
fi
