/*
 * fuzz_refdoc.c — libFuzzer target: arbitrary reference documents
 * (-O reference-doc=FILE) for the DOCX writer, which reads their styles,
 * page set-up, header and footer, so they are untrusted input too.
 *
 * An input is either
 * - an "unpacked" package: text of the form
 *       --- [Content_Types].xml
 *       <?xml ...?>...
 *       --- word/styles.xml
 *       ...
 *   which is zipped here (with correct CRCs) so that mutations reach the XML
 *   handling rather than dying in the zip layer; or
 * - anything else, used as the .docx bytes as they are (the zip layer).
 *
 * A fixed briefing is rendered with the package as its reference document.
 * Refusing the package is fine if an error says why; accepting it must give
 * the same bytes twice and a DOCX that passes fuzz_check_docx, which also
 * refuses any field that fetches or runs something (INCLUDEPICTURE, DDE...)
 * anywhere in a part's joined instructions, whatever the nesting: an oracle
 * independent of the writer's allow-list. Seeds with nested and split
 * fields, harmless and hostile, are tests/fuzz/seeds-refdoc/nested-fields-*.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <briefconv/host.h>
#include <zip.h>

#include "fuzz_checks.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fuzzer's fixture, built once: a fuzz target is a process-wide thing. */
static bc_registry *registry;
static const bc_plugin *docx_plugin;
static bc_document *briefing;
static char refdoc_path[256];

static const char briefing_yaml[] =
    "briefing: 1\n"
    "title: A briefing with *every* part [@r1]\n"
    "type: Policy briefing\n"
    "source: NHS England\n"
    "link: https://example.org/main\n"
    "published: 2017-08-22\n"
    "audience: Everyone\n"
    "summary: |\n"
    "  A paragraph with **strong**, `code` and [a link](https://example.org).\n\n"
    "  - a list\n"
    "    1. nested\n\n"
    "  > a quote\n\n"
    "  | a | b |\n"
    "  |---|---|\n"
    "  | 1 | 2 |\n"
    "sections:\n"
    "  - heading: A section\n"
    "    body: Text.\n"
    "references:\n"
    "  - id: r1\n"
    "    text: A reference\n"
    "    url: https://example.org/ref\n"
    "updated: 2017-09\n"
    "produced_by: The library\n"
    "notice: A notice.\n"
    "tags: [a, b]\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const bc_plugin *yaml;
    bc_error *err = bc_error_new();
    const char *tmp = getenv("TMPDIR");
    (void)argc;
    (void)argv;
    registry = fuzz_setup();
    yaml = bc_registry_find(registry, BC_PLUGIN_INPUT, "yaml");
    docx_plugin = bc_registry_find(registry, BC_PLUGIN_OUTPUT, "docx");
    if (err == NULL || yaml == NULL || docx_plugin == NULL)
        FAIL("the yaml and docx plugins must be linked in");
    briefing = bc_read_memory(yaml, "fixture.yaml", briefing_yaml, strlen(briefing_yaml), NULL, err);
    if (briefing == NULL)
        FAIL("the fixture briefing does not read: %s", bc_error_message(err));
    snprintf(refdoc_path, sizeof refdoc_path, "%s/fuzz_refdoc.%ld.docx", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    bc_error_free(err);
    return 0;
}

/* Zips the "--- NAME\n" sections of DATA into a new buffer (caller frees); NULL if DATA is not so. */
static unsigned char *pack(const uint8_t *data, size_t size, size_t *out_len)
{
    zip_error_t zerr;
    zip_source_t *mem;
    zip_t *zip;
    const char *p = (const char *)data, *end = p + size;
    unsigned char *out = NULL;
    zip_stat_t st;
    if (size < 5 || memcmp(data, "--- ", 4) != 0)
        return NULL;
    zip_error_init(&zerr);
    mem = zip_source_buffer_create(NULL, 0, 0, &zerr);
    if (mem == NULL)
        FAIL("libzip: %s", zip_error_strerror(&zerr));
    zip_source_keep(mem);
    zip = zip_open_from_source(mem, ZIP_TRUNCATE, &zerr);
    if (zip == NULL)
        FAIL("libzip: %s", zip_error_strerror(&zerr));
    while (p < end && end - p >= 4 && memcmp(p, "--- ", 4) == 0) {
        const char *name = p + 4, *nl = memchr(name, '\n', (size_t)(end - name));
        const char *body, *next;
        char entry[512];
        zip_source_t *src;
        if (nl == NULL)
            break;
        body = nl + 1;
        next = body;
        /* The body runs to the next line starting "--- ", or to the end. */
        for (;;) {
            const char *q = memchr(next, '\n', (size_t)(end - next));
            if (q == NULL || (end - q > 4 && memcmp(q + 1, "--- ", 4) == 0)) {
                next = q == NULL ? end : q;
                break;
            }
            next = q + 1;
        }
        snprintf(entry, sizeof entry, "%.*s", (int)(nl - name), name);
        src = zip_source_buffer(zip, body, (zip_uint64_t)(next - body), 0);
        if (src == NULL || zip_file_add(zip, entry, src, ZIP_FL_ENC_UTF_8) < 0)
            zip_source_free(src); /* a bad or repeated name: leave it out */
        p = next < end ? next + 1 : end;
    }
    if (zip_close(zip) != 0) {
        zip_discard(zip);
        zip_source_free(mem);
        return NULL;
    }
    if (zip_source_stat(mem, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && zip_source_open(mem) == 0) {
        out = malloc(st.size ? st.size : 1);
        if (out == NULL)
            FAIL("out of memory");
        if (zip_source_read(mem, out, st.size) != (zip_int64_t)st.size)
            FAIL("libzip cannot read back the package it wrote");
        zip_source_close(mem);
        *out_len = st.size;
    }
    zip_source_free(mem);
    return out;
}

static bc_sink *render(const bc_options *opts, bool *ok, bc_error *err)
{
    bc_sink *sink = bc_sink_new_memory();
    if (sink == NULL)
        FAIL("out of memory");
    *ok = bc_render(docx_plugin, briefing, opts, sink, err) == 0;
    return sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len = size;
    unsigned char *packed = pack(data, size, &len);
    const unsigned char *bytes = packed != NULL ? packed : data;
    FILE *f = fopen(refdoc_path, "wb");
    bc_error *err = bc_error_new();
    bc_options *opts = bc_options_new(docx_plugin);
    bc_sink *first, *second;
    bool ok1, ok2;
    if (f == NULL || err == NULL || opts == NULL)
        FAIL("cannot set up: %s", refdoc_path);
    if (len > 0 && fwrite(bytes, 1, len, f) != len)
        FAIL("cannot write %s", refdoc_path);
    if (fclose(f) != 0)
        FAIL("cannot write %s", refdoc_path);
    if (bc_options_set(opts, "reference-doc", refdoc_path, err) != 0)
        FAIL("reference-doc refused as an option: %s", bc_error_message(err));
    first = render(opts, &ok1, err);
    if (!ok1) {
        if (!bc_error_is_set(err) || bc_error_message(err)[0] == '\0')
            FAIL("reference document refused without an error message");
    } else {
        const unsigned char *a, *b;
        size_t alen, blen;
        second = render(opts, &ok2, err);
        a = bc_sink_memory_data(first, &alen);
        b = bc_sink_memory_data(second, &blen);
        if (!ok2 || alen != blen || memcmp(a, b, alen) != 0)
            FAIL("two renders with one reference document differ");
        fuzz_check_docx(a, alen);
        bc_sink_free(second);
    }
    bc_sink_free(first);
    bc_options_free(opts);
    bc_error_free(err);
    free(packed);
    unlink(refdoc_path);
    return 0;
}
