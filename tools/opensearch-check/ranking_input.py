#!/usr/bin/env python3
"""Reads an export the way a cluster would use it for ranking, for OpenSearchRanking.java.

Usage: ranking_input.py EXPORT_DIR FIELDS_OUT DOCS_OUT PAIRS_OUT
- FIELDS_OUT: one searched field a line, `FIELD SOURCE ANALYZER SEARCH_ANALYZER BOOST INDEX_OPTIONS SIMILARITY`: the fields
  and boosts of the search template's `multi_match` (not assumed: the template is the contract),
  each resolved through index.json's mappings (`text.exact` is the `exact` sub-field of `text`, so
  its values come from the document's `text`; `search_analyzer` defaults to `analyzer`).
- DOCS_OUT: one bulk document a line, `ID<TAB>SOURCE=VALUE<TAB>SOURCE=VALUE...`, one item per value
  in document order (a JSON array gives one item per element, as the cluster indexes it: one field
  instance per value), with `\\`, tab, newline and carriage return escaped so that the values
  reach Lucene byte for byte.
- PAIRS_OUT: the proximity bonus of the template's optional `pairs` (one `match_phrase` SHOULD
  clause per pair), `FIELD SEARCH_ANALYZER SLOP BOOST` on one line, read from the template (slop and
  boost as exported, not assumed); empty when the template has no `pairs` section.
Prints the analyzers the fields name, one a line (for translate.py)."""
import glob, json, os, re, sys

export, fields_out, docs_out, pairs_out = sys.argv[1:5]
source = json.load(open(os.path.join(export, "search-template.json"), encoding="utf-8"))["script"]["source"]
# The template is mustache over JSON, not JSON itself: the multi_match's field list is.
match = re.search(r'"multi_match"\s*:\s*\{[^\[\]]*?"fields"\s*:\s*(\[[^\]]*\])', source)
if not match:
    sys.exit("ranking_input.py: no multi_match fields in search-template.json")
mtype = re.search(r'"multi_match"\s*:\s*\{[^\[\]]*?"type"\s*:\s*"([a-z_]+)"', source)
if not mtype or mtype.group(1) != "most_fields":
    # OpenSearchRanking sums the fields' scores: only most_fields scores that way.
    sys.exit("ranking_input.py: the template's multi_match is not most_fields")
index_json = json.load(open(os.path.join(export, "index.json"), encoding="utf-8"))
properties = index_json["mappings"]["properties"]
settings = index_json.get("settings", {})

fields, analyzers = [], []
for spec in json.loads(match.group(1)):
    name, _, boost = spec.partition("^")
    top, _, sub = name.partition(".")
    mapping = properties[top]
    if sub:
        mapping = mapping["fields"][sub]
    if mapping.get("type") != "text":
        sys.exit("ranking_input.py: %s is not a text field" % name)
    analyzer = mapping.get("analyzer", "standard")
    search = mapping.get("search_analyzer", analyzer)
    # What the field records (a cluster's default for text is positions); `docs` scores a term
    # with a frequency of one.
    options = mapping.get("index_options", "positions")
    # How it scores: BM25, or a similarity the settings define (OpenSearchRanking.java implements
    # `fihris_presence`, BM25 with the term frequency read as at most one, by name).
    similarity = mapping.get("similarity", "BM25")
    if similarity != "BM25" and similarity not in settings.get("index", {}).get("similarity", {}):
        sys.exit("ranking_input.py: %s names similarity %s, which the settings do not define" % (name, similarity))
    fields.append((name, top, analyzer, search, float(boost or 1), options, similarity))
    analyzers += [a for a in (analyzer, search) if a not in analyzers]
# The bonus: `{{#pairs}}{"match_phrase": {"FIELD": {"query": "{{.}}", "slop": S, "boost": B}}},{{/pairs}}`
# inside the bool's `should`. `{{.}}` is the one mustache tag in it: once replaced, the inner object is JSON.
pairs = None
section = re.search(r'"should"\s*:\s*\[\{\{#pairs\}\}(.*?)\{\{/pairs\}\}', source, re.S)
if section:
    clause = section.group(1).replace("{{.}}", "PAIR").strip()
    phrase = re.match(r'\{\s*"match_phrase"\s*:\s*\{\s*"([^"]+)"\s*:\s*(\{[^{}]*\})', clause)
    if not phrase or not clause.endswith(","):
        sys.exit("ranking_input.py: the template's pairs section is not one match_phrase clause")
    # What a cluster gets for one pair: it must be one JSON object, or a search with pairs fails.
    try:
        valid = list(json.loads(clause[:-1])) == ["match_phrase"]
    except ValueError as e:
        valid = False
    if not valid:
        print("ranking_input.py: WARNING: the template's pairs clause is not one JSON object once "
              "rendered (%s): a cluster rejects a search with pairs; checked with its field, slop "
              "and boost" % clause, file=sys.stderr)
    spec = json.loads(phrase.group(2))
    if spec.get("query") != "PAIR":
        sys.exit("ranking_input.py: the pairs' match_phrase does not search the pair")
    mapping = properties[phrase.group(1)]
    search = mapping.get("search_analyzer", mapping.get("analyzer", "standard"))
    pairs = (phrase.group(1), search, int(spec.get("slop", 0)), float(spec.get("boost", 1)))
    analyzers += [search] if search not in analyzers else []
with open(pairs_out, "w", encoding="utf-8") as out:
    if pairs:
        out.write("%s %s %d %r\n" % pairs)
with open(fields_out, "w", encoding="utf-8") as out:
    for field in fields:
        out.write("%s %s %s %s %r %s %s\n" % field)

sources = sorted({f[1] for f in fields})


def escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


with open(docs_out, "w", encoding="utf-8") as out:
    for path in sorted(glob.glob(os.path.join(export, "bulk", "*.ndjson"))):
        lines = open(path, encoding="utf-8").read().rstrip("\n").split("\n")
        for action, doc in zip(lines[::2], lines[1::2]):
            action, doc = json.loads(action), json.loads(doc)
            if "index" not in action:
                sys.exit("ranking_input.py: %s: not a full export (%s)" % (path, list(action)))
            items = [escape(action["index"]["_id"])]
            for s in sources:
                values = doc.get(s, [])
                for value in values if isinstance(values, list) else [values]:
                    items.append("%s=%s" % (s, escape(value)))
            out.write("\t".join(items) + "\n")
print("\n".join(analyzers))
