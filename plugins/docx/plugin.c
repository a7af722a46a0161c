/*
 * plugin.c — the descriptor of the DOCX output plugin and its options:
 *   page=a4|letter        page size (A4 by default), 2.54 cm margins
 *   reference-doc=FILE    a .docx whose styles, page set-up, header and
 *                         footer replace the built-in ones (as pandoc's
 *                         --reference-doc)
 */
#include "docx.h"

#include <zip.h>

#include <string.h>

#include <briefconv/plugin.h>
#include <libxml/parser.h>

static const bc_option_spec options[] = {
    {.name = "page",
     .type = BC_OPTION_CHOICE,
     .default_value = "a4",
     .help = "page size: a4 or letter (margins 2.54 cm)",
     .choices = "a4|letter"},
    {.name = "reference-doc",
     .type = BC_OPTION_FILE,
     .help = "a .docx whose styles, page set-up, header and footer to use"},
    {.name = NULL},
};

static const char *const extensions[] = {"docx", NULL};

/* libxml2's process-wide set-up, once, before any thread renders. */
static int docx_init(bc_error *err)
{
    (void)err;
    xmlInitParser();
    /*
     * libzip 1.7 fills two static values on its first zip_open_from_source,
     * without a lock (helgrind saw two batch threads race there). Init runs
     * once, before any thread renders, so the first call is made here.
     */
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &ze) : NULL;
    if (za)
        zip_discard(za); /* frees SRC with it */
    else if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
    return 0;
}

/*
 * The run's options as the writer takes them. The host has checked each
 * value against its declaration (a choice, a readable regular file), so
 * what is left to check here is what only the plugin knows: that the
 * reference document is a Word document it can use, at docx_run_open.
 * 0, or -1 with ERR set.
 */
static int docx_parse_options(const bc_options *opts, docx_options *o, bc_error *err)
{
    const char *page = opts ? bc_options_get(opts, "page") : NULL;
    const char *ref = opts ? bc_options_get(opts, "reference-doc") : NULL;
    memset(o, 0, sizeof *o);
    if (page && strcmp(page, "letter") != 0 && strcmp(page, "a4") != 0) {
        bc_error_set(err, 0, 0, "page: \"%s\" is not a4 or letter", page);
        return -1;
    }
    o->letter = page && strcmp(page, "letter") == 0;
    o->reference_doc = ref && *ref ? ref : NULL;
    return 0;
}

/*
 * Once per run: the options checked and the reference document read,
 * checked and merged here, so a bad one is one usage error before anything
 * is written rather than one failure per briefing; and the run's deflater.
 */
static int docx_open(bc_run *run, const bc_options *opts, void **state, bc_error *err)
{
    (void)run;
    docx_options o;
    *state = NULL;
    if (docx_parse_options(opts, &o, err) != 0)
        return -1;
    docx_run *r = docx_run_open(&o, err);
    if (!r)
        return -1;
    *state = r;
    return 0;
}

static void docx_close(void *state)
{
    docx_run_close(state);
}

/* From the -j threads at once, on one STATE: docx_run_render changes only the run's deflater, which locks. */
static int docx_render_item(void *state, const bc_document *doc, const bc_item *item, const bc_options *opts,
                            bc_sink *sink, bc_error *err)
{
    (void)item;
    (void)opts; /* the instance's, already taken in at open */
    return docx_run_render(state, doc, sink, err);
}

/* The ABI 1.0 entry, for a host that does not open instances: a run for this one briefing. */
static int docx_plugin_render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    docx_options o;
    if (docx_parse_options(opts, &o, err) != 0)
        return -1;
    return docx_render(doc, &o, sink, err);
}

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .flags = BC_PLUGIN_BINARY, .name = "docx",
                 .extensions = extensions, .description = "Word document (Office Open XML, .docx)",
                 .version = "1.0.0", .options = options, .init = docx_init, .render = docx_plugin_render, .open = docx_open,
                 .close = docx_close, .render_item = docx_render_item);
