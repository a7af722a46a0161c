/* Test output plugin "bin": binary output (a NUL, high bytes). */
#include <briefconv/plugin.h>

static int bin_render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    (void)doc, (void)opts, (void)err;
    static const unsigned char bytes[] = {'P', 'K', 0x03, 0x04, 0x00, 0xFF, 0xFE, '\n'};
    return bc_sink_write(sink, bytes, sizeof bytes);
}

static const char *const bin_extensions[] = {"bin", NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .flags = BC_PLUGIN_BINARY, .name = "bin", .extensions = bin_extensions,
                 .description = "test writer: binary bytes", .version = "0.1", .render = bin_render);
