/*
 * yp_parts.c — the structured values: content (Markdown or a YAML list of
 * items), sections, references, tags, labels and x- extensions.
 *
 * Keys of a mapping may come in any order, but the document wants a section's
 * heading first and a list item's text before its sub-list, so parts are
 * built under holder nodes and moved into place when the mapping ends.
 */
#include <stdio.h>
#include <string.h>

#include "yp.h"

/* Moves the children of FROM to the end of TO. */
static void move_children(bc_node *from, bc_node *to)
{
    bc_node *child = bc_node_first_child_mut(from);
    while (child) {
        bc_node *next = bc_node_next_mut(child);
        bc_node_unlink(child);
        bc_node_append_child(to, child);
        child = next;
    }
}

static bc_node *holder(yp_ctx *c)
{
    bc_node *node = bc_node_new(c->doc, BC_NODE_CONTENT, 0, 0);
    if (!node)
        yp_oom(c);
    return node;
}

static bool same(const yp_scalar *key, const char *name)
{
    return strlen(name) == key->len && memcmp(name, key->s, key->len) == 0;
}

/* Index of KEY among NAMES, or -1. */
static int key_index(const yp_scalar *key, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (same(key, names[i]))
            return i;
    return -1;
}

/*
 * Reads the key of a fixed-schema mapping and advances to its value. Returns
 * the key's index in NAMES, -2 at the end of the mapping, -1 on error.
 */
static int next_key(yp_ctx *c, const char *where, const char *const *names, int n, int *seen)
{
    if (yp_next(c) != 0)
        return -1;
    if (c->ev.type == YAML_MAPPING_END_EVENT)
        return -2;
    yp_scalar key;
    if (yp_key(c, &key) != 0)
        return -1;
    int k = key_index(&key, names, n);
    if (k < 0)
        return yp_unknown_key(c, &key, where, names, (size_t)n);
    if (seen[k])
        return yp_duplicate_key(c, &key, seen[k]);
    seen[k] = key.line;
    return yp_next(c) == 0 ? k : -1;
}

/* ---------------------------------------------------------------- content */

static int read_list(yp_ctx *c, bc_node *parent);

/* {text: <content>, items: <sequence>}: one list item with a sub-list. */
static int read_item_mapping(yp_ctx *c, bc_node *item)
{
    static const char *const names[] = {"text", "items"};
    int seen[2] = {0};
    int line = yp_ev_line(&c->ev), col = yp_ev_col(&c->ev);
    bc_node *sub = holder(c);
    if (!sub)
        return -1;
    for (;;) {
        int k = next_key(c, "list item", names, 2, seen);
        if (k == -2)
            break;
        if (k < 0)
            return -1;
        if (k == 0) {
            if (yp_read_content(c, "text", item) != 0)
                return -1;
        } else if (c->ev.type == YAML_SEQUENCE_START_EVENT) {
            if (read_list(c, sub) != 0)
                return -1;
        } else if (!yp_scalar_is_blank(c)) {
            return yp_wrong_type(c, "items", "a list");
        }
    }
    if (!seen[0]) {
        bc_error_set(c->err, line, col, "missing required key \"text\" in list item");
        return -1;
    }
    move_children(sub, item);
    return 0;
}

/* A YAML sequence as a bullet list; items are content or {text, items}. */
static int read_list(yp_ctx *c, bc_node *parent)
{
    bc_node *list = bc_node_new(c->doc, BC_NODE_LIST, yp_ev_line(&c->ev), yp_ev_col(&c->ev));
    if (!list)
        return yp_oom(c);
    bool tight = true;
    for (;;) {
        if (yp_next(c) != 0)
            return -1;
        if (c->ev.type == YAML_SEQUENCE_END_EVENT)
            break;
        bc_node *item = bc_node_new(c->doc, BC_NODE_ITEM, yp_ev_line(&c->ev), yp_ev_col(&c->ev));
        if (!item)
            return yp_oom(c);
        if (c->ev.type == YAML_SCALAR_EVENT) {
            if (yp_scalar_is_blank(c)) {
                bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev), "a list item must not be empty");
                return -1;
            }
            yp_scalar sc = yp_ev_scalar(c);
            if (yp_md_blocks(c, &sc, item) != 0)
                return -1;
        } else if (c->ev.type == YAML_MAPPING_START_EVENT) {
            if (read_item_mapping(c, item) != 0)
                return -1;
        } else {
            return yp_wrong_type(c, "a list item", "text or a mapping with text and items");
        }
        /* Several blocks in one item space the whole list out, as in Markdown. */
        int blocks = 0;
        for (const bc_node *b = bc_node_first_child(item); b; b = bc_node_next(b))
            blocks += bc_node_type_of(b) != BC_NODE_LIST;
        if (blocks > 1)
            tight = false;
        bc_node_append_child(list, item);
    }
    if (!bc_node_first_child(list))
        return 0; /* [] is nothing */
    bc_node_set_list(list, BC_LIST_BULLET, 1, tight);
    bc_node_append_child(parent, list);
    return 0;
}

int yp_read_content(yp_ctx *c, const char *name, bc_node *parent)
{
    switch (c->ev.type) {
    case YAML_SCALAR_EVENT: {
        if (yp_scalar_is_blank(c))
            return 0;
        yp_scalar sc = yp_ev_scalar(c);
        return yp_md_blocks(c, &sc, parent);
    }
    case YAML_SEQUENCE_START_EVENT:
        return read_list(c, parent);
    default:
        return yp_wrong_type(c, name, "text or a list");
    }
}

/* ---------------------------------------------------------------- sections */

static int read_section(yp_ctx *c, bc_node *parent)
{
    static const char *const names[] = {"heading", "body", "sections"};
    int seen[3] = {0};
    if (c->ev.type != YAML_MAPPING_START_EVENT)
        return yp_wrong_type(c, "a section", "a mapping with heading, body and sections");
    int line = yp_ev_line(&c->ev), col = yp_ev_col(&c->ev);
    bc_node *section = bc_node_new(c->doc, BC_NODE_SECTION, line, col);
    bc_node *heading = NULL;
    bc_node *body = holder(c), *subsections = holder(c);
    if (!section || !body || !subsections)
        return yp_oom(c);
    for (;;) {
        int k = next_key(c, "section", names, 3, seen);
        if (k == -2)
            break;
        if (k < 0)
            return -1;
        if (k == 0) {
            if (c->ev.type != YAML_SCALAR_EVENT)
                return yp_wrong_type(c, "heading", "a string");
            if (yp_scalar_is_blank(c)) {
                bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev), "heading must not be empty");
                return -1;
            }
            yp_scalar sc = yp_ev_scalar(c);
            heading = bc_node_new(c->doc, BC_NODE_HEADING, sc.line, sc.col);
            if (!heading)
                return yp_oom(c);
            if (yp_md_inlines(c, &sc, heading, "heading") != 0)
                return -1;
        } else if (k == 1) {
            if (yp_read_content(c, "body", body) != 0)
                return -1;
        } else if (yp_read_sections(c, subsections) != 0) {
            return -1;
        }
    }
    if (!heading) {
        bc_error_set(c->err, line, col, "missing required key \"heading\" in section");
        return -1;
    }
    bc_node_append_child(section, heading);
    move_children(body, section);
    move_children(subsections, section);
    bc_node_append_child(parent, section);
    return 0;
}

int yp_read_sections(yp_ctx *c, bc_node *parent)
{
    if (yp_scalar_is_blank(c))
        return 0;
    if (c->ev.type != YAML_SEQUENCE_START_EVENT)
        return yp_wrong_type(c, "sections", "a list of sections");
    for (;;) {
        if (yp_next(c) != 0)
            return -1;
        if (c->ev.type == YAML_SEQUENCE_END_EVENT)
            return 0;
        if (read_section(c, parent) != 0)
            return -1;
    }
}

/* ---------------------------------------------------------------- references */

static int reference_id(yp_ctx *c, bc_node *ref, yp_keyset *ids)
{
    if (c->ev.type != YAML_SCALAR_EVENT)
        return yp_wrong_type(c, "id", "a string");
    yp_scalar sc = yp_ev_scalar(c);
    char shown[96];
    yp_quote(shown, sizeof shown, sc.s, sc.len);
    if (yp_scalar_is_blank(c)) {
        bc_error_set(c->err, sc.line, sc.col, "id must not be empty");
        return -1;
    }
    if (!yp_id_ok(sc.s, sc.len)) {
        bc_error_set(c->err, sc.line, sc.col,
                     "reference id %s cannot be cited: an id is letters, digits and _ - . : / +, "
                     "starting with a letter, digit or _",
                     shown);
        return -1;
    }
    int first;
    int dup = yp_keyset_add(ids, sc.s, sc.len, sc.line, &first);
    if (dup < 0)
        return yp_oom(c);
    if (dup) {
        bc_error_set(c->err, sc.line, sc.col, "duplicate reference id %s (first at line %d)", shown, first);
        return -1;
    }
    return bc_node_set_reference_id(ref, sc.s, sc.len) == 0 ? 0 : yp_oom(c);
}

static int reference_text(yp_ctx *c, bc_node *ref, const char *name)
{
    if (c->ev.type != YAML_SCALAR_EVENT)
        return yp_wrong_type(c, name, "a string");
    if (yp_scalar_is_blank(c)) {
        bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev), "%s must not be empty", name);
        return -1;
    }
    yp_scalar sc = yp_ev_scalar(c);
    return yp_md_inlines(c, &sc, ref, name);
}

static int read_reference(yp_ctx *c, bc_node *parent, yp_keyset *ids)
{
    static const char *const names[] = {"id", "text", "url"};
    int seen[3] = {0};
    int line = yp_ev_line(&c->ev), col = yp_ev_col(&c->ev);
    bc_node *ref = bc_node_new(c->doc, BC_NODE_REFERENCE, line, col);
    if (!ref)
        return yp_oom(c);
    if (c->ev.type == YAML_SCALAR_EVENT) {
        if (reference_text(c, ref, "a reference") != 0)
            return -1;
        bc_node_append_child(parent, ref);
        return 0;
    }
    if (c->ev.type != YAML_MAPPING_START_EVENT)
        return yp_wrong_type(c, "a reference", "text or a mapping with id, text and url");
    for (;;) {
        int k = next_key(c, "reference", names, 3, seen);
        if (k == -2)
            break;
        if (k < 0)
            return -1;
        if (k == 0) {
            if (reference_id(c, ref, ids) != 0)
                return -1;
        } else if (k == 1) {
            if (reference_text(c, ref, "text") != 0)
                return -1;
        } else {
            const char *s;
            size_t len;
            int r = yp_url_value(c, "url", &s, &len);
            if (r < 0)
                return -1;
            if (r > 0 && bc_node_set_url(ref, s, len) != 0)
                return yp_oom(c);
        }
    }
    if (!seen[1]) {
        bc_error_set(c->err, line, col, "missing required key \"text\" in reference");
        return -1;
    }
    bc_node_append_child(parent, ref);
    return 0;
}

int yp_read_references(yp_ctx *c, bc_node *parent)
{
    if (yp_scalar_is_blank(c))
        return 0;
    if (c->ev.type != YAML_SEQUENCE_START_EVENT)
        return yp_wrong_type(c, "references", "a list of references");
    yp_keyset ids = {0};
    int rc = -1;
    for (;;) {
        if (yp_next(c) != 0)
            goto done;
        if (c->ev.type == YAML_SEQUENCE_END_EVENT)
            break;
        if (read_reference(c, parent, &ids) != 0)
            goto done;
    }
    rc = 0;
done:
    yp_keyset_free(&ids);
    return rc;
}

/* ---------------------------------------------------------------- tags and labels */

int yp_read_tags(yp_ctx *c)
{
    if (yp_scalar_is_blank(c))
        return 0;
    if (c->ev.type != YAML_SEQUENCE_START_EVENT)
        return yp_wrong_type(c, "tags", "a list of plain strings");
    for (;;) {
        if (yp_next(c) != 0)
            return -1;
        if (c->ev.type == YAML_SEQUENCE_END_EVENT)
            return 0;
        if (c->ev.type != YAML_SCALAR_EVENT)
            return yp_wrong_type(c, "a tag", "a plain string");
        if (yp_scalar_is_blank(c)) {
            bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev), "a tag must not be empty");
            return -1;
        }
        yp_scalar sc = yp_ev_scalar(c);
        if (bc_document_add_tag(c->doc, sc.s, sc.len) != 0)
            return yp_oom(c);
    }
}

int yp_read_labels(yp_ctx *c)
{
    const char *labelled[BC_FIELD_COUNT];
    size_t n = 0;
    int seen[BC_FIELD_COUNT] = {0};
    for (int f = 0; f < BC_FIELD_COUNT; f++)
        if (bc_field_default_label((bc_field)f)[0])
            labelled[n++] = bc_field_key((bc_field)f);
    if (yp_scalar_is_blank(c))
        return 0;
    if (c->ev.type != YAML_MAPPING_START_EVENT)
        return yp_wrong_type(c, "labels", "a mapping of keys to printed labels");
    for (;;) {
        if (yp_next(c) != 0)
            return -1;
        if (c->ev.type == YAML_MAPPING_END_EVENT)
            return 0;
        yp_scalar key;
        if (yp_key(c, &key) != 0)
            return -1;
        bc_field f = bc_field_from_key(key.s, key.len);
        if (f == BC_FIELD_COUNT)
            return yp_unknown_key(c, &key, "labels", labelled, n);
        if (!bc_field_default_label(f)[0]) {
            bc_error_set(c->err, key.line, key.col, "labels cannot rename \"%s\": it has no printed label",
                         bc_field_key(f));
            return -1;
        }
        if (seen[f])
            return yp_duplicate_key(c, &key, seen[f]);
        seen[f] = key.line;
        if (yp_next(c) != 0)
            return -1;
        char name[64];
        snprintf(name, sizeof name, "the label of %s", bc_field_key(f));
        if (c->ev.type != YAML_SCALAR_EVENT)
            return yp_wrong_type(c, name, "a string");
        if (yp_scalar_is_blank(c)) {
            bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev), "%s must not be empty", name);
            return -1;
        }
        yp_scalar sc = yp_ev_scalar(c);
        size_t len = sc.len;
        const char *label = yp_smart_text(c, sc.s, &len);
        if (!label)
            return -1;
        if (bc_document_set_label(c->doc, f, label, len) != 0)
            return yp_oom(c);
    }
}

/* ---------------------------------------------------------------- extensions */

static int read_ext_mapping(yp_ctx *c, bc_value *map)
{
    yp_keyset keys = {0};
    bcp_buf name = {0};
    int rc = -1;
    for (;;) {
        if (yp_next(c) != 0)
            goto done;
        if (c->ev.type == YAML_MAPPING_END_EVENT)
            break;
        yp_scalar key;
        if (yp_key(c, &key) != 0)
            goto done;
        int first;
        int dup = yp_keyset_add(&keys, key.s, key.len, key.line, &first);
        if (dup < 0) {
            yp_oom(c);
            goto done;
        }
        if (dup) {
            yp_duplicate_key(c, &key, first);
            goto done;
        }
        name.len = 0;
        if (bcp_buf_put(&name, key.s, key.len) != 0) {
            yp_oom(c);
            goto done;
        }
        bc_value *item;
        if (yp_next(c) != 0 || yp_read_extension(c, &item) != 0)
            goto done;
        if (bc_value_put(map, name.data, name.len, item) != 0) {
            yp_oom(c);
            goto done;
        }
    }
    rc = 0;
done:
    yp_keyset_free(&keys);
    bcp_buf_free(&name);
    return rc;
}

/* Recursion is bounded by max-depth, which yp_next enforces on every collection. */
int yp_read_extension(yp_ctx *c, bc_value **out)
{
    bc_value *v;
    switch (c->ev.type) {
    case YAML_SCALAR_EVENT:
        v = bc_value_new(c->doc, BC_VALUE_STRING);
        if (!v)
            return yp_oom(c);
        /* A null (empty, ~, null) is the empty string; any other text stays as written. */
        if (yp_scalar_is_null(c)) {
            if (bc_value_set_string(v, "", 0) != 0)
                return yp_oom(c);
        } else {
            yp_scalar sc = yp_ev_scalar(c);
            if (bc_value_set_string(v, sc.s, sc.len) != 0)
                return yp_oom(c);
        }
        break;
    case YAML_SEQUENCE_START_EVENT:
        v = bc_value_new(c->doc, BC_VALUE_SEQUENCE);
        if (!v)
            return yp_oom(c);
        for (;;) {
            bc_value *item;
            if (yp_next(c) != 0)
                return -1;
            if (c->ev.type == YAML_SEQUENCE_END_EVENT)
                break;
            if (yp_read_extension(c, &item) != 0)
                return -1;
            if (bc_value_append(v, item) != 0)
                return yp_oom(c);
        }
        break;
    case YAML_MAPPING_START_EVENT:
        v = bc_value_new(c->doc, BC_VALUE_MAPPING);
        if (!v)
            return yp_oom(c);
        if (read_ext_mapping(c, v) != 0)
            return -1;
        break;
    default:
        return yp_wrong_type(c, "an extension value", "a string, a sequence or a mapping");
    }
    *out = v;
    return 0;
}
