/* yp_util.c — a set of keys, for duplicate detection. */
#include <stdlib.h>
#include <string.h>

#include "yp.h"

/* ---------------------------------------------------------------- key sets */

static const yp_key_entry *entry(const yp_keyset *ks, size_t i)
{
    return (const yp_key_entry *)(const void *)ks->entries.data + i;
}

/*
 * The slot in SLOTS (MASK + 1 of them) for hash H: the one of the key equal
 * to S (LEN bytes) when the set has it, else the empty one where it goes.
 * S NULL asks for an empty slot only (rehashing keys known to be distinct).
 */
static size_t probe(const yp_keyset *ks, const uint32_t *slots, size_t mask, uint64_t h, const char *s,
                    size_t len)
{
    size_t j = (size_t)h & mask;
    for (; slots[j]; j = (j + 1) & mask) {
        const yp_key_entry *e = s ? entry(ks, slots[j] - 1) : NULL;
        if (e && e->hash == h && e->len == len && memcmp(ks->chars.data + e->off, s, len) == 0)
            break;
    }
    return j;
}

static int keyset_grow(yp_keyset *ks)
{
    size_t cap = ks->slot_cap ? ks->slot_cap * 2 : 16;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < ks->count; i++)
        slots[probe(ks, slots, cap - 1, entry(ks, i)->hash, NULL, 0)] = (uint32_t)i + 1;
    free(ks->slots);
    ks->slots = slots;
    ks->slot_cap = cap;
    return 0;
}

int yp_keyset_add(yp_keyset *ks, const char *s, size_t len, int line, int *first_line)
{
    if ((ks->count + 1) * 2 > ks->slot_cap && keyset_grow(ks) != 0)
        return -1;
    if (ks->count >= UINT32_MAX - 1)
        return -1;
    uint64_t h = (uint64_t)bcp_hash(s, len);
    size_t j = probe(ks, ks->slots, ks->slot_cap - 1, h, s, len);
    if (ks->slots[j]) {
        *first_line = entry(ks, ks->slots[j] - 1)->line;
        return 1;
    }
    yp_key_entry e = {h, ks->chars.len, len, line};
    if (bcp_buf_put(&ks->entries, &e, sizeof e) != 0 || bcp_buf_put(&ks->chars, s, len) != 0)
        return -1;
    ks->slots[j] = (uint32_t)++ks->count;
    return 0;
}

const char *yp_keyset_last(const yp_keyset *ks, size_t *len)
{
    const yp_key_entry *e = entry(ks, ks->count - 1);
    *len = e->len;
    return ks->chars.data + e->off;
}

void yp_keyset_free(yp_keyset *ks)
{
    bcp_buf_free(&ks->entries);
    free(ks->slots);
    bcp_buf_free(&ks->chars);
    memset(ks, 0, sizeof *ks);
}
