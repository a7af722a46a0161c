/*
 * docx.h — internals of the DOCX output plugin, shared by its source files.
 *
 * One source file per package part, as libxlsxwriter does: each part writer
 * takes the render context and an open docx_xml and writes one complete XML
 * part. packager.c lists the parts and zips them. Nothing here is exported
 * from the plugin (the build hides every symbol but briefconv_plugin); the
 * unit tests link the objects and call these functions directly.
 *
 * Lengths in the page set-up are twentieths of a point ("twips"), as in
 * WordprocessingML.
 */
#ifndef BRIEFCONV_DOCX_H
#define BRIEFCONV_DOCX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include <briefconv/briefconv.h>

#include "../common/buf.h"

/* ------------------------------------------------------------------ */
/* Namespaces, relationship and content types                          */
/* ------------------------------------------------------------------ */

#define DOCX_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOCX_NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define DOCX_NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define DOCX_NS_CT "http://schemas.openxmlformats.org/package/2006/content-types"

#define DOCX_RT "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define DOCX_RT_OFFICE_DOCUMENT DOCX_RT "officeDocument"
#define DOCX_RT_CORE "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
#define DOCX_RT_APP DOCX_RT "extended-properties"
#define DOCX_RT_STYLES DOCX_RT "styles"
#define DOCX_RT_NUMBERING DOCX_RT "numbering"
#define DOCX_RT_SETTINGS DOCX_RT "settings"
#define DOCX_RT_FONT_TABLE DOCX_RT "fontTable"
#define DOCX_RT_HEADER DOCX_RT "header"
#define DOCX_RT_FOOTER DOCX_RT "footer"
#define DOCX_RT_THEME DOCX_RT "theme"
#define DOCX_RT_HYPERLINK DOCX_RT "hyperlink"
#define DOCX_RT_IMAGE DOCX_RT "image"

#define DOCX_CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define DOCX_CT_DOCUMENT DOCX_CT_WML "document.main+xml"
#define DOCX_CT_STYLES DOCX_CT_WML "styles+xml"
#define DOCX_CT_NUMBERING DOCX_CT_WML "numbering+xml"
#define DOCX_CT_SETTINGS DOCX_CT_WML "settings+xml"
#define DOCX_CT_FONT_TABLE DOCX_CT_WML "fontTable+xml"
#define DOCX_CT_HEADER DOCX_CT_WML "header+xml"
#define DOCX_CT_FOOTER DOCX_CT_WML "footer+xml"
#define DOCX_CT_THEME "application/vnd.openxmlformats-officedocument.theme+xml"
#define DOCX_CT_CORE "application/vnd.openxmlformats-package.core-properties+xml"
#define DOCX_CT_APP "application/vnd.openxmlformats-officedocument.extended-properties+xml"
#define DOCX_CT_RELS "application/vnd.openxmlformats-package.relationships+xml"

/*
 * Relationship ids of word/document.xml.rels. The fixed parts always have
 * these ids (a theme's id is kept free when there is none), and the n-th
 * hyperlink (0-based) is "rId" DOCX_RID_FIRST_LINK + n, so ids depend only
 * on the document.
 */
enum {
    DOCX_RID_STYLES = 1,
    DOCX_RID_NUMBERING,
    DOCX_RID_SETTINGS,
    DOCX_RID_FONT_TABLE,
    DOCX_RID_HEADER,
    DOCX_RID_FOOTER,
    DOCX_RID_THEME,
    DOCX_RID_FIRST_LINK
};

/* ------------------------------------------------------------------ */
/* xml.c: the XML writer and the one place text is escaped             */
/* ------------------------------------------------------------------ */

/* Growable byte buffers: plugins/common/buf.h (bcp_buf). */

/*
 * Appends S as XML character data (ATTR false) or as an attribute value
 * (ATTR true, double-quoted): escapes & < > (and " in attributes), keeps
 * TAB and LF (as character references in attributes, where a parser would
 * otherwise normalise them to spaces), and replaces whatever XML 1.0 cannot
 * carry by U+FFFD: C0 controls, CR, U+FFFE, U+FFFF and bytes that are not
 * valid UTF-8. Returns 0 or -1 on OOM.
 */
int docx_xml_escape(bcp_buf *out, const char *s, size_t len, bool attr);

/*
 * Appends URL in the form a relationship target needs (an xsd:anyURI that
 * Word accepts): bytes outside the URI character set (space, controls,
 * non-ASCII, "<>\"{}|\\^`") are percent-encoded; existing %XX stay. The
 * result still needs docx_xml_escape for the attribute. 0 or -1 on OOM.
 */
int docx_uri_escape(bcp_buf *out, const char *url, size_t len);

/*
 * A part being written: markup gathered here, with an element stack of our
 * own, and handed to an xmlTextWriter on an xmlBuffer in large chunks (see
 * xml.c for why). Calls never fail one by one; the first failure sticks in
 * `failed` and docx_xml_finish reports it, so writers stay readable.
 * Element and attribute names must be string literals (or otherwise
 * outlive the element): they are kept, not copied.
 */
typedef struct docx_xml {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    bcp_buf out;       /* markup not yet handed to the writer */
    const char **stack; /* names of the open elements */
    size_t depth, cap;
    bool open; /* the start tag of the innermost element is not yet closed */
    bool failed;
} docx_xml;

/* Opens a part and writes the XML declaration. 0 or -1 on OOM. */
int docx_xml_open(docx_xml *x);
/* Closes every open element; 0, or -1 when any call has failed. */
int docx_xml_finish(docx_xml *x);
/* The finished bytes, owned by X. */
const unsigned char *docx_xml_data(const docx_xml *x, size_t *len);
/* Hands the xmlBuffer over to the caller (who frees it with xmlBufferFree). */
xmlBufferPtr docx_xml_take(docx_xml *x);
/* Frees whatever X still owns; safe on a zeroed or disposed value. */
void docx_xml_dispose(docx_xml *x);

void docx_xml_start(docx_xml *x, const char *name);
void docx_xml_end(docx_xml *x);
/* An attribute of the element just started (before any content); VALUE is escaped. */
void docx_xml_attr(docx_xml *x, const char *name, const char *value);
void docx_xml_attr_len(docx_xml *x, const char *name, const char *value, size_t len);
void docx_xml_attr_int(docx_xml *x, const char *name, long long value);
/* Character data, escaped and sanitised. */
void docx_xml_text(docx_xml *x, const char *s, size_t len);
/* <NAME/> */
void docx_xml_empty(docx_xml *x, const char *name);
/* <NAME w:val="VALUE"/> */
void docx_xml_val(docx_xml *x, const char *name, const char *value);
void docx_xml_val_int(docx_xml *x, const char *name, long long value);
/* <NAME>TEXT</NAME> */
void docx_xml_leaf(docx_xml *x, const char *name, const char *text);

/* An attribute for docx_xml_begin / docx_xml_element: a string, or a number when STR is NULL. */
typedef struct docx_attr {
    const char *name; /* a string literal, as for docx_xml_attr */
    const char *str;  /* escaped when written */
    long long num;
} docx_attr;

#define DOCX_STR(name, value) ((docx_attr){(name), (value), 0})
#define DOCX_NUM(name, value) ((docx_attr){(name), NULL, (value)})

/* Starts NAME with the N attributes of ATTRS, in order; content and docx_xml_end follow. */
void docx_xml_begin_attrs(docx_xml *x, const char *name, const docx_attr *attrs, size_t n);
/* <NAME A="V" .../>: NAME with the N attributes of ATTRS and nothing inside. */
void docx_xml_element_attrs(docx_xml *x, const char *name, const docx_attr *attrs, size_t n);

/*
 * The same with the attributes listed in the call, which is how the parts
 * use them: docx_xml_element(x, "w:tab", DOCX_STR("w:val", "left"),
 * DOCX_NUM("w:pos", 720)). The list is a compound literal on the stack.
 */
#define DOCX_ATTRS(...) \
    (const docx_attr[]){__VA_ARGS__}, sizeof((const docx_attr[]){__VA_ARGS__}) / sizeof(docx_attr)
#define docx_xml_begin(x, name, ...) docx_xml_begin_attrs((x), (name), DOCX_ATTRS(__VA_ARGS__))
#define docx_xml_element(x, name, ...) docx_xml_element_attrs((x), (name), DOCX_ATTRS(__VA_ARGS__))
/* <w:t> with xml:space="preserve" when the text has edge spaces. */
void docx_xml_wt(docx_xml *x, const char *s, size_t len);

/* ------------------------------------------------------------------ */
/* styles.c                                                            */
/* ------------------------------------------------------------------ */

/* The styles the body refers to. */
typedef enum docx_style {
    DOCX_STYLE_NORMAL,
    DOCX_STYLE_TITLE,
    DOCX_STYLE_SUBTITLE,
    DOCX_STYLE_HEADING1,
    DOCX_STYLE_HEADING2,
    DOCX_STYLE_HEADING3,
    DOCX_STYLE_HEADING4,
    DOCX_STYLE_HEADING5,
    DOCX_STYLE_HEADING6,
    DOCX_STYLE_LIST_BULLET,
    DOCX_STYLE_LIST_NUMBER,
    DOCX_STYLE_LIST_CONTINUE,
    DOCX_STYLE_QUOTE,
    DOCX_STYLE_SOURCE_CODE,
    DOCX_STYLE_NOTICE,
    DOCX_STYLE_HEADER,
    DOCX_STYLE_FOOTER,
    DOCX_STYLE_DEFAULT_FONT,
    DOCX_STYLE_HYPERLINK,
    DOCX_STYLE_VERBATIM,
    DOCX_STYLE_TABLE_NORMAL,
    DOCX_STYLE_TABLE_GRID,
    DOCX_STYLE_DETAILS_TABLE,
    DOCX_STYLE_NO_LIST,
    DOCX_STYLE_COUNT
} docx_style;

/* Our style id ("Heading1") and Word's name ("heading 1"); static. */
const char *docx_style_default_id(docx_style s);
const char *docx_style_name(docx_style s);
/* "paragraph", "character", "table" or "numbering"; static. */
const char *docx_style_type(docx_style s);

/* ------------------------------------------------------------------ */
/* Render context                                                      */
/* ------------------------------------------------------------------ */

typedef struct docx_page {
    long width, height;
    long top, right, bottom, left;
    long header, footer, gutter;
    bool landscape;
} docx_page;

/* A4 or US Letter portrait, 2.54 cm margins. */
void docx_page_default(docx_page *page, bool letter);

/* A list instance (w:num) of numbering.xml; its numId is its index + 1. */
typedef struct docx_list {
    bc_list_type type;
    int start; /* ordered lists */
    int level; /* the w:ilvl its items use */
} docx_list;

/* A part copied verbatim from a reference document. */
typedef struct docx_blob {
    char *name;         /* zip entry name: "word/media/image1.png" */
    char *content_type; /* for [Content_Types].xml; NULL for a .rels part */
    unsigned char *data;
    size_t len;
} docx_blob;

/* What a reference document (template) contributes; see reference_doc.c. */
typedef struct docx_template {
    xmlBufferPtr styles;                   /* merged styles.xml, or NULL */
    char *style_id[DOCX_STYLE_COUNT];      /* the template's id for each of our styles */
    bool has_page;
    docx_page page;
    bool has_header, has_footer, has_theme, has_font_table;
    docx_blob *parts; /* header/footer (as word/header1.xml, word/footer1.xml), theme, rels, media */
    size_t nparts;
} docx_template;

/*
 * Everything a render needs, on the stack of one render call: nothing is
 * shared between renders, so documents render in parallel threads.
 */
typedef struct docx_ctx {
    const bc_document *doc;
    docx_page page;
    const char *style_id[DOCX_STYLE_COUNT];
    const docx_template *tpl; /* NULL without reference-doc */
    /* Collected while the body is written, read by the later parts. */
    const char **links; /* URLs of external hyperlinks, owned by DOC */
    size_t nlinks, caplinks;
    docx_list *lists;
    size_t nlists, caplists;
    bc_error *err;
} docx_ctx;

/* Sets the page and the style ids (ours, or the template's). */
void docx_ctx_init(docx_ctx *ctx, const bc_document *doc, bool letter, const docx_template *tpl,
                   bc_error *err);
void docx_ctx_dispose(docx_ctx *ctx);
/* Registers an external hyperlink; returns its relationship number, or -1 on OOM. */
int docx_ctx_add_link(docx_ctx *ctx, const char *url);
/* Registers a list instance; returns its numId (>= 1), or -1 on OOM. */
int docx_ctx_add_list(docx_ctx *ctx, bc_list_type type, int start, int level);
/* Width of the text column in twips. */
long docx_ctx_text_width(const docx_ctx *ctx);

/* ------------------------------------------------------------------ */
/* Part writers: each writes one whole part into an opened docx_xml    */
/* ------------------------------------------------------------------ */

struct docx_packed;

typedef struct docx_part {
    const char *name;         /* zip entry name */
    const char *content_type; /* Override in [Content_Types].xml, NULL for .rels */
    const unsigned char *data;
    size_t len;
    xmlBufferPtr owned; /* freed with the package, may be NULL */
    bool shared;        /* usually byte-identical in every document of a run (compress.c) */
    /*
     * DATA already deflated at the level of the zip, or NULL: a template's
     * parts, the same in every document of a run, are deflated once at open.
     */
    const struct docx_packed *packed;
} docx_part;

void docx_write_document(docx_ctx *ctx, docx_xml *x);   /* document.c */
void docx_write_styles(docx_ctx *ctx, docx_xml *x);     /* styles.c */
void docx_write_numbering(docx_ctx *ctx, docx_xml *x);  /* numbering.c */
void docx_write_settings(docx_ctx *ctx, docx_xml *x);   /* settings.c */
void docx_write_font_table(docx_ctx *ctx, docx_xml *x); /* font_table.c */
void docx_write_header(docx_ctx *ctx, docx_xml *x);     /* header_footer.c */
void docx_write_footer(docx_ctx *ctx, docx_xml *x);
void docx_write_core_props(docx_ctx *ctx, docx_xml *x); /* core_props.c */
void docx_write_app_props(docx_ctx *ctx, docx_xml *x);  /* app_props.c */
void docx_write_package_rels(docx_ctx *ctx, docx_xml *x);  /* relationships.c */
void docx_write_document_rels(docx_ctx *ctx, docx_xml *x);
/* One Relationship element of a .rels part (also the template's header and footer rels). */
void docx_write_relationship(docx_xml *x, const char *id, const char *type, const char *target, bool external);
/* [Content_Types].xml for the parts listed. */
void docx_write_content_types(const docx_part *parts, size_t nparts, docx_xml *x);

/*
 * The creation/modification time for core.xml as "YYYY-MM-DDThh:mm:ssZ":
 * the briefing's `updated`, else `published` (when a date), else
 * SOURCE_DATE_EPOCH, else none (returns false). Never the clock.
 */
bool docx_core_date(const bc_document *doc, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* reference_doc.c                                                     */
/* ------------------------------------------------------------------ */

/* Limits for a reference document, which is untrusted input. */
#define DOCX_TEMPLATE_MAX_FILE (64L * 1024 * 1024)
#define DOCX_TEMPLATE_MAX_PART (16L * 1024 * 1024)
#define DOCX_TEMPLATE_MAX_ENTRIES 10000
#define DOCX_TEMPLATE_MAX_MEDIA 64

/*
 * Reads the template at PATH into TPL (zeroed by the caller). Returns 0, or
 * -1 with ERR set to a message naming PATH. Free with docx_template_dispose
 * either way.
 */
int docx_template_load(docx_template *tpl, const char *path, const char *lang, bc_error *err);
/* As docx_template_load, from bytes in memory (tests, fuzzing). */
int docx_template_load_memory(docx_template *tpl, const void *data, size_t len, const char *name,
                              const char *lang, bc_error *err);
void docx_template_dispose(docx_template *tpl);

/* ------------------------------------------------------------------ */
/* compress.c, packager.c                                              */
/* ------------------------------------------------------------------ */

/*
 * Compression level of every entry (libdeflate's scale, the same as
 * zlib's for 1-9). Measured on 1,000 batch briefings (bench data, -j 1,
 * side by side): level 6 gives 10,649-byte files on average at ~1.0 ms of
 * CPU per briefing, level 5 files 1.3 % larger at ~0.87 ms, level 4 2.3 %
 * larger at about the same time as 5, level 1 7.5 % larger. Level 5: the
 * attachment stays within a few hundred bytes of the smallest, and a batch
 * spends an eighth less time.
 */
#ifndef DOCX_DEFLATE_LEVEL
#define DOCX_DEFLATE_LEVEL 5
#endif

/* One part, deflated, as its zip entry holds it. */
typedef struct docx_packed {
    const unsigned char *data; /* raw deflate stream */
    size_t len;                /* its length */
    size_t size;               /* the part's own length */
    uint32_t crc;              /* CRC-32 of the part */
} docx_packed;

/*
 * What a run keeps to deflate its documents faster: idle compressors and
 * the deflated bytes of shared parts seen before (compress.c). One per run,
 * used by every render thread of it at once (it has its own lock).
 */
typedef struct docx_deflater docx_deflater;

/* A new, empty deflater; NULL on OOM. */
docx_deflater *docx_deflater_new(void);
/* Frees D and all it kept, when no render uses it any more; NULL is a no-op. */
void docx_deflater_free(docx_deflater *d);

/*
 * Deflates PARTS at LEVEL into PACKED (NPARTS entries). Their data points
 * into *BUF (caller frees; NULL when no part needed deflating here, and on
 * failure), into a part's own `packed`, or into bytes D keeps for a shared
 * part seen before (valid until docx_deflater_free). D may be NULL: a
 * compressor for this call alone, nothing kept or reused. 0, or -1 with ERR
 * set. Thread-safe on one D.
 */
int docx_deflate_parts(docx_deflater *d, const docx_part *parts, size_t nparts, int level, docx_packed *packed,
                       unsigned char **buf, bc_error *err);

typedef struct docx_options {
    bool letter;
    const char *reference_doc; /* path or NULL */
} docx_options;

/*
 * A run of the DOCX writer: the plugin's instance state (packager.c). It
 * holds what every document of the run shares: the options, the reference
 * document read, checked and merged once, its parts deflated once, and
 * the run's deflater. Read-only after docx_run_open but for the deflater,
 * which locks, so documents render from several threads at once.
 */
typedef struct docx_run docx_run;

/*
 * Opens a run with OPTS (copied: OPTS may go after the call). Reads the
 * reference document, if any. NULL with ERR set ("out of memory", or a
 * message naming the reference document).
 */
docx_run *docx_run_open(const docx_options *opts, bc_error *err);
/* Frees RUN, after its last render; NULL is a no-op. */
void docx_run_close(docx_run *run);
/* Writes DOC as a .docx to SINK. 0, or -1 with ERR set. Thread-safe on one RUN. */
int docx_run_render(docx_run *run, const bc_document *doc, bc_sink *sink, bc_error *err);
/* Writes DOC as a .docx to SINK through a run for this one document. 0, or -1 with ERR set. */
int docx_render(const bc_document *doc, const docx_options *opts, bc_sink *sink, bc_error *err);

/*
 * Zips PARTS in their order (the first must be [Content_Types].xml) with
 * fixed entry times, in memory, deflated through D (may be NULL, see
 * docx_deflate_parts), and writes the archive to SINK. 0 or -1 with ERR set.
 */
int docx_zip(docx_deflater *d, const docx_part *parts, size_t nparts, int level, bc_sink *sink, bc_error *err);

#endif /* BRIEFCONV_DOCX_H */
