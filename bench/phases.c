/*
 * phases — in-process timing of the DOCX path, for the benchmark.
 *
 *   phases convert PLUGINDIR INPUT ITERS [--only read|render] [--save FILE]
 *          [-O NAME=VALUE]...
 *       Loads the plugins of PLUGINDIR; times ITERS reads of INPUT with the
 *       input plugin that claims it (parse + tree) and ITERS DOCX renders of
 *       the document into a memory sink (XML + deflate + zip). Prints one
 *       JSON line of medians. --only runs one loop (for perf record);
 *       --save writes the DOCX produced. Each -O goes to every plugin (input
 *       or docx) that declares NAME.
 *
 *   phases floor LEVEL ITERS FILE...
 *       The floor: raw deflate (as in a zip entry) of the FILEs' bytes at
 *       LEVEL with one libdeflate compressor, as the DOCX writer deflates
 *       them, ITERS times; prints the median
 *       time for the whole set. The FILEs are the parts of the DOCX made by
 *       `convert --save`, so the floor compresses the very same XML bytes.
 *
 *   phases dlopen FILE...
 *       Only dlopens each FILE as the plugin loader does (RTLD_NOW |
 *       RTLD_LOCAL) and exits: run under runstat, it gives what loading a
 *       plugin and its libraries costs a process.
 *
 *   phases dlopen-each FILE...
 *       As dlopen, but times each dlopen on its own and prints one JSON line
 *       {"ms": [...]} in FILE order. With FILEs ordered so that each comes
 *       after the libraries it needs, each time is that library's own
 *       mapping, relocation and initialisation, measured in one process
 *       (steadier than differences between processes).
 */
#include <briefconv/host.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_OPTS 16

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, long n)
{
    if (n <= 0)
        return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void print_error(const char *what, const bc_error *err)
{
    char buf[1024];
    bc_error_format(err, buf, sizeof buf);
    fprintf(stderr, "phases: %s: %s\n", what, buf);
}

static void warn(void *user, const char *message)
{
    (void)user;
    fprintf(stderr, "phases: warning: %s\n", message);
}

/* Sets every NAME=VALUE of OPTS that PLUGIN declares. 0 or -1. */
static int apply_options(bc_options *o, char **opts, int nopts, bc_error *err)
{
    for (int i = 0; i < nopts; i++) {
        char name[128];
        const char *eq = strchr(opts[i], '=');
        size_t len = eq ? (size_t)(eq - opts[i]) : 0;
        if (!eq || len >= sizeof name) {
            bc_error_set(err, 0, 0, "bad option '%s' (want NAME=VALUE)", opts[i]);
            return -1;
        }
        memcpy(name, opts[i], len);
        name[len] = '\0';
        if (bc_options_declared(o, name) && bc_options_set(o, name, eq + 1, err) != 0)
            return -1;
    }
    return 0;
}

static int discard(void *user, const void *data, size_t len)
{
    (void)data;
    *(size_t *)user += len;
    return 0;
}

static int cmd_convert(int argc, char **argv)
{
    if (argc < 5) {
        fputs("usage: phases convert PLUGINDIR INPUT ITERS [--only read|render] [--save FILE] [-O N=V]...\n",
              stderr);
        return 2;
    }
    const char *dir = argv[2], *input = argv[3], *only = "", *save = NULL;
    long iters = atol(argv[4]);
    char *opts[MAX_OPTS];
    int nopts = 0;
    for (int i = 5; i < argc; i++) {
        if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--save") && i + 1 < argc)
            save = argv[++i];
        else if (!strcmp(argv[i], "-O") && i + 1 < argc && nopts < MAX_OPTS)
            opts[nopts++] = argv[++i];
        else {
            fprintf(stderr, "phases: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (iters < 1)
        iters = 1;

    int rc = 1;
    bc_error *err = bc_error_new();
    bc_registry *reg = bc_registry_new();
    bc_options *in_opts = NULL, *out_opts = NULL;
    bc_run *run = NULL;
    bc_instance *inst = NULL; /* one DOCX instance for every render, as a batch has */
    bc_document *doc = NULL;
    bc_sink *mem = NULL;
    double *t_read = calloc((size_t)iters, sizeof *t_read);
    double *t_render = calloc((size_t)iters, sizeof *t_render);
    if (!err || !reg || !t_read || !t_render) {
        fputs("phases: out of memory\n", stderr);
        goto cleanup;
    }
    if (bc_registry_load_dir(reg, dir, warn, NULL) < 1) {
        fprintf(stderr, "phases: no plugins in %s\n", dir);
        goto cleanup;
    }
    const bc_plugin *in = bc_registry_find_for_path(reg, input);
    const bc_plugin *docx = bc_registry_find(reg, BC_PLUGIN_OUTPUT, "docx");
    if (!in || !docx) {
        fprintf(stderr, "phases: %s\n", in ? "no docx output plugin" : "no input plugin for the input");
        goto cleanup;
    }
    in_opts = bc_options_new(in);
    out_opts = bc_options_new(docx);
    if (!in_opts || !out_opts) {
        fputs("phases: out of memory\n", stderr);
        goto cleanup;
    }
    if (apply_options(in_opts, opts, nopts, err) != 0 || apply_options(out_opts, opts, nopts, err) != 0) {
        print_error("options", err);
        goto cleanup;
    }

    long n_read = strcmp(only, "render") ? iters : 1;
    for (long i = 0; i < n_read; i++) {
        double t0 = now_ms();
        bc_document *d = bc_read_file(in, input, in_opts, err);
        t_read[i] = now_ms() - t0;
        if (!d) {
            print_error("read", err);
            goto cleanup;
        }
        if (doc)
            bc_document_free(d);
        else
            doc = d;
    }

    long n_render = strcmp(only, "read") ? iters : 0;
    size_t docx_bytes = 0;
    for (long i = 0; i < n_render; i++) {
        size_t count = 0;
        /* The first render is kept (to --save it); the others discard their
         * bytes, as writing to a file would not add parsing or compression. */
        bc_sink *sink = i == 0 ? bc_sink_new_memory() : bc_sink_new_callback(discard, &count);
        if (!sink) {
            fputs("phases: out of memory\n", stderr);
            goto cleanup;
        }
        double t0 = now_ms();
        /* The first render pays the instance's open, as a CLI run does. */
        if (i == 0 && (!(run = bc_run_new(NULL)) || !(inst = bc_instance_open(run, docx, out_opts, err)))) {
            bc_sink_free(sink);
            print_error("open", err);
            goto cleanup;
        }
        int r = bc_instance_render(inst, doc, NULL, sink, err);
        t_render[i] = now_ms() - t0;
        if (i == 0)
            mem = sink;
        else
            bc_sink_free(sink);
        if (r != 0) {
            print_error("render", err);
            goto cleanup;
        }
    }
    if (mem) {
        const unsigned char *data = bc_sink_memory_data(mem, &docx_bytes);
        if (save) {
            FILE *f = fopen(save, "wb");
            if (!f || fwrite(data, 1, docx_bytes, f) != docx_bytes || fclose(f) != 0) {
                perror(save);
                goto cleanup;
            }
        }
    }
    /* The first iteration of each loop is the cold one a CLI run pays. */
    double first_read = t_read[0], first_render = n_render ? t_render[0] : 0;
    printf("{\"iters\": %ld, \"read_ms\": %.4f, \"render_ms\": %.4f, \"first_read_ms\": %.4f, "
           "\"first_render_ms\": %.4f, \"docx_bytes\": %zu}\n", iters, median(t_read, n_read),
           median(t_render, n_render), first_read, first_render, docx_bytes);
    rc = 0;
cleanup:
    bc_instance_close(inst);
    bc_run_free(run);
    bc_sink_free(mem);
    bc_document_free(doc);
    bc_options_free(in_opts);
    bc_options_free(out_opts);
    bc_registry_free(reg);
    bc_error_free(err);
    free(t_read);
    free(t_render);
    return rc;
}

/*
 * libdeflate's entry points, looked up at run time: linking it would load
 * it into every `phases dlopen-each` process and hide its cost there.
 */
typedef struct deflate_api {
    void *(*alloc)(int level);
    size_t (*compress)(void *c, const void *in, size_t in_len, void *out, size_t out_cap);
    size_t (*bound)(void *c, size_t in_len);
    void (*release)(void *c);
} deflate_api;

static int load_deflate(deflate_api *api)
{
    void *h = dlopen("libdeflate.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "phases: %s\n", dlerror());
        return -1;
    }
    /* POSIX guarantees object and function pointers convert through dlsym. */
    *(void **)&api->alloc = dlsym(h, "libdeflate_alloc_compressor");
    *(void **)&api->compress = dlsym(h, "libdeflate_deflate_compress");
    *(void **)&api->bound = dlsym(h, "libdeflate_deflate_compress_bound");
    *(void **)&api->release = dlsym(h, "libdeflate_free_compressor");
    if (!api->alloc || !api->compress || !api->bound || !api->release) {
        fputs("phases: libdeflate lacks an entry point\n", stderr);
        return -1;
    }
    return 0;
}

static int cmd_floor(int argc, char **argv)
{
    if (argc < 5) {
        fputs("usage: phases floor LEVEL ITERS FILE...\n", stderr);
        return 2;
    }
    int level = atoi(argv[2]);
    long iters = atol(argv[3]);
    int nfiles = argc - 4;
    if (iters < 1)
        iters = 1;

    int rc = 1;
    deflate_api api = {0};
    void *c = NULL;
    unsigned char **data = calloc((size_t)nfiles, sizeof *data);
    size_t *len = calloc((size_t)nfiles, sizeof *len);
    double *t = calloc((size_t)iters, sizeof *t);
    unsigned char *out = NULL;
    size_t in_total = 0, out_total = 0, max_len = 0;
    if (!data || !len || !t) {
        fputs("phases: out of memory\n", stderr);
        goto cleanup;
    }
    for (int i = 0; i < nfiles; i++) {
        FILE *f = fopen(argv[4 + i], "rb");
        long size = -1;
        if (f && fseek(f, 0, SEEK_END) == 0)
            size = ftell(f);
        if (size < 0 || fseek(f, 0, SEEK_SET) != 0 || !(data[i] = malloc((size_t)size + 1)) ||
            fread(data[i], 1, (size_t)size, f) != (size_t)size) {
            perror(argv[4 + i]);
            if (f)
                fclose(f);
            goto cleanup;
        }
        fclose(f);
        len[i] = (size_t)size;
        in_total += len[i];
        if (len[i] > max_len)
            max_len = len[i];
    }
    if (load_deflate(&api) != 0)
        goto cleanup;
    /* One compressor for every part, as the DOCX writer reuses one from its pool. */
    c = api.alloc(level);
    if (!c) {
        fputs("phases: libdeflate_alloc_compressor failed\n", stderr);
        goto cleanup;
    }
    size_t out_cap = api.bound(c, max_len);
    out = malloc(out_cap);
    if (!out) {
        fputs("phases: out of memory\n", stderr);
        goto cleanup;
    }
    for (long k = 0; k < iters; k++) {
        double t0 = now_ms();
        out_total = 0;
        for (int i = 0; i < nfiles; i++) {
            size_t n = api.compress(c, data[i], len[i], out, out_cap);
            if (n == 0) {
                fputs("phases: deflate failed\n", stderr);
                goto cleanup;
            }
            out_total += n;
        }
        t[k] = now_ms() - t0;
    }
    printf("{\"iters\": %ld, \"level\": %d, \"deflate_ms\": %.4f, \"in_bytes\": %zu, \"out_bytes\": %zu}\n",
           iters, level, median(t, iters), in_total, out_total);
    rc = 0;
cleanup:
    if (c)
        api.release(c);
    for (int i = 0; data && i < nfiles; i++)
        free(data[i]);
    free(data);
    free(len);
    free(t);
    free(out);
    return rc;
}

static int cmd_dlopen(int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        /* Never closed: the process ends at once, as a CLI run would. */
        if (!dlopen(argv[i], RTLD_NOW | RTLD_LOCAL)) {
            fprintf(stderr, "phases: %s\n", dlerror());
            return 1;
        }
    }
    return 0;
}

static int cmd_dlopen_each(int argc, char **argv)
{
    printf("{\"ms\": [");
    for (int i = 2; i < argc; i++) {
        double t0 = now_ms();
        if (!dlopen(argv[i], RTLD_NOW | RTLD_LOCAL)) {
            fprintf(stderr, "phases: %s\n", dlerror());
            return 1;
        }
        printf("%s%.4f", i > 2 ? ", " : "", now_ms() - t0);
    }
    printf("]}\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "dlopen"))
        return cmd_dlopen(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "dlopen-each"))
        return cmd_dlopen_each(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "convert"))
        return cmd_convert(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "floor"))
        return cmd_floor(argc, argv);
    fputs("usage: phases convert|floor ...\n", stderr);
    return 2;
}
