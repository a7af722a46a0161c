#!/bin/bash
# Batches larger than the window of inputs in flight (issue 8): messages
# still come in input order and are the same bytes for -j 1 and -j 4, every
# good file is written and every bad one reported once; and peak memory
# does not grow with the number of files (3,000 files against 300: within
# 1 MiB, where keeping every input for the run cost ~0.6 KiB per file).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

[ -x "$PY" ] || skip_all "$PY is missing"

# N briefings in folders of 100, every 101st broken (a YAML error on line 2).
make_tree() { # make_tree DIR N
    "$PY" - "$1" "$2" <<'EOF'
import os, sys
top, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(top, "f%03d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "b%05d.yaml" % i), "w") as f:
        if i % 101 == 50:
            f.write("briefing: 1\ntitle: [unclosed\n")
        else:
            f.write("briefing: 1\ntitle: Briefing %d\nsummary: |\n  Text of briefing %d.\n" % (i, i))
EOF
}

n=1500
make_tree "$tmp/big" $n
bad=$(( (n - 50 + 100) / 101 ))
"$bc" -t plain -j 1 -o "$tmp/out1/" "$tmp/big" 2>"$tmp/err1"
s1=$?
"$bc" -t plain -j 4 -o "$tmp/out4/" "$tmp/big" 2>"$tmp/err4"
s4=$?
[ $s1 -eq 1 ] && [ $s4 -eq 1 ] && ok "bad files make the run fail (exit $s1, $s4)" || not_ok "exit $s1 / $s4, wanted 1"
cmp -s "$tmp/err1" "$tmp/err4" && ok "-j 1 and -j 4 print the same bytes over $n files" ||
    { not_ok "messages depend on -j"; diff "$tmp/err1" "$tmp/err4" | head -5; }
errors=$(grep -c ': error: ' "$tmp/err1")
[ "$errors" -eq "$bad" ] && ok "each of the $bad bad files reported once" || not_ok "$errors error lines, wanted $bad"
grep ': error: ' "$tmp/err1" | cut -d: -f1 >"$tmp/order"
sort -c "$tmp/order" 2>/dev/null && ok "errors in input order" || not_ok "errors out of order"
written=$(find "$tmp/out4" -name '*.txt' | wc -l)
[ "$written" -eq $((n - bad)) ] && ok "all $((n - bad)) good files written" || not_ok "$written written"
grep -qx "converted $((n - bad)) of $n files (1 format), $bad failed" "$tmp/err4" && ok "summary counts" ||
    { not_ok "summary"; tail -1 "$tmp/err4"; }
diff -r "$tmp/out1" "$tmp/out4" >/dev/null && ok "-j 1 and -j 4 trees are byte-identical" || not_ok "trees differ"

# Memory: sanitizers' shadow memory makes RSS meaningless there.
if [ -n "$SAN" ]; then
    skip "memory check under $SAN (RSS includes shadow memory)"
elif [ ! -x /usr/bin/time ]; then
    missing "/usr/bin/time is missing"
else
    make_tree "$tmp/small" 300
    make_tree "$tmp/large" 3000
    peak() { # peak DIR: the least of three runs' peak RSS in KiB
        local best=""
        for _ in 1 2 3; do
            rm -rf "$tmp/mem"
            /usr/bin/time -f %M -o "$tmp/rss" "$bc" -q -t plain,html -j 2 -o "$tmp/mem/" "$1" 2>/dev/null
            local k
            k=$(tail -1 "$tmp/rss")
            [ -z "$best" ] || [ "$k" -lt "$best" ] && best=$k
        done
        echo "$best"
    }
    small=$(peak "$tmp/small")
    large=$(peak "$tmp/large")
    if [ $((large - small)) -le 1024 ]; then
        ok "peak RSS flat: $small KiB for 300 files, $large KiB for 3,000"
    else
        not_ok "peak RSS grows: $small KiB for 300 files, $large KiB for 3,000"
    fi
fi

done_testing
