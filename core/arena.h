/*
 * arena.h — the per-document bump allocator (internal).
 *
 * Everything a document holds (nodes, strings, values) comes from its arena,
 * so reading a document costs a handful of mallocs and freeing it is one pass
 * over the chunk list, whatever the size of the tree.
 */
#ifndef BC_ARENA_H
#define BC_ARENA_H

#include <stddef.h>

typedef struct bci_arena_chunk bci_arena_chunk;

typedef struct bci_arena {
    bci_arena_chunk *head; /* the chunk being filled; older ones behind it */
    size_t next_size;      /* size of the next ordinary chunk */
} bci_arena;

void bci_arena_init(bci_arena *a);
/** Frees every chunk; the arena may be used again after init. */
void bci_arena_release(bci_arena *a);
/** SIZE bytes aligned for any object, uninitialised; NULL on OOM. */
void *bci_arena_alloc(bci_arena *a, size_t size);
/** As bci_arena_alloc, zero-filled. */
void *bci_arena_calloc(bci_arena *a, size_t n, size_t size);
/** SIZE bytes with no alignment (for strings); NULL on OOM. */
char *bci_arena_bytes(bci_arena *a, size_t size);
/** A NUL-terminated copy of [S, S+LEN); NULL on OOM. */
char *bci_arena_strndup(bci_arena *a, const char *s, size_t len);

/**
 * Appends the ELEM_SIZE bytes at ELEM to the array *DATA of *LEN elements and
 * *CAP capacity, doubling the capacity from the arena when full (the old
 * block is abandoned to the arena: at most half the total is wasted).
 * Returns 0 or -1 on OOM.
 */
int bci_arena_push(bci_arena *a, void **data, size_t *len, size_t *cap, size_t elem_size,
                   const void *elem);

#endif
