/* iter.c — the enter/exit walk, as in cmark: O(1) state, no recursion. */
#include <stdlib.h>

#include "model.h"

struct bc_iter {
    const bc_node *root;
    const bc_node *node;
    bc_event event;
    bool skip; /* the next step is the current container's exit */
};

bc_iter *bc_iter_new(const bc_node *root)
{
    if (!root)
        return NULL;
    bc_iter *it = malloc(sizeof *it);
    if (!it)
        return NULL;
    it->root = root;
    it->node = NULL;
    it->event = BC_EVENT_NONE;
    it->skip = false;
    return it;
}

void bc_iter_free(bc_iter *iter)
{
    free(iter);
}

static bool is_container(const bc_node *node)
{
    return !bc_node_type_is_leaf(node->type);
}

bc_event bc_iter_next(bc_iter *it)
{
    if (!it)
        return BC_EVENT_DONE;
    const bc_node *node = it->node;
    if (it->skip) {
        it->skip = false;
        it->event = BC_EVENT_EXIT;
        return it->event;
    }
    switch (it->event) {
    case BC_EVENT_NONE:
        it->node = it->root;
        it->event = BC_EVENT_ENTER;
        return it->event;
    case BC_EVENT_DONE:
        return BC_EVENT_DONE;
    case BC_EVENT_ENTER:
        if (is_container(node)) {
            if (node->first) {
                it->node = node->first;
                it->event = BC_EVENT_ENTER;
            } else {
                it->event = BC_EVENT_EXIT;
            }
            return it->event;
        }
        break; /* a leaf: move on as after an exit */
    case BC_EVENT_EXIT:
        break;
    }
    if (node == it->root) {
        it->node = NULL;
        it->event = BC_EVENT_DONE;
    } else if (node->next) {
        it->node = node->next;
        it->event = BC_EVENT_ENTER;
    } else {
        it->node = node->parent;
        it->event = BC_EVENT_EXIT;
    }
    return it->event;
}

const bc_node *bc_iter_node(const bc_iter *it)
{
    return it ? it->node : NULL;
}

bc_event bc_iter_event(const bc_iter *it)
{
    return it ? it->event : BC_EVENT_NONE;
}

/* The next bc_iter_next then gives the container's EXIT, as if it had no children. */
void bc_iter_skip_children(bc_iter *it)
{
    if (it && it->event == BC_EVENT_ENTER && it->node && is_container(it->node))
        it->skip = true;
}
