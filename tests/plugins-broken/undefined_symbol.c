/*
 * A plugin that needs a function no library provides (as one built against
 * a newer core would): dlopen with RTLD_NOW fails, and the host must say so
 * naming the file and the missing symbol. Built without --no-undefined so
 * the linker lets it through.
 */
#include <briefconv/plugin.h>

/* Declared here only; nothing defines it. */
int bc_function_from_the_future(bc_sink *sink);

static int undefined_render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    (void)doc;
    (void)opts;
    (void)err;
    return bc_function_from_the_future(sink);
}

static const char *const undefined_extensions[] = {"broken", NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT,
                 .name = "broken-undefined",
                 .extensions = undefined_extensions,
                 .description = "needs a symbol nothing defines",
                 .version = "1.0.0",
                 .render = undefined_render);
