/*
 * plugin.h — the briefconv plugin ABI.
 *
 * A plugin is a shared object that exports exactly one symbol, the data
 * object `briefconv_plugin` (define it with BC_PLUGIN_DEFINE). The host
 * dlopens it with RTLD_NOW | RTLD_LOCAL, reads the descriptor and refuses it,
 * naming the file, when the symbol is missing, when abi_major differs from
 * the host's, or when struct_size is smaller than the ABI 1.0 descriptor.
 * Plugins are never unloaded while a run is under way.
 *
 * ABI rules
 * - A MINOR bump may only add: new fields taken from `reserved` (the struct
 *   keeps its size), new functions in briefconv.h, new enum values at the
 *   end. A host reads a field added in minor N only when the plugin's
 *   abi_minor >= N; a newer plugin on an older host has its new fields ignored.
 * - A MAJOR bump is needed to remove, reorder or retype any field or
 *   function, or change what an existing one means.
 *
 * Reentrancy: render and read are called from several threads at once for
 * different documents. A plugin keeps no mutable global state; process-wide
 * set-up of the libraries it uses (e.g. xmlInitParser) goes in `init`, which
 * the host calls once, from one thread, before any other call.
 *
 * ABI 1.1 adds a plugin instance per run (`open` ... `close`) and the
 * COLLECTION kind, which sees every briefing of a run. The calls a run makes,
 * and from which threads (docs/abi.md, "Runs and instances"):
 *
 *   init                      once per process, one thread
 *   open                      once per run, before any briefing, one thread
 *   read_item / render_item   per briefing, from the -j worker threads AT ONCE,
 *   (or read / render)        all with the same STATE: whatever they change
 *                             in STATE, the plugin guards (a mutex)
 *   collect                   COLLECTION: per briefing, in input order, never
 *                             two at once (no lock needed between collects)
 *   finish                    COLLECTION: once, after the last collect, unless
 *                             the run was stopped (SIGINT/SIGTERM)
 *   close                     once per successful open, always: after
 *                             success, failures, a stopped run
 *   fini                      once per process
 */
#ifndef BRIEFCONV_PLUGIN_H
#define BRIEFCONV_PLUGIN_H

#include "briefconv.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BC_ABI_MAJOR 1
#define BC_ABI_MINOR 1

/** Name of the one symbol a plugin exports. */
#define BC_PLUGIN_SYMBOL "briefconv_plugin"

/**
 * Whether a plugin reads briefings (input), writes each briefing (output), or
 * writes files that span the whole run (collection: an index, a feed, a
 * report), having seen every briefing of it.
 */
typedef enum bc_plugin_kind {
    BC_PLUGIN_INPUT = 1,
    BC_PLUGIN_OUTPUT = 2,
    BC_PLUGIN_COLLECTION = 3 /* since 1.1 */
} bc_plugin_kind;

/** The type of an option's value; the host checks values before a plugin sees them. */
typedef enum bc_option_type {
    BC_OPTION_STRING = 1, /* any text */
    BC_OPTION_INT,        /* decimal integer, optionally within min..max */
    BC_OPTION_BOOL,       /* true/false, yes/no, 1/0 */
    BC_OPTION_SIZE,       /* byte count with optional K, M or G suffix (binary) */
    BC_OPTION_CHOICE,     /* one of `choices`, a '|'-separated list */
    BC_OPTION_FILE        /* a path, which must name a readable file */
} bc_option_type;

/** One option a plugin accepts, as it declares it in its descriptor's `options` array. */
typedef struct bc_option_spec {
    const char *name;          /* "width"; NULL ends the list */
    bc_option_type type;
    const char *default_value; /* as text, "72"; NULL for none */
    const char *help;          /* one line */
    const char *choices;       /* CHOICE: "a4|letter"; else NULL */
    long long min, max;        /* INT and SIZE bounds when min < max */
} bc_option_spec;

/** Flags of a plugin. */
enum {
    /* Output is binary (e.g. a zip): the host will not write it to a terminal. */
    BC_PLUGIN_BINARY = 1u << 0,
    /*
     * Since 1.1, COLLECTION only: the plugin writes one file (a report). As
     * the only format of a run it goes to -o FILE or standard output; beside
     * other formats, to OUTDIR/NAME as any collection file.
     */
    BC_PLUGIN_ONE_FILE = 1u << 1,
    /*
     * Since 1.1, OUTPUT and INPUT: render_item (read_item) changes STATE
     * that other calls or `close` read (a count, an index of what was
     * rendered). A host may run each render of a plugin that is not built
     * in in a child process of its own, and read each file there first, to
     * survive its crashes (docs/limits.md), where such a change would be
     * lost; this flag keeps the plugin's calls in the host's process only,
     * without that protection.
     */
    BC_PLUGIN_IN_PROCESS = 1u << 2
};

/** The bytes an input plugin reads: opaque, provided by the host for one read call. */
typedef struct bc_source bc_source;

/** The name of the input (its path as the user gave it). Owned by the host. */
BC_API const char *bc_source_name(const bc_source *src);
/**
 * Reads up to LEN bytes into BUF. Returns the count read (0 at the end), or
 * -1 on a read error with ERR (if not NULL) set to a clear message.
 */
BC_API long long bc_source_read(bc_source *src, void *buf, size_t len, bc_error *err);
/** The input's size in bytes if known in advance (a regular file), else -1. */
BC_API long long bc_source_size(const bc_source *src);

/* ------------------------------------------------------------------ */
/* Runs and their briefings (ABI 1.1)                                   */
/* ------------------------------------------------------------------ */

/**
 * The run a plugin instance belongs to: given to `open`, valid until `close`
 * returns. Owned by the host. Its functions may be called from `open`,
 * `render_item`, `collect` and `finish` (bc_run_want_format: `open` only).
 */
typedef struct bc_run bc_run;

/**
 * One briefing of a run as a plugin sees it: where it came from and which
 * per-briefing outputs the run made of it. Owned by the host; valid during
 * the call it is given to.
 */
typedef struct bc_item bc_item;

/**
 * From `open` only: asks the run to write FORMAT (an output format's name or
 * alias) for every briefing too, as if given with -t, so that the plugin can
 * link to it (a site links each briefing's DOCX). A format already in the run
 * is not added twice. 0, or -1 with ERR set (no such output format).
 */
BC_API int bc_run_want_format(bc_run *run, const char *format, bc_error *err);
/**
 * From render_item, collect or finish (not open: the run has checked and
 * made nothing yet), starts the file PATH of the run: a relative path under the run's output
 * folder ("index.html", "tags/stp.html"), '/'-separated, without "." or ".."
 * parts. The bytes go to a temporary file that replaces PATH only at
 * bc_run_commit, and only if they differ from what PATH holds (so an
 * unchanged file keeps its time). The host refuses a PATH that another
 * output of the run writes, that the run already created, or that is one of
 * the inputs. Returns the sink to write to, or NULL with ERR set. The sink
 * is the run's until bc_run_commit or bc_run_discard; one the plugin leaves
 * open is discarded when the instance closes.
 */
BC_API bc_sink *bc_run_create(bc_run *run, const char *path, bc_error *err);
/** Puts the file of SINK in place (see bc_run_create). 0, or -1 with ERR set (nothing replaced). */
BC_API int bc_run_commit(bc_run *run, bc_sink *sink, bc_error *err);
/** Drops the file of SINK; an existing file at its path is untouched. NULL is a no-op. */
BC_API void bc_run_discard(bc_run *run, bc_sink *sink);

/** The briefing's position in the run's input order, from 0. */
BC_API size_t bc_item_index(const bc_item *item);
/**
 * The briefing's path relative to the folder it was found in
 * ("nhs/aco.yaml"), '/'-separated; for a file named on the command line, its
 * base name. Owned by the host.
 */
BC_API const char *bc_item_path(const bc_item *item);
/**
 * The per-briefing outputs of the run for this briefing, each a format name
 * and a path relative to the output folder ("nhs/aco.docx"): in `collect`,
 * those written or up to date; in `render_item`, those finished so far
 * (a collection's own file per briefing is rendered after every other
 * format, so it can link to them).
 */
BC_API size_t bc_item_output_count(const bc_item *item);
/** The format of the I-th output ("docx"); NULL when I is out of range. */
BC_API const char *bc_item_output_format(const bc_item *item, size_t i);
/** The relative path of the I-th output; NULL when I is out of range. */
BC_API const char *bc_item_output_path(const bc_item *item, size_t i);
/** The relative path of the output in FORMAT (name or alias), or NULL when the run made none. */
BC_API const char *bc_item_output(const bc_item *item, const char *format);

typedef struct bc_plugin {
    /* ABI header: never moves. */
    uint16_t abi_major;   /* BC_ABI_MAJOR the plugin was built with */
    uint16_t abi_minor;   /* BC_ABI_MINOR the plugin was built with */
    uint32_t struct_size; /* sizeof(bc_plugin) the plugin was built with */

    bc_plugin_kind kind;
    uint32_t flags;                 /* BC_PLUGIN_* */
    const char *name;               /* format name, "docx" */
    const char *const *aliases;     /* NULL-terminated, may be NULL: {"txt", NULL} */
    const char *const *extensions;  /* NULL-terminated, no dot; an output's first is its file extension */
    const char *description;        /* one line */
    const char *version;            /* the plugin's own version, "1.0.0" */
    const bc_option_spec *options;  /* ended by a spec with name NULL; may be NULL */

    /* Called once, from one thread, after loading; may be NULL. 0 or -1 with ERR set. */
    int (*init)(bc_error *err);
    /* Called once at unload; may be NULL. */
    void (*fini)(void);

    /*
     * INPUT plugins: read SRC into a new document (caller frees), or return
     * NULL with ERR set at the offending line and column. The host calls
     * bc_document_finish on the result.
     */
    bc_document *(*read)(bc_source *src, const bc_options *opts, bc_error *err);

    /*
     * OUTPUT plugins: write DOC to SINK. Return 0, or -1 with ERR set.
     * The host discards the output on failure, so a plugin may stop at once.
     *
     * Which file an error names, the one rule: an error set at a line
     * (LINE > 0) is about the briefing, and the host names the input; one
     * without a line is about the output, and the host names the output
     * file (or <stdout>). Name a file yourself (bc_error_set_file) only for
     * a third file at fault, such as a template.
     */
    int (*render)(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err);

    /* ---------------------------------------------------------------
     * ABI 1.1: taken from what was `reserved[8]`, so the struct keeps its
     * size. The host reads these only from a plugin whose abi_minor >= 1,
     * and every one may be NULL. See the thread table at the top.
     */

    /*
     * Once per run, before any briefing, with the run's options: check them
     * (a bad value here is one usage error, exit 2, before anything is
     * written), load what every briefing shares (a template), and set *STATE
     * to what the other calls receive. 0, or -1 with ERR set.
     */
    int (*open)(bc_run *run, const bc_options *opts, void **state, bc_error *err);
    /* Once per successful open, always, last: frees STATE. */
    void (*close)(void *state);
    /* INPUT: as `read`, with the instance's STATE; used instead of `read` when set. */
    bc_document *(*read_item)(void *state, bc_source *src, const bc_options *opts, bc_error *err);
    /*
     * OUTPUT: as `render`, with the instance's STATE and the briefing's ITEM
     * (NULL outside a run of items); used instead of `render` when set. COLLECTION: writes the briefing's
     * own file (extension: the first of `extensions`), if the plugin has one
     * (a site's page per briefing); NULL for none.
     */
    int (*render_item)(void *state, const bc_document *doc, const bc_item *item, const bc_options *opts,
                       bc_sink *sink, bc_error *err);
    /*
     * COLLECTION: each briefing the run read, in input order whatever -j is,
     * one at a time. Keep only what `finish` needs of DOC (it is freed after
     * the call), or write it out at once (bc_run_create). 0, or -1 with ERR
     * set: the briefing counts as failed, the run goes on.
     */
    int (*collect)(void *state, const bc_document *doc, const bc_item *item, bc_error *err);
    /* COLLECTION: after the last briefing; writes the run's files. 0, or -1 with ERR set. */
    int (*finish)(void *state, bc_error *err);

    /* Room for later minor versions to grow into; zero it. */
    void *reserved[2];
} bc_plugin;

/** Size of the ABI 1.0 descriptor: the host refuses anything smaller. */
#define BC_PLUGIN_MIN_SIZE ((uint32_t)sizeof(bc_plugin))

#if defined(__GNUC__)
#define BC_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define BC_PLUGIN_EXPORT
#endif

/**
 * Defines the plugin's descriptor; pass the fields after the ABI header as
 * designated initialisers:
 *
 *     BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .name = "json", ...);
 */
#define BC_PLUGIN_DEFINE(...)                                                    \
    BC_PLUGIN_EXPORT extern const bc_plugin briefconv_plugin;                   \
    BC_PLUGIN_EXPORT const bc_plugin briefconv_plugin = {                       \
        .abi_major = BC_ABI_MAJOR,                                               \
        .abi_minor = BC_ABI_MINOR,                                               \
        .struct_size = (uint32_t)sizeof(bc_plugin),                              \
        __VA_ARGS__}

#ifdef __cplusplus
}
#endif
#endif /* BRIEFCONV_PLUGIN_H */
