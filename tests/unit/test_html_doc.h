/*
 * test_html_doc.h — a full hand-built briefing and rendering helpers for the
 * HTML and Markdown unit tests (included by test_html_*.c and
 * test_markdown_*.c; not a test itself). Documents are built with
 * doc_builder.h. Each test binary links one plugin, whose descriptor is
 * briefconv_plugin.
 */
#ifndef TEST_HTML_DOC_H
#define TEST_HTML_DOC_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <briefconv/host.h>

#include "doc_builder.h"

#define UNUSED __attribute__((unused))

extern const bc_plugin briefconv_plugin;

/* A briefing with every part, citations and a nested section. Caller frees. */
UNUSED static bc_document *doc_full(void)
{
    bc_document *d = doc_titled("Integrating care");
    set_text(d, BC_FIELD_TYPE, "Policy briefing");
    set_field(d, BC_FIELD_SOURCE, INLINES(T("NHS England")));
    set_text(d, BC_FIELD_LINK, "https://example.org/integrating-care");
    set_text(d, BC_FIELD_PUBLICATION_FORMAT, "PDF");
    set_date(d, BC_FIELD_PUBLISHED, 2017, 8, 0);
    set_field(d, BC_FIELD_AUDIENCE, INLINES(T("Commissioners")));
    set_field(d, BC_FIELD_SUMMARY,
              CONTENT(P(T("The "), EM(T("Five Year Forward View")), T(" set the scene "),
                        CITE("kf"), T(".")),
                      P(T("See also "), CITE("kf", "nhse"), T("."))));
    set_field(d, BC_FIELD_KEY_FEATURES,
              CONTENT(BULLETS(true, ITEM(P(T("Eight areas"))),
                              ITEM(P(STRONG(T("ACOs")), T(" need:")),
                                   BULLETS(true, ITEM(P(T("a focus"))), ITEM(P(T("a vision"))))))));
    set_field(d, BC_FIELD_IMPACT, CONTENT(P(T("Knowledge management opportunities."))));
    set_field(d, BC_FIELD_SECTIONS,
              CONTENT(SECTION("What the report says", P(T("Body."))),
                      SECTION("Capital", P(T("Money.")), SECTION("Read more", P(T("Deeper."))))));
    set_field(d, BC_FIELD_REFERENCES,
              CONTENT(reference(d, "kf", "https://www.kingsfund.org.uk/x", INLINES(T("King's Fund (2016)"))),
                      reference(d, "nhse", NULL, INLINES(T("NHS England (2017)")))));
    set_date(d, BC_FIELD_UPDATED, 2017, 9, 0);
    set_date(d, BC_FIELD_REVIEW_DUE, 2018, 9, 22);
    set_text(d, BC_FIELD_RESPONSIBLE, "LK");
    set_field(d, BC_FIELD_PRODUCED_BY, INLINES(T("JET Library")));
    set_field(d, BC_FIELD_NOTICE, CONTENT(P(T("Please feel free to reproduce."))));
    assert_int_equal(bc_document_add_tag(d, "STP", 3), 0);
    assert_int_equal(bc_document_add_tag(d, "King's \"Fund\"", 13), 0);
    return d;
}

/* Renders D (finishing it first) with option NAME=VALUE, NAME NULL for the defaults. Caller frees. */
UNUSED static char *render_with(bc_document *d, const char *name, const char *value)
{
    finish(d);
    bc_error *err = bc_error_new();
    assert_non_null(err);
    bc_options *opts = bc_options_new(&briefconv_plugin);
    assert_non_null(opts);
    if (name != NULL && bc_options_set(opts, name, value, err) != 0)
        fail_msg("%s=%s: %s", name, value, bc_error_message(err));
    bc_sink *sink = bc_sink_new_memory();
    assert_non_null(sink);
    if (briefconv_plugin.render(d, opts, sink, err) != 0)
        fail_msg("render: %s", bc_error_message(err));
    assert_int_equal(bc_sink_flush(sink), 0);
    size_t len = 0;
    const unsigned char *data = bc_sink_memory_data(sink, &len);
    char *out = malloc(len + 1);
    assert_non_null(out);
    if (len > 0)
        memcpy(out, data, len);
    out[len] = '\0';
    assert_true(bc_utf8_valid(out, len));
    bc_sink_free(sink);
    bc_options_free(opts);
    bc_error_free(err);
    return out;
}

/* Number of times NEEDLE occurs in HAY. */
UNUSED static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* Asserts that A occurs in S, and before B when B is not NULL. */
UNUSED static void assert_order(const char *s, const char *a, const char *b)
{
    const char *pa = strstr(s, a);
    if (pa == NULL)
        fail_msg("missing: %s", a);
    if (b != NULL) {
        const char *pb = strstr(s, b);
        if (pb == NULL)
            fail_msg("missing: %s", b);
        if (pb < pa)
            fail_msg("%s comes before %s", b, a);
    }
}

/*
 * Renders the finished document D from THREADS threads at once, ROUNDS times
 * each, and checks every output against WANT: the plugin must keep no state
 * between or across calls (the batch mode renders in parallel).
 */
#include <pthread.h>

typedef struct render_job {
    const bc_document *doc;
    const bc_options *opts;
    const char *want;
    int rounds;
    int bad; /* outputs that differed or failed */
} render_job;

UNUSED static void *render_rounds(void *arg)
{
    render_job *job = arg;
    for (int i = 0; i < job->rounds; i++) {
        bc_sink *sink = bc_sink_new_memory();
        bc_error *err = bc_error_new();
        size_t len = 0;
        const unsigned char *data = NULL;
        if (sink != NULL && err != NULL && briefconv_plugin.render(job->doc, job->opts, sink, err) == 0 &&
            bc_sink_flush(sink) == 0)
            data = bc_sink_memory_data(sink, &len);
        if (data == NULL || len != strlen(job->want) || memcmp(data, job->want, len) != 0)
            job->bad++;
        bc_sink_free(sink);
        bc_error_free(err);
    }
    return NULL;
}

UNUSED static void render_in_threads(bc_document *d, const char *want)
{
    enum { THREADS = 8 };
    bc_options *opts = bc_options_new(&briefconv_plugin);
    assert_non_null(opts);
    pthread_t tid[THREADS];
    render_job jobs[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t] = (render_job){.doc = d, .opts = opts, .want = want, .rounds = 50};
        assert_int_equal(pthread_create(&tid[t], NULL, render_rounds, &jobs[t]), 0);
    }
    int bad = 0;
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_join(tid[t], NULL), 0);
        bad += jobs[t].bad;
    }
    bc_options_free(opts);
    assert_int_equal(bad, 0);
}

#endif
