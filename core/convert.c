/* convert.c — reading an input with a plugin, rendering with another. */
#include <briefconv/host.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"

#define STDIN_NAME "<stdin>"

static void name_file(bc_error *err, const char *name)
{
    if (err && !bc_error_file(err))
        bc_error_set_file(err, name);
}

/* Runs the plugin's read and the whole-document checks. */
static bc_document *read_source(const bc_plugin *in, bc_source *src, const bc_options *opts, bc_error *err)
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
    doc = in->read(src, opts, err);
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
    name_file(err, src->name);
    return NULL;
}

static bool is_input(const bc_plugin *in, const char *name, bc_error *err)
{
    if (in && in->kind == BC_PLUGIN_INPUT && in->read)
        return true;
    name_file(err, name);
    bc_error_set(err, 0, 0, "not an input plugin");
    return false;
}

bc_document *bc_read_file(const bc_plugin *in, const char *path, const bc_options *opts, bc_error *err)
{
    bool is_stdin = path && strcmp(path, "-") == 0;
    const char *name = path && !is_stdin ? path : STDIN_NAME;
    if (!path) {
        bc_error_set(err, 0, 0, "no input file named");
        return NULL;
    }
    if (!is_input(in, name, err))
        return NULL;
    int fd = 0;
    if (!is_stdin) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            name_file(err, name);
            bc_error_set(err, 0, 0, "cannot open: %s", strerror(errno));
            return NULL;
        }
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!is_stdin)
            close(fd);
        name_file(err, name);
        bc_error_set(err, 0, 0, "is a directory");
        return NULL;
    }
    bc_source src;
    bci_source_init_fd(&src, name, fd);
    bc_document *doc = read_source(in, &src, opts, err);
    if (!is_stdin)
        close(fd);
    return doc;
}

bc_document *bc_read_memory(const bc_plugin *in, const char *name, const void *data, size_t len,
                            const bc_options *opts, bc_error *err)
{
    if (!name)
        name = "<memory>";
    if (!is_input(in, name, err))
        return NULL;
    bc_source src;
    bci_source_init_memory(&src, name, data, len);
    return read_source(in, &src, opts, err);
}

int bc_render(const bc_plugin *out, const bc_document *doc, const bc_options *opts, bc_sink *sink,
              bc_error *err)
{
    bc_options *own = NULL;
    int rc = -1;
    if (!out || out->kind != BC_PLUGIN_OUTPUT || !out->render) {
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
    if (out->render(doc, opts, sink, err) != 0) {
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
