/*
 * Test COLLECTION plugin "counter" (ABI 1.1): counts what the host calls and
 * appends one line per call to the file named by -O log=FILE, so that
 * tests/t_abi11.sh can check that open and close come once each, collect in
 * input order and never two at once, finish once after the last collect.
 *
 *   counter open width=W
 *   counter collect INDEX PATH outputs=FORMAT:PATH,...
 *   counter finish collects=N
 *   counter close collects=N finished=0|1
 *   counter VIOLATION ...            a broken promise of the host
 *
 * In finish it writes the file -O file=PATH (default counter.txt) under the
 * run's output folder: one line per briefing collected, "INDEX PATH". With
 * -O probe=true it tries bc_run_create with bad paths (in open, and in its
 * first collect) and logs each answer as "counter probe PATH: ok|refused:
 * MESSAGE". Other options: fail-open, fail-collect=INDEX, sleep-ms (in
 * collect), want=FORMAT (bc_run_want_format from open), width (a name that
 * the test writer "dump" declares too, to test -O scoping).
 *
 * Built with -DCOUNTER_PAGES it is "pages" instead: the same, plus a
 * render_item that writes a page per briefing (extension "page") listing the
 * outputs the run finished before it.
 */
#include <briefconv/plugin.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef COUNTER_PAGES
#define NAME "pages"
#else
#define NAME "counter"
#endif

#define MAGIC 0x636f756eu

typedef struct counter {
    unsigned magic;
    bc_run *run;
    const char *log;
    const char *file;
    long long fail_collect, sleep_ms;
    bool probe, probed;
    atomic_int busy;      /* inside collect: never two at once */
    long long last_index; /* of the previous collect: they come in input order */
    long collects;
    bool finished;
    bc_sink *out;         /* the lines of `file`, kept until finish */
} counter;

/* One line, in one write(2), so that lines from several threads never mix. */
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

static void sleep_ms(long long ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Tries bc_run_create on PATH and logs what the host said; commits what it allows. */
static void probe(counter *c, const char *path)
{
    bc_error *err = bc_error_new();
    bc_sink *s = err ? bc_run_create(c->run, path, err) : NULL;
    if (s) {
        bc_sink_printf(s, "probe %s\n", path);
        if (bc_run_commit(c->run, s, err) == 0)
            logf_(c->log, NAME " probe %s: ok", path ? path : "(null)");
        else
            logf_(c->log, NAME " probe %s: commit refused: %s", path ? path : "(null)", bc_error_message(err));
    } else {
        logf_(c->log, NAME " probe %s: refused: %s", path ? path : "(null)", err ? bc_error_message(err) : "OOM");
    }
    bc_error_free(err);
}

static int counter_open(bc_run *run, const bc_options *opts, void **state, bc_error *err)
{
    const char *log = bc_options_get(opts, "log");
    logf_(log, NAME " open width=%lld", bc_options_get_int(opts, "width", -1));
    if (bc_options_get_bool(opts, "fail-open", false)) {
        bc_error_set(err, 0, 0, NAME " told to fail in open");
        return -1;
    }
    const char *want = bc_options_get(opts, "want");
    if (want && *want && bc_run_want_format(run, want, err) != 0)
        return -1;
    counter *c = calloc(1, sizeof *c);
    if (!c) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    c->magic = MAGIC;
    c->run = run;
    c->log = log;
    c->file = bc_options_get(opts, "file");
    c->fail_collect = bc_options_get_int(opts, "fail-collect", -1);
    c->sleep_ms = bc_options_get_int(opts, "sleep-ms", 0);
    c->probe = bc_options_get_bool(opts, "probe", false);
    c->last_index = -1;
    if (c->probe)
        probe(c, "in-open.txt"); /* nothing may be created in open */
    *state = c;
    return 0;
}

static int counter_collect(void *state, const bc_document *doc, const bc_item *item, bc_error *err)
{
    counter *c = state;
    if (!c || c->magic != MAGIC) {
        bc_error_set(err, 0, 0, NAME ": collect without the state open returned");
        return -1;
    }
    if (atomic_fetch_add(&c->busy, 1) != 0)
        logf_(c->log, NAME " VIOLATION two collects at once");
    if (c->finished)
        logf_(c->log, NAME " VIOLATION collect after finish");
    long long index = (long long)bc_item_index(item);
    if (index <= c->last_index)
        logf_(c->log, NAME " VIOLATION collect %lld after %lld", index, c->last_index);
    c->last_index = index;
    if (!doc || !bc_document_field(doc, BC_FIELD_TITLE))
        logf_(c->log, NAME " VIOLATION collect without a document");

    char outs[2048] = "";
    size_t at = 0;
    for (size_t i = 0; i < bc_item_output_count(item) && at < sizeof outs; i++) {
        int n = snprintf(outs + at, sizeof outs - at, "%s%s:%s", i ? "," : "", bc_item_output_format(item, i),
                         bc_item_output_path(item, i));
        at += n > 0 ? (size_t)n : 0;
    }
    logf_(c->log, NAME " collect %lld %s outputs=%s", index, bc_item_path(item), outs);
    sleep_ms(c->sleep_ms);

    int rc = 0;
    if (c->probe && !c->probed) {
        c->probed = true;
        static const char *const bad[] = {"../x", "/abs", "a//b", "", "./a", "a/./b", "a/../b", "a/", "tab\there",
                                          NULL};
        for (size_t i = 0; bad[i]; i++)
            probe(c, bad[i]);
        probe(c, NULL);
        probe(c, "ok/sub.txt");
        probe(c, "ok/sub.txt"); /* the same file twice in one run */
    }
    if (index == c->fail_collect) {
        bc_error_set(err, 0, 0, NAME " told to fail at briefing %lld", index);
        rc = -1;
    } else {
        if (!c->out && !(c->out = bc_sink_new_memory())) {
            bc_error_set(err, 0, 0, "out of memory");
            rc = -1;
        } else {
            bc_sink_printf(c->out, "%lld %s\n", index, bc_item_path(item));
        }
        c->collects++;
    }
    atomic_fetch_sub(&c->busy, 1);
    return rc;
}

static int counter_finish(void *state, bc_error *err)
{
    counter *c = state;
    if (!c || c->magic != MAGIC) {
        bc_error_set(err, 0, 0, NAME ": finish without the state open returned");
        return -1;
    }
    if (c->finished)
        logf_(c->log, NAME " VIOLATION finish twice");
    c->finished = true;
    logf_(c->log, NAME " finish collects=%ld", c->collects);
    bc_sink *s = bc_run_create(c->run, c->file, err);
    if (!s)
        return -1;
    if (c->out) {
        size_t len;
        const unsigned char *data = bc_sink_memory_data(c->out, &len);
        bc_sink_write(s, data, len);
    }
    return bc_run_commit(c->run, s, err);
}

static void counter_close(void *state)
{
    counter *c = state;
    if (!c || c->magic != MAGIC) {
        /* No log to write to: say it where the test sees it. */
        fprintf(stderr, NAME " VIOLATION close without the state open returned\n");
        return;
    }
    logf_(c->log, NAME " close collects=%ld finished=%d", c->collects, c->finished ? 1 : 0);
    c->magic = 0;
    bc_sink_free(c->out);
    free(c);
}

#ifdef COUNTER_PAGES
/* The briefing's own page: rendered after every other format of the run. */
static int pages_render_item(void *state, const bc_document *doc, const bc_item *item, const bc_options *opts,
                             bc_sink *sink, bc_error *err)
{
    counter *c = state;
    (void)doc;
    (void)opts;
    if (!c || c->magic != MAGIC) {
        bc_error_set(err, 0, 0, NAME ": render_item without the state open returned");
        return -1;
    }
    bc_sink_printf(sink, "page of %s\n", bc_item_path(item));
    for (size_t i = 0; i < bc_item_output_count(item); i++)
        bc_sink_printf(sink, "links to %s %s\n", bc_item_output_format(item, i), bc_item_output_path(item, i));
    logf_(c->log, NAME " page %zu %s", bc_item_index(item), bc_item_path(item));
    return 0;
}
#endif

static const bc_option_spec counter_options[] = {
    {.name = "log", .type = BC_OPTION_STRING, .default_value = "", .help = "append a line per call to this file"},
    {.name = "fail-open", .type = BC_OPTION_BOOL, .default_value = "false", .help = "open fails"},
    {.name = "fail-collect", .type = BC_OPTION_INT, .default_value = "-1", .help = "collect of this index fails",
     .min = -1, .max = 1000000},
    {.name = "sleep-ms", .type = BC_OPTION_INT, .default_value = "0", .help = "sleep in each collect",
     .min = 0, .max = 60000},
    {.name = "file", .type = BC_OPTION_STRING, .default_value = "counter.txt", .help = "the run file finish writes"},
    {.name = "probe", .type = BC_OPTION_BOOL, .default_value = "false", .help = "try bad paths with bc_run_create"},
    {.name = "want", .type = BC_OPTION_STRING, .default_value = "", .help = "ask for this format in open"},
    {.name = "width", .type = BC_OPTION_INT, .default_value = "10", .help = "a number dump declares too",
     .min = 1, .max = 100},
    {.name = NULL},
};

#ifdef COUNTER_PAGES
static const char *const counter_extensions[] = {"page", NULL};
#else
static const char *const counter_extensions[] = {"txt", NULL};
#endif
static const char *const counter_aliases[] = {NAME "-alias", NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_COLLECTION, .name = NAME, .aliases = counter_aliases,
                 .extensions = counter_extensions, .description = "test collection: counts the host's calls",
                 .version = "1.1", .options = counter_options, .open = counter_open, .close = counter_close,
#ifdef COUNTER_PAGES
                 .render_item = pages_render_item,
#endif
                 .collect = counter_collect, .finish = counter_finish);
