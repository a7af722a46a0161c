/* The document model: fields, labels, tags, extensions, nodes and their accessors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <briefconv/briefconv.h>

#define S(lit) lit, sizeof(lit) - 1

static void test_field_table(void **state)
{
    (void)state;
    assert_string_equal(bc_field_key(BC_FIELD_KEY_FEATURES), "key_features");
    assert_int_equal(bc_field_from_key(S("review_due")), BC_FIELD_REVIEW_DUE);
    assert_int_equal(bc_field_from_key(S("review")), BC_FIELD_COUNT);
    assert_int_equal(bc_field_from_key("titlex", 5), BC_FIELD_TITLE); /* length-bounded */
    assert_int_equal(bc_field_kind_of(BC_FIELD_SUMMARY), BC_FIELD_KIND_CONTENT);
    assert_int_equal(bc_field_kind_of(BC_FIELD_PUBLISHED), BC_FIELD_KIND_DATE);
    assert_int_equal(bc_field_kind_of(BC_FIELD_TITLE), BC_FIELD_KIND_INLINE);
    assert_int_equal(bc_field_kind_of(BC_FIELD_TAGS), BC_FIELD_KIND_LIST);
    assert_string_equal(bc_field_default_label(BC_FIELD_AUDIENCE), "Primary audience");
    assert_string_equal(bc_field_default_label(BC_FIELD_IMPACT), "Impact on library policy/practice");
    assert_string_equal(bc_field_default_label(BC_FIELD_TITLE), "");
    assert_null(bc_field_key(BC_FIELD_COUNT));
    /* Every field has a key that maps back to it. */
    for (int f = 0; f < BC_FIELD_COUNT; f++) {
        const char *k = bc_field_key((bc_field)f);
        assert_int_equal(bc_field_from_key(k, strlen(k)), f);
    }
}

static void test_fields(void **state)
{
    (void)state;
    bc_document *doc = bc_document_new();
    assert_non_null(doc);
    assert_string_equal(bc_document_text(doc, BC_FIELD_LANG), "en-GB");
    assert_true(bc_document_has(doc, BC_FIELD_LANG));
    assert_false(bc_document_has(doc, BC_FIELD_TYPE));
    assert_null(bc_document_text(doc, BC_FIELD_TYPE));
    assert_null(bc_document_field(doc, BC_FIELD_SUMMARY));
    assert_string_equal(bc_document_source_name(doc), "");

    assert_int_equal(bc_document_set_text(doc, BC_FIELD_TYPE, S("Policy briefing")), 0);
    assert_string_equal(bc_document_text(doc, BC_FIELD_TYPE), "Policy briefing");
    assert_true(bc_document_has(doc, BC_FIELD_TYPE));
    /* Fields of other kinds are not set through set_text. */
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_SUMMARY, S("x")), -1);
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_UPDATED, S("x")), -1);
    /* link must be an allowed URL. */
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_LINK, S("javascript:alert(1)")), -1);
    assert_false(bc_document_has(doc, BC_FIELD_LINK));
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_LINK, S("https://example.org/")), 0);
    /* lang must look like a BCP 47 tag. */
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_LANG, S("<script>")), -1);
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_LANG, S("")), -1);
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_LANG, S("en-")), -1);
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_LANG, S("1en")), -1);
    assert_string_equal(bc_document_text(doc, BC_FIELD_LANG), "en-GB");
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_LANG, S("zh-Hant-TW")), 0);
    assert_string_equal(bc_document_text(doc, BC_FIELD_LANG), "zh-Hant-TW");
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_LANG, S("es-419")), 0);

    /* Labels: override, else the default. */
    assert_string_equal(bc_document_label(doc, BC_FIELD_IMPACT), "Impact on library policy/practice");
    assert_int_equal(bc_document_set_label(doc, BC_FIELD_IMPACT, S("What does this mean?")), 0);
    assert_string_equal(bc_document_label(doc, BC_FIELD_IMPACT), "What does this mean?");

    /* Tags keep their order. */
    assert_int_equal(bc_document_tag_count(doc), 0);
    assert_false(bc_document_has(doc, BC_FIELD_TAGS));
    for (int i = 0; i < 20; i++) {
        char tag[16];
        int n = snprintf(tag, sizeof tag, "tag%d", i);
        assert_int_equal(bc_document_add_tag(doc, tag, (size_t)n), 0);
    }
    assert_int_equal(bc_document_tag_count(doc), 20);
    assert_string_equal(bc_document_tag(doc, 0), "tag0");
    assert_string_equal(bc_document_tag(doc, 19), "tag19");
    assert_null(bc_document_tag(doc, 20));
    assert_true(bc_document_has(doc, BC_FIELD_TAGS));

    assert_int_equal(bc_document_set_source_name(doc, "dir/a.yaml"), 0);
    assert_string_equal(bc_document_source_name(doc), "dir/a.yaml");
    /* File names need not be text: bad bytes and controls become U+FFFD. */
    assert_int_equal(bc_document_set_source_name(doc, "b\xFF" "ad\x01.yaml"), 0);
    assert_string_equal(bc_document_source_name(doc), "b\xEF\xBF\xBD" "ad\xEF\xBF\xBD.yaml");
    bc_document_free(doc);
    bc_document_free(NULL);
}

static void test_set_field_checks(void **state)
{
    (void)state;
    bc_document *doc = bc_document_new();
    bc_document *other = bc_document_new();
    bc_node *inl = bc_node_new(doc, BC_NODE_INLINES, 1, 1);
    bc_node *content = bc_node_new(doc, BC_NODE_CONTENT, 2, 1);
    bc_node *foreign = bc_node_new(other, BC_NODE_INLINES, 1, 1);
    assert_int_equal(bc_document_set_field(doc, BC_FIELD_SUMMARY, inl), -1);    /* wrong kind */
    assert_int_equal(bc_document_set_field(doc, BC_FIELD_TITLE, content), -1);  /* wrong kind */
    assert_int_equal(bc_document_set_field(doc, BC_FIELD_TITLE, foreign), -1);  /* other document */
    assert_int_equal(bc_document_set_field(doc, BC_FIELD_TYPE, inl), -1);       /* not a node field */
    assert_int_equal(bc_document_set_field(doc, BC_FIELD_TITLE, inl), 0);
    assert_int_equal(bc_document_set_field(doc, BC_FIELD_SUMMARY, content), 0);
    assert_ptr_equal(bc_document_field(doc, BC_FIELD_TITLE), inl);
    assert_ptr_equal(bc_document_field(doc, BC_FIELD_SUMMARY), content);
    bc_document_free(doc);
    bc_document_free(other);
}

static void test_nodes(void **state)
{
    (void)state;
    bc_document *doc = bc_document_new();
    bc_node *para = bc_node_new(doc, BC_NODE_PARAGRAPH, 4, 3);
    bc_node *a = bc_node_new(doc, BC_NODE_TEXT, 4, 3);
    bc_node *b = bc_node_new(doc, BC_NODE_EMPH, 4, 9);
    bc_node *c = bc_node_new(doc, BC_NODE_TEXT, 4, 20);
    assert_null(bc_node_new(doc, BC_NODE_NONE, 1, 1));
    assert_null(bc_node_new(doc, BC_NODE_TYPE_COUNT, 1, 1));
    bc_node_append_child(para, a);
    bc_node_append_child(para, b);
    bc_node_append_child(para, c);
    bc_node_append_child(para, a); /* already has a parent: ignored */
    bc_node_append_child(a, c);    /* a leaf takes no children */
    assert_ptr_equal(bc_node_first_child(para), a);
    assert_ptr_equal(bc_node_last_child(para), c);
    assert_ptr_equal(bc_node_next(a), b);
    assert_ptr_equal(bc_node_prev(c), b);
    assert_ptr_equal(bc_node_parent(b), para);
    assert_null(bc_node_prev(a));
    assert_int_equal(bc_node_line(b), 4);
    assert_int_equal(bc_node_column(b), 9);
    assert_int_equal(bc_node_type_of(b), BC_NODE_EMPH);
    assert_string_equal(bc_node_type_name(BC_NODE_BLOCK_QUOTE), "block_quote");
    assert_true(bc_node_type_is_block(BC_NODE_PARAGRAPH));
    assert_false(bc_node_type_is_block(BC_NODE_TEXT));
    assert_true(bc_node_type_is_inline(BC_NODE_CITATION));
    assert_false(bc_node_type_is_inline(BC_NODE_INLINES));

    bc_node_unlink(b);
    assert_null(bc_node_parent(b));
    assert_ptr_equal(bc_node_next(a), c);
    assert_ptr_equal(bc_node_prev(c), a);
    bc_node_unlink(c);
    assert_ptr_equal(bc_node_last_child(para), a);
    bc_node_append_child(para, b);
    assert_ptr_equal(bc_node_first_child_mut(para), a);
    assert_ptr_equal(bc_node_next_mut(a), b);

    /* Literals only on literal nodes. */
    assert_int_equal(bc_node_set_literal(a, S("hello")), 0);
    assert_int_equal(bc_node_set_literal(b, S("no")), -1);
    assert_string_equal(bc_node_literal(b, NULL), "");

    bc_node *code = bc_node_new(doc, BC_NODE_CODE_BLOCK, 1, 1);
    assert_int_equal(bc_node_set_code_info(code, S("c")), 0);
    assert_string_equal(bc_node_code_info(code), "c");
    assert_int_equal(bc_node_set_code_info(a, S("c")), -1);

    bc_node *list = bc_node_new(doc, BC_NODE_LIST, 1, 1);
    assert_int_equal(bc_node_list_type(list), BC_LIST_BULLET);
    assert_int_equal(bc_node_list_start(list), 1);
    bc_node_set_list(list, BC_LIST_ORDERED, 7, false);
    assert_int_equal(bc_node_list_type(list), BC_LIST_ORDERED);
    assert_int_equal(bc_node_list_start(list), 7);
    assert_false(bc_node_list_tight(list));

    bc_node *link = bc_node_new(doc, BC_NODE_LINK, 1, 1);
    assert_int_equal(bc_node_set_url(link, S("javascript:alert(1)")), -1);
    assert_int_equal(bc_node_set_url(link, S("  JaVaScRiPt:alert(1)")), -1);
    assert_string_equal(bc_node_url(link), "");
    assert_int_equal(bc_node_set_url(link, S("https://example.org/?a=1&b=2")), 0);
    assert_string_equal(bc_node_url(link), "https://example.org/?a=1&b=2");
    assert_int_equal(bc_node_set_link_title(link, S("T")), 0);
    assert_string_equal(bc_node_link_title(link), "T");

    bc_node *table = bc_node_new(doc, BC_NODE_TABLE, 1, 1);
    bc_align aligns[3] = {BC_ALIGN_LEFT, BC_ALIGN_NONE, BC_ALIGN_RIGHT};
    assert_int_equal(bc_node_set_table_columns(table, 3, aligns), 0);
    assert_int_equal(bc_node_table_columns(table), 3);
    assert_int_equal(bc_node_table_align(table, 0), BC_ALIGN_LEFT);
    assert_int_equal(bc_node_table_align(table, 2), BC_ALIGN_RIGHT);
    assert_int_equal(bc_node_table_align(table, 3), BC_ALIGN_NONE);
    assert_int_equal(bc_node_table_align(table, -1), BC_ALIGN_NONE);
    bc_node *r1 = bc_node_new(doc, BC_NODE_TABLE_ROW, 1, 1);
    bc_node *r2 = bc_node_new(doc, BC_NODE_TABLE_ROW, 2, 1);
    bc_node_append_child(table, r1);
    bc_node_append_child(table, r2);
    assert_true(bc_node_table_row_is_header(r1));
    assert_false(bc_node_table_row_is_header(r2));

    bc_node *h = bc_node_new(doc, BC_NODE_HEADING, 1, 1);
    bc_node_set_heading_level(h, 3);
    assert_int_equal(bc_node_heading_level(h), 3);

    bc_node *cite = bc_node_new(doc, BC_NODE_CITATION, 1, 1);
    assert_int_equal(bc_node_add_citation_id(cite, S("a")), 0);
    assert_int_equal(bc_node_add_citation_id(cite, S("b")), 0);
    assert_int_equal(bc_node_citation_count(cite), 2);
    assert_string_equal(bc_node_citation_id(cite, 1), "b");
    assert_int_equal(bc_node_citation_number(cite, 0), 0); /* not resolved yet */

    bc_node *ref = bc_node_new(doc, BC_NODE_REFERENCE, 1, 1);
    assert_int_equal(bc_node_set_reference_id(ref, S("kf")), 0);
    assert_string_equal(bc_node_reference_id(ref), "kf");
    assert_int_equal(bc_node_set_url(ref, S("mailto:x@y.org")), 0);
    assert_string_equal(bc_node_url(ref), "mailto:x@y.org");

    /* Accessors on NULL and on the wrong type give neutral values. */
    assert_int_equal(bc_node_type_of(NULL), BC_NODE_NONE);
    assert_null(bc_node_parent(NULL));
    assert_string_equal(bc_node_url(a), "");
    assert_int_equal(bc_node_heading_level(a), 0);
    bc_document_free(doc);
}

static void test_values(void **state)
{
    (void)state;
    bc_document *doc = bc_document_new();
    bc_value *map = bc_value_new(doc, BC_VALUE_MAPPING);
    bc_value *seq = bc_value_new(doc, BC_VALUE_SEQUENCE);
    bc_value *s1 = bc_value_new(doc, BC_VALUE_STRING);
    bc_value *s2 = bc_value_new(doc, BC_VALUE_STRING);
    assert_int_equal(bc_value_set_string(s1, S("alice")), 0);
    assert_int_equal(bc_value_set_string(s2, S("bob")), 0);
    assert_int_equal(bc_value_set_string(map, S("x")), -1);
    assert_int_equal(bc_value_append(seq, s1), 0);
    assert_int_equal(bc_value_append(seq, s2), 0);
    assert_int_equal(bc_value_append(map, s1), -1);
    assert_int_equal(bc_value_put(map, S("people"), seq), 0);
    assert_int_equal(bc_value_put(map, S("lead"), s1), 0);
    for (int i = 0; i < 50; i++) {
        bc_value *v = bc_value_new(doc, BC_VALUE_STRING);
        char key[16];
        int n = snprintf(key, sizeof key, "k%d", i);
        assert_int_equal(bc_value_set_string(v, key, (size_t)n), 0);
        assert_int_equal(bc_value_put(map, key, (size_t)n, v), 0);
    }
    assert_int_equal(bc_document_add_extension(doc, S("x-team"), map), 0);
    assert_int_equal(bc_document_add_extension(doc, S("x-owner"), s2), 0);

    assert_int_equal(bc_document_extension_count(doc), 2);
    assert_string_equal(bc_document_extension_key(doc, 0), "x-team");
    const bc_value *team = bc_document_extension_get(doc, "x-team");
    assert_ptr_equal(team, map);
    assert_int_equal(bc_value_kind_of(team), BC_VALUE_MAPPING);
    assert_int_equal(bc_value_count(team), 52);
    assert_string_equal(bc_value_key(team, 0), "people");
    assert_string_equal(bc_value_key(team, 51), "k49");
    assert_string_equal(bc_value_string(bc_value_item(team, 51)), "k49");
    const bc_value *people = bc_value_item(team, 0);
    assert_int_equal(bc_value_count(people), 2);
    assert_null(bc_value_key(people, 0));
    assert_string_equal(bc_value_string(bc_value_item(people, 1)), "bob");
    assert_null(bc_value_string(people));
    assert_int_equal(bc_value_count(s1), 0);
    assert_null(bc_document_extension_get(doc, "x-none"));
    bc_document_free(doc);
}

static void test_plain_text(void **state)
{
    (void)state;
    bc_document *doc = bc_document_new();
    bc_node *content = bc_node_new(doc, BC_NODE_CONTENT, 1, 1);
    bc_node *p1 = bc_node_new(doc, BC_NODE_PARAGRAPH, 1, 1);
    bc_node *p2 = bc_node_new(doc, BC_NODE_PARAGRAPH, 3, 1);
    bc_node *t1 = bc_node_new(doc, BC_NODE_TEXT, 1, 1);
    bc_node *em = bc_node_new(doc, BC_NODE_STRONG, 1, 5);
    bc_node *t2 = bc_node_new(doc, BC_NODE_TEXT, 1, 7);
    bc_node *br = bc_node_new(doc, BC_NODE_SOFTBREAK, 1, 12);
    bc_node *t3 = bc_node_new(doc, BC_NODE_TEXT, 2, 1);
    bc_node *t4 = bc_node_new(doc, BC_NODE_TEXT, 3, 1);
    bc_node_set_literal(t1, S("One "));
    bc_node_set_literal(t2, S("bold"));
    bc_node_set_literal(t3, S("line"));
    bc_node_set_literal(t4, S("Second"));
    bc_node_append_child(em, t2);
    bc_node_append_child(p1, t1);
    bc_node_append_child(p1, em);
    bc_node_append_child(p1, br);
    bc_node_append_child(p1, t3);
    bc_node_append_child(p2, t4);
    bc_node_append_child(content, p1);
    bc_node_append_child(content, p2);
    char *text = bc_node_plain_text(content);
    assert_non_null(text);
    assert_string_equal(text, "One bold line Second");
    free(text);
    text = bc_node_plain_text(em);
    assert_string_equal(text, "bold");
    free(text);
    bc_node *empty = bc_node_new(doc, BC_NODE_INLINES, 1, 1);
    text = bc_node_plain_text(empty);
    assert_non_null(text);
    assert_string_equal(text, "");
    free(text);
    bc_document_free(doc);
}

/* Many nodes and strings: the arena grows in chunks and frees in one pass (ASan/valgrind check it). */
static void test_many_nodes(void **state)
{
    (void)state;
    bc_document *doc = bc_document_new();
    bc_node *content = bc_node_new(doc, BC_NODE_CONTENT, 1, 1);
    char big[100000];
    memset(big, 'x', sizeof big);
    for (int i = 0; i < 100000; i++) {
        bc_node *p = bc_node_new(doc, BC_NODE_PARAGRAPH, i + 1, 1);
        bc_node *t = bc_node_new(doc, BC_NODE_TEXT, i + 1, 1);
        assert_non_null(p);
        assert_non_null(t);
        assert_int_equal(bc_node_set_literal(t, big, (size_t)(i % 97) + (i % 1000 == 0 ? sizeof big - 200 : 0)), 0);
        bc_node_append_child(p, t);
        bc_node_append_child(content, p);
    }
    size_t count = 0;
    for (const bc_node *n = bc_node_first_child(content); n; n = bc_node_next(n))
        count++;
    assert_int_equal(count, 100000);
    size_t len;
    bc_node_literal(bc_node_first_child(bc_node_last_child(content)), &len);
    assert_int_equal(len, 99999 % 97);
    bc_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_table), cmocka_unit_test(test_fields),
        cmocka_unit_test(test_set_field_checks), cmocka_unit_test(test_nodes),
        cmocka_unit_test(test_values),      cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_many_nodes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
