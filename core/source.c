/* source.c — the input a plugin reads: a file descriptor or memory. */
#include "source.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void bci_source_init_fd(bc_source *src, const char *name, int fd)
{
    struct stat st;
    memset(src, 0, sizeof *src);
    src->name = name;
    src->fd = fd;
    src->size = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
}

void bci_source_init_memory(bc_source *src, const char *name, const void *data, size_t len)
{
    memset(src, 0, sizeof *src);
    src->name = name;
    src->fd = -1;
    src->data = data;
    src->len = data ? len : 0;
    src->size = (long long)src->len;
}

const char *bc_source_name(const bc_source *src)
{
    return src && src->name ? src->name : "";
}

long long bc_source_size(const bc_source *src)
{
    return src ? src->size : -1;
}

long long bc_source_read(bc_source *src, void *buf, size_t len, bc_error *err)
{
    if (!src || (!buf && len)) {
        bc_error_set(err, 0, 0, "read error: bad arguments");
        return -1;
    }
    if (src->fd < 0) {
        size_t n = src->len - src->pos;
        if (n > len)
            n = len;
        if (n)
            memcpy(buf, src->data + src->pos, n);
        src->pos += n;
        return (long long)n;
    }
    if (len > (size_t)SSIZE_MAX)
        len = (size_t)SSIZE_MAX;
    for (;;) {
        ssize_t n = read(src->fd, buf, len);
        if (n >= 0)
            return (long long)n;
        if (errno != EINTR) {
            bc_error_set(err, 0, 0, "read error: %s", strerror(errno));
            return -1;
        }
    }
}
