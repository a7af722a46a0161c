#!/bin/bash
# Batch conversion (issue 5), the edges t_batch.sh leaves out: each input
# opened once for every format (strace), repeated -t, the summary's exact
# wording, -q, an empty run, an output one output needs as a folder, a
# dangling link, unreadable files and folders (run as nobody when we are
# root), names with a newline printed escaped, the progress line's parts,
# and --update / -j with one file and one format (a single conversion that
# skips an up-to-date output, never a folder named like the output file).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
last_is() { # last_is FILE LINE: the last line of FILE is exactly LINE
    [ "$(tail -n 1 "$1")" = "$2" ] && ok "summary: $2" || not_ok "summary '$(tail -n 1 "$1")', wanted '$2'"
}

two=$tmp/two
mkdir "$two"
cp "$root/samples/features.yaml" "$two/a.yaml"
cp "$root/samples/stp-dashboard.yaml" "$two/b.yaml"

# ------------------------------------------------------------ each input read once
if optional_tool strace "opens not counted (the --verbose count below still runs)" &&
    ! strace -f -qq -e trace=openat -o "$tmp/probe" true 2>/dev/null; then
    skip "strace cannot trace here: opens not counted (the --verbose count below still runs)"
elif command -v strace >/dev/null 2>&1; then
    # LeakSanitizer cannot run under ptrace; the other runs check leaks.
    status 0 "four formats of two files under strace" strace -f -qq -e trace=open,openat -o "$tmp/trace" \
        env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$bc" -t docx,html,markdown,plain -o "$tmp/once" "$two/a.yaml" "$two/b.yaml"
    for f in a b; do
        n=$(grep -c "\"$two/$f.yaml\"" "$tmp/trace")
        [ "$n" -eq 1 ] && ok "$f.yaml opened once for four formats" || not_ok "$f.yaml opened $n times"
    done
    [ "$(find "$tmp/once" -type f | wc -l)" -eq 8 ] && ok "eight outputs" || not_ok "not eight outputs"
fi
status 0 "--verbose over two files, two formats" "$bc" --verbose -t html,plain -o "$tmp/v" "$two"
[ "$(grep -c ': read ' "$tmp/err")" -eq 2 ] && [ "$(grep -c ': wrote ' "$tmp/err")" -eq 4 ] &&
    ok "--verbose: two reads, four writes" ||
    not_ok "--verbose: $(grep -c ': read ' "$tmp/err") reads, $(grep -c ': wrote ' "$tmp/err") writes"
# Messages in input order: a's lines all come before b's.
[ "$(grep -o '/[ab]\.[a-z]*' "$tmp/err" | cut -c2 | tr -d '\n')" = aaabbb ] && ok "messages in input order" ||
    not_ok "messages out of order: $(grep -o '/[ab]\.[a-z]*' "$tmp/err" | tr '\n' ' ')"

# ------------------------------------------------------------ -t repeated, twice, summary wording
status 0 "-t repeated" "$bc" -t html -t plain -o "$tmp/rep" "$two"
diff -r "$tmp/rep" "$tmp/v" >/dev/null && ok "-t html -t plain = -t html,plain" || not_ok "repeated -t differs"
last_is "$tmp/err" "converted 2 of 2 files (2 formats)"
status 2 "a format given twice" "$bc" -t html,HTML -o "$tmp/dup" "$two"
[ ! -e "$tmp/dup" ] && ok "nothing written for a format given twice" || not_ok "wrote despite a usage error"
status 2 "several formats, one file, no -o" "$bc" -t html,plain "$two/a.yaml"
has "$tmp/err" "need an output folder" && ok "says an output folder is needed" || not_ok "no explanation"

printf 'title: [\n' >"$two/c.yaml"
status 1 "-q with a bad file" "$bc" -q -t plain -o "$tmp/q" "$two"
[ "$(grep -c '' "$tmp/err")" -eq 2 ] && has "$tmp/err" "$two/c.yaml:" &&
    ok "-q prints the error and the summary only" || { not_ok "-q output"; cat "$tmp/err"; }
last_is "$tmp/err" "converted 2 of 3 files (1 format), 1 failed"
rm "$two/c.yaml"

mkdir "$tmp/nothing"
echo text >"$tmp/nothing/readme.txt"
status 0 "a folder with no briefings" "$bc" -t plain -o "$tmp/nothing-out" "$tmp/nothing"
has "$tmp/err" "warning: no input files found (looked for .yaml" && ok "an empty run is pointed out" ||
    not_ok "no warning for an empty run"
last_is "$tmp/err" "converted 0 of 0 files (1 format)"

status 0 "-o a folder whose parents are missing" "$bc" -t plain -o "$tmp/new/deeper/out" "$two"
[ -f "$tmp/new/deeper/out/a.txt" ] && ok "the output folder and its parents are made" || not_ok "nested -o not made"
touch "$tmp/plainfile"
status 1 "-o under a file" "$bc" -t plain,html -o "$tmp/plainfile/out" "$two"
has "$tmp/err" "cannot create the folder $tmp/plainfile/out: Not a directory" && ok "says why" || not_ok "no reason"

# ------------------------------------------------------------ refused before writing
clash=$tmp/clash
mkdir -p "$clash/x.txt"
cp "$root/samples/features.yaml" "$clash/x.yaml"
cp "$root/samples/features.yaml" "$clash/x.txt/y.yaml"
status 2 "an output another output needs as a folder" "$bc" -t plain -o "$tmp/clash-out" "$clash"
has "$tmp/err" "$clash/x.yaml would write the file $tmp/clash-out/x.txt, which $clash/x.txt/y.yaml needs as a folder" &&
    ok "both inputs named" || { not_ok "file/folder clash message"; cat "$tmp/err"; }
[ ! -e "$tmp/clash-out" ] && ok "nothing written" || not_ok "output folder made despite the clash"
# A file operand and a folder's file with the same relative name.
status 2 "a file operand and a folder's file collide" "$bc" -t plain -o "$tmp/clash-out" "$two/a.yaml" "$two"
has "$tmp/err" "$two/a.yaml and $two/a.yaml would both be written to $tmp/clash-out/a.txt" &&
    ok "the collision names both" || { not_ok "collision message"; cat "$tmp/err"; }
[ ! -e "$tmp/clash-out" ] && ok "nothing written" || not_ok "output folder made despite the collision"

# ------------------------------------------------------------ dangling links, unreadable, odd names
odd=$tmp/odd
mkdir "$odd"
cp "$root/samples/features.yaml" "$odd/fine.yaml"
ln -s nowhere "$odd/gone.yaml"
printf 'title: [\n' >"$odd/new"$'\n'"bad.yaml"
cp "$root/samples/features.yaml" "$odd/tab"$'\t'"ok.yaml"
status 1 "dangling link and a bad file with a newline in its name" "$bc" --verbose -t plain -o "$tmp/odd-out" "$odd"
has "$tmp/err" "$odd/gone.yaml: error: cannot read: No such file or directory" && ok "dangling link reported" ||
    not_ok "dangling link"
has "$tmp/err" "$odd/new\\nbad.yaml:1:" && ok "a newline in a name is printed as \\n" || not_ok "newline not escaped"
has "$tmp/err" "wrote $tmp/odd-out/tab\\tok.txt" && ok "a tab in a name is printed as \\t" || not_ok "tab not escaped"
[ -f "$tmp/odd-out/tab"$'\t'"ok.txt" ] && [ -f "$tmp/odd-out/fine.txt" ] && ok "the good files converted" ||
    not_ok "good files missing"
bad=$(grep -vc -e '^briefconv: \(read\|wrote\|loaded\) ' -e ': error: ' -e '^converted ' "$tmp/err")
[ "$bad" -eq 0 ] && ok "no message broken over lines" || { not_ok "$bad unexpected line(s)"; cat "$tmp/err"; }
last_is "$tmp/err" "converted 2 of 4 files (1 format), 2 failed"

# A folder deeper than a path can name is a failed input, not skipped in silence.
deep=$tmp/deep
mkdir "$deep"
long=$(printf 'd%.0s' $(seq 1 200))
(cd "$deep" && for _ in $(seq 1 25); do mkdir "$long" && cd "$long" || exit 1; done &&
    cp "$root/samples/features.yaml" deep.yaml) || not_ok "cannot make a deep tree"
cp "$root/samples/features.yaml" "$deep/top.yaml"
ln -s b "$deep/a" && ln -s a "$deep/b"
status 1 "a folder beyond the path length" "$bc" -t plain -o "$tmp/deep-out" "$deep"
has "$tmp/err" "error: cannot read: File name too long" && ok "the too-deep folder is reported" ||
    not_ok "too-deep folder not reported"
[ -f "$tmp/deep-out/top.txt" ] && ok "the rest converted" || not_ok "top.txt missing"
last_is "$tmp/err" "converted 1 of 2 files (1 format), 1 failed"

# Unreadable folder and file: permissions do not stop root, so run as nobody then.
as=()
if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null 2>&1 && as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
if [ "$(id -u)" != 0 ] || [ ${#as[@]} -gt 0 ]; then
    chmod 755 "$tmp"
    lock=$tmp/locked
    mkdir -p "$lock/inner" "$tmp/lock-out"
    cp "$root/samples/features.yaml" "$lock/inner/x.yaml"
    cp "$root/samples/features.yaml" "$lock/y.yaml"
    cp "$root/samples/features.yaml" "$lock/z.yaml"
    chmod 000 "$lock/inner" "$lock/z.yaml"
    chmod -R a+rwX "$tmp/lock-out"
    if [ ${#as[@]} -gt 0 ] && ! "${as[@]}" test -x "$bc"; then
        skip "unreadable: nobody cannot run $bc"
    else
        status 1 "unreadable folder and file${as:+ (as nobody)}" "${as[@]}" "$bc" -t plain -o "$tmp/lock-out" "$lock"
        has "$tmp/err" "$lock/inner: error: cannot read the folder: Permission denied" &&
            ok "unreadable folder reported" || not_ok "unreadable folder"
        has "$tmp/err" "$lock/z.yaml: error:" && ok "unreadable file reported" || not_ok "unreadable file"
        [ -f "$tmp/lock-out/y.txt" ] && ok "the readable file converted" || not_ok "y.txt missing"
        last_is "$tmp/err" "converted 1 of 3 files (1 format), 2 failed"
    fi
    chmod 755 "$lock/inner" "$lock/z.yaml"
else
    skip "unreadable: root without setpriv (permissions do not stop root)"
fi

# ------------------------------------------------------------ --update and a template named by -O
ref=$tmp/ref.docx
"$bc" -t docx -o "$ref" "$root/samples/stp-dashboard.yaml" 2>/dev/null || not_ok "cannot make a template"
touch -d '2001-01-01' "$ref"
status 0 "with a template" "$bc" -O reference-doc="$ref" -t docx,plain -o "$tmp/tpl" "$two"
status 0 "--update, template unchanged" "$bc" --update -O reference-doc="$ref" -t docx,plain -o "$tmp/tpl" "$two"
last_is "$tmp/err" "converted 0 of 2 files (2 formats), 2 up to date"
touch "$ref"
status 0 "--update, template changed" "$bc" --update --verbose -O reference-doc="$ref" -t docx,plain -o "$tmp/tpl" "$two"
[ "$(grep -c ': wrote .*\.docx as docx' "$tmp/err")" -eq 2 ] && ! grep -q 'wrote .*\.txt' "$tmp/err" &&
    ok "a newer template rewrites every .docx and no .txt" || { not_ok "template change"; cat "$tmp/err"; }
last_is "$tmp/err" "converted 2 of 2 files (2 formats), 0 up to date"

# ------------------------------------------------------------ one file, one format, --update / -j
cd "$tmp" || exit 1
status 0 "--update, one file, output missing" "$bc" --update -t html -o one.html "$two/a.yaml"
[ -f one.html ] && ok "--update -o FILE writes the file" || not_ok "one.html not written (a folder: $([ -d one.html ] && echo yes))"
before=$(stat -c %y one.html)
sleep 0.05
status 0 "--update, one file, up to date" "$bc" --update -t html -o one.html "$two/a.yaml"
has "$tmp/err" "one.html is up to date" && [ "$before" = "$(stat -c %y one.html)" ] &&
    ok "an up-to-date output is left alone and said so" || not_ok "up-to-date output rewritten or not said"
touch -d '2001-01-01' "$ref"
status 0 "--update, one file, with a template" "$bc" --update -O reference-doc="$ref" -t docx -o one.docx "$two/a.yaml"
status 0 "--update, one file, template unchanged" "$bc" --update -O reference-doc="$ref" -t docx -o one.docx "$two/a.yaml"
has "$tmp/err" "one.docx is up to date" && ok "one.docx up to date" || not_ok "one.docx remade for nothing"
touch "$ref"
status 0 "--update, one file, template changed" "$bc" --update -O reference-doc="$ref" -t docx -o one.docx "$two/a.yaml"
! has "$tmp/err" "up to date" && [ -f one.docx ] && ok "a newer template makes one.docx again" ||
    not_ok "one.docx not remade"
status 0 "--update, one file, template older" "$bc" --update -O reference-doc="$ref" -t docx -o one.docx "$two/a.yaml"
has "$tmp/err" "one.docx is up to date" && ok "then it is up to date" || not_ok "one.docx remade again"
touch "$two/a.yaml"
status 0 "--update, one file, input edited" "$bc" --update -t html -o one.html "$two/a.yaml"
[ "$before" != "$(stat -c %y one.html)" ] && ok "an edited input is converted again" || not_ok "not rewritten"
status 2 "--update to standard output" "$bc" --update -t html "$two/a.yaml"
status 0 "-j with one file and one format" "$bc" -j 3 -t plain -o one.txt "$two/a.yaml"
[ -f one.txt ] && ok "-j 3 -o FILE writes the file" || not_ok "-j made something else of one.txt"
status 0 "--update into a folder given with a slash" "$bc" --update -t plain -o newdir/ "$two/a.yaml"
[ -f newdir/a.txt ] && ok "-o FOLDER/ with one file is a batch" || not_ok "newdir/a.txt missing"
cd "$root" || exit 1

# ------------------------------------------------------------ the progress line
if optional_tool script "no terminal to test the progress line on"; then
    many=$tmp/many
    mkdir -p "$many"
    for k in $(seq 1 30); do cp "$root/samples/features.yaml" "$many/f$k.yaml"; done
    script -qec "$bc -j 1 -t docx,html -o $tmp/tty $many" /dev/null >"$tmp/tty.log" 2>&1
    grep -qE '[0-9]+/30 files +[0-9]+/s +[0-9]+:[0-9]{2} left' "$tmp/tty.log" &&
        ok "progress: done/total, rate and time left" || { not_ok "progress line parts"; cat -v "$tmp/tty.log" | head -3; }
    has "$tmp/tty.log" $'\r' && has "$tmp/tty.log" $'\033[K' && ok "progress redrawn in place" ||
        not_ok "progress not redrawn in place"
    has "$tmp/tty.log" "converted 30 of 30 files (2 formats)" && ok "summary after the progress line" ||
        not_ok "no summary on a terminal"
    # On a narrow terminal the line still fits, or it would wrap and not be redrawn in place.
    script -qec "stty cols 56; $bc -j 1 -t docx,html -o $tmp/tty-narrow $many" /dev/null >"$tmp/tty-n.log" 2>&1
    widest=$(tr '\r' '\n' <"$tmp/tty-n.log" | sed 's/\x1b\[K//g' | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
    grep -q 'files' "$tmp/tty-n.log" && [ "$widest" -le 56 ] && ok "progress fits 56 columns ($widest)" ||
        not_ok "progress line $widest wide on a 56-column terminal"
    script -qec "$bc -q -t plain -o $tmp/tty-q $many" /dev/null >"$tmp/tty-q.log" 2>&1
    [ ! -s "$tmp/tty-q.log" ] && ok "-q: no progress line on a terminal" || not_ok "-q printed on a terminal"
fi


# ------------------------------------------------------------ -o "" (issue 17.1)
# `-o "$OUT"` with OUT unset must not mean "/": a usage error, and nothing written.
# Inputs with names of their own, so that what the old bug wrote into / is this run's, not anyone else's.
uniq=bc-empty-o-$$
mkdir "$tmp/empty-o" "$tmp/$uniq" && cd "$tmp/empty-o" || exit 1
cp "$two/a.yaml" "$tmp/$uniq/$uniq-a.yaml"
cp "$two/b.yaml" "$tmp/$uniq/$uniq-b.yaml"
status 2 'batch with -o ""' "$bc" -t html,plain -o "" "$tmp/$uniq"
has "$tmp/err" 'empty' && ok '-o "" names the problem' || not_ok '-o "" message: '"$(head -1 "$tmp/err")"
[ ! -e "/$uniq-a.html" ] && [ ! -e "/$uniq-b.txt" ] && [ -z "$(ls -A "$tmp/empty-o")" ] && ok '-o "": nothing written' ||
    { not_ok '-o "" wrote files'; rm -f "/$uniq-a.html" "/$uniq-a.txt" "/$uniq-b.html" "/$uniq-b.txt"; }
status 2 'single file with -o ""' "$bc" -t plain -o "" "$tmp/$uniq/$uniq-a.yaml"
status 2 '--update with -o ""' "$bc" --update -t plain -o "" "$tmp/$uniq/$uniq-a.yaml"
cd "$root" || exit 1

# ------------------------------------------------------------ the build's front door (issue 16)
# `make` with no target builds the CLI, the library and every plugin, not only the first rule's target.
goal=$(make -C "$root" -n --no-print-directory BUILD="$tmp/fresh-build" 2>/dev/null)
for want in "$tmp/fresh-build/briefconv" "$tmp/fresh-build/libbriefconv.so" "$tmp/fresh-build/plugins/docx.so" \
    "$tmp/fresh-build/plugins/yaml.so" "$tmp/fresh-build/plugins/plain.so"; do
    printf '%s\n' "$goal" | grep -qF -- "-o $want " && ok "make with no target builds ${want#"$tmp"/fresh-build/}" ||
        { printf '%s\n' "$goal" | grep -qF -- "$want" && ok "make with no target builds ${want#"$tmp"/fresh-build/}"; } ||
        not_ok "make with no target does not build ${want#"$tmp"/fresh-build/}"
done


# ------------------------------------------------------------ --update and a folder in an output's place (issue 18.5)
mkdir -p "$tmp/upd-in" "$tmp/upd-out/a.html"
cp "$root/samples/features.yaml" "$tmp/upd-in/a.yaml"
touch -d '2000-01-01' "$tmp/upd-in/a.yaml"
status 1 "--update with a folder where an output belongs" "$bc" --update -t html -o "$tmp/upd-out" "$tmp/upd-in"
has "$tmp/err" "upd-out/a.html: error: output is a directory" && ok "--update names the folder in the way" ||
    not_ok "--update folder message: $(head -1 "$tmp/err")"
has "$tmp/err" "0 up to date, 1 failed" && ok "--update counts it failed, not up to date" || not_ok "--update summary: $(tail -1 "$tmp/err")"

done_testing
