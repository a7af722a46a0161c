/* Refused: needs a function nothing defines, so dlopen(RTLD_NOW) fails. */
#include <briefconv/plugin.h>

int bc_no_such_function(bc_sink *sink);

static int r(const bc_document *d, const bc_options *o, bc_sink *s, bc_error *e)
{
    (void)d, (void)o, (void)e;
    return bc_no_such_function(s);
}

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .name = "undefined", .render = r);
