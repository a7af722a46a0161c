/*
 * table.h — laying out a table as text (internal to the plain plugin).
 *
 *     Area                   | Domains
 *     -----------------------+---------------------------------------
 *     Hospital performance   | emergency care; elective care; safety
 *
 * Columns are as wide as their widest cell (display width). When the table
 * does not fit, the widest columns give up room first, never below their
 * longest word, and their cells wrap; rows are then separated by rules so
 * wrapped rows stay readable. When even the longest words do not fit, the
 * table overflows rather than break words.
 */
#ifndef PLAIN_TABLE_H
#define PLAIN_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include <briefconv/briefconv.h>

#include "wrap.h"

#include "../common/buf.h"

/* A cell's text: LEN bytes at OFF in the table's text (which moves as it grows). */
typedef struct plain_cell {
    size_t off, len;
} plain_cell;

/* Embedded by the caller, zeroed before the first table; plain_table_fini frees what it holds. */
typedef struct plain_table {
    const bc_node *node; /* the table being collected: columns and alignments */
    size_t cols;
    bcp_buf headers;     /* one byte per row: a header row? */
    plain_cell *cells;   /* every row's COLS cells in order, as the core guarantees */
    size_t ncells, capcells;
    bcp_buf text;        /* the cells' text */
} plain_table;

/* Starts collecting TABLE (its rows then cells, in order); the storage of the last table is reused. */
void plain_table_start(plain_table *t, const bc_node *table);
/* Frees what T holds (not T). */
void plain_table_fini(plain_table *t);
/* Starts a row. 0 or -1 on OOM. */
int plain_table_add_row(plain_table *t, bool header);
/* Appends a cell (inline text, copied) to the last row. 0 or -1 on OOM. */
int plain_table_add_cell(plain_table *t, const char *text, size_t len);
/*
 * Writes the table in lines of at most WIDTH columns (0 = no limit) through
 * FN (see wrap.h). Returns 0, -1 on OOM, or FN's nonzero result.
 */
int plain_table_render(const plain_table *t, size_t width, plain_line_fn fn, void *user);

#endif
