/* buf.h — growable byte buffer used by the plain-text renderer (internal). */
#ifndef PLAIN_BUF_H
#define PLAIN_BUF_H

#include <stddef.h>

typedef struct plain_buf {
    char *data; /* not NUL-terminated; NULL until the first append */
    size_t len;
    size_t cap;
} plain_buf;

/* Appends N bytes; 0, or -1 on OOM (the buffer is then unchanged). */
int plain_buf_put(plain_buf *b, const void *s, size_t n);
int plain_buf_puts(plain_buf *b, const char *s);
int plain_buf_putc(plain_buf *b, char c);
/* Appends C repeated N times. */
int plain_buf_repeat(plain_buf *b, char c, size_t n);
/* Frees the storage and leaves an empty buffer; NULL is a no-op. */
void plain_buf_free(plain_buf *b);

#endif
