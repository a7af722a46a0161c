/*
 * plan.c — the first walk of a batch, and the checks made before anything
 * is written (batch.h). It keeps no path: 64-bit hashes of the output paths
 * and of the folders they need (8 bytes each), the inputs' identities and
 * those of outputs that exist already (16 bytes each), so that a run over a
 * million files plans in a few tens of MiB at most. A hash match is not
 * trusted: another walk finds the names behind it, both to confirm the
 * clash and to print them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"

/* Where the part of an output path under OUT_DIR starts: after OUT_DIR less its trailing slashes, and one. */
static size_t under_out_dir(const char *out_dir)
{
    size_t dl = strlen(out_dir);
    while (dl > 1 && out_dir[dl - 1] == '/')
        dl--;
    return dl + 1;
}

char *batch_output_path(const char *out_dir, const char *rel, const char *ext)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - rel) : strlen(rel);
    size_t dl = under_out_dir(out_dir) - 1;
    size_t need = dl + 1 + stem + 1 + strlen(ext) + 1;
    char *p = malloc(need);
    if (p)
        snprintf(p, need, "%.*s/%.*s.%s", (int)dl, out_dir, (int)stem, rel, ext);
    return p;
}

static int by_id(const void *a, const void *b)
{
    const batch_file_id *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    return (x->ino > y->ino) - (x->ino < y->ino);
}

static int by_hash(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* FNV-1a: output paths are short, and a match is always confirmed. */
static uint64_t hash_of(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* A growing array of N items of SIZE bytes at *V; -1 on OOM. */
static int push(void **v, size_t *n, size_t *cap, size_t size, const void *item)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 256;
        void *grown = c < SIZE_MAX / size ? realloc(*v, c * size) : NULL;
        if (!grown)
            return -1;
        *v = grown;
        *cap = c;
    }
    memcpy((char *)*v + *n * size, item, size);
    (*n)++;
    return 0;
}

void batch_plan_free(batch_plan *p)
{
    free(p->outs);
    free(p->dirs);
    free(p->ids);
    free(p->existing);
    free(p->ins);
    free(p->last_dir);
    memset(p, 0, sizeof *p);
}

/* The first walk's visitor. */
static int plan_input(void *user, const batch_found *f)
{
    batch_plan *p = user;
    const batch_outputs *o = p->o;
    p->total++;
    if (f->problem)
        return 0;
    bool known = false;
    for (size_t i = 0; i < p->nins; i++)
        known |= p->ins[i] == f->in;
    if (!known && push((void **)&p->ins, &p->nins, &p->ins_cap, sizeof *p->ins, &f->in) != 0)
        return -1;
    if (f->st && push((void **)&p->ids, &p->nids, &p->ids_cap, sizeof *p->ids,
                      &(batch_file_id){f->st->st_dev, f->st->st_ino}) != 0)
        return -1;
    size_t from = o->out_dir ? under_out_dir(o->out_dir) : 0;
    for (size_t k = 0; k < o->nformats; k++) {
        char *out = batch_output_path(o->out_dir, f->rel, o->formats[k].ext);
        if (!out)
            return -1;
        uint64_t h = hash_of(out, strlen(out));
        int rc = push((void **)&p->outs, &p->nouts, &p->outs_cap, sizeof h, &h);
        /* Its folders, once for each run of outputs in one folder. */
        const char *last_slash = strrchr(out, '/');
        size_t dir_len = (size_t)(last_slash - out);
        if (rc == 0 && (!p->last_dir || strlen(p->last_dir) != dir_len || memcmp(p->last_dir, out, dir_len) != 0)) {
            for (const char *sl = strchr(out + from, '/'); sl && rc == 0; sl = strchr(sl + 1, '/')) {
                uint64_t d = hash_of(out, (size_t)(sl - out));
                rc = push((void **)&p->dirs, &p->ndirs, &p->dirs_cap, sizeof d, &d);
            }
            free(p->last_dir);
            p->last_dir = rc == 0 ? strndup(out, dir_len) : NULL;
            if (!p->last_dir)
                rc = -1;
        }
        struct stat st;
        if (rc == 0 && stat(out, &st) == 0)
            rc = push((void **)&p->existing, &p->nexisting, &p->existing_cap, sizeof(batch_file_id),
                      &(batch_file_id){st.st_dev, st.st_ino});
        free(out);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int batch_plan_walk(const batch_outputs *o, batch_plan *p)
{
    p->o = o;
    return batch_walk(o->ctx, o->out_dir, true, plan_input, p);
}

/* Prints "MESSAGE" with the escaped names A, B and C (C may be NULL); CLI_USAGE. */
static int refuse(const char *fmt, const char *a, const char *b, const char *c)
{
    char *ea = cli_escape_name(a), *eb = cli_escape_name(b), *ec = c ? cli_escape_name(c) : NULL;
    int rc = cli_usage_error(fmt, ea ? ea : "?", eb ? eb : "?", ec ? ec : "?");
    free(ea);
    free(eb);
    free(ec);
    return rc;
}

/*
 * A third walk, only when the plan's hashes match, for the names to print:
 * it looks for the inputs and outputs behind HASH (an output path, or a
 * folder outputs need) or behind the identity ID.
 */
typedef struct finder {
    const batch_outputs *o;
    uint64_t hash;
    batch_file_id id;
    bool by_identity;
    char *first_in, *first_out;   /* an output with the hash, and its input */
    char *second_in;              /* another input writing the same path */
    char *folder_in, *folder;     /* an input whose output needs the hashed path as a folder */
    char *id_in, *id_out;         /* the input with the identity, and the output with it */
    bool done;
} finder;

static void finder_free(finder *f)
{
    free(f->first_in);
    free(f->first_out);
    free(f->second_in);
    free(f->folder_in);
    free(f->folder);
    free(f->id_in);
    free(f->id_out);
}

static int find_names(void *user, const batch_found *found)
{
    finder *f = user;
    const batch_outputs *o = f->o;
    if (found->problem)
        return 0;
    if (f->by_identity && !f->id_in && found->st && found->st->st_dev == f->id.dev &&
        found->st->st_ino == f->id.ino && !(f->id_in = strdup(found->path)))
        return -1;
    size_t from = o->out_dir ? under_out_dir(o->out_dir) : 0;
    for (size_t k = 0; k < o->nformats && !f->done; k++) {
        char *out = batch_output_path(o->out_dir, found->rel, o->formats[k].ext);
        if (!out)
            return -1;
        int rc = 0;
        struct stat st;
        if (f->by_identity) {
            if (!f->id_out && stat(out, &st) == 0 && st.st_dev == f->id.dev && st.st_ino == f->id.ino &&
                !(f->id_out = strdup(out)))
                rc = -1;
        } else if (hash_of(out, strlen(out)) == f->hash) {
            if (!f->first_out) {
                if (!(f->first_out = strdup(out)) || !(f->first_in = strdup(found->path)))
                    rc = -1;
            } else if (!f->second_in && strcmp(out, f->first_out) == 0 && !(f->second_in = strdup(found->path))) {
                rc = -1;
            }
        }
        for (const char *sl = strchr(out + from, '/'); sl && !f->by_identity && !f->folder && rc == 0;
             sl = strchr(sl + 1, '/'))
            if (hash_of(out, (size_t)(sl - out)) == f->hash &&
                (!(f->folder = strndup(out, (size_t)(sl - out))) || !(f->folder_in = strdup(found->path))))
                rc = -1;
        free(out);
        if (rc != 0)
            return -1;
        f->done = f->by_identity ? f->id_in && f->id_out : f->second_in || (f->folder && f->first_out);
    }
    return f->done ? 1 : 0;
}

/* Walks again for what is behind a match; CLI_OK when it was only two hashes alike. */
static int confirm(const batch_outputs *o, uint64_t hash, const batch_file_id *id, int (*judge)(const finder *))
{
    finder f = {.o = o, .hash = hash, .by_identity = id != NULL};
    if (id)
        f.id = *id;
    int rc = batch_walk(o->ctx, o->out_dir, false, find_names, &f);
    if (rc == CLI_OK)
        rc = judge(&f);
    finder_free(&f);
    return rc;
}

static int judge_collision(const finder *f)
{
    if (!f->second_in)
        return CLI_OK;
    return refuse("%s and %s would both be written to %s; nothing was written", f->first_in, f->second_in,
                  f->first_out);
}

/* OUTDIR/a.docx as a file and OUTDIR/a.docx/b.docx (from a folder a.docx/) cannot both be. */
static int judge_folder(const finder *f)
{
    if (!f->first_out || !f->folder || strcmp(f->first_out, f->folder) != 0)
        return CLI_OK;
    return refuse("%s would write the file %s, which %s needs as a folder; nothing was written", f->first_in,
                  f->folder, f->folder_in);
}

static int judge_identity(const finder *f)
{
    if (!f->id_in || !f->id_out)
        return CLI_OK;
    return refuse("output %s is the input %s; refusing to overwrite it, nothing was written", f->id_out, f->id_in,
                  NULL);
}

/*
 * Refuses, before anything is written, two inputs that would write one
 * output, an output that another output needs as a folder, and an output
 * that is one of the inputs. O(n log n) in the number of outputs, on the
 * plan's hashes. CLI_OK or CLI_USAGE.
 */
int batch_plan_check(const batch_outputs *o, batch_plan *p)
{
    int rc = CLI_OK;
    /* Sorted even when there is nothing to check: batch_plan_claims searches them. */
    if (p->nids)
        qsort(p->ids, p->nids, sizeof *p->ids, by_id);
    if (p->ndirs)
        qsort(p->dirs, p->ndirs, sizeof *p->dirs, by_hash);
    /* qsort and bsearch want real arrays, even of nothing. */
    if (p->nouts == 0)
        return CLI_OK;
    qsort(p->outs, p->nouts, sizeof *p->outs, by_hash);
    for (size_t k = 1; k < p->nouts && rc == CLI_OK; k++)
        if (p->outs[k] == p->outs[k - 1] && (k < 2 || p->outs[k - 2] != p->outs[k]))
            rc = confirm(o, p->outs[k], NULL, judge_collision);
    for (size_t k = 0; k < p->nouts && p->ndirs && rc == CLI_OK; k++)
        if ((k == 0 || p->outs[k] != p->outs[k - 1]) &&
            bsearch(&p->outs[k], p->dirs, p->ndirs, sizeof *p->dirs, by_hash))
            rc = confirm(o, p->outs[k], NULL, judge_folder);
    for (size_t k = 0; k < p->nexisting && p->nids && rc == CLI_OK; k++)
        if (bsearch(&p->existing[k], p->ids, p->nids, sizeof *p->ids, by_id))
            rc = confirm(o, 0, &p->existing[k], judge_identity);
    return rc;
}


const char *batch_plan_claims(const batch_plan *p, const char *path)
{
    uint64_t h = hash_of(path, strlen(path));
    struct stat st;
    if (p->nouts && bsearch(&h, p->outs, p->nouts, sizeof *p->outs, by_hash))
        return "a briefing's output has that name";
    if (p->ndirs && bsearch(&h, p->dirs, p->ndirs, sizeof *p->dirs, by_hash))
        return "the briefings' outputs need it as a folder";
    if (p->nids && stat(path, &st) == 0) {
        batch_file_id id = {st.st_dev, st.st_ino};
        if (bsearch(&id, p->ids, p->nids, sizeof *p->ids, by_id))
            return "it is one of the inputs";
    }
    return NULL;
}

size_t batch_out_dir_prefix(const char *out_dir)
{
    return under_out_dir(out_dir);
}
