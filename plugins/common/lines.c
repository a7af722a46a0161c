/* lines.c — the text writers' line emitter (see lines.h). */
#include "lines.h"

#include <stdlib.h>
#include <string.h>

void bcp_lines_init(bcp_lines *l, bc_sink *sink)
{
    memset(l, 0, sizeof *l);
    l->sink = sink;
}

void bcp_lines_fini(bcp_lines *l)
{
    free(l->levels);
    bcp_buf_free(&l->line);
    bcp_buf_free(&l->firsts);
    bcp_buf_free(&l->conts);
    bcp_buf_free(&l->blank);
    bc_sink *sink = l->sink;
    memset(l, 0, sizeof *l);
    l->sink = sink;
}

int bcp_lines_push(bcp_lines *l, const char *first, size_t first_len, const char *cont, size_t cont_len)
{
    bcp_level *levels = bcp_grow(l->levels, &l->caplevels, l->nlevels + 1, sizeof *levels);
    if (!levels)
        goto oom;
    l->levels = levels;
    bcp_level *lv = &levels[l->nlevels];
    *lv = (bcp_level){l->firsts.len, first_len, l->conts.len, cont_len};
    if (bcp_buf_put(&l->firsts, first, first_len) != 0)
        goto oom;
    if (bcp_buf_put(&l->conts, cont, cont_len) != 0) {
        l->firsts.len = lv->first_off;
        goto oom;
    }
    l->nlevels++;
    return 0;
oom:
    l->oom = true;
    return -1;
}

void bcp_lines_pop(bcp_lines *l)
{
    if (l->nlevels == 0)
        return;
    const bcp_level *lv = &l->levels[--l->nlevels];
    l->firsts.len = lv->first_off;
    l->conts.len = lv->cont_off;
    if (l->used > l->nlevels)
        l->used = l->nlevels;
    if (l->on_line > l->nlevels)
        l->on_line = l->nlevels;
}

bool bcp_lines_top_used(const bcp_lines *l)
{
    return l->used == l->nlevels;
}

/* B's bytes from OFF; "" while B has none yet (NULL + 0 is undefined). */
static const char *bytes_at(const bcp_buf *b, size_t off)
{
    return b->data ? b->data + off : "";
}

/* Where level I's prefixes start in conts and firsts; their ends for I == nlevels. */
static size_t cont_off(const bcp_lines *l, size_t i)
{
    return i < l->nlevels ? l->levels[i].cont_off : l->conts.len;
}

static size_t first_off(const bcp_lines *l, size_t i)
{
    return i < l->nlevels ? l->levels[i].first_off : l->firsts.len;
}

const char *bcp_lines_conts(const bcp_lines *l, size_t *len)
{
    *len = l->conts.len;
    return bytes_at(&l->conts, 0);
}

/* The prefixes of levels [FROM, nlevels): CONT up to level `used`, FIRST from there on. */
static void prefix_from(const bcp_lines *l, size_t from, const char **cont, size_t *cont_len,
                        const char **first, size_t *first_len)
{
    size_t c0 = cont_off(l, from), f0 = first_off(l, l->used);
    *cont = bytes_at(&l->conts, c0);
    *cont_len = cont_off(l, l->used) - c0;
    *first = bytes_at(&l->firsts, f0);
    *first_len = l->firsts.len - f0;
}

void bcp_lines_next_prefix(const bcp_lines *l, const char **cont, size_t *cont_len, const char **first,
                           size_t *first_len)
{
    prefix_from(l, 0, cont, cont_len, first, first_len);
}

static size_t trim_spaces(const char *s, size_t len, size_t floor)
{
    while (len > floor && s[len - 1] == ' ')
        len--;
    return len;
}

void bcp_lines_set_want(bcp_lines *l, int sep)
{
    l->want = sep;
    if (sep < BCP_SEP_BLANK)
        return;
    l->blank.len = 0;
    if (bcp_buf_put(&l->blank, l->conts.data, l->conts.len) != 0)
        l->oom = true;
    l->blank.len = trim_spaces(l->blank.data, l->blank.len, 0);
}

void bcp_lines_want(bcp_lines *l, int sep)
{
    if (sep == BCP_SEP_BLANK)
        bcp_lines_set_want(l, sep); /* the latest context's prefixes: the outermost block asks last */
    else if (sep > l->want)
        l->want = sep;
}

/* Writes LEN bytes of S and a LF, unless memory ran out (the output is then thrown away). */
static void write_line(bcp_lines *l, const char *s, size_t len)
{
    if (l->oom)
        return;
    /* Write errors stick in the sink, which the writer checks once at the end. */
    (void)bc_sink_write(l->sink, s, len);
    (void)bc_sink_putc(l->sink, '\n');
}

bool bcp_lines_begin(bcp_lines *l)
{
    bool ended = false;
    if (l->want > BCP_SEP_NONE) {
        if (l->line.len > 0) {
            bcp_lines_end(l);
            ended = true;
        }
        if (l->want == BCP_SEP_BLANK && l->begun)
            write_line(l, l->blank.data, l->blank.len);
        l->want = BCP_SEP_NONE;
    }
    if (l->on_line < l->nlevels) {
        const char *cont, *first;
        size_t cont_len, first_len;
        prefix_from(l, l->on_line, &cont, &cont_len, &first, &first_len);
        if (bcp_buf_put(&l->line, cont, cont_len) != 0 || bcp_buf_put(&l->line, first, first_len) != 0)
            l->oom = true;
        l->on_line = l->used = l->nlevels;
        l->content_start = l->line.len;
    }
    l->begun = true;
    return ended;
}

void bcp_lines_end(bcp_lines *l)
{
    if (l->line.len == l->content_start)
        l->line.len = trim_spaces(l->line.data, l->line.len, 0);
    write_line(l, l->line.data, l->line.len);
    l->line.len = 0;
    l->content_start = 0;
    l->on_line = 0;
}
