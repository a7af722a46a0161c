/*
 * Test OUTPUT plugin "tally" (ABI 1.1): open/render_item/close with a state
 * shared by the -j threads, each call appended as one line to the file named
 * by -O log=FILE:
 *
 *   tally open width=W
 *   tally render INDEX PATH          (before it sleeps -O sleep-ms=MS)
 *   tally close renders=N
 *   tally VIOLATION ...              a broken promise of the host
 *
 * Its output for a briefing is one line, "tally PATH index=INDEX width=W".
 * -O fail-open=true makes open fail. -O width is an option the test writer
 * "dump" and the collection "counter" declare too.
 *
 * The name and extension can be changed at build time (-DTALLY_NAME='"x"'
 * -DTALLY_EXT='"csv"'), to make a writer whose outputs clash with a
 * collection's file.
 */
#include <briefconv/plugin.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef TALLY_NAME
#define TALLY_NAME "tally"
#endif
#ifndef TALLY_EXT
#define TALLY_EXT "tally"
#endif

#define MAGIC 0x74616c6cu

typedef struct tally {
    unsigned magic;
    const char *log;
    long long width, sleep_ms;
    pthread_mutex_t lock; /* guards renders: render_item runs on every -j thread */
    long renders;
} tally;

static void logf_(const char *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(const char *log, const char *fmt, ...)
{
    char line[4096];
    va_list ap;
    if (!log || !*log)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    ssize_t w = write(fd, line, (size_t)n);
    (void)w;
    close(fd);
}

static int tally_open(bc_run *run, const bc_options *opts, void **state, bc_error *err)
{
    const char *log = bc_options_get(opts, "log");
    (void)run;
    logf_(log, TALLY_NAME " open width=%lld", bc_options_get_int(opts, "width", -1));
    if (bc_options_get_bool(opts, "fail-open", false)) {
        bc_error_set(err, 0, 0, TALLY_NAME " told to fail in open");
        return -1;
    }
    tally *t = calloc(1, sizeof *t);
    if (!t || pthread_mutex_init(&t->lock, NULL) != 0) {
        free(t);
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    t->magic = MAGIC;
    t->log = log;
    t->width = bc_options_get_int(opts, "width", -1);
    t->sleep_ms = bc_options_get_int(opts, "sleep-ms", 0);
    *state = t;
    return 0;
}

static int tally_render_item(void *state, const bc_document *doc, const bc_item *item, const bc_options *opts,
                             bc_sink *sink, bc_error *err)
{
    tally *t = state;
    (void)doc;
    (void)opts;
    if (!t || t->magic != MAGIC) {
        bc_error_set(err, 0, 0, TALLY_NAME ": render_item without the state open returned");
        return -1;
    }
    pthread_mutex_lock(&t->lock);
    t->renders++;
    pthread_mutex_unlock(&t->lock);
    logf_(t->log, TALLY_NAME " render %zu %s", bc_item_index(item), bc_item_path(item));
    if (t->sleep_ms > 0) {
        struct timespec ts = {(time_t)(t->sleep_ms / 1000), (long)(t->sleep_ms % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
    bc_sink_printf(sink, TALLY_NAME " %s index=%zu width=%lld\n", bc_item_path(item), bc_item_index(item),
                   t->width);
    return 0;
}

static void tally_close(void *state)
{
    tally *t = state;
    if (!t || t->magic != MAGIC) {
        fprintf(stderr, TALLY_NAME " VIOLATION close without the state open returned\n");
        return;
    }
    logf_(t->log, TALLY_NAME " close renders=%ld", t->renders);
    t->magic = 0;
    pthread_mutex_destroy(&t->lock);
    free(t);
}

static const bc_option_spec tally_options[] = {
    {.name = "log", .type = BC_OPTION_STRING, .default_value = "", .help = "append a line per call to this file"},
    {.name = "fail-open", .type = BC_OPTION_BOOL, .default_value = "false", .help = "open fails"},
    {.name = "sleep-ms", .type = BC_OPTION_INT, .default_value = "0", .help = "sleep in each render",
     .min = 0, .max = 60000},
    {.name = "width", .type = BC_OPTION_INT, .default_value = "10", .help = "a number dump declares too",
     .min = 1, .max = 100},
    {.name = NULL},
};
static const char *const tally_extensions[] = {TALLY_EXT, NULL};
static const char *const tally_aliases[] = {TALLY_NAME "-alias", NULL};

/* Its renders count in STATE, which close reads: they run in the host's process (not isolated). */
BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .flags = BC_PLUGIN_IN_PROCESS, .name = TALLY_NAME, .aliases = tally_aliases,
                 .extensions = tally_extensions, .description = "test writer: open/render_item/close, counted",
                 .version = "1.1", .options = tally_options, .open = tally_open, .close = tally_close,
                 .render_item = tally_render_item);
