/*
 * isolate.c — a third-party plugin's render in a child process of its own.
 *
 * Third parties write plugins, and a plugin that dereferences NULL, aborts,
 * loops or calls exit() would otherwise take the whole program (a batch of
 * a thousand briefings) with it. So the host may ask (bc_instance_isolate)
 * for each render to be forked: the child renders into memory, sends a
 * record (status, error, bytes) down a pipe and _exits; the parent waits
 * for it with a time limit and writes the bytes to the caller's sink only
 * when the child succeeded. A fork per render, rather than worker processes
 * fed documents, because the document would have to cross the pipe
 * (briefconv has no serialised form of it); forking shares it for free.
 *
 * The parent is multi-threaded: the child inherits only the forking thread,
 * and a lock another thread held at the fork stays held in the child. So
 * the child calls the plugin and malloc (made fork-safe by glibc) only, and
 * writes with write(2); and no fork happens while another thread is inside
 * a plugin (bci_plugin_call_begin): the same reader running in-process on
 * another thread held its parser lock at the fork, and the child hung on
 * it until the time limit (seen in tests under load). The pipe's other end leaks into
 * children forked at the same time by other threads, so its end of file
 * may come late: the parent reads a record whose length it knows, and
 * learns that a child has died from a pidfd (or, without one, by polling
 * waitpid), never from the end of the pipe alone.
 */
#include <briefconv/host.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "isolate.h"
#include "call.h"
#include "run.h"

#define RECORD_MAGIC 0x31494342u /* "BCI1" */
/* Far above any output (limits.md), low enough that the lengths' sum cannot overflow. */
#define RECORD_DATA_MAX ((uint64_t)1 << 40)

/* What the child sends before the error's file, its message and the output bytes. */
typedef struct record_head {
    uint32_t magic;
    int32_t status; /* 0: rendered; -1: the plugin failed (the error follows) */
    int32_t line, column;
    uint32_t file_len, msg_len;
    uint64_t data_len;
} record_head;

static int write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* What a child does: a render into memory, or a read that is thrown away (a probe). */
typedef struct child_call {
    const bc_plugin *plugin;
    void *state;
    const bc_options *opts;
    const bc_document *doc; /* render */
    const bc_item *item;
    const char *input;      /* read: the file */
} child_call;

/* The child: call, send the record, _exit (no atexit handlers, no stdio flushed twice). */
static _Noreturn void child_main(int fd, const child_call *call)
{
    sigset_t none;
    sigemptyset(&none);
    /* Ctrl-C reaches the whole process group: let it end the child too. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* A plugin printing to standard output would mix into the host's own output (-o -). */
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) {
        if (dup2(null, STDOUT_FILENO) < 0)
            _exit(3);
        close(null);
    }
    bc_sink *mem = bc_sink_new_memory();
    bc_error *err = bc_error_new();
    if (!mem || !err)
        _exit(4);
    int rc;
    if (call->doc) {
        rc = bci_render(call->plugin, call->state, call->doc, call->item, call->opts, mem, err);
    } else {
        bc_document *doc = bci_read_file(call->plugin, call->state, call->input, call->opts, err);
        rc = doc ? 0 : -1;
        bc_document_free(doc);
    }
    size_t len = 0;
    const unsigned char *data = rc == 0 ? bc_sink_memory_data(mem, &len) : NULL;
    const char *file = bc_error_file(err), *msg = bc_error_message(err);
    record_head h = {RECORD_MAGIC, rc == 0 ? 0 : -1, bc_error_line(err), bc_error_column(err),
                     file ? (uint32_t)strlen(file) : 0, (uint32_t)strlen(msg), (uint64_t)len};
    if (write_all(fd, &h, sizeof h) != 0 || write_all(fd, file ? file : "", h.file_len) != 0 ||
        write_all(fd, msg, h.msg_len) != 0 || (len && write_all(fd, data, len) != 0))
        _exit(5);
    _exit(0);
}

/* What the parent has read of the record. */
typedef struct received {
    unsigned char *buf;
    size_t len, cap;
} received;

/* True when BUF holds the whole record. */
static bool complete(const received *r)
{
    record_head h;
    if (r->len < sizeof h)
        return false;
    memcpy(&h, r->buf, sizeof h);
    if (h.magic != RECORD_MAGIC || h.data_len > RECORD_DATA_MAX)
        return true; /* garbage: nothing more will make sense of it */
    return r->len >= sizeof h + h.file_len + h.msg_len + h.data_len;
}

/* Reads what FD has now. 1 more may come, 0 end of file, -1 OOM or error (errno). */
static int take(int fd, received *r)
{
    for (;;) {
        if (r->cap - r->len < 65536) {
            size_t cap = r->cap ? r->cap * 2 : 131072;
            unsigned char *buf = realloc(r->buf, cap);
            if (!buf) {
                errno = ENOMEM;
                return -1;
            }
            r->buf = buf;
            r->cap = cap;
        }
        ssize_t n = read(fd, r->buf + r->len, r->cap - r->len);
        if (n > 0) {
            r->len += (size_t)n;
            continue;
        }
        if (n == 0)
            return 0;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 1;
        return -1;
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *signal_words(int sig)
{
    switch (sig) {
    case SIGSEGV: return "segmentation fault";
    case SIGBUS: return "bus error";
    case SIGFPE: return "arithmetic exception (SIGFPE)";
    case SIGABRT: return "aborted";
    case SIGILL: return "illegal instruction";
    case SIGKILL: return "killed";
    case SIGTRAP: return "trace trap";
    case SIGSYS: return "bad system call";
    default: break;
    }
    return NULL;
}

/* A pidfd for PID (readable when it ends), or -1 where the kernel has none. */
/* Held shared by in-process plugin calls, exclusively by a fork (isolate.h). */
static pthread_rwlock_t call_lock;
static pthread_once_t call_lock_once = PTHREAD_ONCE_INIT;

static void call_lock_init(void)
{
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
#ifdef __GLIBC__
    /* A fork waiting behind a stream of readers on other threads would wait for ever. */
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
#endif
    pthread_rwlock_init(&call_lock, &attr);
    pthread_rwlockattr_destroy(&attr);
}

void bci_plugin_call_begin(void)
{
    pthread_once(&call_lock_once, call_lock_init);
    pthread_rwlock_rdlock(&call_lock);
}

void bci_plugin_call_end(void)
{
    pthread_rwlock_unlock(&call_lock);
}

static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
    long fd = syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) {
        if (fcntl((int)fd, F_SETFD, FD_CLOEXEC) != 0) {
            close((int)fd);
            return -1;
        }
        return (int)fd;
    }
#else
    (void)pid;
#endif
    return -1;
}

/*
 * Waits for the child's record on FD. 0 with the record in R; 1 when the
 * time limit passed; 2 when the child ended without a whole record; -1 on
 * a failure of the host's own (errno).
 */
static int wait_record(int fd, pid_t pid, double timeout, received *r, int *status, bool *reaped)
{
    int pidfd = open_pidfd(pid);
    double deadline = timeout > 0 ? now() + timeout : 0;
    int rc = -1;
    for (;;) {
        struct pollfd pfd[2] = {{fd, POLLIN, 0}, {pidfd, POLLIN, 0}};
        int wait_ms = pidfd >= 0 ? -1 : 10; /* without a pidfd, look at the child every 10 ms */
        if (deadline > 0) {
            double left = deadline - now();
            if (left <= 0) {
                rc = 1;
                goto done;
            }
            int left_ms = (int)(left * 1000) + 1;
            if (wait_ms < 0 || left_ms < wait_ms)
                wait_ms = left_ms;
        }
        int n = poll(pfd, pidfd >= 0 ? 2 : 1, wait_ms);
        if (n < 0 && errno != EINTR)
            goto done;
        if (n > 0 && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            int got = take(fd, r);
            if (got < 0)
                goto done;
            if (complete(r)) {
                rc = 0;
                goto done;
            }
            if (got == 0) { /* end of file: every writer is gone, the child too */
                rc = 2;
                goto done;
            }
        }
        bool ended = pidfd >= 0 ? n > 0 && (pfd[1].revents & POLLIN) : waitpid(pid, status, WNOHANG) == pid;
        if (ended) {
            if (pidfd >= 0 && waitpid(pid, status, 0) != pid)
                goto done;
            *reaped = true;
            /* What it wrote before it ended is in the pipe still. */
            if (take(fd, r) < 0)
                goto done;
            rc = complete(r) ? 0 : 2;
            goto done;
        }
    }
done:
    if (pidfd >= 0)
        close(pidfd);
    return rc;
}

/*
 * A crash or a time limit is about the plugin and the briefing it was given,
 * not about an output file that was never made: the message names the briefing.
 */
static void name_briefing(bc_error *err, const char *name)
{
    if (name && name[0] && !bc_error_file(err))
        bc_error_set_file(err, name);
}

/* CALL in a child; its output to SINK (may be NULL: a probe). BRIEFING names the input in messages. */
static int isolated_call(const char *path, double timeout, const child_call *call, const char *briefing,
                         bc_sink *sink, bc_error *err)
{
    const bc_plugin *plugin = call->plugin;
    received r = {NULL, 0, 0};
    int fds[2] = {-1, -1}, status = 0, rc = -1;
    bool reaped = false;
    pid_t pid = -1;
    /* No O_CLOEXEC needed: nothing here execs, and the leak into other children is handled above. */
    if (pipe(fds) != 0) {
        bc_error_set(err, 0, 0, "cannot start plugin '%s': %s", plugin->name, strerror(errno));
        goto done;
    }
    pthread_once(&call_lock_once, call_lock_init);
    pthread_rwlock_wrlock(&call_lock);
    pid = fork();
    if (pid != 0) /* the child never touches the lock again */
        pthread_rwlock_unlock(&call_lock);
    if (pid < 0) {
        bc_error_set(err, 0, 0, "cannot start plugin '%s': %s", plugin->name, strerror(errno));
        goto done;
    }
    if (pid == 0) {
        close(fds[0]);
        child_main(fds[1], call);
    }
    close(fds[1]);
    fds[1] = -1;
    if (fcntl(fds[0], F_SETFL, O_NONBLOCK) != 0) {
        bc_error_set(err, 0, 0, "cannot wait for plugin '%s': %s", plugin->name, strerror(errno));
        kill(pid, SIGKILL);
        goto done;
    }
    int got = wait_record(fds[0], pid, timeout, &r, &status, &reaped);
    if (got != 0 && !reaped)
        kill(pid, SIGKILL); /* timed out, or the host could not read: it must not live on */
    if (!reaped) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        reaped = true;
    }
    if (got < 0) {
        bc_error_set(err, 0, 0, "cannot read what plugin '%s' rendered: %s", plugin->name, strerror(errno));
        goto done;
    }
    if (got == 1) {
        bc_error_set(err, 0, 0, "plugin '%s' (%s) timed out after %g s", plugin->name, path, timeout);
        name_briefing(err, briefing);
        goto done;
    }
    if (got == 2) {
        if (WIFSIGNALED(status)) {
            int sig = WTERMSIG(status);
            const char *words = signal_words(sig);
            if (sig == SIGINT || sig == SIGTERM)
                bc_error_set(err, 0, 0, "plugin '%s' (%s) was interrupted (%s)", plugin->name, path,
                             strsignal(sig));
            else if (words)
                bc_error_set(err, 0, 0, "plugin '%s' (%s) crashed: %s", plugin->name, path, words);
            else
                bc_error_set(err, 0, 0, "plugin '%s' (%s) crashed: signal %d (%s)", plugin->name, path, sig,
                             strsignal(sig));
        } else {
            bc_error_set(err, 0, 0, "plugin '%s' (%s) exited before finishing its output (exit status %d)",
                         plugin->name, path, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        }
        name_briefing(err, briefing);
        goto done;
    }
    record_head h;
    memcpy(&h, r.buf, sizeof h);
    if (h.magic != RECORD_MAGIC || h.data_len > RECORD_DATA_MAX ||
        r.len < sizeof h + h.file_len + (uint64_t)h.msg_len + h.data_len) {
        bc_error_set(err, 0, 0, "plugin '%s' (%s) sent garbage instead of its output", plugin->name, path);
        goto done;
    }
    const char *file = (const char *)r.buf + sizeof h;
    const char *msg = file + h.file_len;
    const unsigned char *data = (const unsigned char *)msg + h.msg_len;
    if (h.status != 0) {
        /* The child's error as the plugin set it (bci_render named the input for a line): as in-process. */
        bc_error_set(err, h.line, h.column, "%.*s", (int)h.msg_len, msg);
        if (h.file_len) {
            char *f = strndup(file, h.file_len);
            if (f)
                bc_error_set_file(err, f);
            free(f);
        }
        goto done;
    }
    if (sink && (bc_sink_write(sink, data, (size_t)h.data_len) != 0 || bc_sink_flush(sink) != 0 ||
                 bc_sink_status(sink) != 0)) {
        bc_error_set(err, 0, 0, "write error: %s", strerror(bc_sink_status(sink)));
        goto done;
    }
    rc = 0;
done:
    if (fds[0] >= 0)
        close(fds[0]);
    if (fds[1] >= 0)
        close(fds[1]);
    free(r.buf);
    return rc;
}

int bci_isolated_render(const char *path, double timeout, const bc_plugin *plugin, void *state,
                        const bc_document *doc, const bc_item *item, const bc_options *opts, bc_sink *sink,
                        bc_error *err)
{
    child_call call = {plugin, state, opts, doc, item, NULL};
    return isolated_call(path, timeout, &call, bc_document_source_name(doc), sink, err);
}

int bci_isolated_probe(const char *path, double timeout, const bc_plugin *plugin, void *state, const char *input,
                       const bc_options *opts, bc_error *err)
{
    child_call call = {plugin, state, opts, NULL, NULL, input};
    return isolated_call(path, timeout, &call, strcmp(input, "-") == 0 ? "<stdin>" : input, NULL, err);
}
