/*
 * compress.c — deflating the parts of a package for their zip entries.
 *
 * Deflate was half of a batch's CPU time with zlib (perf, 1,000 briefings
 * to DOCX), so the parts go through libdeflate, which compresses a whole
 * buffer at once (every part is already whole in memory) about 1.5x faster
 * than zlib at the same level and ratio, and computes the CRC-32 with
 * carry-less multiplication.
 *
 * A deflater belongs to one run (the plugin's instance state, made at open
 * and freed at close), so that a batch does not pay the same work per
 * document, and nothing outlives the run or is shared between runs. It
 * holds two bounded structures, both guarded by its mutex, since the -j
 * worker threads of the run deflate at once:
 *   - a pool of idle compressors, since setting one up clears hash tables
 *     larger than a briefing's XML;
 *   - the deflated bytes of "shared" parts (styles, settings, font table,
 *     rels...), which are byte-identical in most documents of a run. A part
 *     is reused only when its bytes equal the kept ones, so output never
 *     depends on what was converted before: deflate is a function of the
 *     bytes and the level.
 * The lock is held only to take or give back a compressor and to look up
 * or keep a part, never while deflating.
 */
#include "docx.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

/* Idle compressors kept for reuse: one per thread of a batch is enough. */
#define POOL_MAX 16
/* Shared parts kept, and the bytes they may hold in all (raw + deflated). */
#define MEMO_MAX 32
#define MEMO_BYTES_MAX (1024 * 1024)

typedef struct memo_entry {
    unsigned char *raw;      /* the part's bytes */
    size_t size;
    unsigned char *deflated; /* raw deflate of them at LEVEL */
    size_t len;
    uint32_t crc;
    int level;
} memo_entry;

struct docx_deflater {
    pthread_mutex_t lock; /* guards everything below */
    struct libdeflate_compressor *pool[POOL_MAX];
    int pool_level[POOL_MAX];
    size_t pool_count;
    memo_entry memo[MEMO_MAX];
    size_t memo_count, memo_bytes;
};

docx_deflater *docx_deflater_new(void)
{
    docx_deflater *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    if (pthread_mutex_init(&d->lock, NULL) != 0) {
        free(d);
        return NULL;
    }
    return d;
}

void docx_deflater_free(docx_deflater *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->pool_count; i++)
        libdeflate_free_compressor(d->pool[i]);
    for (size_t i = 0; i < d->memo_count; i++) {
        free(d->memo[i].raw);
        free(d->memo[i].deflated);
    }
    /* Fails only on a mutex still locked, which would be a render outliving close. */
    (void)pthread_mutex_destroy(&d->lock);
    free(d);
}

/*
 * Locks D, when there is one. A default mutex fails to lock only when it is
 * corrupt or would deadlock (a bug): then the call goes on without the pool
 * and the kept parts, as with no deflater at all, which costs time but
 * never output (deflate is a function of the bytes and the level).
 */
static bool lock(docx_deflater *d)
{
    return d && pthread_mutex_lock(&d->lock) == 0;
}

/* Unlocking a mutex this thread holds cannot fail (EPERM is for one it does not). */
static void unlock(docx_deflater *d)
{
    (void)pthread_mutex_unlock(&d->lock);
}

/* An idle compressor at LEVEL from D's pool, else a new one (D may be NULL); NULL on OOM. */
static struct libdeflate_compressor *take_compressor(docx_deflater *d, int level)
{
    struct libdeflate_compressor *c = NULL;
    if (lock(d)) {
        for (size_t i = d->pool_count; i-- > 0;)
            if (d->pool_level[i] == level) {
                c = d->pool[i];
                d->pool[i] = d->pool[d->pool_count - 1];
                d->pool_level[i] = d->pool_level[d->pool_count - 1];
                d->pool_count--;
                break;
            }
        unlock(d);
    }
    return c ? c : libdeflate_alloc_compressor(level);
}

/* Puts C back in D's pool, room allowing, else frees it. */
static void give_back(docx_deflater *d, struct libdeflate_compressor *c, int level)
{
    if (c && lock(d)) {
        if (d->pool_count < POOL_MAX) {
            d->pool[d->pool_count] = c;
            d->pool_level[d->pool_count++] = level;
            c = NULL;
        }
        unlock(d);
    }
    libdeflate_free_compressor(c);
}

/* The kept entry holding PART's bytes at LEVEL, or NULL. Lock held. */
static const memo_entry *memo_lookup(const docx_deflater *d, const docx_part *part, uint32_t crc, int level)
{
    for (size_t i = 0; i < d->memo_count; i++) {
        const memo_entry *e = &d->memo[i];
        if (e->crc == crc && e->size == part->len && e->level == level && memcmp(e->raw, part->data, e->size) == 0)
            return e;
    }
    return NULL;
}

/*
 * Fills P from a kept entry equal to PART at LEVEL; true when there is one.
 * Kept bytes are never changed or freed before the deflater is, so P stays
 * valid after the lock is released.
 */
static bool memo_find(docx_deflater *d, const docx_part *part, uint32_t crc, int level, docx_packed *p)
{
    if (!lock(d))
        return false;
    const memo_entry *e = memo_lookup(d, part, crc, level);
    if (e)
        *p = (docx_packed){.data = e->deflated, .len = e->len, .size = e->size, .crc = crc};
    unlock(d);
    return e != NULL;
}

/* Keeps a copy of PART and its deflated bytes P, room allowing; failure only loses the reuse. */
static void memo_keep(docx_deflater *d, const docx_part *part, const docx_packed *p, int level)
{
    unsigned char *raw = NULL, *deflated = NULL;
    if (!lock(d))
        return;
    size_t need = part->len + p->len;
    if (d->memo_count == MEMO_MAX || need > MEMO_BYTES_MAX - d->memo_bytes)
        goto done;
    if (memo_lookup(d, part, p->crc, level))
        goto done; /* another thread kept it first */
    raw = malloc(part->len ? part->len : 1);
    deflated = malloc(p->len ? p->len : 1);
    if (!raw || !deflated)
        goto done;
    memcpy(raw, part->data, part->len);
    memcpy(deflated, p->data, p->len);
    d->memo[d->memo_count++] = (memo_entry){raw, part->len, deflated, p->len, p->crc, level};
    d->memo_bytes += need;
    raw = deflated = NULL;
done:
    unlock(d);
    free(raw);
    free(deflated);
}

int docx_deflate_parts(docx_deflater *d, const docx_part *parts, size_t nparts, int level, docx_packed *packed,
                       unsigned char **buf, bc_error *err)
{
    int rc = -1;
    *buf = NULL;
    bool *fresh = NULL; /* parts deflated here, not found kept */
    struct libdeflate_compressor *c = take_compressor(d, level);
    if (!c) {
        bc_error_set(err, 0, 0, "docx: out of memory");
        goto done;
    }
    /* One buffer for every part not kept: the sum of the worst cases. */
    size_t cap = 0;
    fresh = calloc(nparts ? nparts : 1, sizeof *fresh);
    if (!fresh) {
        bc_error_set(err, 0, 0, "docx: out of memory");
        goto done;
    }
    for (size_t i = 0; i < nparts; i++) {
        const docx_part *part = &parts[i];
        if (part->len > UINT32_MAX) {
            bc_error_set(err, 0, 0, "docx: %s is too large for a zip entry", part->name);
            goto done;
        }
        if (part->packed) { /* deflated once for the run, at open */
            packed[i] = *part->packed;
            continue;
        }
        uint32_t crc = libdeflate_crc32(0, part->data, part->len);
        if (part->shared && memo_find(d, part, crc, level, &packed[i]))
            continue;
        packed[i] = (docx_packed){.size = part->len, .crc = crc};
        fresh[i] = true;
        size_t bound = libdeflate_deflate_compress_bound(c, part->len);
        if (bound > SIZE_MAX - cap) {
            bc_error_set(err, 0, 0, "docx: out of memory");
            goto done;
        }
        cap += bound;
    }
    if (cap == 0) { /* every part was kept: nothing to deflate */
        rc = 0;
        goto done;
    }
    *buf = malloc(cap);
    if (!*buf) {
        bc_error_set(err, 0, 0, "docx: out of memory");
        goto done;
    }
    size_t used = 0;
    for (size_t i = 0; i < nparts; i++) {
        if (!fresh[i])
            continue;
        /* A bound-sized buffer always fits (libdeflate.h), so 0 is an internal fault. */
        size_t n = libdeflate_deflate_compress(c, parts[i].data, parts[i].len, *buf + used, cap - used);
        if (n == 0) {
            bc_error_set(err, 0, 0, "docx: deflate failed on %s", parts[i].name);
            goto done;
        }
        packed[i].data = *buf + used;
        packed[i].len = n;
        used += n;
        if (parts[i].shared)
            memo_keep(d, &parts[i], &packed[i], level);
    }
    rc = 0;
done:
    free(fresh);
    give_back(d, c, level);
    if (rc != 0) {
        free(*buf);
        *buf = NULL;
    }
    return rc;
}
