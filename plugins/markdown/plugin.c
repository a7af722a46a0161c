/*
 * plugin.c — the `markdown` output format (alias `md`): CommonMark with
 * GFM pipe tables, which any CommonMark reader turns back into the same text.
 */
#include <string.h>

#include "md.h"

static int render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    (void)opts;
    if (md_render_document(doc, sink, err) != 0)
        return -1;
    if (bc_sink_status(sink) != 0) {
        bc_error_set(err, 0, 0, "cannot write the Markdown output: %s", strerror(bc_sink_status(sink)));
        return -1;
    }
    return 0;
}

static const char *const aliases[] = {"md", NULL};
static const char *const extensions[] = {"md", "markdown", NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .name = "markdown", .aliases = aliases,
                 .extensions = extensions,
                 .description = "CommonMark with GFM tables, for wikis and repositories",
                 .version = "1.0.0", .render = render);
