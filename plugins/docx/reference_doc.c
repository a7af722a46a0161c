/*
 * reference_doc.c — reference-doc=FILE.docx: an organisation's own Word
 * template lends its styles, page set-up, header, footer, theme and font
 * table, as pandoc's --reference-doc does.
 *
 * Semantics: the template's styles win. Each of our styles is looked up in
 * the template by id, then by name (a German Word calls its "heading 1"
 * "berschrift1"); the body then uses the template's id. Styles the template
 * lacks are added from ours. Numbering is not carried over (ours is per
 * list), so numPr is removed from the template's styles, which would
 * otherwise point into a numbering part that is not there.
 *
 * The template is untrusted input: sizes are bounded (file, each part, the
 * total inflated, the number of entries and media), every XML part is
 * parsed without DTDs or network access before it is used or copied,
 * relationship targets are resolved inside the package only, and any
 * failure is a clear error naming the file, never a crash.
 */
#include "docx.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <zip.h>

#define MAX_TOTAL_INFLATED (4 * DOCX_TEMPLATE_MAX_PART)

/* What loading needs at hand: the archive, its name, the error. */
typedef struct loader {
    zip_t *za;
    const char *name;
    bc_error *err;
    docx_template *tpl;
    size_t inflated;  /* bytes read from the archive so far */
    xmlDocPtr types;  /* [Content_Types].xml, for copied media */
    int media;        /* media parts copied */
} loader;

static int fail(loader *l, const char *fmt, const char *arg)
{
    char msg[2048];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    bc_error_set(l->err, 0, 0, "reference-doc %s: %s", l->name, msg);
    return -1;
}

/* ------------------------------------------------------------------ */
/* Reading parts                                                       */
/* ------------------------------------------------------------------ */

/*
 * Reads the entry NAME (matched without case, as OPC part names are) into a
 * new buffer (caller frees). Returns 0, 1 when there is no such entry, or
 * -1 with the error set.
 */
static int read_entry(loader *l, const char *name, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    zip_int64_t idx = zip_name_locate(l->za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return 1;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(l->za, (zip_uint64_t)idx, 0, &st) != 0)
        return fail(l, "cannot read %s", name);
    if ((st.valid & ZIP_STAT_SIZE) && st.size > (zip_uint64_t)DOCX_TEMPLATE_MAX_PART)
        return fail(l, "%s is too large", name);
    zip_file_t *zf = zip_fopen_index(l->za, (zip_uint64_t)idx, 0);
    if (!zf)
        return fail(l, zip_error_code_zip(zip_get_error(l->za)) == ZIP_ER_MEMORY ? "out of memory reading %s"
                                                                                : "cannot read %s (encrypted or damaged)",
                    name);
    /* The stated size may lie: read at most the limit plus one byte. */
    size_t cap = (st.valid & ZIP_STAT_SIZE) ? (size_t)st.size + 1 : 65536;
    unsigned char *buf = malloc(cap);
    size_t used = 0;
    int rc = -1;
    if (!buf) {
        fail(l, "out of memory reading %s", name);
        goto done;
    }
    for (;;) {
        if (used == cap) {
            if (cap > (size_t)DOCX_TEMPLATE_MAX_PART) {
                fail(l, "%s is too large", name);
                goto done;
            }
            size_t ncap = cap * 2;
            unsigned char *p = realloc(buf, ncap);
            if (!p) {
                fail(l, "out of memory reading %s", name);
                goto done;
            }
            buf = p;
            cap = ncap;
        }
        zip_int64_t got = zip_fread(zf, buf + used, cap - used);
        if (got < 0) {
            fail(l, "cannot read %s (damaged archive)", name);
            goto done;
        }
        if (got == 0)
            break;
        used += (size_t)got;
        if (used > (size_t)DOCX_TEMPLATE_MAX_PART) {
            fail(l, "%s is too large", name);
            goto done;
        }
    }
    l->inflated += used;
    if (l->inflated > (size_t)MAX_TOTAL_INFLATED) {
        fail(l, "%s", "the parts read inflate to too much data");
        goto done;
    }
    *out = buf;
    *len = used;
    buf = NULL;
    rc = 0;
done:
    free(buf);
    zip_fclose(zf);
    return rc;
}

/* Parses XML without DTDs, entities from outside or the network. */
/*
 * libxml2 reports errors through here (installed per thread by the loader)
 * instead of printing them, unformatted, on stderr. An allocation that
 * failed is noted: a parse it cut short must say "out of memory", not blame
 * the file, and libxml2 does not always leave that as the parser's error.
 */
static _Thread_local bool libxml2_oom;

static void note_libxml2_error(void *user, xmlErrorPtr error)
{
    (void)user;
    if (error && error->code == XML_ERR_NO_MEMORY)
        libxml2_oom = true;
}

/* libxml2's unstructured messages ("Cannot initialize memory for list"): the failure they go with is reported. */
static void drop_libxml2_message(void *user, const char *fmt, ...)
{
    (void)user;
    (void)fmt;
}

static xmlDocPtr parse_xml(loader *l, const char *name, const unsigned char *data, size_t len)
{
    static const char doctype[] = "<!DOCTYPE";
    if (len > INT32_MAX) {
        fail(l, "%s is too large", name);
        return NULL;
    }
    for (size_t i = 0; i + sizeof doctype - 1 <= len; i++)
        if (data[i] == '<' && memcmp(data + i, doctype, sizeof doctype - 1) == 0) {
            fail(l, "%s has a DOCTYPE, which OOXML forbids", name);
            return NULL;
        }
    xmlParserCtxtPtr pc = xmlNewParserCtxt();
    if (!pc) {
        fail(l, "out of memory parsing %s", name);
        return NULL;
    }
    libxml2_oom = false;
    xmlDocPtr doc = xmlCtxtReadMemory(pc, (const char *)data, (int)len, name, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    const xmlError *e = xmlCtxtGetLastError(pc);
    if (libxml2_oom || (e && e->code == XML_ERR_NO_MEMORY)) {
        /* Not the file's fault: say so, as for any allocation that fails. */
        fail(l, "out of memory parsing %s", name);
        xmlFreeDoc(doc);
        doc = NULL;
    } else if (!doc || !xmlDocGetRootElement(doc)) {
        char what[300];
        snprintf(what, sizeof what, "%s is not well-formed XML (line %d: %s)", name, e ? e->line : 0,
                 e && e->message ? e->message : "no root element");
        /* libxml2's messages end with a newline. */
        size_t n = strlen(what);
        if (n && what[n - 1] == '\n')
            what[n - 1] = '\0';
        if (n > 1 && what[n - 2] == '\n')
            what[n - 2] = '\0';
        fail(l, "%s", what);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(pc);
    return doc;
}

/* Reads and parses entry NAME. NULL with *MISSING true when it is absent. */
static xmlDocPtr read_xml(loader *l, const char *name, bool *missing)
{
    unsigned char *data = NULL;
    size_t len = 0;
    *missing = false;
    int rc = read_entry(l, name, &data, &len);
    if (rc == 1)
        *missing = true;
    if (rc != 0)
        return NULL;
    xmlDocPtr doc = parse_xml(l, name, data, len);
    free(data);
    return doc;
}

static bool is_element(xmlNodePtr n, const char *ns, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST ns) &&
           xmlStrEqual(n->name, BAD_CAST local);
}

static xmlNodePtr child(xmlNodePtr n, const char *ns, const char *local)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (is_element(c, ns, local))
            return c;
    return NULL;
}

/* The w: attribute LOCAL of N; caller frees (xmlFree). */
static xmlChar *wattr(xmlNodePtr n, const char *local)
{
    return xmlGetNsProp(n, BAD_CAST local, BAD_CAST DOCX_NS_W);
}

/* ------------------------------------------------------------------ */
/* Relationships and part names                                        */
/* ------------------------------------------------------------------ */

/* The folder of a part name, with its slash ("word/"), into OUT. */
static void folder_of(const char *part, char *out, size_t size)
{
    const char *slash = strrchr(part, '/');
    size_t n = slash ? (size_t)(slash - part) + 1 : 0;
    snprintf(out, size, "%.*s", (int)n, part);
}

/* 1 + the value of hex digit C, or 0 when C is none. */
static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0' + 1;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 11;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 11;
    return 0;
}

/*
 * Resolves relationship TARGET against the folder of SOURCE into a part
 * name inside the package (no leading slash), decoding %XX. False when the
 * target leaves the package or is not a plain path.
 */
static bool resolve(const char *source, const char *target, char *out, size_t size)
{
    char path[1024];
    if (strchr(target, '\\') || strchr(target, ':') || strchr(target, '?') || strchr(target, '#'))
        return false;
    if (target[0] == '/')
        snprintf(path, sizeof path, "%s", target + 1);
    else {
        char dir[512];
        folder_of(source, dir, sizeof dir);
        if ((size_t)snprintf(path, sizeof path, "%s%s", dir, target) >= sizeof path)
            return false;
    }
    /* Normalise "." and ".." segments and decode escapes. */
    size_t o = 0;
    const char *p = path;
    size_t starts[64];
    size_t nseg = 0;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* skip */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (nseg == 0)
                return false;
            o = starts[--nseg];
        } else {
            if (nseg == 64)
                return false;
            starts[nseg++] = o;
            if (o && o + 1 < size)
                out[o++] = '/';
            for (size_t i = 0; i < n; i++) {
                char c = p[i];
                if (c == '%') {
                    if (i + 2 >= n || !hex_value(p[i + 1]) || !hex_value(p[i + 2]))
                        return false;
                    int v = (hex_value(p[i + 1]) - 1) * 16 + hex_value(p[i + 2]) - 1;
                    if (v < 0x20 || v == '/' || v == '\\')
                        return false;
                    c = (char)v;
                    i += 2;
                }
                if (o + 1 >= size)
                    return false;
                out[o++] = c;
            }
        }
        if (!end)
            break;
        p = end + 1;
    }
    if (o == 0)
        return false;
    out[o] = '\0';
    return true;
}

/* The name of the .rels part of PART ("word/_rels/document.xml.rels"). */
static void rels_name(const char *part, char *out, size_t size)
{
    const char *slash = strrchr(part, '/');
    if (slash)
        snprintf(out, size, "%.*s/_rels/%s.rels", (int)(slash - part), part, slash + 1);
    else
        snprintf(out, size, "_rels/%s.rels", part);
}

/* True when Type of a relationship names relationship TYPE ("styles"), in either OOXML flavour. */
static bool rel_type_is(const xmlChar *type, const char *local)
{
    if (!type)
        return false;
    const char *slash = strrchr((const char *)type, '/');
    return slash && strcmp(slash + 1, local) == 0;
}

static bool rel_external(xmlNodePtr rel)
{
    xmlChar *mode = xmlGetProp(rel, BAD_CAST "TargetMode");
    bool ext = mode && xmlStrcasecmp(mode, BAD_CAST "External") == 0;
    xmlFree(mode);
    return ext;
}

/*
 * Finds in RELS (a parsed .rels of part SOURCE) the internal relationship
 * with Id ID, or else the first of type TYPE, and resolves its target into
 * OUT. False if there is none.
 */
static bool find_rel(xmlDocPtr rels, const char *source, const char *id, const char *type, char *out, size_t size)
{
    if (!rels)
        return false;
    for (xmlNodePtr r = xmlDocGetRootElement(rels)->children; r; r = r->next) {
        if (!is_element(r, DOCX_NS_PKG_REL, "Relationship") || rel_external(r))
            continue;
        xmlChar *rid = xmlGetProp(r, BAD_CAST "Id");
        xmlChar *rtype = xmlGetProp(r, BAD_CAST "Type");
        xmlChar *target = xmlGetProp(r, BAD_CAST "Target");
        bool match = id ? (rid && xmlStrEqual(rid, BAD_CAST id)) : rel_type_is(rtype, type);
        bool ok = match && target && resolve(source, (const char *)target, out, size);
        xmlFree(rid);
        xmlFree(rtype);
        xmlFree(target);
        if (ok)
            return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* Copied parts                                                        */
/* ------------------------------------------------------------------ */

static docx_blob *add_blob(loader *l, const char *name, const char *content_type, unsigned char *data, size_t len)
{
    docx_template *t = l->tpl;
    docx_blob *p = realloc(t->parts, (t->nparts + 1) * sizeof *p);
    if (!p) {
        free(data);
        fail(l, "%s", "out of memory");
        return NULL;
    }
    t->parts = p;
    docx_blob *b = &t->parts[t->nparts];
    memset(b, 0, sizeof *b);
    b->name = strdup(name);
    b->content_type = content_type ? strdup(content_type) : NULL;
    b->data = data;
    b->len = len;
    t->nparts++;
    if (!b->name || (content_type && !b->content_type)) {
        fail(l, "%s", "out of memory");
        return NULL;
    }
    return b;
}

/* Drops the last blobs down to COUNT (a header that could not be copied whole). */
static void drop_blobs(docx_template *t, size_t count)
{
    while (t->nparts > count) {
        docx_blob *b = &t->parts[--t->nparts];
        free(b->name);
        free(b->content_type);
        free(b->data);
    }
}

/* A content type that is a plain "type/subtype". */
static bool sane_content_type(const xmlChar *ct)
{
    if (!ct || !*ct || xmlStrlen(ct) > 200)
        return false;
    int slashes = 0;
    for (const xmlChar *p = ct; *p; p++) {
        if (*p == '/')
            slashes++;
        else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                   strchr(".+-", *p)))
            return false;
    }
    return slashes == 1;
}

/* The content type the template declares for PART; caller frees (xmlFree). */
static xmlChar *content_type_of(loader *l, const char *part)
{
    if (!l->types)
        return NULL;
    const char *dot = strrchr(part, '.');
    xmlNodePtr root = xmlDocGetRootElement(l->types);
    xmlChar *by_ext = NULL;
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (is_element(n, DOCX_NS_CT, "Override")) {
            xmlChar *name = xmlGetProp(n, BAD_CAST "PartName");
            bool match = name && name[0] == '/' && xmlStrcasecmp(name + 1, BAD_CAST part) == 0;
            xmlFree(name);
            if (match) {
                xmlFree(by_ext);
                return xmlGetProp(n, BAD_CAST "ContentType");
            }
        } else if (is_element(n, DOCX_NS_CT, "Default") && dot && !by_ext) {
            xmlChar *ext = xmlGetProp(n, BAD_CAST "Extension");
            if (ext && xmlStrcasecmp(ext, BAD_CAST(dot + 1)) == 0)
                by_ext = xmlGetProp(n, BAD_CAST "ContentType");
            xmlFree(ext);
        }
    }
    return by_ext;
}

/* A file extension safe for a part name: up to 8 letters or digits, else "bin". */
static void safe_extension(const char *part, char *out, size_t size)
{
    const char *dot = strrchr(part, '.');
    const char *slash = strrchr(part, '/');
    size_t n = 0;
    if (dot && (!slash || dot > slash)) {
        for (const char *p = dot + 1; *p && n + 1 < size && n < 8; p++) {
            char c = *p;
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                n = 0;
                break;
            }
            out[n++] = c;
        }
    }
    if (n == 0)
        snprintf(out, size, "bin");
    else
        out[n] = '\0';
}

/*
 * Field codes a template's header or footer may keep. Everything else is
 * refused rather than filtered: INCLUDEPICTURE, INCLUDETEXT, DDE and the
 * like fetch or run something outside the document when Word updates
 * fields, and a HYPERLINK is only as safe as its target.
 */
static bool field_is_safe(const char *instr)
{
    static const char *const harmless[] = {
        "PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "DATE", "TIME", "CREATEDATE", "SAVEDATE",
        "PRINTDATE", "TITLE", "SUBJECT", "AUTHOR", "KEYWORDS", "COMMENTS", "LASTSAVEDBY",
        "FILENAME", "DOCPROPERTY", "STYLEREF", "REF", "PAGEREF", "NUMWORDS", "NUMCHARS", "=", NULL,
    };
    const char *p = instr;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strcspn(p, " \t\\");
    if (n == 0)
        return true; /* an empty field shows nothing and runs nothing */
    for (size_t i = 0; harmless[i]; i++)
        if (strlen(harmless[i]) == n && strncasecmp(p, harmless[i], n) == 0)
            return true;
    if (n != strlen("HYPERLINK") || strncasecmp(p, "HYPERLINK", n) != 0)
        return false;
    /* HYPERLINK "target" [switches]: only a quoted target we would make live ourselves. */
    p += n;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '"')
        return false;
    const char *end = strchr(p + 1, '"');
    return end && bc_url_is_allowed(p + 1, (size_t)(end - p - 1));
}

/*
 * A complex field being read: its own instruction text (the w:instrText of
 * its begin..separate part, nested fields left out) and whether that part
 * is still open.
 */
typedef struct {
    char *instr;
    size_t len;
    bool in_instr;
} open_field;

/* Stands in an instruction for a nested field's result, which Word computes: no harmless keyword or URL has it. */
#define NESTED_MARK "\x01"

/* Appends TEXT to F's instruction; false on OOM. */
static bool instr_append(open_field *f, const char *text)
{
    size_t add = strlen(text);
    char *grown = realloc(f->instr, f->len + add + 1);
    if (!grown)
        return false;
    memcpy(grown + f->len, text, add + 1);
    f->instr = grown;
    f->len += add;
    return true;
}

/* Judges F's instruction once it is complete (at its separate or end mark). */
static bool judge(open_field *f)
{
    f->in_instr = false;
    return field_is_safe(f->instr ? f->instr : "");
}

/*
 * Whether every field in the tree under ROOT is safe (field_is_safe), at
 * every depth: simple fields by their w:instr; complex ones by the
 * w:instrText runs between their begin and separate (or end) marks,
 * gathered across runs because Word splits an instruction where it likes.
 * A field nested in another's instruction is judged on its own, and leaves
 * NESTED_MARK in the outer one, so "{ = { INCLUDEPICTURE ... } }" is
 * refused by its inner field, and "{ { QUOTE INCLUDEPICTURE } x }", whose
 * keyword Word would compute, by its outer one. Fields not ended by the end
 * of the part are judged as they stand. 1 safe, 0 not, -1 out of memory.
 */
static int fields_are_safe(xmlNodePtr root)
{
    open_field *stack = NULL;
    size_t depth = 0, cap = 0;
    int safe = 1;
    for (xmlNodePtr n = root; n && safe == 1;) {
        if (n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST DOCX_NS_W)) {
            xmlChar *v = NULL;
            open_field *top = depth ? &stack[depth - 1] : NULL;
            if (xmlStrEqual(n->name, BAD_CAST "fldSimple")) {
                v = wattr(n, "instr");
                if (v && !field_is_safe((const char *)v))
                    safe = 0;
                if (top && top->in_instr && !instr_append(top, NESTED_MARK))
                    safe = -1;
            } else if (xmlStrEqual(n->name, BAD_CAST "fldChar")) {
                v = wattr(n, "fldCharType");
                if (v && xmlStrEqual(v, BAD_CAST "begin")) {
                    if (top && top->in_instr && !instr_append(top, NESTED_MARK))
                        safe = -1;
                    if (depth == cap) {
                        size_t grown_cap = cap ? cap * 2 : 8;
                        open_field *grown = realloc(stack, grown_cap * sizeof *grown);
                        if (!grown) {
                            safe = -1;
                            xmlFree(v);
                            break;
                        }
                        stack = grown;
                        cap = grown_cap;
                    }
                    stack[depth++] = (open_field){.in_instr = true};
                } else if (v && xmlStrEqual(v, BAD_CAST "separate")) {
                    if (top && top->in_instr && !judge(top))
                        safe = 0;
                } else if (v && xmlStrEqual(v, BAD_CAST "end") && top) {
                    if (top->in_instr && !judge(top))
                        safe = 0;
                    free(top->instr);
                    depth--;
                }
            } else if (xmlStrEqual(n->name, BAD_CAST "instrText") || xmlStrEqual(n->name, BAD_CAST "delInstrText")) {
                v = xmlNodeGetContent(n);
                if (!v)
                    safe = -1;
                else if (top && top->in_instr)
                    safe = instr_append(top, (const char *)v) ? 1 : -1;
                else if (!field_is_safe((const char *)v))
                    safe = 0; /* instruction text outside any field's instruction: judged alone */
            }
            xmlFree(v);
        }
        /* The next node in document order. */
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n != root && !n->next)
            n = n->parent;
        n = n == root ? NULL : n->next;
    }
    /* Fields that never ended, innermost first. */
    for (; depth > 0; depth--) {
        open_field *f = &stack[depth - 1];
        if (safe == 1 && f->in_instr && !judge(f))
            safe = 0;
        free(f->instr);
    }
    free(stack);
    return safe;
}

/*
 * Reads entry NAME, to be copied as it is: *DATA (caller frees; NULL unless
 * 0 is returned) holds its bytes, *ROOT_OK says whether it parses with root
 * NS:LOCAL, and *SAFE (when not NULL) is fields_are_safe of that root.
 * Returns 0, 1 when there is no such entry, or -1 with the error set.
 */
static int read_part(loader *l, const char *name, const char *ns, const char *local, unsigned char **data,
                     size_t *len, bool *root_ok, int *safe)
{
    int rc = read_entry(l, name, data, len);
    if (rc != 0)
        return rc;
    xmlDocPtr doc = parse_xml(l, name, *data, *len);
    if (!doc) {
        free(*data);
        *data = NULL;
        return -1;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    *root_ok = is_element(root, ns, local);
    if (safe)
        *safe = *root_ok ? fields_are_safe(root) : 1;
    xmlFreeDoc(doc);
    return 0;
}

/*
 * Copies header or footer SOURCE (a part of the template) as OUR_NAME, with
 * its images. Returns 0 when copied, 1 when it cannot be copied whole (it
 * uses something other than images and safe external links, or a field
 * outside field_is_safe's list: ours is used), -1 on error.
 */
static int copy_header_part(loader *l, const char *source, const char *our_name, const char *root_name,
                            const char *content_type)
{
    size_t mark = l->tpl->nparts;
    unsigned char *data = NULL;
    size_t len = 0;
    bool right_root = false;
    int safe = 1;
    int rc = read_part(l, source, DOCX_NS_W, root_name, &data, &len, &right_root, &safe);
    if (rc != 0)
        return rc < 0 ? -1 : 1;
    if (!right_root) {
        free(data);
        return fail(l, "%s is not a WordprocessingML header or footer", source);
    }
    if (safe != 1) {
        free(data);
        return safe < 0 ? fail(l, "%s", "out of memory") : 1;
    }
    if (!add_blob(l, our_name, content_type, data, len))
        return -1;

    char rels[600];
    rels_name(source, rels, sizeof rels);
    bool missing = false;
    xmlDocPtr rdoc = read_xml(l, rels, &missing);
    if (!rdoc)
        return missing ? 0 : -1;
    rc = 0;
    docx_xml x;
    if (docx_xml_open(&x) != 0) {
        xmlFreeDoc(rdoc);
        return fail(l, "%s", "out of memory");
    }
    docx_xml_begin(&x, "Relationships", DOCX_STR("xmlns", DOCX_NS_PKG_REL));
    for (xmlNodePtr r = xmlDocGetRootElement(rdoc)->children; r && rc == 0; r = r->next) {
        if (!is_element(r, DOCX_NS_PKG_REL, "Relationship"))
            continue;
        xmlChar *id = xmlGetProp(r, BAD_CAST "Id");
        xmlChar *type = xmlGetProp(r, BAD_CAST "Type");
        xmlChar *target = xmlGetProp(r, BAD_CAST "Target");
        char part[1024], copy[64], ext[16];
        const char *to = NULL; /* the target we write */
        bool external = false;
        xmlChar *ct = NULL;
        unsigned char *media = NULL;
        size_t mlen = 0;
        if (!id || !type || !target) {
            rc = 1;
        } else if (rel_external(r) && (!rel_type_is(type, "hyperlink") ||
                                       !bc_url_is_allowed((const char *)target, strlen((const char *)target)))) {
            rc = 1; /* a link we would not make live, or something fetched from outside */
        } else if (rel_external(r)) {
            to = (const char *)target;
            external = true;
        } else if (!rel_type_is(type, "image") || !resolve(source, (const char *)target, part, sizeof part) ||
                   l->media >= DOCX_TEMPLATE_MAX_MEDIA) {
            rc = 1;
        } else if ((ct = content_type_of(l, part)) == NULL || !sane_content_type(ct)) {
            rc = 1;
        } else {
            int got = read_entry(l, part, &media, &mlen);
            if (got != 0) {
                rc = got < 0 ? -1 : 1;
            } else {
                safe_extension(part, ext, sizeof ext);
                snprintf(copy, sizeof copy, "word/media/template%d.%s", ++l->media, ext);
                if (!add_blob(l, copy, (const char *)ct, media, mlen))
                    rc = -1;
                else
                    to = copy + strlen("word/");
            }
        }
        if (to)
            docx_write_relationship(&x, (const char *)id, (const char *)type, to, external);
        xmlFree(ct);
        xmlFree(id);
        xmlFree(type);
        xmlFree(target);
    }
    xmlFreeDoc(rdoc);
    docx_xml_end(&x);
    if (rc == 0 && docx_xml_finish(&x) != 0)
        rc = fail(l, "%s", "out of memory");
    if (rc == 0) {
        char our_rels[128];
        rels_name(our_name, our_rels, sizeof our_rels);
        size_t rlen = 0;
        const unsigned char *rdata = docx_xml_data(&x, &rlen);
        unsigned char *copy = malloc(rlen ? rlen : 1);
        if (!copy)
            rc = fail(l, "%s", "out of memory");
        else {
            memcpy(copy, rdata, rlen);
            if (!add_blob(l, our_rels, NULL, copy, rlen))
                rc = -1;
        }
    }
    docx_xml_dispose(&x);
    if (rc != 0)
        drop_blobs(l->tpl, mark);
    return rc;
}

/* Copies a part that must have no relationships of its own (theme, font table). */
static int copy_plain_part(loader *l, const char *source, const char *our_name, const char *ns, const char *root,
                           const char *content_type, bool *done)
{
    char rels[600];
    rels_name(source, rels, sizeof rels);
    if (zip_name_locate(l->za, rels, ZIP_FL_NOCASE) >= 0)
        return 0; /* embedded fonts or pictures in a theme: keep ours */
    unsigned char *data = NULL;
    size_t len = 0;
    bool ok = false;
    int rc = read_part(l, source, ns, root, &data, &len, &ok, NULL);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (!ok) {
        free(data);
        return 0;
    }
    if (!add_blob(l, our_name, content_type, data, len))
        return -1;
    *done = true;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Page set-up                                                         */
/* ------------------------------------------------------------------ */

/* A twips attribute within [MIN, MAX] into *OUT; false (*OUT as it was) when absent or out of range. */
static bool twips(xmlNodePtr n, const char *name, long min, long max, long *out)
{
    xmlChar *v = n ? wattr(n, name) : NULL;
    if (!v)
        return false;
    char *end = NULL;
    errno = 0;
    long val = strtol((const char *)v, &end, 10);
    bool ok = !errno && end != (char *)v && *end == '\0' && val >= min && val <= max;
    xmlFree(v);
    if (ok)
        *out = val;
    return ok;
}

static void page_setup(docx_template *t, xmlNodePtr sect)
{
    /* Each margin stays within a third of the page across it (height or width). */
    static const struct {
        const char *name;
        size_t offset;
        bool vertical;
    } margins[] = {
        {"top", offsetof(docx_page, top), true},       {"bottom", offsetof(docx_page, bottom), true},
        {"left", offsetof(docx_page, left), false},    {"right", offsetof(docx_page, right), false},
        {"header", offsetof(docx_page, header), true}, {"footer", offsetof(docx_page, footer), true},
        {"gutter", offsetof(docx_page, gutter), false},
    };
    xmlNodePtr sz = child(sect, DOCX_NS_W, "pgSz");
    xmlNodePtr mar = child(sect, DOCX_NS_W, "pgMar");
    docx_page pg;
    docx_page_default(&pg, false);
    /* Word's limits: pages from 0.1 to 22 inches, margins within the page. */
    if (!twips(sz, "w", 144, 31680, &pg.width) || !twips(sz, "h", 144, 31680, &pg.height))
        return;
    for (size_t i = 0; i < sizeof margins / sizeof margins[0]; i++) {
        long *margin = (long *)((char *)&pg + margins[i].offset);
        twips(mar, margins[i].name, 0, (margins[i].vertical ? pg.height : pg.width) / 3, margin);
    }
    xmlChar *orient = wattr(sz, "orient");
    pg.landscape = orient && xmlStrEqual(orient, BAD_CAST "landscape");
    xmlFree(orient);
    t->page = pg;
    t->has_page = true;
}

/* The r:id of SECT's default header or footer reference (TAG); caller frees. */
static xmlChar *default_reference(xmlNodePtr sect, const char *tag)
{
    for (xmlNodePtr c = sect ? sect->children : NULL; c; c = c->next) {
        if (!is_element(c, DOCX_NS_W, tag))
            continue;
        xmlChar *type = wattr(c, "type");
        bool def = !type || xmlStrEqual(type, BAD_CAST "default");
        xmlFree(type);
        if (def)
            return xmlGetNsProp(c, BAD_CAST "id", BAD_CAST DOCX_NS_R);
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Styles                                                              */
/* ------------------------------------------------------------------ */

typedef struct tstyle {
    xmlNodePtr node;
    xmlChar *id, *name, *type;
} tstyle;

static void free_tstyles(tstyle *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xmlFree(s[i].id);
        xmlFree(s[i].name);
        xmlFree(s[i].type);
    }
    free(s);
}

static const tstyle *find_style(const tstyle *s, size_t n, const char *type, const char *id, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (s[i].id && xmlStrEqual(s[i].type, BAD_CAST type) && id && xmlStrEqual(s[i].id, BAD_CAST id))
            return &s[i];
    /* A style without an id cannot be referred to, so a name alone does not make it ours. */
    for (size_t i = 0; i < n; i++)
        if (s[i].name && s[i].id && xmlStrEqual(s[i].type, BAD_CAST type) && name &&
            xmlStrcasecmp(s[i].name, BAD_CAST name) == 0)
            return &s[i];
    return NULL;
}

static bool id_taken(const tstyle *s, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (s[i].id && xmlStrEqual(s[i].id, BAD_CAST id))
            return true;
    return false;
}

/* Removes numPr from the paragraph properties of every style under ROOT. */
static void strip_numbering(xmlNodePtr root)
{
    for (xmlNodePtr st = root->children; st; st = st->next) {
        if (!is_element(st, DOCX_NS_W, "style"))
            continue;
        xmlNodePtr ppr = child(st, DOCX_NS_W, "pPr");
        xmlNodePtr num;
        while ((num = child(ppr, DOCX_NS_W, "numPr")) != NULL) {
            xmlUnlinkNode(num);
            xmlFreeNode(num);
        }
    }
}

/* Maps w:val of NODE's child TAG from one of our ids to the template's. */
static void remap_val(xmlNodePtr node, const char *tag, const docx_template *t, xmlNsPtr wns)
{
    xmlNodePtr c = child(node, DOCX_NS_W, tag);
    xmlChar *v = c ? wattr(c, "val") : NULL;
    if (!v)
        return;
    for (int i = 0; i < DOCX_STYLE_COUNT; i++)
        if (t->style_id[i] && xmlStrEqual(v, BAD_CAST docx_style_default_id((docx_style)i))) {
            xmlSetNsProp(c, wns, BAD_CAST "val", BAD_CAST t->style_id[i]);
            break;
        }
    xmlFree(v);
}

static bool has_default(const tstyle *s, size_t n, const char *type)
{
    for (size_t i = 0; i < n; i++) {
        if (!xmlStrEqual(s[i].type, BAD_CAST type))
            continue;
        xmlChar *d = wattr(s[i].node, "default");
        bool yes = d && (xmlStrEqual(d, BAD_CAST "1") || xmlStrEqual(d, BAD_CAST "true") ||
                         xmlStrEqual(d, BAD_CAST "on"));
        xmlFree(d);
        if (yes)
            return true;
    }
    return false;
}

/*
 * Points every element and attribute under N in the w namespace at WNS, the
 * template's declaration, so a style copied from our styles.xml needs no
 * declaration of its own. Our styles use no other namespace; their depth
 * is a handful of levels.
 */
static void adopt_namespace(xmlNodePtr n, xmlNsPtr wns)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (n->ns && xmlStrEqual(n->ns->href, BAD_CAST DOCX_NS_W))
            n->ns = wns;
        for (xmlAttrPtr a = n->properties; a; a = a->next)
            if (a->ns && xmlStrEqual(a->ns->href, BAD_CAST DOCX_NS_W))
                a->ns = wns;
        adopt_namespace(n->children, wns);
    }
}

/* Our own styles.xml, parsed, to copy the styles a template lacks. */
static xmlDocPtr our_styles(loader *l, const char *lang)
{
    bc_document *doc = bc_document_new();
    if (!doc || (lang && bc_document_set_text(doc, BC_FIELD_LANG, lang, strlen(lang)) != 0)) {
        bc_document_free(doc);
        fail(l, "%s", "out of memory");
        return NULL;
    }
    docx_ctx ctx;
    docx_ctx_init(&ctx, doc, false, NULL, l->err);
    docx_xml x;
    xmlDocPtr parsed = NULL;
    if (docx_xml_open(&x) == 0) {
        docx_write_styles(&ctx, &x);
        if (docx_xml_finish(&x) == 0) {
            size_t len = 0;
            const unsigned char *data = docx_xml_data(&x, &len);
            parsed = xmlReadMemory((const char *)data, (int)len, "styles.xml", NULL,
                                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        }
    }
    docx_xml_dispose(&x);
    docx_ctx_dispose(&ctx);
    bc_document_free(doc);
    if (!parsed)
        fail(l, "%s", "out of memory");
    return parsed;
}

static int merge_styles(loader *l, const char *part, const char *lang)
{
    docx_template *t = l->tpl;
    bool missing = false;
    xmlDocPtr tdoc = read_xml(l, part, &missing);
    if (!tdoc)
        return missing ? 0 : -1;
    int rc = -1;
    xmlDocPtr ours = NULL;
    tstyle *styles = NULL;
    size_t n = 0, cap = 0;
    xmlNodePtr root = xmlDocGetRootElement(tdoc);
    if (!is_element(root, DOCX_NS_W, "styles")) {
        fail(l, "%s is not a WordprocessingML styles part", part);
        goto done;
    }
    xmlNsPtr wns = xmlSearchNsByHref(tdoc, root, BAD_CAST DOCX_NS_W);
    if (!wns || !wns->prefix) {
        /* w as the default namespace: attributes need a prefix, so declare one. */
        wns = xmlNewNs(root, BAD_CAST DOCX_NS_W, BAD_CAST "bcw");
        if (!wns) {
            fail(l, "%s", "out of memory");
            goto done;
        }
    }
    for (xmlNodePtr st = root->children; st; st = st->next) {
        if (!is_element(st, DOCX_NS_W, "style"))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            tstyle *p = realloc(styles, cap * sizeof *p);
            if (!p) {
                fail(l, "%s", "out of memory");
                goto done;
            }
            styles = p;
        }
        tstyle *s = &styles[n++];
        xmlNodePtr name = child(st, DOCX_NS_W, "name");
        s->node = st;
        s->id = wattr(st, "styleId");
        s->name = name ? wattr(name, "val") : NULL;
        s->type = wattr(st, "type");
        if (!s->type)
            s->type = xmlStrdup(BAD_CAST "paragraph");
    }
    strip_numbering(root);

    /* Each of our styles: the template's by id, else by name, else ours (added below). */
    bool add[DOCX_STYLE_COUNT] = {false};
    for (int i = 0; i < DOCX_STYLE_COUNT; i++) {
        docx_style s = (docx_style)i;
        const tstyle *found = find_style(styles, n, docx_style_type(s), docx_style_default_id(s), docx_style_name(s));
        const char *id = found ? (const char *)found->id : docx_style_default_id(s);
        char alt[64];
        if (!found && id_taken(styles, n, id)) {
            /* The template uses our id for a style of another kind. */
            snprintf(alt, sizeof alt, "Briefconv%s", docx_style_default_id(s));
            id = alt;
        }
        add[i] = !found;
        t->style_id[i] = strdup(id);
        if (!t->style_id[i]) {
            fail(l, "%s", "out of memory");
            goto done;
        }
    }

    ours = our_styles(l, lang);
    if (!ours)
        goto done;
    for (xmlNodePtr st = xmlDocGetRootElement(ours)->children; st; st = st->next) {
        if (!is_element(st, DOCX_NS_W, "style"))
            continue;
        xmlChar *id = wattr(st, "styleId");
        int which = -1;
        for (int i = 0; id && i < DOCX_STYLE_COUNT; i++)
            if (xmlStrEqual(id, BAD_CAST docx_style_default_id((docx_style)i)))
                which = i;
        xmlFree(id);
        if (which < 0 || !add[which])
            continue;
        xmlNodePtr copy = xmlDocCopyNode(st, tdoc, 1);
        if (!copy || !xmlAddChild(root, copy)) {
            xmlFreeNode(copy);
            fail(l, "%s", "out of memory");
            goto done;
        }
        /* The copy lives in the template's tree now: use the template's w declaration. */
        adopt_namespace(copy, wns);
        xmlFreeNsList(copy->nsDef);
        copy->nsDef = NULL;
        xmlSetNsProp(copy, wns, BAD_CAST "styleId", BAD_CAST t->style_id[which]);
        if (has_default(styles, n, docx_style_type((docx_style)which)))
            xmlUnsetNsProp(copy, wns, BAD_CAST "default");
        remap_val(copy, "basedOn", t, wns);
        remap_val(copy, "next", t, wns);
    }

    t->styles = xmlBufferCreate();
    xmlSaveCtxtPtr save = t->styles ? xmlSaveToBuffer(t->styles, "UTF-8", XML_SAVE_AS_XML) : NULL;
    if (!save || xmlSaveDoc(save, tdoc) < 0) {
        if (save)
            xmlSaveClose(save);
        fail(l, "%s", "out of memory");
        goto done;
    }
    if (xmlSaveClose(save) < 0) {
        fail(l, "%s", "out of memory");
        goto done;
    }
    rc = 0;
done:
    free_tstyles(styles, n);
    xmlFreeDoc(ours);
    xmlFreeDoc(tdoc);
    return rc;
}

/* ------------------------------------------------------------------ */

static int load(loader *l, const char *lang)
{
    docx_template *t = l->tpl;
    zip_int64_t entries = zip_get_num_entries(l->za, 0);
    if (entries < 0 || entries > DOCX_TEMPLATE_MAX_ENTRIES)
        return fail(l, "%s", "too many entries for a Word document");

    bool missing = false;
    xmlDocPtr pkg_rels = read_xml(l, "_rels/.rels", &missing);
    if (!pkg_rels)
        return missing ? fail(l, "%s", "not a Word document (no _rels/.rels)") : -1;
    char main_part[1024];
    bool found = find_rel(pkg_rels, "", NULL, "officeDocument", main_part, sizeof main_part);
    xmlFreeDoc(pkg_rels);
    if (!found)
        return fail(l, "%s", "not a Word document (no main document relationship)");

    l->types = read_xml(l, "[Content_Types].xml", &missing);
    if (!l->types && !missing)
        return -1;

    char rels_part[1100];
    rels_name(main_part, rels_part, sizeof rels_part);
    xmlDocPtr doc_rels = read_xml(l, rels_part, &missing);
    if (!doc_rels && !missing)
        return -1;
    xmlDocPtr body = read_xml(l, main_part, &missing);
    if (!body) {
        xmlFreeDoc(doc_rels);
        return missing ? fail(l, "%s", "not a Word document (the main document part is missing)") : -1;
    }
    int rc = -1;
    char part[1024];
    xmlNodePtr root = xmlDocGetRootElement(body);
    if (!is_element(root, DOCX_NS_W, "document")) {
        fail(l, "%s", "not a Word document (its main part is not w:document)");
        goto done;
    }
    xmlNodePtr sect = NULL;
    for (xmlNodePtr c = child(root, DOCX_NS_W, "body") ? child(root, DOCX_NS_W, "body")->children : NULL; c;
         c = c->next)
        if (is_element(c, DOCX_NS_W, "sectPr"))
            sect = c;
    page_setup(t, sect);

    if (find_rel(doc_rels, main_part, NULL, "styles", part, sizeof part) && merge_styles(l, part, lang) != 0)
        goto done;
    static const struct {
        const char *tag, *root, *name, *content_type;
    } hf[2] = {{"headerReference", "hdr", "word/header1.xml", DOCX_CT_HEADER},
               {"footerReference", "ftr", "word/footer1.xml", DOCX_CT_FOOTER}};
    for (int i = 0; i < 2; i++) {
        xmlChar *rid = default_reference(sect, hf[i].tag);
        bool have = rid && find_rel(doc_rels, main_part, (const char *)rid, NULL, part, sizeof part);
        xmlFree(rid);
        if (!have)
            continue;
        int got = copy_header_part(l, part, hf[i].name, hf[i].root, hf[i].content_type);
        if (got < 0)
            goto done;
        if (got == 0) {
            if (i == 0)
                t->has_header = true;
            else
                t->has_footer = true;
        }
    }
    if (find_rel(doc_rels, main_part, NULL, "theme", part, sizeof part) &&
        copy_plain_part(l, part, "word/theme/theme1.xml", "http://schemas.openxmlformats.org/drawingml/2006/main",
                        "theme", DOCX_CT_THEME, &t->has_theme) != 0)
        goto done;
    if (find_rel(doc_rels, main_part, NULL, "fontTable", part, sizeof part) &&
        copy_plain_part(l, part, "word/fontTable.xml", DOCX_NS_W, "fonts", DOCX_CT_FONT_TABLE,
                        &t->has_font_table) != 0)
        goto done;
    rc = 0;
done:
    xmlFreeDoc(body);
    xmlFreeDoc(doc_rels);
    return rc;
}


int docx_template_load_memory(docx_template *tpl, const void *data, size_t len, const char *name, const char *lang,
                              bc_error *err)
{
    loader l = {.name = name, .err = err, .tpl = tpl};
    /* Per thread: this one loads. A few messages (lists, dictionaries) go the generic way. */
    xmlSetStructuredErrorFunc(NULL, note_libxml2_error);
    xmlSetGenericErrorFunc(NULL, drop_libxml2_message);
    if (len > (size_t)DOCX_TEMPLATE_MAX_FILE)
        return fail(&l, "%s", "larger than 64 MB");
    /* libzip takes an empty file for an empty archive; a template it is not. */
    if (len < 22)
        return fail(&l, "%s", "not a .docx (zip) file: too short");
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (!src) {
        fail(&l, "%s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return -1;
    }
    l.za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!l.za) {
        if (zip_error_code_zip(&ze) == ZIP_ER_MEMORY)
            fail(&l, "%s", "out of memory");
        else
            fail(&l, "not a .docx (zip) file: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        zip_source_free(src);
        return -1;
    }
    zip_error_fini(&ze);
    int rc = load(&l, lang);
    xmlFreeDoc(l.types);
    zip_discard(l.za);
    return rc;
}

int docx_template_load(docx_template *tpl, const char *path, const char *lang, bc_error *err)
{
    loader l = {.name = path, .err = err, .tpl = tpl};
    /* Without blocking: a FIFO put in the file's place must not hang the run (it is refused below). */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return fail(&l, "%s", strerror(errno));
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        /* fdopen fails only for memory (errno may be left unset). */
        close(fd);
        return fail(&l, "%s", "out of memory");
    }
    int rc = -1;
    unsigned char *data = NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        fail(&l, "%s", strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        fail(&l, "%s", "not a regular file");
        goto done;
    }
    if (st.st_size > DOCX_TEMPLATE_MAX_FILE) {
        fail(&l, "%s", "larger than 64 MB");
        goto done;
    }
    size_t size = (size_t)st.st_size;
    data = malloc(size ? size : 1);
    if (!data) {
        fail(&l, "%s", "out of memory");
        goto done;
    }
    if (fread(data, 1, size, f) != size) {
        fail(&l, "%s", ferror(f) ? strerror(errno) : "the file changed while being read");
        goto done;
    }
    rc = docx_template_load_memory(tpl, data, size, path, lang, err);
done:
    free(data);
    fclose(f);
    return rc;
}

void docx_template_dispose(docx_template *tpl)
{
    if (!tpl)
        return;
    if (tpl->styles)
        xmlBufferFree(tpl->styles);
    for (int i = 0; i < DOCX_STYLE_COUNT; i++)
        free(tpl->style_id[i]);
    drop_blobs(tpl, 0);
    free(tpl->parts);
    memset(tpl, 0, sizeof *tpl);
}
