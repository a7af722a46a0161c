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
. "$(dirname "$0")/lib.sh"
cd "$root" || exit 1


need_build

count=0
for input in tests/errors/*.yaml; do
    name=${input%.yaml}
    expected=$name.expected
    if [ ! -f "$expected" ]; then
        not_ok "$input has no $expected"
        continue
    fi
    opts=()
    if [ -f "$name.options" ]; then
        read -r -a opts <"$name.options"
    fi
    count=$((count + 1))
    out=$tmp/out.txt
    rm -f "$out"
    "$bc" -t plain -o "$out" "${opts[@]}" "$input" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    [ $rc = 1 ] || not_ok "$input: exit status $rc, expected 1"
    [ ! -e "$out" ] || not_ok "$input: an output file was written"
    [ ! -s "$tmp/stdout" ] || not_ok "$input: something was written to stdout"
    if ! cmp -s "$expected" "$tmp/stderr"; then
        not_ok "$input: wrong message"
        echo "    expected: $(cat "$expected")"
        echo "    got:      $(head -c 1000 "$tmp/stderr")"
    fi
    # --check reports the same, and an existing output file survives a failure.
    "$bc" --check "${opts[@]}" "$input" >/dev/null 2>"$tmp/stderr2"
    rc=$?
    [ $rc = 1 ] || not_ok "$input: --check exit status $rc, expected 1"
    cmp -s "$expected" "$tmp/stderr2" || not_ok "$input: --check printed a different message"
done
[ $count -ge 25 ] || not_ok "only $count error cases (the format needs at least 25)"

# An existing output file is left as it was when the input is refused.
echo "precious" >"$tmp/keep.txt"
"$bc" -t plain -o "$tmp/keep.txt" tests/errors/unknown-key.yaml 2>/dev/null
[ "$(cat "$tmp/keep.txt")" = precious ] || not_ok "a refused input changed an existing output file"

# The same file read through standard input is reported under <stdin>.
"$bc" -f yaml -t plain - <tests/errors/unknown-key.yaml >/dev/null 2>"$tmp/stderr"
grep -q '^<stdin>:3:1: error: unknown key "sumary"; did you mean "summary"?$' "$tmp/stderr" ||
    not_ok "stdin: got $(cat "$tmp/stderr")"

[ "$tests_failed" = 0 ] && ok "$count error cases"
done_testing
