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
. "$(dirname "$0")/lib.sh"
tools=$root/tests/tools

need_build
if [ -n "${SAN:-}" ]; then
    # The pages are byte for byte the normal build's (t_golden.sh checks
    # that under the sanitizers too); loading them again would add nothing.
    skip "not repeated under SAN=$SAN"
    done_testing
fi
chrome=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chrome" ] || skip_all "chromium is not installed"
command -v cmark-gfm >/dev/null 2>&1 || skip_all "cmark-gfm is not installed"
"$PY" -c 'import lxml.html' 2>/dev/null || skip_all "python3-lxml ($PY) is not installed"

server_pid=
at_exit '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null'
mkdir "$tmp/site"
"$PY" "$tools/html_serve.py" "$tmp/site" "$tmp/port" "$tmp/requests" &
server_pid=$!
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || bail_out "the test server did not start"
origin=http://127.0.0.1:$(cat "$tmp/port")

# chrome URL OUT [EXTRA FLAGS...]: Chromium's DOM after load in OUT, its log in OUT.log.
chrome() {
    local url=$1 out=$2
    shift 2
    timeout 90 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d -p "$tmp")" --virtual-time-budget=3000 "$@" \
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
    "$PY" - "$1" "$origin" "$2" <<'PY'
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
    : >"$tmp/requests"
    chrome "$origin/$page" "$tmp/dom.html" --log-net-log="$tmp/net.json"
    [ -s "$tmp/dom.html" ] || { echo "    $name: Chromium printed no DOM"; return 1; }
    local extra
    extra=$(grep -v -x -e "GET /$page" -e "GET /favicon.ico" "$tmp/requests")
    [ -z "$extra" ] || { echo "    $name: the server was asked for: $extra" | head -5; bad=1; }
    extra=$(netlog_requests "$tmp/net.json" "$origin/$page")
    [ -z "$extra" ] || { echo "    $name: network requests: $extra" | head -5; bad=1; }
    local res
    res=$(grep -o 'RESOURCES\[[^]]*\]' "$tmp/dom.html" | tail -n 1)
    [ -n "$res" ] || { echo "    $name: the probe did not run"; bad=1; }
    [ "$res" = "RESOURCES[]" ] || { echo "    $name: resources loaded: $res"; bad=1; }
    return $bad
}

# check_csp NAME PAGE: step 2; returns 1 when Chromium reports a CSP violation.
check_csp() {
    chrome "$origin/$2" "$tmp/csp.html" --enable-logging=stderr --v=0
    if grep -E "Content Security Policy|Refused to" "$tmp/csp.html.log" | head -3 | sed "s/^/    $1: /" | grep -q .; then
        grep -E "Content Security Policy|Refused to" "$tmp/csp.html.log" | head -3 | sed "s/^/    $1: /"
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
    if ! "$bc" -t html -o "$tmp/site/$name.html" "$input" 2>"$tmp/err" ||
        ! "$bc" -t markdown -o "$tmp/$name.md" "$input" 2>>"$tmp/err"; then
        not_ok "$name: briefconv failed: $(cat "$tmp/err")"
        continue
    fi
    if ! without_csp_with_probe "$tmp/site/$name.html" "$tmp/site/$name.probe.html"; then
        not_ok "$name: the page has no Content-Security-Policy"
        continue
    fi
    cmark-gfm -e table -e strikethrough -e autolink "$tmp/$name.md" >"$tmp/$name.md.html"
    want=$("$PY" "$tools/html_title.py" "$tmp/$name.md.html" | sed -n 's/^h1: //p')
    [ -n "$want" ] || not_ok "$name: no <h1> in cmark-gfm's reading of the Markdown"
    check_quiet "$name" "$name.probe.html" || not_ok "$name: the page asked for resources (see above)"
    "$PY" "$tools/html_title.py" "$tmp/dom.html" >"$tmp/titles"
    # The page's title is the <h1> without its citations (issue 14).
    want_title=$(printf '%s' "$want" | sed -E 's/ \([0-9]+(, [0-9]+)*\)//g')
    [ "$(sed -n 's/^title: //p' "$tmp/titles")" = "$want_title" ] ||
        not_ok "$name: Chromium's title is '$(sed -n 's/^title: //p' "$tmp/titles")', wanted '$want_title'"
    [ "$(sed -n 's/^h1: //p' "$tmp/titles")" = "$want" ] ||
        not_ok "$name: Chromium's <h1> is '$(sed -n 's/^h1: //p' "$tmp/titles")', wanted '$want'"
    check_csp "$name" "$name.html" || not_ok "$name: Chromium reported a Content Security Policy violation"
done
[ "$count" -gt 0 ] || not_ok "no samples found"

# The control: the same checks must catch a page that asks for things.
if [ -e "$tmp/site/stp-dashboard.html" ]; then
    sed -e 's|^<body>$|<body>\n<img src="control.png" alt=""><img src="http://127.0.0.1:9/x.png" alt="">|' \
        -e 's|^</style>$|body { background: url(control-bg.png); }\n</style>|' \
        "$tmp/site/stp-dashboard.html" >"$tmp/site/control.html"
    without_csp_with_probe "$tmp/site/control.html" "$tmp/site/control.probe.html"
    if check_quiet control control.probe.html >"$tmp/control.out"; then
        not_ok "the request checks passed a page that loads images: they cannot fail"
    else
        for what in "server was asked for" "network requests" "resources loaded"; do
            grep -q "$what" "$tmp/control.out" || not_ok "the control page was not caught by: $what"
        done
    fi
    check_csp control control.html >/dev/null && not_ok "the CSP check passed a page with blocked loads"
else
    not_ok "samples/stp-dashboard.yaml is needed for the control page"
fi

[ "$tests_failed" = 0 ] && ok "$count pages render in Chromium with the right title and request nothing; control caught"
done_testing
