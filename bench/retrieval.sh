#!/usr/bin/env bash
# Retrieval quality of Fihris against Lucene 8.7's ArabicAnalyzer BM25, run in the same session on
# eight settings: {ARCD (1,395 questions over 465 Wikipedia paragraphs), KaifLematha-dev (619 "how"
# and "why" questions over 592 paragraphs)} x {alone, with the 31,525 ANT news articles as
# distractors} x {with titles, without titles (each paragraph's title dropped; ANT headlines kept)}.
# MRR@10, R@10, R@100, nDCG@10 per Fihris configuration, scored with `fihris eval`, and a paired
# significance test (bench/significance.py: randomization and t-test on MRR@10) of every
# configuration against Lucene on every setting.
#
# Usage (from the repo root, after a release build):
#   bench/retrieval.sh                          # the default configurations, all eight settings
#   SETTINGS="arcd kl-notitle+ant" bench/retrieval.sh         # a subset of the settings
#   CONFIGS_FILE=my-configs.txt bench/retrieval.sh            # other Fihris configurations
#   python3 bench/retrieval-grid.py 'tw{t}||--title-weight {t}' t=0.5,1,2 >grid.txt
#   CONFIGS_FILE=grid.txt bench/retrieval.sh                  # a grid is a configurations file
#   LUCENE=0 bench/retrieval.sh                 # without Lucene (no gains, no p-values)
#
# Settings: arcd, arcd+ant, arcd-notitle, arcd-notitle+ant, kl, kl+ant, kl-notitle, kl-notitle+ant.
# Configurations are data: one `LABEL|INDEX-FLAGS|SEARCH-FLAGS` line each (blank lines and `#`
# comments ignored; flags split on spaces, no quoting), e.g. `no-exact||--no-exact`. An index is
# built once per (setting, INDEX-FLAGS) and reused until the binary or the archive is newer. A
# configuration whose flags the binary rejects fails alone, with the binary's message; the script
# goes on and exits 1 at the end.
# Lucene (bench/lucene/LuceneBatch.java: title + body, MultiFieldQueryParser, BM25 1.2/0.75) indexes
# exactly the documents Fihris indexes (title-less where the setting is); its index is cached per
# setting too, rebuilt when the archive or LuceneBatch.java is newer, and its questions rerun. It needs
#   apt-get install -y liblucene8-java default-jdk-headless
# and is on by default when javac and the jars are there (LUCENE=1 requires it, LUCENE=0 skips it).
#
# Environment: FIHRIS (binary; default $CARGO_TARGET_DIR/release/fihris), SHARED (default ../shared),
# WORK (scratch folder outside the repo; default /tmp/fihris-retrieval), SETTINGS, CONFIGS_FILE,
# LUCENE, THREADS (indexing threads, default 2), ROUNDS (randomization rounds, default 10000).
# Writes nothing into the repo: archives, indexes, runs, logs and tables go to $WORK:
#   results.tsv (setting, label, MRR@10, R@10, R@100, nDCG@10), significance.jsonl (every
#   configuration against Lucene), summary.tsv and summary.md (the markdown tables it prints),
#   failures.tsv (the rows that could not be measured, and why).
# The archives are copies, not symbolic links: `fihris index` ignores a link leading out of the
# archive folder, and the document count of every index is checked against the archive's records.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
FIHRIS=${FIHRIS:-${CARGO_TARGET_DIR:-$ROOT/target}/release/fihris}
WORK=${WORK:-/tmp/fihris-retrieval}
ALL_SETTINGS="arcd arcd+ant arcd-notitle arcd-notitle+ant kl kl+ant kl-notitle kl-notitle+ant"
SETTINGS=${SETTINGS:-$ALL_SETTINGS}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-10000}
ANT=$SHARED/data/ant.jsonl.gz
LUCENE_JARS=/usr/share/java
LUCENE_CP="$LUCENE_JARS/lucene-core-8.7.0.jar:$LUCENE_JARS/lucene-analyzers-common-8.7.0.jar:$LUCENE_JARS/lucene-queryparser-8.7.0.jar"

# The default configurations: the current default, each ingredient off or changed, and tantivy's
# own analyzer. The previous model (four fields, boosts 0.5,1,0.5,0.5) is measured by running this
# script with FIHRIS pointing at a binary of commit c596647 (docs/retrieval.md).
DEFAULT_CONFIGS='default||
no-exact||--no-exact
title-weight-1|--title-weight 1|
title-weight-3|--title-weight 3|
tags-not-searched|--tag-weight 0|
proximity-0.1||--ranking proximity=0.1
proximity-0.5||--ranking proximity=0.5
question-words-kept||--keep-question-words
tantivy-default|--analyzer default|'

die() {
  echo "retrieval.sh: $*" >&2
  exit 2
}

if [ ! -f "$SHARED/eval/arcd/qrels.txt" ] || [ ! -f "$ANT" ]; then
  echo "retrieval.sh: $SHARED/eval or $ANT not found (no ../shared): nothing to measure" >&2
  exit 0
fi
[ -x "$FIHRIS" ] || die "no binary at $FIHRIS; build with cargo build --release (or set FIHRIS)"
FIHRIS=$(cd "$(dirname "$FIHRIS")" && pwd)/$(basename "$FIHRIS")

# The eval folder of a setting (its questions, qrels and paragraphs).
eval_dir() {
  case $1 in
    arcd*) echo "$SHARED/eval/arcd" ;;
    kl*) echo "$SHARED/eval/kaiflematha-dev" ;;
  esac
}

for setting in $SETTINGS; do
  [[ $setting =~ ^(arcd|kl)(-notitle)?(\+ant)?$ ]] ||
    die "unknown setting '$setting' (known: $ALL_SETTINGS)"
  [ -f "$(eval_dir "$setting")/qrels.txt" ] || die "$(eval_dir "$setting") has no qrels.txt"
done

case ${LUCENE:-auto} in
  0) LUCENE=0 ;;
  auto | 1)
    if command -v javac >/dev/null && [ -f "$LUCENE_JARS/lucene-core-8.7.0.jar" ]; then
      LUCENE=1
    elif [ "${LUCENE:-auto}" = 1 ]; then
      die "LUCENE=1 needs javac and $LUCENE_JARS/lucene-core-8.7.0.jar: apt-get install -y liblucene8-java default-jdk-headless"
    else
      echo "retrieval.sh: no javac or Lucene 8.7 jars: Lucene skipped (no gains, no p-values)" >&2
      LUCENE=0
    fi
    ;;
  *) die "LUCENE is 0, 1 or unset, not '$LUCENE'" ;;
esac

# The configurations: LABEL|INDEX-FLAGS|SEARCH-FLAGS lines, checked before any work.
if [ -n "${CONFIGS_FILE:-}" ]; then
  [ -f "$CONFIGS_FILE" ] || die "CONFIGS_FILE $CONFIGS_FILE not found"
  CONFIGS_TEXT=$(cat "$CONFIGS_FILE")
else
  CONFIGS_TEXT=$DEFAULT_CONFIGS
fi
LABELS=() INDEX_FLAGS=() SEARCH_FLAGS=()
while IFS= read -r line || [ -n "$line" ]; do
  line=${line%%#*}
  [[ $line =~ ^[[:space:]]*$ ]] && continue
  IFS='|' read -r label iflags sflags extra <<<"$line"
  label=${label//[[:space:]]/}
  [ -z "${extra:-}" ] || die "configuration '$line' has more than three |-separated parts"
  [[ $label =~ ^[A-Za-z0-9._@,=+-]+$ ]] ||
    die "configuration label '$label' (line '$line'): use letters, digits and ._@,=+- only"
  [ "$label" != lucene ] || die "the label 'lucene' is Lucene's own"
  for seen in "${LABELS[@]}"; do
    [ "$seen" != "$label" ] || die "configuration label '$label' is used twice"
  done
  LABELS+=("$label") INDEX_FLAGS+=("$(echo "$iflags" | xargs)") SEARCH_FLAGS+=("$(echo "$sflags" | xargs)")
done <<<"$CONFIGS_TEXT"
[ ${#LABELS[@]} -gt 0 ] || die "no configurations"

mkdir -p "$WORK/archives" "$WORK/idx" "$WORK/runs" "$WORK/logs"
RESULTS=$WORK/results.tsv
FAILURES=$WORK/failures.tsv
SIGNIFICANCE=$WORK/significance.jsonl
printf 'setting\tlabel\tmrr@10\tr@10\tr@100\tndcg@10\n' >"$RESULTS"
printf 'setting\tlabel\twhy\n' >"$FAILURES"
: >"$SIGNIFICANCE"
START=$SECONDS

# fail SETTING LABEL WHY: one row could not be measured; say so now and in the failures table.
fail() {
  echo "retrieval.sh: FAILED $2 on $1: $3" >&2
  printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$FAILURES"
}

# first_error LOG: the line of a log that says what went wrong (clap's "error: ..."), else its first.
first_error() {
  grep -m1 -i 'error' "$1" || head -n1 "$1" || true
}

# copy_fresh SRC DEST: a real copy (never a link), refreshed when the source is newer. A symbolic link
# left by an older version of this script is replaced, not written through.
copy_fresh() {
  if [ -L "$2" ] || [ ! -f "$2" ] || [ "$1" -nt "$2" ]; then
    rm -f "$2"
    cp -p "$1" "$2"
  fi
}

# prepare_archive SETTING: $WORK/archives/SETTING holds the setting's documents, and .expected the
# number of records they hold.
prepare_archive() {
  local setting=$1 dir=$WORK/archives/$1 docs
  docs=$(eval_dir "$setting")/docs.jsonl
  mkdir -p "$dir"
  if [[ $setting == *-notitle* ]]; then
    if [ ! -f "$dir/docs.jsonl" ] || [ "$docs" -nt "$dir/docs.jsonl" ]; then
      # The title key is removed, not emptied: Fihris reads the body of a record without a title
      # (src/reader/json.rs: only a record with neither is skipped). Every other key is kept.
      python3 - "$docs" "$dir/docs.jsonl.tmp" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for n, line in enumerate(src, 1):
        if not line.strip():
            continue
        record = json.loads(line)
        if not str(record.get("body") or "").strip():
            sys.exit(f"{sys.argv[1]}:{n}: no body: without its title the record is empty")
        record.pop("title", None)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
PY
      mv "$dir/docs.jsonl.tmp" "$dir/docs.jsonl"
    fi
  else
    copy_fresh "$docs" "$dir/docs.jsonl"
  fi
  if [[ $setting == *+ant ]]; then
    copy_fresh "$ANT" "$dir/ant.jsonl.gz"
  else
    rm -f "$dir/ant.jsonl.gz"
  fi
  local records=0 f n
  for f in "$dir"/*.jsonl "$dir"/*.jsonl.gz; do
    [ -e "$f" ] || continue
    case $f in
      *.gz) n=$(gzip -dc "$f" | grep -c '[^[:space:]]') ;;
      *) n=$(grep -c '[^[:space:]]' "$f") ;;
    esac
    records=$((records + n))
  done
  echo "$records" >"$dir/.expected"
}

# index_dir SETTING INDEX-FLAGS: the cached index of that setting built with those flags.
index_dir() {
  echo "$WORK/idx/$1/i-$(printf '%s' "$2" | sha1sum | cut -c1-12)"
}

# build_index SETTING INDEX-FLAGS: (re)build the index unless it is newer than the binary and the
# archive; check its document count. Returns 1 (with the reason in $dir.failed) when the binary
# rejects the flags; a wrong document count stops the script.
build_index() {
  local setting=$1 flags=$2 dir archive=$WORK/archives/$1 log expected documents
  dir=$(index_dir "$setting" "$flags")
  local built=$dir.built
  if [ -f "$built" ] && [ ! "$FIHRIS" -nt "$built" ] && [ -z "$(find "$archive" -newer "$built" -type f ! -name ".*")" ]; then
    [ ! -f "$dir.failed" ] || return 1
    return 0
  fi
  rm -f "$built" "$dir.failed"
  mkdir -p "$(dirname "$dir")"
  printf '%s\n' "$flags" >"$dir.flags"
  log=$WORK/logs/index.$setting.$(basename "$dir").log
  local -a extra
  read -r -a extra <<<"$flags"
  echo "== index $setting ${flags:-(default flags)}" >&2
  if ! "$FIHRIS" index "$archive" --index "$dir" --full --quiet --threads "$THREADS" "${extra[@]}" >"$log" 2>&1; then
    echo "fihris index rejected '${flags}': $(first_error "$log") (log: $log)" >"$dir.failed"
    touch "$built"
    return 1
  fi
  expected=$(cat "$archive/.expected")
  documents=$("$FIHRIS" stats --index "$dir" --json |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
  [ "$documents" = "$expected" ] ||
    die "the index of $setting (${flags:-default flags}) holds $documents documents, the archive $expected records: see $log"
  echo "   $documents documents (= the archive's records)" >&2
  touch "$built"
}

# eval_row SETTING LABEL RUN QRELS: score a run with `fihris eval` and append its row to results.tsv.
eval_row() {
  "$FIHRIS" eval --qrels "$4" --run "$3" --json |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print("\t".join(sys.argv[1:]+["%.4f"%d[k] for k in ("mrr@10","recall@10","recall@100","ndcg@10")]))' \
      "$1" "$2" >>"$RESULTS"
}

# measure SETTING I: run the questions with configuration I and score them.
measure() {
  local setting=$1 i=$2 label=${LABELS[$2]} dir run log rc=0
  local queries qrels
  queries=$(eval_dir "$setting")/queries.tsv
  qrels=$(eval_dir "$setting")/qrels.txt
  dir=$(index_dir "$setting" "${INDEX_FLAGS[$i]}")
  if [ -f "$dir.failed" ]; then
    fail "$setting" "$label" "$(cat "$dir.failed")"
    return
  fi
  run=$WORK/runs/$setting.$label.run
  log=$WORK/logs/search.$setting.$label.log
  local -a extra
  read -r -a extra <<<"${SEARCH_FLAGS[$i]}"
  rm -f "$run"
  "$FIHRIS" search --batch "$queries" --run "$run" --index "$dir" --run-tag "$label" "${extra[@]}" \
    >"$log" 2>&1 || rc=$?
  # Exit 1 means some lines were skipped (they score 0); anything else is a failure of the row.
  if [ "$rc" -gt 1 ] || [ ! -f "$run" ]; then
    fail "$setting" "$label" "fihris search rejected '${SEARCH_FLAGS[$i]}': $(first_error "$log") (log: $log)"
    return
  fi
  [ "$rc" -eq 0 ] || echo "retrieval.sh: $label on $setting: fihris search skipped lines: see $log" >&2
  eval_row "$setting" "$label" "$run" "$qrels"
}

# lucene SETTING: run the setting's questions with LuceneBatch, on an index of exactly the documents
# of the setting's archive, rebuilt when the archive or LuceneBatch.java is newer than it.
lucene() {
  local setting=$1 tsv=$WORK/lucene-docs.$1.tsv run=$WORK/runs/$1.lucene.run
  local log=$WORK/logs/lucene.$1.log idx=$WORK/lucene-idx.$1 queries qrels expected docs=-
  queries=$(eval_dir "$setting")/queries.tsv
  qrels=$(eval_dir "$setting")/qrels.txt
  if [ ! -f "$idx.built" ] || [ "$ROOT/bench/lucene/LuceneBatch.java" -nt "$idx.built" ] ||
    [ -n "$(find "$WORK/archives/$setting" -newer "$idx.built" -type f ! -name ".*")" ]; then
    echo "== Lucene index $setting" >&2
    rm -f "$idx.built"
    # The same records as id<TAB>title<TAB>body lines (tabs and line breaks in the text as
    # spaces), in the order Fihris reads the files.
    python3 - "$WORK/archives/$setting" >"$tsv" <<'PY'
import gzip, json, os, sys
def clean(text):
    if isinstance(text, list):
        text = "\n".join(str(t) for t in text)
    return (text or "").replace("\t", " ").replace("\r", " ").replace("\n", " ")
for name in sorted(os.listdir(sys.argv[1])):
    path = os.path.join(sys.argv[1], name)
    if name.startswith(".") or not (name.endswith(".jsonl") or name.endswith(".jsonl.gz")):
        continue
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            d = json.loads(line)
            if not d.get("id"):
                sys.exit(f"{path}:{n}: no id")
            print(f"{d['id']}\t{clean(d.get('title'))}\t{clean(d.get('body'))}")
PY
    docs=$tsv
  fi
  java -Dfile.encoding=UTF-8 -cp "$LUCENE_CP:$WORK/lucene-build" LuceneBatch "$docs" "$idx" \
    "$queries" "$run" 2>"$log" || die "Lucene failed on $setting: see $log"
  expected=$(cat "$WORK/archives/$setting/.expected")
  grep -q "^lucene: $expected documents," "$log" ||
    die "Lucene searched $(cat "$log") on $setting, the archive holds $expected records"
  touch "$idx.built"
  eval_row "$setting" lucene "$run" "$qrels"
}

if [ "$LUCENE" = 1 ] && [ "$ROOT/bench/lucene/LuceneBatch.java" -nt "$WORK/lucene-build/LuceneBatch.class" ]; then
  mkdir -p "$WORK/lucene-build"
  javac -encoding UTF-8 -cp "$LUCENE_CP" -d "$WORK/lucene-build" "$ROOT/bench/lucene/LuceneBatch.java"
fi

echo "retrieval.sh: $FIHRIS ($("$FIHRIS" --version 2>/dev/null || echo 'no --version')), ${#LABELS[@]} configurations, settings: $SETTINGS" >&2
for setting in $SETTINGS; do
  t0=$SECONDS
  prepare_archive "$setting"
  # One index per distinct INDEX-FLAGS of the configurations.
  done_flags=()
  for i in "${!LABELS[@]}"; do
    key="<${INDEX_FLAGS[$i]}>"
    [[ " ${done_flags[*]:-} " == *" $key "* ]] && continue
    done_flags+=("$key")
    build_index "$setting" "${INDEX_FLAGS[$i]}" || true
  done
  for i in "${!LABELS[@]}"; do
    measure "$setting" "$i"
  done
  if [ "$LUCENE" = 1 ]; then
    lucene "$setting"
    qrels=$(eval_dir "$setting")/qrels.txt
    for label in "${LABELS[@]}"; do
      run=$WORK/runs/$setting.$label.run
      [ -f "$run" ] || continue
      python3 "$ROOT/bench/significance.py" "$run" "$WORK/runs/$setting.lucene.run" "$qrels" \
        --rounds "$ROUNDS" --json |
        python3 -c 'import json,sys; d=json.load(sys.stdin); d.update(setting=sys.argv[1], label=sys.argv[2]); print(json.dumps(d))' \
          "$setting" "$label" >>"$SIGNIFICANCE"
    done
  fi
  echo "== $setting: $((SECONDS - t0)) s" >&2
done

echo "== results (MRR@10 R@10 R@100 nDCG@10), $WORK/results.tsv =="
column -t -s $'\t' "$RESULTS"

# Cross-check once: the first run scored by the shared reference scorer (the same four figures).
first_setting=${SETTINGS%% *}
echo "== cross-check of $first_setting.${LABELS[0]} with ../shared/tools/ir_eval.py =="
if [ -f "$WORK/runs/$first_setting.${LABELS[0]}.run" ] && [ -f "$SHARED/tools/ir_eval.py" ]; then
  python3 "$SHARED/tools/ir_eval.py" "$(eval_dir "$first_setting")/qrels.txt" \
    "$WORK/runs/$first_setting.${LABELS[0]}.run"
fi

# The summary also checks every MRR@10 that significance.py computed against fihris eval's.
python3 "$ROOT/bench/retrieval-report.py" "$RESULTS" "$SIGNIFICANCE" "$WORK/summary.tsv" \
  --settings "$SETTINGS" --labels "${LABELS[*]}" | tee "$WORK/summary.md"

echo "retrieval.sh: $((SECONDS - START)) s; tables in $WORK" >&2
if [ "$(wc -l <"$FAILURES")" -gt 1 ]; then
  echo "== failed rows ($FAILURES) ==" >&2
  column -t -s $'\t' "$FAILURES" >&2
  exit 1
fi
