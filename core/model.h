/*
 * model.h — the document and node structures (internal), shared by
 * document.c, node.c, iter.c and finish.c. Plugins see only accessors.
 */
#ifndef BC_MODEL_H
#define BC_MODEL_H

#include <briefconv/briefconv.h>

#include "arena.h"

struct bc_node {
    bc_node *parent, *first, *last, *next, *prev;
    bc_document *doc;
    int line, column;
    bc_node_type type;
    /* TEXT/CODE/CODE_BLOCK: the literal; LINK/REFERENCE: the URL. */
    const char *str;
    size_t len;
    /* CODE_BLOCK: info string; LINK: title; REFERENCE: id. */
    const char *str2;
    union {
        int level;      /* HEADING level, SECTION depth */
        int number;     /* REFERENCE number */
        bool header;    /* TABLE_ROW: the first row */
        struct {
            bc_list_type type;
            int start;
            int level;
            bool tight;
        } list;
        struct {
            int columns;
            bc_align *aligns; /* COLUMNS entries, arena */
        } table;
        struct {
            size_t count, cap;
            const char **ids; /* arena */
            int *numbers;     /* filled by finish, COUNT entries */
        } cite;
    } u;
};

struct bci_field {
    bool set;
    bool is_date;      /* DATE fields: DATE holds it and TEXT its words */
    const char *text;  /* TEXT/DATE fields, free-text PUBLISHED, LANG */
    bc_date date;
    bc_node *node;     /* INLINE and CONTENT fields */
    const char *label; /* override, NULL for the default */
};

struct bci_extension {
    const char *key;
    bc_value *value;
};

struct bc_value {
    bc_document *doc; /* whose arena holds its strings */
    bc_value_kind kind;
    const char *string;
    bc_value **items;
    const char **keys; /* MAPPING only, parallel to items */
    size_t count, cap, key_cap;
};

struct bc_document {
    bci_arena arena;
    bool finished;
    const char *source_name;
    struct bci_field fields[BC_FIELD_COUNT];
    const char **tags;
    size_t tag_count, tag_cap;
    struct bci_extension *extensions;
    size_t extension_count, extension_cap;
    int reference_count;
};

/**
 * Whether CHILD may stand where it is under its parent in a tree of FIELD
 * (contain.c): 0, or -1 with ERR saying what holds what at CHILD's position.
 */
int bci_check_child(const bc_node *child, bc_field field, bc_error *err);

/** Recomputes the words of every date field for the document's language. */
int bci_document_format_dates(bc_document *doc);

#endif
