/*
 * sink.c — buffered byte sinks: memory, file descriptor, callback. The first
 * failure sticks, so plugins write freely and check once.
 */
#include <briefconv/briefconv.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SINK_BUFFER (64u * 1024u)

typedef enum { SINK_MEMORY, SINK_FD, SINK_CALLBACK } sink_kind;

struct bc_sink {
    sink_kind kind;
    int status; /* errno of the first failure, 0 while all is well */
    uint64_t bytes;
    /* MEMORY: all the output; FD/CALLBACK: bytes not yet handed on. */
    unsigned char *buf;
    size_t len, cap;
    int fd;
    bc_sink_write_fn write_fn;
    void *user;
};

static bc_sink *sink_new(sink_kind kind, size_t cap)
{
    bc_sink *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->kind = kind;
    s->fd = -1;
    if (cap) {
        s->buf = malloc(cap);
        if (!s->buf) {
            free(s);
            return NULL;
        }
        s->cap = cap;
    }
    return s;
}

bc_sink *bc_sink_new_memory(void)
{
    return sink_new(SINK_MEMORY, 0);
}

bc_sink *bc_sink_new_fd(int fd)
{
    if (fd < 0)
        return NULL;
    bc_sink *s = sink_new(SINK_FD, SINK_BUFFER);
    if (s)
        s->fd = fd;
    return s;
}

bc_sink *bc_sink_new_callback(bc_sink_write_fn write_fn, void *user)
{
    if (!write_fn)
        return NULL;
    bc_sink *s = sink_new(SINK_CALLBACK, SINK_BUFFER);
    if (s) {
        s->write_fn = write_fn;
        s->user = user;
    }
    return s;
}

void bc_sink_free(bc_sink *sink)
{
    if (!sink)
        return;
    free(sink->buf);
    free(sink);
}

static int fail(bc_sink *s, int errnum)
{
    if (!s->status)
        s->status = errnum ? errnum : EIO;
    return -1;
}

/* Hands DATA to the descriptor or callback, unbuffered. */
static int pass_on(bc_sink *s, const unsigned char *data, size_t len)
{
    if (s->kind == SINK_CALLBACK) {
        int rc = len ? s->write_fn(s->user, data, len) : 0;
        return rc ? fail(s, rc) : 0;
    }
    while (len > 0) {
        ssize_t n = write(s->fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail(s, errno);
        }
        if (n == 0)
            return fail(s, EIO);
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static int memory_reserve(bc_sink *s, size_t extra)
{
    if (extra <= s->cap - s->len)
        return 0;
    if (extra > SIZE_MAX - s->len)
        return fail(s, ENOMEM);
    size_t need = s->len + extra;
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    unsigned char *n = realloc(s->buf, cap);
    if (!n)
        return fail(s, ENOMEM);
    s->buf = n;
    s->cap = cap;
    return 0;
}

int bc_sink_flush(bc_sink *sink)
{
    if (!sink)
        return -1;
    if (sink->status)
        return -1;
    if (sink->kind == SINK_MEMORY || sink->len == 0)
        return 0;
    size_t len = sink->len;
    sink->len = 0;
    return pass_on(sink, sink->buf, len);
}

int bc_sink_write(bc_sink *sink, const void *data, size_t len)
{
    if (!sink)
        return -1;
    if (sink->status)
        return -1;
    if (len == 0)
        return 0;
    if (!data)
        return fail(sink, EINVAL);
    if (sink->kind == SINK_MEMORY) {
        if (memory_reserve(sink, len) != 0)
            return -1;
    } else if (len > sink->cap - sink->len) {
        if (bc_sink_flush(sink) != 0)
            return -1;
        if (len >= sink->cap) {
            if (pass_on(sink, data, len) != 0)
                return -1;
            sink->bytes += len;
            return 0;
        }
    }
    memcpy(sink->buf + sink->len, data, len);
    sink->len += len;
    sink->bytes += len;
    return 0;
}

int bc_sink_puts(bc_sink *sink, const char *s)
{
    if (!s)
        return sink ? fail(sink, EINVAL) : -1;
    return bc_sink_write(sink, s, strlen(s));
}

int bc_sink_putc(bc_sink *sink, int c)
{
    unsigned char b = (unsigned char)c;
    if (sink && !sink->status && sink->kind != SINK_MEMORY && sink->len < sink->cap) {
        sink->buf[sink->len++] = b;
        sink->bytes++;
        return 0;
    }
    return bc_sink_write(sink, &b, 1);
}

int bc_sink_vprintf(bc_sink *sink, const char *fmt, va_list ap)
{
    char small[512];
    va_list again;
    if (!sink || sink->status)
        return -1;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0 || (size_t)n < sizeof small) {
        va_end(again);
        return n < 0 ? fail(sink, EINVAL) : bc_sink_write(sink, small, (size_t)n);
    }
    char *big = malloc((size_t)n + 1);
    int m = big ? vsnprintf(big, (size_t)n + 1, fmt, again) : -1;
    va_end(again);
    int rc = !big ? fail(sink, ENOMEM) : m == n ? bc_sink_write(sink, big, (size_t)n) : fail(sink, EINVAL);
    free(big);
    return rc;
}

int bc_sink_printf(bc_sink *sink, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = bc_sink_vprintf(sink, fmt, ap);
    va_end(ap);
    return rc;
}

int bc_sink_status(const bc_sink *sink)
{
    return sink ? sink->status : EINVAL;
}

uint64_t bc_sink_bytes(const bc_sink *sink)
{
    return sink ? sink->bytes : 0;
}

const unsigned char *bc_sink_memory_data(const bc_sink *sink, size_t *len)
{
    if (!sink || sink->kind != SINK_MEMORY) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = sink->len;
    return sink->buf ? sink->buf : (const unsigned char *)"";
}
