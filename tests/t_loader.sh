#!/bin/bash
# The plugin loader through the CLI: each broken plugin (another major ABI,
# no descriptor symbol, a descriptor smaller than BC_PLUGIN_MIN_SIZE, an
# undefined symbol so that dlopen(RTLD_NOW) fails, an unknown kind, a
# failing init, not ELF at all) refused with one warning naming its file and
# the reason, while the others load, list and convert, through --plugin-dir
# and BRIEFCONV_PLUGIN_PATH alike; search-path order and overriding; plugin
# folders and files writable by group or others refused; never the current
# directory; the build's plugins found beside the program; lazy loading.
# Env: BUILD (absolute build dir, default ./build), SAN ('' | asan | ubsan).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

if ! bash "$root/tests/plugins/build.sh" "$root" "$BUILD" "$tmp/fx" >"$tmp/build.log" 2>&1; then
    cat "$tmp/build.log"
    bail_out "cannot build the test plugins"
fi
fx=$tmp/fx
# The broken plugins get the host's sanitizer, so that a host reading past
# the truncated descriptor trips ASan's redzone around it.
case "$SAN" in
asan) sanflags="-fsanitize=address,undefined -fno-omit-frame-pointer" ;;
ubsan) sanflags="-fsanitize=undefined -fno-omit-frame-pointer" ;;
*) sanflags="" ;;
esac
if [ -n "$sanflags" ]; then
    for p in wrong_abi no_symbol truncated bad_kind bad_name init_fail undefined; do
        # shellcheck disable=SC2086
        "${CC:-cc}" -std=c11 -D_POSIX_C_SOURCE=200809L -shared -fPIC -O1 -Wall -Wextra -Werror $sanflags \
            -I"$root/include" -o "$fx/broken/$p.so" "$root/tests/plugins/$p.c" -L"$BUILD" -lbriefconv \
            -Wl,-rpath,"$BUILD" || bail_out "cannot build tests/plugins/$p.c with $sanflags"
    done
fi
# A good plugin that reads YAML briefings: the example JSON writer.
mkdir -m 755 "$tmp/json"
"${CC:-cc}" -std=c11 -shared -fPIC -O1 -Wall -Wextra -Werror $sanflags -I"$root/include" -o "$tmp/json/json.so" \
    "$root/examples/json/json.c" -L"$BUILD" -lbriefconv -Wl,-rpath,"$BUILD" || bail_out "cannot build examples/json"
# Exact listings need only the test plugins: a copy of the program with no
# plugin directory beside it loads nothing by default.
export BRIEFCONV_PLUGIN_PATH=
mkdir "$tmp/iso" && chmod 0755 "$tmp/iso" && cp "$bc" "$tmp/iso/briefconv"
export LD_LIBRARY_PATH="$BUILD${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
real_bc=$bc
bc=$tmp/iso/briefconv

# --- broken plugins: one warning each, naming the file and the reason; the good ones still load.
"$bc" --plugin-dir "$fx/broken" --plugin-dir "$fx/good" --list-plugins >"$tmp/out" 2>"$tmp/err"
check "--list-plugins exits 0 despite broken plugins" test $? -eq 0
check "wrong ABI refused by name" has "$tmp/err" \
    "warning: $fx/broken/wrong_abi.so: plugin built for ABI 2.x, this briefconv has ABI 1.x"
check "missing descriptor refused by name" has "$tmp/err" \
    "warning: $fx/broken/no_symbol.so: not a briefconv plugin (no briefconv_plugin symbol)"
check "truncated descriptor refused by name" has "$tmp/err" \
    "warning: $fx/broken/truncated.so: plugin descriptor is truncated (12 bytes"
check "undefined symbol refused by name" has "$tmp/err" \
    "warning: $fx/broken/undefined.so: cannot load plugin: undefined symbol: bc_no_such_function"
check "bad kind refused by name" has "$tmp/err" "warning: $fx/broken/bad_kind.so: plugin has an unknown kind (99)"
check "bad name refused, the name shown with the rule" has "$tmp/err" \
    "warning: $fx/broken/bad_name.so: plugin has a bad name \"pdf out\" (a format name is ASCII letters, digits"
check "failing init refused by name" has "$tmp/err" \
    "warning: $fx/broken/init_fail.so: plugin initfail failed to initialise: init_fail: cannot start its engine"
check "non-ELF file refused by name" has "$tmp/err" "warning: $fx/broken/garbage.so: cannot load plugin:"
check "eight refusals, nothing else on stderr" test "$(wc -l <"$tmp/err")" -eq 8
check "good plugins listed" has "$tmp/out" "input lines 0.1"
check "dump listed with its file" has "$tmp/out" "file: $fx/good/dump.so"
check "options listed with type and default" has "$tmp/out" "width (integer, 1..100, default 10) a number"
check "choice options list their choices" has "$tmp/out" "style (choice: a|b, default a) a choice"
check "aliases listed" has "$tmp/out" "aliases: dmp"
check "binary flag listed" has "$tmp/out" "binary output"
check "no broken plugin listed" bash -c "! grep -qE 'future|sideways|initfail|undefined|pdf out' '$tmp/out'"

# The broken plugins really are what they claim to be, or the refusals prove nothing.
check "no_symbol.so has no briefconv_plugin symbol" \
    bash -c "! nm -D --defined-only '$fx/broken/no_symbol.so' | grep -qw briefconv_plugin"
check "undefined.so needs bc_no_such_function" \
    bash -c "nm -D --undefined-only '$fx/broken/undefined.so' | grep -qw bc_no_such_function"

# --- beside the build's own plugins (the real program), with a good third-party one.
"$real_bc" --plugin-dir "$fx/broken" --plugin-dir "$tmp/json" --list-plugins >"$tmp/list.out" 2>"$tmp/list.err"
check "the host does not die on the way: no sanitizer report" bash -c "! grep -qiE 'sanitizer|runtime error' '$tmp/list.err'"
check "json.so beside the broken ones is listed" has "$tmp/list.out" "file: $tmp/json/json.so"
for std in "$BUILD"/plugins/*.so; do
    check "standard plugin $(basename "$std" .so) listed beside the broken ones" has "$tmp/list.out" "file: $std"
done
sample=$root/samples/stp-dashboard.yaml
status 0 "json conversion beside broken plugins" "$real_bc" --plugin-dir "$fx/broken" --plugin-dir "$tmp/json" -t json "$sample"
cp "$tmp/out" "$tmp/out.json"
check "...its output parses and holds the title" "$PY" -I -c '
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if doc.get("title", {}).get("text") else 1)' "$tmp/out.json"
# A conversion opens only the plugins named after its formats (json.so,
# yaml.so), so the broken ones beside them are not even opened: no warning.
check "...and does not open the unrelated broken plugins" hasnt "$tmp/err" "$fx/broken/"
status 0 "plain conversion beside broken plugins" "$real_bc" --plugin-dir "$fx/broken" -t plain "$sample"
check "...writes the text" test -s "$tmp/out"
# Asked for a format no plugin file is named after, it loads them all, and warns.
status 2 "an unknown format loads the whole path" "$real_bc" --plugin-dir "$fx/broken" -t nosuchformat "$sample"
check "...and warns about the refused plugins" has "$tmp/err" "$fx/broken/no_symbol.so"
status 2 "a refused plugin's format is unknown" "$real_bc" --plugin-dir "$fx/broken" -t future "$sample"
check "...and nothing is written" test ! -s "$tmp/out"
# The same refusals come through BRIEFCONV_PLUGIN_PATH.
BRIEFCONV_PLUGIN_PATH="$fx/broken:$tmp/json" "$real_bc" --list-plugins >"$tmp/env.out" 2>"$tmp/env.err"
for f in wrong_abi no_symbol truncated undefined bad_kind bad_name init_fail garbage; do
    check "BRIEFCONV_PLUGIN_PATH: $f.so refused by name" has "$tmp/env.err" "warning: $fx/broken/$f.so: "
done
check "BRIEFCONV_PLUGIN_PATH: json.so listed" has "$tmp/env.out" "file: $tmp/json/json.so"

# --- the loader keeps the registry usable: convert with a good plugin next to broken ones.
printf 'Title\nhello\n' >"$tmp/a.lines"
"$bc" -q --plugin-dir "$fx/broken" --plugin-dir "$fx/good" -t dump "$tmp/a.lines" >"$tmp/out" 2>"$tmp/err"
check "conversion works beside broken plugins" test $? -eq 0
check "-q silences the refusals" test ! -s "$tmp/err"

# --- later directories override earlier ones; BRIEFCONV_PLUGIN_PATH comes before --plugin-dir.
"$bc" --plugin-dir "$fx/good" --plugin-dir "$fx/override" -t dump "$tmp/a.lines" >"$tmp/out" 2>"$tmp/err"
check "later --plugin-dir wins" has "$tmp/out" "dump 2 "
"$bc" --plugin-dir "$fx/override" --plugin-dir "$fx/good" -t dump "$tmp/a.lines" >"$tmp/out" 2>"$tmp/err"
check "order reversed: the other wins" has "$tmp/out" "dump 1 "
BRIEFCONV_PLUGIN_PATH="$fx/override" "$bc" --plugin-dir "$fx/good" -t dump "$tmp/a.lines" >"$tmp/out" 2>&1
check "--plugin-dir overrides BRIEFCONV_PLUGIN_PATH" has "$tmp/out" "dump 1 "
BRIEFCONV_PLUGIN_PATH="/nonexistent:$fx/good::$fx/override" "$bc" -t dump "$tmp/a.lines" >"$tmp/out" 2>"$tmp/err"
check "BRIEFCONV_PLUGIN_PATH entries load in order" has "$tmp/out" "dump 2 "
check "missing and empty path entries are quiet" test ! -s "$tmp/err"
"$bc" --plugin-dir "$fx/good" --plugin-dir "$fx/override" --list-plugins >"$tmp/out" 2>&1
check "the overridden plugin is marked" has "$tmp/out" "output dump 1 (overridden by a later plugin)"

# --- unsafe places: a plugin folder group or others may write, whatever its sticky bit.
dir_mode() { # dir_mode MODE refused|loaded
    local mode=$1 want=$2 d=$tmp/mode$1
    mkdir "$d" && cp "$fx/good/dump.so" "$d/" && chmod "$mode" "$d"
    status 0 "mode $mode plugin folder: --list-plugins" "$bc" --plugin-dir "$d" --list-plugins
    if [ "$want" = refused ]; then
        check "...refused" has "$tmp/err" "warning: $d: plugin directory is writable by group or others; refused"
        check "...nothing loaded from it" hasnt "$tmp/out" dump
        status 2 "...-t dump from it is an unknown format" "$bc" --plugin-dir "$d" -t dump "$tmp/a.lines"
    else
        check "...loaded" has "$tmp/out" "file: $d/dump.so"
        check "...without a warning" test ! -s "$tmp/err"
    fi
}
dir_mode 0755 loaded
dir_mode 0700 loaded
dir_mode 0775 refused
dir_mode 0757 refused
dir_mode 0777 refused
dir_mode 1777 refused
# A plugin file group or others may write is refused alone: the others in its folder load.
mkdir "$tmp/gw" && cp "$fx/good/dump.so" "$fx/good/lines.so" "$tmp/gw/" && chmod 0755 "$tmp/gw" && chmod 0664 "$tmp/gw/dump.so"
"$bc" --plugin-dir "$tmp/gw" --list-plugins >"$tmp/out" 2>"$tmp/err"
check "group-writable plugin file refused" has "$tmp/err" \
    "warning: $tmp/gw/dump.so: plugin file is writable by group or others; refused"
check "...alone" hasnt "$tmp/out" "file: $tmp/gw/dump.so"
check "...the others in its folder load" has "$tmp/out" "file: $tmp/gw/lines.so"
BRIEFCONV_PLUGIN_PATH="relative/dir" "$bc" --list-plugins >"$tmp/out" 2>"$tmp/err"
check "relative BRIEFCONV_PLUGIN_PATH entry ignored with a warning" has "$tmp/err" \
    "warning: relative/dir: BRIEFCONV_PLUGIN_PATH entry is not absolute; ignored"
"$bc" --plugin-dir "$tmp/nonexistent" --list-plugins >"$tmp/out" 2>"$tmp/err"
check "missing --plugin-dir is a usage error" test $? -eq 2

# --- never the current directory: a plugin sitting in the cwd is not loaded.
mkdir "$tmp/cwd" && chmod 0755 "$tmp/cwd" && cp "$fx/good/dump.so" "$fx/good/lines.so" "$tmp/cwd/"
mkdir "$tmp/cwd/plugins" && chmod 0755 "$tmp/cwd/plugins" && cp "$fx/good/dump.so" "$tmp/cwd/plugins/"
(cd "$tmp/cwd" && "$bc" --list-plugins) >"$tmp/out" 2>&1
check "plugins in the current directory are not loaded" bash -c "! grep -q '$tmp/cwd' '$tmp/out'"
check "...nothing loaded at all" has "$tmp/out" "no plugins found"

# --- the build's own plugins are found relative to the executable, from any directory.
bc=$real_bc
if ls "$BUILD"/plugins/*.so >/dev/null 2>&1; then
    (cd / && "$bc" --list-plugins) >"$tmp/out" 2>"$tmp/err"
    check "build plugins found from / with no environment" has "$tmp/out" "file: $BUILD/plugins/"
    check "...without warnings" test ! -s "$tmp/err"
    # A copy of the tree elsewhere finds its own plugins (exe-relative, not compiled-in).
    mkdir -p "$tmp/moved/plugins" && chmod -R 0755 "$tmp/moved"
    cp "$bc" "$tmp/moved/" && cp "$fx/good/dump.so" "$tmp/moved/plugins/"
    LD_LIBRARY_PATH="$BUILD" "$tmp/moved/briefconv" --list-plugins >"$tmp/out" 2>&1
    check "a moved executable loads the plugins beside it" has "$tmp/out" "file: $tmp/moved/plugins/dump.so"
    check "...and not the build's" bash -c "! grep -q 'file: $BUILD/plugins' '$tmp/out'"
    mkdir -p "$tmp/inst/bin" "$tmp/inst/lib/briefconv/plugins" && chmod -R 0755 "$tmp/inst"
    cp "$bc" "$tmp/inst/bin/" && cp "$fx/good/dump.so" "$tmp/inst/lib/briefconv/plugins/"
    LD_LIBRARY_PATH="$BUILD" "$tmp/inst/bin/briefconv" --list-plugins >"$tmp/out" 2>&1
    check "an installed layout loads ../lib/briefconv/plugins" has "$tmp/out" \
        "file: $tmp/inst/bin/../lib/briefconv/plugins/dump.so"
else
    skip "no plugins in $BUILD/plugins"
fi

# Lazy loading: a conversion opens only the plugins named after its formats;
# an alias (txt), a folder or --list-plugins load the whole path.
if [ -f "$BUILD/plugins/plain.so" ] && [ -f "$BUILD/plugins/docx.so" ]; then
    s=$root/samples/stp-dashboard.yaml
    "$BUILD/briefconv" --verbose -t plain -o "$tmp/l.txt" "$s" 2>"$tmp/lazy"
    check "-t plain loads yaml and plain only" test "$(grep -c 'loaded .* plugin' "$tmp/lazy")" -eq 2
    check "...not docx" bash -c "! grep -q 'plugin docx' '$tmp/lazy'"
    "$BUILD/briefconv" --verbose -t txt -o "$tmp/l2.txt" "$s" 2>"$tmp/lazy"
    check "an alias loads everything" grep -q 'plugin docx' "$tmp/lazy"
    check "...and converts the same" cmp -s "$tmp/l.txt" "$tmp/l2.txt"
fi

done_testing
