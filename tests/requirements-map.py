#!/usr/bin/env python3
"""Keep docs/requirements.md true: every requirement of the articles has a
row, each row names what implements it and a test, and every name is real.

A row is a table line whose first cell is an id such as D12, T3 or S1:

  | D12 | 000:208 | what the article asks | `schemas/...#/pointer`, `git handoff cmd --opt` | t9400 'title' |

  - the article cell is `<seed file prefix>:<line>`, checked against the
    articles beside the project (../shared/seeds) when they are there;
  - the implementation cell holds schema pointers and commands, in
    backticks: `schemas/<kind>.yaml#<JSON pointer>`, where a segment
    `field=value` picks the list item whose field has that value; and
    `git handoff <command> [--option ...]`, whose options are in the
    command's option table (cmd/*.c);
  - the test cell names tests of tests/e2e as `tNNNN 'title'` (a title
    ending in … names the tests that begin so);
  - no cell says "no".

Prints one line per problem and exits 1 if there is any; 0 with a summary.
"""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_titles import fixture_titles  # noqa: E402

try:
    import yaml
except ImportError:
    print("requirements-map: python3-yaml is not installed")
    sys.exit(77)

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
table_path = os.path.join(root, "docs", "requirements.md")
seeds = os.path.join(root, "..", "shared", "seeds")


def titles_of(script, cache={}):
    if script not in cache:
        text = open(script, encoding="utf-8").read()
        cache[script] = re.findall(
            r"^\s*test_expect_success '((?:[^'\\]|'\"'\"')*)'", text, re.M)
        cache[script] = [t.replace("'\"'\"'", "'") for t in cache[script]]
        cache[script] += fixture_titles(root, script)
    return cache[script]


def check_tests(cell):
    problems, named = [], 0
    for num, title in re.findall(r"\b(t\d{4}) '((?:[^']|'(?! *(?:,|$)))*)'", cell):
        named += 1
        scripts = glob.glob(os.path.join(root, "tests", "e2e", num + "-*.sh"))
        if not scripts:
            problems.append("no test script %s" % num)
            continue
        titles = titles_of(scripts[0])
        if title.endswith("…"):
            ok = any(t.startswith(title[:-1]) for t in titles)
        else:
            ok = title in titles
        if not ok:
            problems.append("%s has no test '%s'" % (num, title))
    if not named:
        problems.append("names no test")
    return problems


def resolve(doc, pointer):
    node = doc
    for seg in pointer.split("/")[1:]:
        seg = seg.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and "=" in seg:
            field, value = seg.split("=", 1)
            found = [i for i in node if isinstance(i, dict) and str(i.get(field)) == value]
            if not found:
                return None
            node = found[0]
        elif isinstance(node, list) and seg.isdigit() and int(seg) < len(node):
            node = node[int(seg)]
        elif isinstance(node, dict) and seg in node:
            node = node[seg]
        else:
            return None
    return node


schemas = {}


def check_schema(ref):
    path, _, pointer = ref.partition("#")
    full = os.path.join(root, path)
    if not os.path.exists(full):
        return ["no file %s" % path]
    if path not in schemas:
        schemas[path] = yaml.safe_load(open(full, encoding="utf-8"))
    if pointer and resolve(schemas[path], pointer) is None:
        return ["%s has nothing at %s" % (path, pointer)]
    return []


def check_command(words):
    cmd = words[0]
    src = os.path.join(root, "cmd", cmd + ".c")
    text = None
    if os.path.exists(src):
        text = open(src, encoding="utf-8").read()
    else:  # several commands in one file (accept, reject, revise)
        for f in glob.glob(os.path.join(root, "cmd", "*.c")):
            t = open(f, encoding="utf-8").read()
            if re.search(r'^\t"%s", [a-z_]+, "' % re.escape(cmd), t, re.M):
                text = t
    if text is None:
        return ["no command '%s'" % cmd]
    # the option table: CLI_VALUE("name", ...) and CLI_FLAG("name", ...),
    # and the history options cmd/cmd.h declares once for the commands
    # that use them
    names = set(re.findall(r'CLI_(?:VALUE|FLAG|OPT)\("([a-z-]+)"', text))
    if "CLI_HISTORY_OPTS(" in text or "CLI_REV_OPT(" in text:
        header = open(os.path.join(root, "cmd", "cmd.h"), encoding="utf-8").read()
        names.add("rev")
        if "CLI_HISTORY_OPTS(" in text:
            names.update(re.findall(r'CLI_(?:VALUE|FLAG|OPT)\("([a-z-]+)"', header))
    problems = []
    for w in words[1:]:
        if w.startswith("--") and w[2:] not in names:
            problems.append("'%s' has no option %s" % (cmd, w))
    return problems


def check_impl(cell):
    problems, named = [], 0
    for ref in re.findall(r"`(schemas/[^`#]+\.yaml(?:#[^`]*)?)`", cell):
        named += 1
        problems += check_schema(ref)
    for cmd in re.findall(r"`git handoff ([^`]+)`", cell):
        named += 1
        problems += check_command(cmd.split())
    if not named:
        problems.append("names no schema pointer or command")
    return problems


def check_article(cell):
    m = re.fullmatch(r"(\d{3}):(\d+)(?:-(\d+))?", cell)
    if not m:
        return ["article '%s' is not <seed>:<line>" % cell]
    if not os.path.isdir(seeds):
        return []
    files = glob.glob(os.path.join(seeds, m.group(1) + "_*.txt"))
    if not files:
        return ["no article %s" % m.group(1)]
    lines = sum(1 for _ in open(files[0], encoding="utf-8"))
    last = int(m.group(3) or m.group(2))
    if last > lines:
        return ["%s has %d lines, not %d" % (m.group(1), lines, last)]
    return []


def main():
    problems, rows = [], 0
    for n, line in enumerate(open(table_path, encoding="utf-8"), 1):
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if not re.fullmatch(r"[A-Z]\d+", cells[0]):
            continue
        rows += 1
        where = "docs/requirements.md:%d: %s" % (n, cells[0])
        if len(cells) != 5:
            problems.append("%s: %d cells, not 5" % (where, len(cells)))
            continue
        if any(c.lower() in ("no", "-", "") for c in cells):
            problems.append("%s: a cell is empty or says no" % where)
        problems += ["%s: %s" % (where, p) for p in check_article(cells[1])]
        problems += ["%s: %s" % (where, p) for p in check_impl(cells[3])]
        problems += ["%s: %s" % (where, p) for p in check_tests(cells[4])]
    if not rows:
        problems.append("docs/requirements.md: no rows")
    for p in problems:
        print(p)
    if problems:
        return 1
    print("requirements-map: %d requirements, each implemented and tested" % rows)
    return 0


sys.exit(main())
