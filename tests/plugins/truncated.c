/* Refused: a descriptor shorter than ABI 1.0's (the object really is that short). */
#include <briefconv/plugin.h>

struct short_plugin {
    uint16_t abi_major, abi_minor;
    uint32_t struct_size;
    bc_plugin_kind kind;
};

__attribute__((visibility("default"))) extern const struct short_plugin briefconv_plugin;
__attribute__((visibility("default"))) const struct short_plugin briefconv_plugin = {
    BC_ABI_MAJOR, BC_ABI_MINOR, sizeof(struct short_plugin), BC_PLUGIN_OUTPUT};
