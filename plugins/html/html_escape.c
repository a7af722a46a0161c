/*
 * html_escape.c — every byte of document text reaches the page through here.
 *
 * The core guarantees UTF-8 without NUL or C0 controls (TAB and LF aside), so
 * escaping the markup characters is all that is needed: no character of the
 * text can open a tag, an entity or end an attribute value.
 */
#include "html.h"

static void put_escaped(bc_sink *sink, const char *s, size_t len, bool quote)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = quote ? "&quot;" : NULL; break;
        default: break;
        }
        if (rep == NULL)
            continue;
        bc_sink_write(sink, s + start, i - start);
        bc_sink_puts(sink, rep);
        start = i + 1;
    }
    bc_sink_write(sink, s + start, len - start);
}

void html_text(bc_sink *sink, const char *s, size_t len)
{
    put_escaped(sink, s, len, false);
}

void html_attr(bc_sink *sink, const char *s, size_t len)
{
    put_escaped(sink, s, len, true);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void html_attr_squeezed(bc_sink *sink, const char *s, size_t len)
{
    bool pending_space = false, any = false;
    size_t i = 0;
    while (i < len) {
        if (is_space(s[i])) {
            pending_space = any;
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && !is_space(s[j]))
            j++;
        if (pending_space)
            bc_sink_putc(sink, ' ');
        put_escaped(sink, s + i, j - i, true);
        any = true;
        pending_space = false;
        i = j;
    }
}
