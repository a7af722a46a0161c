/*
 * batch.c — many inputs to many formats: `briefconv -t docx,html -o OUTDIR INPUT...`.
 *
 * The inputs are walked twice (walk.c), so that memory does not grow with
 * their number. The first walk plans: it counts them and keeps only 64-bit
 * hashes of the output paths and the inputs' identities, enough to refuse,
 * before anything is written, two inputs that would write one output, an
 * output another needs as a folder, or an output that is an input (a hash
 * match is confirmed by walking again for the names, so a collision of
 * hashes never refuses a run). The second walk feeds a window of inputs to a
 * pool of threads; each input is read once and written in every format from
 * the same tree. Messages are kept per input and printed in input order, so
 * what a run prints does not depend on -j either; the window is only as
 * wide as that order needs.
 *
 * Every plugin of the run is opened once (an instance) before anything is
 * written and closed at the end. Collection formats (a site, a report) get
 * each briefing read, in input order, as its turn comes at the head of the
 * window (collect_ready), then write the run's files once the last is in.
 */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"

/*
 * The signal that asked the run to stop (SIGINT, SIGTERM), or 0: the one
 * mutable global, as a signal handler can reach nothing else. Set by the
 * handler; workers look at it before each input and each output. Atomic
 * rather than volatile sig_atomic_t, because other threads read it.
 */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "a signal handler may only store to a lock-free atomic");
static atomic_int stop_signal;

static void on_stop(int sig)
{
    atomic_store_explicit(&stop_signal, sig, memory_order_relaxed);
}

static int stopped(void)
{
    return atomic_load_explicit(&stop_signal, memory_order_relaxed);
}

typedef struct batch_input {
    const bc_plugin *in;
    bc_options *opts;
    bc_instance *inst;
    struct timespec plugin_time;
} batch_input;

/* A collection format of the run: sees every briefing, writes files for the whole run. */
typedef struct batch_collection {
    const bc_plugin *p;
    bc_options *opts;
    bc_instance *inst;
} batch_collection;

typedef struct batch_run {
    const cli_ctx *ctx;
    const char *out_dir;
    batch_format *formats;
    size_t nformats;
    batch_outputs to; /* the above, for plan.c */
    batch_input *inputs; /* one per input plugin the plan met */
    size_t ninputs;
    batch_collection *colls;
    size_t ncolls;
    bc_run *run;
    batch_plan plan;     /* kept, sorted, to check the collections' files against */
    size_t out_prefix;   /* bytes of OUTDIR/ in an output path */
    const char *one_file; /* a one-file collection's destination ("-": standard output), or NULL */
    size_t total;        /* inputs the plan found */
    batch_item *ring;    /* the window: inputs [head, tail) at index % window */
    size_t window;
    bool inline_work;    /* no thread could be started: the walk converts as it goes */
    pthread_mutex_t lock; /* guards what follows, and stderr while a log prints */
    pthread_cond_t work, space;
    size_t head, next, tail; /* printed before head, taken before next, found before tail */
    size_t collected;        /* handed to the collections before this (head <= collected <= tail) */
    bool collecting;         /* a thread is handing items to the collections */
    bool walk_done;
    size_t finished, converted, failed, up_to_date, partly;
    batch_progress progress;
} batch_run;

/* ---------------------------------------------------------------- messages */

/* Appends one line to IT's log; on OOM the line is lost, the failure is not. */
static void log_line(batch_item *it, const char *fmt, ...) BC_PRINTF(2, 3);

static void log_line(batch_item *it, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    char *log = realloc(it->log, it->log_len + (size_t)n + 2);
    if (!log) {
        it->log_lost = true;
        return;
    }
    it->log = log;
    va_start(ap, fmt);
    vsnprintf(log + it->log_len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    log[it->log_len + (size_t)n] = '\n';
    log[it->log_len + (size_t)n + 1] = '\0';
    it->log_len += (size_t)n + 1;
}

/* ERR into IT's log, naming FILE (escaped) when the error names none or the raw one. */
static void log_error(batch_item *it, bc_error *err, const char *raw, const char *shown)
{
    const char *file = bc_error_file(err);
    if (!file || strcmp(file, raw) == 0)
        bc_error_set_file(err, shown);
    char buf[2048];
    size_t n = bc_error_format(err, buf, sizeof buf);
    log_line(it, "%s%s", buf, n >= sizeof buf ? "..." : "");
}

/* Prints the logs of the finished inputs at the head of the window and frees their slots. Lock held. */
static void print_ready(batch_run *r)
{
    bool cleared = false;
    size_t head = r->head;
    size_t ready = r->ncolls ? r->collected : r->tail; /* a collection's error is part of the log */
    while (r->head < ready && r->ring[r->head % r->window].done) {
        batch_item *it = &r->ring[r->head++ % r->window];
        if (it->failed)
            r->failed++;
        else if (it->up_to_date)
            r->up_to_date++;
        else if (it->written == it->wanted)
            r->converted++;
        else if (it->written > 0)
            r->partly++; /* stopped between its formats: the ones written are whole */
        if (it->problem || it->log || it->log_lost) {
            if (!cleared)
                batch_progress_clear(&r->progress);
            cleared = true;
            if (it->problem)
                fprintf(stderr, "%s\n", it->problem);
            if (it->log)
                fputs(it->log, stderr);
            if (it->log_lost)
                fprintf(stderr, "%s: error: out of memory: a message about it was lost\n", it->shown);
        }
        batch_item_clear(it);
    }
    if (r->head != head)
        pthread_cond_broadcast(&r->space);
    batch_progress_show(&r->progress, r->finished, cleared);
}

/* ---------------------------------------------------------------- paths */

/* mkdir -p of PATH's parent folders; racing workers may make them first. */
static int make_parents(char *path, bc_error *err)
{
    for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        int rc = mkdir(path, 0777);
        int e = errno;
        if (rc != 0 && e != EEXIST) {
            char *shown = cli_escape_name(path);
            bc_error_set(err, 0, 0, "cannot create the folder %s: %s", shown ? shown : path, strerror(e));
            free(shown);
            *s = '/';
            return -1;
        }
        *s = '/';
    }
    return 0;
}

/* ---------------------------------------------------------------- converting */

static const batch_input *input_of(const batch_run *r, const bc_plugin *in)
{
    for (size_t i = 0; i < r->ninputs; i++)
        if (r->inputs[i].in == in)
            return &r->inputs[i];
    return NULL;
}

/* Converts one input to every format; the outcome goes into IT, and the document too when collections want it. */
static void convert_item(batch_run *r, batch_item *it)
{
    const cli_args *args = r->ctx->args;
    const batch_input *bi = input_of(r, it->in);
    if (!bi) { /* a file of a kind the plan did not meet: the folder changed between the walks */
        log_line(it, "%s: error: not found by the run's first walk (the folder changed); not converted", it->shown);
        it->failed = true;
        return;
    }
    bc_error *err = bc_error_new();
    bc_document *doc = NULL;
    bc_item *item = NULL;
    bool stale[64] = {false};
    size_t nstale = 0;
    struct timespec in_time;
    if (!err) {
        log_line(it, "%s: error: out of memory", it->shown);
        it->failed = true;
        return;
    }
    /* Only --update compares times; other runs write every format. */
    bool have_in_time = args->update && cli_file_time(it->path, &in_time);
    for (size_t f = 0; f < r->nformats; f++) {
        stale[f] = true;
        if (have_in_time) {
            char *out = batch_output_path(r->out_dir, it->rel, r->formats[f].ext);
            const struct timespec *deps[] = {&in_time, &bi->plugin_time, &r->formats[f].plugin_time};
            stale[f] = !out || !cli_newer_than_all(out, deps, 3);
            free(out);
        }
        nstale += stale[f];
    }
    it->wanted = (int)nstale;
    it->up_to_date = nstale == 0 && r->nformats > 0; /* a run of collections only converts every file */
    /* Collections see every briefing, up to date or not. */
    if ((nstale == 0 && r->ncolls == 0) || stopped())
        goto done;
    doc = bc_instance_read_file(bi->inst, it->path, err);
    if (!doc) {
        log_error(it, err, it->path, it->shown);
        it->failed = true;
        goto done;
    }
    if (args->verbose)
        log_line(it, "%s: read %s with %s", CLI_NAME, it->shown, it->in->name);
    if (!(item = bc_item_new(it->index, it->rel))) {
        log_line(it, "%s: error: out of memory", it->shown);
        it->failed = true;
        goto done;
    }
    for (size_t f = 0; f < r->nformats && !stopped(); f++) {
        const batch_format *bf = &r->formats[f];
        char *out = batch_output_path(r->out_dir, it->rel, bf->ext);
        char *shown = out && stale[f] ? cli_escape_name(out) : NULL;
        bc_error_clear(err);
        if (!out || (stale[f] && !shown)) {
            log_line(it, "%s: error: out of memory", it->shown);
            it->failed = true;
        } else if (!stale[f]) {
            if (bc_item_add_output(item, bf->out, out + r->out_prefix) != 0) {
                log_line(it, "%s: error: out of memory", it->shown);
                it->failed = true;
            }
        } else if (make_parents(out, err) != 0 || cli_render_to_file(doc, bf->inst, item, out, err) != 0) {
            log_error(it, err, out, shown);
            it->failed = true;
        } else {
            it->written++;
            if (bc_item_add_output(item, bf->out, out + r->out_prefix) != 0) {
                log_line(it, "%s: error: out of memory", it->shown);
                it->failed = true;
            }
            if (args->verbose)
                log_line(it, "%s: wrote %s as %s", CLI_NAME, shown, bf->out->name);
        }
        free(out);
        free(shown);
    }
    if (r->ncolls) { /* kept for collect_ready; freed with the slot */
        it->doc = doc;
        it->item = item;
        doc = NULL;
        item = NULL;
    }
done:
    bc_item_free(item);
    bc_document_free(doc);
    bc_error_free(err);
}

/* Hands IT's document to every collection, in the run's order. */
static void collect_item(batch_run *r, batch_item *it)
{
    bc_error *err = it->doc ? bc_error_new() : NULL;
    if (it->doc && !err) {
        log_line(it, "%s: error: out of memory", it->shown);
        it->failed = true;
    }
    for (size_t c = 0; err && c < r->ncolls && !stopped(); c++) {
        bc_error_clear(err);
        if (bc_instance_collect(r->colls[c].inst, it->doc, it->item, err) != 0) {
            log_error(it, err, it->path, it->shown);
            it->failed = true;
        }
    }
    bc_error_free(err);
    bc_document_free(it->doc);
    bc_item_free(it->item);
    it->doc = NULL;
    it->item = NULL;
}

/*
 * Hands the finished inputs at the front of the uncollected ones to the
 * collections, in input order, one thread at a time (collect is never
 * called twice at once) and without the lock, so the other workers go on.
 * Lock held.
 */
static void collect_ready(batch_run *r)
{
    if (r->ncolls == 0 || r->collecting)
        return;
    r->collecting = true;
    while (r->collected < r->tail && r->ring[r->collected % r->window].done) {
        batch_item *it = &r->ring[r->collected % r->window];
        pthread_mutex_unlock(&r->lock);
        collect_item(r, it);
        pthread_mutex_lock(&r->lock);
        r->collected++;
    }
    r->collecting = false;
}

/* Waits on COND for at most 50 ms, so that a stop asked by a signal is seen. Lock held. */
static void wait_briefly(pthread_cond_t *cond, pthread_mutex_t *lock)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 50 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(cond, lock, &until);
}

/* Marks IT done, hands what is ready to the collections and prints it. Lock held. */
static void finish_item(batch_run *r, batch_item *it)
{
    it->done = true;
    r->finished++;
    collect_ready(r);
    print_ready(r);
}

static void *worker(void *arg)
{
    batch_run *r = arg;
    pthread_mutex_lock(&r->lock);
    for (;;) {
        /* An input taken is always finished (and its messages printed), even
         * if the run is stopped right after: print_ready waits for it. */
        while (r->next == r->tail && !r->walk_done && !stopped())
            wait_briefly(&r->work, &r->lock);
        if (r->next == r->tail || stopped())
            break;
        batch_item *it = &r->ring[r->next++ % r->window];
        pthread_mutex_unlock(&r->lock);
        if (!it->problem)
            convert_item(r, it);
        pthread_mutex_lock(&r->lock);
        finish_item(r, it);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* The second walk's visitor: puts each input in the window, waiting for room. */
static int enqueue(void *user, const batch_found *f)
{
    batch_run *r = user;
    if (stopped())
        return 1;
    batch_item it = {.path = strdup(f->path), .rel = strdup(f->rel), .shown = cli_escape_name(f->path), .in = f->in,
                     .index = r->tail};
    if (f->problem && it.shown) {
        size_t need = strlen(it.shown) + strlen(f->problem) + 16;
        if ((it.problem = malloc(need)))
            snprintf(it.problem, need, "%s: error: %s", it.shown, f->problem);
        it.failed = true;
    }
    if (!it.path || !it.rel || !it.shown || (f->problem && !it.problem)) {
        batch_item_clear(&it);
        return -1;
    }
    pthread_mutex_lock(&r->lock);
    while (r->tail - r->head == r->window && !stopped())
        wait_briefly(&r->space, &r->lock);
    if (stopped()) {
        pthread_mutex_unlock(&r->lock);
        batch_item_clear(&it);
        return 1;
    }
    batch_item *slot = &r->ring[r->tail++ % r->window];
    *slot = it;
    if (r->inline_work) {
        r->next++;
        pthread_mutex_unlock(&r->lock);
        if (!slot->problem)
            convert_item(r, slot);
        pthread_mutex_lock(&r->lock);
        finish_item(r, slot);
    } else {
        pthread_cond_signal(&r->work);
    }
    pthread_mutex_unlock(&r->lock);
    return 0;
}

/* ---------------------------------------------------------------- the run */

/* -o names a folder: an existing one, or a path ending in '/'. */
static bool names_folder(const char *path)
{
    struct stat st;
    size_t len = strlen(path);
    return (len > 0 && path[len - 1] == '/') || (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

/* Adds OUT as a per-briefing format unless it is one already. CLI_OK, or CLI_USAGE (printed). */
static int add_format(batch_run *r, const bc_plugin *out, bc_instance *page_of, const char *given)
{
    for (size_t k = 0; k < r->nformats; k++)
        if (r->formats[k].out == out)
            return given ? cli_usage_error("format '%s' given twice", given) : CLI_OK;
    if (r->nformats == 64)
        return cli_usage_error("at most 64 formats in one run");
    batch_format *bf = &r->formats[r->nformats++];
    bf->out = out;
    bf->inst = page_of;
    bf->ext = out->extensions && out->extensions[0] ? out->extensions[0] : out->name;
    return CLI_OK;
}

/* The -t formats: per-briefing outputs into FORMATS, collections into COLLS (not opened yet). */
static int set_up_formats(batch_run *r)
{
    const cli_ctx *ctx = r->ctx;
    const cli_args *args = ctx->args;
    r->formats = calloc(64, sizeof *r->formats);
    r->colls = calloc(args->to_count, sizeof *r->colls);
    if (!r->formats || !r->colls)
        return cli_out_of_memory();
    for (size_t i = 0; i < args->to_count; i++) {
        const bc_plugin *out = cli_find_format(ctx, BC_PLUGIN_OUTPUT, args->to[i]);
        int rc = CLI_OK;
        if (!out)
            return CLI_USAGE;
        if (out->kind == BC_PLUGIN_OUTPUT) {
            rc = add_format(r, out, NULL, args->to[i]);
        } else {
            for (size_t k = 0; k < r->ncolls; k++)
                if (r->colls[k].p == out)
                    rc = cli_usage_error("format '%s' given twice", args->to[i]);
            r->colls[r->ncolls++].p = out;
        }
        if (rc != CLI_OK)
            return rc;
    }
    return CLI_OK;
}

/*
 * Opens the collections, which may ask for more per-briefing formats
 * (companions they link to), and adds each collection's own page per
 * briefing, after every other format so that it can link to them.
 */
static int open_collections(batch_run *r)
{
    int rc = CLI_OK;
    for (size_t c = 0; c < r->ncolls && rc == CLI_OK; c++)
        if ((r->colls[c].opts = cli_plugin_options(r->ctx, r->colls[c].p, &rc)))
            r->colls[c].inst = cli_open_instance(r->ctx, r->run, r->colls[c].p, r->colls[c].opts, &rc);
    for (size_t w = 0; w < bc_run_wanted_count(r->run) && rc == CLI_OK; w++)
        rc = add_format(r, bc_run_wanted(r->run, w), NULL, NULL);
    for (size_t c = 0; c < r->ncolls && rc == CLI_OK; c++)
        if (r->colls[c].p->render_item)
            rc = add_format(r, r->colls[c].p, r->colls[c].inst, NULL);
    return rc;
}

/* Checks -O against every plugin of the run, then opens the input plugins the plan met and the output formats. */
static int set_up_inputs(batch_run *r, const batch_plan *p)
{
    const cli_ctx *ctx = r->ctx;
    r->inputs = calloc(p->nins ? p->nins : 1, sizeof *r->inputs);
    const bc_plugin **all = calloc(r->nformats + p->nins + r->ncolls + 1, sizeof *all);
    int rc = CLI_OK;
    size_t nall = 0;
    if (!r->inputs || !all) {
        rc = cli_out_of_memory();
        goto done;
    }
    for (size_t i = 0; i < p->nins; i++) {
        r->inputs[r->ninputs++].in = p->ins[i];
        all[nall++] = p->ins[i];
    }
    for (size_t f = 0; f < r->nformats; f++)
        if (!r->formats[f].inst) /* a collection's page is the collection, listed next */
            all[nall++] = r->formats[f].out;
    for (size_t c = 0; c < r->ncolls; c++)
        all[nall++] = r->colls[c].p;
    rc = cli_check_settings(ctx, all, nall);
    for (size_t i = 0; i < r->ninputs && rc == CLI_OK; i++) {
        batch_input *bi = &r->inputs[i];
        if ((bi->opts = cli_plugin_options(ctx, bi->in, &rc)) &&
            (bi->inst = cli_open_instance(ctx, r->run, bi->in, bi->opts, &rc)))
            bi->plugin_time = cli_plugin_time(ctx->reg, bi->in, bi->opts);
    }
    for (size_t f = 0; f < r->nformats && rc == CLI_OK; f++) {
        batch_format *bf = &r->formats[f];
        if (bf->inst) {
            for (size_t c = 0; c < r->ncolls; c++)
                if (r->colls[c].p == bf->out)
                    bf->plugin_time = cli_plugin_time(ctx->reg, bf->out, r->colls[c].opts);
        } else {
            bf->opts_owned = true; /* the options and the instance, as far as they get made, are its own */
            if ((bf->opts = cli_plugin_options(ctx, bf->out, &rc)) &&
                (bf->inst = cli_open_instance(ctx, r->run, bf->out, bf->opts, &rc)))
                bf->plugin_time = cli_plugin_time(ctx->reg, bf->out, bf->opts);
        }
    }
done:
    free(all);
    return rc;
}

/* Closes every instance (each exactly once) and frees the options. */
static void close_all(batch_run *r)
{
    for (size_t f = 0; r->formats && f < r->nformats; f++)
        if (r->formats[f].opts_owned) {
            bc_instance_close(r->formats[f].inst);
            bc_options_free(r->formats[f].opts);
        }
    for (size_t c = 0; r->colls && c < r->ncolls; c++) {
        bc_instance_close(r->colls[c].inst);
        bc_options_free(r->colls[c].opts);
    }
    for (size_t i = 0; r->inputs && i < r->ninputs; i++) {
        bc_instance_close(r->inputs[i].inst);
        bc_options_free(r->inputs[i].opts);
    }
}

/* The collections write the run's files; CLI_OK or CLI_FAILED (printed). */
static int finish_collections(batch_run *r)
{
    int rc = CLI_OK;
    bc_error *err = bc_error_new();
    if (!err)
        return cli_out_of_memory();
    for (size_t c = 0; c < r->ncolls && !stopped(); c++) {
        bc_error_clear(err);
        if (bc_instance_finish(r->colls[c].inst, err) != 0) {
            if (!bc_error_file(err))
                bc_error_set_file(err, CLI_NAME);
            cli_print_error(err);
            rc = CLI_FAILED;
        } else if (r->ctx->args->verbose) {
            fprintf(stderr, "%s: wrote the %s collection\n", CLI_NAME, r->colls[c].p->name);
        }
    }
    bc_error_free(err);
    return rc;
}

/* bc_run's check of a collection's file: not a briefing's output, an output folder or an input. */
static int check_run_file(void *user, const char *path, bc_error *err)
{
    const batch_run *r = user;
    const char *why = batch_plan_claims(&r->plan, path);
    if (!why)
        return 0;
    char *shown = cli_escape_name(path);
    bc_error_set_file(err, shown ? shown : path);
    bc_error_set(err, 0, 0, "not written: %s", why);
    free(shown);
    return -1;
}

static size_t job_count(const cli_args *args, size_t items)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t jobs = args->jobs > 0 ? (size_t)args->jobs : cpus > 0 ? (size_t)cpus : 1;
    if (jobs > items)
        jobs = items;
    return jobs ? jobs : 1;
}

static void print_summary(const batch_run *r, size_t total)
{
    char extra[128] = "";
    size_t at = 0;
    if (r->ctx->args->update)
        at += (size_t)snprintf(extra + at, sizeof extra - at, ", %zu up to date", r->up_to_date);
    if (r->partly)
        at += (size_t)snprintf(extra + at, sizeof extra - at, ", %zu partly", r->partly);
    if (r->failed)
        snprintf(extra + at, sizeof extra - at, ", %zu failed", r->failed);
    size_t nformats = r->nformats; /* a collection with a page per briefing is among them already */
    for (size_t c = 0; c < r->ncolls; c++)
        nformats += !r->colls[c].p->render_item;
    fprintf(stderr, "%s%s %zu of %zu file%s (%zu format%s)%s\n", stopped() ? "interrupted: " : "", "converted",
            r->converted, total, total == 1 ? "" : "s", nformats, nformats == 1 ? "" : "s", extra);
}

static int run_pool(batch_run *r)
{
    const cli_args *args = r->ctx->args;
    size_t jobs = job_count(args, r->total);
    pthread_t *threads = calloc(jobs, sizeof *threads);
    size_t started = 0;
    /*
     * Wide enough that a slow input at the head rarely holds the others up;
     * narrow with collections, where every input finished ahead of a slow
     * head keeps its document (tens of KiB) until its turn to be collected:
     * that is what a collection run holds beyond a plain one.
     */
    r->window = r->ncolls ? 4 + 2 * jobs : 64 + 16 * jobs;
    r->ring = calloc(r->window, sizeof *r->ring);
    if (!threads || !r->ring) {
        free(threads);
        return cli_out_of_memory();
    }
#ifdef __GLIBC__
    /*
     * Every file allocates and frees about the same few hundred KiB. glibc
     * would hand the freed top of each thread's heap back to the kernel and
     * take it again for the next file (madvise, page faults, TLB shootdowns
     * between the threads: a tenth of a DOCX batch's time); keep it instead.
     * Memory stays flat: it is reused, file after file.
     */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 16 << 20);
#endif
    batch_progress_start(&r->progress, !args->quiet && isatty(STDERR_FILENO), r->total);
    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, r) != 0)
            break;
    r->inline_work = started == 0; /* no thread to be had: the walk does the work */
    int walked = batch_walk(r->ctx, r->out_dir, false, enqueue, r);
    pthread_mutex_lock(&r->lock);
    r->walk_done = true;
    pthread_cond_broadcast(&r->work);
    pthread_mutex_unlock(&r->lock);
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    pthread_mutex_lock(&r->lock);
    collect_ready(r);
    print_ready(r);
    batch_progress_clear(&r->progress);
    pthread_mutex_unlock(&r->lock);
    /* Inputs found but never taken (the run was stopped). */
    for (size_t i = r->head; i < r->tail; i++)
        batch_item_clear(&r->ring[i % r->window]);
    size_t total = r->tail > r->total ? r->tail : r->total; /* the folder may have changed since the plan */
    /* The run's files once every briefing is in; not after a stop, which would leave some out. */
    int finished = stopped() ? CLI_OK : finish_collections(r);
    /* -q keeps the summary when something went wrong: it is the run's verdict. */
    if (!args->quiet || stopped() || r->failed || walked != CLI_OK || finished != CLI_OK)
        print_summary(r, total);
    if (stopped())
        return 128 + stopped();
    return r->failed || walked != CLI_OK || finished != CLI_OK ? CLI_FAILED : CLI_OK;
}

bool cli_is_batch(const cli_ctx *ctx)
{
    const cli_args *args = ctx->args;
    struct stat st;
    if (args->check || args->list_plugins)
        return false;
    if (args->input_count > 1 || args->to_count > 1)
        return true;
    for (size_t i = 0; i < args->to_count; i++)
        if (!bc_registry_find(ctx->reg, BC_PLUGIN_OUTPUT, args->to[i]) &&
            bc_registry_find(ctx->reg, BC_PLUGIN_COLLECTION, args->to[i]))
            return true;
    for (size_t i = 0; i < args->input_count; i++)
        if (stat(args->inputs[i], &st) == 0 && S_ISDIR(st.st_mode))
            return true;
    /*
     * One file to one format stays a single conversion, -j and --update
     * included (`--update -o out.docx in.yaml` must not make a folder
     * out.docx), unless -o names a folder: an existing one, or a path
     * ending in '/'.
     */
    if ((args->jobs > 0 || args->update) && args->output)
        return names_folder(args->output);
    return false;
}

/* mkdir -p OUT_DIR, as late as possible: only a run that will write makes it. */
static int make_out_dir(const char *out_dir)
{
    size_t len = strlen(out_dir);
    char *path = malloc(len + 2);
    bc_error *err = bc_error_new();
    int rc = CLI_FAILED;
    if (!path || !err) {
        rc = cli_out_of_memory();
        goto done;
    }
    memcpy(path, out_dir, len);
    memcpy(path + len, "/", 2); /* so that make_parents makes OUT_DIR itself too */
    if (make_parents(path, err) == 0)
        rc = CLI_OK;
    else
        fprintf(stderr, "%s: %s\n", CLI_NAME, bc_error_message(err));
done:
    free(path);
    bc_error_free(err);
    return rc;
}

/*
 * An empty run is not an error, but a folder of files of another kind
 * probably is a mistake: a warning. With no input plugin loaded at all (a
 * broken install, or memory that ran out while loading it) nothing could
 * ever be found: that fails the run. CLI_OK or CLI_FAILED.
 */
static int nothing_found(const cli_ctx *ctx)
{
    char exts[512] = "";
    size_t at = 0, readers = 0;
    for (size_t i = 0; i < bc_registry_count(ctx->reg); i++) {
        const bc_plugin *p = bc_registry_plugin(ctx->reg, i);
        readers += p->kind == BC_PLUGIN_INPUT;
        for (size_t e = 0; p->kind == BC_PLUGIN_INPUT && p->extensions && p->extensions[e]; e++)
            if (at < sizeof exts) {
                int n = snprintf(exts + at, sizeof exts - at, "%s.%s", at ? ", " : "", p->extensions[e]);
                at += n > 0 ? (size_t)n : 0;
            }
    }
    if (readers == 0) {
        fprintf(stderr, "%s: error: no input plugin is loaded, so no input file can be found\n", CLI_NAME);
        return CLI_FAILED;
    }
    if (!ctx->args->quiet)
        fprintf(stderr, "%s: warning: no input files found (looked for %s)\n", CLI_NAME, at ? exts : "nothing");
    return CLI_OK;
}

/*
 * Where the run writes: OUTDIR (r->out_dir), or, when its only format is a
 * collection of one file (a report), -o FILE or standard output. CLI_OK or
 * CLI_USAGE (printed).
 */
static int choose_destination(batch_run *r)
{
    const cli_args *args = r->ctx->args;
    struct stat st;
    bool to_stdout = !args->output || strcmp(args->output, "-") == 0;
    bool one_file = r->nformats == 0 && r->ncolls == 1 && (r->colls[0].p->flags & BC_PLUGIN_ONE_FILE) &&
                    (to_stdout || !names_folder(args->output));
    if (one_file) {
        r->out_dir = NULL;
        r->one_file = to_stdout ? "-" : args->output;
        if (!to_stdout && stat(args->output, &st) == 0 && !S_ISREG(st.st_mode)) {
            char *shown = cli_escape_name(args->output);
            int rc = cli_usage_error("-o %s: not a regular file", shown ? shown : args->output);
            free(shown);
            return rc;
        }
        return CLI_OK;
    }
    if (to_stdout)
        return cli_usage_error("several inputs or formats need an output folder: -o FOLDER");
    if (stat(args->output, &st) == 0 && !S_ISDIR(st.st_mode)) {
        char *shown = cli_escape_name(args->output);
        int rc = cli_usage_error("-o %s: not a folder", shown ? shown : args->output);
        free(shown);
        return rc;
    }
    r->out_dir = args->output;
    r->out_prefix = batch_out_dir_prefix(args->output);
    return CLI_OK;
}

int cli_run_batch(const cli_ctx *ctx)
{
    const cli_args *args = ctx->args;
    batch_run r = {.ctx = ctx};
    struct sigaction sa, old_int, old_term;
    int rc;
    if (args->input_count == 0)
        return cli_usage_error("no input file or folder");
    if (args->to_count == 0)
        return cli_usage_error("no output format: use -t FORMAT[,FORMAT...]");
    if (pthread_mutex_init(&r.lock, NULL) != 0)
        return cli_usage_error("cannot create a lock");
    if (pthread_cond_init(&r.work, NULL) != 0 || pthread_cond_init(&r.space, NULL) != 0) {
        pthread_mutex_destroy(&r.lock);
        return cli_usage_error("cannot create a condition variable");
    }
    rc = set_up_formats(&r);
    if (rc == CLI_OK)
        rc = choose_destination(&r);
    if (rc == CLI_OK && !(r.run = bc_run_new(r.out_dir)))
        rc = cli_out_of_memory();
    if (rc == CLI_OK) {
        bc_run_set_registry(r.run, ctx->reg);
        if (r.one_file && bc_run_set_one_file(r.run, r.one_file) != 0)
            rc = cli_out_of_memory();
    }
    if (rc == CLI_OK) {
        rc = open_collections(&r);
    }
    if (rc == CLI_OK && !r.out_dir && r.nformats > 0)
        rc = cli_usage_error("%s writes a file per briefing too: it needs an output folder, -o FOLDER/",
                             r.colls[0].p->name);
    r.to = (batch_outputs){ctx, r.out_dir, r.formats, r.nformats};
    if (rc == CLI_OK)
        rc = batch_plan_walk(&r.to, &r.plan);
    r.total = r.plan.total;
    if (rc == CLI_OK && r.total == 0)
        rc = nothing_found(ctx);
    if (rc == CLI_OK)
        rc = set_up_inputs(&r, &r.plan);
    if (rc == CLI_OK)
        rc = batch_plan_check(&r.to, &r.plan);
    if (rc == CLI_OK && r.out_dir)
        rc = make_out_dir(r.out_dir);
    if (rc == CLI_OK) {
        bc_run_set_check(r.run, check_run_file, &r);
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_stop;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        cli_begin_run();
        rc = run_pool(&r);
        cli_end_run();
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
    }
    close_all(&r);
    bc_run_free(r.run);
    batch_plan_free(&r.plan);
    free(r.formats);
    free(r.colls);
    free(r.inputs);
    free(r.ring);
    pthread_cond_destroy(&r.work);
    pthread_cond_destroy(&r.space);
    pthread_mutex_destroy(&r.lock);
    return rc;
}
