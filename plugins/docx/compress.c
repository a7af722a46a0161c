/*
 * compress.c — deflating the parts of a package for their zip entries.
 *
 * Deflate was half of a batch's CPU time with zlib (perf, 1,000 briefings
 * to DOCX), so the parts go through libdeflate, which compresses a whole
 * buffer at once (every part is already whole in memory) about 1.5x faster
 * than zlib at the same level and ratio, and computes the CRC-32 with
 * carry-less multiplication.
 *
 * Two process-wide structures keep a batch from paying the same work per
 * document. Both are guarded by one mutex, live until the plugin's fini
 * (plugins never unload mid-run), and are bounded:
 *   - a pool of idle compressors, since setting one up clears hash tables
 *     larger than a briefing's XML;
 *   - the deflated bytes of "shared" parts (styles, settings, font table,
 *     a template's parts...), which are byte-identical in every document of
 *     a run. A part is reused only when its bytes equal the kept ones, so
 *     output never depends on what was converted before: deflate is a
 *     function of the bytes and the level.
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

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct libdeflate_compressor *pool[POOL_MAX];
static int pool_level[POOL_MAX];
static size_t pool_count;
static memo_entry memo[MEMO_MAX];
static size_t memo_count, memo_bytes;

static struct libdeflate_compressor *take_compressor(int level)
{
    struct libdeflate_compressor *c = NULL;
    pthread_mutex_lock(&lock);
    for (size_t i = pool_count; i-- > 0;)
        if (pool_level[i] == level) {
            c = pool[i];
            pool[i] = pool[pool_count - 1];
            pool_level[i] = pool_level[pool_count - 1];
            pool_count--;
            break;
        }
    pthread_mutex_unlock(&lock);
    return c ? c : libdeflate_alloc_compressor(level);
}

static void give_back(struct libdeflate_compressor *c, int level)
{
    if (!c)
        return;
    pthread_mutex_lock(&lock);
    if (pool_count < POOL_MAX) {
        pool[pool_count] = c;
        pool_level[pool_count++] = level;
        c = NULL;
    }
    pthread_mutex_unlock(&lock);
    libdeflate_free_compressor(c);
}

/* The kept entry holding PART's bytes at LEVEL, or NULL. Lock held. */
static const memo_entry *memo_lookup(const docx_part *part, uint32_t crc, int level)
{
    for (size_t i = 0; i < memo_count; i++) {
        const memo_entry *e = &memo[i];
        if (e->crc == crc && e->size == part->len && e->level == level && memcmp(e->raw, part->data, e->size) == 0)
            return e;
    }
    return NULL;
}

/* Fills P from a kept entry equal to PART at LEVEL; true when there is one. */
static bool memo_find(const docx_part *part, uint32_t crc, int level, docx_packed *p)
{
    pthread_mutex_lock(&lock);
    const memo_entry *e = memo_lookup(part, crc, level);
    if (e)
        *p = (docx_packed){.data = e->deflated, .len = e->len, .size = e->size, .crc = crc};
    pthread_mutex_unlock(&lock);
    return e != NULL;
}

/* Keeps a copy of PART and its deflated bytes P, room allowing; failure only loses the reuse. */
static void memo_keep(const docx_part *part, const docx_packed *p, int level)
{
    unsigned char *raw = NULL, *deflated = NULL;
    pthread_mutex_lock(&lock);
    size_t need = part->len + p->len;
    if (memo_count == MEMO_MAX || need > MEMO_BYTES_MAX - memo_bytes)
        goto done;
    if (memo_lookup(part, p->crc, level))
        goto done; /* another thread kept it first */
    raw = malloc(part->len ? part->len : 1);
    deflated = malloc(p->len ? p->len : 1);
    if (!raw || !deflated)
        goto done;
    memcpy(raw, part->data, part->len);
    memcpy(deflated, p->data, p->len);
    memo[memo_count++] = (memo_entry){raw, part->len, deflated, p->len, p->crc, level};
    memo_bytes += need;
    raw = deflated = NULL;
done:
    pthread_mutex_unlock(&lock);
    free(raw);
    free(deflated);
}

int docx_deflate_parts(const docx_part *parts, size_t nparts, int level, docx_packed *packed, unsigned char **buf,
                       bc_error *err)
{
    int rc = -1;
    *buf = NULL;
    bool *fresh = NULL; /* parts deflated here, not found kept */
    struct libdeflate_compressor *c = take_compressor(level);
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
        uint32_t crc = libdeflate_crc32(0, part->data, part->len);
        if (part->shared && memo_find(part, crc, level, &packed[i]))
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
            memo_keep(&parts[i], &packed[i], level);
    }
    rc = 0;
done:
    free(fresh);
    give_back(c, level);
    if (rc != 0) {
        free(*buf);
        *buf = NULL;
    }
    return rc;
}

void docx_compress_fini(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < pool_count; i++)
        libdeflate_free_compressor(pool[i]);
    pool_count = 0;
    for (size_t i = 0; i < memo_count; i++) {
        free(memo[i].raw);
        free(memo[i].deflated);
    }
    memo_count = memo_bytes = 0;
    pthread_mutex_unlock(&lock);
}
