/*
 * yp_check.c — the format's value rules that need no parser: dates, URLs,
 * language tags, reference ids, integers, "did you mean" suggestions, and
 * quoting user text safely into messages.
 */
#include <stdio.h>
#include <string.h>

#include "yp.h"

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static bool is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static char lower(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* ---------------------------------------------------------------- quoting */

void yp_quote(char *out, size_t size, const char *s, size_t len)
{
    /* Room for the quotes, an escape, an ellipsis and the NUL. */
    const size_t limit = 60;
    size_t o = 0, shown = 0;
    if (size < 16) {
        if (size)
            out[0] = '\0';
        return;
    }
    out[o++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (shown >= limit || o + 12 >= size) {
            /* Cut before a character, never inside one. */
            memcpy(out + o, "\xE2\x80\xA6", 3);
            o += 3;
            break;
        }
        if (ch == '"' || ch == '\\') {
            out[o++] = '\\';
            out[o++] = (char)ch;
        } else if (ch < 0x20 || ch == 0x7F) {
            o += (size_t)snprintf(out + o, size - o, "\\x%02X", ch);
        } else {
            out[o++] = (char)ch;
            /* Copy a whole UTF-8 sequence so a cut never splits it. */
            while (i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80)
                out[o++] = s[++i];
        }
        shown++;
    }
    out[o++] = '"';
    out[o] = '\0';
}

/* ---------------------------------------------------------------- integers */

bool yp_parse_int(const char *s, size_t len, long long *out)
{
    size_t i = 0;
    bool neg = false;
    int base = 10;
    long long v = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    if (i + 1 < len && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'o')) {
        base = s[i + 1] == 'x' ? 16 : 8;
        i += 2;
    }
    if (i >= len)
        return false;
    for (; i < len; i++) {
        char ch = lower(s[i]);
        int d = is_digit(ch) ? ch - '0' : (ch >= 'a' && ch <= 'f') ? ch - 'a' + 10 : 99;
        if (d >= base || v > (0x7FFFFFFFFFFFFFFFLL - d) / base)
            return false;
        v = v * base + d;
    }
    *out = neg ? -v : v;
    return true;
}

/* ---------------------------------------------------------------- dates */

static const char *const month_names[12] = {"January", "February", "March",     "April",
                                            "May",     "June",     "July",      "August",
                                            "September", "October", "November", "December"};

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

static size_t digits(const char *s, size_t len, size_t i)
{
    size_t n = 0;
    while (i + n < len && is_digit(s[i + n]))
        n++;
    return n;
}

static int number(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* YYYY, YYYY-M(M), YYYY-M(M)-D(D), then optionally [Tt ]+ and a digit. */
bool yp_looks_like_date(const char *s, size_t len)
{
    if (digits(s, len, 0) != 4)
        return false;
    size_t i = 4;
    for (int part = 0; part < 2 && i < len && s[i] == '-'; part++) {
        size_t n = digits(s, len, i + 1);
        if (n == 0 || n > 2)
            return false;
        i += 1 + n;
    }
    if (i == len)
        return true;
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ' && s[i] != '\t')
        return false;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == 'T' || s[i] == 't'))
        i++;
    return i < len && is_digit(s[i]);
}

/*
 * The time of a YAML timestamp: only midnight, with any zone, keeps the
 * date as written, so that alone is accepted (hh:mm:ss[.fff][zone]).
 */
static bool time_is_midnight(const char *s, size_t len)
{
    size_t i = 0;
    int fields = 0;
    while (i < len && fields < 3) {
        size_t n = digits(s, len, i);
        if (n == 0 || n > 2 || number(s + i, n) != 0)
            return false;
        i += n;
        fields++;
        if (fields < 3) {
            if (i >= len || s[i] != ':')
                return false;
            i++;
        }
    }
    if (fields != 3)
        return false;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] == '0')
            i++;
        if (i < len && is_digit(s[i]))
            return false;
    }
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i == len)
        return true;
    if (s[i] == 'Z' || s[i] == 'z')
        return i + 1 == len;
    if (s[i] != '+' && s[i] != '-')
        return false;
    i++;
    size_t n = digits(s, len, i);
    if (n == 0 || n > 2)
        return false;
    i += n;
    if (i < len && s[i] == ':') {
        n = digits(s, len, i + 1);
        if (n != 2)
            return false;
        i += 1 + n;
    }
    return i == len;
}

int yp_parse_date(const char *s, size_t len, bc_date *out, char *msg, size_t msg_size)
{
    /* After the year, "-MM" and then "-DD", each two digits. */
    static const struct {
        const char *name, *form;
    } parts[] = {{"month", "YYYY-MM"}, {"day", "YYYY-MM-DD"}};
    char shown[96];
    bc_date d = {0, 0, 0};
    int *values[] = {&d.month, &d.day};
    msg[0] = '\0';
    if (!yp_looks_like_date(s, len))
        return -1;
    yp_quote(shown, sizeof shown, s, len);
    d.year = number(s, 4);
    size_t i = 4, given = 0;
    for (; given < 2 && i < len && s[i] == '-'; given++, i += 3) {
        if (digits(s, len, i + 1) != 2) {
            snprintf(msg, msg_size, "bad date %s: write the %s with two digits (%s)", shown, parts[given].name,
                     parts[given].form);
            return -1;
        }
        *values[given] = number(s + i + 1, 2);
    }
    bool has_month = given >= 1, has_day = given == 2;
    if (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == 'T' || s[i] == 't'))
            i++;
        if (!has_day || !time_is_midnight(s + i, len - i)) {
            snprintf(msg, msg_size,
                     "bad date %s: a date cannot have a time of day "
                     "(write YYYY, YYYY-MM or YYYY-MM-DD)",
                     shown);
            return -1;
        }
    }
    if (d.year == 0) {
        snprintf(msg, msg_size, "bad date %s: there is no year 0", shown);
        return -1;
    }
    if (has_month && (d.month < 1 || d.month > 12)) {
        snprintf(msg, msg_size, "bad date %s: there is no month %d", shown, d.month);
        return -1;
    }
    if (has_day && d.day < 1) {
        snprintf(msg, msg_size, "bad date %s: there is no day 0", shown);
        return -1;
    }
    if (has_day && d.day > days_in_month(d.year, d.month)) {
        snprintf(msg, msg_size, "bad date %s: %s %d has %d days", shown, month_names[d.month - 1], d.year,
                 days_in_month(d.year, d.month));
        return -1;
    }
    *out = d;
    return 0;
}

/* ---------------------------------------------------------------- URLs */

const char *yp_check_url(const char *s, size_t len, char *why, size_t why_size)
{
    if (len == 0)
        return "it is empty";
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch <= 0x20 || ch == 0x7F)
            return "a URL cannot contain spaces or control characters (write a space as %20)";
    }
    size_t i = 0;
    if (!is_alpha(s[0]))
        return "it is not an absolute URL (it needs a scheme such as https://)";
    while (i < len && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
        i++;
    if (i >= len || s[i] != ':')
        return "it is not an absolute URL (it needs a scheme such as https://)";
    char scheme[16];
    size_t n = i < sizeof scheme - 1 ? i : sizeof scheme - 1;
    for (size_t k = 0; k < n; k++)
        scheme[k] = lower(s[k]);
    scheme[n] = '\0';
    const char *rest = s + i + 1;
    size_t rlen = len - i - 1;
    if (i == 4 && strcmp(scheme, "http") == 0)
        goto web;
    if (i == 5 && strcmp(scheme, "https") == 0)
        goto web;
    if (i == 6 && strcmp(scheme, "mailto") == 0) {
        if (rlen == 0)
            return "a mailto: URL needs an address";
        return NULL;
    }
    {
        char shown[40];
        yp_quote(shown, sizeof shown, s, i);
        snprintf(why, why_size, "the scheme %s is not allowed (only http, https and mailto are)", shown);
        /* Lower case, so "JavaScript:" reads as what it is. */
        for (char *p = why; *p; p++)
            *p = lower(*p);
        return why;
    }
web:
    if (rlen < 2 || rest[0] != '/' || rest[1] != '/')
        return "an http or https URL needs // and a host name after the scheme";
    {
        size_t h = 2;
        while (h < rlen && rest[h] != '/' && rest[h] != '?' && rest[h] != '#')
            h++;
        const char *host = rest + 2;
        size_t hlen = h - 2;
        const char *at = memchr(host, '@', hlen);
        if (at) {
            hlen -= (size_t)(at + 1 - host);
            host = at + 1;
        }
        if (hlen == 0 || host[0] == ':')
            return "an http or https URL needs a host name after //";
    }
    return NULL;
}

/* ---------------------------------------------------------------- languages */

/* BCP 47 in shape: a 2-3 letter language (or x-/i- private and grandfathered
 * tags), then '-'-separated subtags of 1-8 letters or digits. */
bool yp_lang_ok(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && is_alpha(s[i]))
        i++;
    bool private_use = i == 1 && (lower(s[0]) == 'x' || lower(s[0]) == 'i');
    if (!(i == 2 || i == 3 || private_use))
        return false;
    if (private_use && i == len)
        return false;
    while (i < len) {
        if (s[i] != '-')
            return false;
        size_t n = 0;
        i++;
        while (i + n < len && (is_alpha(s[i + n]) || is_digit(s[i + n])))
            n++;
        if (n < 1 || n > 8)
            return false;
        i += n;
    }
    return true;
}

/* ---------------------------------------------------------------- reference ids */

bool yp_id_char(unsigned char ch, bool first)
{
    /* Any byte of a UTF-8 character beyond ASCII (never FE or FF). */
    if (is_alpha((char)ch) || is_digit((char)ch) || ch == '_' || (ch >= 0x80 && ch < 0xF8))
        return true;
    return !first && (ch == '-' || ch == '.' || ch == ':' || ch == '/' || ch == '+');
}

bool yp_id_ok(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!yp_id_char((unsigned char)s[i], i == 0))
            return false;
    return true;
}

/* ---------------------------------------------------------------- suggestions */

/* Keys differing only in case or in '-' / ' ' for '_' are the same typo. */
static char fold(char ch)
{
    ch = lower(ch);
    return ch == '-' || ch == ' ' ? '_' : ch;
}

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), on short strings only: both are at most 64 bytes. */
static int osa_distance(const char *a, size_t n, const char *b, size_t m)
{
    int rows[3][65];
    int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
            int best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (prev[j - 1] + cost < best)
                best = prev[j - 1] + cost;
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1]) &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        int *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

static bool prefix_of(const char *a, size_t n, const char *b, size_t m)
{
    if (n > m)
        return false;
    for (size_t i = 0; i < n; i++)
        if (fold(a[i]) != fold(b[i]))
            return false;
    return true;
}

const char *yp_suggest(const char *key, size_t len, const char *const *candidates, size_t count)
{
    const char *best = NULL, *by_prefix = NULL;
    int best_d = 1 << 20;
    if (len == 0 || len > 64)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        const char *cand = candidates[i];
        size_t m = strlen(cand);
        if (m > 64)
            continue;
        /* About one edit in three letters: "sumary", "keyfeatures", "header". */
        int allowed = m <= 4 ? 1 : m >= 7 ? 3 : 2;
        size_t diff = len > m ? len - m : m - len;
        if (diff <= (size_t)allowed) {
            int d = osa_distance(key, len, cand, m);
            if (d <= allowed && d < best_d) {
                best = cand;
                best_d = d;
            }
        }
        /* "lang" for "language", "ref" for "references". */
        if (!by_prefix && ((len >= 3 && prefix_of(key, len, cand, m)) || (m >= 4 && prefix_of(cand, m, key, len))))
            by_prefix = cand;
    }
    return best ? best : by_prefix;
}
