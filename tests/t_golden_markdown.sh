#!/bin/bash
# t_golden_markdown.sh — golden tests of the Markdown writer.
#
# Converts every samples/*.yaml with `briefconv -t markdown` and compares
# the result byte for byte with tests/golden/markdown/NAME.md. Also checks,
# for each sample, that a second run gives the same bytes (determinism),
# that the alias `-t md` gives the same bytes, and that the output has no
# trailing spaces, no run of blank lines and one final newline.
#
# UPDATE_GOLDEN=1 rewrites the goldens instead of comparing: read every
# changed one by eye (git diff) before committing it.
#
# Env: BUILD (absolute build dir, default build).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
bc=$BUILD/briefconv
golden=$root/tests/golden/markdown

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
    expected=$golden/$name.md
    got=$work/$name.md
    count=$((count + 1))
    if ! "$bc" -t markdown -o "$got" "$input" 2>"$work/err" || [ -s "$work/err" ]; then
        failed "$name: briefconv failed or warned: $(cat "$work/err")"
        continue
    fi
    if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
        if ! cmp -s "$got" "$expected"; then
            cp "$got" "$expected"
            echo "updated: tests/golden/markdown/$name.md (review it)"
        fi
    elif [ ! -e "$expected" ]; then
        failed "$name: no golden tests/golden/markdown/$name.md (run with UPDATE_GOLDEN=1, then review)"
    elif ! cmp -s "$got" "$expected"; then
        failed "$name: output differs from tests/golden/markdown/$name.md:"
        diff -u "$expected" "$got" | head -40
    fi
    "$bc" -t markdown "$input" >"$work/again.md" 2>/dev/null
    cmp -s "$got" "$work/again.md" || failed "$name: a second run gave different bytes"
    "$bc" -t md "$input" >"$work/alias.md" 2>/dev/null
    cmp -s "$got" "$work/alias.md" || failed "$name: -t md differs from -t markdown"
    grep -n ' $' "$got" | head -3 | sed "s/^/    $name: trailing space: /" | grep . && failed "$name: trailing spaces"
    if grep -q '^$' <(sed -n '$p' "$got") || [ "$(tail -c 1 "$got" | od -An -c | tr -d ' ')" != '\n' ]; then
        failed "$name: the output must end with exactly one newline"
    fi
    awk 'prev == "" && $0 == "" && NR > 1 { bad = 1 } { prev = $0 } END { exit bad }' "$got" ||
        failed "$name: two blank lines in a row"
done

for expected in "$golden"/*.md; do
    [ -e "$expected" ] || continue
    name=$(basename "$expected" .md)
    [ -e "$root/samples/$name.yaml" ] || failed "tests/golden/markdown/$name.md has no samples/$name.yaml"
done

[ "$count" -gt 0 ] || failed "no samples found"
[ "$fail" = 0 ] && echo "ok: $count Markdown goldens, deterministic, alias md"
exit "$fail"
