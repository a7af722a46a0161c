#!/usr/bin/python3
"""docx_words.py EXPECTED.txt ACTUAL.txt [WHAT] [--links FILE.docx]

Checks that every word of EXPECTED (e.g. `briefconv -t plain` of a briefing)
occurs in ACTUAL (e.g. pandoc's or pdftotext's reading of the DOCX made from
it) at least as often. Words are runs of letters and digits after Unicode
NFKC normalisation (so PDF ligatures match) and case folding; punctuation,
list markers and line wrapping do not matter, and ACTUAL may hold more (page
headers, footers).

Two allowances, each for a reason that loses no text:
  * --links FILE.docx: the words of FILE.docx's hyperlink addresses and
    tooltips count as present. A Word document shows a link's text and
    carries its address and title in the link, where plain text prints
    "text <address> (title)".
  * A word still missing counts as present when it occurs inside ACTUAL with
    punctuation and spaces removed: pdftotext joins "five-year-" at the end
    of a line and "forward" on the next into "five-yearforward".
  * A right-to-left word (Arabic, Hebrew) still missing counts as present
    when ACTUAL has a word of the same letters: pdftotext gives the Arabic
    lam-alef ligature back in visual order ("الأطباء" comes out "األطباء").

Prints the missing words and exits 1; exits 0 when all are there.
"""
import collections
import re
import sys
import unicodedata
import zipfile

WORD = re.compile(r"\w+", re.UNICODE)


def words(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = unicodedata.normalize("NFKC", f.read()).casefold()
    # "_" is a word character to \w, but only markup to us.
    return collections.Counter(w for w in WORD.findall(text.replace("_", " ")))


def rtl(word):
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in word)


def link_words(docx):
    """Words of the external hyperlink addresses and of the link tooltips in a .docx."""
    found = collections.Counter()
    with zipfile.ZipFile(docx) as z:
        for name in z.namelist():
            if name == "word/document.xml":
                body = z.read(name).decode("utf-8", "replace")
                for m in re.finditer(r'w:tooltip="([^"]*)"', body):
                    tip = m.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                    found.update(WORD.findall(unicodedata.normalize("NFKC", tip).casefold().replace("_", " ")))
            if name.endswith(".rels"):
                rels = z.read(name).decode("utf-8", "replace")
                for m in re.finditer(r'Target="([^"]*)"[^>]*TargetMode="External"', rels):
                    target = m.group(1).replace("&amp;", "&")
                    found.update(WORD.findall(unicodedata.normalize("NFKC", target).casefold().replace("_", " ")))
    return found


def squashed(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = unicodedata.normalize("NFKC", f.read()).casefold()
    return re.sub(r"[\W_]+", "", text)


def main(argv):
    links = None
    if "--links" in argv:
        i = argv.index("--links")
        links = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    what = argv[3] if len(argv) > 3 else argv[2]
    want, have = words(argv[1]), words(argv[2])
    if not want:
        print("%s: the expected text %s has no words" % (what, argv[1]))
        return 1
    if links:
        have.update(link_words(links))
    missing = {w: n - have[w] for w, n in want.items() if have[w] < n}
    if missing:
        flat = squashed(argv[2])
        missing = {w: n for w, n in missing.items() if flat.count(w) < want[w]}
    if missing:
        shuffled = collections.Counter("".join(sorted(w)) for w in have.elements() if rtl(w))
        missing = {w: n for w, n in missing.items() if not (rtl(w) and shuffled["".join(sorted(w))] >= n)}
    if missing:
        shown = ", ".join("%s (x%d)" % (w, n) if n > 1 else w for w, n in sorted(missing.items())[:40])
        print("%s: %d of %d words missing: %s" % (what, sum(missing.values()), sum(want.values()), shown))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
