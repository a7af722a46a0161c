/*
 * yp_markdown.c — CommonMark (cmark-gfm with the table, autolink and
 * strikethrough extensions) into document nodes.
 *
 * One cmark parser per read, reused for every value: cmark_parser_finish
 * resets it and keeps its extensions. cmark builds a value's whole tree
 * before we see it, so a value is first scanned cheaply for what would make
 * that tree too big or too deep; the converted tree is then measured exactly.
 */
#include <pthread.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "yp.h"

/* Registered at run time by the extensions library, which exports them
 * without declaring them in an installed header. */
extern cmark_node_type CMARK_NODE_TABLE, CMARK_NODE_TABLE_ROW, CMARK_NODE_TABLE_CELL,
    CMARK_NODE_STRIKETHROUGH;

/*
 * cmark-gfm 0.29 keeps its table of special inline characters in a global
 * that every parser with extensions rewrites around its inline pass
 * (github/cmark-gfm#176, #221): two threads parsing inlines at once lose
 * autolinks and strikethrough at random. The inline pass runs inside
 * cmark_parser_finish, so that call is serialised. This lock and the
 * extension registration in init are the plugin's only process-wide state.
 */
static pthread_mutex_t inline_pass_lock = PTHREAD_MUTEX_INITIALIZER;

enum { F_NEST = 1, F_LINK = 2 };

struct yp_frame {
    cmark_node *cm;
    bc_node *bc; /* where the children of CM go */
    unsigned char flags;
};

/*
 * cmark ran out of memory: it longjmp'd here from inside (yp_cmheap.c),
 * leaving its parser and trees half-made, so all of them are dropped. The
 * read ends with this error; a later value finds no parser and fails too.
 */
static int cmark_out_of_memory(yp_ctx *c)
{
    if (c->md_locked) {
        c->md_locked = false;
        pthread_mutex_unlock(&inline_pass_lock);
    }
    yp_cmheap_release(&c->md_heap);
    c->md = NULL;
    return yp_oom(c);
}

static int md_init(yp_ctx *c)
{
    static const char *const names[] = {"table", "autolink", "strikethrough"};
    c->md = cmark_parser_new_with_mem(c->smart ? CMARK_OPT_SMART : CMARK_OPT_DEFAULT, yp_cmheap_mem());
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        cmark_syntax_extension *ext = cmark_find_syntax_extension(names[i]);
        if (!ext) {
            bc_error_set(c->err, 0, 0,
                         "the cmark-gfm extension \"%s\" is not registered "
                         "(the host did not call the yaml plugin's init)",
                         names[i]);
            return -1;
        }
        if (!cmark_parser_attach_syntax_extension(c->md, ext))
            return yp_oom(c);
    }
    c->md_table = CMARK_NODE_TABLE;
    c->md_row = CMARK_NODE_TABLE_ROW;
    c->md_cell = CMARK_NODE_TABLE_CELL;
    c->md_strike = CMARK_NODE_STRIKETHROUGH;
    return 0;
}

/*
 * Each entry point runs its cmark work between yp_cmheap_enter and _leave,
 * with the escape for an allocation failure in its own frame. Nothing
 * between the escape and cmark may hold memory of its own in a local
 * variable (it would leak when the jump passes over it): conversion state
 * lives in yp_ctx.
 */
int yp_md_init(yp_ctx *c)
{
    jmp_buf escape;
    yp_cmheap_init(&c->md_heap);
    if (setjmp(escape) != 0)
        return cmark_out_of_memory(c);
    yp_cmheap_enter(&c->md_heap, &escape);
    int rc = md_init(c);
    yp_cmheap_leave(&c->md_heap);
    return rc;
}

void yp_md_free(yp_ctx *c)
{
    if (c->md)
        cmark_parser_free(c->md);
    c->md = NULL;
    if (c->md_heap.blocks.l.next) /* set up by yp_md_init */
        yp_cmheap_release(&c->md_heap);
    bcp_buf_free(&c->image);
    free(c->frames);
    c->frames = NULL;
    c->frame_cap = 0;
    free(c->map);
    c->map = NULL;
    c->map_cap = 0;
    bcp_buf_free(&c->pending);
    bcp_buf_free(&c->scratch);
    bcp_buf_free(&c->fixed);
}

/* ---------------------------------------------------------------- pre-scan */

static bool ascii_punct(unsigned char ch)
{
    return (ch >= 0x21 && ch <= 0x2F) || (ch >= 0x3A && ch <= 0x40) || (ch >= 0x5B && ch <= 0x60) ||
           (ch >= 0x7B && ch <= 0x7E);
}

static bool blank_or_end(const unsigned char *s, size_t len, size_t i)
{
    return i >= len || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
}

/* "* * *", "---", "_ _ _": a line that is a thematic break, not list markers. */
static bool thematic_line(const unsigned char *s, size_t len)
{
    unsigned char mark = 0;
    size_t n = 0;
    for (size_t i = 0; i < len && s[i] != '\n'; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')
            continue;
        if (mark == 0 && (s[i] == '-' || s[i] == '*' || s[i] == '_'))
            mark = s[i];
        if (s[i] != mark)
            return false;
        n++;
    }
    return n >= 3;
}

/*
 * Two bounds checked before cmark runs. Container markers (>, list bullets,
 * ordered-list numbers) at the start of one line each open a nesting level,
 * so more of them than max-depth on a line is refused at once. And every
 * cmark node needs an ASCII punctuation character or a line break to make
 * it (a line makes a text and a break node), so their count, weighted so,
 * bounds the tree before it is built: a value that could not fit in what is
 * left of max-nodes is refused. Neither costs more than one look at a byte.
 */
/*
 * Two amplifications the count above misses (issue 17), bounded the same way:
 * - GFM pads every row of a table to its header's columns, so "x" on a line
 *   of its own can be a hundred cells. After a line that could be a
 *   delimiter row (only | : - spaces and container markers, with a -), each
 *   line up to a blank one counts one cell per column that row could have
 *   (its | count plus one).
 * - A reference link ([text][ref], [ref]) copies its definition's URL and
 *   title, so a long definition used often makes a large tree and output
 *   from a small input. When the value holds something that could be a
 *   definition (a line opening with "[" and holding "]:"), every "]" counts
 *   as a use, one node per MD_COPY_BYTES of the longest definition (up to
 *   the blank line ending it).
 */
#define MD_COPY_BYTES 4
/* Nodes per byte a value may make through tables and reference links: max-nodes / this (4 at the default). */
#define MD_AMPLIFY_SCALE 250000

typedef struct {
    long long cells;   /* table cells counted */
    long long columns; /* of the table being read, 0 outside one */
    size_t def_start;  /* where the definition being read starts, SIZE_MAX for none */
    size_t def_max;    /* the longest definition's bytes */
    long long closers; /* "]" seen */
} amplify;

/* Whether LINE (up to its newline) could be a GFM table delimiter row; *COLUMNS its most cells. */
static bool delimiter_row(const unsigned char *s, size_t len, long long *columns)
{
    bool dash = false;
    long long pipes = 0;
    unsigned char first = 0, last = 0; /* the first and last of "-:|" */
    for (size_t i = 0; i < len && s[i] != '\n'; i++) {
        unsigned char ch = s[i];
        if (ch == '-')
            dash = true;
        else if (ch == '|')
            pipes++;
        else if (!strchr(" \t:>*+", ch) && !(ch >= '0' && ch <= '9') && ch != '.' && ch != ')')
            return false;
        if (ch == '-' || ch == ':' || ch == '|') {
            first = first ? first : ch;
            last = ch;
        }
    }
    /* Cells lie between pipes; an outer pipe on either side opens or closes none. */
    *columns = pipes + 1 - (first == '|') - (last == '|' && pipes > 1);
    if (*columns < 1)
        *columns = 1;
    return dash;
}

/* At the start of the line at S[I]: the table and definition counts for the line before it ends. */
static void amplify_line(amplify *a, const unsigned char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
        j++;
    bool blank = j >= len || s[j] == '\n';
    if (blank) {
        a->columns = 0;
        if (a->def_start != SIZE_MAX && i - a->def_start > a->def_max)
            a->def_max = i - a->def_start;
        a->def_start = SIZE_MAX;
        return;
    }
    if (a->columns > 0)
        a->cells += a->columns;
    long long columns;
    if (delimiter_row(s + i, len - i, &columns) && columns > a->columns)
        a->columns = columns;
    /* A definition opens with "[" after container markers and holds "]:". */
    while (j < len && strchr(" \t>", s[j]))
        j++;
    if (a->def_start == SIZE_MAX && j < len && s[j] == '[') {
        const unsigned char *nl = memchr(s + j, '\n', len - j);
        size_t end = nl ? (size_t)(nl - s) : len;
        for (size_t k = j + 1; k + 1 < end; k++)
            if (s[k] == ']' && s[k + 1] == ':') {
                a->def_start = i;
                break;
            }
    }
}

static int prescan(yp_ctx *c, yp_mdsrc *m)
{
    const unsigned char *s = (const unsigned char *)m->md;
    size_t len = m->md_len, line_start = 0;
    long long estimate = 1;
    int line = 1, markers = 0;
    bool prefix = true, checked = false;
    amplify amp = {.def_start = SIZE_MAX};
    amplify_line(&amp, s, len, 0);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = s[i];
        if (ch == '\n') {
            estimate += 2;
            line++;
            markers = 0;
            prefix = true;
            checked = false;
            line_start = i + 1;
            amplify_line(&amp, s, len, i + 1);
            continue;
        }
        if (ch == ']')
            amp.closers++;
        if (ascii_punct(ch))
            estimate++;
        if (!prefix || ch == ' ' || ch == '\t')
            continue;
        size_t at = i;
        if (ch == '>') {
            markers++;
        } else if ((ch == '-' || ch == '+' || ch == '*') && blank_or_end(s, len, i + 1)) {
            markers++;
        } else if (ch >= '0' && ch <= '9') {
            size_t j = i;
            while (j < len && j - i < 10 && s[j] >= '0' && s[j] <= '9')
                j++;
            if (j < len && (s[j] == '.' || s[j] == ')') && blank_or_end(s, len, j + 1)) {
                markers++;
                estimate++;
                i = j;
            } else {
                prefix = false;
            }
        } else {
            prefix = false;
        }
        if (prefix && markers > c->lim.max_depth && !checked) {
            checked = true;
            if (!thematic_line(s + line_start, len - line_start)) {
                int fl, fc;
                yp_md_pos(c, m, line, (int)(at - line_start) + 1, &fl, &fc);
                bc_error_set(c->err, fl, fc,
                             "Markdown nested deeper than the max-depth limit of %d "
                             "(-O max-depth=N raises it)",
                             c->lim.max_depth);
                return -1;
            }
        }
    }
    if (amp.def_start != SIZE_MAX && len - amp.def_start > amp.def_max)
        amp.def_max = len - amp.def_start;
    /* Saturating: the counts are bounded by the length, their product need not be. */
    long long per_use = amp.def_max ? (long long)(amp.def_max / MD_COPY_BYTES) + 1 : 0;
    long long copies = per_use && amp.closers > LLONG_MAX / 4 / per_use ? LLONG_MAX / 4 : amp.closers * per_use;
    long long total = estimate + amp.cells + copies;
    /*
     * And per byte: what a value makes beyond its own bytes may not exceed
     * max-nodes / MD_AMPLIFY_SCALE (4 at the default max-nodes, scaled with it) times
     * its length, so a small input cannot make a large tree or output even
     * under max-nodes. A real table (a cell is at least "|" and a byte) and
     * real reference links stay far below.
     */
    long long per_byte = c->lim.max_nodes / MD_AMPLIFY_SCALE > 1 ? c->lim.max_nodes / MD_AMPLIFY_SCALE : 1;
    long long allowed = per_byte * (long long)len + 4096;
    if (amp.cells + copies > allowed) {
        bc_error_set(c->err, m->sc->line, m->sc->col,
                     "a table padded to its header's columns, or a link reference definition used often, "
                     "makes %lld nodes from %zu bytes: more than the %lld per byte the max-nodes limit allows "
                     "(-O max-nodes=N raises it to N/%d per byte)",
                     amp.cells + copies, len, per_byte, MD_AMPLIFY_SCALE);
        return -1;
    }
    if (c->nodes + total > c->lim.max_nodes) {
        const char *why = amp.cells > estimate && amp.cells >= copies
                              ? " (a GFM table counts every cell of every row padded to its header's columns)"
                          : copies > estimate ? " (a reference link counts one node per 4 bytes of the "
                                                "link reference definition it copies)"
                                              : "";
        bc_error_set(c->err, m->sc->line, m->sc->col,
                     "more than %lld YAML and Markdown nodes%s: over the max-nodes limit "
                     "(-O max-nodes=N raises it)",
                     c->lim.max_nodes, why);
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- conversion */

static bc_node *new_node(yp_ctx *c, yp_mdsrc *m, bc_node_type type)
{
    return yp_md_node(c, m, type, m->sc->line, m->sc->col);
}

static int add_leaf(yp_ctx *c, yp_mdsrc *m, bc_node *parent, bc_node_type type, const char *s, size_t len)
{
    if (type == BC_NODE_TEXT)
        return yp_md_text(c, m, parent, s, len);
    bc_node *node = new_node(c, m, type);
    if (!node || (s && !(s = yp_md_utf8(c, s, &len))))
        return -1;
    if (s && bc_node_set_literal(node, s, len) != 0)
        return yp_oom(c);
    bc_node_append_child(parent, node);
    return 0;
}

static int code_block(yp_ctx *c, yp_mdsrc *m, cmark_node *n, bc_node *parent)
{
    const char *lit = cmark_node_get_literal(n);
    const char *info = cmark_node_get_fence_info(n);
    size_t len = lit ? strlen(lit) : 0;
    /* cmark ends every code line with a newline; the last one is not content. */
    if (len && lit[len - 1] == '\n')
        len--;
    bc_node *node = new_node(c, m, BC_NODE_CODE_BLOCK);
    if (!node)
        return -1;
    const char *text = lit ? yp_md_utf8(c, lit, &len) : "";
    if (!text || bc_node_set_literal(node, text, len) != 0)
        return text ? yp_oom(c) : -1;
    size_t info_len = info ? strlen(info) : 0;
    if (info_len) {
        if (!(info = yp_md_utf8(c, info, &info_len)))
            return -1;
        if (bc_node_set_code_info(node, info, info_len) != 0)
            return yp_oom(c);
    }
    bc_node_append_child(parent, node);
    return 0;
}

/* Raw HTML is never passed on: a block becomes its text, line by line. */
static int html_block(yp_ctx *c, yp_mdsrc *m, cmark_node *n, bc_node *parent)
{
    const char *lit = cmark_node_get_literal(n);
    size_t len = lit ? strlen(lit) : 0;
    while (len && (lit[len - 1] == '\n' || lit[len - 1] == '\r'))
        len--;
    if (len == 0)
        return 0;
    bc_node *para = new_node(c, m, BC_NODE_PARAGRAPH);
    if (!para)
        return -1;
    bc_node_append_child(parent, para);
    size_t i = 0;
    while (i <= len) {
        const char *nl = memchr(lit + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - lit) : len;
        if (i > 0 && add_leaf(c, m, para, BC_NODE_LINEBREAK, NULL, 0) != 0)
            return -1;
        if (end > i && add_leaf(c, m, para, BC_NODE_TEXT, lit + i, end - i) != 0)
            return -1;
        i = end + 1;
    }
    return 0;
}

/*
 * No format embeds images (a briefing is self-contained text), but the
 * picture is not lost: an image becomes a link to it, its description the
 * link's text (the URL itself when it has none). An image whose URL is not
 * allowed, or one inside a link (no link in a link), is its description alone.
 */
static int image_text(yp_ctx *c, yp_mdsrc *m, cmark_node *image, bc_node *parent, bool in_link)
{
    bcp_buf *text = &c->image; /* not a local: see yp_md_init */
    int rc = -1;
    text->len = 0;
    cmark_iter *it = cmark_iter_new(image);
    if (!it)
        return yp_oom(c);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node_type t = cmark_node_get_type(n);
        const char *lit = NULL;
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE)
            lit = cmark_node_get_literal(n);
        else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
            lit = " ";
        if (lit && bcp_buf_put(text, lit, strlen(lit)) != 0) {
            yp_oom(c);
            goto done;
        }
    }
    const char *url = cmark_node_get_url(image);
    size_t url_len = url ? strlen(url) : 0;
    if (!in_link && url_len && bc_url_is_allowed(url, url_len)) {
        bc_node *link = new_node(c, m, BC_NODE_LINK);
        if (!link || !(url = yp_md_utf8(c, url, &url_len)))
            goto done;
        if (bc_node_set_url(link, url, url_len) != 0) {
            yp_oom(c);
            goto done;
        }
        bc_node_append_child(parent, link);
        if (!text->len && bcp_buf_put(text, url, url_len) != 0) {
            yp_oom(c);
            goto done;
        }
        parent = link;
    }
    rc = text->len ? add_leaf(c, m, parent, BC_NODE_TEXT, text->data, text->len) : 0;
done:
    cmark_iter_free(it);
    return rc;
}

static int table(yp_ctx *c, cmark_node *n, bc_node *node)
{
    int cols = cmark_gfm_extensions_get_table_columns(n);
    const uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
    bc_align *aligns = cols > 0 ? calloc((size_t)cols, sizeof *aligns) : NULL;
    if (cols > 0 && !aligns)
        return yp_oom(c);
    for (int i = 0; al && i < cols; i++)
        aligns[i] = al[i] == 'l' ? BC_ALIGN_LEFT
                    : al[i] == 'c' ? BC_ALIGN_CENTER
                    : al[i] == 'r' ? BC_ALIGN_RIGHT
                                   : BC_ALIGN_NONE;
    int rc = bc_node_set_table_columns(node, cols, aligns);
    free(aligns);
    return rc != 0 ? yp_oom(c) : 0;
}

/*
 * GFM drops the cells of a row beyond the header's count without a word
 * (often a | inside a code span, which still splits cells): count the row's
 * cells as GFM splits them, on its line of the source, and say so.
 */
static void row_overflow(yp_ctx *c, yp_mdsrc *m, cmark_node *row)
{
    int columns = cmark_gfm_extensions_get_table_columns(cmark_node_parent(row));
    int line = cmark_node_get_start_line(row), col = cmark_node_get_start_column(row);
    size_t end, start = yp_lines_start(&m->lines, line, &end);
    if (columns <= 0 || col < 1 || start + (size_t)(col - 1) > end)
        return;
    const char *s = m->md + start + (col - 1);
    size_t len = end - (start + (size_t)(col - 1));
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    int cells = 1, pipes_at_edges = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] != '|')
            continue;
        if (i == 0 || i + 1 == len)
            pipes_at_edges++;
        else
            cells++;
    }
    if (pipes_at_edges == 2 && len == 1)
        cells = 1;
    if (cells <= columns)
        return;
    int fl, fc;
    yp_md_pos(c, m, line, col, &fl, &fc);
    yp_warn(c, fl, fc,
            "table row has %d cells but its header %d: the last %d dropped "
            "(a | inside a cell, even in `code`, must be written \\|)",
            cells, columns, cells - columns);
}

static bool push(yp_ctx *c, size_t *sp, cmark_node *cm, bc_node *bc, unsigned char flags)
{
    if (*sp == c->frame_cap) {
        size_t cap = c->frame_cap ? c->frame_cap * 2 : 64;
        struct yp_frame *f = realloc(c->frames, cap * sizeof *f);
        if (!f)
            return false;
        c->frames = f;
        c->frame_cap = cap;
    }
    c->frames[(*sp)++] = (struct yp_frame){cm, bc, flags};
    return true;
}

static bool is_leaf(cmark_node_type t)
{
    switch (t) {
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
        return true;
    default:
        return false;
    }
}

/* The node for cmark node N (NULL with *KEEP for a node whose children go
 * straight to the parent), or NULL with an error set. */
static bc_node *container(yp_ctx *c, yp_mdsrc *m, cmark_node *n, unsigned char *flags, bool *keep)
{
    cmark_node_type t = cmark_node_get_type(n);
    bc_node *node = NULL;
    *flags = 0;
    *keep = false;
    switch (t) {
    case CMARK_NODE_PARAGRAPH:
        return new_node(c, m, BC_NODE_PARAGRAPH);
    case CMARK_NODE_HEADING:
        node = new_node(c, m, BC_NODE_HEADING);
        if (node)
            bc_node_set_heading_level(node, cmark_node_get_heading_level(n));
        return node;
    case CMARK_NODE_LIST:
        *flags = F_NEST;
        node = new_node(c, m, BC_NODE_LIST);
        if (node)
            bc_node_set_list(node, cmark_node_get_list_type(n) == CMARK_ORDERED_LIST ? BC_LIST_ORDERED
                                                                                      : BC_LIST_BULLET,
                             cmark_node_get_list_start(n), cmark_node_get_list_tight(n) != 0);
        return node;
    case CMARK_NODE_ITEM:
        return new_node(c, m, BC_NODE_ITEM);
    case CMARK_NODE_BLOCK_QUOTE:
        *flags = F_NEST;
        return new_node(c, m, BC_NODE_BLOCK_QUOTE);
    case CMARK_NODE_EMPH:
        *flags = F_NEST;
        return new_node(c, m, BC_NODE_EMPH);
    case CMARK_NODE_STRONG:
        *flags = F_NEST;
        return new_node(c, m, BC_NODE_STRONG);
    case CMARK_NODE_LINK: {
        const char *url = cmark_node_get_url(n);
        size_t len = url ? strlen(url) : 0;
        if (!url || !bc_url_is_allowed(url, len)) {
            /* Any other scheme, or none: the text stays, the link goes. */
            *keep = true;
            return NULL;
        }
        *flags = F_NEST | F_LINK;
        node = new_node(c, m, BC_NODE_LINK);
        if (!node)
            return NULL;
        if (!(url = yp_md_utf8(c, url, &len)))
            return NULL;
        if (bc_node_set_url(node, url, len) != 0) {
            yp_oom(c);
            return NULL;
        }
        const char *title = cmark_node_get_title(n);
        size_t title_len = title ? strlen(title) : 0;
        if (title_len && !(title = yp_md_utf8(c, title, &title_len)))
            return NULL;
        if (title_len && bc_node_set_link_title(node, title, title_len) != 0) {
            yp_oom(c);
            return NULL;
        }
        return node;
    }
    default:
        break;
    }
    if (t == c->md_table) {
        node = new_node(c, m, BC_NODE_TABLE);
        if (node && table(c, n, node) != 0)
            return NULL;
        return node;
    }
    if (t == c->md_row) {
        row_overflow(c, m, n);
        return new_node(c, m, BC_NODE_TABLE_ROW);
    }
    if (t == c->md_cell)
        return new_node(c, m, BC_NODE_TABLE_CELL);
    if (t == c->md_strike) {
        *flags = F_NEST;
        return new_node(c, m, BC_NODE_STRIKETHROUGH);
    }
    /* Footnotes are off and custom nodes never parsed: keep any text inside. */
    *keep = true;
    return NULL;
}

static int leaf(yp_ctx *c, yp_mdsrc *m, cmark_node *n, bc_node *parent, bool in_link)
{
    const char *lit;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
        return yp_cite_text(c, m, n, parent, !in_link);
    case CMARK_NODE_SOFTBREAK:
        return add_leaf(c, m, parent, BC_NODE_SOFTBREAK, NULL, 0);
    case CMARK_NODE_LINEBREAK:
        return add_leaf(c, m, parent, BC_NODE_LINEBREAK, NULL, 0);
    case CMARK_NODE_THEMATIC_BREAK:
        return add_leaf(c, m, parent, BC_NODE_THEMATIC_BREAK, NULL, 0);
    case CMARK_NODE_CODE:
        lit = cmark_node_get_literal(n);
        return add_leaf(c, m, parent, BC_NODE_CODE, lit ? lit : "", lit ? strlen(lit) : 0);
    case CMARK_NODE_HTML_INLINE:
        lit = cmark_node_get_literal(n);
        return lit && lit[0] ? add_leaf(c, m, parent, BC_NODE_TEXT, lit, strlen(lit)) : 0;
    case CMARK_NODE_CODE_BLOCK:
        return code_block(c, m, n, parent);
    case CMARK_NODE_HTML_BLOCK:
        return html_block(c, m, n, parent);
    default:
        return 0;
    }
}

static int too_deep(yp_ctx *c, yp_mdsrc *m, cmark_node *n)
{
    int line, col;
    yp_md_pos(c, m, cmark_node_get_start_line(n), cmark_node_get_start_column(n), &line, &col);
    bc_error_set(c->err, line, col,
                 "Markdown nested deeper than the max-depth limit of %d (-O max-depth=N raises it)",
                 c->lim.max_depth);
    return -1;
}

/*
 * Converts the children of ROOT into children of PARENT, iteratively: the
 * frame stack says where each cmark container's children go, and a frame is
 * popped by the exit event of the node that pushed it, so a node cmark
 * treats differently than expected cannot unbalance it.
 */
static int convert(yp_ctx *c, yp_mdsrc *m, cmark_node *root, bc_node *parent)
{
    size_t sp = 0;
    int nest = 0, links = 0, rc = -1;
    cmark_iter *it = cmark_iter_new(root);
    if (!it)
        return yp_oom(c);
    if (!push(c, &sp, root, parent, 0)) {
        yp_oom(c);
        goto done;
    }
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (n == root)
            continue;
        if (ev == CMARK_EVENT_EXIT) {
            while (sp > 1) {
                struct yp_frame f = c->frames[--sp];
                nest -= (f.flags & F_NEST) != 0;
                links -= (f.flags & F_LINK) != 0;
                if (f.cm == n)
                    break;
            }
            continue;
        }
        bc_node *top = c->frames[sp - 1].bc;
        cmark_node_type t = cmark_node_get_type(n);
        if (t == CMARK_NODE_IMAGE) {
            if (image_text(c, m, n, top, links > 0) != 0)
                goto done;
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* its children are done */
            continue;
        }
        if (is_leaf(t)) {
            if (leaf(c, m, n, top, links > 0) != 0)
                goto done;
            continue;
        }
        unsigned char flags;
        bool keep;
        bc_node *node = container(c, m, n, &flags, &keep);
        if (!node && !keep)
            goto done;
        if (node)
            bc_node_append_child(top, node);
        if (!push(c, &sp, n, node ? node : top, flags)) {
            yp_oom(c);
            goto done;
        }
        nest += (flags & F_NEST) != 0;
        links += (flags & F_LINK) != 0;
        if (nest > c->lim.max_depth) {
            too_deep(c, m, n);
            goto done;
        }
    }
    rc = yp_md_flush(c, m);
done:
    cmark_iter_free(it);
    return rc;
}

/* ---------------------------------------------------------------- entry points */

static cmark_node *parse(yp_ctx *c, yp_mdsrc *m)
{
    if (!c->md) {
        yp_oom(c); /* dropped after an earlier failure */
        return NULL;
    }
    if (prescan(c, m) != 0)
        return NULL;
    cmark_parser_feed(c->md, m->md, m->md_len);
    if (pthread_mutex_lock(&inline_pass_lock) != 0) {
        bc_error_set(c->err, 0, 0, "cannot lock the Markdown parser");
        return NULL;
    }
    c->md_locked = true;
    cmark_node *doc = cmark_parser_finish(c->md);
    c->md_locked = false;
    pthread_mutex_unlock(&inline_pass_lock);
    if (!doc)
        yp_oom(c);
    return doc;
}

/*
 * Text with nothing CommonMark could read as markup is one paragraph of that
 * very text, so cmark is skipped for it: short list items, headings and
 * names, often most of a briefing's values. Letters, digits, non-ASCII,
 * inner single spaces and punctuation that means nothing outside markup
 * (no line breaks, no list or heading start, no "www" autolink, no @ : & < [
 * * _ ~ ` \ | ! # > =).
 */
static bool plain_text(const char *s, size_t len)
{
    static const char harmless[] = ",;?()/%-.+$^{}"; /* no quotes: smart punctuation curls them */
    if (len == 0 || len > 4096 || s[len - 1] == ' ')
        return false;
    unsigned char first = (unsigned char)s[0];
    if (!(first >= 0x80 || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z')))
        return false;
    bool dot = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
            continue;
        if (ch == ' ' && s[i - 1] != ' ')
            continue;
        if (ch == 0 || !strchr(harmless, ch))
            return false;
        /* Dashes and ellipses for smart punctuation. */
        if ((ch == '-' || ch == '.') && i + 1 < len && s[i + 1] == ch)
            return false;
        dot |= ch == '.';
    }
    /* "www." starts an autolink, in any case. */
    for (size_t i = 0; dot && i + 3 < len; i++)
        if ((s[i] | 0x20) == 'w' && (s[i + 1] | 0x20) == 'w' && (s[i + 2] | 0x20) == 'w' && s[i + 3] == '.')
            return false;
    return true;
}

/* The nodes cmark would make for plain_text: a paragraph (unless inline) and its text. */
static int plain_nodes(yp_ctx *c, const yp_scalar *sc, bc_node *parent, bool block)
{
    yp_mdsrc m;
    yp_mdsrc_init(&m, sc, sc->s, sc->len);
    if (block) {
        bc_node *para = new_node(c, &m, BC_NODE_PARAGRAPH);
        if (!para)
            return -1;
        bc_node_append_child(parent, para);
        parent = para;
    }
    if (add_leaf(c, &m, parent, BC_NODE_TEXT, sc->s, sc->len) != 0)
        return -1;
    return yp_md_flush(c, &m);
}

static int md_blocks(yp_ctx *c, const yp_scalar *sc, bc_node *parent)
{
    if (!c->no_fast_path && plain_text(sc->s, sc->len))
        return plain_nodes(c, sc, parent, true);
    yp_mdsrc m;
    yp_mdsrc_init(&m, sc, sc->s, sc->len);
    cmark_node *doc = parse(c, &m);
    if (!doc)
        return -1;
    int rc = convert(c, &m, doc, parent);
    cmark_node_free(doc);
    return rc;
}

/*
 * Where a backslash keeps the start of inline text from opening a block:
 * "1. Introduction", "- foo", "# 5 things", "> quoted", "***" are titles,
 * not a list, a heading, a quote or a rule. SIZE_MAX when nothing needs it.
 */
static size_t block_marker(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len == 0)
        return SIZE_MAX;
    if (s[0] == '>')
        return 0;
    if ((s[0] == '-' || s[0] == '+' || s[0] == '*') && blank_or_end(u, len, 1))
        return 0;
    if ((s[0] == '-' || s[0] == '*' || s[0] == '_') && thematic_line(u, len))
        return 0;
    if (s[0] == '#') {
        size_t n = 1;
        while (n < len && s[n] == '#')
            n++;
        return n <= 6 && blank_or_end(u, len, n) ? 0 : SIZE_MAX;
    }
    size_t n = 0;
    while (n < len && n < 10 && s[n] >= '0' && s[n] <= '9')
        n++;
    if (n > 0 && n < 10 && n < len && (s[n] == '.' || s[n] == ')') && blank_or_end(u, len, n + 1))
        return n;
    return SIZE_MAX;
}

static const char *block_name(yp_ctx *c, cmark_node *n)
{
    cmark_node_type t = cmark_node_get_type(n);
    switch (t) {
    case CMARK_NODE_PARAGRAPH:
        return "a second paragraph is";
    case CMARK_NODE_LIST:
        return "lists are";
    case CMARK_NODE_HEADING:
        return "headings are";
    case CMARK_NODE_BLOCK_QUOTE:
        return "block quotes are";
    case CMARK_NODE_CODE_BLOCK:
        return "code blocks are";
    case CMARK_NODE_HTML_BLOCK:
        return "HTML blocks are";
    case CMARK_NODE_THEMATIC_BREAK:
        return "thematic breaks are";
    default:
        return t == c->md_table ? "tables are" : "blocks are";
    }
}

static int md_inlines(yp_ctx *c, const yp_scalar *sc, bc_node *parent, const char *name)
{
    size_t trim = 0;
    while (trim < sc->len &&
           (sc->s[trim] == ' ' || sc->s[trim] == '\t' || sc->s[trim] == '\n' || sc->s[trim] == '\r'))
        trim++;
    const char *text = sc->s + trim;
    size_t len = sc->len - trim;
    if (!c->no_fast_path && trim == 0 && plain_text(text, len))
        return plain_nodes(c, sc, parent, false);
    size_t at = block_marker(text, len);
    yp_mdsrc m;
    if (at == 0 && thematic_line((const unsigned char *)text, len)) {
        /* "---", "***", "_ _ _" as a title: only punctuation, so literal text
         * (an escaped first character would split a dash for smart punctuation). */
        yp_mdsrc_init(&m, sc, text, len);
        const char *lit = yp_smart_text(c, text, &len);
        if (!lit || add_leaf(c, &m, parent, BC_NODE_TEXT, lit, len) != 0)
            return -1;
        return yp_md_flush(c, &m);
    }
    if (at == SIZE_MAX) {
        yp_mdsrc_init(&m, sc, text, len);
    } else {
        c->scratch.len = 0;
        if (bcp_buf_put(&c->scratch, text, at) != 0 || bcp_buf_put(&c->scratch, "\\", 1) != 0 ||
            bcp_buf_put(&c->scratch, text + at, len - at) != 0)
            return yp_oom(c);
        yp_mdsrc_init(&m, sc, c->scratch.data, c->scratch.len);
        m.ins_at = at;
    }
    m.trimmed = trim;
    cmark_node *doc = parse(c, &m);
    if (!doc)
        return -1;
    int rc = -1;
    cmark_node *first = cmark_node_first_child(doc);
    cmark_node *bad = NULL;
    if (!first) {
        bc_error_set(c->err, sc->line, sc->col, "%s must not be empty", name);
        goto done;
    }
    if (cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH)
        bad = first;
    else if (cmark_node_next(first))
        bad = cmark_node_next(first);
    if (bad) {
        int line, col;
        yp_md_pos(c, &m, cmark_node_get_start_line(bad), cmark_node_get_start_column(bad), &line, &col);
        bc_error_set(c->err, line, col, "%s must be inline text: %s not allowed here", name,
                     block_name(c, bad));
        goto done;
    }
    rc = convert(c, &m, first, parent);
done:
    cmark_node_free(doc);
    return rc;
}

int yp_md_blocks(yp_ctx *c, const yp_scalar *sc, bc_node *parent)
{
    jmp_buf escape;
    if (setjmp(escape) != 0)
        return cmark_out_of_memory(c);
    yp_cmheap_enter(&c->md_heap, &escape);
    int rc = md_blocks(c, sc, parent);
    yp_cmheap_leave(&c->md_heap);
    return rc;
}

int yp_md_inlines(yp_ctx *c, const yp_scalar *sc, bc_node *parent, const char *name)
{
    jmp_buf escape;
    if (setjmp(escape) != 0)
        return cmark_out_of_memory(c);
    yp_cmheap_enter(&c->md_heap, &escape);
    int rc = md_inlines(c, sc, parent, name);
    yp_cmheap_leave(&c->md_heap);
    return rc;
}
