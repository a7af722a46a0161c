/*
 * pages.c — the site's HTML pages: a page per briefing (rendered on the
 * run's threads, like any per-briefing output), and, once every briefing is
 * in, the index, the tag archives and the review page.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/strset.h"
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

/* Creates PATH in the run, writes it with WRITE, commits it; 0 or -1 (ERR set). */
static int write_file(site *s, const char *path, int (*write)(site *, bc_sink *, const void *, bc_error *),
                      const void *arg, bc_error *err)
{
    bc_sink *out = bc_run_create(s->run, path, err);
    if (!out)
        return -1;
    if (write(s, out, arg, err) != 0) {
        bc_run_discard(s->run, out);
        return -1;
    }
    return bc_run_commit(s->run, out, err);
}

/* A card for each entry of LIST (COUNT of them), read back from the store. */
static int cards(site *s, bc_sink *out, const site_entry *const *list, size_t count, const char *root, bool archive,
                 bc_error *err)
{
    site_record rec = {0};
    int rc = 0;
    bc_sink_puts(out, "<ul class=\"cards\">\n");
    for (size_t i = 0; i < count && rc == 0; i++)
        if ((rc = site_store_load(&s->store, list[i], &rec, err)) == 0)
            site_entry_card(s, out, &rec, root, archive);
    bc_sink_puts(out, "</ul>\n");
    site_record_free(&rec);
    return rc;
}

static int write_index(site *s, bc_sink *out, const void *arg, bc_error *err)
{
    site_page_start(s, out, "", "All briefings", "en-GB");
    bc_sink_puts(out, "<section class=\"listing\">\n<h1>");
    put(out, s->title);
    bc_sink_printf(out, "</h1>\n<p>%zu briefing%s, newest first.</p>\n", s->store.count,
                   s->store.count == 1 ? "" : "s");
    if (cards(s, out, arg, s->store.count, "", false, err) != 0)
        return -1;
    bc_sink_puts(out, "</section>\n");
    site_page_end(out);
    return 0;
}

int site_write_index(site *s, const site_entry *const *order, bc_error *err)
{
    return write_file(s, "index.html", write_index, order, err);
}

/* ---------------------------------------------------------------- tags */

/*
 * The tags of the run, each text once (many briefings share a tag), and one
 * 64-bit key per use: the tag's rank in name order above, the briefing's
 * position in the index's order below, so that sorting the keys groups the
 * uses by tag, newest briefing first. 8 bytes per use, only while finish
 * writes the tag pages.
 */
typedef struct tags {
    bcp_strset met;          /* each tag once, numbered in the order met */
    const char **names;      /* then: the tags sorted by name (pointing into MET) */
    size_t nnames;
    uint64_t *uses;          /* (name << 32) | position, see above */
    size_t count, cap_uses;
    const site_entry *const *order;
    const site_entry **list; /* scratch: the entries of one tag */
} tags;


static int by_name(const void *a, const void *b)
{
    return strcmp(**(const char *const *const *)a, **(const char *const *const *)b);
}

static int by_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int push_use(tags *t, uint64_t key)
{
    if (t->count == t->cap_uses) {
        size_t cap = t->cap_uses ? 2 * t->cap_uses : 256;
        uint64_t *grown = realloc(t->uses, cap * sizeof *grown);
        if (!grown)
            return -1;
        t->uses = grown;
        t->cap_uses = cap;
    }
    t->uses[t->count++] = key;
    return 0;
}

/* Every tag of every briefing, as keys sorted by tag name, then by the index's order. */
static int gather(site *s, tags *t, bc_error *err)
{
    site_record rec = {0};
    const char **met = NULL, ***by_rank = NULL;
    uint32_t *rank = NULL;
    int rc = 0;
    for (size_t i = 0; i < s->store.count && rc == 0; i++) {
        if ((rc = site_store_load(&s->store, t->order[i], &rec, err)) != 0)
            break;
        for (const char *p = rec.tags; *p;) {
            size_t n = strcspn(p, "\n");
            bool added;
            long name = bcp_strset_add(&t->met, p, n, &added);
            if (name < 0 || push_use(t, (uint64_t)name << 32 | i) != 0) {
                rc = -1;
                break;
            }
            p += n + (p[n] == '\n');
        }
    }
    site_record_free(&rec);
    /* Names sorted, and each use's name number turned into its rank. */
    t->nnames = t->met.count;
    if (rc == 0 && t->nnames) {
        met = malloc(t->nnames * sizeof *met);
        by_rank = malloc(t->nnames * sizeof *by_rank);
        rank = malloc(t->nnames * sizeof *rank);
        t->names = malloc(t->nnames * sizeof *t->names);
        if (!met || !by_rank || !rank || !t->names)
            rc = -1;
    }
    if (rc == 0 && t->nnames) {
        for (size_t i = 0; i < t->nnames; i++) {
            met[i] = bcp_strset_at(&t->met, i, NULL); /* the set is complete: these stay valid */
            by_rank[i] = &met[i];
        }
        qsort(by_rank, t->nnames, sizeof *by_rank, by_name);
        for (size_t r = 0; r < t->nnames; r++) {
            rank[by_rank[r] - met] = (uint32_t)r;
            t->names[r] = *by_rank[r];
        }
        for (size_t k = 0; k < t->count; k++)
            t->uses[k] = (uint64_t)rank[t->uses[k] >> 32] << 32 | (t->uses[k] & 0xFFFFFFFFu);
        qsort(t->uses, t->count, sizeof *t->uses, by_key);
    }
    if (rc != 0 && !bc_error_is_set(err))
        bc_error_set(err, 0, 0, "out of memory");
    free(met);
    free(by_rank);
    free(rank);
    return rc;
}

static void tags_free(tags *t)
{
    bcp_strset_free(&t->met);
    free(t->names);
    free(t->uses);
    free(t->list);
}

typedef struct tag_page {
    const tags *t;
    size_t first, count;  /* its uses */
} tag_page;

static int write_tag(site *s, bc_sink *out, const void *arg, bc_error *err)
{
    const tag_page *tp = arg;
    const tags *t = tp->t;
    const char *tag = t->names[t->uses[tp->first] >> 32];
    for (size_t i = 0; i < tp->count; i++)
        t->list[i] = t->order[t->uses[tp->first + i] & 0xFFFFFFFFu];
    site_page_start(s, out, "../", tag, "en-GB");
    bc_sink_puts(out, "<section class=\"listing\">\n<h1>Tag: ");
    put(out, tag);
    bc_sink_printf(out, "</h1>\n<p>%zu briefing%s with this tag, newest first.</p>\n", tp->count,
                   tp->count == 1 ? "" : "s");
    if (cards(s, out, t->list, tp->count, "../", true, err) != 0)
        return -1;
    bc_sink_puts(out, "</section>\n");
    site_page_end(out);
    return 0;
}

/* How many uses from FIRST on have the same tag. */
static size_t run_of(const tags *t, size_t first)
{
    size_t j = first;
    while (j < t->count && t->uses[j] >> 32 == t->uses[first] >> 32)
        j++;
    return j - first;
}

static int write_tag_index(site *s, bc_sink *out, const void *arg, bc_error *err)
{
    const tags *t = arg;
    site_page_start(s, out, "../", "Tags", "en-GB");
    bc_sink_puts(out, "<section class=\"listing\">\n<h1>Tags</h1>\n");
    bc_sink_puts(out, t->count ? "<ul>\n" : "<p>No briefing has a tag.</p>\n");
    for (size_t i = 0; i < t->count;) {
        size_t n = run_of(t, i);
        const char *tag = t->names[t->uses[i] >> 32];
        char *slug = site_tag_slug(tag);
        if (!slug) {
            bc_error_set(err, 0, 0, "out of memory");
            return -1;
        }
        bc_sink_printf(out, "<li><a href=\"%s.html\">", slug);
        put(out, tag);
        bc_sink_printf(out, "</a> (%zu)</li>\n", n);
        free(slug);
        i += n;
    }
    if (t->count)
        bc_sink_puts(out, "</ul>\n");
    bc_sink_puts(out, "</section>\n");
    site_page_end(out);
    return 0;
}

int site_write_tags(site *s, const site_entry *const *order, bc_error *err)
{
    tags t = {.order = order};
    int rc = -1;
    if (gather(s, &t, err) != 0)
        goto done;
    if (!(t.list = malloc((s->store.count ? s->store.count : 1) * sizeof *t.list))) {
        bc_error_set(err, 0, 0, "out of memory");
        goto done;
    }
    if (write_file(s, "tags/index.html", write_tag_index, &t, err) != 0)
        goto done;
    for (size_t i = 0; i < t.count;) {
        size_t n = run_of(&t, i);
        char *slug = site_tag_slug(t.names[t.uses[i] >> 32]);
        char path[128];
        tag_page tp = {&t, i, n};
        if (!slug) {
            bc_error_set(err, 0, 0, "out of memory");
            goto done;
        }
        snprintf(path, sizeof path, "tags/%s.html", slug);
        free(slug);
        if (write_file(s, path, write_tag, &tp, err) != 0)
            goto done;
        i += n;
    }
    rc = 0;
done:
    tags_free(&t);
    return rc;
}

/* ---------------------------------------------------------------- review */

/* A briefing due for review, with what the page groups and sorts it by. */
typedef struct due {
    const site_entry *e;
    char *responsible; /* NULL: no one named */
} due;

static int by_responsible_then_due(const void *a, const void *b)
{
    const due *x = a, *y = b;
    /* No one named comes last. */
    if (!x->responsible != !y->responsible)
        return x->responsible ? -1 : 1;
    int c = x->responsible ? strcmp(x->responsible, y->responsible) : 0;
    if (c)
        return c;
    if (x->e->due_day != y->e->due_day)
        return x->e->due_day < y->e->due_day ? -1 : 1;
    return (x->e->index > y->e->index) - (x->e->index < y->e->index);
}

static void review_item(site *s, bc_sink *out, const site_record *r)
{
    char status[160];
    const char *cls = site_review_status(s, r, status, sizeof status);
    bc_sink_puts(out, "<li><a href=\"");
    html_attr(out, r->page, strlen(r->page));
    bc_sink_puts(out, "\">");
    put(out, *r->title ? r->title : r->page);
    bc_sink_printf(out, "</a>: <span class=\"%s\">", cls);
    put(out, status);
    bc_sink_puts(out, "</span></li>\n");
}

typedef struct review_list {
    due *due;
    size_t ndue;
} review_list;

static int write_review(site *s, bc_sink *out, const void *arg, bc_error *err)
{
    const review_list *l = arg;
    site_record rec = {0};
    char today[16];
    int rc = 0;
    bc_date_format_iso(bc_date_from_days(s->schedule.today), today, sizeof today);
    site_page_start(s, out, "", "Due for review", "en-GB");
    bc_sink_printf(out, "<section class=\"listing\">\n<h1>Due for review</h1>\n"
                        "<p>As of %s: briefings overdue for review, and those due within %ld day%s, by the group "
                        "member responsible, oldest first.</p>\n",
                   today, s->schedule.within, s->schedule.within == 1 ? "" : "s");
    if (l->ndue == 0)
        bc_sink_puts(out, "<p>Nothing is due.</p>\n");
    for (size_t i = 0; i < l->ndue && rc == 0;) {
        const char *who = l->due[i].responsible;
        bc_sink_puts(out, "<h2>");
        put(out, who ? "Group member responsible: " : "No group member named");
        if (who)
            put(out, who);
        bc_sink_puts(out, "</h2>\n<ul>\n");
        for (; i < l->ndue && rc == 0 && (who ? l->due[i].responsible && strcmp(l->due[i].responsible, who) == 0
                                              : !l->due[i].responsible);
             i++)
            if ((rc = site_store_load(&s->store, l->due[i].e, &rec, err)) == 0)
                review_item(s, out, &rec);
        bc_sink_puts(out, "</ul>\n");
    }
    bc_sink_puts(out, "<h2>No review date</h2>\n");
    bool any = false;
    for (size_t i = 0; i < s->store.count && rc == 0; i++) {
        const site_entry *e = &s->store.entries[i];
        if (e->due_day != SITE_NO_DAY)
            continue;
        if (!any)
            bc_sink_puts(out, "<ul>\n");
        any = true;
        if ((rc = site_store_load(&s->store, e, &rec, err)) == 0)
            review_item(s, out, &rec);
    }
    bc_sink_puts(out, any ? "</ul>\n" : "<p>Every briefing has one.</p>\n");
    bc_sink_puts(out, "</section>\n");
    site_page_end(out);
    site_record_free(&rec);
    return rc;
}

int site_write_review(site *s, bc_error *err)
{
    review_list l = {malloc((s->store.count ? s->store.count : 1) * sizeof *l.due), 0};
    site_record rec = {0};
    int rc = -1;
    if (!l.due) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < s->store.count; i++) {
        const site_entry *e = &s->store.entries[i];
        if (e->due_day == SITE_NO_DAY || !bcp_schedule_is_due(&s->schedule, e->due_day))
            continue;
        if (site_store_load(&s->store, e, &rec, err) != 0)
            goto done;
        l.due[l.ndue] = (due){e, rec.responsible ? strdup(rec.responsible) : NULL};
        if (rec.responsible && !l.due[l.ndue].responsible) {
            bc_error_set(err, 0, 0, "out of memory");
            goto done;
        }
        l.ndue++;
    }
    qsort(l.due, l.ndue, sizeof *l.due, by_responsible_then_due);
    rc = write_file(s, "review.html", write_review, &l, err);
done:
    for (size_t i = 0; i < l.ndue; i++)
        free(l.due[i].responsible);
    free(l.due);
    site_record_free(&rec);
    return rc;
}
