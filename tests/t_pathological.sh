#!/bin/bash
# t_pathological.sh — inputs built to hurt, in the manner of cmark's
# pathological tests (issue 7). Each must either convert or be refused with a
# clear, located message, within a generous bound on wall time and peak RSS
# (GNU time's %M) that is checked here; for the largest inputs the time is
# also compared with that of an input an eighth the size, so a conversion
# that is merely fast enough today but quadratic is caught.
#
# Env: BUILD (build dir), SAN (''|asan|ubsan: bounds are widened for the
# sanitizers' overhead), BC_REQUIRE_TOOLS=1 (a missing /usr/bin/time fails).
set -u
. "$(dirname "$0")/lib.sh"
formats="docx html markdown plain"

need_build
have_time=1
if [ ! -x /usr/bin/time ]; then
    have_time=0
    missing "/usr/bin/time is not installed (apt-get install time): peak memory is not checked"
fi

# Sanitizers slow code down and keep freed memory in quarantine; there the
# largest inputs are cut to a quarter (their point is then memory errors,
# not speed).
case $SAN in
asan) time_scale=8 mem_scale=4 mem_extra=768 big_div=4 ;;
ubsan) time_scale=3 mem_scale=2 mem_extra=64 big_div=4 ;;
*) time_scale=1 mem_scale=1 mem_extra=0 big_div=1 ;;
esac

# ------------------------------------------------------------ generators
cat >"$tmp/gen.py" <<'PY'
import sys

kind, path = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 0
HEAD = 'briefing: 1\ntitle: Pathological\n'

def block(text, indent='  '):
    """TEXT as the lines of a YAML literal block scalar."""
    return ''.join(indent + line + '\n' if line else '\n' for line in text.split('\n'))

with open(path, 'w', encoding='utf-8', newline='\n') as f:
    if kind == 'yaml-flow':            # [[[[...]]]] as an extension value
        f.write(HEAD + 'x-deep: ' + '[' * n + ']' * n + '\n')
    elif kind == 'yaml-flow-map':      # {a: {a: {a: ...}}}
        f.write(HEAD + 'x-deep: ' + '{a: ' * n + '1' + '}' * n + '\n')
    elif kind == 'yaml-block':         # - - - - x : block sequences, each inside the last
        f.write(HEAD + 'x-deep:\n  ' + '- ' * n + 'x\n')
    elif kind == 'yaml-items':         # content sequence items nested through {text, items}
        f.write(HEAD + 'key_features: ' + '[{text: a, items: ' * n + '[b]' + '}]' * n + '\n')
    elif kind == 'md-list':            # - - - - x inside a content scalar
        f.write(HEAD + 'summary: |\n' + block('- ' * n + 'x'))
    elif kind == 'md-olist':
        f.write(HEAD + 'summary: |\n' + block('1. ' * n + 'x'))
    elif kind == 'md-quote':           # > > > > x
        f.write(HEAD + 'summary: |\n' + block('> ' * n + 'x'))
    elif kind == 'md-emph':            # cmark's "nested strong emph"
        f.write(HEAD + 'summary: |\n' + block('*a **a ' * n + 'b' + ' a** a*' * n))
    elif kind == 'md-emph-run':        # n openers then n closers
        f.write(HEAD + 'summary: |\n' + block('*' * n + 'a' + '*' * n))
    elif kind == 'md-emph-open':       # n unmatched openers, cmark's worst case
        f.write(HEAD + 'summary: |\n' + block('*a _b ' * n))
    elif kind == 'md-links':           # unclosed [ brackets
        f.write(HEAD + 'summary: |\n' + block('[' * n + 'a'))
    elif kind == 'alias-bomb':         # billion laughs
        f.write(HEAD)
        f.write('x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n')
        prev = 'a'
        for name in 'bcdefghi':
            f.write('x-%s: &%s [%s]\n' % (name, name, ','.join(['*' + prev] * 9)))
            prev = name
        f.write('summary: *i\n')
    elif kind == 'items':              # key_features with N items
        f.write(HEAD + 'key_features:\n')
        for i in range(n):
            f.write('  - item %d\n' % i)
    elif kind == 'scalar':             # one content scalar of N bytes: 1 KiB paragraphs
        f.write(HEAD + 'summary: |\n')
        words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor '
        para = '  ' + (words * 14)[:1020] + '\n\n'
        f.write(para * (n // len(para)))
    elif kind == 'scalar-lines':       # one content scalar of N bytes: 9-line paragraphs
        f.write(HEAD + 'summary: |\n')
        line = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tem\n'
        para = '  ' + '  '.join([line] * 9) + '\n'
        f.write(para * (n // len(para)))
    elif kind == 'line':               # one line of N bytes: words, no line break
        f.write(HEAD + 'summary: "')
        word = 'lorem ipsum dolor sit amet '
        f.write(word * (n // len(word)))
        f.write('"\n')
    elif kind == 'word':               # one word of N bytes: nowhere to wrap
        f.write(HEAD + 'summary: ' + 'x' * n + '\n')
    elif kind == 'citations':          # N citations of one reference
        f.write(HEAD + 'summary: "' + 'See [@r1]. ' * n + '"\n')
        f.write('references:\n  - id: r1\n    text: The one reference\n    url: https://example.org/\n')
    elif kind == 'citation-list':      # one citation listing N ids
        f.write(HEAD + 'summary: "[' + '; '.join('@r1' for _ in range(n)) + ']"\n')
        f.write('references:\n  - id: r1\n    text: The one reference\n')
    elif kind == 'dup-key':            # title: repeated N times
        f.write('briefing: 1\n' + 'title: t\n' * n)
    elif kind == 'sections':           # N sibling sections
        f.write(HEAD + 'sections:\n')
        for i in range(n):
            f.write('  - heading: Section %d\n    body: Body %d\n' % (i, i))
    else:
        sys.exit('unknown kind ' + kind)
PY
gen() { # KIND FILE [N]
    $PY "$tmp/gen.py" "$@" || { not_ok "cannot generate $1"; return 1; }
}

# ------------------------------------------------------------ measuring
# measure OUT ARGS...: runs briefconv; sets rc, secs, rss_mb; stderr in $tmp/stderr.
measure() {
    local out=$1 hard
    shift
    rm -f "$out"
    hard=$((60 * time_scale))
    if [ $have_time = 1 ]; then
        /usr/bin/time -f '%e %M' -o "$tmp/time" timeout -s KILL $hard "$bc" "$@" \
            >"$tmp/stdout" 2>"$tmp/stderr"
        rc=$?
        read -r secs kib < <(tail -n 1 "$tmp/time")
        rss_mb=$((kib / 1024))
    else
        local t0 t1
        t0=$(date +%s.%N)
        timeout -s KILL $hard "$bc" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
        rc=$?
        t1=$(date +%s.%N)
        secs=$(echo "$t1 - $t0" | bc -l 2>/dev/null || echo 0)
        rss_mb=0
    fi
    [ $rc != 137 ] || echo "    (killed after ${hard}s)"
}

# within NAME SECS_BOUND MB_BOUND: checks the last measurement against the bounds.
within() {
    local name=$1 tb mb
    tb=$(awk -v b="$2" -v s=$time_scale 'BEGIN { print b * s }')
    mb=$(($3 * mem_scale + mem_extra))
    if awk -v t="$secs" -v b="$tb" 'BEGIN { exit !(t > b) }'; then
        not_ok "$name: took ${secs}s, bound ${tb}s"
    fi
    if [ "$rss_mb" -gt "$mb" ]; then
        not_ok "$name: peak RSS ${rss_mb} MiB, bound ${mb} MiB"
    fi
}

# expect_refused NAME INPUT OUT LINE COL REGEX: the last run refused INPUT as it should.
expect_refused() {
    local name=$1 input=$2 out=$3 line=$4 col=$5 regex=$6
    [ $rc = 1 ] || not_ok "$name: exit status $rc, expected 1 (refused)"
    [ ! -e "$out" ] || not_ok "$name: an output file was written for a refused input"
    local where="$input:$line:$col"
    # A limit on the whole input may have no position, or 1:1: "-" for LINE.
    [ "$line" != - ] || where="$input(:1:1)?"
    if ! head -c 2000 "$tmp/stderr" | grep -Eq "^$where: error: .*($regex)"; then
        not_ok "$name: expected '$where: error: ...($regex)...', got:"
        head -c 600 "$tmp/stderr" | sed 's/^/    /'
        echo
    fi
}

# ------------------------------------------------------------ the cases
# refused NAME FILE SECS MB LINE COL REGEX [ARGS...]: must be refused (read fails, so one format).
refused() {
    local name=$1 input=$2 tsec=$3 mb=$4 line=$5 col=$6 regex=$7
    shift 7
    measure "$tmp/out.txt" -t plain -o "$tmp/out.txt" "$@" "$input"
    expect_refused "$name" "$input" "$tmp/out.txt" "$line" "$col" "$regex"
    within "$name" "$tsec" "$mb"
    echo "  $name: refused in ${secs}s, ${rss_mb} MiB: $(head -n 1 "$tmp/stderr" | cut -c1-150)"
}

# converts NAME FILE SECS MB [ARGS...]: must convert to every format.
# either NAME FILE SECS MB LINE COL REGEX [ARGS...]: converts, or is refused with that message.
converts() {
    local name=$1 input=$2 tsec=$3 mb=$4
    shift 4
    either "$name" "$input" "$tsec" "$mb" '' '' - "$@"
}
either() {
    local name=$1 input=$2 tsec=$3 mb=$4 line=$5 col=$6 regex=$7 fmt out
    shift 7
    for fmt in $formats; do
        out=$tmp/out.$(ext_of $fmt)
        measure "$out" -t $fmt -o "$out" "$@" "$input"
        if [ $rc = 0 ]; then
            [ -s "$out" ] || not_ok "$name ($fmt): converted to an empty file"
            within "$name ($fmt)" "$tsec" "$mb"
            echo "  $name ($fmt): converted in ${secs}s, ${rss_mb} MiB, $(stat -c %s "$out") bytes"
            last_secs_fmt[$fmt]=$secs
            rm -f "$out"
        elif [ "$regex" = - ]; then
            not_ok "$name ($fmt): exit status $rc, expected a conversion:"
            head -c 600 "$tmp/stderr" | sed 's/^/    /'
            echo
        else
            expect_refused "$name" "$input" "$out" "$line" "$col" "$regex"
            within "$name" "$tsec" "$mb"
            echo "  $name: refused in ${secs}s, ${rss_mb} MiB: $(head -n 1 "$tmp/stderr" | cut -c1-150)"
            return 1 # refused when read: the same for every format
        fi
    done
    return 0
}

# linear NAME KIND N SECS MB [ARGS...]: converts an input of size N and of
# size N/8 with every format, within the bounds, and the big one in no more
# than 16 times the time of the small one (plus start-up slack).
declare -A last_secs_fmt small_secs
linear() {
    local name=$1 kind=$2 n=$3 tsec=$4 mb=$5 fmt
    shift 5
    gen "$kind" "$tmp/small.yaml" $((n / 8)) || return
    gen "$kind" "$tmp/big.yaml" "$n" || return
    either "$name/8" "$tmp/small.yaml" "$tsec" "$mb" '' '' - "$@" || return
    for fmt in $formats; do small_secs[$fmt]=${last_secs_fmt[$fmt]:-0}; done
    either "$name" "$tmp/big.yaml" "$tsec" "$mb" '' '' - "$@" || return
    for fmt in $formats; do
        if awk -v b="${last_secs_fmt[$fmt]:-0}" -v s="${small_secs[$fmt]}" 'BEGIN { exit !(b > 16 * s + 0.3) }'; then
            not_ok "$name ($fmt): ${last_secs_fmt[$fmt]}s for N against ${small_secs[$fmt]}s for N/8: not linear"
        fi
    done
}

echo "== deep nesting"
gen yaml-flow "$tmp/p.yaml" 100000 && refused yaml-flow-100k "$tmp/p.yaml" 1 100 3 '[0-9]+' 'depth|nest'
gen yaml-flow-map "$tmp/p.yaml" 100000 && refused yaml-flow-map-100k "$tmp/p.yaml" 1 100 3 '[0-9]+' 'depth|nest'
gen yaml-block "$tmp/p.yaml" 100000 && refused yaml-block-100k "$tmp/p.yaml" 1 100 4 '[0-9]+' 'depth|nest'
gen yaml-items "$tmp/p.yaml" 100000 && refused yaml-items-100k "$tmp/p.yaml" 1 100 3 '[0-9]+' 'depth|nest'
gen md-list "$tmp/p.yaml" 100000 && either md-list-100k "$tmp/p.yaml" 2 200 '[0-9]+' '[0-9]+' 'depth|nest'
gen md-olist "$tmp/p.yaml" 100000 && either md-olist-100k "$tmp/p.yaml" 2 200 '[0-9]+' '[0-9]+' 'depth|nest'
gen md-quote "$tmp/p.yaml" 100000 && either md-quote-100k "$tmp/p.yaml" 2 200 '[0-9]+' '[0-9]+' 'depth|nest'

echo "== emphasis and brackets"
gen md-emph "$tmp/p.yaml" 50000 && either md-emph-50k "$tmp/p.yaml" 2 200 '[0-9]+' '[0-9]+' 'depth|nest'
gen md-emph-run "$tmp/p.yaml" 50000 && either md-emph-run-50k "$tmp/p.yaml" 2 200 '[0-9]+' '[0-9]+' 'depth|nest'
gen md-emph-open "$tmp/p.yaml" 50000 && converts md-emph-open-50k "$tmp/p.yaml" 2 200
gen md-links "$tmp/p.yaml" 50000 && converts md-brackets-50k "$tmp/p.yaml" 2 200

echo "== alias bomb"
gen alias-bomb "$tmp/p.yaml" && refused alias-bomb "$tmp/p.yaml" 1 50 3 6 'anchor|alias'

echo "== a million-item list"
gen items "$tmp/p.yaml" 1000000 &&
    either items-1M "$tmp/p.yaml" 4 400 '[0-9]+' '[0-9]+' 'max-nodes'
# With the limit raised it must convert, in linear time.
linear items-1M-allowed items $((1000000 / big_div)) 10 1500 -O max-nodes=10000000

echo "== a 50 MiB scalar"
gen scalar "$tmp/p.yaml" $((50 * 1024 * 1024)) &&
    refused scalar-50M-default "$tmp/p.yaml" 1 100 - - 'max-size'
# From a pipe the size is not known in advance: reading must stop at the limit.
if [ -s "$tmp/p.yaml" ]; then
    t0=$(date +%s%N)
    timeout -s KILL 60 "$bc" -f yaml -t plain -o "$tmp/out.txt" - <"$tmp/p.yaml" 2>"$tmp/stderr" &&
        not_ok "scalar-50M-stdin: accepted"
    ms=$((($(date +%s%N) - t0) / 1000000))
    grep -Eq '^<stdin>(:1:1)?: error: .*max-size' "$tmp/stderr" ||
        not_ok "scalar-50M-stdin: expected '<stdin>:1:1: error: ...max-size...', got: $(head -c 300 "$tmp/stderr")"
    [ ! -e "$tmp/out.txt" ] || not_ok "scalar-50M-stdin: an output file was written"
    [ $ms -lt $((1000 * time_scale)) ] || not_ok "scalar-50M-stdin: took ${ms} ms"
    echo "  scalar-50M-stdin: refused in ${ms} ms: $(head -n 1 "$tmp/stderr" | cut -c1-150)"
fi
linear scalar-50M scalar $((50 * 1024 * 1024 / big_div)) 20 1500 -O max-size=100M
# Short lines: a softbreak every 75 bytes, so max-nodes must be raised too.
linear scalar-lines-50M scalar-lines $((50 * 1024 * 1024 / big_div)) 20 1500 -O max-size=100M -O max-nodes=10000000

echo "== a 10 MiB single line"
linear line-10M line $((10 * 1024 * 1024)) 5 400
linear word-10M word $((10 * 1024 * 1024)) 5 400

echo "== citations"
gen citations "$tmp/p.yaml" 1000 && converts citations-1000 "$tmp/p.yaml" 2 200
gen citation-list "$tmp/p.yaml" 1000 && converts citation-list-1000 "$tmp/p.yaml" 2 200

echo "== a key repeated 100,000 times"
gen dup-key "$tmp/p.yaml" 100000 && refused dup-key-100k "$tmp/p.yaml" 1 100 3 1 'duplicate'

echo "== many sections"
gen sections "$tmp/p.yaml" 20000 &&
    either sections-20k "$tmp/p.yaml" 4 400 '[0-9]+' '[0-9]+' 'limit|max-nodes|too many'

[ "$tests_failed" = 0 ] && ok "pathological inputs"
done_testing
