/*
 * yp_pos.c — positions in the input. libyaml marks count characters, not
 * bytes, and give only where a scalar starts; a citation or an error inside
 * a Markdown value needs the line and column of a byte in its middle. Every
 * mapping here moves forward with a cursor, so locating all the citations of
 * a file costs one pass over it, however many there are.
 */
#include <string.h>

#include "yp.h"

/* Bytes in the UTF-8 sequence led by C (the input has been checked by libyaml). */
static size_t seq_len(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Line breaks as libyaml counts them: LF, CR LF, CR, NEL, LS, PS. Returns the
 * break's length at P (0 when none). */
static size_t break_len(const unsigned char *p, size_t n)
{
    if (n == 0)
        return 0;
    if (p[0] == '\n')
        return 1;
    if (p[0] == '\r')
        return n > 1 && p[1] == '\n' ? 2 : 1;
    if (p[0] == 0xC2 && n > 1 && p[1] == 0x85)
        return 2;
    if (p[0] == 0xE2 && n > 2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
        return 3;
    return 0;
}

void yp_pos_of_offset(const yp_ctx *c, size_t off, int *line, int *col)
{
    size_t i = off >= c->bom ? c->bom : 0;
    int l = 1, k = 1;
    if (off > c->src_len)
        off = c->src_len;
    while (i < off) {
        size_t b = break_len(c->src + i, c->src_len - i);
        if (b) {
            i += b;
            l++;
            k = 1;
        } else {
            if ((c->src[i] & 0xC0) != 0x80)
                k++;
            i++;
        }
    }
    *line = l;
    *col = k;
}

size_t yp_byte_of_index(yp_ctx *c, size_t index)
{
    if (index < c->cur_char || c->cur_byte < c->bom) {
        c->cur_char = 0;
        c->cur_byte = c->bom;
    }
    while (c->cur_char < index && c->cur_byte < c->src_len) {
        c->cur_byte += seq_len(c->src[c->cur_byte]);
        c->cur_char++;
    }
    if (c->cur_byte > c->src_len)
        c->cur_byte = c->src_len;
    return c->cur_byte;
}

/* ---------------------------------------------------------------- inside a scalar */

void yp_walk_init(yp_walk *w, const yp_scalar *sc)
{
    memset(w, 0, sizeof *w);
    w->sc = sc;
    /* Escapes make a double-quoted value and its source differ arbitrarily. */
    w->lost = sc->style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
}

static bool is_space(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static void walk_start(yp_ctx *c, yp_walk *w)
{
    const yp_scalar *sc = w->sc;
    w->started = true;
    w->v = 0;
    w->s = yp_byte_of_index(c, sc->index);
    w->line = sc->line;
    w->col = sc->col;
    if (sc->style == YAML_SINGLE_QUOTED_SCALAR_STYLE) {
        w->s++;
        w->col++;
    } else if (sc->style == YAML_LITERAL_SCALAR_STYLE || sc->style == YAML_FOLDED_SCALAR_STYLE) {
        /* The value starts on the line after the | or > header. */
        while (w->s < c->src_len && !break_len(c->src + w->s, c->src_len - w->s))
            w->s++;
        size_t b = break_len(c->src + w->s, c->src_len - w->s);
        if (!b) {
            w->lost = true;
            return;
        }
        w->s += b;
        w->line++;
        w->col = 1;
    }
}

/*
 * Walks value and source side by side: outside whitespace they hold the same
 * bytes (plain, single-quoted, literal and folded styles have no escapes but
 * ''), and a run of whitespace in one matches a run in the other, whatever
 * folding or indentation made of it.
 */
/* Skips blanks and line breaks in the source, counting lines and columns. */
static void skip_source_space(yp_ctx *c, yp_walk *w)
{
    while (w->s < c->src_len) {
        size_t b = break_len(c->src + w->s, c->src_len - w->s);
        if (b) {
            w->s += b;
            w->line++;
            w->col = 1;
        } else if (c->src[w->s] == ' ' || c->src[w->s] == '\t') {
            w->s++;
            w->col++;
        } else {
            break;
        }
    }
}

static bool source_space(const yp_ctx *c, size_t at)
{
    return at < c->src_len && (c->src[at] == ' ' || c->src[at] == '\t' || break_len(c->src + at, c->src_len - at));
}

void yp_walk_pos(yp_ctx *c, yp_walk *w, size_t value_off, int *line, int *col)
{
    const yp_scalar *sc = w->sc;
    if (!w->lost && (!w->started || value_off < w->v))
        walk_start(c, w);
    if (value_off > sc->len)
        value_off = sc->len;
    const unsigned char *v = (const unsigned char *)sc->s;
    while (!w->lost) {
        /* Source whitespace the value does not have: indentation, folding. */
        if (w->v < sc->len && !is_space(v[w->v]) && source_space(c, w->s))
            skip_source_space(c, w);
        if (w->v >= value_off)
            break;
        if (w->s >= c->src_len) {
            w->lost = true;
            break;
        }
        unsigned char vc = v[w->v];
        if (is_space(vc)) {
            while (w->v < value_off && is_space(v[w->v]))
                w->v++;
            skip_source_space(c, w);
            continue;
        }
        if (vc == '\'' && sc->style == YAML_SINGLE_QUOTED_SCALAR_STYLE) {
            if (w->s + 1 < c->src_len && c->src[w->s] == '\'' && c->src[w->s + 1] == '\'') {
                w->s += 2;
                w->col += 2;
                w->v++;
                continue;
            }
            w->lost = true;
            break;
        }
        if (vc != c->src[w->s]) {
            w->lost = true;
            break;
        }
        if ((vc & 0xC0) != 0x80)
            w->col++;
        w->v++;
        w->s++;
    }
    if (w->lost) {
        *line = sc->line;
        *col = sc->col;
        return;
    }
    *line = w->line;
    *col = w->col;
}

/* ---------------------------------------------------------------- lines of Markdown */

void yp_lines_init(yp_lines *l, const char *s, size_t len)
{
    l->s = s;
    l->len = len;
    l->line = 1;
    l->start = 0;
}

size_t yp_lines_start(yp_lines *l, int line, size_t *end)
{
    if (line < l->line) {
        l->line = 1;
        l->start = 0;
    }
    while (l->line < line) {
        const char *nl = memchr(l->s + l->start, '\n', l->len - l->start);
        if (!nl)
            break;
        l->start = (size_t)(nl - l->s) + 1;
        l->line++;
    }
    if (end) {
        const char *nl = memchr(l->s + l->start, '\n', l->len - l->start);
        *end = nl ? (size_t)(nl - l->s) : l->len;
    }
    return l->start;
}
