/*
 * plugin.c — the plain-text output plugin's descriptor.
 *
 * Plain text meant to be pasted into an e-mail: UTF-8, LF line ends, wrapped
 * by display width, no trailing spaces, one blank line between blocks.
 */
#include <stddef.h>

#include <briefconv/plugin.h>

#include "render.h"

static const char *const plain_aliases[] = {"txt", NULL};
static const char *const plain_extensions[] = {"txt", NULL};

static const bc_option_spec plain_options[] = {
    {.name = "width",
     .type = BC_OPTION_INT,
     .default_value = "72",
     .help = "wrap lines at this many display columns (wide CJK and emoji count 2)",
     .min = PLAIN_WIDTH_MIN,
     .max = PLAIN_WIDTH_MAX},
    {.name = "wrap",
     .type = BC_OPTION_CHOICE,
     .default_value = "auto",
     .help = "auto: wrap at width; none: one line per paragraph, for mail clients that wrap",
     .choices = "auto|none"},
    {.name = NULL},
};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .flags = 0, .name = "plain", .aliases = plain_aliases,
                 .extensions = plain_extensions,
                 .description = "Plain text for e-mail: wrapped by display width, UTF-8",
                 .version = "1.0.0", .options = plain_options, .init = NULL, .fini = NULL, .read = NULL,
                 .render = plain_render);
