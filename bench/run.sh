#!/bin/bash
# make bench: the benchmark (see bench/README.md). Usage:
#   BUILD=/abs/build bash bench/run.sh [--quick] [--out FILE] [--no-pandoc] [--no-perf]
# Full mode installs pandoc and perf when they are missing and we are root
# (Debian packages); --quick never installs anything and is the smoke run used
# by tests/t_bench_smoke.sh. Results: bench/results.md (full) or
# $BUILD/bench/results-quick.md (quick).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../build}
quick=0
for a in "$@"; do [ "$a" = --quick ] && quick=1; done

if [ ! -x "$BUILD/briefconv" ]; then
    echo "bench: $BUILD/briefconv is missing; run make first" >&2
    exit 1
fi

install_missing() {  # $1 = command, $2 = Debian package
    command -v "$1" >/dev/null 2>&1 && return 0
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 0
    echo "bench: installing $2 (for $1)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1 ||
        { apt-get update -q >/dev/null 2>&1 &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1; } ||
        echo "bench: could not install $2; going on without it" >&2
}
if [ "$quick" = 0 ]; then
    install_missing pandoc pandoc
    install_missing perf linux-perf
fi

exec /usr/bin/python3 "$here/bench.py" --build "$BUILD" "$@"
