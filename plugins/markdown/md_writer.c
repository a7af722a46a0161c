/*
 * md_writer.c — blocks of CommonMark output on the shared line emitter
 * (../common/lines.h, which keeps the container prefixes "> " and list
 * indents on every line and the blank lines between blocks): pending
 * whitespace, fenced code, headings and GFM tables. What text may say, and
 * how, is md_inline.c's business, but for the few scanning helpers both
 * need (md_entity_like, md_longest_run), which live here so that calls only
 * go from md_inline.c to this file.
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
    if (w->out.oom)
        return false;
    if (bcp_buf_reserve(b, extra) != 0)
        w->out.oom = true;
    return !w->out.oom;
}

void md_buf_put(md_writer *w, md_buf *b, const char *s, size_t len)
{
    if (!w->out.oom && bcp_buf_put(b, s, len) != 0)
        w->out.oom = true;
}

void md_buf_repeat(md_writer *w, md_buf *b, char c, size_t n)
{
    if (!w->out.oom && bcp_buf_repeat(b, c, n) != 0)
        w->out.oom = true;
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
    md_buf_put(w, &w->out.line, tmp, (size_t)n);
}

/* ------------------------------------------------------------ lines */

void md_mid_line(md_writer *w)
{
    w->bol = MD_BOL_NONE;
    w->digits = -1;
    w->need_punct = false;
}

/* A new line: what the inline syntax knew about the old one no longer holds. */
static void new_line_state(md_writer *w)
{
    w->code_end = 0;
    w->strike_end = 0;
    w->bol = MD_BOL_BLOCK;
    w->digits = 0;
    w->need_punct = false;
}

static void end_line(md_writer *w)
{
    bcp_lines_end(&w->out);
    new_line_state(w);
}

/* Settles the separation asked for and writes the containers' prefix. */
void md_start_content(md_writer *w)
{
    if (w->after_marker) {
        bcp_lines_set_want(&w->out, BCP_SEP_NONE);
        w->after_marker = false;
    }
    if (bcp_lines_begin(&w->out))
        new_line_state(w);
}

/* Writes pending whitespace; AT_END: the block ends here, so breaks are dropped. */
void md_flush_ws(md_writer *w, bool at_end)
{
    size_t n = w->pend.len;
    for (size_t i = 0; i < n; i++) {
        char c = w->pend.data[i];
        if (c == 's' || c == 'h') {
            if (at_end || w->out.line.len == w->out.content_start)
                continue; /* a break with nothing before or after it on the line */
            if (c == 'h')
                md_buf_putc(w, &w->out.line, '\\');
            end_line(w);
            md_start_content(w);
            continue;
        }
        md_start_content(w);
        /* CommonMark strips leading and trailing spaces of a line. */
        bool first = w->out.line.len == w->out.content_start;
        bool last = i + 1 == n ? at_end : (w->pend.data[i + 1] == 's' || w->pend.data[i + 1] == 'h');
        if (at_end && !last) {
            last = true;
            for (size_t k = i + 1; k < n && last; k++)
                last = w->pend.data[k] == 's' || w->pend.data[k] == 'h';
        }
        if (first || last)
            md_put_entity(w, (unsigned char)c);
        else
            md_buf_putc(w, &w->out.line, c);
        md_mid_line(w);
    }
    w->pend.len = 0;
}

/* ------------------------------------------------------------ blocks */

void md_init(md_writer *w, bc_sink *sink)
{
    memset(w, 0, sizeof *w);
    bcp_lines_init(&w->out, sink);
    w->bol = MD_BOL_BLOCK;
}

int md_finish(md_writer *w)
{
    md_flush_ws(w, true);
    if (w->out.line.len > 0)
        end_line(w);
    return w->out.oom ? -1 : 0;
}

void md_free(md_writer *w)
{
    bcp_lines_fini(&w->out);
    bcp_buf_free(&w->pend);
    free(w->delims);
    bcp_buf_free(&w->code_prev);
    memset(w, 0, sizeof *w);
}

void md_container(md_writer *w, const char *marker, const char *cont)
{
    md_start_content(w);
    /* The marker is the level's first prefix, on the line at once: the block inside follows it. */
    if (bcp_lines_push(&w->out, marker, strlen(marker), cont, strlen(cont)) != 0)
        return;
    bcp_lines_begin(&w->out);
    w->after_marker = true;
    w->bol = MD_BOL_BLOCK;
    w->digits = 0;
}

void md_pop(md_writer *w)
{
    bcp_lines_pop(&w->out);
    w->after_marker = false;
}

/*
 * After the marker of a heading or a cell and its space: the text starts
 * here, where no block can start but leading whitespace would be stripped.
 */
static void inline_run(md_writer *w, bool *in)
{
    md_buf_putc(w, &w->out.line, ' ');
    w->out.content_start = w->out.line.len;
    w->bol = MD_BOL_WS;
    w->digits = -1;
    *in = true;
}

void md_heading_begin(md_writer *w, int hashes)
{
    md_start_content(w);
    md_buf_repeat(w, &w->out.line, '#', (size_t)hashes);
    inline_run(w, &w->in_heading);
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
    bcp_lines_want(&w->out, BCP_SEP_BLANK);
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

/*
 * True when & at S would be read as a character reference: &name; &#123;
 * &#x1F;. Text cut short by the end of S counts as one, since the next
 * node's text may complete it.
 */
bool md_entity_like(const char *s, size_t len)
{
    size_t j = 1, run = 0;
    bool hex = false;
    if (j < len && s[j] == '#') {
        j++;
        if (j < len && (s[j] == 'x' || s[j] == 'X')) {
            hex = true;
            j++;
        }
        for (; j < len; j++, run++) {
            char c = s[j];
            bool ok = (c >= '0' && c <= '9') ||
                      (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok)
                break;
        }
        if (j == len)
            return true;
        return run > 0 && s[j] == ';';
    }
    for (; j < len; j++, run++) {
        char c = s[j];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            break;
    }
    if (j == len)
        return true;
    return run > 0 && s[j] == ';';
}

/* A code fence's info string: cmark decodes references before escapes there. */
static void put_info(md_writer *w, const char *info)
{
    for (const char *p = info; *p != '\0'; p++) {
        if (*p == '&' && md_entity_like(p, strlen(p)))
            md_buf_puts(w, &w->out.line, "&amp;");
        else if (*p == '\\')
            md_buf_puts(w, &w->out.line, "\\\\");
        else
            md_buf_putc(w, &w->out.line, *p == '\n' ? ' ' : *p);
    }
}

void md_code_block(md_writer *w, const char *info, const char *lit, size_t len)
{
    /* Backtick fences cannot carry an info string holding a backtick. */
    char fc = strchr(info, '`') != NULL ? '~' : '`';
    size_t fence = md_longest_run(lit, len, fc) + 1;
    if (fence < 3)
        fence = 3;
    md_start_content(w);
    md_buf_repeat(w, &w->out.line, fc, fence);
    if (info[0] == fc)
        md_buf_putc(w, &w->out.line, ' '); /* "~~~" + "~x" would open a longer fence */
    put_info(w, info);
    end_line(w);
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(lit + start, '\n', len - start);
        size_t end = nl != NULL ? (size_t)(nl - lit) : len;
        md_start_content(w);
        md_buf_put(w, &w->out.line, lit + start, end - start);
        end_line(w);
        start = end + 1;
    }
    md_start_content(w);
    md_buf_repeat(w, &w->out.line, fc, fence);
    bcp_lines_want(&w->out, BCP_SEP_BLANK);
}

void md_thematic_break(md_writer *w)
{
    md_start_content(w);
    md_buf_puts(w, &w->out.line, "***");
    bcp_lines_want(&w->out, BCP_SEP_BLANK);
}

void md_table_row_begin(md_writer *w)
{
    md_start_content(w);
    md_buf_putc(w, &w->out.line, '|');
}

void md_table_cell_begin(md_writer *w)
{
    inline_run(w, &w->in_cell);
}

void md_table_cell_end(md_writer *w)
{
    md_flush_ws(w, true);
    w->ndelims = 0;
    md_buf_puts(w, &w->out.line, " |");
    w->in_cell = false;
}

void md_table_row_end(md_writer *w)
{
    bcp_lines_set_want(&w->out, BCP_SEP_LINE);
}

void md_table_delimiter_row(md_writer *w, const bc_node *table)
{
    int columns = bc_node_table_columns(table);
    md_start_content(w);
    md_buf_putc(w, &w->out.line, '|');
    for (int c = 0; c < columns; c++) {
        switch (bc_node_table_align(table, c)) {
        case BC_ALIGN_LEFT: md_buf_puts(w, &w->out.line, " :--- |"); break;
        case BC_ALIGN_CENTER: md_buf_puts(w, &w->out.line, " :---: |"); break;
        case BC_ALIGN_RIGHT: md_buf_puts(w, &w->out.line, " ---: |"); break;
        default: md_buf_puts(w, &w->out.line, " --- |"); break;
        }
    }
    bcp_lines_set_want(&w->out, BCP_SEP_LINE);
}

void md_space(md_writer *w)
{
    md_buf_putc(w, &w->pend, ' ');
}

void md_break(md_writer *w, bool hard)
{
    char c = hard ? 'h' : 's';
    md_buf_putc(w, &w->pend, (w->in_heading || w->in_cell || w->one_line) ? ' ' : c);
}

