#!/bin/bash
# t_plain_cli.sh — the plain writer through the CLI: the width and wrap
# options (range, wrap=none, errors), the txt alias, --list-plugins, and the shape of
# every sample's output (no trailing spaces, no double blank lines, one final
# newline, lines within the width unless one word is wider).
#
# Env: BUILD (build dir, default build).
set -u
. "$(dirname "$0")/lib.sh"

need_build

cat >"$tmp/in.yaml" <<'YAML'
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
    if ! "$bc" -t plain -O width=$w "$tmp/in.yaml" >"$tmp/w$w.txt" 2>"$tmp/err"; then
        not_ok "width=$w: $(cat "$tmp/err")"
        continue
    fi
    long=$(awk -v w="$w" 'length($0) > w' "$tmp/w$w.txt")
    [ -z "$long" ] || not_ok "width=$w: lines longer than $w: $long"
done
# Narrower means more lines; 1000 and 0 leave each paragraph on one line.
l20=$(wc -l <"$tmp/w20.txt")
l72=$(wc -l <"$tmp/w72.txt")
[ "$l20" -gt "$l72" ] || not_ok "width=20 gave $l20 lines, width=72 $l72: the option had no effect"
"$bc" -t plain -O wrap=none "$tmp/in.yaml" >"$tmp/none.txt" 2>"$tmp/err" || not_ok "wrap=none: $(cat "$tmp/err")"
grep -q '^alpha beta .* sigma tau$' "$tmp/none.txt" || not_ok "wrap=none wrapped the summary: $(cat "$tmp/none.txt")"
cmp -s "$tmp/none.txt" "$tmp/w1000.txt" || not_ok "wrap=none and width=1000 differ on short paragraphs"
# The default is 72.
"$bc" -t plain "$tmp/in.yaml" >"$tmp/default.txt" 2>&1 || not_ok "default width run failed"
cmp -s "$tmp/default.txt" "$tmp/w72.txt" || not_ok "the default width is not 72"

# Bad values are usage errors (exit 2) and write nothing.
for bad in width=19 width=0 width=1001 width=abc width=-5 wrap=never; do
    "$bc" -t plain -O $bad -o "$tmp/bad.txt" "$tmp/in.yaml" 2>"$tmp/err"
    rc=$?
    [ "$rc" = 2 ] || not_ok "-O $bad: exit status $rc, expected 2 (usage error)"
    grep -q "${bad%%=*}" "$tmp/err" || not_ok "-O $bad: the message does not name the option: $(cat "$tmp/err")"
    [ ! -e "$tmp/bad.txt" ] || not_ok "-O $bad left an output file"
done

# The alias and the listing.
"$bc" -t txt "$tmp/in.yaml" >"$tmp/txt.txt" 2>&1 || not_ok "-t txt failed"
cmp -s "$tmp/txt.txt" "$tmp/w72.txt" || not_ok "-t txt differs from -t plain"
"$bc" --list-plugins >"$tmp/list.txt" 2>&1 || not_ok "--list-plugins failed"
grep -q 'plain' "$tmp/list.txt" || not_ok "--list-plugins does not show plain"
grep -q 'txt' "$tmp/list.txt" || not_ok "--list-plugins does not show the txt alias"
grep -q 'width' "$tmp/list.txt" || not_ok "--list-plugins does not show the width option"

# Shape of every sample's output, at two widths.
shape() { # FILE LABEL
    if grep -n '[[:blank:]]$' "$1" >"$tmp/trail"; then
        not_ok "$2: trailing spaces: $(head -3 "$tmp/trail")"
    fi
    [ "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' ')" = 0a ] || not_ok "$2: no final newline"
    [ -n "$(tail -n 1 "$1")" ] || not_ok "$2: ends with a blank line"
    [ -n "$(head -n 1 "$1")" ] || not_ok "$2: starts with a blank line"
    awk 'NR > 1 && prev == "" && $0 == "" { bad = NR } { prev = $0 } END { exit bad ? 1 : 0 }' "$1" ||
        not_ok "$2: two blank lines in a row"
}
for f in "$root"/samples/*.yaml; do
    name=$(basename "$f" .yaml)
    for w in 72 40; do
        if ! "$bc" -t plain -O width=$w "$f" >"$tmp/s.txt" 2>"$tmp/err"; then
            not_ok "$name width=$w: $(cat "$tmp/err")"
            continue
        fi
        shape "$tmp/s.txt" "$name width=$w"
        # Display width, measured by Python: only a line that is one word may be wider.
        if [ -x "$PY" ]; then
            "$PY" - "$tmp/s.txt" "$w" <<'PY' || not_ok "$name width=$w: lines wider than $w columns"
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
printf 'briefing: 1\ntitle: Labels\nsource: Somewhere\nlink: https://example.org/\nlabels:\n  source: "Where from?"\n  link: "Go:"\n' >"$tmp/labels.yaml"
for f in plain markdown html; do
    "$bc" -t "$f" "$tmp/labels.yaml" >"$tmp/labels.$f" 2>/dev/null || not_ok "labels: $f did not convert"
    grep -q 'Where from?:\|Go::' "$tmp/labels.$f" && not_ok "labels: $f added a colon after '?' or ':'"
    grep -q 'Where from?' "$tmp/labels.$f" || not_ok "labels: $f lost the label"
done
grep -q '^Where from? Somewhere$' "$tmp/labels.plain" || not_ok "labels: plain prints '$(grep 'Where' "$tmp/labels.plain")'"

[ "$tests_failed" = 0 ] && ok "plain CLI"
done_testing
