/*
 * fresh.c — --update's test, like make's: an output is up to date when it is
 * at least as new as everything it was made from. One rule for the single
 * conversion (run.c) and the batch (batch.c).
 */
#include <sys/stat.h>

#include "cli.h"

static bool newer_or_same(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec >= b->tv_nsec);
}

bool cli_file_time(const char *path, struct timespec *t)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    *t = st.st_mtim;
    return true;
}

struct timespec cli_plugin_time(const bc_registry *reg, const bc_plugin *p, const bc_options *opts)
{
    struct timespec t = {0, 0}, file_time;
    for (size_t i = 0; i < bc_registry_count(reg); i++)
        if (bc_registry_plugin(reg, i) == p) {
            const char *path = bc_registry_plugin_path(reg, i);
            if (path)
                cli_file_time(path, &t);
        }
    for (const bc_option_spec *o = p->options; opts && o && o->name; o++) {
        const char *file = o->type == BC_OPTION_FILE ? bc_options_get(opts, o->name) : NULL;
        if (file && *file && cli_file_time(file, &file_time) && !newer_or_same(&t, &file_time))
            t = file_time;
    }
    return t;
}

bool cli_newer_than_all(const char *path, const struct timespec *const *deps, size_t count)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    for (size_t i = 0; i < count; i++)
        if (!newer_or_same(&st.st_mtim, deps[i]))
            return false;
    return true;
}

bool cli_up_to_date(const bc_registry *reg, const char *input, const bc_plugin *in, const bc_options *in_opts,
                    const bc_plugin *out, const bc_options *out_opts, const char *path)
{
    struct timespec in_time;
    if (!cli_file_time(input, &in_time))
        return false;
    struct timespec in_plugin = cli_plugin_time(reg, in, in_opts), out_plugin = cli_plugin_time(reg, out, out_opts);
    const struct timespec *deps[] = {&in_time, &in_plugin, &out_plugin};
    return cli_newer_than_all(path, deps, 3);
}
