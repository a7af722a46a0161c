#!/bin/bash
# t_hostile2_amplify.sh — what a small input can make (issue 17 point 4,
# issue 18 point 8): the bounds docs/limits.md states, shape by shape.
#
# 1. The issue's attacks are refused at once, naming max-nodes:
#    - a GFM table whose rows are padded to a wide header (13 KB and 44 KB
#      of input made 380 MB / 3 GB of tree before the limit refused it);
#    - a long link reference definition used many times (55 KB in made
#      100 MB of HTML; 240 KB, 2 GB).
# 2. -O max-nodes raises the per-byte allowance (N / 250,000 per byte).
# 3. At the edge of the limits, every format stays within the documented
#    worst case: memory (peak RSS) at most 16 x the input + 700 bytes per
#    node + 40 MiB, output at most 40 x the input (DOCX: compressed, less).
# 4. Node-dense prose (1 MB of citations, 3 MB of bare www. links) stays
#    within the documented 150 x the input.
#
# Env: BUILD (build dir, default build). Needs GNU time (/usr/bin/time) for
# the memory checks; they are skipped without it.
set -u
. "$(dirname "$0")/lib.sh"
have_time=0
[ -x /usr/bin/time ] && have_time=1
# Sanitizer builds use several times the memory and time: check behaviour only.
strict=1
[ -n "${SAN:-}" ] && strict=0

# run NAME FORMAT FILE [ARGS...]: converts; sets rc, rss_kb, secs, out_bytes.
run() {
    local name=$1 fmt=$2 file=$3
    shift 3
    rm -f "$tmp/out"
    if [ $have_time = 1 ]; then
        /usr/bin/time -f '%M %e' -o "$tmp/time" timeout 120 "$bc" -t "$fmt" "$@" -o "$tmp/out" "$file" 2>"$tmp/err"
        rc=$?
        read -r rss_kb secs <"$tmp/time" 2>/dev/null || { rss_kb=0; secs=0; }
        # GNU time adds "Command exited with non-zero status" first.
        [ "$rc" != 0 ] && read -r rss_kb secs < <(tail -n 1 "$tmp/time")
    else
        timeout 120 "$bc" -t "$fmt" "$@" -o "$tmp/out" "$file" 2>"$tmp/err"
        rc=$?
        rss_kb=0 secs=0
    fi
    out_bytes=0
    [ -f "$tmp/out" ] && out_bytes=$(wc -c <"$tmp/out")
}
md_value() { # FILE: a briefing whose summary is the Markdown on standard input
    {
        printf 'briefing: 1\ntitle: T\nsummary: |\n'
        sed 's/^/  /'
    } >"$1"
}
repeat() { # N TEXT: TEXT N times
    local n=$1 text=$2
    /usr/bin/python3 -c 'import sys; sys.stdout.write(sys.argv[2].replace("\\n", "\n") * int(sys.argv[1]))' "$n" "$text"
}
size() { wc -c <"$1"; }

# ---- 1. The issue's attacks: refused at once.
{ printf '|'; repeat 1000 'a|'; printf '\n|'; repeat 1000 '-|'; printf '\n'; repeat 4500 'x\n'; } | md_value "$tmp/table13k.yaml"
{ printf '|'; repeat 2000 'a|'; printf '\n|'; repeat 2000 '-|'; printf '\n'; repeat 18000 'x\n'; } | md_value "$tmp/table44k.yaml"
{ printf '[r]: http://x.org/'; repeat 50000 a; printf '\n\n'; repeat 800 '[a][r] '; } | md_value "$tmp/refs55k.yaml"
{ printf '[r]: http://x.org/'; repeat 120000 a; printf '\n\n'; repeat 30000 '[r] '; } | md_value "$tmp/refs240k.yaml"
for f in table13k table44k refs55k refs240k; do
    for fmt in html docx; do
        run $f $fmt "$tmp/$f.yaml"
        [ "$rc" = 1 ] || not_ok "$f ($(size "$tmp/$f.yaml") bytes) to $fmt: exit $rc, $out_bytes bytes out (must be refused)"
        grep -q 'max-nodes' "$tmp/err" || not_ok "$f to $fmt: the error does not name max-nodes: $(head -c 300 "$tmp/err")"
        [ -e "$tmp/out" ] && not_ok "$f to $fmt: an output was written"
        if [ $have_time = 1 ] && [ $strict = 1 ]; then
            [ "$rss_kb" -le 65536 ] || not_ok "$f to $fmt: $rss_kb KB of memory before refusing"
            awk "BEGIN{exit !($secs <= 1.0)}" || not_ok "$f to $fmt: $secs s before refusing"
        fi
    done
done

# ---- 2. -O max-nodes raises the allowance per byte (N / 250,000).
{ printf '|'; repeat 12 'a|'; printf '\n|'; repeat 12 '-|'; printf '\n'; repeat 3000 'x\n'; } | md_value "$tmp/t6.yaml" # 6 cells per byte
run t6 html "$tmp/t6.yaml"
[ "$rc" = 1 ] && grep -q '4 per byte' "$tmp/err" || not_ok "t6: 6 cells per byte not refused at the default: $(head -c 300 "$tmp/err")"
run t6 html "$tmp/t6.yaml" -O max-nodes=2000000
[ "$rc" = 0 ] || not_ok "t6: -O max-nodes=2000000 (8 per byte) did not let it through: $(head -c 300 "$tmp/err")"

# ---- 3. At the edge of the limits: memory and output within the documented worst case.
{ printf '|'; repeat 7 'a|'; printf '\n|'; repeat 7 '-|'; printf '\n'; repeat 110000 'x\n'; } | md_value "$tmp/edge-table.yaml"
{ printf '[r]: http://x.org/'; repeat 34 a; printf '\n\n'; repeat 40000 '[r]\n'; } | md_value "$tmp/edge-refs.yaml"
# (Paragraphs apart: cmark-gfm 0.29.0.gfm.6 is quadratic in emphasis and links within one block.)
{ repeat 20000 '*a* [b](https://example.org/b) & <c>\n\n- x\n\n'; } | md_value "$tmp/edge-dense.yaml"
cp "$root/samples/delivering-stps.yaml" "$tmp/sample.yaml"
for f in edge-table edge-refs edge-dense sample; do
    in=$(size "$tmp/$f.yaml")
    for fmt in html markdown plain docx; do
        run $f $fmt "$tmp/$f.yaml"
        [ "$rc" = 0 ] || { not_ok "$f to $fmt: exit $rc: $(head -c 300 "$tmp/err")"; continue; }
        [ "$out_bytes" -le $((40 * in)) ] || not_ok "$f to $fmt: $out_bytes bytes out of $in in (over 40 x)"
        if [ $have_time = 1 ] && [ $strict = 1 ]; then
            # 700 bytes per node, nodes at most max-nodes (1,000,000), at most 4 per byte through tables and references.
            nodes=$((4 * in < 1000000 ? 4 * in : 1000000))
            limit_kb=$(((16 * in + 700 * nodes) / 1024 + 40960))
            [ "$rss_kb" -le "$limit_kb" ] || not_ok "$f to $fmt: $rss_kb KB of memory for $in bytes in (bound $limit_kb KB)"
        fi
    done
done

# ---- 4. Node-dense prose: 1 MB of citations, 3 MB of bare www. links (issue 18, point 8).
/usr/bin/python3 - "$tmp" <<'PY'
import sys
work = sys.argv[1]
refs = "references:\n" + "".join(f"  - id: r{i}\n    text: Ref {i}\n" for i in range(50))
cites = " ".join(f"[@r{i % 50}]" for i in range(1000000 // 7))
open(f"{work}/cites.yaml", "w").write("briefing: 1\ntitle: T\nsummary: |\n  " + cites + "\n" + refs)
www = " ".join(f"www.a{i % 1000}.org" for i in range(3000000 // 14))
open(f"{work}/www.yaml", "w").write("briefing: 1\ntitle: T\nsummary: |\n  " + www + "\n")
PY
for f in cites www; do
    in=$(size "$tmp/$f.yaml")
    for fmt in html docx; do
        run $f $fmt "$tmp/$f.yaml"
        [ "$rc" = 0 ] || { not_ok "$f to $fmt: exit $rc: $(head -c 300 "$tmp/err")"; continue; }
        if [ $have_time = 1 ] && [ $strict = 1 ]; then
            [ "$rss_kb" -le $((150 * in / 1024)) ] || not_ok "$f to $fmt: $rss_kb KB of memory for $in bytes in (over 150 x)"
        fi
        [ "$out_bytes" -le $((40 * in)) ] || not_ok "$f to $fmt: $out_bytes bytes out of $in in (over 40 x)"
    done
done

[ "$tests_failed" = 0 ] && ok "what a small input can make stays within docs/limits.md's bounds"
done_testing
