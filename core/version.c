/* version.c — the library's run-time version. */
#include <briefconv/briefconv.h>

const char *bc_version(void)
{
    return BC_VERSION_STRING;
}
