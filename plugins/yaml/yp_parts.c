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

/* ---------------------------------------------------------------- content */

static int read_list(yp_ctx *c, bc_node *parent);

/* {text: <content>, items: <sequence>}: one list item with a sub-list. */
typedef struct item_parts {
    bc_node *item, *sub;
} item_parts;

static int item_text(yp_ctx *c, void *target, int arg)
{
    (void)arg;
    return yp_read_content(c, "text", ((item_parts *)target)->item);
}

static int item_items(yp_ctx *c, void *target, int arg)
{
    (void)arg;
    if (c->ev.type == YAML_SEQUENCE_START_EVENT)
        return read_list(c, ((item_parts *)target)->sub);
    return yp_scalar_is_blank(c) ? 0 : yp_wrong_type(c, "items", "a list");
}

static const yp_key_spec item_keys[] = {
    {"text", item_text, 0, ""},
    {"items", item_items, 0, NULL},
};
static const yp_mapping item_mapping = {"list item", item_keys, YP_COUNT(item_keys), NULL};

static int read_item_mapping(yp_ctx *c, bc_node *item)
{
    item_parts parts = {item, holder(c)};
    if (!parts.sub || yp_read_mapping(c, &item_mapping, &parts) != 0)
        return -1;
    move_children(parts.sub, item);
    return 0;
}

static int list_item(yp_ctx *c, void *list)
{
    bc_node *item = yp_ev_node(c, BC_NODE_ITEM);
    if (!item)
        return -1;
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
    bc_node_append_child(list, item);
    return 0;
}

/* Several blocks in one item space the whole list out, as in Markdown. */
static bool tight(const bc_node *list)
{
    for (const bc_node *item = bc_node_first_child(list); item; item = bc_node_next(item)) {
        int blocks = 0;
        for (const bc_node *b = bc_node_first_child(item); b; b = bc_node_next(b))
            blocks += bc_node_type_of(b) != BC_NODE_LIST;
        if (blocks > 1)
            return false;
    }
    return true;
}

/* A YAML sequence as a bullet list; items are content or {text, items}. */
static int read_list(yp_ctx *c, bc_node *parent)
{
    bc_node *list = yp_ev_node(c, BC_NODE_LIST);
    if (!list || yp_read_items(c, list_item, list) != 0)
        return -1;
    if (!bc_node_first_child(list))
        return 0; /* [] is nothing */
    bc_node_set_list(list, BC_LIST_BULLET, 1, tight(list));
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

/* A section's parts, which its keys may give in any order. */
typedef struct section_parts {
    bc_node *heading, *body, *subsections;
} section_parts;

static int section_heading(yp_ctx *c, void *target, int arg)
{
    (void)arg;
    section_parts *p = target;
    yp_scalar sc;
    if (yp_scalar_value(c, "heading", true, &sc) < 0)
        return -1;
    p->heading = yp_ev_node(c, BC_NODE_HEADING);
    if (!p->heading)
        return -1;
    return yp_md_inlines(c, &sc, p->heading, "heading");
}

static int section_body(yp_ctx *c, void *target, int arg)
{
    (void)arg;
    return yp_read_content(c, "body", ((section_parts *)target)->body);
}

static int section_sections(yp_ctx *c, void *target, int arg)
{
    (void)arg;
    return yp_read_sections(c, ((section_parts *)target)->subsections);
}

static const yp_key_spec section_keys[] = {
    {"heading", section_heading, 0, ""},
    {"body", section_body, 0, NULL},
    {"sections", section_sections, 0, NULL},
};
static const yp_mapping section_mapping = {"section", section_keys, YP_COUNT(section_keys), NULL};

static int read_section(yp_ctx *c, void *parent)
{
    if (c->ev.type != YAML_MAPPING_START_EVENT)
        return yp_wrong_type(c, "a section", "a mapping with heading, body and sections");
    bc_node *section = yp_ev_node(c, BC_NODE_SECTION);
    section_parts p = {NULL, NULL, NULL};
    p.body = holder(c);
    p.subsections = holder(c);
    if (!section || !p.body || !p.subsections)
        return -1;
    if (yp_read_mapping(c, &section_mapping, &p) != 0)
        return -1;
    bc_node_append_child(section, p.heading);
    move_children(p.body, section);
    move_children(p.subsections, section);
    bc_node_append_child(parent, section);
    return 0;
}

int yp_read_sections(yp_ctx *c, bc_node *parent)
{
    return yp_read_list_value(c, "sections", "a list of sections", read_section, parent);
}

/* ---------------------------------------------------------------- references */

/* One reference being read, and the ids of those before it. */
typedef struct reference_parts {
    bc_node *ref;
    yp_keyset *ids;
} reference_parts;

static int reference_id(yp_ctx *c, void *target, int arg)
{
    (void)arg;
    reference_parts *p = target;
    if (c->ev.type != YAML_SCALAR_EVENT)
        return yp_wrong_type(c, "id", "a string");
    /* Cleaned first: an id of nothing but control characters is empty. */
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
    int dup = yp_keyset_add(p->ids, sc.s, sc.len, sc.line, &first);
    if (dup < 0)
        return yp_oom(c);
    if (dup) {
        bc_error_set(c->err, sc.line, sc.col, "duplicate reference id %s (first at line %d)", shown, first);
        return -1;
    }
    return bc_node_set_reference_id(p->ref, sc.s, sc.len) == 0 ? 0 : yp_oom(c);
}

/* The text of a reference: ARG 1 for its key "text", 0 for a reference written as text alone. */
static int reference_text(yp_ctx *c, void *target, int arg)
{
    yp_scalar sc;
    const char *name = arg ? "text" : "a reference";
    if (yp_scalar_value(c, name, true, &sc) < 0)
        return -1;
    return yp_md_inlines(c, &sc, ((reference_parts *)target)->ref, name);
}

static int reference_url(yp_ctx *c, void *target, int arg)
{
    (void)arg;
    const char *s;
    size_t len;
    int r = yp_url_value(c, "url", &s, &len);
    if (r < 0)
        return -1;
    if (r > 0 && bc_node_set_url(((reference_parts *)target)->ref, s, len) != 0)
        return yp_oom(c);
    return 0;
}

static const yp_key_spec reference_keys[] = {
    {"id", reference_id, 0, NULL},
    {"text", reference_text, 1, ""},
    {"url", reference_url, 0, NULL},
};
static const yp_mapping reference_mapping = {"reference", reference_keys, YP_COUNT(reference_keys), NULL};

/* The references of one list, and the ids they have given so far. */
typedef struct references {
    bc_node *parent;
    yp_keyset ids;
} references;

static int read_reference(yp_ctx *c, void *target)
{
    references *refs = target;
    reference_parts p = {yp_ev_node(c, BC_NODE_REFERENCE), &refs->ids};
    if (!p.ref)
        return -1;
    int rc;
    if (c->ev.type == YAML_SCALAR_EVENT)
        rc = reference_text(c, &p, 0);
    else if (c->ev.type == YAML_MAPPING_START_EVENT)
        rc = yp_read_mapping(c, &reference_mapping, &p);
    else
        rc = yp_wrong_type(c, "a reference", "text or a mapping with id, text and url");
    if (rc != 0)
        return -1;
    bc_node_append_child(refs->parent, p.ref);
    return 0;
}

int yp_read_references(yp_ctx *c, bc_node *parent)
{
    references refs = {.parent = parent};
    int rc = yp_read_list_value(c, "references", "a list of references", read_reference, &refs);
    yp_keyset_free(&refs.ids);
    return rc;
}

/* ---------------------------------------------------------------- tags and labels */

static int read_tag(yp_ctx *c, void *target)
{
    (void)target;
    if (c->ev.type != YAML_SCALAR_EVENT)
        return yp_wrong_type(c, "a tag", "a plain string");
    if (yp_scalar_is_blank(c)) {
        bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev), "a tag must not be empty");
        return -1;
    }
    yp_scalar sc = yp_ev_scalar(c);
    return bc_document_add_tag(c->doc, sc.s, sc.len) == 0 ? 0 : yp_oom(c);
}

int yp_read_tags(yp_ctx *c)
{
    return yp_read_list_value(c, "tags", "a list of plain strings", read_tag, NULL);
}

static int read_label(yp_ctx *c, void *target, int f)
{
    (void)target;
    char name[64];
    snprintf(name, sizeof name, "the label of %s", bc_field_key((bc_field)f));
    yp_scalar sc;
    if (yp_scalar_value(c, name, true, &sc) < 0)
        return -1;
    size_t len = sc.len;
    const char *label = yp_smart_text(c, sc.s, &len);
    if (!label)
        return -1;
    return bc_document_set_label(c->doc, (bc_field)f, label, len) == 0 ? 0 : yp_oom(c);
}

/* A key of labels that is no labelled field: a field is told it has no label. */
static int unlabelled(yp_ctx *c, void *target, const yp_scalar *key)
{
    (void)target;
    bc_field f = bc_field_from_key(key->s, key->len);
    if (f == BC_FIELD_COUNT)
        return 1;
    bc_error_set(c->err, key->line, key->col, "labels cannot rename \"%s\": it has no printed label",
                 bc_field_key(f));
    return -1;
}

_Static_assert(BC_FIELD_COUNT <= YP_MAX_KEYS, "every field can be a key of labels");

int yp_read_labels(yp_ctx *c)
{
    yp_key_spec keys[BC_FIELD_COUNT];
    yp_mapping labels = {"labels", keys, 0, unlabelled};
    for (int f = 0; f < BC_FIELD_COUNT; f++)
        if (bc_field_default_label((bc_field)f)[0])
            keys[labels.count++] = (yp_key_spec){bc_field_key((bc_field)f), read_label, f, NULL};
    if (yp_scalar_is_blank(c))
        return 0;
    if (c->ev.type != YAML_MAPPING_START_EVENT)
        return yp_wrong_type(c, "labels", "a mapping of keys to printed labels");
    return yp_read_mapping(c, &labels, NULL);
}

/* ---------------------------------------------------------------- extensions */

static int read_extension(yp_ctx *c, bc_value **out);

int yp_read_extension_entry(yp_ctx *c, yp_keyset *keys, const yp_scalar *key, const char **name, size_t *len,
                            bc_value **value)
{
    int first;
    int dup = yp_keyset_add(keys, key->s, key->len, key->line, &first);
    if (dup < 0)
        return yp_oom(c);
    if (dup)
        return yp_duplicate_key(c, key, first);
    /* The key's text lives in the event, which the value replaces: the set's copy outlives it. */
    *name = yp_keyset_last(keys, len);
    return yp_next(c) == 0 ? read_extension(c, value) : -1;
}

/* An extension mapping being read, and the keys it has so far. */
typedef struct ext_mapping {
    bc_value *map;
    yp_keyset keys;
} ext_mapping;

static int ext_entry(yp_ctx *c, void *target, const yp_scalar *key)
{
    ext_mapping *m = target;
    const char *name;
    size_t len;
    bc_value *item;
    if (yp_read_extension_entry(c, &m->keys, key, &name, &len, &item) != 0)
        return -1;
    return bc_value_put(m->map, name, len, item) == 0 ? 0 : yp_oom(c);
}

static const yp_mapping ext_any = {NULL, NULL, 0, ext_entry};

static int ext_item(yp_ctx *c, void *seq)
{
    bc_value *item;
    if (read_extension(c, &item) != 0)
        return -1;
    return bc_value_append(seq, item) == 0 ? 0 : yp_oom(c);
}

/* Recursion is bounded by max-depth, which yp_next enforces on every collection. */
static int read_extension(yp_ctx *c, bc_value **out)
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
        if (yp_read_items(c, ext_item, v) != 0)
            return -1;
        break;
    case YAML_MAPPING_START_EVENT: {
        ext_mapping m = {.map = bc_value_new(c->doc, BC_VALUE_MAPPING)};
        if (!m.map)
            return yp_oom(c);
        int rc = yp_read_mapping(c, &ext_any, &m);
        yp_keyset_free(&m.keys);
        if (rc != 0)
            return -1;
        v = m.map;
        break;
    }
    default:
        return yp_wrong_type(c, "an extension value", "a string, a sequence or a mapping");
    }
    *out = v;
    return 0;
}
