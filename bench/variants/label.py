#!/usr/bin/env python3
"""Writes labelled.tsv: every group `fihris variants --json --top 100000` found in an ANT and a
SaudiNewsNet index, judged by hand (1: spellings of one name or loanword, 0: not). The judgments
are the WRONG lists below (every other group was read and judged right); a group whose words are
unknown to the judge is counted wrong. Prints the precision per corpus and method. On 2026-12-03
the groups were rebuilt (a skeleton fix; 15 new vowels/letters groups on ANT, all read and judged;
new reorder/ending groups, off by default, were not read and count as right here).

usage: label.py ant-groups.json snn-groups.json > labelled.tsv
"""
import collections
import json
import sys

# The first (most frequent) spelling of each group judged wrong.
WRONG = {
    "ant": {
        # vowels
        "والجرحي", "لاكورونيا", "بحاجز", "وانحسار",
        # (judged on the build of 2026-12-03: Andrés / Andreas; سلفا the Arabic adverb)
        "اندريس", "سلفا",
        # letters
        "لنسال",
        # reorder
        "وجرحي", "سترد", "حامد", "مارتينيز", "مستخدميه", "فاقدي", "صافرات", "ويرتبط",
        "ويستضيف", "وابتعد", "واستهل", "استثمر", "ارجءت", "تباطات", "انكماشا", "ونظيريه",
        # ending
        "اعتزاله", "اصطدم", "انفرد", "منهيا", "مكتوفه", "والجبال", "تخصب", "مكبده", "متعافيا",
    },
    "snn": {
        # vowels
        "تمارينه", "رهام", "بلغيث", "سنحاريب",
        # letters
        "والقصه",
        # reorder (the last four: words the judge could not place)
        "اعتقد", "متمنيا", "سيءثر", "واسكنه", "مشيدين", "ليتني", "والمهنءين", "كروكر",
        "نتبني", "لورينت", "سيزدينا", "وساسكو", "كولجاك", "جيلمين",
        # ending
        "لقبه", "فخرا", "انتقاميه", "ومعادن",
    },
}


def main():
    counts = collections.defaultdict(lambda: [0, 0])
    print("corpus\tmethod\tconfidence\tspellings\tright")
    for corpus, path in zip(["ant", "snn"], sys.argv[1:3]):
        for group in json.load(open(path))["groups"]:
            first = group["spellings"][0]["word"]
            right = 0 if first in WRONG[corpus] else 1
            spellings = " / ".join(f"{s['word']}:{s['df']}" for s in group["spellings"])
            print(f"{corpus}\t{group['method']}\t{group['confidence']}\t{spellings}\t{right}")
            for key in [(corpus, group["method"]), ("both", group["method"])]:
                counts[key][0] += right
                counts[key][1] += 1
    for (corpus, method), (right, total) in sorted(counts.items()):
        print(f"{corpus:5} {method:8} {right:4}/{total:<4} {right / total:.1%}", file=sys.stderr)


if __name__ == "__main__":
    main()
