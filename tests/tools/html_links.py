#!/usr/bin/python3
"""Checks the links of an HTML page: exit 1 (naming them) when one is unsafe
or leads nowhere.

Usage: html_links.py FILE.html

- every href, src, action, formaction, xlink:href or poster value must be
  an in-page link (#...) or use http, https or mailto: whatever a browser
  would make of it, after stripping the whitespace and control characters it
  ignores and folding case;
- every in-page link #NAME must have an element with id or name NAME.
"""
import re
import sys

import lxml.html

URL_ATTRS = ("href", "src", "action", "formaction", "poster", "{http://www.w3.org/1999/xlink}href")
SAFE = ("http:", "https:", "mailto:")


def scheme_ok(value):
    v = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    return v.startswith("#") or v.startswith(SAFE)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], "rb") as f:
        doc = lxml.html.document_fromstring(f.read().decode("utf-8"))
    bad = 0
    names = {el.get("id") for el in doc.iter() if isinstance(el.tag, str) and el.get("id")}
    names |= {el.get("name") for el in doc.iter("a") if el.get("name")}
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in URL_ATTRS:
            value = el.get(attr)
            if value is None:
                continue
            if not scheme_ok(value):
                print("    unsafe %s=%r on <%s>" % (attr, value, el.tag))
                bad = 1
            elif value.startswith("#") and value[1:] not in names:
                print("    %s=%r on <%s> leads nowhere" % (attr, value, el.tag))
                bad = 1
    sys.exit(bad)


if __name__ == "__main__":
    main()
