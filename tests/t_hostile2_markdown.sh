#!/bin/bash
# t_hostile2_markdown.sh — the Markdown writer never produces raw HTML
# (issue 17, point 2).
#
# GFM's autolinks (www., http://, https://, ftp://) scan the source bytes,
# not the decoded text, so a link they make can swallow a backslash or a
# backtick written after it and leave "<img ... onerror=...>" live. Every
# escape the writer uses (\ ` * _ [ ] < > ~ | ! & # : - + = . ) and a code
# span) is put after every autolink trigger, in every place text can be
# (plain fields, paragraphs, emphasis, links, lists, headings, table
# cells), followed by an HTML tag. The Markdown is read by the cmark-gfm
# program with every extension (table, strikethrough, autolink, tagfilter,
# tasklist) and --unsafe: its syntax tree must hold no html_inline or
# html_block node, and the rendered HTML no <img>, <script> or <b>.
#
# Env: BUILD (build dir, default build); BC_REQUIRE_TOOLS=1 makes a missing
# cmark-gfm or python3-yaml a failure instead of a skip.
set -u
. "$(dirname "$0")/lib.sh"
command -v cmark-gfm >/dev/null 2>&1 || skip_all "cmark-gfm is not installed"
/usr/bin/python3 -c 'import yaml' 2>/dev/null || skip_all "python3-yaml is not installed"
gfm() { cmark-gfm -e table -e strikethrough -e autolink -e tagfilter -e tasklist --unsafe "$@"; }

# One briefing per (trigger, escape): the hostile text in every place.
/usr/bin/python3 - "$tmp" <<'PY'
import sys, yaml
work = sys.argv[1]
triggers = ["www.x.org", "www.x.org/p", "http://x.org", "https://x.org/a", "ftp://x.org", "x www.x.org",
            "(www.x.org", "*www.x.org", "a@b.org", "mailto:a@b.org", "WWW.x.org", "www", "http:", ""]
escapes = ["\\", "`", "*", "_", "[", "]", "<", ">", "~", "|", "!", "&amp;", "&", "#", ":", "-", "+", "=",
           ".", ")", "1.", "_x_", "`<b>x</b>`", "\\`", "~~", "**"]
tag = "<img src=x onerror=alert(1)><b>bold</b>"
n = 0
for t in triggers:
    for e in escapes:
        text = t + e + tag
        md = text  # as Markdown source: the reader decides what it is
        doc = {
            "briefing": 1,
            "title": text,
            "type": text,
            "summary": md + "\n\n*" + md + "*\n\n[" + md + "](https://example.org)\n\n- " + md + "\n\n"
                       "| h | " + md.replace("|", "\\|") + " |\n|---|---|\n| " + md.replace("|", "\\|") + " | c |\n\n"
                       "> " + md + "\n\n" + md + " `code` " + md,
            "key_features": [text, {"text": md, "items": [md]}],
            "sections": [{"heading": md, "body": md}],
        }
        with open(f"{work}/h{n:04d}.yaml", "w", encoding="utf-8") as f:
            yaml.safe_dump(doc, f, allow_unicode=True)
        n += 1
pass
PY
[ $? = 0 ] || not_ok "cannot write the briefings"

"$bc" -t markdown -o "$tmp/out" "$tmp" >/dev/null 2>"$tmp/err" || {
    # A briefing the reader refuses is not the point here, but say which.
    grep -v '^converted' "$tmp/err" | head -n 5
}
count=0
for md in "$tmp"/out/*.md; do
    [ -f "$md" ] || continue
    count=$((count + 1))
    gfm -t xml "$md" >"$tmp/ast.xml" 2>/dev/null || { not_ok "cmark-gfm cannot read $(basename "$md")"; continue; }
    # The writer's own raw HTML is the references' anchors, <a id="ref-N"></a>: nothing else.
    grep -v '<html_inline xml:space="preserve">&lt;a id=&quot;ref-[0-9]*&quot;&gt;</html_inline>\|<html_inline xml:space="preserve">&lt;/a&gt;</html_inline>' "$tmp/ast.xml" >"$tmp/ast-other.xml"
    if grep -q '<html_inline\|<html_block' "$tmp/ast-other.xml"; then
        not_ok "$(basename "$md"): raw HTML: $(grep -m 3 -o '<html_inline[^<]*\|<html_block[^<]*' "$tmp/ast-other.xml" | tr '\n' ' ')"
        echo "   input: $(grep -m1 '^title' "$tmp/$(basename "$md" .md).yaml")"
        continue
    fi
    gfm "$md" >"$tmp/page.html"
    if grep -qi '<img\|<script\|<b>' "$tmp/page.html"; then
        not_ok "$(basename "$md"): live tag in the rendered HTML"
    fi
done
[ "$count" -ge 300 ] || not_ok "only $count Markdown files were written"

# The case from the issue, exactly.
printf 'briefing: 1\ntitle: T\nsummary: "www.x.org_<img src=x onerror=alert(1)>"\n' >"$tmp/issue.yaml"
"$bc" -t markdown "$tmp/issue.yaml" >"$tmp/issue.md" || not_ok "issue case: conversion failed"
gfm "$tmp/issue.md" | grep -qi '<img' && not_ok "issue case: <img> is live: $(cat "$tmp/issue.md")"
gfm "$tmp/issue.md" | grep -q 'www.x.org_&lt;img src=x onerror=alert(1)&gt;' || not_ok "issue case: the text is not kept: $(gfm "$tmp/issue.md")"

[ "$tests_failed" = 0 ] && ok "the Markdown writer produced no raw HTML"
done_testing
