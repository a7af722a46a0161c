/* source.h — constructing bc_source values (internal; plugins only read them). */
#ifndef BC_SOURCE_H
#define BC_SOURCE_H

#include <briefconv/plugin.h>

/*
 * A source over descriptor FD (not closed by the source) or over memory.
 * NAME is borrowed and must outlive the source. The struct lives on the
 * caller's stack: a read needs no allocation.
 */
struct bc_source {
    const char *name;
    int fd;                         /* -1 for memory */
    const unsigned char *data;      /* memory */
    size_t len, pos;                /* memory */
    long long size;                 /* known size, or -1 */
};

void bci_source_init_fd(bc_source *src, const char *name, int fd);
void bci_source_init_memory(bc_source *src, const char *name, const void *data, size_t len);

#endif
