/* Errors: first error wins, formatting with and without position and file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include <briefconv/briefconv.h>

static void test_format_full(void **state)
{
    (void)state;
    char buf[256];
    bc_error *err = bc_error_new();
    assert_non_null(err);
    assert_false(bc_error_is_set(err));
    assert_string_equal(bc_error_message(err), "");
    bc_error_set_file(err, "a.yaml");
    bc_error_set(err, 3, 7, "unknown key \"%s\"", "titel");
    assert_true(bc_error_is_set(err));
    assert_int_equal(bc_error_line(err), 3);
    assert_int_equal(bc_error_column(err), 7);
    size_t n = bc_error_format(err, buf, sizeof buf);
    assert_string_equal(buf, "a.yaml:3:7: error: unknown key \"titel\"");
    assert_int_equal(n, strlen(buf));
    bc_error_free(err);
}

static void test_first_error_wins(void **state)
{
    (void)state;
    bc_error *err = bc_error_new();
    bc_error_set(err, 1, 2, "first");
    bc_error_set(err, 5, 6, "second");
    assert_string_equal(bc_error_message(err), "first");
    assert_int_equal(bc_error_line(err), 1);
    bc_error_clear(err);
    assert_false(bc_error_is_set(err));
    assert_null(bc_error_file(err));
    bc_error_set(err, 5, 6, "second");
    assert_string_equal(bc_error_message(err), "second");
    bc_error_free(err);
}

static void test_format_partial(void **state)
{
    (void)state;
    char buf[256];
    bc_error *err = bc_error_new();
    bc_error_set(err, 0, 0, "out of memory");
    bc_error_format(err, buf, sizeof buf);
    assert_string_equal(buf, "error: out of memory");
    bc_error_set_file(err, "x.so");
    bc_error_format(err, buf, sizeof buf);
    assert_string_equal(buf, "x.so: error: out of memory");
    bc_error_clear(err);
    bc_error_set_file(err, "f");
    bc_error_set(err, 4, 0, "line only");
    bc_error_format(err, buf, sizeof buf);
    assert_string_equal(buf, "f:4: error: line only");
    bc_error_free(err);
}

static void test_truncation_and_null(void **state)
{
    (void)state;
    char buf[8];
    bc_error *err = bc_error_new();
    bc_error_set_file(err, "file.yaml");
    bc_error_set(err, 10, 20, "a long message");
    size_t need = bc_error_format(err, buf, sizeof buf);
    assert_int_equal(need, strlen("file.yaml:10:20: error: a long message"));
    assert_int_equal(strlen(buf), sizeof buf - 1);
    assert_memory_equal(buf, "file.ya", 8);
    /* NULL error values are no-ops, as documented. */
    bc_error_set(NULL, 1, 1, "ignored");
    bc_error_free(NULL);
    assert_false(bc_error_is_set(NULL));
    /* Negative positions are clamped to unknown. */
    bc_error_clear(err);
    bc_error_set(err, -4, -1, "neg");
    assert_int_equal(bc_error_line(err), 0);
    assert_int_equal(bc_error_column(err), 0);
    bc_error_free(err);
}

/* Whether S is valid UTF-8 (no sequence cut). */
static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0)
            return false;
        for (size_t i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return false;
        p += n;
    }
    return true;
}

/* Issue 18, point 2: a long message keeps its reason and whole characters; the quoted text gives way. */
static void test_long_message_keeps_reason(void **state)
{
    (void)state;
    char quoted[3001];
    for (size_t i = 0; i + 2 <= 3000; i += 2)
        quoted[i] = (char)0xC3, quoted[i + 1] = (char)0xA9; /* "é" x 1500 */
    quoted[3000] = '\0';
    bc_error *err = bc_error_new();
    bc_error_set(err, 1, 1, "reference document \"%s\" cannot be used: it is not a regular file", quoted);
    const char *m = bc_error_message(err);
    assert_true(strlen(m) <= 1023);
    assert_true(valid_utf8(m));
    assert_non_null(strstr(m, "reference document \"\xC3\xA9"));
    assert_non_null(strstr(m, "\xE2\x80\xA6")); /* the ellipsis where the middle went */
    const char *tail = "\" cannot be used: it is not a regular file";
    assert_true(strlen(m) > strlen(tail));
    assert_string_equal(m + strlen(m) - strlen(tail), tail);
    bc_error_clear(err);

    /* No quotes: the middle of the message goes, both ends stay. */
    bc_error_set(err, 0, 0, "start %s end of the reason", quoted);
    m = bc_error_message(err);
    assert_true(strlen(m) <= 1023 && valid_utf8(m));
    assert_memory_equal(m, "start ", 6);
    assert_string_equal(m + strlen(m) - strlen("end of the reason"), "end of the reason");

    /* The formatted line: a 3000-byte file name gives way, the message stays whole, in 2 KiB. */
    bc_error_clear(err);
    bc_error_set_file(err, quoted);
    bc_error_set(err, 12, 3, "unknown key \"sumary\"; did you mean \"summary\"?");
    char buf[2048];
    size_t n = bc_error_format(err, buf, sizeof buf);
    assert_true(n < sizeof buf);
    assert_int_equal(n, strlen(buf));
    assert_true(valid_utf8(buf));
    const char *want = ":12:3: error: unknown key \"sumary\"; did you mean \"summary\"?";
    assert_string_equal(buf + n - strlen(want), want);
    assert_memory_equal(buf, "\xC3\xA9", 2);

    /* A message longer than the line: both ends of it stay. */
    bc_error_clear(err);
    bc_error_set_file(err, "f.yaml");
    bc_error_set(err, 1, 1, "%s: the reason", quoted);
    char small[200];
    n = bc_error_format(err, small, sizeof small);
    assert_true(n < sizeof small && valid_utf8(small));
    assert_memory_equal(small, "f.yaml:1:1: error: \xC3\xA9", 21);
    assert_string_equal(small + n - strlen(": the reason"), ": the reason");
    bc_error_free(err);
}

/* Issue 18, point 1: C0, DEL, C1 (U+009B, CSI) and bad bytes are escaped in the formatted line. */
static void test_format_escapes_controls(void **state)
{
    (void)state;
    char buf[256];
    bc_error *err = bc_error_new();
    bc_error_set_file(err, "a\xC2\x9B" "2Jb\x1B[31m.yaml");
    bc_error_set(err, 1, 2, "bad \"x\xC2\x85y\x7F\xFF\" \xC2\xA0ok \xE2\x80\xA6");
    bc_error_format(err, buf, sizeof buf);
    assert_string_equal(buf, "a\\xC2\\x9B2Jb\\x1B[31m.yaml:1:2: error: bad \"x\\xC2\\x85y\\x7F\\xFF\" \xC2\xA0ok \xE2\x80\xA6");
    for (const unsigned char *p = (const unsigned char *)buf; *p; p++) {
        assert_true(*p >= 0x20 && *p != 0x7F);
        if (*p == 0xC2)
            assert_true(p[1] >= 0xA0);
    }
    bc_error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_full),
        cmocka_unit_test(test_first_error_wins),
        cmocka_unit_test(test_format_partial),
        cmocka_unit_test(test_truncation_and_null),
        cmocka_unit_test(test_long_message_keeps_reason),
        cmocka_unit_test(test_format_escapes_controls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
