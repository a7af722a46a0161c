/*
 * md.h — internals of the Markdown output plugin, shared by its files and its
 * unit tests only (the plugin exports nothing but briefconv_plugin).
 *
 * md_writer knows Markdown syntax so that md_nodes.c need not: md_inline.c
 * escapes text by context and places emphasis delimiters so that
 * CommonMark's flanking rules hold; md_writer.c writes blocks, holds
 * whitespace back and knows what a code fence's info string may say, on the
 * line emitter shared with plain text (../common/lines.h), which keeps the
 * container prefixes ("> ", list indents) on every line and separates
 * blocks. Calls go one way: md_document -> md_nodes -> md_inline ->
 * md_writer (and each to those below it), never back.
 */
#ifndef BC_PLUGIN_MD_H
#define BC_PLUGIN_MD_H

#include <briefconv/plugin.h>

#include "../common/buf.h"
#include "../common/lines.h"

/* The writer's buffers: plugins/common/buf.h; md_buf_* below note OOM in w->out.oom. */
typedef bcp_buf md_buf;

/* What the start of the current line allows to be mistaken for syntax. */
typedef enum md_bol {
    MD_BOL_NONE,  /* mid-line */
    MD_BOL_WS,    /* only leading whitespace matters (heading text) */
    MD_BOL_BLOCK  /* a block marker could start here (#, -, 1., >, ...) */
} md_bol;

typedef struct md_delim {
    bool pending;  /* not written yet: written before the first content */
    char kind;     /* 'e' emphasis, 's' strong, '~' strikethrough */
    char text[3];  /* the delimiter chosen once written */
} md_delim;

typedef struct md_writer {
    bcp_lines out;        /* lines, container prefixes, separation; out.oom: memory ran out */
    bool after_marker;    /* a container marker was just written: its first block follows it */
    md_bol bol;
    int digits;           /* digits since the line start, -1 once anything else came */
    bool need_punct;      /* the last closing delimiter needs whitespace or punctuation next */
    bool in_heading, in_cell;
    bool in_link;         /* inside a link's text, where GFM makes no autolinks */
    bool one_line;        /* line breaks are written as spaces (set by the caller) */
    md_buf pend;          /* pending whitespace: ' ', '\t', 's' soft break, 'h' hard break */
    md_delim *delims;
    size_t ndelims, capdelims;
    size_t code_start, code_end; /* the code span just written on this line (end 0: none) */
    md_buf code_prev;            /* and its text, for merging with one right after it */
    size_t strike_end;           /* end of the "~~" that closed a strikethrough on this line */
} md_writer;

void md_init(md_writer *w, bc_sink *sink);
/** Writes out the last line; 0, or -1 when memory ran out at any point. */
int md_finish(md_writer *w);
void md_free(md_writer *w);

/* Blocks. */
/* Separation before the next block: bcp_lines_want / bcp_lines_set_want on w->out. */
void md_container(md_writer *w, const char *marker, const char *cont);
void md_pop(md_writer *w);
void md_heading_begin(md_writer *w, int hashes);
void md_heading_end(md_writer *w);
void md_end_block(md_writer *w);          /* end of a paragraph-like run of inlines */
void md_code_block(md_writer *w, const char *info, const char *lit, size_t len);
void md_thematic_break(md_writer *w);
void md_table_row_begin(md_writer *w);
void md_table_cell_begin(md_writer *w);
void md_table_cell_end(md_writer *w);
void md_table_row_end(md_writer *w);
void md_table_delimiter_row(md_writer *w, const bc_node *table);

/* Inlines. */
void md_text(md_writer *w, const char *s, size_t len);
void md_raw(md_writer *w, const char *s);  /* markup starting with ASCII punctuation */
void md_space(md_writer *w);
void md_break(md_writer *w, bool hard);   /* a soft (HARD false) or hard line break */
void md_open(md_writer *w, char kind);
void md_close(md_writer *w);
void md_code_span(md_writer *w, const char *s, size_t len);
/** The end of a link: "](<URL> "TITLE")"; GUARD writes the title even when empty. */
void md_link_end(md_writer *w, const char *url, const char *title, bool guard);
/** URL as a live link showing itself, or as text when its scheme is not allowed. */
void md_url(md_writer *w, const char *url);
/** True when md_url would write the autolink form <URL>. */
bool md_url_autolinkable(const char *url);

/* Used by md_inline.c, defined in md_writer.c (never the other way round). */
bool md_buf_grow(md_writer *w, md_buf *b, size_t extra);
void md_buf_put(md_writer *w, md_buf *b, const char *s, size_t len);
void md_buf_puts(md_writer *w, md_buf *b, const char *s);
void md_buf_putc(md_writer *w, md_buf *b, char c);
void md_buf_repeat(md_writer *w, md_buf *b, char c, size_t n);
void md_put_entity(md_writer *w, uint32_t cp);   /* "&#N;" on the current line */
void md_mid_line(md_writer *w);                  /* something visible was written */
void md_start_content(md_writer *w);             /* settle separation, write the prefix */
void md_flush_ws(md_writer *w, bool at_end);     /* write pending whitespace */
size_t md_longest_run(const char *s, size_t len, char c);
/* True when & at S (LEN bytes) would be read as a character reference, or may be once more text follows. */
bool md_entity_like(const char *s, size_t len);

/** Writes NODE and everything below it. 0, or -1 with ERR set. */
int md_nodes(md_writer *w, const bc_node *node, bc_error *err);
/** Writes the whole briefing. 0, or -1 with ERR set. */
int md_render_document(const bc_document *doc, bc_sink *sink, bc_error *err);

#endif
