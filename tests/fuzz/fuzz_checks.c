/*
 * fuzz_checks.c — what the fuzz targets check in an output, and the set-up
 * they share (see fuzz_checks.h).
 */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
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

#include "fuzz_checks.h"
#include "fuzz_plugins.h" /* generated: FUZZ_PLUGINS, a NULL-ended array */

/* Set once by fuzz_setup: a fuzz target is a process-wide thing. */
/* Every GFM extension, as a site generator enables them (autolink among them). */
static const char *const GFM_EXTENSIONS[] = {"table", "strikethrough", "autolink", "tagfilter", "tasklist"};
static cmark_syntax_extension *gfm_ext[sizeof GFM_EXTENSIONS / sizeof GFM_EXTENSIONS[0]];

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("fuzz: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

static void ignore_xml_error(void *user, const char *msg, ...)
{
    (void)user;
    (void)msg;
}

bc_registry *fuzz_setup(void)
{
    bc_error *err = bc_error_new();
    bc_registry *reg;
    size_t i;
    if (err == NULL)
        FAIL("out of memory");
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, ignore_xml_error);
    cmark_gfm_core_extensions_ensure_registered();
    for (i = 0; i < sizeof GFM_EXTENSIONS / sizeof GFM_EXTENSIONS[0]; i++) {
        gfm_ext[i] = cmark_find_syntax_extension(GFM_EXTENSIONS[i]);
        if (gfm_ext[i] == NULL)
            FAIL("cmark-gfm has no %s extension", GFM_EXTENSIONS[i]);
    }
    reg = bc_registry_new();
    if (reg == NULL)
        FAIL("out of memory");
    for (i = 0; FUZZ_PLUGINS[i] != NULL; i++) {
        char name[64];
        snprintf(name, sizeof name, "static:%s", FUZZ_PLUGINS[i]->name);
        if (bc_registry_add(reg, FUZZ_PLUGINS[i], name, err) != 0)
            FAIL("cannot register plugin %s: %s", FUZZ_PLUGINS[i]->name, bc_error_message(err));
    }
    bc_error_free(err);
    return reg;
}

/* Text outputs: valid UTF-8, and no control character the core promises never to pass on. */
void fuzz_check_text(const char *format, const unsigned char *s, size_t len)
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
void fuzz_check_html_links(const unsigned char *s, size_t len)
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

/*
 * cmark-gfm 0.29's email autolink, meeting plain text such as
 * "x-mailto:a@example.org", takes the characters an address may start with
 * before "mailto:" into the link: href "x-mailto:a@example.org"
 * (tests/fuzz/regressions/md-gfm-email-quirk.yaml). No escape or entity
 * prevents it (the extension sees the text after they are decoded). Such a
 * scheme is made only of those characters and ends in "mailto", so it can
 * never be javascript:, data: or vbscript:; browsers ignore it. Accepted
 * here, and only this shape.
 */
static int gfm_email_quirk(const char *url)
{
    const char *m = strstr(url, "mailto:");
    if (m == NULL || m == url || strchr(m + 7, ':') != NULL || strchr(m + 7, '@') == NULL)
        return 0;
    for (const char *p = url; p < m; p++)
        if (!(isalnum((unsigned char)*p) || *p == '.' || *p == '+' || *p == '-' || *p == '_'))
            return 0;
    return 1;
}

/* The one raw HTML the writer means: a reference's anchor, <a id="ref-N"></a> (two inline nodes). */
static int writer_anchor(const char *raw)
{
    if (strcmp(raw, "</a>") == 0)
        return 1;
    if (strncmp(raw, "<a id=\"ref-", 11) != 0)
        return 0;
    const char *p = raw + 11;
    if (!isdigit((unsigned char)*p))
        return 0;
    while (isdigit((unsigned char)*p))
        p++;
    return strcmp(p, "\">") == 0;
}

/*
 * Parses the Markdown as a site generator would (cmark-gfm, every GFM
 * extension, --unsafe) and checks every link it finds, and that it finds no
 * raw HTML but the references' anchors: any other html_inline or
 * html_block node is text that escaped its escapes (issue 17: GFM's www.
 * autolink swallowing the backslash of "\<img ...>").
 */
void fuzz_check_markdown_links(const unsigned char *s, size_t len)
{
    cmark_parser *parser = cmark_parser_new(CMARK_OPT_UNSAFE);
    cmark_node *root;
    cmark_iter *iter;
    cmark_event_type ev;
    size_t i;
    if (parser == NULL)
        FAIL("out of memory");
    for (i = 0; i < sizeof gfm_ext / sizeof gfm_ext[0]; i++)
        cmark_parser_attach_syntax_extension(parser, gfm_ext[i]);
    cmark_parser_feed(parser, (const char *)s, len);
    root = cmark_parser_finish(parser);
    if (root == NULL)
        FAIL("cmark-gfm cannot parse the Markdown output");
    iter = cmark_iter_new(root);
    while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(iter);
        cmark_node_type type = cmark_node_get_type(node);
        if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_HTML_BLOCK)) {
            const char *raw = cmark_node_get_literal(node);
            if (type == CMARK_NODE_HTML_INLINE && raw != NULL && writer_anchor(raw))
                continue;
            FAIL("Markdown output has raw HTML for cmark-gfm --unsafe: \"%.200s\"", raw ? raw : "");
        }
        if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)) {
            const char *url = cmark_node_get_url(node);
            if (url == NULL)
                url = "";
            if (!url_is_safe(url, strlen(url)) && !gfm_email_quirk(url))
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

/* A HYPERLINK field instruction ("HYPERLINK \"url\" \o tip", "HYPERLINK \\l anchor") targets a safe URL. */
static void check_field_instruction(const char *instr, const char *part)
{
    const char *p = strstr(instr, "HYPERLINK");
    size_t len;
    if (p == NULL)
        return;
    p += strlen("HYPERLINK");
    while (*p == ' ' || *p == '\t')
        p++;
    if (p[0] == '\\')
        return; /* a switch first (\\l: a bookmark in this document) */
    if (*p == '"')
        p++;
    len = strcspn(p, "\" ");
    if (!bc_url_is_allowed(p, len))
        FAIL("DOCX part %s has a HYPERLINK field to \"%.*s\"", part, (int)len, p);
}

/*
 * An oracle independent of the writer's allow-list: fields that fetch or
 * run something outside the document when Word updates them. ALL holds
 * every instruction text of a part joined (a keyword may be split across
 * runs, and nested fields are all in there): none of these words may
 * appear in it as a word of its own ("HYPERLINK" is not "LINK").
 */
static void check_no_fetching_fields(const char *all, const char *part)
{
    static const char *const fetching[] = {"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "DDE", "DDEAUTO", "IMPORT",
                                           "LINK", "DATABASE", "MACROBUTTON", "AUTOTEXTLIST", NULL};
    for (size_t k = 0; fetching[k] != NULL; k++) {
        size_t n = strlen(fetching[k]);
        for (const char *p = all; (p = strcasestr(p, fetching[k])) != NULL; p += n) {
            bool word_start = p == all || !isalpha((unsigned char)p[-1]);
            bool word_end = !isalpha((unsigned char)p[n]);
            if (word_start && word_end)
                FAIL("DOCX part %s has a %s field (instructions: \"%.200s\")", part, fetching[k], all);
        }
    }
}

/* Appends TEXT to *ALL (a growing, NUL-terminated string). */
static void join_instr(char **all, size_t *len, const char *text)
{
    size_t add = strlen(text);
    char *grown = realloc(*all, *len + add + 2);
    if (grown == NULL)
        FAIL("out of memory");
    memcpy(grown + *len, text, add);
    *len += add;
    grown[*len] = '\0';
    *all = grown;
}

/* Every field instruction in the part: fldSimple's instr and instrText runs. */
static void check_fields(xmlDocPtr xml, const char *part)
{
    xmlNodePtr node = xmlDocGetRootElement(xml);
    char *all = NULL;
    size_t all_len = 0;
    join_instr(&all, &all_len, "");
    while (node != NULL) {
        if (node->type == XML_ELEMENT_NODE) {
            if (xmlStrcmp(node->name, (const xmlChar *)"fldSimple") == 0) {
                xmlChar *instr = xmlGetNsProp(node, (const xmlChar *)"instr", node->ns ? node->ns->href : NULL);
                if (instr != NULL) {
                    check_field_instruction((const char *)instr, part);
                    join_instr(&all, &all_len, " ");
                    join_instr(&all, &all_len, (const char *)instr);
                    join_instr(&all, &all_len, " ");
                }
                xmlFree(instr);
            } else if (xmlStrcmp(node->name, (const xmlChar *)"instrText") == 0 ||
                       xmlStrcmp(node->name, (const xmlChar *)"delInstrText") == 0) {
                xmlChar *text = xmlNodeGetContent(node);
                if (text != NULL) {
                    check_field_instruction((const char *)text, part);
                    join_instr(&all, &all_len, (const char *)text);
                }
                xmlFree(text);
            }
        }
        if (node->type == XML_ELEMENT_NODE && node->children != NULL) {
            node = node->children;
            continue;
        }
        while (node != NULL && node->next == NULL)
            node = node->parent != NULL && node->parent->type == XML_ELEMENT_NODE ? node->parent : NULL;
        if (node != NULL)
            node = node->next;
    }
    check_no_fetching_fields(all, part);
    free(all);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* The DOCX is a zip whose every XML part parses; the main parts are there. */
void fuzz_check_docx(const unsigned char *s, size_t len)
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
        else
            check_fields(xml, st.name);
        xmlFreeDoc(xml);
        free(buf);
    }
    if (!have_types || !have_document)
        FAIL("DOCX output lacks [Content_Types].xml or word/document.xml");
    zip_close(zip); /* read-only: only frees; also frees SRC */
}

