/*
 * yp_schema.c — the briefing's top level: one YAML document whose root is
 * a mapping of the format's keys, each checked as its value streams past.
 */
#include <stdio.h>
#include <string.h>

#include "yp.h"

/* ---------------------------------------------------------------- value kinds */

static int read_version(yp_ctx *c, void *target, int arg)
{
    (void)target;
    (void)arg;
    const char *expected = "the format version, the integer 1";
    if (c->ev.type != YAML_SCALAR_EVENT)
        return yp_wrong_type(c, "briefing", expected);
    yp_scalar sc = yp_ev_scalar(c);
    char shown[96];
    yp_quote(shown, sizeof shown, sc.s, sc.len);
    long long v;
    if (yp_scalar_is_blank(c)) {
        bc_error_set(c->err, sc.line, sc.col, "briefing must be %s, not empty", expected);
        return -1;
    }
    if (sc.style != YAML_PLAIN_SCALAR_STYLE || c->ev.data.scalar.tag) {
        bc_error_set(c->err, sc.line, sc.col, "briefing must be %s, not the string %s", expected, shown);
        return -1;
    }
    if (!yp_parse_int(sc.s, sc.len, &v)) {
        bc_error_set(c->err, sc.line, sc.col, "briefing must be %s, not %s", expected, shown);
        return -1;
    }
    if (v != 1) {
        bc_error_set(c->err, sc.line, sc.col,
                     "unsupported briefing format version %lld (this reader supports version 1)", v);
        return -1;
    }
    return 0;
}

/* An inline field; the title must not be empty, the others may be. */
static int read_inline(yp_ctx *c, void *target, int arg)
{
    (void)target;
    bc_field field = (bc_field)arg;
    const char *name = bc_field_key(field);
    yp_scalar sc;
    int r = yp_scalar_value(c, name, field == BC_FIELD_TITLE, &sc);
    if (r <= 0)
        return r;
    bc_node *node = yp_ev_node(c, BC_NODE_INLINES);
    if (!node)
        return -1;
    if (yp_md_inlines(c, &sc, node, name) != 0)
        return -1;
    return bc_document_set_field(c->doc, field, node) == 0 ? 0 : yp_oom(c);
}

static int read_text(yp_ctx *c, void *target, int arg)
{
    (void)target;
    bc_field field = (bc_field)arg;
    yp_scalar sc;
    int r = yp_scalar_value(c, bc_field_key(field), false, &sc);
    if (r <= 0)
        return r;
    /* Printed as text, so typeset as the Markdown fields are. */
    size_t len = sc.len;
    const char *s = yp_smart_text(c, sc.s, &len);
    if (!s)
        return -1;
    return bc_document_set_text(c->doc, field, s, len) == 0 ? 0 : yp_oom(c);
}

static int read_link(yp_ctx *c, void *target, int arg)
{
    (void)target;
    (void)arg;
    const char *s;
    size_t len;
    int r = yp_url_value(c, "link", &s, &len);
    if (r <= 0)
        return r;
    return bc_document_set_text(c->doc, BC_FIELD_LINK, s, len) == 0 ? 0 : yp_oom(c);
}

static int read_date(yp_ctx *c, void *target, int arg)
{
    (void)target;
    bc_field field = (bc_field)arg;
    const char *name = bc_field_key(field);
    yp_scalar sc;
    int r = yp_scalar_value(c, name, false, &sc);
    if (r <= 0)
        return r;
    const char *s = sc.s;
    size_t len = sc.len;
    yp_trim(&s, &len);
    bc_date date;
    char msg[256];
    if (field == BC_FIELD_PUBLISHED && !yp_looks_like_date(s, len)) {
        size_t text_len = sc.len;
        const char *text = yp_smart_text(c, sc.s, &text_len);
        if (!text)
            return -1;
        return bc_document_set_text(c->doc, field, text, text_len) == 0 ? 0 : yp_oom(c);
    }
    if (yp_parse_date(s, len, &date, msg, sizeof msg) != 0) {
        if (msg[0]) {
            bc_error_set(c->err, sc.line, sc.col, "%s", msg);
        } else {
            char shown[96];
            yp_quote(shown, sizeof shown, s, len);
            bc_error_set(c->err, sc.line, sc.col, "%s must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not %s",
                         name, shown);
        }
        return -1;
    }
    return bc_document_set_date(c->doc, field, date) == 0 ? 0 : yp_oom(c);
}

static int read_lang(yp_ctx *c, void *target, int arg)
{
    (void)target;
    (void)arg;
    yp_scalar sc;
    int r = yp_scalar_value(c, "lang", false, &sc);
    if (r <= 0)
        return r;
    const char *s = sc.s;
    size_t len = sc.len;
    yp_trim(&s, &len);
    if (!yp_lang_ok(s, len)) {
        char shown[96];
        yp_quote(shown, sizeof shown, sc.s, sc.len);
        bc_error_set(c->err, sc.line, sc.col, "lang must be a BCP 47 language tag such as \"en-GB\", not %s",
                     shown);
        return -1;
    }
    return bc_document_set_text(c->doc, BC_FIELD_LANG, s, len) == 0 ? 0 : yp_oom(c);
}

/* A content field: a CONTENT node set only when something is in it. */
static int content_field(yp_ctx *c, bc_field field, int (*fill)(yp_ctx *, bc_node *))
{
    bc_node *node = yp_ev_node(c, BC_NODE_CONTENT);
    if (!node)
        return -1;
    int rc = fill ? fill(c, node) : yp_read_content(c, bc_field_key(field), node);
    if (rc != 0)
        return -1;
    if (!bc_node_first_child(node))
        return 0; /* blank: as if absent */
    return bc_document_set_field(c->doc, field, node) == 0 ? 0 : yp_oom(c);
}

static int read_content(yp_ctx *c, void *target, int arg)
{
    (void)target;
    return content_field(c, (bc_field)arg, NULL);
}

static int read_sections(yp_ctx *c, void *target, int arg)
{
    (void)target;
    return content_field(c, (bc_field)arg, yp_read_sections);
}

static int read_references(yp_ctx *c, void *target, int arg)
{
    (void)target;
    return content_field(c, (bc_field)arg, yp_read_references);
}

static int read_tags(yp_ctx *c, void *target, int arg)
{
    (void)target;
    (void)arg;
    return yp_read_tags(c);
}

static int read_labels(yp_ctx *c, void *target, int arg)
{
    (void)target;
    (void)arg;
    return yp_read_labels(c);
}

/* ---------------------------------------------------------------- the root */

/* The format's top-level keys, in the format's order (and "did you mean" order). */
static const yp_key_spec top_keys[] = {
    {"briefing", read_version, 0, " (the format version: write \"briefing: 1\")"},
    {"title", read_inline, BC_FIELD_TITLE, ""},
    {"type", read_text, BC_FIELD_TYPE, NULL},
    {"source", read_inline, BC_FIELD_SOURCE, NULL},
    {"link", read_link, BC_FIELD_LINK, NULL},
    {"publication_format", read_text, BC_FIELD_PUBLICATION_FORMAT, NULL},
    {"published", read_date, BC_FIELD_PUBLISHED, NULL},
    {"audience", read_inline, BC_FIELD_AUDIENCE, NULL},
    {"summary", read_content, BC_FIELD_SUMMARY, NULL},
    {"key_features", read_content, BC_FIELD_KEY_FEATURES, NULL},
    {"impact", read_content, BC_FIELD_IMPACT, NULL},
    {"sections", read_sections, BC_FIELD_SECTIONS, NULL},
    {"references", read_references, BC_FIELD_REFERENCES, NULL},
    {"updated", read_date, BC_FIELD_UPDATED, NULL},
    {"review_due", read_date, BC_FIELD_REVIEW_DUE, NULL},
    {"responsible", read_text, BC_FIELD_RESPONSIBLE, NULL},
    {"produced_by", read_inline, BC_FIELD_PRODUCED_BY, NULL},
    {"notice", read_content, BC_FIELD_NOTICE, NULL},
    {"tags", read_tags, BC_FIELD_TAGS, NULL},
    {"lang", read_lang, BC_FIELD_LANG, NULL},
    {"labels", read_labels, 0, NULL},
};
_Static_assert(YP_COUNT(top_keys) <= YP_MAX_KEYS, "the top level fits a mapping table");

/* x- keys: extensions, kept as written; any other key is unknown. */
static int extension_key(yp_ctx *c, void *extensions, const yp_scalar *key)
{
    if (!(key->len > 2 && key->s[0] == 'x' && key->s[1] == '-'))
        return 1;
    const char *name;
    size_t len;
    bc_value *value;
    if (yp_read_extension_entry(c, extensions, key, &name, &len, &value) != 0)
        return -1;
    return bc_document_add_extension(c->doc, name, len, value) == 0 ? 0 : yp_oom(c);
}

static const yp_mapping root_mapping = {NULL, top_keys, YP_COUNT(top_keys), extension_key};

static int read_root(yp_ctx *c)
{
    yp_keyset extensions = {0};
    int rc = yp_read_mapping(c, &root_mapping, &extensions);
    yp_keyset_free(&extensions);
    return rc;
}

static int empty_document(yp_ctx *c, int line, int col)
{
    bc_error_set(c->err, line, col,
                 "empty document: a briefing is a YAML mapping with at least \"briefing: 1\" and a title");
    return -1;
}

int yp_read_stream(yp_ctx *c)
{
    if (yp_next(c) != 0)
        return -1;
    if (c->ev.type != YAML_STREAM_START_EVENT || yp_next(c) != 0)
        return -1;
    if (c->ev.type == YAML_STREAM_END_EVENT)
        return empty_document(c, 1, 1);
    /* DOCUMENT-START; then the root node. */
    int doc_line = yp_ev_line(&c->ev), doc_col = yp_ev_col(&c->ev);
    if (yp_next(c) != 0)
        return -1;
    switch (c->ev.type) {
    case YAML_MAPPING_START_EVENT:
        if (read_root(c) != 0)
            return -1;
        break;
    case YAML_SCALAR_EVENT:
        if (yp_scalar_is_blank(c))
            return empty_document(c, doc_line, doc_col);
        /* fall through */
    default:
        bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev),
                     "the root of a briefing must be a mapping of keys (briefing, title, ...), not %s",
                     yp_ev_kind_name(&c->ev));
        return -1;
    }
    /* DOCUMENT-END; then the end of the stream, or a second document. */
    if (yp_next(c) != 0 || yp_next(c) != 0)
        return -1;
    if (c->ev.type == YAML_DOCUMENT_START_EVENT) {
        bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev),
                     "a second YAML document starts here: a briefing file holds exactly one");
        return -1;
    }
    return 0;
}
