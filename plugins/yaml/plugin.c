/*
 * plugin.c — the YAML input plugin: the descriptor, its options (the
 * limits), and read(), which reads the input under max-size and hands it to
 * the event-driven reader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "yp.h"

/* Bounds keep every count in an int32/size_t comfortably and recursion
 * (one C frame per YAML level) far from any thread's stack limit. */
#define MAX_SIZE_CEILING (1LL << 30)
#define MAX_DEPTH_CEILING 10000
#define MAX_NODES_CEILING 100000000LL

static const bc_option_spec options[] = {
    {"max-size", BC_OPTION_SIZE, YP_DEFAULT_MAX_SIZE,
     "largest input accepted, in bytes (K, M, G suffixes); bigger files are refused unread", NULL, 1,
     MAX_SIZE_CEILING},
    {"max-depth", BC_OPTION_INT, YP_DEFAULT_MAX_DEPTH,
     "deepest YAML nesting, and deepest Markdown nesting (lists, quotes, emphasis, links) in one value",
     NULL, 1, MAX_DEPTH_CEILING},
    {"max-nodes", BC_OPTION_INT, YP_DEFAULT_MAX_NODES,
     "most YAML nodes plus Markdown nodes in one briefing", NULL, 1, MAX_NODES_CEILING},
    {"smart", BC_OPTION_BOOL, "true",
     "smart punctuation: curly quotes and apostrophes, -- and --- as dashes, ... as an ellipsis "
     "(never in code or URLs)",
     NULL, 0, 0},
    {"warnings", BC_OPTION_BOOL, "true",
     "report what the reader changed (control characters dropped, table cells lost) on standard error", NULL, 0,
     0},
    {NULL, 0, NULL, NULL, NULL, 0, 0},
};


static int yp_init(bc_error *err)
{
    /* Process-wide registration, once, before any read (plugin.h). */
    if (yp_cmheap_register_extensions() != 0) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    if (!cmark_find_syntax_extension("table") || !cmark_find_syntax_extension("autolink") ||
        !cmark_find_syntax_extension("strikethrough")) {
        bc_error_set(err, 0, 0, "cmark-gfm's table, autolink and strikethrough extensions are not available");
        return -1;
    }
    return 0;
}

static void yp_fini(void)
{
    cmark_release_plugins();
}

/* "16 MiB" for a whole number of KiB/MiB/GiB, else bytes. */
static void human_size(char *buf, size_t size, long long n)
{
    if (n >= (1LL << 30) && n % (1LL << 30) == 0)
        snprintf(buf, size, "%lld GiB", n >> 30);
    else if (n >= (1LL << 20) && n % (1LL << 20) == 0)
        snprintf(buf, size, "%lld MiB", n >> 20);
    else if (n >= (1LL << 10) && n % (1LL << 10) == 0)
        snprintf(buf, size, "%lld KiB", n >> 10);
    else
        snprintf(buf, size, "%lld bytes", n);
}

static void too_big(bc_error *err, size_t limit)
{
    char shown[32];
    human_size(shown, sizeof shown, (long long)limit);
    /* The whole file is what is refused: point at its start. */
    bc_error_set(err, 1, 1, "the input is larger than the max-size limit of %s (-O max-size=SIZE raises it)",
                 shown);
}

/*
 * Reads the whole input, never more than LIMIT + 1 bytes: a file whose size
 * is known to be over the limit is refused before a byte is read, and a pipe
 * is cut off as soon as it passes it. Caller frees *OUT.
 */
static int read_input(bc_source *src, size_t limit, unsigned char **out, size_t *out_len, bc_error *err)
{
    long long known = bc_source_size(src);
    if (known > (long long)limit) {
        too_big(err, limit);
        return -1;
    }
    size_t cap = known >= 0 ? (size_t)known + 1 : 64 * 1024;
    if (cap > limit + 1)
        cap = limit + 1;
    size_t len = 0;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    for (;;) {
        if (len == cap) {
            if (cap > limit) {
                free(buf);
                too_big(err, limit);
                return -1;
            }
            size_t grown = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            unsigned char *p = realloc(buf, grown);
            if (!p) {
                free(buf);
                bc_error_set(err, 0, 0, "out of memory");
                return -1;
            }
            buf = p;
            cap = grown;
        }
        long long n = bc_source_read(src, buf + len, cap - len, err);
        if (n < 0) {
            free(buf);
            bc_error_set(err, 0, 0, "read error");
            return -1;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    if (len > limit) {
        free(buf);
        too_big(err, limit);
        return -1;
    }
    *out = buf;
    *out_len = len;
    return 0;
}

static long long option(const bc_options *opts, const char *name, long long fallback, long long ceiling)
{
    long long v = opts ? bc_options_get_int(opts, name, fallback) : fallback;
    return v < 1 ? fallback : v > ceiling ? ceiling : v;
}

static bc_document *yp_read(bc_source *src, const bc_options *opts, bc_error *err)
{
    yp_ctx c;
    unsigned char *input = NULL;
    size_t len = 0;
    int rc = -1;
    memset(&c, 0, sizeof c);
    c.err = err;
    c.lim.max_size = (size_t)option(opts, "max-size", 16LL << 20, MAX_SIZE_CEILING);
    c.lim.max_depth = (int)option(opts, "max-depth", 64, MAX_DEPTH_CEILING);
    c.lim.max_nodes = option(opts, "max-nodes", 1000000, MAX_NODES_CEILING);
    c.smart = opts ? bc_options_get_bool(opts, "smart", true) : true;
    c.warn = opts ? bc_options_get_bool(opts, "warnings", true) : true;
    c.name = bc_source_name(src) ? bc_source_name(src) : "<input>";

    if (read_input(src, c.lim.max_size, &input, &len, err) != 0)
        return NULL;
    c.src = input;
    c.src_len = len;
    if (len >= 2 && ((input[0] == 0xFF && input[1] == 0xFE) || (input[0] == 0xFE && input[1] == 0xFF))) {
        bc_error_set(err, 1, 1, "the file is UTF-16: a briefing must be UTF-8");
        goto done;
    }
    if (len >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF)
        c.bom = 3; /* libyaml skips it; positions must too */

    c.doc = bc_document_new();
    if (!c.doc || bc_document_set_source_name(c.doc, bc_source_name(src)) != 0) {
        yp_oom(&c);
        goto done;
    }
    if (!yaml_parser_initialize(&c.parser)) {
        yp_oom(&c);
        goto done;
    }
    c.parser_ready = true;
    yaml_parser_set_input_string(&c.parser, input, len);
    if (yp_md_init(&c) != 0)
        goto done;
    rc = yp_read_stream(&c);
done:
    yp_event_done(&c);
    if (c.parser_ready)
        yaml_parser_delete(&c.parser);
    yp_md_free(&c);
    bcp_buf_free(&c.smart_buf);
    free(input);
    if (rc == 0)
        yp_warn_summary(&c);
    if (rc != 0) {
        if (!bc_error_is_set(err))
            bc_error_set(err, 0, 0, "cannot read the briefing");
        bc_document_free(c.doc);
        return NULL;
    }
    return c.doc;
}

static const char *const aliases[] = {"yml", NULL};
static const char *const extensions[] = {"yaml", "yml", NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_INPUT, .name = "yaml", .aliases = aliases, .extensions = extensions,
                 .description = "briefing format version 1 (YAML with CommonMark text)",
                 .version = "1.0.0", .options = options, .init = yp_init, .fini = yp_fini,
                 .read = yp_read);
