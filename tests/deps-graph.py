#!/usr/bin/env python3
"""Keep the library's modules in layers: no dependency cycle in lib/.

A module is lib/X.c with its headers lib/X.h and lib/X_int.h. Module A
depends on module B when A's .c includes B's header, directly or through
other headers. A header of no module's name (out.h) belongs to the
modules whose functions it declares. common.h is the base every file
includes; the modules it declares (buf, diag, error) count as one, the
base, which depends on nothing else.

A cycle (A needs B and B needs A, perhaps through others) means neither
can be understood, tested or changed alone; the shared piece belongs in
the lower module or in a header of its own.

KNOWN lists the cycles left, each with what breaking it takes; any other
cycle fails, and so does a known one that changed or is gone (then drop
its line).

A header that declares another module's function hides a dependency from
this graph (site.h declares html.c's html_chart): `--declarations` lists
each such declaration, the next ones to move.

Prints each cycle, with the include that makes each step, and exits 1 if
there is a new one; 0 with the number of modules and edges otherwise.
Reads the sources only (no build needed); `--dot` prints the graph for
graphviz.
"""
import glob
import os
import re
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
lib = os.path.join(root, "lib")
BASE = "common.h"
KNOWN = {}


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def without_comments(text):
    return re.sub(r"/\*.*?\*/", " ", text, flags=re.S)


def includes(path):
    """The project headers `path` includes, by base name."""
    if not os.path.exists(path):
        return []
    return [os.path.basename(m) for m in
            re.findall(r'^\s*#\s*include\s+"([^"]+)"', read(path), re.M)]


def defined(text):
    """Functions a .c file defines for others: a name at the start of a
    line's declarator (not static), whose parameter list is followed by a
    body."""
    names = set()
    for m in re.finditer(r"^(?!static\b|typedef\b|struct\b|enum\b|#)"
                         r"[A-Za-z_][\w \t\*]*?\b(\w+)\(([^;{}]*?)\)\s*\{",
                         text, re.M | re.S):
        names.add(m.group(1))
    return names


def declared(text):
    """Names a header declares as functions (identifiers before '(')."""
    return set(re.findall(r"\b([A-Za-z_]\w*)\s*\(", text))


def graph():
    sources = sorted(glob.glob(os.path.join(lib, "*.c")))
    modules = [os.path.basename(p)[:-2] for p in sources]
    definer = {}
    for name, path in zip(modules, sources):
        for fn in defined(without_comments(read(path))):
            definer.setdefault(fn, name)
    headers = {os.path.basename(p): without_comments(read(p))
               for p in glob.glob(os.path.join(lib, "*.h"))}
    base = {definer[fn] for fn in declared(headers.get(BASE, "")) if fn in definer}
    owners = {}
    for h, text in headers.items():
        name = h[:-2]
        name = name[:-4] if name.endswith("_int") and name[:-4] in modules else name
        if h == BASE:
            owners[h] = set()
        elif name in modules:
            owners[h] = {name}
        else:
            owners[h] = {definer[fn] for fn in declared(text) if fn in definer}

    def closure(path):
        seen, todo = [], includes(path)
        while todo:
            h = todo.pop(0)
            if h in seen or h not in headers:
                continue
            seen.append(h)
            todo += includes(os.path.join(lib, h))
        return seen

    edges = {}
    for m in modules:
        if m in base:
            edges[m] = {}
            continue
        out = {}
        for h in closure(os.path.join(lib, m + ".c")):
            for b in sorted(owners[h]):
                if b != m and b not in base:
                    out.setdefault(b, h)
        edges[m] = out
    misplaced = []
    for h in sorted(headers):
        mod = h[:-2][:-4] if h.endswith("_int.h") else h[:-2]
        if mod not in modules:
            continue
        for fn in sorted(declared(headers[h])):
            if definer.get(fn, mod) != mod and definer[fn] not in base:
                misplaced.append("lib/%s declares %s of lib/%s.c" % (h, fn, definer[fn]))
    return modules, edges, misplaced


def cycles(modules, edges):
    """Strongly connected components of more than one module (Tarjan,
    iterative: linear in modules and edges)."""
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = 0
    for start in modules:
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on.add(start)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    found.append(sorted(comp))
    return found


def main():
    modules, edges, misplaced = graph()
    if "--dot" in sys.argv[1:]:
        print("digraph lib {")
        for a in modules:
            for b in sorted(edges[a]):
                print('  "%s" -> "%s";' % (a, b))
        print("}")
        return 0
    if "--declarations" in sys.argv[1:]:
        print("\n".join(misplaced))
        return 0
    bad = 0
    found = cycles(modules, edges)
    for comp in found:
        why = KNOWN.get(tuple(comp))
        if why:
            print("deps-graph: known cycle {%s}: %s" % (", ".join(comp), why))
            continue
        bad = 1
        print("deps-graph: cycle in lib: {%s}" % ", ".join(comp))
        for a in comp:
            for b in sorted(edges[a]):
                if b in comp:
                    print("  lib/%s.c -> %s (through %s)" % (a, b, edges[a][b]))
    for comp in set(KNOWN) - {tuple(c) for c in found}:
        bad = 1
        print("deps-graph: {%s} is no longer a cycle: drop it from KNOWN" %
              ", ".join(comp))
    if bad:
        return 1
    print("deps-graph: %d modules, %d dependencies, %d known cycles, "
          "%d declarations in another module's header" %
          (len(modules), sum(len(e) for e in edges.values()), len(found),
           len(misplaced)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
