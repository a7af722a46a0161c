/* call.h — one call into a plugin (call.c), internal to the library. */
#ifndef BC_CALL_H
#define BC_CALL_H

#include <briefconv/host.h>

#include "source.h"

/* A read or render with an instance's STATE (NULL: the plugin's 1.0 entry points may be used). */
bc_document *bci_read_file(const bc_plugin *in, void *state, const char *path, const bc_options *opts,
                           bc_error *err);
bc_document *bci_read_source(const bc_plugin *in, void *state, bc_source *src, const bc_options *opts,
                             bc_error *err);
int bci_render(const bc_plugin *out, void *state, const bc_document *doc, const bc_item *item,
               const bc_options *opts, bc_sink *sink, bc_error *err);
/* True when P needs an instance: it has `open`, or only the 1.1 entry points. */
bool bci_needs_instance(const bc_plugin *p);
/* Whether IN can read; else false with ERR set, naming NAME. */
bool bci_is_input(const bc_plugin *in, const char *name, bc_error *err);
/* Names NAME as ERR's file unless it names one already. */
void bci_name_file(bc_error *err, const char *name);

#endif
