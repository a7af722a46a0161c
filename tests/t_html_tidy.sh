#!/bin/bash
# t_html_tidy.sh — every sample page passes Debian's tidy with no error and
# no warning: `tidy -q -e` must print nothing and exit 0. The fragment
# (-O fragment=true), wrapped in a minimal page, must pass too.
#
# Env: BUILD (absolute build dir, default build); BC_REQUIRE_TOOLS=1 makes a
# missing tidy a failure instead of a skip.
set -u
. "$(dirname "$0")/lib.sh"

need_build
command -v tidy >/dev/null 2>&1 || skip_all "tidy is not installed"

# tidy FILE: passes when tidy says nothing at all.
quiet_tidy() {
    tidy -q -e "$1" >"$tmp/tidy.out" 2>&1
    local rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$tmp/tidy.out" ]; then
        sed 's/^/    /' "$tmp/tidy.out" | head -10
        return 1
    fi
}

count=0
for input in "$root"/samples/*.yaml; do
    name=$(basename "$input" .yaml)
    count=$((count + 1))
    if ! "$bc" -t html -o "$tmp/$name.html" "$input" 2>"$tmp/err"; then
        not_ok "$name: briefconv failed: $(cat "$tmp/err")"
        continue
    fi
    quiet_tidy "$tmp/$name.html" || not_ok "$name: tidy reports problems (above)"
    {
        printf '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>t</title>\n</head>\n<body>\n'
        "$bc" -t html -O fragment=true "$input"
        printf '</body>\n</html>\n'
    } >"$tmp/$name.fragment.html"
    quiet_tidy "$tmp/$name.fragment.html" || not_ok "$name: tidy reports problems in the fragment (above)"
done

# tidy must be able to fail here: a page with an unclosed element and a bad attribute.
printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title></head>\n<body><p><b>x</p><table summary></body></html>\n' >"$tmp/bad.html"
quiet_tidy "$tmp/bad.html" >/dev/null && not_ok "tidy passed a broken page: the check cannot fail"

[ "$count" -gt 0 ] || not_ok "no samples found"
[ "$tests_failed" = 0 ] && ok "$count pages and fragments pass tidy with no error or warning"
done_testing
