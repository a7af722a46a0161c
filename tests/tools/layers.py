#!/usr/bin/python3
"""layers.py BUILD_OBJ_DIR — the layering rules of docs/architecture.md, checked on
the object files: within each folder (core, cli, plugins/NAME, plugins/common)
the files' call graph has no circle (a file uses only files "below" it), and
plugins/common uses no plugin's code. Prints one line per breach and exits 1,
or prints the folders checked and exits 0."""
import os
import subprocess
import sys


def symbols(obj):
    out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            undefined.add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDBR":
            defined.add(parts[2])
    return defined, undefined


def cycle(graph):
    """One circle of GRAPH (node -> set of nodes) as a list, or None."""
    state = {}
    stack = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def main():
    root = sys.argv[1]
    folders = [os.path.join(root, "core"), os.path.join(root, "cli")]
    plugins = os.path.join(root, "plugins")
    folders += sorted(os.path.join(plugins, d) for d in os.listdir(plugins))
    bad = 0
    checked = []
    common_defined = set()
    plugin_defined = set()
    for folder in folders:
        objs = sorted(f for f in os.listdir(folder) if f.endswith(".o"))
        if not objs:
            continue
        syms = {o: symbols(os.path.join(folder, o)) for o in objs}
        owner = {s: o for o, (d, _) in syms.items() for s in d}
        graph = {o: {owner[s] for s in u if s in owner and owner[s] != o} for o, (_, u) in syms.items()}
        circle = cycle(graph)
        name = os.path.relpath(folder, root)
        if circle:
            print(f"not ok - {name}: files use each other in a circle: {' -> '.join(circle)}")
            bad += 1
        checked.append(name)
        if name == os.path.join("plugins", "common"):
            common_defined = set(owner)
        elif name.startswith("plugins"):
            plugin_defined |= set(owner)
    common = os.path.join(plugins, "common")
    if os.path.isdir(common):
        for o in sorted(f for f in os.listdir(common) if f.endswith(".o")):
            _, undefined = symbols(os.path.join(common, o))
            uses = sorted((undefined & plugin_defined) - common_defined)
            if uses:
                print(f"not ok - plugins/common/{o} uses plugin code: {', '.join(uses)}")
                bad += 1
    if not bad:
        print(f"ok - no circles in {len(checked)} folders: {' '.join(checked)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
