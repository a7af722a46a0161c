/*
 * md_inline.c — CommonMark inline output with every literal character kept
 * literal: the one place that decides how text, code, links and emphasis
 * are written.
 *
 * Text is escaped by context: characters that are syntax anywhere (\ ` * _
 * [ ] < ~ |) always, & only where it would start an entity, ! before a
 * bracket, and # - + = : > and "1." / "1)" only where a block could start.
 * GFM's autolinks read the source, not the text, so the w of "www." is a
 * character reference and the ":" of "://" escaped: a link they made would
 * swallow the backslashes after it.
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
    size_t j = w->out.line.len - 1;
    while (j > 0 && ((unsigned char)w->out.line.data[j] & 0xC0) == 0x80)
        j--;
    return j;
}

static int last_class(const md_writer *w)
{
    if (w->out.line.len == 0)
        return CLS_WS;
    size_t j = last_char_start(w);
    uint32_t cp;
    bc_utf8_decode(w->out.line.data + j, w->out.line.len - j, &cp);
    return cls_of(cp);
}

static int class_before(const md_writer *w, size_t end)
{
    if (end == 0)
        return CLS_WS;
    size_t j = end - 1;
    while (j > 0 && ((unsigned char)w->out.line.data[j] & 0xC0) == 0x80)
        j--;
    uint32_t cp;
    bc_utf8_decode(w->out.line.data + j, end - j, &cp);
    return cls_of(cp);
}

/* Rewrites the character of literal text ending at END as a character reference. */
static void rewrite_at(md_writer *w, size_t end)
{
    if (end <= w->out.content_start || w->out.oom)
        return;
    size_t j = end - 1;
    while (j > w->out.content_start && ((unsigned char)w->out.line.data[j] & 0xC0) == 0x80)
        j--;
    uint32_t cp;
    bc_utf8_decode(w->out.line.data + j, end - j, &cp);
    char ref[16];
    int n = snprintf(ref, sizeof ref, "&#%u;", (unsigned)cp);
    size_t tail = w->out.line.len - end;
    if (!md_buf_grow(w, &w->out.line, (size_t)n))
        return;
    memmove(w->out.line.data + j + n, w->out.line.data + end, tail);
    memcpy(w->out.line.data + j, ref, (size_t)n);
    w->out.line.len = j + (size_t)n + tail;
    /*
     * The reference starts with "&", punctuation: if it follows an opening
     * delimiter run, that run now needs punctuation or space before it too.
     */
    size_t k = j;
    while (k > w->out.content_start && strchr("*_~", w->out.line.data[k - 1]) != NULL)
        k--;
    if (k < j) {
        int before = class_before(w, k);
        if (before == CLS_OTHER || before == CLS_AMBIG)
            rewrite_at(w, k);
    }
}

static void rewrite_last(md_writer *w)
{
    rewrite_at(w, w->out.line.len);
}

/*
 * Where the character an opening delimiter follows ends, as cmark-gfm sees
 * it: after a run of ~ (always a delimiter of ours: literal tildes are
 * escaped) it looks at the character before that run instead.
 */
static size_t opener_prev_end(const md_writer *w)
{
    size_t j = w->out.line.len;
    while (j > w->out.content_start && w->out.line.data[j - 1] == '~')
        j--;
    return j < w->out.line.len ? j : w->out.line.len;
}


/* Whether the line ends with the N bytes of TAIL, written as they are (not after a backslash). */
static bool line_ends_with(const md_writer *w, const char *tail, size_t n)
{
    size_t len = w->out.line.len;
    if (len < n || len - n < w->out.content_start || memcmp(w->out.line.data + len - n, tail, n) != 0)
        return false;
    size_t slashes = 0; /* an odd run of backslashes before it escapes its first byte */
    for (size_t j = len - n; j > w->out.content_start && w->out.line.data[j - 1] == '\\'; j--)
        slashes++;
    return slashes % 2 == 0;
}

/*
 * GFM's autolinks scan the source bytes, not the text: a link they made
 * would take the backslashes and backticks after it, up to the next space
 * or "<", so "www.x.org\_\<img ...>" would leave "<img ...>" live and
 * "www.x.org_`<b>`" would eat a code span's opener. A "www." or "://" about
 * to be completed by CP (perhaps from an earlier node) is broken: the first
 * w becomes a character reference, the first / is escaped. Returns ESC.
 */
static int break_autolink(md_writer *w, uint32_t cp, int esc)
{
    if (esc != ESC_NONE)
        return esc;
    if (cp == '.' && line_ends_with(w, "www", 3))
        rewrite_at(w, w->out.line.len - 2);
    else if (cp == '/' && !w->in_link && line_ends_with(w, ":", 1))
        return ESC_BACKSLASH;
    return esc;
}

static int escape_kind(const md_writer *w, const char *s, size_t i, size_t len, uint32_t cp,
                       md_bol bol, int digits)
{
    /* Straight quotes, "--" and "..." left in text stay so for a reader with smart punctuation. */
    if (cp == '\'' || cp == '"' || (cp == '-' && i + 1 < len && s[i + 1] == '-') ||
        (cp == '.' && i + 2 < len && s[i + 1] == '.' && s[i + 2] == '.'))
        return ESC_BACKSLASH;
    switch (cp) {
    case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '~': case '|':
        return ESC_BACKSLASH;
    case '!':
        return (i + 1 >= len || s[i + 1] == '[') ? ESC_BACKSLASH : ESC_NONE;
    case '&':
        return md_entity_like(s + i, len - i) ? ESC_BACKSLASH : ESC_NONE;
    case '#':
        return (bol == MD_BOL_BLOCK || w->in_heading) ? ESC_BACKSLASH : ESC_NONE;
    case ':':
        /* "ftp://..." in text would become a live link (GFM autolinks); "\:" does not. */
        if (!w->in_link && i + 2 < len && s[i + 1] == '/' && s[i + 2] == '/')
            return ESC_BACKSLASH;
        return bol == MD_BOL_BLOCK ? ESC_BACKSLASH : ESC_NONE;
    case '>': case '-': case '+': case '=':
        return bol == MD_BOL_BLOCK ? ESC_BACKSLASH : ESC_NONE;
    case '.': case ')':
        return digits > 0 ? ESC_BACKSLASH : ESC_NONE;
    default:
        return ESC_NONE;
    }
}

/* ------------------------------------------------------------ inlines */

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
        bool after_star = w->out.line.len > 0 && w->out.line.data[w->out.line.len - 1] == '*';
        /* Alternate * and _ so nested openers never merge into one run. */
        if (d->kind == '~')
            strcpy(d->text, "~~");
        else if (d->kind == 's')
            strcpy(d->text, after_star ? "__" : "**");
        else
            strcpy(d->text, after_star ? "_" : "*");
        d->pending = false;
        if (d->kind == '~' && w->strike_end != 0 && w->strike_end == w->out.line.len) {
            /* "~~a~~~~b~~" would not parse: continue the strikethrough just closed. */
            w->out.line.len -= 2;
            continue;
        }
        int next = k + 1 < w->ndelims ? CLS_PUNCT : first_class;
        size_t end = d->kind == '~' ? w->out.line.len : opener_prev_end(w);
        int prev = class_before(w, end);
        /* Left-flanking (and, for _, not right-flanking) needs this. */
        if ((d->text[0] == '_' || next != CLS_OTHER) && (prev == CLS_OTHER || prev == CLS_AMBIG))
            rewrite_at(w, end);
        md_buf_puts(w, &w->out.line, d->text);
        if (d->kind != '~')
            need = false;
    }
    md_mid_line(w);
    w->need_punct = need;
}

static bool delims_pending(const md_writer *w)
{
    return w->ndelims > 0 && w->delims[w->ndelims - 1].pending;
}

/* Before markup that starts with ASCII punctuation. */
static void begin_markup(md_writer *w)
{
    md_start_content(w);
    md_flush_ws(w, false);
    if (delims_pending(w))
        flush_delims(w, CLS_PUNCT);
}

static void text_char(md_writer *w, const char *s, size_t i, size_t len, uint32_t cp, int clen)
{
    md_start_content(w);
    md_flush_ws(w, false);
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
    esc = break_autolink(w, cp, esc);
    int cls = cls_of(cp);
    if (esc == ESC_NONE && w->need_punct && (cls == CLS_OTHER || cls == CLS_AMBIG))
        esc = ESC_ENTITY;
    if (esc == ESC_ENTITY) {
        md_put_entity(w, cp);
    } else {
        if (esc == ESC_BACKSLASH)
            md_buf_putc(w, &w->out.line, '\\');
        md_buf_put(w, &w->out.line, s + i, (size_t)clen);
    }
    int digits = (w->digits >= 0 && esc == ESC_NONE && cp >= '0' && cp <= '9') ? w->digits + 1 : -1;
    md_mid_line(w);
    w->digits = digits;
}

void md_text(md_writer *w, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int clen = bc_utf8_decode(s + i, len - i, &cp);
        if (cp == ' ' || cp == '\t')
            md_buf_putc(w, &w->pend, (char)cp);
        else if (cp == '\n')
            md_break(w, false);
        else
            text_char(w, s, i, len, cp, clen);
        i += (size_t)clen;
    }
}

void md_raw(md_writer *w, const char *s)
{
    begin_markup(w);
    md_buf_puts(w, &w->out.line, s);
    md_mid_line(w);
}

void md_open(md_writer *w, char kind)
{
    md_delim *delims = w->out.oom ? NULL : bcp_grow(w->delims, &w->capdelims, w->ndelims + 1, sizeof *delims);
    if (delims == NULL) {
        w->out.oom = true;
        return;
    }
    w->delims = delims;
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
    md_buf_puts(w, &w->out.line, d.text);
    if (d.kind == '~')
        w->strike_end = w->out.line.len;
    md_mid_line(w);
    /* Right-flanking (and, for _, not left-flanking) needs this of the next character. */
    w->need_punct = need || d.text[0] == '_' || last != CLS_OTHER;
}

static void put_code_span(md_writer *w, const char *s, size_t len)
{
    size_t fence = md_longest_run(s, len, '`') + 1;
    bool all_space = true;
    for (size_t i = 0; i < len && all_space; i++)
        all_space = s[i] == ' ' || s[i] == '\n';
    bool edge_space = (s[0] == ' ' || s[0] == '\n') && (s[len - 1] == ' ' || s[len - 1] == '\n');
    bool pad = s[0] == '`' || s[len - 1] == '`' || (edge_space && !all_space);
    md_buf_repeat(w, &w->out.line, '`', fence);
    if (pad)
        md_buf_putc(w, &w->out.line, ' ');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '|' && w->in_cell)
            md_buf_putc(w, &w->out.line, '\\'); /* GFM splits cells before it sees code */
        md_buf_putc(w, &w->out.line, s[i] == '\n' ? ' ' : s[i]);
    }
    if (pad)
        md_buf_putc(w, &w->out.line, ' ');
    md_buf_repeat(w, &w->out.line, '`', fence);
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
    if (w->code_end != 0 && w->out.line.len == w->code_end) {
        w->out.line.len = w->code_start;
        md_buf_put(w, &w->code_prev, s, len);
    } else {
        w->code_start = w->out.line.len;
        w->code_prev.len = 0;
        md_buf_put(w, &w->code_prev, s, len);
    }
    if (w->out.oom)
        return;
    put_code_span(w, w->code_prev.data, w->code_prev.len);
    w->code_end = w->out.line.len;
    md_mid_line(w);
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
        case '&': md_buf_puts(w, &w->out.line, md_entity_like(p, strlen(p)) ? "&amp;" : "&"); break;
        case '<': md_buf_puts(w, &w->out.line, "&lt;"); break;
        case '>': md_buf_puts(w, &w->out.line, "&gt;"); break;
        case '"': md_buf_puts(w, &w->out.line, "&quot;"); break;
        case '\\': md_buf_puts(w, &w->out.line, p[1] == '\0' ? "&#92;" : "\\\\"); break;
        case '|': md_buf_puts(w, &w->out.line, w->in_cell ? "&#124;" : "|"); break; /* GFM splits cells first */
        case '\n': md_buf_putc(w, &w->out.line, ' '); break;
        default: md_buf_putc(w, &w->out.line, *p); break;
        }
    }
}

void md_link_end(md_writer *w, const char *url, const char *title, bool guard)
{
    w->in_link = false;
    begin_markup(w);
    md_buf_puts(w, &w->out.line, "](<");
    put_link_part(w, url);
    md_buf_putc(w, &w->out.line, '>');
    if ((title != NULL && title[0] != '\0') || guard) {
        md_buf_puts(w, &w->out.line, " \"");
        put_link_part(w, title != NULL ? title : "");
        md_buf_putc(w, &w->out.line, '"');
    }
    md_buf_putc(w, &w->out.line, ')');
    md_mid_line(w);
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
        md_buf_putc(w, &w->out.line, '<');
        md_buf_puts(w, &w->out.line, url);
        md_buf_putc(w, &w->out.line, '>');
        md_mid_line(w);
    } else {
        md_raw(w, "[");
        w->in_link = true;
        md_text(w, url, strlen(url));
        md_link_end(w, url, "", false);
    }
}
