#!/bin/bash
# t_hostile.sh — hostile inputs the YAML reader must refuse quickly and
# clearly: 100,000-deep [[[ and {a: {a: nesting, an alias bomb, a file over
# max-size (20 MiB), invalid UTF-8, and 100,000-deep Markdown block quotes and
# lists in a summary. Each must exit 1 with a located message naming the
# problem, write no output file, and take well under a second (asserted
# < 2 s: a hang guard, not a benchmark).
#
# Env: BUILD (build dir), SAN ('' | asan | ubsan: the bound is widened).
set -u
. "$(dirname "$0")/lib.sh"

need_build
[ -x "$PY" ] || bail_out "$PY is missing"

case $SAN in
asan) bound_ms=8000 ;;
ubsan) bound_ms=4000 ;;
*) bound_ms=2000 ;;
esac

# gen KIND FILE: writes a hostile briefing.
gen() {
    $PY - "$1" "$2" <<'PY'
import sys
kind, path = sys.argv[1], sys.argv[2]
head = b'briefing: 1\ntitle: Hostile\n'
n = 100000
with open(path, 'wb') as f:
    if kind == 'root-flow':
        f.write(b'[' * n + b']' * n + b'\n')
    elif kind == 'flow':
        f.write(head + b'x-deep: ' + b'[' * n + b']' * n + b'\n')
    elif kind == 'flow-map':
        f.write(head + b'x-deep: ' + b'{a: ' * n + b'1' + b'}' * n + b'\n')
    elif kind == 'alias-bomb':
        f.write(head + b'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n')
        prev = b'a'
        for name in b'bcdefghi':
            name = bytes([name])
            f.write(b'x-' + name + b': &' + name + b' [' + b','.join([b'*' + prev] * 9) + b']\n')
            prev = name
        f.write(b'summary: *i\n')
    elif kind == 'big':
        f.write(head + b'summary: |\n')
        line = b'  ' + b'lorem ipsum dolor sit amet ' * 3 + b'\n'
        f.write(line * (20 * 1024 * 1024 // len(line) + 1))
    elif kind == 'utf8':
        f.write(head + b'summary: |\n' + b'  fine text\n' * 1000 + b'  caf\xe9 au lait\n')
    elif kind == 'md-quote':
        f.write(head + b'summary: |\n  ' + b'> ' * n + b'x\n')
    elif kind == 'md-list':
        f.write(head + b'summary: |\n  ' + b'- ' * n + b'x\n')
    elif kind == 'md-quote-lines':
        # The same depth reached one level per line.
        f.write(head + b'summary: |\n')
        for i in range(1, 2001):
            f.write(b'  ' + b'>' * i + b' x\n')
PY
}

# refused NAME KIND LINE:COL REGEX: the input is refused as it should be, in time.
refused() {
    local name=$1 kind=$2 where=$3 regex=$4 input=$tmp/$1.yaml out=$tmp/out.txt
    gen "$kind" "$input" || { not_ok "$name: cannot generate"; return; }
    rm -f "$out"
    local t0 t1 ms rc
    t0=$(date +%s%N)
    "$bc" -t plain -o "$out" "$input" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    t1=$(date +%s%N)
    ms=$(((t1 - t0) / 1000000))
    [ $rc = 1 ] || not_ok "$name: exit status $rc, expected 1"
    [ ! -e "$out" ] || not_ok "$name: an output file was written"
    if ! grep -Eq "^$input:$where: error: .*($regex)" "$tmp/stderr"; then
        not_ok "$name: expected $where and /$regex/, got: $(head -c 300 "$tmp/stderr")"
    fi
    [ $ms -lt $bound_ms ] || not_ok "$name: took ${ms} ms (bound ${bound_ms} ms)"
    echo "  $name: refused in ${ms} ms: $(head -n 1 "$tmp/stderr" | sed "s|^$tmp/||" | cut -c1-140)"
}

refused root-flow-100k root-flow 1:1 'root of a briefing must be a mapping'
refused flow-100k flow 3:72 'max-depth limit of 64'
refused flow-map-100k flow-map 3:261 'max-depth limit of 64'
refused alias-bomb alias-bomb 3:6 'anchors and aliases are not supported'
refused over-max-size big 1:1 'max-size limit of 16 MiB'
refused invalid-utf8 utf8 1004:6 'invalid UTF-8'
refused md-quote-100k md-quote 4:131 'Markdown nested deeper than the max-depth limit of 64'
refused md-list-100k md-list 4:131 'Markdown nested deeper than the max-depth limit of 64'
refused md-quote-lines md-quote-lines 68:67 'Markdown nested deeper than the max-depth limit of 64'

# Through a pipe the size is not known in advance: reading stops past the limit.
t0=$(date +%s%N)
"$bc" -f yaml -t plain - <"$tmp/over-max-size.yaml" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
[ $rc = 1 ] || not_ok "over-max-size from a pipe: exit status $rc"
grep -q '^<stdin>:1:1: error: the input is larger than the max-size limit of 16 MiB' "$tmp/stderr" ||
    not_ok "over-max-size from a pipe: got $(head -c 300 "$tmp/stderr")"
[ $ms -lt $bound_ms ] || not_ok "over-max-size from a pipe: took ${ms} ms"
echo "  over-max-size (pipe): refused in ${ms} ms"

# A limit raised on the command line lets the same input through.
gen flow "$tmp/deep.yaml"
"$bc" --check -O max-depth=100001 "$tmp/deep.yaml" 2>"$tmp/stderr"
rc=$?
[ $rc = 2 ] || grep -q "out of range" "$tmp/stderr" || not_ok "max-depth above its ceiling: rc $rc"
printf 'briefing: 1\ntitle: T\nx-deep: [[[[[[[[[[1]]]]]]]]]]\n' >"$tmp/ten.yaml"
"$bc" --check -O max-depth=8 "$tmp/ten.yaml" 2>/dev/null && not_ok "max-depth=8 let 11 levels through"
"$bc" --check -O max-depth=11 "$tmp/ten.yaml" || not_ok "max-depth=11 refused 11 levels"

[ "$tests_failed" = 0 ] && ok "hostile inputs"
done_testing
