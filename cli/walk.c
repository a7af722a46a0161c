/* walk.c — the inputs of a batch: file operands, and folders searched recursively. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"

/* The folders from an operand down to the one being read, to notice a loop. */
typedef struct ancestor {
    dev_t dev;
    ino_t ino;
    const struct ancestor *up;
} ancestor;

typedef struct walker {
    const cli_ctx *ctx;
    const bc_plugin *from; /* -f, or NULL */
    batch_visit visit;
    void *user;
    bool warn;             /* print the walk's warnings (once per run, not per walk) */
    bool have_out;         /* the output folder exists: skip it */
    dev_t out_dev;
    ino_t out_ino;
} walker;

/* Hands one input to the visitor; PROBLEM (printf-style, may be NULL) fails it at once. */
static int add_item(walker *w, const char *path, const char *rel, const bc_plugin *in, const struct stat *st,
                    const char *problem, ...) BC_PRINTF(6, 7);

/* ST (may be NULL) is the file's stat, kept as its identity. */
static int add_item(walker *w, const char *path, const char *rel, const bc_plugin *in, const struct stat *st,
                    const char *problem, ...)
{
    char msg[512];
    if (problem) {
        va_list ap;
        va_start(ap, problem);
        vsnprintf(msg, sizeof msg, problem, ap);
        va_end(ap);
    }
    batch_found f = {.path = path, .rel = rel, .in = problem ? NULL : in, .st = st, .problem = problem ? msg : NULL};
    return w->visit(w->user, &f);
}

static void warn_skip(const walker *w, const char *path, const char *why)
{
    if (w->ctx->args->quiet || !w->warn)
        return;
    char *shown = cli_escape_name(path);
    fprintf(stderr, "%s: warning: %s: %s; skipped\n", CLI_NAME, shown ? shown : "?", why);
    free(shown);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Joins A and B with a slash (B alone when A is empty). Caller frees. */
static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 2);
    if (!s)
        return NULL;
    if (la == 0) {
        memcpy(s, b, lb + 1);
        return s;
    }
    memcpy(s, a, la);
    size_t at = la;
    if (a[la - 1] != '/')
        s[at++] = '/';
    memcpy(s + at, b, lb + 1);
    return s;
}

static int walk_dir(walker *w, const char *dir, const char *rel, const ancestor *up);

/* One entry NAME of folder DIR. 0, or what stopped the walk (see batch_visit). */
static int walk_entry(walker *w, const char *dir, const char *rel, const char *name, const ancestor *up)
{
    int rc = -1;
    char *path = join(dir, name);
    char *sub = join(rel, name);
    struct stat st;
    if (!path || !sub)
        goto done;
    rc = 0;
    if (stat(path, &st) != 0) {
        /*
         * A broken symlink (dangling, or links pointing at each other) or a
         * file gone since the folder was read matters only if it would have
         * been an input. Anything else (a path too long, no permission to
         * look) may hide a folder of inputs: never skipped in silence.
         */
        int e = errno;
        if (e == ENOMEM)
            rc = -1;
        else if ((e != ENOENT && e != ELOOP) || bc_registry_find_for_path(w->ctx->reg, name))
            rc = add_item(w, path, sub, NULL, NULL, "cannot read: %s", strerror(e));
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        if (w->have_out && st.st_dev == w->out_dev && st.st_ino == w->out_ino)
            goto done; /* the output folder inside an input folder */
        for (const ancestor *a = up; a; a = a->up)
            if (a->dev == st.st_dev && a->ino == st.st_ino) {
                warn_skip(w, path, "a symbolic link back to a folder above it");
                goto done;
            }
        ancestor here = {st.st_dev, st.st_ino, up};
        rc = walk_dir(w, path, sub, &here);
        goto done;
    }
    const bc_plugin *in = bc_registry_find_for_path(w->ctx->reg, name);
    if (in && S_ISREG(st.st_mode))
        rc = add_item(w, path, sub, w->from ? w->from : in, &st, NULL);
    else if (in)
        warn_skip(w, path, "not a regular file");
done:
    free(path);
    free(sub);
    return rc;
}

static int walk_dir(walker *w, const char *dir, const char *rel, const ancestor *up)
{
    DIR *d = opendir(dir);
    /* Memory running out says nothing of the folder: the run fails instead. */
    if (!d)
        return errno == ENOMEM ? -1 : add_item(w, dir, rel, NULL, NULL, "cannot read the folder: %s", strerror(errno));
    char **names = NULL;
    size_t count = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ".", "..", and hidden files and folders (.git, editors' backups) */
        if (count == cap) {
            cap = cap ? 2 * cap : 32;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown) {
                rc = -1;
                break;
            }
            names = grown;
        }
        if (!(names[count] = strdup(e->d_name))) {
            rc = -1;
            break;
        }
        count++;
    }
    int read_errno = errno;
    closedir(d);
    if (rc == 0 && read_errno != 0)
        rc = add_item(w, dir, rel, NULL, NULL, "cannot read the folder: %s", strerror(read_errno));
    /* Name order: the same run lists, converts and reports in the same order everywhere. */
    if (count > 1)
        qsort(names, count, sizeof *names, by_name);
    for (size_t i = 0; i < count && rc == 0; i++)
        rc = walk_entry(w, dir, rel, names[i], up);
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return rc;
}

int batch_walk(const cli_ctx *ctx, const char *out_dir, bool warn, batch_visit visit, void *user)
{
    const cli_args *args = ctx->args;
    walker w = {.ctx = ctx, .visit = visit, .user = user, .warn = warn};
    struct stat st;
    if (args->from && !(w.from = cli_find_format(ctx, BC_PLUGIN_INPUT, args->from)))
        return CLI_USAGE;
    if (out_dir && stat(out_dir, &st) == 0 && S_ISDIR(st.st_mode)) {
        w.have_out = true;
        w.out_dev = st.st_dev;
        w.out_ino = st.st_ino;
    }
    int rc = 0;
    for (size_t i = 0; i < args->input_count && rc == 0; i++) {
        const char *op = args->inputs[i];
        if (strcmp(op, "-") == 0)
            return cli_usage_error("standard input ('-') cannot be one of several inputs or formats");
        if (stat(op, &st) == 0 && S_ISDIR(st.st_mode)) {
            ancestor top = {st.st_dev, st.st_ino, NULL};
            rc = walk_dir(&w, op, "", &top);
        } else {
            const bc_plugin *in = cli_input_for(ctx, op);
            if (!in)
                return CLI_USAGE;
            const char *slash = strrchr(op, '/');
            bool seen = stat(op, &st) == 0;
            rc = add_item(&w, op, slash ? slash + 1 : op, in, seen ? &st : NULL, NULL);
        }
    }
    return rc < 0 ? cli_out_of_memory() : CLI_OK;
}

void batch_item_clear(batch_item *it)
{
    bc_document_free(it->doc);
    bc_item_free(it->item);
    free(it->path);
    free(it->rel);
    free(it->shown);
    free(it->problem);
    free(it->log);
    memset(it, 0, sizeof *it);
}
