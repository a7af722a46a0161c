#!/usr/bin/python3
"""Deterministic generator of realistic briefings for the benchmark.

The briefings follow /work/shared/briefing-format.md (version 1) and look like
the NHS library briefings in samples/: details, summary, key features as a
YAML list (with nested {text, items}), impact, nested sections whose bodies
use every CommonMark construct the format allows (emphasis, strong, code,
links, autolinks, bare URLs, citations, nested bullet and ordered lists, pipe
tables, block quotes, fenced code, thematic breaks, headings inside content),
numbered references with ids and URLs, the record, notice, tags, labels and
x- extensions.

Usage:
  gen_briefings.py pages N -o FILE [--seed S]     one briefing of about N pages
  gen_briefings.py size MIB -o FILE [--seed S]    one briefing of about MIB MiB
  gen_briefings.py tree COUNT -o DIR [--seed S]   COUNT briefings in a folder tree
  gen_briefings.py corpus -o DIR [--quick]        everything the benchmark uses

Everything is derived from the seed: the same arguments give byte-identical
files. Speed comes from drawing whole sentences from a pool built once, so
10,000 briefings take a few seconds.
"""

import argparse
import json
import os
import random
import sys

# About 3,300 bytes of YAML per printed A4 page of briefing text: ~450 words
# plus markup and YAML indentation. Used to size the "pages" briefings.
BYTES_PER_PAGE = 3300

NOUNS = """access accountability acute admissions agreement alliance approach areas
assessment authority barriers benefits boundaries budget capacity care carers
change clinicians collaboration commissioners commissioning communities
consultation contract coordination costs council data decisions delivery
demand design development digital discharge domains engagement estates
evidence expectations experience finance footprint framework funding
governance guidance health hospitals housing implementation improvement
indicators information infrastructure innovation integration interventions
investment knowledge leaders leadership learning librarians libraries
literature model models networks organisations outcomes partners
partnerships pathways patients performance plans policy population practice
prevention priorities productivity programme proposals providers quality
records recruitment reform research resources retention review risk
safety scheme services settings skills staff stakeholders strategy support
system systems teams technology timescales training transformation trusts
variation vision volunteers wellbeing workforce""".split()

ADJECTIVES = """accountable acute ambitious available broad clear clinical
collaborative community credible current digital early effective electronic
emerging essential financial focused integrated key local main national new
operational organisational primary practical public realistic regional
relevant robust secondary shared significant social specialised strategic
sustainable useful voluntary whole wider""".split()

VERBS = """address assess bring build capture commission consider coordinate
deliver describe develop encourage enable engage establish explore highlight
identify implement improve inform involve lead manage measure outline
prioritise promote provide reconfigure redesign reduce review share
strengthen support sustain tackle transform""".split()

CONNECT = """across among before beyond for from into through towards with
within""".split()

PLACES = """Birmingham Bristol Cheshire Cumbria Devon Dorset Durham Essex
Gloucestershire Hampshire Kent Lancashire Leeds Lincolnshire Liverpool London
Manchester Norfolk Nottingham Sheffield Somerset Suffolk Surrey Sussex Wirral
Yorkshire""".split()

BODIES = [
    "NHS England", "The King's Fund", "The Health Foundation", "Nuffield Trust",
    "NHS Confederation", "NICE", "Health Education England", "Public Health England",
    "Care Quality Commission", "Local Government Association", "NHS Improvement",
    "Royal College of Nursing", "Healthwatch England", "NHS Providers",
]

DOMAINS = [
    ("https://www.england.nhs.uk/publication/", "/"),
    ("https://www.kingsfund.org.uk/publications/", ""),
    ("https://www.health.org.uk/publications/", ""),
    ("https://www.nuffieldtrust.org.uk/research/", ""),
    ("https://www.nice.org.uk/guidance/ng", ""),
    ("https://www.nhsconfed.org/resources/", ""),
    ("https://doi.org/10.1136/bmj.", ""),
    ("https://www.gov.uk/government/publications/", ""),
]

TYPES = ["Policy briefing", "Policy digest", "Hot topic", "Current awareness update",
         "Evidence summary", "Horizon scanning"]
FORMATS = ["PDF", "Report (PDF)", "Web page", "Guidance (PDF)", "Briefing (PDF)", "Toolkit"]
AUDIENCES = ["All", "STP communication and engagement leads, and governance teams",
             "Clinical commissioning groups and local authorities",
             "Library and knowledge services staff", "Board members and senior managers",
             "Health and social care staff", "Primary care networks"]
PRODUCERS = ["JET Library, Mid Cheshire Hospitals NHS Foundation Trust",
             "Knowledge and Library Service, Royal Devon University Healthcare",
             "Library and Knowledge Service, Leeds Teaching Hospitals",
             "Healthcare Library, Norfolk and Norwich University Hospitals"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
LANGS = ["python", "sql", "yaml", "text", "r", ""]
LABELS = [("impact", "What does this mean for libraries?"),
          ("summary", "Summary of driver"),
          ("key_features", "Key points"),
          ("references", "Read more")]


def q(s):
    """A YAML double-quoted scalar; JSON string syntax is valid YAML."""
    return json.dumps(s, ensure_ascii=False)


def slug(words):
    return "-".join(w.lower().strip("'’") for w in words)


class Pool:
    """Sentences and phrases drawn once per seed, reused by every briefing."""

    def __init__(self, seed):
        r = random.Random(seed)
        self.r = r
        self.urls = [self._url(r) for _ in range(600)]
        self.phrases = [self._phrase(r) for _ in range(1500)]
        self.sentences = [self._sentence(r) for _ in range(6000)]
        self.titles = [self._title(r) for _ in range(800)]

    def _url(self, r):
        base, tail = r.choice(DOMAINS)
        if base.endswith("/ng"):
            return base + str(r.randint(1, 240))
        if base.endswith("bmj."):
            return base + "%s.%d" % (r.choice("lmnop"), r.randint(1000, 9999))
        return base + slug(r.sample(NOUNS, r.randint(2, 5))) + tail

    def _phrase(self, r):
        return " ".join([r.choice(ADJECTIVES), r.choice(NOUNS)] +
                        ([r.choice(CONNECT), r.choice(NOUNS)] if r.random() < 0.4 else []))

    def _inline(self, r, words):
        """Returns one word or marked-up span, chosen to look like real briefings."""
        x = r.random()
        x *= 2  # about one marked-up span in twenty words, as in real briefings
        if x < 0.035:
            return "*" + " ".join(r.choice(NOUNS) for _ in range(r.randint(1, 3))) + "*"
        if x < 0.05:
            return "**" + r.choice(ADJECTIVES) + " " + r.choice(NOUNS) + "**"
        if x < 0.057:
            return "`" + r.choice(NOUNS) + "_" + r.choice(NOUNS) + "`"
        if x < 0.075:
            return "[" + self._phrase(r) + "](" + r.choice(self.urls) + ")"
        if x < 0.079:
            return "<" + r.choice(self.urls) + ">"
        if x < 0.082:
            return "(see " + r.choice(self.urls) + ")"
        if x < 0.09:
            return r.choice(PLACES)
        if x < 0.095:
            return r.choice(["knowledge cafés", "co‑production", "2016–17",
                             "“place‑based” care", "patients’ records"])
        if x < 0.1:
            return str(r.randint(2, 99)) + r.choice([" per cent", "%", " areas", " STPs"])
        return r.choice(words)

    def _sentence(self, r):
        words = NOUNS + NOUNS + ADJECTIVES + VERBS + CONNECT + ["the", "and", "of", "to", "in"] * 6
        n = r.randint(8, 26)
        toks = [self._inline(r, words) for _ in range(n)]
        first = r.choice(NOUNS + ["The", "Local", "Each", "This", "Many", "Most"])
        s = first[0].upper() + first[1:] + " " + " ".join(toks)
        return s + "."

    def _title(self, r):
        t = " ".join([r.choice(ADJECTIVES).capitalize(), r.choice(NOUNS), r.choice(CONNECT),
                      r.choice(NOUNS)])
        if r.random() < 0.5:
            t += ": " + self._phrase(r)
        return t


class Writer:
    """Builds one briefing's YAML text."""

    def __init__(self, pool, r):
        self.p = pool
        self.r = r
        self.out = []
        self.size = 0
        self.ref_ids = []
        # Block kinds still to show; a briefing of a page or more gets every
        # kind at least once, then draws at random.
        self.todo = []

    def emit(self, s):
        self.out.append(s)
        self.size += len(s.encode("utf-8")) if not s.isascii() else len(s)

    def cite(self):
        r = self.r
        if not self.ref_ids:
            return ""
        if r.random() < 0.8:
            return " [@" + r.choice(self.ref_ids) + "]"
        k = min(len(self.ref_ids), r.randint(2, 3))
        return " [" + "; ".join("@" + i for i in r.sample(self.ref_ids, k)) + "]"

    def sentences(self, lo, hi, cite_rate=0.25):
        r = self.r
        s = []
        for _ in range(r.randint(lo, hi)):
            t = r.choice(self.p.sentences)
            if r.random() < cite_rate:
                t = t[:-1] + self.cite() + "."
            s.append(t)
        return " ".join(s)

    def wrap(self, text, indent, width=78):
        """Wraps TEXT; only breaks before a plain word so that no line starts
        with markup, a digit or a list marker."""
        lines = []
        cur = indent
        for w in text.split(" "):
            if len(cur) + 1 + len(w) > width and cur.strip() and w[:1].isalpha():
                lines.append(cur)
                cur = indent + w
            else:
                cur = cur + (" " if cur.strip() else "") + w
        lines.append(cur)
        return "\n".join(lines) + "\n"

    # -- content (CommonMark inside a YAML block scalar) --------------------

    def block_list(self, ind, depth, ordered):
        r = self.r
        out = []
        n = r.randint(2, 5)
        for i in range(n):
            marker = ("%d. " % (i + 1)) if ordered else "- "
            item = self.sentences(1, 2, 0.15)
            out.append(self.wrap(item, ind + " " * len(marker))
                       .replace(ind + " " * len(marker), ind + marker, 1))
            if depth < 3 and r.random() < 0.3:
                out.append(self.block_list(ind + " " * len(marker), depth + 1, r.random() < 0.4))
        return "".join(out)

    def block_table(self, ind):
        r = self.r
        cols = r.randint(2, 5)
        head = [r.choice(NOUNS).capitalize() for _ in range(cols)]
        align = [r.choice(["---", ":---", "---:", ":---:"]) for _ in range(cols)]
        rows = ["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
        for _ in range(r.randint(2, 7)):
            cells = []
            for _ in range(cols):
                c = r.choice(self.p.phrases)
                if r.random() < 0.1:
                    c = "*" + c + "*"
                elif r.random() < 0.05:
                    c = str(r.randint(1, 999))
                cells.append(c)
            rows.append("| " + " | ".join(cells) + " |")
        return "".join(ind + x + "\n" for x in rows)

    def block_code(self, ind):
        r = self.r
        lang = r.choice(LANGS)
        lines = ["```" + lang]
        for _ in range(r.randint(2, 8)):
            lines.append("  " * r.randint(0, 2) + "%s = %s(%s, %d)  # %s" % (
                r.choice(NOUNS), r.choice(VERBS), r.choice(NOUNS), r.randint(0, 99),
                r.choice(self.p.phrases)))
        lines.append("```")
        return "".join(ind + x + "\n" for x in lines)

    def block_quote(self, ind):
        return self.wrap(self.sentences(1, 3, 0.2), ind + "> ")

    def pick_kind(self, i, allow_heading):
        x = self.r.random()
        if i == 0:
            return "para"
        if self.todo and (allow_heading or self.todo[0] != "heading"):
            return self.todo.pop(0)
        for kind, p in (("para", 0.55), ("list", 0.65), ("olist", 0.70), ("table", 0.78),
                        ("quote", 0.85), ("code", 0.90), ("hr", 0.93), ("heading", 0.96)):
            if x < p:
                return "para" if kind == "heading" and not allow_heading else kind
        return "hardbreak"

    def content(self, ind, nblocks, allow_heading=True):
        """A CommonMark body of about NBLOCKS blocks, separated by blank lines."""
        r = self.r
        blocks = []
        for i in range(nblocks):
            kind = self.pick_kind(i, allow_heading)
            if kind == "para":
                b = self.wrap(self.sentences(2, 6), ind)
            elif kind in ("list", "olist"):
                b = self.block_list(ind, 1, kind == "olist")
            elif kind == "table":
                b = self.block_table(ind)
            elif kind == "quote":
                b = self.block_quote(ind)
            elif kind == "code":
                b = self.block_code(ind)
            elif kind == "hr":
                b = ind + "---\n"
            elif kind == "heading":
                b = ind + "#" * r.randint(3, 4) + " " + r.choice(self.p.titles) + "\n"
            else:
                b = self.wrap(self.sentences(1, 3), ind).rstrip("\n") + "  \n" + \
                    self.wrap(self.sentences(1, 2), ind)
            blocks.append(b)
        return "\n".join(blocks)

    def field_content(self, key, nblocks):
        self.emit(key + ": |\n")
        self.emit(self.content("  ", nblocks, allow_heading=False))

    def field_seq(self, key, n):
        r = self.r
        self.emit(key + ":\n")
        for i in range(n):
            if r.random() < 0.2 or (i == 1 and self.todo):
                self.emit("  - text: " + q(self.sentences(1, 1, 0.1)[:-1] + ":") + "\n")
                self.emit("    items:\n")
                for _ in range(r.randint(2, 5)):
                    self.emit("      - " + q(self.sentences(1, 2, 0.1)) + "\n")
            else:
                self.emit("  - " + q(self.sentences(1, 2, 0.15)) + "\n")

    # -- sections and references ------------------------------------------

    def section(self, ind, depth, nblocks, nsub):
        r = self.r
        self.emit(ind + "- heading: " + q(r.choice(self.p.titles)) + "\n")
        self.emit(ind + "  body: |\n")
        self.emit(self.content(ind + "    ", nblocks))
        if nsub and depth < 4:
            self.emit(ind + "  sections:\n")
            for _ in range(nsub):
                self.section(ind + "    ", depth + 1, max(1, nblocks // 2),
                             r.randint(0, 2) if depth < 2 and r.random() < 0.3 else 0)

    def references(self, refs):
        """REFS: (id or None, ...) in order; one in seven is a plain string."""
        r = self.r
        self.emit("references:\n")
        for rid in refs:
            body = r.choice(BODIES)
            year = r.randint(2012, 2024)
            title = r.choice(self.p.titles)
            if rid is None:
                self.emit("  - " + q("%s (%d) %s" % (body, year, title)) + "\n")
                continue
            self.emit("  - id: " + rid + "\n")
            self.emit("    text: " + q("%s (%d) *%s*" % (body, year, title)) + "\n")
            if r.random() < 0.85:
                self.emit("    url: " + r.choice(self.p.urls) + "\n")

    def date(self, lo=2014, hi=2024, forms=(3, 2, 1)):
        r = self.r
        y = r.randint(lo, hi)
        f = r.choice(forms)
        if f == 1:
            return "%d" % y
        if f == 2:
            return "%d-%02d" % (y, r.randint(1, 12))
        return "%d-%02d-%02d" % (y, r.randint(1, 12), r.randint(1, 28))

    def briefing(self, target_bytes):
        """A whole briefing of about TARGET_BYTES bytes."""
        r = self.r
        nref = max(2, min(400, target_bytes // 2500)) if target_bytes < 2_000_000 \
            else target_bytes // 8000
        # Every reference with an id may be cited from the text.
        refs = [None if i % 7 == 6 else "ref-%d-%s" % (i + 1, r.choice(NOUNS)) for i in range(nref)]
        self.ref_ids = [x for x in refs if x]
        if target_bytes >= BYTES_PER_PAGE:
            # list, ordered list, table, quote, code, break, heading, hard break
            self.todo = ["list", "olist", "table", "quote", "code", "hr", "heading", "hardbreak"]
        e = self.emit
        e("briefing: 1\n")
        e("title: " + q(r.choice(self.p.titles)) + "\n")
        e("type: " + r.choice(TYPES) + "\n")
        e("source: " + q(r.choice(BODIES)) + "\n")
        e("link: " + r.choice(self.p.urls) + "\n")
        e("publication_format: " + q(r.choice(FORMATS)) + "\n")
        if r.random() < 0.15:
            e("published: %s %d (updated %s %d)\n" % (r.choice(MONTHS), r.randint(2014, 2020),
                                                     r.choice(MONTHS), r.randint(2021, 2024)))
        else:
            e("published: " + self.date() + "\n")
        e("audience: " + q(r.choice(AUDIENCES)) + "\n")
        if r.random() < 0.3:
            e("labels:\n")
            for k, v in r.sample(LABELS, r.randint(1, 2)):
                e("  %s: %s\n" % (k, q(v)))
        e("lang: en-GB\n")
        small = target_bytes < 8 * BYTES_PER_PAGE // 3
        self.field_content("summary", 1 if small else r.randint(1, 3))
        self.field_seq("key_features", r.randint(2, 4) if small else r.randint(3, 7))
        if r.random() < 0.5:
            self.field_seq("impact", r.randint(1, 3) if small else r.randint(2, 4))
        else:
            self.field_content("impact", 1 if small else r.randint(1, 2))
        refs_bytes = 130 * nref + 300
        if self.size + refs_bytes < target_bytes:
            e("sections:\n")
        while self.size + refs_bytes < target_bytes:
            left = target_bytes - self.size - refs_bytes
            # A block averages ~450 bytes; keep sections realistic (2-6 blocks).
            nb = max(1, min(r.randint(2, 6), left // 450))
            self.section("  ", 1, nb, r.randint(0, 3) if left > 6000 else 0)
        self.references(refs)
        e("updated: " + self.date(2017, 2024, (3, 2)) + "\n")
        e("review_due: " + self.date(2025, 2027, (3, 2)) + "\n")
        e("responsible: " + r.choice(["TP", "LK", "JB", "SM", "AR"]) + "\n")
        e("produced_by: " + q(r.choice(PRODUCERS)) + "\n")
        e("notice: " + q("Feel free to reproduce this briefing (with acknowledgement).") + "\n")
        e("tags: [" + ", ".join(q(t) for t in r.sample(NOUNS, r.randint(2, 5))) + "]\n")
        if r.random() < 0.2:
            e("x-lks:\n  region: %s\n  record: %d\n" % (r.choice(PLACES), r.randint(1, 99999)))
        return "".join(self.out)


def one(pool, seed, target_bytes):
    return Writer(pool, random.Random(seed)).briefing(target_bytes)


def write(path, text):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def gen_tree(pool, seed, count, outdir):
    """COUNT briefings, mostly one or two pages (like real ones), in
    OUTDIR/<region>/<year>/, 100 files per folder."""
    r = random.Random(seed)
    for i in range(count):
        region = PLACES[(i // 100) % len(PLACES)].lower()
        folder = os.path.join(outdir, region, "%d" % (2014 + (i // 100) // len(PLACES) % 11),
                              "batch-%03d" % (i // 100))
        pages = r.choice([0.5, 0.7, 1, 1, 1, 1.5, 2, 2, 3, 4])
        name = "%05d-%s.yaml" % (i, slug(r.sample(NOUNS, 2)))
        write(os.path.join(folder, name), one(pool, seed * 1_000_003 + i, int(pages * BYTES_PER_PAGE)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["pages", "size", "tree", "corpus"])
    ap.add_argument("n", nargs="?", type=float, default=1)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=20170228)
    ap.add_argument("--quick", action="store_true", help="corpus: small batch and scaling sizes")
    a = ap.parse_args()
    pool = Pool(a.seed)
    if a.what == "pages":
        write(a.output, one(pool, a.seed + int(a.n * 1000), int(a.n * BYTES_PER_PAGE)))
    elif a.what == "size":
        write(a.output, one(pool, a.seed + int(a.n * 7919), int(a.n * 1024 * 1024)))
    elif a.what == "tree":
        gen_tree(pool, a.seed, int(a.n), a.output)
    else:
        o = a.output
        for p in (1, 2, 10, 100):
            write(os.path.join(o, "single", "p%d.yaml" % p), one(pool, a.seed + p * 1000, p * BYTES_PER_PAGE))
        sizes = (0.25, 1) if a.quick else (1, 10, 50)
        for m in sizes:
            write(os.path.join(o, "scale", "m%g.yaml" % m), one(pool, a.seed + int(m * 7919), int(m * 1024 * 1024)))
        big, small = (200, 50) if a.quick else (10000, 1000)
        gen_tree(pool, a.seed, big, os.path.join(o, "batch-%d" % big))
        gen_tree(pool, a.seed, small, os.path.join(o, "batch-%d" % small))
    return 0


if __name__ == "__main__":
    sys.exit(main())
