/*
 * yp_collections.c — the layer under the briefing's schema (yp_parts.c,
 * yp_schema.c): the one loop over a mapping's keys, driven by a table of
 * the keys it may hold, each with its reader; the one loop over a
 * sequence's items; and the checks every value shares (its type, blank or
 * not, a URL) with their messages.
 */
#include <stdio.h>
#include <string.h>

#include "yp.h"

/* ---------------------------------------------------------------- values */

int yp_wrong_type(yp_ctx *c, const char *name, const char *expected)
{
    bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev), "%s must be %s, not %s", name, expected,
                 yp_ev_kind_name(&c->ev));
    return -1;
}

bc_node *yp_ev_node(yp_ctx *c, bc_node_type type)
{
    bc_node *node = bc_node_new(c->doc, type, yp_ev_line(&c->ev), yp_ev_col(&c->ev));
    if (!node)
        yp_oom(c);
    return node;
}

int yp_scalar_value(yp_ctx *c, const char *name, bool required, yp_scalar *out)
{
    if (c->ev.type != YAML_SCALAR_EVENT)
        return yp_wrong_type(c, name, "a string");
    if (yp_scalar_is_blank(c)) {
        if (!required)
            return 0;
        bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev), "%s must not be empty", name);
        return -1;
    }
    *out = yp_ev_scalar(c);
    return 1;
}

void yp_trim(const char **s, size_t *len)
{
    while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t' || (*s)[0] == '\n' || (*s)[0] == '\r')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\n' ||
                    (*s)[*len - 1] == '\r'))
        (*len)--;
}

int yp_url_value(yp_ctx *c, const char *name, const char **s, size_t *len)
{
    yp_scalar sc;
    int r = yp_scalar_value(c, name, false, &sc);
    if (r <= 0)
        return r;
    *s = sc.s;
    *len = sc.len;
    /* Leading and trailing blanks are not part of a URL (browsers drop them too). */
    yp_trim(s, len);
    char why[160], shown[96];
    const char *problem = yp_check_url(*s, *len, why, sizeof why);
    if (problem) {
        yp_quote(shown, sizeof shown, *s, *len);
        bc_error_set(c->err, sc.line, sc.col, "bad URL %s in %s: %s", shown, name, problem);
        return -1;
    }
    return 1;
}

/* ---------------------------------------------------------------- keys */

/* A mapping key: the current event must be a non-empty scalar. */
static int read_key(yp_ctx *c, yp_scalar *key)
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
    for (size_t i = 0; i < YP_COUNT(synonyms); i++) {
        bool place = where ? synonyms[i].where && strcmp(synonyms[i].where, where) == 0 : !synonyms[i].where;
        if (place && strlen(synonyms[i].word) == key->len && memcmp(synonyms[i].word, key->s, key->len) == 0)
            return synonyms[i].key;
    }
    return NULL;
}

/* "unknown key "x"[ in WHERE]; did you mean "y"?", the nearest of M's keys. */
static int unknown_key(yp_ctx *c, const yp_scalar *key, const yp_mapping *m)
{
    const char *known[YP_MAX_KEYS];
    for (size_t k = 0; k < m->count; k++)
        known[k] = m->keys[k].name;
    char shown[96];
    yp_quote(shown, sizeof shown, key->s, key->len);
    const char *near = yp_suggest(key->s, key->len, known, m->count);
    if (!near)
        near = synonym(key, m->where);
    if (near)
        bc_error_set(c->err, key->line, key->col, "unknown key %s%s%s; did you mean \"%s\"?", shown,
                     m->where ? " in " : "", m->where ? m->where : "", near);
    else if (m->where)
        bc_error_set(c->err, key->line, key->col, "unknown key %s in %s", shown, m->where);
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

/* Index of KEY among M's keys; M->count when it is none of them. */
static size_t find_key(const yp_mapping *m, const yp_scalar *key)
{
    size_t k = 0;
    while (k < m->count && !(strlen(m->keys[k].name) == key->len && memcmp(m->keys[k].name, key->s, key->len) == 0))
        k++;
    return k;
}

/* ---------------------------------------------------------------- collections */

int yp_read_mapping(yp_ctx *c, const yp_mapping *m, void *target)
{
    int line = yp_ev_line(&c->ev), col = yp_ev_col(&c->ev);
    int seen[YP_MAX_KEYS]; /* the line each key was on; 0 while not seen */
    memset(seen, 0, m->count * sizeof seen[0]);
    for (;;) {
        if (yp_next(c) != 0)
            return -1;
        if (c->ev.type == YAML_MAPPING_END_EVENT)
            break;
        yp_scalar key;
        if (read_key(c, &key) != 0)
            return -1;
        size_t k = find_key(m, &key);
        if (k == m->count) {
            int r = m->other ? m->other(c, target, &key) : 1;
            if (r == 1)
                return unknown_key(c, &key, m);
            if (r != 0)
                return -1;
            continue;
        }
        if (seen[k])
            return yp_duplicate_key(c, &key, seen[k]);
        seen[k] = key.line;
        if (yp_next(c) != 0 || m->keys[k].read(c, target, m->keys[k].arg) != 0)
            return -1;
    }
    for (size_t k = 0; k < m->count; k++) {
        if (m->keys[k].required && !seen[k]) {
            bc_error_set(c->err, line, col, "missing required key \"%s\"%s%s%s", m->keys[k].name,
                         m->where ? " in " : "", m->where ? m->where : "", m->keys[k].required);
            return -1;
        }
    }
    return 0;
}

int yp_read_items(yp_ctx *c, int (*item)(yp_ctx *c, void *target), void *target)
{
    for (;;) {
        if (yp_next(c) != 0)
            return -1;
        if (c->ev.type == YAML_SEQUENCE_END_EVENT)
            return 0;
        if (item(c, target) != 0)
            return -1;
    }
}

int yp_read_list_value(yp_ctx *c, const char *name, const char *expected, int (*item)(yp_ctx *c, void *target),
                       void *target)
{
    if (yp_scalar_is_blank(c))
        return 0;
    if (c->ev.type != YAML_SEQUENCE_START_EVENT)
        return yp_wrong_type(c, name, expected);
    return yp_read_items(c, item, target);
}
