/*
 * Safe output and conversion: a failed render leaves no temporary file and
 * the old file intact; commit replaces atomically; bad targets are refused;
 * bc_read_memory/bc_read_file/bc_render run a plugin and finish the document.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <briefconv/host.h>

static char dir[] = "/tmp/bc-output-XXXXXX";

/* ---- a tiny input plugin: line 1 is the title, "cite ID" lines cite, "ref ID" lines are references. */
static bc_document *read_lines(bc_source *src, const bc_options *opts, bc_error *err)
{
    (void)opts;
    char buf[4096];
    long long n = bc_source_read(src, buf, sizeof buf - 1, err);
    if (n < 0)
        return NULL;
    buf[n] = '\0';
    bc_document *doc = bc_document_new();
    bc_node *title = bc_node_new(doc, BC_NODE_INLINES, 1, 1);
    bc_node *summary = bc_node_new(doc, BC_NODE_CONTENT, 2, 1);
    bc_node *para = bc_node_new(doc, BC_NODE_PARAGRAPH, 2, 1);
    bc_node *refs = bc_node_new(doc, BC_NODE_CONTENT, 2, 1);
    bc_node_append_child(summary, para);
    int line = 1;
    for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save), line++) {
        if (line == 1) {
            bc_node *t = bc_node_new(doc, BC_NODE_TEXT, 1, 1);
            bc_node_set_literal(t, l, strlen(l));
            bc_node_append_child(title, t);
        } else if (strncmp(l, "cite ", 5) == 0) {
            bc_node *c = bc_node_new(doc, BC_NODE_CITATION, line, 6);
            bc_node_add_citation_id(c, l + 5, strlen(l + 5));
            bc_node_append_child(para, c);
        } else if (strncmp(l, "ref ", 4) == 0) {
            bc_node *r = bc_node_new(doc, BC_NODE_REFERENCE, line, 5);
            bc_node_set_reference_id(r, l + 4, strlen(l + 4));
            bc_node_append_child(refs, r);
        } else if (strcmp(l, "fail") == 0) {
            bc_error_set(err, line, 1, "told to fail");
            bc_document_free(doc);
            return NULL;
        }
    }
    bc_document_set_field(doc, BC_FIELD_TITLE, title);
    bc_document_set_field(doc, BC_FIELD_SUMMARY, summary);
    bc_document_set_field(doc, BC_FIELD_REFERENCES, refs);
    return doc;
}

static const char *const lines_ext[] = {"lines", NULL};
static const bc_plugin lines_in = {.abi_major = BC_ABI_MAJOR, .struct_size = sizeof(bc_plugin),
                                   .kind = BC_PLUGIN_INPUT, .name = "lines", .extensions = lines_ext,
                                   .read = read_lines};

/* ---- an output plugin: the title's text and each citation's numbers; option fail=true fails midway. */
static int render_dump(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    char *title = bc_node_plain_text(bc_document_field(doc, BC_FIELD_TITLE));
    bc_sink_printf(sink, "title: %s\n", title);
    free(title);
    if (bc_options_get_bool(opts, "fail", false)) {
        bc_error_set(err, 0, 0, "told to fail");
        return -1;
    }
    long long line = bc_options_get_int(opts, "fail-line", 0);
    if (line > 0) {
        bc_error_set(err, (int)line, 1, "told to fail at a node");
        return -1;
    }
    char *text = bc_node_plain_text(bc_document_field(doc, BC_FIELD_SUMMARY));
    bc_sink_printf(sink, "summary: %s\nreferences: %d\n", text, bc_document_reference_count(doc));
    free(text);
    return 0;
}

static const bc_option_spec dump_opts[] = {{.name = "fail", .type = BC_OPTION_BOOL, .default_value = "false"},
                                           {.name = "fail-line", .type = BC_OPTION_INT, .default_value = "0"},
                                           {.name = NULL}};
static const bc_plugin dump_out = {.abi_major = BC_ABI_MAJOR, .struct_size = sizeof(bc_plugin),
                                   .kind = BC_PLUGIN_OUTPUT, .name = "dump", .options = dump_opts,
                                   .render = render_dump};

static int count_entries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *path)
{
    static char buf[8192];
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_read_render(void **state)
{
    (void)state;
    bc_error *err = bc_error_new();
    const char *text = "My title\ncite b\ncite a\nref a\nref b\n";
    bc_document *doc = bc_read_memory(&lines_in, "mem.lines", text, strlen(text), NULL, err);
    assert_non_null(doc);
    assert_string_equal(bc_document_source_name(doc), "mem.lines");
    bc_sink *sink = bc_sink_new_memory();
    assert_int_equal(bc_render(&dump_out, doc, NULL, sink, err), 0);
    size_t len;
    const unsigned char *data = bc_sink_memory_data(sink, &len);
    const char *want = "title: My title\nsummary: (2)(1)\nreferences: 2\n";
    assert_int_equal(len, strlen(want));
    assert_memory_equal(data, want, len);
    bc_sink_free(sink);

    /* A render error at a line of the document names the input, not the output. */
    bc_options *opts = bc_options_new(&dump_out);
    assert_non_null(opts);
    assert_int_equal(bc_options_set(opts, "fail-line", "4", err), 0);
    sink = bc_sink_new_memory();
    assert_int_equal(bc_render(&dump_out, doc, opts, sink, err), -1);
    char line_msg[256];
    bc_error_format(err, line_msg, sizeof line_msg);
    assert_string_equal(line_msg, "mem.lines:4:1: error: told to fail at a node");
    bc_error_clear(err);
    bc_sink_free(sink);
    /* Without a line, the output file is what failed: bc_render_file names it. */
    char out_path[64];
    snprintf(out_path, sizeof out_path, "%s/named.out", dir);
    assert_int_equal(bc_options_set(opts, "fail-line", "0", err), 0);
    assert_int_equal(bc_options_set(opts, "fail", "true", err), 0);
    assert_int_equal(bc_render_file(&dump_out, doc, opts, out_path, err), -1);
    bc_error_format(err, line_msg, sizeof line_msg);
    char want_msg[128];
    snprintf(want_msg, sizeof want_msg, "%s: error: told to fail", out_path);
    assert_string_equal(line_msg, want_msg);
    bc_error_clear(err);
    bc_options_free(opts);
    bc_document_free(doc);

    /* A plugin error keeps its position and gets the input's name. */
    text = "T\nref a\nfail\n";
    assert_null(bc_read_memory(&lines_in, "bad.lines", text, strlen(text), NULL, err));
    char buf[256];
    bc_error_format(err, buf, sizeof buf);
    assert_string_equal(buf, "bad.lines:3:1: error: told to fail");
    bc_error_clear(err);

    /* Errors found by finish also name the input. */
    text = "T\ncite nope\n";
    assert_null(bc_read_memory(&lines_in, "cite.lines", text, strlen(text), NULL, err));
    bc_error_format(err, buf, sizeof buf);
    assert_string_equal(buf, "cite.lines:2:6: error: unknown citation id \"nope\"");
    bc_error_clear(err);

    /* The wrong kind of plugin is refused. */
    assert_null(bc_read_memory(&dump_out, "x", "", 0, NULL, err));
    assert_true(bc_error_is_set(err));
    bc_error_free(err);
}

static void test_read_file(void **state)
{
    (void)state;
    char path[PATH_MAX];
    bc_error *err = bc_error_new();
    snprintf(path, sizeof path, "%s/in.lines", dir);
    write_file(path, "File title\nref a\ncite a\n");
    bc_document *doc = bc_read_file(&lines_in, path, NULL, err);
    assert_non_null(doc);
    assert_string_equal(bc_document_source_name(doc), path);
    assert_int_equal(bc_document_reference_count(doc), 1);
    bc_document_free(doc);
    unlink(path);

    assert_null(bc_read_file(&lines_in, "/nonexistent/in.lines", NULL, err));
    assert_string_equal(bc_error_file(err), "/nonexistent/in.lines");
    assert_string_equal(bc_error_message(err), "cannot open: No such file or directory");
    bc_error_clear(err);
    assert_null(bc_read_file(&lines_in, dir, NULL, err));
    assert_string_equal(bc_error_message(err), "is a directory");
    bc_error_free(err);
}

static void test_atomic_output(void **state)
{
    (void)state;
    char path[PATH_MAX];
    bc_error *err = bc_error_new();
    const char *text = "New\n";
    bc_document *doc = bc_read_memory(&lines_in, "m", text, strlen(text), NULL, err);
    assert_non_null(doc);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    write_file(path, "old contents\n");
    assert_int_equal(chmod(path, 0640), 0);

    /* The render fails after writing: the old file stays, no temporary file is left. */
    bc_options *opts = bc_options_new(&dump_out);
    assert_int_equal(bc_options_set(opts, "fail", "true", err), 0);
    assert_int_equal(bc_render_file(&dump_out, doc, opts, path, err), -1);
    assert_string_equal(bc_error_message(err), "told to fail");
    assert_string_equal(bc_error_file(err), path);
    assert_string_equal(slurp(path), "old contents\n");
    assert_int_equal(count_entries(), 1);
    bc_error_clear(err);

    /* Success replaces it whole and keeps its permissions. */
    assert_int_equal(bc_render_file(&dump_out, doc, NULL, path, err), 0);
    assert_string_equal(slurp(path), "title: New\nsummary: \nreferences: 0\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_int_equal(count_entries(), 1);

    /* A new file gets 0666 less the umask. */
    char fresh[PATH_MAX];
    snprintf(fresh, sizeof fresh, "%s/fresh.txt", dir);
    mode_t old_mask = umask(022);
    assert_int_equal(bc_render_file(&dump_out, doc, NULL, fresh, err), 0);
    umask(old_mask);
    assert_int_equal(stat(fresh, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    unlink(fresh);

    /* Abort removes the temporary file; the temp name is beside the target and hidden. */
    bc_output *out = bc_output_open(path, err);
    assert_non_null(out);
    const char *tmp = bc_output_temp_path(out);
    char prefix[PATH_MAX];
    snprintf(prefix, sizeof prefix, "%s/.out.txt.", dir);
    assert_memory_equal(tmp, prefix, strlen(prefix));
    assert_string_equal(tmp + strlen(tmp) - 4, ".tmp");
    /* While it is written the file has no name (O_TMPFILE): nothing new in the directory. */
    assert_int_equal(count_entries(), 1);
    bc_sink_puts(bc_output_sink(out), "partial");
    assert_int_equal(bc_sink_flush(bc_output_sink(out)), 0);
    assert_int_equal(count_entries(), 1);
    char tmp_copy[PATH_MAX];
    snprintf(tmp_copy, sizeof tmp_copy, "%s", tmp);
    bc_output_abort(out);
    assert_int_equal(access(tmp_copy, F_OK), -1);
    assert_string_equal(slurp(path), "title: New\nsummary: \nreferences: 0\n");
    bc_output_abort(NULL);

    /* Commit through the low-level API, synced. */
    out = bc_output_open(path, err);
    bc_output_set_sync(out, true);
    bc_sink_puts(bc_output_sink(out), "committed\n");
    assert_int_equal(bc_output_commit(out, err), 0);
    assert_string_equal(slurp(path), "committed\n");
    assert_int_equal(count_entries(), 1);

    /*
     * A new file is linked straight to its name; one that appears while the
     * output is written is replaced whole (through the temporary name), and
     * nothing else is left behind.
     */
    char raced[PATH_MAX];
    snprintf(raced, sizeof raced, "%s/raced.txt", dir);
    out = bc_output_open(raced, err);
    assert_non_null(out);
    bc_sink_puts(bc_output_sink(out), "ours\n");
    write_file(raced, "someone else's\n");
    assert_int_equal(bc_output_commit(out, err), 0);
    assert_string_equal(slurp(raced), "ours\n");
    assert_int_equal(count_entries(), 2);
    out = bc_output_open(raced, err);
    assert_non_null(out);
    unlink(raced);
    bc_sink_puts(bc_output_sink(out), "again\n");
    assert_int_equal(bc_output_commit(out, err), 0); /* existed when opened, gone at commit */
    assert_string_equal(slurp(raced), "again\n");
    assert_int_equal(count_entries(), 2);
    unlink(raced);

    bc_options_free(opts);
    bc_error_free(err);
    bc_document_free(doc);
    unlink(path);
}

static void test_refused_targets(void **state)
{
    (void)state;
    char path[PATH_MAX], link[PATH_MAX];
    bc_error *err = bc_error_new();
    assert_null(bc_output_open(dir, err));
    assert_string_equal(bc_error_message(err), "output is a directory");
    bc_error_clear(err);

    snprintf(path, sizeof path, "%s/target", dir);
    snprintf(link, sizeof link, "%s/link", dir);
    write_file(path, "keep\n");
    assert_int_equal(symlink(path, link), 0);
    assert_null(bc_output_open(link, err));
    assert_string_equal(bc_error_message(err), "output is a symbolic link; refusing to replace it");
    bc_error_clear(err);

    assert_null(bc_output_open("/dev/null", err));
    assert_string_equal(bc_error_message(err), "output is not a regular file");
    bc_error_clear(err);

    assert_null(bc_output_open("/nonexistent-dir/out.txt", err));
    assert_string_equal(bc_error_file(err), "/nonexistent-dir/out.txt");
    assert_non_null(strstr(bc_error_message(err), "No such file or directory"));
    bc_error_clear(err);

    /* An unwritable directory (not for root, who may write anywhere). */
    if (geteuid() != 0) {
        assert_int_equal(chmod(dir, 0500), 0);
        snprintf(path, sizeof path, "%s/new.txt", dir);
        assert_null(bc_output_open(path, err));
        assert_non_null(strstr(bc_error_message(err), "Permission denied"));
        assert_int_equal(chmod(dir, 0700), 0);
    }
    unlink(link);
    snprintf(path, sizeof path, "%s/target", dir);
    unlink(path);
    assert_int_equal(count_entries(), 0);
    bc_error_free(err);
}

/* A full disk: the sink's failure surfaces as a write error and nothing is left. */
static void test_write_error(void **state)
{
    (void)state;
    bc_error *err = bc_error_new();
    if (access("/dev/full", W_OK) != 0)
        skip();
    int fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
    assert_true(fd >= 0);
    bc_sink *s = bc_sink_new_fd(fd);
    const char *text = "T\n";
    bc_document *doc = bc_read_memory(&lines_in, "m", text, strlen(text), NULL, err);
    assert_int_equal(bc_render(&dump_out, doc, NULL, s, err), -1);
    assert_string_equal(bc_error_message(err), "write error: No space left on device");
    bc_sink_free(s);
    close(fd);
    bc_document_free(doc);
    bc_error_free(err);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_render),     cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_atomic_output),   cmocka_unit_test(test_refused_targets),
        cmocka_unit_test(test_write_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
