/*
 * build.h — hand-built briefings for the DOCX unit tests (included by
 * tests/unit/test_docx_*.c, which use cmocka's asserts), made with
 * tests/unit/doc_builder.h.
 *
 *   small_doc()  a few fields, one citation: small enough that each part's
 *                XML can be compared with an expected string
 *   rich_doc()   every node type and every field, nested lists, a table,
 *                hostile text: for validity and round-trip checks
 */
#ifndef DOCX_TEST_BUILD_H
#define DOCX_TEST_BUILD_H

#include "../unit/doc_builder.h"

static inline bc_document *small_doc(void)
{
    bc_document *d = bc_document_new();
    assert_non_null(d);
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T("Small <&> \"test\"")));
    set_text(d, BC_FIELD_TYPE, "Hot topic");
    set_field(d, BC_FIELD_SOURCE, N(BC_NODE_INLINES, T("NHS England")));
    set_text(d, BC_FIELD_LINK, "https://example.org/a?b=1&c=2");
    set_field(d, BC_FIELD_SUMMARY,
              N(BC_NODE_CONTENT, N(BC_NODE_PARAGRAPH, T("Hello "), N(BC_NODE_EMPH, T("world")), T(" "),
                                   CITE("r1"))));
    set_field(d, BC_FIELD_REFERENCES,
              N(BC_NODE_CONTENT, reference(d, "r1", "https://example.org/r", N(BC_NODE_INLINES, T("Ref one")))));
    set_date(d, BC_FIELD_UPDATED, 2017, 9, 1);
    set_date(d, BC_FIELD_REVIEW_DUE, 2018, 9, 0);
    assert_int_equal(bc_document_add_tag(d, "STP", 3), 0);
    assert_int_equal(bc_document_add_tag(d, "King's Fund", 11), 0);
    finish(d);
    return d;
}

static inline bc_node *rating_table(bc_document *d)
{
    bc_align aligns[2] = {BC_ALIGN_LEFT, BC_ALIGN_RIGHT};
    return table(d, 2, aligns, TEXT_ROW("Area", "Domains"),
                 TEXT_ROW("Hospital performance", "emergency care; elective care"),
                 /* a short row: finish pads it, so the grid is filled exactly */
                 TEXT_ROW("Transformation"), TEXT_ROW("Prevention", "finance"), NULL);
}

/* Everything a briefing can hold. */
static inline bc_document *rich_doc(void)
{
    bc_document *d = bc_document_new();
    assert_non_null(d);
    set_field(d, BC_FIELD_TITLE,
              N(BC_NODE_INLINES, T("Integrating care: "), N(BC_NODE_EMPH, T("contracting")), T(" for models")));
    set_text(d, BC_FIELD_TYPE, "Policy briefing");
    set_field(d, BC_FIELD_SOURCE, N(BC_NODE_INLINES, T("NHS England")));
    set_text(d, BC_FIELD_LINK, "https://www.england.nhs.uk/publication/integrating care/");
    set_text(d, BC_FIELD_PUBLICATION_FORMAT, "PDF");
    set_text(d, BC_FIELD_PUBLISHED, "September 2016 (updated June 2017)");
    set_field(d, BC_FIELD_AUDIENCE, N(BC_NODE_INLINES, T("Clinical commissioning groups")));
    set_field(d, BC_FIELD_SUMMARY,
              N(BC_NODE_CONTENT,
                N(BC_NODE_PARAGRAPH, T("The "), N(BC_NODE_EMPH, T("Five Year Forward View")), T(" and "),
                  N(BC_NODE_STRONG, T("Next Steps")), N(BC_NODE_SOFTBREAK), T("described "),
                  lit(d, BC_NODE_CODE, "integrated care"), T(" "), CITE("kf", "nhse"), T("."),
                  N(BC_NODE_LINEBREAK), T("Hostile: <&> \"quotes\" 'apostrophes' tab\there."),
                  N(BC_NODE_STRIKETHROUGH, T("struck")), T(" "),
                  LINK("https://example.org/x?a=1&b=\"2\"", T("a link")), T(" "),
                  LINK("mailto:library@example.org", N(BC_NODE_STRONG, T("mail us")))),
                N(BC_NODE_PARAGRAPH, T("Second paragraph with  two spaces and a trailing space "))));
    set_field(d, BC_FIELD_KEY_FEATURES,
              N(BC_NODE_CONTENT,
                LIST(BC_LIST_BULLET, 1, true, TEXT_ITEM("First feature"),
                     N(BC_NODE_ITEM, N(BC_NODE_PARAGRAPH, T("Second, with a nested list:")),
                       LIST(BC_LIST_ORDERED, 1, true, TEXT_ITEM("nested one"), TEXT_ITEM("nested two"))),
                     TEXT_ITEM("Third feature"))));
    set_field(d, BC_FIELD_IMPACT,
              N(BC_NODE_CONTENT,
                LIST(BC_LIST_ORDERED, 3, false, TEXT_ITEM("starts at three"),
                     N(BC_NODE_ITEM, N(BC_NODE_PARAGRAPH, T("loose item")), N(BC_NODE_PARAGRAPH, T("second para")))),
                LIST(BC_LIST_ORDERED, 1, true, TEXT_ITEM("a new list restarts at one"), N(BC_NODE_ITEM)),
                N(BC_NODE_BLOCK_QUOTE, N(BC_NODE_PARAGRAPH, T("A quotation from the report."))),
                lit(d, BC_NODE_CODE_BLOCK, "code line 1\n\tindented line 2\n"), N(BC_NODE_THEMATIC_BREAK),
                heading(d, 1, "A heading inside content")));
    bc_node *deep = N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("Level three")),
                      N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("Level four")),
                        N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("Level five")),
                          N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("Level six")),
                            N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("Level seven, clamped")),
                              N(BC_NODE_PARAGRAPH, T("Deep text.")))))));
    set_field(d, BC_FIELD_SECTIONS,
              N(BC_NODE_CONTENT,
                N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("How areas are rated")),
                  N(BC_NODE_PARAGRAPH, T("Measured in nine domains:")), rating_table(d),
                  N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("Read more")),
                    N(BC_NODE_PARAGRAPH, LINK("https://www.cumbriacvs.org.uk", T("https://www.cumbriacvs.org.uk")))),
                  deep)));
    set_field(d, BC_FIELD_REFERENCES,
              N(BC_NODE_CONTENT,
                reference(d, "kf", "https://www.kingsfund.org.uk/publications/delivering",
                          N(BC_NODE_INLINES, T("The King's Fund (2017) "), N(BC_NODE_EMPH, T("Delivering STPs")))),
                reference(d, "nhse", NULL, N(BC_NODE_INLINES, T("NHS England (2016) Shared Planning Guidance"))),
                reference(d, NULL, "https://example.org/plain", N(BC_NODE_INLINES, T("A plain reference")))));
    set_date(d, BC_FIELD_UPDATED, 2017, 9, 0);
    set_date(d, BC_FIELD_REVIEW_DUE, 2018, 9, 0);
    set_text(d, BC_FIELD_RESPONSIBLE, "LK");
    set_field(d, BC_FIELD_PRODUCED_BY, N(BC_NODE_INLINES, T("JET Library, Mid Cheshire Hospitals")));
    set_field(d, BC_FIELD_NOTICE,
              N(BC_NODE_CONTENT, N(BC_NODE_PARAGRAPH, T("Please feel free to reproduce this briefing."))));
    assert_int_equal(bc_document_add_tag(d, "STP", 3), 0);
    finish(d);
    return d;
}

#endif
