#!/bin/bash
# t_html_chromium.sh — every sample page renders in headless Chromium with the
# right title and asks for nothing.
#
# The pages are served from a local HTTP server (tests/tools/html_serve.py)
# that records every request. For each samples/*.yaml:
#   1. A copy of the page without its Content-Security-Policy, with a small
#      probe script appended, is loaded with a network log. The page's
#      title and <h1> in Chromium's DOM must equal the <h1> text that
#      cmark-gfm reads from our Markdown; the server must have seen the
#      page alone (and /favicon.ico, which the browser asks for by itself);
#      the network log must hold no request made for the page but the page;
#      and the Resource Timing list the probe prints must be empty.
#   2. The page itself is loaded with console logging: no Content Security
#      Policy message may appear (the policy must have had nothing to block).
# A control page with an image, a stylesheet background and an external
# image must fail checks 1 and 2, so the checks are shown to be able to fail.
#
# Env: BUILD (absolute build dir, default build); SAN (not repeated under a
# sanitizer build); BC_REQUIRE_TOOLS=1 makes a missing chromium, cmark-gfm
# or python3-lxml a failure instead of a skip.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
bc=$BUILD/briefconv
py=/usr/bin/python3
tools=$root/tests/tools

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
    # The pages are byte for byte the normal build's (t_golden_html.sh checks
    # that under the sanitizers too); loading them again would add nothing.
    echo "ok: not repeated under SAN=$SAN"
    exit 0
fi
chrome=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chrome" ] || missing chromium
command -v cmark-gfm >/dev/null 2>&1 || missing cmark-gfm
"$py" -c 'import lxml.html' 2>/dev/null || missing "python3-lxml ($py)"

work=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
mkdir "$work/site"
"$py" "$tools/html_serve.py" "$work/site" "$work/port" "$work/requests" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "FAIL: the test server did not start"; exit 1; }
origin=http://127.0.0.1:$(cat "$work/port")

# chrome URL OUT [EXTRA FLAGS...]: Chromium's DOM after load in OUT, its log in OUT.log.
chrome() {
    local url=$1 out=$2
    shift 2
    timeout 90 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d -p "$work")" --virtual-time-budget=3000 "$@" \
        --dump-dom "$url" >"$out" 2>"$out.log"
}

probe='<script>
addEventListener("load", function () {
  var names = performance.getEntriesByType("resource").map(function (e) { return e.name; });
  var pre = document.createElement("pre");
  pre.id = "bc-resources";
  pre.textContent = "RESOURCES[" + names.join(" ") + "]";
  document.body.appendChild(pre);
});
</script>'

# Requests in Chromium's network log made for pages of our origin, minus the page itself.
netlog_requests() { # LOG PAGE_URL
    "$py" - "$1" "$origin" "$2" <<'PY'
import json, sys
log, origin, page = sys.argv[1:4]
d = json.load(open(log))
types = {v: k for k, v in d["constants"]["logEventTypes"].items()}
# Requests made for a page carry its site (scheme and host, no port) as their
# network isolation key; the browser's own background requests do not.
site = origin.rsplit(":", 1)[0]
for e in d["events"]:
    p = e.get("params") or {}
    if types.get(e["type"]) != "URL_REQUEST_START_JOB" or "url" not in p:
        continue
    key = p.get("network_isolation_key", "").split(" ")[0]
    if key == site and p["url"] not in (page, origin + "/favicon.ico"):
        print(p["url"])
PY
}

# check_quiet NAME PAGE: step 1 on site/PAGE (already probed); prints problems, returns 1 if any.
check_quiet() {
    local name=$1 page=$2 bad=0
    : >"$work/requests"
    chrome "$origin/$page" "$work/dom.html" --log-net-log="$work/net.json"
    [ -s "$work/dom.html" ] || { echo "    $name: Chromium printed no DOM"; return 1; }
    local extra
    extra=$(grep -v -x -e "GET /$page" -e "GET /favicon.ico" "$work/requests")
    [ -z "$extra" ] || { echo "    $name: the server was asked for: $extra" | head -5; bad=1; }
    extra=$(netlog_requests "$work/net.json" "$origin/$page")
    [ -z "$extra" ] || { echo "    $name: network requests: $extra" | head -5; bad=1; }
    local res
    res=$(grep -o 'RESOURCES\[[^]]*\]' "$work/dom.html" | tail -n 1)
    [ -n "$res" ] || { echo "    $name: the probe did not run"; bad=1; }
    [ "$res" = "RESOURCES[]" ] || { echo "    $name: resources loaded: $res"; bad=1; }
    return $bad
}

# check_csp NAME PAGE: step 2; returns 1 when Chromium reports a CSP violation.
check_csp() {
    chrome "$origin/$2" "$work/csp.html" --enable-logging=stderr --v=0
    if grep -E "Content Security Policy|Refused to" "$work/csp.html.log" | head -3 | sed "s/^/    $1: /" | grep -q .; then
        grep -E "Content Security Policy|Refused to" "$work/csp.html.log" | head -3 | sed "s/^/    $1: /"
        return 1
    fi
    return 0
}

without_csp_with_probe() { # IN OUT
    grep -q 'http-equiv="Content-Security-Policy"' "$1" || return 1
    grep -v 'http-equiv="Content-Security-Policy"' "$1" | awk -v probe="$probe" '/^<\/body>$/ { print probe } { print }' >"$2"
}

count=0
for input in "$root"/samples/*.yaml; do
    name=$(basename "$input" .yaml)
    count=$((count + 1))
    if ! "$bc" -t html -o "$work/site/$name.html" "$input" 2>"$work/err" ||
        ! "$bc" -t markdown -o "$work/$name.md" "$input" 2>>"$work/err"; then
        failed "$name: briefconv failed: $(cat "$work/err")"
        continue
    fi
    if ! without_csp_with_probe "$work/site/$name.html" "$work/site/$name.probe.html"; then
        failed "$name: the page has no Content-Security-Policy"
        continue
    fi
    cmark-gfm -e table -e strikethrough -e autolink "$work/$name.md" >"$work/$name.md.html"
    want=$("$py" "$tools/html_title.py" "$work/$name.md.html" | sed -n 's/^h1: //p')
    [ -n "$want" ] || failed "$name: no <h1> in cmark-gfm's reading of the Markdown"
    check_quiet "$name" "$name.probe.html" || failed "$name: the page asked for resources (see above)"
    "$py" "$tools/html_title.py" "$work/dom.html" >"$work/titles"
    # The page's title is the <h1> without its citations (issue 14).
    want_title=$(printf '%s' "$want" | sed -E 's/ \([0-9]+(, [0-9]+)*\)//g')
    [ "$(sed -n 's/^title: //p' "$work/titles")" = "$want_title" ] ||
        failed "$name: Chromium's title is '$(sed -n 's/^title: //p' "$work/titles")', wanted '$want_title'"
    [ "$(sed -n 's/^h1: //p' "$work/titles")" = "$want" ] ||
        failed "$name: Chromium's <h1> is '$(sed -n 's/^h1: //p' "$work/titles")', wanted '$want'"
    check_csp "$name" "$name.html" || failed "$name: Chromium reported a Content Security Policy violation"
done
[ "$count" -gt 0 ] || failed "no samples found"

# The control: the same checks must catch a page that asks for things.
if [ -e "$work/site/stp-dashboard.html" ]; then
    sed -e 's|^<body>$|<body>\n<img src="control.png" alt=""><img src="http://127.0.0.1:9/x.png" alt="">|' \
        -e 's|^</style>$|body { background: url(control-bg.png); }\n</style>|' \
        "$work/site/stp-dashboard.html" >"$work/site/control.html"
    without_csp_with_probe "$work/site/control.html" "$work/site/control.probe.html"
    if check_quiet control control.probe.html >"$work/control.out"; then
        failed "the request checks passed a page that loads images: they cannot fail"
    else
        for what in "server was asked for" "network requests" "resources loaded"; do
            grep -q "$what" "$work/control.out" || failed "the control page was not caught by: $what"
        done
    fi
    check_csp control control.html >/dev/null && failed "the CSP check passed a page with blocked loads"
else
    failed "samples/stp-dashboard.yaml is needed for the control page"
fi

[ "$fail" = 0 ] && echo "ok: $count pages render in Chromium with the right title and request nothing; control caught"
exit "$fail"
