/*
 * briefconv.h — the briefconv document model, for plugins and hosts.
 *
 * A briefing (see briefing-format.md) is held in a bc_document: a set of
 * fields in the format's fixed order (title, type, details, summary, ...),
 * some plain strings or dates, others trees of bc_node. Every node, string
 * and value hangs off the document and is freed with it: nothing returned by
 * an accessor here is ever freed by the caller unless the comment says
 * "caller frees". All types are opaque; reach them through accessors.
 *
 * Thread safety: there is no mutable global state. Distinct documents,
 * sinks, errors and iterators may be used from distinct threads at once; a
 * document that is no longer modified may be read from several threads.
 *
 * Strings are UTF-8 and NUL-terminated. The core guarantees that text in a
 * document holds no NUL, no C0 control other than TAB and LF, and no U+FFFE
 * or U+FFFF: input plugins hand text to the setters below, which replace such
 * characters with U+FFFD, so every output format may rely on it.
 */
#ifndef BRIEFCONV_H
#define BRIEFCONV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define BC_API __attribute__((visibility("default")))
#define BC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define BC_API
#define BC_PRINTF(fmt, args)
#endif

#define BC_VERSION_STRING "1.0.0"
#define BC_VERSION_MAJOR 1
#define BC_VERSION_MINOR 0
#define BC_VERSION_PATCH 0

/** The library's version at run time ("1.0.0"); static, never freed. */
BC_API const char *bc_version(void);

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/*
 * An error: file, 1-based line and column (0 when not known) and a message.
 * The first error set wins: later bc_error_set calls are ignored until
 * bc_error_clear, so the root cause is what the user sees.
 */
typedef struct bc_error bc_error;

/** New empty error; NULL when out of memory. Caller frees (bc_error_free). */
BC_API bc_error *bc_error_new(void);
/** Frees an error; NULL is a no-op. */
BC_API void bc_error_free(bc_error *err);
/** Forgets any error set, so the value can be used again. */
BC_API void bc_error_clear(bc_error *err);
/**
 * Sets the error at LINE:COLUMN (1-based; 0 for unknown) with a printf-style
 * message, unless an error is already set. ERR may be NULL (then a no-op).
 */
BC_API void bc_error_set(bc_error *err, int line, int column, const char *fmt, ...)
    BC_PRINTF(4, 5);
/** As bc_error_set, with the arguments as a va_list. */
BC_API void bc_error_setv(bc_error *err, int line, int column, const char *fmt, va_list ap);
/** Sets the file name the error is reported against (copied). */
BC_API void bc_error_set_file(bc_error *err, const char *file);
/** True once an error has been set (and not cleared); false for NULL. */
BC_API bool bc_error_is_set(const bc_error *err);
/** File name, or NULL if none was set. Owned by ERR. */
BC_API const char *bc_error_file(const bc_error *err);
/** The 1-based line of the error, 0 when unknown or ERR is NULL. */
BC_API int bc_error_line(const bc_error *err);
/** The 1-based column of the error, 0 when unknown or ERR is NULL. */
BC_API int bc_error_column(const bc_error *err);
/** Message without position, "" if none. Owned by ERR. */
BC_API const char *bc_error_message(const bc_error *err);
/**
 * Formats "FILE:LINE:COLUMN: error: MESSAGE" (position parts left out when
 * unknown) into BUF, always NUL-terminated when SIZE > 0, with control
 * characters and bytes that are not UTF-8 written as \xHH. When it does not
 * fit, the middle of the file name gives way first, then the middle of the
 * message (marked "…", never splitting a character), so the reason stays;
 * the return is then the length written. Only a BUF too small for that
 * (under 64 bytes) is cut as snprintf cuts, and the return is the length
 * the full text needs.
 */
BC_API size_t bc_error_format(const bc_error *err, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Fields of a briefing, in the order every output prints them         */
/* ------------------------------------------------------------------ */

typedef enum bc_field {
    BC_FIELD_TITLE,              /* inline, always present */
    BC_FIELD_TYPE,               /* plain string */
    BC_FIELD_SOURCE,             /* inline */
    BC_FIELD_LINK,               /* URL (plain string, http/https/mailto) */
    BC_FIELD_PUBLICATION_FORMAT, /* plain string */
    BC_FIELD_PUBLISHED,          /* date, or free text */
    BC_FIELD_AUDIENCE,           /* inline */
    BC_FIELD_SUMMARY,            /* content */
    BC_FIELD_KEY_FEATURES,       /* content */
    BC_FIELD_IMPACT,             /* content */
    BC_FIELD_SECTIONS,           /* content holding BC_NODE_SECTION nodes */
    BC_FIELD_REFERENCES,         /* content holding BC_NODE_REFERENCE nodes */
    BC_FIELD_UPDATED,            /* date */
    BC_FIELD_REVIEW_DUE,         /* date */
    BC_FIELD_RESPONSIBLE,        /* plain string */
    BC_FIELD_PRODUCED_BY,        /* inline */
    BC_FIELD_NOTICE,             /* content */
    BC_FIELD_TAGS,               /* list of plain strings: bc_document_tag */
    BC_FIELD_LANG,               /* BCP 47 tag; always present ("en-GB") */
    BC_FIELD_COUNT
} bc_field;

/** What kind of value a field holds. */
typedef enum bc_field_kind {
    BC_FIELD_KIND_TEXT,    /* plain string: bc_document_text */
    BC_FIELD_KIND_DATE,    /* date (or free text for published): bc_document_text, bc_document_date */
    BC_FIELD_KIND_INLINE,  /* bc_document_field gives a BC_NODE_INLINES */
    BC_FIELD_KIND_CONTENT, /* bc_document_field gives a BC_NODE_CONTENT */
    BC_FIELD_KIND_LIST     /* tags */
} bc_field_kind;

/** The YAML key of a field ("key_features"); static. NULL if out of range. */
BC_API const char *bc_field_key(bc_field field);
/** The field with that YAML key, or BC_FIELD_COUNT if none. */
BC_API bc_field bc_field_from_key(const char *key, size_t len);
/** What FIELD holds (see bc_field_kind); BC_FIELD_KIND_TEXT if out of range. */
BC_API bc_field_kind bc_field_kind_of(bc_field field);
/** The format's default printed label ("Primary audience"); static; "" for unlabelled fields. */
BC_API const char *bc_field_default_label(bc_field field);

/**
 * The layout every output follows, so that a third party's writer lays a
 * briefing out as the built-in ones do: the groups of fields, in print
 * order. Since ABI 1.1.
 */
typedef enum bc_group {
    BC_GROUP_TITLE,      /* title, then type as a subtitle line */
    BC_GROUP_DETAILS,    /* "Label: value" lines: source, link, publication format, published, audience */
    BC_GROUP_PARTS,      /* each a heading (its label) and content: summary, key features, impact */
    BC_GROUP_SECTIONS,   /* the sections, each with its own heading */
    BC_GROUP_REFERENCES, /* a heading (the label) and the numbered references */
    BC_GROUP_RECORD,     /* "Label: value" lines closing the briefing: updated, review due, responsible, produced by */
    BC_GROUP_NOTICE,     /* the notice, last, unlabelled */
    BC_GROUP_COUNT
} bc_group;
/** The fields of GROUP in print order (static), *COUNT of them (if COUNT is not NULL); NULL when out of range. */
BC_API const bc_field *bc_group_fields(bc_group group, size_t *count);
/**
 * LABEL as printed before a value: "Source" becomes "Source:", and a label
 * that already ends in ':', '?' or '!' ("Where from?") is kept as it is.
 * Writes it into BUF (NUL-terminated when SIZE > 0); returns the length it
 * needs, as snprintf does.
 */
BC_API size_t bc_label_with_colon(const char *label, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Nodes                                                               */
/* ------------------------------------------------------------------ */

/** What a node is: structure (parts, sections, references), blocks, and inlines. */
typedef enum bc_node_type {
    BC_NODE_NONE = 0,
    /* Roots of field values. */
    BC_NODE_INLINES,   /* value of an inline field: inline children */
    BC_NODE_CONTENT,   /* value of a content field: block children */
    BC_NODE_SECTION,   /* a section: a HEADING first, then body blocks, then SECTIONs */
    BC_NODE_REFERENCE, /* a further-reading entry: inline children (its text) */
    /* Blocks. */
    BC_NODE_PARAGRAPH,
    BC_NODE_HEADING,        /* bc_node_heading_level */
    BC_NODE_LIST,           /* ITEM children; bc_node_list_* */
    BC_NODE_ITEM,           /* block children */
    BC_NODE_BLOCK_QUOTE,    /* block children */
    BC_NODE_CODE_BLOCK,     /* leaf: bc_node_literal, bc_node_code_info */
    BC_NODE_THEMATIC_BREAK, /* leaf */
    BC_NODE_TABLE,          /* TABLE_ROW children, the first is the header row */
    BC_NODE_TABLE_ROW,      /* TABLE_CELL children */
    BC_NODE_TABLE_CELL,     /* inline children */
    /* Inlines. */
    BC_NODE_TEXT,      /* leaf: bc_node_literal */
    BC_NODE_SOFTBREAK, /* leaf: a line end inside a paragraph (print as a space or newline) */
    BC_NODE_LINEBREAK, /* leaf: a hard line break */
    BC_NODE_CODE,      /* leaf: bc_node_literal */
    BC_NODE_EMPH,
    BC_NODE_STRONG,
    BC_NODE_STRIKETHROUGH,
    BC_NODE_LINK,     /* inline children; bc_node_url (always http, https or mailto) */
    BC_NODE_CITATION, /* leaf: bc_node_citation_* */
    BC_NODE_TYPE_COUNT
} bc_node_type;

/** A LIST's kind: bullets or numbers. */
typedef enum bc_list_type { BC_LIST_BULLET = 1, BC_LIST_ORDERED = 2 } bc_list_type;
typedef enum bc_align {
    BC_ALIGN_NONE = 0,
    BC_ALIGN_LEFT,
    BC_ALIGN_CENTER,
    BC_ALIGN_RIGHT
} bc_align;

/** A node of a document's tree: opaque, owned by its document, read through the accessors below. */
typedef struct bc_node bc_node;
/** A briefing: its fields (in the format's order) and their trees. Opaque; see bc_document_new. */
typedef struct bc_document bc_document;

/** Name of a node type ("paragraph"); static. */
BC_API const char *bc_node_type_name(bc_node_type type);
/** True for block types (SECTION, REFERENCE, PARAGRAPH up to TABLE_CELL). */
BC_API bool bc_node_type_is_block(bc_node_type type);
/** True for inline types (TEXT, EMPH, LINK, CITATION, ...). */
BC_API bool bc_node_type_is_inline(bc_node_type type);

/** The type of NODE; BC_NODE_NONE for NULL. */
BC_API bc_node_type bc_node_type_of(const bc_node *node);
/*
 * Tree navigation. Each returns the neighbour of NODE, or NULL when there is
 * none or NODE is NULL. Nodes are owned by their document and stay valid
 * until it is freed; reading them from several threads at once is safe.
 */
/** The parent of NODE. */
BC_API const bc_node *bc_node_parent(const bc_node *node);
/** The first child of NODE. */
BC_API const bc_node *bc_node_first_child(const bc_node *node);
/** The last child of NODE. */
BC_API const bc_node *bc_node_last_child(const bc_node *node);
/** The next sibling of NODE. */
BC_API const bc_node *bc_node_next(const bc_node *node);
/** The previous sibling of NODE. */
BC_API const bc_node *bc_node_prev(const bc_node *node);
/** Source position of the node in its input (1-based), 0 when unknown. */
BC_API int bc_node_line(const bc_node *node);
/** Source column of the node (1-based, in characters), 0 when unknown. */
BC_API int bc_node_column(const bc_node *node);

/**
 * Text of TEXT, CODE and CODE_BLOCK nodes, "" for other types; *LEN (if not
 * NULL) receives its length in bytes. Owned by the document.
 */
BC_API const char *bc_node_literal(const bc_node *node, size_t *len);
/** Info string of a fenced CODE_BLOCK ("" if none). */
BC_API const char *bc_node_code_info(const bc_node *node);
/**
 * HEADING level, counted from the document: 1 for a top-level part or
 * section (Heading 1 in DOCX, <h2> in HTML, ## in Markdown), deeper for
 * nested sections and for headings inside content. May exceed 6: clamp.
 */
BC_API int bc_node_heading_level(const bc_node *node);
/** Nesting depth of a SECTION (1 for a top-level section). */
BC_API int bc_node_section_depth(const bc_node *node);
/** Bullet or ordered, for a LIST; 0 for other nodes. */
BC_API bc_list_type bc_node_list_type(const bc_node *node);
/** First number of an ordered LIST (1 unless the source said otherwise). */
BC_API int bc_node_list_start(const bc_node *node);
/** True when a LIST is tight (its items' paragraphs need no spacing). */
BC_API bool bc_node_list_tight(const bc_node *node);
/** Nesting level of a LIST among LISTs (0 for an outermost list). */
BC_API int bc_node_list_level(const bc_node *node);
/** URL of a LINK, or of a REFERENCE ("" if it has none). */
BC_API const char *bc_node_url(const bc_node *node);
/** Title of a LINK ("" if none). */
BC_API const char *bc_node_link_title(const bc_node *node);
/**
 * True for a LINK written as a bare address (an autolink: "https://x.org",
 * "www.x.org", an e-mail address), whose text is its URL; false for a link
 * written [with text](url). Since ABI 1.1.
 */
BC_API bool bc_node_link_is_autolink(const bc_node *node);
/** Number of columns of a TABLE; 0 for other nodes. */
BC_API int bc_node_table_columns(const bc_node *node);
/** Alignment of column COL (0-based) of a TABLE. */
BC_API bc_align bc_node_table_align(const bc_node *node, int col);
/** True for the first (header) row of a TABLE. */
BC_API bool bc_node_table_row_is_header(const bc_node *node);
/** Number of references a CITATION cites (at least 1). */
BC_API int bc_node_citation_count(const bc_node *node);
/** The 1-based number of the I-th reference a CITATION cites. */
BC_API int bc_node_citation_number(const bc_node *node, int i);
/** The id of the I-th reference a CITATION cites. */
BC_API const char *bc_node_citation_id(const bc_node *node, int i);
/** The 1-based number of a REFERENCE. */
BC_API int bc_node_reference_number(const bc_node *node);
/** The id of a REFERENCE, "" if it has none. */
BC_API const char *bc_node_reference_id(const bc_node *node);

/**
 * The node's text with all markup removed (citations as "(1, 3)", breaks as
 * spaces), for titles and metadata. Caller frees (free()); NULL on OOM.
 */
BC_API char *bc_node_plain_text(const bc_node *node);
/**
 * A stable anchor for a HEADING (a section's heading included), for links
 * into a page and tables of contents: its text without citations as a
 * slug of lower-case ASCII letters, digits and '-' ("what-it-means"; "h" for
 * a heading with no such characters), followed by "-2", "-3", ... when
 * earlier headings of the document have the same slug, so that it is
 * unique within the document and the same from run to run. Writes it into
 * BUF (always NUL-terminated when SIZE > 0) and returns its length; 0 for a
 * node that is not a HEADING. Linear in the headings before NODE.
 * Since ABI 1.1.
 */
BC_API size_t bc_node_anchor(const bc_node *node, char *buf, size_t size);
/**
 * As bc_node_plain_text, with citations left out (and the space before
 * each): for a title in metadata, a running header, an index or a feed,
 * where "(1)" points nowhere. Caller frees; NULL on OOM. Since ABI 1.1.
 */
BC_API char *bc_node_plain_text_without_citations(const bc_node *node);

/* ------------------------------------------------------------------ */
/* Iterator: an enter/exit walk of a subtree, as in cmark              */
/* ------------------------------------------------------------------ */

/** What bc_iter_next reports: entering or leaving a node, or the end of the walk. */
typedef enum bc_event {
    BC_EVENT_NONE = 0,
    BC_EVENT_DONE,
    BC_EVENT_ENTER,
    BC_EVENT_EXIT
} bc_event;

/** An enter/exit walk of a subtree (bc_iter_new); one per thread. */
typedef struct bc_iter bc_iter;

/**
 * A walk of ROOT and everything below it. Container nodes are visited twice
 * (ENTER, then EXIT after their children); leaf nodes (TEXT, CODE,
 * CODE_BLOCK, THEMATIC_BREAK, SOFTBREAK, LINEBREAK, CITATION) once, with
 * ENTER. NULL on OOM. Caller frees (bc_iter_free). Needs no recursion, so
 * any depth is safe.
 */
BC_API bc_iter *bc_iter_new(const bc_node *root);
/** Frees an iterator (not the tree it walks); NULL is a no-op. */
BC_API void bc_iter_free(bc_iter *iter);
/** Advances; returns the event for the node now current, DONE at the end. */
BC_API bc_event bc_iter_next(bc_iter *iter);
/** The node of the current event; NULL before the first bc_iter_next and after DONE. */
BC_API const bc_node *bc_iter_node(const bc_iter *iter);
/** The current event (the one bc_iter_next last returned); BC_EVENT_NONE for NULL. */
BC_API bc_event bc_iter_event(const bc_iter *iter);
/**
 * Jumps to the exit event of the current container (skips its children):
 * called on an ENTER, the next bc_iter_next returns that container's EXIT.
 */
BC_API void bc_iter_skip_children(bc_iter *iter);
/** True for node types visited with ENTER only. */
BC_API bool bc_node_type_is_leaf(bc_node_type type);

/* ------------------------------------------------------------------ */
/* Reading a document                                                  */
/* ------------------------------------------------------------------ */

/** Dates: MONTH and DAY are 0 when the date gives only a year or year-month. */
typedef struct bc_date {
    int year;
    int month;
    int day;
} bc_date;

/** True when the document has that field (a required field always has). */
BC_API bool bc_document_has(const bc_document *doc, bc_field field);
/**
 * The printed label of a field: the briefing's `labels` override, else the
 * format's default. Owned by the document or static.
 */
BC_API const char *bc_document_label(const bc_document *doc, bc_field field);
/**
 * Text of a TEXT or DATE field, NULL when absent. Dates come in words in the
 * document's language ("22 September 2016", "August 2017", "2017"); free-text
 * `published` comes as written. For LANG, the tag (never NULL).
 */
BC_API const char *bc_document_text(const bc_document *doc, bc_field field);
/** The date of a DATE field; false when absent or when published is free text. */
BC_API bool bc_document_date(const bc_document *doc, bc_field field, bc_date *out);
/**
 * The node of an INLINE field (a BC_NODE_INLINES) or a CONTENT field (a
 * BC_NODE_CONTENT; for SECTIONS its children are SECTIONs, for REFERENCES its
 * children are REFERENCEs). NULL when absent.
 */
BC_API const bc_node *bc_document_field(const bc_document *doc, bc_field field);
/** Number of tags (0 if none). */
BC_API size_t bc_document_tag_count(const bc_document *doc);
/** The I-th tag in file order; NULL when I is out of range. Owned by the document. */
BC_API const char *bc_document_tag(const bc_document *doc, size_t i);
/** Number of references (0 if none). */
BC_API int bc_document_reference_count(const bc_document *doc);
/**
 * The REFERENCE node numbered NUMBER (1-based, as citations give it:
 * bc_node_citation_number), or NULL when there is none. Since ABI 1.1.
 */
BC_API const bc_node *bc_document_reference(const bc_document *doc, int number);
/** The name the document was read from (e.g. the input path); "" if none. */
BC_API const char *bc_document_source_name(const bc_document *doc);

/* Extensions: `x-` keys, kept as plain values and never printed. */
/** The kind of an extension value: a string, a sequence or a mapping, as in YAML. */
typedef enum bc_value_kind {
    BC_VALUE_STRING = 1,
    BC_VALUE_SEQUENCE,
    BC_VALUE_MAPPING
} bc_value_kind;
/** An extension's value: opaque, owned by its document. */
typedef struct bc_value bc_value;

/** Number of `x-` extensions (0 if none). */
BC_API size_t bc_document_extension_count(const bc_document *doc);
/** Key ("x-owner") and value of the I-th extension, in file order. */
BC_API const char *bc_document_extension_key(const bc_document *doc, size_t i);
/** The value of the I-th extension; NULL when I is out of range. Owned by the document. */
BC_API const bc_value *bc_document_extension(const bc_document *doc, size_t i);
/** The value of extension KEY, or NULL. */
BC_API const bc_value *bc_document_extension_get(const bc_document *doc, const char *key);
/** The kind of V; 0 for NULL. */
BC_API bc_value_kind bc_value_kind_of(const bc_value *v);
/** Text of a STRING value, NULL for other kinds. */
BC_API const char *bc_value_string(const bc_value *v);
/** Number of items of a SEQUENCE or entries of a MAPPING, 0 for a STRING. */
BC_API size_t bc_value_count(const bc_value *v);
/** The I-th item of a SEQUENCE or value of a MAPPING; NULL for a STRING or I out of range. */
BC_API const bc_value *bc_value_item(const bc_value *v, size_t i);
/** Key of the I-th entry of a MAPPING, NULL for other kinds. */
BC_API const char *bc_value_key(const bc_value *v, size_t i);

/* ------------------------------------------------------------------ */
/* Building a document (input plugins)                                 */
/* ------------------------------------------------------------------ */

/*
 * Setters copy the text they are given into the document (the caller keeps
 * its own), replace characters XML cannot carry (see the top of this file)
 * and check that it is valid UTF-8. They return 0, or -1 on OOM or invalid
 * UTF-8. Nodes belong to the document from birth: never free one.
 */

/** A new empty document (lang "en-GB"). NULL on OOM. Caller frees. */
BC_API bc_document *bc_document_new(void);
/** Frees a document and everything in it; NULL is a no-op. */
BC_API void bc_document_free(bc_document *doc);
/**
 * Records the name the document is read from (the input path), for
 * messages; copied, and bytes that are not UTF-8 replaced. The host does
 * this for bc_read_file; 0, or -1 on OOM or a NULL argument.
 */
BC_API int bc_document_set_source_name(bc_document *doc, const char *name);
/** Sets a TEXT field, or free text for PUBLISHED, or LANG. */
BC_API int bc_document_set_text(bc_document *doc, bc_field field, const char *s, size_t len);
/** Sets a DATE field; the date must be valid (see bc_date_is_valid). */
BC_API int bc_document_set_date(bc_document *doc, bc_field field, bc_date date);
/** Sets an INLINE or CONTENT field to NODE (an INLINES or CONTENT node of DOC). */
BC_API int bc_document_set_field(bc_document *doc, bc_field field, bc_node *node);
/** Sets the label printed for FIELD (from the briefing's `labels`), replacing the default. */
BC_API int bc_document_set_label(bc_document *doc, bc_field field, const char *s, size_t len);
/** Appends a tag (plain text). */
BC_API int bc_document_add_tag(bc_document *doc, const char *s, size_t len);
/** Appends extension KEY (an `x-` key) with VALUE, a value made with bc_value_new for DOC. */
BC_API int bc_document_add_extension(bc_document *doc, const char *key, size_t len, bc_value *value);
/**
 * Numbers references and checks what needs the whole document: called by
 * the host once an input plugin returns the document. After it the document
 * is read-only. Returns 0, or -1 with ERR set (at the offending node).
 *
 * What it guarantees every output plugin, so none needs defences of its own:
 * - what may hold what: INLINES, PARAGRAPH, HEADING, TABLE_CELL, REFERENCE,
 *   EMPH, STRONG, STRIKETHROUGH and LINK hold only inline nodes; a body
 *   CONTENT field, an ITEM and a BLOCK_QUOTE hold only body blocks
 *   (PARAGRAPH, HEADING, LIST, BLOCK_QUOTE, CODE_BLOCK, THEMATIC_BREAK,
 *   TABLE); the SECTIONS field only SECTIONs and the REFERENCES field only
 *   REFERENCEs; a SECTION its HEADING first, then body blocks, then
 *   SECTIONs; a LIST only ITEMs; a TABLE one or more TABLE_ROWs; a
 *   TABLE_ROW only TABLE_CELLs;
 * - no LINK holds a LINK, at any depth;
 * - bc_node_table_columns is at least 1 and every row has exactly that many
 *   cells: a table left at 0 columns takes its widest row's count and
 *   shorter rows get empty cells; a longer row is an error;
 * - every citation number names a reference (bc_document_reference is
 *   non-NULL for it).
 */
BC_API int bc_document_finish(bc_document *doc, bc_error *err);

/** A new node of DOC, NULL on OOM. Owned by DOC. */
BC_API bc_node *bc_node_new(bc_document *doc, bc_node_type type, int line, int column);
/** Appends CHILD (parentless, same document) as the last child of PARENT. */
BC_API void bc_node_append_child(bc_node *parent, bc_node *child);
/** Removes NODE from its parent (it stays owned by the document). */
BC_API void bc_node_unlink(bc_node *node);
/** Mutable access to children, for input plugins rewriting their tree. */
BC_API bc_node *bc_node_first_child_mut(bc_node *node);
/** Mutable access to the next sibling (see bc_node_first_child_mut). */
BC_API bc_node *bc_node_next_mut(bc_node *node);
/** Sets the text of a TEXT, CODE or CODE_BLOCK node; -1 for other types. */
BC_API int bc_node_set_literal(bc_node *node, const char *s, size_t len);
/** Sets the info string of a fenced CODE_BLOCK; -1 for other types. */
BC_API int bc_node_set_code_info(bc_node *node, const char *s, size_t len);
/**
 * Sets a HEADING's level relative to where it stands: for a heading inside
 * content, its CommonMark level (1 for "#"); bc_document_finish then adds the
 * depth of the part or section holding it (1 for summary etc.), so "#" in a
 * summary ends up at level 2. A section's own heading (its first child)
 * needs no level: finish gives it the section's depth.
 */
BC_API void bc_node_set_heading_level(bc_node *node, int level);
/** Sets a LIST's type, first number (ordered lists) and tightness; ignored for other nodes. */
BC_API void bc_node_set_list(bc_node *node, bc_list_type type, int start, bool tight);
/** Sets URL of a LINK or REFERENCE; -1 also when the scheme is not allowed. */
BC_API int bc_node_set_url(bc_node *node, const char *s, size_t len);
/** Sets the title of a LINK; -1 for other types. */
BC_API int bc_node_set_link_title(bc_node *node, const char *s, size_t len);
/** Sets a TABLE's column count and alignments (ALIGNS may be NULL). */
BC_API int bc_node_set_table_columns(bc_node *node, int columns, const bc_align *aligns);
/** Adds a cited reference id to a CITATION (numbers resolved by finish). */
BC_API int bc_node_add_citation_id(bc_node *node, const char *id, size_t len);
/** Sets the id of a REFERENCE (what citations name); -1 for other types. */
BC_API int bc_node_set_reference_id(bc_node *node, const char *id, size_t len);

/**
 * A new extension value of KIND for DOC (owned by DOC, never freed alone):
 * an empty string, sequence or mapping. NULL on OOM, a bad KIND or a
 * finished document.
 */
BC_API bc_value *bc_value_new(bc_document *doc, bc_value_kind kind);
/** Sets the text of a STRING value; -1 for other kinds. */
BC_API int bc_value_set_string(bc_value *v, const char *s, size_t len);
/** Appends ITEM (a value of the same document) to a SEQUENCE; -1 for other kinds. */
BC_API int bc_value_append(bc_value *seq, bc_value *item);
/** Adds entry KEY with value ITEM (of the same document) to a MAPPING, in order; -1 for other kinds. */
BC_API int bc_value_put(bc_value *map, const char *key, size_t len, bc_value *item);

/* ------------------------------------------------------------------ */
/* Text utilities shared by plugins                                    */
/* ------------------------------------------------------------------ */

/** True when [S, S+LEN) is valid UTF-8 (no overlongs, no surrogates). */
BC_API bool bc_utf8_valid(const char *s, size_t len);
/**
 * Decodes one code point at S (LEN bytes available) into *CP; returns the
 * bytes used (1..4), or 1 with *CP = 0xFFFD for an invalid sequence.
 */
BC_API int bc_utf8_decode(const char *s, size_t len, uint32_t *cp);
/** Display width of a code point in a terminal: 0, 1 or 2 (East Asian wide, emoji). */
BC_API int bc_codepoint_width(uint32_t cp);
/** Display width of a UTF-8 string. */
BC_API size_t bc_utf8_width(const char *s, size_t len);
/**
 * True when URL (after the leading spaces and control characters a browser
 * would strip) has an allowed scheme, compared without regard to case:
 * http, https or mailto. Every renderer that prints a live link checks it.
 */
BC_API bool bc_url_is_allowed(const char *url, size_t len);
/**
 * True for a real date: a year 1 to 9999, with a month (1-12) or none
 * (then no day), and a day that exists in that month (leap years too) or none.
 */
BC_API bool bc_date_is_valid(bc_date date);
/**
 * Writes DATE in words for LANG ("22 September 2016" for en-GB) into BUF;
 * returns the length, as snprintf. Unknown languages use English words.
 */
BC_API size_t bc_date_format(bc_date date, const char *lang, char *buf, size_t size);
/** Writes DATE as ISO 8601 ("2016-09-22", "2017-08", "2017"), as snprintf. */
BC_API size_t bc_date_format_iso(bc_date date, char *buf, size_t size);
/**
 * The day DATE falls on, counted from 1970-01-01 (day 0), so that two dates
 * subtract to a number of days. A date without a day counts as the first of
 * its month, one without a month as 1 January: a briefing "due for review
 * May 2018" is due on 1 May 2018, so that the chasing starts in time. Since
 * ABI 1.1.
 */
BC_API long bc_date_days(bc_date date);
/** The date of day DAYS counted as bc_date_days does. Since ABI 1.1. */
BC_API bc_date bc_date_from_days(long days);
/**
 * Today, for outputs that depend on it (what is due for review), taken from
 * OVERRIDE ("YYYY-MM-DD", e.g. an option's value; NULL or "" for none), else
 * the environment's SOURCE_DATE_EPOCH (seconds, UTC), else the clock (UTC),
 * so that a run can be made again byte for byte. 0, or -1 with ERR set (a
 * malformed OVERRIDE or SOURCE_DATE_EPOCH). Since ABI 1.1.
 */
BC_API int bc_date_today(const char *override, bc_date *out, bc_error *err);

/* ------------------------------------------------------------------ */
/* Sinks: where output plugins write their bytes                       */
/* ------------------------------------------------------------------ */

/*
 * Output plugins never open files: they write to a sink. Writes are
 * buffered. The first failure sticks: later writes do nothing and return -1,
 * and bc_sink_status gives the errno value, so a plugin may write freely and
 * check once at the end (the host checks too).
 */
typedef struct bc_sink bc_sink;

/**
 * Writes LEN bytes of DATA. 0, or -1 when this or an earlier write failed
 * (bc_sink_status tells why). Not for use by two threads at once.
 */
BC_API int bc_sink_write(bc_sink *sink, const void *data, size_t len);
/** Writes the NUL-terminated string S (without the NUL); as bc_sink_write. */
BC_API int bc_sink_puts(bc_sink *sink, const char *s);
/** Writes the byte C; as bc_sink_write. */
BC_API int bc_sink_putc(bc_sink *sink, int c);
/** Writes printf-style formatted text (any length); as bc_sink_write. */
BC_API int bc_sink_printf(bc_sink *sink, const char *fmt, ...) BC_PRINTF(2, 3);
/** As bc_sink_printf, with a va_list (for a plugin's own printf-like helpers). Since ABI 1.1. */
BC_API int bc_sink_vprintf(bc_sink *sink, const char *fmt, va_list ap) BC_PRINTF(2, 0);
/** 0 while every write has succeeded, else the errno value of the first failure. */
BC_API int bc_sink_status(const bc_sink *sink);
/** Bytes accepted so far. */
BC_API uint64_t bc_sink_bytes(const bc_sink *sink);

/** Host side: a sink that collects bytes in memory. NULL on OOM. Caller frees. */
BC_API bc_sink *bc_sink_new_memory(void);
/** The bytes a memory sink holds; owned by the sink. NULL for other sinks. */
BC_API const unsigned char *bc_sink_memory_data(const bc_sink *sink, size_t *len);
/** A sink writing to file descriptor FD (not closed by the sink). Caller frees. */
BC_API bc_sink *bc_sink_new_fd(int fd);
/** Where a callback sink's bytes go: returns 0, or an errno value that fails the sink. */
typedef int (*bc_sink_write_fn)(void *user, const void *data, size_t len);
/**
 * A sink handing its bytes to WRITE_FN with USER, in the writing thread.
 * NULL when WRITE_FN is NULL or on OOM. Caller frees (bc_sink_free).
 */
BC_API bc_sink *bc_sink_new_callback(bc_sink_write_fn write_fn, void *user);
/** Writes out buffered bytes; returns 0 or -1 (see bc_sink_status). */
BC_API int bc_sink_flush(bc_sink *sink);
/** Frees a sink without flushing it; NULL is a no-op. */
BC_API void bc_sink_free(bc_sink *sink);

/* ------------------------------------------------------------------ */
/* Options: NAME=VALUE settings a plugin declares in its descriptor    */
/* ------------------------------------------------------------------ */

/** A plugin's option values for one run: opaque, read-only to plugins, safe to share between threads. */
typedef struct bc_options bc_options;

/**
 * The value of option NAME as the user set it, else its declared default;
 * NULL when the plugin declares no such option. Owned by OPTS.
 */
BC_API const char *bc_options_get(const bc_options *opts, const char *name);
/** The value as an integer (the host has checked its type); DEFAULT_VALUE if absent. */
BC_API long long bc_options_get_int(const bc_options *opts, const char *name, long long default_value);
/** The value as a boolean (true/false, yes/no, on/off, 1/0); DEFAULT_VALUE if absent. */
BC_API bool bc_options_get_bool(const bc_options *opts, const char *name, bool default_value);

#ifdef __cplusplus
}
#endif
#endif /* BRIEFCONV_H */
