/* Text utilities: UTF-8 validity and decoding, display width, URL schemes, sanitising. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include <briefconv/briefconv.h>

#define S(lit) lit, sizeof(lit) - 1

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(bc_utf8_valid(S("")));
    assert_true(bc_utf8_valid(S("plain ascii")));
    assert_true(bc_utf8_valid(S("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"))); /* é € 😀 */
    assert_true(bc_utf8_valid(S("\xEF\xBF\xBF")));                         /* U+FFFF is valid UTF-8 */
    assert_true(bc_utf8_valid(S("\xF4\x8F\xBF\xBF")));                     /* U+10FFFF */
    assert_false(bc_utf8_valid(S("\x80")));                                /* lone continuation */
    assert_false(bc_utf8_valid(S("\xC3")));                                /* truncated */
    assert_false(bc_utf8_valid(S("\xC0\xAF")));                            /* overlong '/' */
    assert_false(bc_utf8_valid(S("\xE0\x80\xAF")));                        /* overlong 3-byte */
    assert_false(bc_utf8_valid(S("\xF0\x80\x80\xAF")));                    /* overlong 4-byte */
    assert_false(bc_utf8_valid(S("\xED\xA0\x80")));                        /* surrogate U+D800 */
    assert_false(bc_utf8_valid(S("\xED\xBF\xBF")));                        /* surrogate U+DFFF */
    assert_false(bc_utf8_valid(S("\xF4\x90\x80\x80")));                    /* above U+10FFFF */
    assert_false(bc_utf8_valid(S("\xFF")));
    assert_false(bc_utf8_valid(S("ok\xE2\x82")));                          /* truncated at the end */
    /* The length is honoured: a NUL inside is just a byte. */
    assert_true(bc_utf8_valid("a\0b", 3));
}

static void test_utf8_decode(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(bc_utf8_decode(S("A"), &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(bc_utf8_decode(S("\xC3\xA9"), &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(bc_utf8_decode(S("\xE2\x82\xAC"), &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(bc_utf8_decode(S("\xF0\x9F\x98\x80"), &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(bc_utf8_decode(S("\xE2\x82"), &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(bc_utf8_decode(S("\xED\xA0\x80"), &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    /* Only LEN bytes are looked at. */
    assert_int_equal(bc_utf8_decode("\xC3\xA9", 1, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
}

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(bc_codepoint_width('a'), 1);
    assert_int_equal(bc_codepoint_width(0x00E9), 1);  /* é */
    assert_int_equal(bc_codepoint_width(0x0301), 0);  /* combining acute */
    assert_int_equal(bc_codepoint_width(0x200B), 0);  /* zero width space */
    assert_int_equal(bc_codepoint_width(0x200D), 0);  /* ZWJ */
    assert_int_equal(bc_codepoint_width(0xFE0F), 0);  /* variation selector */
    assert_int_equal(bc_codepoint_width(0x4E2D), 2);  /* 中 */
    assert_int_equal(bc_codepoint_width(0xAC00), 2);  /* 가 */
    assert_int_equal(bc_codepoint_width(0xFF21), 2);  /* fullwidth A */
    assert_int_equal(bc_codepoint_width(0x1F600), 2); /* 😀 */
    assert_int_equal(bc_codepoint_width(0x1F680), 2); /* 🚀 */
    assert_int_equal(bc_codepoint_width(0x20000), 2); /* CJK ext B */
    assert_int_equal(bc_codepoint_width(0x0007), 0);  /* control */
    assert_int_equal(bc_codepoint_width(0x0410), 1);  /* Cyrillic А */
    assert_int_equal(bc_utf8_width(S("abc")), 3);
    assert_int_equal(bc_utf8_width(S("e\xCC\x81")), 1);              /* e + combining */
    assert_int_equal(bc_utf8_width(S("\xE4\xB8\xAD\xE6\x96\x87")), 4); /* 中文 */
    assert_int_equal(bc_utf8_width(S("\xF0\x9F\x98\x80!")), 3);
    assert_int_equal(bc_utf8_width(S("")), 0);
}

static void test_url_schemes(void **state)
{
    (void)state;
    assert_true(bc_url_is_allowed(S("http://example.org/")));
    assert_true(bc_url_is_allowed(S("https://example.org/a?b#c")));
    assert_true(bc_url_is_allowed(S("HTTPS://EXAMPLE.ORG")));
    assert_true(bc_url_is_allowed(S("mailto:a@b.org")));
    assert_true(bc_url_is_allowed(S("MailTo:a@b.org")));
    assert_false(bc_url_is_allowed(S("javascript:alert(1)")));
    assert_false(bc_url_is_allowed(S("  JaVaScRiPt:alert(1)")));
    assert_false(bc_url_is_allowed(S("\x01javascript:alert(1)")));
    assert_false(bc_url_is_allowed(S("java\tscript:alert(1)")));
    assert_false(bc_url_is_allowed(S("java\nscript:alert(1)")));
    assert_false(bc_url_is_allowed(S("data:text/html,<script>")));
    assert_false(bc_url_is_allowed(S("vbscript:msgbox")));
    assert_false(bc_url_is_allowed(S("file:///etc/passwd")));
    assert_false(bc_url_is_allowed(S("/relative/path")));
    assert_false(bc_url_is_allowed(S("//example.org")));
    assert_false(bc_url_is_allowed(S("example.org")));
    assert_false(bc_url_is_allowed(S("")));
    assert_false(bc_url_is_allowed(S(":")));
    assert_false(bc_url_is_allowed(S("httpx://a")));
    assert_false(bc_url_is_allowed(S("http")));
    assert_false(bc_url_is_allowed(NULL, 0));
    /* The scheme is looked for within LEN only. */
    assert_false(bc_url_is_allowed("http://x", 4));
    /* A leading space a browser strips still leaves an allowed scheme. */
    assert_true(bc_url_is_allowed(S(" \x01https://example.org")));
    /* Non-ASCII spaces are not stripped by browsers: no scheme at all. */
    assert_false(bc_url_is_allowed(S("\xC2\xA0javascript:x")));
}

static void test_sanitising(void **state)
{
    (void)state;
    bc_document *doc = bc_document_new();
    assert_non_null(doc);
    bc_node *t = bc_node_new(doc, BC_NODE_TEXT, 1, 1);
    size_t len;

    assert_int_equal(bc_node_set_literal(t, S("a\x00" "b\x01" "c\x1F" "d\te\nf")), 0);
    assert_string_equal(bc_node_literal(t, &len), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\te\nf");
    assert_int_equal(len, strlen(bc_node_literal(t, NULL)));

    assert_int_equal(bc_node_set_literal(t, S("one\r\ntwo\rthree\r")), 0);
    assert_string_equal(bc_node_literal(t, NULL), "one\ntwo\nthree\n");

    assert_int_equal(bc_node_set_literal(t, S("x\xEF\xBF\xBEy\xEF\xBF\xBFz")), 0);
    assert_string_equal(bc_node_literal(t, NULL), "x\xEF\xBF\xBDy\xEF\xBF\xBDz");

    /* Clean text is copied byte for byte. */
    assert_int_equal(bc_node_set_literal(t, S("caf\xC3\xA9 \xF0\x9F\x98\x80")), 0);
    assert_string_equal(bc_node_literal(t, &len), "caf\xC3\xA9 \xF0\x9F\x98\x80");
    assert_int_equal(len, 10);

    /* Invalid UTF-8 is refused and the old text kept. */
    assert_int_equal(bc_node_set_literal(t, S("bad\xC3")), -1);
    assert_int_equal(bc_node_set_literal(t, S("\xED\xA0\x80")), -1);
    assert_string_equal(bc_node_literal(t, NULL), "caf\xC3\xA9 \xF0\x9F\x98\x80");

    /* Every setter sanitises: labels, tags, text fields, values. */
    assert_int_equal(bc_document_set_label(doc, BC_FIELD_SUMMARY, S("Sum\x02mary")), 0);
    assert_string_equal(bc_document_label(doc, BC_FIELD_SUMMARY), "Sum\xEF\xBF\xBDmary");
    assert_int_equal(bc_document_add_tag(doc, S("t\x0B")), 0);
    assert_string_equal(bc_document_tag(doc, 0), "t\xEF\xBF\xBD");
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_TYPE, S("a\r\nb")), 0);
    assert_string_equal(bc_document_text(doc, BC_FIELD_TYPE), "a\nb");
    assert_int_equal(bc_document_add_tag(doc, S("\xFF")), -1);
    bc_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),   cmocka_unit_test(test_utf8_decode),
        cmocka_unit_test(test_width),        cmocka_unit_test(test_url_schemes),
        cmocka_unit_test(test_sanitising),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
