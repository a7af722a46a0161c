/* options.c — a plugin's NAME=VALUE options, typed and checked on setting. */
#include <briefconv/host.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct bc_options {
    const bc_plugin *plugin;
    size_t count;
    char **values; /* COUNT entries, malloc'd; NULL = the declared default */
};

static const bc_option_spec *specs_of(const bc_options *opts)
{
    return opts && opts->plugin ? opts->plugin->options : NULL;
}

bc_options *bc_options_new(const bc_plugin *plugin)
{
    bc_options *opts = calloc(1, sizeof *opts);
    if (!opts)
        return NULL;
    opts->plugin = plugin;
    const bc_option_spec *specs = plugin ? plugin->options : NULL;
    while (specs && specs[opts->count].name)
        opts->count++;
    if (opts->count) {
        opts->values = calloc(opts->count, sizeof *opts->values);
        if (!opts->values) {
            free(opts);
            return NULL;
        }
    }
    return opts;
}

void bc_options_free(bc_options *opts)
{
    if (!opts)
        return;
    for (size_t i = 0; i < opts->count; i++)
        free(opts->values[i]);
    free(opts->values);
    free(opts);
}

static long find(const bc_options *opts, const char *name)
{
    const bc_option_spec *specs = specs_of(opts);
    if (!name)
        return -1;
    for (size_t i = 0; i < (opts ? opts->count : 0); i++)
        if (strcmp(specs[i].name, name) == 0)
            return (long)i;
    return -1;
}

bool bc_options_declared(const bc_options *opts, const char *name)
{
    return find(opts, name) >= 0;
}

const char *bc_options_get(const bc_options *opts, const char *name)
{
    long i = find(opts, name);
    if (i < 0)
        return NULL;
    return opts->values[i] ? opts->values[i] : specs_of(opts)[i].default_value;
}

/* ---------------------------------------------------------------- parsing */

static bool parse_int(const char *s, long long *out)
{
    char *end;
    if (!s || !*s || (*s != '-' && *s != '+' && (*s < '0' || *s > '9')))
        return false;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

/* "4096", "512K", "16M", "1G" (also "16MiB", "16MB", lower case): binary units. */
static bool parse_size(const char *s, long long *out)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno)
        return false;
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    case 'b': case 'B': case '\0': break;
    default: return false;
    }
    if (shift && (*end == 'i' || *end == 'I'))
        end++;
    if (*end == 'b' || *end == 'B')
        end++;
    if (*end)
        return false;
    if (v > ((unsigned long long)LLONG_MAX >> shift))
        return false;
    *out = (long long)(v << shift);
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    if (!s)
        return false;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

static bool is_choice(const char *choices, const char *value)
{
    size_t vlen = strlen(value);
    const char *p = choices;
    while (p && *p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == vlen && strncmp(p, value, n) == 0)
            return true;
        p = bar ? bar + 1 : NULL;
    }
    return false;
}

long long bc_options_get_int(const bc_options *opts, const char *name, long long default_value)
{
    long i = find(opts, name);
    const char *v = bc_options_get(opts, name);
    long long n;
    if (i < 0 || !v)
        return default_value;
    bool ok = specs_of(opts)[i].type == BC_OPTION_SIZE ? parse_size(v, &n) : parse_int(v, &n);
    return ok ? n : default_value;
}

bool bc_options_get_bool(const bc_options *opts, const char *name, bool default_value)
{
    bool b;
    const char *v = bc_options_get(opts, name);
    return v && parse_bool(v, &b) ? b : default_value;
}

/* ---------------------------------------------------------------- setting */

static void unknown_option(const bc_options *opts, const char *name, bc_error *err)
{
    const bc_option_spec *specs = specs_of(opts);
    char known[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < (opts ? opts->count : 0) && used < sizeof known; i++) {
        int n = snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", specs[i].name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    const char *plugin = opts && opts->plugin && opts->plugin->name ? opts->plugin->name : "this plugin";
    if (known[0])
        bc_error_set(err, 0, 0, "unknown option \"%s\" for %s (known: %s)", name, plugin, known);
    else
        bc_error_set(err, 0, 0, "unknown option \"%s\": %s has no options", name, plugin);
}

static int check_value(const bc_option_spec *spec, const char *value, bc_error *err)
{
    long long n;
    bool b;
    bool bounded = spec->min < spec->max;
    switch (spec->type) {
    case BC_OPTION_STRING:
        return 0;
    case BC_OPTION_INT:
    case BC_OPTION_SIZE:
        if (spec->type == BC_OPTION_INT ? !parse_int(value, &n) : !parse_size(value, &n)) {
            bc_error_set(err, 0, 0,
                         spec->type == BC_OPTION_INT ? "option \"%s\": \"%s\" is not an integer"
                                                     : "option \"%s\": \"%s\" is not a size (e.g. 512K, 16M, 1G)",
                         spec->name, value);
            return -1;
        }
        if (bounded && (n < spec->min || n > spec->max)) {
            bc_error_set(err, 0, 0, "option \"%s\": %s is out of range (%lld..%lld)", spec->name, value,
                         spec->min, spec->max);
            return -1;
        }
        return 0;
    case BC_OPTION_BOOL:
        if (!parse_bool(value, &b)) {
            bc_error_set(err, 0, 0, "option \"%s\": \"%s\" is not a boolean (true/false, yes/no, 1/0)",
                         spec->name, value);
            return -1;
        }
        return 0;
    case BC_OPTION_CHOICE:
        if (!is_choice(spec->choices, value)) {
            bc_error_set(err, 0, 0, "option \"%s\": \"%s\" is not one of %s", spec->name, value,
                         spec->choices ? spec->choices : "(none)");
            return -1;
        }
        return 0;
    case BC_OPTION_FILE: {
        /*
         * Never open a FIFO or a device for reading: that blocks (a FIFO
         * until a writer comes) or acts (a tape rewinds). stat first, then
         * open without blocking to check that it can be read.
         */
        struct stat st;
        if (stat(value, &st) == 0 && !S_ISREG(st.st_mode)) {
            bc_error_set(err, 0, 0, "option \"%s\": \"%s\" is not a regular file", spec->name, value);
            return -1;
        }
        int fd = open(value, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            bc_error_set(err, 0, 0, "option \"%s\": cannot read \"%s\": %s", spec->name, value, strerror(errno));
            return -1;
        }
        int rc = fstat(fd, &st);
        close(fd);
        if (rc != 0 || !S_ISREG(st.st_mode)) {
            bc_error_set(err, 0, 0, "option \"%s\": \"%s\" is not a regular file", spec->name, value);
            return -1;
        }
        return 0;
    }
    }
    bc_error_set(err, 0, 0, "option \"%s\": the plugin declares an unknown type", spec->name);
    return -1;
}

int bc_options_set(bc_options *opts, const char *name, const char *value, bc_error *err)
{
    if (!opts || !name || !value) {
        bc_error_set(err, 0, 0, "option name and value needed");
        return -1;
    }
    long i = find(opts, name);
    if (i < 0) {
        unknown_option(opts, name, err);
        return -1;
    }
    if (check_value(&specs_of(opts)[i], value, err) != 0)
        return -1;
    char *copy = strdup(value);
    if (!copy) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    free(opts->values[i]);
    opts->values[i] = copy;
    return 0;
}
