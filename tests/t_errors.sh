#!/bin/bash
# t_errors.sh — every error case of the briefing format (tests/errors/):
# NAME.yaml must be refused by build/briefconv with exactly the one line of
# NAME.expected on stderr (FILE:LINE:COLUMN: error: MESSAGE), exit status 1,
# and no output file; NAME.options, when present, holds extra CLI arguments
# (e.g. "-O max-depth=4" for the limit cases). Run from anywhere: paths in
# the messages are relative to the repository root, as in the .expected files.
#
# Env: BUILD (build dir), SAN ('' | asan | ubsan; nothing differs here).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
bc=$BUILD/briefconv
cd "$root" || exit 1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
failed() {
    echo "FAIL: $*"
    fail=1
}

if [ ! -x "$bc" ]; then
    echo "FAIL: $bc is not built"
    exit 1
fi

count=0
for input in tests/errors/*.yaml; do
    name=${input%.yaml}
    expected=$name.expected
    if [ ! -f "$expected" ]; then
        failed "$input has no $expected"
        continue
    fi
    opts=()
    if [ -f "$name.options" ]; then
        read -r -a opts <"$name.options"
    fi
    count=$((count + 1))
    out=$work/out.txt
    rm -f "$out"
    "$bc" -t plain -o "$out" "${opts[@]}" "$input" >"$work/stdout" 2>"$work/stderr"
    rc=$?
    [ $rc = 1 ] || failed "$input: exit status $rc, expected 1"
    [ ! -e "$out" ] || failed "$input: an output file was written"
    [ ! -s "$work/stdout" ] || failed "$input: something was written to stdout"
    if ! cmp -s "$expected" "$work/stderr"; then
        failed "$input: wrong message"
        echo "    expected: $(cat "$expected")"
        echo "    got:      $(head -c 1000 "$work/stderr")"
    fi
    # --check reports the same, and an existing output file survives a failure.
    "$bc" --check "${opts[@]}" "$input" >/dev/null 2>"$work/stderr2"
    rc=$?
    [ $rc = 1 ] || failed "$input: --check exit status $rc, expected 1"
    cmp -s "$expected" "$work/stderr2" || failed "$input: --check printed a different message"
done
[ $count -ge 25 ] || failed "only $count error cases (the format needs at least 25)"

# An existing output file is left as it was when the input is refused.
echo "precious" >"$work/keep.txt"
"$bc" -t plain -o "$work/keep.txt" tests/errors/unknown-key.yaml 2>/dev/null
[ "$(cat "$work/keep.txt")" = precious ] || failed "a refused input changed an existing output file"

# The same file read through standard input is reported under <stdin>.
"$bc" -f yaml -t plain - <tests/errors/unknown-key.yaml >/dev/null 2>"$work/stderr"
grep -q '^<stdin>:3:1: error: unknown key "sumary"; did you mean "summary"?$' "$work/stderr" ||
    failed "stdin: got $(cat "$work/stderr")"

if [ $fail = 0 ]; then
    echo "PASS: $count error cases"
fi
exit $fail
