/*
 * yp_cmheap.c — cmark-gfm's memory, so that running out of it is an error
 * of one read instead of abort() of the whole process.
 *
 * cmark never checks an allocation: its own allocator aborts on failure,
 * and a NULL handed back would be dereferenced. So the allocator given to
 * cmark never returns NULL either. Every block it hands out is linked into
 * the heap of the read that asked (yp_cmheap), and on failure it longjmps to
 * the escape point of that read (yp_cmheap_enter), which then frees every
 * block of the heap at once: cmark's half-built state is never touched
 * again. cmark_mem has no user pointer, so the heap of the read running on
 * this thread is found through a thread-local pointer, set only while the
 * read is inside cmark (between enter and leave).
 */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "yp.h"

/* initial-exec: in glibc's static TLS surplus, so no lazy per-thread
 * allocation on first use, which aborts the process when memory is short. */
static _Thread_local yp_cmheap *current __attribute__((tls_model("initial-exec")));

static yp_cmblock *header_of(void *p)
{
    return (yp_cmblock *)p - 1;
}

static void link_block(yp_cmblock *b, yp_cmheap *heap)
{
    if (!heap) {
        b->l.prev = b->l.next = b; /* alone: unlinking is a no-op */
        return;
    }
    b->l.prev = &heap->blocks;
    b->l.next = heap->blocks.l.next;
    b->l.next->l.prev = b;
    heap->blocks.l.next = b;
}

static void unlink_block(yp_cmblock *b)
{
    b->l.prev->l.next = b->l.next;
    b->l.next->l.prev = b->l.prev;
}

static _Noreturn void out_of_memory(void)
{
    if (current && current->escape)
        longjmp(*current->escape, 1);
    abort(); /* cmark was called outside enter/leave: a bug of ours */
}

static void *cm_calloc(size_t count, size_t size)
{
    if (size != 0 && count > (SIZE_MAX - sizeof(yp_cmblock)) / size)
        out_of_memory();
    yp_cmblock *b = calloc(1, sizeof *b + count * size);
    if (!b)
        out_of_memory();
    link_block(b, current);
    return b + 1;
}

static void *cm_realloc(void *p, size_t size)
{
    if (!p)
        return cm_calloc(1, size);
    if (size > SIZE_MAX - sizeof(yp_cmblock))
        out_of_memory();
    yp_cmblock *old = header_of(p);
    bool alone = old->l.next == old;
    /* Unlinked first: realloc may move it, and the list must never point at freed memory. */
    unlink_block(old);
    yp_cmblock *b = realloc(old, sizeof *b + size);
    if (!b) {
        if (alone)
            old->l.prev = old->l.next = old;
        else
            link_block(old, current);
        out_of_memory();
    }
    if (alone)
        b->l.prev = b->l.next = b;
    else
        link_block(b, current);
    return b + 1;
}

static void cm_free(void *p)
{
    if (!p)
        return;
    yp_cmblock *b = header_of(p);
    unlink_block(b);
    free(b);
}

static cmark_mem heap_mem = {cm_calloc, cm_realloc, cm_free};

cmark_mem *yp_cmheap_mem(void)
{
    return &heap_mem;
}

void yp_cmheap_init(yp_cmheap *heap)
{
    heap->blocks.l.prev = heap->blocks.l.next = &heap->blocks;
    heap->escape = NULL;
}

void yp_cmheap_enter(yp_cmheap *heap, jmp_buf *escape)
{
    heap->escape = escape;
    current = heap;
}

void yp_cmheap_leave(yp_cmheap *heap)
{
    heap->escape = NULL;
    current = NULL;
}

void yp_cmheap_release(yp_cmheap *heap)
{
    yp_cmheap_leave(heap);
    yp_cmblock *b = heap->blocks.l.next;
    while (b != &heap->blocks) {
        yp_cmblock *next = b->l.next;
        free(b);
        b = next;
    }
    yp_cmheap_init(heap);
}

/*
 * Registering the extensions allocates with cmark's default allocator,
 * which aborts on failure; its blocks live until cmark_release_plugins
 * frees them with free(). So for the registration only, the default
 * allocator is swapped for one that allocates plain blocks, notes them, and
 * escapes on failure. Registration runs once, from the plugin's init,
 * before any read (plugin.h), so no other thread is inside cmark. After an
 * escape, cmark_release_plugins frees what reached cmark's registry and the
 * blocks still noted are the ones nothing refers to any more.
 */
typedef struct reg_blocks {
    void *p[256]; /* registering the three extensions makes a few dozen */
    size_t n;
} reg_blocks;

static _Thread_local reg_blocks *noting __attribute__((tls_model("initial-exec")));

static void note(void *p)
{
    if (noting->n < sizeof noting->p / sizeof noting->p[0])
        noting->p[noting->n++] = p; /* beyond that, an escape leaks them */
}

static void unnote(void *p)
{
    for (size_t i = noting->n; i-- > 0;)
        if (noting->p[i] == p) {
            noting->p[i] = noting->p[--noting->n];
            return;
        }
}

static void *plain_calloc(size_t count, size_t size)
{
    void *p = calloc(count, size);
    if (!p)
        out_of_memory();
    note(p);
    return p;
}

static void *plain_realloc(void *p, size_t size)
{
    /* Found before realloc: the old pointer may not be looked at after it. */
    size_t slot = noting->n;
    for (size_t i = 0; p && i < noting->n; i++)
        if (noting->p[i] == p)
            slot = i;
    void *q = realloc(p, size);
    if (!q)
        out_of_memory();
    if (slot < noting->n)
        noting->p[slot] = q;
    else
        note(q);
    return q;
}

static void plain_free(void *p)
{
    if (p)
        unnote(p);
    free(p);
}

int yp_cmheap_register_extensions(void)
{
    cmark_mem *def = cmark_get_default_mem_allocator();
    cmark_mem saved = *def;
    yp_cmheap guard;
    reg_blocks blocks = {.n = 0};
    jmp_buf escape;
    yp_cmheap_init(&guard);
    noting = &blocks;
    if (setjmp(escape) != 0) {
        yp_cmheap_leave(&guard);
        cmark_release_plugins();
        for (size_t i = 0; i < blocks.n; i++)
            free(blocks.p[i]);
        *def = saved;
        noting = NULL;
        return -1;
    }
    yp_cmheap_enter(&guard, &escape);
    def->calloc = plain_calloc;
    def->realloc = plain_realloc;
    def->free = plain_free;
    cmark_gfm_core_extensions_ensure_registered();
    *def = saved;
    noting = NULL;
    yp_cmheap_leave(&guard);
    return 0;
}
