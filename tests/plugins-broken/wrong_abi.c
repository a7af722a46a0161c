/*
 * A plugin built for another major ABI: the host must refuse it by its
 * abi_major before it reads anything else. Written out by hand because
 * BC_PLUGIN_DEFINE always stamps the current major.
 */
#include <briefconv/plugin.h>

static int wrong_abi_render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    (void)doc;
    (void)opts;
    (void)err;
    return bc_sink_puts(sink, "must never run\n");
}

static const char *const wrong_abi_extensions[] = {"broken", NULL};

BC_PLUGIN_EXPORT extern const bc_plugin briefconv_plugin;
BC_PLUGIN_EXPORT const bc_plugin briefconv_plugin = {
    .abi_major = BC_ABI_MAJOR + 1,
    .abi_minor = 0,
    .struct_size = (uint32_t)sizeof(bc_plugin),
    .kind = BC_PLUGIN_OUTPUT,
    .name = "broken-wrong-abi",
    .extensions = wrong_abi_extensions,
    .description = "built for the next major ABI",
    .version = "9.9.9",
    .render = wrong_abi_render,
};
