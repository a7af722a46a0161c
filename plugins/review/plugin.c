/*
 * plugin.c — the `review` collection format: who must review what. For a
 * cron job or an email: `briefconv -t review briefings/` prints, per group
 * member responsible, the briefings overdue for review or due within
 * -O due-within=DAYS (default 30): path, title, due date, days overdue;
 * then the briefings with no review date. -O review.format=csv gives the
 * same as CSV (RFC 4180). Exit 0 whatever is due: the report is the result.
 * "Today" comes from -O today=YYYY-MM-DD, else SOURCE_DATE_EPOCH, else the
 * clock; a date without a day is due on the first of its month (bc_date_days).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <briefconv/plugin.h>

#include "../common/buf.h"
#include "../common/schedule.h"

typedef struct due_entry {
    size_t index;
    char *path, *title, *due, *responsible; /* due, responsible: NULL when none */
    long due_day;                           /* BCP_NO_DAY: no review date */
} due_entry;

typedef struct review {
    bc_run *run;
    bool csv;
    bcp_schedule schedule;
    due_entry *entries; /* only those the report shows */
    size_t count, cap;
} review;

static const bc_option_spec options[] = {
    {.name = "format", .type = BC_OPTION_CHOICE, .default_value = "text", .help = "text or csv", .choices = "text|csv"},
    BCP_SCHEDULE_OPTIONS,
    {.name = NULL},
};

static void review_close(void *state)
{
    review *r = state;
    if (!r)
        return;
    for (size_t i = 0; i < r->count; i++) {
        free(r->entries[i].path);
        free(r->entries[i].title);
        free(r->entries[i].due);
        free(r->entries[i].responsible);
    }
    free(r->entries);
    free(r);
}

static int review_open(bc_run *run, const bc_options *opts, void **state, bc_error *err)
{
    review *r = calloc(1, sizeof *r);
    if (!r) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    r->run = run;
    r->csv = strcmp(bc_options_get(opts, "format"), "csv") == 0;
    if (bcp_schedule_read(opts, &r->schedule, err) != 0) {
        free(r);
        return -1;
    }
    *state = r;
    return 0;
}

static int review_collect(void *state, const bc_document *doc, const bc_item *item, bc_error *err)
{
    review *r = state;
    long day = bcp_day_of(doc, BC_FIELD_REVIEW_DUE);
    if (day != BCP_NO_DAY && !bcp_schedule_is_due(&r->schedule, day))
        return 0; /* not due: the report keeps nothing of it */
    due_entry *entries = bcp_grow(r->entries, &r->cap, r->count + 1, sizeof *entries);
    if (!entries)
        goto oom;
    r->entries = entries;
    bool oom = false;
    char *title = bc_node_plain_text_without_citations(bc_document_field(doc, BC_FIELD_TITLE));
    due_entry e = {.index = bc_item_index(item),
                   .path = bcp_strdup_or_null(bc_item_path(item), &oom),
                   .title = title,
                   .due = bcp_strdup_or_null(bc_document_text(doc, BC_FIELD_REVIEW_DUE), &oom),
                   .responsible = bcp_strdup_or_null(bc_document_text(doc, BC_FIELD_RESPONSIBLE), &oom),
                   .due_day = day};
    if (oom || !title) {
        free(e.path);
        free(e.title);
        free(e.due);
        free(e.responsible);
        goto oom;
    }
    r->entries[r->count++] = e;
    return 0;
oom:
    bc_error_set(err, 0, 0, "out of memory");
    return -1;
}

/* By group member (no one named last), then oldest due first; undated after every dated one. */
static int by_member_then_due(const void *a, const void *b)
{
    const due_entry *x = a, *y = b;
    if ((x->due_day == BCP_NO_DAY) != (y->due_day == BCP_NO_DAY))
        return x->due_day == BCP_NO_DAY ? 1 : -1;
    if (!x->responsible != !y->responsible)
        return x->responsible ? -1 : 1;
    int c = x->responsible ? strcmp(x->responsible, y->responsible) : 0;
    if (c)
        return c;
    if (x->due_day != y->due_day)
        return x->due_day < y->due_day ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void csv_field(bc_sink *out, const char *s, bool first)
{
    if (!first)
        bc_sink_putc(out, ',');
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        bc_sink_puts(out, s);
        return;
    }
    bc_sink_putc(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            bc_sink_putc(out, '"');
        bc_sink_putc(out, *s);
    }
    bc_sink_putc(out, '"');
}

static void write_csv(const review *r, bc_sink *out)
{
    bc_sink_puts(out, "responsible,path,title,review_due,due_on,days_overdue\r\n");
    for (size_t i = 0; i < r->count; i++) {
        const due_entry *e = &r->entries[i];
        char iso[16] = "", days[24] = "";
        if (e->due_day != BCP_NO_DAY) {
            bc_date_format_iso(bc_date_from_days(e->due_day), iso, sizeof iso);
            snprintf(days, sizeof days, "%ld", r->schedule.today - e->due_day);
        }
        csv_field(out, e->responsible, true);
        csv_field(out, e->path, false);
        csv_field(out, e->title, false);
        csv_field(out, e->due, false);
        csv_field(out, iso, false);
        csv_field(out, days, false);
        bc_sink_puts(out, "\r\n");
    }
}

static void write_text(const review *r, bc_sink *out)
{
    char today[16];
    size_t overdue = 0, soon = 0, undated = 0;
    for (size_t i = 0; i < r->count; i++) {
        long day = r->entries[i].due_day;
        undated += day == BCP_NO_DAY;
        overdue += day != BCP_NO_DAY && day < r->schedule.today;
        soon += day != BCP_NO_DAY && day >= r->schedule.today;
    }
    bc_date_format_iso(bc_date_from_days(r->schedule.today), today, sizeof today);
    bc_sink_printf(out, "Briefings due for review as of %s: %zu overdue, %zu due within %ld day%s.\n", today,
                   overdue, soon, r->schedule.within, r->schedule.within == 1 ? "" : "s");
    const char *group = NULL;
    bool first = true, in_undated = false;
    for (size_t i = 0; i < r->count; i++) {
        const due_entry *e = &r->entries[i];
        if (e->due_day == BCP_NO_DAY) {
            if (!in_undated)
                bc_sink_printf(out, "\nNo review date (%zu)\n", undated);
            in_undated = true;
            bc_sink_printf(out, "  %s  %s\n", e->path, e->title);
            continue;
        }
        const char *who = e->responsible ? e->responsible : "No group member named";
        if (first || strcmp(group, who) != 0)
            bc_sink_printf(out, "\n%s\n", who);
        first = false;
        group = who;
        long late = r->schedule.today - e->due_day;
        char iso[16];
        bc_date_format_iso(bc_date_from_days(e->due_day), iso, sizeof iso);
        bc_sink_printf(out, "  %s  %s\n    due %s", e->path, e->title, iso);
        if (e->due && strcmp(e->due, iso) != 0)
            bc_sink_printf(out, " (%s)", e->due);
        if (late > 0)
            bc_sink_printf(out, ", %ld day%s overdue\n", late, late == 1 ? "" : "s");
        else if (late == 0)
            bc_sink_puts(out, ", due today\n");
        else
            bc_sink_printf(out, ", in %ld day%s\n", -late, late == -1 ? "" : "s");
    }
}

static int review_finish(void *state, bc_error *err)
{
    review *r = state;
    qsort(r->entries, r->count, sizeof *r->entries, by_member_then_due);
    bc_sink *out = bc_run_create(r->run, r->csv ? "review.csv" : "review.txt", err);
    if (!out)
        return -1;
    if (r->csv)
        write_csv(r, out);
    else
        write_text(r, out);
    return bc_run_commit(r->run, out, err);
}

static const char *const extensions[] = {"txt", "csv", NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_COLLECTION, .flags = BC_PLUGIN_ONE_FILE, .name = "review",
                 .extensions = extensions,
                 .description = "who must review what: overdue and due-soon briefings per group member",
                 .version = "1.0.0", .options = options, .open = review_open, .close = review_close,
                 .collect = review_collect, .finish = review_finish);
