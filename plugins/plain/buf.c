/* buf.c — growable byte buffer (see buf.h). */
#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int reserve(plain_buf *b, size_t extra)
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

int plain_buf_put(plain_buf *b, const void *s, size_t n)
{
    if (n == 0)
        return 0;
    if (reserve(b, n) != 0)
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

int plain_buf_puts(plain_buf *b, const char *s)
{
    return plain_buf_put(b, s, strlen(s));
}

int plain_buf_putc(plain_buf *b, char c)
{
    return plain_buf_put(b, &c, 1);
}

int plain_buf_repeat(plain_buf *b, char c, size_t n)
{
    if (n == 0)
        return 0;
    if (reserve(b, n) != 0)
        return -1;
    memset(b->data + b->len, c, n);
    b->len += n;
    return 0;
}

void plain_buf_free(plain_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
