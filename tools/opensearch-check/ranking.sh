#!/usr/bin/env bash
# Ranking parity: ARCD with the 31,525 ANT distractors, Fihris (`search --batch`) against the
# exported chain and template query in Lucene 8.7 BM25 (OpenSearchRanking.java); MRR@10 of both
# with `fihris eval`. Needs ../shared; writes only into $WORK.
# Usage: tools/opensearch-check/ranking.sh   (FIHRIS: a binary with `export`; INDEXER: a release
#   binary for indexing, default $FIHRIS)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
FIHRIS=${FIHRIS:-$ROOT/target/debug/fihris}
INDEXER=${INDEXER:-$FIHRIS}
WORK=${WORK:-/tmp/fihris-opensearch-ranking}
ARCD=$SHARED/eval/arcd
[ -f "$ARCD/qrels.txt" ] || { echo "ranking.sh: no $ARCD: skipped"; exit 0; }
CP=/usr/share/java/lucene-core-8.7.0.jar:/usr/share/java/lucene-analyzers-common-8.7.0.jar
mkdir -p "$WORK/archive" "$WORK/classes"
ln -sf "$ARCD/docs.jsonl" "$WORK/archive/docs.jsonl"
ln -sf "$SHARED/data/ant.jsonl.gz" "$WORK/archive/ant.jsonl.gz"
"$INDEXER" index "$WORK/archive" --index "$WORK/idx" --full --quiet --threads 2 --follow-external-links
"$FIHRIS" export opensearch --index "$WORK/idx" --out "$WORK/export" >/dev/null
"$FIHRIS" search --batch "$ARCD/queries.tsv" --run "$WORK/fihris.run" --index "$WORK/idx" 2>/dev/null || true
python3 - "$WORK/export" "$WORK/docs.tsv" <<'PY'
import glob, json, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for path in sorted(glob.glob(sys.argv[1] + "/bulk/*.ndjson")):
        lines = open(path, encoding="utf-8").read().rstrip("\n").split("\n")
        for action, source in zip(lines[::2], lines[1::2]):
            i, d = json.loads(action)["index"]["_id"], json.loads(source)
            clean = lambda t: t.replace("\t", " ").replace("\n", " ").replace("\r", " ")
            out.write("%s\t%s\t%s\n" % (clean(i), clean(d["title"]), clean(d["body"])))
PY
for a in fihris_arabic fihris_exact fihris_arabic_query fihris_exact_query; do
  python3 "$HERE/translate.py" "$WORK/export" "$a" "$WORK/conf-$a" >"$WORK/conf-$a.chain"
done
BOOSTS=$(python3 -c 'import json,re,sys; s=json.load(open(sys.argv[1]))["script"]["source"]; print(",".join(re.search(r"\"%s\^([0-9.]+)\"" % re.escape(f), s).group(1) for f in ("title","body","title.exact","body.exact")))' "$WORK/export/search-template.json")
javac -cp "$CP" -d "$WORK/classes" "$HERE/OpenSearchParity.java" "$HERE/OpenSearchRanking.java"
java -Xmx2g -cp "$CP:$WORK/classes" OpenSearchRanking "$WORK/conf" "$BOOSTS" "$WORK/docs.tsv" "$ARCD/queries.tsv" "$WORK/lucene.run"
for run in fihris lucene; do
  printf '%s\t' "$run"; "$FIHRIS" eval --qrels "$ARCD/qrels.txt" --run "$WORK/$run.run" --json
done
