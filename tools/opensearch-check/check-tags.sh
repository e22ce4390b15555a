#!/usr/bin/env bash
# Tag key parity: the `fihris_key` normalizer of an exported index.json, built by Lucene 8.7, against
# Fihris's `tag_key` on every distinct tag of an index (as written and after aliases) and on each
# key itself (the normalizer also runs on the keys the bulk files hold).
#
# Usage: tools/opensearch-check/check-tags.sh EXPORT_DIR INDEX_DIR LABEL [MIN_SHARE]
# Environment: FIHRIS (default target/debug/fihris), WORK (default /tmp/fihris-opensearch-check).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FIHRIS=${FIHRIS:-$ROOT/target/debug/fihris}
WORK=${WORK:-/tmp/fihris-opensearch-check}
EXPORT=$1 INDEX=$2 LABEL=$3 MIN=${4:-}
CP=/usr/share/java/lucene-core-8.7.0.jar:/usr/share/java/lucene-analyzers-common-8.7.0.jar
mkdir -p "$WORK/classes"
if [ ! -f "$WORK/classes/OpenSearchParity.class" ] || [ "$HERE/OpenSearchParity.java" -nt "$WORK/classes/OpenSearchParity.class" ]; then
  javac -cp "$CP" -d "$WORK/classes" "$HERE/OpenSearchParity.java"
fi
keys=$WORK/$LABEL.keys.jsonl conf=$WORK/conf-fihris_key
"$FIHRIS" tags --keys --index "$INDEX" >"$keys"
python3 "$HERE/keys.py" split "$keys" "$WORK/$LABEL.tags.txt"
python3 "$HERE/translate.py" "$EXPORT" fihris_key "$conf" >"$conf.chain"
java -cp "$CP:$WORK/classes" OpenSearchParity "$conf" "$conf.chain" "$WORK/$LABEL.tags.txt" "$WORK/$LABEL.tags.lucene" escaped
python3 "$HERE/keys.py" compare "$keys" "$WORK/$LABEL.tags.lucene" "$LABEL tags" $MIN
