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
. "$(dirname "$0")/lib.sh"

need_build
if [ -n "${SAN:-}" ]; then
    # The pages are byte for byte the normal build's (t_golden.sh checks that).
    skip "not repeated under SAN=$SAN"
    done_testing
fi
chrome=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chrome" ] || skip_all "chromium is not installed"
command -v node >/dev/null 2>&1 || skip_all "node is not installed"
if [ ! -f "$root/tests/node_modules/axe-core/axe.min.js" ] || [ ! -d "$root/tests/node_modules/puppeteer-core" ]; then
    command -v npm >/dev/null 2>&1 || skip_all "npm is not installed"
    (cd "$root/tests" && npm ci --no-audit --no-fund >/dev/null 2>&1) || skip_all "axe-core and puppeteer-core are not installed (npm ci in tests/ failed)"
fi

pages=()
for f in "$root"/samples/*.yaml; do
    out=$tmp/$(basename "$f" .yaml).html
    if ! "$bc" -O warnings=false -t html -o "$out" "$f" 2>"$tmp/err.log"; then
        not_ok "$(basename "$f"): does not convert to HTML"
        sed 's/^/    /' "$tmp/err.log" | head -n 5
        continue
    fi
    pages+=("$out")
done
[ ${#pages[@]} -gt 0 ] || not_ok "no sample converted"

node "$root/tests/tools/axe_html.js" "$chrome" 1200,400 "${pages[@]}" >"$tmp/axe.log" 2>&1
rc=$?
grep -v '^ok ' "$tmp/axe.log" | sed 's/^/    /'
[ $rc -eq 0 ] || not_ok "axe-core or the reflow check found problems in the sample pages (exit $rc)"
n=$(grep -c '^ok ' "$tmp/axe.log")
[ "$n" -eq $((${#pages[@]} * 2)) ] || not_ok "$n of $((${#pages[@]} * 2)) page checks passed"

# Controls: the same page with the fixes undone must fail each check.
nesting=$tmp/nesting.html
if [ -s "$nesting" ]; then
    sed 's|</style>|a { text-decoration: none; }\n</style>|' "$nesting" >"$tmp/control-links.html"
    sed 's|</style>|.briefing { overflow-wrap: normal; }\n</style>|' "$nesting" >"$tmp/control-wrap.html"
    node "$root/tests/tools/axe_html.js" "$chrome" 1200 "$tmp/control-links.html" >"$tmp/c1.log" 2>&1
    grep -q 'link-in-text-block' "$tmp/c1.log" ||
        not_ok "control: links told apart by colour alone were not reported ($(head -c 300 "$tmp/c1.log"))"
    node "$root/tests/tools/axe_html.js" "$chrome" 400 "$tmp/control-wrap.html" >"$tmp/c2.log" 2>&1
    grep -q 'scrolls sideways' "$tmp/c2.log" ||
        not_ok "control: a 60-letter word that cannot wrap did not make the page scroll ($(head -c 300 "$tmp/c2.log"))"
else
    not_ok "samples/nesting.yaml gave no page for the controls"
fi

[ "$tests_failed" = 0 ] && ok "axe-core clean on ${#pages[@]} sample pages at 1200 and 400 px; both controls fail as they must"
done_testing
