/*
 * Test input plugin "crashin" (files *.crashin) for tests/t_isolation.sh:
 * the "lines" reader (lines.c), except that it dereferences NULL on a file
 * whose name contains "bad".
 */
#include <briefconv/plugin.h>

#include <string.h>

/* lines.c's own descriptor is not this plugin's: its macro defines nothing here. */
#undef BC_PLUGIN_DEFINE
#define BC_PLUGIN_DEFINE(...)
#include "lines.c"
#undef BC_PLUGIN_DEFINE
#define BC_PLUGIN_DEFINE(...)                                                    \
    BC_PLUGIN_EXPORT extern const bc_plugin briefconv_plugin;                   \
    BC_PLUGIN_EXPORT const bc_plugin briefconv_plugin = {                       \
        .abi_major = BC_ABI_MAJOR,                                               \
        .abi_minor = BC_ABI_MINOR,                                               \
        .struct_size = (uint32_t)sizeof(bc_plugin),                              \
        __VA_ARGS__}

static const char *const *const crashin_lines_extensions __attribute__((unused)) = lines_extensions;
int *volatile crashin_null = NULL;

static bc_document *crashin_read(bc_source *src, const bc_options *opts, bc_error *err)
{
    if (strstr(bc_source_name(src), "bad"))
        *crashin_null = 1;
    return lines_read(src, opts, err);
}

static const char *const crashin_extensions[] = {"crashin", NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_INPUT, .name = "crashin", .extensions = crashin_extensions,
                 .description = "test reader: lines, crashing on *bad*", .version = "1", .read = crashin_read);
