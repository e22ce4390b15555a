#!/usr/bin/env python3
"""Spelling-variant recall on same-story article pairs from two SaudiNewsNet outlets (issue 14).

bench/variants/outlet-pairs.tsv holds word pairs mined from the data (bench/variants/mine_pairs.py:
articles of one day from two outlets sharing many rare words, a word only in one and a word only in
the other whose skeletons agree, one or two edits apart) and labelled by hand: `name` (one foreign
name or loanword spelled two ways), `hamza` (one Arabic word, another hamza seat), `same` (one
Arabic word spelled two ways), `other` (two different words). For each `name` pair the query is the name as one outlet spells it, the target the
other outlet's article (which never writes that spelling); both directions. The script runs
`fihris search --batch` with and without --no-variants over an index of SaudiNewsNet and prints:
recall of the targets at 10, 100 and 1000 (all queries, and the hard ones: the target not among the
matches without variants), how often the typed spelling ranks first (in the top 20, no article
matched only through a variant above one matched as typed), and which labelled pairs the index's groups merge
(`name` pairs merged is recall of the groups; `other` pairs merged are false merges).

Usage: recall.py FIHRIS INDEX PAIRS SNN_DIR WORK   (SHOW_MISSED=1: list the name pairs not grouped)
  fihris index ../shared/data/saudinewsnet --index /tmp/snn
  bench/variants/recall.py target/release/fihris /tmp/snn bench/variants/outlet-pairs.tsv \
      ../shared/data/saudinewsnet /tmp/variants-recall
"""
import glob, json, re, subprocess, sys, zipfile, os

fihris, index, pairs_file, snn, work = sys.argv[1:6]
os.makedirs(work, exist_ok=True)

def norm(w):
    w = re.sub('[\u064B-\u065F\u0670\u0640]', '', w)
    w = re.sub('[أإآٱ]', 'ا', w)
    return w.replace('ى', 'ي').replace('ة', 'ه').replace('ؤ', 'و').replace('ئ', 'ي')

def words(t):
    return {norm(w) for w in re.findall('[\u0621-\u064A\u0660-\u0669\u0670-\u06D3]+', t)}

texts = {}
for f in sorted(glob.glob(f'{snn}/*.zip')):
    z = zipfile.ZipFile(f)
    for n in z.namelist():
        for i, a in enumerate(json.loads(z.read(n))):
            texts[f'{os.path.basename(f)}:{n}[{i}]'] = words(a['title'] + ' ' + a['content'])

def fid(ref):  # "2015-07-21.zip:905:aawsat" -> Fihris id
    z, i, _ = ref.split(':')
    return f'{z}:{z[:-4]}.json[{i}]'

pairs = []
for line in open(pairs_file):
    if line.startswith('#'): continue
    label, a, b, _, _, _, ra, rb = line.rstrip('\n').split('\t')
    pairs.append((label, a, b, fid(ra), fid(rb)))

queries = []  # qid, typed spelling, target
for k, (label, a, b, ra, rb) in enumerate(pairs):
    if label != 'name': continue
    queries.append((f'p{k}a', a, rb))
    queries.append((f'p{k}b', b, ra))
qfile = f'{work}/queries.tsv'
with open(qfile, 'w') as f:
    for qid, q, _ in queries: f.write(f'{qid}\t{q}\n')

def run(extra, name):
    out = f'{work}/{name}.run'
    subprocess.run([fihris, 'search', '--index', index, '--batch', qfile, '--run', out,
                    '--limit', '1000', *extra], check=True, stdout=subprocess.DEVNULL)
    ranked = {}
    for line in open(out):
        qid, _, doc, rank, *_ = line.split()
        ranked.setdefault(qid, []).append(doc)
    return ranked

def has(doc, spelling):  # the article writes the spelling, alone or after clitics
    return any(w == spelling or (w.endswith(spelling) and len(w) - len(spelling) <= 3)
               for w in texts.get(doc, ()))

report = {}
ranked = {name: run(extra, name) for name, extra in (('with', []), ('without', ['--no-variants']))}
# The hard queries: the target is not among the 1000 matches without variants.
hard = {qid for qid, _, target in queries if target not in ranked['without'].get(qid, [])}
for name in ('with', 'without'):
    for subset, qs in (('all', queries), ('hard', [q for q in queries if q[0] in hard])):
        at = {10: 0, 100: 0, 1000: 0}
        for qid, _, target in qs:
            docs = ranked[name].get(qid, [])
            for k in at:
                at[k] += target in docs[:k]
        report[f'{name}/{subset}'] = {f'recall@{k}': round(v / max(len(qs), 1), 3) for k, v in at.items()}
        report[f'{name}/{subset}']['queries'] = len(qs)
# The typed spelling first: in the top 20 with variants, an article the query matches only through
# a variant (not among its matches without variants) ranked above one it matches as typed.
inverted, mixed = 0, 0
for qid, _, _ in queries:
    typed = set(ranked['without'].get(qid, []))
    top = [d in typed for d in ranked['with'].get(qid, [])[:20]]
    if any(top) and not all(top):
        mixed += 1
        inverted += any(not top[i] and top[j] for i in range(len(top)) for j in range(i + 1, len(top)))
report['typed_first'] = f'{mixed - inverted}/{mixed} queries mixing typed and variant matches in the top 20 rank every typed match first'
report['queries'] = len(queries)

groups = json.load(open(f'{index}/variants.json'))
member = {}
ON = {'vowels', 'letters', 'reviewed'}  # the methods search uses (Method::on_by_default)
for g in groups.get('groups', []):
    if g.get('method') not in ON: continue
    for s in g.get('spellings', []):
        member[s['word']] = id(g)
def grouped(a, b):
    if a in member and member.get(a) == member.get(b): return True
    # clitic forms: compare without a leading و/ب/ل/ال
    for c in ('وال', 'بال', 'لل', 'ال', 'و', 'ب', 'ل', 'ف'):
        if a.startswith(c) and b.startswith(c):
            x, y = a[len(c):], b[len(c):]
            if x in member and member.get(x) == member.get(y): return True
    return False
merged = {}
for label, a, b, _, _ in pairs:
    t = merged.setdefault(label, [0, 0, []])
    t[1] += 1
    if grouped(a, b):
        t[0] += 1
        if label != 'name': t[2].append(f'{a}/{b}')
report['grouped'] = {k: f'{v[0]}/{v[1]}' for k, v in merged.items()}
report['false_merges'] = {k: v[2] for k, v in merged.items() if v[2]}
print(json.dumps(report, ensure_ascii=False, indent=1))
if os.environ.get('SHOW_MISSED'):
    for label, a, b, _, _ in pairs:
        if label == 'name' and not grouped(a, b):
            print('missed', a, b, file=sys.stderr)
