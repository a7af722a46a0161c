/*
 * yp_events.c — pulling libyaml events one at a time, refusing what a
 * briefing may not contain (aliases, anchors, foreign tags) and enforcing the
 * depth and node limits as the events arrive, so a hostile file stops at the
 * first event past a limit instead of after it has been built.
 */
#include <stdio.h>
#include <string.h>

#include "yp.h"

int yp_oom(yp_ctx *c)
{
    bc_error_set(c->err, 0, 0, "out of memory");
    return -1;
}

void yp_event_done(yp_ctx *c)
{
    if (c->have_ev) {
        yaml_event_delete(&c->ev);
        c->have_ev = false;
    }
}

int yp_ev_line(const yaml_event_t *ev)
{
    return (int)ev->start_mark.line + 1;
}

int yp_ev_col(const yaml_event_t *ev)
{
    return (int)ev->start_mark.column + 1;
}

yp_scalar yp_ev_scalar_raw(const yp_ctx *c)
{
    yp_scalar sc = {0};
    sc.s = (const char *)c->ev.data.scalar.value;
    sc.len = c->ev.data.scalar.length;
    sc.style = c->ev.data.scalar.style;
    sc.index = c->ev.start_mark.index;
    sc.line = yp_ev_line(&c->ev);
    sc.col = yp_ev_col(&c->ev);
    return sc;
}

const char *yp_ev_kind_name(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return "a string";
    case YAML_SEQUENCE_START_EVENT:
        return "a sequence";
    case YAML_MAPPING_START_EVENT:
        return "a mapping";
    default:
        return "nothing";
    }
}

bool yp_scalar_is_null(const yp_ctx *c)
{
    const yaml_event_t *ev = &c->ev;
    if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
        ev->data.scalar.tag)
        return false;
    const char *s = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    return len == 0 || (len == 1 && s[0] == '~') ||
           (len == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4)));
}

bool yp_scalar_is_blank(const yp_ctx *c)
{
    const yaml_event_t *ev = &c->ev;
    if (ev->type != YAML_SCALAR_EVENT)
        return false;
    if (yp_scalar_is_null(c))
        return true;
    const char *s = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

int yp_count_nodes(yp_ctx *c, long long n, int line, int col)
{
    c->nodes += n;
    if (c->nodes <= c->lim.max_nodes)
        return 0;
    bc_error_set(c->err, line, col,
                 "more than %lld YAML and Markdown nodes: over the max-nodes limit "
                 "(-O max-nodes=N raises it)",
                 c->lim.max_nodes);
    return -1;
}

/* ---------------------------------------------------------------- libyaml errors */

/* The usual cause: a file saved as Latin-1 or Windows-1252. */
#define SAVE_AS_UTF8 " (is the file Latin-1 or Windows-1252? save it as UTF-8)"

/*
 * libyaml reports bad UTF-8 by a byte offset that is not always the bad
 * sequence's; decoding reaches the first bad sequence of the file first, so
 * that is the one to find and describe.
 */
static bool utf8_error(yp_ctx *c)
{
    const unsigned char *s = c->src;
    size_t n = c->src_len, i = c->bom;
    while (i < n) {
        unsigned char b = s[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t want = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
        int line, col;
        yp_pos_of_offset(c, i, &line, &col);
        if (!want) {
            if (b == 0xC0 || b == 0xC1)
                bc_error_set(c->err, line, col, "invalid UTF-8: overlong encoding of a character");
            else
                bc_error_set(c->err, line, col, "invalid UTF-8: byte 0x%02X cannot start a character%s", b,
                             SAVE_AS_UTF8);
            return true;
        }
        size_t k = 1;
        while (k < want && i + k < n && (s[i + k] & 0xC0) == 0x80)
            k++;
        if (k < want) {
            bc_error_set(c->err, line, col, "invalid UTF-8: byte 0x%02X begins a character that is cut short%s", b,
                         SAVE_AS_UTF8);
            return true;
        }
        uint32_t cp = want == 2 ? (uint32_t)(b & 0x1F) << 6 | (s[i + 1] & 0x3F)
                      : want == 3 ? (uint32_t)(b & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F)
                                  : (uint32_t)(b & 0x07) << 18 | (uint32_t)(s[i + 1] & 0x3F) << 12 |
                                        (uint32_t)(s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F);
        if ((want == 3 && cp < 0x800) || (want == 4 && cp < 0x10000)) {
            bc_error_set(c->err, line, col, "invalid UTF-8: overlong encoding of a character");
            return true;
        }
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
            bc_error_set(c->err, line, col, "invalid UTF-8: encodes U+%04X, which is not a Unicode character",
                         (unsigned)cp);
            return true;
        }
        i += want;
    }
    return false;
}

/* libyaml's reader reports bad bytes by offset only; say what is wrong in words. */
static void reader_error(yp_ctx *c)
{
    const yaml_parser_t *p = &c->parser;
    int line, col;
    const char *problem = p->problem ? p->problem : "unreadable input";
    if (strstr(problem, "UTF-8") || strcmp(problem, "invalid Unicode character") == 0) {
        if (utf8_error(c))
            return;
    }
    yp_pos_of_offset(c, p->problem_offset, &line, &col);
    if (strcmp(problem, "control characters are not allowed") == 0)
        bc_error_set(c->err, line, col,
                     "control character U+%04X is not allowed in YAML "
                     "(write it as an escape in a double-quoted string)",
                     (unsigned)p->problem_value);
    else
        bc_error_set(c->err, line, col, "cannot read the input: %s", problem);
}

static void syntax_error(yp_ctx *c)
{
    const yaml_parser_t *p = &c->parser;
    int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
    const char *problem = p->problem ? p->problem : "unknown problem";
    /* A tab where YAML wants indentation is the commonest cause of this one. */
    const char *hint = "";
    size_t at = yp_byte_of_index(c, p->problem_mark.index);
    if (at < c->src_len && c->src[at] == '\t' && strstr(problem, "cannot start any token"))
        hint = "; tabs cannot be used for indentation in YAML";
    if (p->context)
        bc_error_set(c->err, line, col, "YAML syntax error: %s (%s at line %d, column %d)%s", problem,
                     p->context, (int)p->context_mark.line + 1, (int)p->context_mark.column + 1, hint);
    else
        bc_error_set(c->err, line, col, "YAML syntax error: %s%s", problem, hint);
}

static int parser_error(yp_ctx *c)
{
    switch (c->parser.error) {
    case YAML_MEMORY_ERROR:
        return yp_oom(c);
    case YAML_READER_ERROR:
        reader_error(c);
        return -1;
    default:
        syntax_error(c);
        return -1;
    }
}

/* ---------------------------------------------------------------- events */

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

/*
 * Tags carry types a briefing has no use for; only the ones that restate
 * what the node already is are accepted (`!!str 2017`, `! text`).
 */
static int check_tag(yp_ctx *c, const yaml_char_t *tag, const char *allowed)
{
    if (!tag)
        return 0;
    const char *t = (const char *)tag;
    size_t plen = sizeof YAML_TAG_PREFIX - 1;
    if (strcmp(t, "!") == 0 && strcmp(allowed, "str") == 0)
        return 0;
    if (strncmp(t, YAML_TAG_PREFIX, plen) == 0 && strcmp(t + plen, allowed) == 0)
        return 0;
    char raw[64], shown[80];
    if (strncmp(t, YAML_TAG_PREFIX, plen) == 0)
        snprintf(raw, sizeof raw, "!!%s", t + plen);
    else
        snprintf(raw, sizeof raw, "%s", t);
    yp_quote(shown, sizeof shown, raw, strlen(raw));
    bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev),
                 "YAML tag %s is not supported: a briefing holds plain strings, sequences and mappings",
                 shown);
    return -1;
}

static int refuse_anchor(yp_ctx *c, const yaml_char_t *anchor, char sigil)
{
    char name[72];
    yp_quote(name, sizeof name, (const char *)anchor, strlen((const char *)anchor));
    /* Anchor names have no blanks or quotes: show them bare, as written. */
    name[strlen(name) - 1] = '\0';
    bc_error_set(c->err, yp_ev_line(&c->ev), yp_ev_col(&c->ev),
                 "anchors and aliases are not supported (found %s %c%s): "
                 "a briefing must be self-contained",
                 sigil == '&' ? "anchor" : "alias", sigil, name + 1);
    return -1;
}

static int open_collection(yp_ctx *c, const yaml_char_t *anchor, const yaml_char_t *tag, const char *kind)
{
    if (anchor)
        return refuse_anchor(c, anchor, '&');
    if (check_tag(c, tag, kind) != 0)
        return -1;
    int line = yp_ev_line(&c->ev), col = yp_ev_col(&c->ev);
    if (++c->depth > c->lim.max_depth) {
        bc_error_set(c->err, line, col,
                     "YAML nested deeper than the max-depth limit of %d (-O max-depth=N raises it)",
                     c->lim.max_depth);
        return -1;
    }
    return yp_count_nodes(c, 1, line, col);
}

int yp_next(yp_ctx *c)
{
    yp_event_done(c);
    c->ev_cleaned = false;
    if (!yaml_parser_parse(&c->parser, &c->ev))
        return parser_error(c);
    c->have_ev = true;
    yaml_event_t *ev = &c->ev;
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        return refuse_anchor(c, ev->data.alias.anchor, '*');
    case YAML_SCALAR_EVENT:
        if (ev->data.scalar.anchor)
            return refuse_anchor(c, ev->data.scalar.anchor, '&');
        if (check_tag(c, ev->data.scalar.tag, "str") != 0)
            return -1;
        return yp_count_nodes(c, 1, yp_ev_line(ev), yp_ev_col(ev));
    case YAML_SEQUENCE_START_EVENT:
        return open_collection(c, ev->data.sequence_start.anchor, ev->data.sequence_start.tag, "seq");
    case YAML_MAPPING_START_EVENT:
        return open_collection(c, ev->data.mapping_start.anchor, ev->data.mapping_start.tag, "map");
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        c->depth--;
        return 0;
    default:
        return 0;
    }
}
