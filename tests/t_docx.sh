#!/bin/bash
# t_docx.sh — the DOCX output end to end, for every sample in samples/:
#
#   * two runs give byte-identical files (also with page=letter and with
#     reference-doc templates);
#   * ../shared/tools/validate-docx -W (ISO 29500 schemas + Word's rules)
#     passes with no errors and no warnings, whenever ../shared/tools exists;
#   * pandoc -f docx -t plain reads each back with every word of the
#     briefing (as `briefconv -t plain` prints it);
#   * LibreOffice converts each to PDF headless, and pdftotext finds every
#     word there too;
#   * python-docx sees Title, Subtitle, Heading N, List Bullet/List Number on
#     the right paragraphs and the details/record tables (tools/docx_styles_check.py);
#   * a broken reference-doc is one clear usage error (exit 2) for the whole
#     run and writes nothing; a good one gives the same bytes in a -j 4 batch
#     as in one-file runs;
#   * the hand-built documents of the unit tests (every node type, hostile
#     text) pass the validator too.
#
# Env: BUILD (build dir, default ./build), SAN (''|asan|ubsan), and
# BC_REQUIRE_TOOLS=1 to make a missing tool a failure instead of a SKIP.
set -u
. "$(dirname "$0")/lib.sh"
TOOLS=$root/tests/tools
VALIDATE=$root/../shared/tools/validate-docx
FIXTURES=$root/tests/docx

have() { command -v "$1" >/dev/null 2>&1; }

need_build
if ! "$bc" --list-plugins 2>/dev/null | grep -qw docx; then
    bail_out "the docx plugin is not loaded by $bc"
fi

# ---------------------------------------------------------------- render, twice
mkdir -p "$tmp/out" "$tmp/again" "$tmp/txt"
docs=()
samples=()
for yaml in "$root"/samples/*.yaml; do
    n=$(basename "$yaml" .yaml)
    if ! "$bc" -t docx -o "$tmp/out/$n.docx" "$yaml"; then
        not_ok "$n: briefconv -t docx failed"
        continue
    fi
    "$bc" -t docx -o "$tmp/again/$n.docx" "$yaml" || not_ok "$n: second run failed"
    cmp -s "$tmp/out/$n.docx" "$tmp/again/$n.docx" || not_ok "$n: two runs differ"
    # Through standard output too: the same bytes.
    "$bc" -t docx "$yaml" > "$tmp/again/$n.stdout.docx" || not_ok "$n: -t docx to stdout failed"
    cmp -s "$tmp/out/$n.docx" "$tmp/again/$n.stdout.docx" || not_ok "$n: stdout output differs from -o output"
    docs+=("$tmp/out/$n.docx")
    samples+=("$n")
    if "$bc" -t plain -o "$tmp/txt/$n.txt" "$yaml" 2>/dev/null; then :; else rm -f "$tmp/txt/$n.txt"; fi
done
[ ${#docs[@]} -gt 0 ] || bail_out "no sample converted"
echo "rendered ${#docs[@]} samples, byte-identical on a second run"

# Page size and organisation templates, on the first sample.
first=${samples[0]}
variants=()
"$bc" -t docx -O page=letter -o "$tmp/out/$first-letter.docx" "$root/samples/$first.yaml" || not_ok "page=letter failed"
unzip -p "$tmp/out/$first-letter.docx" word/document.xml 2>/dev/null | grep -q '<w:pgSz w:w="12240" w:h="15840"/>' ||
    not_ok "page=letter: no US Letter page size in word/document.xml"
variants+=("$tmp/out/$first-letter.docx")
for ref in reference reference-localized; do
    out=$tmp/out/$first-$ref.docx
    if "$bc" -t docx -O "reference-doc=$FIXTURES/$ref.docx" -o "$out" "$root/samples/$first.yaml"; then
        "$bc" -t docx -O "reference-doc=$FIXTURES/$ref.docx" -o "$tmp/again/$first-$ref.docx" "$root/samples/$first.yaml"
        cmp -s "$out" "$tmp/again/$first-$ref.docx" || not_ok "$ref: two runs differ"
        unzip -p "$out" word/styles.xml | grep -q 'w:styleId="TrustCallout"' || not_ok "$ref: the template's styles were not used"
        unzip -l "$out" | grep -q 'word/media/template1.png' || not_ok "$ref: the template's header logo was not copied"
        variants+=("$out")
    else
        not_ok "reference-doc=$ref.docx failed"
    fi
done
unzip -p "$tmp/out/$first-reference-localized.docx" word/document.xml 2>/dev/null | grep -q 'w:pStyle w:val="berschrift1"' ||
    not_ok "reference-localized: Heading 1 is not the template's localised id"

# A broken template: read once per run, when the plugin opens, so one clear
# usage error (exit status 2) before anything is written, however many
# briefings the run has (it was one error per briefing and exit status 1).
printf 'PK\003\004 not really a zip' > "$tmp/broken.docx"
"$bc" -t docx -O "reference-doc=$tmp/broken.docx" -o "$tmp/broken-out.docx" "$root/samples/$first.yaml" 2> "$tmp/err"
rc=$?
[ $rc = 2 ] || not_ok "a broken reference-doc: exit status $rc, not 2 (usage error)"
grep -q "reference-doc $tmp/broken.docx: not a .docx (zip) file" "$tmp/err" || not_ok "unclear error for a broken reference-doc: $(cat "$tmp/err")"
[ ! -e "$tmp/broken-out.docx" ] || not_ok "output written despite a broken reference-doc"
"$bc" -j 4 -t docx,plain -O "reference-doc=$tmp/broken.docx" -o "$tmp/broken-batch" "$root/samples" 2> "$tmp/err"
rc=$?
[ $rc = 2 ] || not_ok "a broken reference-doc in a batch: exit status $rc, not 2"
n=$(grep -c "reference-doc $tmp/broken.docx" "$tmp/err")
[ "$n" = 1 ] || not_ok "a broken reference-doc in a batch: reported $n times, not once: $(cat "$tmp/err")"
[ -z "$(find "$tmp/broken-batch" -type f 2>/dev/null)" ] || not_ok "a batch with a broken reference-doc wrote files (other formats too must wait)"

# A good template in a batch on 4 threads: every file as a run of its own makes it.
"$bc" -j 4 -t docx -O "reference-doc=$FIXTURES/reference.docx" -o "$tmp/ref-batch" "$root/samples" 2> "$tmp/err" ||
    not_ok "batch with reference-doc failed: $(cat "$tmp/err")"
for n in "${samples[@]}"; do
    "$bc" -t docx -O "reference-doc=$FIXTURES/reference.docx" -o "$tmp/again/$n-ref.docx" "$root/samples/$n.yaml" &&
        cmp -s "$tmp/ref-batch/$n.docx" "$tmp/again/$n-ref.docx" || not_ok "$n: batch with reference-doc differs from a one-file run"
done

# The unit tests' hand-built documents: every construct, hostile text.
unit=()
if [ -x "$BUILD/tests/test_docx_render" ]; then
    mkdir -p "$tmp/unit"
    if (cd "$root" && DOCX_OUT_DIR="$tmp/unit" "$BUILD/tests/test_docx_render" > "$tmp/unit.log" 2>&1); then
        unit=("$tmp/unit"/*.docx)
    else
        not_ok "test_docx_render failed: $(tail -5 "$tmp/unit.log")"
    fi
else
    echo "note: $BUILD/tests/test_docx_render not built; hand-built documents not validated here"
fi

# ---------------------------------------------------------------- validity
if [ -x "$VALIDATE" ]; then
    if "$VALIDATE" -q -W "${docs[@]}" "${variants[@]}" ${unit[@]+"${unit[@]}"} > "$tmp/validate.log" 2>&1; then
        ok "validate-docx -W: $(grep -c '^PASS' "$tmp/validate.log") files pass"
    else
        not_ok "validate-docx -W:"
        cat "$tmp/validate.log"
    fi
else
    shared_tool_missing "../shared/tools/validate-docx not found (looked for $VALIDATE)"
fi

# ---------------------------------------------------------------- pandoc reads it back
if have pandoc; then
    # pandoc takes Title and Subtitle paragraphs as metadata: print them too.
    printf '$if(title)$$title$\n$endif$$if(subtitle)$$subtitle$\n$endif$$body$\n' > "$tmp/pandoc.tpl"
    for n in "${samples[@]}"; do
        if ! pandoc -s --template="$tmp/pandoc.tpl" -f docx -t plain "$tmp/out/$n.docx" -o "$tmp/txt/$n.pandoc" 2> "$tmp/pandoc.err"; then
            not_ok "$n: pandoc cannot read the DOCX: $(cat "$tmp/pandoc.err")"
            continue
        fi
        if [ -f "$tmp/txt/$n.txt" ]; then
            $PY "$TOOLS/docx_words.py" "$tmp/txt/$n.txt" "$tmp/txt/$n.pandoc" "$n (pandoc)" --links "$tmp/out/$n.docx" || not_ok "$n: pandoc does not read back all the text"
        fi
    done
    [ -f "$tmp/txt/$first.txt" ] || missing "the plain plugin is not available: text of the briefings not compared"
    echo "pandoc: read ${#samples[@]} documents"
else
    missing "pandoc not installed"
fi

# ---------------------------------------------------------------- LibreOffice
if have soffice && have pdftotext; then
    mkdir -p "$tmp/pdf"
    # A private profile, so parallel runs and a user's LibreOffice do not collide.
    if ! timeout 300 soffice -env:UserInstallation="file://$tmp/lo-profile" --headless --convert-to pdf \
        --outdir "$tmp/pdf" "${docs[@]}" "${variants[@]}" > "$tmp/lo.log" 2>&1; then
        not_ok "LibreOffice failed: $(cat "$tmp/lo.log")"
    fi
    for n in "${samples[@]}"; do
        pdf=$tmp/pdf/$n.pdf
        if [ ! -s "$pdf" ]; then
            not_ok "$n: LibreOffice made no PDF"
            continue
        fi
        pdftotext "$pdf" "$tmp/txt/$n.pdftext" || { not_ok "$n: pdftotext failed"; continue; }
        if [ -f "$tmp/txt/$n.txt" ]; then
            $PY "$TOOLS/docx_words.py" "$tmp/txt/$n.txt" "$tmp/txt/$n.pdftext" "$n (LibreOffice PDF)" --links "$tmp/out/$n.docx" ||
                not_ok "$n: the PDF LibreOffice makes lacks text of the briefing"
        fi
    done
    for v in "${variants[@]}"; do
        [ -s "$tmp/pdf/$(basename "$v" .docx).pdf" ] || not_ok "$(basename "$v"): LibreOffice made no PDF"
    done
    echo "LibreOffice: converted $(ls "$tmp/pdf" | wc -l) documents to PDF"
else
    missing "LibreOffice (soffice) or pdftotext not installed (apt-get install libreoffice-writer-nogui poppler-utils)"
fi

# ---------------------------------------------------------------- styles, as python-docx sees them
if $PY -c 'import docx, yaml' 2>/dev/null; then
    for n in "${samples[@]}"; do
        $PY "$TOOLS/docx_styles_check.py" "$root/samples/$n.yaml" "$tmp/out/$n.docx" || not_ok "$n: styles"
    done
    echo "python-docx: styles checked on ${#samples[@]} documents"
else
    missing "python3-docx or python3-yaml not installed for /usr/bin/python3"
fi

done_testing
