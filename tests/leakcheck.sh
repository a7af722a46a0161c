#!/bin/bash
# leakcheck.sh — every plugin over every sample, error case and hostile
# fixture under valgrind memcheck; fails on any memory error or any
# definitely or indirectly lost block. `make leakcheck` runs it with BUILD
# set to the (normal, unsanitized) build directory.
#
# Runs: each input that converts, to each output format, to a file and (once
# per format) to standard output, and with --check; each input that is
# refused, once (its error path); --list-plugins, --help, --version and a
# few usage errors. Runs go in parallel (LEAKCHECK_JOBS, default the
# CPU count). Set LEAKCHECK_QUICK=1 to use the samples only.
set -u
. "$(dirname "$0")/lib.sh"
jobs=${LEAKCHECK_JOBS:-$(nproc 2>/dev/null || echo 2)}

command -v valgrind >/dev/null 2>&1 || bail_out "valgrind is not installed (apt-get install valgrind)"
need_build

# Output formats: every output plugin the CLI lists.
formats=$("$bc" --list-plugins 2>/dev/null | awk '$1 == "output" { print $2 }' | sort -u)
if [ -z "$formats" ]; then
    # Fall back on the plugin files when the listing's layout is not "KIND NAME ...".
    for so in "$BUILD"/plugins/*.so; do
        name=$(basename "$so" .so)
        [ "$name" = yaml ] || formats="$formats $name"
    done
fi
[ -n "$formats" ] || bail_out "no output plugin found in $BUILD/plugins"

inputs=("$root"/samples/*.yaml)
if [ "${LEAKCHECK_QUICK:-0}" != 1 ]; then
    while IFS= read -r -d '' f; do inputs+=("$f"); done < <(find "$root/tests/errors" "$root/tests/hostile" \
        -type f \( -name '*.yaml' -o -name '*.yml' \) -print0 2>/dev/null | sort -z)
fi

# One command per line: an id, then the briefconv arguments (tab-separated).
list=$tmp/commands
: >"$list"
n=0
add() {
    n=$((n + 1))
    local IFS=$'\t'
    echo "$n"$'\t'"$*" >>"$list"
}
for input in "${inputs[@]}"; do
    if "$bc" --check "$input" >/dev/null 2>&1; then
        add --check "$input"
        for fmt in $formats; do
            add -t "$fmt" -o "$tmp/out.$n.$fmt" "$input"
        done
    else
        # Refused while reading, before any output plugin runs: once is enough.
        add -t plain -o "$tmp/out.$n.txt" "$input"
    fi
done
for fmt in $formats; do
    add -t "$fmt" "${inputs[0]}"
done
add --list-plugins
add --help
add --version
add -t no-such-format "${inputs[0]}"
add -t plain -O no-such-option=1 "${inputs[0]}"
add -t plain "$tmp/no-such-file.yaml"

cat >"$tmp/one.sh" <<'SH'
#!/bin/bash
# one.sh LINE: runs one command line of the list under valgrind; prints "ok ID" or "FAIL ID ...".
IFS=$'\t' read -r -a words <<<"$1"
id=${words[0]}
log=$WORK/vg.$id.log
valgrind -q --suppressions="$SUPP" --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --log-file="$log" \
    "$BC" "${words[@]:1}" >/dev/null 2>"$WORK/stderr.$id"
rc=$?
if [ $rc = 99 ] || [ -s "$log" ]; then
    echo "FAIL $id: briefconv ${words[*]:1}"
    sed 's/^/    /' "$log" | head -n 60
elif [ $rc -ge 128 ]; then
    echo "FAIL $id: killed by signal $((rc - 128)): briefconv ${words[*]:1}"
else
    echo "ok $id"
fi
rm -f "$WORK"/out."$id".*
SH
export WORK=$tmp BC=$bc SUPP=$root/tests/faults/valgrind.supp

echo "leakcheck: $n runs under valgrind ($jobs at a time), formats: $(echo $formats)"
start=$(date +%s)
tr '\n' '\0' <"$list" | xargs -0 -P "$jobs" -I{} bash "$tmp/one.sh" {} >"$tmp/results"
bad=$(grep -c '^FAIL' "$tmp/results")
if [ "$bad" -gt 0 ]; then
    not_ok "leakcheck: $bad of $n runs with errors or leaks ($(($(date +%s) - start))s):"
    grep -v '^ok' "$tmp/results"
else
    ok "leakcheck: $(grep -c '^ok' "$tmp/results") of $n runs clean ($(($(date +%s) - start))s)"
fi
done_testing
