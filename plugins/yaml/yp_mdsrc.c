/*
 * yp_mdsrc.c — one Markdown value being converted (a yp_mdsrc): where its
 * text is in the file, and the text and nodes made from it, each string
 * repaired to UTF-8 and each node counted against max-nodes. Below
 * yp_cite.c and yp_markdown.c, which both add to the value through it.
 */
#include <string.h>

#include "yp.h"

/* ---------------------------------------------------------------- positions */

void yp_mdsrc_init(yp_mdsrc *m, const yp_scalar *sc, const char *md, size_t len)
{
    memset(m, 0, sizeof *m);
    m->sc = sc;
    m->md = md;
    m->md_len = len;
    m->ins_at = SIZE_MAX;
    /* Locating citations may compare each byte a few times, never more. */
    m->budget = 8 * len + 65536;
    yp_lines_init(&m->lines, md, len);
    yp_walk_init(&m->walk, sc);
}

static size_t value_offset(const yp_mdsrc *m, size_t off)
{
    if (m->ins_at != SIZE_MAX && off > m->ins_at)
        off--;
    off += m->trimmed;
    return off > m->sc->len ? m->sc->len : off;
}

void yp_md_value_pos(yp_ctx *c, yp_mdsrc *m, size_t md_off, int *line, int *col)
{
    yp_walk_pos(c, &m->walk, value_offset(m, md_off), line, col);
}

void yp_md_pos(yp_ctx *c, yp_mdsrc *m, int line, int col, int *out_line, int *out_col)
{
    size_t end, start = yp_lines_start(&m->lines, line > 0 ? line : 1, &end);
    size_t off = start + (col > 1 ? (size_t)col - 1 : 0);
    if (off > end)
        off = end;
    yp_md_value_pos(c, m, off, out_line, out_col);
}

/* ---------------------------------------------------------------- text and nodes */

/*
 * Every string cmark gives back passes here. cmark-gfm 0.29 writes &#xFFFE;
 * and &#xFFFF; as the single bytes FE and FF (utf8proc's internal markers),
 * which is not UTF-8; character references also make the controls and
 * noncharacters that yp_ev_scalar took out of the YAML (&#11;, &#x85;),
 * and U+FFFD for &#0; and for numbers that are no character. Those are
 * dropped (or made a space) and reported at the value, as in the YAML; a
 * U+FFFD stays only when the value itself has one.
 */
static bool md_clean(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)s[i];
        if (b >= 0x20 && b < 0x7F) {
            i++;
            continue;
        }
        uint32_t cp;
        int n = bc_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD || yp_control_kind(cp) != YP_KEEP)
            return false;
        i += (size_t)n;
    }
    return true;
}

const char *yp_md_utf8(yp_ctx *c, const char *s, size_t *len)
{
    if (md_clean(s, *len))
        return s;
    const yaml_event_t *ev = &c->ev;
    bool had_fffd = ev->type == YAML_SCALAR_EVENT && ev->data.scalar.value &&
                    strstr((const char *)ev->data.scalar.value, "\xEF\xBF\xBD");
    int line = yp_ev_line(ev), col = yp_ev_col(ev);
    c->fixed.len = 0;
    for (size_t i = 0; i < *len;) {
        uint32_t cp;
        int n = bc_utf8_decode(s + i, *len - i, &cp);
        bool bad = cp == 0xFFFD && !(n == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0);
        int kind = bad ? YP_DROP : yp_control_kind(cp);
        if (cp == 0xFFFD && !bad && !had_fffd)
            kind = YP_DROP; /* made by cmark from a reference to no character */
        if (kind != YP_KEEP) {
            if (bad)
                yp_warn(c, line, col, "character reference to a noncharacter dropped");
            else if (cp == 0xFFFD)
                yp_warn(c, line, col, "character reference to no character (&#0;, a surrogate or past U+10FFFF) dropped");
            else
                yp_warn_control(c, line, col, cp, kind);
        }
        int rc = kind == YP_KEEP ? bcp_buf_put(&c->fixed, s + i, (size_t)n)
                 : kind == YP_SPACE ? bcp_buf_put(&c->fixed, " ", 1)
                                    : 0;
        if (rc != 0) {
            yp_oom(c);
            return NULL;
        }
        i += (size_t)n;
    }
    *len = c->fixed.len;
    return c->fixed.data ? c->fixed.data : "";
}

/*
 * Text waits in ctx->pending until something else is added, so the pieces
 * cmark leaves apart once links, images and raw HTML become text are one
 * TEXT node, as if they had always been text.
 */
int yp_md_flush(yp_ctx *c, yp_mdsrc *m)
{
    bc_node *parent = m->pending_parent;
    m->pending_parent = NULL;
    if (!parent || c->pending.len == 0)
        return 0;
    size_t len = c->pending.len;
    c->pending.len = 0;
    if (yp_count_nodes(c, 1, m->sc->line, m->sc->col) != 0)
        return -1;
    bc_node *node = bc_node_new(c->doc, BC_NODE_TEXT, m->sc->line, m->sc->col);
    if (!node || bc_node_set_literal(node, c->pending.data, len) != 0)
        return yp_oom(c);
    bc_node_append_child(parent, node);
    return 0;
}

int yp_md_text(yp_ctx *c, yp_mdsrc *m, bc_node *parent, const char *s, size_t len)
{
    if (len == 0)
        return 0;
    if (!(s = yp_md_utf8(c, s, &len)))
        return -1;
    if (m->pending_parent != parent) {
        if (yp_md_flush(c, m) != 0)
            return -1;
        c->pending.len = 0;
        m->pending_parent = parent;
    }
    return bcp_buf_put(&c->pending, s, len) == 0 ? 0 : yp_oom(c);
}

bc_node *yp_md_node(yp_ctx *c, yp_mdsrc *m, bc_node_type type, int line, int col)
{
    if (yp_md_flush(c, m) != 0 || yp_count_nodes(c, 1, line, col) != 0)
        return NULL;
    bc_node *node = bc_node_new(c->doc, type, line, col);
    if (!node)
        yp_oom(c);
    return node;
}
