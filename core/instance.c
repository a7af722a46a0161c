/*
 * instance.c — a plugin opened for a run (ABI 1.1): its state, and the
 * calls that pass it. A 1.0 plugin has no `open`: its instance holds no
 * state and the calls go to its 1.0 entry points, so a host treats every
 * plugin alike.
 */
#include <briefconv/host.h>

#include <stdlib.h>
#include <string.h>

#include "isolate.h"
#include "call.h"
#include "run.h"

struct bc_instance {
    const bc_plugin *plugin;
    const bc_options *opts;
    bc_options *own_opts; /* the defaults, when the host gave none */
    bc_run view;          /* the run as this plugin sees it */
    void *state;
    bool opened;          /* open succeeded: close is owed */
    char *isolated;       /* bc_instance_isolate: the plugin's file, named in messages; NULL: in-process */
    double timeout;       /* seconds a isolated render may take; 0: no limit */
};

bc_instance *bc_instance_open(bc_run *run, const bc_plugin *plugin, const bc_options *opts, bc_error *err)
{
    if (!run || !plugin) {
        bc_error_set(err, 0, 0, "no run or no plugin");
        return NULL;
    }
    bc_instance *inst = calloc(1, sizeof *inst);
    if (!inst)
        goto oom;
    inst->plugin = plugin;
    if (!opts && !(opts = inst->own_opts = bc_options_new(plugin)))
        goto oom;
    inst->opts = opts;
    inst->view.root = run->root;
    inst->view.plugin = plugin;
    inst->view.one_file_plugin = plugin->kind == BC_PLUGIN_COLLECTION && (plugin->flags & BC_PLUGIN_ONE_FILE);
    if (plugin->open) {
        inst->view.opening = true;
        int rc = plugin->open(&inst->view, opts, &inst->state, err);
        inst->view.opening = false;
        if (rc != 0) {
            if (!bc_error_is_set(err))
                bc_error_set(err, 0, 0, "plugin %s refused to open without saying why", plugin->name);
            bci_run_discard_owned(&inst->view);
            bc_options_free(inst->own_opts);
            free(inst);
            return NULL;
        }
        inst->opened = true;
    }
    return inst;
oom:
    bc_error_set(err, 0, 0, "out of memory");
    free(inst);
    return NULL;
}

void bc_instance_close(bc_instance *inst)
{
    if (!inst)
        return;
    if (inst->opened && inst->plugin->close)
        inst->plugin->close(inst->state);
    bci_run_discard_owned(&inst->view);
    bc_options_free(inst->own_opts);
    free(inst->isolated);
    free(inst);
}

int bc_instance_isolate(bc_instance *inst, const char *path, double timeout)
{
    /* Collections stay in-process: their render_item may create the run's files (bc_run_create). */
    if (!inst || inst->plugin->kind == BC_PLUGIN_COLLECTION || timeout < 0)
        return -1;
    char *copy = strdup(path ? path : inst->plugin->name);
    if (!copy)
        return -1;
    free(inst->isolated);
    inst->isolated = copy;
    inst->timeout = timeout;
    return 0;
}

const bc_plugin *bc_instance_plugin(const bc_instance *inst)
{
    return inst ? inst->plugin : NULL;
}

void *bci_instance_state(const bc_instance *inst)
{
    return inst->state;
}

bc_document *bc_instance_read_file(bc_instance *inst, const char *path, bc_error *err)
{
    if (!inst) {
        bc_error_set(err, 0, 0, "no plugin instance");
        return NULL;
    }
    /*
     * A reader's document cannot cross back from a child: the child reads
     * first and throws its document away, and only a read that survived
     * there is made again here. Standard input can be read once only.
     */
    if (inst->isolated && path && strcmp(path, "-") != 0 &&
        bci_isolated_probe(inst->isolated, inst->timeout, inst->plugin, inst->state, path, inst->opts, err) != 0)
        return NULL;
    bci_plugin_call_begin();
    bc_document *doc = bci_read_file(inst->plugin, inst->state, path, inst->opts, err);
    bci_plugin_call_end();
    return doc;
}

int bc_instance_render(bc_instance *inst, const bc_document *doc, const bc_item *item, bc_sink *sink,
                       bc_error *err)
{
    if (!inst) {
        bc_error_set(err, 0, 0, "no plugin instance");
        return -1;
    }
    if (inst->isolated)
        return bci_isolated_render(inst->isolated, inst->timeout, inst->plugin, inst->state, doc, item,
                                   inst->opts, sink, err);
    bci_plugin_call_begin();
    int rc = bci_render(inst->plugin, inst->state, doc, item, inst->opts, sink, err);
    bci_plugin_call_end();
    return rc;
}

int bc_instance_render_file(bc_instance *inst, const bc_document *doc, const bc_item *item, const char *path,
                            bc_error *err)
{
    bc_output *out = bc_output_open(path, err);
    if (!out)
        return -1;
    if (bc_instance_render(inst, doc, item, bc_output_sink(out), err) != 0) {
        bc_output_abort(out);
        if (err && !bc_error_file(err))
            bc_error_set_file(err, path);
        return -1;
    }
    return bc_output_commit(out, err);
}

int bc_instance_collect(bc_instance *inst, const bc_document *doc, const bc_item *item, bc_error *err)
{
    if (!inst || inst->plugin->kind != BC_PLUGIN_COLLECTION || !inst->plugin->collect) {
        bc_error_set(err, 0, 0, "not a collection plugin");
        return -1;
    }
    bci_plugin_call_begin();
    int rc = inst->plugin->collect(inst->state, doc, item, err);
    bci_plugin_call_end();
    if (rc == 0)
        return 0;
    if (!bc_error_is_set(err))
        bc_error_set(err, 0, 0, "the %s collection failed without saying why", inst->plugin->name);
    return -1;
}

int bc_instance_finish(bc_instance *inst, bc_error *err)
{
    if (!inst || inst->plugin->kind != BC_PLUGIN_COLLECTION) {
        bc_error_set(err, 0, 0, "not a collection plugin");
        return -1;
    }
    bci_plugin_call_begin();
    int rc = inst->plugin->finish ? inst->plugin->finish(inst->state, err) : 0;
    bci_plugin_call_end();
    if (rc != 0 && !bc_error_is_set(err))
        bc_error_set(err, 0, 0, "the %s collection failed without saying why", inst->plugin->name);
    bci_run_discard_owned(&inst->view);
    return rc == 0 ? 0 : -1;
}
