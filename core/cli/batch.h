/*
 * batch.h — converting many inputs to many formats in one run (batch.c),
 * the list of inputs found under the operands (walk.c) and the progress
 * line (progress.c). Internal to the CLI.
 */
#ifndef BC_CLI_BATCH_H
#define BC_CLI_BATCH_H

#include "cli.h"

#include <stdio.h>
#include <sys/types.h>

/* One input of a batch, and what became of it. */
typedef struct batch_item {
    char *path;         /* as opened: the operand, or operand/relative (malloc'd) */
    char *rel;          /* where it goes under OUTDIR, input extension still on (malloc'd) */
    char *shown;        /* path escaped for messages (malloc'd) */
    const bc_plugin *in; /* NULL when the walk already failed it (problem set) */
    char *problem;      /* the walk's error for it, already formatted (malloc'd) */
    char *log;          /* messages of its conversion, printed in input order (malloc'd) */
    size_t log_len;
    dev_t dev;          /* the file's identity when the walk saw it (have_id), */
    ino_t ino;          /* to refuse an output that would overwrite it */
    bool have_id;
    int written;        /* outputs written */
    int wanted;         /* outputs it had to write (all formats, or the stale ones with --update) */
    bool failed, up_to_date, done;
} batch_item;

typedef struct batch_list {
    batch_item *items;
    size_t count, cap;
} batch_list;

/*
 * Finds the inputs under ctx->args->inputs: a file operand is itself
 * (relative name: its base name), a folder is searched recursively, in
 * name order, for files some input plugin claims (relative name: the path
 * under the folder), skipping names that start with a dot and the output
 * folder OUT_DIR (may not exist yet). Unreadable folders, symlink loops and
 * missing operands become failed items. CLI_OK, or CLI_USAGE (printed).
 */
int batch_walk(const cli_ctx *ctx, const char *out_dir, batch_list *list);
void batch_list_free(batch_list *list);

/* NAME with control characters, backslashes and bytes that are not UTF-8
 * written as C escapes, so that any file name prints on one line. Caller
 * frees; NULL on OOM. */
char *batch_escape(const char *name);

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
