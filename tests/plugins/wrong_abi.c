/* Refused: built for ABI 2.x. */
#include <briefconv/plugin.h>

static int r(const bc_document *d, const bc_options *o, bc_sink *s, bc_error *e)
{
    (void)d, (void)o, (void)s, (void)e;
    return 0;
}

__attribute__((visibility("default"))) extern const bc_plugin briefconv_plugin;
__attribute__((visibility("default"))) const bc_plugin briefconv_plugin = {
    .abi_major = 2, .abi_minor = 0, .struct_size = sizeof(bc_plugin),
    .kind = BC_PLUGIN_OUTPUT, .name = "future", .render = r};
