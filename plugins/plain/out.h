/*
 * out.h — line output with nested prefixes (internal to the plain plugin).
 *
 * Every container (list item, block quote, code block) pushes a level with
 * two prefixes: FIRST for the first line printed inside it (the item marker
 * "* ") and CONT for every later line ("  "). Blank lines between blocks are
 * requested, not written: a request waits until the next real line, a later
 * request replaces it (the outermost context wins), and one still waiting at
 * the end is dropped. So the output never starts or ends with a blank line,
 * never has two in a row and never has trailing spaces.
 */
#ifndef PLAIN_OUT_H
#define PLAIN_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include <briefconv/briefconv.h>

#include "../common/buf.h"

typedef struct plain_level {
    size_t first_off, first_len; /* in firsts */
    size_t cont_off, cont_len;   /* in conts */
} plain_level;

typedef struct plain_out {
    bc_sink *sink;
    size_t width;  /* columns, 0 = no wrapping */
    size_t cap;    /* continuation prefixes stop growing beyond this many columns */
    plain_level *levels;
    size_t nlevels, caplevels;
    size_t used;   /* levels [0, used) have printed a line; the rest are a suffix */
    bcp_buf firsts, conts, line, pending;
    bool have_pending, wrote;
    bool oom;
} plain_out;

void plain_out_init(plain_out *o, bc_sink *sink, size_t width);
/* Frees what the output holds (not the sink). */
void plain_out_fini(plain_out *o);

/* Pushes a level (ASCII prefixes); 0 or -1 on OOM. */
int plain_out_push(plain_out *o, const char *first, const char *cont);
void plain_out_pop(plain_out *o);
/* True when the innermost level has printed its first line. */
bool plain_out_top_used(const plain_out *o);

/* Columns left for text on the next line and on the lines after (0 = no limit). */
void plain_out_avail(const plain_out *o, size_t *first, size_t *rest);

/* Writes a line of text behind the prefixes; an empty text requests a blank line. */
int plain_out_line(plain_out *o, const char *text, size_t len);
/* Writes a line even when TEXT is empty (code lines, an empty list item). */
int plain_out_raw(plain_out *o, const char *text, size_t len);
/* Requests a blank line before the next line written. */
int plain_out_blank(plain_out *o);
void plain_out_cancel_blank(plain_out *o);

#endif
