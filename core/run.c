/*
 * run.c — a run of many briefings (ABI 1.1): the files collection plugins
 * write for the whole run, the formats they ask for, and the items that
 * tell a plugin where a briefing came from and what was made of it.
 *
 * A plugin instance sees the run through a view of its own (struct bc_run
 * with a ROOT), so that the host knows which plugin creates a file: a
 * ONE_FILE plugin's file may go to standard output, and files a plugin left
 * open are discarded when its instance closes.
 */
#include <briefconv/host.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"

/* One file being written. Unchanged bytes are noticed as they stream past. */
typedef struct run_file {
    struct run_file *next;
    bc_run *owner;     /* the view that created it */
    char *path;        /* as opened; NULL for standard output */
    bc_output *out;    /* NULL for standard output */
    bc_sink *mem;      /* standard output: the bytes, written at commit */
    bc_sink *sink;     /* what the plugin writes to */
    int old_fd;        /* the file as it was, compared as bytes arrive; -1 when none or already different */
    bool differs;
} run_file;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

bc_run *bc_run_new(const char *out_dir)
{
    bc_run *run = calloc(1, sizeof *run);
    if (!run)
        return NULL;
    run->root = run;
    if (out_dir) {
        size_t len = strlen(out_dir);
        while (len > 1 && out_dir[len - 1] == '/')
            len--;
        if (!(run->out_dir = strndup(out_dir, len))) {
            free(run);
            return NULL;
        }
    }
    if (pthread_mutex_init(&run->lock, NULL) != 0) {
        free(run->out_dir);
        free(run);
        return NULL;
    }
    return run;
}

static void file_free(run_file *f)
{
    bc_output_abort(f->out);
    if (f->sink != f->mem) /* the callback sink in front of OUT */
        bc_sink_free(f->sink);
    bc_sink_free(f->mem);
    if (f->old_fd >= 0)
        close(f->old_fd);
    free(f->path);
    free(f);
}

void bc_run_free(bc_run *run)
{
    if (!run)
        return;
    while (run->files) {
        run_file *f = run->files;
        run->files = f->next;
        file_free(f);
    }
    for (size_t i = 0; i < run->ncreated; i++)
        free(run->created[i]);
    free(run->created);
    free(run->wanted);
    free(run->out_dir);
    free(run->one_file);
    pthread_mutex_destroy(&run->lock);
    free(run);
}

int bc_run_set_one_file(bc_run *run, const char *path)
{
    char *copy = path && strcmp(path, "-") != 0 ? strdup(path) : NULL;
    if (path && strcmp(path, "-") != 0 && !copy)
        return -1;
    free(run->one_file);
    run->one_file = copy;
    run->one_file_set = true;
    return 0;
}

void bc_run_set_check(bc_run *run, bc_run_check_fn check, void *user)
{
    run->check = check;
    run->check_user = user;
}

void bc_run_set_registry(bc_run *run, const bc_registry *reg)
{
    run->reg = reg;
}

size_t bc_run_wanted_count(const bc_run *run)
{
    return run ? run->root->nwanted : 0;
}

const bc_plugin *bc_run_wanted(const bc_run *run, size_t i)
{
    return run && i < run->root->nwanted ? run->root->wanted[i] : NULL;
}

int bc_run_want_format(bc_run *run, const char *format, bc_error *err)
{
    bc_run *root = run ? run->root : NULL;
    const bc_plugin *p = root && format ? bc_registry_find(root->reg, BC_PLUGIN_OUTPUT, format) : NULL;
    if (!p) {
        bc_error_set(err, 0, 0, "output format '%s' is not available", format ? format : "(null)");
        return -1;
    }
    for (size_t i = 0; i < root->nwanted; i++)
        if (root->wanted[i] == p)
            return 0;
    const bc_plugin **grown = realloc(root->wanted, (root->nwanted + 1) * sizeof *grown);
    if (!grown) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    root->wanted = grown;
    root->wanted[root->nwanted++] = p;
    return 0;
}

/* '/'-separated parts, none empty, "." or "..", no control characters: it stays under the output folder. */
static bool relative_path_ok(const char *path)
{
    if (!path || !*path || strlen(path) >= PATH_MAX)
        return false;
    for (const char *part = path; *part;) {
        size_t n = strcspn(part, "/");
        if (n == 0 || (n == 1 && part[0] == '.') || (n == 2 && part[0] == '.' && part[1] == '.') || n > NAME_MAX)
            return false;
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)part[i] < 0x20 || part[i] == 0x7F)
                return false;
        part += n;
        if (*part == '/' && !*++part)
            return false; /* a trailing slash names a folder */
    }
    return true;
}

/* mkdir -p of the folders of FULL below OUT_DIR. */
static int make_parents(char *full, size_t from, bc_error *err)
{
    for (char *s = strchr(full + from, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        int rc = mkdir(full, 0777), e = errno;
        struct stat st;
        if (rc != 0 && (e != EEXIST || stat(full, &st) != 0 || !S_ISDIR(st.st_mode))) {
            bc_error_set_file(err, full);
            bc_error_set(err, 0, 0, "cannot create the folder: %s", strerror(e == EEXIST ? ENOTDIR : e));
            *s = '/';
            return -1;
        }
        *s = '/';
    }
    return 0;
}

/* The sink's write: to the temporary file, comparing with the old file as long as they agree. */
static int file_write(void *user, const void *data, size_t len)
{
    run_file *f = user;
    if (f->old_fd >= 0 && !f->differs) {
        unsigned char buf[8192];
        const unsigned char *p = data;
        for (size_t done = 0; done < len && !f->differs;) {
            size_t want = len - done < sizeof buf ? len - done : sizeof buf;
            ssize_t got = read(f->old_fd, buf, want);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0 || memcmp(buf, p + done, (size_t)got) != 0)
                f->differs = true;
            else
                done += (size_t)got;
        }
    }
    return bc_sink_write(bc_output_sink(f->out), data, len);
}

static bool same_as_before(run_file *f)
{
    char c;
    if (f->old_fd < 0 || f->differs)
        return false;
    ssize_t n;
    do
        n = read(f->old_fd, &c, 1);
    while (n < 0 && errno == EINTR);
    return n == 0; /* the old file ends where the new one does */
}

static bool created_before(bc_run *root, const char *full)
{
    for (size_t i = 0; i < root->ncreated; i++)
        if (strcmp(root->created[i], full) == 0)
            return true;
    return false;
}

/* Takes FULL (listed by bc_run_create) off the run's list of created files, and frees it. */
static void forget(bc_run *root, char *full)
{
    pthread_mutex_lock(&root->lock);
    for (size_t i = root->ncreated; i-- > 0;)
        if (root->created[i] == full) {
            root->created[i] = root->created[--root->ncreated];
            break;
        }
    pthread_mutex_unlock(&root->lock);
    free(full);
}

bc_sink *bc_run_create(bc_run *run, const char *path, bc_error *err)
{
    bc_run *root = run ? run->root : NULL;
    run_file *f = NULL;
    char *full = NULL;
    if (!root) {
        bc_error_set(err, 0, 0, "no run");
        return NULL;
    }
    if (run->opening) { /* the run has checked nothing yet, nor made its output folder */
        bc_error_set(err, 0, 0, "a plugin may not create files in open");
        return NULL;
    }
    bool to_one_file = run->one_file_plugin && root->one_file_set;
    if (!to_one_file && !relative_path_ok(path)) {
        bc_error_set(err, 0, 0, "the plugin asked for a bad output path '%s'", path ? path : "(null)");
        return NULL;
    }
    if (!to_one_file && !root->out_dir) {
        bc_error_set(err, 0, 0, "this run has no output folder");
        return NULL;
    }
    if (!(f = calloc(1, sizeof *f)))
        goto oom;
    f->owner = run;
    f->old_fd = -1;
    if (to_one_file && !root->one_file) { /* standard output */
        if (!(f->mem = bc_sink_new_memory()))
            goto oom;
        f->sink = f->mem;
        goto keep;
    }
    if (to_one_file) {
        full = strdup(root->one_file);
    } else {
        size_t need = strlen(root->out_dir) + 1 + strlen(path) + 1;
        if ((full = malloc(need)))
            snprintf(full, need, "%s/%s", root->out_dir, path);
    }
    if (!full)
        goto oom;
    pthread_mutex_lock(&root->lock);
    bool twice = created_before(root, full);
    char **grown = twice ? NULL : realloc(root->created, (root->ncreated + 1) * sizeof *grown);
    if (grown) {
        root->created = grown;
        root->created[root->ncreated++] = full;
    }
    pthread_mutex_unlock(&root->lock);
    if (twice) {
        bc_error_set_file(err, full);
        bc_error_set(err, 0, 0, "written twice in one run");
        goto fail;
    }
    if (!grown)
        goto oom;
    if (!(f->path = strdup(full)))
        goto oom_listed;
    if (root->check && root->check(root->check_user, full, err) != 0) {
        if (run->plugin) { /* say who asked: the file name alone may not tell */
            char why[512], file[1024];
            snprintf(why, sizeof why, "%s", bc_error_message(err));
            snprintf(file, sizeof file, "%s", bc_error_file(err) ? bc_error_file(err) : full);
            bc_error_clear(err);
            bc_error_set_file(err, file);
            bc_error_set(err, 0, 0, "%s (a file of the %s format)", why, run->plugin->name);
        }
        goto fail_listed;
    }
    if (!to_one_file && make_parents(f->path, strlen(root->out_dir) + 1, err) != 0)
        goto fail_listed;
    if (!(f->out = bc_output_open(f->path, err)))
        goto fail_listed;
    f->old_fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (f->old_fd >= 0 && (fstat(f->old_fd, &st) != 0 || !S_ISREG(st.st_mode))) {
        close(f->old_fd);
        f->old_fd = -1;
    }
    if (!(f->sink = bc_sink_new_callback(file_write, f)))
        goto oom_listed;
keep:
    pthread_mutex_lock(&root->lock);
    f->next = root->files;
    root->files = f;
    pthread_mutex_unlock(&root->lock);
    return f->sink;
oom_listed:
    bc_error_set(err, 0, 0, "out of memory");
fail_listed:
    forget(root, full); /* refused, not written: a later try gets the same reason, not "twice" */
    if (f)
        file_free(f);
    return NULL;
oom:
    bc_error_set(err, 0, 0, "out of memory");
fail:
    free(full);
    if (f)
        file_free(f);
    return NULL;
}

/* Takes the first file of SINK, or else of OWNER, out of the run's list; NULL when there is none. */
static run_file *unlist(bc_run *root, const bc_sink *sink, const bc_run *owner)
{
    run_file *found = NULL;
    pthread_mutex_lock(&root->lock);
    for (run_file **p = &root->files; *p; p = &(*p)->next)
        if ((sink && (*p)->sink == sink) || (owner && (*p)->owner == owner)) {
            found = *p;
            *p = found->next;
            break;
        }
    pthread_mutex_unlock(&root->lock);
    return found;
}

int bc_run_commit(bc_run *run, bc_sink *sink, bc_error *err)
{
    run_file *f = run && sink ? unlist(run->root, sink, NULL) : NULL;
    int rc = -1;
    if (!f) {
        bc_error_set(err, 0, 0, "not a file of this run");
        return -1;
    }
    if (f->mem) {
        size_t len;
        const unsigned char *data = bc_sink_memory_data(f->mem, &len);
        bc_sink *out = bc_sink_status(f->mem) == 0 ? bc_sink_new_fd(STDOUT_FILENO) : NULL;
        if (!out)
            bc_error_set(err, 0, 0, "out of memory");
        else if (bc_sink_write(out, data, len) != 0 || bc_sink_flush(out) != 0) {
            bc_error_set_file(err, "<stdout>");
            bc_error_set(err, 0, 0, "write error: %s", strerror(bc_sink_status(out)));
        }
        else
            rc = 0;
        bc_sink_free(out);
        goto done;
    }
    if (bc_sink_flush(f->sink) != 0 || bc_sink_status(f->sink) != 0) {
        bc_error_set_file(err, f->path);
        bc_error_set(err, 0, 0, "write error: %s", strerror(bc_sink_status(f->sink)));
        goto done;
    }
    if (same_as_before(f)) {
        rc = 0; /* leave the file and its time alone: nothing it shows has changed */
        goto done;
    }
    rc = bc_output_commit(f->out, err);
    f->out = NULL;
done:
    file_free(f);
    return rc;
}

void bc_run_discard(bc_run *run, bc_sink *sink)
{
    run_file *f = run && sink ? unlist(run->root, sink, NULL) : NULL;
    if (f)
        file_free(f);
}

void bci_run_discard_owned(bc_run *view)
{
    for (run_file *f; (f = unlist(view->root, NULL, view)) != NULL;)
        file_free(f);
}

/* ---------------------------------------------------------------- items */

bc_item *bc_item_new(size_t index, const char *path)
{
    bc_item *item = calloc(1, sizeof *item);
    if (!item || !(item->path = dup_or_null(path ? path : ""))) {
        free(item);
        return NULL;
    }
    item->index = index;
    return item;
}

void bc_item_free(bc_item *item)
{
    if (!item)
        return;
    for (size_t i = 0; i < item->nout; i++)
        free(item->outs[i].path);
    free(item->outs);
    free(item->path);
    free(item);
}

int bc_item_add_output(bc_item *item, const bc_plugin *format, const char *path)
{
    bci_item_output *grown = realloc(item->outs, (item->nout + 1) * sizeof *grown);
    if (!grown)
        return -1;
    item->outs = grown;
    if (!(item->outs[item->nout].path = strdup(path)))
        return -1;
    item->outs[item->nout++].format = format;
    return 0;
}

size_t bc_item_index(const bc_item *item)
{
    return item ? item->index : 0;
}

const char *bc_item_path(const bc_item *item)
{
    return item ? item->path : "";
}

size_t bc_item_output_count(const bc_item *item)
{
    return item ? item->nout : 0;
}

const char *bc_item_output_format(const bc_item *item, size_t i)
{
    return item && i < item->nout ? item->outs[i].format->name : NULL;
}

const char *bc_item_output_path(const bc_item *item, size_t i)
{
    return item && i < item->nout ? item->outs[i].path : NULL;
}

const char *bc_item_output(const bc_item *item, const char *format)
{
    for (size_t i = 0; item && format && i < item->nout; i++) {
        const bc_plugin *p = item->outs[i].format;
        if (strcasecmp(p->name, format) == 0)
            return item->outs[i].path;
        for (size_t a = 0; p->aliases && p->aliases[a]; a++)
            if (strcasecmp(p->aliases[a], format) == 0)
                return item->outs[i].path;
    }
    return NULL;
}
