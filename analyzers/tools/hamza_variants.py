#!/usr/bin/env python3
"""Counts which words each candidate hamza-seat folding would merge in the ANT news corpus: the data
behind rule 3's choice (ؤ ئ → ء). For each candidate: how many groups of distinct spellings it merges,
how many tokens the minority spellings carry, and the biggest merged groups, so a reader can judge
which merges are spelling variants and which are different words.

Run from the repository root: python3 analyzers/tools/hamza_variants.py ../shared/data/ant.jsonl.gz [TOP]
"""
import collections, gzip, json, re, sys

WORD = re.compile(r'[\u0621-\u065f\u0670\u0671]+')
MARKS = re.compile('[\u0640\u064b-\u065f\u0670]')
# Rule 3 without the hamza seats: the folding every candidate starts from.
BASE = str.maketrans({'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه'})
CANDIDATES = {
    'seats → ء (ؤ ئ → ء)': lambda w: w.replace('ؤ', 'ء').replace('ئ', 'ء'),
    'seats → letters (ئ → ي, ؤ → و)': lambda w: w.replace('ؤ', 'و').replace('ئ', 'ي'),
    'hamza dropped (ئ → ي, ؤ → و, ء → ∅)': lambda w: w.replace('ؤ', 'و').replace('ئ', 'ي').replace('ء', ''),
    'ئ → ي only': lambda w: w.replace('ئ', 'ي'),
    'ؤ → ئ only': lambda w: w.replace('ؤ', 'ئ'),
}
# Groups whose members differ only in the case ending before a suffix (حلفاؤها/حلفائها/حلفاءها).
CASE_ONLY = re.compile('[ءؤئ](ه|ها|هم|هما|هن|نا|ك|كم|كما|ي|وا|ون|ين|ا)$')

top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
counts = collections.Counter()
with gzip.open(sys.argv[1], 'rt', encoding='utf-8') as f:
    for line in f:
        doc = json.loads(line)
        for w in WORD.findall(doc['title'] + ' ' + doc['body']):
            w = MARKS.sub('', w).translate(BASE)
            if w:
                counts[w] += 1
print(f'{len(counts)} distinct words, {sum(counts.values())} tokens\n')
for name, fold in CANDIDATES.items():
    groups = collections.defaultdict(list)
    for w, n in counts.items():
        groups[fold(w)].append((n, w))
    merged = [sorted(g, reverse=True) for g in groups.values() if len(g) > 1]
    merged.sort(key=lambda g: -g[1][0])
    minority = sum(n for g in merged for n, _ in g[1:])
    case_only = [g for g in merged if all(CASE_ONLY.search(w) for _, w in g)]
    print(f'## {name}: {len(merged)} merged groups ({len(case_only)} differ only in a case ending), '
          f'{minority} minority-spelling tokens')
    for g in merged[:top]:
        print('   ', ' | '.join(f'{w}:{n}' for n, w in g[:4]))
    print()
