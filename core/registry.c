/*
 * registry.c — loading and checking plugins. A plugin is refused, with a
 * message naming its file, before anything of it but the ABI header is read
 * unless that header says the rest is there.
 */
#include <briefconv/host.h>

#include <dirent.h>
#include <fcntl.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    bc_plugin desc;         /* our copy of the descriptor */
    const bc_plugin *orig;  /* where it came from, to spot a second load */
    char *path;
    char *stem;             /* the file's base name without ".so" ("docx"): see bc_registry_find */
    void *handle;           /* NULL for a linked-in descriptor */
    bool builtin;           /* from the program's own plugin directory */
} entry;

struct bc_registry {
    entry **items; /* entries stay put, so plugin pointers outlive growth */
    size_t count, cap;
    const char *const *only; /* bc_registry_set_name_filter; borrowed */
    bool keep_loaded;        /* bc_registry_keep_loaded: free without dlclose */
    bool loading_builtin;    /* bc_registry_load_default is loading the program's own directory */
    bool builtin_unfiltered; /* bc_registry_filter_builtin(false): the filter spares the built-in directory */
};

void bc_registry_filter_builtin(bc_registry *reg, bool filter)
{
    if (reg)
        reg->builtin_unfiltered = !filter;
}

void bc_registry_keep_loaded(bc_registry *reg)
{
    if (reg)
        reg->keep_loaded = true;
}

void bc_registry_set_name_filter(bc_registry *reg, const char *const *names)
{
    if (reg)
        reg->only = names;
}

/* Whether file NAME ("docx.so") passes the name filter. */
static bool wanted(const bc_registry *reg, const char *name)
{
    if (!reg->only || (reg->loading_builtin && reg->builtin_unfiltered))
        return true;
    size_t stem = strlen(name) - 3; /* ends_with_so was checked */
    for (size_t i = 0; reg->only[i]; i++)
        if (strlen(reg->only[i]) == stem && strncasecmp(reg->only[i], name, stem) == 0)
            return true;
    return false;
}

bc_registry *bc_registry_new(void)
{
    return calloc(1, sizeof(bc_registry));
}

void bc_registry_free(bc_registry *reg)
{
    if (!reg)
        return;
    for (size_t i = reg->count; i-- > 0;) {
        entry *e = reg->items[i];
        if (e->desc.fini)
            e->desc.fini();
        if (e->handle && !reg->keep_loaded)
            dlclose(e->handle);
        free(e->path);
        free(e->stem);
        free(e);
    }
    free(reg->items);
    free(reg);
}

size_t bc_registry_count(const bc_registry *reg)
{
    return reg ? reg->count : 0;
}

const bc_plugin *bc_registry_plugin(const bc_registry *reg, size_t i)
{
    return reg && i < reg->count ? &reg->items[i]->desc : NULL;
}

const char *bc_registry_plugin_path(const bc_registry *reg, size_t i)
{
    return reg && i < reg->count ? reg->items[i]->path : NULL;
}

static void refuse(bc_error *err, const char *path, const char *fmt, ...) BC_PRINTF(3, 4);
static void refuse(bc_error *err, const char *path, const char *fmt, ...)
{
    va_list ap;
    if (!err || bc_error_is_set(err))
        return;
    bc_error_set_file(err, path);
    va_start(ap, fmt);
    bc_error_setv(err, 0, 0, fmt, ap);
    va_end(ap);
}

/* Format names appear in -t lists and file names: keep them plain. */
#define NAME_RULE "a format name is ASCII letters, digits and _ - . + only"
static bool name_ok(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-' || c == '.' || c == '+'))
            return false;
    }
    return true;
}

/* 1.1 took its entry points from `reserved`: the descriptor must keep 1.0's size. */
_Static_assert(offsetof(bc_plugin, reserved) + 2 * sizeof(void *) == sizeof(bc_plugin) &&
                   offsetof(bc_plugin, open) == offsetof(bc_plugin, render) + sizeof(void *),
               "ABI 1.1 changed the size or layout of the 1.0 descriptor");

static int check_descriptor(const bc_plugin *p, const char *path, bc_error *err)
{
    if (p->abi_major != BC_ABI_MAJOR) {
        refuse(err, path, "plugin built for ABI %u.x, this briefconv has ABI %d.x", (unsigned)p->abi_major,
               BC_ABI_MAJOR);
        return -1;
    }
    if (p->struct_size < BC_PLUGIN_MIN_SIZE) {
        refuse(err, path, "plugin descriptor is truncated (%u bytes, ABI %d.0 needs %u)",
               (unsigned)p->struct_size, BC_ABI_MAJOR, (unsigned)BC_PLUGIN_MIN_SIZE);
        return -1;
    }
    if (p->kind != BC_PLUGIN_INPUT && p->kind != BC_PLUGIN_OUTPUT &&
        !(p->kind == BC_PLUGIN_COLLECTION && p->abi_minor >= 1)) {
        refuse(err, path, "plugin has an unknown kind (%d)", (int)p->kind);
        return -1;
    }
    if (!p->name || !*p->name) {
        refuse(err, path, "plugin has no name");
        return -1;
    }
    if (!name_ok(p->name)) {
        refuse(err, path, "plugin has a bad name \"%.64s\" (" NAME_RULE ")", p->name);
        return -1;
    }
    for (size_t i = 0; p->aliases && p->aliases[i]; i++)
        if (!name_ok(p->aliases[i])) {
            refuse(err, path, "plugin %s has a bad alias \"%.64s\" (" NAME_RULE ")", p->name, p->aliases[i]);
            return -1;
        }
    /* The 1.1 entry points count only for a plugin that says it knows them. */
    bool v11 = p->abi_minor >= 1;
    if (p->kind == BC_PLUGIN_INPUT && !p->read && !(v11 && p->read_item)) {
        refuse(err, path, "input plugin %s has no read function", p->name);
        return -1;
    }
    if (p->kind == BC_PLUGIN_OUTPUT && !p->render && !(v11 && p->render_item)) {
        refuse(err, path, "output plugin %s has no render function", p->name);
        return -1;
    }
    if (p->kind == BC_PLUGIN_COLLECTION && !p->collect) {
        refuse(err, path, "collection plugin %s has no collect function", p->name);
        return -1;
    }
    for (size_t i = 0; p->options && p->options[i].name; i++)
        if (p->options[i].type < BC_OPTION_STRING || p->options[i].type > BC_OPTION_FILE) {
            refuse(err, path, "plugin %s declares option %s with an unknown type", p->name, p->options[i].name);
            return -1;
        }
    return 0;
}

static bool already_loaded(const bc_registry *reg, const bc_plugin *orig)
{
    for (size_t i = 0; i < reg->count; i++)
        if (reg->items[i]->orig == orig)
            return true;
    return false;
}

/* Checks, copies, initialises and records P; the caller dlcloses on failure. */
static int add_entry(bc_registry *reg, const bc_plugin *p, const char *path, void *handle, bc_error *err)
{
    if (check_descriptor(p, path, err) != 0)
        return -1;
    if (reg->count == reg->cap) {
        size_t cap = reg->cap ? reg->cap * 2 : 8;
        entry **items = realloc(reg->items, cap * sizeof *items);
        if (!items)
            goto oom;
        reg->items = items;
        reg->cap = cap;
    }
    entry *e = calloc(1, sizeof *e);
    if (!e)
        goto oom;
    e->path = strdup(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t blen = strlen(base);
    e->stem = strndup(base, blen > 3 && strcmp(base + blen - 3, ".so") == 0 ? blen - 3 : blen);
    if (!e->path || !e->stem) {
        free(e->path);
        free(e->stem);
        free(e);
        goto oom;
    }
    e->builtin = reg->loading_builtin;
    /* A newer minor's descriptor is longer; only the part we know is copied. */
    memcpy(&e->desc, p, sizeof e->desc);
    if (p->abi_minor < 1) /* a 1.0 plugin's reserved words are not 1.1 entry points, whatever they hold */
        memset(&e->desc.open, 0, sizeof e->desc - offsetof(bc_plugin, open));
    e->orig = p;
    e->handle = handle;
    if (e->desc.init) {
        bc_error *why = bc_error_new();
        if (!why || e->desc.init(why) != 0) {
            refuse(err, path, "plugin %s failed to initialise: %s", p->name,
                   bc_error_is_set(why) ? bc_error_message(why) : why ? "no reason given" : "out of memory");
            bc_error_free(why);
            free(e->path);
            free(e->stem);
            free(e);
            return -1;
        }
        bc_error_free(why);
    }
    reg->items[reg->count++] = e;
    return 0;
oom:
    refuse(err, path, "out of memory");
    return -1;
}

int bc_registry_add(bc_registry *reg, const bc_plugin *plugin, const char *path, bc_error *err)
{
    if (!path)
        path = "(built in)";
    if (!reg || !plugin) {
        refuse(err, path, "no plugin");
        return -1;
    }
    if (already_loaded(reg, plugin))
        return 0;
    return add_entry(reg, plugin, path, NULL, err);
}

int bc_registry_load_file(bc_registry *reg, const char *path, bc_error *err)
{
    if (!reg || !path) {
        refuse(err, path ? path : "(null)", "no plugin file");
        return -1;
    }
    /* A name without a slash would make dlopen search the library path. */
    char *full = NULL;
    if (!strchr(path, '/')) {
        full = malloc(strlen(path) + 3);
        if (!full) {
            refuse(err, path, "out of memory");
            return -1;
        }
        strcpy(full, "./");
        strcat(full, path);
    }
    errno = 0;
    void *handle = dlopen(full ? full : path, RTLD_NOW | RTLD_LOCAL);
    int dl_errno = errno;
    free(full);
    if (!handle) {
        const char *why = dlerror();
        size_t plen = strlen(path);
        if (why && strncmp(why, path, plen) == 0 && strncmp(why + plen, ": ", 2) == 0)
            why += plen + 2; /* dlerror repeats the file name; say it once */
        /* Short of memory, ld.so drops the reason from its message: add it back. */
        bool oom = dl_errno == ENOMEM && (!why || !strstr(why, strerror(ENOMEM)));
        refuse(err, path, "cannot load plugin: %s%s%s", why ? why : "unknown error", oom ? ": " : "",
               oom ? strerror(ENOMEM) : "");
        return -1;
    }
    dlerror();
    const bc_plugin *p = dlsym(handle, BC_PLUGIN_SYMBOL);
    if (!p) {
        refuse(err, path, "not a briefconv plugin (no %s symbol)", BC_PLUGIN_SYMBOL);
        dlclose(handle);
        return -1;
    }
    if (already_loaded(reg, p)) {
        dlclose(handle); /* the same file by another path: one load is enough */
        return 0;
    }
    if (add_entry(reg, p, path, handle, err) != 0) {
        dlclose(handle);
        return -1;
    }
    return 0;
}

/* Warnings read "FILE: MESSAGE"; the host adds its own "warning:" prefix. */
static void warn_error(bc_warn_fn warn, void *user, const bc_error *err)
{
    char msg[PATH_MAX + 1200];
    const char *file = bc_error_file(err);
    snprintf(msg, sizeof msg, "%s%s%s", file ? file : "", file ? ": " : "", bc_error_message(err));
    if (warn)
        warn(user, msg);
}

/* Out of memory while loading: say so, or the user sees only a missing format. */
static void warn_oom(bc_warn_fn warn, void *user, const char *what)
{
    char msg[PATH_MAX + 64];
    snprintf(msg, sizeof msg, "%s: out of memory", what);
    if (warn)
        warn(user, msg);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with_so(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && name[0] != '.' && strcmp(name + n - 3, ".so") == 0;
}

static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

/*
 * Whether the plugin file PATH may be trusted, judged as OpenSSH's
 * StrictModes and sudo judge a file: the file and every folder of its real
 * path (after symbolic links) must be owned by root or by the user running
 * the program, and writable by no one else (no group or other write bit).
 * A world-writable folder is refused even with the sticky bit, unless root
 * owns it (as /tmp): then no one can replace what another put in it, and
 * the checks of the path below it decide. 0, or -1 with ERR naming the
 * part at fault and why.
 */
static int check_trust(const char *path, bc_error *err)
{
    char *real = realpath(path, NULL);
    uid_t me = getuid(), effective = geteuid();
    int rc = -1;
    if (!real) {
        refuse(err, path, "cannot resolve the plugin's real path: %s", strerror(errno));
        return -1;
    }
    bool linked = strcmp(real, path) != 0;
    for (bool first = true;; first = false) {
        struct stat st;
        const char *what = first ? "the plugin file" : "the folder";
        const char *via = linked ? " (on the plugin's real path)" : "";
        if (lstat(real, &st) != 0) {
            refuse(err, path, "plugin refused: cannot check %s %s: %s", what, real, strerror(errno));
            goto done;
        }
        bool root_sticky = S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX) && st.st_uid == 0;
        if (st.st_uid != 0 && st.st_uid != me && st.st_uid != effective) {
            refuse(err, path, "plugin refused: %s %s%s is owned by another user (uid %u)", what, real, via,
                   (unsigned)st.st_uid);
            goto done;
        }
        if ((st.st_mode & S_IWOTH) && !root_sticky) {
            refuse(err, path, "plugin refused: %s %s%s is writable by others%s", what, real, via,
                   st.st_mode & S_ISVTX ? " (sticky, but not owned by root)" : "");
            goto done;
        }
        if ((st.st_mode & S_IWGRP) && !root_sticky) {
            refuse(err, path, "plugin refused: %s %s%s is writable by its group (gid %u)", what, real, via,
                   (unsigned)st.st_gid);
            goto done;
        }
        if (strcmp(real, "/") == 0)
            break;
        char *slash = strrchr(real, '/');
        if (!slash)
            break;
        slash[slash == real] = '\0'; /* "/usr" -> "/" */
    }
    rc = 0;
done:
    free(real);
    return rc;
}

/* Loads one file of a plugin directory, refusing one others could have replaced. */
static int load_dir_file(bc_registry *reg, const char *path, bc_warn_fn warn, void *user)
{
    bc_error *err = bc_error_new();
    struct stat st;
    int rc = -1;
    if (!err) {
        warn_oom(warn, user, path);
        return -1;
    }
    if (stat(path, &st) != 0)
        refuse(err, path, "cannot read plugin: %s", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        refuse(err, path, "plugin is not a regular file");
    else if (st.st_mode & (S_IWGRP | S_IWOTH))
        refuse(err, path, "plugin file is writable by group or others; refused");
    else if (check_trust(path, err) == 0)
        rc = bc_registry_load_file(reg, path, err);
    if (rc != 0)
        warn_error(warn, user, err);
    bc_error_free(err);
    return rc;
}

int bc_registry_load_dir(bc_registry *reg, const char *dir, bc_warn_fn warn, void *user)
{
    struct stat st;
    char **names = NULL;
    size_t count = 0, cap = 0;
    int loaded = 0;
    DIR *d = NULL;
    if (!reg || !dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        if (warn) {
            char msg[PATH_MAX + 128];
            snprintf(msg, sizeof msg, "%s: plugin directory is writable by group or others; refused",
                     dir);
            warn(user, msg);
        }
        return 0;
    }
    d = opendir(dir);
    if (!d) {
        if (warn) {
            char msg[PATH_MAX + 128];
            snprintf(msg, sizeof msg, "%s: cannot read plugin directory: %s", dir, strerror(errno));
            warn(user, msg);
        }
        return 0;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!ends_with_so(de->d_name) || !wanted(reg, de->d_name))
            continue;
        if (count == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **n = realloc(names, ncap * sizeof *n);
            if (!n) {
                warn_oom(warn, user, dir);
                goto done;
            }
            names = n;
            cap = ncap;
        }
        names[count] = strdup(de->d_name);
        if (!names[count]) {
            warn_oom(warn, user, dir);
            goto done;
        }
        count++;
    }
    if (count)
        qsort(names, count, sizeof *names, cmp_names);
    for (size_t i = 0; i < count; i++) {
        char *path = join(dir, names[i]);
        if (!path)
            warn_oom(warn, user, dir);
        else if (load_dir_file(reg, path, warn, user) == 0)
            loaded++;
        free(path);
    }
done:
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return loaded;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int bc_registry_load_default(bc_registry *reg, bc_warn_fn warn, void *user)
{
    int loaded = 0;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char *beside = join(exe, "plugins");
            char *installed = join(exe, "../lib/briefconv/plugins");
            if (!beside || !installed)
                warn_oom(warn, user, exe);
            else {
                /* What comes from here is built in: bc_registry_is_builtin. */
                reg->loading_builtin = true;
                loaded += bc_registry_load_dir(reg, is_dir(beside) ? beside : installed, warn, user);
                reg->loading_builtin = false;
            }
            free(beside);
            free(installed);
        }
    }
    const char *env = getenv("BRIEFCONV_PLUGIN_PATH");
    char *copy = env ? strdup(env) : NULL;
    if (env && !copy)
        warn_oom(warn, user, "BRIEFCONV_PLUGIN_PATH");
    for (char *save = NULL, *dir = copy ? strtok_r(copy, ":", &save) : NULL; dir;
         dir = strtok_r(NULL, ":", &save)) {
        if (dir[0] != '/') {
            /* Relative entries would load from wherever the user happens to be. */
            if (warn) {
                char msg[PATH_MAX + 128];
                snprintf(msg, sizeof msg, "%s: BRIEFCONV_PLUGIN_PATH entry is not absolute; ignored",
                         dir);
                warn(user, msg);
            }
            continue;
        }
        loaded += bc_registry_load_dir(reg, dir, warn, user);
    }
    free(copy);
    return loaded;
}

static bool claims_name(const bc_plugin *p, const char *name)
{
    if (strcasecmp(p->name, name) == 0)
        return true;
    for (size_t i = 0; p->aliases && p->aliases[i]; i++)
        if (strcasecmp(p->aliases[i], name) == 0)
            return true;
    return false;
}

/*
 * The plugin of KIND claiming NAME: first one whose file is named after NAME
 * (NAME.so), else any; the one loaded later among them. Preferring the file
 * named after the format makes a load of only the files named after the
 * run's formats (bc_registry_set_name_filter) choose what a whole load
 * chooses: a zz-myhtml.so claiming "html" cannot win over an html.so that
 * the partial load never looked beside.
 */
static const entry *find_entry(const bc_registry *reg, bc_plugin_kind kind, const char *name)
{
    const entry *any = NULL;
    for (size_t i = reg->count; i-- > 0;) {
        const entry *e = reg->items[i];
        if (e->desc.kind != kind || !claims_name(&e->desc, name))
            continue;
        if (strcasecmp(e->stem, name) == 0)
            return e;
        if (!any)
            any = e;
    }
    return any;
}

const bc_plugin *bc_registry_find(const bc_registry *reg, bc_plugin_kind kind, const char *name)
{
    if (!reg || !name)
        return NULL;
    const entry *e = find_entry(reg, kind, name);
    return e ? &e->desc : NULL;
}

static const entry *entry_of(const bc_registry *reg, const bc_plugin *p)
{
    for (size_t i = 0; reg && p && i < reg->count; i++)
        if (&reg->items[i]->desc == p)
            return reg->items[i];
    return NULL;
}

bool bc_registry_is_builtin(const bc_registry *reg, const bc_plugin *p)
{
    const entry *e = entry_of(reg, p);
    return e && e->builtin;
}

const char *bc_registry_path_of(const bc_registry *reg, const bc_plugin *p)
{
    const entry *e = entry_of(reg, p);
    return e ? e->path : NULL;
}

const char *bc_registry_stem_of(const bc_registry *reg, const bc_plugin *p)
{
    const entry *e = entry_of(reg, p);
    return e ? e->stem : NULL;
}

/* The built-in plugin that P takes NAME from: one claiming NAME, when P is the one NAME now finds. */
static const bc_plugin *taken_from(const bc_registry *reg, const bc_plugin *p, const char *name)
{
    const entry *winner = find_entry(reg, p->kind, name);
    if (!winner || &winner->desc != p)
        return NULL; /* P does not get NAME: it overrides nothing by it */
    for (size_t i = 0; i < reg->count; i++) {
        const bc_plugin *q = &reg->items[i]->desc;
        bool same_kind = q->kind == p->kind || (q->kind != BC_PLUGIN_INPUT && p->kind != BC_PLUGIN_INPUT);
        if (reg->items[i]->builtin && same_kind && claims_name(q, name))
            return q;
    }
    return NULL;
}

const bc_plugin *bc_registry_overridden(const bc_registry *reg, const bc_plugin *p, const char **name)
{
    const entry *e = entry_of(reg, p);
    if (!e || e->builtin)
        return NULL;
    const bc_plugin *q = taken_from(reg, p, p->name);
    const char *taken = p->name;
    for (size_t k = 0; !q && p->aliases && p->aliases[k]; k++)
        q = taken_from(reg, p, taken = p->aliases[k]);
    if (q && name)
        *name = taken;
    return q;
}

const bc_plugin *bc_registry_find_for_path(const bc_registry *reg, const char *path)
{
    if (!reg || !path)
        return NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base || !dot[1])
        return NULL;
    const char *ext = dot + 1;
    const bc_plugin *any = NULL;
    /* As bc_registry_find: a reader named after the extension (yaml.so for .yaml) first. */
    for (size_t i = reg->count; i-- > 0;) {
        const bc_plugin *p = &reg->items[i]->desc;
        if (p->kind != BC_PLUGIN_INPUT)
            continue;
        for (size_t k = 0; p->extensions && p->extensions[k]; k++)
            if (strcasecmp(p->extensions[k], ext) == 0) {
                if (strcasecmp(reg->items[i]->stem, ext) == 0)
                    return p;
                if (!any)
                    any = p;
            }
    }
    return any;
}
