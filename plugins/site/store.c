/*
 * store.c — what the site keeps of each briefing until finish: a small
 * record and its strings, packed into big blocks (no allocation per
 * string), so a run of 10,000 briefings keeps a few MiB at most.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"

enum { BLOCK = 256 * 1024, TEASER = 240 };

/* A copy of LEN bytes of S in the pool, NUL-ended; NULL on OOM. */
static const char *keep(site_store *st, const char *s, size_t len)
{
    if (len + 1 > st->block_cap - st->block_used) {
        size_t cap = len + 1 > BLOCK ? len + 1 : BLOCK;
        char **blocks = realloc(st->blocks, (st->nblocks + 1) * sizeof *blocks);
        if (!blocks)
            return NULL;
        st->blocks = blocks;
        if (!(blocks[st->nblocks] = malloc(cap)))
            return NULL;
        st->nblocks++;
        st->block_used = 0;
        st->block_cap = cap;
    }
    char *copy = st->blocks[st->nblocks - 1] + st->block_used;
    memcpy(copy, s, len);
    copy[len] = '\0';
    st->block_used += len + 1;
    return copy;
}

static const char *keep_str(site_store *st, const char *s, bool *oom)
{
    if (!s)
        return NULL;
    const char *copy = keep(st, s, strlen(s));
    *oom |= copy == NULL;
    return copy;
}

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

static long day_of(const bc_document *doc, bc_field field)
{
    bc_date d;
    return bc_document_date(doc, field, &d) ? bc_date_days(d) : LONG_MIN;
}

/* The item's outputs as "format\tpath\t..." */
static const char *downloads_of(site_store *st, const bc_item *item, bool *oom)
{
    size_t need = 1;
    for (size_t i = 0; i < bc_item_output_count(item); i++)
        need += strlen(bc_item_output_format(item, i)) + strlen(bc_item_output_path(item, i)) + 2;
    char *text = malloc(need), *w = text;
    if (!text) {
        *oom = true;
        return NULL;
    }
    for (size_t i = 0; i < bc_item_output_count(item); i++)
        w += sprintf(w, "%s%s\t%s", i ? "\t" : "", bc_item_output_format(item, i), bc_item_output_path(item, i));
    *w = '\0';
    const char *kept = keep_str(st, text, oom);
    free(text);
    return kept;
}

static const char *tags_of(site_store *st, const bc_document *doc, bool *oom)
{
    size_t need = 1;
    for (size_t i = 0; i < bc_document_tag_count(doc); i++)
        need += strlen(bc_document_tag(doc, i)) + 1;
    char *text = malloc(need), *w = text;
    if (!text) {
        *oom = true;
        return NULL;
    }
    for (size_t i = 0; i < bc_document_tag_count(doc); i++)
        w += sprintf(w, "%s%s", i ? "\n" : "", bc_document_tag(doc, i));
    *w = '\0';
    const char *kept = keep_str(st, text, oom);
    free(text);
    return kept;
}

/* "nhs/aco.yaml" -> "nhs/aco.html" */
static const char *page_of(site_store *st, const char *path, bool *oom)
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
    const char *kept = keep_str(st, page, oom);
    free(page);
    return kept;
}

int site_store_add(site_store *st, const bc_document *doc, const bc_item *item, bc_error *err)
{
    bool oom = false;
    if (st->count == st->cap) {
        size_t cap = st->cap ? 2 * st->cap : 64;
        site_entry *grown = realloc(st->entries, cap * sizeof *grown);
        if (!grown)
            goto oom;
        st->entries = grown;
        st->cap = cap;
    }
    site_entry *e = &st->entries[st->count];
    memset(e, 0, sizeof *e);
    char *title = field_text(doc, BC_FIELD_TITLE, &oom);
    char *audience = field_text(doc, BC_FIELD_AUDIENCE, &oom);
    char *source = field_text(doc, BC_FIELD_SOURCE, &oom);
    char *teaser = field_text(doc, BC_FIELD_SUMMARY, &oom);
    char *impact = field_text(doc, BC_FIELD_IMPACT, &oom);
    if (teaser)
        shorten(teaser);
    if (impact)
        shorten(impact);
    e->index = bc_item_index(item);
    e->page = page_of(st, bc_item_path(item), &oom);
    e->title = keep_str(st, title ? title : "", &oom);
    e->audience = keep_str(st, audience, &oom);
    e->source = keep_str(st, source, &oom);
    e->teaser = keep_str(st, teaser, &oom);
    e->impact = keep_str(st, impact, &oom);
    e->type = keep_str(st, bc_document_text(doc, BC_FIELD_TYPE), &oom);
    e->link = keep_str(st, bc_document_text(doc, BC_FIELD_LINK), &oom);
    e->responsible = keep_str(st, bc_document_text(doc, BC_FIELD_RESPONSIBLE), &oom);
    e->published = keep_str(st, bc_document_text(doc, BC_FIELD_PUBLISHED), &oom);
    e->due = keep_str(st, bc_document_text(doc, BC_FIELD_REVIEW_DUE), &oom);
    e->lang = keep_str(st, bc_document_text(doc, BC_FIELD_LANG), &oom);
    e->downloads = downloads_of(st, item, &oom);
    e->tags = tags_of(st, doc, &oom);
    long published = day_of(doc, BC_FIELD_PUBLISHED), updated = day_of(doc, BC_FIELD_UPDATED);
    e->sort_day = published != LONG_MIN ? published : updated;
    e->updated_day = updated != LONG_MIN ? updated : published;
    e->due_day = day_of(doc, BC_FIELD_REVIEW_DUE);
    free(title);
    free(audience);
    free(source);
    free(teaser);
    free(impact);
    if (oom)
        goto oom;
    st->count++;
    return 0;
oom:
    bc_error_set(err, 0, 0, "out of memory");
    return -1;
}

void site_store_free(site_store *st)
{
    for (size_t i = 0; i < st->nblocks; i++)
        free(st->blocks[i]);
    free(st->blocks);
    free(st->entries);
    memset(st, 0, sizeof *st);
}
