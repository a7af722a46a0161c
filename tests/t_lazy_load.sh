#!/bin/bash
# Lazy plugin loading: a conversion of files opens only the plugin files named
# after its formats (-t, -f, the inputs' extensions) in every directory of the
# search path, later directories overriding earlier ones; anything it cannot
# resolve that way (a plugin file named otherwise, an alias, a folder,
# standard input without -f, no -t, --list-plugins) loads the whole path.
# Broken plugins that such a run never opens are not warned about; one it
# opens is warned about once, even when the run then loads everything.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
loaded() { grep -c 'loaded .* plugin' "$1"; }

for p in yaml plain html docx; do
    if [ ! -f "$BUILD/plugins/$p.so" ]; then
        skip "$BUILD/plugins/$p.so is not built"
        done_testing
    fi
done
sample=$root/samples/stp-dashboard.yaml
export BRIEFCONV_PLUGIN_PATH=
export LD_LIBRARY_PATH="$BUILD${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# A copy of the program whose own plugin folder we control (EXE_DIR/plugins).
mkdir -p "$tmp/named/plugins" "$tmp/renamed/plugins"
chmod 0755 "$tmp" "$tmp/named" "$tmp/named/plugins" "$tmp/renamed" "$tmp/renamed/plugins"
for d in named renamed; do cp "$BUILD/briefconv" "$tmp/$d/briefconv"; done
for p in yaml plain html docx; do cp "$BUILD/plugins/$p.so" "$tmp/named/plugins/$p.so"; done
# The same plugins under names that are not their formats.
cp "$BUILD/plugins/yaml.so" "$tmp/renamed/plugins/reader.so"
cp "$BUILD/plugins/plain.so" "$tmp/renamed/plugins/text-out.so"
cp "$BUILD/plugins/html.so" "$tmp/renamed/plugins/web.so"
named=$tmp/named/briefconv
renamed=$tmp/renamed/briefconv

"$BUILD/briefconv" -t plain -o "$tmp/ref.txt" "$sample" || bail_out "reference conversion"

# --- named after their formats: only what the run needs is opened.
"$named" --verbose -t plain -o "$tmp/a.txt" "$sample" 2>"$tmp/v"
check "-t plain converts" cmp -s "$tmp/a.txt" "$tmp/ref.txt"
check "-t plain opens two plugins" test "$(loaded "$tmp/v")" -eq 2
check "...yaml and plain" grep -q "plugin yaml from $tmp/named/plugins/yaml.so" "$tmp/v"
check "...and not docx" bash -c "! grep -q 'plugin docx' '$tmp/v'"
"$named" --verbose -t plain,html -o "$tmp/multi" "$sample" 2>"$tmp/v"
check "-t plain,html (batch) opens three plugins" test "$(loaded "$tmp/v")" -eq 3
check "...and writes both" test -s "$tmp/multi/stp-dashboard.txt" -a -s "$tmp/multi/stp-dashboard.html"
"$named" --verbose -f yaml -t plain - <"$sample" >"$tmp/b.txt" 2>"$tmp/v"
check "standard input with -f opens two plugins" test "$(loaded "$tmp/v")" -eq 2
check "...and converts the same" cmp -s "$tmp/b.txt" "$tmp/ref.txt"
"$named" --verbose -t plain - <"$sample" >"$tmp/c.txt" 2>"$tmp/v"
check "standard input without -f opens every plugin" test "$(loaded "$tmp/v")" -eq 4
check "...and converts the same" cmp -s "$tmp/c.txt" "$tmp/ref.txt"
"$named" --verbose --list-plugins >/dev/null 2>"$tmp/v"
check "--list-plugins opens every plugin" test "$(loaded "$tmp/v")" -eq 4
"$named" --verbose --check "$sample" 2>"$tmp/v"
check "no -t opens every plugin" test "$(loaded "$tmp/v")" -eq 4
mkdir "$tmp/in" && cp "$sample" "$tmp/in/"
"$named" --verbose -t plain -o "$tmp/fromdir" "$tmp/in" 2>"$tmp/v"
check "a folder input opens every plugin" test "$(loaded "$tmp/v")" -eq 4
check "...and converts" cmp -s "$tmp/fromdir/stp-dashboard.txt" "$tmp/ref.txt"

# --- nothing is unloaded before exit (bc_registry_keep_loaded): ld.so
# destroys no link map, yet the plugins' destructors still run at exit.
LD_DEBUG=files "$named" -t plain -o "$tmp/k.txt" "$sample" 2>"$tmp/ld"
check "no plugin is dlclose'd before exit" bash -c "! grep -q 'destroying link map' '$tmp/ld'"
check "...and plain.so is finalised at exit" grep -q "calling fini: $tmp/named/plugins/plain.so" "$tmp/ld"

# --- named otherwise: the fast start finds nothing and loads the whole path.
"$renamed" --verbose -t plain -o "$tmp/d.txt" "$sample" 2>"$tmp/v"
check "plugins named otherwise still convert" cmp -s "$tmp/d.txt" "$tmp/ref.txt"
check "...after opening every plugin" test "$(loaded "$tmp/v")" -eq 3
"$renamed" -t nosuch "$sample" >/dev/null 2>"$tmp/e"
check "an unknown format lists every format" grep -q "available: .*plain" "$tmp/e"

# --- overriding: a later directory's file of the same name wins.
mkdir "$tmp/over" && chmod 0755 "$tmp/over"
cp "$BUILD/plugins/plain.so" "$tmp/over/plain.so"
"$named" --verbose --plugin-dir "$tmp/over" -t plain -o "$tmp/f.txt" "$sample" 2>"$tmp/v"
check "a later plain.so is the one used" grep -q "plugin plain from $tmp/over/plain.so" "$tmp/v"
check "...and converts the same" cmp -s "$tmp/f.txt" "$tmp/ref.txt"

# --- broken plugins: not opened, not warned about, unless the run needs them.
mkdir "$tmp/broken" && chmod 0755 "$tmp/broken"
printf 'not an ELF file\n' >"$tmp/broken/docx.so"
printf 'not an ELF file\n' >"$tmp/broken/plain.so"
"$named" --plugin-dir "$tmp/broken" -t html -o "$tmp/g.html" "$sample" 2>"$tmp/w"
check "-t html with broken docx.so/plain.so beside converts" test -s "$tmp/g.html"
check "...without a warning about files it never opened" test ! -s "$tmp/w"
"$named" --plugin-dir "$tmp/broken" -t plain -o "$tmp/h.txt" "$sample" 2>"$tmp/w"
check "-t plain with a broken later plain.so falls back to the good one" cmp -s "$tmp/h.txt" "$tmp/ref.txt"
check "...warning once about it" test "$(grep -c "$tmp/broken/plain.so" "$tmp/w")" -eq 1
"$renamed" --plugin-dir "$tmp/broken" -t plain -o "$tmp/i.txt" "$sample" 2>"$tmp/w"
check "a fast start that fails, then a whole load, converts" cmp -s "$tmp/i.txt" "$tmp/ref.txt"
check "...warning once per broken file, not once per attempt" \
    test "$(grep -c "$tmp/broken/plain.so" "$tmp/w")" -eq 1 -a "$(grep -c "$tmp/broken/docx.so" "$tmp/w")" -eq 1
"$named" -q --plugin-dir "$tmp/broken" -t plain -o "$tmp/j.txt" "$sample" 2>"$tmp/w"
check "-q keeps those warnings quiet" test ! -s "$tmp/w"

done_testing
