#!/bin/bash
# t_markdown_roundtrip.sh — our Markdown, read back by a real CommonMark
# reader, says what our HTML says.
#
# For every samples/*.yaml: render Markdown and HTML with briefconv, turn the
# Markdown into HTML with cmark-gfm (-e table -e strikethrough -e autolink),
# and compare the visible text of the two pages (tests/tools/html_text.py:
# body text only, blocks as whitespace, whitespace runs squeezed). Then,
# with cmark-gfm --unsafe (which keeps our <a id="ref-N"> anchors), check
# that every in-page link #ref-N has its anchor and that no link in the
# result has a scheme other than http, https or mailto.
#
# Env: BUILD (absolute build dir, default build); BC_REQUIRE_TOOLS=1 makes a
# missing cmark-gfm or python3-lxml a failure instead of a skip.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
bc=$BUILD/briefconv
py=/usr/bin/python3
text=$root/tests/tools/html_text.py
links=$root/tests/tools/html_links.py

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
command -v cmark-gfm >/dev/null 2>&1 || missing cmark-gfm
"$py" -c 'import lxml.html' 2>/dev/null || missing "python3-lxml ($py)"

count=0
for input in "$root"/samples/*.yaml; do
    name=$(basename "$input" .yaml)
    count=$((count + 1))
    if ! "$bc" -t markdown -o "$work/$name.md" "$input" 2>"$work/err" ||
        ! "$bc" -t html -o "$work/$name.html" "$input" 2>>"$work/err"; then
        failed "$name: briefconv failed: $(cat "$work/err")"
        continue
    fi
    if ! cmark-gfm -e table -e strikethrough -e autolink "$work/$name.md" >"$work/$name.md.html"; then
        failed "$name: cmark-gfm failed"
        continue
    fi
    "$py" "$text" "$work/$name.html" >"$work/ours.txt" &&
        "$py" "$text" "$work/$name.md.html" >"$work/theirs.txt" || { failed "$name: text extraction failed"; continue; }
    if [ ! -s "$work/ours.txt" ]; then
        failed "$name: no text extracted from our HTML"
    elif ! cmp -s "$work/ours.txt" "$work/theirs.txt"; then
        failed "$name: the Markdown read by cmark-gfm shows other text than our HTML:"
        "$py" - "$work/ours.txt" "$work/theirs.txt" <<'PY'
import sys
a, b = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
i = 0
while i < min(len(a), len(b)) and a[i] == b[i]:
    i += 1
print("    html:     ...%r" % a[max(0, i - 50):i + 50])
print("    markdown: ...%r" % b[max(0, i - 50):i + 50])
PY
    fi
    cmark-gfm --unsafe -e table -e strikethrough -e autolink "$work/$name.md" >"$work/$name.unsafe.html"
    "$py" "$links" "$work/$name.unsafe.html" || failed "$name: links in the Markdown (see above)"
done

[ "$count" -gt 0 ] || failed "no samples found"
[ "$fail" = 0 ] && echo "ok: $count samples read back by cmark-gfm with the same text; citations resolve"
exit "$fail"
