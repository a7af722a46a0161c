/*
 * convert.c — the one-call API (bc_read_file, bc_read_memory, bc_render,
 * bc_render_file): a plugin that needs an instance gets one for the call.
 */
#include <briefconv/host.h>

#include "call.h"
#include "run.h"
#include "source.h"

/* A plugin that needs an instance, used without one: an instance for this one call. */
static bc_instance *one_call_instance(const bc_plugin *p, const bc_options *opts, bc_run **run, bc_error *err)
{
    *run = bc_run_new(NULL);
    bc_instance *inst = *run ? bc_instance_open(*run, p, opts, err) : NULL;
    if (!*run)
        bc_error_set(err, 0, 0, "out of memory");
    if (!inst) {
        bc_run_free(*run);
        *run = NULL;
    }
    return inst;
}

bc_document *bc_read_file(const bc_plugin *in, const char *path, const bc_options *opts, bc_error *err)
{
    if (!in || !bci_needs_instance(in))
        return bci_read_file(in, NULL, path, opts, err);
    bc_run *run;
    bc_instance *inst = one_call_instance(in, opts, &run, err);
    bc_document *doc = inst ? bc_instance_read_file(inst, path, err) : NULL;
    bc_instance_close(inst);
    bc_run_free(run);
    return doc;
}

bc_document *bc_read_memory(const bc_plugin *in, const char *name, const void *data, size_t len,
                            const bc_options *opts, bc_error *err)
{
    if (!name)
        name = "<memory>";
    if (!bci_is_input(in, name, err))
        return NULL;
    bc_source src;
    bci_source_init_memory(&src, name, data, len);
    if (!bci_needs_instance(in))
        return bci_read_source(in, NULL, &src, opts, err);
    bc_run *run;
    bc_instance *inst = one_call_instance(in, opts, &run, err);
    bc_document *doc = inst ? bci_read_source(in, bci_instance_state(inst), &src, opts, err) : NULL;
    if (!inst)
        bci_name_file(err, name);
    bc_instance_close(inst);
    bc_run_free(run);
    return doc;
}

/* A render in a run of its own: to SINK, or to the file PATH when it is not NULL. */
static int render_once(const bc_plugin *out, const bc_document *doc, const bc_options *opts, bc_sink *sink,
                       const char *path, bc_error *err)
{
    bc_run *run;
    bc_instance *inst = one_call_instance(out, opts, &run, err);
    int rc = -1;
    if (inst)
        rc = path ? bc_instance_render_file(inst, doc, NULL, path, err) : bc_instance_render(inst, doc, NULL, sink, err);
    bc_instance_close(inst);
    bc_run_free(run);
    return rc;
}

int bc_render(const bc_plugin *out, const bc_document *doc, const bc_options *opts, bc_sink *sink,
              bc_error *err)
{
    if (!out || !bci_needs_instance(out))
        return bci_render(out, NULL, doc, NULL, opts, sink, err);
    return render_once(out, doc, opts, sink, NULL, err);
}

/* Through an instance whatever the plugin, so the atomic-file rule is bc_instance_render_file's alone. */
int bc_render_file(const bc_plugin *plugin, const bc_document *doc, const bc_options *opts, const char *path,
                   bc_error *err)
{
    if (!plugin) {
        bci_name_file(err, path);
        bc_error_set(err, 0, 0, "not an output plugin");
        return -1;
    }
    return render_once(plugin, doc, opts, NULL, path, err);
}
