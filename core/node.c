/* node.c — node accessors and the builder used by input plugins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "text.h"

/* ---------------------------------------------------------------- accessors */

bc_node_type bc_node_type_of(const bc_node *node)
{
    return node ? node->type : BC_NODE_NONE;
}

const bc_node *bc_node_parent(const bc_node *node)
{
    return node ? node->parent : NULL;
}

const bc_node *bc_node_first_child(const bc_node *node)
{
    return node ? node->first : NULL;
}

const bc_node *bc_node_last_child(const bc_node *node)
{
    return node ? node->last : NULL;
}

const bc_node *bc_node_next(const bc_node *node)
{
    return node ? node->next : NULL;
}

const bc_node *bc_node_prev(const bc_node *node)
{
    return node ? node->prev : NULL;
}

int bc_node_line(const bc_node *node)
{
    return node ? node->line : 0;
}

int bc_node_column(const bc_node *node)
{
    return node ? node->column : 0;
}

static bool has_literal(const bc_node *node)
{
    return node && (node->type == BC_NODE_TEXT || node->type == BC_NODE_CODE ||
                    node->type == BC_NODE_CODE_BLOCK);
}

const char *bc_node_literal(const bc_node *node, size_t *len)
{
    if (!has_literal(node) || !node->str) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = node->len;
    return node->str;
}

const char *bc_node_code_info(const bc_node *node)
{
    return node && node->type == BC_NODE_CODE_BLOCK && node->str2 ? node->str2 : "";
}

int bc_node_heading_level(const bc_node *node)
{
    return node && node->type == BC_NODE_HEADING ? node->u.level : 0;
}

int bc_node_section_depth(const bc_node *node)
{
    return node && node->type == BC_NODE_SECTION ? node->u.level : 0;
}

bc_list_type bc_node_list_type(const bc_node *node)
{
    return node && node->type == BC_NODE_LIST ? node->u.list.type : (bc_list_type)0;
}

int bc_node_list_start(const bc_node *node)
{
    return node && node->type == BC_NODE_LIST ? node->u.list.start : 0;
}

bool bc_node_list_tight(const bc_node *node)
{
    return node && node->type == BC_NODE_LIST && node->u.list.tight;
}

int bc_node_list_level(const bc_node *node)
{
    return node && node->type == BC_NODE_LIST ? node->u.list.level : 0;
}

const char *bc_node_url(const bc_node *node)
{
    if (!node || (node->type != BC_NODE_LINK && node->type != BC_NODE_REFERENCE) || !node->str)
        return "";
    return node->str;
}

const char *bc_node_link_title(const bc_node *node)
{
    return node && node->type == BC_NODE_LINK && node->str2 ? node->str2 : "";
}

bool bc_node_link_is_autolink(const bc_node *node)
{
    if (!node || node->type != BC_NODE_LINK || !node->str || !node->first || node->first != node->last ||
        node->first->type != BC_NODE_TEXT || !node->first->str)
        return false;
    /* The reader keeps no flag: an autolink is a link that shows its own address. */
    const char *url = node->str, *text = node->first->str;
    size_t tlen = node->first->len;
    static const char *const added[] = {"", "mailto:", "http://", NULL};
    for (size_t i = 0; added[i]; i++) {
        size_t alen = strlen(added[i]);
        if (strncmp(url, added[i], alen) == 0 && strlen(url + alen) == tlen && memcmp(url + alen, text, tlen) == 0)
            return true;
    }
    return false;
}

const bc_node *bc_document_reference(const bc_document *doc, int number)
{
    const bc_node *refs = bc_document_field(doc, BC_FIELD_REFERENCES);
    for (const bc_node *r = refs ? refs->first : NULL; r && number > 0; r = r->next)
        if (r->type == BC_NODE_REFERENCE && r->u.number == number)
            return r;
    return NULL;
}

int bc_node_table_columns(const bc_node *node)
{
    return node && node->type == BC_NODE_TABLE ? node->u.table.columns : 0;
}

bc_align bc_node_table_align(const bc_node *node, int col)
{
    if (!node || node->type != BC_NODE_TABLE || col < 0 || col >= node->u.table.columns ||
        !node->u.table.aligns)
        return BC_ALIGN_NONE;
    return node->u.table.aligns[col];
}

bool bc_node_table_row_is_header(const bc_node *node)
{
    return node && node->type == BC_NODE_TABLE_ROW && node->parent &&
           node->parent->type == BC_NODE_TABLE && node->parent->first == node;
}

int bc_node_citation_count(const bc_node *node)
{
    return node && node->type == BC_NODE_CITATION ? (int)node->u.cite.count : 0;
}

int bc_node_citation_number(const bc_node *node, int i)
{
    if (!node || node->type != BC_NODE_CITATION || i < 0 || (size_t)i >= node->u.cite.count ||
        !node->u.cite.numbers)
        return 0;
    return node->u.cite.numbers[i];
}

const char *bc_node_citation_id(const bc_node *node, int i)
{
    if (!node || node->type != BC_NODE_CITATION || i < 0 || (size_t)i >= node->u.cite.count)
        return "";
    return node->u.cite.ids[i];
}

int bc_node_reference_number(const bc_node *node)
{
    return node && node->type == BC_NODE_REFERENCE ? node->u.number : 0;
}

const char *bc_node_reference_id(const bc_node *node)
{
    return node && node->type == BC_NODE_REFERENCE && node->str2 ? node->str2 : "";
}

/* ---------------------------------------------------------------- plain text */

typedef struct {
    char *data;
    size_t len, cap;
    bool failed;
} strbuf;

static void sb_add(strbuf *sb, const char *s, size_t len)
{
    if (sb->failed || len == 0)
        return;
    if (len > sb->cap - sb->len - 1) {
        size_t need = sb->len + len + 1;
        size_t cap = sb->cap;
        while (cap < need) {
            if (cap > SIZE_MAX / 2) {
                sb->failed = true;
                return;
            }
            cap *= 2;
        }
        char *n = realloc(sb->data, cap);
        if (!n) {
            sb->failed = true;
            return;
        }
        sb->data = n;
        sb->cap = cap;
    }
    memcpy(sb->data + sb->len, s, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
}

/* One space between words from separate blocks or breaks, never two. */
static void sb_space(strbuf *sb)
{
    if (sb->len > 0 && sb->data[sb->len - 1] != ' ')
        sb_add(sb, " ", 1);
}

static void add_citation(strbuf *sb, const bc_node *node)
{
    char num[24];
    sb_add(sb, "(", 1);
    for (size_t i = 0; i < node->u.cite.count; i++) {
        if (i)
            sb_add(sb, ", ", 2);
        int n = node->u.cite.numbers ? node->u.cite.numbers[i] : 0;
        if (n > 0) {
            int k = snprintf(num, sizeof num, "%d", n);
            sb_add(sb, num, (size_t)k);
        } else {
            sb_add(sb, "@", 1);
            sb_add(sb, node->u.cite.ids[i], strlen(node->u.cite.ids[i]));
        }
    }
    sb_add(sb, ")", 1);
}

static char *plain_text(const bc_node *root, bool citations)
{
    strbuf sb = {malloc(64), 0, 64, false};
    if (!sb.data)
        return NULL;
    sb.data[0] = '\0';
    const bc_node *node = root;
    while (node) {
        switch (node->type) {
        case BC_NODE_TEXT:
        case BC_NODE_CODE:
        case BC_NODE_CODE_BLOCK:
            sb_add(&sb, node->str ? node->str : "", node->len);
            break;
        case BC_NODE_SOFTBREAK:
        case BC_NODE_LINEBREAK:
        case BC_NODE_THEMATIC_BREAK:
            sb_space(&sb);
            break;
        case BC_NODE_CITATION:
            if (citations)
                add_citation(&sb, node);
            else /* "a review [@x]: more" reads "a review: more" */
                while (sb.len > 0 && sb.data[sb.len - 1] == ' ')
                    sb.data[--sb.len] = '\0';
            break;
        default:
            break;
        }
        /* Depth-first without recursion: down, else along, else up and along. */
        if (node->first && !bc_node_type_is_leaf(node->type)) {
            node = node->first;
            continue;
        }
        while (node != root && !node->next) {
            node = node->parent;
            if (bc_node_type_is_block(node->type))
                sb_space(&sb);
        }
        if (node == root)
            break;
        if (bc_node_type_is_block(node->type) || node->type == BC_NODE_TABLE_CELL)
            sb_space(&sb);
        node = node->next;
    }
    if (sb.failed) {
        free(sb.data);
        return NULL;
    }
    /* Trailing space from a closing block is noise. */
    while (sb.len > 0 && sb.data[sb.len - 1] == ' ')
        sb.data[--sb.len] = '\0';
    return sb.data;
}

char *bc_node_plain_text(const bc_node *node)
{
    return plain_text(node, true);
}

char *bc_node_plain_text_without_citations(const bc_node *node)
{
    return plain_text(node, false);
}

/* The slug of HEADING's text into BUF (SIZE > 1); its length. */
static size_t slug_of(const bc_node *heading, char *buf, size_t size)
{
    char *text = plain_text(heading, false);
    size_t n = 0;
    for (const char *p = text ? text : ""; *p && n + 1 < size; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            buf[n++] = c;
        else if (n > 0 && buf[n - 1] != '-')
            buf[n++] = '-';
    }
    while (n > 0 && buf[n - 1] == '-')
        n--;
    if (n == 0)
        buf[n++] = 'h';
    buf[n] = '\0';
    free(text);
    return n;
}

size_t bc_node_anchor(const bc_node *node, char *buf, size_t size)
{
    enum { SLUG = 48 };
    char mine[SLUG + 1], other[SLUG + 1];
    if (size == 0)
        return 0;
    buf[0] = '\0';
    if (!node || node->type != BC_NODE_HEADING || !node->doc)
        return 0;
    slug_of(node, mine, sizeof mine);
    /* Count the earlier headings with the same slug, in the order the fields are printed. */
    int same = 0;
    bool found = false;
    for (int f = 0; f < BC_FIELD_COUNT && !found; f++) {
        const bc_node *root = bc_document_field(node->doc, (bc_field)f);
        bc_iter *it = root && bc_field_kind_of((bc_field)f) == BC_FIELD_KIND_CONTENT ? bc_iter_new(root) : NULL;
        for (bc_event ev; it && !found && (ev = bc_iter_next(it)) != BC_EVENT_DONE;) {
            const bc_node *h = bc_iter_node(it);
            if (ev != BC_EVENT_ENTER || h->type != BC_NODE_HEADING)
                continue;
            if (h == node)
                found = true;
            else if (slug_of(h, other, sizeof other) && strcmp(other, mine) == 0)
                same++;
        }
        bc_iter_free(it);
    }
    int n = same ? snprintf(buf, size, "%s-%d", mine, same + 1) : snprintf(buf, size, "%s", mine);
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* ---------------------------------------------------------------- building */

bc_node *bc_node_new(bc_document *doc, bc_node_type type, int line, int column)
{
    if (!doc || doc->finished || type <= BC_NODE_NONE || type >= BC_NODE_TYPE_COUNT)
        return NULL;
    bc_node *node = bci_arena_calloc(&doc->arena, 1, sizeof *node);
    if (!node)
        return NULL;
    node->doc = doc;
    node->type = type;
    node->line = line > 0 ? line : 0;
    node->column = column > 0 ? column : 0;
    switch (type) {
    case BC_NODE_LIST:
        node->u.list.type = BC_LIST_BULLET;
        node->u.list.start = 1;
        node->u.list.tight = true;
        break;
    case BC_NODE_HEADING:
        node->u.level = 1;
        node->len = 1;
        break;
    default:
        break;
    }
    return node;
}

/*
 * Appending an ancestor of PARENT would make a cycle; checking would cost
 * the depth of the tree per call, so, as in cmark, callers must not.
 */
void bc_node_append_child(bc_node *parent, bc_node *child)
{
    if (!parent || !child || parent == child || child->parent || child->doc != parent->doc ||
        parent->doc->finished || bc_node_type_is_leaf(parent->type))
        return;
    child->parent = parent;
    child->prev = parent->last;
    child->next = NULL;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
}

void bc_node_unlink(bc_node *node)
{
    if (!node || !node->parent || node->doc->finished)
        return;
    if (node->prev)
        node->prev->next = node->next;
    else
        node->parent->first = node->next;
    if (node->next)
        node->next->prev = node->prev;
    else
        node->parent->last = node->prev;
    node->parent = node->prev = node->next = NULL;
}

bc_node *bc_node_first_child_mut(bc_node *node)
{
    return node ? node->first : NULL;
}

bc_node *bc_node_next_mut(bc_node *node)
{
    return node ? node->next : NULL;
}

static bool node_writable(const bc_node *node)
{
    return node && !node->doc->finished;
}

static int copy_text(bc_node *node, const char *s, size_t len, const char **out, size_t *out_len)
{
    char *copy;
    if (!s && len)
        return -1;
    if (bci_text_copy(&node->doc->arena, s, len, &copy, out_len) != 0)
        return -1;
    *out = copy;
    return 0;
}

int bc_node_set_literal(bc_node *node, const char *s, size_t len)
{
    if (!node_writable(node) || !has_literal(node))
        return -1;
    return copy_text(node, s, len, &node->str, &node->len);
}

int bc_node_set_code_info(bc_node *node, const char *s, size_t len)
{
    if (!node_writable(node) || node->type != BC_NODE_CODE_BLOCK)
        return -1;
    return copy_text(node, s, len, &node->str2, NULL);
}

void bc_node_set_heading_level(bc_node *node, int level)
{
    if (!node_writable(node) || node->type != BC_NODE_HEADING)
        return;
    /* Relative to the part or section holding it until finish (see finish.c). */
    node->len = (size_t)(level > 0 ? level : 1);
    node->u.level = (int)node->len;
}

void bc_node_set_list(bc_node *node, bc_list_type type, int start, bool tight)
{
    if (!node_writable(node) || node->type != BC_NODE_LIST)
        return;
    node->u.list.type = type == BC_LIST_ORDERED ? BC_LIST_ORDERED : BC_LIST_BULLET;
    node->u.list.start = start;
    node->u.list.tight = tight;
}

int bc_node_set_url(bc_node *node, const char *s, size_t len)
{
    if (!node_writable(node) || (node->type != BC_NODE_LINK && node->type != BC_NODE_REFERENCE) ||
        !bc_url_is_allowed(s, len))
        return -1;
    return copy_text(node, s, len, &node->str, &node->len);
}

int bc_node_set_link_title(bc_node *node, const char *s, size_t len)
{
    if (!node_writable(node) || node->type != BC_NODE_LINK)
        return -1;
    return copy_text(node, s, len, &node->str2, NULL);
}

int bc_node_set_table_columns(bc_node *node, int columns, const bc_align *aligns)
{
    if (!node_writable(node) || node->type != BC_NODE_TABLE || columns < 0)
        return -1;
    bc_align *copy = NULL;
    if (columns > 0) {
        copy = bci_arena_calloc(&node->doc->arena, (size_t)columns, sizeof *copy);
        if (!copy)
            return -1;
        for (int i = 0; aligns && i < columns; i++)
            copy[i] = aligns[i] >= BC_ALIGN_NONE && aligns[i] <= BC_ALIGN_RIGHT ? aligns[i] : BC_ALIGN_NONE;
    }
    node->u.table.columns = columns;
    node->u.table.aligns = copy;
    return 0;
}

int bc_node_add_citation_id(bc_node *node, const char *id, size_t len)
{
    if (!node_writable(node) || node->type != BC_NODE_CITATION)
        return -1;
    const char *copy;
    if (copy_text(node, id, len, &copy, NULL) != 0)
        return -1;
    return bci_arena_push(&node->doc->arena, (void **)&node->u.cite.ids, &node->u.cite.count,
                          &node->u.cite.cap, sizeof copy, &copy);
}

int bc_node_set_reference_id(bc_node *node, const char *id, size_t len)
{
    if (!node_writable(node) || node->type != BC_NODE_REFERENCE)
        return -1;
    return copy_text(node, id, len, &node->str2, NULL);
}
