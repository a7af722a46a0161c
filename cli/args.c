/* args.c — command-line parsing and the help text. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_PLUGIN_DIR = 256, OPT_LIST_PLUGINS, OPT_CHECK, OPT_VERSION, OPT_VERBOSE, OPT_UPDATE, OPT_TIMEOUT };

static const struct option long_options[] = {
    {"from", required_argument, NULL, 'f'},
    {"to", required_argument, NULL, 't'},
    {"output", required_argument, NULL, 'o'},
    {"option", required_argument, NULL, 'O'},
    {"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},
    {"list-plugins", no_argument, NULL, OPT_LIST_PLUGINS},
    {"check", no_argument, NULL, OPT_CHECK},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, OPT_VERBOSE},
    {"jobs", required_argument, NULL, 'j'},
    {"update", no_argument, NULL, OPT_UPDATE},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {NULL, 0, NULL, 0},
};

int cli_usage_error(const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        snprintf(msg, sizeof msg, "%s", fmt);
    /*
     * A library message passed on here ("-O NAME=VALUE: out of memory") may
     * say the memory ran out: no mistake of the command line, so no hint.
     */
    if (strstr(msg, "out of memory") != NULL) {
        fprintf(stderr, "%s: %s\n", CLI_NAME, msg);
        return CLI_FAILED;
    }
    fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n", CLI_NAME, msg, CLI_NAME);
    return CLI_USAGE;
}

int cli_out_of_memory(void)
{
    fprintf(stderr, "%s: out of memory\n", CLI_NAME);
    return CLI_FAILED;
}

void cli_print_help(void)
{
    printf("Usage: %s [-f FROM] -t TO [-o OUTPUT] [-O NAME=VALUE]... [--plugin-dir DIR]... INPUT\n"
           "       %s -t TO[,TO...] -o FOLDER [-j N] [--update] [OPTION]... INPUT...\n"
           "       %s --check [-f FROM] INPUT...\n"
           "       %s --list-plugins\n"
           "\n"
           "Convert a briefing (YAML, briefing format version 1) to another format.\n"
           "\n"
           "  -f, --from=FORMAT        input format (default: from the input's extension)\n"
           "  -t, --to=FORMAT[,...]    output format(s) (see --list-plugins); may be repeated\n"
           "  -o, --output=FILE        write to FILE (default: standard output; '-' forces it);\n"
           "                           with several inputs or formats, or a folder: the folder\n"
           "                           the outputs go to, mirroring the inputs' paths\n"
           "  -j, --jobs=N             convert N files at a time (default: one per CPU)\n"
           "      --update             skip outputs newer than their input and plugins\n"
           "                           (also with one input and -o FILE)\n"
           "      --timeout=SECONDS    end a third-party plugin's conversion of one briefing\n"
           "                           after SECONDS (default 60; 0: no limit)\n"
           "  -O, --option=NAME=VALUE  set an option of the input or output plugin\n"
           "      --plugin-dir=DIR     also load the plugins in DIR (may be repeated)\n"
           "      --list-plugins       list the plugins, their formats and options\n"
           "      --check              validate the input only; write nothing\n"
           "  -q, --quiet              print errors only\n"
           "      --verbose            say what is being done\n"
           "  -h, --help               print this help and exit\n"
           "      --version            print the version and exit\n"
           "\n"
           "INPUT '-' reads standard input. Output files are written whole or not at all.\n"
           "A folder INPUT is searched recursively for files the input plugins claim\n"
           "(names starting with '.' are skipped). A file that fails is reported and\n"
           "skipped; the others are converted, and a summary line ends the run.\n"
           "Plugins come from the directory beside the program, then BRIEFCONV_PLUGIN_PATH,\n"
           "then each --plugin-dir. Output plugins not shipped with the program render in\n"
           "a process of their own: one that crashes or hangs fails that briefing alone.\n"
           "\n"
           "Exit status: 0 success, 1 an input could not be converted, 2 usage error.\n",
           CLI_NAME, CLI_NAME, CLI_NAME, CLI_NAME);
}

void cli_print_version(void)
{
    printf("%s %s (library %s, plugin ABI %d.%d)\n", CLI_NAME, BC_VERSION_STRING, bc_version(), BC_ABI_MAJOR,
           BC_ABI_MINOR);
}

/* Room for one more element at the end of an array grown one by one. */
static void *grow(void *array, size_t count, size_t elem)
{
    return realloc(array, (count + 1) * elem);
}

static int add_formats(cli_args *args, const char *list)
{
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n == 0)
            return cli_usage_error("empty format name in -t '%s'", list);
        char *name = strndup(p, n);
        const char **to = name ? grow(args->to, args->to_count, sizeof *to) : NULL;
        if (!to) {
            free(name);
            return cli_out_of_memory();
        }
        args->to = to;
        args->to[args->to_count++] = name;
        if (!comma)
            return CLI_OK;
        p = comma + 1;
    }
}

static int add_setting(cli_args *args, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return cli_usage_error("-O needs NAME=VALUE, not '%s'", arg);
    cli_setting s = {strndup(arg, (size_t)(eq - arg)), eq + 1};
    cli_setting *settings = s.name ? grow(args->settings, args->setting_count, sizeof *settings) : NULL;
    if (!settings) {
        free(s.name);
        return cli_out_of_memory();
    }
    args->settings = settings;
    args->settings[args->setting_count++] = s;
    return CLI_OK;
}

/* The options that only switch something on: their field in ARGS, or NULL. */
static bool *flag_of(cli_args *args, int option)
{
    static const struct {
        int option;
        size_t field;
    } flags[] = {
        {OPT_LIST_PLUGINS, offsetof(cli_args, list_plugins)},
        {OPT_CHECK, offsetof(cli_args, check)},
        {'h', offsetof(cli_args, help)},
        {OPT_VERSION, offsetof(cli_args, version)},
        {'q', offsetof(cli_args, quiet)},
        {OPT_VERBOSE, offsetof(cli_args, verbose)},
        {OPT_UPDATE, offsetof(cli_args, update)},
    };
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (flags[i].option == option)
            return (bool *)((char *)args + flags[i].field);
    return NULL;
}

int cli_parse(int argc, char **argv, cli_args *args)
{
    int c, rc = CLI_OK;
    memset(args, 0, sizeof *args);
    args->timeout = CLI_DEFAULT_TIMEOUT;
    opterr = 0; /* our own messages, in our own form */
    optind = 1;
    while (rc == CLI_OK && (c = getopt_long(argc, argv, ":f:t:o:O:j:hq", long_options, NULL)) != -1) {
        bool *flag = flag_of(args, c);
        if (flag) {
            *flag = true;
            continue;
        }
        switch (c) {
        case 'f':
            args->from = optarg;
            break;
        case 't':
            rc = add_formats(args, optarg);
            break;
        case 'o':
            if (args->output)
                rc = cli_usage_error("-o given twice");
            else if (!*optarg) /* `-o "$OUT"` with OUT unset: never a folder, least of all "/" */
                rc = cli_usage_error("-o needs a file or folder name, not an empty one");
            args->output = optarg;
            break;
        case 'O':
            rc = add_setting(args, optarg);
            break;
        case OPT_PLUGIN_DIR: {
            const char **dirs = grow(args->plugin_dirs, args->plugin_dir_count, sizeof *dirs);
            if (!dirs) {
                rc = cli_out_of_memory();
                break;
            }
            args->plugin_dirs = dirs;
            args->plugin_dirs[args->plugin_dir_count++] = optarg;
            break;
        }
        case 'j': {
            char *end;
            errno = 0;
            long n = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || n < 1 || n > 1024)
                rc = cli_usage_error("-j needs a number of jobs from 1 to 1024, not '%s'", optarg);
            else
                args->jobs = n;
            break;
        }
        case OPT_TIMEOUT: {
            char *end;
            errno = 0;
            double t = strtod(optarg, &end);
            /* A week at most: a bound that keeps the deadline's arithmetic far from overflow. */
            if (errno || end == optarg || *end || !(t >= 0 && t <= 604800))
                rc = cli_usage_error("--timeout needs a number of seconds from 0 (no limit) to 604800, not '%s'",
                                     optarg);
            else
                args->timeout = t;
            break;
        }
        case ':':
            rc = cli_usage_error("option '%s' needs a value", argv[optind - 1]);
            break;
        default:
            if (optopt)
                rc = cli_usage_error("unknown option '-%c'", optopt);
            else
                rc = cli_usage_error("unknown option '%s'", argv[optind - 1]);
            break;
        }
    }
    for (int i = optind; rc == CLI_OK && i < argc; i++) {
        const char **inputs = grow(args->inputs, args->input_count, sizeof *inputs);
        if (!inputs) {
            rc = cli_out_of_memory();
            break;
        }
        args->inputs = inputs;
        args->inputs[args->input_count++] = argv[i];
    }
    if (rc == CLI_OK && args->quiet && args->verbose)
        rc = cli_usage_error("--quiet and --verbose contradict each other");
    return rc;
}

void cli_args_free(cli_args *args)
{
    for (size_t i = 0; i < args->to_count; i++)
        free((char *)args->to[i]);
    for (size_t i = 0; i < args->setting_count; i++)
        free(args->settings[i].name);
    free(args->to);
    free(args->settings);
    free(args->plugin_dirs);
    free(args->inputs);
    memset(args, 0, sizeof *args);
}
