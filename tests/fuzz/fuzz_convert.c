/*
 * fuzz_convert.c — libFuzzer target: arbitrary bytes through the YAML
 * reader and, when they parse, through every output plugin.
 *
 * Every plugin is linked in statically (tests/fuzz/fuzz.mk renames each
 * plugin's `briefconv_plugin` to `briefconv_plugin_NAME` and hides the rest
 * of its symbols) and registered with bc_registry_add, so the sanitizers and
 * the coverage counters see all of their code.
 *
 * What is checked, each a call to abort() (libFuzzer then keeps the input):
 * - a refused input carries an error with a message (valid UTF-8);
 * - a document that was read renders with every output plugin, the same
 *   bytes twice (output is deterministic);
 * - the outputs pass fuzz_checks.h: DOCX parts re-parse with libxml2 and
 *   link only to safe URLs; HTML, Markdown and plain are valid UTF-8 without
 *   stray controls; links in HTML and in the Markdown (as cmark-gfm reads
 *   it) are safe; the Markdown, read by cmark-gfm with every GFM extension
 *   and --unsafe, has no raw HTML node (the writer never means one);
 * - no leak (ASan's leak checker runs after every input).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <briefconv/host.h>

#include "fuzz_checks.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fuzzer's fixture, built once: a fuzz target is a process-wide thing. */
static bc_registry *registry;
static const bc_plugin *yaml_plugin;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    registry = fuzz_setup();
    yaml_plugin = bc_registry_find(registry, BC_PLUGIN_INPUT, "yaml");
    if (yaml_plugin == NULL)
        FAIL("no yaml input plugin linked in");
    return 0;
}

static bc_sink *render_once(const bc_plugin *out, const bc_document *doc)
{
    bc_error *err = bc_error_new();
    bc_options *opts = bc_options_new(out);
    bc_sink *sink = bc_sink_new_memory();
    if (err == NULL || opts == NULL || sink == NULL)
        FAIL("out of memory");
    if (bc_render(out, doc, opts, sink, err) != 0) {
        char msg[1024];
        bc_error_format(err, msg, sizeof msg);
        FAIL("%s cannot render a document the reader accepted: %s", out->name, msg);
    }
    bc_options_free(opts);
    bc_error_free(err);
    return sink;
}

static void check_output(const bc_plugin *out, const bc_document *doc)
{
    bc_sink *first = render_once(out, doc);
    bc_sink *second = render_once(out, doc);
    const unsigned char *a, *b;
    size_t alen, blen;
    a = bc_sink_memory_data(first, &alen);
    b = bc_sink_memory_data(second, &blen);
    if (alen != blen || (alen > 0 && memcmp(a, b, alen) != 0))
        FAIL("%s output differs between two renders of one document", out->name);
    if (alen == 0)
        FAIL("%s output is empty", out->name);
    if (strcmp(out->name, "docx") == 0) {
        fuzz_check_docx(a, alen);
    } else {
        fuzz_check_text(out->name, a, alen);
        if (strcmp(out->name, "html") == 0)
            fuzz_check_html_links(a, alen);
        else if (strcmp(out->name, "markdown") == 0)
            fuzz_check_markdown_links(a, alen);
    }
    bc_sink_free(first);
    bc_sink_free(second);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bc_error *err = bc_error_new();
    bc_options *opts = bc_options_new(yaml_plugin);
    bc_document *doc;
    size_t i, n;
    if (err == NULL || opts == NULL)
        FAIL("out of memory");
    /* The reader's warnings go to stderr: thousands a second would drown the fuzzer's own output. */
    if (bc_options_set(opts, "warnings", "false", err) != 0)
        FAIL("the yaml plugin has no warnings option");
    doc = bc_read_memory(yaml_plugin, "fuzz.yaml", data, size, opts, err);
    if (doc == NULL) {
        const char *msg = bc_error_message(err);
        if (!bc_error_is_set(err) || msg[0] == '\0')
            FAIL("input refused without an error message");
        if (!bc_utf8_valid(msg, strlen(msg)))
            FAIL("error message is not valid UTF-8: %s", msg);
    } else {
        n = bc_registry_count(registry);
        for (i = 0; i < n; i++) {
            const bc_plugin *p = bc_registry_plugin(registry, i);
            if (p->kind == BC_PLUGIN_OUTPUT)
                check_output(p, doc);
        }
        bc_document_free(doc);
    }
    bc_options_free(opts);
    bc_error_free(err);
    return 0;
}
