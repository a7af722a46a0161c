#!/bin/bash
# The plugin loader through the CLI: each broken plugin refused with a message
# naming its file while the others load; search-path order and overriding;
# BRIEFCONV_PLUGIN_PATH; unsafe directories; never the current directory.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
bc=$BUILD/briefconv
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; fails=$((fails + 1)); }
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then ok "$what"; else not_ok "$what"; fi
}
has() { grep -qF -- "$2" "$1"; }

if ! bash "$root/tests/plugins/build.sh" "$root" "$BUILD" "$tmp/fx" >"$tmp/build.log" 2>&1; then
    cat "$tmp/build.log"
    echo "FAIL: cannot build the test plugins"
    exit 1
fi
fx=$tmp/fx
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
check "failing init refused by name" has "$tmp/err" \
    "warning: $fx/broken/init_fail.so: plugin initfail failed to initialise: init_fail: cannot start its engine"
check "non-ELF file refused by name" has "$tmp/err" "warning: $fx/broken/garbage.so: cannot load plugin:"
check "seven refusals, nothing else on stderr" test "$(wc -l <"$tmp/err")" -eq 7
check "good plugins listed" has "$tmp/out" "input lines 0.1"
check "dump listed with its file" has "$tmp/out" "file: $fx/good/dump.so"
check "options listed with type and default" has "$tmp/out" "width (integer, 1..100, default 10) a number"
check "choice options list their choices" has "$tmp/out" "style (choice: a|b, default a) a choice"
check "aliases listed" has "$tmp/out" "aliases: dmp"
check "binary flag listed" has "$tmp/out" "binary output"
check "no broken plugin listed" bash -c "! grep -qE 'future|sideways|initfail|undefined' '$tmp/out'"

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

# --- unsafe places.
mkdir "$tmp/open" && cp "$fx/good/dump.so" "$tmp/open/" && chmod 0777 "$tmp/open"
"$bc" --plugin-dir "$tmp/open" --list-plugins >"$tmp/out" 2>"$tmp/err"
check "world-writable plugin directory refused" has "$tmp/err" \
    "warning: $tmp/open: plugin directory is writable by group or others; refused"
check "...and nothing loaded from it" bash -c "! grep -q dump '$tmp/out'"
mkdir "$tmp/gw" && cp "$fx/good/dump.so" "$tmp/gw/" && chmod 0755 "$tmp/gw" && chmod 0664 "$tmp/gw/dump.so"
"$bc" --plugin-dir "$tmp/gw" --list-plugins >"$tmp/out" 2>"$tmp/err"
check "group-writable plugin file refused" has "$tmp/err" \
    "warning: $tmp/gw/dump.so: plugin file is writable by group or others; refused"
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
    echo "SKIP: no plugins in $BUILD/plugins"
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

if [ "$fails" -ne 0 ]; then
    echo "FAIL: $fails check(s) failed"
    exit 1
fi
echo "PASS: t_loader"
