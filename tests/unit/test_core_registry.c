/*
 * The registry: descriptor checks (each refusal names the file), init/fini,
 * lookup and overriding, directory rules, and loading the real plugins of
 * the build when they are there. Broken shared objects built with cc are
 * exercised by tests/t_loader.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <briefconv/host.h>

static int render_nothing(const bc_document *d, const bc_options *o, bc_sink *s, bc_error *e)
{
    (void)d, (void)o, (void)s, (void)e;
    return 0;
}

static bc_document *read_nothing(bc_source *src, const bc_options *o, bc_error *e)
{
    (void)src, (void)o;
    bc_error_set(e, 1, 1, "nothing");
    return NULL;
}

static const char *const txt_aliases[] = {"TXT", "text", NULL};
static const char *const yaml_ext[] = {"yaml", "yml", NULL};

static bc_plugin good_output(const char *name)
{
    bc_plugin p = {.abi_major = BC_ABI_MAJOR, .abi_minor = BC_ABI_MINOR, .struct_size = sizeof(bc_plugin),
                   .kind = BC_PLUGIN_OUTPUT, .name = name, .render = render_nothing};
    return p;
}

static void refused(bc_plugin *p, const char *message)
{
    bc_registry *reg = bc_registry_new();
    bc_error *err = bc_error_new();
    char buf[512];
    assert_int_equal(bc_registry_add(reg, p, "/plugins/bad.so", err), -1);
    bc_error_format(err, buf, sizeof buf);
    assert_string_equal(buf, message);
    assert_int_equal(bc_registry_count(reg), 0);
    bc_error_free(err);
    bc_registry_free(reg);
}

static void test_refusals(void **state)
{
    (void)state;
    bc_plugin p = good_output("x");
    p.abi_major = 2;
    refused(&p, "/plugins/bad.so: error: plugin built for ABI 2.x, this briefconv has ABI 1.x");
    p = good_output("x");
    p.struct_size = 24;
    char want[256];
    snprintf(want, sizeof want, "/plugins/bad.so: error: plugin descriptor is truncated (24 bytes, ABI 1.0 needs %u)",
             (unsigned)sizeof(bc_plugin));
    refused(&p, want);
    p = good_output("x");
    p.kind = (bc_plugin_kind)7;
    refused(&p, "/plugins/bad.so: error: plugin has an unknown kind (7)");
    p = good_output(NULL);
    refused(&p, "/plugins/bad.so: error: plugin has no name");
    p = good_output("a,b");
    refused(&p, "/plugins/bad.so: error: plugin has a bad name \"a,b\" (a format name is ASCII letters, digits "
                "and _ - . + only)");
    static const char *const bad_aliases[] = {"ok", "no way", NULL};
    p = good_output("x");
    p.aliases = bad_aliases;
    refused(&p, "/plugins/bad.so: error: plugin x has a bad alias \"no way\" (a format name is ASCII letters, "
                "digits and _ - . + only)");
    p = good_output("x");
    p.render = NULL;
    refused(&p, "/plugins/bad.so: error: output plugin x has no render function");
    p = good_output("x");
    p.kind = BC_PLUGIN_INPUT;
    refused(&p, "/plugins/bad.so: error: input plugin x has no read function");
    static const bc_option_spec bad_opts[] = {{.name = "o", .type = (bc_option_type)99}, {.name = NULL}};
    p = good_output("x");
    p.options = bad_opts;
    refused(&p, "/plugins/bad.so: error: plugin x declares option o with an unknown type");
}

static int init_calls, fini_calls;
static int count_init(bc_error *err)
{
    (void)err;
    init_calls++;
    return 0;
}
static void count_fini(void)
{
    fini_calls++;
}
static int failing_init(bc_error *err)
{
    bc_error_set(err, 0, 0, "libfoo is missing");
    return -1;
}

static void test_init_fini(void **state)
{
    (void)state;
    init_calls = fini_calls = 0;
    bc_registry *reg = bc_registry_new();
    bc_plugin p = good_output("counted");
    p.init = count_init;
    p.fini = count_fini;
    assert_int_equal(bc_registry_add(reg, &p, NULL, NULL), 0);
    assert_int_equal(bc_registry_add(reg, &p, NULL, NULL), 0); /* the same descriptor again: one load */
    assert_int_equal(bc_registry_count(reg), 1);
    assert_int_equal(init_calls, 1);
    assert_int_equal(fini_calls, 0);
    assert_string_equal(bc_registry_plugin_path(reg, 0), "(built in)");
    /* The registry keeps its own copy of the descriptor. */
    p.name = "changed";
    assert_string_equal(bc_registry_plugin(reg, 0)->name, "counted");
    bc_registry_free(reg);
    assert_int_equal(fini_calls, 1);

    reg = bc_registry_new();
    bc_plugin f = good_output("failing");
    f.init = failing_init;
    f.fini = count_fini;
    bc_error *err = bc_error_new();
    char buf[256];
    assert_int_equal(bc_registry_add(reg, &f, "/p/failing.so", err), -1);
    bc_error_format(err, buf, sizeof buf);
    assert_string_equal(buf, "/p/failing.so: error: plugin failing failed to initialise: libfoo is missing");
    assert_int_equal(bc_registry_count(reg), 0);
    bc_registry_free(reg);
    assert_int_equal(fini_calls, 1); /* never initialised, never finalised */
    bc_error_free(err);
    bc_registry_free(NULL);
}

static void test_find(void **state)
{
    (void)state;
    bc_registry *reg = bc_registry_new();
    bc_plugin plain1 = good_output("plain");
    plain1.aliases = txt_aliases;
    bc_plugin plain2 = good_output("plain");
    bc_plugin html = good_output("html");
    bc_plugin yaml = {.abi_major = BC_ABI_MAJOR, .struct_size = sizeof(bc_plugin), .kind = BC_PLUGIN_INPUT,
                      .name = "yaml", .extensions = yaml_ext, .read = read_nothing};
    assert_int_equal(bc_registry_add(reg, &plain1, "/a/plain.so", NULL), 0);
    assert_int_equal(bc_registry_add(reg, &html, "/a/html.so", NULL), 0);
    assert_int_equal(bc_registry_add(reg, &yaml, "/a/yaml.so", NULL), 0);
    const bc_plugin *found = bc_registry_find(reg, BC_PLUGIN_OUTPUT, "txt");
    assert_non_null(found);
    assert_string_equal(found->name, "plain");
    assert_ptr_equal(bc_registry_find(reg, BC_PLUGIN_OUTPUT, "PLAIN"), found);
    assert_null(bc_registry_find(reg, BC_PLUGIN_INPUT, "plain")); /* wrong kind */
    assert_null(bc_registry_find(reg, BC_PLUGIN_OUTPUT, "docx"));
    /* A later plugin of the same name wins. */
    assert_int_equal(bc_registry_add(reg, &plain2, "/b/plain.so", NULL), 0);
    assert_ptr_equal(bc_registry_find(reg, BC_PLUGIN_OUTPUT, "plain"), bc_registry_plugin(reg, 3));
    assert_string_equal(bc_registry_plugin_path(reg, 3), "/b/plain.so");
    /* ...but the alias only the earlier one claims still finds that one. */
    assert_ptr_equal(bc_registry_find(reg, BC_PLUGIN_OUTPUT, "text"), found);

    assert_ptr_equal(bc_registry_find_for_path(reg, "dir.v2/brief.yaml"), bc_registry_plugin(reg, 2));
    assert_ptr_equal(bc_registry_find_for_path(reg, "BRIEF.YML"), bc_registry_plugin(reg, 2));
    assert_null(bc_registry_find_for_path(reg, "brief.txt"));
    assert_null(bc_registry_find_for_path(reg, "dir.yaml/brief"));
    assert_null(bc_registry_find_for_path(reg, ".yaml"));
    assert_null(bc_registry_find_for_path(reg, "brief."));
    assert_null(bc_registry_plugin(reg, 4));
    bc_registry_free(reg);
}

typedef struct {
    int count;
    char last[1024];
} warnings;

static void collect_warning(void *user, const char *message)
{
    warnings *w = user;
    w->count++;
    snprintf(w->last, sizeof w->last, "%s", message);
}

static void test_directories(void **state)
{
    (void)state;
    char dir[] = "/tmp/bc-registry-XXXXXX";
    char path[PATH_MAX];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/junk.so", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("not an ELF file\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    f = fopen(path, "w");
    fclose(f);

    bc_registry *reg = bc_registry_new();
    warnings w = {0};
    assert_int_equal(bc_registry_load_dir(reg, dir, collect_warning, &w), 0);
    assert_int_equal(w.count, 1); /* junk.so refused, notes.txt not looked at */
    snprintf(path, sizeof path, "%s/junk.so: cannot load plugin: ", dir);
    assert_memory_equal(w.last, path, strlen(path));

    /* A directory others may write to is refused as a whole. */
    assert_int_equal(chmod(dir, 0777), 0);
    w.count = 0;
    assert_int_equal(bc_registry_load_dir(reg, dir, collect_warning, &w), 0);
    assert_int_equal(w.count, 1);
    snprintf(path, sizeof path, "%s: plugin directory is writable by group or others; refused", dir);
    assert_string_equal(w.last, path);
    assert_int_equal(chmod(dir, 0700), 0);

    /* A missing directory is no error and says nothing. */
    w.count = 0;
    assert_int_equal(bc_registry_load_dir(reg, "/nonexistent/plugins", collect_warning, &w), 0);
    assert_int_equal(w.count, 0);
    /* A file that does not exist is refused by name. */
    bc_error *err = bc_error_new();
    assert_int_equal(bc_registry_load_file(reg, "/nonexistent/x.so", err), -1);
    assert_string_equal(bc_error_file(err), "/nonexistent/x.so");
    bc_error_free(err);

    snprintf(path, sizeof path, "%s/junk.so", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    unlink(path);
    rmdir(dir);
    bc_registry_free(reg);
}

/* The build's own plugins, when this test runs from BUILD/tests. */
static void test_real_plugins(void **state)
{
    (void)state;
    char exe[PATH_MAX], dir[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    assert_true(n > 0);
    exe[n] = '\0';
    *strrchr(exe, '/') = '\0';
    snprintf(dir, sizeof dir, "%s/../plugins", exe);
    struct stat st;
    if (stat(dir, &st) != 0) {
        print_message("no build plugins beside %s: skipped\n", exe);
        skip();
    }
    bc_registry *reg = bc_registry_new();
    warnings w = {0};
    int loaded = bc_registry_load_dir(reg, dir, collect_warning, &w);
    if (w.count)
        print_message("warning: %s\n", w.last);
    assert_int_equal(w.count, 0);
    assert_true(loaded > 0);
    assert_int_equal((size_t)loaded, bc_registry_count(reg));
    for (size_t i = 0; i < bc_registry_count(reg); i++) {
        const bc_plugin *p = bc_registry_plugin(reg, i);
        assert_ptr_equal(bc_registry_find(reg, p->kind, p->name), p);
        assert_non_null(p->description);
        assert_non_null(p->version);
        assert_non_null(strstr(bc_registry_plugin_path(reg, i), ".so"));
        /* Every declared default passes the plugin's own checks. */
        bc_options *o = bc_options_new(p);
        for (const bc_option_spec *s = p->options; s && s->name; s++) {
            bc_error *err = bc_error_new();
            if (s->default_value && s->type != BC_OPTION_FILE) {
                if (bc_options_set(o, s->name, s->default_value, err) != 0)
                    print_message("%s: %s\n", p->name, bc_error_message(err));
                assert_false(bc_error_is_set(err));
            }
            bc_error_free(err);
        }
        bc_options_free(o);
    }
    /* Loading the same directory again loads nothing twice. */
    size_t before = bc_registry_count(reg);
    bc_registry_load_dir(reg, dir, collect_warning, &w);
    assert_int_equal(bc_registry_count(reg), before);
    bc_registry_free(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals),    cmocka_unit_test(test_init_fini),
        cmocka_unit_test(test_find),        cmocka_unit_test(test_directories),
        cmocka_unit_test(test_real_plugins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
