/* run.h — runs, items and instances (internal to the library: run.c, instance.c). */
#ifndef BC_RUN_H
#define BC_RUN_H

#include <briefconv/host.h>

#include <pthread.h>

typedef struct bci_item_output {
    const bc_plugin *format;
    char *path;
} bci_item_output;

struct bc_item {
    size_t index;
    char *path;
    bci_item_output *outs;
    size_t nout;
};

struct run_file;

/*
 * The host's run is a ROOT (root == itself); each instance sees the run
 * through a view (root pointing at the host's run) that records which
 * plugin is asking. Everything shared lives in the root.
 */
struct bc_run {
    struct bc_run *root;
    /* a view's */
    bool one_file_plugin;  /* its plugin is a ONE_FILE collection */
    bool opening;          /* inside the plugin's open: nothing may be written yet */
    const bc_plugin *plugin; /* whose view it is */
    /* the root's */
    char *out_dir;
    char *one_file;        /* NULL: standard output (when one_file_set) */
    bool one_file_set;
    const bc_registry *reg;
    bc_run_check_fn check;
    void *check_user;
    const bc_plugin **wanted;
    size_t nwanted;
    pthread_mutex_t lock;  /* guards files and created: render_item may create files from any thread */
    struct run_file *files;
    char **created;
    size_t ncreated;
};

/* Discards the files VIEW's plugin left open. */
void bci_run_discard_owned(bc_run *view);

/* instance.c: what the plugin's open returned. */
void *bci_instance_state(const bc_instance *inst);

#endif
