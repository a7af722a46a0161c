#!/bin/bash
# t_abi_guard.sh — the loader refuses broken plugins, naming the file and the
# reason, and keeps every other plugin working:
#   - a plugin built for another major ABI          (tests/plugins-broken/wrong_abi.c)
#   - a shared object without the descriptor symbol (no_descriptor.c)
#   - a descriptor smaller than BC_PLUGIN_MIN_SIZE  (truncated.c)
#   - a plugin needing an undefined symbol, so dlopen(RTLD_NOW) fails (undefined_symbol.c)
# and a plugin directory writable by group or others is refused with a warning.
# Env: BUILD (absolute build dir, default ./build), SAN ('' | asan | ubsan).
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
SAN=${SAN:-}
CLI=$BUILD/briefconv
PY=/usr/bin/python3
CC=${CC:-cc}

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
pass() { echo "ok: $*"; }

skip_or_fail() {
    if [ "${BC_REQUIRE_TOOLS:-0}" = 1 ]; then
        echo "FAIL: $*"
        exit 1
    fi
    echo "SKIP: $*"
    exit 0
}

[ -x "$CLI" ] || { echo "FAIL: $CLI not built"; exit 1; }
command -v "$CC" >/dev/null || skip_or_fail "no C compiler ($CC)"
[ -x "$PY" ] || skip_or_fail "$PY missing"

# Plugins built here get the sanitizer of the host, so that a host reading
# past a truncated descriptor trips ASan's redzone around it.
case "$SAN" in
asan) SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer" ;;
ubsan) SANFLAGS="-fsanitize=undefined -fno-omit-frame-pointer" ;;
*) SANFLAGS="" ;;
esac

tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
# mktemp -d gives 0700, but be explicit: the loader must not refuse it.
chmod 755 "$tmp"
unset BRIEFCONV_PLUGIN_PATH

dir=$tmp/plugins
mkdir -m 755 "$dir"

build_plugin() { # SRC OUT [extra flags]
    local src=$1 out=$2
    shift 2
    # shellcheck disable=SC2086
    $CC -std=c11 -Wall -Wextra -Werror -g -fPIC -shared $SANFLAGS -I"$ROOT/include" \
        -o "$out" "$src" "$@" -L"$BUILD" -lbriefconv ||
        { echo "FAIL: could not build $out from $src"; exit 1; }
}

for name in wrong_abi no_descriptor truncated undefined_symbol; do
    build_plugin "$ROOT/tests/plugins-broken/$name.c" "$dir/$name.so"
done
build_plugin "$ROOT/examples/json/json.c" "$dir/json.so"

# The broken plugins really are what they claim to be, or the test proves nothing.
nm -D --defined-only "$dir/no_descriptor.so" | grep -qw briefconv_plugin &&
    fail "no_descriptor.so exports briefconv_plugin"
nm -D --undefined-only "$dir/undefined_symbol.so" | grep -qw bc_function_from_the_future ||
    fail "undefined_symbol.so does not need bc_function_from_the_future"

# ------------------------------------------------------------------ listing
"$CLI" --plugin-dir "$dir" --list-plugins >"$tmp/list.out" 2>"$tmp/list.err"
rc=$?
echo "--- stderr of --list-plugins with the broken directory:"
cat "$tmp/list.err"
echo "---"
[ $rc = 0 ] || fail "--list-plugins exited $rc with refused plugins (expected 0)"

# Each refusal is one line that names the file (its full path) and says why.
check_refusal() { # FILE REGEX WHAT
    local file=$1 regex=$2 what=$3 line
    line=$(grep -F -- "$file" "$tmp/list.err" | head -n 1)
    if [ -z "$line" ]; then
        fail "no warning names $file ($what)"
    elif ! grep -Eiq -- "$regex" <<<"$line"; then
        fail "warning for $file does not say $what: $line"
    else
        pass "refused $(basename "$file"): $what"
    fi
}
check_refusal "$dir/wrong_abi.so" "ABI.*\b2\b|\b2\b.*ABI" "the plugin's major ABI (2)"
check_refusal "$dir/wrong_abi.so" "ABI.*\b1\b|\b1\b.*ABI" "the host's major ABI (1)"
check_refusal "$dir/no_descriptor.so" "briefconv_plugin" "the missing descriptor symbol"
check_refusal "$dir/truncated.so" "truncated|too small|too short|smaller|size" "the descriptor is truncated"
check_refusal "$dir/undefined_symbol.so" "bc_function_from_the_future" "the undefined symbol"

before=$failures
for bad in broken-wrong-abi broken-no-descriptor broken-truncated broken-undefined; do
    grep -qw -- "$bad" "$tmp/list.out" && fail "refused plugin $bad is listed"
done
grep -qw json "$tmp/list.out" && grep -qF "$dir/json.so" "$tmp/list.out" ||
    fail "the good plugin json.so beside the broken ones is not listed"
for std in "$BUILD"/plugins/*.so; do
    name=$(basename "$std" .so)
    grep -qw -- "$name" "$tmp/list.out" || fail "standard plugin $name is missing from the listing"
done
[ $failures = $before ] && pass "good and standard plugins listed beside the broken ones"

# The host did not die on the way: nothing after the refusals is lost.
grep -qiE "sanitizer|runtime error" "$tmp/list.err" && fail "sanitizer report while loading broken plugins"

# ------------------------------------------------------------------ converting
before=$failures
sample=$(ls "$ROOT"/samples/*.yaml | head -n 1)
"$CLI" --plugin-dir "$dir" -t json "$sample" >"$tmp/out.json" 2>"$tmp/conv.err"
rc=$?
[ $rc = 0 ] || { fail "json conversion beside broken plugins exited $rc"; cat "$tmp/conv.err"; }
"$PY" -I -m json.tool "$tmp/out.json" >/dev/null 2>&1 || fail "json output beside broken plugins does not parse"
"$PY" -I - "$tmp/out.json" 2>/dev/null <<'EOF' || fail "json output lacks the title"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if doc.get("title", {}).get("text") else 1)
EOF
# A conversion opens only the plugins named after its formats (json.so,
# yaml.so), so the broken ones beside them are not even opened: no warning.
if grep -qF "$dir/no_descriptor.so" "$tmp/conv.err"; then
    fail "a conversion to json opened the unrelated broken plugins"
else
    pass "a conversion to json does not open the unrelated broken plugins"
fi
# Asked for a format no plugin file is named after, it loads them all, and warns.
"$CLI" --plugin-dir "$dir" -t nosuchformat "$sample" >/dev/null 2>"$tmp/all.err"
grep -qF "$dir/no_descriptor.so" "$tmp/all.err" || fail "a full load does not warn about the refused plugins"

"$CLI" --plugin-dir "$dir" -t plain "$sample" >"$tmp/out.txt" 2>/dev/null
rc=$?
[ $rc = 0 ] && [ -s "$tmp/out.txt" ] || fail "plain conversion beside broken plugins failed (exit $rc)"

"$CLI" --plugin-dir "$dir" -t broken-wrong-abi "$sample" >"$tmp/out.bad" 2>"$tmp/bad.err"
rc=$?
[ $rc = 2 ] || fail "asking for a refused plugin's format exited $rc (expected 2, unknown format)"
[ -s "$tmp/out.bad" ] && fail "asking for a refused plugin's format wrote output"

# The same refusals come through BRIEFCONV_PLUGIN_PATH.
BRIEFCONV_PLUGIN_PATH=$dir "$CLI" --list-plugins >"$tmp/env.out" 2>"$tmp/env.err"
for f in wrong_abi no_descriptor truncated undefined_symbol; do
    grep -qF "$dir/$f.so" "$tmp/env.err" || fail "BRIEFCONV_PLUGIN_PATH: no warning for $f.so"
done
grep -qF "$dir/json.so" "$tmp/env.out" || fail "BRIEFCONV_PLUGIN_PATH: json.so not listed"
[ $failures = $before ] && pass "conversions work beside refused plugins, via --plugin-dir and BRIEFCONV_PLUGIN_PATH"

# ------------------------------------------------------------------ unsafe directories
safe=$tmp/safe
mkdir -m 755 "$safe"
cp "$dir/json.so" "$safe/"
check_dir_mode() { # MODE REFUSED(yes|no)
    local mode=$1 refused=$2 rc before=$failures
    chmod "$mode" "$safe"
    "$CLI" --plugin-dir "$safe" --list-plugins >"$tmp/mode.out" 2>"$tmp/mode.err"
    rc=$?
    if [ "$refused" = yes ]; then
        if ! grep -F -- "$safe" "$tmp/mode.err" | grep -Eiq "writable"; then
            fail "mode $mode: no warning naming $safe as writable"; cat "$tmp/mode.err"
        elif grep -qF "$safe/json.so" "$tmp/mode.out"; then
            fail "mode $mode: plugin from a group/other-writable directory was loaded"
        elif [ $rc != 0 ]; then
            fail "mode $mode: --list-plugins exited $rc"
        else
            pass "mode $mode directory refused: $(grep -F -- "$safe" "$tmp/mode.err" | head -n 1)"
        fi
        "$CLI" --plugin-dir "$safe" -t json "$sample" >"$tmp/mode.json" 2>/dev/null
        rc=$?
        [ $rc = 2 ] || fail "mode $mode: -t json from a refused directory exited $rc (expected 2)"
    else
        grep -qF "$safe/json.so" "$tmp/mode.out" || fail "mode $mode: json.so not loaded from a safe directory"
        grep -qiF "writable" "$tmp/mode.err" && fail "mode $mode: safe directory warned about: $(cat "$tmp/mode.err")"
        [ $failures = "$before" ] && pass "mode $mode directory loaded"
    fi
}
check_dir_mode 755 no
check_dir_mode 775 yes
check_dir_mode 757 yes
check_dir_mode 777 yes
check_dir_mode 700 no
# The sticky bit does not make a world-writable directory safe to load code from.
check_dir_mode 1777 yes
chmod 755 "$safe"

# A plugin file that group or others may write is refused too, alone.
cp "$dir/json.so" "$safe/zz-writable.so"
chmod 775 "$safe/zz-writable.so"
"$CLI" --plugin-dir "$safe" --list-plugins >"$tmp/mode.out" 2>"$tmp/mode.err"
if grep -F -- "$safe/zz-writable.so" "$tmp/mode.err" | grep -qi writable &&
    ! grep -qF "$safe/zz-writable.so" "$tmp/mode.out" && grep -qF "$safe/json.so" "$tmp/mode.out"; then
    pass "group-writable plugin file refused: $(grep -F zz-writable "$tmp/mode.err")"
else
    fail "a group-writable plugin file was not refused on its own"
    cat "$tmp/mode.err"
fi

if [ $failures -gt 0 ]; then
    echo "t_abi_guard: $failures failure(s)"
    exit 1
fi
echo "t_abi_guard: all checks passed"
