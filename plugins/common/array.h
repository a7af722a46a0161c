/* array.h — growing an array of records one at a time (the plugins' support library). */
#ifndef BCP_ARRAY_H
#define BCP_ARRAY_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Room for one more SIZE-byte item in ITEMS, which has COUNT used of *CAP:
 * doubles the capacity (from FIRST) when it is full. Returns the array,
 * moved or not, or NULL on OOM or overflow, when ITEMS and *CAP are unchanged.
 */
void *bcp_array_grow(void *items, size_t count, size_t *cap, size_t size, size_t first);
/* A copy of S, NULL for NULL; sets *OOM when the copy fails. Caller frees. */
char *bcp_strdup_or_null(const char *s, bool *oom);

#endif
