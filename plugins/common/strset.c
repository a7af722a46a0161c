/* strset.c — see strset.h. */
#include "strset.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    uint64_t hash;
    size_t off, len;
} entry;

static const entry *entry_at(const bcp_strset *set, size_t i)
{
    return (const entry *)(const void *)set->entries.data + i;
}

/*
 * The slot in SLOTS (MASK + 1 of them) for hash H: the one of the string
 * equal to S (LEN bytes) when the set has it, else the empty one where it
 * goes. S NULL asks for an empty slot only (rehashing strings known to be
 * distinct).
 */
static size_t probe(const bcp_strset *set, const uint32_t *slots, size_t mask, uint64_t h, const char *s,
                    size_t len)
{
    size_t j = (size_t)h & mask;
    for (; slots[j]; j = (j + 1) & mask) {
        const entry *e = s ? entry_at(set, slots[j] - 1) : NULL;
        if (e && e->hash == h && e->len == len && memcmp(set->chars.data + e->off, s, len) == 0)
            break;
    }
    return j;
}

/* Doubles the slots (at most half full) and places every string again; -1 on OOM. */
static int grow(bcp_strset *set)
{
    size_t cap = set->slot_cap ? set->slot_cap * 2 : 16;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < set->count; i++)
        slots[probe(set, slots, cap - 1, entry_at(set, i)->hash, NULL, 0)] = (uint32_t)i + 1;
    free(set->slots);
    set->slots = slots;
    set->slot_cap = cap;
    return 0;
}

long bcp_strset_add(bcp_strset *set, const char *s, size_t len, bool *added)
{
    *added = false;
    if (set->count >= UINT32_MAX - 1 || len == SIZE_MAX)
        return -1;
    if ((set->count + 1) * 2 > set->slot_cap && grow(set) != 0)
        return -1;
    uint64_t h = bcp_hash(s, len);
    size_t j = probe(set, set->slots, set->slot_cap - 1, h, s, len);
    if (set->slots[j])
        return (long)set->slots[j] - 1;
    entry e = {h, set->chars.len, len};
    /* Both reserved first, so that a failure leaves the set as it was. */
    if (bcp_buf_reserve(&set->entries, sizeof e) != 0 || bcp_buf_reserve(&set->chars, len + 1) != 0)
        return -1;
    bcp_buf_put(&set->entries, &e, sizeof e);
    bcp_buf_put(&set->chars, s, len);
    bcp_buf_putc(&set->chars, '\0');
    set->slots[j] = (uint32_t)++set->count;
    *added = true;
    return (long)set->count - 1;
}

const char *bcp_strset_at(const bcp_strset *set, size_t i, size_t *len)
{
    const entry *e = entry_at(set, i);
    if (len)
        *len = e->len;
    return set->chars.data + e->off;
}

void bcp_strset_free(bcp_strset *set)
{
    if (!set)
        return;
    bcp_buf_free(&set->entries);
    bcp_buf_free(&set->chars);
    free(set->slots);
    memset(set, 0, sizeof *set);
}
