/*
 * pages.c — the site's HTML pages: a page per briefing (rendered on the
 * run's threads, like any per-briefing output), and, once every briefing is
 * in, the index, the tag archives and the review page.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../html/html.h"
#include "site.h"

static void put(bc_sink *out, const char *s)
{
    html_text(out, s, strlen(s));
}

/* Labels of the formats a page offers for download. */
static const char *format_label(const char *format)
{
    if (strcmp(format, "docx") == 0)
        return "Word (.docx)";
    if (strcmp(format, "plain") == 0)
        return "Plain text (.txt)";
    if (strcmp(format, "markdown") == 0)
        return "Markdown (.md)";
    if (strcmp(format, "html") == 0)
        return "Web page (.html)";
    return format;
}

int site_render_page(const site *s, const bc_document *doc, const bc_item *item, bc_sink *out, bc_error *err)
{
    const char *path = bc_item_path(item);
    char *root = site_root_of(path);
    char *title = bc_node_plain_text_without_citations(bc_document_field(doc, BC_FIELD_TITLE));
    int rc = -1;
    if (!root || !title) {
        bc_error_set(err, 0, 0, "out of memory");
        goto done;
    }
    site_page_start(s, out, root, title, bc_document_text(doc, BC_FIELD_LANG));
    /* Downloads: the formats asked for, as this run wrote them. */
    bool any = false;
    for (size_t d = 0; d < s->ndownloads; d++) {
        const char *file = bc_item_output(item, s->downloads[d]);
        if (!file)
            continue;
        char *rel = site_relative(path, file);
        if (!rel) {
            bc_error_set(err, 0, 0, "out of memory");
            goto done;
        }
        bc_sink_puts(out, any ? ", " : "<p class=\"downloads\">Download this briefing: ");
        bc_sink_puts(out, "<a href=\"");
        html_attr(out, rel, strlen(rel));
        bc_sink_printf(out, "\">%s</a>", format_label(s->downloads[d]));
        any = true;
        free(rel);
    }
    if (any)
        bc_sink_puts(out, "</p>\n");
    if (html_article(doc, out, err) != 0)
        goto done;
    size_t ntags = bc_document_tag_count(doc);
    for (size_t t = 0; t < ntags; t++) {
        char *slug = site_tag_slug(bc_document_tag(doc, t));
        if (!slug) {
            bc_error_set(err, 0, 0, "out of memory");
            goto done;
        }
        bc_sink_printf(out, "%s<a href=\"%stags/%s.html\">", t ? ", " : "<p class=\"tags\">Tags: ", root, slug);
        put(out, bc_document_tag(doc, t));
        bc_sink_puts(out, "</a>");
        free(slug);
    }
    if (ntags)
        bc_sink_puts(out, "</p>\n");
    site_page_end(out);
    rc = 0;
done:
    free(root);
    free(title);
    return rc;
}

/* Creates PATH in the run, writes it with WRITE, commits it. */
static int write_file(site *s, const char *path, void (*write)(site *, bc_sink *, const void *), const void *arg,
                      bc_error *err)
{
    bc_sink *out = bc_run_create(s->run, path, err);
    if (!out)
        return -1;
    write(s, out, arg);
    return bc_run_commit(s->run, out, err);
}

static void write_index(site *s, bc_sink *out, const void *arg)
{
    const site_entry *const *order = arg;
    site_page_start(s, out, "", "All briefings", "en-GB");
    bc_sink_puts(out, "<section class=\"listing\">\n<h1>");
    put(out, s->title);
    bc_sink_printf(out, "</h1>\n<p>%zu briefing%s, newest first.</p>\n<ul class=\"cards\">\n", s->store.count,
                   s->store.count == 1 ? "" : "s");
    for (size_t i = 0; i < s->store.count; i++)
        site_entry_card(s, out, order[i], "", false);
    bc_sink_puts(out, "</ul>\n</section>\n");
    site_page_end(out);
}

int site_write_index(site *s, const site_entry *const *order, bc_error *err)
{
    return write_file(s, "index.html", write_index, order, err);
}

/* ---------------------------------------------------------------- tags */

typedef struct tag_use {
    const char *tag;         /* in the store */
    size_t len;
    const site_entry *entry;
} tag_use;

static int by_tag_then_order(const void *a, const void *b)
{
    const tag_use *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->tag, y->tag, n);
    if (c == 0 && x->len != y->len)
        c = x->len < y->len ? -1 : 1;
    return c ? c : (x->entry < y->entry ? -1 : x->entry > y->entry); /* ORDER's position */
}

typedef struct tag_page {
    const tag_use *uses;
    size_t count;
} tag_page;

static void write_tag(site *s, bc_sink *out, const void *arg)
{
    const tag_page *tp = arg;
    char *tag = strndup(tp->uses[0].tag, tp->uses[0].len);
    char heading[64];
    snprintf(heading, sizeof heading, "Tag");
    site_page_start(s, out, "../", tag ? tag : heading, "en-GB");
    bc_sink_puts(out, "<section class=\"listing\">\n<h1>Tag: ");
    if (tag)
        put(out, tag);
    bc_sink_printf(out, "</h1>\n<p>%zu briefing%s with this tag, newest first.</p>\n<ul class=\"cards\">\n",
                   tp->count, tp->count == 1 ? "" : "s");
    for (size_t i = 0; i < tp->count; i++)
        site_entry_card(s, out, tp->uses[i].entry, "../", true);
    bc_sink_puts(out, "</ul>\n</section>\n");
    site_page_end(out);
    free(tag);
}

typedef struct tag_list {
    const tag_use *uses;
    size_t count;
} tag_list;

static void write_tag_index(site *s, bc_sink *out, const void *arg)
{
    const tag_list *tl = arg;
    site_page_start(s, out, "../", "Tags", "en-GB");
    bc_sink_puts(out, "<section class=\"listing\">\n<h1>Tags</h1>\n");
    if (tl->count == 0)
        bc_sink_puts(out, "<p>No briefing has a tag.</p>\n");
    else
        bc_sink_puts(out, "<ul>\n");
    for (size_t i = 0; i < tl->count;) {
        size_t j = i;
        while (j < tl->count && tl->uses[j].len == tl->uses[i].len &&
               memcmp(tl->uses[j].tag, tl->uses[i].tag, tl->uses[i].len) == 0)
            j++;
        char *tag = strndup(tl->uses[i].tag, tl->uses[i].len);
        char *slug = tag ? site_tag_slug(tag) : NULL;
        if (slug) {
            bc_sink_printf(out, "<li><a href=\"%s.html\">", slug);
            put(out, tag);
            bc_sink_printf(out, "</a> (%zu)</li>\n", j - i);
        }
        free(slug);
        free(tag);
        i = j;
    }
    if (tl->count)
        bc_sink_puts(out, "</ul>\n");
    bc_sink_puts(out, "</section>\n");
    site_page_end(out);
}

int site_write_tags(site *s, const site_entry *const *order, bc_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < s->store.count; i++)
        for (const char *t = order[i]->tags; *t; t += strcspn(t, "\n") + (t[strcspn(t, "\n")] == '\n'))
            n++;
    tag_use *uses = malloc((n ? n : 1) * sizeof *uses);
    int rc = -1;
    if (!uses) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    n = 0;
    /* ENTRY pointers are compared as positions in ORDER: use ORDER's own array of them. */
    for (size_t i = 0; i < s->store.count; i++)
        for (const char *t = order[i]->tags; *t;) {
            size_t len = strcspn(t, "\n");
            uses[n++] = (tag_use){t, len, (const site_entry *)(uintptr_t)i};
            t += len + (t[len] == '\n');
        }
    qsort(uses, n, sizeof *uses, by_tag_then_order);
    for (size_t k = 0; k < n; k++) /* back from positions to entries */
        uses[k].entry = order[(uintptr_t)uses[k].entry];
    tag_list all = {uses, n};
    if (write_file(s, "tags/index.html", write_tag_index, &all, err) != 0)
        goto done;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && uses[j].len == uses[i].len && memcmp(uses[j].tag, uses[i].tag, uses[i].len) == 0)
            j++;
        char *tag = strndup(uses[i].tag, uses[i].len);
        char *slug = tag ? site_tag_slug(tag) : NULL;
        char path[128];
        tag_page tp = {uses + i, j - i};
        if (!slug) {
            bc_error_set(err, 0, 0, "out of memory");
            free(tag);
            goto done;
        }
        snprintf(path, sizeof path, "tags/%s.html", slug);
        free(slug);
        free(tag);
        if (write_file(s, path, write_tag, &tp, err) != 0)
            goto done;
        i = j;
    }
    rc = 0;
done:
    free(uses);
    return rc;
}

/* ---------------------------------------------------------------- review */

static int by_responsible_then_due(const void *a, const void *b)
{
    const site_entry *x = *(const site_entry *const *)a, *y = *(const site_entry *const *)b;
    /* No one named comes last. */
    if (!x->responsible != !y->responsible)
        return x->responsible ? -1 : 1;
    int c = x->responsible ? strcmp(x->responsible, y->responsible) : 0;
    if (c)
        return c;
    if (x->due_day != y->due_day)
        return x->due_day < y->due_day ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void review_item(site *s, bc_sink *out, const site_entry *e)
{
    char status[160];
    const char *cls = site_review_status(s, e, status, sizeof status);
    bc_sink_puts(out, "<li><a href=\"");
    html_attr(out, e->page, strlen(e->page));
    bc_sink_puts(out, "\">");
    put(out, *e->title ? e->title : e->page);
    bc_sink_printf(out, "</a>: <span class=\"%s\">", cls);
    put(out, status);
    bc_sink_puts(out, "</span></li>\n");
}

static void write_review(site *s, bc_sink *out, const void *arg)
{
    const site_entry *const *due = arg; /* the due ones, grouped; then NULL; then the undated */
    char today[16];
    bc_date_format_iso(bc_date_from_days(s->today), today, sizeof today);
    site_page_start(s, out, "", "Due for review", "en-GB");
    bc_sink_printf(out, "<section class=\"listing\">\n<h1>Due for review</h1>\n"
                        "<p>As of %s: briefings overdue for review, and those due within %ld day%s, by the group "
                        "member responsible, oldest first.</p>\n",
                   today, s->due_within, s->due_within == 1 ? "" : "s");
    size_t i = 0;
    if (!due[0])
        bc_sink_puts(out, "<p>Nothing is due.</p>\n");
    while (due[i]) {
        const char *who = due[i]->responsible;
        bc_sink_puts(out, "<h2>");
        put(out, who ? "Group member responsible: " : "No group member named");
        if (who)
            put(out, who);
        bc_sink_puts(out, "</h2>\n<ul>\n");
        for (; due[i] && (who ? due[i]->responsible && strcmp(due[i]->responsible, who) == 0 : !due[i]->responsible);
             i++)
            review_item(s, out, due[i]);
        bc_sink_puts(out, "</ul>\n");
    }
    i++;
    bc_sink_puts(out, "<h2>No review date</h2>\n");
    if (!due[i])
        bc_sink_puts(out, "<p>Every briefing has one.</p>\n");
    else
        bc_sink_puts(out, "<ul>\n");
    bool any = due[i] != NULL;
    for (; due[i]; i++)
        review_item(s, out, due[i]);
    if (any)
        bc_sink_puts(out, "</ul>\n");
    bc_sink_puts(out, "</section>\n");
    site_page_end(out);
}

int site_write_review(site *s, bc_error *err)
{
    size_t n = s->store.count, ndue = 0, k = 0;
    const site_entry **list = malloc((n + 2) * sizeof *list);
    if (!list) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const site_entry *e = &s->store.entries[i];
        if (e->due_day != LONG_MIN && e->due_day - s->today <= s->due_within)
            list[ndue++] = e;
    }
    qsort(list, ndue, sizeof *list, by_responsible_then_due);
    k = ndue;
    list[k++] = NULL;
    for (size_t i = 0; i < n; i++)
        if (s->store.entries[i].due_day == LONG_MIN)
            list[k++] = &s->store.entries[i];
    list[k] = NULL;
    int rc = write_file(s, "review.html", write_review, list, err);
    free(list);
    return rc;
}
