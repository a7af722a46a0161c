/*
 * html_article.c — the briefing's parts in the format's order, as one
 * <article>: title and type in a <header>, the details in a <dl>, each
 * content part in a <section>, further reading in an <ol>, the record and
 * the notice in a <footer>. An absent part prints nothing at all.
 */
#include <string.h>

#include "html.h"


/* "Source" becomes "Source:"; a label already ending in punctuation is kept (the core's one rule). */
static void put_label(bc_sink *sink, const bc_document *doc, bc_field f)
{
    const char *label = bc_document_label(doc, f);
    size_t len = strlen(label);
    html_text(sink, label, len);
    if (bc_label_with_colon(label, NULL, 0) > len)
        html_text(sink, ":", 1);
}

static int put_value(const bc_document *doc, bc_field f, bc_sink *sink, bc_error *err)
{
    bc_date date;
    const char *text;
    switch (bc_field_kind_of(f)) {
    case BC_FIELD_KIND_INLINE:
    case BC_FIELD_KIND_CONTENT:
        return html_nodes(sink, bc_document_field(doc, f), err);
    case BC_FIELD_KIND_DATE:
        text = bc_document_text(doc, f);
        if (bc_document_date(doc, f, &date)) {
            char iso[32];
            bc_date_format_iso(date, iso, sizeof iso);
            bc_sink_printf(sink, "<time datetime=\"%s\">", iso);
            html_text(sink, text, strlen(text));
            bc_sink_puts(sink, "</time>");
        } else {
            html_text(sink, text, strlen(text));
        }
        return 0;
    default:
        text = bc_document_text(doc, f);
        if (f == BC_FIELD_LINK)
            html_url_link(sink, text, NULL);
        else
            html_text(sink, text, strlen(text));
        return 0;
    }
}

/* A <dl> of those FIELDS the document has; nothing when it has none. */
static int put_dl(const bc_document *doc, const bc_field *fields, size_t n, const char *cls,
                  bc_sink *sink, bc_error *err)
{
    bool open = false;
    for (size_t i = 0; i < n; i++) {
        if (!bc_document_has(doc, fields[i]))
            continue;
        if (!open)
            bc_sink_printf(sink, "<dl class=\"%s\">\n", cls);
        open = true;
        bc_sink_puts(sink, "<dt>");
        put_label(sink, doc, fields[i]);
        bc_sink_puts(sink, "</dt>\n<dd>");
        if (put_value(doc, fields[i], sink, err) != 0)
            return -1;
        bc_sink_puts(sink, "</dd>\n");
    }
    if (open)
        bc_sink_puts(sink, "</dl>\n");
    return 0;
}

static int put_part(const bc_document *doc, bc_field f, bc_sink *sink, bc_error *err)
{
    if (!bc_document_has(doc, f))
        return 0;
    const char *label = bc_document_label(doc, f);
    bc_sink_printf(sink, "<section class=\"part %s\">\n<h2>", bc_field_key(f));
    html_text(sink, label, strlen(label));
    bc_sink_puts(sink, "</h2>\n");
    if (f == BC_FIELD_REFERENCES)
        bc_sink_puts(sink, "<ol class=\"references\">\n");
    if (html_nodes(sink, bc_document_field(doc, f), err) != 0)
        return -1;
    if (f == BC_FIELD_REFERENCES)
        bc_sink_puts(sink, "</ol>\n");
    bc_sink_puts(sink, "</section>\n");
    return 0;
}

static int put_footer(const bc_document *doc, bc_sink *sink, bc_error *err)
{
    bool any = bc_document_has(doc, BC_FIELD_NOTICE);
    size_t nrecord;
    const bc_field *record = bc_group_fields(BC_GROUP_RECORD, &nrecord);
    for (size_t i = 0; i < nrecord; i++)
        any = any || bc_document_has(doc, record[i]);
    if (!any)
        return 0;
    bc_sink_puts(sink, "<footer>\n");
    if (put_dl(doc, record, nrecord, "record", sink, err) != 0)
        return -1;
    if (bc_document_has(doc, BC_FIELD_NOTICE)) {
        bc_sink_puts(sink, "<div class=\"notice\">\n");
        if (html_nodes(sink, bc_document_field(doc, BC_FIELD_NOTICE), err) != 0)
            return -1;
        bc_sink_puts(sink, "</div>\n");
    }
    bc_sink_puts(sink, "</footer>\n");
    return 0;
}

int html_article(const bc_document *doc, bc_sink *sink, bc_error *err)
{
    bc_sink_puts(sink, "<article class=\"briefing\">\n<header>\n<h1>");
    if (html_nodes(sink, bc_document_field(doc, BC_FIELD_TITLE), err) != 0)
        return -1;
    bc_sink_puts(sink, "</h1>\n");
    if (bc_document_has(doc, BC_FIELD_TYPE)) {
        const char *type = bc_document_text(doc, BC_FIELD_TYPE);
        bc_sink_puts(sink, "<p class=\"type\">");
        html_text(sink, type, strlen(type));
        bc_sink_puts(sink, "</p>\n");
    }
    bc_sink_puts(sink, "</header>\n");
    size_t ndetails, nparts;
    const bc_field *details = bc_group_fields(BC_GROUP_DETAILS, &ndetails);
    const bc_field *parts = bc_group_fields(BC_GROUP_PARTS, &nparts);
    if (put_dl(doc, details, ndetails, "details", sink, err) != 0)
        return -1;
    for (size_t i = 0; i < nparts; i++)
        if (put_part(doc, parts[i], sink, err) != 0)
            return -1;
    /* Sections carry their own headings, so they need no part wrapper. */
    if (bc_document_has(doc, BC_FIELD_SECTIONS) &&
        html_nodes(sink, bc_document_field(doc, BC_FIELD_SECTIONS), err) != 0)
        return -1;
    if (put_part(doc, BC_FIELD_REFERENCES, sink, err) != 0 || put_footer(doc, sink, err) != 0)
        return -1;
    bc_sink_puts(sink, "</article>\n");
    return 0;
}
