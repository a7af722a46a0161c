/*
 * lines.h — the text writers' line emitter (plugins/common/, hidden like the
 * rest of a plugin's code): what plain text and Markdown share about lines.
 *
 * Containers (list items, block quotes, indented blocks) push a level with
 * two prefixes: FIRST for the first line begun inside it (an item's marker
 * "* " or "1. ") and CONT for every later line ("   ", or "> " again). A
 * line carries the prefixes of every open level: CONT for the levels that
 * have begun a line, FIRST for the others (always the innermost ones).
 *
 * A line is built in LINE: bcp_lines_begin puts the prefixes there, the
 * writer appends its content, bcp_lines_end writes it out. Separation
 * between blocks is requested, not written: a new line or a blank line
 * waits for the next line begun, and a blank line is never the first line
 * written. A blank line carries the prefixes of the levels open when it was
 * last asked for, and no line ends in spaces that only its prefixes put
 * there: an empty item prints "*", a blank line in a quote ">".
 *
 * What the content says (wrapping, escaping, markers inside the text) is
 * the writer's business.
 */
#ifndef BCP_LINES_H
#define BCP_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include <briefconv/briefconv.h>

#include "buf.h"

/* What waits before the next line (bcp_lines.want). */
enum { BCP_SEP_NONE, BCP_SEP_LINE, BCP_SEP_BLANK };

typedef struct bcp_level {
    size_t first_off, first_len; /* in firsts */
    size_t cont_off, cont_len;   /* in conts */
} bcp_level;

typedef struct bcp_lines {
    bc_sink *sink;         /* not owned */
    bcp_buf line;          /* the line being built: prefixes, then the writer's content */
    size_t content_start;  /* where the content begins in LINE; a writer may move it past its own markers */
    int want;              /* BCP_SEP_*: what the next line begun waits for */
    bool oom;              /* memory ran out: nothing more is written */
    /* The rest is the emitter's own. */
    bcp_level *levels;
    size_t nlevels, caplevels;
    size_t used;           /* levels [0, used) have begun a line: they print CONT */
    size_t on_line;        /* levels [0, on_line) have their prefix on LINE */
    bcp_buf firsts, conts;
    bcp_buf blank;         /* the requested blank line: the prefixes, trailing spaces trimmed */
    bool begun;            /* a line has been begun */
} bcp_lines;

/* Starts empty, writing to SINK (which the caller keeps owning). */
void bcp_lines_init(bcp_lines *l, bc_sink *sink);
/* Frees what L holds (not the sink). The line still open is not written. */
void bcp_lines_fini(bcp_lines *l);

/*
 * Pushes a level with the prefixes FIRST and CONT (lengths in bytes; copied).
 * 0, or -1 on OOM (then L->oom is set and nothing is pushed).
 */
int bcp_lines_push(bcp_lines *l, const char *first, size_t first_len, const char *cont, size_t cont_len);
/* Pops the innermost level; no-op when none is open. */
void bcp_lines_pop(bcp_lines *l);
/* True when no level is open or the innermost one has begun a line. */
bool bcp_lines_top_used(const bcp_lines *l);

/* The CONT prefixes of every open level, for measuring; L's storage, valid until the next push or pop. */
const char *bcp_lines_conts(const bcp_lines *l, size_t *len);
/*
 * The prefix the next line would begin with, in two parts: the CONTs of the
 * levels that have begun a line, then the FIRSTs of the others. L's storage,
 * valid until the next push or pop.
 */
void bcp_lines_next_prefix(const bcp_lines *l, const char **cont, size_t *cont_len, const char **first,
                           size_t *first_len);

/*
 * Asks for separation SEP (BCP_SEP_*) before the next line: the stronger of
 * what was asked wins; BCP_SEP_BLANK (re)takes the current prefixes.
 */
void bcp_lines_want(bcp_lines *l, int sep);
/* Asks for SEP whatever was asked before (BCP_SEP_NONE cancels). */
void bcp_lines_set_want(bcp_lines *l, int sep);

/*
 * Before content: settles the separation asked for (ends the open line,
 * writes the blank line) and puts on LINE the prefixes not there yet,
 * moving content_start past them. Returns true when it ended the open line,
 * so the writer's own per-line state starts over.
 */
bool bcp_lines_begin(bcp_lines *l);
/*
 * Writes LINE and a LF (trailing spaces dropped when nothing follows the
 * prefixes: content_start == LINE's length) and starts an empty line.
 */
void bcp_lines_end(bcp_lines *l);

#endif
