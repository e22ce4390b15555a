#!/usr/bin/env python3
"""Turns an exported index.json (and fihris-stems.txt beside it) into the parameter files of
Lucene's analysis factories, and prints the chain of one analyzer or normalizer, one component a
line, its fields separated by tabs, for OpenSearchParity.java: `charFilter NAME k=v...`,
`tokenizer NAME`, `filter NAME k=v...`.

Usage: translate.py EXPORT_DIR ANALYZER_OR_NORMALIZER CONF_DIR > CHAIN
Each OpenSearch component type maps to the Lucene factory OpenSearch itself builds it with; a
normalizer is its char filters and filters around the keyword tokenizer, as both engines build it."""
import json, os, sys

export, analyzer_name, conf = sys.argv[1:4]
os.makedirs(conf, exist_ok=True)
analysis = json.load(open(os.path.join(export, "index.json"), encoding="utf-8"))["settings"]["analysis"]
if analyzer_name in analysis.get("normalizer", {}):
    analyzer = dict(analysis["normalizer"][analyzer_name], tokenizer="keyword")
else:
    analyzer = analysis["analyzer"][analyzer_name]


def unescape(text):
    # The export writes \uXXXX (UTF-16 units); Lucene's mapping file reads the same escapes inside quotes.
    return text.strip()


def out(name, lines):
    path = os.path.join(conf, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    return name


chain = []
for name in analyzer["char_filter"]:
    cf = analysis["char_filter"][name]
    if cf["type"] == "pattern_replace":
        chain.append("charFilter\tpatternReplace\tpattern=%s\treplacement=%s" % (cf["pattern"], cf["replacement"]))
        continue
    assert cf["type"] == "mapping", cf
    rules = []
    for rule in cf["mappings"]:
        left, right = rule.split("=>")
        rules.append('"%s" => "%s"' % (unescape(left), unescape(right)))
    chain.append("charFilter\tmapping\tmapping=" + out(name + ".txt", rules))
assert analyzer["tokenizer"] in ("standard", "keyword"), analyzer
chain.append("tokenizer\t" + analyzer["tokenizer"])
for name in analyzer["filter"]:
    f = analysis["filter"].get(name, {"type": name})
    kind = f["type"]
    if kind == "lowercase":
        chain.append("filter\tlowercase")
    elif kind == "keep_types":
        exclude = f.get("mode", "include") == "exclude"
        chain.append("filter\ttype\ttypes=%s\tuseWhitelist=%s" % (out(name + ".txt", f["types"]), str(not exclude).lower()))
    elif kind == "pattern_replace":
        chain.append("filter\tpatternReplace\tpattern=%s\treplacement=%s\treplace=all" % (f["pattern"], f["replacement"]))
    elif kind == "length":
        chain.append("filter\tlength\tmin=%d\tmax=%d" % (f.get("min", 0), f.get("max", 2147483647)))
    elif kind == "stop":
        chain.append("filter\tstop\twords=%s\tignoreCase=false" % out(name + ".txt", f["stopwords"]))
    elif kind == "stemmer_override":
        lines = []
        with open(os.path.join(export, os.path.basename(f["rules_path"])), encoding="utf-8") as rules:
            for line in rules:
                word, stem = line.rstrip("\n").split(" => ")
                lines.append(word + "\t" + stem)
        chain.append("filter\tstemmerOverride\tdictionary=" + out(name + ".tsv", lines))
    elif kind == "arabic_stem":
        chain.append("filter\tarabicStem")
    else:
        sys.exit("translate.py: no Lucene factory known for %s (%s)" % (name, kind))
print("\n".join(chain))
