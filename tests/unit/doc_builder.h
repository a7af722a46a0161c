/*
 * doc_builder.h — one way to build a bc_document by hand in the unit tests
 * (included by test_*.c and by the fixtures of tests/docx/build.h; not a
 * test itself). Every helper asserts with cmocka, so include <cmocka.h>
 * first.
 *
 * The macros take the document from a variable `d` in scope, and their
 * children as NULL-less lists (the macro ends them):
 *
 *     bc_document *d = doc_titled("A title");
 *     set_field(d, BC_FIELD_SUMMARY,
 *               CONTENT(P(T("Hello "), EM(T("world")), CITE("r1")),
 *                       BULLETS(true, ITEM(P(T("one"))), TEXT_ITEM("two"))));
 *
 * Ownership: every node belongs to `d` (bc_node_new), set_field hands the
 * tree to the document; the caller frees the document, never a node.
 */
#ifndef TEST_DOC_BUILDER_H
#define TEST_DOC_BUILDER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <briefconv/briefconv.h>

/* Appends the NULL-terminated bc_node * arguments in AP to N's children. */
static inline bc_node *append_children(bc_node *n, va_list ap)
{
    for (bc_node *k; (k = va_arg(ap, bc_node *)) != NULL;)
        bc_node_append_child(n, k);
    return n;
}

/*
 * A new node of type T at LINE:COL, appended to PARENT unless it is NULL:
 * for trees built step by step, or where positions matter (finish's errors).
 * The helpers below put every node at 1:1.
 */
static inline bc_node *add_node(bc_document *d, bc_node *parent, bc_node_type t, int line, int col)
{
    bc_node *n = bc_node_new(d, t, line, col);
    assert_non_null(n);
    if (parent != NULL)
        bc_node_append_child(parent, n);
    return n;
}

/* A node of type T with the children given (NULL-terminated). */
static inline bc_node *mk(bc_document *d, bc_node_type t, ...)
{
    bc_node *n = add_node(d, NULL, t, 1, 1);
    va_list ap;
    va_start(ap, t);
    append_children(n, ap);
    va_end(ap);
    return n;
}
#define N(...) mk(d, __VA_ARGS__, NULL)
#define P(...) N(BC_NODE_PARAGRAPH, __VA_ARGS__)
#define ITEM(...) N(BC_NODE_ITEM, __VA_ARGS__)
#define EM(...) N(BC_NODE_EMPH, __VA_ARGS__)
#define STRONG(...) N(BC_NODE_STRONG, __VA_ARGS__)
#define CONTENT(...) N(BC_NODE_CONTENT, __VA_ARGS__)
#define INLINES(...) N(BC_NODE_INLINES, __VA_ARGS__)
#define ROW(...) N(BC_NODE_TABLE_ROW, __VA_ARGS__)
#define CELL(...) N(BC_NODE_TABLE_CELL, __VA_ARGS__)

/* A leaf holding literal text S: TEXT, CODE or CODE_BLOCK. */
static inline bc_node *lit(bc_document *d, bc_node_type t, const char *s)
{
    bc_node *n = add_node(d, NULL, t, 1, 1);
    assert_int_equal(bc_node_set_literal(n, s, strlen(s)), 0);
    return n;
}
#define T(s) lit(d, BC_NODE_TEXT, s)
#define CODE(s) lit(d, BC_NODE_CODE, s)
/* An item holding one paragraph of text S. */
#define TEXT_ITEM(s) ITEM(P(T(s)))

static inline bc_node *code_block(bc_document *d, const char *info, const char *s)
{
    bc_node *n = lit(d, BC_NODE_CODE_BLOCK, s);
    assert_int_equal(bc_node_set_code_info(n, info, strlen(info)), 0);
    return n;
}

/* A link to URL with the children given (NULL-terminated, may be none). */
static inline bc_node *link_to(bc_document *d, const char *url, ...)
{
    bc_node *n = add_node(d, NULL, BC_NODE_LINK, 1, 1);
    assert_int_equal(bc_node_set_url(n, url, strlen(url)), 0);
    va_list ap;
    va_start(ap, url);
    append_children(n, ap);
    va_end(ap);
    return n;
}
#define LINK(...) link_to(d, __VA_ARGS__, NULL)

/* A citation of the ids given (NULL-terminated). */
static inline bc_node *cite(bc_document *d, ...)
{
    bc_node *n = add_node(d, NULL, BC_NODE_CITATION, 1, 1);
    va_list ap;
    va_start(ap, d);
    for (const char *id; (id = va_arg(ap, const char *)) != NULL;)
        assert_int_equal(bc_node_add_citation_id(n, id, strlen(id)), 0);
    va_end(ap);
    return n;
}
#define CITE(...) cite(d, __VA_ARGS__, NULL)

static inline bc_node *list(bc_document *d, bc_list_type type, int start, bool tight, ...)
{
    bc_node *n = add_node(d, NULL, BC_NODE_LIST, 1, 1);
    bc_node_set_list(n, type, start, tight);
    va_list ap;
    va_start(ap, tight);
    append_children(n, ap);
    va_end(ap);
    return n;
}
#define LIST(type, start, tight, ...) list(d, type, start, tight, __VA_ARGS__, NULL)
#define BULLETS(tight, ...) LIST(BC_LIST_BULLET, 1, tight, __VA_ARGS__)
#define NUMBERS(start, tight, ...) LIST(BC_LIST_ORDERED, start, tight, __VA_ARGS__)

/* A heading of text S; LEVEL (CommonMark's, inside content) 0 leaves it to finish. */
static inline bc_node *heading(bc_document *d, int level, const char *s)
{
    bc_node *h = mk(d, BC_NODE_HEADING, lit(d, BC_NODE_TEXT, s), NULL);
    if (level != 0)
        bc_node_set_heading_level(h, level);
    return h;
}

/* A section headed S with the blocks and sub-sections given (NULL-terminated). */
static inline bc_node *section(bc_document *d, const char *s, ...)
{
    bc_node *n = mk(d, BC_NODE_SECTION, heading(d, 0, s), NULL);
    va_list ap;
    va_start(ap, s);
    append_children(n, ap);
    va_end(ap);
    return n;
}
#define SECTION(...) section(d, __VA_ARGS__, NULL)

/* A reference holding TEXT: one inline, or an INLINES group whose inlines move
 * into the reference (a reference holds its inlines directly). ID and URL NULL
 * for none. */
static inline bc_node *reference(bc_document *d, const char *id, const char *url, bc_node *text)
{
    bc_node *r = mk(d, BC_NODE_REFERENCE, NULL);
    if (bc_node_type_of(text) != BC_NODE_INLINES)
        bc_node_append_child(r, text);
    for (bc_node *k; bc_node_type_of(text) == BC_NODE_INLINES && (k = bc_node_first_child_mut(text)) != NULL;) {
        bc_node_unlink(k);
        bc_node_append_child(r, k);
    }
    if (id != NULL)
        assert_int_equal(bc_node_set_reference_id(r, id, strlen(id)), 0);
    if (url != NULL)
        assert_int_equal(bc_node_set_url(r, url, strlen(url)), 0);
    return r;
}

/* A table of COLUMNS (ALIGNS NULL: all default) with the rows given (NULL-terminated). */
static inline bc_node *table(bc_document *d, int columns, const bc_align *aligns, ...)
{
    bc_node *t = add_node(d, NULL, BC_NODE_TABLE, 1, 1);
    assert_int_equal(bc_node_set_table_columns(t, columns, aligns), 0);
    va_list ap;
    va_start(ap, aligns);
    append_children(t, ap);
    va_end(ap);
    return t;
}

/* A table row of text cells, one per string given (NULL-terminated). */
static inline bc_node *text_row(bc_document *d, ...)
{
    bc_node *row = add_node(d, NULL, BC_NODE_TABLE_ROW, 1, 1);
    va_list ap;
    va_start(ap, d);
    for (const char *s; (s = va_arg(ap, const char *)) != NULL;)
        bc_node_append_child(row, mk(d, BC_NODE_TABLE_CELL, lit(d, BC_NODE_TEXT, s), NULL));
    va_end(ap);
    return row;
}
#define TEXT_ROW(...) text_row(d, __VA_ARGS__, NULL)

static inline void set_field(bc_document *d, bc_field f, bc_node *n)
{
    assert_int_equal(bc_document_set_field(d, f, n), 0);
}

static inline void set_text(bc_document *d, bc_field f, const char *s)
{
    assert_int_equal(bc_document_set_text(d, f, s, strlen(s)), 0);
}

static inline void set_date(bc_document *d, bc_field f, int y, int m, int day)
{
    assert_int_equal(bc_document_set_date(d, f, (bc_date){y, m, day}), 0);
}

/* A document with only a title. Caller frees. */
static inline bc_document *doc_titled(const char *title)
{
    bc_document *d = bc_document_new();
    assert_non_null(d);
    set_field(d, BC_FIELD_TITLE, INLINES(T(title)));
    return d;
}

/* bc_document_finish, failing the test with its message. */
static inline void finish(bc_document *d)
{
    bc_error *err = bc_error_new();
    assert_non_null(err);
    if (bc_document_finish(d, err) != 0)
        fail_msg("finish: %s", bc_error_message(err));
    bc_error_free(err);
}

#endif
