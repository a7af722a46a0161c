#!/bin/bash
# tests/fuzz/run.sh [SECONDS] — build the libFuzzer target, replay every
# saved regression input, then fuzz for SECONDS (default 60).
# `make fuzz` calls it with FUZZ_SECONDS (default 600).
#
# Seeds: samples/, tests/errors/, tests/hostile/ and tests/fuzz/seeds/ are
# copied into tests/fuzz/corpus-run/ (git-ignored; kept between runs so the
# corpus grows; FUZZ_FRESH=1 starts it again). A crash, leak, timeout or
# failed check leaves its input in build-fuzz/artifacts/ and fails the run:
# copy the input to tests/fuzz/regressions/ once understood, so it is
# replayed by every later run.
#
# Environment: FUZZ_JOBS=N runs N fuzzing processes on the shared corpus
# (default 1); FUZZ_MAX_LEN (default 65536); BC_REQUIRE_TOOLS=1 makes a
# missing clang a failure rather than a skip.
set -u
cd "$(dirname "$0")/../.." || exit 1
seconds=${1:-60}
fuzz_build=build-fuzz
corpus=tests/fuzz/corpus-run
artifacts=$fuzz_build/artifacts
max_len=${FUZZ_MAX_LEN:-65536}
jobs=${FUZZ_JOBS:-1}

case $seconds in
'' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

if ! command -v clang >/dev/null 2>&1; then
    if [ "${BC_REQUIRE_TOOLS:-0}" = 1 ]; then
        echo "FAIL: clang is not installed (apt-get install clang libclang-rt-14-dev)" >&2
        exit 1
    fi
    echo "SKIP: clang is not installed"
    exit 0
fi

echo "== building $fuzz_build/fuzz_convert"
make -s -f tests/fuzz/fuzz.mk FUZZ_BUILD=$fuzz_build -j"$(nproc)" fuzz-build || {
    echo "FAIL: the fuzz target does not build" >&2
    exit 1
}
bin=$fuzz_build/fuzz_convert

# Keep libFuzzer's own per-input leak check, and make sanitizers fatal and loud.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0

# 1. Every saved regression input must now pass.
regressions=(tests/fuzz/regressions/*)
if [ -e "${regressions[0]}" ]; then
    n=0
    for f in "${regressions[@]}"; do
        case $f in *.md | *.txt) continue ;; esac
        n=$((n + 1))
    done
    echo "== replaying $n regression input(s)"
    for f in "${regressions[@]}"; do
        case $f in *.md | *.txt) continue ;; esac # notes beside the inputs
        if ! "$bin" -runs=1 "$f" >"$fuzz_build/replay.log" 2>&1; then
            echo "FAIL: regression input $f" >&2
            tail -n 40 "$fuzz_build/replay.log" >&2
            status=1
        fi
    done
fi
[ $status = 0 ] || exit $status

# 2. Seed the scratch corpus.
[ "${FUZZ_FRESH:-0}" = 1 ] && rm -rf "$corpus"
mkdir -p "$corpus" "$artifacts"
nseeds=0
while IFS= read -r -d '' f; do
    # Flattened names keep seeds from different folders apart.
    name=$(printf '%s' "$f" | tr '/' '_')
    cp -f "$f" "$corpus/seed_$name"
    nseeds=$((nseeds + 1))
done < <(find samples tests/errors tests/hostile tests/fuzz/seeds -type f \
    \( -name '*.yaml' -o -name '*.yml' \) -print0 2>/dev/null)
echo "== $nseeds seed file(s) copied into $corpus ($(find "$corpus" -type f | wc -l) inputs in all)"

# 3. Fuzz.
if [ "$seconds" = 0 ]; then
    exit 0
fi
echo "== fuzzing for ${seconds}s (max_len $max_len, $jobs job(s))"
log=$fuzz_build/fuzz.log
args=(-max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048
    -dict=tests/fuzz/briefing.dict -artifact_prefix="$artifacts/" -print_final_stats=1)
if [ "$jobs" -gt 1 ]; then
    args+=(-fork="$jobs" -ignore_crashes=0)
fi
"$bin" "${args[@]}" "$corpus" >"$log" 2>&1
rc=$?

# libFuzzer's status lines: "#N  REDUCE cov: X ft: Y corp: ..."; the last one has the final coverage.
last=$(grep -E '^#[0-9]+.*cov: [0-9]+' "$log" | tail -n 1)
echo "   last status: ${last:-none}"
grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$log" | sed 's/^/   /'
if [ $rc != 0 ]; then
    echo "FAIL: the fuzzer found a problem (exit $rc); see $log" >&2
    grep -E 'ERROR|fuzz_convert:|SUMMARY|Test unit written' "$log" | head -n 20 >&2
    echo "Reproduce with: $bin ARTIFACT; keep it in tests/fuzz/regressions/ once fixed." >&2
    exit 1
fi
echo "== no crash in ${seconds}s"
exit 0
