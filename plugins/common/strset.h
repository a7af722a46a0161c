/*
 * strset.h — a set of byte strings, each numbered in the order it was first
 * added (the plugins' support library): the YAML reader's duplicate keys and
 * ids, the site's tags. Open addressing over bcp_hash; the strings live in
 * one buffer, so adding one costs no allocation of its own.
 */
#ifndef BCP_STRSET_H
#define BCP_STRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Zero-initialised is an empty set. */
typedef struct bcp_strset {
    bcp_buf entries; /* COUNT records: hash, offset and length of each string */
    bcp_buf chars;   /* the strings, each followed by a NUL */
    uint32_t *slots; /* entry number + 1, 0 for an empty slot */
    size_t slot_cap, count;
} bcp_strset;

/*
 * The number of S (LEN bytes, NULs allowed) in SET: the one it already had
 * (*ADDED false), or a new one, COUNT - 1 (*ADDED true). -1 on OOM or when
 * the set is full (2^32 - 2 strings); the set is then unchanged.
 */
long bcp_strset_add(bcp_strset *set, const char *s, size_t len, bool *added);
/*
 * String number I (below COUNT), NUL-terminated, its length in *LEN unless
 * LEN is NULL. The set's: valid until the next add.
 */
const char *bcp_strset_at(const bcp_strset *set, size_t i, size_t *len);
/* Frees the storage and leaves an empty set; NULL is a no-op. */
void bcp_strset_free(bcp_strset *set);

#endif
