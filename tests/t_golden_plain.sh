#!/bin/bash
# t_golden_plain.sh — golden tests of the plain-text writer.
#
# Converts every samples/*.yaml, and every plain-specific input in
# tests/golden/plain/inputs/*.yaml, with `briefconv -t plain` and compares
# the result byte for byte with tests/golden/plain/NAME.txt. An input whose
# first line is "# plain-options: ARGS" is converted with those extra
# arguments (e.g. -O width=40). Each output is also checked by
# tests/tools/plain_has_all_text.py: every word of the briefing's text is
# there, in order.
#
# UPDATE_GOLDEN=1 rewrites the goldens instead of comparing: read every
# changed one by eye (git diff) before committing it.
#
# Env: BUILD (build dir, default build); BC_REQUIRE_TOOLS=1 makes a missing
# /usr/bin/python3 with yaml a failure instead of a skip of the text check.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
bc=$BUILD/briefconv
golden=$root/tests/golden/plain
checker=$root/tests/tools/plain_has_all_text.py
py=/usr/bin/python3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
failed() {
    echo "FAIL: $*"
    fail=1
}

if [ ! -x "$bc" ]; then
    echo "FAIL: $bc is missing (build it first)"
    exit 1
fi

check_text=1
if ! "$py" -c 'import yaml' 2>/dev/null; then
    if [ "${BC_REQUIRE_TOOLS:-0}" = 1 ]; then
        failed "$py with the yaml module (Debian python3-yaml) is required"
    else
        echo "SKIP: text-presence check: $py with the yaml module (python3-yaml) is not available"
    fi
    check_text=0
fi

count=0
for input in "$root"/samples/*.yaml "$golden"/inputs/*.yaml; do
    [ -e "$input" ] || continue
    name=$(basename "$input" .yaml)
    expected=$golden/$name.txt
    got=$work/$name.txt
    extra=()
    first=$(head -n 1 "$input")
    case $first in
    "# plain-options:"*) read -r -a extra <<<"${first#"# plain-options:"}" ;;
    esac
    count=$((count + 1))
    if ! "$bc" -t plain "${extra[@]}" -o "$got" "$input" 2>"$work/err"; then
        failed "$name: briefconv failed: $(cat "$work/err")"
        continue
    fi
    if [ -s "$work/err" ]; then
        failed "$name: briefconv wrote to stderr: $(cat "$work/err")"
    fi
    if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
        if ! cmp -s "$got" "$expected"; then
            cp "$got" "$expected"
            echo "updated: tests/golden/plain/$name.txt (review it)"
        fi
    elif [ ! -e "$expected" ]; then
        failed "$name: no golden tests/golden/plain/$name.txt (run with UPDATE_GOLDEN=1, then review)"
    elif ! cmp -s "$got" "$expected"; then
        failed "$name: output differs from tests/golden/plain/$name.txt:"
        diff -u "$expected" "$got" | head -40
    fi
    # Standard input and the txt alias give the same bytes as a file and the name.
    if ! "$bc" -f yaml -t txt "${extra[@]}" - <"$input" >"$work/stdin.txt" 2>"$work/err"; then
        failed "$name: briefconv -t txt from standard input failed: $(cat "$work/err")"
    elif ! cmp -s "$got" "$work/stdin.txt"; then
        failed "$name: -t txt from standard input differs from -t plain -o FILE"
    fi
    if [ "$check_text" = 1 ] && ! "$py" "$checker" "$input" "$got"; then
        failed "$name: text missing from the plain output (see above)"
    fi
done

# A golden with no input left behind would never be checked again.
for expected in "$golden"/*.txt; do
    [ -e "$expected" ] || continue
    name=$(basename "$expected" .txt)
    if [ ! -e "$root/samples/$name.yaml" ] && [ ! -e "$golden/inputs/$name.yaml" ]; then
        failed "tests/golden/plain/$name.txt has no input (samples/$name.yaml or inputs/$name.yaml)"
    fi
done

if [ "$count" -eq 0 ]; then
    failed "no inputs found"
fi
[ "$fail" = 0 ] && echo "ok: $count plain goldens"
exit "$fail"
