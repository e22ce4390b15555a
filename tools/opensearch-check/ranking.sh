#!/usr/bin/env bash
# Ranking parity: ARCD with the 31,525 ANT distractors, Fihris (`search --batch`) against the
# exported chain, bulk documents and template query in Lucene 8.7 BM25 (ranking_input.py reads the
# template's fields and boosts and its proximity bonus, OpenSearchRanking.java indexes and
# searches); MRR@10 of both with `fihris eval`, then the per-query comparison (compare_runs.py) and
# its causes (causes.py). Needs ../shared (linked into $WORK, hence --follow-external-links); writes
# only into $WORK.
# Usage: tools/opensearch-check/ranking.sh   (FIHRIS: a binary with `export`; INDEXER: a release
#   binary for indexing, default $FIHRIS; EXPORTER: the binary whose `export` writes the chain and
#   template, default $FIHRIS (a build whose template has `pairs` when $FIHRIS's predates it);
#   EXPLAIN: comma-separated ARCD query ids whose Lucene top 10 is explained on stderr)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
FIHRIS=${FIHRIS:-$ROOT/target/debug/fihris}
INDEXER=${INDEXER:-$FIHRIS}
EXPORTER=${EXPORTER:-$FIHRIS}
WORK=${WORK:-/tmp/fihris-opensearch-ranking}
ARCD=$SHARED/eval/arcd
[ -f "$ARCD/qrels.txt" ] || { echo "ranking.sh: no $ARCD: skipped"; exit 0; }
CP=/usr/share/java/lucene-core-8.7.0.jar:/usr/share/java/lucene-analyzers-common-8.7.0.jar
mkdir -p "$WORK/archive" "$WORK/classes"
ln -sf "$ARCD/docs.jsonl" "$WORK/archive/docs.jsonl"
ln -sf "$SHARED/data/ant.jsonl.gz" "$WORK/archive/ant.jsonl.gz"
"$INDEXER" index "$WORK/archive" --index "$WORK/idx" --full --quiet --threads 2 --follow-external-links
"$EXPORTER" export opensearch --index "$WORK/idx" --out "$WORK/export" >/dev/null
"$FIHRIS" search --batch "$ARCD/queries.tsv" --run "$WORK/fihris.run" --index "$WORK/idx" 2>/dev/null || true
# The template's fields and boosts, resolved through index.json, the bulk documents' values, and
# the proximity bonus's field, slop and boost (the template's `pairs` match_phrase).
python3 "$HERE/ranking_input.py" "$WORK/export" "$WORK/fields.txt" "$WORK/docs.tsv" "$WORK/pairs.txt" \
  >"$WORK/analyzers.txt"
while read -r a; do
  python3 "$HERE/translate.py" "$WORK/export" "$a" "$WORK/conf-$a" >"$WORK/conf-$a.chain"
done <"$WORK/analyzers.txt"
javac -cp "$CP" -d "$WORK/classes" "$HERE/OpenSearchParity.java" "$HERE/OpenSearchRanking.java"
java -Xmx2g -cp "$CP:$WORK/classes" OpenSearchRanking "$WORK/conf" "$WORK/fields.txt" "$WORK/docs.tsv" \
  "$ARCD/queries.tsv" "$WORK/lucene.run" "$WORK/pairs.txt" ${EXPLAIN:+"$EXPLAIN"}
for run in fihris lucene; do
  printf '%s\t' "$run"; "$FIHRIS" eval --qrels "$ARCD/qrels.txt" --run "$WORK/$run.run" --json
done
python3 "$HERE/compare_runs.py" "$WORK/fihris.run" "$WORK/lucene.run" "$ARCD/qrels.txt"
python3 "$HERE/causes.py" "$WORK" "$ARCD/queries.tsv" "$ARCD/qrels.txt" "$FIHRIS" "$CP"
