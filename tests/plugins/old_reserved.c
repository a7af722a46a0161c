/*
 * Test OUTPUT plugin "oldres", built ONLY against the ABI 1.0 headers of
 * tests/abi10 (-I tests/abi10): a 1.0 plugin whose `reserved` slots, which
 * ABI 1.1 turned into open, close, read_item, render_item, collect and
 * finish, hold pointers to a function that aborts. A 1.1 host must read
 * those fields only from plugins with abi_minor >= 1, so it calls `render`
 * and never a reserved slot; if it ever does, the process dies with
 * "oldres: reserved slot N called".
 */
#include <briefconv/plugin.h>

#include <stdio.h>
#include <stdlib.h>

#if BC_ABI_MAJOR != 1 || BC_ABI_MINOR != 0
#error "old_reserved.c is built against the ABI 1.0 headers of tests/abi10 only"
#endif

#define SLOT(n)                                                                                                   \
    static void slot##n(void)                                                                                     \
    {                                                                                                             \
        fprintf(stderr, "oldres: reserved slot " #n " called\n");                                               \
        abort();                                                                                                  \
    }
SLOT(0)
SLOT(1)
SLOT(2)
SLOT(3)
SLOT(4)
SLOT(5)
SLOT(6)
SLOT(7)

static int oldres_render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    char *title = bc_node_plain_text(bc_document_field(doc, BC_FIELD_TITLE));
    (void)opts;
    if (!title) {
        bc_error_set(err, 0, 0, "oldres: out of memory");
        return -1;
    }
    bc_sink_printf(sink, "oldres: %s\n", title);
    free(title);
    return 0;
}

static const char *const oldres_extensions[] = {"oldres", NULL};

/* Function pointers stored as void *: what a careless 1.0 plugin might have put there. */
#define AS_VOID(f) ((void *)(size_t)(f))

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .name = "oldres", .extensions = oldres_extensions,
                 .description = "test writer built for ABI 1.0 with its reserved slots set",
                 .version = "1.0", .render = oldres_render,
                 .reserved = {AS_VOID(slot0), AS_VOID(slot1), AS_VOID(slot2), AS_VOID(slot3), AS_VOID(slot4),
                              AS_VOID(slot5), AS_VOID(slot6), AS_VOID(slot7)});
