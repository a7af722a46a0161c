#!/usr/bin/python3
"""make_reference_docx.py OUTDIR — writes the reference-doc fixtures for the
DOCX tests, from python-docx's default template (a real Word template: theme
fonts, latent styles, list styles whose numPr point into numbering.xml):

  reference.docx            an organisation's branding: Georgia body, maroon
                            headings, A4 with 0.75 in side margins, a header
                            with text and a logo image, a footer with text
  reference-localized.docx  the same with the style ids a German Word uses
                            ("berschrift1" for "heading 1", "Titel" for
                            "Title"), so ids must be found by name

Run with /usr/bin/python3 (needs Debian's python3-docx and python3-lxml).
"""
import io
import os
import struct
import sys
import zipfile
import zlib

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Inches, Pt, RGBColor, Twips

MAROON = RGBColor(0x8A, 0x15, 0x38)


def png(width, height, rgb):
    """A solid-colour PNG."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


def branded(path):
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Georgia"
    normal.font.size = Pt(10.5)
    h1 = d.styles["Heading 1"]
    h1.font.name = "Georgia"
    h1.font.color.rgb = MAROON
    h1.font.size = Pt(18)
    d.styles["Title"].font.color.rgb = MAROON
    # A style of the organisation's own, which must survive the merge.
    own = d.styles.add_style("Trust Callout", WD_STYLE_TYPE.PARAGRAPH)
    own.font.bold = True
    sec = d.sections[0]
    sec.page_width, sec.page_height = Twips(11906), Twips(16838)
    sec.left_margin = sec.right_margin = Twips(1080)
    sec.top_margin = Twips(1200)
    sec.bottom_margin = Twips(1300)
    sec.header_distance = Twips(600)
    sec.footer_distance = Twips(650)
    hp = sec.header.paragraphs[0]
    hp.add_run().add_picture(io.BytesIO(png(120, 40, (0x8A, 0x15, 0x38))), width=Inches(1.0))
    hp.add_run("  Example Trust Library and Knowledge Service")
    sec.footer.paragraphs[0].add_run("Example Trust template footer")
    d.add_paragraph("This template's own text is never copied.")
    d.save(path)


def localized(src, path):
    """Renames style ids as a German Word would, keeping Word's built-in names."""
    renames = {"Heading1": "berschrift1", "Title": "Titel"}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in ("word/styles.xml", "word/stylesWithEffects.xml", "word/document.xml"):
                text = data.decode("utf-8")
                for old, new in renames.items():
                    for attr in ("w:styleId", "w:val"):
                        text = text.replace('%s="%s"' % (attr, old), '%s="%s"' % (attr, new))
                # ...but a style's name stays Word's built-in name.
                text = text.replace('<w:name w:val="Titel"/>', '<w:name w:val="Title"/>')
                data = text.encode("utf-8")
            zout.writestr(info, data)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/docx"
    ref = os.path.join(out, "reference.docx")
    branded(ref)
    localized(ref, os.path.join(out, "reference-localized.docx"))


if __name__ == "__main__":
    main()
