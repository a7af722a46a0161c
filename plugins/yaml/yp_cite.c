/*
 * yp_cite.c — citations: `[@id]` and `[@a; @b]` in the text of Markdown
 * values become CITATION nodes at the line and column where they are written.
 *
 * cmark-gfm merges adjacent text, so `\[@x]` and `&#91;@x]` reach us as the
 * same "[@x]" a real citation does. The source of the text node tells them
 * apart: when the literal differs from the source it came from, the two are
 * aligned to learn which characters were escapes, and a citation whose `[`
 * or `@` was escaped stays text.
 */
#include <stdlib.h>
#include <string.h>

#include "yp.h"

static bool blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/*
 * Matches '[' blank* '@' ID blank* (';' blank* '@' ID blank*)* ']' at AT.
 * With NODE, adds each id to it. Returns 1 on a match (*END just past it),
 * 0 when there is none, -1 on OOM.
 */
static int scan_citation(const char *s, size_t len, size_t at, size_t *end, bc_node *node)
{
    size_t i = at + 1;
    for (;;) {
        while (i < len && blank(s[i]))
            i++;
        if (i >= len || s[i] != '@')
            return 0;
        size_t id = ++i;
        while (i < len && yp_id_char((unsigned char)s[i], i == id))
            i++;
        if (i == id)
            return 0;
        if (node && bc_node_add_citation_id(node, s + id, i - id) != 0)
            return -1;
        while (i < len && blank(s[i]))
            i++;
        if (i < len && s[i] == ']') {
            *end = i + 1;
            return 1;
        }
        if (i >= len || s[i] != ';')
            return 0;
        i++;
    }
}

static bool ascii_punct(unsigned char ch)
{
    return (ch >= 0x21 && ch <= 0x2F) || (ch >= 0x3A && ch <= 0x40) || (ch >= 0x5B && ch <= 0x60) ||
           (ch >= 0x7B && ch <= 0x7E);
}

/*
 * Aligns literal LIT with the Markdown text from offset AT: MAP[j] is the
 * offset of LIT[j] in the Markdown text, or -1 when it came from a backslash
 * escape or an entity. Returns the bytes of source used, or 0 when LIT is
 * not what the source holds there.
 */
static size_t utf8_len(unsigned char lead)
{
    return lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/*
 * Smart punctuation (-O smart): the bytes of source SRC that the three-byte
 * character at LIT was made from (a quote, "--", "---", "..."), or 0.
 */
static size_t smart_source(const char *src, size_t slen, const char *lit, size_t len)
{
    if (len < 3 || (unsigned char)lit[0] != 0xE2 || (unsigned char)lit[1] != 0x80)
        return 0;
    unsigned char k = (unsigned char)lit[2];
    if ((k == 0x98 || k == 0x99) && src[0] == '\'')
        return 1;
    if ((k == 0x9C || k == 0x9D) && src[0] == '"')
        return 1;
    if (k == 0x93 && slen >= 2 && src[0] == '-' && src[1] == '-')
        return 2;
    if (k == 0x94 && slen >= 3 && src[0] == '-' && src[1] == '-' && src[2] == '-')
        return 3;
    if (k == 0xA6 && slen >= 3 && src[0] == '.' && src[1] == '.' && src[2] == '.')
        return 3;
    return 0;
}

static size_t align(const char *md, size_t md_len, size_t at, const char *lit, size_t len, int32_t *map,
                    size_t *budget)
{
    const char *src = md + at;
    size_t slen = md_len - at, i = 0, j = 0;
    while (j < len) {
        if (i >= slen || *budget == 0)
            return 0;
        --*budget;
        unsigned char ch = (unsigned char)src[i];
        if (ch == '\\' && i + 1 < slen && ascii_punct((unsigned char)src[i + 1]) && lit[j] == src[i + 1]) {
            map[j++] = -1;
            i += 2;
            continue;
        }
        if (ch == '&') {
            size_t k = i + 1;
            while (k < slen && k - i <= 32 &&
                   (src[k] == '#' || (src[k] >= '0' && src[k] <= '9') || (src[k] >= 'a' && src[k] <= 'z') ||
                    (src[k] >= 'A' && src[k] <= 'Z')))
                k++;
            if (k > i + 1 && k < slen && src[k] == ';' && lit[j] != '&') {
                /* An entity decodes to one character, or to two (&ngE;). */
                for (int cps = 0; cps < 2 && j < len; cps++) {
                    if (cps == 1 && k + 1 < slen && lit[j] == src[k + 1])
                        break;
                    size_t n = utf8_len((unsigned char)lit[j]);
                    if (j + n > len)
                        return 0;
                    for (size_t q = 0; q < n; q++)
                        map[j++] = -1;
                }
                i = k + 1;
                continue;
            }
        }
        if (ch != (unsigned char)lit[j]) {
            size_t from = smart_source(src + i, slen - i, lit + j, len - j);
            if (!from)
                return 0;
            for (int q = 0; q < 3; q++)
                map[j++] = (int32_t)(at + i);
            i += from;
            continue;
        }
        map[j++] = (int32_t)(at + i);
        i++;
    }
    return i ? i : 1;
}

/*
 * Finds where text node TEXT came from. cmark's inline positions are a hint
 * only (they drift after a backslash line break, inside containers, after
 * tabs), so when the source does not hold the literal there, the text is
 * searched for from where the previous one ended: text nodes come in source
 * order. False when it cannot be found; MAP is then unset.
 */
static bool locate(yp_mdsrc *m, cmark_node *text, const char *lit, size_t len, int32_t *map)
{
    int line = cmark_node_get_start_line(text), col = cmark_node_get_start_column(text);
    size_t start = yp_lines_start(&m->lines, line > 0 ? line : 1, NULL);
    size_t hint = start + (col > 1 ? (size_t)col - 1 : 0), used;
    if (hint >= m->cursor && hint < m->md_len &&
        (used = align(m->md, m->md_len, hint, lit, len, map, &m->budget))) {
        m->cursor = hint + used;
        return true;
    }
    /* The budget keeps a value full of unplaceable text linear, not quadratic. */
    for (size_t at = m->cursor; at < m->md_len && m->budget; at++) {
        if ((used = align(m->md, m->md_len, at, lit, len, map, &m->budget))) {
            m->cursor = at + used;
            return true;
        }
    }
    return false;
}

int yp_cite_text(yp_ctx *c, yp_mdsrc *m, cmark_node *text, bc_node *parent, bool allow_citations)
{
    const char *lit = cmark_node_get_literal(text);
    /* cmark keeps the length private: one strlen per text node, linear overall. */
    size_t len = lit ? strlen(lit) : 0;
    if (!allow_citations || len < 4 || !memchr(lit, '[', len) || !memchr(lit, '@', len))
        return yp_md_text(c, m, parent, lit, len);

    if (len > c->map_cap) {
        int32_t *map = realloc(c->map, len * sizeof *map);
        if (!map)
            return yp_oom(c);
        c->map = map;
        c->map_cap = len;
    }
    /* Not found: escapes cannot be told apart, so all of it counts as written. */
    bool known = locate(m, text, lit, len, c->map);

    size_t done = 0, i = 0;
    while (i + 1 < len) {
        const char *p = memchr(lit + i, '[', len - i);
        if (!p)
            break;
        size_t at = (size_t)(p - lit), end;
        i = at + 1;
        if (scan_citation(lit, len, at, &end, NULL) != 1)
            continue;
        /* "\[@x]" and "[\@x]" are the way to write one as text. */
        size_t sign = at + 1;
        while (lit[sign] != '@')
            sign++;
        if (known && (c->map[at] < 0 || c->map[sign] < 0))
            continue;
        if (yp_md_text(c, m, parent, lit + done, at - done) != 0)
            return -1;
        int fl = m->sc->line, fc = m->sc->col;
        if (known)
            yp_md_value_pos(c, m, (size_t)c->map[at], &fl, &fc);
        bc_node *cite = yp_md_node(c, m, BC_NODE_CITATION, fl, fc);
        if (!cite)
            return -1;
        if (scan_citation(lit, len, at, &end, cite) != 1)
            return yp_oom(c);
        bc_node_append_child(parent, cite);
        done = i = end;
    }
    return yp_md_text(c, m, parent, lit + done, len - done);
}
