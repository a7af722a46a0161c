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
. "$(dirname "$0")/lib.sh"
text=$root/tests/tools/html_text.py
links=$root/tests/tools/html_links.py


need_build
command -v cmark-gfm >/dev/null 2>&1 || skip_all "cmark-gfm is not installed"
"$PY" -c 'import lxml.html' 2>/dev/null || skip_all "python3-lxml ($PY) is not installed"

count=0
for input in "$root"/samples/*.yaml; do
    name=$(basename "$input" .yaml)
    count=$((count + 1))
    if ! "$bc" -t markdown -o "$tmp/$name.md" "$input" 2>"$tmp/err" ||
        ! "$bc" -t html -o "$tmp/$name.html" "$input" 2>>"$tmp/err"; then
        not_ok "$name: briefconv failed: $(cat "$tmp/err")"
        continue
    fi
    if ! cmark-gfm -e table -e strikethrough -e autolink "$tmp/$name.md" >"$tmp/$name.md.html"; then
        not_ok "$name: cmark-gfm failed"
        continue
    fi
    "$PY" "$text" "$tmp/$name.html" >"$tmp/ours.txt" &&
        "$PY" "$text" "$tmp/$name.md.html" >"$tmp/theirs.txt" || { not_ok "$name: text extraction failed"; continue; }
    if [ ! -s "$tmp/ours.txt" ]; then
        not_ok "$name: no text extracted from our HTML"
    elif ! cmp -s "$tmp/ours.txt" "$tmp/theirs.txt"; then
        not_ok "$name: the Markdown read by cmark-gfm shows other text than our HTML:"
        "$PY" - "$tmp/ours.txt" "$tmp/theirs.txt" <<'PY'
import sys
a, b = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
i = 0
while i < min(len(a), len(b)) and a[i] == b[i]:
    i += 1
print("    html:     ...%r" % a[max(0, i - 50):i + 50])
print("    markdown: ...%r" % b[max(0, i - 50):i + 50])
PY
    fi
    cmark-gfm --unsafe -e table -e strikethrough -e autolink "$tmp/$name.md" >"$tmp/$name.unsafe.html"
    "$PY" "$links" "$tmp/$name.unsafe.html" || not_ok "$name: links in the Markdown (see above)"
done

[ "$count" -gt 0 ] || not_ok "no samples found"
[ "$tests_failed" = 0 ] && ok "$count samples read back by cmark-gfm with the same text; citations resolve"
done_testing
