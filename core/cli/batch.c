/*
 * batch.c — many inputs to many formats: `briefconv -t docx,html -o OUTDIR INPUT...`.
 *
 * The inputs are found first (walk.c) and every output path is checked
 * before anything is written: two inputs that would write one output, or an
 * output that is an input, stop the run at once. Then a pool of threads
 * takes the inputs in order; each input is read once and written in every
 * format from the same tree. Messages are kept per input and printed in
 * input order, so what a run prints does not depend on -j either.
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
#include <string.h>
#include <sys/stat.h>
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

typedef struct batch_format {
    const bc_plugin *out;
    bc_options *opts;
    const char *ext;
    struct timespec plugin_time; /* for --update; zero when unknown */
} batch_format;

typedef struct batch_input {
    const bc_plugin *in;
    bc_options *opts;
    struct timespec plugin_time;
} batch_input;

typedef struct batch_run {
    const cli_ctx *ctx;
    const char *out_dir;
    batch_list list;
    batch_format *formats;
    size_t nformats;
    batch_input *inputs;
    size_t ninputs;
    pthread_mutex_t lock; /* guards what follows, and stderr while a log prints */
    size_t next, printed, finished;
    size_t converted, failed, up_to_date, partly;
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
    if (!log)
        return;
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

/* Prints the logs of the finished inputs at the head of the list. Lock held. */
static void print_ready(batch_run *r)
{
    bool cleared = false;
    while (r->printed < r->list.count && r->list.items[r->printed].done) {
        batch_item *it = &r->list.items[r->printed++];
        if (it->problem || it->log) {
            if (!cleared)
                batch_progress_clear(&r->progress);
            cleared = true;
            if (it->problem)
                fprintf(stderr, "%s\n", it->problem);
            if (it->log)
                fputs(it->log, stderr);
        }
        free(it->log);
        it->log = NULL;
        it->log_len = 0;
    }
    batch_progress_show(&r->progress, r->finished, cleared);
}

/* ---------------------------------------------------------------- paths */

/* OUT_DIR/REL with REL's extension replaced by EXT. Caller frees. */
static char *output_path(const char *out_dir, const char *rel, const char *ext)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - rel) : strlen(rel);
    size_t dl = strlen(out_dir);
    while (dl > 1 && out_dir[dl - 1] == '/')
        dl--;
    size_t need = dl + 1 + stem + 1 + strlen(ext) + 1;
    char *p = malloc(need);
    if (p)
        snprintf(p, need, "%.*s/%.*s.%s", (int)dl, out_dir, (int)stem, rel, ext);
    return p;
}

/* mkdir -p of PATH's parent folders; racing workers may make them first. */
static int make_parents(char *path, bc_error *err)
{
    for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        int rc = mkdir(path, 0777);
        int e = errno;
        if (rc != 0 && e != EEXIST) {
            char *shown = batch_escape(path);
            bc_error_set(err, 0, 0, "cannot create the folder %s: %s", shown ? shown : path, strerror(e));
            free(shown);
            *s = '/';
            return -1;
        }
        *s = '/';
    }
    return 0;
}

static bool newer_or_same(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec >= b->tv_nsec);
}

/*
 * What an output of plugin P depends on besides its input, for --update: the
 * newest of P's file and of the files its options name (a DOCX template
 * given with -O reference-doc=...), so that a changed template re-issues
 * every output made with it. Zero when unknown.
 */
static struct timespec plugin_time(const bc_registry *reg, const bc_plugin *p, const bc_options *opts)
{
    struct timespec t = {0, 0};
    struct stat st;
    for (size_t i = 0; i < bc_registry_count(reg); i++)
        if (bc_registry_plugin(reg, i) == p) {
            const char *path = bc_registry_plugin_path(reg, i);
            if (path && stat(path, &st) == 0)
                t = st.st_mtim;
        }
    for (const bc_option_spec *o = p->options; opts && o && o->name; o++) {
        const char *file = o->type == BC_OPTION_FILE ? bc_options_get(opts, o->name) : NULL;
        if (file && *file && stat(file, &st) == 0 && !newer_or_same(&t, &st.st_mtim))
            t = st.st_mtim;
    }
    return t;
}

/* ---------------------------------------------------------------- converting */

static const batch_input *input_of(const batch_run *r, const bc_plugin *in)
{
    for (size_t i = 0; i < r->ninputs; i++)
        if (r->inputs[i].in == in)
            return &r->inputs[i];
    return NULL;
}

/* Converts one input to every format; the outcome goes into IT. */
static void convert_item(batch_run *r, batch_item *it)
{
    const cli_args *args = r->ctx->args;
    const batch_input *bi = input_of(r, it->in);
    bc_error *err = bc_error_new();
    bc_document *doc = NULL;
    bool stale[64] = {false};
    size_t nstale = 0;
    struct stat in_st;
    if (!err) {
        log_line(it, "%s: error: out of memory", it->shown);
        it->failed = true;
        return;
    }
    bool have_in_st = stat(it->path, &in_st) == 0;
    for (size_t f = 0; f < r->nformats; f++) {
        stale[f] = true;
        if (args->update && have_in_st) {
            char *out = output_path(r->out_dir, it->rel, r->formats[f].ext);
            struct stat out_st;
            if (out && stat(out, &out_st) == 0 && newer_or_same(&out_st.st_mtim, &in_st.st_mtim) &&
                newer_or_same(&out_st.st_mtim, &r->formats[f].plugin_time) &&
                newer_or_same(&out_st.st_mtim, &bi->plugin_time))
                stale[f] = false;
            free(out);
        }
        nstale += stale[f];
    }
    it->wanted = (int)nstale;
    if (nstale == 0) {
        it->up_to_date = true;
        goto done;
    }
    if (stopped())
        goto done;
    doc = bc_read_file(it->in, it->path, bi->opts, err);
    if (!doc) {
        log_error(it, err, it->path, it->shown);
        it->failed = true;
        goto done;
    }
    if (args->verbose)
        log_line(it, "%s: read %s with %s", CLI_NAME, it->shown, it->in->name);
    for (size_t f = 0; f < r->nformats && !stopped(); f++) {
        if (!stale[f])
            continue;
        const batch_format *bf = &r->formats[f];
        char *out = output_path(r->out_dir, it->rel, bf->ext);
        char *shown = out ? batch_escape(out) : NULL;
        bc_error_clear(err);
        if (!out || !shown) {
            log_line(it, "%s: error: out of memory", it->shown);
            it->failed = true;
        } else if (make_parents(out, err) != 0 ||
                   cli_render_to_file(doc, bf->out, bf->opts, out, err) != 0) {
            log_error(it, err, out, shown);
            it->failed = true;
        } else {
            it->written++;
            if (args->verbose)
                log_line(it, "%s: wrote %s as %s", CLI_NAME, shown, bf->out->name);
        }
        free(out);
        free(shown);
    }
done:
    bc_document_free(doc);
    bc_error_free(err);
}

static void *worker(void *arg)
{
    batch_run *r = arg;
    for (;;) {
        /* An input taken is always finished (and its messages printed), even
         * if the run is stopped right after: print_ready waits for it. */
        pthread_mutex_lock(&r->lock);
        size_t i = r->next;
        bool take = i < r->list.count && !stopped();
        if (take)
            r->next++;
        pthread_mutex_unlock(&r->lock);
        if (!take)
            break;
        batch_item *it = &r->list.items[i];
        if (!it->problem)
            convert_item(r, it);
        pthread_mutex_lock(&r->lock);
        it->done = true;
        r->finished++;
        if (it->failed)
            r->failed++;
        else if (it->up_to_date)
            r->up_to_date++;
        else if (it->written == it->wanted)
            r->converted++;
        else if (it->written > 0)
            r->partly++; /* stopped between its formats: the ones written are whole */
        print_ready(r);
        pthread_mutex_unlock(&r->lock);
    }
    return NULL;
}

/* ---------------------------------------------------------------- checks before writing */

typedef struct planned {
    char *path;
    size_t item;
} planned;

/* By path alone: finds any output at a path. */
static int by_path_only(const void *a, const void *b)
{
    return strcmp(((const planned *)a)->path, ((const planned *)b)->path);
}

static int by_path(const void *a, const void *b)
{
    const planned *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->item > y->item) - (x->item < y->item);
}

/* An input's identity, sorted so that each output is looked up in log time. */
typedef struct identity {
    dev_t dev;
    ino_t ino;
    size_t item;
} identity;

static int by_identity(const void *a, const void *b)
{
    const identity *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    return (x->ino > y->ino) - (x->ino < y->ino);
}

/* Prints "MESSAGE" with the escaped names A, B and C (C may be NULL); CLI_USAGE. */
static int refuse(const char *fmt, const char *a, const char *b, const char *c)
{
    char *ea = batch_escape(a), *eb = batch_escape(b), *ec = c ? batch_escape(c) : NULL;
    int rc = cli_usage_error(fmt, ea ? ea : "?", eb ? eb : "?", ec ? ec : "?");
    free(ea);
    free(eb);
    free(ec);
    return rc;
}

/*
 * Refuses, before anything is written, two inputs that would write one
 * output, an output that another output needs as a folder, and an output
 * that is one of the inputs. Every check is O(n log n) in the number of
 * outputs, so re-running over a big folder stays fast. CLI_OK or CLI_USAGE.
 */
static int check_outputs(const batch_run *r)
{
    size_t n = r->list.count * r->nformats, used = 0, nids = 0;
    planned *plan = calloc(n ? n : 1, sizeof *plan);
    identity *ids = calloc(r->list.count ? r->list.count : 1, sizeof *ids);
    int rc = CLI_OK;
    if (!plan || !ids) {
        rc = cli_usage_error("out of memory");
        goto done;
    }
    for (size_t i = 0; i < r->list.count && rc == CLI_OK; i++) {
        const batch_item *it = &r->list.items[i];
        if (it->problem)
            continue;
        if (it->have_id)
            ids[nids++] = (identity){it->dev, it->ino, i};
        for (size_t f = 0; f < r->nformats && rc == CLI_OK; f++) {
            plan[used].item = i;
            plan[used].path = output_path(r->out_dir, it->rel, r->formats[f].ext);
            if (!plan[used++].path)
                rc = cli_usage_error("out of memory");
        }
    }
    if (rc != CLI_OK)
        goto done;
    qsort(plan, used, sizeof *plan, by_path);
    qsort(ids, nids, sizeof *ids, by_identity);
    for (size_t k = 1; k < used && rc == CLI_OK; k++)
        if (strcmp(plan[k - 1].path, plan[k].path) == 0)
            rc = refuse("%s and %s would both be written to %s; nothing was written",
                        r->list.items[plan[k - 1].item].path, r->list.items[plan[k].item].path, plan[k].path);
    /* OUTDIR/a.docx as a file and OUTDIR/a.docx/b.docx (from a folder a.docx/) cannot both be. */
    for (size_t k = 0; k < used && rc == CLI_OK; k++) {
        char *p = strdup(plan[k].path); /* cut at each slash in turn; the sorted paths stay whole */
        if (!p) {
            rc = cli_usage_error("out of memory");
            break;
        }
        for (char *s = strchr(p + strlen(r->out_dir), '/'); s && rc == CLI_OK; s = strchr(s + 1, '/')) {
            *s = '\0';
            planned key = {p, 0};
            const planned *hit = bsearch(&key, plan, used, sizeof *plan, by_path_only);
            if (hit)
                rc = refuse("%s would write the file %s, which %s needs as a folder; nothing was written",
                            r->list.items[hit->item].path, p, r->list.items[plan[k].item].path);
            *s = '/';
        }
        free(p);
    }
    for (size_t k = 0; k < used && rc == CLI_OK; k++) {
        struct stat st;
        if (stat(plan[k].path, &st) != 0)
            continue;
        identity key = {st.st_dev, st.st_ino, 0};
        const identity *hit = bsearch(&key, ids, nids, sizeof *ids, by_identity);
        if (hit)
            rc = refuse("output %s is the input %s; refusing to overwrite it, nothing was written", plan[k].path,
                        r->list.items[hit->item].path, NULL);
    }
done:
    for (size_t k = 0; plan && k < used; k++)
        free(plan[k].path);
    free(plan);
    free(ids);
    return rc;
}

/* ---------------------------------------------------------------- the run */

static int set_up_formats(batch_run *r)
{
    const cli_ctx *ctx = r->ctx;
    const cli_args *args = ctx->args;
    r->formats = calloc(args->to_count, sizeof *r->formats);
    if (!r->formats)
        return cli_usage_error("out of memory");
    for (size_t i = 0; i < args->to_count; i++) {
        const bc_plugin *out = cli_find_format(ctx, BC_PLUGIN_OUTPUT, args->to[i]);
        if (!out)
            return CLI_USAGE;
        for (size_t k = 0; k < r->nformats; k++)
            if (r->formats[k].out == out)
                return cli_usage_error("format '%s' given twice", args->to[i]);
        batch_format *bf = &r->formats[r->nformats++];
        bf->out = out;
        bf->ext = out->extensions && out->extensions[0] ? out->extensions[0] : out->name;
    }
    if (r->nformats > 64)
        return cli_usage_error("at most 64 formats in one run");
    r->inputs = calloc(r->list.count ? r->list.count : 1, sizeof *r->inputs);
    const bc_plugin **all = calloc(r->nformats + r->list.count + 1, sizeof *all);
    int rc = CLI_OK;
    size_t nall = 0;
    if (!r->inputs || !all) {
        rc = cli_usage_error("out of memory");
        goto done;
    }
    for (size_t i = 0; i < r->list.count; i++) {
        const bc_plugin *in = r->list.items[i].in;
        if (in && !input_of(r, in)) {
            r->inputs[r->ninputs].in = in;
            r->ninputs++;
            all[nall++] = in;
        }
    }
    for (size_t f = 0; f < r->nformats; f++)
        all[nall++] = r->formats[f].out;
    rc = cli_check_settings(ctx, all, nall);
    for (size_t i = 0; i < r->ninputs && rc == CLI_OK; i++) {
        if (!(r->inputs[i].opts = cli_plugin_options(ctx, r->inputs[i].in)))
            rc = cli_usage_error("out of memory");
        else
            r->inputs[i].plugin_time = plugin_time(ctx->reg, r->inputs[i].in, r->inputs[i].opts);
    }
    for (size_t f = 0; f < r->nformats && rc == CLI_OK; f++) {
        if (!(r->formats[f].opts = cli_plugin_options(ctx, r->formats[f].out)))
            rc = cli_usage_error("out of memory");
        else
            r->formats[f].plugin_time = plugin_time(ctx->reg, r->formats[f].out, r->formats[f].opts);
    }
done:
    free(all);
    return rc;
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
    fprintf(stderr, "%s%s %zu of %zu file%s (%zu format%s)%s\n", stopped() ? "interrupted: " : "", "converted",
            r->converted, total, total == 1 ? "" : "s", r->nformats, r->nformats == 1 ? "" : "s", extra);
}

static int run_pool(batch_run *r)
{
    const cli_args *args = r->ctx->args;
    size_t jobs = job_count(args, r->list.count);
    pthread_t *threads = calloc(jobs, sizeof *threads);
    size_t started = 0;
    if (!threads) {
        fprintf(stderr, "%s: out of memory\n", CLI_NAME);
        return CLI_FAILED;
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
    batch_progress_start(&r->progress, !args->quiet && isatty(STDERR_FILENO), r->list.count);
    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, r) != 0)
            break;
    if (started == 0)
        worker(r); /* no thread to be had: this one does the work */
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    pthread_mutex_lock(&r->lock);
    print_ready(r);
    batch_progress_clear(&r->progress);
    pthread_mutex_unlock(&r->lock);
    /* -q keeps the summary when something went wrong: it is the run's verdict. */
    if (!args->quiet || stopped() || r->failed)
        print_summary(r, r->list.count);
    if (stopped())
        return 128 + stopped();
    return r->failed ? CLI_FAILED : CLI_OK;
}

bool cli_is_batch(const cli_args *args)
{
    struct stat st;
    if (args->check || args->list_plugins)
        return false;
    if (args->input_count > 1 || args->to_count > 1)
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
    if ((args->jobs > 0 || args->update) && args->output) {
        size_t len = strlen(args->output);
        return (len > 0 && args->output[len - 1] == '/') || (stat(args->output, &st) == 0 && S_ISDIR(st.st_mode));
    }
    return false;
}

bool cli_up_to_date(const bc_registry *reg, const char *input, const bc_plugin *in, const bc_options *in_opts,
                    const bc_plugin *out, const bc_options *out_opts, const char *path)
{
    struct stat in_st, out_st;
    if (stat(input, &in_st) != 0 || stat(path, &out_st) != 0 || !S_ISREG(out_st.st_mode))
        return false;
    struct timespec in_time = plugin_time(reg, in, in_opts), out_time = plugin_time(reg, out, out_opts);
    return newer_or_same(&out_st.st_mtim, &in_st.st_mtim) && newer_or_same(&out_st.st_mtim, &in_time) &&
           newer_or_same(&out_st.st_mtim, &out_time);
}

/* mkdir -p OUT_DIR, as late as possible: only a run that will write makes it. */
static int make_out_dir(const char *out_dir)
{
    size_t len = strlen(out_dir);
    char *path = malloc(len + 2);
    bc_error *err = bc_error_new();
    int rc = CLI_FAILED;
    if (!path || !err) {
        fprintf(stderr, "%s: out of memory\n", CLI_NAME);
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

/* An empty run is not an error, but a folder of files of another kind probably is a mistake. */
static void warn_nothing_found(const cli_ctx *ctx)
{
    char exts[512] = "";
    size_t at = 0;
    if (ctx->args->quiet)
        return;
    for (size_t i = 0; i < bc_registry_count(ctx->reg); i++) {
        const bc_plugin *p = bc_registry_plugin(ctx->reg, i);
        for (size_t e = 0; p->kind == BC_PLUGIN_INPUT && p->extensions && p->extensions[e]; e++)
            if (at < sizeof exts) {
                int n = snprintf(exts + at, sizeof exts - at, "%s.%s", at ? ", " : "", p->extensions[e]);
                at += n > 0 ? (size_t)n : 0;
            }
    }
    fprintf(stderr, "%s: warning: no input files found (looked for %s)\n", CLI_NAME, at ? exts : "nothing: no input plugin");
}

int cli_run_batch(const cli_ctx *ctx)
{
    const cli_args *args = ctx->args;
    batch_run r = {.ctx = ctx, .out_dir = args->output};
    struct stat st;
    struct sigaction sa, old_int, old_term;
    int rc;
    if (args->input_count == 0)
        return cli_usage_error("no input file or folder");
    if (args->to_count == 0)
        return cli_usage_error("no output format: use -t FORMAT[,FORMAT...]");
    if (!args->output || strcmp(args->output, "-") == 0)
        return cli_usage_error("several inputs or formats need an output folder: -o FOLDER");
    if (stat(args->output, &st) == 0 && !S_ISDIR(st.st_mode)) {
        char *shown = batch_escape(args->output);
        rc = cli_usage_error("-o %s: not a folder", shown ? shown : args->output);
        free(shown);
        return rc;
    }
    if (pthread_mutex_init(&r.lock, NULL) != 0)
        return cli_usage_error("cannot create a lock");
    rc = batch_walk(ctx, args->output, &r.list);
    if (rc == CLI_OK && r.list.count == 0)
        warn_nothing_found(ctx);
    if (rc == CLI_OK)
        rc = set_up_formats(&r);
    if (rc == CLI_OK)
        rc = check_outputs(&r);
    if (rc == CLI_OK)
        rc = make_out_dir(args->output);
    if (rc == CLI_OK) {
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_stop;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        rc = run_pool(&r);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
    }
    for (size_t f = 0; f < r.nformats; f++)
        bc_options_free(r.formats[f].opts);
    for (size_t i = 0; i < r.ninputs; i++)
        bc_options_free(r.inputs[i].opts);
    free(r.formats);
    free(r.inputs);
    batch_list_free(&r.list);
    pthread_mutex_destroy(&r.lock);
    return rc;
}
