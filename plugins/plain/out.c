/* out.c — line output with nested prefixes (see out.h). */
#include "out.h"

#include <stdlib.h>
#include <string.h>

#include "wrap.h"

/* Indentation deeper than this stops growing, so deep nesting stays linear. */
enum { CAP_NO_WRAP = 40 };

void plain_out_init(plain_out *o, bc_sink *sink, size_t width)
{
    memset(o, 0, sizeof *o);
    o->sink = sink;
    o->width = width;
    o->cap = width ? width / 2 : CAP_NO_WRAP;
}

void plain_out_fini(plain_out *o)
{
    free(o->levels);
    o->levels = NULL;
    o->nlevels = o->caplevels = o->used = 0;
    bcp_buf_free(&o->firsts);
    bcp_buf_free(&o->conts);
    bcp_buf_free(&o->line);
    bcp_buf_free(&o->pending);
}

static int fail(plain_out *o)
{
    o->oom = true;
    return -1;
}

int plain_out_push(plain_out *o, const char *first, const char *cont)
{
    if (o->nlevels == o->caplevels) {
        size_t cap = o->caplevels ? o->caplevels * 2 : 16;
        plain_level *p = realloc(o->levels, cap * sizeof *p);
        if (!p)
            return fail(o);
        o->levels = p;
        o->caplevels = cap;
    }
    size_t first_len = strlen(first), cont_len = strlen(cont);
    if (plain_width(o->conts.data, o->conts.len) + plain_width(cont, cont_len) > o->cap) {
        /* Too deep: keep the marker, stop indenting (a quote's "> " goes too). */
        if (first_len == cont_len && memcmp(first, cont, cont_len) == 0)
            first_len = 0;
        cont_len = 0;
    }
    plain_level *lv = &o->levels[o->nlevels];
    lv->first_off = o->firsts.len;
    lv->first_len = first_len;
    lv->cont_off = o->conts.len;
    lv->cont_len = cont_len;
    if (bcp_buf_put(&o->firsts, first, first_len) != 0)
        return fail(o);
    if (bcp_buf_put(&o->conts, cont, cont_len) != 0) {
        o->firsts.len = lv->first_off;
        return fail(o);
    }
    o->nlevels++;
    return 0;
}

void plain_out_pop(plain_out *o)
{
    if (o->nlevels == 0)
        return;
    plain_level *lv = &o->levels[--o->nlevels];
    o->firsts.len = lv->first_off;
    o->conts.len = lv->cont_off;
    if (o->used > o->nlevels)
        o->used = o->nlevels;
}

bool plain_out_top_used(const plain_out *o)
{
    return o->nlevels == 0 || o->used == o->nlevels;
}

/* B's bytes from OFF; "" while B has none yet (NULL + 0 is undefined). */
static const char *bytes_at(const bcp_buf *b, size_t off)
{
    return b->data ? b->data + off : "";
}

/* The prefix of the next line: used levels print CONT, the unused suffix FIRST. */
static int compose_prefix(plain_out *o, bcp_buf *b)
{
    if (o->used == o->nlevels)
        return bcp_buf_put(b, o->conts.data, o->conts.len);
    const plain_level *lv = &o->levels[o->used];
    if (bcp_buf_put(b, o->conts.data, lv->cont_off) != 0)
        return -1;
    return bcp_buf_put(b, bytes_at(&o->firsts, lv->first_off), o->firsts.len - lv->first_off);
}

void plain_out_avail(const plain_out *o, size_t *first, size_t *rest)
{
    if (o->width == 0) {
        *first = *rest = 0;
        return;
    }
    size_t cw = plain_width(o->conts.data, o->conts.len);
    size_t fw = cw;
    if (o->used < o->nlevels) {
        const plain_level *lv = &o->levels[o->used];
        fw = plain_width(o->conts.data, lv->cont_off) +
             plain_width(bytes_at(&o->firsts, lv->first_off), o->firsts.len - lv->first_off);
    }
    *first = fw < o->width ? o->width - fw : 1;
    *rest = cw < o->width ? o->width - cw : 1;
}

static size_t rtrim(const char *s, size_t len)
{
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return len;
}

/* Whether B[I..] starts a C1 control (U+0080-U+009F, UTF-8 C2 80-C2 9F); 0xC2 never continues a character. */
static bool is_c1(const char *b, size_t i, size_t len)
{
    return i + 1 < len && (unsigned char)b[i] == 0xC2 && (unsigned char)b[i + 1] < 0xA0;
}

/*
 * C1 controls become U+FFFD, as the core makes C0 controls: a text file is
 * read on terminals, and U+009B is CSI to one that takes 8-bit controls.
 */
static int replace_c1(bcp_buf *b)
{
    size_t extra = 0;
    for (size_t i = 0; i < b->len; i++)
        extra += is_c1(b->data, i, b->len);
    if (extra == 0)
        return 0;
    size_t r = b->len;
    if (bcp_buf_repeat(b, ' ', extra) != 0)
        return -1;
    /* From the end, each two bytes of a C1 into the three of U+FFFD. */
    for (size_t w = b->len; r > 0;) {
        if (r >= 2 && is_c1(b->data, r - 2, r)) {
            w -= 3;
            memcpy(b->data + w, "\xEF\xBF\xBD", 3);
            r -= 2;
        } else {
            b->data[--w] = b->data[--r];
        }
    }
    return 0;
}

int plain_out_raw(plain_out *o, const char *text, size_t len)
{
    /* Write errors stick in the sink, which the renderer checks once at the end. */
    if (o->have_pending && o->wrote) {
        (void)bc_sink_write(o->sink, o->pending.data, o->pending.len);
        (void)bc_sink_putc(o->sink, '\n');
    }
    o->have_pending = false;
    o->line.len = 0;
    if (compose_prefix(o, &o->line) != 0 || bcp_buf_put(&o->line, text, len) != 0)
        return fail(o);
    for (size_t i = 0; i < o->line.len; i++)
        if (o->line.data[i] == PLAIN_NBSP)
            o->line.data[i] = ' ';
    o->line.len = rtrim(o->line.data, o->line.len);
    if (replace_c1(&o->line) != 0 || bcp_buf_putc(&o->line, '\n') != 0)
        return fail(o);
    (void)bc_sink_write(o->sink, o->line.data, o->line.len);
    o->used = o->nlevels;
    o->wrote = true;
    return 0;
}

int plain_out_line(plain_out *o, const char *text, size_t len)
{
    if (len == 0)
        return plain_out_blank(o);
    return plain_out_raw(o, text, len);
}

int plain_out_blank(plain_out *o)
{
    o->pending.len = 0;
    if (bcp_buf_put(&o->pending, o->conts.data, o->conts.len) != 0)
        return fail(o);
    o->pending.len = rtrim(o->pending.data, o->pending.len);
    o->have_pending = true;
    return 0;
}

void plain_out_cancel_blank(plain_out *o)
{
    o->have_pending = false;
}
