/* Refused: init reports an error (e.g. a library it needs is unusable). */
#include <briefconv/plugin.h>

static int bad_init(bc_error *err)
{
    bc_error_set(err, 0, 0, "init_fail: cannot start its engine");
    return -1;
}

static int r(const bc_document *d, const bc_options *o, bc_sink *s, bc_error *e)
{
    (void)d, (void)o, (void)s, (void)e;
    return 0;
}

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .name = "initfail", .init = bad_init, .render = r);
