/*
 * Test output plugin for tests/t_isolation.sh: writes "ok SOURCE" for every
 * briefing but one whose file name contains "bad", where it misbehaves as
 * CRASHY_MODE says (built once per mode, named after it):
 *   segv   dereferences NULL          abort  calls abort()
 *   fpe    divides by zero            hang   loops for ever
 *   err0   sets an error, returns 0 (with half an output written)
 *   esc    fails with a message holding ESC sequences and a newline
 *   exit0  calls exit(0)
 */
#include <briefconv/plugin.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CRASHY_MODE
#define CRASHY_MODE "segv"
#endif
/* Named after its mode unless told otherwise; -DCRASHY_IN_PROCESS flags it BC_PLUGIN_IN_PROCESS (not isolated). */
#ifndef CRASHY_NAME
#define CRASHY_NAME CRASHY_MODE
#endif
#ifdef CRASHY_IN_PROCESS
#define CRASHY_FLAGS BC_PLUGIN_IN_PROCESS
#else
#define CRASHY_FLAGS 0
#endif

/* Kept where the compiler cannot prove it zero, so the crash happens at run time. */
volatile int crashy_zero = 0;
int *volatile crashy_null = NULL;

static int crashy_render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    (void)opts;
    const char *name = bc_document_source_name(doc);
    if (!strstr(name, "bad"))
        return bc_sink_printf(sink, "ok %s\n", name);
    const char *mode = CRASHY_MODE;
    bc_sink_printf(sink, "partial output of %s\n", name);
    if (strcmp(mode, "segv") == 0)
        return *crashy_null;
    if (strcmp(mode, "abort") == 0)
        abort();
    if (strcmp(mode, "fpe") == 0) {
        /* Integer division by zero traps on x86; raise it where it does not. */
        int r = 1 / crashy_zero;
        raise(SIGFPE);
        return r;
    }
    if (strcmp(mode, "hang") == 0)
        for (;;)
            pause();
    if (strcmp(mode, "err0") == 0) {
        bc_error_set(err, 0, 0, "err0 gave up half way but returned 0");
        return 0;
    }
    if (strcmp(mode, "esc") == 0) {
        bc_error_set(err, 0, 0, "bad \x1b[31mred\x1b[0m text\nbriefconv: forged line");
        return -1;
    }
    if (strcmp(mode, "exit0") == 0)
        exit(0);
    return 0;
}

static const char *const crashy_exts[] = {CRASHY_NAME, NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .flags = CRASHY_FLAGS, .name = CRASHY_NAME, .extensions = crashy_exts,
                 .description = "misbehaves on a briefing named *bad* (tests)", .version = "1",
                 .render = crashy_render);
