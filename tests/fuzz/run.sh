#!/bin/bash
# tests/fuzz/run.sh [SECONDS] — build the libFuzzer targets, replay every
# saved regression input, then fuzz for SECONDS in all (default 60).
# `make fuzz` calls it with FUZZ_SECONDS (default 600).
#
# Targets (tests/fuzz/fuzz.mk builds them into build-fuzz/):
#   convert  fuzz_convert.c: YAML in, every output format out (3/4 of the time)
#   refdoc   fuzz_refdoc.c: DOCX reference documents (-O reference-doc) (1/4)
# FUZZ_TARGETS="convert" (or "refdoc") runs one alone, for all the time.
#
# Seeds: convert gets samples/, tests/errors/, tests/hostile/ and
# tests/fuzz/seeds/; refdoc gets tests/fuzz/seeds-refdoc/. They are copied
# into tests/fuzz/corpus-run/TARGET/ (git-ignored; kept between runs so the
# corpus grows; FUZZ_FRESH=1 starts again). A crash, leak, timeout or failed
# check leaves its input in build-fuzz/artifacts/ and fails the run: once
# understood, copy it to tests/fuzz/regressions/ (named refdoc-* for the
# refdoc target) and note it in regressions/README.md; every later run
# replays it first.
#
# Environment: FUZZ_BUILD=DIR builds and runs in DIR (default build-fuzz);
# FUZZ_JOBS=N runs N fuzzing processes per target (default 1);
# FUZZ_MAX_LEN (default 65536); BC_REQUIRE_TOOLS=1 makes a missing clang a
# failure rather than a skip.
set -u
cd "$(dirname "$0")/../.." || exit 1
seconds=${1:-60}
fuzz_build=${FUZZ_BUILD:-build-fuzz}
artifacts=$fuzz_build/artifacts
max_len=${FUZZ_MAX_LEN:-65536}
jobs=${FUZZ_JOBS:-1}
targets=${FUZZ_TARGETS:-convert refdoc}

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

echo "== building the fuzz targets in $fuzz_build/"
mkdir -p "$fuzz_build"
make -s -f tests/fuzz/fuzz.mk FUZZ_BUILD=$fuzz_build -j"$(nproc)" fuzz-build >"$fuzz_build/build.log" 2>&1 || {
    grep -E "error|Error" "$fuzz_build/build.log" | head -n 20 >&2
    echo "FAIL: the fuzz targets do not build (log: $fuzz_build/build.log)" >&2
    exit 1
}


# Keep libFuzzer's own per-input leak check, and make sanitizers fatal and loud.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0

# 1. Every saved regression input must now pass.
n=0
for f in tests/fuzz/regressions/*; do
    [ -f "$f" ] || continue
    case $(basename "$f") in
    README* | .*) continue ;; # notes
    refdoc-*) bin=$fuzz_build/fuzz_refdoc ;;
    *) bin=$fuzz_build/fuzz_convert ;;
    esac
    n=$((n + 1))
    if ! "$bin" -runs=1 "$f" >"$fuzz_build/replay.log" 2>&1; then
        echo "FAIL: regression input $f ($(basename "$bin"))" >&2
        grep -E 'runtime error|ERROR|fuzz:|SUMMARY' "$fuzz_build/replay.log" | head -n 5 >&2
        status=1
    fi
done
echo "== replayed $n regression input(s): $([ $status = 0 ] && echo all pass || echo some FAIL)"
[ $status = 0 ] || exit $status
[ "$seconds" != 0 ] || exit 0

# 2. Seed the scratch corpora.
seed() { # TARGET DIR...: copies the seed files of DIRs into the TARGET's corpus
    local target=$1 corpus=tests/fuzz/corpus-run/$1 f name count=0
    shift
    [ "${FUZZ_FRESH:-0}" = 1 ] && rm -rf "$corpus"
    mkdir -p "$corpus"
    while IFS= read -r -d '' f; do
        # Flattened names keep seeds from different folders apart.
        name=$(printf '%s' "$f" | tr '/' '_')
        cp -f "$f" "$corpus/seed_$name"
        count=$((count + 1))
    done < <(find "$@" -type f ! -name 'README*' -print0 2>/dev/null)
    echo "== $target: $count seed file(s) copied into $corpus ($(find "$corpus" -type f | wc -l) inputs in all)"
}

# 3. Fuzz each target for its share of the time.
ntargets=$(echo $targets | wc -w)
mkdir -p "$artifacts"
for target in $targets; do
    case $target in
    convert)
        share=$([ "$ntargets" -gt 1 ] && echo $((seconds * 3 / 4)) || echo "$seconds")
        dict=tests/fuzz/briefing.dict
        seed convert samples tests/errors tests/hostile tests/fuzz/seeds
        ;;
    refdoc)
        share=$([ "$ntargets" -gt 1 ] && echo $((seconds - seconds * 3 / 4)) || echo "$seconds")
        dict=tests/fuzz/refdoc.dict
        seed refdoc tests/fuzz/seeds-refdoc
        ;;
    *)
        echo "FAIL: unknown fuzz target '$target' (convert, refdoc)" >&2
        exit 2
        ;;
    esac
    [ "$share" -gt 0 ] || share=1
    bin=$fuzz_build/fuzz_$target
    log=$fuzz_build/fuzz-$target.log
    echo "== $target: fuzzing for ${share}s (max_len $max_len, $jobs job(s)); log $log"
    args=(-max_total_time="$share" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048
        -dict="$dict" -artifact_prefix="$artifacts/$target-" -print_final_stats=1)
    if [ "$jobs" -gt 1 ]; then
        args+=(-fork="$jobs" -ignore_crashes=0)
    fi
    "$bin" "${args[@]}" "tests/fuzz/corpus-run/$target" >"$log" 2>&1
    rc=$?
    # libFuzzer's status lines: "#N  NEW cov: X ft: Y corp: ..."; the last has the final coverage.
    last=$(grep -E '^#[0-9]+.*cov: [0-9]+' "$log" | tail -n 1)
    echo "   last status: ${last:-none}"
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | sed 's/^/   /'
    if [ $rc != 0 ]; then
        echo "FAIL: $target: the fuzzer found a problem (exit $rc); see $log" >&2
        grep -E 'runtime error|ERROR|fuzz:|SUMMARY|Test unit written' "$log" | head -n 20 >&2
        echo "Reproduce with: $bin ARTIFACT; keep it in tests/fuzz/regressions/ once fixed." >&2
        status=1
    fi
done
[ $status = 0 ] && echo "== nothing found in ${seconds}s"
exit $status
