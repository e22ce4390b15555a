#!/usr/bin/env python3
"""Write a CONFIGS_FILE for bench/retrieval.sh: one configuration per combination of values.

  python3 bench/retrieval-grid.py TEMPLATE NAME=V1,V2,... [NAME=...]... >grid.txt
  CONFIGS_FILE=grid.txt bench/retrieval.sh

TEMPLATE is a `LABEL|INDEX-FLAGS|SEARCH-FLAGS` line with `{NAME}` placeholders, filled with every
combination of the values (the cartesian product, in the order given). Several templates can be
given, separated by `;;`; each is expanded with the variables it uses. Example:

  python3 bench/retrieval-grid.py 'tw{t}-tag{g}||--title-weight {t} --tag-weight {g}' \
      t=0.5,1,2 g=0,0.5

writes six lines, from `tw0.5-tag0||--title-weight 0.5 --tag-weight 0` to `tw2-tag0.5||...`.
"""
import itertools
import re
import sys

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def expand(template, variables):
    """The lines of one template: every combination of the variables it names."""
    if template.count("|") != 2:
        raise ValueError(f"template {template!r}: want LABEL|INDEX-FLAGS|SEARCH-FLAGS")
    names = list(dict.fromkeys(PLACEHOLDER.findall(template)))
    missing = [n for n in names if n not in variables]
    if missing:
        raise ValueError(f"template {template!r}: no values for {', '.join(missing)}")
    if "{" not in template.split("|")[0] and names:
        raise ValueError(f"template {template!r}: the label needs a placeholder, or labels repeat")
    lines = []
    for combo in itertools.product(*(variables[n] for n in names)):
        values = dict(zip(names, combo))
        lines.append(PLACEHOLDER.sub(lambda m: values[m.group(1)], template))
    return lines


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    variables = {}
    for arg in argv[1:]:
        name, sep, values = arg.partition("=")
        if not sep or not PLACEHOLDER.fullmatch("{" + name + "}") or not values:
            print(f"retrieval-grid.py: {arg!r} is not NAME=V1,V2,...", file=sys.stderr)
            return 2
        variables[name] = values.split(",")
    try:
        lines = [line for t in argv[0].split(";;") for line in expand(t.strip(), variables)]
    except ValueError as e:
        print(f"retrieval-grid.py: {e}", file=sys.stderr)
        return 2
    labels = [line.split("|")[0] for line in lines]
    if len(set(labels)) != len(labels):
        print("retrieval-grid.py: two configurations share a label", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
