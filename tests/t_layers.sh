#!/bin/bash
# The layering rules of docs/architecture.md hold in the build: within each
# folder of core/, cli/ and plugins/ no two files use each other (directly or
# round a longer circle), and plugins/common uses no plugin's code. The
# checker itself is shown to catch a circle and an upward call.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
layers=$root/tests/tools/layers.py

[ -x "$PY" ] || skip_all "$PY missing"
command -v nm >/dev/null || skip_all "nm missing"
need_build

status 0 "the build has no circles and plugins/common stands alone" "$PY" "$layers" "$BUILD/obj"
has "$tmp/out" "core cli plugins/common" || not_ok "the checker did not look at core, cli and plugins/common"

# A folder whose two files call each other, and a common file calling a plugin.
fake=$tmp/obj
mkdir -p "$fake/core" "$fake/cli" "$fake/plugins/common" "$fake/plugins/demo"
printf 'int b(void);\nint a(void) { return b(); }\n' >"$tmp/a.c"
printf 'int a(void);\nint b(void) { return a() + 1; }\n' >"$tmp/b.c"
printf 'int demo_only(void);\nint common_fn(void) { return demo_only(); }\n' >"$tmp/c.c"
printf 'int demo_only(void) { return 1; }\n' >"$tmp/d.c"
cc -c -o "$fake/core/a.o" "$tmp/a.c" && cc -c -o "$fake/core/b.o" "$tmp/b.c" &&
    cc -c -o "$fake/plugins/common/c.o" "$tmp/c.c" && cc -c -o "$fake/plugins/demo/d.o" "$tmp/d.c" ||
    bail_out "cannot compile the checker's fixtures"
status 1 "the checker refuses a circle and an upward call" "$PY" "$layers" "$fake"
has "$tmp/out" "core: files use each other in a circle" || not_ok "the circle in core was not named"
has "$tmp/out" "plugins/common/c.o uses plugin code: demo_only" || not_ok "the upward call was not named"

done_testing
