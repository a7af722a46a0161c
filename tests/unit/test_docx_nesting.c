/*
 * test_docx_nesting.c — the DOCX writer's nested blocks and title page
 * (issue 14): ordered lists number 1, 2, 3 at every depth; an item opening
 * with a list, heading, code or quote starts on its marker's line; every
 * block in a quote takes its indent and rule; the running title is one
 * line without citations and page 1 has none; the record keeps with the
 * block before it.
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

typedef void (*writer)(docx_ctx *, docx_xml *);

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

static void has(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("missing:\n%s\nin:\n%s", needle, hay);
}

static void lacks(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("unexpected:\n%s", needle);
}

/* The parts of D after the body is written (which registers lists and links). */
typedef struct parts {
    docx_ctx ctx;
    char *doc, *num, *hdr, *core;
} parts;

static void render_parts(bc_document *d, parts *p)
{
    docx_ctx_init(&p->ctx, d, false, NULL, NULL);
    p->doc = part(&p->ctx, docx_write_document);
    p->num = part(&p->ctx, docx_write_numbering);
    p->hdr = part(&p->ctx, docx_write_header);
    p->core = part(&p->ctx, docx_write_core_props);
}

static void free_parts(parts *p)
{
    free(p->doc);
    free(p->num);
    free(p->hdr);
    free(p->core);
    docx_ctx_dispose(&p->ctx);
}

/* Point 1: every ordered level is decimal ("%N."), never letters or roman numerals. */
static void test_ordered_levels_decimal(void **state)
{
    (void)state;
    bc_document *d = small_doc();
    parts p;
    render_parts(d, &p);
    lacks(p.num, "lowerLetter");
    lacks(p.num, "lowerRoman");
    for (int i = 0; i < 9; i++) {
        char want[96];
        snprintf(want, sizeof want, "<w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%%%d.\"/>", i + 1);
        has(p.num, want);
    }
    free_parts(&p);
    bc_document_free(d);
}

/* Point 2: "- 1. a" is one paragraph: the bullet by numbering, "1." as text, then a tab. */
static void test_item_opening_with_list(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T("Lists")));
    set_field(d, BC_FIELD_SUMMARY,
              N(BC_NODE_CONTENT, LIST(BC_LIST_BULLET, 1, true,
                                      N(BC_NODE_ITEM, LIST(BC_LIST_ORDERED, 3, true, TEXT_ITEM("three"), TEXT_ITEM("four"))))));
    finish(d);
    parts p;
    render_parts(d, &p);
    has(p.doc, "<w:pStyle w:val=\"ListBullet\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"
               "<w:tabs><w:tab w:val=\"left\" w:pos=\"360\"/><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs>"
               "<w:ind w:left=\"720\" w:hanging=\"720\"/><w:contextualSpacing/></w:pPr>"
               "<w:r><w:t>3.</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>three</w:t></w:r></w:p>");
    /* Word numbers the rest of the inner list from 4: its first item was written as text. */
    has(p.num, "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"1\">"
               "<w:startOverride w:val=\"4\"/></w:lvlOverride></w:num>");
    has(p.doc, "<w:numId w:val=\"2\"/></w:numPr><w:contextualSpacing/></w:pPr><w:r><w:t>four</w:t>");
    /* No paragraph holds a marker and nothing else. */
    lacks(p.doc, "</w:numPr><w:contextualSpacing/></w:pPr></w:p>");
    free_parts(&p);
    bc_document_free(d);
}

/* Point 2: a heading, code or a quote opening an item carries the item's marker. */
static void test_item_opening_with_blocks(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T("Blocks")));
    set_field(d, BC_FIELD_SUMMARY,
              N(BC_NODE_CONTENT,
                LIST(BC_LIST_BULLET, 1, false, N(BC_NODE_ITEM, heading(d, 2, "Head"), N(BC_NODE_PARAGRAPH, T("after"))),
                     N(BC_NODE_ITEM, lit(d, BC_NODE_CODE_BLOCK, "code")),
                     N(BC_NODE_ITEM, N(BC_NODE_BLOCK_QUOTE, N(BC_NODE_PARAGRAPH, T("quoted")))))));
    finish(d);
    parts p;
    render_parts(d, &p);
    /* The heading: a bold paragraph of the item, not a Heading style. */
    has(p.doc, "<w:pStyle w:val=\"ListBullet\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"
               "</w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>Head</w:t></w:r></w:p>");
    lacks(p.doc, "<w:t>Head</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val=\"Heading");
    has(p.doc, "<w:pStyle w:val=\"ListContinue\"/><w:ind w:left=\"360\"/></w:pPr><w:r><w:t>after</w:t>");
    /* Code: the Source Code paragraph itself is numbered. */
    has(p.doc, "<w:pStyle w:val=\"SourceCode\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"
               "</w:pPr><w:r><w:t>code</w:t>");
    /* A quote: its first paragraph, in the quote's indent and with the marker hanging. */
    has(p.doc, "<w:pStyle w:val=\"Quote\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"
               "<w:tabs><w:tab w:val=\"left\" w:pos=\"644\"/></w:tabs><w:ind w:left=\"644\" w:hanging=\"644\"/>"
               "</w:pPr><w:r><w:t>quoted</w:t>");
    free_parts(&p);
    bc_document_free(d);
}

/* Point 3: a list, code and a quote inside a quote take its indent and rule. */
static void test_blocks_in_quotes(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T("Quotes")));
    set_field(d, BC_FIELD_SUMMARY,
              N(BC_NODE_CONTENT, N(BC_NODE_BLOCK_QUOTE, N(BC_NODE_PARAGRAPH, T("q")), LIST(BC_LIST_ORDERED, 1, true, TEXT_ITEM("one")),
                                   lit(d, BC_NODE_CODE_BLOCK, "code"),
                                   N(BC_NODE_BLOCK_QUOTE, N(BC_NODE_PARAGRAPH, T("inner"))))));
    finish(d);
    parts p;
    render_parts(d, &p);
    static const char rule[] = "<w:pBdr><w:left w:val=\"single\" w:sz=\"18\" w:space=\"8\" w:color=\"005EB8\"/></w:pBdr>";
    char want[512];
    snprintf(want, sizeof want,
             "<w:pStyle w:val=\"ListNumber\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>%s"
             "<w:tabs><w:tab w:val=\"left\" w:pos=\"644\"/></w:tabs><w:ind w:left=\"644\" w:hanging=\"360\"/>",
             rule);
    has(p.doc, want);
    snprintf(want, sizeof want, "<w:pStyle w:val=\"SourceCode\"/>%s<w:ind w:left=\"284\"/></w:pPr><w:r><w:t>code", rule);
    has(p.doc, want);
    has(p.doc, "<w:pStyle w:val=\"Quote\"/><w:ind w:left=\"568\"/></w:pPr><w:r><w:t>inner</w:t>");
    free_parts(&p);
    bc_document_free(d);
}

/* Points 5 and 6: the title page has no header; the header and title property have no citation. */
static void test_title_page_and_citations(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T("A review"), CITE("r1")));
    set_field(d, BC_FIELD_REFERENCES,
              N(BC_NODE_CONTENT, reference(d, "r1", NULL, N(BC_NODE_INLINES, T("Ref")))));
    finish(d);
    parts p;
    render_parts(d, &p);
    has(p.doc, "<w:footerReference w:type=\"first\" r:id=\"rId6\"/>");
    has(p.doc, "<w:titlePg/></w:sectPr>");
    lacks(p.doc, "<w:headerReference w:type=\"first\"");
    has(p.hdr, "<w:t>A review</w:t></w:r></w:p>");
    lacks(p.hdr, "(1)");
    has(p.core, "<dc:title>A review</dc:title>");
    free_parts(&p);
    bc_document_free(d);
}

/* Point 5: a title wider than the header line is cut at a word, with an ellipsis. */
static void test_long_running_title(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    const char *title = "Integrated care systems and the library and knowledge services that support their "
                        "leaders, programme teams and partner organisations across England";
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T(title)));
    finish(d);
    parts p;
    render_parts(d, &p);
    /* A4: 9026 twips of text at 110 a character, 82 columns, the last for the ellipsis. */
    has(p.hdr, "<w:t>Integrated care systems and the library and knowledge services that "
               "support\xE2\x80\xA6</w:t>");
    lacks(p.hdr, "England");
    free_parts(&p);
    bc_document_free(d);
}

/* Point 7: the last block before the record keeps with it, as does the gap paragraph. */
static void test_record_kept_with_body(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T("Record")));
    set_field(d, BC_FIELD_SUMMARY,
              N(BC_NODE_CONTENT, N(BC_NODE_PARAGRAPH, T("first")),
                LIST(BC_LIST_BULLET, 1, true, TEXT_ITEM("a"), TEXT_ITEM("last"))));
    set_date(d, BC_FIELD_UPDATED, 2017, 9, 1);
    finish(d);
    parts p;
    render_parts(d, &p);
    has(p.doc, "<w:pStyle w:val=\"ListBullet\"/><w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val=\"0\"/>"
               "<w:numId w:val=\"1\"/></w:numPr><w:contextualSpacing/></w:pPr><w:r><w:t>last</w:t>");
    lacks(p.doc, "<w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"
                 "<w:contextualSpacing/></w:pPr><w:r><w:t>a</w:t>");
    lacks(p.doc, "<w:keepLines/></w:pPr><w:r><w:t>first");
    has(p.doc, "<w:p><w:pPr><w:keepNext/></w:pPr></w:p><w:tbl>");
    free_parts(&p);
    bc_document_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ordered_levels_decimal),   cmocka_unit_test(test_item_opening_with_list),
        cmocka_unit_test(test_item_opening_with_blocks), cmocka_unit_test(test_blocks_in_quotes),
        cmocka_unit_test(test_title_page_and_citations), cmocka_unit_test(test_long_running_title),
        cmocka_unit_test(test_record_kept_with_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
