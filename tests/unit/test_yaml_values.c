/*
 * test_yaml_values.c — the YAML reader's value rules, called directly:
 * dates, URLs, language tags, reference ids, integers, "did you mean"
 * suggestions and the quoting of user text in messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "yaml/yp.h"

#define S(lit) lit, sizeof(lit) - 1

static void date_ok(const char *s, int y, int m, int d)
{
    bc_date out = {-1, -1, -1};
    char msg[256];
    int rc = yp_parse_date(s, strlen(s), &out, msg, sizeof msg);
    if (rc != 0)
        print_error("date %s refused: %s\n", s, msg);
    assert_int_equal(rc, 0);
    assert_int_equal(out.year, y);
    assert_int_equal(out.month, m);
    assert_int_equal(out.day, d);
}

/* Refused, with a message containing WANT ("" for the plain shape error). */
static void date_bad(const char *s, const char *want)
{
    bc_date out;
    char msg[256];
    int rc = yp_parse_date(s, strlen(s), &out, msg, sizeof msg);
    if (rc != -1)
        print_error("date %s accepted\n", s);
    assert_int_equal(rc, -1);
    if (!want[0]) {
        assert_string_equal(msg, "");
    } else if (!strstr(msg, want)) {
        print_error("date %s: message \"%s\" lacks \"%s\"\n", s, msg, want);
        fail();
    }
}

static void test_dates(void **state)
{
    (void)state;
    date_ok("2017", 2017, 0, 0);
    date_ok("2017-08", 2017, 8, 0);
    date_ok("2016-09-22", 2016, 9, 22);
    date_ok("2016-02-29", 2016, 2, 29);
    date_ok("2000-02-29", 2000, 2, 29);
    /* A YAML timestamp at midnight is the date it names. */
    date_ok("2017-02-28T00:00:00Z", 2017, 2, 28);
    date_ok("2017-02-28 00:00:00", 2017, 2, 28);
    date_ok("2017-02-28t00:00:00.000+01:00", 2017, 2, 28);
    date_bad("2017-02-29", "February 2017 has 28 days");
    date_bad("1900-02-29", "February 1900 has 28 days");
    date_bad("2017-02-30", "February 2017 has 28 days");
    date_bad("2017-04-31", "April 2017 has 30 days");
    date_bad("2017-13", "there is no month 13");
    date_bad("2017-00", "there is no month 0");
    date_bad("2017-01-00", "there is no day 0");
    date_bad("0000", "there is no year 0");
    date_bad("2017-2", "two digits");
    date_bad("2017-02-3", "two digits");
    date_bad("2017-02-28T10:30:00Z", "time of day");
    date_bad("2017-02-28T00:00:01", "time of day");
    date_bad("2017-02T00:00:00", "time of day");
    date_bad("March 2017", "");
    date_bad("17-02-28", "");
    date_bad("2017/02/28", "");
    date_bad("", "");
}

static void test_looks_like_date(void **state)
{
    (void)state;
    assert_true(yp_looks_like_date(S("2017")));
    assert_true(yp_looks_like_date(S("2017-13")));
    assert_true(yp_looks_like_date(S("2017-02-30")));
    assert_true(yp_looks_like_date(S("2017-02-28 10:00")));
    /* Free text for `published`. */
    assert_false(yp_looks_like_date(S("September 2016 (updated June 2017)")));
    assert_false(yp_looks_like_date(S("2017 (revised)")));
    assert_false(yp_looks_like_date(S("2017-18 season")));
    assert_false(yp_looks_like_date(S("201")));
    assert_false(yp_looks_like_date(S("20170")));
}

static void url_ok(const char *s)
{
    char why[160];
    const char *problem = yp_check_url(s, strlen(s), why, sizeof why);
    if (problem)
        print_error("URL %s refused: %s\n", s, problem);
    assert_null(problem);
}

static void url_bad(const char *s, const char *want)
{
    char why[160];
    const char *problem = yp_check_url(s, strlen(s), why, sizeof why);
    assert_non_null(problem);
    if (!strstr(problem, want)) {
        print_error("URL %s: \"%s\" lacks \"%s\"\n", s, problem, want);
        fail();
    }
}

static void test_urls(void **state)
{
    (void)state;
    url_ok("https://www.kingsfund.org.uk/publications/x");
    url_ok("http://example.org");
    url_ok("HTTPS://EXAMPLE.ORG/");
    url_ok("https://user@example.org:8080/a?b=c#d");
    url_ok("mailto:library@example.org");
    url_bad("javascript:alert(1)", "scheme \"javascript\" is not allowed");
    url_bad("JavaScript:alert(1)", "scheme \"javascript\" is not allowed");
    url_bad("data:text/html,x", "scheme \"data\"");
    url_bad("file:///etc/passwd", "scheme \"file\"");
    url_bad("ftp://example.org/", "scheme \"ftp\"");
    url_bad("www.example.org", "not an absolute URL");
    url_bad("/relative/path", "not an absolute URL");
    url_bad("https:example.org", "needs //");
    url_bad("https:///path", "host name");
    url_bad("https://@/", "host name");
    url_bad("https://:80/", "host name");
    url_bad("mailto:", "needs an address");
    url_bad("https://example.org/a b", "spaces");
    url_bad("https://example.org/\x01", "control");
    url_bad("", "empty");
}

static void test_lang(void **state)
{
    (void)state;
    assert_true(yp_lang_ok(S("en-GB")));
    assert_true(yp_lang_ok(S("en")));
    assert_true(yp_lang_ok(S("cy")));
    assert_true(yp_lang_ok(S("zh-Hant-TW")));
    assert_true(yp_lang_ok(S("es-419")));
    assert_true(yp_lang_ok(S("x-private")));
    assert_false(yp_lang_ok(S("English")));
    assert_false(yp_lang_ok(S("e")));
    assert_false(yp_lang_ok(S("en_GB")));
    assert_false(yp_lang_ok(S("en-")));
    assert_false(yp_lang_ok(S("en--GB")));
    assert_false(yp_lang_ok(S("en-toolongsubtag")));
    assert_false(yp_lang_ok(S("x")));
    assert_false(yp_lang_ok(S("")));
}

static void test_ids(void **state)
{
    (void)state;
    assert_true(yp_id_ok(S("kf-explained")));
    assert_true(yp_id_ok(S("nhse_2017.v2:a/b+c")));
    assert_true(yp_id_ok(S("_x")));
    assert_true(yp_id_ok(S("café")));
    assert_false(yp_id_ok(S("")));
    assert_false(yp_id_ok(S("two words")));
    assert_false(yp_id_ok(S("-leading")));
    assert_false(yp_id_ok(S("a]b")));
    assert_false(yp_id_ok(S("a;b")));
}

static void test_ints(void **state)
{
    (void)state;
    long long v = 0;
    assert_true(yp_parse_int(S("1"), &v));
    assert_int_equal(v, 1);
    assert_true(yp_parse_int(S("+2"), &v));
    assert_int_equal(v, 2);
    assert_true(yp_parse_int(S("-7"), &v));
    assert_int_equal(v, -7);
    assert_true(yp_parse_int(S("0x10"), &v));
    assert_int_equal(v, 16);
    assert_true(yp_parse_int(S("0o17"), &v));
    assert_int_equal(v, 15);
    assert_false(yp_parse_int(S("1.0"), &v));
    assert_false(yp_parse_int(S("one"), &v));
    assert_false(yp_parse_int(S(""), &v));
    assert_false(yp_parse_int(S("-"), &v));
    assert_false(yp_parse_int(S("99999999999999999999"), &v));
}

static void suggests(const char *key, const char *want)
{
    static const char *const keys[] = {"briefing", "title", "type", "source", "link", "publication_format",
                                       "published", "audience", "summary", "key_features", "impact",
                                       "sections", "references", "updated", "review_due", "responsible",
                                       "produced_by", "notice", "tags", "lang", "labels"};
    const char *got = yp_suggest(key, strlen(key), keys, sizeof keys / sizeof keys[0]);
    if (!want) {
        if (got)
            print_error("%s: suggested %s, wanted nothing\n", key, got);
        assert_null(got);
        return;
    }
    if (!got)
        print_error("%s: no suggestion, wanted %s\n", key, want);
    assert_non_null(got);
    assert_string_equal(got, want);
}

static void test_suggestions(void **state)
{
    (void)state;
    suggests("sumary", "summary");
    suggests("summery", "summary");
    suggests("Summary", "summary");
    suggests("tittle", "title");
    suggests("titel", "title"); /* a transposition is one edit */
    suggests("keyfeatures", "key_features");
    suggests("key-features", "key_features");
    suggests("Key Features", "key_features");
    suggests("reviewdue", "review_due");
    suggests("refrences", "references");
    suggests("ref", "references");
    suggests("language", "lang");
    suggests("section", "sections");
    suggests("impacts", "impact");
    suggests("colour", NULL);
    suggests("author", NULL);
    suggests("x", NULL);
    suggests("a-very-long-key-that-resembles-nothing-at-all-in-the-format", NULL);
    static const char *const section_keys[] = {"heading", "body", "sections"};
    assert_string_equal(yp_suggest(S("header"), section_keys, 3), "heading");
    assert_string_equal(yp_suggest(S("bdy"), section_keys, 3), "body");
}

static void test_quote(void **state)
{
    (void)state;
    char out[96];
    yp_quote(out, sizeof out, S("sumary"));
    assert_string_equal(out, "\"sumary\"");
    yp_quote(out, sizeof out, S("a\"b\\c\nd\x01"));
    assert_string_equal(out, "\"a\\\"b\\\\c\\x0Ad\\x01\"");
    /* Long text is cut, with an ellipsis, never inside a character. */
    char longtext[200];
    memset(longtext, 'x', sizeof longtext);
    memcpy(longtext + 58, "\xC3\xA9\xC3\xA9\xC3\xA9", 6);
    yp_quote(out, sizeof out, longtext, sizeof longtext);
    size_t n = strlen(out);
    assert_true(n < sizeof out);
    assert_memory_equal(out + n - 4, "\xE2\x80\xA6\"", 4);
    assert_true(bc_utf8_valid(out, n));
    /* A NUL inside the key is shown, not a cut. */
    yp_quote(out, sizeof out, "a\0b", 3);
    assert_string_equal(out, "\"a\\x00b\"");
}

static void test_keyset(void **state)
{
    (void)state;
    yp_keyset ks = {0};
    char key[32];
    int first = 0;
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "key-%d", i);
        assert_int_equal(yp_keyset_add(&ks, key, (size_t)n, i + 1, &first), 0);
    }
    assert_int_equal(yp_keyset_add(&ks, S("key-1234"), 99999, &first), 1);
    assert_int_equal(first, 1235);
    assert_int_equal(yp_keyset_add(&ks, S("key-12345"), 1, &first), 0);
    /* Keys are bytes: a NUL does not end one. */
    assert_int_equal(yp_keyset_add(&ks, "a\0b", 3, 7, &first), 0);
    assert_int_equal(yp_keyset_add(&ks, "a\0c", 3, 8, &first), 0);
    assert_int_equal(yp_keyset_add(&ks, "a\0b", 3, 9, &first), 1);
    assert_int_equal(first, 7);
    size_t len;
    assert_memory_equal(yp_keyset_last(&ks, &len), "a\0c", 4); /* the set's copy, NUL-terminated */
    assert_int_equal(len, 3);
    yp_keyset_free(&ks);
    yp_keyset_free(&ks); /* freeing leaves an empty set */
}

/* The shared string set under the key set: numbers in the order met, stable copies. */
static void test_strset(void **state)
{
    (void)state;
    bcp_strset set = {0};
    bool added;
    assert_int_equal(bcp_strset_add(&set, S("nhs"), &added), 0);
    assert_true(added);
    assert_int_equal(bcp_strset_add(&set, S("care"), &added), 1);
    assert_int_equal(bcp_strset_add(&set, S("nhs"), &added), 0);
    assert_false(added);
    assert_int_equal(bcp_strset_add(&set, "", 0, &added), 2);
    assert_true(added);
    char key[32];
    for (int i = 0; i < 3000; i++) { /* many growths: every number and string survives them */
        int n = snprintf(key, sizeof key, "tag %d", i);
        assert_int_equal(bcp_strset_add(&set, key, (size_t)n, &added), 3 + i);
    }
    size_t len;
    assert_string_equal(bcp_strset_at(&set, 1, &len), "care");
    assert_int_equal(len, 4);
    assert_string_equal(bcp_strset_at(&set, 2, NULL), "");
    assert_string_equal(bcp_strset_at(&set, 3 + 2999, NULL), "tag 2999");
    assert_int_equal(bcp_strset_add(&set, S("tag 1500"), &added), 3 + 1500);
    assert_false(added);
    assert_int_equal(set.count, 3003);
    bcp_strset_free(&set);
    bcp_strset_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),       cmocka_unit_test(test_looks_like_date),
        cmocka_unit_test(test_urls),        cmocka_unit_test(test_lang),
        cmocka_unit_test(test_ids),         cmocka_unit_test(test_ints),
        cmocka_unit_test(test_suggestions), cmocka_unit_test(test_quote),
        cmocka_unit_test(test_keyset), cmocka_unit_test(test_strset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
