/* table.c — laying out a table as text (see table.h). */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"

void plain_table_start(plain_table *t, const bc_node *table)
{
    t->node = table;
    t->cols = (size_t)bc_node_table_columns(table);
    t->headers.len = 0;
    t->ncells = 0;
    t->text.len = 0;
}

void plain_table_fini(plain_table *t)
{
    bcp_buf_free(&t->headers);
    bcp_buf_free(&t->text);
    free(t->cells);
}

int plain_table_add_row(plain_table *t, bool header)
{
    return bcp_buf_putc(&t->headers, header);
}

int plain_table_add_cell(plain_table *t, const char *text, size_t len)
{
    plain_cell *cells = bcp_grow(t->cells, &t->capcells, t->ncells + 1, sizeof *cells);
    if (!cells)
        return -1;
    t->cells = cells;
    cells[t->ncells] = (plain_cell){t->text.len, len};
    if (bcp_buf_put(&t->text, text, len) != 0)
        return -1;
    t->ncells++;
    return 0;
}

/* ---------------------------------------------------------------- layout */

typedef struct span {
    const char *s;
    size_t len;
} span;

typedef struct lines {
    span *v;
    size_t n, cap;
    size_t max_width;
} lines;

static int collect_line(void *user, const char *s, size_t len)
{
    lines *l = user;
    span *v = bcp_grow(l->v, &l->cap, l->n + 1, sizeof *v);
    if (!v)
        return -1;
    l->v = v;
    v[l->n++] = (span){s, len};
    size_t w = plain_width(s, len);
    if (w > l->max_width)
        l->max_width = w;
    return 0;
}

/* Wraps cell (R, C) at WIDTH into L (reset first). */
static int wrap_cell(const plain_table *t, size_t r, size_t c, size_t width, lines *l)
{
    const plain_cell *k = &t->cells[r * t->cols + c];
    l->n = 0;
    l->max_width = 0;
    if (k->len == 0)
        return 0;
    return plain_wrap(t->text.data + k->off, k->len, width, width, collect_line, l);
}

static size_t sum(const size_t *v, size_t n)
{
    size_t s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s;
}

static size_t clamp_col(size_t nat, size_t minw, size_t t)
{
    size_t w = t > minw ? t : minw;
    return w < nat ? w : nat;
}

/*
 * Column widths for a table of natural widths NAT and longest words MINW in
 * BUDGET columns of text: the largest cap T with every column at
 * min(nat, max(minw, T)) that fits, then the columns held down by T get the
 * leftover columns, left to right.
 */
static void fit_columns(const size_t *nat, const size_t *minw, size_t cols, size_t budget, size_t *out)
{
    size_t lo = 0, hi = 0;
    for (size_t c = 0; c < cols; c++)
        if (nat[c] > hi)
            hi = nat[c];
    while (lo < hi) { /* largest T in [0, hi] that fits */
        size_t mid = lo + (hi - lo + 1) / 2, total = 0;
        for (size_t c = 0; c < cols; c++)
            total += clamp_col(nat[c], minw[c], mid);
        if (total <= budget)
            lo = mid;
        else
            hi = mid - 1;
    }
    for (size_t c = 0; c < cols; c++)
        out[c] = clamp_col(nat[c], minw[c], lo);
    size_t used = sum(out, cols);
    for (size_t c = 0; c < cols && used < budget; c++)
        if (out[c] < nat[c]) {
            out[c]++;
            used++;
        }
}

static int emit(bcp_buf *b, plain_line_fn fn, void *user)
{
    size_t len = b->len;
    while (len > 0 && b->data[len - 1] == ' ')
        len--;
    return fn(user, b->data ? b->data : "", len);
}

static int rule(bcp_buf *b, const size_t *widths, size_t cols, plain_line_fn fn, void *user)
{
    b->len = 0;
    for (size_t c = 0; c < cols; c++) {
        if (c > 0 && bcp_buf_puts(b, "-+-") != 0)
            return -1;
        if (bcp_buf_repeat(b, '-', widths[c]) != 0)
            return -1;
    }
    return emit(b, fn, user);
}

static int pad_cell(bcp_buf *b, span s, size_t width, bc_align align)
{
    size_t w = plain_width(s.s, s.len);
    size_t pad = w < width ? width - w : 0, left = 0;
    if (align == BC_ALIGN_RIGHT)
        left = pad;
    else if (align == BC_ALIGN_CENTER)
        left = pad / 2;
    if (bcp_buf_repeat(b, ' ', left) != 0 || bcp_buf_put(b, s.s, s.len) != 0 ||
        bcp_buf_repeat(b, ' ', pad - left) != 0)
        return -1;
    return 0;
}

/* Writes row R as HEIGHT lines, its cells wrapped into CL (one per column). */
static int render_row(const plain_table *t, size_t r, size_t cols, const size_t *widths, size_t height,
                      lines *cl, bcp_buf *b, plain_line_fn fn, void *user)
{
    for (size_t c = 0; c < cols; c++)
        if (wrap_cell(t, r, c, widths[c], &cl[c]) != 0)
            return -1;
    for (size_t k = 0; k < height; k++) {
        b->len = 0;
        for (size_t c = 0; c < cols; c++) {
            span s = k < cl[c].n ? cl[c].v[k] : (span){"", 0};
            if ((c > 0 && bcp_buf_puts(b, " | ") != 0) || pad_cell(b, s, widths[c], bc_node_table_align(t->node, (int)c)) != 0)
                return -1;
        }
        int e = emit(b, fn, user);
        if (e != 0)
            return e;
    }
    return 0;
}

int plain_table_render(const plain_table *t, size_t width, plain_line_fn fn, void *user)
{
    size_t cols = t->cols;
    int rc = -1;
    bcp_buf b = {0};
    size_t *nat = calloc(cols, sizeof *nat), *minw = calloc(cols, sizeof *minw);
    size_t *widths = calloc(cols, sizeof *widths), *heights = calloc(t->headers.len, sizeof *heights);
    lines *cl = calloc(cols, sizeof *cl);
    if (!nat || !minw || !widths || !heights || !cl)
        goto done;

    for (size_t r = 0; r < t->headers.len; r++)
        for (size_t c = 0; c < cols; c++) {
            if (wrap_cell(t, r, c, 0, &cl[0]) != 0)
                goto done;
            if (cl[0].max_width > nat[c])
                nat[c] = cl[0].max_width;
            if (wrap_cell(t, r, c, 1, &cl[0]) != 0)
                goto done;
            if (cl[0].max_width > minw[c])
                minw[c] = cl[0].max_width;
        }
    for (size_t c = 0; c < cols; c++) {
        if (nat[c] == 0)
            nat[c] = minw[c] = 1; /* an empty column still shows in the rule */
    }

    size_t seps = 3 * (cols - 1);
    if (width == 0 || sum(nat, cols) + seps <= width)
        memcpy(widths, nat, cols * sizeof *widths);
    else if (width <= seps || sum(minw, cols) >= width - seps)
        memcpy(widths, minw, cols * sizeof *widths);
    else
        fit_columns(nat, minw, cols, width - seps, widths);

    bool wrapped = false;
    for (size_t r = 0; r < t->headers.len; r++) {
        heights[r] = 1;
        for (size_t c = 0; c < cols; c++) {
            if (wrap_cell(t, r, c, widths[c], &cl[0]) != 0)
                goto done;
            if (cl[0].n > heights[r])
                heights[r] = cl[0].n;
        }
        if (heights[r] > 1 && !t->headers.data[r])
            wrapped = true;
    }

    for (size_t r = 0; r < t->headers.len; r++) {
        bool ruled = r > 0 && ((t->headers.data[r - 1] && !t->headers.data[r]) ||
                               (wrapped && !t->headers.data[r - 1] && !t->headers.data[r]));
        int e = ruled ? rule(&b, widths, cols, fn, user) : 0;
        if (e == 0)
            e = render_row(t, r, cols, widths, heights[r], cl, &b, fn, user);
        if (e != 0) {
            rc = e;
            goto done;
        }
    }
    rc = 0;

done:
    if (cl)
        for (size_t c = 0; c < cols; c++)
            free(cl[c].v);
    free(cl);
    free(nat);
    free(minw);
    free(widths);
    free(heights);
    bcp_buf_free(&b);
    return rc;
}
