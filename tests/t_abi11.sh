#!/bin/bash
# t_abi11.sh — plugin ABI 1.1 (issue 12) through the CLI, with the test
# plugins of tests/plugins (built by build.sh) and examples/catalogue:
#   1. real ABI 1.0 plugins (dump, lines, oldres built against the 1.0
#      headers in tests/abi10) load and work under the 1.1 host, alone, in a
#      batch and beside a collection; a 1.0 descriptor's reserved slots are
#      never called;
#   2. a failing `open` stops the run: exit 2, one message, nothing written;
#   3. `close` is called exactly once per successful open: after success,
#      after some briefings fail, after collect or finish fails, after
#      SIGINT/SIGTERM stop a batch (counted by the test plugins' logs);
#   4. collection output is byte-identical for -j 1 and -j 4 (catalogue.csv
#      over 200 briefings), collect comes in input order, and the CSV's rows
#      point at the DOCX files the run wrote;
#   5. -O NAME=V reaches every plugin declaring NAME, -O FORMAT.NAME=V that
#      plugin alone; unknown formats, formats not in the run, unknown names
#      and bad values are usage errors (exit 2) naming what was wrong;
#   6. collection files: a file clashing with a briefing's output, an output
#      folder or an input is refused and nothing is overwritten; bc_run_create
#      refuses bad paths, files in open, the same file twice;
#   7. a collection's own per-briefing page comes after the other formats; a
#      collection may ask for a companion format; --update keeps an
#      unchanged collection file; a ONE_FILE collection alone writes to
#      standard output or -o FILE; --list-plugins shows kinds.
# Env: BUILD (absolute build dir, default ./build), SAN ('' | asan | ubsan).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
count() { grep -cF -- "$2" "$1"; } # count FILE TEXT: lines holding TEXT

need_build
[ -x "$PY" ] || bail_out "$PY is missing"
for tool in cc nm objdump; do
    command -v "$tool" >/dev/null || bail_out "$tool is not installed"
done
if ! bash "$root/tests/plugins/build.sh" "$root" "$BUILD" "$tmp/fx" >"$tmp/build.log" 2>&1; then
    cat "$tmp/build.log"
    bail_out "cannot build the test plugins"
fi
fx=$tmp/fx
# This script checks the ABI's calls, counts and order; crash isolation of
# third-party plugins (a fork per conversion) is t_isolation.sh's. Without it
# here the counting plugins' state is the one the host sees, and no fork
# happens in a threaded sanitizer build (one such run failed once, unexplained).
export BRIEFCONV_ISOLATE=none
mkdir -m 755 "$fx/cat"
cc -std=c11 -shared -fPIC -O1 -Wall -Wextra -Werror -I"$root/include" -o "$fx/cat/catalogue.so" \
    "$root/examples/catalogue/catalogue.c" -L"$BUILD" -lbriefconv -Wl,-rpath,"$BUILD" -Wl,--no-undefined ||
    bail_out "cannot build examples/catalogue"
export LD_LIBRARY_PATH="$BUILD${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
unset BRIEFCONV_PLUGIN_PATH
# The build's own plugins (yaml, docx...) plus the test plugins of a kind.
v11=(--plugin-dir "$fx/good" --plugin-dir "$fx/v11")
cd "$tmp"

lines_doc() { # lines_doc FILE TITLE: a small briefing for the "lines" reader
    printf '%s\nSome summary text\ncite a\nref a https://example.org/a\n' "$2" >"$1"
}
mkdir in in/sub
for n in a b c d; do lines_doc "in/$n.lines" "Title $n"; done
lines_doc in/sub/e.lines "Title e"
lines_doc doc.lines "A title"
log=$tmp/log

# balanced LOG NAME: NAME was opened once and closed once, last of its lines, and broke no promise.
balanced() {
    local l=$1 name=$2
    [ "$(count "$l" "$name open")" = 1 ] && [ "$(count "$l" "$name close")" = 1 ] &&
        grep "^$name " "$l" | tail -n 1 | grep -q "^$name close" && hasnt "$l" VIOLATION
}

# ------------------------------------------------------------------ 1. ABI 1.0 plugins
# They really are 1.0 builds (abi_minor 0 in the descriptor), and the 1.1 ones
# 1.1: the descriptor's first 8 bytes as stored in the file (no relocation
# touches them), read without loading the plugin.
abi_of() { # abi_of SO: "MAJOR.MINOR" of its descriptor
    local addr bytes
    addr=$(nm -D --defined-only "$1" | awk '$3 == "briefconv_plugin" { print $1 }')
    [ -n "$addr" ] || { echo "no descriptor"; return; }
    bytes=$(objdump -s --start-address="0x$addr" --stop-address="$(printf '0x%x' $((0x$addr + 8)))" "$1" |
        awk '/^ [0-9a-f]+ [0-9a-f]+ / { print $2; exit }')
    # little-endian uint16 abi_major, uint16 abi_minor
    echo "$((0x${bytes:2:2}${bytes:0:2})).$((0x${bytes:6:2}${bytes:4:2}))"
}
for so in abi10/dump.so abi10/lines.so abi10/oldres.so v11/counter.so v11/tally.so good/dump.so; do
    echo "$so $(abi_of "$fx/$so")"
done >"$tmp/abi.txt"
check "1.0 builds are ABI 1.0, test plugins are 1.1" diff - "$tmp/abi.txt" <<'EOF'
abi10/dump.so 1.0
abi10/lines.so 1.0
abi10/oldres.so 1.0
v11/counter.so 1.1
v11/tally.so 1.1
good/dump.so 1.1
EOF
status 0 "--list-plugins with 1.0 plugins" "$bc" --plugin-dir "$fx/abi10" --list-plugins
check "1.0 plugins load without a warning" test ! -s "$tmp/err"
check "1.0 reader listed as input" has "$tmp/out" "input lines 0.1"
check "1.0 writer listed as output" has "$tmp/out" "output dump 1"
check "1.0 writer with reserved slots set listed" has "$tmp/out" "output oldres 1.0"

status 0 "1.0 dump and lines convert one file" "$bc" --plugin-dir "$fx/abi10" -t dump doc.lines
mv "$tmp/out" "$tmp/dump10.out"
"$bc" --plugin-dir "$fx/good" -t dump doc.lines >"$tmp/dump11.out" 2>/dev/null
check "1.0 build writes what the 1.1 build of the same source writes" cmp -s "$tmp/dump10.out" "$tmp/dump11.out"
check "1.0 dump output holds the document" has "$tmp/dump10.out" 'text "A title"'
status 0 "1.0 dump over a YAML sample" "$bc" --plugin-dir "$fx/abi10" -t dump "$root/samples/integrating-care.yaml"
mv "$tmp/out" "$tmp/dump10y.out"
"$bc" --plugin-dir "$fx/good" -t dump "$root/samples/integrating-care.yaml" >"$tmp/dump11y.out" 2>/dev/null
check "...the same as the 1.1 build" cmp -s "$tmp/dump10y.out" "$tmp/dump11y.out"
status 0 "1.0 options still checked and passed" "$bc" --plugin-dir "$fx/abi10" -t dump -O width=3 doc.lines
check "...width=3 reached the 1.0 writer" has "$tmp/out" "width=3"
status 2 "1.0 option out of range" "$bc" --plugin-dir "$fx/abi10" -t dump -O dump.width=500 doc.lines
status 0 "1.0 plugin with its reserved slots set converts" "$bc" --plugin-dir "$fx/abi10" -t oldres doc.lines
check "...through render" has "$tmp/out" "oldres: A title"
check "...and no reserved slot was called" hasnt "$tmp/err" "reserved slot"

rm -f "$log"
status 0 "batch: 1.0 reader and writers beside a 1.1 collection, -j 4" \
    "$bc" --plugin-dir "$fx/abi10" --plugin-dir "$fx/v11" -j 4 -t dump,oldres,counter -O log="$log" -o out10/ in/
check "...every 1.0 output written" test -f out10/a.dump -a -f out10/sub/e.dump -a -f out10/d.oldres -a -f out10/sub/e.oldres
check "...no reserved slot called" hasnt "$tmp/err" "reserved slot"
check "...the collection saw the 1.0 outputs" has "$log" "counter collect 4 sub/e.lines outputs=dump:sub/e.dump,oldres:sub/e.oldres"
check "...collected every briefing, in order" diff <(printf '0 a.lines\n1 b.lines\n2 c.lines\n3 d.lines\n4 sub/e.lines\n') out10/counter.txt
check "...open and close once" balanced "$log" counter
status 0 "1.0 writer beside 1.1 writers, one of them a collection with pages" \
    "$bc" --plugin-dir "$fx/abi10" --plugin-dir "$fx/v11" -t oldres,tally,pages -o outp10/ in/
check "...pages link to the 1.0 output" has outp10/a.page "links to oldres a.oldres"

# ------------------------------------------------------------------ 2. open fails
mkdir keep && echo sentinel >keep/a.dump
for o in counter.fail-open tally.fail-open fail-open; do
    failing=${o%%.*}
    [ "$failing" = fail-open ] && failing=counter # collections open first; unscoped reaches both
    rm -f "$log"
    status 2 "-O $o=true: the run stops" "$bc" "${v11[@]}" -t tally,counter,dump -O "$o=true" -O log="$log" -o never/ in/
    check "...one message naming the plugin" test "$(count "$tmp/err" "$failing told to fail in open")" = 1 -a \
        "$(grep -c error "$tmp/err")" -le 1
    check "...nothing else said but the usage hint" test "$(wc -l <"$tmp/err")" -le 2
    check "...no output folder made" test ! -e never
    check "...the failed instance is not closed" test "$(count "$log" "$failing close")" = 0
    for p in counter tally; do
        if [ "$p" != "$failing" ] && has "$log" "$p open"; then
            check "...$p, opened before, is closed once" balanced "$log" "$p"
        fi
    done
    status 2 "-O $o=true into an existing folder" "$bc" "${v11[@]}" -t tally,counter,dump -O "$o=true" -o keep/ in/
    check "...writes nothing there" test "$(ls -A keep)" = a.dump -a "$(cat keep/a.dump)" = sentinel
done
echo old >x.tally
rm -f "$log"
status 2 "one file: open fails" "$bc" "${v11[@]}" -t tally -O fail-open=true -O log="$log" -o x.tally doc.lines
check "...one message" test "$(count "$tmp/err" "tally told to fail in open")" = 1
check "...the old output is untouched" test "$(cat x.tally)" = old
status 2 "one file to stdout: open fails" "$bc" "${v11[@]}" -t tally -O fail-open=true doc.lines
check "...nothing on stdout" test ! -s "$tmp/out"
status 2 "a collection asking for an unknown format" "$bc" "${v11[@]}" -t counter -O want=nosuch -o never/ in/
check "...names it" has "$tmp/err" "'nosuch'"
check "...no output folder made" test ! -e never

# ------------------------------------------------------------------ 3. close exactly once
rm -f "$log"
status 0 "success: tally and counter over 5 briefings" "$bc" "${v11[@]}" -t tally,counter -O log="$log" -o ok/ in/
check "...tally open once, close once, last" balanced "$log" tally
check "...counter open once, close once, last" balanced "$log" counter
check "...tally rendered each briefing once, counted in its state" has "$log" "tally close renders=5"
check "...counter collected 5, finished, then closed" has "$log" "counter close collects=5 finished=1"
check "...finish once, before close" test "$(count "$log" "counter finish")" = 1 -a \
    "$(grep -n 'counter finish' "$log" | cut -d: -f1)" -lt "$(grep -n 'counter close' "$log" | cut -d: -f1)"
check "...finish after the last collect" test "$(grep -n 'counter collect' "$log" | tail -n 1 | cut -d: -f1)" -lt \
    "$(grep -n 'counter finish' "$log" | cut -d: -f1)"

mkdir somebad && cp in/*.lines somebad/ && printf 'Bad one\nfail\n' >somebad/bb.lines
rm -f "$log"
status 1 "some briefings fail" "$bc" "${v11[@]}" -j 3 -t tally,counter -O log="$log" -o bad/ somebad/
check "...the failure is reported" has "$tmp/err" "bb.lines:2"
check "...tally closed once" balanced "$log" tally
check "...counter closed once after finishing the others" has "$log" "counter close collects=4 finished=1"
check "...counter balanced" balanced "$log" counter
check "...the failed briefing was not collected" hasnt "$log" "collect 1 bb.lines"

rm -f "$log"
status 1 "a collect fails" "$bc" "${v11[@]}" -t tally,counter -O counter.fail-collect=2 -O log="$log" -o cf/ in/
check "...one message" test "$(count "$tmp/err" "counter told to fail at briefing 2")" = 1
check "...the briefing counts as failed" has "$tmp/err" ", 1 failed"
check "...the run went on and finished" has "$log" "counter close collects=4 finished=1"
check "...closed once" balanced "$log" counter

rm -f "$log"
status 1 "finish fails (a bad file name)" "$bc" "${v11[@]}" -t tally,counter -O counter.file=../escape -O log="$log" -o ff/ in/
check "...the bad path is named" has "$tmp/err" "'../escape'"
check "...nothing escaped the output folder" test ! -e escape
check "...closed once" balanced "$log" counter
check "...tally closed once" balanced "$log" tally

mkdir many
for i in $(seq -w 1 60); do lines_doc "many/m$i.lines" "Title $i"; done
for sig in INT TERM; do
    rm -f "$log"
    rm -rf stop
    "$bc" "${v11[@]}" -j 2 -t tally,counter -O tally.sleep-ms=200 -O log="$log" -o stop/ many/ >/dev/null 2>"$tmp/err" &
    pid=$!
    for _ in $(seq 400); do
        [ "$(grep -c 'tally render' "$log" 2>/dev/null)" -ge 3 ] 2>/dev/null && break
        sleep 0.025
    done
    kill -"$sig" "$pid"
    wait "$pid"
    rc=$?
    want=$((128 + $(kill -l "$sig")))
    check "SIG$sig stops the batch with exit $want (got $rc)" test "$rc" = "$want"
    check "...said so" has "$tmp/err" "interrupted:"
    check "...stopped early" test "$(count "$log" "tally render")" -lt 60
    check "...tally closed once" balanced "$log" tally
    check "...counter closed once, without finish" balanced "$log" counter
    check "...finish not called" test "$(count "$log" "counter finish")" = 0 -a ! -e stop/counter.txt
    check "...close counts every render" has "$log" "tally close renders=$(count "$log" "tally render")"
    check "...no temporary or partial file left" test -z "$(find stop -name '.*' -o -type f ! -name '*.tally')"
    check "...every output left is whole" test -z "$(grep -L 'index=' stop/*.tally 2>/dev/null)"
done

rm -f "$log"
status 0 "one file: open, render, close" "$bc" "${v11[@]}" -t tally -O log="$log" doc.lines
check "...once each" test "$(cat "$log")" = "tally open width=10
tally render 0 doc.lines
tally close renders=1"

# ------------------------------------------------------------------ 4. -j 1 and -j 4: the same collection
mkdir -p gen
"$PY" -I - "$root/samples" gen <<'EOF' || not_ok "cannot generate briefings"
import os, sys, shutil
src = sorted(f for f in os.listdir(sys.argv[1]) if f.endswith(".yaml"))
names = ["plain", "with space", "comma,name", 'quote"d', "ünïcode", "UPPER", "z-last", "a.b"]
for i in range(200):
    d = os.path.join(sys.argv[2], "g%d" % (i % 4), "deeper" if i % 7 == 0 else "")
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(sys.argv[1], src[i % len(src)]),
                os.path.join(d, "%s-%03d.yaml" % (names[i % len(names)], (i * 37) % 200)))
EOF
n=$(find gen -name '*.yaml' | wc -l)
check "200 briefings generated" test "$n" = 200
for j in 1 4; do
    rm -f "$log"
    status 0 "-j $j: docx, catalogue and counter over $n briefings" \
        "$bc" "${v11[@]}" --plugin-dir "$fx/cat" -j "$j" -t docx,catalogue,counter -O counter.log="$log" -o "j$j/" gen/
    grep '^counter collect' "$log" >"$tmp/collect.$j"
    check "...counter balanced" balanced "$log" counter
done
check "catalogue.csv: -j 1 and -j 4 byte-identical" cmp j1/catalogue.csv j4/catalogue.csv
check "counter.txt: -j 1 and -j 4 byte-identical" cmp j1/counter.txt j4/counter.txt
check "collect calls: the same for -j 1 and -j 4" cmp "$tmp/collect.1" "$tmp/collect.4"
"$PY" -I - gen j4 "$tmp/collect.4" <<'EOF' >"$tmp/csv.txt" 2>&1
import csv, os, sys
gen, out, collect = sys.argv[1:4]
found = []
for d, dirs, files in os.walk(gen):
    for f in files:
        found.append(os.path.relpath(os.path.join(d, f), gen))
# A folder is walked in name order (bytes), each subfolder where its name falls.
order = sorted(found, key=lambda p: [c.encode() for c in p.split("/")])
errors = []
calls = [l.rstrip("\n").split(" ", 3) for l in open(collect, encoding="utf-8")]
if [int(c[2]) for c in calls] != list(range(len(order))):
    errors.append("collect indices are not 0..%d in order" % (len(order) - 1))
if [c[3].rsplit(" outputs=", 1)[0] for c in calls] != order:
    errors.append("collect paths are not in input order")
raw = open(os.path.join(out, "catalogue.csv"), "rb").read()
if raw.count(b"\r\n") != raw.count(b"\n") or not raw.endswith(b"\r\n"):
    errors.append("catalogue.csv lines do not all end in CRLF")
with open(os.path.join(out, "catalogue.csv"), newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
want = ["path", "title", "type", "published", "updated", "review_due", "audience", "responsible", "tags", "outputs"]
if rows[0] != want:
    errors.append("header %r" % rows[0])
rows = rows[1:]
if len(rows) != len(order):
    errors.append("%d rows for %d briefings" % (len(rows), len(order)))
if [r[0] for r in rows] != order:
    errors.append("rows are not in input order")
for r in rows:
    if len(r) != len(want):
        errors.append("row of %d fields: %r" % (len(r), r[:2]))
        continue
    if not r[1]:
        errors.append("%s: no title" % r[0])
    docx = [o for o in r[9].split("; ") if o.endswith(".docx")]
    if docx != [r[0][:-len(".yaml")] + ".docx"]:
        errors.append("%s: outputs %r" % (r[0], r[9]))
    for o in docx:
        if not os.path.isfile(os.path.join(out, o)):
            errors.append("%s: %s does not exist" % (r[0], o))
print("\n".join(errors[:10]) if errors else "ok %d rows" % len(rows))
sys.exit(1 if errors else 0)
EOF
check "catalogue.csv: one row per briefing, in input order, pointing at existing DOCX files ($(head -c 300 "$tmp/csv.txt"))" \
    grep -q "^ok 200 rows" "$tmp/csv.txt"

# ------------------------------------------------------------------ 5. scoped and unscoped options
rm -f "$log"
status 0 "-O width=7 (unscoped)" "$bc" "${v11[@]}" -t tally,counter,dump -O width=7 -O log="$log" -o o1/ in/
check "...reaches dump, tally and counter" test "$(head -n 1 o1/a.dump)" = "dump 1 width=7 style=a" -a \
    "$(count "$log" "tally open width=7")" = 1 -a "$(count "$log" "counter open width=7")" = 1
check "...and -O log= reached both tally and counter" test "$(count "$log" "tally close")" = 1 -a \
    "$(count "$log" "counter close")" = 1
for scoped in "dump.width=7 dump" "DUMP.width=7 dump" "tally.width=7 tally" "tally-alias.width=7 tally" \
    "counter.width=7 counter"; do
    set -- $scoped
    rm -f "$log"
    rm -rf o2
    status 0 "-O $1 (scoped)" "$bc" "${v11[@]}" -t tally,counter,dump -O "$1" -O log="$log" -o o2/ in/
    got="dump=$(head -n 1 o2/a.dump | sed 's/.*width=\([0-9]*\).*/\1/') tally=$(sed -n 's/tally open width=//p' "$log") counter=$(sed -n 's/counter open width=//p' "$log")"
    want="dump=10 tally=10 counter=10"
    want=${want/$2=10/$2=7}
    check "...reaches $2 alone ($got)" test "$got" = "$want"
done
rm -f "$log"
status 0 "-O log= scoped to tally alone" "$bc" "${v11[@]}" -t tally,counter -O tally.log="$log" -o o3/ in/
check "...only tally logged" test "$(count "$log" tally)" -gt 0 -a "$(count "$log" counter)" = 0
status 0 "one file: -O dump.width=5" "$bc" --plugin-dir "$fx/good" -t dump -O dump.width=5 doc.lines
check "...reached dump" has "$tmp/out" "width=5"

# usage errors: exit 2, the message names the setting, nothing is written.
bad_option() { # bad_option SETTING EXPECTED-TEXT...
    local set=$1
    shift
    rm -rf never
    status 2 "-O $set refused" "$bc" "${v11[@]}" -t tally,counter,dump -O "$set" -o never/ in/
    local t
    for t in "$@"; do check "...says: $t" has "$tmp/err" "$t"; done
    check "...one error line" test "$(grep -vc "^Try 'briefconv --help'" "$tmp/err")" = 1
    check "...nothing written" test ! -e never
}
bad_option nosuch.width=3 "-O nosuch.width" "unknown format 'nosuch'"
bad_option bin.x=1 "-O bin.x" "format 'bin' is not part of this run"
bad_option dump.colour=red "-O dump.colour" "format dump has no option 'colour'"
bad_option tally.style=b "-O tally.style" "format tally has no option 'style'"
bad_option dump.width=500 "-O dump.width=500" "out of range"
bad_option width=abc "-O width=abc" "not an integer"
bad_option counter.fail-collect=x "-O counter.fail-collect=x" "not an integer"
bad_option colour=red "-O colour" "no plugin of this run has that option"
bad_option .width=1 "-O .width" "FORMAT.NAME=VALUE"
bad_option dump.=1 "-O dump." "FORMAT.NAME=VALUE"
status 2 "one file: -O for a format not in the run" "$bc" "${v11[@]}" -t dump -O tally.width=5 doc.lines
check "...names it" has "$tmp/err" "-O tally.width"
check "...nothing on stdout" test ! -s "$tmp/out"

# ------------------------------------------------------------------ 6. collection files
rm -rf cl && mkdir cl
status 1 "a collection file that is a briefing's output is refused" \
    "$bc" "${v11[@]}" -t dump,counter -O counter.file=b.dump -o cl/ in/
check "...naming it and why" has "$tmp/err" "cl/b.dump: error: not written: a briefing's output has that name"
check "...the briefing's output is kept" test "$(head -n 1 cl/b.dump)" = "dump 1 width=10 style=a"
status 1 "a collection file where outputs need a folder is refused" \
    "$bc" "${v11[@]}" -t dump,counter -O counter.file=sub -o cl2/ in/
check "...naming it and why" has "$tmp/err" "cl2/sub: error: not written: the briefings' outputs need it as a folder"
check "...the folder is kept" test -f cl2/sub/e.dump
mkdir same && cp in/*.lines same/
status 1 "a collection file that is an input is refused" \
    "$bc" "${v11[@]}" -t dump,counter -O counter.file=a.lines -o same same
check "...naming it and why" has "$tmp/err" "same/a.lines: error: not written: it is one of the inputs"
check "...the input is untouched" cmp -s same/a.lines in/a.lines

mkdir cb && cp "$root/samples/features.yaml" "$root/samples/delivering-stps.yaml" cb/
cp "$root/samples/integrating-care.yaml" cb/catalogue.yaml
status 1 "catalogue.csv clashing with catalogue.yaml's .csv output is refused" \
    "$bc" "${v11[@]}" --plugin-dir "$fx/cat" -t tallycsv,catalogue -o cbout/ cb/
check "...the first message names it and why" test "$(grep -m1 error "$tmp/err")" = \
    "cbout/catalogue.csv: error: not written: a briefing's output has that name (a file of the catalogue format)"
check "...every later try gives the same reason, not \"twice\"" test "$(grep -c 'written twice' "$tmp/err")" -eq 0
check "...the briefing's output is kept" test "$(cat cbout/catalogue.csv)" = "tallycsv catalogue.yaml index=0 width=10"
check "...no temporary file left" test -z "$(find cbout -name '.*')"

rm -f "$log"
status 0 "bc_run_create probes" "$bc" "${v11[@]}" -t counter,dump -O counter.probe=true -O log="$log" -o pr/ in/
check "...nothing may be created in open" has "$log" "counter probe in-open.txt: refused: a plugin may not create files in open"
for p in ../x /abs a//b ./a a/./b a/../b a/ "(null)"; do
    check "...'$p' refused" has "$log" "counter probe $p: refused: the plugin asked for a bad output path"
done
check "...'' refused" has "$log" "counter probe : refused: the plugin asked for a bad output path ''"
check "...a control character refused" has "$log" "$(printf 'counter probe tab\there: refused:')"
check "...a good path written" test "$(cat pr/ok/sub.txt 2>/dev/null)" = "probe ok/sub.txt" -a \
    "$(count "$log" "counter probe ok/sub.txt: ok")" = 1
check "...the same path twice refused" has "$log" "counter probe ok/sub.txt: refused: written twice in one run"
check "...nothing else written" diff <(cd pr && find . -type f | LC_ALL=C sort) - <<'EOF'
./a.dump
./b.dump
./c.dump
./counter.txt
./d.dump
./ok/sub.txt
./sub/e.dump
EOF
check "...nothing outside" test ! -e x -a ! -e /abs -a ! -e b

# ------------------------------------------------------------------ 7. pages, companions, --update, one file, listing
rm -f "$log"
status 0 "a collection with pages and a companion format" \
    "$bc" "${v11[@]}" -t pages,tally -O pages.want=dump -O log="$log" -o pg/ in/
check "...the companion is written for every briefing" test -f pg/a.dump -a -f pg/sub/e.dump
check "...the page comes after the other formats and links to them" test "$(cat pg/sub/e.page)" = "page of sub/e.lines
links to tally sub/e.tally
links to dump sub/e.dump"
check "...collect sees the page too" has "$log" "pages collect 4 sub/e.lines outputs=tally:sub/e.tally,dump:sub/e.dump,pages:sub/e.page"
check "...balanced" balanced "$log" pages

mkdir up && cp "$root/samples/features.yaml" "$root/samples/integrating-care.yaml" up/
"$bc" --plugin-dir "$fx/cat" -t docx,catalogue -o upout/ up/ 2>/dev/null
touch -d '2001-01-01' upout/catalogue.csv
cp upout/catalogue.csv "$tmp/cat.before"
rm -f "$log"
status 0 "--update: nothing changed" "$bc" "${v11[@]}" --plugin-dir "$fx/cat" --update -t docx,catalogue,counter \
    -O counter.log="$log" -o upout/ up/
check "...the collections still see every briefing" test "$(count "$log" "counter collect")" = 2
check "...the up-to-date DOCX outputs are listed" has "$log" "outputs=docx:features.docx"
check "...an unchanged catalogue.csv is left alone (time kept)" test "$(stat -c %Y upout/catalogue.csv)" = \
    "$(date -d 2001-01-01 +%s)"
check "...and holds the same" cmp -s upout/catalogue.csv "$tmp/cat.before"

status 0 "a one-file collection alone writes to standard output" "$bc" --plugin-dir "$fx/cat" -t catalogue up/
check "...the CSV" test "$(head -c 10 "$tmp/out")" = "path,title"
check "...one row per briefing" test "$(wc -l <"$tmp/out")" = 3
status 0 "a one-file collection alone writes -o FILE" "$bc" --plugin-dir "$fx/cat" -t catalogue -o one.csv up/
check "...the file" test "$(head -c 10 one.csv 2>/dev/null)" = "path,title"

status 0 "--list-plugins" "$bc" "${v11[@]}" --plugin-dir "$fx/cat" --list-plugins
check "...kind collection" has "$tmp/out" "collection counter 1.1"
check "...kind output" has "$tmp/out" "output tally 1.1"
check "...kind input" has "$tmp/out" "input lines"
check "...a one-file collection says where it writes" has "$tmp/out" "writes one file for the whole run"
check "...scoped options shown" has "$tmp/out" "-O counter.NAME=VALUE for this plugin alone"

done_testing
