#!/usr/bin/python3
"""ab.py — compare commands side by side on a busy machine.

    ab.py [--rounds R] [--runs N] [--runstat PATH] LABEL=COMMAND ...

Each round runs every command N times in turn (runstat -a), so that all of
them see the same background load; the samples of all rounds are pooled.
Prints, for each command, the median and the 25th/75th percentiles of wall
time, the median CPU time and the peak RSS, and the ratio of its median to
the first command's. COMMAND is split on blanks (no shell).

Why: this is a shared 2-CPU machine, so one timing of a few milliseconds
moves by 10-30 % with what others run; comparing medians taken in
interleaved rounds is what survives that.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * (len(xs) - 1) + 0.5))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--runstat", default=os.environ.get("RUNSTAT", "runstat"))
    ap.add_argument("cmds", nargs="+")
    a = ap.parse_args()
    cmds = []
    for c in a.cmds:
        label, _, cmd = c.partition("=")
        cmds.append((label, cmd.split()))
    wall = {l: [] for l, _ in cmds}
    cpu = {l: [] for l, _ in cmds}
    rss = {l: 0 for l, _ in cmds}
    for _ in range(a.rounds):
        for label, cmd in cmds:
            p = subprocess.run([a.runstat, "-a", "-w", "2", "-n", str(a.runs), "-N", str(a.runs), "--"] + cmd,
                               capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit("%s failed: %s" % (label, p.stdout + p.stderr))
            r = json.loads(p.stdout)
            wall[label] += r["wall_ms"]
            cpu[label].append(r["cpu_median_ms"])
            rss[label] = max(rss[label], r["rss_max_kib"])
    base = statistics.median(wall[cmds[0][0]])
    for label, _ in cmds:
        m = statistics.median(wall[label])
        print("%-28s median %7.3f ms  (p25 %7.3f, p75 %7.3f)  cpu %7.3f ms  rss %6.1f MiB  x%.2f" % (
            label, m, pct(wall[label], 0.25), pct(wall[label], 0.75), statistics.median(cpu[label]),
            rss[label] / 1024, m / base))


if __name__ == "__main__":
    main()
