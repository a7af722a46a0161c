#!/usr/bin/python3
"""Walks a site made by `briefconv -t site` and checks it as a visitor and a
feed reader would. Exit 1, naming each problem, when:

- an internal href or src (fragments included) leads to no file or no id;
- a link leaves the site (anything absolute but http(s)/mailto, or a path
  climbing above the site's root);
- a briefing page (one per BRIEFING given, as its path relative to the
  input folder) is missing, or is not on the index, on each of its tags'
  pages, and in the feed;
- feed.xml is not Atom 1.0 (feed id, title, updated; every entry with id,
  title, updated and an alternate link) or two entries share an id;
- a tag page's file name is not [a-z0-9-]+.html.

Usage: site_check.py SITE BRIEFINGS_DIR
"""
import os
import re
import sys
import urllib.parse

import lxml.etree
import lxml.html
import yaml

ATOM = "{http://www.w3.org/2005/Atom}"
problems = []


def problem(msg):
    problems.append(msg)


def ids_of(path, cache={}):
    if path not in cache:
        doc = lxml.html.parse(path)
        cache[path] = {e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id")}
    return cache[path]


def walk_links(site):
    for folder, _, files in os.walk(site):
        for name in files:
            if not name.endswith(".html"):
                continue
            page = os.path.join(folder, name)
            doc = lxml.html.parse(page)
            for el in doc.iter():
                if not isinstance(el.tag, str):
                    continue
                for attr in ("href", "src"):
                    url = el.get(attr)
                    if url is None:
                        continue
                    parts = urllib.parse.urlsplit(url)
                    if parts.scheme in ("http", "https", "mailto"):
                        continue
                    if parts.scheme or parts.netloc:
                        problem(f"{page}: link leaves the site: {url}")
                        continue
                    target = page if not parts.path else os.path.normpath(
                        os.path.join(folder, urllib.parse.unquote(parts.path)))
                    if os.path.relpath(target, site).startswith(".."):
                        problem(f"{page}: link climbs out of the site: {url}")
                        continue
                    if not os.path.isfile(target):
                        problem(f"{page}: broken link {url}")
                        continue
                    if parts.fragment and target.endswith(".html") and parts.fragment not in ids_of(target):
                        problem(f"{page}: no id for fragment in {url}")


def hrefs(page):
    folder = os.path.dirname(page)
    doc = lxml.html.parse(page)
    return {os.path.normpath(os.path.join(folder, urllib.parse.unquote(a.get("href"))))
            for a in doc.iter("a") if a.get("href") and "://" not in a.get("href")}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    site, briefings = sys.argv[1], sys.argv[2]
    walk_links(site)
    for name in os.listdir(os.path.join(site, "tags")):
        path = os.path.join(site, "tags", name)
        is_archive = name.endswith(".html") and b"<h1>Tag: " in open(path, "rb").read()
        if is_archive and not re.fullmatch(r"[a-z0-9-]+\.html", name):
            problem(f"tags/{name}: not a safe file name")
    index = hrefs(os.path.join(site, "index.html"))
    feed = lxml.etree.parse(os.path.join(site, "feed.xml")).getroot()
    if feed.tag != ATOM + "feed":
        problem("feed.xml: not an Atom feed")
    for need in ("id", "title", "updated"):
        if feed.find(ATOM + need) is None:
            problem(f"feed.xml: no feed {need}")
    ids, feed_links = [], set()
    for entry in feed.findall(ATOM + "entry"):
        for need in ("id", "title", "updated"):
            if entry.find(ATOM + need) is None or not (entry.find(ATOM + need).text or "").strip():
                problem(f"feed.xml: an entry has no {need}")
        ids.append(entry.findtext(ATOM + "id"))
        for link in entry.findall(ATOM + "link"):
            if link.get("rel") == "alternate":
                feed_links.add(os.path.normpath(os.path.join(site, urllib.parse.unquote(link.get("href")))))
    if len(ids) != len(set(ids)):
        problem("feed.xml: two entries share an id")
    count = 0
    for folder, _, files in os.walk(briefings):
        for name in files:
            if not name.endswith(".yaml") or name.startswith("."):
                continue
            count += 1
            rel = os.path.relpath(os.path.join(folder, name), briefings)
            page = os.path.normpath(os.path.join(site, rel[:-5] + ".html"))
            if not os.path.isfile(page):
                problem(f"{rel}: no page {page}")
            if page not in index:
                problem(f"{rel}: not on the index")
            if page not in feed_links:
                problem(f"{rel}: not in the feed")
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                data = yaml.safe_load(f)
            tags = data.get("tags") or []
            page_doc = lxml.html.parse(page)
            tag_links = {a.text_content(): a.get("href") for a in page_doc.iter("a")
                         if "tags/" in (a.get("href") or "")}
            for tag in tags:
                href = tag_links.get(str(tag))
                if not href:
                    problem(f"{rel}: its page does not link tag {tag!r}")
                    continue
                tag_page = os.path.normpath(os.path.join(os.path.dirname(page), href))
                if not os.path.isfile(tag_page) or page not in hrefs(tag_page):
                    problem(f"{rel}: not on the page of its tag {tag!r}")
    if len(ids) != count:
        problem(f"feed.xml: {len(ids)} entries for {count} briefings")
    for p in problems:
        print(p)
    print(f"site_check: {count} briefings, {len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


main()
