/*
 * A descriptor shorter than the ABI 1.0 one (BC_PLUGIN_MIN_SIZE), as a
 * plugin compiled against a damaged or hand-edited header would export. The
 * exported object really is that short, so a host that read past
 * struct_size would read beyond it (ASan reports a global-buffer-overflow).
 */
#include <briefconv/plugin.h>

typedef struct truncated_plugin {
    uint16_t abi_major;
    uint16_t abi_minor;
    uint32_t struct_size;
    bc_plugin_kind kind;
    uint32_t flags;
    const char *name;
} truncated_plugin;

__attribute__((visibility("default"))) extern const truncated_plugin briefconv_plugin;
__attribute__((visibility("default"))) const truncated_plugin briefconv_plugin = {
    .abi_major = BC_ABI_MAJOR,
    .abi_minor = BC_ABI_MINOR,
    .struct_size = (uint32_t)sizeof(truncated_plugin),
    .kind = BC_PLUGIN_OUTPUT,
    .flags = 0,
    .name = "broken-truncated",
};
