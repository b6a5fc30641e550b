"""The titles of the cases an e2e script makes from its fixture folder.

A script that makes a case of each file of tests/fixtures/<script name>/
names the case in the file's first line, a comment (`# title`). Both maps
of tests/ read them beside the script's own test_expect_success titles.
"""

import os


def fixture_titles(root, script):
    fixtures = os.path.join(root, "tests", "fixtures",
                            os.path.basename(script)[:-len(".sh")])
    titles = []
    if os.path.isdir(fixtures):
        for name in sorted(os.listdir(fixtures)):
            with open(os.path.join(fixtures, name), encoding="utf-8") as f:
                first = f.readline()
            if first.startswith("# "):
                titles.append(first[2:].rstrip("\n"))
    return titles
