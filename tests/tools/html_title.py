#!/usr/bin/python3
"""Prints the text of the <title> and of the first <h1> of an HTML file,
whitespace squeezed, on two lines ("title: ..." and "h1: ...").

Usage: html_title.py FILE.html
"""
import re
import sys

import lxml.html


def squeeze(s):
    return re.sub(r"[ \t\n\r\f]+", " ", s or "").strip()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], "rb") as f:
        doc = lxml.html.document_fromstring(f.read().decode("utf-8"))
    title = doc.find(".//title")
    h1 = doc.find(".//h1")
    print("title: " + squeeze(title.text_content() if title is not None else ""))
    print("h1: " + squeeze(h1.text_content() if h1 is not None else ""))


if __name__ == "__main__":
    main()
