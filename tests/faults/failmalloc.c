/*
 * failmalloc.c — an LD_PRELOAD library that makes one chosen heap
 * allocation fail, so a test can walk a program through every out-of-memory
 * path it has (tests/t_faults.sh runs it with N = 1, 2, 3, ... until the
 * program no longer reaches an N-th allocation).
 *
 * Environment:
 *   FAILMALLOC_N=N            fail the N-th allocation (1-based); 0 or unset:
 *                             fail none, only count
 *   FAILMALLOC_PERSIST=1      fail every allocation from the N-th on (a heap
 *                             that stays exhausted) instead of just the one
 *   FAILMALLOC_COUNT_FILE=F   at exit, write "ALLOCATIONS INJECTED\n" to F
 *                             (INJECTED is 1 when a failure was injected), so
 *                             the driver knows when N has passed the end
 *   FAILMALLOC_VERBOSE=1      say on stderr which allocation was failed
 *   FAILMALLOC_PROGRAM=NAME   act only in a process of that name (e.g.
 *                             "briefconv"), so wrappers such as valgrind's
 *                             launcher that inherit LD_PRELOAD are left alone
 *
 * Every malloc, calloc, realloc (growing or fresh), posix_memalign,
 * aligned_alloc, memalign, valloc and pvalloc counts as one allocation,
 * including the ones glibc makes internally (strdup, fopen, dlopen...), since
 * glibc routes those through the interposed malloc. The real allocator is
 * reached through glibc's __libc_* entry points rather than dlsym, which
 * itself allocates. Under valgrind those entry points are the ones valgrind
 * replaces, so the two work together (valgrind sees every block).
 *
 * Build: gcc -shared -fPIC -O2 -Wl,-soname,libfailmalloc.so -o failmalloc.so failmalloc.c
 * Under valgrind, pass --soname-synonyms=somalloc=nouserintercepts, or
 * valgrind replaces this library's malloc with its own and nothing fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t align, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);
extern void __libc_free(void *p);

#define EXPORT __attribute__((visibility("default")))

/*
 * Process-wide by nature: the one place this test tool keeps mutable
 * globals. Settings are read lazily (the first allocation may come before
 * any constructor runs) and atomically, as threads may allocate at once.
 */
static atomic_ulong alloc_count;
static atomic_int injected;
static atomic_int exiting;
static atomic_int settings_state; /* 0 unread, 1 reading, 2 ready */
static unsigned long fail_at;
static int persist;
static int verbose;
static int active;

static unsigned long parse_ulong(const char *s)
{
    unsigned long v = 0;
    if (s == NULL)
        return 0;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (unsigned long)(*s - '0');
    return v;
}

static void read_settings(void)
{
    int expected = 0;
    const char *program;
    if (atomic_load(&settings_state) == 2)
        return;
    if (atomic_compare_exchange_strong(&settings_state, &expected, 1)) {
        /* getenv does not allocate. */
        fail_at = parse_ulong(getenv("FAILMALLOC_N"));
        persist = parse_ulong(getenv("FAILMALLOC_PERSIST")) != 0;
        verbose = parse_ulong(getenv("FAILMALLOC_VERBOSE")) != 0;
        program = getenv("FAILMALLOC_PROGRAM");
        active = program == NULL || *program == '\0' ||
                 strcmp(program, program_invocation_short_name) == 0;
        atomic_store(&settings_state, 2);
        return;
    }
    while (atomic_load(&settings_state) != 2)
        ;
}

static void say(const char *s)
{
    ssize_t r = write(2, s, strlen(s));
    (void)r;
}

static void say_number(unsigned long v)
{
    char buf[32];
    size_t i = sizeof buf;
    buf[--i] = '\0';
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0 && i > 0);
    say(buf + i);
}

/* True when this allocation is to fail. */
static int should_fail(size_t size)
{
    unsigned long n;
    read_settings();
    if (!active || atomic_load(&exiting))
        return 0;
    n = atomic_fetch_add(&alloc_count, 1) + 1;
    if (fail_at == 0 || n < fail_at || (n > fail_at && !persist))
        return 0;
    if (atomic_exchange(&injected, 1) == 0 && verbose) {
        say("failmalloc: failing allocation #");
        say_number(n);
        say(" of ");
        say_number((unsigned long)size);
        say(" bytes\n");
    }
    errno = ENOMEM;
    return 1;
}

EXPORT void *malloc(size_t size)
{
    return should_fail(size) ? NULL : __libc_malloc(size);
}

EXPORT void *calloc(size_t n, size_t size)
{
    return should_fail(n * size) ? NULL : __libc_calloc(n, size);
}

EXPORT void *realloc(void *p, size_t size)
{
    /* realloc(p, 0) frees; it is not an allocation that can fail. */
    if (p != NULL && size == 0)
        return __libc_realloc(p, size);
    return should_fail(size) ? NULL : __libc_realloc(p, size);
}

EXPORT void free(void *p)
{
    __libc_free(p);
}

EXPORT int posix_memalign(void **out, size_t align, size_t size)
{
    void *p;
    if (align < sizeof(void *) || (align & (align - 1)) != 0)
        return EINVAL;
    if (should_fail(size))
        return ENOMEM;
    p = __libc_memalign(align, size);
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}

EXPORT void *aligned_alloc(size_t align, size_t size)
{
    return should_fail(size) ? NULL : __libc_memalign(align, size);
}

EXPORT void *memalign(size_t align, size_t size)
{
    return should_fail(size) ? NULL : __libc_memalign(align, size);
}

EXPORT void *valloc(size_t size)
{
    return should_fail(size) ? NULL : __libc_valloc(size);
}

EXPORT void *pvalloc(size_t size)
{
    return should_fail(size) ? NULL : __libc_pvalloc(size);
}

/* Runs as late as possible so allocations made by other destructors count. */
__attribute__((destructor(101))) static void report_count(void)
{
    const char *path = getenv("FAILMALLOC_COUNT_FILE");
    char buf[64];
    int len;
    FILE *f;
    if (path == NULL || *path == '\0' || !active)
        return;
    atomic_store(&exiting, 1);
    len = snprintf(buf, sizeof buf, "%lu %d\n", atomic_load(&alloc_count), atomic_load(&injected));
    /* fopen allocates: let it, the count is already taken. */
    f = fopen(path, "w");
    if (f == NULL)
        return;
    if (len > 0)
        fwrite(buf, 1, (size_t)len, f);
    fclose(f);
}
