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
 * or others is refused with a warning, and so is a plugin file when it or
 * any folder of its real path (after symbolic links) is owned by a user
 * other than root and the one running the program, or writable by anyone
 * else (group or others; a world-writable folder even with the sticky bit,
 * unless root owns it, as /tmp). A missing DIR is not an error.
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
 * Since 1.1: FILTER false makes the name filter spare the program's own
 * plugin directory (every built-in plugin is loaded), so that a third-party
 * plugin taking a built-in's name or alias is seen (bc_registry_overridden).
 * True by default.
 */
BC_API void bc_registry_filter_builtin(bc_registry *reg, bool filter);
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
 * NULL. When several claim a name, a plugin whose file is named after it
 * (NAME.so) wins over the others, and among equals the one loaded later,
 * so a directory later in the search path overrides an earlier one. (So a
 * load restricted to the files named after the run's formats chooses as a
 * whole load does.)
 */
BC_API const bc_plugin *bc_registry_find(const bc_registry *reg, bc_plugin_kind kind, const char *name);
/** The INPUT plugin claiming the extension of PATH (one named after the extension first, as bc_registry_find), or NULL. */
BC_API const bc_plugin *bc_registry_find_for_path(const bc_registry *reg, const char *path);
/**
 * Since 1.1: whether P was loaded from the program's own plugin directory
 * (the first directory of bc_registry_load_default): a built-in plugin,
 * shipped with the program. False for any other, and for NULL.
 */
BC_API bool bc_registry_is_builtin(const bc_registry *reg, const bc_plugin *p);
/** Since 1.1: the file P was loaded from (owned by the registry), or NULL when P is not REG's. */
BC_API const char *bc_registry_path_of(const bc_registry *reg, const bc_plugin *p);
/** Since 1.1: the base name of P's file without ".so" ("docx"); NULL when P is not REG's. */
BC_API const char *bc_registry_stem_of(const bc_registry *reg, const bc_plugin *p);
/**
 * Since 1.1: when P is not built in and takes a name or alias a built-in
 * plugin of the same kind claims (P is what bc_registry_find now returns
 * for it), that built-in plugin (and the name in *NAME, if not NULL); else
 * NULL.
 */
BC_API const bc_plugin *bc_registry_overridden(const bc_registry *reg, const bc_plugin *p, const char **name);

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
 * or -1 with ERR set (also for a write failure of the sink). Files in
 * errors follow plugin.h's one rule: an error at a line of the document,
 * without a file, is given the document's source name
 * (bc_document_source_name); one without a line is left without a file for
 * the caller to name its output (bc_render_file does). OPTS may be NULL
 * (the plugin's defaults). Safe to call from several threads on one document.
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

/* ------------------------------------------------------------------ */
/* Runs and plugin instances (ABI 1.1)                                 */
/* ------------------------------------------------------------------ */

/*
 * A program converting many briefings in one go makes a run, opens each
 * plugin it uses once for it (an instance), reads and renders every
 * briefing through the instances, hands each briefing to the collection
 * instances in input order, finishes them, and closes every instance:
 *
 *     bc_run *run = bc_run_new("out");
 *     bc_instance *in = bc_instance_open(run, yaml, yaml_opts, err);
 *     bc_instance *site = bc_instance_open(run, site_plugin, site_opts, err);
 *     for each briefing, in order:
 *         doc = bc_instance_read_file(in, path, err);
 *         item = bc_item_new(i, "nhs/aco.yaml"); bc_item_add_output(...) ...
 *         bc_instance_collect(site, doc, item, err);
 *     bc_instance_finish(site, err);
 *     bc_instance_close(site); bc_instance_close(in); bc_run_free(run);
 *
 * bc_instance_read_file and bc_instance_render* may be called from several
 * threads at once; open, collect, finish and close from one at a time.
 */

/** A new run whose collection files go under OUT_DIR (copied; NULL: none may be created). Caller frees. NULL on OOM. */
BC_API bc_run *bc_run_new(const char *out_dir);
/** Frees RUN, after every instance of it is closed; NULL is a no-op. */
BC_API void bc_run_free(bc_run *run);
/**
 * Sends the file of a BC_PLUGIN_ONE_FILE collection to PATH (copied; NULL or
 * "-": standard output, written at commit) instead of OUT_DIR/NAME. 0 or -1 (OOM).
 */
BC_API int bc_run_set_one_file(bc_run *run, const char *path);
/**
 * Called by bc_run_create with the full path of a collection file before it
 * is created (ENTIRE is the path as it will be opened): 0 lets it be, -1
 * with ERR set refuses it. The CLI refuses paths that per-briefing outputs
 * or inputs of the run have.
 */
typedef int (*bc_run_check_fn)(void *user, const char *path, bc_error *err);
BC_API void bc_run_set_check(bc_run *run, bc_run_check_fn check, void *user);
/** The formats the run's instances asked for with bc_run_want_format, in order. */
BC_API size_t bc_run_wanted_count(const bc_run *run);
/** The I-th of them, as the plugin found for it; NULL when out of range. */
BC_API const bc_plugin *bc_run_wanted(const bc_run *run, size_t i);
/**
 * The registry bc_run_want_format looks formats up in (borrowed; may be NULL:
 * then no format can be asked for).
 */
BC_API void bc_run_set_registry(bc_run *run, const bc_registry *reg);

/** An item: briefing INDEX of the run, at PATH relative to its input folder (copied). Caller frees; NULL on OOM. */
BC_API bc_item *bc_item_new(size_t index, const char *path);
/** Frees ITEM; NULL is a no-op. */
BC_API void bc_item_free(bc_item *item);
/** Records that the run wrote (or kept up to date) FORMAT's output at PATH (relative, copied). 0 or -1 (OOM). */
BC_API int bc_item_add_output(bc_item *item, const bc_plugin *format, const char *path);

/** An instance of a plugin in a run. */
typedef struct bc_instance bc_instance;

/**
 * Opens PLUGIN for RUN with OPTS (borrowed: they must outlive the instance;
 * NULL: the defaults): calls its `open`, if any. NULL with ERR set when
 * `open` refuses (a usage error: nothing has been written) or on OOM.
 * Close it with bc_instance_close.
 */
BC_API bc_instance *bc_instance_open(bc_run *run, const bc_plugin *plugin, const bc_options *opts,
                                     bc_error *err);
/** Calls the plugin's `close`, discards the files it left open, frees INST; NULL is a no-op. */
BC_API void bc_instance_close(bc_instance *inst);
/** The plugin of INST. */
BC_API const bc_plugin *bc_instance_plugin(const bc_instance *inst);
/** As bc_read_file, through the instance (an INPUT plugin). Caller frees the document. */
BC_API bc_document *bc_instance_read_file(bc_instance *inst, const char *path, bc_error *err);
/**
 * As bc_render, through the instance (an OUTPUT plugin, or a COLLECTION with
 * render_item), for the briefing ITEM (may be NULL outside a run of items).
 */
BC_API int bc_instance_render(bc_instance *inst, const bc_document *doc, const bc_item *item, bc_sink *sink,
                              bc_error *err);
/** As bc_render_file, through the instance. */
BC_API int bc_instance_render_file(bc_instance *inst, const bc_document *doc, const bc_item *item,
                                   const char *path, bc_error *err);
/**
 * Since 1.1: runs each render of INST (an OUTPUT plugin) in a child process
 * of its own, so that a plugin that crashes, hangs or exits fails that one
 * briefing and format, not the program. The child renders into memory and
 * sends the bytes back; the caller's sink gets them only when the child
 * succeeded. A render running longer than TIMEOUT seconds (0: no limit) is
 * killed. Errors name the plugin as NAME (PATH): "plugin 'latex'
 * (/p/latex.so) crashed: segmentation fault", "plugin 'latex' timed out
 * after 60 s". Costs a fork per render (bench/results.md). For an INPUT
 * plugin, each file is first read in a child and the document thrown away
 * (it cannot cross back), then read again in the caller's process only if
 * that succeeded: a reader that fails the same way each time is contained,
 * one that crashes only sometimes is not; standard input is not probed.
 * 0, or -1 for a COLLECTION plugin's instance, or on OOM.
 */
BC_API int bc_instance_isolate(bc_instance *inst, const char *path, double timeout);
/** COLLECTION: hands DOC and ITEM to the plugin's `collect`. 0, or -1 with ERR set. */
BC_API int bc_instance_collect(bc_instance *inst, const bc_document *doc, const bc_item *item, bc_error *err);
/** COLLECTION: the plugin's `finish`, then discards the files it left open. 0, or -1 with ERR set. */
BC_API int bc_instance_finish(bc_instance *inst, bc_error *err);

#ifdef __cplusplus
}
#endif
#endif /* BRIEFCONV_HOST_H */
