"""Mines bench/variants/outlet-pairs.tsv's candidates (issue 14): articles of one day from two
SaudiNewsNet outlets that share at least 8 rare words (Jaccard >= 0.12: one story), and in each such
pair a word only the first writes and a word only the second writes that are one or two edits apart,
not a clitic or ending of each other, and whose skeletons agree (the letters Arabic swaps for one
foreign sound folded, the long vowels after the first letter dropped: the issue's list, written out
here apart from Fihris's own key). The words are what each outlet writes, alef, hamza, ى and ة
folded. The labels of outlet-pairs.tsv (first column) were then added by hand: `name` (one foreign
name or loanword), `hamza` (one Arabic word, another hamza seat), `same` (one Arabic word spelled
two ways), `other` (two different words).

usage: mine_pairs.py SNN_DIR > candidates.tsv   (about 4 minutes)"""
import zipfile, json, glob, re, sys, collections, random

def norm(w):
    w = re.sub('[\u064B-\u065F\u0670\u0640]', '', w)
    w = re.sub('[أإآٱ]', 'ا', w)
    return w.replace('ى', 'ي').replace('ة', 'ه').replace('ؤ', 'و').replace('ئ', 'ي')

def words(t):
    return [norm(w) for w in re.findall('[\u0621-\u064A\u0660-\u0669\u0670-\u06D3]+', t)]

arts = []
for f in sorted(glob.glob(sys.argv[1] + '/*.zip')):
    z = zipfile.ZipFile(f)
    for n in z.namelist():
        for i, a in enumerate(json.loads(z.read(n))):
            arts.append((f.split('/')[-1], i, a))
df = collections.Counter()
wsets = []
for _, _, a in arts:
    s = set(words(a['title'] + ' ' + a['content']))
    wsets.append(s); df.update(s)
N = len(arts)
print('articles', N, file=sys.stderr)

def lev(a, b, cap=2):
    if abs(len(a) - len(b)) > cap: return cap + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]

by_day = collections.defaultdict(list)
for k, (_, _, a) in enumerate(arts):
    by_day[a['date_extracted'][:10]].append(k)
pairs = {}
for day, ks in by_day.items():
    inv = collections.defaultdict(list)
    for k in ks:
        for w in wsets[k]:
            if 2 <= df[w] <= 50 and len(w) >= 4: inv[w].append(k)
    shared = collections.Counter()
    for w, lst in inv.items():
        if len(lst) > 20: continue
        for x in range(len(lst)):
            for y in range(x + 1, len(lst)):
                shared[(lst[x], lst[y])] += 1
    for (x, y), c in shared.items():
        if c < 8 or arts[x][2]['source'] == arts[y][2]['source']: continue
        j = c / len(wsets[x] | wsets[y])
        if j < 0.12: continue
        A, B = wsets[x], wsets[y]
        onlyA = [w for w in A - B if len(w) >= 4 and not w.startswith('ال') and 3 <= df[w] <= 2000]
        onlyB = [w for w in B - A if len(w) >= 4 and not w.startswith('ال') and 3 <= df[w] <= 2000]
        for a in onlyA:
            for b in onlyB:
                if a[0] != b[0] and a[-1] != b[-1]: continue
                d = lev(a, b)
                if d == 0 or d > 2: continue
                # clitics and endings: one word is the other with letters added at an end
                if a in b or b in a: continue
                if a[1:] == b[1:] and a[0] in 'وبلفك' and b[0] in 'وبلفك': continue
                if a[:-1] == b[:-1] or a[:-2] == b[:-2]: continue
                key = tuple(sorted((a, b)))
                pairs.setdefault(key, []).append((x, y))
CLASSES = {'غ': 'ج', 'ق': 'ج', 'ك': 'ج', 'ط': 'ت', 'ص': 'س', 'ض': 'د', 'ذ': 'ز', 'ظ': 'ز', 'ڤ': 'ف'}

def skeleton(w):
    w = ''.join(CLASSES.get(c, c) for c in w)
    return w[0] + re.sub('[اوي]', '', w[1:])

out = []
for (a, b), lst in pairs.items():
    if skeleton(a) != skeleton(b): continue
    out.append((len(lst), a, b, df[a], df[b], lst[0]))
out.sort(reverse=True)
print('word pairs', len(out), file=sys.stderr)
f = sys.stdout
for n, a, b, da, db, (x, y) in out:
    ax, ay = arts[x], arts[y]
    f.write(f"{a}\t{b}\t{da}\t{db}\t{n}\t{ax[0]}:{ax[1]}:{ax[2]['source']}\t{ay[0]}:{ay[1]}:{ay[2]['source']}\n")
