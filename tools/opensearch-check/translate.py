#!/usr/bin/env python3
"""Turns an exported index.json (and fihris-stems.txt beside it) into the parameter files of
Lucene's analysis factories, and prints the chain of one analyzer, one component a line, for
OpenSearchParity.java: `charFilter NAME k=v...`, `tokenizer NAME`, `filter NAME k=v...`.

Usage: translate.py EXPORT_DIR ANALYZER CONF_DIR > CHAIN
Each OpenSearch component type maps to the Lucene factory OpenSearch itself builds it with."""
import json, os, sys

export, analyzer_name, conf = sys.argv[1:4]
os.makedirs(conf, exist_ok=True)
analysis = json.load(open(os.path.join(export, "index.json"), encoding="utf-8"))["settings"]["analysis"]
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
    assert cf["type"] == "mapping", cf
    rules = []
    for rule in cf["mappings"]:
        left, right = rule.split("=>")
        rules.append('"%s" => "%s"' % (unescape(left), unescape(right)))
    chain.append("charFilter mapping mapping=" + out(name + ".txt", rules))
assert analyzer["tokenizer"] == "standard"
chain.append("tokenizer standard")
for name in analyzer["filter"]:
    f = analysis["filter"].get(name, {"type": name})
    kind = f["type"]
    if kind == "lowercase":
        chain.append("filter lowercase")
    elif kind == "keep_types":
        exclude = f.get("mode", "include") == "exclude"
        chain.append("filter type types=%s useWhitelist=%s" % (out(name + ".txt", f["types"]), str(not exclude).lower()))
    elif kind == "pattern_replace":
        chain.append("filter patternReplace pattern=%s replacement=%s replace=all" % (f["pattern"], f["replacement"]))
    elif kind == "length":
        chain.append("filter length min=%d max=%d" % (f.get("min", 0), f.get("max", 2147483647)))
    elif kind == "stop":
        chain.append("filter stop words=%s ignoreCase=false" % out(name + ".txt", f["stopwords"]))
    elif kind == "stemmer_override":
        lines = []
        with open(os.path.join(export, os.path.basename(f["rules_path"])), encoding="utf-8") as rules:
            for line in rules:
                word, stem = line.rstrip("\n").split(" => ")
                lines.append(word + "\t" + stem)
        chain.append("filter stemmerOverride dictionary=" + out(name + ".tsv", lines))
    elif kind == "arabic_stem":
        chain.append("filter arabicStem")
    else:
        sys.exit("translate.py: no Lucene factory known for %s (%s)" % (name, kind))
print("\n".join(chain))
