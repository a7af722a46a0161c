/*
 * build.h — hand-built briefings for the DOCX unit tests (included by
 * tests/unit/test_docx_*.c, which use cmocka's asserts).
 *
 *   small_doc()  a few fields, one citation: small enough that each part's
 *                XML can be compared with an expected string
 *   rich_doc()   every node type and every field, nested lists, a table,
 *                hostile text: for validity and round-trip checks
 */
#ifndef DOCX_TEST_BUILD_H
#define DOCX_TEST_BUILD_H

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include <briefconv/briefconv.h>

/* A node of type T with the given children (NULL-terminated). */
static inline bc_node *mk(bc_document *d, bc_node_type t, ...)
{
    bc_node *n = bc_node_new(d, t, 1, 1);
    assert_non_null(n);
    va_list ap;
    va_start(ap, t);
    for (bc_node *k; (k = va_arg(ap, bc_node *)) != NULL;)
        bc_node_append_child(n, k);
    va_end(ap);
    return n;
}
#define N(...) mk(d, __VA_ARGS__, NULL)

static inline bc_node *lit(bc_document *d, bc_node_type t, const char *s)
{
    bc_node *n = bc_node_new(d, t, 1, 1);
    assert_non_null(n);
    assert_int_equal(bc_node_set_literal(n, s, strlen(s)), 0);
    return n;
}
#define T(s) lit(d, BC_NODE_TEXT, s)

static inline bc_node *leaf(bc_document *d, bc_node_type t)
{
    bc_node *n = bc_node_new(d, t, 1, 1);
    assert_non_null(n);
    return n;
}

static inline bc_node *link_to(bc_document *d, const char *url, bc_node *text)
{
    bc_node *n = bc_node_new(d, BC_NODE_LINK, 1, 1);
    assert_non_null(n);
    assert_int_equal(bc_node_set_url(n, url, strlen(url)), 0);
    if (text)
        bc_node_append_child(n, text);
    return n;
}

static inline bc_node *cite(bc_document *d, const char *a, const char *b)
{
    bc_node *n = bc_node_new(d, BC_NODE_CITATION, 1, 1);
    assert_non_null(n);
    assert_int_equal(bc_node_add_citation_id(n, a, strlen(a)), 0);
    if (b)
        assert_int_equal(bc_node_add_citation_id(n, b, strlen(b)), 0);
    return n;
}

static inline bc_node *list_of(bc_document *d, bc_list_type type, int start, bool tight, ...)
{
    bc_node *n = bc_node_new(d, BC_NODE_LIST, 1, 1);
    assert_non_null(n);
    bc_node_set_list(n, type, start, tight);
    va_list ap;
    va_start(ap, tight);
    for (bc_node *k; (k = va_arg(ap, bc_node *)) != NULL;)
        bc_node_append_child(n, k);
    va_end(ap);
    return n;
}
#define LIST(type, start, tight, ...) list_of(d, type, start, tight, __VA_ARGS__, NULL)

/* An item holding one paragraph of text S. */
#define ITEM(s) N(BC_NODE_ITEM, N(BC_NODE_PARAGRAPH, T(s)))

static inline bc_node *heading(bc_document *d, int level, bc_node *text)
{
    bc_node *n = mk(d, BC_NODE_HEADING, text, NULL);
    if (level)
        bc_node_set_heading_level(n, level);
    return n;
}

static inline bc_node *reference(bc_document *d, const char *id, const char *url, bc_node *text)
{
    bc_node *n = mk(d, BC_NODE_REFERENCE, text, NULL);
    if (id)
        assert_int_equal(bc_node_set_reference_id(n, id, strlen(id)), 0);
    if (url)
        assert_int_equal(bc_node_set_url(n, url, strlen(url)), 0);
    return n;
}

static inline void set_text(bc_document *d, bc_field f, const char *s)
{
    assert_int_equal(bc_document_set_text(d, f, s, strlen(s)), 0);
}

static inline void set_date(bc_document *d, bc_field f, int y, int m, int day)
{
    assert_int_equal(bc_document_set_date(d, f, (bc_date){y, m, day}), 0);
}

static inline void set_field(bc_document *d, bc_field f, bc_node *n)
{
    assert_int_equal(bc_document_set_field(d, f, n), 0);
}

static inline void finish(bc_document *d)
{
    bc_error *err = bc_error_new();
    assert_non_null(err);
    int rc = bc_document_finish(d, err);
    if (rc != 0)
        fail_msg("finish: %s", bc_error_message(err));
    bc_error_free(err);
}

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
                                   cite(d, "r1", NULL))));
    set_field(d, BC_FIELD_REFERENCES,
              N(BC_NODE_CONTENT, reference(d, "r1", "https://example.org/r", N(BC_NODE_INLINES, T("Ref one")))));
    set_date(d, BC_FIELD_UPDATED, 2017, 9, 1);
    set_date(d, BC_FIELD_REVIEW_DUE, 2018, 9, 0);
    assert_int_equal(bc_document_add_tag(d, "STP", 3), 0);
    assert_int_equal(bc_document_add_tag(d, "King's Fund", 11), 0);
    finish(d);
    return d;
}

static inline bc_node *table(bc_document *d)
{
    bc_node *t = N(BC_NODE_TABLE,
                   N(BC_NODE_TABLE_ROW, N(BC_NODE_TABLE_CELL, T("Area")), N(BC_NODE_TABLE_CELL, T("Domains"))),
                   N(BC_NODE_TABLE_ROW, N(BC_NODE_TABLE_CELL, T("Hospital performance")),
                     N(BC_NODE_TABLE_CELL, T("emergency care; elective care"))),
                   N(BC_NODE_TABLE_ROW, N(BC_NODE_TABLE_CELL, T("Transformation")), N(BC_NODE_TABLE_CELL)),
                   N(BC_NODE_TABLE_ROW, N(BC_NODE_TABLE_CELL, T("Prevention")), N(BC_NODE_TABLE_CELL, T("finance"))));
    bc_align aligns[2] = {BC_ALIGN_LEFT, BC_ALIGN_RIGHT};
    assert_int_equal(bc_node_set_table_columns(t, 2, aligns), 0);
    return t;
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
                  N(BC_NODE_STRONG, T("Next Steps")), leaf(d, BC_NODE_SOFTBREAK), T("described "),
                  lit(d, BC_NODE_CODE, "integrated care"), T(" "), cite(d, "kf", "nhse"), T("."),
                  leaf(d, BC_NODE_LINEBREAK), T("Hostile: <&> \"quotes\" 'apostrophes' tab\there."),
                  N(BC_NODE_STRIKETHROUGH, T("struck")), T(" "),
                  link_to(d, "https://example.org/x?a=1&b=\"2\"", T("a link")), T(" "),
                  link_to(d, "mailto:library@example.org", N(BC_NODE_STRONG, T("mail us")))),
                N(BC_NODE_PARAGRAPH, T("Second paragraph with  two spaces and a trailing space "))));
    set_field(d, BC_FIELD_KEY_FEATURES,
              N(BC_NODE_CONTENT,
                LIST(BC_LIST_BULLET, 1, true, ITEM("First feature"),
                     N(BC_NODE_ITEM, N(BC_NODE_PARAGRAPH, T("Second, with a nested list:")),
                       LIST(BC_LIST_ORDERED, 1, true, ITEM("nested one"), ITEM("nested two"))),
                     ITEM("Third feature"))));
    set_field(d, BC_FIELD_IMPACT,
              N(BC_NODE_CONTENT,
                LIST(BC_LIST_ORDERED, 3, false, ITEM("starts at three"),
                     N(BC_NODE_ITEM, N(BC_NODE_PARAGRAPH, T("loose item")), N(BC_NODE_PARAGRAPH, T("second para")))),
                LIST(BC_LIST_ORDERED, 1, true, ITEM("a new list restarts at one"), N(BC_NODE_ITEM)),
                N(BC_NODE_BLOCK_QUOTE, N(BC_NODE_PARAGRAPH, T("A quotation from the report."))),
                lit(d, BC_NODE_CODE_BLOCK, "code line 1\n\tindented line 2\n"), leaf(d, BC_NODE_THEMATIC_BREAK),
                heading(d, 1, T("A heading inside content"))));
    bc_node *deep = N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("Level three")),
                      N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("Level four")),
                        N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("Level five")),
                          N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("Level six")),
                            N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("Level seven, clamped")),
                              N(BC_NODE_PARAGRAPH, T("Deep text.")))))));
    set_field(d, BC_FIELD_SECTIONS,
              N(BC_NODE_CONTENT,
                N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("How areas are rated")),
                  N(BC_NODE_PARAGRAPH, T("Measured in nine domains:")), table(d),
                  N(BC_NODE_SECTION, N(BC_NODE_HEADING, T("Read more")),
                    N(BC_NODE_PARAGRAPH, link_to(d, "https://www.cumbriacvs.org.uk", T("https://www.cumbriacvs.org.uk")))),
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
