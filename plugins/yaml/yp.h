/*
 * yp.h — internals of the YAML input plugin. Everything here is hidden
 * (-fvisibility=hidden): the plugin exports only `briefconv_plugin`.
 *
 * One read is one yp_ctx, owned by the read call, so reads on different
 * threads share nothing. The YAML is consumed as libyaml events, validated
 * against the briefing format as they arrive (no intermediate tree), and
 * each Markdown scalar is parsed with cmark-gfm and converted into document
 * nodes while its event is still current.
 *
 * The declarations are grouped by the file that defines them, lowest layer
 * first: a file calls only functions of the groups before its own (the
 * layering is in README.md).
 */
#ifndef YP_H
#define YP_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <briefconv/plugin.h>
#include <cmark-gfm.h>
#include <yaml.h>

#include "../common/buf.h"
#include "../common/strset.h"

/* Option defaults: a 100-page briefing is about 300 KiB, 600 YAML nodes and
 * 30,000 Markdown nodes, nested a few levels. */
#define YP_DEFAULT_MAX_SIZE "16M"
#define YP_DEFAULT_MAX_DEPTH "64"
#define YP_DEFAULT_MAX_NODES "1000000"

/* ---------------------------------------------------------------- cmark's memory (yp_cmheap.c) */
/* cmark-gfm's memory for one read: every block cmark holds,
 * so that all can be freed after cmark ran out of memory half-way. */
typedef union yp_cmblock {
    struct {
        union yp_cmblock *prev, *next;
    } l;
    max_align_t align; /* what follows the header is aligned as malloc's */
} yp_cmblock;

typedef struct yp_cmheap {
    yp_cmblock blocks;        /* list head */
    jmp_buf *escape;          /* where an allocation failure jumps; NULL outside cmark */
} yp_cmheap;

/* The allocator to give cmark; it never returns NULL (it jumps instead). */
cmark_mem *yp_cmheap_mem(void);
void yp_cmheap_init(yp_cmheap *heap);
/* From here on, cmark's allocations on this thread belong to HEAP and a
 * failure longjmps to ESCAPE; until yp_cmheap_leave or _release. */
void yp_cmheap_enter(yp_cmheap *heap, jmp_buf *escape);
void yp_cmheap_leave(yp_cmheap *heap);
/* Frees every block cmark still holds in HEAP (after an escape). */
void yp_cmheap_release(yp_cmheap *heap);
/* cmark_gfm_core_extensions_ensure_registered, but -1 instead of abort()
 * when memory runs out. Once, before any read. */
int yp_cmheap_register_extensions(void);
/* Exported by libcmark-gfm but declared in no installed header: frees the
 * registry of syntax extensions that registration fills. */
void cmark_release_plugins(void);

/* ---------------------------------------------------------------- one read */
typedef struct yp_limits {
    size_t max_size;     /* bytes of input */
    int max_depth;       /* YAML nesting; Markdown nesting inside one value */
    long long max_nodes; /* YAML nodes plus Markdown nodes */
} yp_limits;

/* A scalar as libyaml gave it, with where it starts in the file. */
typedef struct yp_scalar {
    const char *s; /* not NUL-terminated; owned by the current event */
    size_t len;
    yaml_scalar_style_t style;
    size_t index;  /* start mark: character index, 0-based */
    int line, col; /* start mark, 1-based */
} yp_scalar;

/* Growable byte buffers for scratch text: plugins/common/buf.h (bcp_buf). */

typedef struct yp_ctx {
    bc_error *err;
    bc_document *doc;
    yp_limits lim;
    const char *name; /* the input's name, for warnings */
    bool smart;       /* smart punctuation (-O smart) */
    bool warn;        /* warnings to standard error (-O warnings) */
    int warnings;     /* warnings so far, shown or not */
    bcp_buf smart_buf; /* a plain string with smart punctuation (yp_text.c) */

    /* The whole input (read under max-size), for positions inside scalars. */
    const unsigned char *src;
    size_t src_len;
    size_t bom; /* 3 when the input starts with a UTF-8 byte order mark */

    yaml_parser_t parser;
    bool parser_ready;
    yaml_event_t ev; /* the current event, valid while have_ev */
    bool have_ev;
    bool ev_cleaned; /* its control characters dealt with (yp_ev_scalar) */
    int depth;       /* YAML collections open around the current event */
    long long nodes; /* YAML + Markdown nodes so far */

    /* Forward cursor mapping libyaml's character indexes to byte offsets. */
    size_t cur_char, cur_byte;

    cmark_parser *md;
    yp_cmheap md_heap;          /* md and every node it made (yp_cmheap.c) */
    volatile bool md_locked;    /* inline_pass_lock held (yp_markdown.c) */
    bcp_buf image;               /* an image's description being gathered */
    cmark_node_type md_table, md_row, md_cell, md_strike;
    bool no_fast_path; /* tests: always run cmark (see yp_markdown.c) */
    bcp_buf scratch;   /* Markdown text handed to cmark when it is rewritten */
    bcp_buf pending;   /* text not yet made a node, so neighbours merge (yp_markdown.c) */
    bcp_buf fixed;     /* cmark output repaired to UTF-8 (yp_markdown.c) */
    int32_t *map;     /* text-node character map (see yp_cite.c) */
    size_t map_cap;
    struct yp_frame *frames; /* conversion stack (see yp_markdown.c) */
    size_t frame_cap;
} yp_ctx;

/* ---------------------------------------------------------------- key sets (yp_util.c) */

/* A set of keys (or ids) with the line each was first seen on. */
typedef struct yp_keyset {
    bcp_strset keys;
    bcp_buf lines; /* one int per key, by its number in KEYS */
} yp_keyset;
/* 0 when added, 1 when already there (*FIRST_LINE set), -1 on OOM. */
int yp_keyset_add(yp_keyset *ks, const char *s, size_t len, int line, int *first_line);
/* The set's copy of the key added last (the set must not be empty), valid
 * until the next add. */
const char *yp_keyset_last(const yp_keyset *ks, size_t *len);
void yp_keyset_free(yp_keyset *ks);

/* ---------------------------------------------------------------- values (yp_check.c) */
/* Parses a date: 0 with *OUT set; else -1 and a message in MSG ("" when the
 * text does not even look like a date). */
int yp_parse_date(const char *s, size_t len, bc_date *out, char *msg, size_t msg_size);
bool yp_looks_like_date(const char *s, size_t len);
/* Checks an absolute http/https/mailto URL; NULL if fine, else why not. */
const char *yp_check_url(const char *s, size_t len, char *why, size_t why_size);
bool yp_lang_ok(const char *s, size_t len);
/* True when [S, S+LEN) is a reference id that a citation can name. */
bool yp_id_ok(const char *s, size_t len);
bool yp_id_char(unsigned char ch, bool first);
/* The candidate nearest KEY, or NULL when none is close enough. */
const char *yp_suggest(const char *key, size_t len, const char *const *candidates, size_t n);
/* Writes KEY quoted and shortened for a message ("\"sumary\""). */
void yp_quote(char *out, size_t size, const char *s, size_t len);
/* Parses a YAML integer (plain scalar); false when not one. */
bool yp_parse_int(const char *s, size_t len, long long *out);

/* ---------------------------------------------------------------- positions (yp_pos.c) */
/* 1-based line and column (in characters) of byte offset OFF of the input. */
void yp_pos_of_offset(const yp_ctx *c, size_t off, int *line, int *col);
/* Byte offset in the input of libyaml's character index INDEX. */
size_t yp_byte_of_index(yp_ctx *c, size_t index);

/* Maps offsets in a scalar's value back to the file, resumably. */
typedef struct yp_walk {
    const yp_scalar *sc;
    bool started, lost;
    size_t v, s; /* offsets in the value and in the input */
    int line, col;
} yp_walk;
void yp_walk_init(yp_walk *w, const yp_scalar *sc);
void yp_walk_pos(yp_ctx *c, yp_walk *w, size_t value_off, int *line, int *col);

/* Finds where lines start in a text, for cmark's 1-based line numbers. */
typedef struct yp_lines {
    const char *s;
    size_t len;
    int line;     /* 1-based line whose start is START */
    size_t start;
} yp_lines;
void yp_lines_init(yp_lines *l, const char *s, size_t len);
/* Byte offset of the start of LINE (clamped to the text); of its end in *END. */
size_t yp_lines_start(yp_lines *l, int line, size_t *end);

/* ---------------------------------------------------------------- events (yp_events.c) */
/* Replaces the current event with the next one; -1 with the error set. */
int yp_next(yp_ctx *c);
void yp_event_done(yp_ctx *c);
/* 1-based position of an event's start. */
int yp_ev_line(const yaml_event_t *ev);
int yp_ev_col(const yaml_event_t *ev);
/* As it was written: for keys, which errors quote (escaped) and never print. */
yp_scalar yp_ev_scalar_raw(const yp_ctx *c);
/* "a string", "a sequence", "a mapping": what the current event starts. */
const char *yp_ev_kind_name(const yaml_event_t *ev);
/* A plain scalar that YAML reads as null: empty, ~, null, Null, NULL. */
bool yp_scalar_is_null(const yp_ctx *c);
/* A null, or a string of nothing but blanks. */
bool yp_scalar_is_blank(const yp_ctx *c);
/* Counts one node against max-nodes; -1 with the error set at LINE:COL. */
int yp_count_nodes(yp_ctx *c, long long n, int line, int col);
/* Sets an out-of-memory error; returns -1. */
int yp_oom(yp_ctx *c);

/* ---------------------------------------------------------------- text (yp_text.c) */
/* Warnings shown per file; the rest are counted in one last line. */
#define YP_MAX_WARNINGS 20
/* "FILE:LINE:COL: warning: MESSAGE" on standard error (see yp_text.c for why there). */
void yp_warn(yp_ctx *c, int line, int col, const char *fmt, ...) BC_PRINTF(4, 5);
/* The count of warnings past YP_MAX_WARNINGS, at the end of a read. */
void yp_warn_summary(yp_ctx *c);
enum { YP_KEEP, YP_SPACE, YP_DROP };
/* What becomes of a code point: kept, a space, or dropped. */
int yp_control_kind(uint32_t cp);
/* Reports a replaced or dropped character at LINE:COL. */
void yp_warn_control(yp_ctx *c, int line, int col, uint32_t cp, int kind);
/* The current event as a value (the event must be a SCALAR): its control
 * characters replaced or dropped, with warnings, the first time it is read. */
yp_scalar yp_ev_scalar(yp_ctx *c);
/* A plain string with smart punctuation (when on): S itself, or a copy valid
 * until the next call; NULL on OOM (error set). */
const char *yp_smart_text(yp_ctx *c, const char *s, size_t *len);

/* ---------------------------------------------------------------- one Markdown value (yp_mdsrc.c) */
/*
 * One Markdown value being converted: the text cmark parsed, how it maps
 * back to the YAML value (a backslash inserted, leading blanks trimmed) and
 * from there to the file (LINES, WALK), and the text waiting to be merged.
 */
typedef struct yp_mdsrc {
    const yp_scalar *sc;
    const char *md;   /* the text given to cmark */
    size_t md_len;
    size_t ins_at;    /* where a backslash was inserted (SIZE_MAX: none) */
    size_t trimmed;   /* bytes of leading blanks dropped from the value */
    yp_lines lines;
    yp_walk walk;
    size_t cursor;    /* where the last located text node ended (yp_cite.c) */
    size_t budget;    /* bytes the search for text nodes may still compare */
    bc_node *pending_parent; /* where ctx->pending goes; NULL when empty */
} yp_mdsrc;
/* M for SC, whose value (or a rewrite of it) cmark is given as MD. */
void yp_mdsrc_init(yp_mdsrc *m, const yp_scalar *sc, const char *md, size_t len);
/* File position of cmark's (LINE, COL) in the Markdown text. */
void yp_md_pos(yp_ctx *c, yp_mdsrc *m, int line, int col, int *out_line, int *out_col);
/* File position of byte MD_OFF of the Markdown text. */
void yp_md_value_pos(yp_ctx *c, yp_mdsrc *m, size_t md_off, int *line, int *col);
/* S as valid UTF-8: S itself, or a repaired copy valid until the next call;
 * NULL on OOM (error set). */
const char *yp_md_utf8(yp_ctx *c, const char *s, size_t *len);
/* Adds text to PARENT, merged with text just before it. */
int yp_md_text(yp_ctx *c, yp_mdsrc *m, bc_node *parent, const char *s, size_t len);
/* Places the text waiting to be merged (at the end of a value). */
int yp_md_flush(yp_ctx *c, yp_mdsrc *m);
/* A new node of TYPE, counted, after any pending text is placed. */
bc_node *yp_md_node(yp_ctx *c, yp_mdsrc *m, bc_node_type type, int line, int col);

/* ---------------------------------------------------------------- citations (yp_cite.c) */
/* Appends cmark text node TEXT to PARENT, splitting out [@id] and [@a; @b]
 * citations (only when ALLOW_CITATIONS: not inside links). */
int yp_cite_text(yp_ctx *c, yp_mdsrc *m, cmark_node *text, bc_node *parent, bool allow_citations);

/* ---------------------------------------------------------------- Markdown (yp_markdown.c) */
int yp_md_init(yp_ctx *c);
void yp_md_free(yp_ctx *c);
/* Appends the blocks of Markdown scalar SC to PARENT. */
int yp_md_blocks(yp_ctx *c, const yp_scalar *sc, bc_node *parent);
/* Appends the inlines of SC, which must be one paragraph, to PARENT. NAME
 * names the key in errors. */
int yp_md_inlines(yp_ctx *c, const yp_scalar *sc, bc_node *parent, const char *name);

/* ---------------------------------------------------------------- collections (yp_collections.c) */
/* Wrong type: "NAME must be EXPECTED, not a sequence" at the current event. */
int yp_wrong_type(yp_ctx *c, const char *name, const char *expected);
/* A new node of TYPE at the current event, owned by the document (not yet
 * linked); NULL on OOM (error set). */
bc_node *yp_ev_node(yp_ctx *c, bc_node_type type);
/* The current event as the string value of key NAME: 1 with *OUT, 0 when
 * blank and not REQUIRED, -1 (error set) when not a string or blank and
 * REQUIRED ("NAME must not be empty"). */
int yp_scalar_value(yp_ctx *c, const char *name, bool required, yp_scalar *out);
/* Drops leading and trailing blanks (spaces, tabs, line breaks). */
void yp_trim(const char **s, size_t *len);
/* The current event as a URL for key NAME: 1 with *S, *LEN (trimmed), 0 when
 * blank, -1 when not a good URL (error set). */
int yp_url_value(yp_ctx *c, const char *name, const char **s, size_t *len);
/* "duplicate key "K" (first at line N)" at KEY; returns -1. */
int yp_duplicate_key(yp_ctx *c, const yp_scalar *key, int first_line);

/* The number of elements of array A. */
#define YP_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The most keys one mapping's table may hold. */
#define YP_MAX_KEYS 32

/* One key a mapping may hold. */
typedef struct yp_key_spec {
    const char *name;
    /* Reads the key's value, the current event; TARGET is yp_read_mapping's. */
    int (*read)(yp_ctx *c, void *target, int arg);
    int arg;              /* passed to READ: a bc_field, mostly */
    const char *required; /* NULL when optional; else what the error for its absence
                           * adds after `missing required key "NAME"[ in WHERE]` */
} yp_key_spec;

/* What a mapping may hold, in the order "did you mean" prefers. */
typedef struct yp_mapping {
    const char *where; /* "section": in errors ("unknown key "x" in section"); NULL at the top */
    const yp_key_spec *keys;
    size_t count;      /* at most YP_MAX_KEYS */
    /* A key none of KEYS names, as the current event: 0 when it read the key
     * and its value, 1 to call it an unknown key, -1 on error. NULL: all are unknown. */
    int (*other)(yp_ctx *c, void *target, const yp_scalar *key);
} yp_mapping;

/* Reads the mapping whose start is the current event, to its end: each key
 * once, its value through its reader (given TARGET, which the caller owns);
 * a missing required key is an error at the mapping's start. No allocation:
 * the keys seen are tracked on the stack. 0, or -1 with the error set. */
int yp_read_mapping(yp_ctx *c, const yp_mapping *m, void *target);
/* Calls ITEM at each item of the sequence whose start is the current event,
 * to its end. 0, or -1 with the error set. */
int yp_read_items(yp_ctx *c, int (*item)(yp_ctx *c, void *target), void *target);
/* The value of list-valued key NAME: blank is as if absent (0); anything but
 * a sequence "NAME must be EXPECTED"; else yp_read_items. */
int yp_read_list_value(yp_ctx *c, const char *name, const char *expected, int (*item)(yp_ctx *c, void *target),
                       void *target);

/* ---------------------------------------------------------------- structured values (yp_parts.c) */
/* Content: Markdown text, or a YAML list of items, appended to PARENT. */
int yp_read_content(yp_ctx *c, const char *name, bc_node *parent);
/* The values of sections and references, appended to PARENT. */
int yp_read_sections(yp_ctx *c, bc_node *parent);
int yp_read_references(yp_ctx *c, bc_node *parent);
/* The values of tags and labels, set on the document. */
int yp_read_tags(yp_ctx *c);
int yp_read_labels(yp_ctx *c);
/* An x- key, KEY (the current event), and its value: KEYS holds the keys
 * seen so far (a second time is an error). On success *VALUE is the value
 * (owned by the document) and *NAME, *LEN the key, KEYS's copy, valid until
 * the next key is added to KEYS. */
int yp_read_extension_entry(yp_ctx *c, yp_keyset *keys, const yp_scalar *key, const char **name, size_t *len,
                            bc_value **value);

/* ---------------------------------------------------------------- the top level (yp_schema.c) */
int yp_read_stream(yp_ctx *c);

#endif
