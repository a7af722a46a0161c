#!/bin/bash
# Smoke test of the benchmark: the generator's briefings are valid and
# deterministic, and `bench/run.sh --quick` completes and reports every part.
# No timing is asserted here: the targets are reported by `make bench` only.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
gen=$root/bench/gen_briefings.py

[ -x "$PY" ] || skip_all "$PY missing"
need_build

# --- generator: deterministic --------------------------------------------
for run in a b; do
    "$PY" "$gen" pages 1 -o "$tmp/$run/p1.yaml" &&
    "$PY" "$gen" pages 10 -o "$tmp/$run/p10.yaml" &&
    "$PY" "$gen" size 0.2 -o "$tmp/$run/m.yaml" &&
    "$PY" "$gen" tree 40 -o "$tmp/$run/tree" || not_ok "generator failed ($run)"
done
diff -r "$tmp/a" "$tmp/b" >/dev/null || not_ok "generator is not deterministic"
"$PY" "$gen" pages 1 --seed 7 -o "$tmp/other.yaml" || not_ok "generator failed (seed 7)"
cmp -s "$tmp/a/p1.yaml" "$tmp/other.yaml" && not_ok "a different seed gave the same briefing"
n=$(find "$tmp/a/tree" -name '*.yaml' | wc -l)
[ "$n" = 40 ] || not_ok "tree: expected 40 briefings, found $n"
[ "$(find "$tmp/a/tree" -mindepth 1 -type d | wc -l)" -ge 2 ] || not_ok "tree: no nested folders"

# Sizes are in the requested range (a page is ~3.3 KB of YAML).
size() { stat -c %s "$1"; }
[ "$(size "$tmp/a/p10.yaml")" -gt "$(( 5 * $(size "$tmp/a/p1.yaml") ))" ] || not_ok "p10 is not much larger than p1"
m=$(size "$tmp/a/m.yaml")
[ "$m" -gt 180000 ] && [ "$m" -lt 260000 ] || not_ok "size 0.2 MiB gave $m bytes"

# Every kind of content the format allows is present in a 10-page briefing.
p10=$tmp/a/p10.yaml
for pat in '^sections:' '^references:' '    sections:' '\[@ref-' '\*\*[a-z]' '\]\(https://' \
           '<https://' '^ *> ' '^ *```' '^ *\|:?---' '^ *- ' '^ *[0-9]\. ' '^ *---$' '^ *#{3,4} [A-Z]' \
           '^  - text: ' '^    items:' '^updated: ' '^review_due: ' '^tags: ' '^notice: '; do
    grep -Eq -- "$pat" "$p10" || not_ok "p10.yaml has nothing matching /$pat/"
done

# --- generator: valid briefings ---------------------------------------------
checked=0
while IFS= read -r f; do
    out=$("$bc" --check "$f" 2>&1) || not_ok "briefconv --check refused $f: $out"
    checked=$((checked + 1))
done < <(find "$tmp/a" -name '*.yaml' ! -name 'm.yaml' | sort)
[ "$checked" -ge 42 ] || not_ok "only $checked briefings checked"
# The 0.2 MiB one may need the reader's limits lifted; it must pass then.
opts=()
"$bc" --list-plugins 2>/dev/null | grep -q max-size && opts+=(-O max-size=1000000)
"$bc" --list-plugins 2>/dev/null | grep -q max-nodes && opts+=(-O max-nodes=10000000)
out=$("$bc" --check "${opts[@]}" "$tmp/a/m.yaml" 2>&1) || not_ok "briefconv --check refused m.yaml: $out"
# And it converts: the title reaches the plain-text output.
title=$("$PY" -c 'import json,sys,re
for l in open(sys.argv[1]):
    if l.startswith("title: "): print(json.loads(l[7:])); break' "$p10")
if "$bc" --list-plugins 2>/dev/null | grep -qw plain; then
    "$bc" -t plain -o "$tmp/p10.txt" "$p10" || not_ok "p10 does not convert to plain"
    tr -s ' \n' '  ' <"$tmp/p10.txt" | grep -qF "$title" || not_ok "title '$title' missing from p10.txt"
fi

# --- the harness, quick mode ---------------------------------------------------
log=$tmp/bench.log
if BUILD=$BUILD bash "$root/bench/run.sh" --quick --work "$tmp/work" --out "$tmp/results.md" >"$log" 2>&1; then
    for h in '## Machine' '## Single briefing' '## Batch throughput' '## Scaling with input size' \
             '## DOCX: where the time goes' '## Targets'; do
        grep -qF "$h" "$tmp/results.md" || not_ok "results.md lacks '$h'"
    done
    # A conversion that failed inside the benchmark is a failure here.
    if grep -q '| failed' "$tmp/results.md"; then not_ok "a benchmark conversion failed:"; grep '| failed' "$tmp/results.md"; fi
    grep -q 'generated briefings refused' "$tmp/results.md" && not_ok "the harness found invalid generated briefings"
    # Every available format was measured (rows hold a time, not n/a).
    for fmt in docx html markdown plain; do
        if "$bc" --list-plugins 2>/dev/null | grep -qw "$fmt"; then
            grep -Eq "^\|[^|]*\| $fmt \| [0-9.]+ (ms|s) " "$tmp/results.md" || not_ok "no single-briefing time for $fmt"
        fi
    done
    # Batch: a measured row for DOCX alone (outputs on tmpfs or disk), once batch mode exists.
    if grep -q 'n/a (batch mode not available' "$tmp/results.md"; then
        echo "note: the harness found no batch mode"
    else
        grep -Eq '^\| [0-9]+ \| docx \| [0-9]+ \| (tmpfs|disk) \| [0-9.]+ (ms|s) ' "$tmp/results.md" ||
            not_ok "no batch throughput row for DOCX"
    fi
    grep -q "docx.so's chain: + libzip" "$tmp/results.md" || not_ok "no start-up row for docx.so's libzip"
else
    not_ok "bench/run.sh --quick failed"; tail -30 "$log"
fi

[ "$tests_failed" = 0 ] && ok "bench smoke ($checked briefings checked, quick run complete)"
done_testing
