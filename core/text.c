/* text.c — UTF-8, display width, URL schemes and the sanitising of text. */
#include <briefconv/briefconv.h>

#include <string.h>

#include "text.h"
#include "width_table.h"

size_t bci_utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0; /* continuation byte or overlong two-byte lead */
    if (c < 0xE0)
        return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && p[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && p[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && p[1] < 0x90)
            return 0; /* overlong */
        if (c == 0xF4 && p[1] >= 0x90)
            return 0; /* above U+10FFFF */
        return 4;
    }
    return 0;
}

bool bc_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = bci_utf8_seq(p + i, len - i);
        if (!n)
            return false;
        i += n;
    }
    return true;
}

int bc_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    if (len && p[0] < 0x80) { /* the common case, kept cheap for renderers' loops */
        if (cp)
            *cp = p[0];
        return 1;
    }
    uint32_t c = 0xFFFD;
    int used = len ? 1 : 0;
    size_t n = len ? bci_utf8_seq(p, len) : 0;
    switch (n) {
    case 1:
        c = p[0];
        break;
    case 2:
        c = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
        break;
    case 3:
        c = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        break;
    case 4:
        c = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
            ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
        break;
    default:
        break;
    }
    if (n)
        used = (int)n;
    if (cp)
        *cp = c;
    return used;
}

static bool in_ranges(uint32_t cp, const struct bci_range *r, size_t n)
{
    size_t lo = 0, hi = n;
    if (n == 0 || cp < r[0].first || cp > r[n - 1].last)
        return false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp > r[mid].last)
            lo = mid + 1;
        else if (cp < r[mid].first)
            hi = mid;
        else
            return true;
    }
    return false;
}

int bc_codepoint_width(uint32_t cp)
{
    if (cp >= 0x20 && cp < 0x7F)
        return 1;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0; /* controls take no column */
    if (in_ranges(cp, bci_width_zero, sizeof bci_width_zero / sizeof bci_width_zero[0]))
        return 0;
    if (in_ranges(cp, bci_width_wide, sizeof bci_width_wide / sizeof bci_width_wide[0]))
        return 2;
    if ((cp >= 0x20000 && cp <= 0x2FFFD) || (cp >= 0x30000 && cp <= 0x3FFFD))
        return 2; /* CJK planes, also where not yet assigned */
    return 1;
}

size_t bc_utf8_width(const char *s, size_t len)
{
    size_t width = 0, i = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (i < len) {
        if (p[i] >= 0x20 && p[i] < 0x7F) {
            width++;
            i++;
            continue;
        }
        uint32_t cp;
        i += (size_t)bc_utf8_decode(s + i, len - i, &cp);
        width += (size_t)bc_codepoint_width(cp);
    }
    return width;
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/*
 * Browsers strip leading C0 controls and spaces from a URL and drop TAB, LF
 * and CR anywhere in it, so "  Java\tScript:" is a javascript: URL: the
 * scheme is read the same way here before it is compared.
 */
bool bc_url_is_allowed(const char *url, size_t len)
{
    static const char *const allowed[] = {"http", "https", "mailto"};
    char scheme[8];
    size_t n = 0, i = 0;
    if (!url)
        return false;
    while (i < len && (unsigned char)url[i] <= 0x20)
        i++;
    for (; i < len; i++) {
        int c = (unsigned char)url[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c == ':')
            break;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (n > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
        if (!ok || n == sizeof scheme - 1)
            return false;
        scheme[n++] = (char)ascii_lower(c);
    }
    if (i == len || n == 0)
        return false; /* no scheme: relative, never allowed */
    scheme[n] = '\0';
    for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
        if (strcmp(scheme, allowed[k]) == 0)
            return true;
    return false;
}

/* Bytes below 0x20 other than TAB and LF, which sanitising replaces. */
static bool is_bad_c0(unsigned char c)
{
    return c < 0x20 && c != '\t' && c != '\n';
}

static bool is_noncharacter_fffx(const unsigned char *p)
{
    return p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
}

int bci_text_copy(bci_arena *a, const char *s, size_t len, char **out, size_t *out_len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t outn = 0, i = 0;
    bool rewrite = false;

    /* Pass 1: validate and measure, so the copy is allocated exactly once. */
    while (i < len) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x80) {
            i++;
            outn++;
            continue;
        }
        if (c < 0x20) {
            if (c == '\r') {
                rewrite = true;
                outn++; /* CR LF -> LF, lone CR -> LF */
                i += (i + 1 < len && p[i + 1] == '\n') ? 2 : 1;
            } else if (is_bad_c0(c)) {
                rewrite = true;
                outn += 3;
                i++;
            } else {
                outn++;
                i++;
            }
            continue;
        }
        size_t n = bci_utf8_seq(p + i, len - i);
        if (!n)
            return -1;
        if (n == 3 && is_noncharacter_fffx(p + i))
            rewrite = true;
        i += n;
        outn += n;
    }

    char *dst = bci_arena_bytes(a, outn + 1);
    if (!dst)
        return -1;
    if (!rewrite) {
        if (len)
            memcpy(dst, s, len);
    } else {
        size_t o = 0;
        i = 0;
        while (i < len) {
            unsigned char c = p[i];
            if (c == '\r') {
                dst[o++] = '\n';
                i += (i + 1 < len && p[i + 1] == '\n') ? 2 : 1;
            } else if (is_bad_c0(c) || (c == 0xEF && i + 2 < len && is_noncharacter_fffx(p + i))) {
                memcpy(dst + o, "\xEF\xBF\xBD", 3);
                o += 3;
                i += c == 0xEF ? 3 : 1;
            } else {
                dst[o++] = (char)c;
                i++;
            }
        }
    }
    dst[outn] = '\0';
    *out = dst;
    if (out_len)
        *out_len = outn;
    return 0;
}

int bci_text_copy_lossy(bci_arena *a, const char *s, size_t len, char **out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t bad = 0;
    for (size_t i = 0; i < len;) {
        size_t n = bci_utf8_seq(p + i, len - i);
        if (!n) {
            bad++;
            n = 1;
        }
        i += n;
    }
    if (bad == 0)
        return bci_text_copy(a, s, len, out, NULL);
    /* Replace the bad bytes first, then sanitise the now valid text. */
    if (bad > (SIZE_MAX - len) / 2)
        return -1;
    char *fixed = bci_arena_bytes(a, len + bad * 2);
    if (!fixed)
        return -1;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t n = bci_utf8_seq(p + i, len - i);
        if (!n) {
            memcpy(fixed + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(fixed + o, p + i, n);
            o += n;
            i += n;
        }
    }
    return bci_text_copy(a, fixed, o, out, NULL);
}

uint64_t bci_hash(const void *s, size_t n)
{
    uint64_t h = 14695981039346656037ULL;
    for (const unsigned char *p = s; n--; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}
