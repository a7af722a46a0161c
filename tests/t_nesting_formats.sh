#!/bin/bash
# t_nesting_formats.sh — issue 14's reader-side points in every format:
#
#   4. smart punctuation in DOCX, HTML, Markdown and plain text, never in
#      code or URLs; -O smart=false keeps what was typed; the Markdown output
#      read back by the reader gives the same text again;
#   6. a title's citation is left out of HTML <title>, the DOCX title
#      property and its running header, and kept in the title itself;
#   8. VT/FF/NEL become a space, other controls and noncharacters vanish,
#      each reported as FILE:LINE:COLUMN: warning (by --check too), and no
#      output holds U+FFFD that the input did not;
#   9. an image is a link to the image in every format; a table row with
#      more cells than its header warns at its line.
#
# Env: BUILD (absolute build dir, default build).
set -u
. "$(dirname "$0")/lib.sh"

need_build

# Every format's text, for grepping: DOCX as its document.xml.
render_all() { # INPUT NAME [OPTIONS...]
    local input=$1 name=$2
    shift 2
    for fmt in docx html markdown plain; do
        if ! "$bc" "$@" -t $fmt -o "$tmp/$name.$fmt" "$input" 2>>"$tmp/$name.err"; then
            not_ok "$name: no $fmt output: $(cat "$tmp/$name.err")"
            continue
        fi
    done
    unzip -p "$tmp/$name.docx" word/document.xml >"$tmp/$name.docx.xml" 2>/dev/null
    unzip -p "$tmp/$name.docx" docProps/core.xml >"$tmp/$name.core.xml" 2>/dev/null
    unzip -p "$tmp/$name.docx" word/header1.xml >"$tmp/$name.header.xml" 2>/dev/null
    unzip -p "$tmp/$name.docx" word/_rels/document.xml.rels >"$tmp/$name.rels" 2>/dev/null
}

# ---- 4. smart punctuation
cat >"$tmp/smart.yaml" <<'YAML'
briefing: 1
title: "The King's \"plan\" -- 2016--17..."
type: "Children's services"
summary: |
  It's "ready" -- mostly... and `code's "quote" -- ...` is not; nor is
  <https://example.org/a--b...> or [this](https://example.org/it's--x).

  ```
  block "code" -- ...
  ```
YAML
render_all "$tmp/smart.yaml" smart
for f in docx.xml html markdown plain; do
    out=$tmp/smart.$f
    for want in 'The King’s “plan” – 2016–17…' 'It’s “ready” – mostly…' 'Children’s services'; do
        grep -qF -- "$want" "$out" || not_ok "smart ($f): '$want' missing"
    done
    grep -qF -- 'block "code" -- ...' "$out" || not_ok "smart ($f): code block not straight"
    case $f in
        html) grep -qF -- 'code&#39;s "quote" -- ...' "$out" || grep -qF -- "code's \"quote\" -- ..." "$out" ||
            grep -qF -- 'code&#39;s &quot;quote&quot; -- ...' "$out" || not_ok "smart (html): code span not straight" ;;
        *) grep -qF -- "code's \"quote\" -- ..." "$out" || not_ok "smart ($f): code span not straight" ;;
    esac
    grep -qF -- 'https://example.org/a--b...' "$out" || not_ok "smart ($f): autolink URL changed"
    [ $f = docx.xml ] && out=$tmp/smart.rels # a DOCX link's URL is in the relationships
    grep -qF -- "https://example.org/it's--x" "$out" || grep -qF -- "https://example.org/it&#39;s--x" "$out" ||
        not_ok "smart ($f): link URL changed"
done
render_all "$tmp/smart.yaml" dumb -O smart=false
for f in docx.xml html markdown plain; do
    grep -q '[‘’“”–…]' "$tmp/dumb.$f" && not_ok "smart=false ($f): smart punctuation made anyway"
done
grep -qF -- "It's \"ready\" -- mostly..." "$tmp/dumb.plain" || not_ok "smart=false: plain text not as typed"
# The Markdown written reads back (smart punctuation on) to the same text, with smart=false input too.
for name in smart dumb; do
    { printf 'briefing: 1\ntitle: t\nsummary: |\n'; sed -n '/^## Summary$/,/^## /p' "$tmp/$name.markdown" |
        sed '1d;/^## /d;s/^/  /'; } >"$tmp/$name.back.yaml"
    "$bc" -t plain -o "$tmp/$name.back.txt" "$tmp/$name.back.yaml" 2>>"$tmp/back.err" ||
        not_ok "$name: the Markdown summary does not read back"
    sed -n '/^Summary$/,$p' "$tmp/$name.plain" | sed '1,2d' >"$tmp/$name.want.txt"
    sed -n '/^Summary$/,$p' "$tmp/$name.back.txt" | sed '1,2d' >"$tmp/$name.got.txt"
    cmp -s "$tmp/$name.want.txt" "$tmp/$name.got.txt" ||
        not_ok "$name: Markdown read back differs: $(diff "$tmp/$name.want.txt" "$tmp/$name.got.txt" | head -5)"
done

# ---- 6. citations left out of titles where they point nowhere
cat >"$tmp/cite.yaml" <<'YAML'
briefing: 1
title: "A review [@kf]"
references:
  - {id: kf, text: "King's Fund"}
YAML
render_all "$tmp/cite.yaml" cite
grep -q '<title>A review</title>' "$tmp/cite.html" || not_ok "cite: HTML <title> keeps the citation"
grep -q '<dc:title>A review</dc:title>' "$tmp/cite.core.xml" || not_ok "cite: DOCX title property keeps the citation"
grep -q '<w:t>A review</w:t>' "$tmp/cite.header.xml" || not_ok "cite: DOCX running header lacks the title"
grep -q '(1)\|>1<' "$tmp/cite.header.xml" && not_ok "cite: DOCX running header keeps the citation"
grep -q 'href="#ref-1">(1)</a></h1>' "$tmp/cite.html" || not_ok "cite: the <h1> lost its citation"

# ---- 8. control characters and noncharacters
printf '%s\n' 'briefing: 1' 'title: "Tab\tok, vt\vx ff\fx nel\Nx"' \
    'type: "bell\a esc\e c1\u0080 nonchar\uFDD0 end"' \
    'summary: "entity &#11; &#0; &#xFFFE; done"' >"$tmp/ctl.yaml"
render_all "$tmp/ctl.yaml" ctl
for f in docx.xml html markdown plain; do
    grep -q $'\xef\xbf\xbd' "$tmp/ctl.$f" && not_ok "controls ($f): U+FFFD in the output"
    grep -qF -- 'vt x ff x nel x' "$tmp/ctl.$f" || not_ok "controls ($f): VT, FF and NEL not made spaces"
    grep -qF -- 'bell esc c1 nonchar end' "$tmp/ctl.$f" || not_ok "controls ($f): controls not dropped"
done
"$bc" --check "$tmp/ctl.yaml" 2>"$tmp/check.err" || not_ok "controls: --check fails"
for want in 'ctl.yaml:2:20: warning: control character U+000B (vertical tab) replaced by a space' \
    'ctl.yaml:2:26: warning: control character U+000C (form feed) replaced by a space' \
    'ctl.yaml:2:33: warning: control character U+0085 (next line) replaced by a space' \
    'ctl.yaml:3:12: warning: control character U+0007 (bell) dropped' \
    'ctl.yaml:3:23: warning: control character U+0080 dropped' \
    'ctl.yaml:3:37: warning: noncharacter U+FDD0 dropped' \
    'ctl.yaml:4:10: warning: character reference to no character'; do
    grep -qF -- "$want" "$tmp/check.err" || not_ok "controls: --check lacks '$want': $(head -c 600 "$tmp/check.err")"
done
n=$(grep -c 'warning:' "$tmp/check.err")
[ "$n" -eq 10 ] || not_ok "controls: $n warnings from --check, want 10 (one each)"
"$bc" --check -O warnings=false "$tmp/ctl.yaml" 2>"$tmp/quiet.err"
[ -s "$tmp/quiet.err" ] && not_ok "controls: -O warnings=false still warns"
printf 'briefing: 1\ntitle: "x\\u0001y\\uFFFDz"\n' >"$tmp/had.yaml"
"$bc" -O warnings=false -t plain "$tmp/had.yaml" | grep -q $'xy\xef\xbf\xbdz' || not_ok "controls: U+FFFD the input had was lost"

# ---- 9. images and dropped table cells
cat >"$tmp/img.yaml" <<'YAML'
briefing: 1
title: Images
summary: |
  See ![the ICS map](https://example.org/map.png) and ![](https://example.org/b.png).

  | a | b |
  |---|---|
  | `x|y` | z |
YAML
render_all "$tmp/img.yaml" img
grep -qF '<a href="https://example.org/map.png">the ICS map</a>' "$tmp/img.html" || not_ok "image (html): no link"
grep -qF 'href="https://example.org/b.png">https://example.org/b.png</a>' "$tmp/img.html" ||
    not_ok "image (html): an image without a description is not a link showing its URL"
grep -qF '[the ICS map](<https://example.org/map.png>)' "$tmp/img.markdown" || not_ok "image (markdown): no link"
grep -qF 'the ICS map <https://example.org/map.png>' "$tmp/img.plain" || not_ok "image (plain): no URL"
grep -qF 'https://example.org/map.png' "$tmp/img.docx" ||
    unzip -p "$tmp/img.docx" word/_rels/document.xml.rels | grep -qF 'https://example.org/map.png' ||
    not_ok "image (docx): no hyperlink to the image"
grep -qF 'img.yaml:8:' "$tmp/img.err" && grep -qF 'table row has 3 cells but its header 2' "$tmp/img.err" ||
    not_ok "table: no warning at the row's line: $(head -c 400 "$tmp/img.err")"

[ "$tests_failed" = 0 ] && ok "smart punctuation, titles without citations, control characters, images and table cells in every format"
done_testing
