#!/bin/bash
# isolation.sh — what crash isolation of plugins costs (issue 15), for bench/results.md.
#   BUILD=$PWD/build bash bench/isolation.sh [BEFORE_BUILD]
# Compares, with ab.py's interleaved rounds over 1,000 generated briefings (-j 2):
#   - batch DOCX (built in, in-process) now, and with BEFORE_BUILD's briefconv if given
#   - batch DOCX with BRIEFCONV_ISOLATE=all (a fork per render, as a third-party DOCX writer gets)
#   - a trivial third-party writer (tests/plugins/crashy.c) in-process (BRIEFCONV_ISOLATE=none)
#     and isolated, and isolated with 10 and 100 of the 1,000 briefings crashing it (SIGSEGV)
#   - a trivial third-party reader (tests/plugins/crashy_reader.c) in-process and probed in a child
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
before=${1:-}
work=$build/bench/isolation
mkdir -p "$work"
cc -O2 -o "$work/runstat" "$root/bench/runstat.c"
[ -d "$work/data/batch-1000" ] || python3 "$root/bench/gen_briefings.py" -o "$work/data" corpus 1000 >/dev/null
bash "$root/tests/plugins/build.sh" "$root" "$build" "$work/p" >/dev/null
for k in 0 10 100; do
    rm -rf "$work/crash$k"
    cp -r "$work/data/batch-1000" "$work/crash$k"
    find "$work/crash$k" -name '*.yaml' | sort | head -n "$k" | while read -r f; do
        mv "$f" "$(dirname "$f")/bad-$(basename "$f")"
    done
done
# runstat stops at a failing command: a run with crashes exits 1 by design.
printf '#!/bin/sh\n"$@"\nexit 0\n' >"$work/ok.sh"
chmod +x "$work/ok.sh"
out=/dev/shm/bc-isolation.$$
trap 'rm -rf "$out"*' EXIT
cli=$build/briefconv p=$work/p/crashy in=$work/data/batch-1000
cmds=()
[ -n "$before" ] && cmds+=("before=$before/briefconv -q -t docx -o $out.b -j 2 $in")
cmds+=("docx=$cli -q -t docx -o $out.n -j 2 $in"
    "docx-isolated=env BRIEFCONV_ISOLATE=all $cli -q -t docx -o $out.a -j 2 $in")
RUNSTAT=$work/runstat python3 "$root/bench/ab.py" --rounds 3 --runs 2 "${cmds[@]}"
RUNSTAT=$work/runstat python3 "$root/bench/ab.py" --rounds 3 --runs 2 \
    "3p-in-process=env BRIEFCONV_ISOLATE=none $cli -q --plugin-dir $p -t segv -o $out.0 -j 2 $work/crash0" \
    "3p-isolated=$cli -q --plugin-dir $p -t segv -o $out.1 -j 2 $work/crash0" \
    "3p-10-crashes=$work/ok.sh $cli -q --plugin-dir $p -t segv -o $out.2 -j 2 $work/crash10" \
    "3p-100-crashes=$work/ok.sh $cli -q --plugin-dir $p -t segv -o $out.3 -j 2 $work/crash100"
mkdir -p "$work/rin"
for i in $(seq 1 1000); do printf 'Title %s\nsome text of the briefing\n' "$i" >"$work/rin/r$i.crashin"; done
RUNSTAT=$work/runstat python3 "$root/bench/ab.py" --rounds 3 --runs 2 \
    "reader-in-process=env BRIEFCONV_ISOLATE=none $cli -q --plugin-dir $p -t plain -o $out.r0 -j 2 $work/rin" \
    "reader-probed=$cli -q --plugin-dir $p -t plain -o $out.r1 -j 2 $work/rin"
