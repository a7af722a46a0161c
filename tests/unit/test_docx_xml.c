/*
 * test_docx_xml.c — xml.c, the one place text becomes XML: escaping,
 * replacement of what XML 1.0 cannot carry (controls, U+FFFE/U+FFFF,
 * invalid UTF-8), URI escaping for relationship targets, and the writer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <libxml/parser.h>

#include "docx/docx.h"

#define FFFD "\xEF\xBF\xBD"

/* docx_xml_escape of S[0..LEN) as a NUL-terminated string; caller frees. */
static char *escape(const char *s, size_t len, bool attr)
{
    bcp_buf b = {0};
    assert_int_equal(docx_xml_escape(&b, s, len, attr), 0);
    assert_int_equal(bcp_buf_put(&b, "", 1), 0);
    return b.data;
}

static void check_escape(const char *s, size_t len, bool attr, const char *expected)
{
    char *got = escape(s, len, attr);
    assert_string_equal(got, expected);
    free(got);
}
#define ESC(lit, attr, expected) check_escape(lit, sizeof(lit) - 1, attr, expected)

static void test_markup_characters(void **state)
{
    (void)state;
    ESC("plain text", false, "plain text");
    ESC("a<b>&\"c'", false, "a&lt;b&gt;&amp;\"c'");
    ESC("a<b>&\"c'", true, "a&lt;b&gt;&amp;&quot;c'");
    ESC("&amp;", false, "&amp;amp;");
    ESC("", false, "");
}

static void test_controls_replaced(void **state)
{
    (void)state;
    /* C0 controls XML 1.0 forbids, even as character references. */
    ESC("a\x01" "b\x0b" "c\x0c" "d\x1f" "e\x7f", false, "a" FFFD "b" FFFD "c" FFFD "d" FFFD "e\x7f");
    ESC("nul\0byte", false, "nul" FFFD "byte");
    ESC("cr\rlf", false, "cr" FFFD "lf");
    /* TAB and LF are kept: as they are in text, as references in attributes. */
    ESC("t\tl\n", false, "t\tl\n");
    ESC("t\tl\n", true, "t&#9;l&#10;");
}

static void test_unicode(void **state)
{
    (void)state;
    ESC("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", false, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
    ESC(FFFD, false, FFFD);
    /* Noncharacters U+FFFE and U+FFFF are not XML characters. */
    ESC("x\xEF\xBF\xBEy\xEF\xBF\xBFz", false, "x" FFFD "y" FFFD "z");
    /* Invalid UTF-8: a stray byte, a truncated sequence, an overlong, a surrogate. */
    ESC("a\xFF" "b", false, "a" FFFD "b");
    ESC("a\xE2\x82", false, "a" FFFD FFFD);
    ESC("\xC0\xAF", false, FFFD FFFD);
    char *sur = escape("\xED\xA0\x80", 3, false);
    assert_null(strstr(sur, "\xED\xA0\x80"));
    assert_non_null(strstr(sur, FFFD));
    free(sur);
}

/* Whatever goes in, the writer's output is well-formed XML that says the same. */
static void test_writer_output_parses(void **state)
{
    (void)state;
    static const char hostile[] = "<&>\"'\x01\x02\x0b\x0c\x1b\xEF\xBF\xBE\xFF tab\there\nline";
    docx_xml x;
    assert_int_equal(docx_xml_open(&x), 0);
    docx_xml_start(&x, "root");
    docx_xml_attr_len(&x, "a", hostile, sizeof hostile - 1);
    docx_xml_text(&x, hostile, sizeof hostile - 1);
    docx_xml_start(&x, "w:t");
    docx_xml_end(&x);
    docx_xml_wt(&x, " edge ", 6);
    docx_xml_end(&x);
    assert_int_equal(docx_xml_finish(&x), 0);
    size_t len = 0;
    const unsigned char *data = docx_xml_data(&x, &len);
    assert_true(len > 0);
    xmlDocPtr doc = xmlReadMemory((const char *)data, (int)len, "t.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    assert_non_null(doc);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlChar *a = xmlGetProp(root, BAD_CAST "a");
    const char *want = "<&>\"'" FFFD FFFD FFFD FFFD FFFD FFFD FFFD " tab\there\nline";
    assert_string_equal((const char *)a, want);
    xmlFree(a);
    xmlChar *content = xmlNodeGetContent(root);
    /* The element's own text, then " edge " from the w:t. */
    assert_string_equal((const char *)content, "<&>\"'" FFFD FFFD FFFD FFFD FFFD FFFD FFFD " tab\there\nline edge ");
    xmlFree(content);
    xmlFreeDoc(doc);
    assert_non_null(strstr((const char *)data, "<w:t/><w:t xml:space=\"preserve\"> edge </w:t>"));
    docx_xml_dispose(&x);
}

static void test_declaration(void **state)
{
    (void)state;
    docx_xml x;
    assert_int_equal(docx_xml_open(&x), 0);
    docx_xml_start(&x, "w:p");
    docx_xml_val_int(&x, "w:x", -12);
    docx_xml_leaf(&x, "w:y", "a&b");
    docx_xml_end(&x);
    assert_int_equal(docx_xml_finish(&x), 0);
    size_t len = 0;
    const char *data = (const char *)docx_xml_data(&x, &len);
    const char *want = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                       "<w:p><w:x w:val=\"-12\"/><w:y>a&amp;b</w:y></w:p>\n";
    assert_int_equal(len, strlen(want));
    assert_memory_equal(data, want, len);
    docx_xml_dispose(&x);
    docx_xml_dispose(&x); /* twice is harmless */
}

static void check_uri(const char *url, const char *expected)
{
    bcp_buf b = {0};
    assert_int_equal(docx_uri_escape(&b, url, strlen(url)), 0);
    assert_int_equal(bcp_buf_put(&b, "", 1), 0);
    assert_string_equal(b.data, expected);
    bcp_buf_free(&b);
}

static void test_uri_escape(void **state)
{
    (void)state;
    check_uri("https://example.org/a/b?c=d&e=f#g", "https://example.org/a/b?c=d&e=f#g");
    check_uri("https://x.org/a b", "https://x.org/a%20b");
    check_uri("https://x.org/caf\xC3\xA9", "https://x.org/caf%C3%A9");
    check_uri("https://x.org/\"<>{}|\\^`", "https://x.org/%22%3C%3E%7B%7D%7C%5C%5E%60");
    check_uri("https://x.org/%41%zz%4", "https://x.org/%41%25zz%254");
    check_uri("mailto:a@b.org?subject=Hi there", "mailto:a@b.org?subject=Hi%20there");
    check_uri("https://x.org/\x01\x7f", "https://x.org/%01%7F");
}

static void test_buf(void **state)
{
    (void)state;
    bcp_buf b = {0};
    for (int i = 0; i < 10000; i++)
        assert_int_equal(bcp_buf_put(&b, "abc", 3), 0);
    assert_int_equal(b.len, 30000);
    assert_true(b.cap >= b.len);
    assert_memory_equal(b.data + 29997, "abc", 3);
    bcp_buf_free(&b);
    assert_null(b.data);
    bcp_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markup_characters),
        cmocka_unit_test(test_controls_replaced),
        cmocka_unit_test(test_unicode),
        cmocka_unit_test(test_writer_output_parses),
        cmocka_unit_test(test_declaration),
        cmocka_unit_test(test_uri_escape),
        cmocka_unit_test(test_buf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
