/*
 * xml.c — the XML writer every part uses, and the one place text becomes
 * XML: escaping, and the removal of what XML 1.0 cannot carry.
 *
 * The core already replaces such characters, but libxml2's writer would
 * emit a stray control character silently and Word then refuses the whole
 * file, so this layer checks again (defence in depth). Text is escaped here
 * and handed to the writer raw: one pass, no allocation per string.
 */
#include "docx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
static const char replacement[] = "\xEF\xBF\xBD";

int docx_buf_reserve(docx_buf *b, size_t extra)
{
    if (extra <= b->cap - b->len)
        return 0;
    if (extra > SIZE_MAX / 2 - b->len)
        return -1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < extra)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int docx_buf_append(docx_buf *b, const void *data, size_t len)
{
    if (len == 0)
        return 0;
    if (docx_buf_reserve(b, len) != 0)
        return -1;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

void docx_buf_dispose(docx_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* True for ASCII bytes copied as they are. */
static bool plain_byte(unsigned char c, bool attr)
{
    if (c < 0x20 || c >= 0x80)
        return false;
    return c != '&' && c != '<' && c != '>' && !(attr && c == '"');
}

int docx_xml_escape(docx_buf *out, const char *s, size_t len, bool attr)
{
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && plain_byte((unsigned char)s[j], attr))
            j++;
        if (docx_buf_append(out, s + i, j - i) != 0)
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
        if (rep ? docx_buf_append(out, rep, strlen(rep)) : docx_buf_append(out, s + j, used))
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

int docx_uri_escape(docx_buf *out, const char *url, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)url[i];
        bool keep = uri_byte(c) || (c == '%' && i + 2 < len && hex_digit(url[i + 1]) &&
                                    hex_digit(url[i + 2]));
        if (keep) {
            if (docx_buf_append(out, &url[i], 1) != 0)
                return -1;
        } else {
            char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
            if (docx_buf_append(out, enc, 3) != 0)
                return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */

int docx_xml_open(docx_xml *x)
{
    memset(x, 0, sizeof *x);
    /* Parts run from 1 KB to tens of KB; doubling keeps appends amortised. */
    x->buf = xmlBufferCreateSize(16384);
    if (!x->buf)
        goto fail;
    xmlBufferSetAllocationScheme(x->buf, XML_BUFFER_ALLOC_DOUBLEIT);
    x->w = xmlNewTextWriterMemory(x->buf, 0);
    if (!x->w)
        goto fail;
    /*
     * Written raw rather than with xmlTextWriterStartDocument, which would
     * put a UTF-8 to UTF-8 converter in front of every write.
     */
    if (xmlTextWriterWriteRaw(x->w, BAD_CAST "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") <
        0)
        goto fail;
    return 0;
fail:
    docx_xml_dispose(x);
    return -1;
}

int docx_xml_finish(docx_xml *x)
{
    if (!x->w)
        return -1;
    if (xmlTextWriterEndDocument(x->w) < 0)
        x->failed = true;
    /* Freeing the writer flushes it into the buffer. */
    xmlFreeTextWriter(x->w);
    x->w = NULL;
    docx_buf_dispose(&x->scratch);
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
    if (x->w)
        xmlFreeTextWriter(x->w);
    x->w = NULL;
    if (x->buf)
        xmlBufferFree(x->buf);
    x->buf = NULL;
    docx_buf_dispose(&x->scratch);
}

void docx_xml_start(docx_xml *x, const char *name)
{
    if (!x->failed && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
        x->failed = true;
}

void docx_xml_end(docx_xml *x)
{
    if (!x->failed && xmlTextWriterEndElement(x->w) < 0)
        x->failed = true;
}

void docx_xml_attr_len(docx_xml *x, const char *name, const char *value, size_t len)
{
    if (x->failed)
        return;
    x->scratch.len = 0;
    if (docx_xml_escape(&x->scratch, value, len, true) != 0 || xmlTextWriterStartAttribute(x->w, BAD_CAST name) < 0 ||
        (x->scratch.len && xmlTextWriterWriteRawLen(x->w, BAD_CAST x->scratch.data, (int)x->scratch.len) < 0) ||
        xmlTextWriterEndAttribute(x->w) < 0)
        x->failed = true;
}

void docx_xml_attr(docx_xml *x, const char *name, const char *value)
{
    docx_xml_attr_len(x, name, value, strlen(value));
}

void docx_xml_attr_int(docx_xml *x, const char *name, long long value)
{
    char num[32];
    int n = snprintf(num, sizeof num, "%lld", value);
    docx_xml_attr_len(x, name, num, (size_t)n);
}

void docx_xml_text(docx_xml *x, const char *s, size_t len)
{
    if (x->failed || len == 0)
        return;
    if (len > INT32_MAX) {
        x->failed = true;
        return;
    }
    x->scratch.len = 0;
    if (docx_xml_escape(&x->scratch, s, len, false) != 0 ||
        (x->scratch.len && xmlTextWriterWriteRawLen(x->w, BAD_CAST x->scratch.data, (int)x->scratch.len) < 0))
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
