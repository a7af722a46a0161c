/*
 * plugin.c — the `site` collection format: `briefconv -t site -o public/
 * briefings/` publishes a folder as a static site:
 *   a page per briefing at its input path (nhs/aco.yaml -> nhs/aco.html),
 *     with its Word copy (and -O site.downloads=docx,plain,markdown) beside it;
 *   index.html        every briefing, newest first;
 *   tags/NAME.html    a page per tag, tags/index.html the list of tags;
 *   review.html       what is overdue or due within -O due-within=DAYS;
 *   feed.xml          an Atom feed.
 * No scripts, no external assets, relative links only. "Today" for the
 * review comes from -O today=YYYY-MM-DD, else SOURCE_DATE_EPOCH, else the
 * clock, so a run can be repeated byte for byte.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"

static const bc_option_spec options[] = {
    {.name = "title", .type = BC_OPTION_STRING, .default_value = "Briefings", .help = "the site's name"},
    {.name = "downloads",
     .type = BC_OPTION_STRING,
     .default_value = "docx",
     .help = "formats each briefing page links to, comma-separated (docx always; e.g. docx,plain,markdown)"},
    BCP_SCHEDULE_OPTIONS,
    {.name = "base-url",
     .type = BC_OPTION_STRING,
     .help = "where the site will live (https://...): absolute links and ids in the feed"},
    {.name = NULL},
};

static void site_close(void *state)
{
    site *s = state;
    if (!s)
        return;
    for (size_t i = 0; i < s->ndownloads; i++)
        free((char *)s->downloads[i]);
    free(s->downloads);
    free((char *)s->base_url);
    site_store_free(&s->store);
    free(s);
}

/* Adds format NAME (N bytes) to the downloads unless there, and asks the run to write it. */
static int add_download(site *s, const char *name, size_t n, bc_error *err)
{
    for (size_t i = 0; i < s->ndownloads; i++)
        if (strlen(s->downloads[i]) == n && strncmp(s->downloads[i], name, n) == 0)
            return 0;
    char *copy = strndup(name, n);
    if (!copy) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    s->downloads[s->ndownloads++] = copy;
    if (bc_run_want_format(s->run, copy, err) != 0) {
        bc_error_set(err, 0, 0, "downloads: '%s' is not an output format", copy);
        return -1;
    }
    return 0;
}

/* docx always, then each format of LIST. */
static int set_downloads(site *s, const char *list, bc_error *err)
{
    size_t most = 2;
    for (const char *p = list; *p; p++)
        most += *p == ',';
    if (!(s->downloads = calloc(most, sizeof *s->downloads))) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    if (add_download(s, "docx", 4, err) != 0)
        return -1;
    for (const char *p = list;; p++) {
        size_t n = strcspn(p, ",");
        if (n > 0 && add_download(s, p, n, err) != 0)
            return -1;
        p += n;
        if (!*p)
            return 0;
    }
}

static int site_open(bc_run *run, const bc_options *opts, void **state, bc_error *err)
{
    site *s = calloc(1, sizeof *s);
    if (!s) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    s->run = run;
    s->title = bc_options_get(opts, "title");
    if (!s->title || !*s->title)
        s->title = "Briefings";
    const char *base = bc_options_get(opts, "base-url");
    size_t blen = base ? strlen(base) : 0;
    if (blen && !(bc_url_is_allowed(base, blen) && (strncmp(base, "https://", 8) == 0 || strncmp(base, "http://", 7) == 0))) {
        bc_error_set(err, 0, 0, "base-url must be an http:// or https:// address, not '%s'", base);
        goto fail;
    }
    char *b = malloc(blen + 2);
    if (!b) {
        bc_error_set(err, 0, 0, "out of memory");
        goto fail;
    }
    memcpy(b, base ? base : "", blen);
    if (blen && b[blen - 1] != '/') /* links are made by appending paths */
        b[blen++] = '/';
    b[blen] = '\0';
    s->base_url = b;
    if (bcp_schedule_read(opts, &s->schedule, err) != 0)
        goto fail;
    const char *downloads = bc_options_get(opts, "downloads");
    if (set_downloads(s, downloads ? downloads : "docx", err) != 0)
        goto fail;
    *state = s;
    return 0;
fail:
    site_close(s);
    return -1;
}

static int site_render(void *state, const bc_document *doc, const bc_item *item, const bc_options *opts,
                       bc_sink *sink, bc_error *err)
{
    (void)opts;
    return site_render_page(state, doc, item, sink, err);
}

static int site_collect(void *state, const bc_document *doc, const bc_item *item, bc_error *err)
{
    site *s = state;
    return site_store_add(&s->store, doc, item, err);
}

/* Newest first; what has no date goes last; ties in input order. */
static int newest_first(const void *a, const void *b)
{
    const site_entry *x = *(const site_entry *const *)a, *y = *(const site_entry *const *)b;
    if (x->sort_day != y->sort_day)
        return x->sort_day > y->sort_day ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int site_finish(void *state, bc_error *err)
{
    site *s = state;
    size_t n = s->store.count;
    const site_entry **order = malloc((n ? n : 1) * sizeof *order);
    int rc = -1;
    if (!order) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &s->store.entries[i];
    qsort(order, n, sizeof *order, newest_first);
    if (site_write_index(s, order, err) == 0 && site_write_tags(s, order, err) == 0 &&
        site_write_review(s, err) == 0 && site_write_feed(s, order, err) == 0)
        rc = 0;
    free(order);
    return rc;
}

static const char *const extensions[] = {"html", NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_COLLECTION, .name = "site", .extensions = extensions,
                 .description = "a static web site of the run: index, pages, tag archives, review, Atom feed",
                 .version = "1.0.0", .options = options, .open = site_open, .close = site_close,
                 .render_item = site_render, .collect = site_collect, .finish = site_finish);
