/* array.c — see array.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"

void *bcp_array_grow(void *items, size_t count, size_t *cap, size_t size, size_t first)
{
    if (count < *cap)
        return items;
    size_t grown = *cap ? 2 * *cap : first;
    if (grown < *cap || grown > SIZE_MAX / size)
        return NULL;
    void *moved = realloc(items, grown * size);
    if (moved)
        *cap = grown;
    return moved;
}

char *bcp_strdup_or_null(const char *s, bool *oom)
{
    char *copy = s ? strdup(s) : NULL;
    *oom |= s && !copy;
    return copy;
}
