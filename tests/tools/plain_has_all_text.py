#!/usr/bin/python3
"""plain_has_all_text.py BRIEFING.yaml OUTPUT.txt

Checks that a plain-text rendering lost none of a briefing's text: every
word of every printed string value (markup stripped, citation ids replaced by
nothing, dates in words) must appear in the output, and the words of each
paragraph or table cell in their order. Labels are checked for the parts
that are present. Prints what is missing and exits 1; exits 0 when complete.

Not printed by design, so not checked: `briefing`, `lang`, `tags`, `x-*`
extensions, reference ids, labels of absent parts, code fence info strings,
image URLs (the YAML reader keeps an image's alt text only).
"""
import datetime
import html
import re
import sys

import yaml

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]

DEFAULT_LABELS = {
    "source": "Source", "link": "Link to main document",
    "publication_format": "Publication format", "published": "Date of publication",
    "audience": "Primary audience", "summary": "Summary", "key_features": "Key features",
    "impact": "Impact on library policy/practice", "references": "Further reading",
    "updated": "Date last updated", "review_due": "Due for review",
    "responsible": "Group member responsible", "produced_by": "Produced by",
}
DATE_KEYS = ("published", "updated", "review_due")
CONTENT_KEYS = ("summary", "key_features", "impact", "notice")
INLINE_KEYS = ("title", "source", "audience", "produced_by")
PLAIN_KEYS = ("type", "link", "publication_format", "responsible")


def is_cjk(ch):
    cp = ord(ch)
    return (0x2E80 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7A3 or 0xF900 <= cp <= 0xFAFF
            or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFD)


def words(text):
    """Word tokens; CJK runs count character by character (lines break inside them)."""
    out = []
    for w in re.findall(r"\w+", text):
        if any(is_cjk(c) for c in w):
            out.extend(w)
        else:
            out.append(w)
    return out


# [text](destination), with one level of parentheses inside the destination.
LINK = re.compile(r"(?<![\\!])\[([^\]]*)\]\(((?:[^()]|\([^()]*\))*)\)")
ALLOWED = re.compile(r"(https?|mailto):", re.I)


def forbidden_link_text(m):
    """A link whose scheme is not http, https or mailto keeps only its text
    (by design, the YAML reader drops the destination); others stay as written."""
    dest = m.group(2).strip().lstrip("<").strip()
    return m.group(0) if ALLOWED.match(dest) else m.group(1)


def strip_markdown(text):
    """Markdown source text to the words a reader sees, split into segments
    (paragraph lines and table cells) whose word order must survive."""
    text = html.unescape(text)
    # fences and their info strings, also inside block quotes
    text = re.sub(r"^(?: {0,3}> ?)* {0,3}(```+|~~~+).*$", " ", text, flags=re.M)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # images: the reader keeps the alt text
    text = re.sub(r"(?<!\\)\[(@[^\]]*)\]", " ", text)   # citations [@a; @b], not escaped ones
    text = LINK.sub(forbidden_link_text, text)       # links the reader will not keep live
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)  # backslash escapes (ASCII punctuation only)
    segments = []
    for block in re.split(r"\n\s*\n", text):
        for cell in block.split("|"):
            if cell.strip():
                segments.append(cell)
    return segments


def date_words(value):
    """A date value as printed for en-GB, or None when it is free text."""
    if isinstance(value, datetime.date):
        return "%d %s %d" % (value.day, MONTHS[value.month - 1], value.year)
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(value).strip())
    if not m:
        return None
    y, mo, d = m.groups()
    if d:
        return "%d %s %s" % (int(d), MONTHS[int(mo) - 1], y)
    if mo:
        return "%s %s" % (MONTHS[int(mo) - 1], y)
    return y


def content_strings(value):
    """Strings of a content value: a Markdown scalar or a (nested) sequence."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                yield from content_strings(item.get("text"))
                yield from content_strings(item.get("items"))
            else:
                yield from content_strings(item)
    elif value is not None:
        yield str(value)


def expected_segments(doc):
    labels = dict(DEFAULT_LABELS)
    labels.update({k: str(v) for k, v in (doc.get("labels") or {}).items()})
    segs = []

    def add(text, markdown=True, what=""):
        for s in (strip_markdown(text) if markdown else [str(text)]):
            segs.append((what, s))

    for key in INLINE_KEYS:
        if key in doc:
            add(str(doc[key]), True, key)
    for key in PLAIN_KEYS:
        if key in doc:
            add(str(doc[key]), False, key)
    for key in DATE_KEYS:
        if key in doc:
            add(date_words(doc[key]) or str(doc[key]), False, key)
    for key in CONTENT_KEYS:
        for s in content_strings(doc.get(key)):
            add(s, True, key)
    stack = list(doc.get("sections") or [])
    while stack:
        sec = stack.pop()
        add(str(sec.get("heading", "")), True, "section heading")
        for s in content_strings(sec.get("body")):
            add(s, True, "section body")
        stack.extend(sec.get("sections") or [])
    for ref in doc.get("references") or []:
        if isinstance(ref, dict):
            add(str(ref.get("text", "")), True, "reference")
            if ref.get("url"):
                add(str(ref["url"]), False, "reference url")
        else:
            add(str(ref), True, "reference")
    for key, label in labels.items():
        if key in doc and key in DEFAULT_LABELS:
            add(label, False, "label of " + key)
    return segs


def is_subsequence(needle, hay):
    """NEEDLE's words in order within HAY (greedy from the start)."""
    it = iter(hay)
    return all(any(w == h for h in it) for w in needle)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plain_has_all_text.py BRIEFING.yaml OUTPUT.txt")
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        out_words = words(f.read())
    present = set(out_words)
    problems = []
    for what, seg in expected_segments(doc):
        want = words(seg)
        missing = [w for w in want if w not in present]
        if missing:
            problems.append("%s: missing words %s in %r" % (what, missing, seg.strip()[:80]))
        elif not is_subsequence(want, out_words):
            problems.append("%s: words out of order in %r" % (what, seg.strip()[:80]))
    for p in problems:
        print("%s: %s" % (sys.argv[2], p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
