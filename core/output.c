/*
 * output.c — all-or-nothing output files.
 *
 * The bytes go to an unnamed file (O_TMPFILE) in the target's directory.
 * A new target is linked straight to its name once complete. An existing
 * target cannot be replaced by linkat, so the complete file is given a
 * hidden temporary name and renamed over the target at once: that name
 * exists only between two system calls, and a process killed there (even by
 * SIGKILL) leaves it behind. Where the file system has no O_TMPFILE, the
 * bytes go to that named temporary file from the start.
 *
 * A leftover must not pile up: the first temporary name tried for an output
 * is fixed (derived from the output's name), and every bc_output_open of
 * that output removes a leftover there. A live writer holds flock on its
 * temporary file while the name exists, so a leftover is told from another
 * process's file in flight by taking the lock. Only when that fixed name is
 * held by a live writer (two processes replacing the same output at the
 * same instant) is a random name used, which nothing cleans.
 *
 * Temporary names are "." NAME "." SIX ".tmp", with NAME shortened (at a
 * UTF-8 character boundary) so the whole stays within NAME_MAX: any name
 * the first run could write can be replaced by the next.
 *
 * No fsync unless asked (bc_output_set_sync): it costs milliseconds per file
 * and protects only against power failure, not against the process dying.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include <briefconv/host.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "text.h"

#define SUFFIX_LEN 6
/* "." before the name, then "." SIX ".tmp" after it. */
#define TEMP_EXTRA (1 + 1 + SUFFIX_LEN + 4)

struct bc_output {
    char *path;
    char *tmp;           /* hidden temporary name beside the target (full path, for callers) */
    const char *base;    /* the target's last component, inside PATH */
    const char *tmpbase; /* the temporary name's last component, inside TMP */
    char fixed[SUFFIX_LEN];
    int dirfd;   /* the target's directory: every name below is relative to it */
    int fd;
    int lock_fd; /* a duplicate of fd that keeps the flock while the temporary name exists */
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
    if (out->lock_fd >= 0)
        close(out->lock_fd);
    if (out->dirfd >= 0)
        close(out->dirfd);
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

static const char ALPHABET[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/* The fixed suffix of BASE's first temporary name: a hash of the whole name, so two long names cut to the same prefix differ. */
static void fixed_suffix(const char *base, char suffix[SUFFIX_LEN])
{
    uint64_t h = bci_hash(base, strlen(base));
    for (size_t i = 0; i < SUFFIX_LEN; i++, h /= sizeof ALPHABET - 1)
        suffix[i] = ALPHABET[h % (sizeof ALPHABET - 1)];
}

/* Writes the suffix of the ATTEMPT-th temporary name (0: the fixed one, then random) into TMP. */
static void new_temp_name(bc_output *out, unsigned attempt)
{
    char *suffix = out->tmp + strlen(out->tmp) - 4 - SUFFIX_LEN;
    if (attempt == 0) {
        memcpy(suffix, out->fixed, SUFFIX_LEN);
        return;
    }
    unsigned char bytes[SUFFIX_LEN];
    if (getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != (ssize_t)sizeof bytes) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        unsigned long long x = (unsigned long long)ts.tv_nsec ^ ((unsigned long long)getpid() << 20) ^
                               (unsigned long long)(uintptr_t)out ^ attempt * 2654435761u;
        for (size_t i = 0; i < sizeof bytes; i++, x >>= 8)
            bytes[i] = (unsigned char)x;
    }
    for (size_t i = 0; i < SUFFIX_LEN; i++)
        suffix[i] = ALPHABET[bytes[i] % (sizeof ALPHABET - 1)];
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

/* Whether NAME in the output's folder is still the file open as FD. */
static bool name_is(const bc_output *out, const char *name, int fd)
{
    struct stat by_name, by_fd;
    return fstatat(out->dirfd, name, &by_name, AT_SYMLINK_NOFOLLOW) == 0 && fstat(fd, &by_fd) == 0 &&
           by_name.st_dev == by_fd.st_dev && by_name.st_ino == by_fd.st_ino;
}

/*
 * Removes the file at the output's fixed temporary name if it is a leftover
 * of a killed run: a regular file whose lock nobody holds. A live writer's
 * file is left alone. Opened without following links or blocking (a FIFO
 * planted there must not hang us); failures only mean nothing is removed.
 */
static void remove_leftover(bc_output *out)
{
    new_temp_name(out, 0);
    int fd = openat(out->dirfd, out->tmpbase, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
        name_is(out, out->tmpbase, fd))
        unlinkat(out->dirfd, out->tmpbase, 0);
    close(fd); /* releases the lock after the name is gone */
}

/*
 * Named route: creates the temporary file under the fixed name, else a
 * random one, and locks it. A cleaner may take the lock between our create
 * and our flock and remove the file; then the name no longer leads to it
 * and another is tried.
 */
static int open_named(bc_output *out)
{
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        new_temp_name(out, attempt);
        /* 0666 lets the kernel apply the umask, as for any new file. */
        int fd = openat(out->dirfd, out->tmpbase, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            if (errno != EEXIST)
                return -1;
            continue;
        }
        /* Blocking: a cleaner holds it only for an unlink. A file system without locks just goes unlocked. */
        if (flock(fd, LOCK_EX) != 0 || name_is(out, out->tmpbase, fd)) {
            out->fd = fd;
            return 0;
        }
        close(fd);
    }
    errno = EEXIST;
    return -1;
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
    out->fd = out->lock_fd = out->dirfd = -1;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    /* The name in the temporary name is cut so that the whole fits in NAME_MAX, never inside a UTF-8 character. */
    size_t baselen = strlen(base);
    if (baselen > NAME_MAX - TEMP_EXTRA) {
        baselen = NAME_MAX - TEMP_EXTRA;
        while (baselen > 0 && ((unsigned char)base[baselen] & 0xC0) == 0x80)
            baselen--;
    }
    size_t tmplen = dirlen + TEMP_EXTRA + baselen + 1;
    out->path = strdup(path);
    out->tmp = malloc(tmplen);
    if (!out->path || !out->tmp)
        goto oom;
    out->base = out->path + dirlen;
    out->tmpbase = out->tmp + dirlen;
    snprintf(out->tmp, tmplen, "%.*s.%.*s.%0*d.tmp", (int)dirlen, path, (int)baselen, base, SUFFIX_LEN, 0);
    fixed_suffix(out->base, out->fixed);

    char *dir = dirlen ? strndup(path, dirlen) : strdup(".");
    if (!dir)
        goto oom;
    out->dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (out->dirfd < 0) {
        fail(err, path, "cannot create a temporary file beside it: %s", strerror(errno));
        goto fail;
    }
    remove_leftover(out);

    out->existed = exists;
    /* Unnamed if we can: it needs O_TMPFILE support and /proc to name it later. */
    if (access("/proc/self/fd", X_OK) == 0) {
        out->fd = openat(out->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
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
    /* The name goes before the descriptor (and its lock). */
    if (out->fd >= 0 && !out->unnamed)
        unlinkat(out->dirfd, out->tmpbase, 0);
    free_output(out);
}

/* Links the unnamed file to NAME in the output's folder (never replacing a file there). 0, or -1 with errno set. */
static int link_to(const bc_output *out, const char *name)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", out->fd);
    return linkat(AT_FDCWD, proc, out->dirfd, name, AT_SYMLINK_FOLLOW);
}

/* Gives the unnamed file its temporary name, so that it can be renamed; locked first, so no cleaner takes it. */
static int link_unnamed(bc_output *out)
{
    /* Without a lock (a file system without flock) a cleaner could only make this commit fail, never lose data. */
    (void)flock(out->fd, LOCK_EX | LOCK_NB);
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        new_temp_name(out, attempt);
        if (link_to(out, out->tmpbase) == 0)
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
        in_place = link_to(out, out->base) == 0;
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
    /*
     * The lock must outlive the descriptor closed below (whose close reports
     * late write errors) until the temporary name is gone: a duplicate shares
     * it. Without one (EMFILE) a cleaner could only make the rename fail.
     */
    if (named)
        out->lock_fd = dup(out->fd);
    int fd = out->fd;
    out->fd = -1;
    if (close(fd) != 0) {
        fail(err, path, "write error: %s", strerror(errno));
        if (in_place)
            unlinkat(out->dirfd, out->base, 0);
        goto fail;
    }
    if (!in_place && renameat(out->dirfd, out->tmpbase, out->dirfd, out->base) != 0) {
        fail(err, path, "cannot rename the temporary file into place: %s", strerror(errno));
        goto fail;
    }
    free_output(out);
    return 0;
fail:
    if (named)
        unlinkat(out->dirfd, out->tmpbase, 0);
    free_output(out);
    return -1;
}
