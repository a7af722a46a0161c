/* The tree bc_document_finish guarantees writers: what may hold what, tables, links. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <briefconv/briefconv.h>

static bc_node *node_at(bc_document *d, bc_node *parent, bc_node_type type, int line)
{
    bc_node *n = bc_node_new(d, type, line, 3);
    assert_non_null(n);
    if (parent)
        bc_node_append_child(parent, n);
    return n;
}

static bc_document *titled(void)
{
    bc_document *d = bc_document_new();
    assert_non_null(d);
    bc_node *title = node_at(d, NULL, BC_NODE_INLINES, 1);
    bc_node *text = node_at(d, title, BC_NODE_TEXT, 1);
    assert_int_equal(bc_node_set_literal(text, "t", 1), 0);
    assert_int_equal(bc_document_set_field(d, BC_FIELD_TITLE, title), 0);
    return d;
}

/* Finishes D, expecting it to fail at LINE with a message containing WANT; frees D. */
static void refused(bc_document *d, int line, const char *want)
{
    bc_error *err = bc_error_new();
    assert_non_null(err);
    assert_int_equal(bc_document_finish(d, err), -1);
    if (!strstr(bc_error_message(err), want))
        fail_msg("wanted \"%s\", got \"%s\"", want, bc_error_message(err));
    assert_int_equal(bc_error_line(err), line);
    assert_int_equal(bc_error_column(err), 3);
    bc_error_free(err);
    bc_document_free(d);
}

static void accepted(bc_document *d)
{
    bc_error *err = bc_error_new();
    assert_non_null(err);
    if (bc_document_finish(d, err) != 0)
        fail_msg("finish: %s", bc_error_message(err));
    bc_error_free(err);
}

static bc_node *summary(bc_document *d)
{
    bc_node *content = node_at(d, NULL, BC_NODE_CONTENT, 2);
    assert_int_equal(bc_document_set_field(d, BC_FIELD_SUMMARY, content), 0);
    return content;
}

static void blocks_and_inlines_stay_apart(void **state)
{
    (void)state;
    bc_document *d = titled();
    bc_node *list = node_at(d, summary(d), BC_NODE_LIST, 3);
    node_at(d, list, BC_NODE_PARAGRAPH, 4);
    refused(d, 4, "a list cannot hold a paragraph");

    d = titled();
    bc_node *para = node_at(d, summary(d), BC_NODE_PARAGRAPH, 3);
    node_at(d, para, BC_NODE_HEADING, 5);
    refused(d, 5, "a paragraph cannot hold a heading");

    d = titled();
    node_at(d, summary(d), BC_NODE_TEXT, 6);
    refused(d, 6, "a content cannot hold a text");

    d = titled();
    bc_node *refs = node_at(d, NULL, BC_NODE_CONTENT, 7);
    assert_int_equal(bc_document_set_field(d, BC_FIELD_REFERENCES, refs), 0);
    node_at(d, refs, BC_NODE_PARAGRAPH, 8);
    refused(d, 8, "a content cannot hold a paragraph");

    /* A table cell holds inlines, so no table is ever inside a table. */
    d = titled();
    bc_node *table = node_at(d, summary(d), BC_NODE_TABLE, 3);
    bc_node *cell = node_at(d, node_at(d, table, BC_NODE_TABLE_ROW, 3), BC_NODE_TABLE_CELL, 3);
    node_at(d, cell, BC_NODE_TABLE, 9);
    refused(d, 9, "a table_cell cannot hold a table");
}

static void sections_are_heading_body_subsections(void **state)
{
    (void)state;
    bc_document *d = titled();
    bc_node *sections = node_at(d, NULL, BC_NODE_CONTENT, 2);
    assert_int_equal(bc_document_set_field(d, BC_FIELD_SECTIONS, sections), 0);
    bc_node *s = node_at(d, sections, BC_NODE_SECTION, 3);
    node_at(d, s, BC_NODE_PARAGRAPH, 4);
    refused(d, 4, "a section must start with its heading");

    d = titled();
    sections = node_at(d, NULL, BC_NODE_CONTENT, 2);
    assert_int_equal(bc_document_set_field(d, BC_FIELD_SECTIONS, sections), 0);
    s = node_at(d, sections, BC_NODE_SECTION, 3);
    node_at(d, s, BC_NODE_HEADING, 3);
    node_at(d, s, BC_NODE_PARAGRAPH, 4);
    bc_node *sub = node_at(d, s, BC_NODE_SECTION, 5);
    node_at(d, sub, BC_NODE_HEADING, 5);
    node_at(d, s, BC_NODE_PARAGRAPH, 6);
    refused(d, 6, "a section's paragraph must come before its subsections");

    d = titled();
    node_at(d, summary(d), BC_NODE_SECTION, 7);
    refused(d, 7, "a content cannot hold a section");
}

static void links_never_nest(void **state)
{
    (void)state;
    bc_document *d = titled();
    bc_node *para = node_at(d, summary(d), BC_NODE_PARAGRAPH, 3);
    bc_node *outer = node_at(d, para, BC_NODE_LINK, 3);
    assert_int_equal(bc_node_set_url(outer, "https://a.example/", 18), 0);
    bc_node *emph = node_at(d, outer, BC_NODE_EMPH, 3);
    bc_node *inner = node_at(d, emph, BC_NODE_LINK, 4);
    assert_int_equal(bc_node_set_url(inner, "https://b.example/", 18), 0);
    refused(d, 4, "a link cannot hold a link");

    /* Side by side is fine. */
    d = titled();
    para = node_at(d, summary(d), BC_NODE_PARAGRAPH, 3);
    for (int i = 0; i < 2; i++)
        assert_int_equal(bc_node_set_url(node_at(d, para, BC_NODE_LINK, 3), "https://a.example/", 18), 0);
    accepted(d);
    bc_document_free(d);
}

static int cells_of(const bc_node *row)
{
    int n = 0;
    for (const bc_node *c = bc_node_first_child(row); c; c = bc_node_next(c)) {
        assert_int_equal(bc_node_type_of(c), BC_NODE_TABLE_CELL);
        n++;
    }
    return n;
}

static void tables_get_a_full_grid(void **state)
{
    (void)state;
    /* No column count: the widest row's; short rows padded to it. */
    bc_document *d = titled();
    bc_node *table = node_at(d, summary(d), BC_NODE_TABLE, 3);
    bc_node *rows[3];
    static const int widths[3] = {1, 3, 0};
    for (int r = 0; r < 3; r++) {
        rows[r] = node_at(d, table, BC_NODE_TABLE_ROW, 4 + r);
        for (int c = 0; c < widths[r]; c++)
            node_at(d, rows[r], BC_NODE_TABLE_CELL, 4 + r);
    }
    accepted(d);
    assert_int_equal(bc_node_table_columns(table), 3);
    for (int r = 0; r < 3; r++)
        assert_int_equal(cells_of(rows[r]), 3);
    assert_int_equal(bc_node_table_align(table, 2), BC_ALIGN_NONE);
    bc_document_free(d);

    d = titled();
    table = node_at(d, summary(d), BC_NODE_TABLE, 3);
    assert_int_equal(bc_node_set_table_columns(table, 2, NULL), 0);
    bc_node *row = node_at(d, table, BC_NODE_TABLE_ROW, 4);
    for (int c = 0; c < 3; c++)
        node_at(d, row, BC_NODE_TABLE_CELL, 4);
    refused(d, 4, "a table row has 3 cells, but its table 2 columns");

    d = titled();
    node_at(d, summary(d), BC_NODE_TABLE, 5);
    refused(d, 5, "a table must have a header row");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blocks_and_inlines_stay_apart),
        cmocka_unit_test(sections_are_heading_body_subsections),
        cmocka_unit_test(links_never_nest),
        cmocka_unit_test(tables_get_a_full_grid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
