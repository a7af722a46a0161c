#!/bin/bash
# t_isolation.sh — third-party plugins that crash, hang or lie cannot take a
# run down or fool the terminal (issue 15; issue 18 point 7):
#   - output plugins that crash (SIGSEGV, abort, SIGFPE), hang (--timeout),
#     set an error and return 0, fail with ESC sequences and a newline in
#     their message, or call exit(0), on one briefing of six: in a batch
#     beside the built-in docx every other briefing and format is written,
#     the message names the plugin and the briefing on one line, exit 1, no
#     partial output; in single-file mode exit 1 and the message, not 139
#   - trust: a plugin in a folder owned by another user, a symbolic link
#     into a 0777 folder, a 0755 folder under a non-sticky 0777 parent are
#     refused with a warning naming the reason; a safe one loads
#   - overrides: a plugin taking a built-in's name warns in each run and is
#     marked by --list-plugins; a file and a folder pick the same plugin
#   - -q still says why a requested format failed to load
# Env: BUILD (absolute build dir, default ./build), SAN ('' | asan | ubsan).
set -u

. "$(dirname "$0")/lib.sh"
BUILD=$(cd "$BUILD" && pwd)
bc=$BUILD/briefconv
SAMPLE=$root/samples/stp-dashboard.yaml

need_build
command -v "${CC:-cc}" >/dev/null || { skip "no C compiler"; done_testing; }
# A sanitizer's own handlers would turn the crashes into exit 1 in the child: let them be signals.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:handle_abort=0:handle_sigfpe=0:handle_sigbus=0:detect_leaks=0"

bash "$root/tests/plugins/build.sh" "$root" "$BUILD" "$tmp/p" || bail_out "test plugins do not build"
crashy=$tmp/p/crashy

mkdir "$tmp/in"
for i in 1 2 3 4 5; do cp "$SAMPLE" "$tmp/in/b$i.yaml"; done
cp "$SAMPLE" "$tmp/in/bad.yaml"
esc=$(printf '\033')

# ---------------------------------------------------------------- batch: one bad briefing of six
batch_case() { # MODE EXPECTED-MESSAGE [EXTRA-ARGS...]
    local m=$1 msg=$2
    shift 2
    local out=$tmp/out-$m
    # The plugin's own message, without a line, names the output it was making (plugin.h's one rule).
    local file=$tmp/in/bad.yaml
    case $m in err0 | esc) file=$out/bad.$m ;; esac
    "$bc" "$@" --plugin-dir "$crashy" -t "$m,docx" -o "$out" "$tmp/in" >"$tmp/$m.out" 2>"$tmp/$m.err"
    local rc=$?
    check "$m in a batch: exit 1 (not $rc)" test $rc -eq 1
    check "$m: the message names the briefing and says what happened" has "$tmp/$m.err" "$file: error: $msg"
    check "$m: the message is on one line, no ESC byte reaches the terminal" hasnt "$tmp/$m.err" "$esc"
    check "$m: the summary counts one failure" has "$tmp/$m.err" "converted 5 of 6 files (2 formats), 1 failed"
    local good=0 docx=0
    for i in 1 2 3 4 5; do
        grep -qx "ok $tmp/in/b$i.yaml" "$out/b$i.$m" 2>/dev/null && good=$((good + 1))
    done
    for f in b1 b2 b3 b4 b5 bad; do
        [ -s "$out/$f.docx" ] && docx=$((docx + 1))
    done
    check "$m: the other five briefings are written by the plugin" test $good -eq 5
    check "$m: every briefing is written as DOCX, the bad one too" test $docx -eq 6
    check "$m: no partial output of the bad briefing" test ! -e "$out/bad.$m"
    check "$m: no temporary file left" test -z "$(ls -A "$out" | grep -v -E '^b[1-5]\.('"$m"'|docx)$|^bad\.docx$')"
}
batch_case segv "plugin 'segv' ($crashy/segv.so) crashed: segmentation fault"
batch_case abort "plugin 'abort' ($crashy/abort.so) crashed: aborted"
batch_case fpe "plugin 'fpe' ($crashy/fpe.so) crashed: arithmetic exception (SIGFPE)"
batch_case exit0 "plugin 'exit0' ($crashy/exit0.so) exited before finishing its output"
batch_case err0 "err0 gave up half way but returned 0"
batch_case esc 'bad \x1B[31mred\x1B[0m text\nbriefconv: forged line'
check "esc: the forged line is not a line of its own" bash -c "! grep -q '^briefconv: forged line' '$tmp/esc.err'"
start=$(date +%s)
batch_case hang "plugin 'hang' ($crashy/hang.so) timed out after 1 s" --timeout 1
check "hang: the run ends soon after the time limit" test $(($(date +%s) - start)) -lt 15
# Several at once (-j 4): a crash on one worker leaves the others' children alone.
batch_case segv "plugin 'segv' ($crashy/segv.so) crashed: segmentation fault" -j 4

# ---------------------------------------------------------------- single-file mode
single_case() { # MODE EXPECTED-MESSAGE [EXTRA-ARGS...]
    local m=$1 msg=$2
    shift 2
    "$bc" "$@" --plugin-dir "$crashy" -t "$m" -o "$tmp/one.$m" "$tmp/in/bad.yaml" 2>"$tmp/one-$m.err"
    local rc=$?
    check "$m, one file: exit 1 (not $rc)" test $rc -eq 1
    local file=$tmp/in/bad.yaml
    case $m in err0 | esc) file=$tmp/one.$m ;; esac
    check "$m, one file: the message" has "$tmp/one-$m.err" "$file: error: $msg"
    check "$m, one file: no output file" test ! -e "$tmp/one.$m"
    "$bc" "$@" --plugin-dir "$crashy" -t "$m" "$tmp/in/bad.yaml" >"$tmp/stdout.$m" 2>"$tmp/one-$m.err2"
    rc=$?
    check "$m, to standard output: exit 1 (not $rc), nothing written" test $rc -eq 1 -a ! -s "$tmp/stdout.$m"
    check "$m, to standard output: the message" has "$tmp/one-$m.err2" "error: $msg"
    check "$m, one file: no ESC byte reaches the terminal" hasnt "$tmp/one-$m.err2" "$esc"
}
single_case segv "plugin 'segv' ($crashy/segv.so) crashed: segmentation fault"
single_case abort "plugin 'abort' ($crashy/abort.so) crashed: aborted"
single_case fpe "plugin 'fpe' ($crashy/fpe.so) crashed: arithmetic exception (SIGFPE)"
single_case exit0 "plugin 'exit0' ($crashy/exit0.so) exited before finishing its output"
single_case err0 "err0 gave up half way but returned 0"
single_case esc 'bad \x1B[31mred\x1B[0m text\nbriefconv: forged line'
single_case hang "plugin 'hang' ($crashy/hang.so) timed out after 1 s" --timeout 1
"$bc" --plugin-dir "$crashy" -t segv "$tmp/in/b1.yaml" >"$tmp/good.out" 2>"$tmp/good.err"
check "an isolated plugin converts a good briefing (exit 0, its output on stdout)" \
    bash -c "[ $? = 0 ] && grep -qx 'ok $tmp/in/b1.yaml' '$tmp/good.out' && [ ! -s '$tmp/good.err' ]"
"$bc" --timeout -1 -t plain "$SAMPLE" >/dev/null 2>"$tmp/t.err"
check "--timeout -1 is a usage error" test $? -eq 2
"$bc" --timeout soon -t plain "$SAMPLE" >/dev/null 2>&1
check "--timeout soon is a usage error" test $? -eq 2
"$bc" --help >"$tmp/help"
check "--help documents --timeout and its default" has "$tmp/help" "--timeout=SECONDS"

# A third-party reader that crashes on one file of six: read in a child first (a probe), so the
# crash fails that file alone.
mkdir "$tmp/rin"
for i in 1 2 3 4 5; do printf 'Title %s\nsome text\n' "$i" >"$tmp/rin/r$i.crashin"; done
printf 'Title bad\nsome text\n' >"$tmp/rin/bad.crashin"
"$bc" --plugin-dir "$crashy" -t plain,docx -o "$tmp/out-rin" "$tmp/rin" 2>"$tmp/rin.err"
rc=$?
check "a crashing third-party reader in a batch: exit 1 (not $rc)" test $rc -eq 1
check "...naming the plugin and the file" has "$tmp/rin.err" "$tmp/rin/bad.crashin: error: plugin 'crashin' ($crashy/crashin.so) crashed: segmentation fault"
check "...the other five converted to both formats" test "$(ls "$tmp/out-rin" | grep -c -E '^r[1-5]\.(txt|docx)$')" -eq 10
check "...nothing for the bad one" test -z "$(ls "$tmp/out-rin" | grep bad)"
"$bc" --plugin-dir "$crashy" -t plain -o "$tmp/rin1.txt" "$tmp/rin/bad.crashin" 2>"$tmp/rin1.err"
rc=$?
check "...in single-file mode: exit 1 (not $rc)" test $rc -eq 1
check "...with the message" has "$tmp/rin1.err" "plugin 'crashin' ($crashy/crashin.so) crashed: segmentation fault"
"$bc" --check --plugin-dir "$crashy" "$tmp/rin/bad.crashin" 2>"$tmp/rin2.err"
rc=$?
check "...and with --check: exit 1 (not $rc)" test $rc -eq 1

# A plugin that keeps its renders in the host's process (BC_PLUGIN_IN_PROCESS) and calls exit(0):
# the run must not end with status 0 (issue 18, point 7).
mkdir -m 0755 "$tmp/inproc"
"${CC:-cc}" -std=c11 -shared -fPIC -O1 -I"$root/include" -DCRASHY_MODE='"exit0"' -DCRASHY_NAME='"exitip"' \
    -DCRASHY_IN_PROCESS -o "$tmp/inproc/exitip.so" "$root/tests/plugins/crashy.c" -L"$BUILD" -lbriefconv -Wl,-rpath,"$BUILD"
"$bc" --plugin-dir "$tmp/inproc" -t exitip,docx -o "$tmp/out-exitip" "$tmp/in" 2>"$tmp/exitip.err"
rc=$?
check "an in-process plugin calling exit(0) in a batch: exit 1 (not $rc)" test $rc -eq 1
check "...saying a plugin ended the program" has "$tmp/exitip.err" "error: a plugin ended the program in the middle of the run"
"$bc" --plugin-dir "$tmp/inproc" -t exitip -o "$tmp/one.exitip" "$tmp/in/bad.yaml" 2>"$tmp/exitip1.err"
rc=$?
check "...and in single-file mode: exit 1 (not $rc), no output" test $rc -eq 1 -a ! -e "$tmp/one.exitip"

# ---------------------------------------------------------------- trust
good=$tmp/p/good/dump.so
trust=$tmp/trust
mkdir -m 0755 "$trust"
refused() { # DIR REASON NAME
    local dir=$1 why=$2 name=$3
    "$bc" --plugin-dir "$dir" --list-plugins >"$tmp/tr.out" 2>"$tmp/tr.err"
    check "$name: --list-plugins still exits 0" test $? -eq 0
    check "$name: refused with a warning naming the reason" has "$tmp/tr.err" "$why"
    check "$name: not listed" hasnt "$tmp/tr.out" "$dir/dump.so"
    "$bc" -q --plugin-dir "$dir" -t dump "$SAMPLE" >/dev/null 2>"$tmp/tr.q"
    check "$name: -t dump is an unknown format (exit 2)" test $? -eq 2
    check "$name: ...and -q still says why" has "$tmp/tr.q" "$why"
}
mkdir -m 0755 "$trust/safe"
cp "$good" "$trust/safe/dump.so"
chmod 0755 "$trust/safe/dump.so"
"$bc" --plugin-dir "$trust/safe" --list-plugins >"$tmp/tr.out" 2>"$tmp/tr.err"
check "a safe folder (under a root-owned sticky /tmp) loads" has "$tmp/tr.out" "file: $trust/safe/dump.so"
check "...without a warning" test ! -s "$tmp/tr.err"

# A symbolic link into a 0777 folder: the real path decides.
mkdir -m 0755 "$trust/link"
mkdir "$trust/open"
chmod 0777 "$trust/open"
cp "$good" "$trust/open/dump.so"
chmod 0755 "$trust/open/dump.so"
ln -s "$trust/open/dump.so" "$trust/link/dump.so"
refused "$trust/link" "the folder $trust/open (on the plugin's real path) is writable by others" "a symlink into a 0777 folder"

# A 0755 folder under a non-sticky 0777 parent: anyone may rename it away and put another in its place.
mkdir "$trust/parent"
chmod 0777 "$trust/parent"
mkdir -m 0755 "$trust/parent/plugins"
cp "$good" "$trust/parent/plugins/dump.so"
chmod 0755 "$trust/parent/plugins/dump.so"
refused "$trust/parent/plugins" "the folder $trust/parent is writable by others" "a 0755 folder under a 0777 parent"
# The same parent sticky but not root's: still refused.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    chmod 1777 "$trust/parent"
    chown nobody "$trust/parent"
    refused "$trust/parent/plugins" "the folder $trust/parent is owned by another user" "a sticky 1777 parent owned by nobody"
    chown root "$trust/parent"
    # A 0755 folder owned by another user.
    mkdir -m 0755 "$trust/nobody"
    cp "$good" "$trust/nobody/dump.so"
    chmod 0755 "$trust/nobody/dump.so"
    chown nobody "$trust/nobody"
    refused "$trust/nobody" "the folder $trust/nobody is owned by another user (uid $(id -u nobody))" "a 0755 folder owned by nobody"
else
    skip "folders owned by another user (not root, or no user nobody)"
fi

# ---------------------------------------------------------------- overrides
mkdir -m 0755 "$tmp/zz" "$tmp/named" "$tmp/one"
"${CC:-cc}" -std=c11 -shared -fPIC -O1 -I"$root/include" -DCRASHY_MODE='"html"' -o "$tmp/zz/zz-myhtml.so" \
    "$root/tests/plugins/crashy.c" -L"$BUILD" -lbriefconv -Wl,-rpath,"$BUILD"
cp "$tmp/zz/zz-myhtml.so" "$tmp/named/html.so"
cp "$SAMPLE" "$tmp/one/s.yaml"
# zz-myhtml.so claims html but is not named after it: html.so wins, for a file and for a folder alike.
"$bc" --plugin-dir "$tmp/zz" -t html -o "$tmp/zz1.html" "$tmp/one/s.yaml" 2>"$tmp/zz1.err"
"$bc" --plugin-dir "$tmp/zz" -t html -o "$tmp/zzdir" "$tmp/one" 2>"$tmp/zz2.err"
check "a file and a folder pick the same html plugin" cmp -s "$tmp/zz1.html" "$tmp/zzdir/s.html"
check "...the built-in one, named html.so" bash -c "! grep -q '^ok ' '$tmp/zz1.html'"
check "...without an override warning (it takes nothing)" bash -c "! grep -q warning '$tmp/zz1.err' '$tmp/zz2.err'"
"$bc" --plugin-dir "$tmp/zz" --list-plugins >"$tmp/zzlist.out"
check "--list-plugins says zz-myhtml.so is not used" has "$tmp/zzlist.out" "(not used: the file named after it, $BUILD/plugins/html.so, wins)"
check "...and not that it overrides anything" hasnt "$tmp/zzlist.out" "overrides:"
"$bc" --plugin-dir "$tmp/named" -t html -o "$tmp/n1.html" "$tmp/one/s.yaml" 2>"$tmp/n1.err"
"$bc" --plugin-dir "$tmp/named" -t html,plain -o "$tmp/ndir" "$tmp/one" 2>"$tmp/n2.err"
check "a later html.so overrides the built-in, for a file" grep -qx "ok $tmp/one/s.yaml" "$tmp/n1.html"
check "...and for a folder" grep -qx "ok $tmp/one/s.yaml" "$tmp/ndir/s.html"
check "...warning in the single run" has "$tmp/n1.err" "warning: plugin 'html' ($tmp/named/html.so) overrides the built-in html's html ($BUILD/plugins/html.so)"
check "...and in the batch" has "$tmp/n2.err" "warning: plugin 'html' ($tmp/named/html.so) overrides the built-in html's html"
"$bc" --plugin-dir "$tmp/named" -t plain -o "$tmp/n3.txt" "$tmp/one/s.yaml" 2>"$tmp/n3.err"
check "...but not in a run that does not use it" test ! -s "$tmp/n3.err"
"$bc" --plugin-dir "$tmp/named" --list-plugins >"$tmp/list.out"
check "--list-plugins marks what it overrides" has "$tmp/list.out" "overrides: the built-in html's html ($BUILD/plugins/html.so)"
check "--list-plugins marks the built-in ones" grep -q -A1 -xF "  file: $BUILD/plugins/html.so" "$tmp/list.out"
check "...as built in" bash -c "grep -A1 -xF '  file: $BUILD/plugins/html.so' '$tmp/list.out' | grep -q '^  built in'"

# ---------------------------------------------------------------- -q and a plugin that failed to load
mkdir -m 0755 "$tmp/broken"
printf 'not an ELF file\n' >"$tmp/broken/fmt.so"
"$bc" -q --plugin-dir "$tmp/broken" -t fmt "$SAMPLE" >/dev/null 2>"$tmp/q.err"
check "-q: a requested format that failed to load is a usage error" test $? -eq 2
check "...that says why" has "$tmp/q.err" "$tmp/broken/fmt.so: cannot load plugin"
check "...and that it is unknown" has "$tmp/q.err" "unknown output format 'fmt'"

# A --plugin-dir that is not a folder: said once (issue 18, point 3), before anything is loaded.
"$bc" --plugin-dir "$tmp/nosuch" -t plain "$SAMPLE" >/dev/null 2>"$tmp/pd.err"
check "a missing --plugin-dir is a usage error" test $? -eq 2
check "...said once" test "$(grep -c -- "--plugin-dir $tmp/nosuch" "$tmp/pd.err")" -eq 1

done_testing
