/*
 * test_docx_render.c — whole packages: the zip's structure and entry
 * order, fixed entry times, byte-identical output (also across time zones
 * and threads), dates from the briefing or SOURCE_DATE_EPOCH, deep nesting,
 * tables, and the plugin descriptor.
 *
 * With DOCX_OUT_DIR set, also writes the rendered documents there
 * (small.docx, rich.docx, rich-letter.docx) for tests/t_docx.sh to check
 * with the OOXML validator, LibreOffice and pandoc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>

#include <briefconv/host.h>
#include <libxml/parser.h>
#include <zip.h>

#include "docx/docx.h"

#include "../docx/build.h"

extern const bc_plugin briefconv_plugin;

typedef struct rendered {
    unsigned char *data;
    size_t len;
} rendered;

static rendered render_opts(const bc_document *doc, const docx_options *o)
{
    bc_sink *sink = bc_sink_new_memory();
    bc_error *err = bc_error_new();
    assert_non_null(sink);
    assert_non_null(err);
    if (docx_render(doc, o, sink, err) != 0)
        fail_msg("render: %s", bc_error_message(err));
    size_t len = 0;
    const unsigned char *p = bc_sink_memory_data(sink, &len);
    rendered r = {malloc(len), len};
    assert_non_null(r.data);
    memcpy(r.data, p, len);
    bc_sink_free(sink);
    bc_error_free(err);
    return r;
}

static rendered render(const bc_document *doc)
{
    docx_options o = {0};
    return render_opts(doc, &o);
}

static void save(const char *name, rendered r)
{
    const char *dir = getenv("DOCX_OUT_DIR");
    if (!dir || !*dir)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(r.data, 1, r.len, f), r.len);
    assert_int_equal(fclose(f), 0);
}

/* The archive, opened read-only and checked for consistency; caller discards. */
static zip_t *open_zip(rendered r)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(r.data, r.len, 0, &ze);
    assert_non_null(src);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!za)
        fail_msg("zip: %s", zip_error_strerror(&ze));
    return za;
}

/* Entry NAME's bytes, NUL-terminated; caller frees. */
static char *entry(zip_t *za, const char *name)
{
    zip_stat_t st;
    assert_int_equal(zip_stat(za, name, 0, &st), 0);
    char *buf = malloc(st.size + 1);
    assert_non_null(buf);
    zip_file_t *f = zip_fopen(za, name, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    buf[st.size] = '\0';
    return buf;
}

static void test_package_structure(void **state)
{
    (void)state;
    bc_document *d = small_doc();
    rendered r = render(d);
    save("small.docx", r);
    /* A local file header, for [Content_Types].xml, first: as Word writes it. */
    assert_true(r.len > 30);
    assert_memory_equal(r.data, "PK\x03\x04", 4);
    assert_int_equal(r.data[26] | r.data[27] << 8, 19);
    assert_memory_equal(r.data + 30, "[Content_Types].xml", 19);
    /* MS-DOS time 00:00:00, date 1980-01-01. */
    assert_int_equal(r.data[10] | r.data[11] << 8, 0);
    assert_int_equal(r.data[12] | r.data[13] << 8, (0 << 9) | (1 << 5) | 1);

    static const char *const names[] = {
        "[Content_Types].xml",  "_rels/.rels",        "docProps/core.xml", "docProps/app.xml",
        "word/document.xml",    "word/_rels/document.xml.rels", "word/styles.xml", "word/numbering.xml",
        "word/settings.xml",    "word/fontTable.xml", "word/header1.xml",  "word/footer1.xml",
    };
    zip_t *za = open_zip(r);
    assert_int_equal(zip_get_num_entries(za, 0), sizeof names / sizeof names[0]);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        zip_stat_t st;
        assert_int_equal(zip_stat_index(za, i, 0, &st), 0);
        assert_string_equal(st.name, names[i]);
        assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
        /* Every part is well-formed XML. */
        char *xml = entry(za, names[i]);
        xmlDocPtr doc = xmlReadMemory(xml, (int)st.size, names[i], NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
        if (!doc)
            fail_msg("%s is not well-formed", names[i]);
        xmlFreeDoc(doc);
        free(xml);
    }
    zip_discard(za);
    free(r.data);
    bc_document_free(d);
}

static void test_deterministic(void **state)
{
    (void)state;
    bc_document *d = rich_doc();
    rendered a = render(d);
    save("rich.docx", a);
    rendered b = render(d);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    /* The time zone must not leak into entry times. */
    const char *tz = getenv("TZ");
    char *saved = tz ? strdup(tz) : NULL;
    setenv("TZ", "Pacific/Kiritimati", 1);
    tzset();
    rendered c = render(d);
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
    assert_int_equal(a.len, c.len);
    assert_memory_equal(a.data, c.data, a.len);
    free(a.data);
    free(b.data);
    free(c.data);
    bc_document_free(d);
}

typedef struct job {
    const bc_document *doc;
    docx_run *run; /* shared by every thread, as a run's -j threads share the instance; NULL: one run per render */
    rendered out;
    int rc;
} job;

static void *render_job(void *arg)
{
    job *j = arg;
    for (int i = 0; i < 20; i++) {
        bc_sink *sink = bc_sink_new_memory();
        bc_error *err = bc_error_new();
        docx_options o = {0};
        if (!sink || !err)
            j->rc = -1;
        else
            j->rc = j->run ? docx_run_render(j->run, j->doc, sink, err) : docx_render(j->doc, &o, sink, err);
        size_t len = 0;
        const unsigned char *p = sink ? bc_sink_memory_data(sink, &len) : NULL;
        if (j->rc == 0 && i == 19) {
            j->out.data = malloc(len);
            if (j->out.data)
                memcpy(j->out.data, p, len);
            j->out.len = len;
        }
        bc_sink_free(sink);
        bc_error_free(err);
        if (j->rc != 0)
            break;
    }
    return NULL;
}

/*
 * Renders from several threads at once give the same bytes as one alone:
 * each with a run of its own, and all through one run (its deflater's pool
 * and kept parts used by every thread).
 */
static void test_reentrant(void **state)
{
    (void)state;
    bc_document *d = rich_doc();
    rendered want = render(d);
    docx_options o = {0};
    docx_run *run = docx_run_open(&o, NULL);
    assert_non_null(run);
    for (int shared = 0; shared < 2; shared++) {
        job jobs[4];
        pthread_t threads[4];
        for (int i = 0; i < 4; i++) {
            jobs[i] = (job){.doc = d, .run = shared ? run : NULL};
            assert_int_equal(pthread_create(&threads[i], NULL, render_job, &jobs[i]), 0);
        }
        for (int i = 0; i < 4; i++) {
            assert_int_equal(pthread_join(threads[i], NULL), 0);
            assert_int_equal(jobs[i].rc, 0);
            assert_int_equal(jobs[i].out.len, want.len);
            assert_memory_equal(jobs[i].out.data, want.data, want.len);
            free(jobs[i].out.data);
        }
    }
    docx_run_close(run);
    free(want.data);
    bc_document_free(d);
}

static void test_letter(void **state)
{
    (void)state;
    bc_document *d = rich_doc();
    docx_options o = {.letter = true};
    rendered r = render_opts(d, &o);
    save("rich-letter.docx", r);
    zip_t *za = open_zip(r);
    char *doc = entry(za, "word/document.xml");
    assert_non_null(strstr(doc, "<w:pgSz w:w=\"12240\" w:h=\"15840\"/>"));
    char *footer = entry(za, "word/footer1.xml");
    assert_non_null(strstr(footer, "<w:tab w:val=\"right\" w:pos=\"9360\"/>"));
    free(doc);
    free(footer);
    zip_discard(za);
    free(r.data);
    bc_document_free(d);
}

/* What the rich document's body must hold: every construct, as Word wants it. */
static void test_rich_body(void **state)
{
    (void)state;
    bc_document *d = rich_doc();
    rendered r = render(d);
    zip_t *za = open_zip(r);
    char *doc = entry(za, "word/document.xml");
    char *rels = entry(za, "word/_rels/document.xml.rels");
    /* Hostile text escaped; a TAB in text is a w:tab, never a literal tab in w:t. */
    assert_non_null(strstr(doc, "<w:br/></w:r><w:r><w:t>Hostile: &lt;&amp;&gt; \"quotes\" 'apostrophes' tab</w:t>"
                                "<w:tab/><w:t>here.</w:t>"));
    assert_null(strstr(doc, "\t"));
    /* Two citations, each a link to its bookmark. */
    assert_non_null(strstr(doc, "<w:hyperlink w:anchor=\"ref_1\" w:history=\"1\">"));
    assert_non_null(strstr(doc, "<w:hyperlink w:anchor=\"ref_2\" w:history=\"1\">"));
    assert_non_null(strstr(doc, "<w:bookmarkStart w:id=\"3\" w:name=\"ref_3\"/>"));
    /* Links: external relationships, the URL escaped for a URI and for XML. */
    assert_non_null(strstr(rels, "Target=\"https://example.org/x?a=1&amp;b=%222%22\" TargetMode=\"External\""));
    assert_non_null(strstr(rels, "Target=\"https://www.england.nhs.uk/publication/integrating%20care/\""));
    assert_non_null(strstr(rels, "Target=\"mailto:library@example.org\""));
    /* A heading inside impact sits one level below it; section depths clamp at 6. */
    assert_non_null(strstr(doc, "<w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t>A heading inside content</w:t>"));
    assert_non_null(strstr(doc, "<w:pStyle w:val=\"Heading6\"/></w:pPr><w:r><w:t>Level seven, clamped</w:t>"));
    /* The header row repeats and is bold. */
    assert_non_null(strstr(doc, "<w:tr><w:trPr><w:tblHeader/></w:trPr>"));
    assert_non_null(strstr(doc, "<w:jc w:val=\"right\"/>"));
    /* A code block: one paragraph, lines broken by w:br, the TAB a w:tab. */
    assert_non_null(strstr(doc, "<w:pStyle w:val=\"SourceCode\"/></w:pPr><w:r><w:t>code line 1</w:t><w:br/><w:tab/>"
                                "<w:t>indented line 2</w:t></w:r>"));
    /* An empty list item still gets its number. */
    assert_non_null(strstr(doc, "<w:numId w:val=\"4\"/></w:numPr><w:contextualSpacing/></w:pPr></w:p>"));
    free(doc);
    free(rels);
    zip_discard(za);
    free(r.data);
    bc_document_free(d);
}

static char *core_xml(const bc_document *d)
{
    rendered r = render(d);
    zip_t *za = open_zip(r);
    char *core = entry(za, "docProps/core.xml");
    zip_discard(za);
    free(r.data);
    return core;
}

static void test_dates(void **state)
{
    (void)state;
    unsetenv("SOURCE_DATE_EPOCH");
    /* No dates in the briefing, no SOURCE_DATE_EPOCH: no dates at all, never the clock. */
    bc_document *d = bc_document_new();
    assert_non_null(d);
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T("Undated")));
    set_text(d, BC_FIELD_PUBLISHED, "Autumn 2016");
    finish(d);
    char *core = core_xml(d);
    assert_null(strstr(core, "dcterms:created"));
    free(core);
    setenv("SOURCE_DATE_EPOCH", "1500000000", 1);
    core = core_xml(d);
    assert_non_null(strstr(core, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2017-07-14T02:40:00Z</dcterms:created>"));
    assert_non_null(strstr(core, "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2017-07-14T02:40:00Z</dcterms:modified>"));
    free(core);
    setenv("SOURCE_DATE_EPOCH", "12abc", 1);
    core = core_xml(d);
    assert_null(strstr(core, "dcterms:created"));
    free(core);
    bc_document_free(d);

    /* The briefing's own dates win over SOURCE_DATE_EPOCH: published... */
    setenv("SOURCE_DATE_EPOCH", "1500000000", 1);
    d = bc_document_new();
    assert_non_null(d);
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T("Dated")));
    set_date(d, BC_FIELD_PUBLISHED, 2016, 0, 0);
    finish(d);
    core = core_xml(d);
    assert_non_null(strstr(core, ">2016-01-01T00:00:00Z</dcterms:created>"));
    free(core);
    bc_document_free(d);
    /* ...and updated over published. */
    d = small_doc();
    core = core_xml(d);
    assert_non_null(strstr(core, ">2017-09-01T00:00:00Z</dcterms:modified>"));
    free(core);
    bc_document_free(d);
    unsetenv("SOURCE_DATE_EPOCH");
}

/* Nesting far beyond Word's nine list levels and any sane quote depth. */
static void test_deep_nesting(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    assert_non_null(d);
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T("Deep")));
    bc_node *inner = LIST(BC_LIST_BULLET, 1, true, TEXT_ITEM("deepest"));
    for (int i = 0; i < 40; i++)
        inner = LIST(i % 2 ? BC_LIST_ORDERED : BC_LIST_BULLET, 1, true, N(BC_NODE_ITEM, inner));
    bc_node *quote = N(BC_NODE_PARAGRAPH, T("quoted"));
    for (int i = 0; i < 2000; i++)
        quote = N(BC_NODE_BLOCK_QUOTE, quote);
    set_field(d, BC_FIELD_SUMMARY, N(BC_NODE_CONTENT, inner, quote));
    finish(d);
    rendered r = render(d);
    zip_t *za = open_zip(r);
    char *doc = entry(za, "word/document.xml");
    assert_non_null(strstr(doc, "<w:ilvl w:val=\"8\"/>"));
    assert_null(strstr(doc, "<w:ilvl w:val=\"9\"/>"));
    assert_non_null(strstr(doc, "<w:t>deepest</w:t>"));
    assert_non_null(strstr(doc, "<w:pStyle w:val=\"Quote\"/><w:ind w:left=\"1420\"/></w:pPr><w:r><w:t>quoted</w:t>"));
    free(doc);
    zip_discard(za);
    free(r.data);
    bc_document_free(d);
}

static void test_descriptor(void **state)
{
    (void)state;
    const bc_plugin *p = &briefconv_plugin;
    assert_int_equal(p->abi_major, BC_ABI_MAJOR);
    assert_int_equal(p->kind, BC_PLUGIN_OUTPUT);
    assert_string_equal(p->name, "docx");
    assert_true(p->flags & BC_PLUGIN_BINARY);
    assert_string_equal(p->extensions[0], "docx");
    assert_non_null(p->render);
    assert_int_equal(p->abi_minor, 1);
    assert_non_null(p->open);
    assert_non_null(p->close);
    assert_non_null(p->render_item);
    assert_null(p->fini); /* nothing process-wide left to free */
    assert_int_equal(p->init(NULL), 0);

    bc_options *opts = bc_options_new(p);
    assert_non_null(opts);
    assert_string_equal(bc_options_get(opts, "page"), "a4");
    bc_error *err = bc_error_new();
    assert_int_equal(bc_options_set(opts, "page", "letter", err), 0);
    assert_int_not_equal(bc_options_set(opts, "page", "a3", err), 0);
    bc_error_clear(err);

    bc_document *d = small_doc();
    bc_sink *sink = bc_sink_new_memory();
    assert_int_equal(p->render(d, opts, sink, err), 0);
    size_t len = 0;
    const unsigned char *data = bc_sink_memory_data(sink, &len);
    rendered r = {(unsigned char *)data, len};
    zip_t *za = open_zip(r);
    char *doc = entry(za, "word/document.xml");
    assert_non_null(strstr(doc, "<w:pgSz w:w=\"12240\" w:h=\"15840\"/>"));
    free(doc);
    zip_discard(za);
    bc_sink_free(sink);

    /* ABI 1.1: an instance, its state through render_item, the same bytes as render. */
    void *st = NULL;
    assert_int_equal(p->open(NULL, opts, &st, err), 0);
    assert_non_null(st);
    bc_sink *sink1 = bc_sink_new_memory(), *sink2 = bc_sink_new_memory();
    assert_non_null(sink1);
    assert_non_null(sink2);
    assert_int_equal(p->render(d, opts, sink1, err), 0);
    assert_int_equal(p->render_item(st, d, NULL, opts, sink2, err), 0);
    size_t len1 = 0, len2 = 0;
    const unsigned char *data1 = bc_sink_memory_data(sink1, &len1);
    const unsigned char *data2 = bc_sink_memory_data(sink2, &len2);
    assert_int_equal(len2, len1);
    assert_memory_equal(data2, data1, len1);
    bc_sink_free(sink1);
    bc_sink_free(sink2);
    p->close(st);

    /* A missing reference document: open fails naming it, before anything is rendered. */
    bc_options *bad = bc_options_new(p);
    assert_non_null(bad);
    /* Set past the host's check, as if the file went between the check and the run. */
    char gone[] = "/tmp/docx-gone-XXXXXX";
    int fd = mkstemp(gone);
    assert_true(fd >= 0);
    assert_int_equal(close(fd), 0);
    assert_int_equal(bc_options_set(bad, "reference-doc", gone, err), 0);
    assert_int_equal(unlink(gone), 0);
    st = (void *)&st;
    assert_int_equal(p->open(NULL, bad, &st, err), -1);
    assert_null(st);
    assert_non_null(strstr(bc_error_message(err), gone));
    bc_error_clear(err);
    bc_options_free(bad);

    /* A missing reference document: an error naming it, nothing written. */
    sink = bc_sink_new_memory();
    docx_options o = {.reference_doc = "/nonexistent/brand.docx"};
    assert_int_equal(docx_render(d, &o, sink, err), -1);
    assert_non_null(strstr(bc_error_message(err), "reference-doc /nonexistent/brand.docx: "));
    bc_sink_memory_data(sink, &len);
    assert_int_equal(len, 0);
    bc_sink_free(sink);
    bc_error_free(err);
    bc_options_free(opts);
    bc_document_free(d);
}

int main(void)
{
    xmlInitParser();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_package_structure), cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_reentrant),         cmocka_unit_test(test_letter),
        cmocka_unit_test(test_rich_body),         cmocka_unit_test(test_dates),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_descriptor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
