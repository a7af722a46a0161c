/*
 * finish.c — the whole-document pass run once an input plugin is done:
 * numbers references, resolves citations, computes section depths, heading
 * and list levels, and freezes the document.
 */
#include <string.h>

#include "model.h"
#include "text.h"

typedef struct {
    const char *id;
    const bc_node *node;
} ref_slot;

typedef struct {
    ref_slot *slots;
    size_t mask; /* capacity - 1, capacity a power of two */
} ref_table;

/* The earliest problem in the file wins, whatever order fields are walked in. */
typedef struct {
    const bc_node *node;
    const bc_node *first; /* duplicate reference: where the id was first */
    const char *id;
} problem;

static ref_slot *table_slot(const ref_table *t, const char *id)
{
    size_t i = (size_t)bci_hash(id, strlen(id)) & t->mask;
    while (t->slots[i].id && strcmp(t->slots[i].id, id) != 0)
        i = (i + 1) & t->mask;
    return &t->slots[i];
}

static bool before(const bc_node *a, const bc_node *b)
{
    if (!b)
        return true;
    return a->line < b->line || (a->line == b->line && a->column < b->column);
}

static void note_problem(problem *p, const bc_node *node, const bc_node *first, const char *id)
{
    if (!p->node || before(node, p->node)) {
        p->node = node;
        p->first = first;
        p->id = id;
    }
}

static int number_references(bc_document *doc, ref_table *t, problem *p)
{
    bc_node *refs = doc->fields[BC_FIELD_REFERENCES].set ? doc->fields[BC_FIELD_REFERENCES].node : NULL;
    size_t count = 0, cap = 1;
    for (bc_node *r = refs ? refs->first : NULL; r; r = r->next)
        if (r->type == BC_NODE_REFERENCE)
            count++;
    while (cap < count * 2 + 1)
        cap *= 2;
    t->slots = bci_arena_calloc(&doc->arena, cap, sizeof *t->slots);
    if (!t->slots)
        return -1;
    t->mask = cap - 1;
    int number = 0;
    for (bc_node *r = refs ? refs->first : NULL; r; r = r->next) {
        if (r->type != BC_NODE_REFERENCE)
            continue;
        r->u.number = ++number;
        if (!r->str2 || !r->str2[0])
            continue;
        ref_slot *slot = table_slot(t, r->str2);
        if (slot->id)
            note_problem(p, r, slot->node, r->str2);
        else {
            slot->id = r->str2;
            slot->node = r;
        }
    }
    doc->reference_count = number;
    return 0;
}

static int resolve_citation(bc_document *doc, bc_node *c, const ref_table *t, problem *p)
{
    size_t n = c->u.cite.count;
    if (n == 0) {
        note_problem(p, c, NULL, NULL);
        return 0;
    }
    c->u.cite.numbers = bci_arena_calloc(&doc->arena, n, sizeof *c->u.cite.numbers);
    if (!c->u.cite.numbers)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const ref_slot *slot = table_slot(t, c->u.cite.ids[i]);
        if (!slot->id) {
            note_problem(p, c, NULL, c->u.cite.ids[i]);
            continue;
        }
        c->u.cite.numbers[i] = slot->node->u.number;
    }
    return 0;
}

/*
 * One enter/exit walk of a field's tree. Section headings get the section's
 * depth; headings inside content were given their CommonMark level and move
 * below the part or section that holds them.
 */
static void enter_node(bc_node *node, int *section_depth, int *list_depth)
{
    switch (node->type) {
    case BC_NODE_SECTION:
        node->u.level = ++*section_depth;
        break;
    case BC_NODE_HEADING:
        /* The relative level stays in len, so a second finish gives the same. */
        if (node->parent && node->parent->type == BC_NODE_SECTION && node->parent->first == node)
            node->u.level = *section_depth;
        else
            node->u.level = (int)node->len + (*section_depth > 0 ? *section_depth : 1);
        break;
    case BC_NODE_LIST:
        node->u.list.level = (*list_depth)++;
        break;
    default:
        break;
    }
}

static void exit_node(const bc_node *node, int *section_depth, int *list_depth)
{
    if (node->type == BC_NODE_SECTION)
        --*section_depth;
    else if (node->type == BC_NODE_LIST)
        --*list_depth;
}

/*
 * A table's grid is settled here so writers never defend against it: a
 * reader that left the column count unset gets its widest row's, and short
 * rows are padded with empty cells; a longer row is an error.
 */
static int child_count(const bc_node *node)
{
    int n = 0;
    for (const bc_node *child = node->first; child; child = child->next)
        n++;
    return n;
}

static int settle_table(bc_node *table, bc_error *err)
{
    if (!table->first) {
        bc_error_set(err, table->line, table->column, "a table must have a header row");
        return -1;
    }
    if (table->u.table.columns <= 0) {
        int widest = 0;
        for (const bc_node *row = table->first; row; row = row->next) {
            int cells = child_count(row);
            widest = cells > widest ? cells : widest;
        }
        table->u.table.columns = widest > 0 ? widest : 1;
    }
    return 0;
}

static int settle_row(bc_document *doc, bc_node *row, bc_error *err)
{
    int columns = row->parent->u.table.columns, cells = child_count(row);
    if (cells > columns) {
        bc_error_set(err, row->line, row->column, "a table row has %d cells, but its table %d columns", cells,
                     columns);
        return -1;
    }
    for (; cells < columns; cells++) {
        bc_node *cell = bc_node_new(doc, BC_NODE_TABLE_CELL, row->line, row->column);
        if (!cell) {
            bc_error_set(err, 0, 0, "out of memory");
            return -1;
        }
        bc_node_append_child(row, cell);
    }
    return 0;
}

/* The checks a node gets on entry: where it stands, and its own shape. */
static int check_node(bc_document *doc, bc_node *node, bc_field field, int links_open, bc_error *err)
{
    if (node->parent && bci_check_child(node, field, err) != 0)
        return -1;
    switch (node->type) {
    case BC_NODE_LINK:
        if (links_open > 0) {
            bc_error_set(err, node->line, node->column, "a link cannot hold a link");
            return -1;
        }
        return 0;
    case BC_NODE_TABLE:
        return settle_table(node, err);
    case BC_NODE_TABLE_ROW:
        return settle_row(doc, node, err);
    default:
        return 0;
    }
}

static int walk_field(bc_document *doc, bc_field field, const ref_table *t, problem *p, bc_error *err)
{
    int section_depth = 0, list_depth = 0, links_open = 0;
    bc_node *root = doc->fields[field].node, *node = root;
    bool entering = true;
    for (;;) {
        if (entering) {
            if (check_node(doc, node, field, links_open, err) != 0)
                return -1;
            enter_node(node, &section_depth, &list_depth);
            if (node->type == BC_NODE_CITATION && resolve_citation(doc, node, t, p) != 0) {
                bc_error_set(err, 0, 0, "out of memory");
                return -1;
            }
            if (!bc_node_type_is_leaf(node->type)) {
                if (node->first) {
                    links_open += node->type == BC_NODE_LINK;
                    node = node->first;
                    continue;
                }
                exit_node(node, &section_depth, &list_depth);
            }
        } else {
            links_open -= node->type == BC_NODE_LINK;
            exit_node(node, &section_depth, &list_depth);
        }
        if (node == root)
            return 0;
        entering = node->next != NULL;
        node = entering ? node->next : node->parent;
    }
}

int bc_document_finish(bc_document *doc, bc_error *err)
{
    if (!doc) {
        bc_error_set(err, 0, 0, "no document");
        return -1;
    }
    if (doc->finished)
        return 0;
    if (!doc->fields[BC_FIELD_TITLE].set || !doc->fields[BC_FIELD_TITLE].node) {
        bc_error_set(err, 0, 0, "missing required key \"title\"");
        return -1;
    }
    ref_table table;
    problem prob = {0};
    if (number_references(doc, &table, &prob) != 0)
        goto oom;
    for (int f = 0; f < BC_FIELD_COUNT; f++)
        if (doc->fields[f].set && doc->fields[f].node && walk_field(doc, (bc_field)f, &table, &prob, err) != 0)
            return -1;
    if (prob.node) {
        const bc_node *n = prob.node;
        if (n->type == BC_NODE_REFERENCE)
            bc_error_set(err, n->line, n->column, "duplicate reference id \"%s\" (first at line %d)",
                         prob.id, prob.first->line);
        else if (prob.id)
            bc_error_set(err, n->line, n->column, "unknown citation id \"%s\"", prob.id);
        else
            bc_error_set(err, n->line, n->column, "citation without a reference id");
        return -1;
    }
    if (bci_document_format_dates(doc) != 0)
        goto oom;
    doc->finished = true;
    return 0;
oom:
    bc_error_set(err, 0, 0, "out of memory");
    return -1;
}
