/*
 * md_writer.c — lines and blocks of CommonMark output: container prefixes
 * ("> ", list indents) on every line, blank lines between blocks, pending
 * whitespace, fenced code, headings and GFM tables. What text may say, and
 * how, is md_inline.c's business.
 *
 * Whitespace is held back until the next visible character, so that the
 * spaces CommonMark strips (at the start or end of a line) can be written as
 * character references, and so that whitespace at the edges of emphasis
 * lands outside its delimiters. Line breaks are held back the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md.h"

/* ------------------------------------------------------------ buffers */

bool md_buf_grow(md_writer *w, md_buf *b, size_t extra)
{
    if (w->oom)
        return false;
    if (bcp_buf_reserve(b, extra) != 0)
        w->oom = true;
    return !w->oom;
}

void md_buf_put(md_writer *w, md_buf *b, const char *s, size_t len)
{
    if (len > 0 && md_buf_grow(w, b, len)) {
        memcpy(b->data + b->len, s, len);
        b->len += len;
    }
}

void md_buf_puts(md_writer *w, md_buf *b, const char *s)
{
    md_buf_put(w, b, s, strlen(s));
}

void md_buf_putc(md_writer *w, md_buf *b, char c)
{
    md_buf_put(w, b, &c, 1);
}

void md_put_entity(md_writer *w, uint32_t cp)
{
    char tmp[16];
    int n = snprintf(tmp, sizeof tmp, "&#%u;", (unsigned)cp);
    md_buf_put(w, &w->line, tmp, (size_t)n);
}

/* ------------------------------------------------------------ lines */

void md_mid_line(md_writer *w)
{
    w->bol = MD_BOL_NONE;
    w->digits = -1;
    w->need_punct = false;
}

static void end_line(md_writer *w)
{
    if (w->line.len == w->content_start)
        while (w->line.len > 0 && w->line.data[w->line.len - 1] == ' ')
            w->line.len--;
    if (!w->oom) {
        bc_sink_write(w->sink, w->line.data, w->line.len);
        bc_sink_putc(w->sink, '\n');
    }
    w->line.len = 0;
    w->prefix_done = 0;
    w->content_start = 0;
    w->code_end = 0;
    w->strike_end = 0;
    w->bol = MD_BOL_BLOCK;
    w->digits = 0;
    w->need_punct = false;
}

static void blank_line(md_writer *w)
{
    size_t n = w->prefix.len;
    while (n > 0 && w->prefix.data[n - 1] == ' ')
        n--;
    if (!w->oom) {
        bc_sink_write(w->sink, w->prefix.data, n);
        bc_sink_putc(w->sink, '\n');
    }
}

/* Settles the separation asked for and writes the containers' prefix. */
void md_start_content(md_writer *w)
{
    if (w->after_marker) {
        w->want = 0;
        w->after_marker = false;
    }
    if (w->want > 0) {
        if (w->line.len > 0)
            end_line(w);
        if (w->want > 1 && w->started)
            blank_line(w);
        w->want = 0;
    }
    if (w->prefix_done < w->prefix.len) {
        md_buf_put(w, &w->line, w->prefix.data + w->prefix_done, w->prefix.len - w->prefix_done);
        w->prefix_done = w->prefix.len;
        w->content_start = w->line.len;
    }
    w->started = true;
}

/* Writes pending whitespace; AT_END: the block ends here, so breaks are dropped. */
void md_flush_ws(md_writer *w, bool at_end)
{
    size_t n = w->pend.len;
    for (size_t i = 0; i < n; i++) {
        char c = w->pend.data[i];
        if (c == 's' || c == 'h') {
            if (at_end || w->line.len == w->content_start)
                continue; /* a break with nothing before or after it on the line */
            if (c == 'h')
                md_buf_putc(w, &w->line, '\\');
            end_line(w);
            md_start_content(w);
            continue;
        }
        md_start_content(w);
        /* CommonMark strips leading and trailing spaces of a line. */
        bool first = w->line.len == w->content_start;
        bool last = i + 1 == n ? at_end : (w->pend.data[i + 1] == 's' || w->pend.data[i + 1] == 'h');
        if (at_end && !last) {
            last = true;
            for (size_t k = i + 1; k < n && last; k++)
                last = w->pend.data[k] == 's' || w->pend.data[k] == 'h';
        }
        if (first || last)
            md_put_entity(w, (unsigned char)c);
        else
            md_buf_putc(w, &w->line, c);
        md_mid_line(w);
    }
    w->pend.len = 0;
}

/* ------------------------------------------------------------ blocks */

void md_init(md_writer *w, bc_sink *sink)
{
    memset(w, 0, sizeof *w);
    w->sink = sink;
    w->bol = MD_BOL_BLOCK;
}

int md_finish(md_writer *w)
{
    md_flush_ws(w, true);
    if (w->line.len > 0)
        end_line(w);
    return w->oom ? -1 : 0;
}

void md_free(md_writer *w)
{
    free(w->line.data);
    free(w->prefix.data);
    free(w->pend.data);
    free(w->marks);
    free(w->delims);
    free(w->code_prev.data);
    memset(w, 0, sizeof *w);
}

void md_want(md_writer *w, int n)
{
    if (n > w->want)
        w->want = n;
}

void md_set_want(md_writer *w, int n)
{
    w->want = n;
}

void md_container(md_writer *w, const char *marker, const char *cont)
{
    md_start_content(w);
    md_buf_puts(w, &w->line, marker);
    if (w->nmarks == w->capmarks) {
        size_t cap = w->capmarks ? w->capmarks * 2 : 16;
        size_t *p = w->oom ? NULL : realloc(w->marks, cap * sizeof *p);
        if (p == NULL) {
            w->oom = true;
            return;
        }
        w->marks = p;
        w->capmarks = cap;
    }
    w->marks[w->nmarks++] = w->prefix.len;
    md_buf_puts(w, &w->prefix, cont);
    w->prefix_done = w->prefix.len;
    w->content_start = w->line.len;
    w->after_marker = true;
    w->bol = MD_BOL_BLOCK;
    w->digits = 0;
}

void md_pop(md_writer *w)
{
    if (w->nmarks == 0)
        return;
    w->prefix.len = w->marks[--w->nmarks];
    if (w->prefix_done > w->prefix.len)
        w->prefix_done = w->prefix.len;
    w->after_marker = false;
}

void md_heading_begin(md_writer *w, int hashes)
{
    md_start_content(w);
    for (int i = 0; i < hashes; i++)
        md_buf_putc(w, &w->line, '#');
    md_buf_putc(w, &w->line, ' ');
    w->content_start = w->line.len;
    w->bol = MD_BOL_WS;
    w->digits = -1;
    w->in_heading = true;
}

void md_heading_end(md_writer *w)
{
    md_end_block(w);
    w->in_heading = false;
}

void md_end_block(md_writer *w)
{
    md_flush_ws(w, true);
    w->ndelims = 0;
    md_want(w, 2);
}

size_t md_longest_run(const char *s, size_t len, char c)
{
    size_t best = 0, run = 0;
    for (size_t i = 0; i < len; i++) {
        run = s[i] == c ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

void md_code_block(md_writer *w, const char *info, const char *lit, size_t len)
{
    /* Backtick fences cannot carry an info string holding a backtick. */
    char fc = strchr(info, '`') != NULL ? '~' : '`';
    size_t fence = md_longest_run(lit, len, fc) + 1;
    if (fence < 3)
        fence = 3;
    md_start_content(w);
    for (size_t i = 0; i < fence; i++)
        md_buf_putc(w, &w->line, fc);
    if (info[0] == fc)
        md_buf_putc(w, &w->line, ' '); /* "~~~" + "~x" would open a longer fence */
    md_put_info(w, info);
    end_line(w);
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(lit + start, '\n', len - start);
        size_t end = nl != NULL ? (size_t)(nl - lit) : len;
        md_start_content(w);
        md_buf_put(w, &w->line, lit + start, end - start);
        end_line(w);
        start = end + 1;
    }
    md_start_content(w);
    for (size_t i = 0; i < fence; i++)
        md_buf_putc(w, &w->line, fc);
    md_want(w, 2);
}

void md_thematic_break(md_writer *w)
{
    md_start_content(w);
    md_buf_puts(w, &w->line, "***");
    md_want(w, 2);
}

void md_table_row_begin(md_writer *w)
{
    md_start_content(w);
    md_buf_putc(w, &w->line, '|');
}

void md_table_cell_begin(md_writer *w)
{
    md_buf_putc(w, &w->line, ' ');
    w->content_start = w->line.len;
    w->bol = MD_BOL_WS;
    w->digits = -1;
    w->in_cell = true;
}

void md_table_cell_end(md_writer *w)
{
    md_flush_ws(w, true);
    w->ndelims = 0;
    md_buf_puts(w, &w->line, " |");
    w->in_cell = false;
}

void md_table_row_end(md_writer *w)
{
    md_set_want(w, 1);
}

void md_table_delimiter_row(md_writer *w, const bc_node *table, int columns)
{
    md_start_content(w);
    md_buf_putc(w, &w->line, '|');
    for (int c = 0; c < columns; c++) {
        switch (bc_node_table_align(table, c)) {
        case BC_ALIGN_LEFT: md_buf_puts(w, &w->line, " :--- |"); break;
        case BC_ALIGN_CENTER: md_buf_puts(w, &w->line, " :---: |"); break;
        case BC_ALIGN_RIGHT: md_buf_puts(w, &w->line, " ---: |"); break;
        default: md_buf_puts(w, &w->line, " --- |"); break;
        }
    }
    md_set_want(w, 1);
}

void md_space(md_writer *w)
{
    md_buf_putc(w, &w->pend, ' ');
}

void md_softbreak(md_writer *w)
{
    md_buf_putc(w, &w->pend, (w->in_heading || w->in_cell || w->one_line) ? ' ' : 's');
}

void md_hardbreak(md_writer *w)
{
    md_buf_putc(w, &w->pend, (w->in_heading || w->in_cell || w->one_line) ? ' ' : 'h');
}

