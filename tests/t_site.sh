#!/bin/bash
# t_site.sh — publishing a folder (issue 13): `-t site` writes a static site
# and `-t review` a report. With a fixed today (-O today=2018-02-20) over a
# corpus of the samples and briefings made for the edges (overdue, due soon,
# no review date, month-only dates, no group member, two briefings with the
# same title, hostile titles and tags, nested folders), it checks:
#   - every page is valid HTML5 (tidy: no error or warning);
#   - every internal link resolves, every briefing is on the index, on its
#     tags' pages and in the feed; the feed is Atom with unique ids
#     (tests/tools/site_check.py); tag file names are safe;
#   - the review page and report say what is due, for whom, in what order;
#   - -j 1 and -j 4 make byte-identical sites; a second run changes nothing;
#   - --update rewrites only what a changed briefing shows;
#   - axe-core finds nothing on the index, a briefing page, a tag page and
#     the review page at 1200 and 400 px, and none scrolls sideways.
# Env: BUILD, SAN (the browser part is not repeated under a sanitizer),
# BC_REQUIRE_TOOLS=1 (a missing tidy, chromium or node fails instead of skipping).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# ------------------------------------------------------------ the corpus
in=$tmp/briefings
mkdir -p "$in/nhs/deep" "$in/tags"
cp "$root"/samples/*.yaml "$in/"
brief() { # brief PATH TITLE [KEY: VALUE lines...]
    local path=$1 title=$2; shift 2
    { printf 'briefing: 1\ntitle: %s\nsummary: A short summary of %s.\n' "$title" "$(basename "$path")"
      printf '%s\n' "$@"; } >"$in/$path"
}
brief nhs/overdue.yaml '"Overdue briefing"' 'published: 2016-01-10' 'review_due: 2018-01-15' 'responsible: Alice' \
    'tags: [STP, "mental-health"]'
brief nhs/soon.yaml '"Due soon briefing"' 'published: 2017-06-01' 'review_due: 2018-03-01' 'responsible: Alice'
brief nhs/later.yaml '"Not yet due"' 'published: 2017-07-01' 'review_due: 2019-01-01' 'responsible: Bob'
brief nhs/month.yaml '"Month-only due date"' 'published: 2017-05' 'review_due: 2018-03' 'responsible: Bob'
brief nhs/nobody.yaml '"Nobody responsible"' 'published: 2017-01-01' 'review_due: 2017-12-31'
brief nhs/deep/undated.yaml '"Same title"' 'published: 2017-02-02' 'tags: [STP]'
brief nhs/deep/same.yaml '"Same title"' 'published: 2017-02-03' 'tags: [stp]'
brief nhs/hostile.yaml "'\\<script>alert(1)\\</script> & \"quotes\" ‏עברית‏ Pneumonoultramicroscopicsilicovolcanoconiosisandevenlongerwordsthanthat'" \
    'published: 2017-03-03' 'review_due: 2018-02-01' 'responsible: "<b>O'"'"'Brien</b>"' \
    'tags: ["../../etc/passwd", "<img src=x onerror=alert(1)>", "index", "Tag with spaces", "עברית", "a/b", ".", "..", "CON"]'
# A briefing in a folder named like the tag archive, beside it.
brief tags/note.yaml '"A note filed under tags/"' 'published: 2015-01-01'

site() { "$bc" -q -O warnings=false -t site -O today=2018-02-20 "$@"; }
site -o "$tmp/pub" "$in"
check "site of $(find "$in" -name '*.yaml' | wc -l) briefings (exit $?)" test -f "$tmp/pub/index.html"

# ------------------------------------------------------------ links, index, tags, feed
if "$PY" "$root/tests/tools/site_check.py" "$tmp/pub" "$in" >"$tmp/check.log"; then
    ok "$(tail -n 1 "$tmp/check.log")"
else
    not_ok "site_check:"; sed 's/^/    /' "$tmp/check.log" | head -20
fi
check "a page per briefing at its input path" test -f "$tmp/pub/nhs/deep/undated.html" -a -f "$tmp/pub/tags/note.html"
check "each briefing's Word copy beside its page" test -f "$tmp/pub/nhs/deep/undated.docx"
check "hostile tags never escape tags/" test ! -e "$tmp/etc" -a ! -e "$tmp/pub/etc"
check "STP and stp are two archives" \
    test "$(grep -l '<h1>Tag: ' "$tmp"/pub/tags/*.html | xargs grep -il '<h1>Tag: stp</h1>' | wc -l)" -eq 2
check "no script element in any page" test -z "$(grep -rl '<script' "$tmp/pub" --include='*.html')"
check "the feed escapes hostile titles" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/pub/feed.xml"
# Newest first on the index: 2017-07-01 before 2017-06-01 before 2016-01-10.
order=$(grep -o 'href="nhs/[a-z]*\.html"' "$tmp/pub/index.html" | tr '\n' ' ')
case $order in *later.html*soon.html*overdue.html*) ok "index newest first";; *) not_ok "index order: $order";; esac

# ------------------------------------------------------------ tidy
if optional_tool tidy "HTML5 validity not checked"; then
    bad=0
    while IFS= read -r page; do
        if ! out=$(tidy -q -e "$page" 2>&1) || [ -n "$out" ]; then
            bad=1; echo "    $page:"; printf '%s\n' "$out" | head -5 | sed 's/^/      /'
        fi
    done < <(find "$tmp/pub" -name '*.html')
    check "tidy: no error or warning on $(find "$tmp/pub" -name '*.html' | wc -l) pages" test $bad -eq 0
fi

# ------------------------------------------------------------ review, fixed today 2018-02-20
review=$tmp/pub/review.html
grep -o 'nhs/[a-z/]*\.html\|Group member responsible: [^<]*\|No group member named\|<h2>No review date' "$review" \
    | tr '\n' ' ' >"$tmp/review.order"
grep -q 'Overdue: was due 15 January 2018 (36 days ago)' "$review" && ok "review.html: overdue, with days" ||
    not_ok "review.html: overdue line missing"
grep -q 'Due soon: 1 March 2018 (in 9 days)' "$review" && ok "review.html: due soon" || not_ok "review.html: due soon missing"
grep -q 'Due soon: March 2018 (in 9 days)' "$review" && ok "review.html: a month-only date is due on the 1st" ||
    not_ok "review.html: month-only date"
! grep -q 'later.html' "$review" && ok "review.html: not-yet-due left out" || not_ok "review.html lists later.html"
case $(cat "$tmp/review.order") in
    'Group member responsible: &lt;b&gt;O'*'nhs/hostile.html Group member responsible: Alice nhs/overdue.html nhs/soon.html Group member responsible: Bob nhs/month.html '*'No group member named nhs/nobody.html <h2>No review date'*'nhs/deep/undated.html'*)
        ok "review.html: grouped by member, oldest first, no one named last, then the undated" ;;
    *) not_ok "review.html order: $(cat "$tmp/review.order")" ;;
esac
"$bc" -q -O warnings=false -t review -O today=2018-02-20 "$in" >"$tmp/review.txt"
check "review report exits 0 though things are due" test $? -eq 0
grep -q '^  nhs/overdue.yaml  Overdue briefing$' "$tmp/review.txt" && grep -q '^    due 2018-01-15 (15 January 2018), 36 days overdue$' "$tmp/review.txt" &&
    ok "review text: path, title, due date, days overdue" || { not_ok "review text:"; head -20 "$tmp/review.txt"; }
"$bc" -q -O warnings=false -t review -O review.format=csv -O today=2018-02-20 -o "$tmp/review.csv" "$in"
"$PY" - "$tmp/review.csv" <<'PY' && ok "review CSV parses, due rows first, days overdue" || not_ok "review CSV"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
by = {r["path"]: r for r in rows}
assert by["nhs/overdue.yaml"]["days_overdue"] == "36", by["nhs/overdue.yaml"]
assert by["nhs/month.yaml"]["due_on"] == "2018-03-01"
assert by["nhs/nobody.yaml"]["responsible"] == ""
assert by["nhs/deep/undated.yaml"]["due_on"] == ""
assert "nhs/later.yaml" not in by
PY
SOURCE_DATE_EPOCH=1519084800 "$bc" -q -O warnings=false -t review "$in" >"$tmp/review-sde.txt" # 2018-02-20
check "SOURCE_DATE_EPOCH gives today when -O today is absent" cmp -s "$tmp/review.txt" "$tmp/review-sde.txt"
"$bc" -q -t review -O today=2018-02-30 "$in" >/dev/null 2>"$tmp/err"
check "a bad -O today is a usage error (exit 2)" test $? -eq 2

# ------------------------------------------------------------ determinism, -j, --update
site -j 1 -o "$tmp/j1" "$in"
site -j 4 -o "$tmp/j4" "$in"
check "-j 1 and -j 4: byte-identical sites" diff -r "$tmp/j1" "$tmp/j4"
stamp() { find "$1" -type f -printf '%P %T@\n' | sort; }
stamp "$tmp/j1" >"$tmp/before"
sleep 1.1
site --update -o "$tmp/j1" "$in"
stamp "$tmp/j1" >"$tmp/after"
check "--update with nothing changed rewrites nothing" cmp -s "$tmp/before" "$tmp/after"
sleep 1.1
sed -i 's/^title: "Not yet due"/title: "Not yet due, renamed"/' "$in/nhs/later.yaml"
site --update -o "$tmp/j1" "$in"
stamp "$tmp/j1" >"$tmp/after2"
changed=$(diff "$tmp/after" "$tmp/after2" | grep '^>' | cut -d' ' -f2 | sort | tr '\n' ' ')
case $changed in
    'feed.xml index.html nhs/later.docx nhs/later.html ') ok "--update after one change: only its page, Word copy, index and feed" ;;
    *) not_ok "--update rewrote: $changed" ;;
esac
grep -q 'Not yet due, renamed' "$tmp/j1/index.html" && ok "the index shows the change" || not_ok "index not updated"

# ------------------------------------------------------------ accessibility
if [ -n "${SAN:-}" ]; then
    ok "axe: not repeated under SAN=$SAN (the pages are the same bytes)"
elif optional_tool chromium "axe-core not run" && optional_tool node "axe-core not run"; then
    if [ ! -f "$root/tests/node_modules/axe-core/axe.min.js" ]; then
        (cd "$root/tests" && npm ci --no-audit --no-fund >/dev/null 2>&1)
    fi
    tag=$(grep -l '<h1>Tag: STP</h1>' "$tmp"/pub/tags/*.html | head -1)
    if node "$root/tests/tools/axe_html.js" "$(command -v chromium)" 1200,400 "$tmp/pub/index.html" \
        "$tmp/pub/nhs/hostile.html" "$tmp/pub/features.html" "$tag" "$tmp/pub/tags/index.html" "$review" >"$tmp/axe.log" 2>&1; then
        ok "axe-core: no violation, no sideways scroll ($(grep -c '^ok' "$tmp/axe.log") page-widths)"
    else
        not_ok "axe-core:"; grep -v '^ok' "$tmp/axe.log" | head -20 | sed 's/^/    /'
    fi
fi

done_testing
