/*
 * buf.h — the in-tree plugins' support library (plugins/common/, linked
 * into every plugin, hidden like the rest of a plugin's code): one growable
 * byte buffer instead of one per plugin.
 */
#ifndef BCP_BUF_H
#define BCP_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct bcp_buf {
    char *data; /* not NUL-terminated; NULL until storage is first needed */
    size_t len, cap;
} bcp_buf;

/* Room for EXTRA more bytes; 0, or -1 on OOM or overflow (the buffer is then unchanged). */
int bcp_buf_reserve(bcp_buf *b, size_t extra);
/*
 * Makes N more bytes part of the buffer and returns where they start, for
 * the caller to fill (a valid pointer even for N = 0); NULL on OOM or
 * overflow (the buffer is then unchanged). The pointer is the buffer's:
 * valid until the next call that may grow it.
 */
char *bcp_buf_extend(bcp_buf *b, size_t n);
/* bcp_buf_put's way when the bytes do not fit: grows the buffer first. */
int bcp_buf_put_grow(bcp_buf *b, const void *s, size_t n);
/*
 * Appends N bytes of S (S may be NULL when N is 0); 0, or -1 on OOM or
 * overflow (the buffer is then unchanged). Inline when they fit: the
 * writers call it for every piece of text, and a call per piece cost a
 * markdown run 6 % of its instructions.
 */
static inline int bcp_buf_put(bcp_buf *b, const void *s, size_t n)
{
    if (n == 0 || n > b->cap - b->len)
        return bcp_buf_put_grow(b, s, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}
int bcp_buf_puts(bcp_buf *b, const char *s);
/* Appends C; as bcp_buf_put. */
static inline int bcp_buf_putc(bcp_buf *b, char c)
{
    if (b->len == b->cap)
        return bcp_buf_put_grow(b, &c, 1);
    b->data[b->len++] = c;
    return 0;
}
/* Appends C repeated N times. */
int bcp_buf_repeat(bcp_buf *b, char c, size_t n);
/* Frees the storage and leaves an empty buffer; NULL is a no-op. */
void bcp_buf_free(bcp_buf *b);

/*
 * Growth for the plugins' arrays: returns V (an array of CAP elements of
 * ELEM bytes) or its reallocation with room for at least NEED elements,
 * updating CAP; NULL on OOM or overflow, V then untouched and still the
 * caller's. The caller keeps the result (it owns V either way).
 */
void *bcp_grow(void *v, size_t *cap, size_t need, size_t elem);

/* A copy of S, NULL for NULL; sets *OOM when the copy fails. Caller frees. */
char *bcp_strdup_or_null(const char *s, bool *oom);

/* FNV-1a over N bytes of S: for hash tables and names, never for security. */
unsigned long long bcp_hash(const void *s, size_t n);

#endif
