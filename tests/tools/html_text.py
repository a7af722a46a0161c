#!/usr/bin/python3
"""Prints the visible text of an HTML file, for comparing two renderings.

Usage: html_text.py FILE.html

The <head> (title, stylesheet) is left out, as are scripts, styles and
comments. Block elements and <br> count as whitespace, and every run of
ASCII whitespace becomes one space, so two documents with the same text in
the same blocks print the same line however their markup is laid out.
Non-ASCII spaces (no-break, zero-width) are text and are kept.
"""
import re
import sys

import lxml.html

BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "br",
}


def walk(el, out):
    tag = el.tag if isinstance(el.tag, str) else None
    if tag is None or tag in ("head", "script", "style", "template"):
        if el.tail:
            out.append(el.tail)
        return
    block = tag in BLOCKS
    if block:
        out.append(" ")
    if el.text:
        out.append(el.text)
    for child in el:
        walk(child, out)
    if block:
        out.append(" ")
    if el.tail:
        out.append(el.tail)


def visible_text(data):
    doc = lxml.html.document_fromstring(data)
    out = []
    body = doc.find("body")
    walk(body if body is not None else doc, out)
    return re.sub(r"[ \t\n\r\f]+", " ", "".join(out)).strip()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    sys.stdout.write(visible_text(data.decode("utf-8")) + "\n")


if __name__ == "__main__":
    main()
