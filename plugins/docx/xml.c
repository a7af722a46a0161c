/*
 * xml.c — the XML writer every part uses, and the one place text becomes
 * XML: escaping, and the removal of what XML 1.0 cannot carry.
 *
 * The core already replaces such characters, but libxml2's writer would
 * emit a stray control character silently and Word then refuses the whole
 * file, so this layer checks again (defence in depth).
 */
#include "docx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
static const char replacement[] = "\xEF\xBF\xBD";


/* True for ASCII bytes copied as they are. */
static bool plain_byte(unsigned char c, bool attr)
{
    if (c < 0x20 || c >= 0x80)
        return false;
    return c != '&' && c != '<' && c != '>' && !(attr && c == '"');
}

int docx_xml_escape(bcp_buf *out, const char *s, size_t len, bool attr)
{
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && plain_byte((unsigned char)s[j], attr))
            j++;
        if (bcp_buf_put(out, s + i, j - i) != 0)
            return -1;
        if (j == len)
            break;
        unsigned char c = (unsigned char)s[j];
        const char *rep = replacement;
        size_t used = 1;
        if (c < 0x80) {
            switch (c) {
            case '&': rep = "&amp;"; break;
            case '<': rep = "&lt;"; break;
            case '>': rep = "&gt;"; break;
            case '"': rep = "&quot;"; break;
            /* In an attribute a parser turns TAB and LF into spaces; references keep them. */
            case '\t': rep = attr ? "&#9;" : "\t"; break;
            case '\n': rep = attr ? "&#10;" : "\n"; break;
            default: break; /* other C0 controls, CR included */
            }
        } else {
            uint32_t cp = 0;
            int n = bc_utf8_decode(s + j, len - j, &cp);
            bool invalid = (cp == 0xFFFD && n == 1) || n < 1;
            used = n < 1 ? 1 : (size_t)n;
            if (!invalid && cp != 0xFFFE && cp != 0xFFFF)
                rep = NULL;
        }
        if (rep ? bcp_buf_put(out, rep, strlen(rep)) : bcp_buf_put(out, s + j, used))
            return -1;
        i = j + used;
    }
    return 0;
}

static bool uri_byte(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != 0 && strchr("-._~:/?#[]@!$&'()*+,;=", c) != NULL;
}

static bool hex_digit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int docx_uri_escape(bcp_buf *out, const char *url, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)url[i];
        bool keep = uri_byte(c) || (c == '%' && i + 2 < len && hex_digit(url[i + 1]) &&
                                    hex_digit(url[i + 2]));
        if (keep) {
            if (bcp_buf_put(out, &url[i], 1) != 0)
                return -1;
        } else {
            char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
            if (bcp_buf_put(out, enc, 3) != 0)
                return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/*
 * The writer. Markup is built here, with an element stack of our own, and
 * goes to libxml2's xmlTextWriter in large raw chunks, which the writer
 * appends to its xmlBuffer. Measured on a sample briefing, calling the
 * writer per element and attribute (each call allocates and makes several
 * small buffer writes) cost as much as deflating the parts twice over; so
 * nesting and escaping live here, and every byte of text passes through
 * docx_xml_escape.
 */

/* Output is handed to the xmlTextWriter once this much has gathered. */
#define FLUSH_AT 32768

static void put(docx_xml *x, const char *s, size_t len)
{
    bcp_buf *b = &x->out;
    if (len <= b->cap - b->len) { /* the common case, without a call */
        memcpy(b->data + b->len, s, len);
        b->len += len;
    } else if (!x->failed && bcp_buf_put(b, s, len) != 0) {
        x->failed = true;
    }
}

static void puts_(docx_xml *x, const char *s)
{
    put(x, s, strlen(s));
}

static void flush(docx_xml *x)
{
    if (x->failed || x->out.len == 0)
        return;
    if (x->out.len > INT32_MAX || xmlTextWriterWriteRawLen(x->w, BAD_CAST x->out.data, (int)x->out.len) < 0)
        x->failed = true;
    x->out.len = 0;
}

/* Ends the start tag of the element last opened, if it is still open. */
static void close_start(docx_xml *x)
{
    if (x->open) {
        put(x, ">", 1);
        x->open = false;
    }
}

/* libxml2 reports an error (out of memory, mostly) through here: its own words go nowhere, ours say what failed. */
static void ignore_libxml2_error(void *user, xmlErrorPtr error)
{
    (void)user;
    (void)error;
}

/* The few messages libxml2 sends the unstructured way (lists, dictionaries). */
static void drop_libxml2_message(void *user, const char *fmt, ...)
{
    (void)user;
    (void)fmt;
}

int docx_xml_open(docx_xml *x)
{
    memset(x, 0, sizeof *x);
    /*
     * Without a handler libxml2 prints "out of memory error" and the like on
     * stderr, unformatted, beside the briefing's own error. The handler is
     * per thread; a part is written by the thread that renders it.
     */
    xmlSetStructuredErrorFunc(NULL, ignore_libxml2_error);
    xmlSetGenericErrorFunc(NULL, drop_libxml2_message);
    /* Parts run from 1 KB to tens of KB; doubling keeps appends amortised. */
    x->buf = xmlBufferCreateSize(16384);
    if (!x->buf)
        goto fail;
    xmlBufferSetAllocationScheme(x->buf, XML_BUFFER_ALLOC_DOUBLEIT);
    x->w = xmlNewTextWriterMemory(x->buf, 0);
    if (!x->w || bcp_buf_reserve(&x->out, 8192) != 0)
        goto fail;
    /*
     * Written raw rather than with xmlTextWriterStartDocument, which would
     * put a UTF-8 to UTF-8 converter in front of every write.
     */
    puts_(x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    return x->failed ? -1 : 0;
fail:
    docx_xml_dispose(x);
    return -1;
}

/* Frees the writer (which flushes it into the buffer) and the markup state; the buffer stays. */
static void release_writer(docx_xml *x)
{
    if (x->w)
        xmlFreeTextWriter(x->w);
    x->w = NULL;
    bcp_buf_free(&x->out);
    free(x->stack);
    x->stack = NULL;
    x->depth = x->cap = 0;
}

int docx_xml_finish(docx_xml *x)
{
    if (!x->w)
        return -1;
    while (x->depth && !x->failed)
        docx_xml_end(x);
    flush(x);
    if (!x->failed && xmlTextWriterEndDocument(x->w) < 0)
        x->failed = true;
    release_writer(x);
    return x->failed ? -1 : 0;
}

const unsigned char *docx_xml_data(const docx_xml *x, size_t *len)
{
    if (!x->buf) {
        *len = 0;
        return NULL;
    }
    *len = (size_t)xmlBufferLength(x->buf);
    return xmlBufferContent(x->buf);
}

xmlBufferPtr docx_xml_take(docx_xml *x)
{
    xmlBufferPtr b = x->buf;
    x->buf = NULL;
    return b;
}

void docx_xml_dispose(docx_xml *x)
{
    release_writer(x);
    if (x->buf)
        xmlBufferFree(x->buf);
    x->buf = NULL;
}

void docx_xml_start(docx_xml *x, const char *name)
{
    if (x->failed)
        return;
    if (x->depth == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 32;
        const char **st = realloc(x->stack, cap * sizeof *st);
        if (!st) {
            x->failed = true;
            return;
        }
        x->stack = st;
        x->cap = cap;
    }
    close_start(x);
    put(x, "<", 1);
    puts_(x, name);
    x->stack[x->depth++] = name;
    x->open = true;
}

void docx_xml_end(docx_xml *x)
{
    if (x->failed)
        return;
    if (x->depth == 0) {
        x->failed = true; /* more ends than starts: a bug, never bad XML */
        return;
    }
    const char *name = x->stack[--x->depth];
    if (x->open) {
        put(x, "/>", 2);
        x->open = false;
    } else {
        put(x, "</", 2);
        puts_(x, name);
        put(x, ">", 1);
    }
    if (x->out.len >= FLUSH_AT)
        flush(x);
}

void docx_xml_attr_len(docx_xml *x, const char *name, const char *value, size_t len)
{
    if (x->failed)
        return;
    if (!x->open) {
        x->failed = true; /* an attribute after content: a bug, never bad XML */
        return;
    }
    put(x, " ", 1);
    puts_(x, name);
    put(x, "=\"", 2);
    if (!x->failed && docx_xml_escape(&x->out, value, len, true) != 0)
        x->failed = true;
    put(x, "\"", 1);
}

void docx_xml_attr(docx_xml *x, const char *name, const char *value)
{
    docx_xml_attr_len(x, name, value, strlen(value));
}

/* Decimal digits of V into the end of BUF; returns where they start. */
static char *format_int(long long v, char *end)
{
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    char *p = end;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return p;
}

void docx_xml_attr_int(docx_xml *x, const char *name, long long value)
{
    char num[24];
    char *p = format_int(value, num + sizeof num);
    docx_xml_attr_len(x, name, p, (size_t)(num + sizeof num - p));
}

void docx_xml_begin_attrs(docx_xml *x, const char *name, const docx_attr *attrs, size_t n)
{
    docx_xml_start(x, name);
    for (size_t i = 0; i < n; i++) {
        if (attrs[i].str)
            docx_xml_attr(x, attrs[i].name, attrs[i].str);
        else
            docx_xml_attr_int(x, attrs[i].name, attrs[i].num);
    }
}

void docx_xml_element_attrs(docx_xml *x, const char *name, const docx_attr *attrs, size_t n)
{
    docx_xml_begin_attrs(x, name, attrs, n);
    docx_xml_end(x);
}

void docx_xml_text(docx_xml *x, const char *s, size_t len)
{
    if (x->failed || len == 0)
        return;
    close_start(x);
    if (!x->failed && docx_xml_escape(&x->out, s, len, false) != 0)
        x->failed = true;
}

void docx_xml_empty(docx_xml *x, const char *name)
{
    docx_xml_start(x, name);
    docx_xml_end(x);
}

void docx_xml_val(docx_xml *x, const char *name, const char *value)
{
    docx_xml_start(x, name);
    docx_xml_attr(x, "w:val", value);
    docx_xml_end(x);
}

void docx_xml_val_int(docx_xml *x, const char *name, long long value)
{
    docx_xml_start(x, name);
    docx_xml_attr_int(x, "w:val", value);
    docx_xml_end(x);
}

void docx_xml_leaf(docx_xml *x, const char *name, const char *text)
{
    docx_xml_start(x, name);
    docx_xml_text(x, text, strlen(text));
    docx_xml_end(x);
}

void docx_xml_wt(docx_xml *x, const char *s, size_t len)
{
    docx_xml_start(x, "w:t");
    if (len && (s[0] == ' ' || s[len - 1] == ' '))
        docx_xml_attr(x, "xml:space", "preserve");
    docx_xml_text(x, s, len);
    docx_xml_end(x);
}
