/*
 * test_docx_reference.c — reference-doc: what a real Word template gives
 * (styles that win, ids found by name, page set-up, header with its logo,
 * footer, theme, font table), and templates that are broken or hostile:
 * each a clear error or a safe fallback, never a crash.
 *
 * The fixtures come from tests/tools/make_reference_docx.py; the tests run
 * from the repository root (make's directory), or DOCX_FIXTURES names the
 * fixture directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <libxml/parser.h>

#include "docx/docx.h"

#include "../docx/build.h"

static char *fixture_path(const char *name)
{
    const char *dir = getenv("DOCX_FIXTURES");
    char *path = malloc(4096);
    assert_non_null(path);
    snprintf(path, 4096, "%s/%s", dir && *dir ? dir : "tests/docx", name);
    return path;
}

/* The bytes of a fixture; caller frees. */
static unsigned char *slurp(const char *name, size_t *len)
{
    char *path = fixture_path(name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s (run from the repository root or set DOCX_FIXTURES)", path);
    free(path);
    unsigned char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    assert_true(*len > 0 && *len < (1 << 20));
    return buf;
}

/* A zip of NAME, CONTENT pairs (NULL-terminated); caller frees. */
static unsigned char *make_zip(size_t *len, ...)
{
    docx_part parts[16];
    size_t n = 0;
    va_list ap;
    va_start(ap, len);
    for (const char *name; (name = va_arg(ap, const char *)) != NULL && n < 16; n++) {
        const char *content = va_arg(ap, const char *);
        parts[n] = (docx_part){.name = name, .data = (const unsigned char *)content, .len = strlen(content)};
    }
    va_end(ap);
    bc_sink *sink = bc_sink_new_memory();
    bc_error *err = bc_error_new();
    assert_int_equal(docx_zip(NULL, parts, n, 1, sink, err), 0);
    const unsigned char *p = bc_sink_memory_data(sink, len);
    unsigned char *copy = malloc(*len);
    assert_non_null(copy);
    memcpy(copy, p, *len);
    bc_sink_free(sink);
    bc_error_free(err);
    return copy;
}

/* True when NEEDLE occurs in DATA[0..LEN). */
static bool find(const void *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (memcmp((const char *)data + i, needle, n) == 0)
            return true;
    return false;
}

static const docx_blob *blob(const docx_template *t, const char *name)
{
    for (size_t i = 0; i < t->nparts; i++)
        if (strcmp(t->parts[i].name, name) == 0)
            return &t->parts[i];
    return NULL;
}

/* Loads DATA as a template; returns the error message ("" on success), static per call. */
static const char *load(docx_template *t, const unsigned char *data, size_t len)
{
    static char msg[1024];
    bc_error *err = bc_error_new();
    memset(t, 0, sizeof *t);
    int rc = docx_template_load_memory(t, data, len, "brand.docx", "en-GB", err);
    snprintf(msg, sizeof msg, "%s", rc == 0 ? "" : bc_error_message(err));
    if (rc != 0)
        assert_true(bc_error_is_set(err) && *msg);
    bc_error_free(err);
    return msg;
}

static char *styles_text(const docx_template *t)
{
    assert_non_null(t->styles);
    size_t len = (size_t)xmlBufferLength(t->styles);
    char *s = malloc(len + 1);
    assert_non_null(s);
    memcpy(s, xmlBufferContent(t->styles), len);
    s[len] = '\0';
    return s;
}

static void test_branded_template(void **state)
{
    (void)state;
    size_t len = 0;
    unsigned char *data = slurp("reference.docx", &len);
    docx_template t;
    assert_string_equal(load(&t, data, len), "");
    /* Page set-up from the template's last section. */
    assert_true(t.has_page);
    assert_int_equal(t.page.width, 11906);
    assert_int_equal(t.page.height, 16838);
    assert_int_equal(t.page.left, 1080);
    assert_int_equal(t.page.right, 1080);
    assert_int_equal(t.page.top, 1200);
    assert_int_equal(t.page.bottom, 1300);
    assert_int_equal(t.page.header, 600);
    assert_int_equal(t.page.footer, 650);
    /* Header with its logo, footer, theme and font table copied. */
    assert_true(t.has_header && t.has_footer && t.has_theme && t.has_font_table);
    const docx_blob *logo = blob(&t, "word/media/template1.png");
    assert_non_null(logo);
    assert_string_equal(logo->content_type, "image/png");
    assert_memory_equal(logo->data, "\x89PNG", 4);
    const docx_blob *hrels = blob(&t, "word/_rels/header1.xml.rels");
    assert_non_null(hrels);
    assert_null(hrels->content_type);
    assert_true(find(hrels->data, hrels->len, "Target=\"media/template1.png\""));
    assert_non_null(blob(&t, "word/header1.xml"));
    assert_non_null(blob(&t, "word/footer1.xml"));
    assert_non_null(blob(&t, "word/theme/theme1.xml"));

    /* The template's styles win; ours fill the gaps; its own styles stay. */
    assert_string_equal(t.style_id[DOCX_STYLE_HEADING1], "Heading1");
    assert_string_equal(t.style_id[DOCX_STYLE_NOTICE], "Notice");
    char *styles = styles_text(&t);
    assert_non_null(strstr(styles, "w:styleId=\"TrustCallout\""));
    assert_non_null(strstr(styles, "<w:color w:val=\"8A1538\"/>"));
    assert_non_null(strstr(styles, "<w:style w:type=\"paragraph\" w:styleId=\"Notice\"><w:name w:val=\"Notice\"/>"));
    assert_non_null(strstr(styles, "w:styleId=\"SourceCode\""));
    assert_non_null(strstr(styles, "w:styleId=\"BriefingDetails\""));
    /* One definition each; the template's numbering is not carried over. */
    const char *h1 = strstr(styles, "w:styleId=\"Heading1\"");
    assert_non_null(h1);
    assert_null(strstr(h1 + 1, "w:styleId=\"Heading1\""));
    assert_null(strstr(styles, "<w:numPr>"));
    assert_null(strstr(styles, "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" w:type"));
    /* Still well-formed. */
    xmlDocPtr doc = xmlReadMemory(styles, (int)strlen(styles), "styles.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlFreeDoc(doc);
    free(styles);
    docx_template_dispose(&t);
    free(data);
}

/* Localised style ids are found by Word's built-in names, and the body uses them. */
static void test_localized_template(void **state)
{
    (void)state;
    size_t len = 0;
    unsigned char *data = slurp("reference-localized.docx", &len);
    docx_template t;
    assert_string_equal(load(&t, data, len), "");
    assert_string_equal(t.style_id[DOCX_STYLE_HEADING1], "berschrift1");
    assert_string_equal(t.style_id[DOCX_STYLE_TITLE], "Titel");
    assert_string_equal(t.style_id[DOCX_STYLE_HEADING2], "Heading2");
    char *styles = styles_text(&t);
    /* Styles we add that are based on the template's renamed ones follow the rename. */
    assert_null(strstr(styles, "w:val=\"Heading1\""));
    free(styles);

    bc_document *d = small_doc();
    docx_ctx ctx;
    docx_ctx_init(&ctx, d, false, &t, NULL);
    docx_xml x;
    assert_int_equal(docx_xml_open(&x), 0);
    docx_write_document(&ctx, &x);
    assert_int_equal(docx_xml_finish(&x), 0);
    size_t n = 0;
    const char *body = (const char *)docx_xml_data(&x, &n);
    assert_true(find(body, n, "<w:pStyle w:val=\"Titel\"/>"));
    assert_true(find(body, n, "<w:pStyle w:val=\"berschrift1\"/>"));
    assert_true(find(body, n, "<w:pgMar w:top=\"1200\" w:right=\"1080\""));
    docx_xml_dispose(&x);
    docx_ctx_dispose(&ctx);
    bc_document_free(d);
    docx_template_dispose(&t);
    free(data);
}

#define CT_XML                                                                                                   \
    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"       \
    "<Default Extension=\"png\" ContentType=\"image/png\"/></Types>"
#define PKG_RELS                                                                                                 \
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"                     \
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"       \
    "officeDocument\" Target=\"word/document.xml\"/></Relationships>"
#define DOC_RELS(extra)                                                                                          \
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"                     \
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"       \
    "styles\" Target=\"styles.xml\"/>"                                                                           \
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"       \
    "header\" Target=\"header1.xml\"/>" extra "</Relationships>"
#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define R "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define DOCUMENT                                                                                                 \
    "<w:document " W " " R "><w:body><w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId2\"/>"          \
    "<w:pgSz w:w=\"99999999\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
#define STYLES "<w:styles " W "><w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style></w:styles>"
#define HEADER "<w:hdr " W "><w:p/></w:hdr>"

static void expect_error(const unsigned char *data, size_t len, const char *needle)
{
    docx_template t;
    const char *msg = load(&t, data, len);
    if (!strstr(msg, needle))
        fail_msg("expected an error with \"%s\", got \"%s\"", needle, msg);
    assert_non_null(strstr(msg, "reference-doc brand.docx: "));
    docx_template_dispose(&t);
}

static void test_broken_templates(void **state)
{
    (void)state;
    expect_error((const unsigned char *)"hello", 5, "not a .docx (zip) file");
    expect_error((const unsigned char *)"", 0, "not a .docx (zip) file");
    size_t len = 0;
    unsigned char *z = make_zip(&len, "readme.txt", "hi", NULL);
    expect_error(z, len, "not a Word document (no _rels/.rels)");
    free(z);
    z = make_zip(&len, "_rels/.rels", PKG_RELS, NULL);
    expect_error(z, len, "the main document part is missing");
    free(z);
    z = make_zip(&len, "_rels/.rels", PKG_RELS, "word/document.xml", "<x/>", NULL);
    expect_error(z, len, "its main part is not w:document");
    free(z);
    z = make_zip(&len, "_rels/.rels", "<Relationships", NULL);
    expect_error(z, len, "_rels/.rels is not well-formed XML (line 1");
    free(z);
    /* Entity expansion bombs never get parsed. */
    z = make_zip(&len, "_rels/.rels", PKG_RELS, "word/_rels/document.xml.rels", DOC_RELS(""), "word/document.xml",
                 DOCUMENT, "word/styles.xml",
                 "<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><l>&b;</l>",
                 NULL);
    expect_error(z, len, "word/styles.xml has a DOCTYPE");
    free(z);
    z = make_zip(&len, "_rels/.rels", PKG_RELS, "word/_rels/document.xml.rels", DOC_RELS(""), "word/document.xml",
                 DOCUMENT, "word/styles.xml", "<w:styles " W "><w:style></w:styles>", NULL);
    expect_error(z, len, "word/styles.xml is not well-formed XML");
    free(z);
    z = make_zip(&len, "_rels/.rels", PKG_RELS, "word/_rels/document.xml.rels", DOC_RELS(""), "word/document.xml",
                 DOCUMENT, "word/styles.xml", "<notstyles/>", NULL);
    expect_error(z, len, "word/styles.xml is not a WordprocessingML styles part");
    free(z);

    /* A truncated real template. */
    unsigned char *real = slurp("reference.docx", &len);
    for (size_t cut = 1; cut < len; cut += len / 7)
        expect_error(real, cut, "reference-doc brand.docx");
    free(real);
}

/* A part that inflates beyond the limit is refused before it is all read. */
/* Issue 18, point 4: a FIFO (or any file that is not regular) is refused without waiting for a writer. */
static void test_not_regular(void **state)
{
    (void)state;
    char dir[] = "/tmp/bc-refdoc-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fifo[64];
    snprintf(fifo, sizeof fifo, "%s/fifo.docx", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    alarm(10); /* a hang fails the test instead of stalling the suite */
    docx_template t;
    memset(&t, 0, sizeof t);
    bc_error *err = bc_error_new();
    assert_int_equal(docx_template_load(&t, fifo, "en-GB", err), -1);
    assert_non_null(strstr(bc_error_message(err), "not a regular file"));
    bc_error_clear(err);
    assert_int_equal(docx_template_load(&t, dir, "en-GB", err), -1);
    assert_true(bc_error_is_set(err));
    bc_error_clear(err);
    assert_int_equal(docx_template_load(&t, "/dev/null", "en-GB", err), -1);
    assert_non_null(strstr(bc_error_message(err), "not a regular file"));
    alarm(0);
    docx_template_dispose(&t);
    bc_error_free(err);
    unlink(fifo);
    rmdir(dir);
}

static void test_size_limits(void **state)
{
    (void)state;
    size_t big = (size_t)DOCX_TEMPLATE_MAX_PART + 100;
    char *styles = malloc(big + 1);
    assert_non_null(styles);
    memset(styles, ' ', big);
    memcpy(styles, "<w:styles " W ">", strlen("<w:styles " W ">"));
    memcpy(styles + big - 11, "</w:styles>", 11);
    styles[big] = '\0';
    size_t len = 0;
    unsigned char *z = make_zip(&len, "_rels/.rels", PKG_RELS, "word/_rels/document.xml.rels", DOC_RELS(""),
                                "word/document.xml", DOCUMENT, "word/styles.xml", styles, NULL);
    free(styles);
    assert_true(len < 1024 * 1024); /* a zip bomb in miniature */
    expect_error(z, len, "word/styles.xml is too large");
    free(z);
}

/* Whether a template whose header paragraph holds RUNS keeps its header (its fields all judged safe). */
static bool header_kept(const char *runs)
{
    char header[4096];
    snprintf(header, sizeof header, "<w:hdr " W "><w:p>%s</w:p></w:hdr>", runs);
    size_t len = 0;
    unsigned char *z = make_zip(&len, "[Content_Types].xml", CT_XML, "_rels/.rels", PKG_RELS,
                                "word/_rels/document.xml.rels", DOC_RELS(""), "word/document.xml", DOCUMENT,
                                "word/styles.xml", STYLES, "word/header1.xml", header, NULL);
    docx_template t;
    assert_string_equal(load(&t, z, len), "");
    bool kept = t.has_header;
    docx_template_dispose(&t);
    free(z);
    return kept;
}

#define BEGIN "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
#define SEP "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
#define END "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
#define INSTR(text) "<w:r><w:instrText xml:space=\"preserve\">" text "</w:instrText></w:r>"
#define UNC "\\\\\\\\host\\\\share\\\\x.png"

/* Issue 17, point 3: every field at every depth is judged, simple and complex, split across runs. */
static void test_nested_fields(void **state)
{
    (void)state;
    /* Harmless fields, alone and nested in each other, are kept. */
    assert_true(header_kept(""));
    assert_true(header_kept(BEGIN INSTR(" PAGE ") SEP "<w:r><w:t>1</w:t></w:r>" END));
    assert_true(header_kept("<w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>3</w:t></w:r></w:fldSimple>"));
    assert_true(header_kept(BEGIN INSTR(" = ") BEGIN INSTR(" PAGE ") SEP END INSTR(" + 1 ") SEP END));
    assert_true(header_kept(BEGIN INSTR(" PA") INSTR("GE ") END));

    /* The footer: INCLUDEPICTURE of a UNC path inside an "=" field. */
    assert_false(header_kept(BEGIN INSTR(" = ") BEGIN INSTR(" INCLUDEPICTURE \"" UNC "\" \\d ") SEP END SEP
                                 "<w:r><w:t>0</w:t></w:r>" END));
    /* Deeper: three levels, the bad one innermost. */
    assert_false(header_kept(BEGIN INSTR(" = ") BEGIN INSTR(" = ") BEGIN INSTR(" INCLUDETEXT \"x\" ") END END END));
    /* The bad keyword split across runs, inside a harmless field. */
    assert_false(header_kept(BEGIN INSTR(" PAGE ") BEGIN INSTR(" INCLUDE") INSTR("PICTURE \"" UNC "\"") END END));
    /* A nested field in the result part of a harmless one. */
    assert_false(header_kept(BEGIN INSTR(" PAGE ") SEP BEGIN INSTR(" DDEAUTO x y ") END END));
    /* A complex field inside a simple field's result. */
    assert_false(header_kept("<w:fldSimple w:instr=\" PAGE \">" BEGIN INSTR(" INCLUDEPICTURE \"" UNC "\" ") END
                             "</w:fldSimple>"));
    /* A simple field nested in a complex field's instruction. */
    assert_false(header_kept(BEGIN INSTR(" = ") "<w:fldSimple w:instr=\"INCLUDEPICTURE &quot;" UNC "&quot;\"/>" END));
    /* A keyword Word would compute from a nested field: the outer field is refused. */
    assert_false(header_kept(BEGIN BEGIN INSTR(" QUOTE \"INCLUDEPICTURE\" ") END INSTR(" \"" UNC "\" ") END));
    /* A HYPERLINK whose target comes from a nested field. */
    assert_false(header_kept(BEGIN INSTR(" HYPERLINK \"") BEGIN INSTR(" PAGE ") END INSTR("\" ") END));
    /* A field that never ends, nested or not. */
    assert_false(header_kept(BEGIN INSTR(" PAGE ") BEGIN INSTR(" INCLUDEPICTURE \"x\" ")));
}

/* What cannot be copied safely falls back to ours instead of failing. */
static void test_fallbacks(void **state)
{
    (void)state;
    size_t len = 0;
    docx_template t;
    /* A header using a chart, and a theme-less, page-less template: ours are used. */
    unsigned char *z = make_zip(
        &len, "[Content_Types].xml", CT_XML, "_rels/.rels", PKG_RELS, "word/_rels/document.xml.rels", DOC_RELS(""),
        "word/document.xml", DOCUMENT, "word/styles.xml", STYLES, "word/header1.xml", HEADER,
        "word/_rels/header1.xml.rels",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" "
        "Target=\"charts/chart1.xml\"/></Relationships>",
        NULL);
    assert_string_equal(load(&t, z, len), "");
    assert_false(t.has_header);
    assert_false(t.has_page); /* the page width is out of Word's range */
    assert_false(t.has_theme);
    assert_int_equal(t.nparts, 0);
    assert_non_null(t.styles);
    docx_template_dispose(&t);
    free(z);

    /* Relationship targets that leave the package, or images that are missing. */
    static const char *const targets[] = {"../../../etc/passwd", "/../x.png", "media/missing.png", "C:\\x.png",
                                          "media/%2e%2e/x.png", "media/x.png?x"};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        char rels[1024];
        snprintf(rels, sizeof rels,
                 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                 "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                 "relationships/image\" Target=\"%s\"/></Relationships>",
                 targets[i]);
        z = make_zip(&len, "[Content_Types].xml", CT_XML, "_rels/.rels", PKG_RELS, "word/_rels/document.xml.rels",
                     DOC_RELS(""), "word/document.xml", DOCUMENT, "word/styles.xml", STYLES, "word/header1.xml",
                     HEADER, "word/_rels/header1.xml.rels", rels, "etc/passwd", "secret", "x.png", "not here",
                     NULL);
        assert_string_equal(load(&t, z, len), "");
        assert_false(t.has_header);
        docx_template_dispose(&t);
        free(z);
    }
    /* A header with an external link and an image in a folder above: copied. */
    z = make_zip(&len, "[Content_Types].xml", CT_XML, "_rels/.rels", PKG_RELS, "word/_rels/document.xml.rels",
                 DOC_RELS(""), "word/document.xml", DOCUMENT, "word/styles.xml", STYLES, "word/header1.xml", HEADER,
                 "word/_rels/header1.xml.rels",
                 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                 "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                 "relationships/image\" Target=\"../media/Logo%20Big.PNG\"/>"
                 "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                 "relationships/hyperlink\" Target=\"https://example.org/?a=1&amp;b=2\" TargetMode=\"External\"/>"
                 "</Relationships>",
                 "media/Logo Big.PNG", "\x89PNG fake", NULL);
    assert_string_equal(load(&t, z, len), "");
    assert_true(t.has_header);
    const docx_blob *img = blob(&t, "word/media/template1.png");
    assert_non_null(img);
    assert_string_equal(img->content_type, "image/png");
    const docx_blob *hrels = blob(&t, "word/_rels/header1.xml.rels");
    assert_non_null(hrels);
    assert_true(find(hrels->data, hrels->len, "Target=\"https://example.org/?a=1&amp;b=2\""));
    docx_template_dispose(&t);
    free(z);
}

/* Random damage to a real template: an error or a template, never a crash. */
static void test_damaged_bytes(void **state)
{
    (void)state;
    size_t len = 0;
    unsigned char *real = slurp("reference.docx", &len);
    unsigned char *copy = malloc(len);
    assert_non_null(copy);
    unsigned seed = 12345;
    for (int round = 0; round < 300; round++) {
        memcpy(copy, real, len);
        for (int k = 0; k < 1 + round % 8; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % len;
            seed = seed * 1103515245u + 12345u;
            copy[at] = (unsigned char)(seed >> 16);
        }
        docx_template t;
        bc_error *err = bc_error_new();
        memset(&t, 0, sizeof t);
        int rc = docx_template_load_memory(&t, copy, len, "damaged.docx", "en-GB", err);
        assert_true(rc == 0 || (rc == -1 && bc_error_is_set(err)));
        docx_template_dispose(&t);
        bc_error_free(err);
    }
    free(copy);
    free(real);
}

/* End to end: a run with a broken template does not open, so nothing is written. */
static void test_render_with_bad_template(void **state)
{
    (void)state;
    char path[] = "/tmp/docx-bad-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "PK\x03\x04garbage", 11), 11);
    close(fd);
    bc_document *d = small_doc();
    bc_sink *sink = bc_sink_new_memory();
    bc_error *err = bc_error_new();
    docx_options o = {.reference_doc = path};
    assert_int_equal(docx_render(d, &o, sink, err), -1);
    assert_non_null(strstr(bc_error_message(err), "not a .docx (zip) file"));
    /* It is opening the run that fails: before any document. */
    bc_error_clear(err);
    assert_null(docx_run_open(&o, err));
    assert_non_null(strstr(bc_error_message(err), "not a .docx (zip) file"));
    size_t len = 1;
    bc_sink_memory_data(sink, &len);
    assert_int_equal(len, 0);
    /* A directory is not a template either. */
    bc_error_clear(err);
    o.reference_doc = "/tmp";
    assert_int_equal(docx_render(d, &o, sink, err), -1);
    assert_non_null(strstr(bc_error_message(err), "reference-doc /tmp: "));
    unlink(path);
    bc_sink_free(sink);
    bc_error_free(err);
    bc_document_free(d);
}

/* The bytes DOC renders to through RUN; caller frees. */
static unsigned char *render_in(docx_run *run, const bc_document *doc, size_t *len)
{
    bc_sink *sink = bc_sink_new_memory();
    bc_error *err = bc_error_new();
    assert_non_null(sink);
    assert_non_null(err);
    if (docx_run_render(run, doc, sink, err) != 0)
        fail_msg("render: %s", bc_error_message(err));
    const unsigned char *p = bc_sink_memory_data(sink, len);
    unsigned char *copy = malloc(*len);
    assert_non_null(copy);
    memcpy(copy, p, *len);
    bc_sink_free(sink);
    bc_error_free(err);
    return copy;
}

/*
 * A run reads its template once, at open: the file may go afterwards, and
 * every document of the run, whatever its language, gets the very bytes a
 * run of its own gives (the merged styles do not depend on the language).
 */
static void test_run_reads_template_once(void **state)
{
    (void)state;
    size_t len = 0;
    unsigned char *data = slurp("reference.docx", &len);
    char path[] = "/tmp/docx-ref-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
    docx_options o = {.reference_doc = path};
    /* A briefing in Welsh beside one in the default language (a finished document is read-only). */
    bc_document *d = bc_document_new();
    assert_non_null(d);
    set_text(d, BC_FIELD_LANG, "cy-GB");
    set_field(d, BC_FIELD_TITLE, N(BC_NODE_INLINES, T("Briff")));
    finish(d);
    bc_document *docs[2] = {small_doc(), d};

    /* Each document in a run of its own. */
    unsigned char *want[2];
    size_t want_len[2];
    for (int i = 0; i < 2; i++) {
        docx_run *alone = docx_run_open(&o, NULL);
        assert_non_null(alone);
        want[i] = render_in(alone, docs[i], &want_len[i]);
        docx_run_close(alone);
    }
    assert_false(want_len[0] == want_len[1] && memcmp(want[0], want[1], want_len[0]) == 0);

    bc_error *err = bc_error_new();
    docx_run *run = docx_run_open(&o, err);
    assert_non_null(run);
    assert_int_equal(unlink(path), 0); /* nothing more is read from it */
    for (int round = 0; round < 2; round++) /* the second from what the run kept */
        for (int i = 0; i < 2; i++) {
            size_t got_len = 0;
            unsigned char *got = render_in(run, docs[i], &got_len);
            assert_int_equal(got_len, want_len[i]);
            assert_memory_equal(got, want[i], got_len);
            free(got);
        }
    docx_run_close(run);
    docx_run_close(NULL); /* a no-op */

    /* Now it is gone, opening a run is what fails, naming it. */
    assert_null(docx_run_open(&o, err));
    assert_non_null(strstr(bc_error_message(err), path));
    for (int i = 0; i < 2; i++) {
        free(want[i]);
        bc_document_free(docs[i]);
    }
    bc_error_free(err);
    free(data);
}

int main(void)
{
    xmlInitParser();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_branded_template), cmocka_unit_test(test_localized_template),
        cmocka_unit_test(test_broken_templates), cmocka_unit_test(test_size_limits),
        cmocka_unit_test(test_fallbacks),        cmocka_unit_test(test_damaged_bytes),
        cmocka_unit_test(test_render_with_bad_template), cmocka_unit_test(test_not_regular),
        cmocka_unit_test(test_run_reads_template_once),
        cmocka_unit_test(test_nested_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
