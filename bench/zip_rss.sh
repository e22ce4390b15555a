#!/usr/bin/env bash
# Peak memory of `fihris index` on a zip of MEMBERS members of MEMBER_MIB MiB each (default
# 12 × 250 MiB, about 3 GiB of JSON that compresses 58:1, under the compression-ratio guard of
# 100:1, so every member is really read). Before the reader streamed members one at a time such a
# zip peaked at 9.8 GB RSS; now memory holds one member (or one JSON Lines record) at a time.
# Measured (2 shared cores, release build): 48.8 MB zip, 925,380 articles, `fihris index` peak RSS
# 925 MiB (JSON members; 906–1041 MiB with JSON Lines members), most of it tantivy's indexing
# buffers and segment merges; the reader alone (READER_ONLY=1) 254 MiB (one 250 MiB JSON member
# at a time) and 3 MiB (JSON Lines).
#
# Usage (from the repo root):
#   cargo build --release && bench/zip_rss.sh
#
# Environment: FIHRIS (binary; default $CARGO_TARGET_DIR/release/fihris), WORK (scratch folder,
# removed at the end; default a new temp dir), MEMBERS (12), MEMBER_MIB (250), FORMAT (json, or
# jsonl for JSON Lines members), THREADS (2), READER_ONLY (1: also measure the reader alone, with
# the `read_rss` example, which reads the zip and drops each article: no index).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FIHRIS=${FIHRIS:-${CARGO_TARGET_DIR:-$ROOT/target}/release/fihris}
WORK=${WORK:-$(mktemp -d /tmp/fihris-zip-rss.XXXXXX)}
MEMBERS=${MEMBERS:-12}
MEMBER_MIB=${MEMBER_MIB:-250}
FORMAT=${FORMAT:-json}
THREADS=${THREADS:-2}
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/archive"
python3 - "$WORK/archive/big.zip" "$MEMBERS" "$MEMBER_MIB" "$FORMAT" <<'PY'
import json, random, sys, zipfile
path, members, mib, fmt = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
random.seed(8)
vocab = ("الحكومة الوزير الرئيس المجلس الاقتصاد النفط السوق المدينة الشركة العام اليوم الأسبوع "
         "قال أعلن أكد مشروع جديد العربية الدولية التعاون الأمن التعليم الصحة المياه الطاقة "
         "الاستثمار البنك الميزانية العجز النمو").split()
paragraph = " ".join(random.choice(vocab) for _ in range(250))
def article(i):
    words = " ".join(random.choice(vocab) for _ in range(12))
    return json.dumps({"title": f"عنوان {i} {words[:40]}", "body": f"{paragraph} {words}",
                       "date": "2015-07-21"}, ensure_ascii=False)
target = mib << 20
parts, size, i = [], 0, 0
while size < target:
    parts.append(article(i)); size += len(parts[-1].encode()) + 2; i += 1
member = ("\n".join(parts) + "\n") if fmt == "jsonl" else ("[\n" + ",\n".join(parts) + "\n]")
member = member.encode()
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    for m in range(members):
        z.writestr(f"day-{m:02}.{fmt}", member)
print(f"zip: {members} members of {len(member) / 2**20:.0f} MiB ({i} articles each)", file=sys.stderr)
PY
ls -l "$WORK/archive/big.zip" | awk '{printf "zip on disk: %.1f MB\n", $5 / 1e6}'

if [ "${READER_ONLY:-0}" = 1 ]; then
  READ_RSS=${READ_RSS:-$(dirname "$FIHRIS")/examples/read_rss}
  /usr/bin/time -v "$READ_RSS" "$WORK/archive/big.zip" 2>"$WORK/time-reader.txt"
  grep "Maximum resident" "$WORK/time-reader.txt" | awk '{printf "reader alone, peak RSS: %.0f MiB\n", $6 / 1024}'
fi

/usr/bin/time -v "$FIHRIS" index "$WORK/archive" --index "$WORK/index" --threads "$THREADS" --json \
  >"$WORK/summary.json" 2>"$WORK/time.txt"
python3 - "$WORK/summary.json" "$WORK/time.txt" <<'PY'
import json, re, sys
summary = json.load(open(sys.argv[1]))
timing = open(sys.argv[2]).read()
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", timing).group(1)
print(f"documents: {summary['documents']}, skipped: {len(summary['skipped'])}")
for s in summary["skipped"][:5]:
    print(f"  {s['path']}: {s['reason']}")
print(f"peak RSS: {rss_kb / 1024:.0f} MiB, wall: {wall}")
PY
