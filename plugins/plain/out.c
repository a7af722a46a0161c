/* out.c — plain text's rules for lines, on the shared emitter (see out.h). */
#include "out.h"

#include <stdlib.h>
#include <string.h>

#include "wrap.h"

/* Indentation deeper than this stops growing, so deep nesting stays linear. */
enum { CAP_NO_WRAP = 40 };

void plain_out_init(plain_out *o, bc_sink *sink, size_t width)
{
    bcp_lines_init(&o->lines, sink);
    o->width = width;
    o->cap = width ? width / 2 : CAP_NO_WRAP;
}

void plain_out_fini(plain_out *o)
{
    bcp_lines_fini(&o->lines);
}

int plain_out_push(plain_out *o, const char *first, const char *cont)
{
    size_t first_len = strlen(first), cont_len = strlen(cont), conts_len;
    const char *conts = bcp_lines_conts(&o->lines, &conts_len);
    if (plain_width(conts, conts_len) + plain_width(cont, cont_len) > o->cap) {
        /* Too deep: keep the marker, stop indenting (a quote's "> " goes too). */
        if (first_len == cont_len && memcmp(first, cont, cont_len) == 0)
            first_len = 0;
        cont_len = 0;
    }
    return bcp_lines_push(&o->lines, first, first_len, cont, cont_len);
}

void plain_out_pop(plain_out *o)
{
    bcp_lines_pop(&o->lines);
}

bool plain_out_top_used(const plain_out *o)
{
    return bcp_lines_top_used(&o->lines);
}

void plain_out_avail(const plain_out *o, size_t *first, size_t *rest)
{
    if (o->width == 0) {
        *first = *rest = 0;
        return;
    }
    const char *conts, *cont, *marks;
    size_t conts_len, cont_len, marks_len;
    conts = bcp_lines_conts(&o->lines, &conts_len);
    bcp_lines_next_prefix(&o->lines, &cont, &cont_len, &marks, &marks_len);
    size_t cw = plain_width(conts, conts_len);
    size_t fw = plain_width(cont, cont_len) + plain_width(marks, marks_len);
    *first = fw < o->width ? o->width - fw : 1;
    *rest = cw < o->width ? o->width - cw : 1;
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
    bcp_lines *l = &o->lines;
    bcp_lines_begin(l);
    size_t start = l->line.len;
    if (bcp_buf_put(&l->line, text, len) != 0)
        goto oom;
    char *s = l->line.data;
    for (size_t i = start; i < l->line.len; i++)
        if (s[i] == PLAIN_NBSP)
            s[i] = ' ';
    while (l->line.len > start && (s[l->line.len - 1] == ' ' || s[l->line.len - 1] == '\t'))
        l->line.len--;
    if (replace_c1(&l->line) != 0)
        goto oom;
    bcp_lines_end(l);
    return l->oom ? -1 : 0;
oom:
    l->oom = true;
    return -1;
}

int plain_out_line(plain_out *o, const char *text, size_t len)
{
    if (len == 0)
        return plain_out_blank(o);
    return plain_out_raw(o, text, len);
}

int plain_out_blank(plain_out *o)
{
    bcp_lines_want(&o->lines, BCP_SEP_BLANK);
    return o->lines.oom ? -1 : 0;
}

void plain_out_cancel_blank(plain_out *o)
{
    bcp_lines_set_want(&o->lines, BCP_SEP_NONE);
}
