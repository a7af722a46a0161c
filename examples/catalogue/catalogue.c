/*
 * catalogue.c — an out-of-tree COLLECTION plugin: the librarian's spreadsheet
 * of a whole collection. `briefconv -t docx,catalogue -o out/ briefings/`
 * writes out/catalogue.csv (RFC 4180: CRLF line ends, fields quoted when they
 * hold a comma, a quote or a line break), one row per briefing in input
 * order, with the relative path of every per-briefing file the run wrote.
 * Alone (`-t catalogue briefings/`) it writes to standard output or -o FILE.
 *
 * It keeps nothing per briefing: each row is written as the briefing comes
 * in (collect runs in input order, one at a time), so memory does not grow
 * with the collection.
 *
 * Build from the installed SDK alone:
 *     cc -shared -fPIC -o catalogue.so catalogue.c $(pkg-config --cflags --libs briefconv)
 */
#include <briefconv/plugin.h>

#include <stdlib.h>
#include <string.h>

typedef struct catalogue {
    bc_run *run;
    bc_sink *csv; /* created at the first briefing: a run may not create files in open */
} catalogue;

static const char *const columns[] = {"path", "title", "type", "published", "updated", "review_due",
                                      "audience", "responsible", "tags", "outputs", NULL};

/* One field, quoted only when it has to be. */
static void put_field(bc_sink *out, const char *s, int first)
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

/* A date field as YYYY-MM-DD (or YYYY-MM, YYYY); free text as written. */
static void put_date(bc_sink *out, const bc_document *doc, bc_field field)
{
    bc_date date;
    char iso[16];
    if (bc_document_date(doc, field, &date) && bc_date_format_iso(date, iso, sizeof iso) > 0)
        put_field(out, iso, 0);
    else
        put_field(out, bc_document_text(doc, field), 0);
}

/* An inline field as plain text without citations; -1 on OOM. */
static int put_inline(bc_sink *out, const bc_document *doc, bc_field field, int first)
{
    const bc_node *node = bc_document_field(doc, field);
    char *text = node ? bc_node_plain_text_without_citations(node) : NULL;
    if (node && !text)
        return -1;
    put_field(out, text, first);
    free(text);
    return 0;
}

/* Items of a list joined with "; " into one field; -1 on OOM. */
static int put_joined(bc_sink *out, size_t count, const char *(*get)(const void *, size_t), const void *from)
{
    bc_sink *joined = bc_sink_new_memory();
    if (!joined)
        return -1;
    for (size_t i = 0; i < count; i++)
        bc_sink_printf(joined, "%s%s", i ? "; " : "", get(from, i));
    bc_sink_putc(joined, '\0');
    size_t len;
    const unsigned char *text = bc_sink_memory_data(joined, &len);
    int rc = bc_sink_status(joined) == 0 ? 0 : -1;
    if (rc == 0)
        put_field(out, (const char *)text, 0);
    bc_sink_free(joined);
    return rc;
}

static const char *tag_of(const void *doc, size_t i)
{
    return bc_document_tag(doc, i);
}

static const char *output_of(const void *item, size_t i)
{
    return bc_item_output_path(item, i);
}

static int catalogue_open(bc_run *run, const bc_options *opts, void **state, bc_error *err)
{
    (void)opts;
    catalogue *c = calloc(1, sizeof *c);
    if (!c) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    c->run = run;
    *state = c;
    return 0;
}

/* The file and its header row, once. */
static int start(catalogue *c, bc_error *err)
{
    if (c->csv)
        return 0;
    if (!(c->csv = bc_run_create(c->run, "catalogue.csv", err)))
        return -1;
    for (size_t i = 0; columns[i]; i++)
        put_field(c->csv, columns[i], i == 0);
    bc_sink_puts(c->csv, "\r\n");
    return 0;
}

static int catalogue_collect(void *state, const bc_document *doc, const bc_item *item, bc_error *err)
{
    catalogue *c = state;
    if (start(c, err) != 0)
        return -1;
    bc_sink *out = c->csv;
    put_field(out, bc_item_path(item), 1);
    int rc = put_inline(out, doc, BC_FIELD_TITLE, 0);
    put_field(out, bc_document_text(doc, BC_FIELD_TYPE), 0);
    put_date(out, doc, BC_FIELD_PUBLISHED);
    put_date(out, doc, BC_FIELD_UPDATED);
    put_date(out, doc, BC_FIELD_REVIEW_DUE);
    if (rc == 0)
        rc = put_inline(out, doc, BC_FIELD_AUDIENCE, 0);
    put_field(out, bc_document_text(doc, BC_FIELD_RESPONSIBLE), 0);
    if (rc == 0)
        rc = put_joined(out, bc_document_tag_count(doc), tag_of, doc);
    if (rc == 0)
        rc = put_joined(out, bc_item_output_count(item), output_of, item);
    bc_sink_puts(out, "\r\n");
    if (rc != 0)
        bc_error_set(err, 0, 0, "out of memory");
    return rc;
}

static int catalogue_finish(void *state, bc_error *err)
{
    catalogue *c = state;
    if (start(c, err) != 0) /* a run of no briefings still gets its header row */
        return -1;
    int rc = bc_run_commit(c->run, c->csv, err);
    c->csv = NULL;
    return rc;
}

static void catalogue_close(void *state)
{
    catalogue *c = state;
    free(c); /* a file never committed is discarded by the host */
}

static const char *const extensions[] = {"csv", NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_COLLECTION, .flags = BC_PLUGIN_ONE_FILE, .name = "catalogue",
                 .extensions = extensions, .description = "one CSV row per briefing of the run (catalogue.csv)",
                 .version = "1.0.0", .open = catalogue_open, .close = catalogue_close,
                 .collect = catalogue_collect, .finish = catalogue_finish);
