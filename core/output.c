/*
 * output.c — all-or-nothing output files.
 *
 * The bytes go to an unnamed file (O_TMPFILE) in the target's directory,
 * which is given a hidden temporary name and renamed over the target only
 * once complete. A process killed while writing (even by SIGKILL) leaves
 * nothing behind: an unnamed file vanishes with its descriptor. Where the
 * file system has no O_TMPFILE, a named temporary file is used instead.
 * No fsync unless asked (bc_output_set_sync): it costs milliseconds per file
 * and protects only against power failure, not against the process dying.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include <briefconv/host.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SUFFIX_LEN 6

struct bc_output {
    char *path;
    char *dir;  /* the target's directory, for O_TMPFILE */
    char *tmp;  /* hidden temporary name beside the target */
    int fd;
    bool unnamed; /* fd is an O_TMPFILE: TMP exists only during commit */
    bool existed; /* the target existed when opened */
    bool sync;
    bc_sink *sink;
};

static void free_output(bc_output *out)
{
    if (!out)
        return;
    bc_sink_free(out->sink);
    if (out->fd >= 0)
        close(out->fd);
    free(out->path);
    free(out->dir);
    free(out->tmp);
    free(out);
}

static void fail(bc_error *err, const char *path, const char *fmt, const char *detail)
{
    if (err && !bc_error_file(err))
        bc_error_set_file(err, path);
    bc_error_set(err, 0, 0, fmt, detail);
}

/* Writes a fresh random suffix into the temporary name (".base.XXXXXX.tmp"). */
static void new_temp_name(bc_output *out, unsigned attempt)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char bytes[SUFFIX_LEN];
    if (getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != (ssize_t)sizeof bytes) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        unsigned long long x = (unsigned long long)ts.tv_nsec ^ ((unsigned long long)getpid() << 20) ^
                               (unsigned long long)(uintptr_t)out ^ attempt * 2654435761u;
        for (size_t i = 0; i < sizeof bytes; i++, x >>= 8)
            bytes[i] = (unsigned char)x;
    }
    char *suffix = out->tmp + strlen(out->tmp) - 4 - SUFFIX_LEN;
    for (size_t i = 0; i < SUFFIX_LEN; i++)
        suffix[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
}

/* Refuses targets that are not (or not yet) a plain writable file; *EXISTS, *MODE of the old file. */
static int check_target(const char *path, bool *exists, mode_t *mode, bc_error *err)
{
    struct stat st;
    *exists = false;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        fail(err, path, "cannot write: %s", strerror(errno));
        return -1;
    }
    if (S_ISLNK(st.st_mode)) {
        fail(err, path, "%s", "output is a symbolic link; refusing to replace it");
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        fail(err, path, "%s", "output is a directory");
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        fail(err, path, "%s", "output is not a regular file");
        return -1;
    }
    /* Renaming would get round a read-only file; writing in place would not. */
    if (access(path, W_OK) != 0) {
        fail(err, path, "cannot write: %s", strerror(errno));
        return -1;
    }
    *exists = true;
    *mode = st.st_mode & 07777;
    return 0;
}

static int open_named(bc_output *out)
{
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        new_temp_name(out, attempt);
        /* 0666 lets the kernel apply the umask, as for any new file. */
        out->fd = open(out->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (out->fd >= 0 || errno != EEXIST)
            break;
    }
    return out->fd >= 0 ? 0 : -1;
}

bc_output *bc_output_open(const char *path, bc_error *err)
{
    bool exists;
    mode_t mode = 0;
    bc_output *out = NULL;
    if (!path || !*path) {
        fail(err, "", "%s", "no output file named");
        return NULL;
    }
    if (check_target(path, &exists, &mode, err) != 0)
        return NULL;
    out = calloc(1, sizeof *out);
    if (!out)
        goto oom;
    out->fd = -1;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    size_t tmplen = dirlen + 1 + strlen(base) + 1 + SUFFIX_LEN + 4 + 1;
    out->path = strdup(path);
    out->dir = dirlen ? strndup(path, dirlen) : strdup(".");
    out->tmp = malloc(tmplen);
    if (!out->path || !out->dir || !out->tmp)
        goto oom;
    snprintf(out->tmp, tmplen, "%.*s.%s.%0*d.tmp", (int)dirlen, path, base, SUFFIX_LEN, 0);

    out->existed = exists;
    /* Unnamed if we can: it needs O_TMPFILE support and /proc to name it later. */
    if (access("/proc/self/fd", X_OK) == 0) {
        out->fd = open(out->dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
        out->unnamed = out->fd >= 0;
        if (out->fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
            fail(err, path, "cannot create a temporary file beside it: %s", strerror(errno));
            goto fail;
        }
    }
    if (out->fd < 0 && open_named(out) != 0) {
        fail(err, path, "cannot create a temporary file beside it: %s", strerror(errno));
        goto fail;
    }
    /* Replacing a file keeps its permissions (a private file stays private). */
    if (exists && fchmod(out->fd, mode) != 0) {
        fail(err, path, "cannot set permissions: %s", strerror(errno));
        goto fail;
    }
    out->sink = bc_sink_new_fd(out->fd);
    if (!out->sink)
        goto oom;
    return out;
oom:
    fail(err, path, "%s", "out of memory");
fail:
    bc_output_abort(out);
    return NULL;
}

void bc_output_set_sync(bc_output *out, bool sync)
{
    if (out)
        out->sync = sync;
}

bc_sink *bc_output_sink(bc_output *out)
{
    return out ? out->sink : NULL;
}

const char *bc_output_temp_path(const bc_output *out)
{
    return out ? out->tmp : NULL;
}

void bc_output_abort(bc_output *out)
{
    if (!out)
        return;
    if (out->fd >= 0) {
        close(out->fd);
        out->fd = -1;
        if (!out->unnamed)
            unlink(out->tmp);
    }
    free_output(out);
}

/* Links the unnamed file to NAME (never replacing a file there). 0, or -1 with errno set. */
static int link_to(const bc_output *out, const char *name)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", out->fd);
    return linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW);
}

/* Gives the unnamed file its temporary name, so that it can be renamed. */
static int link_unnamed(bc_output *out)
{
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        new_temp_name(out, attempt);
        if (link_to(out, out->tmp) == 0)
            return 0;
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

int bc_output_commit(bc_output *out, bc_error *err)
{
    if (!out) {
        bc_error_set(err, 0, 0, "no output");
        return -1;
    }
    const char *path = out->path;
    bool named = !out->unnamed; /* whether TMP exists on disk now */
    bool in_place = false;      /* linked at PATH itself: no rename */
    if (bc_sink_flush(out->sink) != 0) {
        fail(err, path, "write error: %s", strerror(bc_sink_status(out->sink)));
        goto fail;
    }
    /* EINVAL/EROFS: a file system that cannot sync. */
    if (out->sync && fsync(out->fd) != 0 && errno != EINVAL && errno != EROFS) {
        fail(err, path, "write error: %s", strerror(errno));
        goto fail;
    }
    /*
     * A new file can be linked straight to its name, complete as it is: that
     * saves the temporary name and the rename. linkat never replaces, so a
     * file that appeared meanwhile takes the temporary path (EEXIST).
     */
    if (!named && !out->existed) {
        in_place = link_to(out, path) == 0;
        if (!in_place && errno != EEXIST) {
            fail(err, path, "cannot create the file: %s", strerror(errno));
            goto fail;
        }
    }
    if (!named && !in_place) {
        if (link_unnamed(out) != 0) {
            fail(err, path, "cannot name the temporary file: %s", strerror(errno));
            goto fail;
        }
        named = true;
    }
    int fd = out->fd;
    out->fd = -1;
    if (close(fd) != 0) {
        fail(err, path, "write error: %s", strerror(errno));
        if (in_place)
            unlink(path);
        goto fail;
    }
    if (!in_place && rename(out->tmp, path) != 0) {
        fail(err, path, "cannot rename the temporary file into place: %s", strerror(errno));
        goto fail;
    }
    free_output(out);
    return 0;
fail:
    if (named)
        unlink(out->tmp);
    free_output(out);
    return -1;
}

int bc_render_file(const bc_plugin *plugin, const bc_document *doc, const bc_options *opts, const char *path,
                   bc_error *err)
{
    bc_output *out = bc_output_open(path, err);
    if (!out)
        return -1;
    if (bc_render(plugin, doc, opts, bc_output_sink(out), err) != 0) {
        bc_output_abort(out);
        if (err && !bc_error_file(err))
            bc_error_set_file(err, path);
        return -1;
    }
    return bc_output_commit(out, err);
}
