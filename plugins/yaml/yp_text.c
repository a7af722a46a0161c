/*
 * yp_text.c — what the reader does to text before the document gets it:
 * control characters and noncharacters (replaced or dropped, each reported
 * as a warning), smart punctuation for plain strings, and the warnings
 * themselves.
 *
 * Warnings. The plugin ABI has no channel for them (a read returns a
 * document or an error), so the reader writes each one to standard error
 * itself, as one line "FILE:LINE:COLUMN: warning: MESSAGE" in a single
 * write (lines from reads on other threads never mix), in the form the CLI
 * gives errors. The host reads each input once, so each is reported once,
 * whatever the number of output formats; --check reads too, so it reports
 * them. `-O warnings=false` silences them (for programs that embed the
 * library and have no use for the stream); after YP_MAX_WARNINGS in one
 * file the rest are counted in one last line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "yp.h"

/* ---------------------------------------------------------------- warnings */

/*
 * NAME as a terminal may show it: control characters (C0, DEL, C1 such as
 * U+009B, CSI to an 8-bit terminal) and bytes that are not UTF-8 become
 * \xHH, as in the CLI's messages; cut (at a character) to fit OUT.
 */
static const char *shown_name(const char *name, char *out, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *s = (const unsigned char *)name;
    size_t o = 0, len = strlen(name);
    for (size_t i = 0; i < len && o + 9 < size;) {
        uint32_t cp;
        int n = bc_utf8_decode(name + i, len - i, &cp);
        bool bad = cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp == 0xFFFD && n == 1);
        for (int k = 0; k < n; k++) {
            if (bad) {
                out[o++] = '\\';
                out[o++] = 'x';
                out[o++] = hex[s[i + k] >> 4];
                out[o++] = hex[s[i + k] & 15];
            } else {
                out[o++] = (char)s[i + k];
            }
        }
        i += (size_t)n;
    }
    out[o] = '\0';
    return out;
}

void yp_warn(yp_ctx *c, int line, int col, const char *fmt, ...)
{
    c->warnings++;
    if (!c->warn || c->warnings > YP_MAX_WARNINGS)
        return;
    char msg[512], name[512], out[1100];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(out, sizeof out, "%s:%d:%d: warning: %s\n", shown_name(c->name, name, sizeof name), line, col, msg);
    fputs(out, stderr);
}

void yp_warn_summary(yp_ctx *c)
{
    if (!c->warn || c->warnings <= YP_MAX_WARNINGS)
        return;
    char out[1024], name[512];
    snprintf(out, sizeof out, "%s: warning: %d more warnings not shown\n", shown_name(c->name, name, sizeof name),
             c->warnings - YP_MAX_WARNINGS);
    fputs(out, stderr);
}

/* ---------------------------------------------------------------- controls */

/*
 * What becomes of code point CP: kept (YP_KEEP), a space (YP_SPACE: vertical
 * tab, form feed, NEL, a lone carriage return: line breaks out of place) or
 * nothing (YP_DROP: every other C0 and C1 control, DEL, noncharacters).
 */
int yp_control_kind(uint32_t cp)
{
    if (cp == '\t' || cp == '\n')
        return YP_KEEP;
    if (cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == '\r')
        return YP_SPACE;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return YP_DROP;
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
        return YP_DROP;
    return YP_KEEP;
}

static const char *control_name(uint32_t cp)
{
    switch (cp) {
    case 0x00: return " (NUL)";
    case 0x07: return " (bell)";
    case 0x08: return " (backspace)";
    case 0x0B: return " (vertical tab)";
    case 0x0C: return " (form feed)";
    case 0x0D: return " (carriage return)";
    case 0x1B: return " (escape)";
    case 0x7F: return " (delete)";
    case 0x85: return " (next line)";
    default: return "";
    }
}

void yp_warn_control(yp_ctx *c, int line, int col, uint32_t cp, int kind)
{
    bool nonchar = cp > 0x9F;
    yp_warn(c, line, col, "%s U+%04X%s %s", nonchar ? "noncharacter" : "control character", (unsigned)cp,
            control_name(cp), kind == YP_SPACE ? "replaced by a space" : "dropped");
}

/* The first bad character at or after *AT in S (LEN bytes): its code point and length. */
static bool next_bad(const unsigned char *s, size_t len, size_t *at, uint32_t *cp, int *n)
{
    for (size_t i = *at; i < len;) {
        unsigned char b = s[i];
        if (b >= 0x20 && b < 0x7F) {
            i++;
            continue;
        }
        *n = bc_utf8_decode((const char *)s + i, len - i, cp);
        if (yp_control_kind(*cp) != YP_KEEP) {
            *at = i;
            return true;
        }
        i += (size_t)*n;
    }
    return false;
}

/*
 * Positions of the characters of a double-quoted scalar that decode to bad
 * code points, written as escapes ("\v", "\x01", "\uFDD0") or raw, in order:
 * the K-th bad character of the value is the K-th found here. Line breaks
 * in the source fold away and are not counted. Returns how many were found.
 */
static size_t dq_positions(yp_ctx *c, const yp_scalar *sc, int *lines, int *cols, size_t max)
{
    size_t s = yp_byte_of_index(c, sc->index) + 1, found = 0;
    int line = sc->line, col = sc->col + 1;
    while (s < c->src_len && found < max && c->src[s] != '"') {
        uint32_t cp;
        int n;
        int at_line = line, at_col = col;
        if (c->src[s] == '\\' && s + 1 < c->src_len) {
            unsigned char e = c->src[s + 1];
            int hex = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
            static const char simple[] = "0abtnvfre N_LP";
            static const uint32_t value[] = {0, 7, 8, 9, 10, 11, 12, 13, 0x1B, 0x20, 0x85, 0xA0, 0x2028, 0x2029};
            const char *p = e ? strchr(simple, e) : NULL;
            if (e == '\n' || e == '\r') {
                s += 1; /* an escaped line break: the break itself is counted below */
                col++;
                continue;
            }
            cp = 0xFFFF0000u; /* not a code point: other escapes (\\, \", \/) are plain */
            n = 2;
            if (p)
                cp = value[p - simple];
            if (hex) {
                cp = 0;
                for (int k = 0; k < hex && s + 2 + (size_t)k < c->src_len; k++) {
                    unsigned char h = c->src[s + 2 + k];
                    cp = cp * 16 + (uint32_t)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                }
                n = 2 + hex;
            }
            s += (size_t)n;
            col += n;
        } else {
            unsigned char b = c->src[s];
            if (b == '\n' || (b == '\r') || (b == 0xC2 && s + 1 < c->src_len && c->src[s + 1] == 0x85) ||
                (b == 0xE2 && s + 2 < c->src_len && c->src[s + 1] == 0x80 &&
                 (c->src[s + 2] == 0xA8 || c->src[s + 2] == 0xA9))) {
                s += b == '\n' ? 1 : b == '\r' ? (s + 1 < c->src_len && c->src[s + 1] == '\n' ? 2 : 1)
                                 : b == 0xC2 ? 2 : 3;
                line++;
                col = 1;
                continue;
            }
            n = bc_utf8_decode((const char *)c->src + s, c->src_len - s, &cp);
            s += (size_t)n;
            col++;
        }
        if (cp <= 0x10FFFF && yp_control_kind(cp) != YP_KEEP) {
            lines[found] = at_line;
            cols[found] = at_col;
            found++;
        }
    }
    return found;
}

#define DQ_MAX 64 /* positions looked up per double-quoted scalar; later ones get the scalar's */

/*
 * Replaces or drops the control characters and noncharacters of the current
 * scalar event, in place, warning at each.
 */
static void clean_scalar(yp_ctx *c)
{
    unsigned char *s = c->ev.data.scalar.value;
    size_t len = c->ev.data.scalar.length, at = 0;
    uint32_t cp;
    int n;
    if (!s || !next_bad(s, len, &at, &cp, &n))
        return;
    yp_scalar sc = yp_ev_scalar_raw(c);
    int lines[DQ_MAX], cols[DQ_MAX];
    size_t known = sc.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ? dq_positions(c, &sc, lines, cols, DQ_MAX) : 0;
    yp_walk walk;
    yp_walk_init(&walk, &sc);
    size_t out = at, k = 0;
    /* Positions first (the walk compares the value with the source), then the rewrite. */
    for (size_t i = at; i < len;) {
        n = bc_utf8_decode((const char *)s + i, len - i, &cp);
        int kind = yp_control_kind(cp);
        if (kind == YP_KEEP) {
            i += (size_t)n;
            continue;
        }
        int line = sc.line, col = sc.col;
        if (sc.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
            if (k < known) {
                line = lines[k];
                col = cols[k];
            }
        } else {
            yp_walk_pos(c, &walk, i, &line, &col);
        }
        k++;
        /* CR LF is a line break with a stray CR: the CR goes, the LF stays. */
        if (cp == '\r' && i + 1 < len && s[i + 1] == '\n')
            kind = YP_DROP;
        yp_warn_control(c, line, col, cp, kind);
        i += (size_t)n;
    }
    for (size_t i = at; i < len;) {
        n = bc_utf8_decode((const char *)s + i, len - i, &cp);
        int kind = yp_control_kind(cp);
        if (cp == '\r' && i + 1 < len && s[i + 1] == '\n')
            kind = YP_DROP;
        if (kind == YP_KEEP) {
            memmove(s + out, s + i, (size_t)n);
            out += (size_t)n;
        } else if (kind == YP_SPACE) {
            s[out++] = ' ';
        }
        i += (size_t)n;
    }
    s[out] = '\0';
    c->ev.data.scalar.length = out;
}

yp_scalar yp_ev_scalar(yp_ctx *c)
{
    /* A value, as the document gets it: control characters dealt with once, here. */
    if (c->ev.type == YAML_SCALAR_EVENT && !c->ev_cleaned) {
        c->ev_cleaned = true;
        clean_scalar(c);
    }
    return yp_ev_scalar_raw(c);
}

/* ---------------------------------------------------------------- smart punctuation */

static bool opens_before(unsigned char prev)
{
    /* A quote after these opens; after anything else it closes (or is an apostrophe). */
    return prev == 0 || prev == ' ' || prev == '\t' || prev == '\n' || prev == '(' || prev == '[' ||
           prev == '{' || prev == '-' || prev == '/';
}

/*
 * Plain strings get the punctuation cmark's smart option gives Markdown
 * text, by the same rules in short: "--" an en dash, "---" an em dash
 * (longer runs split as cmark splits them), "..." an ellipsis, and quotes
 * curled by what stands before them (opening after a blank or an opening
 * bracket, closing or an apostrophe after anything else).
 */
const char *yp_smart_text(yp_ctx *c, const char *s, size_t *len)
{
    static const char en[] = "\xE2\x80\x93", em[] = "\xE2\x80\x94", ell[] = "\xE2\x80\xA6";
    bool any = false;
    for (size_t i = 0; i < *len && !any; i++)
        any = s[i] == '\'' || s[i] == '"' || (s[i] == '-' && i + 1 < *len && s[i + 1] == '-') ||
              (s[i] == '.' && i + 2 < *len && s[i + 1] == '.' && s[i + 2] == '.');
    if (!c->smart || !any)
        return s;
    bcp_buf *b = &c->smart_buf;
    b->len = 0;
    unsigned char prev = 0; /* the last ASCII byte written, 'a' for any other character */
    int rc = 0;
    for (size_t i = 0; i < *len && rc == 0;) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '-' && i + 1 < *len && s[i + 1] == '-') {
            size_t run = 0;
            while (i + run < *len && s[i + run] == '-')
                run++;
            /* cmark: all em dashes when the run divides by 3, all en by 2, else ems then ens. */
            size_t ems = run % 3 == 0 ? run / 3 : run % 2 == 0 ? 0 : (run % 3 == 2 ? run / 3 : run / 3 - 1);
            size_t ens = (run - ems * 3) / 2;
            for (size_t k = 0; k < ems && rc == 0; k++)
                rc = bcp_buf_put(b, em, 3);
            for (size_t k = 0; k < ens && rc == 0; k++)
                rc = bcp_buf_put(b, en, 3);
            i += run;
            prev = '-';
        } else if (ch == '.' && i + 2 < *len && s[i + 1] == '.' && s[i + 2] == '.') {
            rc = bcp_buf_put(b, ell, 3);
            i += 3;
            prev = '.';
        } else if (ch == '\'' || ch == '"') {
            bool open = opens_before(prev);
            const char *q = ch == '"' ? (open ? "\xE2\x80\x9C" : "\xE2\x80\x9D") : (open ? "\xE2\x80\x98" : "\xE2\x80\x99");
            rc = bcp_buf_put(b, q, 3);
            i++;
            prev = open ? '(' : 'a';
        } else {
            rc = bcp_buf_put(b, s + i, 1);
            prev = ch < 0x80 ? ch : 'a';
            i++;
        }
    }
    if (rc != 0) {
        yp_oom(c);
        return NULL;
    }
    *len = b->len;
    return b->data;
}
