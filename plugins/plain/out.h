/*
 * out.h — plain text's rules for lines (internal to the plain plugin), on
 * the shared line emitter (../common/lines.h): container prefixes stop
 * growing past half the width, every line is checked for what a terminal
 * must not see, and blank lines between blocks are only ever requested: a
 * later request replaces a waiting one (the outermost context wins), and
 * one still waiting at the end is dropped. So the output never starts or
 * ends with a blank line, never has two in a row and never has trailing
 * spaces.
 */
#ifndef PLAIN_OUT_H
#define PLAIN_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include <briefconv/briefconv.h>

#include "../common/lines.h"

typedef struct plain_out {
    bcp_lines lines; /* lines.oom: memory ran out */
    size_t width;    /* columns, 0 = no wrapping */
    size_t cap;      /* continuation prefixes stop growing beyond this many columns */
} plain_out;

void plain_out_init(plain_out *o, bc_sink *sink, size_t width);
/* Frees what the output holds (not the sink). */
void plain_out_fini(plain_out *o);

/* Pushes a level (ASCII prefixes, see lines.h); 0 or -1 on OOM. */
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
