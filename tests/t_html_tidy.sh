#!/bin/bash
# t_html_tidy.sh — every sample page passes Debian's tidy with no error and
# no warning: `tidy -q -e` must print nothing and exit 0. The fragment
# (-O fragment=true), wrapped in a minimal page, must pass too.
#
# Env: BUILD (absolute build dir, default build); BC_REQUIRE_TOOLS=1 makes a
# missing tidy a failure instead of a skip.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
bc=$BUILD/briefconv

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
failed() {
    echo "FAIL: $*"
    fail=1
}

[ -x "$bc" ] || { echo "FAIL: $bc is missing (build it first)"; exit 1; }
if ! command -v tidy >/dev/null 2>&1; then
    if [ "${BC_REQUIRE_TOOLS:-0}" = 1 ]; then
        echo "FAIL: tidy is required (BC_REQUIRE_TOOLS=1)"
        exit 1
    fi
    echo "SKIP: tidy is not installed"
    exit 0
fi

# tidy FILE: passes when tidy says nothing at all.
quiet_tidy() {
    tidy -q -e "$1" >"$work/tidy.out" 2>&1
    local rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$work/tidy.out" ]; then
        sed 's/^/    /' "$work/tidy.out" | head -10
        return 1
    fi
}

count=0
for input in "$root"/samples/*.yaml; do
    name=$(basename "$input" .yaml)
    count=$((count + 1))
    if ! "$bc" -t html -o "$work/$name.html" "$input" 2>"$work/err"; then
        failed "$name: briefconv failed: $(cat "$work/err")"
        continue
    fi
    quiet_tidy "$work/$name.html" || failed "$name: tidy reports problems (above)"
    {
        printf '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>t</title>\n</head>\n<body>\n'
        "$bc" -t html -O fragment=true "$input"
        printf '</body>\n</html>\n'
    } >"$work/$name.fragment.html"
    quiet_tidy "$work/$name.fragment.html" || failed "$name: tidy reports problems in the fragment (above)"
done

# tidy must be able to fail here: a page with an unclosed element and a bad attribute.
printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title></head>\n<body><p><b>x</p><table summary></body></html>\n' >"$work/bad.html"
quiet_tidy "$work/bad.html" >/dev/null && failed "tidy passed a broken page: the check cannot fail"

[ "$count" -gt 0 ] || failed "no samples found"
[ "$fail" = 0 ] && echo "ok: $count pages and fragments pass tidy with no error or warning"
exit "$fail"
