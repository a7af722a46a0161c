/* Errors: first error wins, formatting with and without position and file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_full),
        cmocka_unit_test(test_first_error_wins),
        cmocka_unit_test(test_format_partial),
        cmocka_unit_test(test_truncation_and_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
