/* bc_document_finish: reference numbers, citations, errors at the node, depths and levels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <briefconv/briefconv.h>

#include "doc_builder.h"

#define S(lit) lit, sizeof(lit) - 1

static bc_document *with_title(void)
{
    bc_document *doc = bc_document_new();
    bc_node *title = add_node(doc, NULL, BC_NODE_INLINES, 2, 8);
    bc_node *t = add_node(doc, title, BC_NODE_TEXT, 2, 8);
    assert_int_equal(bc_node_set_literal(t, S("Title")), 0);
    assert_int_equal(bc_document_set_field(doc, BC_FIELD_TITLE, title), 0);
    return doc;
}

/* References a, b, c at lines 20, 21, 22 (ids may be NULL). */
static void add_refs(bc_document *doc, const char *const ids[3])
{
    bc_node *refs = add_node(doc, NULL, BC_NODE_CONTENT, 19, 1);
    for (int i = 0; i < 3; i++) {
        bc_node *r = add_node(doc, refs, BC_NODE_REFERENCE, 20 + i, 5);
        if (ids[i])
            assert_int_equal(bc_node_set_reference_id(r, ids[i], strlen(ids[i])), 0);
    }
    assert_int_equal(bc_document_set_field(doc, BC_FIELD_REFERENCES, refs), 0);
}

static bc_node *cite_at(bc_document *doc, bc_node *parent, int line, int col, const char *a, const char *b)
{
    bc_node *c = add_node(doc, parent, BC_NODE_CITATION, line, col);
    assert_int_equal(bc_node_add_citation_id(c, a, strlen(a)), 0);
    if (b)
        assert_int_equal(bc_node_add_citation_id(c, b, strlen(b)), 0);
    return c;
}

static void test_citations_resolved(void **state)
{
    (void)state;
    bc_document *doc = with_title();
    add_refs(doc, (const char *const[]){"a", NULL, "c"});
    bc_node *summary = add_node(doc, NULL, BC_NODE_CONTENT, 5, 10);
    bc_node *p = add_node(doc, summary, BC_NODE_PARAGRAPH, 5, 10);
    bc_node *c1 = cite_at(doc, p, 5, 20, "c", "a");
    bc_node *c2 = cite_at(doc, p, 5, 30, "a", NULL);
    assert_int_equal(bc_document_set_field(doc, BC_FIELD_SUMMARY, summary), 0);
    bc_error *err = bc_error_new();
    assert_int_equal(bc_document_finish(doc, err), 0);
    assert_false(bc_error_is_set(err));
    assert_int_equal(bc_document_reference_count(doc), 3);
    assert_int_equal(bc_node_citation_count(c1), 2);
    assert_int_equal(bc_node_citation_number(c1, 0), 3);
    assert_int_equal(bc_node_citation_number(c1, 1), 1);
    assert_int_equal(bc_node_citation_number(c2, 0), 1);
    const bc_node *r = bc_node_first_child(bc_document_field(doc, BC_FIELD_REFERENCES));
    assert_int_equal(bc_node_reference_number(r), 1);
    assert_int_equal(bc_node_reference_number(bc_node_next(r)), 2);
    assert_int_equal(bc_node_reference_number(bc_node_last_child(bc_node_parent(r))), 3);
    char *text = bc_node_plain_text(p);
    assert_string_equal(text, "(3, 1)(1)");
    free(text);
    /* Finished documents are read-only. */
    assert_null(bc_node_new(doc, BC_NODE_TEXT, 1, 1));
    assert_int_equal(bc_document_add_tag(doc, S("late")), -1);
    /* A second finish changes nothing. */
    assert_int_equal(bc_document_finish(doc, err), 0);
    bc_error_free(err);
    bc_document_free(doc);
}

static void test_unknown_citation_position(void **state)
{
    (void)state;
    bc_document *doc = with_title();
    add_refs(doc, (const char *const[]){"a", "b", "c"});
    /* Impact comes after sections in field order but earlier in the file: it is reported. */
    bc_node *sections = add_node(doc, NULL, BC_NODE_CONTENT, 30, 1);
    bc_node *sec = add_node(doc, sections, BC_NODE_SECTION, 31, 5);
    bc_node *h = add_node(doc, sec, BC_NODE_HEADING, 31, 14);
    cite_at(doc, h, 31, 20, "zzz", NULL);
    bc_node *impact = add_node(doc, NULL, BC_NODE_CONTENT, 12, 9);
    bc_node *p = add_node(doc, impact, BC_NODE_PARAGRAPH, 12, 9);
    cite_at(doc, p, 12, 40, "a", "nope");
    bc_document_set_field(doc, BC_FIELD_SECTIONS, sections);
    bc_document_set_field(doc, BC_FIELD_IMPACT, impact);
    bc_error *err = bc_error_new();
    assert_int_equal(bc_document_finish(doc, err), -1);
    assert_string_equal(bc_error_message(err), "unknown citation id \"nope\"");
    assert_int_equal(bc_error_line(err), 12);
    assert_int_equal(bc_error_column(err), 40);
    bc_error_free(err);
    bc_document_free(doc);
}

static void test_no_references_at_all(void **state)
{
    (void)state;
    bc_document *doc = with_title();
    bc_node *title = (bc_node *)bc_document_field(doc, BC_FIELD_TITLE);
    cite_at(doc, title, 2, 15, "x", NULL);
    bc_error *err = bc_error_new();
    assert_int_equal(bc_document_finish(doc, err), -1);
    assert_string_equal(bc_error_message(err), "unknown citation id \"x\"");
    assert_int_equal(bc_error_line(err), 2);
    assert_int_equal(bc_error_column(err), 15);
    assert_int_equal(bc_document_reference_count(doc), 0);
    bc_error_free(err);
    bc_document_free(doc);
}

static void test_duplicate_reference(void **state)
{
    (void)state;
    bc_document *doc = with_title();
    add_refs(doc, (const char *const[]){"kf", "other", "kf"});
    bc_error *err = bc_error_new();
    assert_int_equal(bc_document_finish(doc, err), -1);
    assert_string_equal(bc_error_message(err), "duplicate reference id \"kf\" (first at line 20)");
    assert_int_equal(bc_error_line(err), 22);
    assert_int_equal(bc_error_column(err), 5);
    bc_error_free(err);
    bc_document_free(doc);
}

static void test_missing_title(void **state)
{
    (void)state;
    bc_document *doc = bc_document_new();
    bc_error *err = bc_error_new();
    assert_int_equal(bc_document_finish(doc, err), -1);
    assert_string_equal(bc_error_message(err), "missing required key \"title\"");
    bc_error_free(err);
    bc_document_free(doc);
}

static void test_levels(void **state)
{
    (void)state;
    bc_document *doc = with_title();
    /* sections: A { heading, body: "# Inner", list { item { list } } , B { heading } } */
    bc_node *sections = add_node(doc, NULL, BC_NODE_CONTENT, 10, 1);
    bc_node *a = add_node(doc, sections, BC_NODE_SECTION, 11, 3);
    bc_node *ah = add_node(doc, a, BC_NODE_HEADING, 11, 12);
    bc_node *inner = add_node(doc, a, BC_NODE_HEADING, 12, 5);
    bc_node_set_heading_level(inner, 1);
    bc_node *l0 = add_node(doc, a, BC_NODE_LIST, 13, 5);
    bc_node *item = add_node(doc, l0, BC_NODE_ITEM, 13, 5);
    bc_node *l1 = add_node(doc, item, BC_NODE_LIST, 14, 7);
    bc_node *item2 = add_node(doc, l1, BC_NODE_ITEM, 14, 7);
    bc_node *l2 = add_node(doc, item2, BC_NODE_LIST, 15, 9);
    bc_node *b = add_node(doc, a, BC_NODE_SECTION, 16, 5);
    bc_node *bh = add_node(doc, b, BC_NODE_HEADING, 16, 14);
    bc_node *deep = add_node(doc, b, BC_NODE_HEADING, 17, 7);
    bc_node_set_heading_level(deep, 2);
    bc_node *c = add_node(doc, sections, BC_NODE_SECTION, 18, 3);
    bc_node *ch = add_node(doc, c, BC_NODE_HEADING, 18, 12);
    bc_node *l3 = add_node(doc, c, BC_NODE_LIST, 19, 3);
    /* A heading in the summary sits below the summary's own heading. */
    bc_node *summary = add_node(doc, NULL, BC_NODE_CONTENT, 5, 1);
    bc_node *sh = add_node(doc, summary, BC_NODE_HEADING, 5, 1);
    bc_node_set_heading_level(sh, 1);
    bc_document_set_field(doc, BC_FIELD_SECTIONS, sections);
    bc_document_set_field(doc, BC_FIELD_SUMMARY, summary);
    bc_error *err = bc_error_new();
    assert_int_equal(bc_document_finish(doc, err), 0);
    assert_int_equal(bc_node_section_depth(a), 1);
    assert_int_equal(bc_node_section_depth(b), 2);
    assert_int_equal(bc_node_section_depth(c), 1);
    assert_int_equal(bc_node_heading_level(ah), 1);
    assert_int_equal(bc_node_heading_level(bh), 2);
    assert_int_equal(bc_node_heading_level(ch), 1);
    assert_int_equal(bc_node_heading_level(inner), 2);
    assert_int_equal(bc_node_heading_level(deep), 4);
    assert_int_equal(bc_node_heading_level(sh), 2);
    assert_int_equal(bc_node_list_level(l0), 0);
    assert_int_equal(bc_node_list_level(l1), 1);
    assert_int_equal(bc_node_list_level(l2), 2);
    assert_int_equal(bc_node_list_level(l3), 0);
    bc_error_free(err);
    bc_document_free(doc);
}

static void test_many_references_linear(void **state)
{
    (void)state;
    enum { N = 50000 };
    bc_document *doc = with_title();
    bc_node *refs = add_node(doc, NULL, BC_NODE_CONTENT, 1, 1);
    bc_node *summary = add_node(doc, NULL, BC_NODE_CONTENT, 1, 1);
    bc_node *p = add_node(doc, summary, BC_NODE_PARAGRAPH, 1, 1);
    for (int i = 0; i < N; i++) {
        char id[32];
        int n = snprintf(id, sizeof id, "ref-%d", i);
        bc_node *r = add_node(doc, refs, BC_NODE_REFERENCE, i + 2, 1);
        assert_int_equal(bc_node_set_reference_id(r, id, (size_t)n), 0);
        n = snprintf(id, sizeof id, "ref-%d", N - 1 - i);
        bc_node *c = add_node(doc, p, BC_NODE_CITATION, 1, 1);
        assert_int_equal(bc_node_add_citation_id(c, id, (size_t)n), 0);
    }
    bc_document_set_field(doc, BC_FIELD_REFERENCES, refs);
    bc_document_set_field(doc, BC_FIELD_SUMMARY, summary);
    assert_int_equal(bc_document_finish(doc, NULL), 0);
    assert_int_equal(bc_document_reference_count(doc), N);
    assert_int_equal(bc_node_citation_number(bc_node_first_child(p), 0), N);
    assert_int_equal(bc_node_citation_number(bc_node_last_child(p), 0), 1);
    bc_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_citations_resolved),
        cmocka_unit_test(test_unknown_citation_position),
        cmocka_unit_test(test_no_references_at_all),
        cmocka_unit_test(test_duplicate_reference),
        cmocka_unit_test(test_missing_title),
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_many_references_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
