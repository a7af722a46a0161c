/* run.c — converting one input: read once, write a format, or just check. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/*
 * The process that is in a run (0: none): a plugin that calls exit() in the
 * middle of one (a built-in one, in-process; or an isolated one, in its
 * child) must not end it with the status the plugin chose (0: success with
 * nothing written). A global, as an atexit handler can reach nothing else.
 */
static _Atomic pid_t run_pid;
static _Atomic int exit_guard_set;

static void exit_guard(void)
{
    pid_t pid = run_pid;
    if (pid == 0)
        return;
    /* In an isolated plugin's child: the parent reports it, naming the plugin and the briefing. */
    if (pid == getpid()) {
        static const char msg[] = CLI_NAME ": error: a plugin ended the program in the middle of the run\n";
        ssize_t n = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)n; /* nothing left to tell if stderr is gone */
    }
    _exit(CLI_FAILED);
}

void cli_begin_run(void)
{
    /* Inherited as ignored, SIGCHLD would let the kernel reap an isolated plugin's child before we learn how it ended. */
    signal(SIGCHLD, SIG_DFL);
    if (!exit_guard_set && atexit(exit_guard) == 0)
        exit_guard_set = 1;
    run_pid = getpid();
}

void cli_end_run(void)
{
    run_pid = 0;
}

void cli_print_error(const bc_error *err)
{
    char buf[2048];
    size_t n = bc_error_format(err, buf, sizeof buf);
    fprintf(stderr, "%s%s\n", buf, n >= sizeof buf ? "..." : "");
}

bool cli_same_file(const char *input, const char *path)
{
    struct stat a, b;
    if (!input || !path || strcmp(input, "-") == 0 || strcmp(path, "-") == 0)
        return false;
    if (strcmp(input, path) == 0)
        return true;
    return stat(input, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

bc_document *cli_read(const cli_ctx *ctx, const char *input, bc_instance *in)
{
    bc_error *err = bc_error_new();
    if (!err) {
        cli_out_of_memory();
        return NULL;
    }
    bc_document *doc = bc_instance_read_file(in, input, err);
    if (!doc)
        cli_print_error(err);
    else if (ctx->args->verbose)
        fprintf(stderr, "%s: read %s with %s\n", CLI_NAME, input, bc_instance_plugin(in)->name);
    bc_error_free(err);
    return doc;
}

/* Standard output gets all of it or, on failure, nothing: render to memory first. */
static int write_stdout(const bc_document *doc, bc_instance *out, const bc_item *item, bc_error *err)
{
    bc_sink *sink = bc_sink_new_memory();
    int rc = -1;
    if (!sink) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    if (bc_instance_render(out, doc, item, sink, err) == 0) {
        size_t len;
        const unsigned char *data = bc_sink_memory_data(sink, &len);
        bc_sink *stdout_sink = bc_sink_new_fd(STDOUT_FILENO);
        if (!stdout_sink)
            bc_error_set(err, 0, 0, "out of memory");
        else if (bc_sink_write(stdout_sink, data, len) == 0 && bc_sink_flush(stdout_sink) == 0)
            rc = 0;
        else
            bc_error_set(err, 0, 0, "write error: %s", strerror(bc_sink_status(stdout_sink)));
        bc_sink_free(stdout_sink);
    }
    if (rc != 0 && !bc_error_file(err))
        bc_error_set_file(err, "<stdout>");
    bc_sink_free(sink);
    return rc;
}

/*
 * While the file is written, SIGINT and SIGTERM wait: a temporary file
 * (named where O_TMPFILE is missing, or for the instant of commit) is then
 * renamed into place or removed before they act, so an interrupted run never
 * leaves one behind. Per thread, so a batch mode can write from workers.
 */
int cli_render_to_file(const bc_document *doc, bc_instance *out, const bc_item *item, const char *path,
                       bc_error *err)
{
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGQUIT);
    int masked = pthread_sigmask(SIG_BLOCK, &block, &old) == 0;
    int rc = bc_instance_render_file(out, doc, item, path, err);
    if (masked)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

int cli_write(const cli_ctx *ctx, const bc_document *doc, bc_instance *out, const char *path)
{
    bc_error *err = bc_error_new();
    const char *input = ctx->args->inputs[0], *base = strrchr(input, '/');
    bc_item *item = bc_item_new(0, base ? base + 1 : input);
    int rc = -1;
    if (!err || !item) {
        cli_out_of_memory();
        goto done;
    }
    bool to_stdout = !path || strcmp(path, "-") == 0;
    rc = to_stdout ? write_stdout(doc, out, item, err) : cli_render_to_file(doc, out, item, path, err);
    if (rc != 0)
        cli_print_error(err);
    else if (ctx->args->verbose)
        fprintf(stderr, "%s: wrote %s as %s\n", CLI_NAME, to_stdout ? "standard output" : path,
                bc_instance_plugin(out)->name);
done:
    bc_item_free(item);
    bc_error_free(err);
    return rc == 0 ? CLI_OK : CLI_FAILED;
}

/* Adds P to the run's plugins unless it is there already. */
static void add_plugin(const bc_plugin **plugins, size_t *count, const bc_plugin *p)
{
    for (size_t i = 0; i < *count; i++)
        if (plugins[i] == p)
            return;
    plugins[(*count)++] = p;
}

static int check_inputs(const cli_ctx *ctx)
{
    const cli_args *args = ctx->args;
    const bc_plugin **in = calloc(args->input_count, sizeof *in);
    const bc_plugin **used = calloc(args->input_count + 1, sizeof *used);
    bc_instance **insts = calloc(args->input_count + 1, sizeof *insts);
    bc_options **opts = calloc(args->input_count + 1, sizeof *opts);
    bc_run *run = NULL;
    size_t used_count = 0;
    bool failed = false;
    int rc = CLI_OK;
    if (!in || !used || !insts || !opts) {
        rc = cli_out_of_memory();
        goto done;
    }
    for (size_t i = 0; i < args->input_count && rc == CLI_OK; i++) {
        in[i] = cli_input_for(ctx, args->inputs[i]);
        if (!in[i])
            rc = CLI_USAGE;
        else
            add_plugin(used, &used_count, in[i]);
    }
    if (rc == CLI_OK)
        rc = cli_check_settings(ctx, used, used_count);
    if (rc == CLI_OK && !(run = bc_run_new(NULL)))
        rc = cli_out_of_memory();
    /* One instance per reader, opened before any input is read, closed at the end. */
    for (size_t u = 0; u < used_count && rc == CLI_OK; u++)
        if ((opts[u] = cli_plugin_options(ctx, used[u], &rc)))
            insts[u] = cli_open_instance(ctx, run, used[u], opts[u], &rc);
    for (size_t i = 0; i < args->input_count && rc == CLI_OK; i++) {
        size_t u = 0;
        while (used[u] != in[i])
            u++;
        bc_document *doc = cli_read(ctx, args->inputs[i], insts[u]);
        if (!doc)
            failed = true;
        else if (!args->quiet && args->verbose)
            fprintf(stderr, "%s: ok\n", args->inputs[i]);
        bc_document_free(doc);
    }
    if (rc == CLI_OK && failed)
        rc = CLI_FAILED;
done:
    for (size_t u = 0; u < used_count; u++) {
        bc_instance_close(insts[u]);
        bc_options_free(opts[u]);
    }
    bc_run_free(run);
    free(in);
    free(used);
    free(insts);
    free(opts);
    return rc;
}

int cli_run_single(const cli_ctx *ctx)
{
    const cli_args *args = ctx->args;
    if (args->input_count == 0)
        return cli_usage_error("no input file (use '-' for standard input)");
    if (args->check) {
        if (args->output)
            return cli_usage_error("--check writes nothing; drop -o");
        return check_inputs(ctx);
    }
    if (args->to_count == 0) {
        char names[1024];
        cli_format_names(ctx->reg, BC_PLUGIN_OUTPUT, names, sizeof names);
        return cli_usage_error("no output format: use -t FORMAT (available: %s)", names);
    }
    if (args->input_count > 1 || args->to_count > 1)
        return cli_usage_error("one input and one -t format at a time");

    const char *input = args->inputs[0];
    const bc_plugin *in = cli_input_for(ctx, input);
    const bc_plugin *out = in ? cli_find_format(ctx, BC_PLUGIN_OUTPUT, args->to[0]) : NULL;
    if (!in || !out)
        return CLI_USAGE;
    const bc_plugin *both[2] = {in, out};
    int rc = cli_check_settings(ctx, both, 2);
    if (rc != CLI_OK)
        return rc;
    bool to_stdout = !args->output || strcmp(args->output, "-") == 0;
    if (!to_stdout && cli_same_file(input, args->output))
        return cli_usage_error("output '%s' is the input itself; refusing to overwrite it", args->output);
    if (args->update && to_stdout)
        return cli_usage_error("--update needs an output file or folder: -o FILE");
    if (!args->output && (out->flags & BC_PLUGIN_BINARY) && isatty(STDOUT_FILENO))
        return cli_usage_error("%s output is binary: not writing it to a terminal; use -o FILE (or -o - to force)",
                               out->name);

    bc_options *in_opts = NULL, *out_opts = NULL;
    bc_instance *in_inst = NULL, *out_inst = NULL;
    bc_document *doc = NULL;
    bc_run *run = bc_run_new(NULL);
    if (!run)
        return cli_out_of_memory();
    bc_run_set_registry(run, ctx->reg);
    if ((in_opts = cli_plugin_options(ctx, in, &rc)) && (out_opts = cli_plugin_options(ctx, out, &rc)) &&
        (in_inst = cli_open_instance(ctx, run, in, in_opts, &rc)))
        out_inst = cli_open_instance(ctx, run, out, out_opts, &rc);
    if (rc != CLI_OK)
        goto done;
    if (args->update && cli_up_to_date(ctx->reg, input, in, in_opts, out, out_opts, args->output)) {
        if (!args->quiet)
            fprintf(stderr, "%s: %s is up to date\n", CLI_NAME, args->output);
        goto done;
    }
    cli_begin_run();
    doc = cli_read(ctx, input, in_inst);
    rc = doc ? cli_write(ctx, doc, out_inst, args->output) : CLI_FAILED;
    cli_end_run();
done:
    bc_document_free(doc);
    bc_instance_close(out_inst);
    bc_instance_close(in_inst);
    bc_options_free(in_opts);
    bc_options_free(out_opts);
    bc_run_free(run);
    return rc;
}
