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
 */
#ifndef BRIEFCONV_PLUGIN_H
#define BRIEFCONV_PLUGIN_H

#include "briefconv.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BC_ABI_MAJOR 1
#define BC_ABI_MINOR 0

/** Name of the one symbol a plugin exports. */
#define BC_PLUGIN_SYMBOL "briefconv_plugin"

/** Whether a plugin reads briefings (input) or writes them (output). */
typedef enum bc_plugin_kind {
    BC_PLUGIN_INPUT = 1,
    BC_PLUGIN_OUTPUT = 2
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
    BC_PLUGIN_BINARY = 1u << 0
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
     */
    int (*render)(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err);

    /* Room for minor versions to grow into; zero it. */
    void *reserved[8];
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
