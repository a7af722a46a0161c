/*
 * output.c — all-or-nothing output files: bytes go to a temporary file in
 * the target directory, renamed over the target only once complete. No fsync
 * unless asked (see bc_output_set_sync in host.h): it costs milliseconds per
 * file and protects only against power failure, not against the process dying.
 */
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

struct bc_output {
    char *path;
    char *tmp;
    int fd;
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
    free(out->tmp);
    free(out);
}

static void fail(bc_error *err, const char *path, const char *fmt, const char *detail)
{
    if (err && !bc_error_file(err))
        bc_error_set_file(err, path);
    bc_error_set(err, 0, 0, fmt, detail);
}

/* Six characters for the temporary name, unpredictable where possible. */
static void random_suffix(char out[7], unsigned attempt)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char bytes[6];
    if (getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != (ssize_t)sizeof bytes) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        unsigned long long x = (unsigned long long)ts.tv_nsec ^ ((unsigned long long)getpid() << 20) ^
                               (unsigned long long)(uintptr_t)out ^ attempt * 2654435761u;
        for (size_t i = 0; i < sizeof bytes; i++, x >>= 8)
            bytes[i] = (unsigned char)x;
    }
    for (size_t i = 0; i < 6; i++)
        out[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
    out[6] = '\0';
}

bc_output *bc_output_open(const char *path, bc_error *err)
{
    struct stat st;
    bool exists = false;
    if (!path || !*path) {
        fail(err, "", "%s", "no output file named");
        return NULL;
    }
    if (lstat(path, &st) == 0) {
        exists = true;
        if (S_ISLNK(st.st_mode)) {
            fail(err, path, "%s", "output is a symbolic link; refusing to replace it");
            return NULL;
        }
        if (S_ISDIR(st.st_mode)) {
            fail(err, path, "%s", "output is a directory");
            return NULL;
        }
        if (!S_ISREG(st.st_mode)) {
            fail(err, path, "%s", "output is not a regular file");
            return NULL;
        }
        /* Renaming would get round a read-only file; writing in place would not. */
        if (access(path, W_OK) != 0) {
            fail(err, path, "cannot write: %s", strerror(errno));
            return NULL;
        }
    } else if (errno != ENOENT) {
        fail(err, path, "cannot write: %s", strerror(errno));
        return NULL;
    }

    bc_output *out = calloc(1, sizeof *out);
    if (!out)
        goto oom;
    out->fd = -1;
    out->path = strdup(path);
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    size_t tmplen = dirlen + 1 + strlen(base) + 1 + 6 + 4 + 1;
    out->tmp = malloc(tmplen);
    if (!out->path || !out->tmp)
        goto oom;
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        char suffix[7];
        random_suffix(suffix, attempt);
        snprintf(out->tmp, tmplen, "%.*s.%s.%s.tmp", (int)dirlen, path, base, suffix);
        /* 0666 lets the kernel apply the umask, as for any new file. */
        out->fd = open(out->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (out->fd >= 0 || errno != EEXIST)
            break;
    }
    if (out->fd < 0) {
        fail(err, path, "cannot create a temporary file beside it: %s", strerror(errno));
        free_output(out);
        return NULL;
    }
    /* Replacing a file keeps its permissions (a private file stays private). */
    if (exists && fchmod(out->fd, st.st_mode & 07777) != 0) {
        fail(err, path, "cannot set permissions: %s", strerror(errno));
        bc_output_abort(out);
        return NULL;
    }
    out->sink = bc_sink_new_fd(out->fd);
    if (!out->sink) {
        bc_output_abort(out);
        fail(err, path, "%s", "out of memory");
        return NULL;
    }
    return out;
oom:
    free_output(out);
    fail(err, path, "%s", "out of memory");
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
    if (out->tmp && out->fd >= 0) {
        close(out->fd);
        out->fd = -1;
        unlink(out->tmp);
    }
    free_output(out);
}

int bc_output_commit(bc_output *out, bc_error *err)
{
    if (!out) {
        bc_error_set(err, 0, 0, "no output");
        return -1;
    }
    const char *path = out->path;
    int fd = out->fd;
    out->fd = -1; /* closed below whatever happens */
    if (bc_sink_flush(out->sink) != 0) {
        fail(err, path, "write error: %s", strerror(bc_sink_status(out->sink)));
        close(fd);
        goto fail;
    }
    /* EINVAL/EROFS: a file system that cannot sync (e.g. a pipe-like target). */
    if (out->sync && fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
        fail(err, path, "write error: %s", strerror(errno));
        close(fd);
        goto fail;
    }
    if (close(fd) != 0) {
        fail(err, path, "write error: %s", strerror(errno));
        goto fail;
    }
    if (rename(out->tmp, path) != 0) {
        fail(err, path, "cannot rename the temporary file into place: %s", strerror(errno));
        goto fail;
    }
    free_output(out);
    return 0;
fail:
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
