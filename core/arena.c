/* arena.c — bump allocator backing every document (see arena.h). */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN alignof(max_align_t)
#define ARENA_FIRST_CHUNK 4096u
#define ARENA_MAX_CHUNK (256u * 1024u)

struct bci_arena_chunk {
    bci_arena_chunk *prev;
    size_t size; /* usable bytes in data */
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

void bci_arena_init(bci_arena *a)
{
    a->head = NULL;
    a->next_size = ARENA_FIRST_CHUNK;
}

void bci_arena_release(bci_arena *a)
{
    bci_arena_chunk *c = a->head;
    while (c) {
        bci_arena_chunk *prev = c->prev;
        free(c);
        c = prev;
    }
    bci_arena_init(a);
}

/*
 * A request too big for an ordinary chunk gets a chunk of its own, slipped
 * in behind the current head so the head's free space is not thrown away.
 */
static void *arena_new_chunk(bci_arena *a, size_t size)
{
    size_t want = size > a->next_size / 4 ? size : a->next_size;
    if (want > SIZE_MAX - sizeof(bci_arena_chunk))
        return NULL;
    bci_arena_chunk *c = malloc(sizeof(*c) + want);
    if (!c)
        return NULL;
    c->size = want;
    c->used = size;
    if (want == size && a->head) {
        c->prev = a->head->prev;
        a->head->prev = c;
    } else {
        c->prev = a->head;
        a->head = c;
        if (a->next_size < ARENA_MAX_CHUNK)
            a->next_size *= 2;
    }
    return c->data;
}

static void *arena_take(bci_arena *a, size_t size, size_t align)
{
    bci_arena_chunk *c = a->head;
    if (c) {
        size_t start = (c->used + (align - 1)) & ~(align - 1);
        if (start <= c->size && size <= c->size - start) {
            c->used = start + size;
            return c->data + start;
        }
    }
    return arena_new_chunk(a, size);
}

void *bci_arena_alloc(bci_arena *a, size_t size)
{
    return arena_take(a, size ? size : 1, ARENA_ALIGN);
}

void *bci_arena_calloc(bci_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = bci_arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *bci_arena_bytes(bci_arena *a, size_t size)
{
    return arena_take(a, size ? size : 1, 1);
}

char *bci_arena_strndup(bci_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = bci_arena_bytes(a, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

int bci_arena_push(bci_arena *a, void **data, size_t *len, size_t *cap, size_t elem_size,
                   const void *elem)
{
    if (*len == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        if (ncap > SIZE_MAX / elem_size)
            return -1;
        void *n = bci_arena_alloc(a, ncap * elem_size);
        if (!n)
            return -1;
        if (*len)
            memcpy(n, *data, *len * elem_size);
        *data = n;
        *cap = ncap;
    }
    memcpy((unsigned char *)*data + *len * elem_size, elem, elem_size);
    (*len)++;
    return 0;
}
