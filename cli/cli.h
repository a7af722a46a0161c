/*
 * cli.h — the briefconv command line (internal to the CLI).
 *
 * main.c parses the command line into a cli_args, loads the plugins into a
 * cli_ctx and hands the run to cli_run_single (run.c). The pieces a batch
 * mode needs are separate: cli_read reads one input once, cli_write writes
 * a document in one format to one destination, cli_plugin_options builds a
 * plugin's options from -O. A batch mode (several -t formats, directories,
 * -j, --update) can live in batch.c and reuse them unchanged.
 */
#ifndef BC_CLI_H
#define BC_CLI_H

#include <briefconv/host.h>

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define CLI_NAME "briefconv"

enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

typedef struct cli_setting {
    char *name;        /* NAME of -O NAME=VALUE (malloc'd) */
    const char *value; /* points into argv */
} cli_setting;

typedef struct cli_args {
    const char *from;          /* -f, or NULL: by extension */
    const char **to;           /* -t formats, split at commas (strings malloc'd) */
    size_t to_count;
    const char *output;        /* -o, or NULL: standard output */
    cli_setting *settings;     /* -O, in command-line order */
    size_t setting_count;
    const char **plugin_dirs;  /* --plugin-dir, in order */
    size_t plugin_dir_count;
    const char **inputs;       /* operands */
    size_t input_count;
    long jobs;                 /* -j, or 0: one per CPU */
    double timeout;            /* --timeout: seconds per briefing and format of an isolated plugin; 0: none */
    bool list_plugins, check, help, version, quiet, verbose, update;
} cli_args;

typedef struct cli_ctx {
    const cli_args *args;
    bc_registry *reg;
    char *load_warnings; /* with -q, the loading's warnings, held to say why a requested format is missing */
} cli_ctx;

/* --timeout's default: far beyond any real briefing (a 100-page one renders in well under a second). */
#define CLI_DEFAULT_TIMEOUT 60.0

/** Parses ARGV into ARGS. CLI_OK, or CLI_USAGE with the problem printed. */
int cli_parse(int argc, char **argv, cli_args *args);
void cli_args_free(cli_args *args);
void cli_print_help(void);
void cli_print_version(void);

/**
 * Prints "briefconv: MESSAGE" and the hint to --help; returns CLI_USAGE (a
 * MESSAGE saying the memory ran out: no hint, CLI_FAILED).
 */
int cli_usage_error(const char *fmt, ...) BC_PRINTF(1, 2);
/** Prints "briefconv: out of memory"; returns CLI_FAILED (exit 1): never the command line's fault. */
int cli_out_of_memory(void);
/** Prints ERR as "FILE:LINE:COLUMN: error: MESSAGE". */
void cli_print_error(const bc_error *err);

/** Loads the default plugin path, then each --plugin-dir. CLI_OK or CLI_USAGE. */
int cli_load_plugins(cli_ctx *ctx);
/** --list-plugins. */
int cli_list_plugins(const cli_ctx *ctx);
/** "docx, html, markdown" (the names of KIND, overridden ones left out) into BUF. */
void cli_format_names(const bc_registry *reg, bc_plugin_kind kind, char *buf, size_t size);
/** The plugin of KIND named NAME, or NULL with a usage error listing the formats printed. */
const bc_plugin *cli_find_format(const cli_ctx *ctx, bc_plugin_kind kind, const char *name);
/** The input plugin for PATH: -f, else its extension, else the only input plugin. */
const bc_plugin *cli_input_for(const cli_ctx *ctx, const char *path);
/**
 * Checks every -O against the plugins of this run (PLUGINS, COUNT of them):
 * NAME=VALUE goes to each plugin declaring NAME, FORMAT.NAME=VALUE to FORMAT
 * alone; a NAME none declares, a FORMAT not in the run, or a bad value is a
 * usage error. CLI_OK or CLI_USAGE (printed).
 */
int cli_check_settings(const cli_ctx *ctx, const bc_plugin *const *plugins, size_t count);
/**
 * PLUGIN's options with the -O settings aimed at it applied (NAME=VALUE when
 * it declares NAME, FORMAT.NAME=VALUE when it is FORMAT). NULL with *RC set
 * and the problem printed: CLI_USAGE for a bad value, CLI_FAILED when out of
 * memory. Caller frees.
 */
bc_options *cli_plugin_options(const cli_ctx *ctx, const bc_plugin *plugin, int *rc);
/**
 * Opens PLUGIN for RUN with OPTS (borrowed). NULL with the reason printed as
 * a usage error (the plugin refused its options or template) or, on OOM, an
 * error; *RC says which.
 */
bc_instance *cli_open_instance(const cli_ctx *ctx, bc_run *run, const bc_plugin *plugin, const bc_options *opts,
                               int *rc);
/*
 * Whether PLUGIN's renders run in a child process, or its reads are probed
 * in one first (docs/limits.md): an output or input plugin that is not
 * built in and not flagged BC_PLUGIN_IN_PROCESS (BRIEFCONV_ISOLATE=all: built-in ones
 * too, =none: none, to measure what isolation costs).
 */
bool cli_isolates(const cli_ctx *ctx, const bc_plugin *plugin);
/*
 * From here until cli_end_run, a plugin calling exit() ends the program
 * with status 1 and a message, not with the status it chose.
 */
void cli_begin_run(void);
void cli_end_run(void);

/** Reads and checks INPUT; NULL with the error printed. Caller frees. */
bc_document *cli_read(const cli_ctx *ctx, const char *input, bc_instance *in);
/**
 * Renders DOC with OUT into the file PATH, whole or not at all, with
 * SIGINT and SIGTERM held off until the file is in place or gone. 0, or -1
 * with ERR set. Safe to call from several threads.
 */
int cli_render_to_file(const bc_document *doc, bc_instance *out, const bc_item *item, const char *path,
                       bc_error *err);
/**
 * Whether ARGS ask for a batch run: several inputs or formats, or a folder
 * among the inputs; or -j or --update with -o naming a folder (an existing
 * one, or a path ending in '/'). One input and one format with -o naming a
 * folder and neither -j nor --update is not one: that output path is
 * refused as a folder. One file to one format with --update and -o FILE is
 * a single conversion that skips an up-to-date FILE. A collection format
 * (index, feed, report) always makes a batch run: it spans the run.
 */
bool cli_is_batch(const cli_ctx *ctx);
/**
 * NAME with control characters (C0, DEL, C1), backslashes and bytes that are
 * not UTF-8 written as C escapes, so that any file name prints on one line
 * and cannot drive a terminal (names.c). Caller frees; NULL on OOM.
 */
char *cli_escape_name(const char *name);

/* --update's freshness test (fresh.c). */
/** PATH's modification time into *T; false when PATH cannot be stat'ed. */
bool cli_file_time(const char *path, struct timespec *t);
/**
 * What an output of plugin P depends on besides its input: the newest of P's
 * file and of the files its options OPTS (may be NULL) name, such as a DOCX
 * template, so that a changed template re-issues every output made with it.
 * Zero when unknown.
 */
struct timespec cli_plugin_time(const bc_registry *reg, const bc_plugin *p, const bc_options *opts);
/** Whether PATH is a regular file at least as new as each of the COUNT times DEPS. */
bool cli_newer_than_all(const char *path, const struct timespec *const *deps, size_t count);
/**
 * --update: whether the file PATH exists and is at least as new as INPUT, as
 * the files plugins IN and OUT were loaded from, and as the files their
 * options IN_OPTS and OUT_OPTS (may be NULL) name, such as a template (like make).
 */
bool cli_up_to_date(const bc_registry *reg, const char *input, const bc_plugin *in, const bc_options *in_opts,
                    const bc_plugin *out, const bc_options *out_opts, const char *path);
/** The batch run (batch.c). CLI_OK, CLI_FAILED, CLI_USAGE, or 128 + the signal that stopped it. */
int cli_run_batch(const cli_ctx *ctx);
/** Writes DOC with OUT to PATH, or to standard output when PATH is NULL or "-". CLI_OK or CLI_FAILED. */
int cli_write(const cli_ctx *ctx, const bc_document *doc, bc_instance *out, const char *path);
/** True when PATH names the same file as INPUT (both existing). */
bool cli_same_file(const char *input, const char *path);

/** One input, one output format (or --check). Returns the exit status. */
int cli_run_single(const cli_ctx *ctx);

#endif
