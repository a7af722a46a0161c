/*
 * host.h — for programs that load plugins and convert (the briefconv CLI,
 * tests, embedding applications). Plugins need only plugin.h.
 */
#ifndef BRIEFCONV_HOST_H
#define BRIEFCONV_HOST_H

#include "plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Plugin registry                                                     */
/* ------------------------------------------------------------------ */

/**
 * The plugins a program has loaded. Plugins stay loaded (never dlclose'd)
 * until the registry is freed, so their descriptors and strings stay valid.
 * Loading is not thread-safe; finding and using loaded plugins is.
 */
typedef struct bc_registry bc_registry;

/** Receives a warning about a plugin that was refused or skipped. */
typedef void (*bc_warn_fn)(void *user, const char *message);

/** A new empty registry; NULL on OOM. Caller frees (bc_registry_free). */
BC_API bc_registry *bc_registry_new(void);
/** Calls each plugin's fini, unloads them and frees; NULL is a no-op. */
BC_API void bc_registry_free(bc_registry *reg);
/**
 * Loads every "*.so" in DIR, in name order. A plugin that cannot be loaded or
 * is refused is reported through WARN (may be NULL) with a message naming
 * its file, and the others are still loaded. A directory writable by group
 * or others is refused with a warning. A missing DIR is not an error.
 * Returns the number of plugins loaded.
 */
BC_API int bc_registry_load_dir(bc_registry *reg, const char *dir, bc_warn_fn warn, void *user);
/**
 * Restricts bc_registry_load_dir (and so bc_registry_load_default) to the
 * plugin files named NAME.so for a NAME of NAMES (NULL-terminated, compared
 * without regard to case), so that a run can load only the plugins it needs
 * when they are named after their formats; the others are neither opened
 * nor checked. NAMES is borrowed and must outlive the loading; NULL (the
 * default) loads every plugin again.
 */
BC_API void bc_registry_set_name_filter(bc_registry *reg, const char *const *names);
/**
 * Makes bc_registry_free leave the plugin files (and the libraries they pull
 * in) mapped: each plugin's fini still runs, but nothing is dlclose'd. For a
 * program that frees the registry just before it exits, where unloading is
 * wasted work the kernel does anyway (about 0.3 ms of a one-file DOCX
 * conversion). Not for a registry freed and replaced while running.
 */
BC_API void bc_registry_keep_loaded(bc_registry *reg);
/** Loads one plugin file. Returns 0, or -1 with ERR naming the file. */
BC_API int bc_registry_load_file(bc_registry *reg, const char *path, bc_error *err);
/**
 * Adds a descriptor linked into the program (tests, fuzzers); checked as a
 * loaded one is. Returns 0 or -1 with ERR set.
 */
BC_API int bc_registry_add(bc_registry *reg, const bc_plugin *plugin, const char *path, bc_error *err);
/**
 * Loads the default search path: the plugin directory beside the running
 * executable (EXE_DIR/plugins, else EXE_DIR/../lib/briefconv/plugins), then
 * each directory of BRIEFCONV_PLUGIN_PATH (':'-separated). Never the
 * current directory. Returns the number of plugins loaded.
 */
BC_API int bc_registry_load_default(bc_registry *reg, bc_warn_fn warn, void *user);
/** Number of plugins loaded or added (refused ones are not counted); 0 for NULL. */
BC_API size_t bc_registry_count(const bc_registry *reg);
/** The I-th plugin, in load order. Owned by the registry. */
BC_API const bc_plugin *bc_registry_plugin(const bc_registry *reg, size_t i);
/** The file the I-th plugin came from. Owned by the registry. */
BC_API const char *bc_registry_plugin_path(const bc_registry *reg, size_t i);
/**
 * The plugin of KIND whose name or alias is NAME (case-insensitive), or
 * NULL. When two plugins claim a name, the one loaded later wins, so a
 * directory later in the search path overrides an earlier one.
 */
BC_API const bc_plugin *bc_registry_find(const bc_registry *reg, bc_plugin_kind kind, const char *name);
/** The INPUT plugin claiming the extension of PATH, or NULL. */
BC_API const bc_plugin *bc_registry_find_for_path(const bc_registry *reg, const char *path);

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

/** The options of PLUGIN, all at their defaults. NULL on OOM. Caller frees. */
BC_API bc_options *bc_options_new(const bc_plugin *plugin);
/** Frees options made by bc_options_new; NULL is a no-op. */
BC_API void bc_options_free(bc_options *opts);
/** True when PLUGIN declares option NAME. */
BC_API bool bc_options_declared(const bc_options *opts, const char *name);
/**
 * Sets NAME to VALUE after checking it against the declaration. Returns 0,
 * or -1 with ERR saying what was wrong (unknown option with the list of
 * known ones, bad type, out of range, not a choice).
 */
BC_API int bc_options_set(bc_options *opts, const char *name, const char *value, bc_error *err);

/* ------------------------------------------------------------------ */
/* Converting                                                          */
/* ------------------------------------------------------------------ */

/**
 * Reads the file PATH ("-" for standard input) with input plugin IN and
 * finishes the document. NULL with ERR set (its file is PATH) on failure.
 * Caller frees the document.
 */
BC_API bc_document *bc_read_file(const bc_plugin *in, const char *path, const bc_options *opts, bc_error *err);
/** As bc_read_file, from memory; NAME is used in error messages. */
BC_API bc_document *bc_read_memory(const bc_plugin *in, const char *name, const void *data, size_t len,
                                   const bc_options *opts, bc_error *err);
/**
 * Renders DOC with output plugin OUT into SINK, then flushes it. Returns 0,
 * or -1 with ERR set (also for a write failure of the sink). An error the
 * plugin reports at a line of the document, without a file, is given the
 * document's source name (bc_document_source_name). OPTS may be NULL (the
 * plugin's defaults). Safe to call from several threads on one document.
 */
BC_API int bc_render(const bc_plugin *out, const bc_document *doc, const bc_options *opts, bc_sink *sink,
                     bc_error *err);

/*
 * Safe output: the bytes go to a temporary file beside PATH, which is renamed
 * over PATH only by commit. On abort, or on any failure, the temporary file
 * is removed and an existing PATH is untouched.
 */
typedef struct bc_output bc_output;

/** Opens a temporary file for PATH. NULL with ERR set on failure. */
BC_API bc_output *bc_output_open(const char *path, bc_error *err);
/** The sink writing to the temporary file; owned by OUT. */
BC_API bc_sink *bc_output_sink(bc_output *out);
/**
 * The temporary file's path (e.g. for a signal handler to unlink); owned by
 * OUT. Where the system allows, the bytes go to an unnamed file that gets
 * this name only for the instant of commit, so the path usually does not
 * exist and a process killed while writing leaves nothing behind.
 */
BC_API const char *bc_output_temp_path(const bc_output *out);
/**
 * Asks commit to fsync the file before renaming it, so that the new contents
 * survive a power failure too. Off by default: the rename alone already makes
 * the output all-or-nothing for any failure of the process (crash, SIGKILL,
 * full disk), outputs can be made again from their inputs, and a sync per
 * file costs milliseconds, which batch conversion cannot afford.
 */
BC_API void bc_output_set_sync(bc_output *out, bool sync);
/** Flushes, (syncs,) and renames into place, then frees OUT. 0, or -1 with ERR set (the temp file removed). */
BC_API int bc_output_commit(bc_output *out, bc_error *err);
/** Removes the temporary file and frees OUT; NULL is a no-op. */
BC_API void bc_output_abort(bc_output *out);
/**
 * Renders DOC to the file PATH through bc_output: all or nothing. Returns 0,
 * or -1 with ERR set (its file is PATH).
 */
BC_API int bc_render_file(const bc_plugin *out, const bc_document *doc, const bc_options *opts,
                          const char *path, bc_error *err);

#ifdef __cplusplus
}
#endif
#endif /* BRIEFCONV_HOST_H */
