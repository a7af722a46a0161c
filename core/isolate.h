/* isolate.h — a render in a child process (internal to the library: isolate.c, instance.c). */
#ifndef BC_ISOLATE_H
#define BC_ISOLATE_H

#include <briefconv/host.h>

/*
 * As bci_render, in a forked child: PATH names the plugin's file in
 * messages, TIMEOUT (seconds, 0: none) ends a child that runs too long.
 * 0, or -1 with ERR set (the child's error, or how it ended).
 */
int bci_isolated_render(const char *path, double timeout, const bc_plugin *plugin, void *state,
                        const bc_document *doc, const bc_item *item, const bc_options *opts, bc_sink *sink,
                        bc_error *err);

/*
 * Reads INPUT with reader PLUGIN in a forked child and throws the document
 * away: 0 when it read, else -1 with ERR set (the reader's error, or how
 * the child ended). A probe before the host's own read (docs/limits.md).
 */
int bci_isolated_probe(const char *path, double timeout, const bc_plugin *plugin, void *state, const char *input,
                       const bc_options *opts, bc_error *err);

/*
 * Around every in-process plugin call (read, render, collect, finish) on
 * any thread: no fork happens while one runs, so no lock a plugin takes
 * inside a call (the YAML reader's parser lock, a writer's pool) can be
 * held by another thread at a fork and stay held, forever, in the child.
 * Calls run side by side; a fork waits for the running ones, and new calls
 * wait for the fork (a few hundred microseconds).
 */
void bci_plugin_call_begin(void);
void bci_plugin_call_end(void);

#endif
