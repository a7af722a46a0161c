/*
 * md_writer.c — CommonMark output with every literal character kept literal.
 *
 * Text is escaped by context: characters that are syntax anywhere (\ ` * _
 * [ ] < ~ |) always, & only where it would start an entity, ! before a
 * bracket, and # - + = : > and "1." / "1)" only where a block could start.
 * Leading and trailing whitespace, which CommonMark strips, is written as
 * numeric character references, as are the characters next to an emphasis
 * delimiter that would otherwise break the flanking rules (so "a*"b"*"
 * becomes "&#97;*"b"*"). Emphasis openers are written lazily, just before
 * the first non-space content, so that whitespace at the edges of emphasis
 * moves outside it and empty emphasis vanishes instead of printing "**".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md.h"

enum { CLS_WS, CLS_PUNCT, CLS_OTHER, CLS_AMBIG };
enum { ESC_NONE, ESC_BACKSLASH, ESC_ENTITY };

/* ------------------------------------------------------------ buffers */

static bool buf_grow(md_writer *w, md_buf *b, size_t extra)
{
    if (w->oom)
        return false;
    if (b->len + extra <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 128;
    while (cap < b->len + extra)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (p == NULL) {
        w->oom = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

static void buf_put(md_writer *w, md_buf *b, const char *s, size_t len)
{
    if (len > 0 && buf_grow(w, b, len)) {
        memcpy(b->data + b->len, s, len);
        b->len += len;
    }
}

static void buf_puts(md_writer *w, md_buf *b, const char *s)
{
    buf_put(w, b, s, strlen(s));
}

static void buf_putc(md_writer *w, md_buf *b, char c)
{
    buf_put(w, b, &c, 1);
}

static void put_entity(md_writer *w, uint32_t cp)
{
    char tmp[16];
    int n = snprintf(tmp, sizeof tmp, "&#%u;", (unsigned)cp);
    buf_put(w, &w->line, tmp, (size_t)n);
}

/* ------------------------------------------------------------ characters */

static bool is_zs(uint32_t cp)
{
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

/*
 * Class for CommonMark's flanking rules. Readers disagree on which non-ASCII
 * characters count as punctuation (the spec added symbols in 0.31), so those
 * are "ambiguous" and treated as whichever is safer at each use.
 */
static int cls_of(uint32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f')
        return CLS_WS;
    if (cp < 0x80) {
        bool punct = (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) ||
                     (cp >= 123 && cp <= 126);
        return punct ? CLS_PUNCT : CLS_OTHER;
    }
    return is_zs(cp) ? CLS_WS : CLS_AMBIG;
}

static size_t last_char_start(const md_writer *w)
{
    size_t j = w->line.len - 1;
    while (j > 0 && ((unsigned char)w->line.data[j] & 0xC0) == 0x80)
        j--;
    return j;
}

static int last_class(const md_writer *w)
{
    if (w->line.len == 0)
        return CLS_WS;
    size_t j = last_char_start(w);
    uint32_t cp;
    bc_utf8_decode(w->line.data + j, w->line.len - j, &cp);
    return cls_of(cp);
}

static int class_before(const md_writer *w, size_t end)
{
    if (end == 0)
        return CLS_WS;
    size_t j = end - 1;
    while (j > 0 && ((unsigned char)w->line.data[j] & 0xC0) == 0x80)
        j--;
    uint32_t cp;
    bc_utf8_decode(w->line.data + j, end - j, &cp);
    return cls_of(cp);
}

/* Rewrites the character of literal text ending at END as a character reference. */
static void rewrite_at(md_writer *w, size_t end)
{
    if (end <= w->content_start || w->oom)
        return;
    size_t j = end - 1;
    while (j > w->content_start && ((unsigned char)w->line.data[j] & 0xC0) == 0x80)
        j--;
    uint32_t cp;
    bc_utf8_decode(w->line.data + j, end - j, &cp);
    char ref[16];
    int n = snprintf(ref, sizeof ref, "&#%u;", (unsigned)cp);
    size_t tail = w->line.len - end;
    if (!buf_grow(w, &w->line, (size_t)n))
        return;
    memmove(w->line.data + j + n, w->line.data + end, tail);
    memcpy(w->line.data + j, ref, (size_t)n);
    w->line.len = j + (size_t)n + tail;
    /*
     * The reference starts with "&", punctuation: if it follows an opening
     * delimiter run, that run now needs punctuation or space before it too.
     */
    size_t k = j;
    while (k > w->content_start && strchr("*_~", w->line.data[k - 1]) != NULL)
        k--;
    if (k < j) {
        int before = class_before(w, k);
        if (before == CLS_OTHER || before == CLS_AMBIG)
            rewrite_at(w, k);
    }
}

static void rewrite_last(md_writer *w)
{
    rewrite_at(w, w->line.len);
}

/*
 * Where the character an opening delimiter follows ends, as cmark-gfm sees
 * it: after a run of ~ (always a delimiter of ours: literal tildes are
 * escaped) it looks at the character before that run instead.
 */
static size_t opener_prev_end(const md_writer *w)
{
    size_t j = w->line.len;
    while (j > w->content_start && w->line.data[j - 1] == '~')
        j--;
    return j < w->line.len ? j : w->line.len;
}


/*
 * True when & at S would be read as a character reference: &name; &#123;
 * &#x1F;. Text cut short by the end of S counts as one, since the next
 * node's text may complete it.
 */
static bool entity_like(const char *s, size_t len)
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

static int escape_kind(const md_writer *w, const char *s, size_t i, size_t len, uint32_t cp,
                       md_bol bol, int digits)
{
    switch (cp) {
    case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '~': case '|':
        return ESC_BACKSLASH;
    case '!':
        return (i + 1 >= len || s[i + 1] == '[') ? ESC_BACKSLASH : ESC_NONE;
    case '&':
        return entity_like(s + i, len - i) ? ESC_BACKSLASH : ESC_NONE;
    case '#':
        return (bol == MD_BOL_BLOCK || w->in_heading) ? ESC_BACKSLASH : ESC_NONE;
    case '>': case '-': case '+': case '=': case ':':
        return bol == MD_BOL_BLOCK ? ESC_BACKSLASH : ESC_NONE;
    case '.': case ')':
        return digits > 0 ? ESC_BACKSLASH : ESC_NONE;
    default:
        return ESC_NONE;
    }
}

/* ------------------------------------------------------------ lines */

static void mid_line(md_writer *w)
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
static void start_content(md_writer *w)
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
        buf_put(w, &w->line, w->prefix.data + w->prefix_done, w->prefix.len - w->prefix_done);
        w->prefix_done = w->prefix.len;
        w->content_start = w->line.len;
    }
    w->started = true;
}

/* Writes pending whitespace; AT_END: the block ends here, so breaks are dropped. */
static void flush_ws(md_writer *w, bool at_end)
{
    size_t n = w->pend.len;
    for (size_t i = 0; i < n; i++) {
        char c = w->pend.data[i];
        if (c == 's' || c == 'h') {
            if (at_end || w->line.len == w->content_start)
                continue; /* a break with nothing before or after it on the line */
            if (c == 'h')
                buf_putc(w, &w->line, '\\');
            end_line(w);
            start_content(w);
            continue;
        }
        start_content(w);
        /* CommonMark strips leading and trailing spaces of a line. */
        bool first = w->line.len == w->content_start;
        bool last = i + 1 == n ? at_end : (w->pend.data[i + 1] == 's' || w->pend.data[i + 1] == 'h');
        if (at_end && !last) {
            last = true;
            for (size_t k = i + 1; k < n && last; k++)
                last = w->pend.data[k] == 's' || w->pend.data[k] == 'h';
        }
        if (first || last)
            put_entity(w, (unsigned char)c);
        else
            buf_putc(w, &w->line, c);
        mid_line(w);
    }
    w->pend.len = 0;
}

/*
 * cmark-gfm judges the flanking of a * or _ run by the characters beyond any
 * ~ runs next to it, so a ~~ written between a closer and what follows it
 * leaves that closer's need for punctuation standing.
 */
static void flush_delims(md_writer *w, int first_class)
{
    bool need = w->need_punct;
    size_t k = w->ndelims;
    while (k > 0 && w->delims[k - 1].pending)
        k--;
    for (; k < w->ndelims; k++) {
        md_delim *d = &w->delims[k];
        bool after_star = w->line.len > 0 && w->line.data[w->line.len - 1] == '*';
        /* Alternate * and _ so nested openers never merge into one run. */
        if (d->kind == '~')
            strcpy(d->text, "~~");
        else if (d->kind == 's')
            strcpy(d->text, after_star ? "__" : "**");
        else
            strcpy(d->text, after_star ? "_" : "*");
        d->pending = false;
        if (d->kind == '~' && w->strike_end != 0 && w->strike_end == w->line.len) {
            /* "~~a~~~~b~~" would not parse: continue the strikethrough just closed. */
            w->line.len -= 2;
            continue;
        }
        int next = k + 1 < w->ndelims ? CLS_PUNCT : first_class;
        size_t end = d->kind == '~' ? w->line.len : opener_prev_end(w);
        int prev = class_before(w, end);
        /* Left-flanking (and, for _, not right-flanking) needs this. */
        if ((d->text[0] == '_' || next != CLS_OTHER) && (prev == CLS_OTHER || prev == CLS_AMBIG))
            rewrite_at(w, end);
        buf_puts(w, &w->line, d->text);
        if (d->kind != '~')
            need = false;
    }
    mid_line(w);
    w->need_punct = need;
}

static bool delims_pending(const md_writer *w)
{
    return w->ndelims > 0 && w->delims[w->ndelims - 1].pending;
}

/* Before markup that starts with ASCII punctuation. */
static void begin_markup(md_writer *w)
{
    start_content(w);
    flush_ws(w, false);
    if (delims_pending(w))
        flush_delims(w, CLS_PUNCT);
}

/* ------------------------------------------------------------ public */

void md_init(md_writer *w, bc_sink *sink)
{
    memset(w, 0, sizeof *w);
    w->sink = sink;
    w->bol = MD_BOL_BLOCK;
}

int md_finish(md_writer *w)
{
    flush_ws(w, true);
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
    start_content(w);
    buf_puts(w, &w->line, marker);
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
    buf_puts(w, &w->prefix, cont);
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
    start_content(w);
    for (int i = 0; i < hashes; i++)
        buf_putc(w, &w->line, '#');
    buf_putc(w, &w->line, ' ');
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
    flush_ws(w, true);
    w->ndelims = 0;
    md_want(w, 2);
}

static size_t longest_run(const char *s, size_t len, char c)
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
    size_t fence = longest_run(lit, len, fc) + 1;
    if (fence < 3)
        fence = 3;
    start_content(w);
    for (size_t i = 0; i < fence; i++)
        buf_putc(w, &w->line, fc);
    if (info[0] == fc)
        buf_putc(w, &w->line, ' '); /* "~~~" + "~x" would open a longer fence */
    for (const char *p = info; *p != '\0'; p++) {
        if (*p == '&' && entity_like(p, strlen(p)))
            buf_puts(w, &w->line, "&amp;"); /* cmark decodes references before escapes here */
        else if (*p == '\\')
            buf_puts(w, &w->line, "\\\\");
        else
            buf_putc(w, &w->line, *p == '\n' ? ' ' : *p);
    }
    end_line(w);
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(lit + start, '\n', len - start);
        size_t end = nl != NULL ? (size_t)(nl - lit) : len;
        start_content(w);
        buf_put(w, &w->line, lit + start, end - start);
        end_line(w);
        start = end + 1;
    }
    start_content(w);
    for (size_t i = 0; i < fence; i++)
        buf_putc(w, &w->line, fc);
    md_want(w, 2);
}

void md_thematic_break(md_writer *w)
{
    start_content(w);
    buf_puts(w, &w->line, "***");
    md_want(w, 2);
}

void md_table_row_begin(md_writer *w)
{
    start_content(w);
    buf_putc(w, &w->line, '|');
}

void md_table_cell_begin(md_writer *w)
{
    buf_putc(w, &w->line, ' ');
    w->content_start = w->line.len;
    w->bol = MD_BOL_WS;
    w->digits = -1;
    w->in_cell = true;
}

void md_table_cell_end(md_writer *w)
{
    flush_ws(w, true);
    w->ndelims = 0;
    buf_puts(w, &w->line, " |");
    w->in_cell = false;
}

void md_table_row_end(md_writer *w)
{
    md_set_want(w, 1);
}

void md_table_delimiter_row(md_writer *w, const bc_node *table, int columns)
{
    start_content(w);
    buf_putc(w, &w->line, '|');
    for (int c = 0; c < columns; c++) {
        switch (bc_node_table_align(table, c)) {
        case BC_ALIGN_LEFT: buf_puts(w, &w->line, " :--- |"); break;
        case BC_ALIGN_CENTER: buf_puts(w, &w->line, " :---: |"); break;
        case BC_ALIGN_RIGHT: buf_puts(w, &w->line, " ---: |"); break;
        default: buf_puts(w, &w->line, " --- |"); break;
        }
    }
    md_set_want(w, 1);
}

static void text_char(md_writer *w, const char *s, size_t i, size_t len, uint32_t cp, int clen)
{
    start_content(w);
    flush_ws(w, false);
    bool force_entity = false;
    if (delims_pending(w)) {
        int first = escape_kind(w, s, i, len, cp, MD_BOL_NONE, -1) != ESC_NONE ? CLS_PUNCT : cls_of(cp);
        if (first == CLS_WS) { /* a no-break space right inside "*" would end it */
            force_entity = true;
            first = CLS_PUNCT;
        }
        flush_delims(w, first);
    }
    int esc = force_entity ? ESC_ENTITY : escape_kind(w, s, i, len, cp, w->bol, w->digits);
    int cls = cls_of(cp);
    if (esc == ESC_NONE && w->need_punct && (cls == CLS_OTHER || cls == CLS_AMBIG))
        esc = ESC_ENTITY;
    if (esc == ESC_ENTITY) {
        put_entity(w, cp);
    } else {
        if (esc == ESC_BACKSLASH)
            buf_putc(w, &w->line, '\\');
        buf_put(w, &w->line, s + i, (size_t)clen);
    }
    int digits = (w->digits >= 0 && esc == ESC_NONE && cp >= '0' && cp <= '9') ? w->digits + 1 : -1;
    mid_line(w);
    w->digits = digits;
}

void md_text(md_writer *w, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int clen = bc_utf8_decode(s + i, len - i, &cp);
        if (cp == ' ' || cp == '\t')
            buf_putc(w, &w->pend, (char)cp);
        else if (cp == '\n')
            md_softbreak(w);
        else
            text_char(w, s, i, len, cp, clen);
        i += (size_t)clen;
    }
}

void md_raw(md_writer *w, const char *s)
{
    begin_markup(w);
    buf_puts(w, &w->line, s);
    mid_line(w);
}

void md_space(md_writer *w)
{
    buf_putc(w, &w->pend, ' ');
}

void md_softbreak(md_writer *w)
{
    buf_putc(w, &w->pend, (w->in_heading || w->in_cell || w->one_line) ? ' ' : 's');
}

void md_hardbreak(md_writer *w)
{
    buf_putc(w, &w->pend, (w->in_heading || w->in_cell || w->one_line) ? ' ' : 'h');
}

void md_open(md_writer *w, char kind)
{
    if (w->ndelims == w->capdelims) {
        size_t cap = w->capdelims ? w->capdelims * 2 : 8;
        md_delim *p = w->oom ? NULL : realloc(w->delims, cap * sizeof *p);
        if (p == NULL) {
            w->oom = true;
            return;
        }
        w->delims = p;
        w->capdelims = cap;
    }
    w->delims[w->ndelims++] = (md_delim){.pending = true, .kind = kind};
}

void md_close(md_writer *w)
{
    if (w->ndelims == 0)
        return;
    md_delim d = w->delims[--w->ndelims];
    if (d.pending)
        return; /* nothing inside: print neither delimiter */
    bool need = d.kind == '~' && w->need_punct;
    int last = last_class(w);
    if (last == CLS_WS) { /* a no-break space before "*" would stop it closing */
        rewrite_last(w);
        last = CLS_PUNCT;
    }
    buf_puts(w, &w->line, d.text);
    if (d.kind == '~')
        w->strike_end = w->line.len;
    mid_line(w);
    /* Right-flanking (and, for _, not left-flanking) needs this of the next character. */
    w->need_punct = need || d.text[0] == '_' || last != CLS_OTHER;
}

static void put_code_span(md_writer *w, const char *s, size_t len)
{
    size_t fence = longest_run(s, len, '`') + 1;
    bool all_space = true;
    for (size_t i = 0; i < len && all_space; i++)
        all_space = s[i] == ' ' || s[i] == '\n';
    bool edge_space = (s[0] == ' ' || s[0] == '\n') && (s[len - 1] == ' ' || s[len - 1] == '\n');
    bool pad = s[0] == '`' || s[len - 1] == '`' || (edge_space && !all_space);
    for (size_t i = 0; i < fence; i++)
        buf_putc(w, &w->line, '`');
    if (pad)
        buf_putc(w, &w->line, ' ');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '|' && w->in_cell)
            buf_putc(w, &w->line, '\\'); /* GFM splits cells before it sees code */
        buf_putc(w, &w->line, s[i] == '\n' ? ' ' : s[i]);
    }
    if (pad)
        buf_putc(w, &w->line, ' ');
    for (size_t i = 0; i < fence; i++)
        buf_putc(w, &w->line, '`');
}

void md_code_span(md_writer *w, const char *s, size_t len)
{
    if (len == 0)
        return;
    begin_markup(w);
    /*
     * Two code spans side by side would merge their backtick runs ("`a``b`"
     * is one span), so the second joins the first: one span, the same text.
     */
    if (w->code_end != 0 && w->line.len == w->code_end) {
        w->line.len = w->code_start;
        buf_put(w, &w->code_prev, s, len);
    } else {
        w->code_start = w->line.len;
        w->code_prev.len = 0;
        buf_put(w, &w->code_prev, s, len);
    }
    if (w->oom)
        return;
    put_code_span(w, w->code_prev.data, w->code_prev.len);
    w->code_end = w->line.len;
    mid_line(w);
}

/*
 * URL or title text inside a link's parentheses, with every character that
 * could end it written as a character reference. cmark decodes references
 * there before it removes backslash escapes, so "\&amp;" would not keep
 * "&amp;" and "&#92;*" would lose its backslash: a backslash is "\\",
 * except last, where "\\" before the closing quote or ">" would let the
 * scanner (which takes the longest match) run on to a later one.
 */
static void put_link_part(md_writer *w, const char *s)
{
    for (const char *p = s; *p != '\0'; p++) {
        switch (*p) {
        case '&': buf_puts(w, &w->line, entity_like(p, strlen(p)) ? "&amp;" : "&"); break;
        case '<': buf_puts(w, &w->line, "&lt;"); break;
        case '>': buf_puts(w, &w->line, "&gt;"); break;
        case '"': buf_puts(w, &w->line, "&quot;"); break;
        case '\\': buf_puts(w, &w->line, p[1] == '\0' ? "&#92;" : "\\\\"); break;
        case '|': buf_puts(w, &w->line, w->in_cell ? "&#124;" : "|"); break; /* GFM splits cells first */
        case '\n': buf_putc(w, &w->line, ' '); break;
        default: buf_putc(w, &w->line, *p); break;
        }
    }
}

void md_link_end(md_writer *w, const char *url, const char *title, bool guard)
{
    begin_markup(w);
    buf_puts(w, &w->line, "](<");
    put_link_part(w, url);
    buf_putc(w, &w->line, '>');
    if ((title != NULL && title[0] != '\0') || guard) {
        buf_puts(w, &w->line, " \"");
        put_link_part(w, title != NULL ? title : "");
        buf_putc(w, &w->line, '"');
    }
    buf_putc(w, &w->line, ')');
    mid_line(w);
}

bool md_url_autolinkable(const char *url)
{
    if (!bc_url_is_allowed(url, strlen(url)))
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p != '\0'; p++)
        if (*p <= ' ' || strchr("<>\\&|", *p) != NULL)
            return false;
    return true;
}

void md_url(md_writer *w, const char *url)
{
    if (!bc_url_is_allowed(url, strlen(url))) {
        md_text(w, url, strlen(url));
    } else if (md_url_autolinkable(url)) {
        begin_markup(w);
        buf_putc(w, &w->line, '<');
        buf_puts(w, &w->line, url);
        buf_putc(w, &w->line, '>');
        mid_line(w);
    } else {
        md_raw(w, "[");
        md_text(w, url, strlen(url));
        md_link_end(w, url, "", false);
    }
}
