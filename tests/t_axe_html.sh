#!/bin/bash
# t_axe_html.sh — axe-core (WCAG 2.0/2.1 A and AA) finds nothing on any
# sample's HTML page in headless Chromium, at 1200 px and at 400 px wide,
# and no page scrolls sideways at either width (tests/tools/axe_html.js).
#
# Two control pages show the checks can fail on what issue 14 fixed: a
# sample whose links are told from text by colour alone must give
# link-in-text-block, and one whose 60-letter word may not wrap must scroll
# sideways at 400 px.
#
# axe-core and puppeteer-core come from npm (tests/package.json, pinned by
# tests/package-lock.json) into tests/node_modules: installed here when
# missing (.ci/deps.sh does it too).
#
# Env: BUILD (absolute build dir, default build); SAN (not repeated under a
# sanitizer build); BC_REQUIRE_TOOLS=1 makes a missing chromium, node or
# npm package a failure instead of a skip.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
bc=$BUILD/briefconv

fail=0
failed() {
    echo "FAIL: $*"
    fail=1
}
missing() {
    if [ "${BC_REQUIRE_TOOLS:-0}" = 1 ]; then
        echo "FAIL: $1 is required (BC_REQUIRE_TOOLS=1)"
        exit 1
    fi
    echo "SKIP: $1 is not installed"
    exit 0
}

[ -x "$bc" ] || { echo "FAIL: $bc is missing (build it first)"; exit 1; }
if [ -n "${SAN:-}" ]; then
    # The pages are byte for byte the normal build's (t_golden_html.sh checks that).
    echo "ok: not repeated under SAN=$SAN"
    exit 0
fi
chrome=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chrome" ] || missing chromium
command -v node >/dev/null 2>&1 || missing node
if [ ! -f "$root/tests/node_modules/axe-core/axe.min.js" ] || [ ! -d "$root/tests/node_modules/puppeteer-core" ]; then
    command -v npm >/dev/null 2>&1 || missing npm
    (cd "$root/tests" && npm ci --no-audit --no-fund >/dev/null 2>&1) || missing "axe-core and puppeteer-core (npm ci in tests/ failed)"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pages=()
for f in "$root"/samples/*.yaml; do
    out=$work/$(basename "$f" .yaml).html
    if ! "$bc" -O warnings=false -t html -o "$out" "$f" 2>"$work/err.log"; then
        failed "$(basename "$f"): does not convert to HTML"
        sed 's/^/    /' "$work/err.log" | head -n 5
        continue
    fi
    pages+=("$out")
done
[ ${#pages[@]} -gt 0 ] || failed "no sample converted"

node "$root/tests/tools/axe_html.js" "$chrome" 1200,400 "${pages[@]}" >"$work/axe.log" 2>&1
rc=$?
grep -v '^ok ' "$work/axe.log" | sed 's/^/    /'
[ $rc -eq 0 ] || failed "axe-core or the reflow check found problems in the sample pages (exit $rc)"
n=$(grep -c '^ok ' "$work/axe.log")
[ "$n" -eq $((${#pages[@]} * 2)) ] || failed "$n of $((${#pages[@]} * 2)) page checks passed"

# Controls: the same page with the fixes undone must fail each check.
nesting=$work/nesting.html
if [ -s "$nesting" ]; then
    sed 's|</style>|a { text-decoration: none; }\n</style>|' "$nesting" >"$work/control-links.html"
    sed 's|</style>|.briefing { overflow-wrap: normal; }\n</style>|' "$nesting" >"$work/control-wrap.html"
    node "$root/tests/tools/axe_html.js" "$chrome" 1200 "$work/control-links.html" >"$work/c1.log" 2>&1
    grep -q 'link-in-text-block' "$work/c1.log" ||
        failed "control: links told apart by colour alone were not reported ($(head -c 300 "$work/c1.log"))"
    node "$root/tests/tools/axe_html.js" "$chrome" 400 "$work/control-wrap.html" >"$work/c2.log" 2>&1
    grep -q 'scrolls sideways' "$work/c2.log" ||
        failed "control: a 60-letter word that cannot wrap did not make the page scroll ($(head -c 300 "$work/c2.log"))"
else
    failed "samples/nesting.yaml gave no page for the controls"
fi

[ $fail -eq 0 ] && echo "ok: axe-core clean on ${#pages[@]} sample pages at 1200 and 400 px; both controls fail as they must"
exit $fail
