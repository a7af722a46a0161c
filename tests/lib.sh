# tests/lib.sh — what every script test (tests/t_*.sh) shares. A test
# sources it first:
#
#     set -uo pipefail            # (the test's own choice)
#     . "$(dirname "$0")/lib.sh"
#
# and gets:
#   root    the project's top folder
#   BUILD   the build folder (env BUILD, default $root/build); the Makefile
#           passes an absolute one, build-asan or build-ubsan under a sanitizer
#   SAN     '' | asan | ubsan (env)
#   bc      the program under test, $BUILD/briefconv
#   PY      /usr/bin/python3
#   tmp     a fresh folder of mode 0755, removed on exit with all it holds,
#           folders the test made unreadable or read-only included
#
# One result style, TAP-like: every result is a line "ok - WHAT" or
# "not ok - WHAT" (a skipped part: "ok - # SKIP WHY"), details indented
# under it; done_testing ends the test with a summary line and exits 1 when
# anything was not ok. This file is not named t_*.sh, so the Makefile does
# not run it as a test.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$root/build}
SAN=${SAN:-}
bc=$BUILD/briefconv
PY=/usr/bin/python3

test_name=$(basename "$0" .sh)
tests_passed=0
tests_failed=0 # read it to tell whether a part went clean: [ "$tests_failed" = "$before" ]
tests_skipped=0

ok() { # ok WHAT
    echo "ok - $*"
    tests_passed=$((tests_passed + 1))
}
not_ok() { # not_ok WHAT
    echo "not ok - $*"
    tests_failed=$((tests_failed + 1))
}
check() { # check WHAT COMMAND...: ok when COMMAND succeeds
    local what=$1
    shift
    if "$@"; then ok "$what"; else not_ok "$what"; fi
}
status() { # status EXPECTED WHAT COMMAND...: COMMAND's stdout in $tmp/out, stderr in $tmp/err
    local want=$1 what=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then
        ok "$what (exit $got)"
    else
        not_ok "$what: exit $got, wanted $want"
        sed 's/^/    /' "$tmp/err" | head -8
    fi
}
ext_of() { # ext_of FORMAT: the extension of the files FORMAT writes
    case $1 in
    docx) echo docx ;; html) echo html ;; markdown) echo md ;; plain) echo txt ;;
    esac
}
has() { grep -qF -- "$2" "$1"; }    # has FILE TEXT
hasnt() { ! grep -qF -- "$2" "$1"; } # hasnt FILE TEXT

skip() { # skip WHY: a part of the test not run here
    echo "ok - # SKIP $*"
    tests_skipped=$((tests_skipped + 1))
}
# A tool the test needs is missing: the test ends as skipped, or as failed
# when CI asks for every tool (BC_REQUIRE_TOOLS=1).
skip_all() { # skip_all WHY
    missing "$@"
    done_testing
}
# Something one part needs is missing: that part is skipped, or failed
# when CI asks for every tool (BC_REQUIRE_TOOLS=1), and the test goes on.
missing() { # missing WHY
    if [ "${BC_REQUIRE_TOOLS:-0}" = 1 ]; then not_ok "$* (BC_REQUIRE_TOOLS=1)"; else skip "$*"; fi
}
# The workplace's ../shared/tools (validate-docx) is not a package: every CI
# run has it, so in CI (CI set) its absence fails the test; elsewhere a skip.
shared_tool_missing() { # shared_tool_missing WHY
    if [ -n "${CI:-}" ]; then not_ok "$* (CI is set: ../shared/tools must be there)"; else skip "$*"; fi
}
optional_tool() { # optional_tool TOOL WHAT-IS-LEFT-OUT: true when TOOL is there
    command -v "$1" >/dev/null 2>&1 && return 0
    missing "$1 is missing: $2"
    return 1
}
bail_out() { # bail_out WHY: a failure every later step depends on ends the test
    not_ok "$*"
    done_testing
}
need_build() { # the program must be built before anything else
    [ -x "$bc" ] || bail_out "$bc is not built (make all)"
}

done_testing() { # the summary line; exit status 1 when anything was not ok
    echo "# $test_name: $tests_passed ok, $tests_failed not ok, $tests_skipped skipped"
    [ "$tests_failed" -eq 0 ] || exit 1
    exit 0
}

# Commands run at exit, before $tmp goes (unmounting, stopping a server).
exit_commands=()
at_exit() { exit_commands+=("$1"); } # at_exit 'SHELL COMMAND'
lib_cleanup() {
    local c
    for c in ${exit_commands[@]+"${exit_commands[@]}"}; do eval "$c"; done
    chmod -R u+rwx "$tmp" 2>/dev/null
    rm -rf "$tmp"
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")
chmod 0755 "$tmp"
trap lib_cleanup EXIT
