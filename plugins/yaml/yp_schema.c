/*
 * yp_schema.c — the briefing's top level: one YAML document whose root is
 * a mapping of the format's keys, each checked as its value streams past.
 */
#include <stdio.h>
#include <string.h>

#include "yp.h"

/* The format's top-level keys, in the format's order (and "did you mean" order). */
enum top_key {
    K_BRIEFING, K_TITLE, K_TYPE, K_SOURCE, K_LINK, K_PUBLICATION_FORMAT, K_PUBLISHED, K_AUDIENCE,
    K_SUMMARY, K_KEY_FEATURES, K_IMPACT, K_SECTIONS, K_REFERENCES, K_UPDATED, K_REVIEW_DUE,
    K_RESPONSIBLE, K_PRODUCED_BY, K_NOTICE, K_TAGS, K_LANG, K_LABELS, K_COUNT
};

static const char *const top_keys[K_COUNT] = {
    "briefing", "title",       "type",        "source",  "link",   "publication_format", "published",
    "audience", "summary",     "key_features", "impact", "sections", "references",       "updated",
    "review_due", "responsible", "produced_by", "notice", "tags",   "lang",               "labels",
};

/* ---------------------------------------------------------------- shared helpers */

int yp_wrong_type(yp_ctx *c, const char *name, const char *expected)
{
    bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev), "%s must be %s, not %s", name, expected,
                 yp_ev_kind_name(&c->ev));
    return -1;
}

int yp_key(yp_ctx *c, yp_scalar *key)
{
    if (c->ev.type != YAML_SCALAR_EVENT) {
        bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev), "a key must be a plain string, not %s",
                     yp_ev_kind_name(&c->ev));
        return -1;
    }
    if (yp_scalar_is_blank(c)) {
        bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev), "empty key");
        return -1;
    }
    *key = yp_ev_scalar_raw(c);
    return 0;
}

/* Words people use for a key that spelling distance cannot find. */
static const struct {
    const char *where, *word, *key;
} synonyms[] = {
    {NULL, "date", "published"},       {NULL, "keywords", "tags"},     {NULL, "language", "lang"},
    {NULL, "url", "link"},             {NULL, "body", "summary"},      {NULL, "author", "produced_by"},
    {NULL, "further_reading", "references"},                          {"section", "title", "heading"},
    {"section", "text", "body"},       {"section", "content", "body"}, {"section", "subsections", "sections"},
    {"reference", "link", "url"},      {"reference", "href", "url"},   {"reference", "title", "text"},
    {"reference", "key", "id"},        {"list item", "children", "items"},
    {"list item", "subitems", "items"},
};

static const char *synonym(const yp_scalar *key, const char *where)
{
    for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++) {
        bool place = where ? synonyms[i].where && strcmp(synonyms[i].where, where) == 0 : !synonyms[i].where;
        if (place && strlen(synonyms[i].word) == key->len && memcmp(synonyms[i].word, key->s, key->len) == 0)
            return synonyms[i].key;
    }
    return NULL;
}

int yp_unknown_key(yp_ctx *c, const yp_scalar *key, const char *where, const char *const *known, size_t n)
{
    char shown[96];
    yp_quote(shown, sizeof shown, key->s, key->len);
    const char *near = yp_suggest(key->s, key->len, known, n);
    if (!near)
        near = synonym(key, where);
    if (near)
        bc_error_set(c->err, key->line, key->col, "unknown key %s%s%s; did you mean \"%s\"?", shown,
                     where ? " in " : "", where ? where : "", near);
    else if (where)
        bc_error_set(c->err, key->line, key->col, "unknown key %s in %s", shown, where);
    else
        bc_error_set(c->err, key->line, key->col, "unknown key %s (extension keys start with \"x-\")", shown);
    return -1;
}

int yp_duplicate_key(yp_ctx *c, const yp_scalar *key, int first_line)
{
    char shown[96];
    yp_quote(shown, sizeof shown, key->s, key->len);
    bc_error_set(c->err, key->line, key->col, "duplicate key %s (first at line %d)", shown, first_line);
    return -1;
}

/* The current event as a non-blank scalar: 1, or 0 when blank, or -1. */
static int scalar_value(yp_ctx *c, const char *name, yp_scalar *out)
{
    if (c->ev.type != YAML_SCALAR_EVENT)
        return yp_wrong_type(c, name, "a string");
    if (yp_scalar_is_blank(c))
        return 0;
    *out = yp_ev_scalar(c);
    return 1;
}

static int set_failed(yp_ctx *c)
{
    return yp_oom(c);
}

/* ---------------------------------------------------------------- value kinds */

static int read_version(yp_ctx *c)
{
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

static int read_inline(yp_ctx *c, bc_field field, bool required)
{
    const char *name = bc_field_key(field);
    yp_scalar sc;
    int r = scalar_value(c, name, &sc);
    if (r < 0)
        return -1;
    if (r == 0) {
        if (!required)
            return 0;
        bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev), "%s must not be empty", name);
        return -1;
    }
    bc_node *node = bc_node_new(c->doc, BC_NODE_INLINES, sc.line, sc.col);
    if (!node)
        return yp_oom(c);
    if (yp_md_inlines(c, &sc, node, name) != 0)
        return -1;
    return bc_document_set_field(c->doc, field, node) == 0 ? 0 : set_failed(c);
}

static int read_text(yp_ctx *c, bc_field field)
{
    yp_scalar sc;
    int r = scalar_value(c, bc_field_key(field), &sc);
    if (r <= 0)
        return r;
    /* Printed as text, so typeset as the Markdown fields are. */
    size_t len = sc.len;
    const char *s = yp_smart_text(c, sc.s, &len);
    if (!s)
        return -1;
    return bc_document_set_text(c->doc, field, s, len) == 0 ? 0 : set_failed(c);
}

/* Leading and trailing blanks are not part of a URL (browsers drop them too). */
static void trim(const char **s, size_t *len)
{
    while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t' || (*s)[0] == '\n' || (*s)[0] == '\r')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\n' ||
                    (*s)[*len - 1] == '\r'))
        (*len)--;
}

/* Checks the current scalar as a URL; 1 with S and LEN trimmed, 0 blank, -1 bad. */
int yp_url_value(yp_ctx *c, const char *name, const char **s, size_t *len)
{
    yp_scalar sc;
    int r = scalar_value(c, name, &sc);
    if (r <= 0)
        return r;
    *s = sc.s;
    *len = sc.len;
    trim(s, len);
    char why[160], shown[96];
    const char *problem = yp_check_url(*s, *len, why, sizeof why);
    if (problem) {
        yp_quote(shown, sizeof shown, *s, *len);
        bc_error_set(c->err, sc.line, sc.col, "bad URL %s in %s: %s", shown, name, problem);
        return -1;
    }
    return 1;
}

static int read_link(yp_ctx *c)
{
    const char *s;
    size_t len;
    int r = yp_url_value(c, "link", &s, &len);
    if (r <= 0)
        return r;
    return bc_document_set_text(c->doc, BC_FIELD_LINK, s, len) == 0 ? 0 : set_failed(c);
}

static int read_date(yp_ctx *c, bc_field field)
{
    const char *name = bc_field_key(field);
    yp_scalar sc;
    int r = scalar_value(c, name, &sc);
    if (r <= 0)
        return r;
    const char *s = sc.s;
    size_t len = sc.len;
    trim(&s, &len);
    bc_date date;
    char msg[256];
    if (field == BC_FIELD_PUBLISHED && !yp_looks_like_date(s, len)) {
        size_t text_len = sc.len;
        const char *text = yp_smart_text(c, sc.s, &text_len);
        if (!text)
            return -1;
        return bc_document_set_text(c->doc, field, text, text_len) == 0 ? 0 : set_failed(c);
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
    return bc_document_set_date(c->doc, field, date) == 0 ? 0 : set_failed(c);
}

static int read_lang(yp_ctx *c)
{
    yp_scalar sc;
    int r = scalar_value(c, "lang", &sc);
    if (r <= 0)
        return r;
    const char *s = sc.s;
    size_t len = sc.len;
    trim(&s, &len);
    if (!yp_lang_ok(s, len)) {
        char shown[96];
        yp_quote(shown, sizeof shown, sc.s, sc.len);
        bc_error_set(c->err, sc.line, sc.col, "lang must be a BCP 47 language tag such as \"en-GB\", not %s",
                     shown);
        return -1;
    }
    return bc_document_set_text(c->doc, BC_FIELD_LANG, s, len) == 0 ? 0 : set_failed(c);
}

/* A content field: a CONTENT node set only when something is in it. */
static int read_content_field(yp_ctx *c, bc_field field, int (*fill)(yp_ctx *, bc_node *))
{
    bc_node *node = bc_node_new(c->doc, BC_NODE_CONTENT, yp_ev_line(&c->ev), yp_ev_col(&c->ev));
    if (!node)
        return yp_oom(c);
    int rc = fill ? fill(c, node) : yp_read_content(c, bc_field_key(field), node);
    if (rc != 0)
        return -1;
    if (!bc_node_first_child(node))
        return 0; /* blank: as if absent */
    return bc_document_set_field(c->doc, field, node) == 0 ? 0 : set_failed(c);
}

/* ---------------------------------------------------------------- the root */

static int read_value(yp_ctx *c, enum top_key k)
{
    switch (k) {
    case K_BRIEFING:
        return read_version(c);
    case K_TITLE:
        return read_inline(c, BC_FIELD_TITLE, true);
    case K_SOURCE:
        return read_inline(c, BC_FIELD_SOURCE, false);
    case K_AUDIENCE:
        return read_inline(c, BC_FIELD_AUDIENCE, false);
    case K_PRODUCED_BY:
        return read_inline(c, BC_FIELD_PRODUCED_BY, false);
    case K_TYPE:
        return read_text(c, BC_FIELD_TYPE);
    case K_PUBLICATION_FORMAT:
        return read_text(c, BC_FIELD_PUBLICATION_FORMAT);
    case K_RESPONSIBLE:
        return read_text(c, BC_FIELD_RESPONSIBLE);
    case K_LINK:
        return read_link(c);
    case K_PUBLISHED:
        return read_date(c, BC_FIELD_PUBLISHED);
    case K_UPDATED:
        return read_date(c, BC_FIELD_UPDATED);
    case K_REVIEW_DUE:
        return read_date(c, BC_FIELD_REVIEW_DUE);
    case K_SUMMARY:
        return read_content_field(c, BC_FIELD_SUMMARY, NULL);
    case K_KEY_FEATURES:
        return read_content_field(c, BC_FIELD_KEY_FEATURES, NULL);
    case K_IMPACT:
        return read_content_field(c, BC_FIELD_IMPACT, NULL);
    case K_NOTICE:
        return read_content_field(c, BC_FIELD_NOTICE, NULL);
    case K_SECTIONS:
        return read_content_field(c, BC_FIELD_SECTIONS, yp_read_sections);
    case K_REFERENCES:
        return read_content_field(c, BC_FIELD_REFERENCES, yp_read_references);
    case K_TAGS:
        return yp_read_tags(c);
    case K_LANG:
        return read_lang(c);
    case K_LABELS:
        return yp_read_labels(c);
    default:
        return 0;
    }
}

static int find_key(const yp_scalar *key)
{
    for (int k = 0; k < K_COUNT; k++)
        if (strlen(top_keys[k]) == key->len && memcmp(top_keys[k], key->s, key->len) == 0)
            return k;
    return -1;
}

static int read_root(yp_ctx *c)
{
    int root_line = yp_ev_line(&c->ev), root_col = yp_ev_col(&c->ev);
    int seen[K_COUNT] = {0};
    yp_keyset extensions = {0};
    int rc = -1;
    for (;;) {
        if (yp_next(c) != 0)
            goto done;
        if (c->ev.type == YAML_MAPPING_END_EVENT)
            break;
        yp_scalar key;
        if (yp_key(c, &key) != 0)
            goto done;
        if (key.len > 2 && key.s[0] == 'x' && key.s[1] == '-') {
            int first;
            int dup = yp_keyset_add(&extensions, key.s, key.len, key.line, &first);
            if (dup < 0) {
                yp_oom(c);
                goto done;
            }
            if (dup) {
                yp_duplicate_key(c, &key, first);
                goto done;
            }
            /* The key's text lives in the event, which the value replaces. */
            bcp_buf name = {0};
            bc_value *value = NULL;
            if (bcp_buf_put(&name, key.s, key.len) != 0) {
                yp_oom(c);
                goto done;
            }
            int r = yp_next(c) == 0 ? yp_read_extension(c, &value) : -1;
            if (r == 0 && bc_document_add_extension(c->doc, name.data, name.len, value) != 0)
                r = yp_oom(c);
            bcp_buf_free(&name);
            if (r != 0)
                goto done;
            continue;
        }
        int k = find_key(&key);
        if (k < 0) {
            yp_unknown_key(c, &key, NULL, top_keys, K_COUNT);
            goto done;
        }
        if (seen[k]) {
            yp_duplicate_key(c, &key, seen[k]);
            goto done;
        }
        seen[k] = key.line;
        if (yp_next(c) != 0 || read_value(c, (enum top_key)k) != 0)
            goto done;
    }
    if (!seen[K_BRIEFING]) {
        bc_error_set(c->err, root_line, root_col,
                     "missing required key \"briefing\" (the format version: write \"briefing: 1\")");
        goto done;
    }
    if (!seen[K_TITLE]) {
        bc_error_set(c->err, root_line, root_col, "missing required key \"title\"");
        goto done;
    }
    rc = 0;
done:
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
