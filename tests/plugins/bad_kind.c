/* Refused: neither input nor output. */
#include <briefconv/plugin.h>

BC_PLUGIN_DEFINE(.kind = (bc_plugin_kind)3, .name = "sideways");
