#!/usr/bin/python3
"""docx_styles_check.py BRIEFING.yaml FILE.docx

Reads FILE.docx (made from BRIEFING.yaml) with python-docx and checks that
the right paragraphs carry Word's built-in styles:

  * the first paragraph is "Title" with the title's text, the next
    "Subtitle" with the type (when there is one);
  * each part present (summary, key features, impact, further reading) has
    a "Heading 1" with its label (the `labels` override, else the default),
    each section a "Heading N" for its depth (clamped at 6), in file order;
    "Heading 1".."Heading 6" carry outline levels 0..5;
  * further reading is a "List Number" paragraph per reference, in order,
    starting with the reference's text;
  * list items (YAML sequences and Markdown lists) are "List Bullet" /
    "List Number" paragraphs, at least as many as the briefing has items;
  * the details and the record are two-column tables of label and value.

Prints each problem and exits 1; exits 0 when all is well.
"""
import re
import sys

import docx
import yaml
from docx.oxml.ns import qn

DEFAULT_LABELS = {
    "source": "Source", "link": "Link to main document", "publication_format": "Publication format",
    "published": "Date of publication", "audience": "Primary audience", "summary": "Summary",
    "key_features": "Key features", "impact": "Impact on library policy/practice",
    "references": "Further reading", "updated": "Date last updated", "review_due": "Due for review",
    "responsible": "Group member responsible", "produced_by": "Produced by",
}
DETAILS = ("source", "link", "publication_format", "published", "audience")
RECORD = ("updated", "review_due", "responsible", "produced_by")
CONTENT = ("summary", "key_features", "impact")


class Checker:
    def __init__(self, briefing, path):
        self.b = briefing
        self.doc = docx.Document(path)
        self.problems = []
        refs = briefing.get("references") or []
        self.ref_numbers = {}
        for i, r in enumerate(refs, 1):
            if isinstance(r, dict) and r.get("id"):
                self.ref_numbers[str(r["id"])] = i

    def problem(self, msg):
        self.problems.append(msg)

    def label(self, key):
        return str((self.b.get("labels") or {}).get(key, DEFAULT_LABELS[key]))

    def inline(self, s):
        """The text an inline Markdown string prints as."""
        s = str(s)
        # Backslash escapes hide markup until the end.
        s = re.sub(r"\\([!-/:-@\[-`{-~])", lambda m: "\x00%d\x00" % ord(m.group(1)), s)
        s = re.sub(r"\[@([^\]]+)\]",
                   lambda m: "(" + ", ".join(str(self.ref_numbers.get(i.strip().lstrip("@"), "?"))
                                             for i in m.group(1).split(";")) + ")", s)
        s = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", s)
        s = re.sub(r"<((?:https?|mailto):[^>]*)>", r"\1", s)
        # Emphasis, code and strike-through delimiters, in pairs around text.
        s = re.sub(r"(`+)\s?(.+?)\s?\1", r"\2", s)
        for delim in (r"\*\*\*", r"\*\*", r"\*", r"~~", r"__", r"_"):
            s = re.sub(r"(?<![\w*])%s(?=\S)(.+?)(?<=\S)%s(?![\w*])" % (delim, delim), r"\1", s)
        s = re.sub(r"\x00(\d+)\x00", lambda m: chr(int(m.group(1))), s)
        return norm(s)

    def paragraphs(self):
        return [(p.style.name if p.style is not None else "", text_of(p)) for p in self.doc.paragraphs]

    def run(self):
        paras = self.paragraphs()
        if not paras:
            self.problem("no paragraphs")
            return
        title = self.inline(self.b["title"])
        if paras[0] != ("Title", title):
            self.problem("first paragraph is %r, want ('Title', %r)" % (paras[0], title))
        if self.b.get("type"):
            want = ("Subtitle", norm(str(self.b["type"])))
            if len(paras) < 2 or paras[1] != want:
                self.problem("second paragraph is %r, want %r" % (paras[1] if len(paras) > 1 else None, want))
        self.headings(paras)
        self.references(paras)
        self.lists(paras)
        self.outline_levels()
        self.tables()

    def headings(self, paras):
        want = []
        for key in CONTENT:
            if self.b.get(key) is not None:
                want.append(("Heading 1", self.label(key)))

        def walk(sections, depth):
            for s in sections or []:
                want.append(("Heading %d" % min(depth, 6), self.inline(s["heading"])))
                walk(s.get("sections"), depth + 1)
        walk(self.b.get("sections"), 1)
        if self.b.get("references"):
            want.append(("Heading 1", self.label("references")))
        got = [p for p in paras if p[0].startswith("Heading ")]
        # In order; headings inside content may come between.
        i = 0
        for w in want:
            while i < len(got) and got[i] != w:
                i += 1
            if i == len(got):
                self.problem("heading %r missing or out of order; headings are %r" % (w, got))
                return
            i += 1

    def references(self, paras):
        refs = self.b.get("references") or []
        if not refs:
            return
        label = ("Heading 1", self.label("references"))
        if label not in paras:
            return  # reported by headings()
        after = paras[paras.index(label) + 1:]
        numbered = [t for s, t in after if s == "List Number"]
        if len(numbered) < len(refs):
            self.problem("%d 'List Number' paragraphs after %r, want %d" % (len(numbered), label[1], len(refs)))
            return
        for i, r in enumerate(refs):
            text = self.inline(r["text"] if isinstance(r, dict) else r)
            if not numbered[i].startswith(text):
                self.problem("reference %d is %r, want it to start with %r" % (i + 1, numbered[i], text))

    def lists(self, paras):
        def items(seq):
            n = 0
            for it in seq:
                n += 1
                if isinstance(it, dict):
                    n += items(it.get("items") or [])
            return n
        bullets = numbers = 0
        for key in CONTENT + ("notice",):
            v = self.b.get(key)
            if isinstance(v, list):
                bullets += items(v)
        texts = [v for k, v in self.b.items() if k in CONTENT and isinstance(v, str)]

        def bodies(sections):
            for s in sections or []:
                if isinstance(s.get("body"), str):
                    texts.append(s["body"])
                bodies(s.get("sections"))
        bodies(self.b.get("sections"))
        for t in texts:
            in_code = False
            for line in t.splitlines():
                if line.strip().startswith("```"):
                    in_code = not in_code
                if in_code:
                    continue
                if re.match(r"^\s*[-*+]\s+\S", line):
                    bullets += 1
                elif re.match(r"^\s*\d+[.)]\s+\S", line):
                    numbers += 1
        numbers += len(self.b.get("references") or [])
        got_b = sum(1 for s, _ in paras if s == "List Bullet")
        got_n = sum(1 for s, _ in paras if s == "List Number")
        if got_b < bullets:
            self.problem("%d 'List Bullet' paragraphs, want at least %d" % (got_b, bullets))
        if got_n < numbers:
            self.problem("%d 'List Number' paragraphs, want at least %d" % (got_n, numbers))

    def outline_levels(self):
        for n in range(1, 7):
            try:
                st = self.doc.styles["Heading %d" % n]
            except KeyError:
                self.problem("no style 'Heading %d'" % n)
                continue
            lvl = st.element.find("%s/%s" % (qn("w:pPr"), qn("w:outlineLvl")))
            if lvl is None or lvl.get(qn("w:val")) != str(n - 1):
                self.problem("style 'Heading %d' lacks outline level %d" % (n, n - 1))

    def tables(self):
        tables = list(self.doc.tables)

        def check(keys, table, what):
            want = [self.label(k) for k in keys if self.b.get(k) is not None]
            if not want:
                return
            if table is None:
                self.problem("no %s table" % what)
                return
            got = [norm("".join(text_of(p) for p in row.cells[0].paragraphs)) for row in table.rows]
            if got != want or any(len(row.cells) != 2 for row in table.rows):
                self.problem("%s table labels %r, want %r in two columns" % (what, got, want))
            if what == "details" and self.b.get("link"):
                row = table.rows[want.index(self.label("link"))]
                value = text_of(row.cells[1].paragraphs[0])
                if value != str(self.b["link"]):
                    self.problem("link row holds %r" % value)
        check(DETAILS, tables[0] if tables else None, "details")
        check(RECORD, tables[-1] if tables else None, "record")


def text_of(paragraph):
    """A paragraph's text, hyperlinks included (python-docx 0.8 leaves them out of .text)."""
    parts = []
    for el in paragraph._p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        parts.append(el.text or "" if el.tag == qn("w:t") else " ")
    return norm("".join(parts))


# Smart punctuation (the reader's -O smart, on by default) back to what was typed,
# so the text compares with the YAML's whatever the option.
SMART = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "--", "\u2014": "---", "\u2026": "..."})


def norm(s):
    return re.sub(r"\s+", " ", s.translate(SMART)).strip()


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        briefing = yaml.safe_load(f)
    c = Checker(briefing, argv[2])
    c.run()
    for p in c.problems:
        print("%s: %s" % (argv[2], p))
    return 1 if c.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
