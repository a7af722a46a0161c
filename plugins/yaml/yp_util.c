/* yp_util.c — a set of keys, for duplicate detection. */
#include <stdlib.h>
#include <string.h>

#include "yp.h"

/* ---------------------------------------------------------------- key sets */

static int keyset_grow(yp_keyset *ks)
{
    size_t cap = ks->slot_cap ? ks->slot_cap * 2 : 16;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < ks->count; i++) {
        size_t j = (size_t)ks->entries[i].hash & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = (uint32_t)i + 1;
    }
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
    size_t mask = ks->slot_cap - 1;
    size_t j = (size_t)h & mask;
    for (; ks->slots[j]; j = (j + 1) & mask) {
        const yp_key_entry *e = &ks->entries[ks->slots[j] - 1];
        if (e->hash == h && e->len == len && memcmp(ks->chars.data + e->off, s, len) == 0) {
            *first_line = e->line;
            return 1;
        }
    }
    if (ks->count == ks->entry_cap) {
        size_t cap = ks->entry_cap ? ks->entry_cap * 2 : 8;
        yp_key_entry *e = realloc(ks->entries, cap * sizeof *e);
        if (!e)
            return -1;
        ks->entries = e;
        ks->entry_cap = cap;
    }
    yp_key_entry *e = &ks->entries[ks->count];
    e->hash = h;
    e->off = ks->chars.len;
    e->len = len;
    e->line = line;
    if (bcp_buf_put(&ks->chars, s, len) != 0)
        return -1;
    ks->slots[j] = (uint32_t)++ks->count;
    return 0;
}

void yp_keyset_free(yp_keyset *ks)
{
    free(ks->entries);
    free(ks->slots);
    bcp_buf_free(&ks->chars);
    memset(ks, 0, sizeof *ks);
}

const char *yp_keyset_last(const yp_keyset *ks, size_t *len)
{
    const yp_key_entry *e = &ks->entries[ks->count - 1];
    *len = e->len;
    return ks->chars.data + e->off;
}
