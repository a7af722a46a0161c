#!/bin/bash
# t_golden_html.sh — golden tests of the HTML writer.
#
# Converts every samples/*.yaml with `briefconv -t html` and compares the
# page byte for byte with tests/golden/html/NAME.html. Also checks, for
# each sample, that a second run gives the same bytes (determinism) and that
# `-O fragment=true` gives exactly the page's <article> and nothing else.
#
# UPDATE_GOLDEN=1 rewrites the goldens instead of comparing: read every
# changed one by eye (git diff) before committing it.
#
# Env: BUILD (absolute build dir, default build).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
bc=$BUILD/briefconv
golden=$root/tests/golden/html

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
failed() {
    echo "FAIL: $*"
    fail=1
}

[ -x "$bc" ] || { echo "FAIL: $bc is missing (build it first)"; exit 1; }
mkdir -p "$golden"

count=0
for input in "$root"/samples/*.yaml; do
    name=$(basename "$input" .yaml)
    expected=$golden/$name.html
    got=$work/$name.html
    count=$((count + 1))
    if ! "$bc" -t html -o "$got" "$input" 2>"$work/err" || [ -s "$work/err" ]; then
        failed "$name: briefconv failed or warned: $(cat "$work/err")"
        continue
    fi
    if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
        if ! cmp -s "$got" "$expected"; then
            cp "$got" "$expected"
            echo "updated: tests/golden/html/$name.html (review it)"
        fi
    elif [ ! -e "$expected" ]; then
        failed "$name: no golden tests/golden/html/$name.html (run with UPDATE_GOLDEN=1, then review)"
    elif ! cmp -s "$got" "$expected"; then
        failed "$name: output differs from tests/golden/html/$name.html:"
        diff -u "$expected" "$got" | head -40
    fi
    "$bc" -t html "$input" >"$work/again.html" 2>/dev/null
    cmp -s "$got" "$work/again.html" || failed "$name: a second run gave different bytes"
    # The fragment is the page's article, line for line.
    sed -n '/^<article class="briefing">$/,/^<\/article>$/p' "$got" >"$work/article.html"
    [ -s "$work/article.html" ] || failed "$name: no <article> in the page"
    if ! "$bc" -t html -O fragment=true "$input" >"$work/fragment.html" 2>"$work/err"; then
        failed "$name: fragment=true failed: $(cat "$work/err")"
    elif ! cmp -s "$work/fragment.html" "$work/article.html"; then
        failed "$name: fragment=true is not the page's <article>:"
        diff -u "$work/article.html" "$work/fragment.html" | head -20
    fi
done

# A golden whose sample is gone would never be checked again.
for expected in "$golden"/*.html; do
    [ -e "$expected" ] || continue
    name=$(basename "$expected" .html)
    [ -e "$root/samples/$name.yaml" ] || failed "tests/golden/html/$name.html has no samples/$name.yaml"
done

[ "$count" -gt 0 ] || failed "no samples found"
[ "$fail" = 0 ] && echo "ok: $count HTML goldens, deterministic, fragments match"
exit "$fail"
