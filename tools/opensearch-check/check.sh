#!/usr/bin/env bash
# Token parity between Fihris's analyzer and the chain `fihris export opensearch` writes, built by
# Lucene 8.7 (the library OpenSearch and Elasticsearch analyze with) from the exported index.json.
#
# Usage: tools/opensearch-check/check.sh EXPORT_DIR TEXT_LINES LABEL [MIN_SHARE]
#   EXPORT_DIR: the output of `fihris export opensearch`; TEXT_LINES: the text, one line each;
#   compares both analyzers (fihris_arabic with arabic, fihris_exact with arabic_exact).
# Environment: FIHRIS (default target/debug/fihris), WORK (default /tmp/fihris-opensearch-check).
# Needs: apt-get install -y liblucene8-java default-jdk-headless (jars in /usr/share/java).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FIHRIS=${FIHRIS:-$ROOT/target/debug/fihris}
WORK=${WORK:-/tmp/fihris-opensearch-check}
EXPORT=$1 TEXT=$2 LABEL=$3 MIN=${4:-}
CP=/usr/share/java/lucene-core-8.7.0.jar:/usr/share/java/lucene-analyzers-common-8.7.0.jar
mkdir -p "$WORK/classes"
if [ ! -f "$WORK/classes/OpenSearchParity.class" ] || [ "$HERE/OpenSearchParity.java" -nt "$WORK/classes/OpenSearchParity.class" ]; then
  javac -cp "$CP" -d "$WORK/classes" "$HERE/OpenSearchParity.java"
fi
for pair in fihris_arabic:arabic fihris_exact:arabic_exact; do
  ours=${pair#*:} theirs=${pair%:*}
  conf=$WORK/conf-$theirs
  python3 "$HERE/translate.py" "$EXPORT" "$theirs" "$conf" >"$conf.chain"
  java -cp "$CP:$WORK/classes" OpenSearchParity "$conf" "$conf.chain" "$TEXT" "$WORK/$theirs.lucene"
  "$FIHRIS" analyze --analyzer "$ours" --json --lines <"$TEXT" >"$WORK/$theirs.fihris"
  python3 "$HERE/compare.py" "$TEXT" "$WORK/$theirs.lucene" "$WORK/$theirs.fihris" "$LABEL $theirs/$ours" $MIN
done
