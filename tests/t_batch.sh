#!/bin/bash
# Batch conversion (issue 5): a folder tree with good and bad files, several
# formats from one read, collisions and overwriting an input refused before
# anything is written, --update, -j 1 and -j 4 giving identical trees,
# SIGINT/SIGTERM leaving no partial or temporary file, symlink loops,
# unreadable folders and odd file names.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
# No temporary or partial file: every file in DIR has one of the output extensions.
no_strays() {
    local stray
    stray=$(find "$1" -type f ! -name '*.docx' ! -name '*.html' ! -name '*.md' ! -name '*.txt' | head -3)
    [ -z "$stray" ] || { echo "    stray files: $stray"; return 1; }
}

# ------------------------------------------------------------ a tree with good and bad files
in=$tmp/in
mkdir -p "$in/a/b" "$in/.hidden"
cp "$root"/samples/*.yaml "$in/"
cp "$root/samples/features.yaml" "$in/a/b/deep.yaml"
cp "$root/samples/stp-dashboard.yaml" "$in/a/dash.yml"
cp "$root/samples/stp-dashboard.yaml" "$in/.hidden/skipped.yaml"
printf 'title: [unclosed\n' >"$in/a/broken.yaml"
printf 'title: A title\nsumary: typo\n' >"$in/a/typo.yaml"
echo "not a briefing" >"$in/a/notes.txt"
good=$(find "$in" -path "$in/.hidden" -prune -o \( -name '*.yaml' -o -name '*.yml' \) -print | grep -vc 'broken\|typo')

status 1 "tree with two bad files" "$bc" -t docx,html,markdown,plain -o "$tmp/out1" "$in"
has "$tmp/err" "$in/a/broken.yaml:" && ok "the broken file is named" || not_ok "broken file not named"
has "$tmp/err" "$in/a/typo.yaml:2:1: error: unknown key \"sumary\"" && ok "the typo is pointed at" ||
    not_ok "typo not reported as FILE:LINE:COLUMN"
total=$((good + 2))
has "$tmp/err" "converted $good of $total files (4 formats), 2 failed" && ok "summary line" ||
    { not_ok "summary line"; tail -n 2 "$tmp/err"; }
n=$(find "$tmp/out1" -type f | wc -l)
[ "$n" -eq $((good * 4)) ] && ok "$n outputs for $good good files" || not_ok "$n outputs, wanted $((good * 4))"
[ -f "$tmp/out1/a/b/deep.docx" ] && [ -f "$tmp/out1/a/dash.md" ] && ok "outputs mirror the tree" ||
    not_ok "outputs do not mirror the input tree"
[ ! -e "$tmp/out1/a/broken.docx" ] && [ ! -e "$tmp/out1/a/typo.txt" ] && ok "nothing for the bad files" ||
    not_ok "a bad file left an output"
[ ! -e "$tmp/out1/.hidden" ] && ok "hidden folders skipped" || not_ok "hidden folder converted"
no_strays "$tmp/out1" && ok "no stray files" || not_ok "stray files in the output"

# Each format equals the single-file conversion, byte for byte.
same=1
for fmt in docx:docx html:html markdown:md plain:txt; do
    "$bc" -t "${fmt%%:*}" -o "$tmp/single.${fmt#*:}" "$root/samples/features.yaml" 2>/dev/null || same=0
    cmp -s "$tmp/single.${fmt#*:}" "$tmp/out1/features.${fmt#*:}" || same=0
done
[ $same = 1 ] && ok "batch outputs equal single-file outputs" || not_ok "batch output differs from single-file"

# Read once per input: --verbose says "read" once per file... the library reads
# through bc_read_file, counted by the verbose log of the writes instead.
status 0 "multi-format verbose" "$bc" --verbose -t html,plain -o "$tmp/outv" "$root/samples/features.yaml" \
    "$root/samples/stp-dashboard.yaml"
[ "$(grep -c ': wrote ' "$tmp/err")" -eq 4 ] && ok "--verbose names each file written" ||
    not_ok "--verbose: $(grep -c ': wrote ' "$tmp/err") lines, wanted 4"

# ------------------------------------------------------------ refused before writing
mkdir "$tmp/clash"
cp "$root/samples/features.yaml" "$tmp/clash/a.yaml"
cp "$root/samples/features.yaml" "$tmp/clash/a.yml"
cp "$root/samples/stp-dashboard.yaml" "$tmp/clash/b.yaml"
status 2 "a.yaml and a.yml collide" "$bc" -t docx,plain -o "$tmp/out2" "$tmp/clash"
has "$tmp/err" "a.yaml and $tmp/clash/a.yml would both be written to" && ok "collision names both inputs" ||
    not_ok "collision message"
[ ! -e "$tmp/out2" ] && ok "nothing written on a collision" || not_ok "output folder created despite collision"

cp "$root/samples/features.yaml" "$tmp/clash2.txt"
status 2 "output would overwrite an input" "$bc" -f yaml -t plain -o "$tmp" "$tmp/clash2.txt" \
    "$root/samples/stp-dashboard.yaml"
has "$tmp/err" "is the input" && ok "overwriting an input is refused" || not_ok "overwrite message"
[ ! -e "$tmp/stp-dashboard.txt" ] && ok "nothing written when an output is an input" ||
    not_ok "wrote before refusing"
cmp -s "$tmp/clash2.txt" "$root/samples/features.yaml" && ok "the input is untouched" || not_ok "input changed"

status 2 "batch without -o" "$bc" -t docx,plain "$root/samples/features.yaml"
status 2 "-o is a file" "$bc" -t docx -o "$tmp/clash2.txt" "$in"

# ------------------------------------------------------------ --update
status 1 "--update right after a full run" "$bc" --update -t docx,html,markdown,plain -o "$tmp/out1" "$in"
has "$tmp/err" "converted 0 of $total files (4 formats), $good up to date, 2 failed" && ok "all up to date" ||
    { not_ok "--update summary"; tail -n 1 "$tmp/err"; }
before=$(stat -c %Y.%y "$tmp/out1/stp-dashboard.docx")
sleep 1.1
touch "$in/features.yaml"
status 1 "--update after one edit" "$bc" --update --verbose -t docx,html,markdown,plain -o "$tmp/out1" "$in"
[ "$(grep -c ': wrote ' "$tmp/err")" -eq 4 ] && grep -q "wrote $tmp/out1/features.docx" "$tmp/err" &&
    ok "only the edited file is rewritten" || { not_ok "--update rewrote $(grep -c ': wrote ' "$tmp/err") files"; }
[ "$before" = "$(stat -c %Y.%y "$tmp/out1/stp-dashboard.docx")" ] && ok "others untouched" ||
    not_ok "an up-to-date output was rewritten"
has "$tmp/err" "converted 1 of $total files (4 formats), $((good - 1)) up to date, 2 failed" &&
    ok "--update counts" || { not_ok "--update counts"; tail -n 1 "$tmp/err"; }
# A newer plugin makes its outputs stale.
mkdir "$tmp/plugins" && cp "$BUILD"/plugins/*.so "$tmp/plugins/"
touch -d '2000-01-01' "$tmp"/plugins/*.so
# File times come from a coarse clock tick: the outputs just written must be older than the plugin.
sleep 1.1
touch "$tmp/plugins/plain.so"
status 1 "--update after a plugin changed" "$bc" --plugin-dir "$tmp/plugins" --update --verbose \
    -t docx,plain -o "$tmp/out1" "$in"
[ "$(grep -c ': wrote ' "$tmp/err")" -eq "$good" ] && ! grep -q 'wrote .*\.docx' "$tmp/err" &&
    ok "a newer plain plugin rewrites every .txt and no .docx" ||
    { not_ok "newer plugin: $(grep -c ': wrote ' "$tmp/err") written, wanted $good"; grep ': wrote ' "$tmp/err" | head -12; }

# ------------------------------------------------------------ -j 1 and -j 4
many=$tmp/many
mkdir -p "$many"
i=0
for k in $(seq 1 40); do
    for f in "$root"/samples/*.yaml; do
        i=$((i + 1))
        d=$many/d$((i % 7))
        mkdir -p "$d"
        cp "$f" "$d/$(basename "$f" .yaml)-$k.yaml"
    done
done
count=$(find "$many" -name '*.yaml' | wc -l)
status 0 "-j 1 over $count files" "$bc" -j 1 -t docx,html,markdown,plain -o "$tmp/j1" "$many"
cp "$tmp/err" "$tmp/err.j1"
status 0 "-j 4 over $count files" "$bc" -j 4 -t docx,html,markdown,plain -o "$tmp/j4" "$many"
diff -r "$tmp/j1" "$tmp/j4" >/dev/null && ok "-j 1 and -j 4 trees are byte-identical" ||
    not_ok "-j 1 and -j 4 trees differ"
cmp -s "$tmp/err.j1" "$tmp/err" && ok "-j 1 and -j 4 print the same" || not_ok "messages depend on -j"

# ------------------------------------------------------------ interruption
big=$tmp/big
mkdir -p "$big"
for k in 1 2 3 4 5 6; do cp -r "$many" "$big/c$k"; done
for sig in INT TERM; do
    rm -rf "$tmp/int"
    "$bc" -j 2 -t docx,html,markdown,plain -o "$tmp/int" "$big" 2>"$tmp/err" &
    pid=$!
    # Wait until some outputs exist, then interrupt mid-run.
    for _ in $(seq 1 200); do
        [ "$(find "$tmp/int" -type f 2>/dev/null | head -20 | wc -l)" -ge 20 ] && break
        sleep 0.01
    done
    kill -s $sig $pid
    wait $pid
    st=$?
    want=$((128 + $(kill -l $sig)))
    [ $st -eq $want ] && ok "SIG$sig: exit status $st" || not_ok "SIG$sig: exit status $st, wanted $want"
    has "$tmp/err" "interrupted: converted" && ok "SIG$sig: the summary says so" || not_ok "SIG$sig: no summary"
    no_strays "$tmp/int" && ok "SIG$sig: no temporary or partial files" || not_ok "SIG$sig: stray files"
    # The summary counts what is there: 4 outputs per converted file, 1 to 3 per one stopped between formats.
    conv=$(sed -n 's/^interrupted: converted \([0-9]*\) of .*/\1/p' "$tmp/err")
    part=$(sed -n 's/^interrupted: .*, \([0-9]*\) partly.*/\1/p' "$tmp/err")
    part=${part:-0}
    have=$(find "$tmp/int" -type f | wc -l)
    [ -n "$conv" ] && [ "$have" -ge $((4 * conv + part)) ] && [ "$have" -le $((4 * conv + 3 * part)) ] &&
        ok "SIG$sig: $have files for $conv converted, $part partly" ||
        not_ok "SIG$sig: $have files, summary: $(tail -n 1 "$tmp/err")"
    partial=0
    while IFS= read -r f; do
        rel=${f#"$tmp/int/c"}
        cmp -s "$f" "$tmp/j1/${rel#*/}" || { partial=1; echo "    differs: $f"; }
    done < <(find "$tmp/int" -type f)
    [ $partial = 0 ] && ok "SIG$sig: every file left is complete" || not_ok "SIG$sig: a partial file"
done

# ------------------------------------------------------------ loops, unreadable folders, odd names
odd=$tmp/odd
mkdir -p "$odd/sub"
cp "$root/samples/stp-dashboard.yaml" "$odd/sub/ok.yaml"
ln -s .. "$odd/sub/loop"
cp "$root/samples/stp-dashboard.yaml" "$odd/with space.yaml"
cp "$root/samples/stp-dashboard.yaml" "$odd/new
line.yaml"
printf 'title: [\n' >"$odd/bad"$'\xff'"byte.yaml"
status 1 "symlink loop, odd names" timeout 20 "$bc" -t plain -o "$tmp/oddout" "$odd"
has "$tmp/err" "bad\\xFFbyte.yaml:" && ok "a non-UTF-8 name is printed escaped" || not_ok "non-UTF-8 name"
[ -f "$tmp/oddout/new"$'\n'"line.txt" ] && [ -f "$tmp/oddout/with space.txt" ] && ok "odd names converted" ||
    not_ok "odd names not converted"
has "$tmp/err" "loop: a symbolic link back to a folder above it; skipped" && ok "the loop is reported" ||
    not_ok "loop not reported"
[ "$(grep -c '' "$tmp/err")" -le 4 ] && ok "every message on its own line" || not_ok "messages broken over lines"

if [ "$(id -u)" != 0 ]; then
    mkdir -p "$tmp/locked/inner" && cp "$root/samples/stp-dashboard.yaml" "$tmp/locked/inner/x.yaml"
    cp "$root/samples/stp-dashboard.yaml" "$tmp/locked/y.yaml"
    chmod 000 "$tmp/locked/inner"
    status 1 "unreadable folder" "$bc" -t plain -o "$tmp/lockout" "$tmp/locked"
    has "$tmp/err" "inner: error: cannot read the folder" && [ -f "$tmp/lockout/y.txt" ] &&
        ok "unreadable folder reported, the rest converted" || not_ok "unreadable folder"
    chmod 755 "$tmp/locked/inner"
else
    skip "unreadable folder: permissions do not stop root"
fi

# ------------------------------------------------------------ progress only on a terminal
status 0 "not a terminal: no progress line" "$bc" -t plain -o "$tmp/np" "$root/samples"
! grep -q $'\r' "$tmp/err" && ok "no carriage returns when stderr is a file" || not_ok "progress written to a file"
status 0 "-q" "$bc" -q -t plain -o "$tmp/nq" "$root/samples"
[ ! -s "$tmp/err" ] && ok "-q prints nothing on success" || not_ok "-q printed something"
if command -v script >/dev/null 2>&1; then
    script -qec "$bc -t plain,html -o $tmp/tty $many" /dev/null >"$tmp/tty.log" 2>&1
    grep -q "files " "$tmp/tty.log" && grep -q $'\r' "$tmp/tty.log" && ok "a progress line on a terminal" ||
        not_ok "no progress line on a terminal"
fi

done_testing
