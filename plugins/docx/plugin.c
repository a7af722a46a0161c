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

static void docx_fini(void)
{
    docx_compress_fini();
}

static int docx_plugin_render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    docx_options o = {0};
    const char *page = opts ? bc_options_get(opts, "page") : NULL;
    const char *ref = opts ? bc_options_get(opts, "reference-doc") : NULL;
    o.letter = page && strcmp(page, "letter") == 0;
    o.reference_doc = ref && *ref ? ref : NULL;
    return docx_render(doc, &o, sink, err);
}

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .flags = BC_PLUGIN_BINARY, .name = "docx",
                 .extensions = extensions, .description = "Word document (Office Open XML, .docx)",
                 .version = "1.0.0", .options = options, .init = docx_init, .fini = docx_fini, .render = docx_plugin_render);
