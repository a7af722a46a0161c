/*
 * batch.h — converting many inputs to many formats in one run (batch.c),
 * the walk over the inputs under the operands (walk.c) and the progress
 * line (progress.c). Internal to the CLI.
 */
#ifndef BC_CLI_BATCH_H
#define BC_CLI_BATCH_H

#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

/* One input of a batch while it is converted, and what became of it. */
typedef struct batch_item {
    char *path;         /* as opened: the operand, or operand/relative (malloc'd) */
    char *rel;          /* where it goes under OUTDIR, input extension still on (malloc'd) */
    char *shown;        /* path escaped for messages (malloc'd) */
    const bc_plugin *in; /* NULL when the walk already failed it (problem set) */
    char *problem;      /* the walk's error for it, already formatted (malloc'd) */
    char *log;          /* messages of its conversion, printed in input order (malloc'd) */
    size_t log_len;
    bool log_lost;      /* a message could not be kept (out of memory) */
    size_t index;       /* its place in input order */
    bc_document *doc;   /* kept for the run's collections until collected */
    bc_item *item;      /* what the collections are told of it */
    int written;        /* outputs written */
    int wanted;         /* outputs it had to write (all formats, or the stale ones with --update) */
    bool failed, up_to_date, done;
} batch_item;

/* Frees what IT holds and zeroes it. */
void batch_item_clear(batch_item *it);

/* One input as the walk finds it; valid during the visit only. */
typedef struct batch_found {
    const char *path;      /* as opened */
    const char *rel;       /* where it goes under OUTDIR, input extension still on */
    const bc_plugin *in;   /* NULL when PROBLEM is set */
    const struct stat *st; /* its stat when taken, or NULL */
    const char *problem;   /* why the walk failed it (without the file name), or NULL */
} batch_found;

/* Called for each input in order: 0 to go on, 1 to stop the walk, -1 out of memory. */
typedef int (*batch_visit)(void *user, const batch_found *found);

/*
 * Walks the inputs under ctx->args->inputs, calling VISIT for each: a file
 * operand is itself (relative name: its base name), a folder is searched
 * recursively, in name order, for files some input plugin claims
 * (relative name: the path under the folder), skipping names that start
 * with a dot and the output folder OUT_DIR (may not exist yet).
 * Unreadable folders, dangling links and missing operands are visited with
 * a problem. Nothing is kept between visits, so a batch walks twice (plan,
 * then convert) instead of holding every input. WARN prints the walk's
 * warnings (symlink loops, special files). CLI_OK (also when VISIT stopped
 * it), or CLI_USAGE (printed).
 */
int batch_walk(const cli_ctx *ctx, const char *out_dir, bool warn, batch_visit visit, void *user);

/* An output format of a run: one file per briefing. */
typedef struct batch_format {
    const bc_plugin *out;
    bc_options *opts;            /* NULL when a collection's page: its collection owns them */
    bc_instance *inst;           /* the plugin's instance; a collection's page: the collection's */
    bool opts_owned;             /* OPTS and INST are this format's own, to free and close */
    const char *ext;
    struct timespec plugin_time; /* for --update; zero when unknown */
} batch_format;

/* Where a run writes, and in which formats. */
typedef struct batch_outputs {
    const cli_ctx *ctx;
    const char *out_dir;
    const batch_format *formats;
    size_t nformats;
} batch_outputs;

/* OUT_DIR/REL with REL's extension replaced by EXT. Caller frees; NULL on OOM. */
char *batch_output_path(const char *out_dir, const char *rel, const char *ext);

typedef struct batch_file_id {
    dev_t dev;
    ino_t ino;
} batch_file_id;

/*
 * What the first walk keeps (plan.c): the number of inputs and their
 * plugins, and per output 8 bytes, per input 16, per existing output 16.
 */
typedef struct batch_plan {
    const batch_outputs *o;
    size_t total;               /* inputs found, failed ones included */
    const bc_plugin **ins;      /* the input plugins met */
    size_t nins, ins_cap;
    uint64_t *outs;             /* hash of each output path */
    size_t nouts, outs_cap;
    uint64_t *dirs;             /* hash of each folder under OUTDIR that outputs go in */
    size_t ndirs, dirs_cap;
    batch_file_id *ids;         /* each input */
    size_t nids, ids_cap;
    batch_file_id *existing;    /* each output that exists already */
    size_t nexisting, existing_cap;
    char *last_dir;             /* the previous output's folder: its folders are in DIRS */
} batch_plan;

/* The first walk into PLAN (zeroed by the caller; prints the walk's warnings). CLI_OK or CLI_USAGE (printed). */
int batch_plan_walk(const batch_outputs *o, batch_plan *plan);
/*
 * Refuses, before anything is written, two inputs that would write one
 * output, an output another output needs as a folder, and an output that
 * is one of the inputs: CLI_OK, or CLI_USAGE with the names printed.
 */
int batch_plan_check(const batch_outputs *o, batch_plan *plan);
/* Frees what PLAN holds and zeroes it. */
void batch_plan_free(batch_plan *plan);
/*
 * After batch_plan_check: why a run-wide file at PATH (OUTDIR/...) may not be
 * written, as it is a briefing's output, a folder outputs go in or an input;
 * NULL when it may. A match of 64-bit hashes is taken as a clash. Thread-safe.
 */
const char *batch_plan_claims(const batch_plan *plan, const char *path);
/* How many bytes of an output path are OUTDIR and its slash: what is left is relative to OUTDIR. */
size_t batch_out_dir_prefix(const char *out_dir);

/* The progress line on stderr: files done of total, rate, time left. */
typedef struct batch_progress {
    bool on;
    size_t total;
    size_t bar;  /* width of the bar, so that the line fits the terminal */
    double start, last;
} batch_progress;

void batch_progress_start(batch_progress *p, bool on, size_t total);
/* Redraws the line for DONE files, at most ten times a second unless FORCE. */
void batch_progress_show(batch_progress *p, size_t done, bool force);
/* Clears the line, so the next message starts on a clean one. */
void batch_progress_clear(batch_progress *p);
double batch_now(void);

#endif
