/* Test output plugin "dump": the document, one line per field and node. */
#include <briefconv/plugin.h>

#include <stdlib.h>

#ifndef DUMP_VERSION
#define DUMP_VERSION "1"
#endif

static void dump_node(const bc_node *root, bc_sink *sink)
{
    bc_iter *it = bc_iter_new(root);
    int depth = 0;
    bc_event ev;
    while (it && (ev = bc_iter_next(it)) != BC_EVENT_DONE) {
        const bc_node *n = bc_iter_node(it);
        if (ev == BC_EVENT_EXIT) {
            depth--;
            continue;
        }
        bc_sink_printf(sink, "%*s%s", depth * 2 + 2, "", bc_node_type_name(bc_node_type_of(n)));
        switch (bc_node_type_of(n)) {
        case BC_NODE_TEXT:
            bc_sink_printf(sink, " \"%s\"", bc_node_literal(n, NULL));
            break;
        case BC_NODE_CITATION:
            for (int i = 0; i < bc_node_citation_count(n); i++)
                bc_sink_printf(sink, " %s=%d", bc_node_citation_id(n, i), bc_node_citation_number(n, i));
            break;
        case BC_NODE_HEADING:
            bc_sink_printf(sink, " level=%d", bc_node_heading_level(n));
            break;
        case BC_NODE_SECTION:
            bc_sink_printf(sink, " depth=%d", bc_node_section_depth(n));
            break;
        case BC_NODE_LIST:
            bc_sink_printf(sink, " level=%d", bc_node_list_level(n));
            break;
        case BC_NODE_REFERENCE:
            bc_sink_printf(sink, " %d %s %s", bc_node_reference_number(n), bc_node_reference_id(n), bc_node_url(n));
            break;
        default:
            break;
        }
        bc_sink_printf(sink, " @%d:%d\n", bc_node_line(n), bc_node_column(n));
        if (!bc_node_type_is_leaf(bc_node_type_of(n)))
            depth++;
    }
    bc_iter_free(it);
}

static int dump_render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    bc_sink_printf(sink, "dump %s width=%lld style=%s\n", DUMP_VERSION, bc_options_get_int(opts, "width", -1),
                   bc_options_get(opts, "style"));
    bc_sink_printf(sink, "source: %s\nlang: %s\n", bc_document_source_name(doc),
                   bc_document_text(doc, BC_FIELD_LANG));
    if (bc_options_get_bool(opts, "fail", false)) {
        bc_error_set(err, 0, 0, "dump told to fail");
        return -1;
    }
    for (int f = 0; f < BC_FIELD_COUNT; f++) {
        if (!bc_document_has(doc, (bc_field)f))
            continue;
        bc_sink_printf(sink, "%s:", bc_field_key((bc_field)f));
        const bc_node *node = bc_document_field(doc, (bc_field)f);
        if (node) {
            bc_sink_puts(sink, "\n");
            dump_node(node, sink);
        } else {
            const char *t = bc_document_text(doc, (bc_field)f);
            bc_sink_printf(sink, " %s\n", t ? t : "");
        }
    }
    return 0;
}

static const bc_option_spec dump_options[] = {
    {.name = "fail", .type = BC_OPTION_BOOL, .default_value = "false", .help = "fail after the header"},
    {.name = "width", .type = BC_OPTION_INT, .default_value = "10", .help = "a number", .min = 1, .max = 100},
    {.name = "style", .type = BC_OPTION_CHOICE, .default_value = "a", .choices = "a|b", .help = "a choice"},
    {.name = NULL},
};
static const char *const dump_aliases[] = {"dmp", NULL};
static const char *const dump_extensions[] = {"dump", NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .name = "dump", .aliases = dump_aliases,
                 .extensions = dump_extensions, .description = "test writer: the tree, one node a line",
                 .version = DUMP_VERSION, .options = dump_options, .render = dump_render);
