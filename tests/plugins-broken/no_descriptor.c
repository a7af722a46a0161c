/*
 * A shared object that loads fine but has no `briefconv_plugin` symbol
 * (a library dropped into the plugin directory by mistake, or a plugin
 * whose descriptor was left static). The host must refuse it by name.
 */
#include <briefconv/plugin.h>

__attribute__((visibility("default"))) int broken_no_descriptor_answer(void);

int broken_no_descriptor_answer(void)
{
    return 42;
}

/* A descriptor that is not exported, so dlsym cannot find it. */
static const char *const no_descriptor_extensions[] = {"broken", NULL};
__attribute__((used)) static const bc_plugin hidden_descriptor = {
    .abi_major = BC_ABI_MAJOR,
    .abi_minor = BC_ABI_MINOR,
    .struct_size = (uint32_t)sizeof(bc_plugin),
    .kind = BC_PLUGIN_OUTPUT,
    .name = "broken-no-descriptor",
    .extensions = no_descriptor_extensions,
};
