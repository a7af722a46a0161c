/* Options: every type, defaults, bounds, suffixes, choices, files, and the errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include <briefconv/host.h>

static const bc_option_spec specs[] = {
    {.name = "width", .type = BC_OPTION_INT, .default_value = "72", .help = "wrap", .min = 20, .max = 1000},
    {.name = "offset", .type = BC_OPTION_INT, .default_value = "-3", .help = "unbounded"},
    {.name = "fragment", .type = BC_OPTION_BOOL, .default_value = "false", .help = "b"},
    {.name = "max-size", .type = BC_OPTION_SIZE, .default_value = "16M", .help = "s", .min = 1024, .max = 1LL << 32},
    {.name = "page", .type = BC_OPTION_CHOICE, .default_value = "a4", .choices = "a4|letter|a4-wide"},
    {.name = "reference-doc", .type = BC_OPTION_FILE, .help = "f"},
    {.name = "title", .type = BC_OPTION_STRING, .default_value = NULL},
    {.name = NULL},
};

static int render_nothing(const bc_document *d, const bc_options *o, bc_sink *s, bc_error *e)
{
    (void)d, (void)o, (void)s, (void)e;
    return 0;
}

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .name = "opts", .options = specs, .render = render_nothing);

static void set_ok(bc_options *o, const char *name, const char *value)
{
    bc_error *err = bc_error_new();
    assert_int_equal(bc_options_set(o, name, value, err), 0);
    assert_false(bc_error_is_set(err));
    bc_error_free(err);
}

static void set_bad(bc_options *o, const char *name, const char *value, const char *message)
{
    bc_error *err = bc_error_new();
    assert_int_equal(bc_options_set(o, name, value, err), -1);
    assert_string_equal(bc_error_message(err), message);
    bc_error_free(err);
}

static void test_defaults(void **state)
{
    (void)state;
    bc_options *o = bc_options_new(&briefconv_plugin);
    assert_non_null(o);
    assert_string_equal(bc_options_get(o, "width"), "72");
    assert_int_equal(bc_options_get_int(o, "width", 0), 72);
    assert_int_equal(bc_options_get_int(o, "offset", 0), -3);
    assert_int_equal(bc_options_get_int(o, "max-size", 0), 16 * 1024 * 1024);
    assert_false(bc_options_get_bool(o, "fragment", true));
    assert_string_equal(bc_options_get(o, "page"), "a4");
    assert_null(bc_options_get(o, "title"));          /* declared, no default */
    assert_null(bc_options_get(o, "nonesuch"));       /* not declared */
    assert_int_equal(bc_options_get_int(o, "nonesuch", 5), 5);
    assert_true(bc_options_get_bool(o, "title", true)); /* no value: the caller's default */
    assert_true(bc_options_declared(o, "page"));
    assert_false(bc_options_declared(o, "Page"));
    bc_options_free(o);
    /* NULL options (a host that passes none) answer with the caller's defaults. */
    assert_null(bc_options_get(NULL, "width"));
    assert_int_equal(bc_options_get_int(NULL, "width", 80), 80);
    bc_options_free(NULL);
}

static void test_types(void **state)
{
    (void)state;
    bc_options *o = bc_options_new(&briefconv_plugin);
    set_ok(o, "width", "20");
    set_ok(o, "width", "1000");
    assert_int_equal(bc_options_get_int(o, "width", 0), 1000);
    set_bad(o, "width", "19", "option \"width\": 19 is out of range (20..1000)");
    set_bad(o, "width", "1001", "option \"width\": 1001 is out of range (20..1000)");
    set_bad(o, "width", "7x", "option \"width\": \"7x\" is not an integer");
    set_bad(o, "width", "", "option \"width\": \"\" is not an integer");
    set_bad(o, "width", " 7", "option \"width\": \" 7\" is not an integer");
    set_bad(o, "width", "99999999999999999999", "option \"width\": \"99999999999999999999\" is not an integer");
    assert_int_equal(bc_options_get_int(o, "width", 0), 1000); /* failures keep the last good value */
    set_ok(o, "offset", "-123456789012");
    assert_int_equal(bc_options_get_int(o, "offset", 0), -123456789012LL);

    for (const char *const *t = (const char *const[]){"true", "YES", "on", "1", NULL}; *t; t++) {
        set_ok(o, "fragment", *t);
        assert_true(bc_options_get_bool(o, "fragment", false));
    }
    for (const char *const *f = (const char *const[]){"false", "No", "OFF", "0", NULL}; *f; f++) {
        set_ok(o, "fragment", *f);
        assert_false(bc_options_get_bool(o, "fragment", true));
    }
    set_bad(o, "fragment", "maybe", "option \"fragment\": \"maybe\" is not a boolean (true/false, yes/no, 1/0)");

    set_ok(o, "max-size", "4096");
    assert_int_equal(bc_options_get_int(o, "max-size", 0), 4096);
    set_ok(o, "max-size", "512K");
    assert_int_equal(bc_options_get_int(o, "max-size", 0), 512 * 1024);
    set_ok(o, "max-size", "2m");
    assert_int_equal(bc_options_get_int(o, "max-size", 0), 2 * 1024 * 1024);
    set_ok(o, "max-size", "1G");
    assert_int_equal(bc_options_get_int(o, "max-size", 0), 1024LL * 1024 * 1024);
    set_ok(o, "max-size", "3MiB");
    assert_int_equal(bc_options_get_int(o, "max-size", 0), 3 * 1024 * 1024);
    set_bad(o, "max-size", "5G", "option \"max-size\": 5G is out of range (1024..4294967296)");
    set_bad(o, "max-size", "1023", "option \"max-size\": 1023 is out of range (1024..4294967296)");
    set_bad(o, "max-size", "12X", "option \"max-size\": \"12X\" is not a size (e.g. 512K, 16M, 1G)");
    set_bad(o, "max-size", "-1K", "option \"max-size\": \"-1K\" is not a size (e.g. 512K, 16M, 1G)");
    set_bad(o, "max-size", "99999999999G", "option \"max-size\": \"99999999999G\" is not a size (e.g. 512K, 16M, 1G)");

    set_ok(o, "page", "letter");
    assert_string_equal(bc_options_get(o, "page"), "letter");
    set_ok(o, "page", "a4-wide");
    set_bad(o, "page", "a5", "option \"page\": \"a5\" is not one of a4|letter|a4-wide");
    set_bad(o, "page", "a", "option \"page\": \"a\" is not one of a4|letter|a4-wide");
    set_bad(o, "page", "letter|a4", "option \"page\": \"letter|a4\" is not one of a4|letter|a4-wide");

    set_ok(o, "reference-doc", "/proc/self/exe");
    set_bad(o, "reference-doc", "/nonexistent/x.docx",
            "option \"reference-doc\": cannot read \"/nonexistent/x.docx\": No such file or directory");
    set_bad(o, "reference-doc", "/", "option \"reference-doc\": \"/\" is not a regular file");

    set_ok(o, "title", "anything at all");
    assert_string_equal(bc_options_get(o, "title"), "anything at all");
    bc_options_free(o);
}

static void test_unknown(void **state)
{
    (void)state;
    bc_options *o = bc_options_new(&briefconv_plugin);
    set_bad(o, "widht", "3",
            "unknown option \"widht\" for opts (known: width, offset, fragment, max-size, page, reference-doc, title)");
    bc_options_free(o);
    static const bc_plugin bare = {.name = "bare", .kind = BC_PLUGIN_OUTPUT};
    o = bc_options_new(&bare);
    set_bad(o, "x", "1", "unknown option \"x\": bare has no options");
    bc_options_free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
