/*
 * md_document.c — the briefing's parts in the format's order: title as "#",
 * type in italics, the details as a bullet list of bold labels, each part
 * as "##", further reading as a numbered list whose items carry the anchors
 * citations link to, then a rule, the record as a list, and the notice. An
 * absent part prints nothing at all.
 */
#include <string.h>

#include "md.h"

static void put_plain(md_writer *w, const char *s)
{
    md_text(w, s, strlen(s));
}

/* "**Source:** value": a label already ending in punctuation gets no colon. */
static int put_entry(const bc_document *doc, bc_field f, md_writer *w, bc_error *err)
{
    const char *label = bc_document_label(doc, f);
    size_t len = strlen(label);
    md_container(w, "- ", "  ");
    md_open(w, 's');
    put_plain(w, label);
    if (bc_label_with_colon(label, NULL, 0) > len) /* the core's one rule */
        put_plain(w, ":");
    md_close(w);
    md_space(w);
    switch (bc_field_kind_of(f)) {
    case BC_FIELD_KIND_INLINE:
    case BC_FIELD_KIND_CONTENT:
        if (md_nodes(w, bc_document_field(doc, f), err) != 0)
            return -1;
        break;
    default:
        if (f == BC_FIELD_LINK)
            md_url(w, bc_document_text(doc, f));
        else
            put_plain(w, bc_document_text(doc, f));
        break;
    }
    md_end_block(w);
    md_pop(w);
    bcp_lines_set_want(&w->out, BCP_SEP_LINE);
    return 0;
}

static int put_part(const bc_document *doc, bc_field f, md_writer *w, bc_error *err)
{
    if (!bc_document_has(doc, f))
        return 0;
    md_heading_begin(w, 2);
    put_plain(w, bc_document_label(doc, f));
    md_heading_end(w);
    if (md_nodes(w, bc_document_field(doc, f), err) != 0)
        return -1;
    bcp_lines_want(&w->out, BCP_SEP_BLANK);
    return 0;
}

typedef int (*put_field_fn)(const bc_document *doc, bc_field f, md_writer *w, bc_error *err);

/* Every field of GROUP the briefing has, each through PUT (a list entry or a part), then a blank line. */
static int put_group(const bc_document *doc, bc_group group, put_field_fn put, md_writer *w, bc_error *err)
{
    size_t n;
    const bc_field *fields = bc_group_fields(group, &n);
    for (size_t i = 0; i < n; i++)
        if (bc_document_has(doc, fields[i]) && put(doc, fields[i], w, err) != 0)
            return -1;
    bcp_lines_want(&w->out, BCP_SEP_BLANK);
    return 0;
}

static bool has_any(const bc_document *doc, bc_group group)
{
    size_t n;
    const bc_field *fields = bc_group_fields(group, &n);
    for (size_t i = 0; i < n; i++)
        if (bc_document_has(doc, fields[i]))
            return true;
    return false;
}

static int put_document(const bc_document *doc, md_writer *w, bc_error *err)
{
    md_heading_begin(w, 1);
    if (md_nodes(w, bc_document_field(doc, BC_FIELD_TITLE), err) != 0)
        return -1;
    md_heading_end(w);
    if (bc_document_has(doc, BC_FIELD_TYPE)) {
        md_open(w, 'e');
        put_plain(w, bc_document_text(doc, BC_FIELD_TYPE));
        md_close(w);
        md_end_block(w);
    }
    if (put_group(doc, BC_GROUP_DETAILS, put_entry, w, err) != 0 ||
        put_group(doc, BC_GROUP_PARTS, put_part, w, err) != 0)
        return -1;
    if (bc_document_has(doc, BC_FIELD_SECTIONS) &&
        md_nodes(w, bc_document_field(doc, BC_FIELD_SECTIONS), err) != 0)
        return -1;
    bcp_lines_want(&w->out, BCP_SEP_BLANK);
    if (put_part(doc, BC_FIELD_REFERENCES, w, err) != 0)
        return -1;
    if (has_any(doc, BC_GROUP_RECORD) || bc_document_has(doc, BC_FIELD_NOTICE)) {
        md_thematic_break(w);
        if (put_group(doc, BC_GROUP_RECORD, put_entry, w, err) != 0)
            return -1;
        if (bc_document_has(doc, BC_FIELD_NOTICE) &&
            md_nodes(w, bc_document_field(doc, BC_FIELD_NOTICE), err) != 0)
            return -1;
    }
    return 0;
}

int md_render_document(const bc_document *doc, bc_sink *sink, bc_error *err)
{
    md_writer w;
    md_init(&w, sink);
    int rc = put_document(doc, &w, err);
    if (md_finish(&w) != 0 && rc == 0) {
        bc_error_set(err, 0, 0, "out of memory");
        rc = -1;
    }
    md_free(&w);
    return rc;
}
