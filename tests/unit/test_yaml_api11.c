/*
 * What ABI 1.1 added for plugin authors, on documents the YAML reader makes
 * (so linked with it): titles without citations, references by number,
 * autolinks told from written links, bc_sink_vprintf, day arithmetic and
 * today; and the run's files and items a collection plugin gets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <briefconv/host.h>

extern const bc_plugin briefconv_plugin;

static const char briefing[] = "briefing: 1\n"
                               "title: \"A review [@one]: of things [@two]\"\n"
                               "summary: |\n"
                               "  See https://www.nhs.uk/ and [the guide](https://example.org/guide) and www.x.org.\n"
                               "sections:\n"
                               "  - heading: What it means [@one]\n"
                               "    body: \"## What it means\\n\\nText.\"\n"
                               "  - heading: \"!!!\"\n"
                               "    body: Text.\n"
                               "references:\n"
                               "  - id: one\n    text: First\n"
                               "  - id: two\n    text: Second\n";

static bc_document *read_briefing(void)
{
    bc_error *err = bc_error_new();
    bc_options *opts = bc_options_new(&briefconv_plugin);
    assert_non_null(opts);
    assert_int_equal(bc_options_set(opts, "smart", "false", NULL), 0);
    assert_int_equal(bc_options_set(opts, "warnings", "false", NULL), 0);
    bc_document *doc = bc_read_memory(&briefconv_plugin, "t.yaml", briefing, sizeof briefing - 1, opts, err);
    if (!doc)
        fail_msg("%s", bc_error_message(err));
    bc_options_free(opts);
    bc_error_free(err);
    return doc;
}

static void test_title_without_citations(void **state)
{
    (void)state;
    bc_document *doc = read_briefing();
    char *with = bc_node_plain_text(bc_document_field(doc, BC_FIELD_TITLE));
    char *without = bc_node_plain_text_without_citations(bc_document_field(doc, BC_FIELD_TITLE));
    assert_string_equal(with, "A review (1): of things (2)");
    assert_string_equal(without, "A review: of things");
    free(with);
    free(without);
    bc_document_free(doc);
}

static void test_reference_by_number(void **state)
{
    (void)state;
    bc_document *doc = read_briefing();
    const bc_node *two = bc_document_reference(doc, 2);
    assert_non_null(two);
    assert_string_equal(bc_node_reference_id(two), "two");
    assert_null(bc_document_reference(doc, 3));
    assert_null(bc_document_reference(doc, 0));
    bc_document_free(doc);
}

static void test_autolinks(void **state)
{
    (void)state;
    bc_document *doc = read_briefing();
    bc_iter *it = bc_iter_new(bc_document_field(doc, BC_FIELD_SUMMARY));
    int autolinks = 0, written = 0;
    bc_event ev;
    while ((ev = bc_iter_next(it)) != BC_EVENT_DONE)
        if (ev == BC_EVENT_ENTER && bc_node_type_of(bc_iter_node(it)) == BC_NODE_LINK) {
            if (bc_node_link_is_autolink(bc_iter_node(it)))
                autolinks++;
            else
                written++;
        }
    bc_iter_free(it);
    assert_int_equal(autolinks, 2); /* https://www.nhs.uk/ and www.x.org */
    assert_int_equal(written, 1);
    assert_false(bc_node_link_is_autolink(NULL));
    bc_document_free(doc);
}

static int print_through(bc_sink *sink, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = bc_sink_vprintf(sink, fmt, ap);
    va_end(ap);
    return rc;
}

static void test_anchors(void **state)
{
    (void)state;
    bc_document *doc = read_briefing();
    const char *want[] = {"what-it-means", "what-it-means-2", "h"};
    size_t k = 0;
    char buf[64];
    bc_iter *it = bc_iter_new(bc_document_field(doc, BC_FIELD_SECTIONS));
    bc_event ev;
    while ((ev = bc_iter_next(it)) != BC_EVENT_DONE)
        if (ev == BC_EVENT_ENTER && bc_node_type_of(bc_iter_node(it)) == BC_NODE_HEADING) {
            assert_true(k < 3);
            bc_node_anchor(bc_iter_node(it), buf, sizeof buf);
            assert_string_equal(buf, want[k++]);
        }
    bc_iter_free(it);
    assert_int_equal(k, 3);
    assert_int_equal(bc_node_anchor(bc_document_field(doc, BC_FIELD_TITLE), buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    bc_document_free(doc);
}

static void test_layout(void **state)
{
    (void)state;
    size_t n, total = 0;
    bool seen[BC_FIELD_COUNT] = {false};
    for (int g = 0; g < BC_GROUP_COUNT; g++) {
        const bc_field *f = bc_group_fields((bc_group)g, &n);
        assert_non_null(f);
        for (size_t i = 0; i < n; i++) {
            assert_false(seen[f[i]]); /* each field in one group only */
            seen[f[i]] = true;
        }
        total += n;
    }
    assert_int_equal(total, BC_FIELD_COUNT - 2); /* all but tags and lang, which are not printed as fields */
    assert_int_equal(bc_group_fields(BC_GROUP_DETAILS, &n)[0], BC_FIELD_SOURCE);
    assert_null(bc_group_fields(BC_GROUP_COUNT, &n));
    assert_int_equal(n, 0);
    char buf[32];
    assert_int_equal(bc_label_with_colon("Source", buf, sizeof buf), 7);
    assert_string_equal(buf, "Source:");
    bc_label_with_colon("Where from?", buf, sizeof buf);
    assert_string_equal(buf, "Where from?");
    bc_label_with_colon("Note:", buf, sizeof buf);
    assert_string_equal(buf, "Note:");
    bc_label_with_colon("", buf, sizeof buf);
    assert_string_equal(buf, "");
}

static void test_vprintf(void **state)
{
    (void)state;
    bc_sink *sink = bc_sink_new_memory();
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(print_through(sink, "%d-%s|", 42, "short"), 0);
    assert_int_equal(print_through(sink, "%s", big), 0); /* past the small buffer */
    size_t len;
    const unsigned char *data = bc_sink_memory_data(sink, &len);
    assert_int_equal(len, 9 + sizeof big - 1);
    assert_memory_equal(data, "42-short|", 9);
    bc_sink_free(sink);
}

static void test_days(void **state)
{
    (void)state;
    assert_int_equal(bc_date_days((bc_date){1970, 1, 1}), 0);
    assert_int_equal(bc_date_days((bc_date){2018, 3, 1}) - bc_date_days((bc_date){2018, 2, 20}), 9);
    assert_int_equal(bc_date_days((bc_date){2018, 5, 0}), bc_date_days((bc_date){2018, 5, 1})); /* month only */
    assert_int_equal(bc_date_days((bc_date){2018, 0, 0}), bc_date_days((bc_date){2018, 1, 1}));
    assert_int_equal(bc_date_days((bc_date){2000, 3, 1}) - bc_date_days((bc_date){2000, 2, 28}), 2); /* leap */
    for (long d = -1000; d < 30000; d += 17) {
        bc_date back = bc_date_from_days(d);
        assert_int_equal(bc_date_days(back), d);
    }
    bc_date today;
    bc_error *err = bc_error_new();
    assert_int_equal(bc_date_today("2018-02-20", &today, err), 0);
    assert_int_equal(today.year * 10000 + today.month * 100 + today.day, 20180220);
    assert_int_equal(bc_date_today("2018-02-30", &today, err), -1);
    assert_int_equal(bc_date_today("18-2-20", &today, err), -1);
    setenv("SOURCE_DATE_EPOCH", "1519084800", 1);
    assert_int_equal(bc_date_today(NULL, &today, err), 0);
    assert_int_equal(today.year * 10000 + today.month * 100 + today.day, 20180220);
    setenv("SOURCE_DATE_EPOCH", "soon", 1);
    assert_int_equal(bc_date_today("", &today, err), -1);
    unsetenv("SOURCE_DATE_EPOCH");
    bc_error_free(err);
}

static void test_run_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/bc-run-XXXXXX";
    assert_non_null(mkdtemp(dir));
    bc_run *run = bc_run_new(dir);
    bc_error *err = bc_error_new();
    static const char *const bad[] = {"", "/abs", "../up", "a/../b", "a//b", "a/", ".", "x\ny", NULL};
    for (size_t i = 0; bad[i]; i++) {
        bc_error_clear(err);
        assert_null(bc_run_create(run, bad[i], err));
        assert_true(bc_error_is_set(err));
    }
    bc_sink *s = bc_run_create(run, "deep/er/file.txt", err);
    assert_non_null(s);
    bc_sink_puts(s, "one");
    assert_null(bc_run_create(run, "deep/er/file.txt", err)); /* twice in a run */
    assert_int_equal(bc_run_commit(run, s, err), 0);
    char path[256];
    snprintf(path, sizeof path, "%s/deep/er/file.txt", dir);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);
    bc_run_free(run);

    /* The same bytes again: the file keeps its inode and time. */
    sleep(1);
    run = bc_run_new(dir);
    s = bc_run_create(run, "deep/er/file.txt", err);
    bc_sink_puts(s, "one");
    assert_int_equal(bc_run_commit(run, s, err), 0);
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(after.st_mtime, before.st_mtime);
    assert_int_equal(after.st_ino, before.st_ino);
    /* Different bytes replace it; a discarded file leaves nothing. */
    bc_run_free(run);
    run = bc_run_new(dir);
    s = bc_run_create(run, "deep/er/file.txt", err);
    bc_sink_puts(s, "one more");
    assert_int_equal(bc_run_commit(run, s, err), 0);
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(after.st_size, 8);
    bc_sink *gone = bc_run_create(run, "gone.txt", err);
    bc_sink_puts(gone, "x");
    bc_run_discard(run, gone);
    snprintf(path, sizeof path, "%s/gone.txt", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    bc_run_free(run);
    bc_error_free(err);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_items(void **state)
{
    (void)state;
    bc_item *item = bc_item_new(7, "nhs/aco.yaml");
    assert_int_equal(bc_item_index(item), 7);
    assert_string_equal(bc_item_path(item), "nhs/aco.yaml");
    assert_int_equal(bc_item_add_output(item, &briefconv_plugin, "nhs/aco.x"), 0);
    assert_int_equal(bc_item_output_count(item), 1);
    assert_string_equal(bc_item_output_path(item, 0), "nhs/aco.x");
    assert_string_equal(bc_item_output_format(item, 0), briefconv_plugin.name);
    assert_string_equal(bc_item_output(item, "YAML"), "nhs/aco.x"); /* names are case-insensitive */
    assert_null(bc_item_output(item, "docx"));
    assert_null(bc_item_output_path(item, 1));
    bc_item_free(item);
    bc_item_free(NULL);
}

/* What a host does after loading the plugin: its process-wide set-up. */
static int set_up(void **state)
{
    (void)state;
    bc_error *err = bc_error_new();
    int rc = briefconv_plugin.init ? briefconv_plugin.init(err) : 0;
    bc_error_free(err);
    return rc;
}

static int tear_down(void **state)
{
    (void)state;
    if (briefconv_plugin.fini)
        briefconv_plugin.fini();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_without_citations),
        cmocka_unit_test(test_reference_by_number),
        cmocka_unit_test(test_autolinks),
        cmocka_unit_test(test_anchors),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_vprintf),
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_run_files),
        cmocka_unit_test(test_items),
    };
    return cmocka_run_group_tests(tests, set_up, tear_down);
}
