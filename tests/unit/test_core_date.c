/* Dates: validity (leap years), words per language, ISO form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include <briefconv/briefconv.h>

static bc_date D(int y, int m, int d)
{
    bc_date date = {y, m, d};
    return date;
}

static void test_validity(void **state)
{
    (void)state;
    assert_true(bc_date_is_valid(D(2017, 0, 0)));
    assert_true(bc_date_is_valid(D(2017, 8, 0)));
    assert_true(bc_date_is_valid(D(2016, 9, 22)));
    assert_true(bc_date_is_valid(D(2016, 2, 29)));  /* leap year */
    assert_true(bc_date_is_valid(D(2000, 2, 29)));  /* divisible by 400 */
    assert_false(bc_date_is_valid(D(1900, 2, 29))); /* divisible by 100 */
    assert_false(bc_date_is_valid(D(2017, 2, 29)));
    assert_false(bc_date_is_valid(D(2017, 2, 30)));
    assert_false(bc_date_is_valid(D(2017, 4, 31)));
    assert_true(bc_date_is_valid(D(2017, 12, 31)));
    assert_false(bc_date_is_valid(D(2017, 13, 0)));
    assert_false(bc_date_is_valid(D(2017, 0, 5))); /* a day needs a month */
    assert_false(bc_date_is_valid(D(2017, 1, 32)));
    assert_false(bc_date_is_valid(D(2017, -1, 0)));
    assert_false(bc_date_is_valid(D(0, 0, 0)));
    assert_false(bc_date_is_valid(D(10000, 1, 1)));
}

static void check_words(bc_date date, const char *lang, const char *want)
{
    char buf[64];
    size_t n = bc_date_format(date, lang, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void test_words(void **state)
{
    (void)state;
    check_words(D(2016, 9, 22), "en-GB", "22 September 2016");
    check_words(D(2017, 8, 0), "en-GB", "August 2017");
    check_words(D(2017, 0, 0), "en-GB", "2017");
    check_words(D(2016, 9, 22), "en-US", "September 22, 2016");
    check_words(D(2016, 9, 22), "EN-us", "September 22, 2016");
    check_words(D(2017, 8, 0), "en-US", "August 2017");
    check_words(D(2016, 9, 22), "en", "22 September 2016");
    check_words(D(2016, 9, 22), "cy", "22 Medi 2016");
    check_words(D(2018, 1, 0), "cy-GB", "Ionawr 2018");
    check_words(D(2016, 9, 22), "de-DE", "22 September 2016"); /* unknown: English, day first */
    check_words(D(2016, 9, 22), "fr-US", "22 September 2016"); /* US order is English-only */
    check_words(D(2016, 9, 22), NULL, "22 September 2016");
    check_words(D(2017, 2, 30), "en-GB", ""); /* invalid: nothing */
    /* snprintf-style truncation. */
    char small[5];
    assert_int_equal(bc_date_format(D(2016, 9, 22), "en-GB", small, sizeof small), 17);
    assert_string_equal(small, "22 S");
}

static void test_iso(void **state)
{
    (void)state;
    char buf[16];
    bc_date_format_iso(D(2016, 9, 2), buf, sizeof buf);
    assert_string_equal(buf, "2016-09-02");
    bc_date_format_iso(D(2017, 8, 0), buf, sizeof buf);
    assert_string_equal(buf, "2017-08");
    assert_int_equal(bc_date_format_iso(D(2017, 0, 0), buf, sizeof buf), 4);
    assert_string_equal(buf, "2017");
}

static void test_document_dates_follow_lang(void **state)
{
    (void)state;
    bc_document *doc = bc_document_new();
    bc_date out;
    assert_int_equal(bc_document_set_date(doc, BC_FIELD_UPDATED, D(2016, 9, 22)), 0);
    assert_string_equal(bc_document_text(doc, BC_FIELD_UPDATED), "22 September 2016");
    /* lang may come after the date in the file: the words follow it. */
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_LANG, "en-US", 5), 0);
    assert_string_equal(bc_document_text(doc, BC_FIELD_UPDATED), "September 22, 2016");
    assert_true(bc_document_date(doc, BC_FIELD_UPDATED, &out));
    assert_int_equal(out.year, 2016);
    assert_int_equal(out.month, 9);
    assert_int_equal(out.day, 22);
    assert_int_equal(bc_document_set_date(doc, BC_FIELD_REVIEW_DUE, D(2017, 2, 29)), -1);
    assert_false(bc_document_has(doc, BC_FIELD_REVIEW_DUE));
    assert_int_equal(bc_document_set_date(doc, BC_FIELD_TYPE, D(2017, 1, 1)), -1); /* not a date field */
    /* published may be free text, which is no date. */
    assert_int_equal(bc_document_set_text(doc, BC_FIELD_PUBLISHED, "Autumn 2016", 11), 0);
    assert_string_equal(bc_document_text(doc, BC_FIELD_PUBLISHED), "Autumn 2016");
    assert_false(bc_document_date(doc, BC_FIELD_PUBLISHED, &out));
    bc_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validity),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_iso),
        cmocka_unit_test(test_document_dates_follow_lang),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
