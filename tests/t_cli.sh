#!/bin/bash
# The briefconv command line: usage errors (exit 2), --help/--version,
# --list-plugins, stdout vs -o, all-or-nothing output, refusing output ==
# input, --check, -O routing, binary output and terminals. Uses the test
# plugins of tests/plugins (reader "lines", writers "dump" and "bin"); then,
# when the build has the yaml and plain plugins, real conversions of samples/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

if ! bash "$root/tests/plugins/build.sh" "$root" "$BUILD" "$tmp/fx" >"$tmp/build.log" 2>&1; then
    cat "$tmp/build.log"
    bail_out "cannot build the test plugins"
fi
# A copy of the program with no plugins beside it: only the test plugins load.
mkdir "$tmp/iso" && cp "$BUILD/briefconv" "$tmp/iso/"
export LD_LIBRARY_PATH="$BUILD${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export BRIEFCONV_PLUGIN_PATH=$tmp/fx/good
bc=$tmp/iso/briefconv
cd "$tmp"

cat >doc.lines <<'LINES'
A title
Some summary text
cite b
cite a
ref a https://example.org/a
ref b
LINES

# --- help, version, usage errors.
status 0 "--help" "$bc" --help
check "--help shows the synopsis" has out "Usage: briefconv [-f FROM] -t TO [-o OUTPUT]"
check "--help mentions exit status" has out "2 usage error"
status 0 "-h" "$bc" -h
status 0 "--version" "$bc" --version
check "--version names the version and ABI" grep -qE '^briefconv [0-9]+\.[0-9]+\.[0-9]+ .*plugin ABI 1\.' out
status 2 "no arguments" "$bc"
check "no input says so" has err "no input file"
check "usage errors point to --help" has err "Try 'briefconv --help'"
status 2 "unknown long option" "$bc" --frobnicate doc.lines
check "unknown option named" has err "unknown option '--frobnicate'"
status 2 "unknown short option" "$bc" -Z doc.lines
check "unknown short option named" has err "unknown option '-Z'"
status 2 "option without its value" "$bc" doc.lines -t
check "missing value named" has err "option '-t' needs a value"
status 2 "no -t" "$bc" doc.lines
check "no -t lists the formats" has err "no output format: use -t FORMAT (available: bin, dump)"
status 2 "unknown -t" "$bc" -t docz doc.lines
check "unknown format lists the available ones" has err "unknown output format 'docz' (available: bin, dump)"
status 2 "unknown -f" "$bc" -f yamll -t dump doc.lines
check "unknown input format lists the available ones" has err "unknown input format 'yamll' (available: lines)"
status 2 "-O without =" "$bc" -t dump -O width doc.lines
check "-O form explained" has err "-O needs NAME=VALUE"
status 2 "-O unknown name" "$bc" -t dump -O widht=3 doc.lines
check "unknown -O lists the options of the run" has err \
    "-O widht: no plugin of this run has that option (available: dump.fail, dump.width, dump.style)"
status 2 "-O bad integer" "$bc" -t dump -O width=wide doc.lines
check "bad value explained" has err "-O width=wide: option \"width\": \"wide\" is not an integer"
status 2 "-O out of range" "$bc" -t dump -O width=500 doc.lines
check "range explained" has err "500 is out of range (1..100)"
status 2 "-O bad choice" "$bc" -t dump -O style=c doc.lines
check "choices listed" has err "is not one of a|b"
status 2 "--quiet with --verbose" "$bc" -q --verbose -t dump doc.lines
check "nothing written on usage errors" test ! -e doc.dump

# --- conversions to stdout and to files.
status 0 "convert to stdout" "$bc" -t dump doc.lines
check "stdout has the tree" has out '      text "Some summary text" @2:1'
check "citations resolved" has out "citation b=2 @3:6"
check "references numbered" has out "reference 1 a https://example.org/a @5:5"
check "source name is the input path" has out "source: doc.lines"
check "stderr quiet on success" test ! -s err
status 0 "alias and -O" "$bc" -t DMP -O width=42 -O style=b doc.lines
check "options reach the plugin" has out "dump 1 width=42 style=b"
status 0 "--option= and --to= long forms" "$bc" --to=dump --option=width=7 doc.lines
check "long forms work" has out "width=7"
status 0 "-f overrides the extension" "$bc" -f lines -t dump doc.lines
cp doc.lines doc.txt
status 0 "one reader: used whatever the extension" "$bc" -t dump doc.txt
status 0 "stdin with -" bash -c "'$bc' -t dump - < doc.lines"
check "stdin is named <stdin>" has out "source: <stdin>"
status 0 "write a file with -o" "$bc" -t dump -o out.dump doc.lines
check "nothing on stdout with -o" test ! -s out
check "the file is written" grep -q "references:" out.dump
check "no temporary files left" bash -c "! ls -A | grep -q '\.tmp$'"
status 0 "-o - forces stdout" "$bc" -t dump -o - doc.lines
check "-o - wrote to stdout" has out "dump 1"
check "-o - made no file named -" test ! -e ./-
status 0 "--verbose says what it did" "$bc" --verbose -t dump -o v.dump doc.lines
check "verbose output names the file" has err "wrote v.dump as dump"
status 0 "options after the input (GNU order)" "$bc" doc.lines -t dump -o late.dump
check "late options honoured" test -s late.dump
status 2 "two inputs in single-file mode" "$bc" -t dump doc.lines doc.txt

# --- failures: exit 1, FILE:LINE:COLUMN, nothing written, old file intact.
printf 'T\nfine\nfail\n' >bad.lines
echo "precious" >keep.dump
status 1 "reader error" "$bc" -t dump -o keep.dump bad.lines
check "error is FILE:LINE:COLUMN: error: MESSAGE" has err "bad.lines:3:1: error: told to fail"
check "old output untouched after a read error" grep -qx precious keep.dump
printf 'T\ncite nowhere\nref a\n' >cite.lines
status 1 "unknown citation id" "$bc" -t dump -o keep.dump cite.lines
check "citation error at the citation" has err "cite.lines:2:6: error: unknown citation id \"nowhere\""
printf 'T\nref x\nref y\nref x\n' >dup.lines
status 1 "duplicate reference id" "$bc" -t dump dup.lines
check "duplicate at the second, naming the first" has err \
    "dup.lines:4:5: error: duplicate reference id \"x\" (first at line 2)"
check "nothing on stdout after a failed read" test ! -s out
status 1 "writer error" "$bc" -t dump -O fail=true -o keep.dump doc.lines
check "writer error names the output" has err "keep.dump: error: dump told to fail"
check "old output untouched after a write error" grep -qx precious keep.dump
status 1 "writer error to stdout" "$bc" -t dump -O fail=true doc.lines
check "nothing partial on stdout" test ! -s out
check "no temporary files after failures" bash -c "! ls -A | grep -q '\.tmp$'"
status 1 "missing input" "$bc" -t dump nothere.lines
check "missing input named" has err "nothere.lines: error: cannot open: No such file or directory"
mkdir adir.lines
# A folder makes a batch run (tests/t_batch.sh), which needs an output folder.
status 2 "input is a directory, no -o" "$bc" -t dump adir.lines
check "directory input explained" has err "several inputs or formats need an output folder: -o FOLDER"
status 1 "output is a directory" "$bc" -t dump -o adir.lines doc.lines
check "directory output explained" has err "adir.lines: error: output is a directory"
status 1 "output directory missing" "$bc" -t dump -o no/such/dir/x.dump doc.lines
check "missing directory explained" has err "no/such/dir/x.dump: error: cannot create a temporary file beside it: No such file or directory"
# A file-size limit stands in for a full disk: the write fails midway.
{ echo "Big"; for i in $(seq 1 400); do echo "line $i of a long summary"; done; } >big.lines
status 1 "write fails midway (file size limit)" bash -c "trap '' XFSZ; ulimit -f 4; exec '$bc' -t dump -o keep.dump big.lines"
check "write error explained" has err "keep.dump: error: write error: File too large"
check "old output untouched after a failed write" grep -qx precious keep.dump
check "no temporary file after a failed write" bash -c "! ls -A | grep -q '\.tmp$'"
if [ -w /dev/full ]; then
    status 1 "stdout on a full disk" bash -c "'$bc' -t dump doc.lines > /dev/full"
    check "write error reported" has err "write error: No space left on device"
fi

# --- output == input is refused, also by another name.
cp doc.lines same.lines
status 2 "output is the input" "$bc" -t dump -o same.lines same.lines
check "refusal explained" has err "is the input itself"
check "input untouched" cmp -s doc.lines same.lines
mkdir -p sub
status 2 "output is the input via ./sub/.." "$bc" -t dump -o ./sub/../same.lines same.lines
ln same.lines hard.lines
status 2 "output is a hard link to the input" "$bc" -t dump -o hard.lines same.lines
check "input still untouched" cmp -s doc.lines same.lines

# --- --check validates and writes nothing.
status 0 "--check a good file" "$bc" --check doc.lines
check "--check prints nothing on success" bash -c "test ! -s out && test ! -s err"
status 1 "--check a bad file" "$bc" --check bad.lines
check "--check reports FILE:LINE:COLUMN" has err "bad.lines:3:1: error: told to fail"
status 1 "--check several files, one bad" "$bc" --check doc.lines bad.lines cite.lines
check "--check reports every bad file" bash -c "grep -q 'bad.lines:3:1' err && grep -q 'cite.lines:2:6' err"
status 2 "--check with -o" "$bc" --check -o x.dump doc.lines
status 2 "--check with an option no reader has" "$bc" --check -O width=3 doc.lines

# --- binary output and terminals.
status 0 "binary to a pipe" "$bc" -t bin doc.lines
check "binary bytes intact" bash -c "od -An -tx1 out | tr -d ' \n' | grep -qx '504b030400fffe0a'"
if command -v script >/dev/null; then
    script -qec "'$bc' -t bin doc.lines" /dev/null >tty.out 2>&1
    check "binary to a terminal refused with exit 2" test $? -eq 2
    check "refusal explains -o" has tty.out "bin output is binary: not writing it to a terminal"
    script -qec "'$bc' -t dump doc.lines" /dev/null >tty.out 2>&1
    check "text to a terminal is fine" has tty.out "dump 1"
else
    skip "no script(1) for a terminal test"
fi

# --- real conversions with the build's own plugins.
cd "$root"
real=$BUILD/briefconv
# (The listing goes to a file: a failing exit status must not look like a missing plugin.)
BRIEFCONV_PLUGIN_PATH= "$real" --list-plugins >"$tmp/real-plugins" 2>/dev/null
if [ -f "$BUILD/plugins/yaml.so" ] && grep -q '^input yaml' "$tmp/real-plugins"; then
    status 0 "--list-plugins with the build's plugins" env BRIEFCONV_PLUGIN_PATH= "$real" --list-plugins
    check "...with no warnings" test ! -s "$tmp/err"
    if grep -q '^output plain' "$tmp/real-plugins"; then
        for f in samples/*.yaml; do
            n=$(basename "$f" .yaml)
            status 0 "$n to plain on stdout" env BRIEFCONV_PLUGIN_PATH= "$real" -t plain "$f"
            cp "$tmp/out" "$tmp/$n.stdout.txt"
            check "$n: no warnings" test ! -s "$tmp/err"
            status 0 "$n to plain with -o" env BRIEFCONV_PLUGIN_PATH= "$real" -t txt -o "$tmp/$n.txt" "$f"
            check "$n: -o and stdout give the same bytes" cmp -s "$tmp/$n.txt" "$tmp/$n.stdout.txt"
            title=$(/usr/bin/python3 -c 'import sys,yaml; print(yaml.safe_load(open(sys.argv[1]))["title"].replace("*",""))' "$f" 2>/dev/null)
            if [ -n "$title" ]; then
                # Smart punctuation (issue 14) curls the quotes typed in the title: compare them straight.
                unsmart="s/\xE2\x80\x98/'/g; s/\xE2\x80\x99/'/g; s/\xE2\x80\x9C/\"/g; s/\xE2\x80\x9D/\"/g"
                check "$n: the title is in the text" bash -c "tr '\n' ' ' < '$tmp/$n.txt' | tr -s ' ' | sed \"\$2\" | grep -qF -- \"\$1\"" _ "${title:0:30}" "$unsmart"
            fi
            status 0 "$n --check" env BRIEFCONV_PLUGIN_PATH= "$real" --check "$f"
            status 0 "$n twice gives the same bytes" env BRIEFCONV_PLUGIN_PATH= "$real" -t plain -o "$tmp/$n.2.txt" "$f"
            check "$n: deterministic" cmp -s "$tmp/$n.txt" "$tmp/$n.2.txt"
        done
        status 0 "stdin with -f yaml" bash -c "BRIEFCONV_PLUGIN_PATH= '$real' -f yaml -t plain - < samples/integrating-care.yaml"
        check "stdin conversion matches the file's" bash -c "cmp -s '$tmp/out' '$tmp/integrating-care.txt'"
    else
        skip "no plain plugin"
    fi
    # The reader and the core together: levels and numbers as the format says.
    cat >"$tmp/levels.yaml" <<'YAML'
briefing: 1
title: Levels
lang: en-US
updated: 2016-09-22
summary: |
  # A heading in the summary

  - one
    - nested [@b]
sections:
  - heading: Top
    body: |
      ## Two below the section
    sections:
      - heading: Inner
references:
  - id: a
    text: First
  - id: b
    text: Second
    url: https://example.org/b
YAML
    status 0 "yaml read into the test writer" env BRIEFCONV_PLUGIN_PATH="$tmp/fx/good" "$real" -t dump "$tmp/levels.yaml"
    # (Block positions inside Markdown are the reader's business: match on the text.)
    after() { grep -A1 -E "$1" "$tmp/out" | grep -qF -- "$2"; }
    check "content heading one below its part" after '^ +heading level=2 ' 'text "A heading in the summary"'
    check "section heading at the section's depth" after '^ +heading level=1 ' 'text "Top"'
    check "content heading below its section" after '^ +heading level=3 ' 'text "Two below the section"'
    check "nested section depth and heading" bash -c "grep -A1 -E '^ +section depth=2 ' '$tmp/out' | grep -q 'heading level=2'"
    check "nested heading's text" after '^ +heading level=2 @15' 'text "Inner"'
    check "list levels" bash -c "grep -qE '^ +list level=0 ' '$tmp/out' && grep -qE '^ +list level=1 ' '$tmp/out'"
    check "citation numbered by its reference" grep -qE '^ +citation b=2 @9:14' "$tmp/out"
    check "references numbered in order" grep -qE '^ +reference 2 b https://example.org/b @' "$tmp/out"
    check "dates in the document's language" has "$tmp/out" "updated: September 22, 2016"
    printf 'briefing: 1\ntitle: x\nbogus_key: 1\n' >"$tmp/bad.yaml"
    status 1 "yaml error through the CLI" env BRIEFCONV_PLUGIN_PATH= "$real" --check "$tmp/bad.yaml"
    check "yaml error is FILE:LINE:COLUMN: error:" grep -qE "^$tmp/bad.yaml:[0-9]+:[0-9]+: error: " "$tmp/err"
else
    skip "no yaml plugin"
fi

done_testing
