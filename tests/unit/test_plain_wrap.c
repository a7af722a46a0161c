/* test_plain_wrap.c — the plain plugin's line wrapper (plugins/plain/wrap.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <briefconv/briefconv.h>

#include "plain/wrap.h"

/* The lines a wrap produced, joined with '|' so one string says it all. */
typedef struct joined {
    char text[4096];
    size_t len;
    int lines;
    int stop_after; /* return nonzero after this many lines (0: never) */
} joined;

static int join_line(void *user, const char *s, size_t len)
{
    joined *j = user;
    assert_true(j->len + len + 2 < sizeof j->text);
    assert_true(bc_utf8_valid(s, len)); /* never cut inside a UTF-8 sequence */
    if (len > 0)
        assert_true(s[len - 1] != ' '); /* no trailing spaces */
    if (j->lines > 0)
        j->text[j->len++] = '|';
    memcpy(j->text + j->len, s, len);
    j->len += len;
    j->text[j->len] = '\0';
    j->lines++;
    return j->stop_after && j->lines >= j->stop_after ? 7 : 0;
}

static joined wrap2(const char *s, size_t first, size_t width)
{
    joined j = {.len = 0};
    assert_int_equal(plain_wrap(s, strlen(s), first, width, join_line, &j), 0);
    return j;
}

static joined wrap(const char *s, size_t width)
{
    return wrap2(s, width, width);
}

static void test_ascii_greedy(void **state)
{
    (void)state;
    joined j = wrap("the quick brown fox jumps over the lazy dog", 15);
    assert_string_equal(j.text, "the quick brown|fox jumps over|the lazy dog");
    assert_int_equal(j.lines, 3);
    /* A line may be exactly the width, not one column more. */
    assert_string_equal(wrap("aaaa bbbb", 9).text, "aaaa bbbb");
    assert_string_equal(wrap("aaaa bbbb", 8).text, "aaaa|bbbb");
}

static void test_first_line_width(void **state)
{
    (void)state;
    assert_string_equal(wrap2("one two three four", 3, 40).text, "one|two three four");
    assert_string_equal(wrap2("one two three four", 40, 3).text, "one two three four");
}

static void test_spaces(void **state)
{
    (void)state;
    /* Spaces at a break go; spaces inside a line stay; trailing spaces go. */
    assert_string_equal(wrap("aa   bb    cc   ", 7).text, "aa   bb|cc");
    /* Spaces starting the text or a line after LF are the author's. */
    assert_string_equal(wrap("  aa\n  bb", 10).text, "  aa|  bb");
    assert_int_equal(wrap("", 10).lines, 0);
    assert_string_equal(wrap("   ", 10).text, "");
}

static void test_long_word_unbroken(void **state)
{
    (void)state;
    joined j = wrap("see https://example.org/a/very/long/path/that/will/not/fit now", 20);
    assert_string_equal(j.text, "see|https://example.org/a/very/long/path/that/will/not/fit|now");
    assert_string_equal(wrap("supercalifragilistic", 5).text, "supercalifragilistic");
}

static void test_hard_breaks(void **state)
{
    (void)state;
    assert_string_equal(wrap("a\nb", 10).text, "a|b");
    assert_string_equal(wrap("a\n\nb", 10).text, "a||b");
    joined j = wrap("a\n", 10);
    assert_int_equal(j.lines, 1);
    assert_string_equal(wrap("one two\nthree four five", 9).text, "one two|three|four five");
}

static void test_no_limit(void **state)
{
    (void)state;
    const char *s = "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p";
    joined j = wrap(s, 0);
    assert_int_equal(j.lines, 1);
    assert_string_equal(j.text, s);
    assert_string_equal(wrap("a\nb", 0).text, "a|b");
}

static void test_cjk(void **state)
{
    (void)state;
    /* Ten wide characters, two columns each: five to a line of ten. */
    assert_string_equal(wrap("日本語のテキストです", 10).text, "日本語のテ|キストです");
    /* An odd width never splits a character: one per line. */
    joined j = wrap("日本語", 3);
    assert_string_equal(j.text, "日|本|語");
    /* No line starts with "。"; it stays with the character before. */
    assert_string_equal(wrap("日本語。日本語。", 6).text, "日本|語。日|本語。");
    /* Latin words next to CJK break at the script boundary, not inside. */
    assert_string_equal(wrap("日本語text日本", 8).text, "日本語|text日本");
    /* Opening brackets stay with what follows. */
    assert_string_equal(wrap("日本「語」", 6).text, "日本|「語」");
}

static void test_emoji(void **state)
{
    (void)state;
    assert_int_equal(plain_width("🎉", strlen("🎉")), 2);
    /* "🎉 party" is 8 columns. */
    assert_string_equal(wrap("🎉 party 🎉 time", 8).text, "🎉 party|🎉 time");
    assert_string_equal(wrap("🎉 party 🎉 time", 7).text, "🎉|party|🎉 time");
    /* A ZWJ sequence is not a place to break, even when it is too wide. */
    const char *family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
    joined j = wrap(family, 2);
    assert_int_equal(j.lines, 1);
    assert_string_equal(j.text, family);
}

static void test_combining_marks(void **state)
{
    (void)state;
    /* "cafe" + U+0301: four columns, not five. */
    const char *cafe = "cafe\xCC\x81";
    assert_int_equal(plain_width(cafe, strlen(cafe)), 4);
    joined j = wrap("cafe\xCC\x81 cafe\xCC\x81 cafe\xCC\x81", 9);
    assert_string_equal(j.text, "cafe\xCC\x81 cafe\xCC\x81|cafe\xCC\x81");
    /* A combining mark after a wide character is not split from it. */
    assert_string_equal(wrap("日\xCC\x81本", 2).text, "日\xCC\x81|本");
}

static void test_nbsp_marker(void **state)
{
    (void)state;
    /* The renderer's no-break space holds "(1, 2)" together and counts one column. */
    const char cite[] = "aaaaaaaaaaaaaaa (1,\x01" "2)";
    assert_int_equal(plain_width(cite, strlen(cite)), 22);
    assert_string_equal(wrap(cite, 20).text, "aaaaaaaaaaaaaaa|(1,\x01" "2)");
    /* Next to CJK it still does not break. */
    assert_string_equal(wrap("日\x01本", 2).text, "日\x01本");
}

static void test_callback_stops(void **state)
{
    (void)state;
    joined j = {.stop_after = 2};
    const char *s = "a b c d e";
    assert_int_equal(plain_wrap(s, strlen(s), 1, 1, join_line, &j), 7);
    assert_int_equal(j.lines, 2);
    assert_string_equal(j.text, "a|b");
}

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(plain_width("abc", 3), 3);
    assert_int_equal(plain_width("a\nb", 3), 2);
    assert_int_equal(plain_width("日本", strlen("日本")), 4);
    assert_int_equal(plain_width("\xEF\xBD\x81", 3), 2); /* fullwidth 'a' */
    assert_int_equal(plain_width("", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_greedy),     cmocka_unit_test(test_first_line_width),
        cmocka_unit_test(test_spaces),           cmocka_unit_test(test_long_word_unbroken),
        cmocka_unit_test(test_hard_breaks),      cmocka_unit_test(test_no_limit),
        cmocka_unit_test(test_cjk),              cmocka_unit_test(test_emoji),
        cmocka_unit_test(test_combining_marks),  cmocka_unit_test(test_nbsp_marker),
        cmocka_unit_test(test_callback_stops),   cmocka_unit_test(test_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
