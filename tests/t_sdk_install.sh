#!/bin/bash
# t_sdk_install.sh — the plugin SDK as a third party meets it:
#   1. `make install` into a temporary prefix puts exactly the expected files
#      there (CLI, versioned library and links, headers, plugins, briefconv.pc,
#      man pages), and the man pages render without warnings;
#   2. with nothing but `PKG_CONFIG_PATH=<prefix>/lib/pkgconfig pkg-config` and
#      the installed files, the guide's compiler line builds examples/json and
#      the guide's own plugins (taken from docs/writing-plugins.md);
#   3. the INSTALLED CLI finds the installed plugins, loads json.so through
#      BRIEFCONV_PLUGIN_PATH, lists it, and converts every sample (and a
#      briefing using every node type, extensions and awkward text) to JSON
#      that parses and holds the briefing's text, deterministically; the
#      collection example examples/catalogue, built the same way, makes
#      `briefconv -t docx,html,catalogue -o out/ briefings/` write every
#      briefing's files plus out/catalogue.csv, whose rows (parsed with
#      Python's csv module) point at the DOCX files the run wrote;
#   4. `make uninstall` removes exactly what install put there; the same holds
#      for a DESTDIR install, whose tree also runs where it was staged.
# Env: BUILD (absolute build dir, default ./build), SAN ('' | asan | ubsan).
set -u

. "$(dirname "$0")/lib.sh"
GUIDE=$root/docs/writing-plugins.md

for tool in cc pkg-config groff nm readelf make; do
    command -v "$tool" >/dev/null || skip_all "$tool is not installed"
done
[ -x "$PY" ] || skip_all "$PY is missing"
"$PY" -I -c 'import yaml' 2>/dev/null || skip_all "python3-yaml is missing"

unset BRIEFCONV_PLUGIN_PATH PKG_CONFIG_PATH PKG_CONFIG_LIBDIR

# Every make run uses the caller's build: nothing is rebuilt with other flags.
mk() { make -s -C "$root" BUILD="$BUILD" SAN="$SAN" "$@"; }

# The files (and symlinks, as "path -> target") below DIR, sorted.
tree_of() {
    (cd "$1" && find . \( -type f -o -type l \) -printf '%P' \
        \( -type l -printf ' -> %l' , -true \) -printf '\n' | LC_ALL=C sort)
}

# ------------------------------------------------------------------ 1. install
prefix=$tmp/prefix
mk install PREFIX="$prefix" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; bail_out "make install PREFIX=$prefix failed"; }

soversion=$(readlink "$BUILD/libbriefconv.so.1")
soversion=${soversion#libbriefconv.so.}
{
    echo "bin/briefconv"
    for h in "$root"/include/briefconv/*.h; do echo "include/briefconv/$(basename "$h")"; done
    for p in "$BUILD"/plugins/*.so; do echo "lib/briefconv/plugins/$(basename "$p")"; done
    echo "lib/libbriefconv.so -> libbriefconv.so.1"
    echo "lib/libbriefconv.so.1 -> libbriefconv.so.$soversion"
    echo "lib/libbriefconv.so.$soversion"
    echo "lib/pkgconfig/briefconv.pc"
    for m in "$root"/man/*.1; do echo "share/man/man1/$(basename "$m")"; done
    for m in "$root"/man/*.3; do echo "share/man/man3/$(basename "$m")"; done
} | LC_ALL=C sort >"$tmp/expected.list"
tree_of "$prefix" >"$tmp/installed.list"
if diff -u "$tmp/expected.list" "$tmp/installed.list"; then
    ok "make install put exactly the expected $(wc -l <"$tmp/installed.list") files under PREFIX"
else
    not_ok "installed files differ from the expected list (diff above)"
fi
for h in briefconv.h plugin.h host.h; do
    [ -f "$prefix/include/briefconv/$h" ] || not_ok "include/briefconv/$h not installed"
done
ls "$prefix"/lib/briefconv/plugins/*.so >/dev/null 2>&1 || not_ok "no plugin installed"
ls "$prefix"/share/man/man3/*.3 >/dev/null 2>&1 || not_ok "no section-3 man page installed"

soname=$(readelf -d "$prefix/lib/libbriefconv.so.$soversion" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
[ "$soname" = libbriefconv.so.1 ] || not_ok "installed library's soname is '$soname', not libbriefconv.so.1"
resolved=$(ldd "$prefix/bin/briefconv" | sed -n 's/.*libbriefconv\.so\.1 => \([^ ]*\) .*/\1/p')
if [ -n "$resolved" ] && [ "$(realpath "$resolved")" = "$prefix/lib/libbriefconv.so.$soversion" ]; then
    ok "installed CLI resolves libbriefconv.so.1 from PREFIX/lib ($resolved)"
else
    not_ok "installed CLI does not resolve libbriefconv from $prefix/lib: $(ldd "$prefix/bin/briefconv" | grep briefconv)"
fi
[ "$(stat -c %a "$prefix/bin/briefconv")" = 755 ] || not_ok "bin/briefconv is not mode 755"
[ "$(stat -c %a "$prefix/include/briefconv/plugin.h")" = 644 ] || not_ok "headers are not mode 644"
for d in "$prefix/lib/briefconv/plugins" "$prefix/lib/briefconv"; do
    case $(stat -c %a "$d") in
    755) ;;
    *) fail "$d is mode $(stat -c %a "$d"): the loader refuses group/other-writable plugin dirs" ;;
    esac
done

# Man pages render with no warnings (groff -ww) and through man(1).
for page in "$prefix"/share/man/man1/*.1 "$prefix"/share/man/man3/*.3; do
    warn=$(groff -ww -z -man "$page" 2>&1)
    [ -z "$warn" ] || not_ok "groff warns about $(basename "$page"): $warn"
    text=$(groff -man -Tutf8 "$page" 2>/dev/null | col -b 2>/dev/null || groff -man -Tascii "$page")
    grep -q NAME <<<"$text" && grep -q DESCRIPTION <<<"$text" || not_ok "$(basename "$page") renders without NAME/DESCRIPTION"
    if command -v man >/dev/null; then
        warn=$(MANWIDTH=80 man -l "$page" 2>&1 >/dev/null)
        [ -z "$warn" ] || not_ok "man -l $(basename "$page") warns: $warn"
    fi
done
[ $tests_failed = 0 ] && ok "man pages render without warnings"

# ------------------------------------------------------------------ 2. pkg-config
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
pcprefix=$(pkg-config --variable=prefix briefconv) || bail_out "pkg-config cannot find briefconv in $PKG_CONFIG_PATH"
[ "$pcprefix" = "$prefix" ] || not_ok "briefconv.pc prefix is $pcprefix, not $prefix"
[ "$(pkg-config --variable=plugindir briefconv)" = "$prefix/lib/briefconv/plugins" ] ||
    not_ok "plugindir is $(pkg-config --variable=plugindir briefconv)"
[ "$(echo $(pkg-config --cflags briefconv))" = "-I$prefix/include" ] || not_ok "cflags: $(pkg-config --cflags briefconv)"
[ "$(echo $(pkg-config --libs briefconv))" = "-L$prefix/lib -lbriefconv" ] || not_ok "libs: $(pkg-config --libs briefconv)"
version=$(sed -n 's/^#define BC_VERSION_STRING "\(.*\)"/\1/p' "$root/include/briefconv/briefconv.h")
[ "$(pkg-config --modversion briefconv)" = "$version" ] || not_ok "modversion $(pkg-config --modversion briefconv) != $version"
[ $tests_failed = 0 ] && ok "pkg-config: $(pkg-config --cflags --libs briefconv); plugindir $(pkg-config --variable=plugindir briefconv)"

# ------------------------------------------------------------------ 3. build from the SDK alone
# Outside the source tree, so nothing but the installed files can be found.
work=$tmp/work
mkdir -p "$work"
cp "$root/examples/json/json.c" "$root/examples/catalogue/catalogue.c" "$work/"
# The files the guide asks the reader to save, extracted from the guide.
"$PY" -I - "$GUIDE" "$work" <<'EOF' || bail_out "cannot extract the guide's files"
import re, sys, os
text = open(sys.argv[1], encoding="utf-8").read()
found = re.findall(r"<!-- file: (\S+) -->\n```[a-z]*\n(.*?)```", text, re.S)
if not found:
    sys.exit("no <!-- file: --> blocks in the guide")
for name, body in found:
    with open(os.path.join(sys.argv[2], name), "w", encoding="utf-8") as f:
        f.write(body)
    print("extracted", name)
EOF
# The guide's compiler line, literally, for each plugin source.
line=$(grep -m1 -E '^\$ cc -shared -fPIC -o [a-z]+\.so [a-z]+\.c \$\(pkg-config --cflags --libs briefconv\)$' "$GUIDE") ||
    bail_out "the guide has no compiler line of the expected form"
line=${line#\$ }
guide_name=$(sed -E 's/.* -o ([a-z]+)\.so .*/\1/' <<<"$line")
for src in "$work"/*.c; do
    name=$(basename "$src" .c)
    cmd=${line//$guide_name/$name}
    echo "+ $cmd"
    (cd "$work" && eval "$cmd") || { not_ok "the guide's line does not build $name.so"; continue; }
    exports=$(nm -D --defined-only "$work/$name.so" | awk '{print $3}' | grep -v '^_' | sort | tr '\n' ' ')
    [ "$exports" = "briefconv_plugin " ] || not_ok "$name.so exports more than briefconv_plugin: $exports"
done
[ -f "$work/json.so" ] || bail_out "json.so was not built"
[ -f "$work/catalogue.so" ] || not_ok "catalogue.so was not built from the installed SDK"
# The examples must also be clean under the project's own warnings.
for ex in json catalogue; do
    (cd "$work" && cc -std=c11 -pedantic -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -fsyntax-only $(pkg-config --cflags briefconv) $ex.c) ||
        not_ok "examples/$ex/$ex.c is not warning-free under -std=c11 -pedantic -Wall -Wextra"
done
# examples/Makefile builds with pkg-config too.
if [ -f "$root/examples/Makefile" ]; then
    cp -r "$root/examples" "$tmp/examples-copy"
    make -s -C "$tmp/examples-copy" >"$tmp/ex.log" 2>&1 && [ -f "$tmp/examples-copy/json/json.so" ] ||
        { cat "$tmp/ex.log"; not_ok "examples/Makefile does not build json/json.so from the installed SDK"; }
    [ -f "$tmp/examples-copy/catalogue/catalogue.so" ] ||
        not_ok "examples/Makefile does not build catalogue/catalogue.so from the installed SDK"
fi

plugdir=$tmp/my-plugins
mkdir -m 755 "$plugdir"
cp "$work"/*.so "$plugdir/"

# ------------------------------------------------------------------ 4. the installed CLI
cli=$prefix/bin/briefconv
export BRIEFCONV_PLUGIN_PATH=$plugdir
"$cli" --list-plugins >"$tmp/list.out" 2>"$tmp/list.err" || { cat "$tmp/list.err"; not_ok "--list-plugins failed"; }
# The plugin files listed, made canonical (the core may say PREFIX/bin/../lib/...).
sed -n 's/^  file: //p' "$tmp/list.out" | while read -r f; do realpath "$f"; done >"$tmp/list.files"
if grep -qw json "$tmp/list.out" && grep -qxF "$plugdir/json.so" "$tmp/list.files"; then
    ok "--list-plugins shows json from $plugdir/json.so"
else
    not_ok "--list-plugins does not show json from $plugdir"
    cat "$tmp/list.out" "$tmp/list.err"
fi
for p in "$prefix"/lib/briefconv/plugins/*.so; do
    grep -qxF "$p" "$tmp/list.files" || not_ok "installed CLI did not load installed plugin $p"
done
grep -qvE "^($prefix/lib/briefconv/plugins|$plugdir)/" "$tmp/list.files" &&
    not_ok "installed CLI loaded plugins from elsewhere: $(grep -vE "^($prefix/lib/briefconv/plugins|$plugdir)/" "$tmp/list.files")"
[ -s "$tmp/list.err" ] && not_ok "--list-plugins warned: $(cat "$tmp/list.err")"
[ $tests_failed = 0 ] && ok "installed CLI loads the installed plugins ($(ls "$prefix"/lib/briefconv/plugins | tr '\n' ' '))"

# A briefing with every node type, extensions, labels and awkward text.
cat >"$tmp/everything.yaml" <<'EOF'
briefing: 1
title: "Quote \" backslash \\ tab\there, ctrl\x01 sep\u2028 caf\u00e9 \U0001F600"
type: "Type </script> & \"more\""
source: "[Source *one*](https://example.org/s?a=1&b=2 \"Link title\")"
link: https://example.org/main
publication_format: PDF
published: 2016-09-22
audience: Everyone, ~~nobody~~
summary: |
  Para with *emph*, **strong**, ~~struck~~, `code "x" \ y`, a hard\
  break, a soft
  break and citations [@r1; @r2].

  3. three
  4. four
     - nested bullet

  > Quoted text.

  ```python
  print("hi\tthere")
  ```

  ---

  | Left | Centre | Right |
  |:-----|:------:|------:|
  | a    | b      | c     |

  ### Heading inside content
key_features:
  - Feature one
  - text: Feature with items
    items:
      - Item one
      - Item two
impact: Impact text.
sections:
  - heading: Top section
    body: Top body [@r1].
    sections:
      - heading: Nested *section*
        body: Nested body.
        sections:
          - heading: Deeper still
  - heading: Second section
references:
  - id: r1
    text: First reference, *emphasised*
    url: https://example.org/r1
  - id: r2
    text: Second reference
  - Third reference as a plain string
updated: 2017-08
review_due: 2018
responsible: LK
produced_by: Library team
notice: Reproduce freely.
tags: [alpha, "beta gamma"]
lang: en-GB
labels:
  impact: What it means
  references: Read more
x-owner: "Library \"team\""
x-meta:
  reviewers: [ann, bob]
  nested: {k: "v \\ w"}
EOF

# Checks JSON against the YAML it came from: it parses (strict: no raw control
# characters), is valid UTF-8, keeps the format's field order, and holds the
# text, labels, dates, tags, extensions, headings and references.
cat >"$tmp/check.py" <<'EOF'
import collections, datetime, html, json, re, sys
import yaml

yaml_path, json_path, full = sys.argv[1], sys.argv[2], sys.argv[3] == "full"
raw = open(json_path, "rb").read()
text = raw.decode("utf-8")  # strict: fails on invalid UTF-8
doc = json.loads(text, object_pairs_hook=collections.OrderedDict)
src = yaml.safe_load(open(yaml_path, encoding="utf-8"))
errors = []

ORDER = ["title", "type", "source", "link", "publication_format", "published", "audience",
         "summary", "key_features", "impact", "sections", "references", "updated",
         "review_due", "responsible", "produced_by", "notice", "tags", "lang"]
DEFAULT_LABELS = {"source": "Source", "link": "Link to main document",
                  "publication_format": "Publication format", "published": "Date of publication",
                  "audience": "Primary audience", "summary": "Summary", "key_features": "Key features",
                  "impact": "Impact on library policy/practice", "references": "Further reading",
                  "updated": "Date last updated", "review_due": "Due for review",
                  "responsible": "Group member responsible", "produced_by": "Produced by",
                  "tags": "Keywords"}
KINDS = {"title": "inline", "source": "inline", "audience": "inline", "produced_by": "inline",
         "type": "text", "link": "text", "publication_format": "text", "responsible": "text",
         "lang": "text", "published": "date", "updated": "date", "review_due": "date",
         "summary": "content", "key_features": "content", "impact": "content", "sections": "content",
         "references": "content", "notice": "content", "tags": "list"}

def clean(s):
    """What the reader makes of control characters: VT, FF, CR and NEL become
    spaces; other C0 (but TAB and LF), DEL, C1 and U+FFFE/F are dropped."""
    s = re.sub("[\x0b\x0c\r\x85]", " ", s)
    return re.sub("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]", "", s)

def words(s):
    """The words a reader sees in Markdown source S (or in the JSON's text)."""
    s = html.unescape(s)  # entity references are text once read
    s = re.sub(r"\[@[^\]]*\]", " ", s)  # citations print as numbers
    s = re.sub(r"(?<![\\!])\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)", r"\1", s)  # a link's destination is no text
    # ordered-list markers become `start`, also after a bullet or quote marker ("- 3. x", "> 1. y")
    s = re.sub(r"(?m)^(?:\s*(?:[-*+]|>)(?=\s))*\s*\d+[.)](?=\s)", " ", s)
    s = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", s)  # the model keeps an image's alt text only
    return re.findall(r"\w+", clean(s))

def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)

def node_text(n):
    out = []
    for x in n.get("children", []):
        if x["type"] in ("text", "code"):
            out.append(x["text"])
        elif x["type"] in ("softbreak", "linebreak"):
            out.append(" ")
        else:
            out.append(node_text(x))
    return "".join(out)

def nodes(lst):
    for n in lst:
        yield n
        yield from nodes(n.get("children", []))

bag = set()
for s in strings(doc):
    bag.update(words(s))

def expect_words(what, s):
    missing = [w for w in words(s) if w not in bag]
    if missing:
        errors.append("%s: words missing from the JSON: %s" % (what, missing[:8]))

# Shape and order.
keys = list(doc.keys())
if keys[:2] != ["format", "format_version"] or keys[-1] != "extensions":
    errors.append("top-level keys: %s" % keys)
fields = keys[2:-1]
present = [k for k in ORDER if k in src or k == "lang"]
if fields != present:
    errors.append("fields %s, expected %s" % (fields, present))
for k in fields:
    if doc[k].get("kind") != KINDS[k]:
        errors.append("%s: kind %r" % (k, doc[k].get("kind")))
    label = (src.get("labels") or {}).get(k, DEFAULT_LABELS.get(k, ""))
    if doc[k].get("label") != label:
        errors.append("%s: label %r, expected %r" % (k, doc[k].get("label"), label))

# Plain strings exactly; inline and content text word by word.
for k in ("type", "link", "publication_format", "responsible"):
    if k in src and doc[k]["text"] != clean(str(src[k])):
        errors.append("%s: %r != %r" % (k, doc[k]["text"], src[k]))
if doc["lang"]["text"] != src.get("lang", "en-GB"):
    errors.append("lang %r" % doc["lang"]["text"])
for k in ("title", "source", "audience", "produced_by"):
    if k in src:
        # The JSON's text prints citations as "(1)" or "(1, 2)"; the source has [@id].
        shown = re.sub(r"\(\d+(?:, \d+)*\)", " ", doc[k]["text"])
        if words(shown) != words(src[k]) and k == "title":
            errors.append("title text %r does not match %r" % (doc[k]["text"], src[k]))
        expect_words(k, src[k])
for k in ("summary", "key_features", "impact", "notice"):
    for s in strings(src.get(k)):
        expect_words(k, s)

# Dates: ISO and words; free-text published as written.
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
for k in ("published", "updated", "review_due"):
    if k not in src:
        continue
    v = src[k]
    iso = v.isoformat() if isinstance(v, datetime.date) else str(v)
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", iso):
        parts = [int(p) for p in iso.split("-")]
        want = " ".join(([str(parts[2])] if len(parts) > 2 else []) +
                        ([MONTHS[parts[1] - 1]] if len(parts) > 1 else []) + [str(parts[0])])
        if doc[k]["date"] != iso or doc[k]["text"] != want:
            errors.append("%s: %r/%r, expected %r/%r" % (k, doc[k]["date"], doc[k]["text"], iso, want))
    elif doc[k]["date"] is not None or doc[k]["text"] != v:
        errors.append("%s free text: %r/%r" % (k, doc[k]["date"], doc[k]["text"]))

# Tags and extensions exactly.
if "tags" in src and doc["tags"]["items"] != [clean(str(t)) for t in src["tags"]]:
    errors.append("tags %r" % doc["tags"]["items"])
def clean_tree(v):
    if isinstance(v, dict):
        return {clean(str(k)): clean_tree(x) for k, x in v.items()}
    if isinstance(v, list):
        return [clean_tree(x) for x in v]
    return clean(str(v))
want_ext = {k: clean_tree(v) for k, v in src.items() if k.startswith("x-")}
if json.loads(json.dumps(doc["extensions"])) != want_ext or list(doc["extensions"]) != list(want_ext):
    errors.append("extensions %r, expected %r" % (doc["extensions"], want_ext))

# Every heading, in order and at its depth.
def yaml_sections(secs, depth=1):
    for s in secs or []:
        yield depth, s["heading"], s.get("body")
        yield from yaml_sections(s.get("sections"), depth + 1)
def json_sections(secs):
    for s in secs:
        if s["type"] != "section":
            errors.append("sections holds a %s" % s["type"])
            continue
        kids = s["children"]
        if not kids or kids[0]["type"] != "heading" or kids[0]["level"] != s["depth"]:
            errors.append("section without its heading first: %r" % s)
            continue
        yield s["depth"], node_text(kids[0])
        yield from json_sections([k for k in kids if k["type"] == "section"])
want = list(yaml_sections(src.get("sections")))
got = list(json_sections(doc["sections"]["content"])) if "sections" in doc else []
if len(want) != len(got):
    errors.append("%d sections, expected %d" % (len(got), len(want)))
for (wd, wh, body), (gd, gh) in zip(want, got):
    if wd != gd or words(wh) != words(gh):
        errors.append("section %r at depth %d, expected %r at %d" % (gh, gd, wh, wd))
    for s in strings(body):
        expect_words("section body", s)

# Every reference: number, id, url, text.
refs = src.get("references") or []
got = doc["references"]["content"] if "references" in doc else []
if len(got) != len(refs):
    errors.append("%d references, expected %d" % (len(got), len(refs)))
for i, (r, g) in enumerate(zip(refs, got), 1):
    r = r if isinstance(r, dict) else {"text": r}
    if g["type"] != "reference" or g["number"] != i or g["id"] != r.get("id", "") or g["url"] != r.get("url", ""):
        errors.append("reference %d: %r" % (i, {k: g.get(k) for k in ("type", "number", "id", "url")}))
    if words(node_text(g)) != words(r["text"]):
        errors.append("reference %d text %r, expected %r" % (i, node_text(g), r["text"]))

if full:
    every = {"section", "reference", "paragraph", "heading", "list", "item", "block_quote",
             "code_block", "thematic_break", "table", "table_row", "table_cell", "text",
             "softbreak", "linebreak", "code", "emph", "strong", "strikethrough", "link", "citation"}
    allnodes = [n for k in fields if "content" in doc[k] for n in nodes(doc[k]["content"])]
    seen = {n["type"] for n in allnodes}
    if seen != every:
        errors.append("node types: missing %s, unexpected %s" % (sorted(every - seen), sorted(seen - every)))
    def find(pred):
        return next((n for n in allnodes if pred(n)), None)
    checks = [
        ("ordered list from 3", find(lambda n: n["type"] == "list" and n["list_type"] == "ordered"
                                     and n["start"] == 3 and n["level"] == 0)),
        ("nested bullet list", find(lambda n: n["type"] == "list" and n["list_type"] == "bullet" and n["level"] == 1)),
        ("code block", find(lambda n: n["type"] == "code_block" and n["info"] == "python"
                            and n["text"].rstrip("\n") == 'print("hi\\tthere")')),
        ("code span", find(lambda n: n["type"] == "code" and n["text"] == 'code "x" \\ y')),
        ("table", find(lambda n: n["type"] == "table" and n["columns"] == 3
                       and n["align"] == ["left", "center", "right"])),
        ("header row", find(lambda n: n["type"] == "table_row" and n["header"] is True)),
        ("body row", find(lambda n: n["type"] == "table_row" and n["header"] is False)),
        ("link", find(lambda n: n["type"] == "link" and n["url"] == "https://example.org/s?a=1&b=2"
                      and n["title"] == "Link title")),
        ("citation", find(lambda n: n["type"] == "citation" and n["references"] ==
                          [{"number": 1, "id": "r1"}, {"number": 2, "id": "r2"}])),
        ("content heading", find(lambda n: n["type"] == "heading" and n["level"] > 1 and
                                 node_text(n) == "Heading inside content")),
    ]
    for what, found in checks:
        if found is None:
            errors.append("no %s with the expected attributes" % what)
    t = doc["title"]["text"]
    for piece in ['Quote " backslash \\ tab\there', "ctrl sep", "\u2028", "caf\u00e9", "\U0001F600"]:
        if piece not in t:
            errors.append("title text %r lacks %r" % (t, piece))
    if "\\u2028" not in text or "\\t" not in text or '\\"' not in text or "\\\\" not in text:
        errors.append("escapes \\u2028, \\t, \\\" or \\\\ missing from the raw JSON")

if errors:
    print("%s:" % json_path)
    for e in errors:
        print("  " + e)
    sys.exit(1)
EOF

# The reader's smart punctuation (curly quotes, dashes) is not the JSON
# writer's business: these checks compare the JSON with the YAML's text.
json=(-t json -O yaml.smart=false)
mkdir -p "$tmp/out"
n=0
for y in "$root"/samples/*.yaml "$tmp/everything.yaml"; do
    name=$(basename "$y" .yaml)
    out=$tmp/out/$name.json
    if ! "$cli" "${json[@]}" -o "$out" "$y" 2>"$tmp/conv.err"; then
        not_ok "installed CLI could not convert $name to JSON: $(cat "$tmp/conv.err")"
        continue
    fi
    "$PY" -I -m json.tool "$out" >/dev/null || { not_ok "$name.json does not parse"; continue; }
    mode=sample
    [ "$name" = everything ] && mode=full
    "$PY" -I "$tmp/check.py" "$y" "$out" "$mode" || { not_ok "$name.json does not hold the briefing"; continue; }
    # Deterministic: a second run gives the same bytes.
    "$cli" "${json[@]}" "$y" >"$out.2" 2>/dev/null
    cmp -s "$out" "$out.2" || not_ok "$name: two runs differ"
    n=$((n + 1))
done
[ $tests_failed = 0 ] && ok "converted $n briefings to JSON that parses and holds their text"

# Options: indent=0 gives the same data on one line; positions adds lines; bad values refused.
y=$tmp/everything.yaml
"$cli" "${json[@]}" -O indent=0 "$y" >"$tmp/compact.json" || not_ok "-O indent=0 failed"
[ "$(wc -l <"$tmp/compact.json")" = 1 ] || not_ok "-O indent=0 wrote $(wc -l <"$tmp/compact.json") lines"
"$PY" -I -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a!=b)' \
    "$tmp/compact.json" "$tmp/out/everything.json" || not_ok "indent=0 and indent=2 give different data"
"$cli" "${json[@]}" -O positions=true "$y" >"$tmp/pos.json" || not_ok "-O positions=true failed"
"$PY" -I - "$tmp/pos.json" <<'EOF' || not_ok "positions=true gives no source lines"
import json, sys
d = json.load(open(sys.argv[1]))
lines = []
def walk(v):
    if isinstance(v, dict):
        if "type" in v and "line" in v:
            lines.append(v["line"])
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
walk(d)
sys.exit(0 if lines and all(isinstance(l, int) and l > 0 for l in lines) else 1)
EOF
grep -q '"line"' "$tmp/out/everything.json" && not_ok "positions appear without -O positions=true"
"$cli" "${json[@]}" -O indent=9 "$y" >"$tmp/bad.json" 2>"$tmp/bad.err"
rc=$?
[ $rc = 2 ] || not_ok "-O indent=9 (out of range) exited $rc, expected 2"
[ -s "$tmp/bad.json" ] && not_ok "-O indent=9 wrote output"
[ $tests_failed = 0 ] && ok "json options indent and positions work; out-of-range refused: $(head -n 1 "$tmp/bad.err")"

# The collection example: every briefing's DOCX and HTML, plus one catalogue.csv
# whose rows point at the DOCX files the run wrote.
grep -q '^collection catalogue ' "$tmp/list.out" || not_ok "--list-plugins does not show the catalogue collection"
briefings=$tmp/briefings
mkdir -p "$briefings/nested"
cp "$root"/samples/*.yaml "$briefings/"
cp "$root/samples/integrating-care.yaml" "$briefings/nested/again.yaml"
if "$cli" -t docx,html,catalogue -o "$tmp/cat-out/" "$briefings/" >"$tmp/cat.log" 2>&1; then
    "$PY" -I - "$briefings" "$tmp/cat-out" <<'EOF' && ok "-t docx,html,catalogue: per-briefing files and a catalogue.csv pointing at them" ||
import csv, os, sys, zipfile
src, out = sys.argv[1:3]
errors = []
found = sorted((os.path.relpath(os.path.join(d, f), src) for d, _, fs in os.walk(src) for f in fs),
               key=lambda p: [c.encode() for c in p.split("/")])
for rel in found:
    stem = rel[:-len(".yaml")]
    for ext in ("docx", "html"):
        if not os.path.isfile(os.path.join(out, stem + "." + ext)):
            errors.append("%s.%s was not written" % (stem, ext))
made = sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs)
want = sorted([r[:-5] + ".docx" for r in found] + [r[:-5] + ".html" for r in found] + ["catalogue.csv"])
if made != want:
    errors.append("files under out/: %s, expected %s" % (made, want))
with open(os.path.join(out, "catalogue.csv"), newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header = ["path", "title", "type", "published", "updated", "review_due", "audience", "responsible", "tags",
          "outputs"]
if not rows or rows[0] != header:
    errors.append("header row %r" % (rows[:1],))
rows = rows[1:]
if [r[0] for r in rows] != found:
    errors.append("rows %r, expected one per briefing in input order %r" % ([r[0] for r in rows], found))
for r in rows:
    if len(r) != len(header):
        errors.append("row %r has %d fields" % (r[:1], len(r)))
        continue
    outs = r[9].split("; ")
    docx = [o for o in outs if o.endswith(".docx")]
    if docx != [r[0][:-5] + ".docx"] or r[0][:-5] + ".html" not in outs:
        errors.append("%s: outputs %r" % (r[0], r[9]))
    for o in docx:
        try:
            with zipfile.ZipFile(os.path.join(out, o)) as z:
                if "word/document.xml" not in z.namelist():
                    errors.append("%s is not a Word document" % o)
        except (OSError, zipfile.BadZipFile) as e:
            errors.append("%s: %s" % (o, e))
    if r[0] in ("integrating-care.yaml", "nested/again.yaml") and \
            r[1] != "Integrating care: contracting for accountable models":
        errors.append("%s: title %r" % (r[0], r[1]))
if errors:
    print("\n".join(errors[:10]))
    sys.exit(1)
EOF
        not_ok "the catalogue run's files or catalogue.csv are wrong (above)"
else
    cat "$tmp/cat.log"
    not_ok "-t docx,html,catalogue -o out/ briefings/ failed with the installed CLI"
fi

# The guide's teaser works as the guide says.
if [ -f "$plugdir/teaser.so" ]; then
    "$cli" -t teaser "$root/samples/integrating-care.yaml" >"$tmp/teaser.html" 2>"$tmp/teaser.err" ||
        not_ok "guide's teaser plugin failed: $(cat "$tmp/teaser.err")"
    grep -q '<h2>Integrating care: contracting for accountable models</h2>' "$tmp/teaser.html" ||
        not_ok "guide's teaser output lacks the title"
fi

unset BRIEFCONV_PLUGIN_PATH

# ------------------------------------------------------------------ 5. uninstall
mk uninstall PREFIX="$prefix" >"$tmp/uninstall.log" 2>&1 || { cat "$tmp/uninstall.log"; not_ok "make uninstall failed"; }
left=$(tree_of "$prefix")
if [ -n "$left" ]; then
    not_ok "make uninstall left files behind:"
    echo "$left"
else
    ok "make uninstall removed every installed file"
fi
for d in lib/briefconv include/briefconv; do
    [ -e "$prefix/$d" ] && not_ok "make uninstall left $d"
done

# ------------------------------------------------------------------ 6. DESTDIR
stage=$tmp/stage
mk install DESTDIR="$stage" PREFIX=/usr/local >"$tmp/install2.log" 2>&1 ||
    { cat "$tmp/install2.log"; bail_out "make install DESTDIR=$stage failed"; }
tree_of "$stage/usr/local" >"$tmp/staged.list"
diff -u "$tmp/expected.list" "$tmp/staged.list" || not_ok "DESTDIR install differs from the PREFIX install"
grep -q '^prefix=/usr/local$' "$stage/usr/local/lib/pkgconfig/briefconv.pc" ||
    not_ok "DESTDIR leaked into briefconv.pc: $(grep ^prefix= "$stage/usr/local/lib/pkgconfig/briefconv.pc")"
# The staged tree is relocatable: its CLI finds its own library and plugins.
"$stage/usr/local/bin/briefconv" --list-plugins >"$tmp/stage.list" 2>&1 || not_ok "staged CLI failed"
sed -n 's/^  file: //p' "$tmp/stage.list" | while read -r f; do realpath "$f"; done | grep -q "^$stage/usr/local/lib/briefconv/plugins/" ||
    not_ok "staged CLI did not load the staged plugins"
"$stage/usr/local/bin/briefconv" -t plain "$root/samples/integrating-care.yaml" >/dev/null ||
    not_ok "staged CLI cannot convert"
# A third party's plugin in the plugin directory survives uninstall.
cp "$work/json.so" "$stage/usr/local/lib/briefconv/plugins/"
mk uninstall DESTDIR="$stage" PREFIX=/usr/local >"$tmp/uninstall2.log" 2>&1 || not_ok "make uninstall DESTDIR= failed"
left=$(tree_of "$stage/usr/local")
[ "$left" = "lib/briefconv/plugins/json.so" ] || not_ok "DESTDIR uninstall left '$left' (expected only the third-party json.so)"
[ $tests_failed = 0 ] && ok "DESTDIR install/uninstall: same files, relocatable, third-party plugin kept"

done_testing
