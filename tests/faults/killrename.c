/*
 * killrename.c — an LD_PRELOAD library that kills its own process with
 * SIGKILL at the worst instant of replacing an output: when it is about to
 * rename a hidden temporary file ("*.tmp") over the target. What is left on
 * disk then is what any SIGKILL between naming the temporary file and
 * renaming it leaves (tests/t_hostile2_output.sh).
 *
 * Environment: KILLRENAME=1 arms it (unset: it only passes calls through).
 * Build: gcc -shared -fPIC -o killrename.so killrename.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void maybe_die(const char *from)
{
    const char *armed = getenv("KILLRENAME");
    size_t n = strlen(from);
    if (armed && strcmp(armed, "1") == 0 && n > 4 && strcmp(from + n - 4, ".tmp") == 0)
        raise(SIGKILL);
}

int rename(const char *from, const char *to)
{
    int (*real)(const char *, const char *) = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    maybe_die(from);
    return real ? real(from, to) : -1;
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
    int (*real)(int, const char *, int, const char *) =
        (int (*)(int, const char *, int, const char *))dlsym(RTLD_NEXT, "renameat");
    maybe_die(from);
    return real ? real(fromfd, from, tofd, to) : -1;
}
