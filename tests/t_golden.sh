#!/bin/bash
# t_golden.sh — golden tests of the HTML, Markdown and plain-text writers.
#
# For each format, converts every samples/*.yaml and every input of that
# format's own in tests/golden/FORMAT/inputs/*.yaml, and compares the result
# byte for byte with tests/golden/FORMAT/NAME.EXT (EXT: html, md, txt). An
# input whose first line is "# FORMAT-options: ARGS" is converted with those
# extra arguments (e.g. "# plain-options: -O width=40"). Every format: the
# conversion neither fails nor warns, a second run gives the same bytes,
# and no golden is left without its input. Then what each format adds:
#   html      `-O fragment=true` gives exactly the page's <article>;
#   markdown  the alias `-t md` gives the same bytes; no trailing spaces, no
#             run of blank lines, one final newline;
#   plain     `-t txt` from standard input gives the same bytes; every word
#             of the briefing's text is there, in order
#             (tests/tools/plain_has_all_text.py).
#
# UPDATE_GOLDEN=1 rewrites the goldens instead of comparing: read every
# changed one by eye (git diff) before committing it.
#
# Env: BUILD (absolute build dir, default build); BC_REQUIRE_TOOLS=1 makes a
# missing /usr/bin/python3 with yaml a failure instead of a skip of the
# plain text check.
set -u
. "$(dirname "$0")/lib.sh"
need_build

check_text=1
if ! "$PY" -c 'import yaml' 2>/dev/null; then
    missing "plain text-presence check: $PY with the yaml module (python3-yaml) is not available"
    check_text=0
fi

# What each format checks beyond the golden; the output is $got, from $input.
extra_html() {
    # The fragment is the page's article, line for line.
    sed -n '/^<article class="briefing">$/,/^<\/article>$/p' "$got" >"$tmp/article.html"
    [ -s "$tmp/article.html" ] || not_ok "$name: no <article> in the page"
    if ! "$bc" -t html -O fragment=true "$input" >"$tmp/fragment.html" 2>"$tmp/err"; then
        not_ok "$name: fragment=true failed: $(cat "$tmp/err")"
    elif ! cmp -s "$tmp/fragment.html" "$tmp/article.html"; then
        not_ok "$name: fragment=true is not the page's <article>:"
        diff -u "$tmp/article.html" "$tmp/fragment.html" | head -20
    fi
}
extra_markdown() {
    "$bc" -t md "${extra[@]}" "$input" >"$tmp/alias.md" 2>/dev/null
    cmp -s "$got" "$tmp/alias.md" || not_ok "$name: -t md differs from -t markdown"
    grep -n ' $' "$got" | head -3 | sed "s/^/    $name: trailing space: /" | grep . && not_ok "$name: trailing spaces"
    if grep -q '^$' <(sed -n '$p' "$got") || [ "$(tail -c 1 "$got" | od -An -c | tr -d ' ')" != '\n' ]; then
        not_ok "$name: the output must end with exactly one newline"
    fi
    awk 'prev == "" && $0 == "" && NR > 1 { bad = 1 } { prev = $0 } END { exit bad }' "$got" ||
        not_ok "$name: two blank lines in a row"
}
extra_plain() {
    # Standard input and the txt alias give the same bytes as a file and the name.
    if ! "$bc" -f yaml -t txt "${extra[@]}" - <"$input" >"$tmp/stdin.txt" 2>"$tmp/err"; then
        not_ok "$name: briefconv -t txt from standard input failed: $(cat "$tmp/err")"
    elif ! cmp -s "$got" "$tmp/stdin.txt"; then
        not_ok "$name: -t txt from standard input differs from -t plain -o FILE"
    fi
    if [ "$check_text" = 1 ] && ! "$PY" "$root/tests/tools/plain_has_all_text.py" "$input" "$got"; then
        not_ok "$name: text missing from the plain output (see above)"
    fi
}

for fmt in html markdown plain; do
    ext=$(ext_of $fmt)
    golden=$root/tests/golden/$fmt
    mkdir -p "$golden"
    before=$tests_failed
    count=0
    for input in "$root"/samples/*.yaml "$golden"/inputs/*.yaml; do
        [ -e "$input" ] || continue
        name=$(basename "$input" .yaml)
        expected=$golden/$name.$ext
        got=$tmp/$name.$ext
        extra=()
        first=$(head -n 1 "$input")
        case $first in
        "# $fmt-options:"*) read -r -a extra <<<"${first#"# $fmt-options:"}" ;;
        esac
        count=$((count + 1))
        if ! "$bc" -t $fmt "${extra[@]}" -o "$got" "$input" 2>"$tmp/err"; then
            not_ok "$fmt $name: briefconv failed: $(cat "$tmp/err")"
            continue
        fi
        [ -s "$tmp/err" ] && not_ok "$fmt $name: briefconv wrote to stderr: $(cat "$tmp/err")"
        if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
            if ! cmp -s "$got" "$expected"; then
                cp "$got" "$expected"
                echo "updated: tests/golden/$fmt/$name.$ext (review it)"
            fi
        elif [ ! -e "$expected" ]; then
            not_ok "$name: no golden tests/golden/$fmt/$name.$ext (run with UPDATE_GOLDEN=1, then review)"
        elif ! cmp -s "$got" "$expected"; then
            not_ok "$name: output differs from tests/golden/$fmt/$name.$ext:"
            diff -u "$expected" "$got" | head -40
        fi
        "$bc" -t $fmt "${extra[@]}" "$input" >"$tmp/again.$ext" 2>/dev/null
        cmp -s "$got" "$tmp/again.$ext" || not_ok "$fmt $name: a second run gave different bytes"
        extra_$fmt
    done

    # A golden whose input is gone would never be checked again.
    for expected in "$golden"/*."$ext"; do
        [ -e "$expected" ] || continue
        name=$(basename "$expected" ".$ext")
        if [ ! -e "$root/samples/$name.yaml" ] && [ ! -e "$golden/inputs/$name.yaml" ]; then
            not_ok "tests/golden/$fmt/$name.$ext has no input (samples/$name.yaml or inputs/$name.yaml)"
        fi
    done

    [ "$count" -gt 0 ] || not_ok "$fmt: no inputs found"
    [ "$tests_failed" = "$before" ] && ok "$fmt: $count goldens match, deterministic, $fmt's own checks pass"
done

done_testing
