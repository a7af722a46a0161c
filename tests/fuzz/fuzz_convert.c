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
 * - DOCX: a zip whose XML parts all parse with libxml2, whose external
 *   relationships all point at allowed URLs;
 * - HTML, Markdown, plain: valid UTF-8 with no C0 control but TAB and LF;
 *   every link attribute libxml2's HTML parser finds, and every link
 *   cmark-gfm finds in the Markdown, is an allowed URL or an in-page anchor;
 * - no leak (ASan's leak checker runs after every input).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <briefconv/host.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "fuzz_plugins.h" /* generated: FUZZ_PLUGINS, a NULL-ended array */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fuzzer's fixture, built once: a fuzz target is a process-wide thing. */
static bc_registry *registry;
static const bc_plugin *yaml_plugin;
static cmark_syntax_extension *autolink_ext;

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        fprintf(stderr, "fuzz_convert: " __VA_ARGS__);                                            \
        fputc('\n', stderr);                                                                       \
        abort();                                                                                   \
    } while (0)

static void ignore_xml_error(void *user, const char *msg, ...)
{
    (void)user;
    (void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    bc_error *err = bc_error_new();
    size_t i;
    (void)argc;
    (void)argv;
    if (err == NULL)
        FAIL("out of memory");
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, ignore_xml_error);
    cmark_gfm_core_extensions_ensure_registered();
    autolink_ext = cmark_find_syntax_extension("autolink");
    if (autolink_ext == NULL)
        FAIL("cmark-gfm has no autolink extension");
    registry = bc_registry_new();
    if (registry == NULL)
        FAIL("out of memory");
    for (i = 0; FUZZ_PLUGINS[i] != NULL; i++) {
        char name[64];
        snprintf(name, sizeof name, "static:%s", FUZZ_PLUGINS[i]->name);
        if (bc_registry_add(registry, FUZZ_PLUGINS[i], name, err) != 0)
            FAIL("cannot register plugin %s: %s", FUZZ_PLUGINS[i]->name, bc_error_message(err));
    }
    yaml_plugin = bc_registry_find(registry, BC_PLUGIN_INPUT, "yaml");
    if (yaml_plugin == NULL)
        FAIL("no yaml input plugin linked in");
    bc_error_free(err);
    return 0;
}

/* Text outputs: valid UTF-8, and no control character the core promises never to pass on. */
static void check_text(const char *format, const unsigned char *s, size_t len)
{
    size_t i;
    if (!bc_utf8_valid((const char *)s, len))
        FAIL("%s output is not valid UTF-8", format);
    for (i = 0; i < len; i++) {
        if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n')
            FAIL("%s output has control character 0x%02x at byte %zu", format, s[i], i);
    }
}

/* A link target is safe when it is an in-page anchor or has an allowed scheme. */
static int url_is_safe(const char *url, size_t len)
{
    if (len > 0 && url[0] == '#')
        return 1;
    return bc_url_is_allowed(url, len);
}

/* Every link-bearing attribute of every element of the HTML is safe, as a browser would read it. */
static void check_html_links(const unsigned char *s, size_t len)
{
    static const char *const attrs[] = {"href", "src", "action", "formaction", "poster", "data"};
    htmlDocPtr html;
    xmlNodePtr node;
    if (len > INT32_MAX)
        FAIL("HTML output too large to check");
    html = htmlReadMemory((const char *)s, (int)len, "fuzz.html", "UTF-8",
                          HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | XML_PARSE_HUGE);
    if (html == NULL)
        FAIL("libxml2 cannot parse the HTML output");
    /* A walk without recursion: the nesting may be deep. */
    node = xmlDocGetRootElement(html);
    while (node != NULL) {
        if (node->type == XML_ELEMENT_NODE) {
            xmlAttrPtr attr;
            for (attr = node->properties; attr != NULL; attr = attr->next) {
                size_t k;
                for (k = 0; k < sizeof attrs / sizeof attrs[0]; k++) {
                    xmlChar *value;
                    if (xmlStrcasecmp(attr->name, (const xmlChar *)attrs[k]) != 0)
                        continue;
                    value = xmlGetProp(node, attr->name);
                    if (value != NULL && !url_is_safe((const char *)value, strlen((const char *)value)))
                        FAIL("HTML has <%s %s=\"%s\">", (const char *)node->name, attrs[k], (const char *)value);
                    xmlFree(value);
                }
            }
        }
        if (node->children != NULL && node->type == XML_ELEMENT_NODE) {
            node = node->children;
            continue;
        }
        while (node != NULL && node->next == NULL)
            node = node->parent != NULL && node->parent->type == XML_ELEMENT_NODE ? node->parent : NULL;
        if (node != NULL)
            node = node->next;
    }
    xmlFreeDoc(html);
}

/* Parses the Markdown as GitHub would and checks every link it finds. */
static void check_markdown_links(const unsigned char *s, size_t len)
{
    cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
    cmark_node *root;
    cmark_iter *iter;
    cmark_event_type ev;
    if (parser == NULL)
        FAIL("out of memory");
    cmark_parser_attach_syntax_extension(parser, autolink_ext);
    cmark_parser_feed(parser, (const char *)s, len);
    root = cmark_parser_finish(parser);
    if (root == NULL)
        FAIL("cmark-gfm cannot parse the Markdown output");
    iter = cmark_iter_new(root);
    while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(iter);
        cmark_node_type type = cmark_node_get_type(node);
        if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)) {
            const char *url = cmark_node_get_url(node);
            if (url == NULL)
                url = "";
            if (!url_is_safe(url, strlen(url)))
                FAIL("Markdown output has an unsafe link \"%s\"", url);
        }
    }
    cmark_iter_free(iter);
    cmark_node_free(root);
    cmark_parser_free(parser);
}

/* External relationships of a .rels part point only at allowed URLs. */
static void check_rels(xmlDocPtr xml, const char *part)
{
    xmlNodePtr root = xmlDocGetRootElement(xml);
    xmlNodePtr n;
    if (root == NULL)
        FAIL("DOCX part %s has no root element", part);
    for (n = root->children; n != NULL; n = n->next) {
        xmlChar *mode, *target;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        mode = xmlGetProp(n, (const xmlChar *)"TargetMode");
        target = xmlGetProp(n, (const xmlChar *)"Target");
        if (mode != NULL && strcmp((const char *)mode, "External") == 0) {
            const char *t = target != NULL ? (const char *)target : "";
            if (!bc_url_is_allowed(t, strlen(t)))
                FAIL("DOCX part %s has an external relationship to \"%s\"", part, t);
        }
        xmlFree(mode);
        xmlFree(target);
    }
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* The DOCX is a zip whose every XML part parses; the main parts are there. */
static void check_docx(const unsigned char *s, size_t len)
{
    zip_error_t zerr;
    zip_source_t *src;
    zip_t *zip;
    zip_int64_t count, i;
    int have_types = 0, have_document = 0;
    zip_error_init(&zerr);
    src = zip_source_buffer_create(s, len, 0, &zerr);
    if (src == NULL)
        FAIL("libzip: %s", zip_error_strerror(&zerr));
    zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (zip == NULL)
        FAIL("DOCX output is not a valid zip: %s", zip_error_strerror(&zerr));
    count = zip_get_num_entries(zip, 0);
    for (i = 0; i < count; i++) {
        zip_stat_t st;
        zip_file_t *f;
        char *buf;
        zip_int64_t got;
        xmlDocPtr xml;
        if (zip_stat_index(zip, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
            !(st.valid & ZIP_STAT_SIZE))
            FAIL("DOCX entry %lld cannot be read: %s", (long long)i, zip_strerror(zip));
        if (strcmp(st.name, "[Content_Types].xml") == 0)
            have_types = 1;
        if (strcmp(st.name, "word/document.xml") == 0)
            have_document = 1;
        if (!has_suffix(st.name, ".xml") && !has_suffix(st.name, ".rels"))
            continue;
        if (st.size > (zip_uint64_t)1 << 30)
            FAIL("DOCX entry %s claims %llu bytes", st.name, (unsigned long long)st.size);
        buf = malloc((size_t)st.size + 1);
        f = zip_fopen_index(zip, (zip_uint64_t)i, 0);
        if (buf == NULL || f == NULL)
            FAIL("DOCX entry %s cannot be opened: %s", st.name, zip_strerror(zip));
        got = zip_fread(f, buf, st.size);
        if (got < 0 || (zip_uint64_t)got != st.size)
            FAIL("DOCX entry %s is truncated or corrupt", st.name);
        zip_fclose(f);
        xml = xmlReadMemory(buf, (int)st.size, st.name, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
        if (xml == NULL)
            FAIL("DOCX part %s is not well-formed XML", st.name);
        if (has_suffix(st.name, ".rels"))
            check_rels(xml, st.name);
        xmlFreeDoc(xml);
        free(buf);
    }
    if (!have_types || !have_document)
        FAIL("DOCX output lacks [Content_Types].xml or word/document.xml");
    zip_close(zip); /* read-only: only frees; also frees SRC */
}

static void render_once(const bc_plugin *out, const bc_document *doc, bc_sink **sink_out)
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
    *sink_out = sink;
}

static void check_output(const bc_plugin *out, const bc_document *doc)
{
    bc_sink *first = NULL, *second = NULL;
    const unsigned char *a, *b;
    size_t alen, blen;
    render_once(out, doc, &first);
    render_once(out, doc, &second);
    a = bc_sink_memory_data(first, &alen);
    b = bc_sink_memory_data(second, &blen);
    if (alen != blen || (alen > 0 && memcmp(a, b, alen) != 0))
        FAIL("%s output differs between two renders of one document", out->name);
    if (alen == 0)
        FAIL("%s output is empty", out->name);
    if (strcmp(out->name, "docx") == 0) {
        check_docx(a, alen);
    } else {
        check_text(out->name, a, alen);
        if (strcmp(out->name, "html") == 0)
            check_html_links(a, alen);
        else if (strcmp(out->name, "markdown") == 0)
            check_markdown_links(a, alen);
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
