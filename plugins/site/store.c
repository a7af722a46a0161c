/*
 * store.c — what the site keeps of each briefing until finish: its keys in
 * memory, its texts as a record in an unlinked temporary file (site.h).
 * A record is the texts one after another, each a presence byte ('+' or
 * '-') and the text with its NUL, in the order of the FIELDS table.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/buf.h"
#include "site.h"

enum { TEASER = 240 };

/* Plain text of an inline or content field, squeezed to single spaces; NULL when absent. */
static char *field_text(const bc_document *doc, bc_field field, bool *oom)
{
    const bc_node *node = bc_document_field(doc, field);
    if (!node)
        return NULL;
    char *text = bc_node_plain_text_without_citations(node);
    if (!text) {
        *oom = true;
        return NULL;
    }
    char *w = text;
    for (const char *r = text; *r; r++)
        if (!(*r == ' ' || *r == '\n' || *r == '\t') || (w > text && w[-1] != ' '))
            *w++ = (*r == '\n' || *r == '\t') ? ' ' : *r;
    while (w > text && w[-1] == ' ')
        w--;
    *w = '\0';
    return text;
}

/* TEXT cut to about TEASER bytes at a space, with an ellipsis; in place. */
static void shorten(char *text)
{
    size_t len = strlen(text);
    if (len <= TEASER)
        return;
    size_t cut = TEASER;
    while (cut > TEASER / 2 && text[cut] != ' ')
        cut--;
    if (text[cut] != ' ') /* one very long word: cut at a character boundary */
        for (cut = TEASER; cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80; cut--)
            ;
    memcpy(text + cut, "\xE2\x80\xA6", 4); /* … */
}

/* bcp_day_of, kept in the entry's 32 bits. */
static int32_t day_of(const bc_document *doc, bc_field field)
{
    long day = bcp_day_of(doc, field);
    return day == BCP_NO_DAY ? SITE_NO_DAY : (int32_t)day;
}

static char *tags_of(const bc_document *doc, bool *oom)
{
    size_t need = 1;
    for (size_t i = 0; i < bc_document_tag_count(doc); i++)
        need += strlen(bc_document_tag(doc, i)) + 1;
    char *text = malloc(need), *w = text;
    if (!text) {
        *oom = true;
        return NULL;
    }
    *w = '\0';
    for (size_t i = 0; i < bc_document_tag_count(doc); i++)
        w += sprintf(w, "%s%s", i ? "\n" : "", bc_document_tag(doc, i));
    return text;
}

/* "nhs/aco.yaml" -> "nhs/aco.html" */
static char *page_of(const char *path, bool *oom)
{
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - path) : strlen(path);
    char *page = malloc(stem + 6);
    if (!page) {
        *oom = true;
        return NULL;
    }
    memcpy(page, path, stem);
    memcpy(page + stem, ".html", 6);
    return page;
}

/* The record's texts, in the order site_store_load reads them back. */
enum { PAGE, TITLE, TYPE, AUDIENCE, SOURCE, RESPONSIBLE, PUBLISHED, DUE, TEASER_F, IMPACT, DOCX, TAGS, NFIELDS };

int site_store_add(site_store *st, const bc_document *doc, const bc_item *item, bc_error *err)
{
    bool oom = false;
    char *text[NFIELDS] = {NULL};
    char *record = NULL;
    int rc = -1;
    site_entry *entries = bcp_grow(st->entries, &st->cap, st->count + 1, sizeof *entries);
    if (!entries)
        goto oom;
    st->entries = entries;
    if (!st->file && !(st->file = tmpfile())) { /* unlinked at once: nothing is left behind, whatever happens */
        bc_error_set(err, 0, 0, "cannot create a temporary file: %s", strerror(errno));
        goto done;
    }
    text[PAGE] = page_of(bc_item_path(item), &oom);
    text[TITLE] = field_text(doc, BC_FIELD_TITLE, &oom);
    text[AUDIENCE] = field_text(doc, BC_FIELD_AUDIENCE, &oom);
    text[SOURCE] = field_text(doc, BC_FIELD_SOURCE, &oom);
    text[TEASER_F] = field_text(doc, BC_FIELD_SUMMARY, &oom);
    text[IMPACT] = field_text(doc, BC_FIELD_IMPACT, &oom);
    text[TYPE] = bcp_strdup_or_null(bc_document_text(doc, BC_FIELD_TYPE), &oom);
    text[RESPONSIBLE] = bcp_strdup_or_null(bc_document_text(doc, BC_FIELD_RESPONSIBLE), &oom);
    text[PUBLISHED] = bcp_strdup_or_null(bc_document_text(doc, BC_FIELD_PUBLISHED), &oom);
    text[DUE] = bcp_strdup_or_null(bc_document_text(doc, BC_FIELD_REVIEW_DUE), &oom);
    text[DOCX] = bcp_strdup_or_null(bc_item_output(item, "docx"), &oom);
    text[TAGS] = tags_of(doc, &oom);
    if (oom)
        goto oom;
    if (text[TEASER_F])
        shorten(text[TEASER_F]);
    if (text[IMPACT])
        shorten(text[IMPACT]);
    size_t len = 0;
    for (int f = 0; f < NFIELDS; f++)
        len += 1 + (text[f] ? strlen(text[f]) + 1 : 0);
    if (len > UINT32_MAX || !(record = malloc(len)))
        goto oom;
    char *w = record;
    for (int f = 0; f < NFIELDS; f++) {
        *w++ = text[f] ? '+' : '-';
        if (text[f]) {
            size_t n = strlen(text[f]) + 1;
            memcpy(w, text[f], n);
            w += n;
        }
    }
    /* Flushed at once, so site_store_load can pread any record. */
    if (fwrite(record, 1, len, st->file) != len || fflush(st->file) != 0) {
        bc_error_set(err, 0, 0, "cannot write the site's temporary file: %s", strerror(errno));
        goto done;
    }
    site_entry *e = &st->entries[st->count++];
    int32_t published = day_of(doc, BC_FIELD_PUBLISHED), updated = day_of(doc, BC_FIELD_UPDATED);
    *e = (site_entry){.index = (uint32_t)bc_item_index(item),
                      .sort_day = published != SITE_NO_DAY ? published : updated,
                      .updated_day = updated != SITE_NO_DAY ? updated : published,
                      .due_day = day_of(doc, BC_FIELD_REVIEW_DUE),
                      .off = st->end,
                      .len = (uint32_t)len};
    st->end += len;
    rc = 0;
    goto done;
oom:
    bc_error_set(err, 0, 0, "out of memory");
done:
    for (int f = 0; f < NFIELDS; f++)
        free(text[f]);
    free(record);
    return rc;
}

int site_store_load(const site_store *st, const site_entry *e, site_record *rec, bc_error *err)
{
    if (e->len > rec->cap) {
        char *grown = realloc(rec->buf, e->len);
        if (!grown) {
            bc_error_set(err, 0, 0, "out of memory");
            return -1;
        }
        rec->buf = grown;
        rec->cap = e->len;
    }
    for (size_t done = 0; done < e->len;) {
        ssize_t n = pread(fileno(st->file), rec->buf + done, e->len - done, (off_t)(e->off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            bc_error_set(err, 0, 0, "cannot read the site's temporary file: %s", n < 0 ? strerror(errno) : "short");
            return -1;
        }
        done += (size_t)n;
    }
    const char *text[NFIELDS];
    const char *r = rec->buf, *end = rec->buf + e->len;
    for (int f = 0; f < NFIELDS; f++) {
        bool present = r < end && *r++ == '+';
        text[f] = present ? r : NULL;
        if (present)
            r += strnlen(r, (size_t)(end - r)) + 1;
    }
    rec->e = e;
    rec->page = text[PAGE] ? text[PAGE] : "";
    rec->title = text[TITLE] ? text[TITLE] : "";
    rec->type = text[TYPE];
    rec->audience = text[AUDIENCE];
    rec->source = text[SOURCE];
    rec->responsible = text[RESPONSIBLE];
    rec->published = text[PUBLISHED];
    rec->due = text[DUE];
    rec->teaser = text[TEASER_F];
    rec->impact = text[IMPACT];
    rec->docx = text[DOCX];
    rec->tags = text[TAGS] ? text[TAGS] : "";
    return 0;
}

void site_record_free(site_record *rec)
{
    free(rec->buf);
    memset(rec, 0, sizeof *rec);
}

void site_store_free(site_store *st)
{
    if (st->file)
        fclose(st->file);
    free(st->entries);
    memset(st, 0, sizeof *st);
}
