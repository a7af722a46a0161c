/*
 * call.c — one read or render call into a plugin, with or without its
 * instance's state: the checks around the call and what its errors name.
 * Below instances, isolation and the one-call API (convert.c).
 */
#include <briefconv/host.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "call.h"
#include "source.h"

#define STDIN_NAME "<stdin>"

void bci_name_file(bc_error *err, const char *name)
{
    if (err && !bc_error_file(err))
        bc_error_set_file(err, name);
}

bool bci_needs_instance(const bc_plugin *p)
{
    return p->open || (p->kind == BC_PLUGIN_INPUT ? !p->read : !p->render);
}

/* Runs the plugin's read (with STATE when it has read_item) and the whole-document checks. */
bc_document *bci_read_source(const bc_plugin *in, void *state, bc_source *src, const bc_options *opts,
                                bc_error *err)
{
    bc_options *own = NULL;
    bc_document *doc = NULL;
    if (!opts) {
        own = bc_options_new(in);
        if (!own) {
            bc_error_set(err, 0, 0, "out of memory");
            goto fail;
        }
        opts = own;
    }
    doc = in->read_item ? in->read_item(state, src, opts, err) : in->read(src, opts, err);
    if (!doc) {
        bc_error_set(err, 0, 0, "the %s reader failed without saying why", in->name);
        goto fail;
    }
    if (!bc_document_source_name(doc)[0] && bc_document_set_source_name(doc, src->name) != 0) {
        bc_error_set(err, 0, 0, "out of memory");
        goto fail;
    }
    if (bc_document_finish(doc, err) != 0)
        goto fail;
    bc_options_free(own);
    return doc;
fail:
    bc_document_free(doc);
    bc_options_free(own);
    bci_name_file(err, src->name);
    return NULL;
}

bool bci_is_input(const bc_plugin *in, const char *name, bc_error *err)
{
    if (in && in->kind == BC_PLUGIN_INPUT && (in->read || in->read_item))
        return true;
    bci_name_file(err, name);
    bc_error_set(err, 0, 0, "not an input plugin");
    return false;
}

bc_document *bci_read_file(const bc_plugin *in, void *state, const char *path, const bc_options *opts,
                           bc_error *err)
{
    bool is_stdin = path && strcmp(path, "-") == 0;
    const char *name = path && !is_stdin ? path : STDIN_NAME;
    if (!path) {
        bc_error_set(err, 0, 0, "no input file named");
        return NULL;
    }
    if (!bci_is_input(in, name, err))
        return NULL;
    int fd = 0;
    if (!is_stdin) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            bci_name_file(err, name);
            bc_error_set(err, 0, 0, "cannot open: %s", strerror(errno));
            return NULL;
        }
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!is_stdin)
            close(fd);
        bci_name_file(err, name);
        bc_error_set(err, 0, 0, "is a directory");
        return NULL;
    }
    bc_source src;
    bci_source_init_fd(&src, name, fd);
    bc_document *doc = bci_read_source(in, state, &src, opts, err);
    if (!is_stdin)
        close(fd);
    return doc;
}

int bci_render(const bc_plugin *out, void *state, const bc_document *doc, const bc_item *item,
               const bc_options *opts, bc_sink *sink, bc_error *err)
{
    bc_options *own = NULL;
    int rc = -1;
    if (!out || (out->kind != BC_PLUGIN_OUTPUT && out->kind != BC_PLUGIN_COLLECTION) ||
        !(out->render || out->render_item)) {
        bc_error_set(err, 0, 0, "not an output plugin");
        return -1;
    }
    if (!doc || !sink) {
        bc_error_set(err, 0, 0, "nothing to render");
        return -1;
    }
    if (!opts) {
        own = bc_options_new(out);
        if (!own) {
            bc_error_set(err, 0, 0, "out of memory");
            return -1;
        }
        opts = own;
    }
    bool was_set = bc_error_is_set(err);
    int said = out->render_item ? out->render_item(state, doc, item, opts, sink, err) : out->render(doc, opts, sink, err);
    /* An error set, whatever the plugin returned, is a failure: its output is not whole (docs/abi.md). */
    if (said != 0 || (!was_set && bc_error_is_set(err))) {
        if (bc_sink_status(sink))
            bc_error_set(err, 0, 0, "write error: %s", strerror(bc_sink_status(sink)));
        bc_error_set(err, 0, 0, "the %s writer failed without saying why", out->name);
        /* A position points into the document, so the file is the one it came from. */
        if (bc_error_line(err) > 0 && !bc_error_file(err) && bc_document_source_name(doc)[0])
            bc_error_set_file(err, bc_document_source_name(doc));
        goto done;
    }
    if (bc_sink_flush(sink) != 0 || bc_sink_status(sink) != 0) {
        bc_error_set(err, 0, 0, "write error: %s", strerror(bc_sink_status(sink)));
        goto done;
    }
    rc = 0;
done:
    bc_options_free(own);
    return rc;
}
