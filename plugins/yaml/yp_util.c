/* yp_util.c — a set of keys, for duplicate detection. */
#include <stdlib.h>
#include <string.h>

#include "yp.h"

/* ---------------------------------------------------------------- key sets */

int yp_keyset_add(yp_keyset *ks, const char *s, size_t len, int line, int *first_line)
{
    bool added;
    if (bcp_buf_reserve(&ks->lines, sizeof line) != 0) /* so that the key is never added without its line */
        return -1;
    long i = bcp_strset_add(&ks->keys, s, len, &added);
    if (i < 0)
        return -1;
    if (!added) {
        memcpy(first_line, ks->lines.data + (size_t)i * sizeof line, sizeof line);
        return 1;
    }
    bcp_buf_put(&ks->lines, &line, sizeof line);
    return 0;
}

const char *yp_keyset_last(const yp_keyset *ks, size_t *len)
{
    return bcp_strset_at(&ks->keys, ks->keys.count - 1, len);
}

void yp_keyset_free(yp_keyset *ks)
{
    bcp_strset_free(&ks->keys);
    bcp_buf_free(&ks->lines);
}
