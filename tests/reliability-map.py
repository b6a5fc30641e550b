#!/usr/bin/env python3
"""Keep tests/reliability.md true: every case of the hostile-input plan has
a row, every row names a test, and every test it names exists.

The plan (../shared/RELIABILITY.md beside the project) numbers its cases
per section: section 0's bullets are 0.1, 0.2, ...; sections 1 to 5 number
their items. tests/reliability.md has a table row per case (`| 1.4 | ...`),
and rows of its own for cases found since (section 7 on). A row's
"Covered by" cell names tests the way the map's preamble says:

  t2100 'title', 'title…'   a test of tests/e2e/t2100-*.sh, its title
                            (a title cut with … names the tests that begin so)
  test_yaml `name`          a case of tests/unit/test_yaml.c (`dup*`: a prefix)
  fuzz/record `file`        a file of tests/fuzz/corpus/record/

Prints one line per problem and exits 1 if there is any; 0 with a
summary otherwise; 77 with the reason when the plan is not beside us.
"""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_titles import fixture_titles  # noqa: E402

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
plan_path = os.path.join(root, "..", "shared", "RELIABILITY.md")
map_path = os.path.join(root, "tests", "reliability.md")


def plan_cases(text):
    """The case numbers of the plan: 0.1..0.k from section 0's top-level
    bullets, N.1..N.k from the numbered items of sections 1 to 5."""
    cases, section = [], None
    count = 0
    for line in text.splitlines():
        m = re.match(r"## (\d+)\. ", line)
        if m:
            section, count = int(m.group(1)), 0
            continue
        if line.startswith("## "):
            section = None
        if section is None or section > 5:
            continue
        if (section == 0 and line.startswith("- ")) or \
           (section > 0 and re.match(r"\d+\. ", line)):
            count += 1
            cases.append("%d.%d" % (section, count))
    return cases


def map_rows(text):
    """{case: covered-by cell} of every table row whose first cell is N.M."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split(" | ")]
        if len(cells) >= 3 and re.fullmatch(r"\| \d+\.\d+", cells[0]):
            rows[cells[0][2:]] = cells[2]
    return rows


e2e_titles = {}
unit_names = sorted((os.path.basename(p)[:-2]
                     for p in glob.glob(os.path.join(root, "tests", "unit", "test_*.c"))),
                    key=len, reverse=True)


def titles_of(script):
    if script not in e2e_titles:
        text = open(script, encoding="utf-8").read()
        e2e_titles[script] = re.findall(
            r"^\s*test_expect_success '((?:[^'\\]|'\"'\"')*)'", text, re.M) + \
            re.findall(r'^\s*test_expect_success "([^"]*)"', text, re.M)
        e2e_titles[script] += fixture_titles(root, script)
    return e2e_titles[script]


def check_cell(case, cell):
    """The problems with one row's references."""
    problems, named = [], 0
    # a file of the project's, named as such, is a test too (the harness)
    for path in re.findall(r"`(tests/[^`]+)`", cell):
        if os.path.exists(os.path.join(root, path)):
            named += 1
        else:
            problems.append("%s: no file %s" % (case, path))
    # split the cell into references: a test family token, then what follows
    family_re = r"(?<![/\w])(?:t\d{4}|%s|fuzz/\w+)\b" % "|".join(unit_names)
    for m in re.finditer(r"(%s)(.*?)(?=%s|$)" % (family_re, family_re), cell):
        family, rest = m.group(1), m.group(2)
        if re.fullmatch(r"t\d{4}", family):
            scripts = glob.glob(os.path.join(root, "tests", "e2e", family + "-*.sh"))
            if not scripts:
                problems.append("%s: no script %s" % (case, family))
                continue
            named += 1
            have = [t.replace("'\"'\"'", "'") for t in titles_of(scripts[0])]
            for title in re.findall(r"'([^']+)'", rest):
                want = title.split("…")[0].strip()
                if not any(want in t for t in have):
                    problems.append("%s: %s has no test '%s'" % (case, family, title))
        elif family.startswith("test_"):
            path = os.path.join(root, "tests", "unit", family + ".c")
            if not os.path.exists(path):
                problems.append("%s: no unit test file %s.c" % (case, family))
                continue
            named += 1
            source = open(path, encoding="utf-8").read()
            for name in re.findall(r"`([A-Za-z0-9_*]+)`", rest):
                stem = name.rstrip("*")
                if not re.search(r"__%s%s" % (re.escape(stem), "" if name.endswith("*") else r"\b"),
                                 source) and not re.search(r"\b%s\b" % re.escape(stem), source):
                    problems.append("%s: %s has no case `%s`" % (case, family, name))
        else:
            folder = os.path.join(root, "tests", "fuzz", "corpus", family[5:])
            if not os.path.isdir(folder):
                problems.append("%s: no corpus %s" % (case, family))
                continue
            named += 1
            for name in re.findall(r"`([^`]+)`", rest):
                if not os.path.exists(os.path.join(folder, name)):
                    problems.append("%s: %s has no input `%s`" % (case, family, name))
    if not named:
        problems.append("%s: names no test" % case)
    return problems


def main():
    rows = map_rows(open(map_path, encoding="utf-8").read())
    problems = []
    if os.path.exists(plan_path):
        plan = plan_cases(open(plan_path, encoding="utf-8").read())
        for case in plan:
            if case not in rows:
                problems.append("%s: the plan's case has no row in tests/reliability.md" % case)
    else:
        plan = None
    for case, cell in rows.items():
        problems += check_cell(case, cell)
    for p in problems:
        print("reliability map: " + p)
    if problems:
        return 1
    if plan is None:
        print("skip: ../shared/RELIABILITY.md is not beside the project: "
              "%d rows checked, not against the plan" % len(rows))
        return 77
    print("reliability map: %d cases of the plan, %d rows, every test named exists"
          % (len(plan), len(rows)))
    return 0


sys.exit(main())
