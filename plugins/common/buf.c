/* buf.c — the growable buffer and the hash of the plugins' support library (buf.h). */
#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int bcp_buf_reserve(bcp_buf *b, size_t extra)
{
    if (extra <= b->cap - b->len)
        return 0;
    if (extra > SIZE_MAX / 2 - b->len)
        return -1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len < extra)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

char *bcp_buf_extend(bcp_buf *b, size_t n)
{
    /* Storage even for N = 0, so that callers may memcpy/memset into the result. */
    if (bcp_buf_reserve(b, n ? n : 1) != 0)
        return NULL;
    char *p = b->data + b->len;
    b->len += n;
    return p;
}

int bcp_buf_put_grow(bcp_buf *b, const void *s, size_t n)
{
    char *p = bcp_buf_extend(b, n);
    if (!p)
        return -1;
    if (n > 0) /* S may be NULL then */
        memcpy(p, s, n);
    return 0;
}

int bcp_buf_puts(bcp_buf *b, const char *s)
{
    return bcp_buf_put(b, s, strlen(s));
}

int bcp_buf_repeat(bcp_buf *b, char c, size_t n)
{
    char *p = bcp_buf_extend(b, n);
    if (!p)
        return -1;
    memset(p, c, n);
    return 0;
}

void *bcp_grow(void *v, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return v;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return NULL;
        n *= 2;
    }
    if (n > SIZE_MAX / elem)
        return NULL;
    void *p = realloc(v, n * elem);
    if (p)
        *cap = n;
    return p;
}

char *bcp_strdup_or_null(const char *s, bool *oom)
{
    char *copy = s ? strdup(s) : NULL;
    *oom |= s && !copy;
    return copy;
}

void bcp_buf_free(bcp_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

unsigned long long bcp_hash(const void *s, size_t n)
{
    const unsigned char *p = s;
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}
