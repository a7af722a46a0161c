/* Refused: a name that cannot be a -t format (a space); the warning must show it. */
#include <briefconv/plugin.h>

static int render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    (void)doc, (void)opts, (void)sink, (void)err;
    return 0;
}

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .name = "pdf out", .render = render);
