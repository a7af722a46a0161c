#!/bin/bash
# t_nesting_docx.sh — the Word copy of samples/nesting.yaml as a reader sees
# it: rendered by LibreOffice, read back with `pdftotext -layout`.
#
#   * numbers: ordered lists inside lists count 1, 2, 3 (never a. b. or
#     i. ii.), each from its own start;
#   * no lone markers: an item whose first block is a list, a heading, code
#     or a quote starts on its marker's line; one that opens with a table
#     has its marker beside the table's first row, and the list counts on
#     after it;
#   * quotes: every block inside one (lists, code, a nested quote) is
#     indented with it, and the text after it is back at the margin;
#   * the title page has no running title (its footer stays), later pages
#     carry it on one line and without the title's citation;
#   * the record is not alone on its page — and a control copy with every
#     keepNext/keepLines stripped shows the sample does put it there, so
#     the check can fail;
#   * word/document.xml has curly quotes and dashes outside code and
#     straight ones inside code.
#
# Env: BUILD (absolute build dir, default build); SAN (not repeated under a
# sanitizer build); BC_REQUIRE_TOOLS=1 makes a missing soffice or pdftotext
# a failure instead of a skip.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
bc=$BUILD/briefconv
py=/usr/bin/python3
sample=$root/samples/nesting.yaml

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
    echo "ok: not repeated under SAN=$SAN (the DOCX is byte for byte the normal build's)"
    exit 0
fi
command -v soffice >/dev/null 2>&1 || missing soffice
command -v pdftotext >/dev/null 2>&1 || missing pdftotext

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! "$bc" -t docx -o "$work/nesting.docx" "$sample" 2>"$work/err" || [ -s "$work/err" ]; then
    echo "FAIL: briefconv failed or warned on nesting.yaml: $(cat "$work/err")"
    exit 1
fi

# The control: the same document without a single keepNext or keepLines.
mkdir -p "$work/control"
"$py" - "$work/nesting.docx" "$work/control/nesting.docx" <<'PY' || failed "cannot make the control copy"
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == 'word/document.xml':
            data = data.replace(b'<w:keepNext/>', b'').replace(b'<w:keepLines/>', b'')
        zout.writestr(item, data)
PY

for d in "$work" "$work/control"; do
    if ! timeout 300 soffice -env:UserInstallation="file://$work/lo-profile" --headless --convert-to pdf \
        --outdir "$d" "$d/nesting.docx" >"$work/lo.log" 2>&1 || [ ! -s "$d/nesting.pdf" ]; then
        echo "FAIL: LibreOffice made no PDF of $d/nesting.docx: $(cat "$work/lo.log")"
        exit 1
    fi
    pdftotext -layout "$d/nesting.pdf" "$d/nesting.txt" || { echo "FAIL: pdftotext failed"; exit 1; }
done
unzip -p "$work/nesting.docx" word/document.xml >"$work/document.xml" || failed "no word/document.xml"

"$py" - "$work/nesting.txt" "$work/control/nesting.txt" "$work/document.xml" <<'PY' || fail=1
import re, sys

text = open(sys.argv[1], encoding='utf-8').read()
control = open(sys.argv[2], encoding='utf-8').read()
xml = open(sys.argv[3], encoding='utf-8').read()
pages = text.split('\f')
lines = text.splitlines()
bad = 0

def fail(msg):
    global bad
    bad = 1
    print('FAIL: ' + msg)

def line_of(pattern, where=lines):
    for l in where:
        if re.search(pattern, l):
            return l
    return None

def indent(line):
    return len(line) - len(line.lstrip(' '))

# Numbers: every ordered list counts 1, 2, 3 from its own start, at any depth.
for pat in [r'^\s*1\.\s+Prepare the ground', r'^\s*1\.\s+Agree the scope', r'^\s*2\.\s+Name the “owner”',
            r'^\s*1\.\s+Draft', r'^\s*2\.\s+Review', r'^\s*3\.\s+Publish', r'^\s*2\.\s+Deliver',
            r'^\s*1\.\s+First step', r'^\s*2\.\s+Second step', r'^\s*3\.\s+Third step',
            r'^\s*2\.\s+Its second item', r'^\s*4\.\s+and goes on to four',
            r'^\s*1\.\s+quoted number one', r'^\s*2\.\s+quoted number two',
            r'^\s*1\.\s+Agree the plan', r'^\s*3\.\s+Report back']:
    if not line_of(pat):
        fail('no line matching %r: an ordered list lost its numbers' % pat)
for l in lines:
    if re.match(r'^\s*([a-h]|i{1,3}|iv|v|vi{0,3})\.\s', l):
        fail('a list renumbered by depth: %r' % l.strip())

# No lone markers: these items start on their marker's line.
for pat in [r'•\s+1\.\s+Ordered list that opens a bullet', r'•\s+A heading inside an item',
            r'•\s+code first -- "straight"', r'•\s+A quote that opens an item',
            r'•\s+3\.\s+A list that starts at three', r'•\s+Steps under a bullet keep their numbers',
            r'^\s*2\.\s+Step\s+Owner\s*$', r'^\s*•\s+Bullet\s+Table\s*$']:
    if not line_of(pat):
        fail('no line matching %r: the item\'s first block is not on its marker\'s line' % pat)
for l in lines:
    if re.match(r'^\s*([•◦▪]|[0-9]+\.)\s*$', l):
        fail('a marker alone on its line: %r' % l)

# A table that opens an item keeps all its text, lined up under its first row.
step = line_of(r'^\s*2\.\s+Step\s+Owner')
for pat in [r'^\s*Search\s+Librarian\s*$', r'^\s*Summary\s+Clinical lead\s*$', r'^\s*Review\s+Both\s*$',
            r'^\s*beside\s+it\s*$']:
    l = line_of(pat)
    if not l:
        fail('no line matching %r: the table that opens an item lost text' % pat)
    elif pat.startswith(r'^\s*Search') and step and indent(l) != step.index('Step'):
        fail('the table beside its marker is not lined up: %r under %r' % (l, step))

# Quotes: everything inside is indented with the quote; after it, the margin.
after = line_of(r'After the quote, the left margin again')
margin = indent(after) if after else 0
if not after:
    fail('the paragraph after the quote is missing')
for pat in [r'A quote with a list', r'quoted bullet one', r'quoted number one', r'quoted code',
            r'Back in the outer quote']:
    l = line_of(pat)
    if not l:
        fail('%r is missing' % pat)
    elif indent(l) <= margin:
        fail('%r is not indented with its quote (column %d, margin %d)' % (pat, indent(l), margin))
outer, inner = line_of(r'A quote with a list'), line_of(r'A quote inside the quote')
if outer and inner and indent(inner) <= indent(outer):
    fail('the nested quote is not indented further than its outer quote')
bullet = line_of(r'quoted bullet one')
if bullet and outer and indent(bullet) < indent(outer):
    fail('the quoted list sticks out of the quote')

# The title page: no running title; the footer stays. Later pages: the title on one line, no citation.
title_start = 'Nested lists, quotes and “smart”'
first = [l.strip() for l in pages[0].splitlines() if l.strip()]
if len(pages) < 2:
    fail('the sample should take more than one page')
if sum(l.startswith(title_start) for l in first) != 1:
    fail('page 1 shows the title %d times (a running title above the title?)' %
         sum(l.startswith(title_start) for l in first))
if not any(re.search(r'Page 1 of \d', l) for l in first):
    fail('page 1 lost its footer')
for n, page in enumerate(pages[1:], 2):
    head = [l.strip() for l in page.splitlines() if l.strip()][:1]
    if not head:
        continue
    if head[0] != 'Nested lists, quotes and “smart” punctuation in the King’s Fund review':
        fail('page %d: running title is %r (want the title on one line, without "(1)")' % (n, head[0]))

# The record is not alone on its page; in the control it is, so the sample tests something.
def record_alone(doc):
    for page in doc.split('\f'):
        body = [l.strip() for l in page.splitlines() if l.strip()]
        if not any(l.startswith('Date last updated') for l in body):
            continue
        before = body[1:body.index(next(l for l in body if l.startswith('Date last updated')))]
        return len(before) == 0
    return None
alone = record_alone(text)
if alone is None:
    fail('the record is missing')
elif alone:
    fail('the record is alone on its page')
if record_alone(control) is not True:
    fail('control: without keepNext/keepLines the record is not alone on a page, so the sample no longer '
         'tests keeping it (did the layout change? tune the "Filling the page" section)')

# Typography in word/document.xml: curly outside code, straight inside.
for want in ['King’s Fund’s', '“Quoted”', '‘single quotes’', '2016–2017', 'pause—like this—and',
             'ellipsis…', 'Name the “owner”']:
    if want not in xml:
        fail('document.xml lacks %r (smart punctuation)' % want)
for want in ['code "stays" straight -- here...', 'code first -- "straight"',
             'quoted code -- "straight"']:
    if want not in xml:
        fail('document.xml lacks %r: code must keep its straight quotes and dashes' % want)
if "it's--fine" not in xml:
    fail('the URL lost its straight apostrophe or hyphens')

sys.exit(bad)
PY

[ $fail -eq 0 ] && echo "ok: nesting.docx reads right in LibreOffice (numbers, markers, quotes, title page, record, typography)"
exit $fail
