/*
 * node_type.c — what each node type is (name, block, inline, leaf): the
 * bottom of the tree code, used by the iterator, the builder and finish.
 */
#include "model.h"

static const char *const type_names[BC_NODE_TYPE_COUNT] = {
    [BC_NODE_NONE] = "none",
    [BC_NODE_INLINES] = "inlines",
    [BC_NODE_CONTENT] = "content",
    [BC_NODE_SECTION] = "section",
    [BC_NODE_REFERENCE] = "reference",
    [BC_NODE_PARAGRAPH] = "paragraph",
    [BC_NODE_HEADING] = "heading",
    [BC_NODE_LIST] = "list",
    [BC_NODE_ITEM] = "item",
    [BC_NODE_BLOCK_QUOTE] = "block_quote",
    [BC_NODE_CODE_BLOCK] = "code_block",
    [BC_NODE_THEMATIC_BREAK] = "thematic_break",
    [BC_NODE_TABLE] = "table",
    [BC_NODE_TABLE_ROW] = "table_row",
    [BC_NODE_TABLE_CELL] = "table_cell",
    [BC_NODE_TEXT] = "text",
    [BC_NODE_SOFTBREAK] = "softbreak",
    [BC_NODE_LINEBREAK] = "linebreak",
    [BC_NODE_CODE] = "code",
    [BC_NODE_EMPH] = "emph",
    [BC_NODE_STRONG] = "strong",
    [BC_NODE_STRIKETHROUGH] = "strikethrough",
    [BC_NODE_LINK] = "link",
    [BC_NODE_CITATION] = "citation",
};

const char *bc_node_type_name(bc_node_type type)
{
    if ((int)type < 0 || type >= BC_NODE_TYPE_COUNT)
        return "unknown";
    return type_names[type];
}

bool bc_node_type_is_block(bc_node_type type)
{
    return type == BC_NODE_SECTION || type == BC_NODE_REFERENCE ||
           (type >= BC_NODE_PARAGRAPH && type <= BC_NODE_TABLE_CELL);
}

bool bc_node_type_is_inline(bc_node_type type)
{
    return type >= BC_NODE_TEXT && type <= BC_NODE_CITATION;
}

bool bc_node_type_is_leaf(bc_node_type type)
{
    switch (type) {
    case BC_NODE_TEXT:
    case BC_NODE_CODE:
    case BC_NODE_CODE_BLOCK:
    case BC_NODE_THEMATIC_BREAK:
    case BC_NODE_SOFTBREAK:
    case BC_NODE_LINEBREAK:
    case BC_NODE_CITATION:
        return true;
    default:
        return false;
    }
}
