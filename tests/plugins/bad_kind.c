/* Refused: of no kind the host knows (3 became COLLECTION in ABI 1.1). */
#include <briefconv/plugin.h>

BC_PLUGIN_DEFINE(.kind = (bc_plugin_kind)99, .name = "sideways");
