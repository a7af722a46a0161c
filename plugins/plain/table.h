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

typedef struct plain_table plain_table;

/*
 * A new empty table with TABLE's columns and alignments; NULL on OOM.
 * Caller frees (plain_table_free). Rows then cells are added in order: the
 * core guarantees every row as many cells as the table has columns.
 */
plain_table *plain_table_new(const bc_node *table);
void plain_table_free(plain_table *t);
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
