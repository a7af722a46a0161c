#!/bin/bash
# t_hostile_outputs.sh — hostile text and hostile links in, valid and safe
# files out (issue 7).
#
# Fixtures in tests/hostile/:
# - *.yaml not starting with "err-" must convert to every format, and every
#   output must stay valid and safe:
#     DOCX      ../shared/tools/validate-docx -W passes; no external
#               relationship or HYPERLINK field points at a scheme other than
#               http, https or mailto
#     HTML      tidy -q -e reports no error; no link-bearing attribute with an
#               unsafe scheme, no <script>, no on* handler (parsed by lxml)
#     Markdown  cmark-gfm --unsafe renders it to HTML with none of the above
#     all text  valid UTF-8, no NUL or other C0 control but TAB and LF, no
#               U+FFFE / U+FFFF
# - err-*.yaml must be refused: exit status 1, the message
#   "FILE:LINE:COLUMN: error: ..." that the first line's
#   "# expect-error: LINE:COLUMN: REGEX" names, and no output file.
#
# Env: BUILD (build dir, default build), BC_REQUIRE_TOOLS=1 makes a missing
# checker a failure instead of a skip.
set -u
. "$(dirname "$0")/lib.sh"
fixtures=$root/tests/hostile
validate_docx=$root/../shared/tools/validate-docx
formats="docx html markdown plain"

need_build
have_validate=1 have_tidy=1 have_cmark=1 have_lxml=1
[ -x "$validate_docx" ] || { have_validate=0; shared_tool_missing "validate-docx ($validate_docx) is not available"; }
command -v tidy >/dev/null 2>&1 || { have_tidy=0; optional_tool tidy "its checks are left out"; }
command -v cmark-gfm >/dev/null 2>&1 || { have_cmark=0; optional_tool cmark-gfm "its checks are left out"; }
if ! $PY -c 'import lxml.html' 2>/dev/null; then
    have_lxml=0
    missing "python3-lxml is not available: its checks are left out"
fi
[ $have_lxml = 1 ] || have_validate=0

# checker.py MODE FILE: MODE text|html|docx; prints one line per problem.
cat >"$tmp/check.py" <<'PY'
import re, sys, zipfile

mode, path = sys.argv[1], sys.argv[2]
problems = []
SAFE = re.compile(r'^[\x00-\x20]*(https?:|mailto:|#)', re.I)

def check_text(data, what):
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        problems.append('%s: not valid UTF-8 (%s)' % (what, e))
        return None
    for i, ch in enumerate(text):
        o = ord(ch)
        if (o < 0x20 and ch not in '\t\n') or o in (0xFFFE, 0xFFFF):
            problems.append('%s: character U+%04X at offset %d' % (what, o, i))
            break
    return text

def check_html(text, what):
    import lxml.html
    if not text.strip():
        problems.append('%s: empty' % what)
        return
    doc = lxml.html.document_fromstring(text)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() == 'script':
            problems.append('%s: <script> element' % what)
        for name, value in el.attrib.items():
            lname = name.lower()
            if lname.startswith('on'):
                problems.append('%s: event handler %s="%s"' % (what, name, value))
            if lname in ('href', 'src', 'action', 'formaction', 'poster', 'data', 'xlink:href', 'srcset'):
                if not SAFE.match(value):
                    problems.append('%s: <%s %s="%s">' % (what, el.tag, name, value))

if mode == 'text':
    with open(path, 'rb') as f:
        check_text(f.read(), path)
elif mode == 'html':
    with open(path, 'rb') as f:
        text = check_text(f.read(), path)
    if text is not None:
        check_html(text, path)
elif mode == 'docx':
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith('.rels'):
                for m in re.finditer(rb'<Relationship\b[^>]*>', data):
                    tag = m.group(0)
                    if b'TargetMode="External"' in tag:
                        t = re.search(rb'Target="([^"]*)"', tag)
                        target = t.group(1).decode('utf-8', 'replace') if t else ''
                        target = target.replace('&amp;', '&')
                        if not SAFE.match(target) or target.startswith('#'):
                            problems.append('%s:%s: external relationship to "%s"' % (path, name, target))
            if name.endswith('.xml'):
                text = data.decode('utf-8', 'replace')
                for m in re.finditer(r'HYPERLINK\s+(?:&quot;|")?([^"&\s]*)', text):
                    target = m.group(1)
                    if target != '\\l' and not SAFE.match(target):
                        problems.append('%s:%s: HYPERLINK field to "%s"' % (path, name, target))
                if re.search(r'(?i)javascript:', text) and re.search(r'(?i)(w:instr|instrText)[^<]*javascript:', text):
                    problems.append('%s:%s: javascript: inside a field instruction' % (path, name))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY

# ------------------------------------------------------------ convertible fixtures
check_outputs() { # NAME: checks $tmp/out/NAME.* for every format
    local name=$1 fmt out
    for fmt in $formats; do
        out=$tmp/out/$name.$(ext_of $fmt)
        [ -s "$out" ] || continue
        case $fmt in
        docx)
            if [ $have_validate = 1 ]; then
                "$validate_docx" -W -q "$out" >"$tmp/v.log" 2>&1 || {
                    not_ok "$name: DOCX fails validate-docx -W"
                    sed 's/^/    /' "$tmp/v.log" | head -n 20
                }
            fi
            if [ $have_lxml = 1 ]; then
                $PY "$tmp/check.py" docx "$out" >"$tmp/c.log" 2>&1 ||
                    { not_ok "$name: unsafe DOCX"; sed 's/^/    /' "$tmp/c.log" | head -n 20; }
            fi
            ;;
        html)
            if [ $have_tidy = 1 ]; then
                tidy -q -e "$out" >"$tmp/t.log" 2>&1
                rc=$?
                # tidy: 0 clean, 1 warnings only, 2 errors.
                if [ $rc -ge 2 ]; then
                    not_ok "$name: tidy reports errors in the HTML"
                    sed 's/^/    /' "$tmp/t.log" | head -n 20
                elif [ -s "$tmp/t.log" ]; then
                    echo "note: $name: tidy warnings:"
                    sed 's/^/    /' "$tmp/t.log" | head -n 5
                fi
            fi
            if [ $have_lxml = 1 ]; then
                $PY "$tmp/check.py" html "$out" >"$tmp/c.log" 2>&1 ||
                    { not_ok "$name: unsafe or invalid HTML"; sed 's/^/    /' "$tmp/c.log" | head -n 20; }
            fi
            ;;
        markdown)
            if [ $have_lxml = 1 ]; then
                $PY "$tmp/check.py" text "$out" >"$tmp/c.log" 2>&1 ||
                    { not_ok "$name: invalid Markdown text"; sed 's/^/    /' "$tmp/c.log" | head -n 20; }
            fi
            if [ $have_cmark = 1 ] && [ $have_lxml = 1 ]; then
                # --unsafe: cmark-gfm would otherwise blank unsafe URLs itself and hide a bug.
                cmark-gfm --unsafe -e autolink -e table -e strikethrough -t html "$out" >"$out.html" 2>"$tmp/m.log" ||
                    not_ok "$name: cmark-gfm cannot read the Markdown output"
                $PY "$tmp/check.py" html "$out.html" >"$tmp/c.log" 2>&1 ||
                    { not_ok "$name: Markdown output renders to unsafe HTML"; sed 's/^/    /' "$tmp/c.log" | head -n 20; }
            fi
            ;;
        plain)
            if [ $have_lxml = 1 ]; then
                $PY "$tmp/check.py" text "$out" >"$tmp/c.log" 2>&1 ||
                    { not_ok "$name: invalid plain text"; sed 's/^/    /' "$tmp/c.log" | head -n 20; }
            fi
            ;;
        esac
    done
}

convert_all() { # INPUT NAME
    local input=$1 name=$2 fmt out
    for fmt in $formats; do
        out=$tmp/out/$name.$(ext_of $fmt)
        if ! "$bc" -t $fmt -o "$out" "$input" 2>"$tmp/err.log"; then
            not_ok "$name: does not convert to $fmt"
            sed 's/^/    /' "$tmp/err.log" | head -n 5
            continue
        fi
        [ -s "$out" ] || not_ok "$name: empty $fmt output"
    done
}

mkdir -p "$tmp/out"
n=0
for f in "$fixtures"/*.yaml; do
    base=$(basename "$f" .yaml)
    case $base in err-*) continue ;; esac
    n=$((n + 1))
    convert_all "$f" "$base"
    check_outputs "$base"
done
[ $n -gt 0 ] || not_ok "no convertible fixture in $fixtures"

# The fixtures' control characters and noncharacters are dropped (VT, FF, NEL
# become spaces), never shown as U+FFFD (the input has none), and not
# unnoticed: the reader warns at each, and --check says so too.
if [ -s "$tmp/out/text-controls.txt" ]; then
    for f in "$tmp"/out/text-controls.*; do
        case $f in *.docx) content=$(unzip -p "$f" 2>/dev/null) ;; *) content=$(cat "$f") ;; esac
        if printf '%s' "$content" | grep -q $'\xef\xbf\xbd'; then
            not_ok "text-controls: U+FFFD in $(basename "$f"), which the input does not have"
        fi
    done
    grep -q $'\xe2\x80\xae' "$tmp/out/text-controls.txt" ||
        not_ok "text-controls: the bidi override U+202E is missing from the plain output"
    "$bc" --check "$fixtures/text-controls.yaml" 2>"$tmp/warn.log" || not_ok "text-controls: --check fails"
    grep -q 'text-controls.yaml:6:[0-9]*: warning: control character U+0000 (NUL) dropped' "$tmp/warn.log" ||
        not_ok "text-controls: no warning at the title's NUL: $(head -n 3 "$tmp/warn.log")"
    grep -q 'warning: control character U+000C (form feed) replaced by a space' "$tmp/warn.log" ||
        not_ok "text-controls: no warning for the form feed"
fi
# The unsafe links' text must still be there, as text.
if [ -s "$tmp/out/links-javascript.txt" ]; then
    grep -q 'kf' "$tmp/out/links-javascript.txt" ||
        not_ok "links-javascript: the text of an unsafe link was dropped"
fi

# A hostile language tag: either refused, or kept out of every markup.
lang_input=$tmp/lang.yaml
printf '%s\n' 'briefing: 1' 'title: Lang' "lang: 'en\"><script>alert(1)</script><x a=\"'" >"$lang_input"
if "$bc" --check "$lang_input" 2>"$tmp/err.log"; then
    convert_all "$lang_input" lang
    check_outputs lang
else
    grep -Eq "^$lang_input:3:[0-9]+: error: " "$tmp/err.log" ||
        { not_ok "hostile lang: refused without a located error"; sed 's/^/    /' "$tmp/err.log"; }
fi

# ------------------------------------------------------------ hostile reference documents
# The DOCX writer reads the styles, header and footer of a -O reference-doc,
# which is untrusted input too. Each of these must either be used, giving a
# valid and safe DOCX (links in it must not bring an unsafe scheme along, an
# external entity must not pull a local file in), or be refused with a
# message naming it; never a crash, never a hang.
if [ $have_lxml = 1 ]; then
    "$bc" -t docx -o "$tmp/base.docx" "$root/samples/stp-dashboard.yaml" 2>"$tmp/err.log" ||
        not_ok "cannot make a base .docx: $(cat "$tmp/err.log")"
    mkdir -p "$tmp/refdocs"
    printf 'SECRET-%s-MARKER\n' "$$" >"$tmp/secret.txt"
    $PY - "$tmp/base.docx" "$tmp/refdocs" "$tmp/secret.txt" <<'PY' || not_ok "cannot build the hostile reference documents"
import io, re, sys, zipfile
base, outdir, secret = sys.argv[1], sys.argv[2], sys.argv[3]
src = zipfile.ZipFile(base)
parts = {n: src.read(n) for n in src.namelist()}

def write(name, parts, extra=()):
    with zipfile.ZipFile('%s/%s.docx' % (outdir, name), 'w', zipfile.ZIP_DEFLATED) as z:
        for n, d in list(parts.items()) + list(extra):
            z.writestr(n, d)

def edit(name, fn):
    p = dict(parts)
    p[name] = fn(p[name])
    return p

# Links with unsafe schemes in the header and footer: a hyperlink relationship and two fields.
W = b'<w:hyperlink r:id="rIdEvil"><w:r><w:t>rel</w:t></w:r></w:hyperlink>'
F = (b'<w:fldSimple w:instr=" HYPERLINK &quot;javascript:alert(2)&quot; "><w:r><w:t>field</w:t></w:r></w:fldSimple>'
     b'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "vbscript:msgbox(3)" </w:instrText></w:r>'
     b'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>complex</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
REL = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
       '<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
       'Target=" JavaScript:alert(1)" TargetMode="External"/></Relationships>')
links = dict(parts)
extra = []
for n in parts:
    m = re.match(r'word/((header|footer)\d*\.xml)$', n)
    if m:
        links[n] = re.sub(rb'(<w:p\b[^>]*>(?:<w:pPr>.*?</w:pPr>)?)', lambda mm: mm.group(1) + W + F, parts[n], count=1)
        if 'word/_rels/%s.rels' % m.group(1) not in parts:
            extra.append(('word/_rels/%s.rels' % m.group(1), REL))
write('links', links, extra)

# A style known by its name but without an id.
write('style-without-id', edit('word/styles.xml', lambda d: re.sub(rb'(<w:style [^>]*?) w:styleId="Heading1"', rb'\1', d, count=1)))
# Styles with neither name nor id, and with an empty id.
write('style-bare', edit('word/styles.xml', lambda d: d.replace(b'</w:styles>', b'<w:style w:type="paragraph"/><w:style w:type="paragraph" w:styleId=""><w:name w:val=""/></w:style></w:styles>')))
# An external entity naming a local file, and a billion-laughs internal entity.
def doctype(d, decl, use):
    d = re.sub(rb'<\?xml[^>]*\?>', b'', d, count=1)
    d = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:styles [' + decl + b']>' + d
    return d.replace(b'<w:name w:val="heading 1"/>', b'<w:name w:val="heading 1"/><w:aliases w:val="' + use + b'"/>', 1)
write('xxe', edit('word/styles.xml', lambda d: doctype(d, b'<!ENTITY xxe SYSTEM "file://' + secret.encode() + b'">', b'&xxe;')))
lol = b'<!ENTITY a "lollollollollollollollollollol">' + b''.join(
    b'<!ENTITY %c "%s">' % (ord('b') + i, (b'&%c;' % (ord('a') + i)) * 10) for i in range(8))
write('entity-bomb', edit('word/styles.xml', lambda d: doctype(d, lol, b'&i;')))
# A styles part that inflates far past the part limit (a zip bomb).
write('zip-bomb', edit('word/styles.xml', lambda d: d.replace(b'</w:styles>', b'<!--' + b' ' * (40 << 20) + b'--></w:styles>')))
# Too many entries, a truncated zip, not a zip at all, an empty file.
write('many-entries', parts, [('word/media/x%d.bin' % i, b'') for i in range(10050)])
open('%s/truncated.docx' % outdir, 'wb').write(open(base, 'rb').read()[:2000])
open('%s/not-a-zip.docx' % outdir, 'wb').write(b'PK\x03\x04 this is not really a zip')
open('%s/empty.docx' % outdir, 'wb').close()
# Relationships pointing out of the package and at themselves.
write('rel-escape', edit('word/_rels/document.xml.rels', lambda d: d.replace(b'Target="header1.xml"', b'Target="../../../../etc/passwd"').replace(b'Target="styles.xml"', b'Target="_rels/document.xml.rels"')))
PY
    for ref in "$tmp"/refdocs/*.docx; do
        name=refdoc-$(basename "$ref" .docx)
        rm -f "$tmp/out/$name.docx"
        start=$(date +%s%N)
        timeout -s KILL 30 "$bc" -t docx -O reference-doc="$ref" -o "$tmp/out/$name.docx" \
            "$root/samples/stp-dashboard.yaml" 2>"$tmp/err.log"
        rc=$?
        ms=$((($(date +%s%N) - start) / 1000000))
        if [ $rc = 0 ]; then
            echo "  $name: used (${ms} ms)"
            check_outputs "$name"
            if unzip -p "$tmp/out/$name.docx" 2>/dev/null | grep -q "SECRET-$$-MARKER"; then
                not_ok "$name: the content of a local file named by an external entity reached the output"
            fi
        elif [ $rc = 2 ] && grep -q "$ref" "$tmp/err.log"; then
            # Refused when the DOCX plugin opens for the run: a usage error, once.
            echo "  $name: refused (${ms} ms): $(head -n 1 "$tmp/err.log" | sed "s|$tmp/refdocs/||")"
        else
            not_ok "$name: exit status $rc$([ $rc -ge 128 ] && echo " (signal $((rc - 128)))"), expected 0, or 2 with a message naming the file:"
            head -n 3 "$tmp/err.log" | sed 's/^/    /'
        fi
        [ $ms -lt 5000 ] || not_ok "$name: took ${ms} ms"
    done
fi

# ------------------------------------------------------------ refused fixtures
for f in "$fixtures"/err-*.yaml; do
    [ -e "$f" ] || continue
    base=$(basename "$f" .yaml)
    expect=$(head -n 1 "$f" | sed -n 's/^# expect-error: //p')
    if [ -z "$expect" ]; then
        not_ok "$base: first line lacks '# expect-error: LINE:COLUMN: REGEX'"
        continue
    fi
    pos=${expect%%: *}
    regex=${expect#*: }
    for fmt in $formats; do
        out=$tmp/out/$base.$(ext_of $fmt)
        "$bc" -t $fmt -o "$out" "$f" 2>"$tmp/err.log"
        rc=$?
        [ $rc = 1 ] || not_ok "$base ($fmt): exit status $rc, expected 1"
        [ ! -e "$out" ] || not_ok "$base ($fmt): an output file was written"
        if ! grep -Eiq "^$f:$pos: error: .*($regex)" "$tmp/err.log"; then
            not_ok "$base ($fmt): expected '$f:$pos: error: ...$regex...', got:"
            sed 's/^/    /' "$tmp/err.log" | head -n 3
        fi
        left=$(ls -A "$tmp/out" | grep -F "$base")
        [ -z "$left" ] || not_ok "$base ($fmt): file(s) left behind: $left"
    done
done

[ "$tests_failed" = 0 ] && ok "hostile outputs"
done_testing
