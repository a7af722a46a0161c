/*
 * json.c — an example third-party briefconv output plugin: the whole briefing
 * tree as JSON, for web pages and data pipelines.
 *
 * Built from the installed SDK alone, with one line:
 *
 *     cc -shared -fPIC -o json.so json.c $(pkg-config --cflags --libs briefconv)
 *
 * Output (format "briefconv-json", version 1): one object whose keys are the
 * briefing's keys in the format's order, each present field an object with its
 * printed "label" and its value ("text", "date", "content" or "items"), then
 * "extensions" holding the `x-` keys. Every node is an object with a "type",
 * its attributes and, for containers, "children". See examples/README.md.
 *
 * The file is deliberately self-contained (no JSON library) so that the
 * guide's single compiler line builds it. Everything but the descriptor is
 * static: a plugin exports one symbol only.
 */
#include <briefconv/plugin.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Guards the recursion over `x-` extension values, whose depth the core
 * already limits; this only keeps a future, laxer core from blowing the stack. */
#define JSON_MAX_VALUE_DEPTH 10000

/*
 * A streaming JSON writer. One flag, `first`, is enough to place commas: a
 * container that closes was itself an element of its parent, so the parent
 * has had an element by then whatever its flag said before.
 */
typedef struct json_writer {
    bc_sink *sink;
    int indent;     /* spaces per level; 0 writes everything on one line */
    int depth;
    bool first;     /* no element yet in the innermost open container */
    bool after_key; /* a key was written: the value needs no separator */
} json_writer;

static void jw_newline(json_writer *w)
{
    if (w->indent == 0)
        return;
    bc_sink_putc(w->sink, '\n');
    for (int i = 0; i < w->depth * w->indent; i++)
        bc_sink_putc(w->sink, ' ');
}

/* Writes what must come before a new element of the current container. */
static void jw_separate(json_writer *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (!w->first)
        bc_sink_putc(w->sink, ',');
    w->first = false;
    jw_newline(w);
}

static void jw_open(json_writer *w, char bracket)
{
    jw_separate(w);
    bc_sink_putc(w->sink, bracket);
    w->depth++;
    w->first = true;
}

static void jw_close(json_writer *w, char bracket)
{
    bool empty = w->first;

    w->depth--;
    if (!empty)
        jw_newline(w);
    bc_sink_putc(w->sink, bracket);
    w->first = false;
}

/*
 * Writes S as a JSON string. JSON forbids raw control characters and needs
 * quote and backslash escaped; U+2028 and U+2029 are escaped too because
 * JavaScript before ES2019 ends a line at them, and JSON is often pasted into
 * a <script>. Valid UTF-8 passes through in runs; a byte that does not start
 * a valid sequence (the core never hands one over, but a plugin must not
 * produce invalid JSON if it did) becomes U+FFFD.
 */
static void jw_string_len(json_writer *w, const char *s, size_t len)
{
    size_t run = 0; /* start of the bytes not yet written */
    size_t i = 0;

    jw_separate(w);
    bc_sink_putc(w->sink, '"');
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        const char *escape = NULL;
        char buf[8];
        size_t used = 1;

        if (c == '"')
            escape = "\\\"";
        else if (c == '\\')
            escape = "\\\\";
        else if (c == '\n')
            escape = "\\n";
        else if (c == '\t')
            escape = "\\t";
        else if (c == '\r')
            escape = "\\r";
        else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            memcpy(buf, "\\u00", 4);
            buf[4] = hex[c >> 4];
            buf[5] = hex[c & 0x0f];
            buf[6] = '\0';
            escape = buf;
        } else if (c >= 0x80) {
            uint32_t cp;
            int n = bc_utf8_decode(s + i, len - i, &cp);

            used = n >= 1 && (size_t)n <= len - i ? (size_t)n : 1;
            if (used == 1)
                escape = "\\ufffd";
            else if (cp == 0x2028)
                escape = "\\u2028";
            else if (cp == 0x2029)
                escape = "\\u2029";
        }
        if (escape != NULL) {
            bc_sink_write(w->sink, s + run, i - run);
            bc_sink_puts(w->sink, escape);
            run = i + used;
        }
        i += used;
    }
    bc_sink_write(w->sink, s + run, len - run);
    bc_sink_putc(w->sink, '"');
}

static void jw_string(json_writer *w, const char *s)
{
    jw_string_len(w, s, strlen(s));
}

static void jw_key(json_writer *w, const char *key)
{
    jw_string(w, key);
    bc_sink_puts(w->sink, w->indent > 0 ? ": " : ":");
    w->after_key = true;
}

static void jw_int(json_writer *w, long long n)
{
    jw_separate(w);
    bc_sink_printf(w->sink, "%lld", n);
}

static void jw_bool(json_writer *w, bool b)
{
    jw_separate(w);
    bc_sink_puts(w->sink, b ? "true" : "false");
}

static void jw_null(json_writer *w)
{
    jw_separate(w);
    bc_sink_puts(w->sink, "null");
}

/* ------------------------------------------------------------------ */
/* Nodes                                                               */
/* ------------------------------------------------------------------ */

/*
 * Our own names rather than bc_node_type_name(), so that this JSON format
 * stays the same whatever the host calls its types. Indexed by bc_node_type.
 */
static const char *const node_names[] = {
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

static const char *node_name(bc_node_type type)
{
    size_t i = (size_t)type;

    if (i < sizeof node_names / sizeof node_names[0] && node_names[i] != NULL)
        return node_names[i];
    /* A type added by a later minor ABI: the host still knows its name. */
    return bc_node_type_name(type);
}

static const char *align_name(bc_align align)
{
    switch (align) {
    case BC_ALIGN_LEFT:
        return "left";
    case BC_ALIGN_CENTER:
        return "center";
    case BC_ALIGN_RIGHT:
        return "right";
    case BC_ALIGN_NONE:
        break;
    }
    return "none";
}

/* Writes the "type" and the attributes of NODE, inside its open object. */
static void write_attributes(json_writer *w, const bc_node *node, bool positions)
{
    bc_node_type type = bc_node_type_of(node);
    size_t len;
    const char *literal;

    jw_key(w, "type");
    jw_string(w, node_name(type));
    if (positions && bc_node_line(node) > 0) {
        jw_key(w, "line");
        jw_int(w, bc_node_line(node));
        jw_key(w, "column");
        jw_int(w, bc_node_column(node));
    }
    switch (type) {
    case BC_NODE_SECTION:
        jw_key(w, "depth");
        jw_int(w, bc_node_section_depth(node));
        break;
    case BC_NODE_REFERENCE:
        jw_key(w, "number");
        jw_int(w, bc_node_reference_number(node));
        jw_key(w, "id");
        jw_string(w, bc_node_reference_id(node));
        jw_key(w, "url");
        jw_string(w, bc_node_url(node));
        break;
    case BC_NODE_HEADING:
        jw_key(w, "level");
        jw_int(w, bc_node_heading_level(node));
        break;
    case BC_NODE_LIST:
        jw_key(w, "list_type");
        jw_string(w, bc_node_list_type(node) == BC_LIST_ORDERED ? "ordered" : "bullet");
        if (bc_node_list_type(node) == BC_LIST_ORDERED) {
            jw_key(w, "start");
            jw_int(w, bc_node_list_start(node));
        }
        jw_key(w, "tight");
        jw_bool(w, bc_node_list_tight(node));
        jw_key(w, "level");
        jw_int(w, bc_node_list_level(node));
        break;
    case BC_NODE_CODE_BLOCK:
        jw_key(w, "info");
        jw_string(w, bc_node_code_info(node));
        literal = bc_node_literal(node, &len);
        jw_key(w, "text");
        jw_string_len(w, literal, len);
        break;
    case BC_NODE_TEXT:
    case BC_NODE_CODE:
        literal = bc_node_literal(node, &len);
        jw_key(w, "text");
        jw_string_len(w, literal, len);
        break;
    case BC_NODE_TABLE:
        jw_key(w, "columns");
        jw_int(w, bc_node_table_columns(node));
        jw_key(w, "align");
        jw_open(w, '[');
        for (int col = 0; col < bc_node_table_columns(node); col++)
            jw_string(w, align_name(bc_node_table_align(node, col)));
        jw_close(w, ']');
        break;
    case BC_NODE_TABLE_ROW:
        jw_key(w, "header");
        jw_bool(w, bc_node_table_row_is_header(node));
        break;
    case BC_NODE_LINK:
        jw_key(w, "url");
        jw_string(w, bc_node_url(node));
        jw_key(w, "title");
        jw_string(w, bc_node_link_title(node));
        break;
    case BC_NODE_CITATION:
        jw_key(w, "references");
        jw_open(w, '[');
        for (int i = 0; i < bc_node_citation_count(node); i++) {
            jw_open(w, '{');
            jw_key(w, "number");
            jw_int(w, bc_node_citation_number(node, i));
            jw_key(w, "id");
            jw_string(w, bc_node_citation_id(node, i));
            jw_close(w, '}');
        }
        jw_close(w, ']');
        break;
    default:
        /* Containers without attributes, leaves without text, and types
         * from a later minor ABI, which we write as bare typed nodes. */
        break;
    }
}

/*
 * Writes the children of ROOT (an INLINES or CONTENT node) as a JSON array,
 * walking the tree with the iterator: no recursion, so any depth is safe.
 * Returns 0, or -1 with ERR set.
 */
static int write_children(json_writer *w, const bc_node *root, bool positions, bc_error *err)
{
    int rc = -1;
    bc_iter *iter = bc_iter_new(root);
    bc_event ev;

    if (iter == NULL) {
        bc_error_set(err, 0, 0, "json: out of memory");
        goto done;
    }
    jw_open(w, '[');
    while ((ev = bc_iter_next(iter)) != BC_EVENT_DONE) {
        const bc_node *node = bc_iter_node(iter);

        if (node == root)
            continue; /* the root's own ENTER and EXIT are the array's brackets */
        if (ev == BC_EVENT_ENTER) {
            jw_open(w, '{');
            write_attributes(w, node, positions);
            if (bc_node_type_is_leaf(bc_node_type_of(node))) {
                jw_close(w, '}');
            } else {
                jw_key(w, "children");
                jw_open(w, '[');
            }
        } else if (ev == BC_EVENT_EXIT) {
            jw_close(w, ']');
            jw_close(w, '}');
        }
    }
    jw_close(w, ']');
    rc = 0;
done:
    bc_iter_free(iter);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Extensions                                                          */
/* ------------------------------------------------------------------ */

static int write_value(json_writer *w, const bc_value *v, int depth, bc_error *err)
{
    if (depth > JSON_MAX_VALUE_DEPTH) {
        bc_error_set(err, 0, 0, "json: extension nested deeper than %d levels", JSON_MAX_VALUE_DEPTH);
        return -1;
    }
    switch (bc_value_kind_of(v)) {
    case BC_VALUE_STRING:
        jw_string(w, bc_value_string(v));
        return 0;
    case BC_VALUE_SEQUENCE:
        jw_open(w, '[');
        for (size_t i = 0; i < bc_value_count(v); i++)
            if (write_value(w, bc_value_item(v, i), depth + 1, err) != 0)
                return -1;
        jw_close(w, ']');
        return 0;
    case BC_VALUE_MAPPING:
        jw_open(w, '{');
        for (size_t i = 0; i < bc_value_count(v); i++) {
            jw_key(w, bc_value_key(v, i));
            if (write_value(w, bc_value_item(v, i), depth + 1, err) != 0)
                return -1;
        }
        jw_close(w, '}');
        return 0;
    }
    /* A value kind from a later minor ABI: keep the JSON valid. */
    jw_null(w);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Fields                                                              */
/* ------------------------------------------------------------------ */

static const char *kind_name(bc_field_kind kind)
{
    switch (kind) {
    case BC_FIELD_KIND_TEXT:
        return "text";
    case BC_FIELD_KIND_DATE:
        return "date";
    case BC_FIELD_KIND_INLINE:
        return "inline";
    case BC_FIELD_KIND_CONTENT:
        return "content";
    case BC_FIELD_KIND_LIST:
        return "list";
    }
    return "unknown";
}

/* Writes FIELD's value members into its open object. Returns 0 or -1. */
static int write_field_value(json_writer *w, const bc_document *doc, bc_field field, bool positions,
                             bc_error *err)
{
    const bc_node *node;
    char *plain;
    bc_date date;
    char iso[32];

    switch (bc_field_kind_of(field)) {
    case BC_FIELD_KIND_TEXT:
        jw_key(w, "text");
        jw_string(w, bc_document_text(doc, field));
        return 0;
    case BC_FIELD_KIND_DATE:
        /* Words for people, ISO for programs; free-text `published` has no ISO form. */
        jw_key(w, "text");
        jw_string(w, bc_document_text(doc, field));
        jw_key(w, "date");
        if (bc_document_date(doc, field, &date)) {
            bc_date_format_iso(date, iso, sizeof iso);
            jw_string(w, iso);
        } else {
            jw_null(w);
        }
        return 0;
    case BC_FIELD_KIND_INLINE:
        node = bc_document_field(doc, field);
        plain = bc_node_plain_text(node);
        if (plain == NULL) {
            bc_error_set(err, 0, 0, "json: out of memory");
            return -1;
        }
        jw_key(w, "text");
        jw_string(w, plain);
        free(plain);
        jw_key(w, "content");
        return write_children(w, node, positions, err);
    case BC_FIELD_KIND_CONTENT:
        jw_key(w, "content");
        return write_children(w, bc_document_field(doc, field), positions, err);
    case BC_FIELD_KIND_LIST:
        jw_key(w, "items");
        jw_open(w, '[');
        for (size_t i = 0; i < bc_document_tag_count(doc); i++)
            jw_string(w, bc_document_tag(doc, i));
        jw_close(w, ']');
        return 0;
    }
    jw_null(w);
    return 0;
}

/* ------------------------------------------------------------------ */
/* The plugin                                                          */
/* ------------------------------------------------------------------ */

static int json_render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    json_writer w = {
        .sink = sink,
        .indent = (int)bc_options_get_int(opts, "indent", 2),
        .first = true,
    };
    bool positions = bc_options_get_bool(opts, "positions", false);

    jw_open(&w, '{');
    jw_key(&w, "format");
    jw_string(&w, "briefconv-json");
    jw_key(&w, "format_version");
    jw_int(&w, 1);
    for (int f = 0; f < BC_FIELD_COUNT; f++) {
        bc_field field = (bc_field)f;

        if (!bc_document_has(doc, field))
            continue;
        jw_key(&w, bc_field_key(field));
        jw_open(&w, '{');
        jw_key(&w, "kind");
        jw_string(&w, kind_name(bc_field_kind_of(field)));
        jw_key(&w, "label");
        jw_string(&w, bc_document_label(doc, field));
        if (write_field_value(&w, doc, field, positions, err) != 0)
            return -1;
        jw_close(&w, '}');
    }
    jw_key(&w, "extensions");
    jw_open(&w, '{');
    for (size_t i = 0; i < bc_document_extension_count(doc); i++) {
        jw_key(&w, bc_document_extension_key(doc, i));
        if (write_value(&w, bc_document_extension(doc, i), 1, err) != 0)
            return -1;
    }
    jw_close(&w, '}');
    jw_close(&w, '}');
    bc_sink_putc(sink, '\n');

    /* A sink remembers its first failure, so one check at the end will do. */
    if (bc_sink_status(sink) != 0) {
        bc_error_set(err, 0, 0, "json: write failed: %s", strerror(bc_sink_status(sink)));
        return -1;
    }
    return 0;
}

static const char *const json_extensions[] = {"json", NULL};

static const bc_option_spec json_options[] = {
    {.name = "indent",
     .type = BC_OPTION_INT,
     .default_value = "2",
     .help = "spaces per nesting level; 0 writes the whole document on one line",
     .min = 0,
     .max = 8},
    {.name = "positions",
     .type = BC_OPTION_BOOL,
     .default_value = "false",
     .help = "give every node the line and column it came from in the input"},
    {.name = NULL},
};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT,
                 .name = "json",
                 .extensions = json_extensions,
                 .description = "the whole briefing tree as JSON (example third-party plugin)",
                 .version = "1.0.0",
                 .options = json_options,
                 .render = json_render);
