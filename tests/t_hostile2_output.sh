#!/bin/bash
# t_hostile2_output.sh — what replacing outputs leaves behind (issue 17,
# points 5 and 6).
#
# 5. A process killed by SIGKILL between naming the complete temporary file
#    and renaming it over the old output (tests/faults/killrename.c kills it
#    exactly there) leaves one hidden ".NAME.XXXXXX.tmp"; the next run of
#    the same output removes it, so leftovers never pile up. A live writer's
#    temporary file (locked) is never removed by another run.
# 6. An output whose name is 244-255 bytes long can be replaced by a re-run
#    (the temporary name must fit in NAME_MAX too).
#
# Env: BUILD (build dir, default build).
set -u
. "$(dirname "$0")/lib.sh"
killed_run() { # ARGS...: runs briefconv ARGS with the shim armed; $rc is its exit status
    (
        # A sanitizer build wants its runtime first; the shim only wraps rename.
        KILLRENAME=1 LD_PRELOAD=$shim ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 "$bc" "$@"
        echo $? >"$tmp/rc"
    ) >/dev/null 2>&1 # the subshell's "Killed" notice goes there too
    rc=$(cat "$tmp/rc")
}
temps() { # DIR: the hidden temporary files in DIR, one a line
    find "$1" -maxdepth 1 -name '.*.tmp' | sort
}

cat >"$tmp/a.yaml" <<'YAML'
briefing: 1
title: A briefing
summary: Short.
YAML

# ---- 5. SIGKILL while replacing, then a normal re-run.
shim=$tmp/killrename.so
if ! ${CC:-gcc} -std=c11 -O2 -Wall -Wextra -Werror -shared -fPIC -o "$shim" "$root/tests/faults/killrename.c" -ldl; then
    not_ok "cannot build tests/faults/killrename.c"
else
    for fmt in html docx markdown plain; do
        out=$tmp/out-$fmt
        mkdir -p "$out"
        "$bc" -t $fmt -o "$out/a.out" "$tmp/a.yaml" || not_ok "$fmt: first run failed"
        # Killed just before the rename: one leftover, old output intact.
        killed_run -t $fmt -o "$out/a.out" "$tmp/a.yaml"
        [ $rc = 137 ] || not_ok "$fmt: the armed run was not killed (exit $rc)"
        [ "$(temps "$out" | wc -l)" = 1 ] || not_ok "$fmt: expected one leftover after SIGKILL, got: $(temps "$out")"
        [ -s "$out/a.out" ] || not_ok "$fmt: the old output is gone after SIGKILL"
        # The next run of the same output removes it.
        "$bc" -t $fmt -o "$out/a.out" "$tmp/a.yaml" || not_ok "$fmt: re-run after SIGKILL failed"
        [ -z "$(temps "$out")" ] || not_ok "$fmt: leftover not removed by the next run: $(temps "$out")"
        # Ten kills in a row still leave at most one.
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            killed_run -t $fmt -o "$out/a.out" "$tmp/a.yaml"
        done
        [ "$(temps "$out" | wc -l)" = 1 ] || not_ok "$fmt: ten kills left $(temps "$out" | wc -l) temporary files"
    done

    # A batch over existing outputs, killed at its first rename, then re-run: nothing left.
    mkdir -p "$tmp/in/sub"
    for i in 1 2 3 4 5; do cp "$tmp/a.yaml" "$tmp/in/b$i.yaml"; cp "$tmp/a.yaml" "$tmp/in/sub/c$i.yaml"; done
    "$bc" -j 2 -t html,markdown -o "$tmp/bout" "$tmp/in" >/dev/null 2>&1 || not_ok "batch: first run failed"
    killed_run -j 2 -t html,markdown -o "$tmp/bout" "$tmp/in"
    left=$(find "$tmp/bout" -name '.*.tmp' | wc -l)
    [ "$left" -ge 1 ] || not_ok "batch: the armed run left no temporary file (was it killed?)"
    "$bc" -j 2 -t html,markdown -o "$tmp/bout" "$tmp/in" >/dev/null 2>&1 || not_ok "batch: re-run failed"
    [ -z "$(find "$tmp/bout" -name '.*.tmp')" ] || not_ok "batch: leftovers after the re-run: $(find "$tmp/bout" -name '.*.tmp')"
fi

# ---- 5b. A live writer's temporary file is not taken for a leftover.
# A file at the fixed temporary name that someone holds locked stays.
if command -v flock >/dev/null && command -v python3 >/dev/null; then
    out=$tmp/out-live
    mkdir -p "$out"
    "$bc" -t html -o "$out/a.out" "$tmp/a.yaml" || not_ok "live: first run failed"
    killed_run -t html -o "$out/a.out" "$tmp/a.yaml"
    left=$(temps "$out")
    if [ -n "$left" ]; then
        # Hold its lock as a live writer does, and run again: it must stay.
        flock -x "$left" -c "'$bc' -t html -o '$out/a.out' '$tmp/a.yaml'" || not_ok "live: run beside a locked temporary file failed"
        [ -e "$left" ] || not_ok "live: a locked (live) temporary file was removed"
    fi
fi

# ---- 6. Long output names: created once, replaced on every re-run.
mkdir -p "$tmp/long"
for len in 243 244 250 255; do
    name=$(head -c $((len - 5)) /dev/zero | tr '\0' 'n').html # exactly LEN bytes
    f=$tmp/long/$name
    "$bc" -t html -o "$f" "$tmp/a.yaml" 2>"$tmp/err" || { not_ok "$len-byte name: first run: $(cat "$tmp/err")"; continue; }
    "$bc" -t html -o "$f" "$tmp/a.yaml" 2>"$tmp/err" || not_ok "$len-byte name: re-run failed: $(cat "$tmp/err")"
    "$bc" -t html -o "$f" "$tmp/a.yaml" 2>"$tmp/err" || not_ok "$len-byte name: third run failed: $(cat "$tmp/err")"
    [ -z "$(temps "$tmp/long")" ] || not_ok "$len: temporary files left: $(temps "$tmp/long")"
    rm -f "$tmp/long/"*
done
# A multi-byte name near the limit: the temporary name is cut at a character boundary.
name=$(printf 'é%.0s' $(seq 1 123))x # 247 bytes
mkdir -p "$tmp/long"
"$bc" -t plain -o "$tmp/long/$name.txt" "$tmp/a.yaml" || not_ok "UTF-8 long name: first run failed"
"$bc" -t plain -o "$tmp/long/$name.txt" "$tmp/a.yaml" 2>"$tmp/err" || not_ok "UTF-8 long name: re-run failed: $(cat "$tmp/err")"
# Long names in a batch: the outputs mirror the inputs.
mkdir -p "$tmp/lin"
name=$(head -c 245 /dev/zero | tr '\0' 'b')
cp "$tmp/a.yaml" "$tmp/lin/$name.yaml" # 250 bytes; outputs .html 250, .md 248
"$bc" -t html,markdown -o "$tmp/lout" "$tmp/lin" >/dev/null 2>&1 || not_ok "long-name batch: first run failed"
"$bc" -t html,markdown -o "$tmp/lout" "$tmp/lin" >"$tmp/err" 2>&1 || not_ok "long-name batch: re-run failed: $(cat "$tmp/err")"

[ "$tests_failed" = 0 ] && ok "replacing outputs leaves nothing behind"
done_testing
