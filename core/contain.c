/*
 * contain.c — what may hold what, checked once in bc_document_finish (as
 * cmark's S_can_contain is checked on append), so that no writer needs its
 * own defences against a malformed tree from a third-party reader.
 */
#include "model.h"

typedef enum { HOLDS_NOTHING, HOLDS_INLINES, HOLDS_BLOCKS, HOLDS_ONE_TYPE, HOLDS_SECTION_PARTS } holds;

static bool is_body_block(bc_node_type type)
{
    switch (type) {
    case BC_NODE_PARAGRAPH:
    case BC_NODE_HEADING:
    case BC_NODE_LIST:
    case BC_NODE_BLOCK_QUOTE:
    case BC_NODE_CODE_BLOCK:
    case BC_NODE_THEMATIC_BREAK:
    case BC_NODE_TABLE:
        return true;
    default:
        return false;
    }
}

/* What PARENT's children may be; for HOLDS_ONE_TYPE, *only says which type. */
static holds holds_of(const bc_node *parent, bc_field field, bc_node_type *only)
{
    switch (parent->type) {
    case BC_NODE_INLINES:
    case BC_NODE_PARAGRAPH:
    case BC_NODE_HEADING:
    case BC_NODE_TABLE_CELL:
    case BC_NODE_REFERENCE:
    case BC_NODE_EMPH:
    case BC_NODE_STRONG:
    case BC_NODE_STRIKETHROUGH:
    case BC_NODE_LINK:
        return HOLDS_INLINES;
    case BC_NODE_CONTENT:
        if (field == BC_FIELD_SECTIONS || field == BC_FIELD_REFERENCES) {
            *only = field == BC_FIELD_SECTIONS ? BC_NODE_SECTION : BC_NODE_REFERENCE;
            return HOLDS_ONE_TYPE;
        }
        return HOLDS_BLOCKS;
    case BC_NODE_ITEM:
    case BC_NODE_BLOCK_QUOTE:
        return HOLDS_BLOCKS;
    case BC_NODE_SECTION:
        return HOLDS_SECTION_PARTS;
    case BC_NODE_LIST:
        *only = BC_NODE_ITEM;
        return HOLDS_ONE_TYPE;
    case BC_NODE_TABLE:
        *only = BC_NODE_TABLE_ROW;
        return HOLDS_ONE_TYPE;
    case BC_NODE_TABLE_ROW:
        *only = BC_NODE_TABLE_CELL;
        return HOLDS_ONE_TYPE;
    default:
        return HOLDS_NOTHING;
    }
}

/* A section is its heading, then its body, then its subsections. */
static bool section_part_fits(const bc_node *child)
{
    if (child->parent->first == child)
        return child->type == BC_NODE_HEADING;
    if (child->type == BC_NODE_SECTION)
        return true;
    return is_body_block(child->type) && !(child->prev && child->prev->type == BC_NODE_SECTION);
}

static bool fits(const bc_node *child, bc_field field)
{
    bc_node_type only = BC_NODE_NONE;
    switch (holds_of(child->parent, field, &only)) {
    case HOLDS_INLINES:
        return bc_node_type_is_inline(child->type);
    case HOLDS_BLOCKS:
        return is_body_block(child->type);
    case HOLDS_ONE_TYPE:
        return child->type == only;
    case HOLDS_SECTION_PARTS:
        return section_part_fits(child);
    case HOLDS_NOTHING:
        break;
    }
    return false;
}

int bci_check_child(const bc_node *child, bc_field field, bc_error *err)
{
    if (fits(child, field))
        return 0;
    const bc_node *at = child->line > 0 ? child : child->parent;
    const char *what = bc_node_type_name(child->type), *in = bc_node_type_name(child->parent->type);
    if (child->parent->type != BC_NODE_SECTION)
        bc_error_set(err, at->line, at->column, "a %s cannot hold a %s", in, what);
    else if (child->parent->first == child)
        bc_error_set(err, at->line, at->column, "a section must start with its heading, not a %s", what);
    else if (is_body_block(child->type))
        bc_error_set(err, at->line, at->column, "a section's %s must come before its subsections", what);
    else
        bc_error_set(err, at->line, at->column, "a section cannot hold a %s", what);
    return -1;
}
