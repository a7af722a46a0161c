#!/bin/bash
# t_plain_cli.sh — the plain writer through the CLI: the width and wrap
# options (range, wrap=none, errors), the txt alias, --list-plugins, and the shape of
# every sample's output (no trailing spaces, no double blank lines, one final
# newline, lines within the width unless one word is wider).
#
# Env: BUILD (build dir, default build).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
bc=$BUILD/briefconv
py=/usr/bin/python3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
failed() {
    echo "FAIL: $*"
    fail=1
}
[ -x "$bc" ] || { echo "FAIL: $bc is missing (build it first)"; exit 1; }

cat >"$work/in.yaml" <<'YAML'
briefing: 1
title: Width test
summary: |
  alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi
  omicron pi rho sigma tau upsilon phi chi psi omega alpha beta gamma delta
  epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau
key_features:
  - upsilon phi chi psi omega alpha beta gamma delta epsilon zeta eta theta iota kappa
YAML

# Lines never exceed the width (ASCII input: bytes are columns).
for w in 20 33 72 1000; do
    if ! "$bc" -t plain -O width=$w "$work/in.yaml" >"$work/w$w.txt" 2>"$work/err"; then
        failed "width=$w: $(cat "$work/err")"
        continue
    fi
    long=$(awk -v w="$w" 'length($0) > w' "$work/w$w.txt")
    [ -z "$long" ] || failed "width=$w: lines longer than $w: $long"
done
# Narrower means more lines; 1000 and 0 leave each paragraph on one line.
l20=$(wc -l <"$work/w20.txt")
l72=$(wc -l <"$work/w72.txt")
[ "$l20" -gt "$l72" ] || failed "width=20 gave $l20 lines, width=72 $l72: the option had no effect"
"$bc" -t plain -O wrap=none "$work/in.yaml" >"$work/none.txt" 2>"$work/err" || failed "wrap=none: $(cat "$work/err")"
grep -q '^alpha beta .* sigma tau$' "$work/none.txt" || failed "wrap=none wrapped the summary: $(cat "$work/none.txt")"
cmp -s "$work/none.txt" "$work/w1000.txt" || failed "wrap=none and width=1000 differ on short paragraphs"
# The default is 72.
"$bc" -t plain "$work/in.yaml" >"$work/default.txt" 2>&1 || failed "default width run failed"
cmp -s "$work/default.txt" "$work/w72.txt" || failed "the default width is not 72"

# Bad values are usage errors (exit 2) and write nothing.
for bad in width=19 width=0 width=1001 width=abc width=-5 wrap=never; do
    "$bc" -t plain -O $bad -o "$work/bad.txt" "$work/in.yaml" 2>"$work/err"
    rc=$?
    [ "$rc" = 2 ] || failed "-O $bad: exit status $rc, expected 2 (usage error)"
    grep -q "${bad%%=*}" "$work/err" || failed "-O $bad: the message does not name the option: $(cat "$work/err")"
    [ ! -e "$work/bad.txt" ] || failed "-O $bad left an output file"
done

# The alias and the listing.
"$bc" -t txt "$work/in.yaml" >"$work/txt.txt" 2>&1 || failed "-t txt failed"
cmp -s "$work/txt.txt" "$work/w72.txt" || failed "-t txt differs from -t plain"
"$bc" --list-plugins >"$work/list.txt" 2>&1 || failed "--list-plugins failed"
grep -q 'plain' "$work/list.txt" || failed "--list-plugins does not show plain"
grep -q 'txt' "$work/list.txt" || failed "--list-plugins does not show the txt alias"
grep -q 'width' "$work/list.txt" || failed "--list-plugins does not show the width option"

# Shape of every sample's output, at two widths.
shape() { # FILE LABEL
    if grep -n '[[:blank:]]$' "$1" >"$work/trail"; then
        failed "$2: trailing spaces: $(head -3 "$work/trail")"
    fi
    [ "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' ')" = 0a ] || failed "$2: no final newline"
    [ -n "$(tail -n 1 "$1")" ] || failed "$2: ends with a blank line"
    [ -n "$(head -n 1 "$1")" ] || failed "$2: starts with a blank line"
    awk 'NR > 1 && prev == "" && $0 == "" { bad = NR } { prev = $0 } END { exit bad ? 1 : 0 }' "$1" ||
        failed "$2: two blank lines in a row"
}
for f in "$root"/samples/*.yaml; do
    name=$(basename "$f" .yaml)
    for w in 72 40; do
        if ! "$bc" -t plain -O width=$w "$f" >"$work/s.txt" 2>"$work/err"; then
            failed "$name width=$w: $(cat "$work/err")"
            continue
        fi
        shape "$work/s.txt" "$name width=$w"
        # Display width, measured by Python: only a line that is one word may be wider.
        if [ -x "$py" ]; then
            "$py" - "$work/s.txt" "$w" <<'PY' || failed "$name width=$w: lines wider than $w columns"
import sys, unicodedata
path, width = sys.argv[1], int(sys.argv[2])
def cols(s):
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf")
               else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
bad = [l for l in open(path, encoding="utf-8").read().split("\n")
       if cols(l) > width and len(l.strip().split(" ")) > 1
       and not l.startswith("    ")]  # code blocks are never wrapped
for l in bad:
    print("too wide (%d): %s" % (cols(l), l))
sys.exit(1 if bad else 0)
PY
        fi
    done
done

# One label rule in every writer (the core's bc_label_with_colon): a label
# ending in ':', '?' or '!' takes no extra colon; others get one.
printf 'briefing: 1\ntitle: Labels\nsource: Somewhere\nlink: https://example.org/\nlabels:\n  source: "Where from?"\n  link: "Go:"\n' >"$work/labels.yaml"
for f in plain markdown html; do
    "$bc" -t "$f" "$work/labels.yaml" >"$work/labels.$f" 2>/dev/null || failed "labels: $f did not convert"
    grep -q 'Where from?:\|Go::' "$work/labels.$f" && failed "labels: $f added a colon after '?' or ':'"
    grep -q 'Where from?' "$work/labels.$f" || failed "labels: $f lost the label"
done
grep -q '^Where from? Somewhere$' "$work/labels.plain" || failed "labels: plain prints '$(grep 'Where' "$work/labels.plain")'"

[ "$fail" = 0 ] && echo "ok: plain CLI"
exit "$fail"
