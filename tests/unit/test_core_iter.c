/* The enter/exit iterator: exact event order on a hand-built tree, skipping, depth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <briefconv/briefconv.h>

#include "doc_builder.h"

/* Walks ROOT and writes "+type" for ENTER and "-type" for EXIT, space-separated. */
static void trace(const bc_node *root, char *buf, size_t size, const char *skip_type)
{
    bc_iter *it = bc_iter_new(root);
    size_t used = 0;
    bc_event ev;
    assert_non_null(it);
    buf[0] = '\0';
    while ((ev = bc_iter_next(it)) != BC_EVENT_DONE) {
        assert_int_equal(bc_iter_event(it), ev);
        const char *name = bc_node_type_name(bc_node_type_of(bc_iter_node(it)));
        int n = snprintf(buf + used, size - used, "%s%c%s", used ? " " : "", ev == BC_EVENT_ENTER ? '+' : '-',
                         name);
        assert_true(n > 0 && (size_t)n < size - used);
        used += (size_t)n;
        if (skip_type && ev == BC_EVENT_ENTER && strcmp(name, skip_type) == 0)
            bc_iter_skip_children(it);
    }
    /* DONE stays DONE. */
    assert_int_equal(bc_iter_next(it), BC_EVENT_DONE);
    assert_null(bc_iter_node(it));
    bc_iter_free(it);
}

static void test_order(void **state)
{
    (void)state;
    char buf[1024];
    bc_document *doc = bc_document_new();
    bc_node *content = add_node(doc, NULL, BC_NODE_CONTENT, 1, 1);
    bc_node *p = add_node(doc, content, BC_NODE_PARAGRAPH, 1, 1);
    add_node(doc, p, BC_NODE_TEXT, 1, 1);
    bc_node *em = add_node(doc, p, BC_NODE_EMPH, 1, 1);
    add_node(doc, em, BC_NODE_TEXT, 1, 1);
    add_node(doc, p, BC_NODE_CITATION, 1, 1);
    bc_node *list = add_node(doc, content, BC_NODE_LIST, 1, 1);
    bc_node *item = add_node(doc, list, BC_NODE_ITEM, 1, 1);
    bc_node *ip = add_node(doc, item, BC_NODE_PARAGRAPH, 1, 1);
    add_node(doc, ip, BC_NODE_TEXT, 1, 1);
    add_node(doc, list, BC_NODE_ITEM, 1, 1); /* empty container: enter and exit */
    add_node(doc, content, BC_NODE_THEMATIC_BREAK, 1, 1);
    add_node(doc, content, BC_NODE_BLOCK_QUOTE, 1, 1);

    trace(content, buf, sizeof buf, NULL);
    assert_string_equal(buf, "+content +paragraph +text +emph +text -emph +citation -paragraph "
                             "+list +item +paragraph +text -paragraph -item +item -item -list "
                             "+thematic_break +block_quote -block_quote -content");

    /* A subtree walk stops at its root, not at the root's siblings. */
    trace(list, buf, sizeof buf, NULL);
    assert_string_equal(buf, "+list +item +paragraph +text -paragraph -item +item -item -list");

    /* A leaf alone. */
    trace(bc_node_first_child(p), buf, sizeof buf, NULL);
    assert_string_equal(buf, "+text");

    /* skip_children jumps to the container's exit. */
    trace(content, buf, sizeof buf, "list");
    assert_string_equal(buf, "+content +paragraph +text +emph +text -emph +citation -paragraph "
                             "+list -list +thematic_break +block_quote -block_quote -content");
    trace(content, buf, sizeof buf, "content");
    assert_string_equal(buf, "+content -content");
    bc_document_free(doc);
}

static void test_deep(void **state)
{
    (void)state;
    enum { DEPTH = 200000 };
    bc_document *doc = bc_document_new();
    bc_node *root = add_node(doc, NULL, BC_NODE_CONTENT, 1, 1), *cur = root;
    for (int i = 0; i < DEPTH; i++)
        cur = add_node(doc, cur, BC_NODE_BLOCK_QUOTE, 1, 1);
    bc_iter *it = bc_iter_new(root);
    long enters = 0, exits = 0;
    bc_event ev;
    while ((ev = bc_iter_next(it)) != BC_EVENT_DONE)
        *(ev == BC_EVENT_ENTER ? &enters : &exits) += 1;
    assert_int_equal(enters, DEPTH + 1);
    assert_int_equal(exits, DEPTH + 1);
    bc_iter_free(it);
    bc_document_free(doc);
}

static void test_null(void **state)
{
    (void)state;
    assert_null(bc_iter_new(NULL));
    bc_iter_free(NULL);
    assert_int_equal(bc_iter_next(NULL), BC_EVENT_DONE);
    assert_true(bc_node_type_is_leaf(BC_NODE_SOFTBREAK));
    assert_false(bc_node_type_is_leaf(BC_NODE_LINK));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_deep),
        cmocka_unit_test(test_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
