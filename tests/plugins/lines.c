/* Test input plugin "lines": see README.md. */
#include <briefconv/plugin.h>

#include <stdlib.h>
#include <string.h>

static int add_text(bc_document *doc, bc_node *parent, int line, const char *s, size_t len)
{
    bc_node *t = bc_node_new(doc, BC_NODE_TEXT, line, 1);
    if (!t || bc_node_set_literal(t, s, len) != 0)
        return -1;
    bc_node_append_child(parent, t);
    return 0;
}

static bc_document *lines_read(bc_source *src, const bc_options *opts, bc_error *err)
{
    (void)opts;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    bc_document *doc = NULL;
    long long n;
    if (!buf)
        goto oom;
    while ((n = bc_source_read(src, buf + len, cap - len - 1, err)) > 0) {
        len += (size_t)n;
        if (cap - len < 2) {
            char *b = realloc(buf, cap * 2);
            if (!b)
                goto oom;
            buf = b;
            cap *= 2;
        }
    }
    if (n < 0)
        goto fail;
    buf[len] = '\0';
    doc = bc_document_new();
    if (!doc)
        goto oom;
    bc_node *title = bc_node_new(doc, BC_NODE_INLINES, 1, 1);
    bc_node *summary = bc_node_new(doc, BC_NODE_CONTENT, 2, 1);
    bc_node *para = bc_node_new(doc, BC_NODE_PARAGRAPH, 2, 1);
    bc_node *refs = bc_node_new(doc, BC_NODE_CONTENT, 2, 1);
    if (!title || !summary || !para || !refs)
        goto oom;
    bc_node_append_child(summary, para);
    int line = 1, nrefs = 0;
    char *p = buf;
    while (*p) {
        char *end = strchr(p, '\n');
        size_t l = end ? (size_t)(end - p) : strlen(p);
        if (line == 1) {
            if (add_text(doc, title, 1, p, l) != 0) {
                bc_error_set(err, 1, 1, "invalid UTF-8");
                goto fail;
            }
        } else if (l > 5 && strncmp(p, "cite ", 5) == 0) {
            bc_node *c = bc_node_new(doc, BC_NODE_CITATION, line, 6);
            if (!c || bc_node_add_citation_id(c, p + 5, l - 5) != 0)
                goto oom;
            bc_node_append_child(para, c);
        } else if (l > 4 && strncmp(p, "ref ", 4) == 0) {
            bc_node *r = bc_node_new(doc, BC_NODE_REFERENCE, line, 5);
            const char *sp = memchr(p + 4, ' ', l - 4);
            size_t idlen = sp ? (size_t)(sp - (p + 4)) : l - 4;
            if (!r || bc_node_set_reference_id(r, p + 4, idlen) != 0)
                goto oom;
            if (sp && bc_node_set_url(r, sp + 1, (size_t)(p + l - sp - 1)) != 0) {
                bc_error_set(err, line, (int)(sp - p) + 2, "bad reference URL");
                goto fail;
            }
            bc_node_append_child(refs, r);
            nrefs++;
        } else if (l == 4 && strncmp(p, "fail", 4) == 0) {
            bc_error_set(err, line, 1, "told to fail");
            goto fail;
        } else if (l > 0) {
            if (add_text(doc, para, line, p, l) != 0) {
                bc_error_set(err, line, 1, "invalid UTF-8");
                goto fail;
            }
        }
        line++;
        p = end ? end + 1 : p + l;
    }
    if (bc_document_set_field(doc, BC_FIELD_TITLE, title) != 0 ||
        bc_document_set_field(doc, BC_FIELD_SUMMARY, summary) != 0 ||
        (nrefs && bc_document_set_field(doc, BC_FIELD_REFERENCES, refs) != 0))
        goto oom;
    free(buf);
    return doc;
oom:
    bc_error_set(err, 0, 0, "out of memory");
fail:
    bc_document_free(doc);
    free(buf);
    return NULL;
}

static const char *const lines_extensions[] = {"lines", NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_INPUT, .name = "lines", .extensions = lines_extensions,
                 .description = "test reader: one line per part", .version = "0.1", .read = lines_read);
