/*
 * test_docx_parts.c — each part of the package for a small hand-built
 * briefing, compared with the XML expected (in the manner of
 * libxlsxwriter's tests), plus the structure of styles.xml and
 * numbering.xml, which are compared element by element.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docx/docx.h"

#include "../docx/build.h"

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
/* xmlTextWriterEndDocument ends a part with a newline. */
#define END "\n"

typedef void (*writer)(docx_ctx *, docx_xml *);

typedef struct fixture {
    bc_document *doc;
    docx_ctx ctx;
    char *document; /* written first: it registers the links and lists */
} fixture;

/* The part FN writes, as a string; caller frees. */
static char *part(docx_ctx *ctx, writer fn)
{
    docx_xml x;
    assert_int_equal(docx_xml_open(&x), 0);
    fn(ctx, &x);
    assert_int_equal(docx_xml_finish(&x), 0);
    size_t len = 0;
    const unsigned char *data = docx_xml_data(&x, &len);
    char *s = malloc(len + 1);
    assert_non_null(s);
    memcpy(s, data, len);
    s[len] = '\0';
    docx_xml_dispose(&x);
    return s;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->doc = small_doc();
    docx_ctx_init(&f->ctx, f->doc, false, NULL, NULL);
    f->document = part(&f->ctx, docx_write_document);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    free(f->document);
    docx_ctx_dispose(&f->ctx);
    bc_document_free(f->doc);
    free(f);
    return 0;
}

static void check_part(void **state, writer fn, const char *expected)
{
    fixture *f = *state;
    char *got = fn == docx_write_document ? strdup(f->document) : part(&f->ctx, fn);
    assert_non_null(got);
    assert_string_equal(got, expected);
    free(got);
}

static void test_document(void **state)
{
    check_part(state, docx_write_document, DECL
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<w:body><w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>Small &lt;&amp;&gt; \"test\"</w:t>"
    "</w:r></w:p><w:p><w:pPr><w:pStyle w:val=\"Subtitle\"/></w:pPr><w:r><w:t>Hot topic</w:t></w:r></w:p>"
    "<w:tbl><w:tblPr><w:tblStyle w:val=\"BriefingDetails\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
    "<w:tblLook w:val=\"04A0\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/>"
    "</w:tblPr><w:tblGrid><w:gridCol w:w=\"3008\"/><w:gridCol w:w=\"6018\"/></w:tblGrid><w:tr><w:trPr>"
    "<w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"3008\" w:type=\"dxa\"/>"
    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8EDEE\"/></w:tcPr><w:p><w:pPr><w:keepNext/></w:pPr><w:r>"
    "<w:rPr><w:b/><w:bCs/></w:rPr><w:t>Source</w:t></w:r></w:p></w:tc><w:tc><w:tcPr>"
    "<w:tcW w:w=\"6018\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:keepNext/></w:pPr><w:r>"
    "<w:t>NHS England</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr>"
    "<w:tcW w:w=\"3008\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8EDEE\"/></w:tcPr><w:p>"
    "<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>Link to main document</w:t></w:r></w:p></w:tc><w:tc><w:tcPr>"
    "<w:tcW w:w=\"6018\" w:type=\"dxa\"/></w:tcPr><w:p><w:hyperlink r:id=\"rId8\" w:history=\"1\"><w:r><w:rPr>"
    "<w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t>https://example.org/a?b=1&amp;c=2</w:t></w:r>"
    "</w:hyperlink></w:p></w:tc></w:tr></w:tbl><w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r>"
    "<w:t>Summary</w:t></w:r></w:p><w:p><w:r><w:t xml:space=\"preserve\">Hello </w:t></w:r><w:r><w:rPr>"
    "<w:i/><w:iCs/></w:rPr><w:t>world</w:t></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r><w:r>"
    "<w:t>(</w:t></w:r><w:hyperlink w:anchor=\"ref_1\" w:history=\"1\"><w:r><w:rPr>"
    "<w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t>1</w:t></w:r></w:hyperlink><w:r><w:t>)</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Further reading</w:t></w:r></w:p><w:p>"
    "<w:pPr><w:pStyle w:val=\"ListNumber\"/><w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"
    "</w:pPr><w:bookmarkStart w:id=\"1\" w:name=\"ref_1\"/><w:r><w:t>Ref one</w:t></w:r>"
    "<w:bookmarkEnd w:id=\"1\"/><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>"
    "<w:hyperlink r:id=\"rId9\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr>"
    "<w:t>https://example.org/r</w:t></w:r></w:hyperlink></w:p><w:p><w:pPr><w:keepNext/></w:pPr></w:p><w:tbl><w:tblPr>"
    "<w:tblStyle w:val=\"BriefingDetails\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
    "<w:tblLook w:val=\"04A0\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/>"
    "</w:tblPr><w:tblGrid><w:gridCol w:w=\"3008\"/><w:gridCol w:w=\"6018\"/></w:tblGrid><w:tr><w:trPr>"
    "<w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"3008\" w:type=\"dxa\"/>"
    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8EDEE\"/></w:tcPr><w:p><w:pPr><w:keepNext/></w:pPr><w:r>"
    "<w:rPr><w:b/><w:bCs/></w:rPr><w:t>Date last updated</w:t></w:r></w:p></w:tc><w:tc><w:tcPr>"
    "<w:tcW w:w=\"6018\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:keepNext/></w:pPr><w:r>"
    "<w:t>1 September 2017</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>"
    "<w:tcPr><w:tcW w:w=\"3008\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8EDEE\"/>"
    "</w:tcPr><w:p><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>Due for review</w:t></w:r></w:p></w:tc><w:tc>"
    "<w:tcPr><w:tcW w:w=\"6018\" w:type=\"dxa\"/></w:tcPr><w:p><w:r><w:t>September 2018</w:t></w:r></w:p>"
    "</w:tc></w:tr></w:tbl><w:p/><w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId5\"/>"
    "<w:footerReference w:type=\"default\" r:id=\"rId6\"/><w:footerReference w:type=\"first\" r:id=\"rId6\"/>"
    "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
    "<w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/>"
    "<w:titlePg/></w:sectPr></w:body></w:document>" END);
}

static void test_document_rels(void **state)
{
    check_part(state, docx_write_document_rels, DECL
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>"
    "<Relationship Id=\"rId5\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>"
    "<Relationship Id=\"rId6\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
    "<Relationship Id=\"rId8\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://example.org/a?b=1&amp;c=2\" TargetMode=\"External\"/>"
    "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://example.org/r\" TargetMode=\"External\"/>"
    "</Relationships>" END);
}

static void test_package_rels(void **state)
{
    check_part(state, docx_write_package_rels, DECL
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
    "</Relationships>" END);
}

static void test_core_props(void **state)
{
    check_part(state, docx_write_core_props, DECL
    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
    "<dc:title>Small &lt;&amp;&gt; \"test\"</dc:title><dc:subject>Hot topic</dc:subject>"
    "<cp:keywords>STP; King's Fund</cp:keywords><dc:description>Hello world (1)</dc:description>"
    "<dc:language>en-GB</dc:language>"
    "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2017-09-01T00:00:00Z</dcterms:created>"
    "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2017-09-01T00:00:00Z</dcterms:modified>"
    "</cp:coreProperties>" END);
}

static void test_app_props(void **state)
{
    check_part(state, docx_write_app_props, DECL
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
    "<Application>briefconv</Application><DocSecurity>0</DocSecurity></Properties>" END);
}

static void test_settings(void **state)
{
    check_part(state, docx_write_settings, DECL
    "<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/>"
    "<w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat>"
    "<w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
    "</w:compat><w:themeFontLang w:val=\"en-GB\"/><w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/>"
    "</w:settings>" END);
}

static void test_font_table(void **state)
{
    check_part(state, docx_write_font_table, DECL
    "<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:font w:name=\"Arial\"><w:altName w:val=\"Liberation Sans\"/><w:charset w:val=\"00\"/>"
    "<w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font><w:font w:name=\"Courier New\">"
    "<w:altName w:val=\"Liberation Mono\"/><w:charset w:val=\"00\"/><w:family w:val=\"modern\"/>"
    "<w:pitch w:val=\"fixed\"/></w:font></w:fonts>" END);
}

static void test_header(void **state)
{
    check_part(state, docx_write_header, DECL
    "<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr><w:r><w:t>Small &lt;&amp;&gt; \"test\"</w:t></w:r></w:p>"
    "</w:hdr>" END);
}

static void test_footer(void **state)
{
    check_part(state, docx_write_footer, DECL
    "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:tabs><w:tab w:val=\"clear\" w:pos=\"4513\"/>"
    "<w:tab w:val=\"right\" w:pos=\"9026\"/></w:tabs></w:pPr><w:r><w:t>Due for review: September 2018</w:t>"
    "</w:r><w:r><w:tab/></w:r><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r><w:r>"
    "<w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"
    "</w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r>"
    "<w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> of </w:t></w:r><w:r>"
    "<w:fldChar w:fldCharType=\"begin\"/></w:r><w:r>"
    "<w:instrText xml:space=\"preserve\"> NUMPAGES </w:instrText></w:r><w:r>"
    "<w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r>"
    "<w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:ftr>" END);
}

static void test_content_types(void **state)
{
    (void)state;
    docx_part parts[] = {
        {.name = "word/document.xml", .content_type = DOCX_CT_DOCUMENT},
        {.name = "word/_rels/document.xml.rels"},
        {.name = "word/media/template1.png", .content_type = "image/png"},
    };
    docx_xml x;
    assert_int_equal(docx_xml_open(&x), 0);
    docx_write_content_types(parts, 3, &x);
    assert_int_equal(docx_xml_finish(&x), 0);
    size_t len = 0;
    const char *got = (const char *)docx_xml_data(&x, &len);
    const char *expected = DECL
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/word/document.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
        "<Override PartName=\"/word/media/template1.png\" ContentType=\"image/png\"/></Types>" END;
    assert_int_equal(len, strlen(expected));
    assert_memory_equal(got, expected, len);
    docx_xml_dispose(&x);
}

/* numbering.xml: two abstract definitions of nine levels, one w:num per list. */
static void test_numbering(void **state)
{
    fixture *f = *state;
    char *got = part(&f->ctx, docx_write_numbering);
    /* The small document has one list: further reading, ordered, from 1. */
    assert_non_null(strstr(got, "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/>"
                                "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride>"
                                "</w:num></w:numbering>"));
    assert_null(strstr(got, "w:numId=\"2\""));
    assert_non_null(strstr(got, "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>"
                                "<w:lvlText w:val=\"\xE2\x80\xA2\"/><w:lvlJc w:val=\"left\"/><w:pPr>"
                                "<w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr>"));
    assert_non_null(strstr(got, "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
                                "<w:lvlText w:val=\"%2.\"/><w:lvlJc w:val=\"left\"/><w:pPr>"
                                "<w:ind w:left=\"720\" w:hanging=\"360\"/></w:pPr></w:lvl>"));
    int levels = 0;
    for (const char *p = got; (p = strstr(p, "<w:lvl ")) != NULL; p++)
        levels++;
    assert_int_equal(levels, 18);
    free(got);
}

/* Several lists: each its own w:num, ordered ones restarting at their start. */
static void test_numbering_lists(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    assert_non_null(d);
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T("Lists")));
    set_field(d, BC_FIELD_SUMMARY,
              N(BC_NODE_CONTENT, LIST(BC_LIST_ORDERED, 7, true, TEXT_ITEM("seven")),
                LIST(BC_LIST_BULLET, 1, true,
                     N(BC_NODE_ITEM, N(BC_NODE_PARAGRAPH, T("outer")), LIST(BC_LIST_ORDERED, 2, true, TEXT_ITEM("two")))),
                LIST(BC_LIST_ORDERED, 1, false, TEXT_ITEM("one"))));
    finish(d);
    docx_ctx ctx;
    docx_ctx_init(&ctx, d, false, NULL, NULL);
    char *doc = part(&ctx, docx_write_document);
    char *num = part(&ctx, docx_write_numbering);
    assert_non_null(strstr(num, "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\">"
                                "<w:startOverride w:val=\"7\"/></w:lvlOverride></w:num>"
                                "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/></w:num>"
                                "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"1\">"
                                "<w:startOverride w:val=\"2\"/></w:lvlOverride></w:num>"
                                "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\">"
                                "<w:startOverride w:val=\"1\"/></w:lvlOverride></w:num></w:numbering>"));
    /* Tight lists keep their items together (and with a tight list that follows,
     * so the spacing stays even where numbers turn to bullets); the nested list is one level in. */
    assert_non_null(strstr(doc, "<w:p><w:pPr><w:pStyle w:val=\"ListNumber\"/><w:numPr><w:ilvl w:val=\"0\"/>"
                                "<w:numId w:val=\"1\"/></w:numPr><w:spacing w:after=\"0\"/><w:contextualSpacing/></w:pPr><w:r>"
                                "<w:t>seven</w:t></w:r></w:p>"));
    assert_non_null(strstr(doc, "<w:p><w:pPr><w:pStyle w:val=\"ListNumber\"/><w:numPr><w:ilvl w:val=\"1\"/>"
                                "<w:numId w:val=\"3\"/></w:numPr><w:contextualSpacing/></w:pPr><w:r>"
                                "<w:t>two</w:t></w:r></w:p>"));
    assert_non_null(strstr(doc, "<w:p><w:pPr><w:pStyle w:val=\"ListNumber\"/><w:numPr><w:ilvl w:val=\"0\"/>"
                                "<w:numId w:val=\"4\"/></w:numPr></w:pPr><w:r><w:t>one</w:t></w:r></w:p>"));
    free(doc);
    free(num);
    docx_ctx_dispose(&ctx);
    bc_document_free(d);
}

/* The styles the body uses, with Word's names, each defined once. */
static void test_styles(void **state)
{
    fixture *f = *state;
    char *got = part(&f->ctx, docx_write_styles);
    for (int i = 0; i < DOCX_STYLE_COUNT; i++) {
        char needle[200];
        snprintf(needle, sizeof needle, "w:styleId=\"%s\"><w:name w:val=\"%s\"/>",
                 docx_style_default_id((docx_style)i), docx_style_name((docx_style)i));
        const char *at = strstr(got, needle);
        if (!at)
            fail_msg("style %s missing", needle);
        assert_null(strstr(at + 1, needle));
    }
    assert_non_null(strstr(got, "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" "
                                "w:cs=\"Arial\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>"
                                "<w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>"));
    assert_non_null(strstr(got, "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
                                "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"));
    assert_non_null(strstr(got, "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
                                "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/>"
                                "<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
                                "<w:spacing w:before=\"400\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr>"
                                "<w:rPr><w:b/><w:bCs/><w:color w:val=\"005EB8\"/><w:sz w:val=\"32\"/>"
                                "<w:szCs w:val=\"32\"/></w:rPr></w:style>"));
    assert_non_null(strstr(got, "w:styleId=\"Heading6\"><w:name w:val=\"heading 6\"/>"));
    assert_non_null(strstr(got, "<w:outlineLvl w:val=\"5\"/>"));
    assert_non_null(strstr(got, "<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/>"
                                "<w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"99\"/>"
                                "<w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:color w:val=\"005EB8\"/>"
                                "<w:u w:val=\"single\"/></w:rPr></w:style>"));
    assert_non_null(strstr(got, "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>"));
    free(got);
}

/* The document's language reaches the styles and settings. */
static void test_language(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    assert_non_null(d);
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T("Langue")));
    set_text(d, BC_FIELD_LANG, "fr-FR");
    finish(d);
    docx_ctx ctx;
    docx_ctx_init(&ctx, d, true, NULL, NULL);
    char *styles = part(&ctx, docx_write_styles);
    char *settings = part(&ctx, docx_write_settings);
    char *core = part(&ctx, docx_write_core_props);
    char *doc = part(&ctx, docx_write_document);
    assert_non_null(strstr(styles, "<w:lang w:val=\"fr-FR\"/>"));
    assert_non_null(strstr(settings, "<w:themeFontLang w:val=\"fr-FR\"/>"));
    assert_non_null(strstr(core, "<dc:language>fr-FR</dc:language>"));
    /* Letter: 8.5 x 11 in, text width 6.5 in. */
    assert_non_null(strstr(doc, "<w:pgSz w:w=\"12240\" w:h=\"15840\"/>"));
    assert_int_equal(docx_ctx_text_width(&ctx), 9360);
    free(styles);
    free(settings);
    free(core);
    free(doc);
    docx_ctx_dispose(&ctx);
    bc_document_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_document, setup, teardown),
        cmocka_unit_test_setup_teardown(test_document_rels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_package_rels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_core_props, setup, teardown),
        cmocka_unit_test_setup_teardown(test_app_props, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_font_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_footer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbering, setup, teardown),
        cmocka_unit_test_setup_teardown(test_styles, setup, teardown),
        cmocka_unit_test(test_content_types),
        cmocka_unit_test(test_numbering_lists),
        cmocka_unit_test(test_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
