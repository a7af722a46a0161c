#!/bin/bash
# Builds the test plugins into OUT (a private directory):
#   OUT/good/      lines.so dump.so bin.so          (load cleanly)
#   OUT/override/  dump.so built as version "2"     (overrides good/dump.so)
#   OUT/broken/    one .so per refusal reason
#   OUT/v11/       counter.so pages.so tally.so    (ABI 1.1: open/close, collections)
#                  tallycsv.so: tally named "tallycsv", writing .csv files
#   OUT/abi10/     dump.so lines.so oldres.so       (built against the ABI 1.0
#                  headers of tests/abi10: real 1.0 plugins)
#   OUT/crashy/    segv.so abort.so fpe.so hang.so err0.so esc.so exit0.so crashin.so
#                  (misbehave on a briefing named *bad*: tests/t_isolation.sh)
# Usage: build.sh ROOT BUILD OUT    (ROOT: source tree, BUILD: build dir)
set -euo pipefail
root=$1 build=$2 out=$3
src=$root/tests/plugins
cc=${CC:-cc}
flags=(-std=c11 -D_POSIX_C_SOURCE=200809L -shared -fPIC -O1 -Wall -Wextra -Werror "-I$root/include")
link=("-L$build" -lbriefconv "-Wl,-rpath,$build")
mkdir -p "$out/good" "$out/override" "$out/broken" "$out/v11" "$out/abi10"
chmod 0755 "$out" "$out/good" "$out/override" "$out/broken" "$out/v11" "$out/abi10"
"$cc" "${flags[@]}" -o "$out/good/lines.so" "$src/lines.c" "${link[@]}" -Wl,--no-undefined
"$cc" "${flags[@]}" -o "$out/good/dump.so" "$src/dump.c" "${link[@]}" -Wl,--no-undefined
"$cc" "${flags[@]}" -o "$out/good/bin.so" "$src/binary.c" "${link[@]}" -Wl,--no-undefined
"$cc" "${flags[@]}" -DDUMP_VERSION='"2"' -o "$out/override/dump.so" "$src/dump.c" "${link[@]}"
for p in wrong_abi no_symbol truncated bad_kind bad_name init_fail; do
    "$cc" "${flags[@]}" -o "$out/broken/$p.so" "$src/$p.c" "${link[@]}"
done
# Linked without --no-undefined on purpose: the loader must catch it.
"$cc" "${flags[@]}" -o "$out/broken/undefined.so" "$src/undefined.c" "${link[@]}"
# Not even an ELF file.
echo "not a shared object" > "$out/broken/garbage.so"
# ABI 1.1 plugins: instances per run, collections.
"$cc" "${flags[@]}" -o "$out/v11/counter.so" "$src/counter.c" "${link[@]}" -Wl,--no-undefined
"$cc" "${flags[@]}" -DCOUNTER_PAGES -o "$out/v11/pages.so" "$src/counter.c" "${link[@]}" -Wl,--no-undefined
"$cc" "${flags[@]}" -pthread -o "$out/v11/tally.so" "$src/tally.c" "${link[@]}" -Wl,--no-undefined
"$cc" "${flags[@]}" -pthread -DTALLY_NAME='"tallycsv"' -DTALLY_EXT='"csv"' -o "$out/v11/tallycsv.so" \
    "$src/tally.c" "${link[@]}" -Wl,--no-undefined
# ABI 1.0 plugins: the 1.0 headers come first, so <briefconv/plugin.h> is the old one.
flags10=(-std=c11 -D_POSIX_C_SOURCE=200809L -shared -fPIC -O1 -Wall -Wextra -Werror "-I$root/tests/abi10")
"$cc" "${flags10[@]}" -o "$out/abi10/dump.so" "$src/dump.c" "${link[@]}" -Wl,--no-undefined
"$cc" "${flags10[@]}" -o "$out/abi10/lines.so" "$src/lines.c" "${link[@]}" -Wl,--no-undefined
"$cc" "${flags10[@]}" -o "$out/abi10/oldres.so" "$src/old_reserved.c" "${link[@]}" -Wl,--no-undefined
# Misbehaving output plugins (tests/t_isolation.sh), one per way: crashy.c's CRASHY_MODE names each.
mkdir -p "$out/crashy" && chmod 0755 "$out/crashy"
for m in segv abort fpe hang err0 esc exit0; do
    "$cc" "${flags[@]}" -DCRASHY_MODE="\"$m\"" -o "$out/crashy/$m.so" "$src/crashy.c" "${link[@]}" -Wl,--no-undefined
done
"$cc" "${flags[@]}" -o "$out/crashy/crashin.so" "$src/crashy_reader.c" "${link[@]}" -Wl,--no-undefined
