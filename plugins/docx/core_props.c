/*
 * core_props.c — docProps/core.xml: title, subject (the briefing's type),
 * creator (produced_by), keywords (tags), description (the summary as plain
 * text), language and dates.
 *
 * Dates come from the briefing so that output is the same on every run:
 * `updated`, else `published` when it is a date, else SOURCE_DATE_EPOCH;
 * with none of these the dates are left out rather than invented.
 */
#include "docx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool date_of(const bc_document *doc, bc_field field, bc_date *out)
{
    return bc_document_date(doc, field, out) && bc_date_is_valid(*out);
}

bool docx_core_date(const bc_document *doc, char *buf, size_t size)
{
    bc_date d;
    if (date_of(doc, BC_FIELD_UPDATED, &d) || date_of(doc, BC_FIELD_PUBLISHED, &d)) {
        /* A year or a month stands for its first day. */
        snprintf(buf, size, "%04d-%02d-%02dT00:00:00Z", d.year, d.month ? d.month : 1, d.day ? d.day : 1);
        return true;
    }
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (!sde || !*sde)
        return false;
    char *end = NULL;
    errno = 0;
    long long secs = strtoll(sde, &end, 10);
    /* Years 1..9999 only: W3CDTF has four-digit years. */
    if (errno || *end || secs < 0 || secs > 253402300799LL)
        return false;
    time_t t = (time_t)secs;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return false;
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec);
    return true;
}

/* Writes <NAME>plain text of FIELD</NAME> when the field is present; CITED keeps citations. */
static void node_text(docx_xml *x, const char *name, const bc_node *node, bool cited)
{
    if (!node)
        return;
    char *text = cited ? bc_node_plain_text(node) : bc_node_plain_text_without_citations(node);
    if (!text) {
        x->failed = true;
        return;
    }
    if (*text)
        docx_xml_leaf(x, name, text);
    free(text);
}

static void keywords(const bc_document *doc, docx_xml *x)
{
    size_t n = bc_document_tag_count(doc);
    if (n == 0)
        return;
    bcp_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        const char *tag = bc_document_tag(doc, i);
        /* "; " rather than ", ": a tag may hold a comma ("Mental health, adult"). */
        if ((i && bcp_buf_put(&b, "; ", 2) != 0) || bcp_buf_put(&b, tag, strlen(tag)) != 0) {
            x->failed = true;
            bcp_buf_free(&b);
            return;
        }
    }
    docx_xml_start(x, "cp:keywords");
    docx_xml_text(x, b.data, b.len);
    docx_xml_end(x);
    bcp_buf_free(&b);
}

static void date(docx_xml *x, const char *name, const char *value)
{
    docx_xml_begin(x, name, DOCX_STR("xsi:type", "dcterms:W3CDTF"));
    docx_xml_text(x, value, strlen(value));
    docx_xml_end(x);
}

void docx_write_core_props(docx_ctx *ctx, docx_xml *x)
{
    const bc_document *doc = ctx->doc;
    docx_xml_begin(x, "cp:coreProperties",
                   DOCX_STR("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
                   DOCX_STR("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
                   DOCX_STR("xmlns:dcterms", "http://purl.org/dc/terms/"),
                   DOCX_STR("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
                   DOCX_STR("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"));
    /* A title's "(1)" points nowhere from the file's properties. */
    node_text(x, "dc:title", bc_document_field(doc, BC_FIELD_TITLE), false);
    const char *type = bc_document_text(doc, BC_FIELD_TYPE);
    if (type && *type)
        docx_xml_leaf(x, "dc:subject", type);
    node_text(x, "dc:creator", bc_document_field(doc, BC_FIELD_PRODUCED_BY), false);
    keywords(doc, x);
    node_text(x, "dc:description", bc_document_field(doc, BC_FIELD_SUMMARY), true);
    docx_xml_leaf(x, "dc:language", bc_document_text(doc, BC_FIELD_LANG));
    char when[32];
    if (docx_core_date(doc, when, sizeof when)) {
        date(x, "dcterms:created", when);
        date(x, "dcterms:modified", when);
    }
    docx_xml_end(x);
}
