/* render.h — the plain-text renderer (internal; the descriptor is in plain.c). */
#ifndef PLAIN_RENDER_H
#define PLAIN_RENDER_H

#include <briefconv/plugin.h>

enum { PLAIN_WIDTH_DEFAULT = 72, PLAIN_WIDTH_MIN = 20, PLAIN_WIDTH_MAX = 1000 };

/* The plugin's render entry point (see bc_plugin.render). */
int plain_render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err);

#endif
