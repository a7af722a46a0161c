/* wrap.c — greedy line wrapping by display width (see wrap.h). */
#include "wrap.h"

#include <stdbool.h>

#include <briefconv/briefconv.h>

int plain_cp_width(uint32_t cp)
{
    if (cp == (uint32_t)PLAIN_NBSP)
        return 1;
    return bc_codepoint_width(cp);
}

static uint32_t decode(const char *s, size_t len, size_t *used)
{
    uint32_t cp = 0xFFFD;
    int n = bc_utf8_decode(s, len, &cp);
    *used = n < 1 ? 1 : (size_t)n;
    return cp;
}

size_t plain_width(const char *s, size_t len)
{
    size_t w = 0, i = 0;
    while (i < len) {
        size_t n;
        uint32_t cp = decode(s + i, len - i, &n);
        if (cp != '\n')
            w += (size_t)plain_cp_width(cp);
        i += n;
    }
    return w;
}

/*
 * Scripts written without spaces between words (Chinese, Japanese; Korean
 * syllables too, which do use spaces but may break anywhere): a line may
 * break beside any of these characters.
 */
static bool is_cjk(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF01 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Characters that glue to their neighbours whatever the script. */
static bool is_glue(uint32_t cp)
{
    return cp == (uint32_t)PLAIN_NBSP || cp == 0x00A0 || cp == 0x2011 || cp == 0x200D ||
           cp == 0x202F || cp == 0x2060 || cp == 0xFEFF;
}

/* Closing punctuation and small kana: a line never starts with them. */
static bool no_break_before(uint32_t cp)
{
    switch (cp) {
    case ')': case ']': case '}': case ',': case '.': case ';': case ':': case '!': case '?':
    case '%': case '\'': case '"':
    case 0x2019: case 0x201D: case 0x2026: case 0x2025:
    case 0x3001: case 0x3002: case 0x3005: case 0x3009: case 0x300B: case 0x300D:
    case 0x300F: case 0x3011: case 0x3015: case 0x3017: case 0x3019: case 0x301B:
    case 0x301F: case 0x303B: case 0x309B: case 0x309C: case 0x309D: case 0x309E:
    case 0x30FB: case 0x30FC: case 0x30FD: case 0x30FE:
    case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049: case 0x3063:
    case 0x3083: case 0x3085: case 0x3087: case 0x308E: case 0x3095: case 0x3096:
    case 0x30A1: case 0x30A3: case 0x30A5: case 0x30A7: case 0x30A9: case 0x30C3:
    case 0x30E3: case 0x30E5: case 0x30E7: case 0x30EE: case 0x30F5: case 0x30F6:
    case 0xFF01: case 0xFF09: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B:
    case 0xFF1F: case 0xFF3D: case 0xFF5D: case 0xFF60: case 0xFF61: case 0xFF63:
    case 0xFF64:
        return true;
    default:
        return false;
    }
}

/* Opening punctuation: a line never ends with it. */
static bool no_break_after(uint32_t cp)
{
    switch (cp) {
    case '(': case '[': case '{': case '\'': case '"':
    case 0x2018: case 0x201C:
    case 0x3008: case 0x300A: case 0x300C: case 0x300E: case 0x3010: case 0x3014:
    case 0x3016: case 0x3018: case 0x301A: case 0x301D:
    case 0xFF08: case 0xFF3B: case 0xFF5B: case 0xFF5F: case 0xFF62:
        return true;
    default:
        return false;
    }
}

/* May a line break between the adjacent non-space characters A and B? */
static bool can_break(uint32_t a, uint32_t b)
{
    if (!is_cjk(a) && !is_cjk(b))
        return false;
    if (is_glue(a) || is_glue(b) || plain_cp_width(b) == 0)
        return false; /* combining marks, variation selectors, ZWJ stay attached */
    return !no_break_after(a) && !no_break_before(b);
}

int plain_wrap(const char *s, size_t len, size_t first_width, size_t width, plain_line_fn fn, void *user)
{
    size_t i = 0;
    size_t line_start = 0, line_end = 0, line_w = 0;
    bool have_line = false; /* the current line holds at least one chunk */
    bool hard = true;       /* at the start of the text or just after a LF */
    bool first = true;      /* no line emitted yet */
    size_t sp_start = 0, sp_w = 0;
    int rc;

    while (i < len) {
        if (s[i] == '\n') {
            rc = fn(user, have_line ? s + line_start : s + i, have_line ? line_end - line_start : 0);
            if (rc != 0)
                return rc;
            first = false;
            have_line = false;
            hard = true;
            sp_w = 0;
            i++;
            continue;
        }
        if (s[i] == ' ') {
            sp_start = i;
            while (i < len && s[i] == ' ')
                i++;
            sp_w = i - sp_start;
            continue;
        }
        /* A chunk: characters up to a space, a LF or a break between CJK characters. */
        size_t c_start = i, c_w = 0;
        uint32_t prev = 0;
        while (i < len && s[i] != ' ' && s[i] != '\n') {
            size_t n;
            uint32_t cp = decode(s + i, len - i, &n);
            if (i > c_start && can_break(prev, cp))
                break;
            c_w += (size_t)plain_cp_width(cp);
            prev = cp;
            i += n;
        }
        size_t limit = first ? first_width : width;
        if (!have_line) {
            line_start = hard && sp_w > 0 ? sp_start : c_start;
            line_w = (hard ? sp_w : 0) + c_w;
            have_line = true;
        } else if (limit == 0 || line_w + sp_w + c_w <= limit) {
            line_w += sp_w + c_w;
        } else {
            rc = fn(user, s + line_start, line_end - line_start);
            if (rc != 0)
                return rc;
            first = false;
            line_start = c_start;
            line_w = c_w;
        }
        line_end = i;
        hard = false;
        sp_w = 0;
    }
    if (have_line)
        return fn(user, s + line_start, line_end - line_start);
    return 0;
}
