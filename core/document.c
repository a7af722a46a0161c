/* document.c — the document: fields, labels, tags, extensions and values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "text.h"

#define DEFAULT_LANG "en-GB"

static const struct {
    const char *key;
    bc_field_kind kind;
    const char *label;
} field_info[BC_FIELD_COUNT] = {
    [BC_FIELD_TITLE] = {"title", BC_FIELD_KIND_INLINE, ""},
    [BC_FIELD_TYPE] = {"type", BC_FIELD_KIND_TEXT, ""},
    [BC_FIELD_SOURCE] = {"source", BC_FIELD_KIND_INLINE, "Source"},
    [BC_FIELD_LINK] = {"link", BC_FIELD_KIND_TEXT, "Link to main document"},
    [BC_FIELD_PUBLICATION_FORMAT] = {"publication_format", BC_FIELD_KIND_TEXT, "Publication format"},
    [BC_FIELD_PUBLISHED] = {"published", BC_FIELD_KIND_DATE, "Date of publication"},
    [BC_FIELD_AUDIENCE] = {"audience", BC_FIELD_KIND_INLINE, "Primary audience"},
    [BC_FIELD_SUMMARY] = {"summary", BC_FIELD_KIND_CONTENT, "Summary"},
    [BC_FIELD_KEY_FEATURES] = {"key_features", BC_FIELD_KIND_CONTENT, "Key features"},
    [BC_FIELD_IMPACT] = {"impact", BC_FIELD_KIND_CONTENT, "Impact on library policy/practice"},
    [BC_FIELD_SECTIONS] = {"sections", BC_FIELD_KIND_CONTENT, ""},
    [BC_FIELD_REFERENCES] = {"references", BC_FIELD_KIND_CONTENT, "Further reading"},
    [BC_FIELD_UPDATED] = {"updated", BC_FIELD_KIND_DATE, "Date last updated"},
    [BC_FIELD_REVIEW_DUE] = {"review_due", BC_FIELD_KIND_DATE, "Due for review"},
    [BC_FIELD_RESPONSIBLE] = {"responsible", BC_FIELD_KIND_TEXT, "Group member responsible"},
    [BC_FIELD_PRODUCED_BY] = {"produced_by", BC_FIELD_KIND_INLINE, "Produced by"},
    [BC_FIELD_NOTICE] = {"notice", BC_FIELD_KIND_CONTENT, ""},
    [BC_FIELD_TAGS] = {"tags", BC_FIELD_KIND_LIST, "Keywords"},
    [BC_FIELD_LANG] = {"lang", BC_FIELD_KIND_TEXT, ""},
};

static bool field_ok(bc_field field)
{
    return (int)field >= 0 && field < BC_FIELD_COUNT;
}

const char *bc_field_key(bc_field field)
{
    return field_ok(field) ? field_info[field].key : NULL;
}

bc_field bc_field_from_key(const char *key, size_t len)
{
    if (!key)
        return BC_FIELD_COUNT;
    for (int f = 0; f < BC_FIELD_COUNT; f++) {
        const char *k = field_info[f].key;
        if (strlen(k) == len && memcmp(k, key, len) == 0)
            return (bc_field)f;
    }
    return BC_FIELD_COUNT;
}

bc_field_kind bc_field_kind_of(bc_field field)
{
    return field_ok(field) ? field_info[field].kind : BC_FIELD_KIND_TEXT;
}

const char *bc_field_default_label(bc_field field)
{
    return field_ok(field) ? field_info[field].label : "";
}

/* The layout every writer follows; the order of the fields within each group is the print order. */
static const bc_field title_fields[] = {BC_FIELD_TITLE, BC_FIELD_TYPE};
static const bc_field detail_fields[] = {BC_FIELD_SOURCE, BC_FIELD_LINK, BC_FIELD_PUBLICATION_FORMAT,
                                         BC_FIELD_PUBLISHED, BC_FIELD_AUDIENCE};
static const bc_field part_fields[] = {BC_FIELD_SUMMARY, BC_FIELD_KEY_FEATURES, BC_FIELD_IMPACT};
static const bc_field section_fields[] = {BC_FIELD_SECTIONS};
static const bc_field reference_fields[] = {BC_FIELD_REFERENCES};
static const bc_field record_fields[] = {BC_FIELD_UPDATED, BC_FIELD_REVIEW_DUE, BC_FIELD_RESPONSIBLE,
                                         BC_FIELD_PRODUCED_BY};
static const bc_field notice_fields[] = {BC_FIELD_NOTICE};

#define GROUP(a) {a, sizeof a / sizeof a[0]}
static const struct {
    const bc_field *fields;
    size_t count;
} groups[BC_GROUP_COUNT] = {GROUP(title_fields), GROUP(detail_fields), GROUP(part_fields), GROUP(section_fields),
                            GROUP(reference_fields), GROUP(record_fields), GROUP(notice_fields)};

const bc_field *bc_group_fields(bc_group group, size_t *count)
{
    bool ok = group >= 0 && group < BC_GROUP_COUNT;
    if (count)
        *count = ok ? groups[group].count : 0;
    return ok ? groups[group].fields : NULL;
}

size_t bc_label_with_colon(const char *label, char *buf, size_t size)
{
    size_t len = label ? strlen(label) : 0;
    bool colon = len > 0 && !strchr(":?!", label[len - 1]);
    int n = snprintf(buf, size, "%s%s", label ? label : "", colon ? ":" : "");
    return n < 0 ? 0 : (size_t)n;
}

/* ---------------------------------------------------------------- life */

bc_document *bc_document_new(void)
{
    bc_document *doc = calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    bci_arena_init(&doc->arena);
    doc->fields[BC_FIELD_LANG].set = true;
    doc->fields[BC_FIELD_LANG].text = DEFAULT_LANG;
    return doc;
}

void bc_document_free(bc_document *doc)
{
    if (!doc)
        return;
    bci_arena_release(&doc->arena);
    free(doc);
}

/* ---------------------------------------------------------------- reading */

bool bc_document_has(const bc_document *doc, bc_field field)
{
    if (!doc || !field_ok(field))
        return false;
    if (field == BC_FIELD_TAGS)
        return doc->tag_count > 0;
    return doc->fields[field].set;
}

const char *bc_document_label(const bc_document *doc, bc_field field)
{
    if (!field_ok(field))
        return "";
    if (doc && doc->fields[field].label)
        return doc->fields[field].label;
    return field_info[field].label;
}

const char *bc_document_text(const bc_document *doc, bc_field field)
{
    if (field == BC_FIELD_LANG)
        return doc && doc->fields[field].text ? doc->fields[field].text : DEFAULT_LANG;
    if (!doc || !field_ok(field) || !doc->fields[field].set)
        return NULL;
    bc_field_kind kind = field_info[field].kind;
    if (kind != BC_FIELD_KIND_TEXT && kind != BC_FIELD_KIND_DATE)
        return NULL;
    return doc->fields[field].text;
}

bool bc_document_date(const bc_document *doc, bc_field field, bc_date *out)
{
    if (!doc || !field_ok(field) || !doc->fields[field].set || !doc->fields[field].is_date)
        return false;
    if (out)
        *out = doc->fields[field].date;
    return true;
}

const bc_node *bc_document_field(const bc_document *doc, bc_field field)
{
    if (!doc || !field_ok(field) || !doc->fields[field].set)
        return NULL;
    return doc->fields[field].node;
}

size_t bc_document_tag_count(const bc_document *doc)
{
    return doc ? doc->tag_count : 0;
}

const char *bc_document_tag(const bc_document *doc, size_t i)
{
    return doc && i < doc->tag_count ? doc->tags[i] : NULL;
}

int bc_document_reference_count(const bc_document *doc)
{
    return doc ? doc->reference_count : 0;
}

const char *bc_document_source_name(const bc_document *doc)
{
    return doc && doc->source_name ? doc->source_name : "";
}

size_t bc_document_extension_count(const bc_document *doc)
{
    return doc ? doc->extension_count : 0;
}

const char *bc_document_extension_key(const bc_document *doc, size_t i)
{
    return doc && i < doc->extension_count ? doc->extensions[i].key : NULL;
}

const bc_value *bc_document_extension(const bc_document *doc, size_t i)
{
    return doc && i < doc->extension_count ? doc->extensions[i].value : NULL;
}

const bc_value *bc_document_extension_get(const bc_document *doc, const char *key)
{
    if (!doc || !key)
        return NULL;
    for (size_t i = 0; i < doc->extension_count; i++)
        if (strcmp(doc->extensions[i].key, key) == 0)
            return doc->extensions[i].value;
    return NULL;
}

bc_value_kind bc_value_kind_of(const bc_value *v)
{
    return v ? v->kind : (bc_value_kind)0;
}

const char *bc_value_string(const bc_value *v)
{
    return v && v->kind == BC_VALUE_STRING ? (v->string ? v->string : "") : NULL;
}

size_t bc_value_count(const bc_value *v)
{
    return v && v->kind != BC_VALUE_STRING ? v->count : 0;
}

const bc_value *bc_value_item(const bc_value *v, size_t i)
{
    return v && v->kind != BC_VALUE_STRING && i < v->count ? v->items[i] : NULL;
}

const char *bc_value_key(const bc_value *v, size_t i)
{
    return v && v->kind == BC_VALUE_MAPPING && i < v->count ? v->keys[i] : NULL;
}

/* ---------------------------------------------------------------- building */

static bool writable(const bc_document *doc)
{
    return doc && !doc->finished;
}

int bc_document_set_source_name(bc_document *doc, const char *name)
{
    if (!doc || !name)
        return -1;
    /* A file name need not be UTF-8, but plugins may print it as text. */
    char *copy;
    if (bci_text_copy_lossy(&doc->arena, name, strlen(name), &copy) != 0)
        return -1;
    doc->source_name = copy;
    return 0;
}

/* A BCP 47-shaped tag: 1-8 letters, then '-'-separated 1-8 alphanumerics. */
static bool lang_tag_ok(const char *s, size_t len)
{
    size_t run = 0;
    bool first = true;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        bool digit = c >= '0' && c <= '9';
        if (c == '-' && run > 0) {
            run = 0;
            first = false;
        } else if ((alpha || (digit && !first)) && run < 8) {
            run++;
        } else {
            return false;
        }
    }
    return run > 0;
}

static int format_date_text(bc_document *doc, struct bci_field *f)
{
    char buf[96];
    size_t n = bc_date_format(f->date, bc_document_text(doc, BC_FIELD_LANG), buf, sizeof buf);
    if (n >= sizeof buf)
        return -1;
    char *copy = bci_arena_strndup(&doc->arena, buf, n);
    if (!copy)
        return -1;
    f->text = copy;
    return 0;
}

int bci_document_format_dates(bc_document *doc)
{
    for (int i = 0; i < BC_FIELD_COUNT; i++) {
        struct bci_field *f = &doc->fields[i];
        if (f->set && f->is_date && format_date_text(doc, f) != 0)
            return -1;
    }
    return 0;
}

int bc_document_set_text(bc_document *doc, bc_field field, const char *s, size_t len)
{
    if (!writable(doc) || !field_ok(field) || (!s && len))
        return -1;
    bc_field_kind kind = field_info[field].kind;
    if (kind != BC_FIELD_KIND_TEXT && field != BC_FIELD_PUBLISHED)
        return -1;
    if (field == BC_FIELD_LANG && !lang_tag_ok(s, len))
        return -1;
    if (field == BC_FIELD_LINK && !bc_url_is_allowed(s, len))
        return -1;
    char *copy;
    if (bci_text_copy(&doc->arena, s, len, &copy, NULL) != 0)
        return -1;
    struct bci_field *f = &doc->fields[field];
    f->set = true;
    f->is_date = false;
    f->text = copy;
    if (field == BC_FIELD_LANG)
        return bci_document_format_dates(doc);
    return 0;
}

int bc_document_set_date(bc_document *doc, bc_field field, bc_date date)
{
    if (!writable(doc) || !field_ok(field) || field_info[field].kind != BC_FIELD_KIND_DATE ||
        !bc_date_is_valid(date))
        return -1;
    struct bci_field *f = &doc->fields[field];
    f->date = date;
    if (format_date_text(doc, f) != 0)
        return -1;
    f->set = true;
    f->is_date = true;
    return 0;
}

int bc_document_set_field(bc_document *doc, bc_field field, bc_node *node)
{
    if (!writable(doc) || !field_ok(field) || !node || node->doc != doc || node->parent)
        return -1;
    bc_field_kind kind = field_info[field].kind;
    if (!(kind == BC_FIELD_KIND_INLINE && node->type == BC_NODE_INLINES) &&
        !(kind == BC_FIELD_KIND_CONTENT && node->type == BC_NODE_CONTENT))
        return -1;
    doc->fields[field].set = true;
    doc->fields[field].node = node;
    return 0;
}

int bc_document_set_label(bc_document *doc, bc_field field, const char *s, size_t len)
{
    if (!writable(doc) || !field_ok(field) || (!s && len))
        return -1;
    char *copy;
    if (bci_text_copy(&doc->arena, s, len, &copy, NULL) != 0)
        return -1;
    doc->fields[field].label = copy;
    return 0;
}

int bc_document_add_tag(bc_document *doc, const char *s, size_t len)
{
    if (!writable(doc) || (!s && len))
        return -1;
    char *copy;
    if (bci_text_copy(&doc->arena, s, len, &copy, NULL) != 0)
        return -1;
    const char *elem = copy;
    return bci_arena_push(&doc->arena, (void **)&doc->tags, &doc->tag_count, &doc->tag_cap,
                          sizeof elem, &elem);
}

int bc_document_add_extension(bc_document *doc, const char *key, size_t len, bc_value *value)
{
    if (!writable(doc) || !key || !value)
        return -1;
    char *copy;
    if (bci_text_copy(&doc->arena, key, len, &copy, NULL) != 0)
        return -1;
    struct bci_extension ext = {copy, value};
    return bci_arena_push(&doc->arena, (void **)&doc->extensions, &doc->extension_count,
                          &doc->extension_cap, sizeof ext, &ext);
}

bc_value *bc_value_new(bc_document *doc, bc_value_kind kind)
{
    if (!writable(doc) || kind < BC_VALUE_STRING || kind > BC_VALUE_MAPPING)
        return NULL;
    bc_value *v = bci_arena_calloc(&doc->arena, 1, sizeof *v);
    if (v) {
        v->kind = kind;
        v->doc = doc;
    }
    return v;
}

int bc_value_set_string(bc_value *v, const char *s, size_t len)
{
    if (!v || v->kind != BC_VALUE_STRING || !writable(v->doc) || (!s && len))
        return -1;
    char *copy;
    if (bci_text_copy(&v->doc->arena, s, len, &copy, NULL) != 0)
        return -1;
    v->string = copy;
    return 0;
}

static int value_add(bc_value *v, const char *key, bc_value *item)
{
    bci_arena *a = &v->doc->arena;
    size_t count = v->count, cap = v->cap;
    if (bci_arena_push(a, (void **)&v->items, &count, &cap, sizeof item, &item) != 0)
        return -1;
    if (v->kind == BC_VALUE_MAPPING) {
        size_t kcount = v->count;
        if (bci_arena_push(a, (void **)&v->keys, &kcount, &v->key_cap, sizeof key, &key) != 0)
            return -1;
    }
    v->count = count;
    v->cap = cap;
    return 0;
}

int bc_value_append(bc_value *seq, bc_value *item)
{
    if (!seq || !item || seq->kind != BC_VALUE_SEQUENCE || !writable(seq->doc) || item->doc != seq->doc)
        return -1;
    return value_add(seq, NULL, item);
}

int bc_value_put(bc_value *map, const char *key, size_t len, bc_value *item)
{
    if (!map || !item || !key || map->kind != BC_VALUE_MAPPING || !writable(map->doc) ||
        item->doc != map->doc)
        return -1;
    char *copy;
    if (bci_text_copy(&map->doc->arena, key, len, &copy, NULL) != 0)
        return -1;
    return value_add(map, copy, item);
}
