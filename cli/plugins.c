/* plugins.c — loading, listing and choosing plugins; -O settings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "batch.h"
#include "cli.h"

/* A warning on one line: a plugin's own text (an init failure's reason) may hold escapes or newlines. */
static void print_warning(void *user, const char *message)
{
    const cli_args *args = user;
    char *shown = cli_escape_name(message);
    if (!args->quiet)
        fprintf(stderr, "%s: warning: %s\n", CLI_NAME, shown ? shown : message);
    free(shown);
}

/* Each --plugin-dir is a folder: CLI_OK, or CLI_USAGE printed (once, before any load). */
static int check_plugin_dirs(const cli_args *args)
{
    for (size_t i = 0; i < args->plugin_dir_count; i++) {
        struct stat st;
        const char *dir = args->plugin_dirs[i];
        char *shown = cli_escape_name(dir);
        int rc = CLI_OK;
        if (stat(dir, &st) != 0)
            rc = cli_usage_error("--plugin-dir %s: %s", shown ? shown : dir, strerror(errno));
        else if (!S_ISDIR(st.st_mode))
            rc = cli_usage_error("--plugin-dir %s: not a directory", shown ? shown : dir);
        free(shown);
        if (rc != CLI_OK)
            return rc;
    }
    return CLI_OK;
}

/* The whole search path, in order: later directories override earlier ones (checked by check_plugin_dirs). */
static int load_path(bc_registry *reg, const cli_args *args, bc_warn_fn warn, void *user)
{
    bc_registry_load_default(reg, warn, user);
    for (size_t i = 0; i < args->plugin_dir_count; i++)
        bc_registry_load_dir(reg, args->plugin_dirs[i], warn, user);
    return CLI_OK;
}

/* Warnings of a first, partial load: printed only if that load is kept. */
typedef struct held_warnings {
    char *text;
    size_t len;
    bool lost;
} held_warnings;

static void hold_warning(void *user, const char *raw)
{
    held_warnings *h = user;
    static const char prefix[] = CLI_NAME ": warning: ";
    char *message = cli_escape_name(raw);
    if (!message) {
        h->lost = true;
        return;
    }
    size_t p = sizeof prefix - 1, n = strlen(message);
    char *text = realloc(h->text, h->len + p + n + 2);
    if (!text) {
        free(message);
        h->lost = true;
        return;
    }
    memcpy(text + h->len, prefix, p);
    memcpy(text + h->len + p, message, n);
    text[h->len + p + n] = '\n';
    text[h->len + p + n + 1] = '\0';
    h->text = text;
    h->len += p + n + 1;
    free(message);
}

/* Whether P's file is named after NAME (NAME.so); *THIRD_PARTY set when it is not built in. */
static bool named_after(const bc_registry *reg, const bc_plugin *p, const char *name, bool *third_party)
{
    const char *stem = p ? bc_registry_stem_of(reg, p) : NULL;
    if (stem && !bc_registry_is_builtin(reg, p))
        *third_party = true;
    return stem && strcasecmp(stem, name) == 0;
}

/*
 * Loads the files named after NAMES (and every built-in one unless
 * FILTER_BUILTIN), and tells whether each format of the run was found in
 * the file named after it.
 */
static bool load_named(cli_ctx *ctx, const char *const *names, bool filter_builtin, held_warnings *held,
                       bool *third_party)
{
    const cli_args *args = ctx->args;
    bc_registry_set_name_filter(ctx->reg, names);
    bc_registry_filter_builtin(ctx->reg, filter_builtin);
    int rc = load_path(ctx->reg, args, hold_warning, held);
    bc_registry_set_name_filter(ctx->reg, NULL);
    bc_registry_filter_builtin(ctx->reg, true);
    bool found = rc == CLI_OK && !held->lost;
    *third_party = false;
    for (size_t i = 0; found && i < args->to_count; i++) {
        /* A collection may ask for other formats (bc_run_want_format): those need the whole load. */
        found = named_after(ctx->reg, bc_registry_find(ctx->reg, BC_PLUGIN_OUTPUT, args->to[i]), args->to[i],
                            third_party);
    }
    if (found && args->from)
        found = named_after(ctx->reg, bc_registry_find(ctx->reg, BC_PLUGIN_INPUT, args->from), args->from,
                            third_party);
    for (size_t i = 0; found && !args->from && i < args->input_count; i++) {
        const char *in = args->inputs[i], *base = strrchr(in, '/');
        const char *dot = strrchr(base ? base + 1 : in, '.');
        found = strcmp(in, "-") == 0 ||
                named_after(ctx->reg, bc_registry_find_for_path(ctx->reg, in), dot + 1, third_party);
    }
    return found;
}

/*
 * Start-up is most of a single conversion, and most of start-up is loading
 * plugins and the libraries they pull in (the DOCX writer's libxml2 and
 * libzip bring ICU and OpenSSL's libcrypto). So a run whose inputs are
 * files first loads only the plugins named after the formats it names (-t,
 * -f, the inputs' extensions), and keeps that if every one of them is
 * found; anything else (an alias, a plugin file named otherwise, a folder
 * whose files could be of any input format) loads the whole path.
 */
static bool try_named_plugins(cli_ctx *ctx)
{
    const cli_args *args = ctx->args;
    struct stat st;
    /* Without -t the usage message lists every output format: load them all. */
    if (args->list_plugins || args->to_count == 0 || args->to_count + args->input_count > 64)
        return false;
    const char *names[2 * 64 + 2];
    size_t n = 0;
    for (size_t i = 0; i < args->to_count; i++)
        names[n++] = args->to[i];
    if (args->from)
        names[n++] = args->from;
    for (size_t i = 0; i < args->input_count; i++) {
        const char *in = args->inputs[i];
        if (strcmp(in, "-") == 0) {
            if (!args->from)
                return false; /* standard input without -f: any reader may be the only one */
            continue;
        }
        if (stat(in, &st) == 0 && S_ISDIR(st.st_mode))
            return false;
        const char *base = strrchr(in, '/');
        const char *dot = strrchr(base ? base + 1 : in, '.');
        if (!args->from && (!dot || !dot[1]))
            return false;
        if (!args->from)
            names[n++] = dot + 1;
    }
    names[n] = NULL;

    /*
     * Kept only when each format was found in the file named after it:
     * bc_registry_find prefers that file, so a whole load would choose the
     * same. When a third-party plugin is among them, the load is made again
     * with every built-in plugin, so that one it overrides is seen (and
     * warned about) as in a whole load.
     */
    held_warnings held = {NULL, 0, false};
    bool third_party = false;
    bool found = load_named(ctx, names, true, &held, &third_party);
    if (found && third_party) {
        free(held.text);
        held = (held_warnings){NULL, 0, false};
        bc_registry_free(ctx->reg);
        ctx->reg = bc_registry_new();
        found = ctx->reg && load_named(ctx, names, false, &held, &third_party);
    }
    if (found && held.text && !args->quiet)
        fputs(held.text, stderr);
    free(held.text);
    return found;
}

int cli_load_plugins(cli_ctx *ctx)
{
    const cli_args *args = ctx->args;
    int checked = check_plugin_dirs(args);
    if (checked != CLI_OK)
        return checked;
    if (!try_named_plugins(ctx)) {
        /* Start again from nothing, so that no plugin is loaded twice. */
        bc_registry_free(ctx->reg);
        ctx->reg = bc_registry_new();
        if (!ctx->reg)
            return cli_out_of_memory();
        /* -q holds the warnings back: a format asked for and missing still says why (cli_find_format). */
        held_warnings held = {NULL, 0, false};
        int rc = args->quiet ? load_path(ctx->reg, args, hold_warning, &held)
                             : load_path(ctx->reg, args, print_warning, (void *)args);
        ctx->load_warnings = held.text;
        if (rc != CLI_OK)
            return rc;
    }
    /* main frees the registry just before exit: unmapping is the kernel's job then. */
    bc_registry_keep_loaded(ctx->reg);
    if (args->verbose)
        for (size_t i = 0; i < bc_registry_count(ctx->reg); i++)
            fprintf(stderr, "%s: loaded %s plugin %s from %s\n", CLI_NAME,
                    bc_registry_plugin(ctx->reg, i)->kind == BC_PLUGIN_INPUT ? "input" : "output",
                    bc_registry_plugin(ctx->reg, i)->name, bc_registry_plugin_path(ctx->reg, i));
    return CLI_OK;
}

static const char *kind_name(bc_plugin_kind kind)
{
    return kind == BC_PLUGIN_INPUT ? "input" : kind == BC_PLUGIN_COLLECTION ? "collection" : "output";
}

static const char *type_name(bc_option_type type)
{
    switch (type) {
    case BC_OPTION_STRING: return "string";
    case BC_OPTION_INT: return "integer";
    case BC_OPTION_BOOL: return "boolean";
    case BC_OPTION_SIZE: return "size";
    case BC_OPTION_CHOICE: return "choice";
    case BC_OPTION_FILE: return "file";
    }
    return "?";
}

static void print_list(const char *label, const char *const *list)
{
    printf("  %s:", label);
    if (!list || !list[0])
        printf(" (none)");
    for (size_t i = 0; list && list[i]; i++)
        printf("%s %s", i ? "," : "", list[i]);
    printf("\n");
}

int cli_list_plugins(const cli_ctx *ctx)
{
    size_t n = bc_registry_count(ctx->reg);
    if (n == 0) {
        printf("no plugins found\n");
        return CLI_OK;
    }
    for (size_t i = 0; i < n; i++) {
        const bc_plugin *p = bc_registry_plugin(ctx->reg, i);
        const bc_plugin *winner = bc_registry_find(ctx->reg, p->kind, p->name);
        bool later = false;
        for (size_t k = i + 1; k < n && !later; k++)
            later = bc_registry_plugin(ctx->reg, k) == winner;
        const char *taken = NULL;
        const bc_plugin *over = bc_registry_overridden(ctx->reg, p, &taken);
        printf("%s%s %s %s%s%s%s\n", i ? "\n" : "", kind_name(p->kind), p->name, p->version ? p->version : "",
               winner == p ? "" : later ? " (overridden by a later plugin)" : " (not used: the file named after it, ",
               winner == p || later ? "" : bc_registry_path_of(ctx->reg, winner), winner == p || later ? "" : ", wins)");
        printf("  %s\n", p->description ? p->description : "");
        printf("  file: %s\n", bc_registry_plugin_path(ctx->reg, i));
        if (bc_registry_is_builtin(ctx->reg, p))
            printf("  built in (from the program's own plugin folder)\n");
        if (over)
            printf("  overrides: the built-in %s's %s (%s)\n", over->name, taken, bc_registry_path_of(ctx->reg, over));
        print_list("aliases", p->aliases);
        print_list("extensions", p->extensions);
        if (p->flags & BC_PLUGIN_BINARY)
            printf("  binary output\n");
        if (p->kind == BC_PLUGIN_COLLECTION)
            printf("  %s\n", p->flags & BC_PLUGIN_ONE_FILE ? "writes one file for the whole run (-o FILE, or standard output)"
                                                           : "writes files for the whole run under -o FOLDER");
        if (!p->options || !p->options[0].name) {
            printf("  options: (none)\n");
            continue;
        }
        printf("  options (-O NAME=VALUE, or -O %s.NAME=VALUE for this plugin alone):\n", p->name);
        for (const bc_option_spec *o = p->options; o->name; o++) {
            printf("    %s (%s", o->name, type_name(o->type));
            if (o->type == BC_OPTION_CHOICE && o->choices)
                printf(": %s", o->choices);
            if ((o->type == BC_OPTION_INT || o->type == BC_OPTION_SIZE) && o->min < o->max)
                printf(", %lld..%lld", o->min, o->max);
            printf(", default %s)", o->default_value ? o->default_value : "none");
            printf(" %s\n", o->help ? o->help : "");
        }
    }
    return CLI_OK;
}

void cli_format_names(const bc_registry *reg, bc_plugin_kind kind, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < bc_registry_count(reg) && used < size; i++) {
        const bc_plugin *p = bc_registry_plugin(reg, i);
        bool wanted = p->kind == kind || (kind == BC_PLUGIN_OUTPUT && p->kind == BC_PLUGIN_COLLECTION);
        if (!wanted || bc_registry_find(reg, p->kind, p->name) != p)
            continue;
        int k = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", p->name);
        if (k < 0)
            break;
        used += (size_t)k;
    }
    if (!buf[0])
        snprintf(buf, size, "none found");
}

/*
 * With -q, what the loading said about files named after NAME (NAME.so), or
 * everything it said when none is: a requested format that failed to load
 * says why, quiet or not.
 */
static void print_held_warnings(const cli_ctx *ctx, const char *name)
{
    const char *text = ctx->load_warnings;
    size_t len = strlen(name);
    bool any = false;
    for (int pass = 0; text && pass < 2 && !any; pass++)
        for (const char *line = text; *line;) {
            const char *end = strchr(line, '\n');
            size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
            /* "briefconv: warning: /dir/NAME.so: ..." */
            const char *so = NULL;
            for (const char *s = line + 1; s + len + 4 <= line + n && !so; s++) /* s[-1] is in the line */
                if (s[-1] == '/' && strncasecmp(s, name, len) == 0 && strncmp(s + len, ".so:", 4) == 0)
                    so = s;
            if (pass == 1 || so) {
                fwrite(line, 1, n, stderr);
                any = true;
            }
            line += n;
        }
}

const bc_plugin *cli_find_format(const cli_ctx *ctx, bc_plugin_kind kind, const char *name)
{
    const bc_plugin *p = bc_registry_find(ctx->reg, kind, name);
    /* -t names per-briefing and collection formats alike. */
    if (!p && kind == BC_PLUGIN_OUTPUT)
        p = bc_registry_find(ctx->reg, BC_PLUGIN_COLLECTION, name);
    if (!p) {
        char names[1024];
        print_held_warnings(ctx, name);
        cli_format_names(ctx->reg, kind, names, sizeof names);
        cli_usage_error("unknown %s format '%s' (available: %s)", kind_name(kind), name, names);
    }
    return p;
}

const bc_plugin *cli_input_for(const cli_ctx *ctx, const char *path)
{
    if (ctx->args->from)
        return cli_find_format(ctx, BC_PLUGIN_INPUT, ctx->args->from);
    const bc_plugin *p = bc_registry_find_for_path(ctx->reg, path);
    if (p)
        return p;
    const bc_plugin *only = NULL;
    size_t inputs = 0;
    for (size_t i = 0; i < bc_registry_count(ctx->reg); i++) {
        const bc_plugin *q = bc_registry_plugin(ctx->reg, i);
        if (q->kind == BC_PLUGIN_INPUT && bc_registry_find(ctx->reg, BC_PLUGIN_INPUT, q->name) == q) {
            only = q;
            inputs++;
        }
    }
    if (inputs == 1)
        return only; /* one reader: no choice to make */
    char names[1024];
    cli_format_names(ctx->reg, BC_PLUGIN_INPUT, names, sizeof names);
    cli_usage_error("cannot tell the input format of '%s' from its name; use -f (available: %s)", path, names);
    return NULL;
}

static void option_names(const bc_plugin *const *plugins, size_t count, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < count; i++)
        for (const bc_option_spec *o = plugins[i]->options; o && o->name && used < size; o++) {
            int k = snprintf(buf + used, size - used, "%s%s.%s", used ? ", " : "", plugins[i]->name, o->name);
            if (k < 0)
                return;
            used += (size_t)k;
        }
    if (!buf[0])
        snprintf(buf, size, "none");
}

static bool claims(const bc_plugin *p, const char *name, size_t len)
{
    if (strlen(p->name) == len && strncasecmp(p->name, name, len) == 0)
        return true;
    for (size_t i = 0; p->aliases && p->aliases[i]; i++)
        if (strlen(p->aliases[i]) == len && strncasecmp(p->aliases[i], name, len) == 0)
            return true;
    return false;
}

/*
 * Whether setting SET is aimed at plugin P, and the option's name in *NAME:
 * "-O NAME=V" at every plugin declaring NAME, "-O FORMAT.NAME=V" at the plugin
 * claiming FORMAT alone. Option names have no dots, so the first one scopes.
 */
static bool aimed_at(const cli_setting *set, const bc_plugin *p, const char **name)
{
    const char *dot = strchr(set->name, '.');
    *name = dot ? dot + 1 : set->name;
    return dot ? claims(p, set->name, (size_t)(dot - set->name)) : true;
}

/* A usage error for a scoped setting aimed at no plugin of the run. */
static int unknown_scope(const cli_ctx *ctx, const cli_setting *set, const bc_plugin *const *plugins, size_t count)
{
    const char *dot = strchr(set->name, '.');
    int len = (int)(dot - set->name);
    bool loaded = false;
    for (size_t i = 0; i < bc_registry_count(ctx->reg) && !loaded; i++)
        loaded = claims(bc_registry_plugin(ctx->reg, i), set->name, (size_t)len);
    char names[1024];
    size_t used = 0;
    names[0] = '\0';
    for (size_t i = 0; i < count && used < sizeof names; i++) {
        int k = snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", plugins[i]->name);
        used += k > 0 ? (size_t)k : 0;
    }
    if (loaded)
        return cli_usage_error("-O %s: format '%.*s' is not part of this run (its formats: %s)", set->name, len,
                               set->name, names);
    return cli_usage_error("-O %s: unknown format '%.*s' (this run's formats: %s)", set->name, len, set->name,
                           names);
}

/* A plugin of the run that takes a built-in's name or alias: said in every run that uses it. */
static void warn_overrides(const cli_ctx *ctx, const bc_plugin *const *plugins, size_t count)
{
    for (size_t i = 0; i < count && !ctx->args->quiet; i++) {
        const char *taken = NULL;
        const bc_plugin *over = bc_registry_overridden(ctx->reg, plugins[i], &taken);
        if (!over)
            continue;
        char *path = cli_escape_name(bc_registry_path_of(ctx->reg, plugins[i]));
        char *builtin = cli_escape_name(bc_registry_path_of(ctx->reg, over));
        fprintf(stderr, "%s: warning: plugin '%s' (%s) overrides the built-in %s's %s (%s)\n", CLI_NAME,
                plugins[i]->name, path ? path : "?", over->name, taken, builtin ? builtin : "?");
        free(path);
        free(builtin);
    }
}

int cli_check_settings(const cli_ctx *ctx, const bc_plugin *const *plugins, size_t count)
{
    const cli_args *args = ctx->args;
    int rc = CLI_OK;
    warn_overrides(ctx, plugins, count);
    for (size_t s = 0; s < args->setting_count && rc == CLI_OK; s++) {
        const cli_setting *set = &args->settings[s];
        const char *dot = strchr(set->name, '.');
        bool aimed = false, declared = false;
        if (dot && (dot[1] == '\0' || dot == set->name))
            return cli_usage_error("-O %s: write FORMAT.NAME=VALUE or NAME=VALUE", set->name);
        for (size_t i = 0; i < count && rc == CLI_OK; i++) {
            const char *name;
            if (!aimed_at(set, plugins[i], &name))
                continue;
            aimed = true;
            bc_options *opts = bc_options_new(plugins[i]);
            bc_error *err = bc_error_new();
            if (!opts || !err) {
                rc = cli_out_of_memory();
            } else if (bc_options_declared(opts, name)) {
                declared = true;
                if (bc_options_set(opts, name, set->value, err) != 0)
                    rc = cli_usage_error("-O %s=%s: %s", set->name, set->value, bc_error_message(err));
            } else if (dot) {
                char names[2048];
                option_names(&plugins[i], 1, names, sizeof names);
                rc = cli_usage_error("-O %s: format %s has no option '%s' (its options: %s)", set->name,
                                     plugins[i]->name, name, names);
            }
            bc_options_free(opts);
            bc_error_free(err);
        }
        if (rc == CLI_OK && dot && !aimed)
            rc = unknown_scope(ctx, set, plugins, count);
        if (rc == CLI_OK && !declared) {
            char names[2048];
            option_names(plugins, count, names, sizeof names);
            rc = cli_usage_error("-O %s: no plugin of this run has that option (available: %s)", set->name,
                                 names);
        }
    }
    return rc;
}

bc_options *cli_plugin_options(const cli_ctx *ctx, const bc_plugin *plugin, int *rc)
{
    bc_options *opts = bc_options_new(plugin);
    bc_error *err = bc_error_new();
    *rc = CLI_OK;
    if (!opts || !err) {
        *rc = cli_out_of_memory();
        goto done;
    }
    for (size_t s = 0; s < ctx->args->setting_count && *rc == CLI_OK; s++) {
        const cli_setting *set = &ctx->args->settings[s];
        const char *name;
        if (aimed_at(set, plugin, &name) && bc_options_declared(opts, name) &&
            bc_options_set(opts, name, set->value, err) != 0)
            *rc = strcmp(bc_error_message(err), "out of memory") == 0
                      ? cli_out_of_memory()
                      : cli_usage_error("-O %s=%s: %s", set->name, set->value, bc_error_message(err));
    }
done:
    bc_error_free(err);
    if (*rc != CLI_OK) {
        bc_options_free(opts);
        opts = NULL;
    }
    return opts;
}

bool cli_isolates(const cli_ctx *ctx, const bc_plugin *plugin)
{
    const char *all = getenv("BRIEFCONV_ISOLATE");
    if (plugin->kind == BC_PLUGIN_COLLECTION || (plugin->flags & BC_PLUGIN_IN_PROCESS))
        return false; /* collections and plugins that share STATE run in-process: docs/limits.md */
    /* For bench/: "all" isolates the built-in plugins too, "none" no plugin, to measure what it costs. */
    if (all && strcmp(all, "none") == 0)
        return false;
    return !bc_registry_is_builtin(ctx->reg, plugin) || (all && strcmp(all, "all") == 0);
}

bc_instance *cli_open_instance(const cli_ctx *ctx, bc_run *run, const bc_plugin *plugin, const bc_options *opts,
                               int *rc)
{
    bc_error *err = bc_error_new();
    bc_instance *inst = err ? bc_instance_open(run, plugin, opts, err) : NULL;
    *rc = CLI_OK;
    if (inst && cli_isolates(ctx, plugin) &&
        bc_instance_isolate(inst, bc_registry_path_of(ctx->reg, plugin), ctx->args->timeout) != 0) {
        *rc = cli_out_of_memory();
        bc_instance_close(inst);
        bc_error_free(err);
        return NULL;
    }
    if (!inst) {
        const char *why = err ? bc_error_message(err) : "out of memory";
        if (strcmp(why, "out of memory") == 0) {
            *rc = cli_out_of_memory();
        } else {
            char msg[2048];
            if (bc_error_file(err))
                bc_error_format(err, msg, sizeof msg);
            else
                snprintf(msg, sizeof msg, "%s", why);
            *rc = cli_usage_error("%s: %s", plugin->name, msg);
        }
    }
    bc_error_free(err);
    return inst;
}
