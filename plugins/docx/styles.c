/*
 * styles.c — word/styles.xml.
 *
 * Word's built-in names and ids (Title, heading 1, List Bullet, Quote,
 * Hyperlink, Table Grid, ...) so that "Modify style", the navigation pane
 * and a table of contents work on the result as on any Word document; where
 * Word has no built-in, pandoc's names (Source Code, Verbatim Char), so a
 * pandoc reference document styles our output too.
 *
 * The look: Arial (LibreOffice substitutes the metric-compatible Liberation
 * Sans), NHS Blue (#005EB8) headings, NHS greys for secondary text.
 */
#include "docx.h"

#define FONT_BODY "Arial"
#define FONT_CODE "Courier New"
#define NHS_BLUE "005EB8"
#define NHS_DARK_BLUE "003087"
#define NHS_DARK_GREY "425563"
#define NHS_MID_GREY "768692"
#define NHS_PALE_GREY "E8EDEE"
#define RULE_GREY "AEB7BD"

enum {
    F_DEFAULT = 1u << 0,    /* the default style of its type */
    F_QFORMAT = 1u << 1,    /* shown in the quick style gallery */
    F_HIDDEN = 1u << 2,     /* semiHidden + unhideWhenUsed, as Word's own */
    P_KEEP_NEXT = 1u << 3,  /* paragraph: keepNext */
    P_KEEP_LINES = 1u << 4, /* paragraph: keepLines */
    P_WORD_WRAP = 1u << 5,  /* paragraph: wordWrap (code) */
    P_PAGE_TABS = 1u << 6,  /* paragraph: a centre and a right stop across the page (header, footer) */
    R_BOLD = 1u << 7,
    R_ITALIC = 1u << 8,
    R_UNDERLINE = 1u << 9,
    T_NO_INDENT = 1u << 10 /* table: tblInd 0 */
};

typedef struct border {
    const char *side;
    int size, space;
    const char *color;
} border;

/* One style of styles.xml: what Word shows in "Modify style", as data. */
typedef struct style_def {
    const char *id, *name, *type;
    docx_style based_on, next; /* the style itself: none */
    int ui_priority;           /* 0: none */
    unsigned flags;
    struct {
        bool on;
        int before, after, line; /* before, after: -1 for none; line: 0 for none */
    } spacing;
    int indent_left, indent_right; /* 0: none */
    int outline;                   /* outline level + 1; 0: none */
    const border *borders;         /* pBdr, or tblBorders of a table style; NBORDERS of them */
    int nborders;
    const char *shade;             /* paragraph fill */
    const char *font, *color;
    int kern, size; /* half points; 0: none */
    int cell_top;   /* table styles: top and bottom cell margin */
} style_def;

#define SPACING(before, after, line) .spacing = {true, (before), (after), (line)}
#define BORDERS(list) .borders = (list), .nborders = (int)(sizeof(list) / sizeof((list)[0]))
#define PARAGRAPH "paragraph"
#define NORMAL DOCX_STYLE_NORMAL
#define HEADING(n, before, after, half_points, colour, flags)                                               \
    [DOCX_STYLE_HEADING##n] = {"Heading" #n, "heading " #n, PARAGRAPH, NORMAL, NORMAL, 9,                   \
                               F_QFORMAT | P_KEEP_NEXT | P_KEEP_LINES | (flags), SPACING(before, after, 0), \
                               .outline = (n), .color = (colour), .size = (half_points)}

static const border quote_rule[] = {{"w:left", 18, 8, NHS_BLUE}};
static const border notice_rule[] = {{"w:top", 4, 6, RULE_GREY}};
static const border grid_rules[] = {{"w:top", 4, 0, RULE_GREY},     {"w:left", 4, 0, RULE_GREY},
                                    {"w:bottom", 4, 0, RULE_GREY},  {"w:right", 4, 0, RULE_GREY},
                                    {"w:insideH", 4, 0, RULE_GREY}, {"w:insideV", 4, 0, RULE_GREY}};
static const border details_rules[] = {
    {"w:top", 8, 0, NHS_BLUE}, {"w:bottom", 8, 0, NHS_BLUE}, {"w:insideH", 4, 0, NHS_PALE_GREY}};

/*
 * In the order of styles.xml, which is the enum's. List indents come from
 * numbering.xml; the list styles set the rhythm.
 */
static const style_def styles[DOCX_STYLE_COUNT] = {
    [DOCX_STYLE_NORMAL] = {"Normal", "Normal", PARAGRAPH, NORMAL, NORMAL, 0, F_DEFAULT | F_QFORMAT},
    [DOCX_STYLE_TITLE] = {"Title", "Title", PARAGRAPH, NORMAL, NORMAL, 10, F_QFORMAT | P_KEEP_NEXT | R_BOLD,
                          SPACING(-1, 120, 240), .color = NHS_BLUE, .kern = 28, .size = 44},
    [DOCX_STYLE_SUBTITLE] = {"Subtitle", "Subtitle", PARAGRAPH, NORMAL, NORMAL, 11, F_QFORMAT, SPACING(-1, 240, 0),
                             .color = NHS_DARK_GREY, .size = 28},
    HEADING(1, 400, 120, 32, NHS_BLUE, R_BOLD),
    HEADING(2, 280, 80, 28, NHS_BLUE, F_HIDDEN | R_BOLD),
    HEADING(3, 240, 80, 24, NHS_DARK_BLUE, F_HIDDEN | R_BOLD),
    HEADING(4, 200, 60, 22, NHS_DARK_BLUE, F_HIDDEN | R_BOLD),
    HEADING(5, 200, 60, 22, NHS_DARK_GREY, F_HIDDEN | R_BOLD | R_ITALIC),
    HEADING(6, 200, 60, 22, NHS_DARK_GREY, F_HIDDEN | R_ITALIC),
    [DOCX_STYLE_LIST_BULLET] = {"ListBullet", "List Bullet", PARAGRAPH, NORMAL, DOCX_STYLE_LIST_BULLET, 99,
                                F_HIDDEN, SPACING(-1, 80, 0)},
    [DOCX_STYLE_LIST_NUMBER] = {"ListNumber", "List Number", PARAGRAPH, NORMAL, DOCX_STYLE_LIST_NUMBER, 99,
                                F_HIDDEN, SPACING(-1, 80, 0)},
    [DOCX_STYLE_LIST_CONTINUE] = {"ListContinue", "List Continue", PARAGRAPH, NORMAL, DOCX_STYLE_LIST_CONTINUE, 99,
                                  F_HIDDEN, SPACING(-1, 80, 0), .indent_left = 360},
    [DOCX_STYLE_QUOTE] = {"Quote", "Quote", PARAGRAPH, NORMAL, NORMAL, 29, F_QFORMAT | R_ITALIC,
                          SPACING(120, 160, 0), .indent_left = 284, .indent_right = 567, BORDERS(quote_rule),
                          .color = NHS_DARK_GREY},
    [DOCX_STYLE_SOURCE_CODE] = {"SourceCode", "Source Code", PARAGRAPH, NORMAL, NORMAL, 0, P_WORD_WRAP,
                                SPACING(-1, 160, 240), .shade = "F0F4F5", .font = FONT_CODE, .size = 19},
    [DOCX_STYLE_NOTICE] = {"Notice", "Notice", PARAGRAPH, NORMAL, DOCX_STYLE_NOTICE, 0, F_QFORMAT | R_ITALIC,
                           SPACING(360, 80, 0), BORDERS(notice_rule), .color = NHS_DARK_GREY, .size = 18},
    [DOCX_STYLE_HEADER] = {"Header", "header", PARAGRAPH, NORMAL, DOCX_STYLE_HEADER, 99, F_HIDDEN | P_PAGE_TABS,
                           SPACING(-1, 0, 240), .color = NHS_MID_GREY, .size = 18},
    [DOCX_STYLE_FOOTER] = {"Footer", "footer", PARAGRAPH, NORMAL, DOCX_STYLE_FOOTER, 99, F_HIDDEN | P_PAGE_TABS,
                           SPACING(-1, 0, 240), .color = NHS_MID_GREY, .size = 18},
    [DOCX_STYLE_DEFAULT_FONT] = {"DefaultParagraphFont", "Default Paragraph Font", "character",
                                 DOCX_STYLE_DEFAULT_FONT, DOCX_STYLE_DEFAULT_FONT, 1, F_DEFAULT | F_HIDDEN},
    [DOCX_STYLE_HYPERLINK] = {"Hyperlink", "Hyperlink", "character", DOCX_STYLE_DEFAULT_FONT, DOCX_STYLE_HYPERLINK,
                              99, F_HIDDEN | R_UNDERLINE, .color = NHS_BLUE},
    [DOCX_STYLE_VERBATIM] = {"VerbatimChar", "Verbatim Char", "character", DOCX_STYLE_DEFAULT_FONT,
                             DOCX_STYLE_VERBATIM, 0, 0, .font = FONT_CODE},
    [DOCX_STYLE_TABLE_NORMAL] = {"TableNormal", "Normal Table", "table", DOCX_STYLE_TABLE_NORMAL,
                                 DOCX_STYLE_TABLE_NORMAL, 99, F_DEFAULT | F_HIDDEN | T_NO_INDENT},
    /* Content tables: a light grid. */
    [DOCX_STYLE_TABLE_GRID] = {"TableGrid", "Table Grid", "table", DOCX_STYLE_TABLE_NORMAL, DOCX_STYLE_TABLE_GRID,
                               39, 0, SPACING(40, 40, 240), BORDERS(grid_rules), .cell_top = 40},
    /* The details and record tables: rules between rows, none down the side, a size smaller. */
    [DOCX_STYLE_DETAILS_TABLE] = {"BriefingDetails", "Briefing Details", "table", DOCX_STYLE_TABLE_NORMAL,
                                  DOCX_STYLE_DETAILS_TABLE, 0, 0, SPACING(40, 40, 240), BORDERS(details_rules),
                                  .size = 20, .cell_top = 40},
    [DOCX_STYLE_NO_LIST] = {"NoList", "No List", "numbering", DOCX_STYLE_NO_LIST, DOCX_STYLE_NO_LIST, 99,
                            F_DEFAULT | F_HIDDEN},
};

const char *docx_style_default_id(docx_style s)
{
    return (unsigned)s < DOCX_STYLE_COUNT ? styles[s].id : "Normal";
}

const char *docx_style_name(docx_style s)
{
    return (unsigned)s < DOCX_STYLE_COUNT ? styles[s].name : "Normal";
}

const char *docx_style_type(docx_style s)
{
    return (unsigned)s < DOCX_STYLE_COUNT ? styles[s].type : "paragraph";
}

/*
 * Latin and complex-script text (Arial has Arabic and Hebrew); East Asian
 * text is left to the reader's default East Asian font, as neither Arial
 * nor Courier New has CJK glyphs.
 */
static void fonts(docx_xml *x, const char *font)
{
    docx_xml_element(x, "w:rFonts", DOCX_STR("w:ascii", font), DOCX_STR("w:hAnsi", font), DOCX_STR("w:cs", font));
}

static void size(docx_xml *x, int half_points)
{
    docx_xml_val_int(x, "w:sz", half_points);
    docx_xml_val_int(x, "w:szCs", half_points);
}

/* An empty element, twice: "w:b" and "w:bCs". */
static void toggle(docx_xml *x, const char *name, const char *complex)
{
    docx_xml_empty(x, name);
    docx_xml_empty(x, complex);
}

static void borders(docx_xml *x, const char *name, const style_def *d)
{
    docx_xml_start(x, name);
    for (int i = 0; i < d->nborders; i++) {
        const border *b = &d->borders[i];
        docx_xml_element(x, b->side, DOCX_STR("w:val", "single"), DOCX_NUM("w:sz", b->size),
                         DOCX_NUM("w:space", b->space), DOCX_STR("w:color", b->color));
    }
    docx_xml_end(x);
}

static void paragraph_properties(docx_xml *x, const style_def *d, bool table)
{
    unsigned f = d->flags;
    if (!d->spacing.on && !(f & (P_KEEP_NEXT | P_KEEP_LINES | P_WORD_WRAP | P_PAGE_TABS)) && !d->shade)
        return;
    docx_xml_start(x, "w:pPr");
    if (f & P_KEEP_NEXT)
        docx_xml_empty(x, "w:keepNext");
    if (f & P_KEEP_LINES)
        docx_xml_empty(x, "w:keepLines");
    if (d->nborders && !table)
        borders(x, "w:pBdr", d);
    if (d->shade)
        docx_xml_element(x, "w:shd", DOCX_STR("w:val", "clear"), DOCX_STR("w:color", "auto"),
                         DOCX_STR("w:fill", d->shade));
    if (f & P_PAGE_TABS) {
        docx_xml_start(x, "w:tabs");
        docx_xml_element(x, "w:tab", DOCX_STR("w:val", "center"), DOCX_NUM("w:pos", 4513));
        docx_xml_element(x, "w:tab", DOCX_STR("w:val", "right"), DOCX_NUM("w:pos", 9026));
        docx_xml_end(x);
    }
    if (f & P_WORD_WRAP)
        docx_xml_empty(x, "w:wordWrap");
    if (d->spacing.on) {
        docx_xml_start(x, "w:spacing");
        if (d->spacing.before >= 0)
            docx_xml_attr_int(x, "w:before", d->spacing.before);
        if (d->spacing.after >= 0)
            docx_xml_attr_int(x, "w:after", d->spacing.after);
        if (d->spacing.line > 0) {
            docx_xml_attr_int(x, "w:line", d->spacing.line);
            docx_xml_attr(x, "w:lineRule", "auto");
        }
        docx_xml_end(x);
    }
    if (d->indent_left) {
        docx_xml_begin(x, "w:ind", DOCX_NUM("w:left", d->indent_left));
        if (d->indent_right)
            docx_xml_attr_int(x, "w:right", d->indent_right);
        docx_xml_end(x);
    }
    if (d->outline)
        docx_xml_val_int(x, "w:outlineLvl", d->outline - 1);
    docx_xml_end(x);
}

static void run_properties(docx_xml *x, const style_def *d)
{
    unsigned f = d->flags;
    if (!d->font && !d->color && !d->kern && !d->size && !(f & (R_BOLD | R_ITALIC | R_UNDERLINE)))
        return;
    docx_xml_start(x, "w:rPr");
    if (d->font)
        fonts(x, d->font);
    if (f & R_BOLD)
        toggle(x, "w:b", "w:bCs");
    if (f & R_ITALIC)
        toggle(x, "w:i", "w:iCs");
    if (d->color)
        docx_xml_val(x, "w:color", d->color);
    if (d->kern)
        docx_xml_val_int(x, "w:kern", d->kern);
    if (d->size)
        size(x, d->size);
    if (f & R_UNDERLINE)
        docx_xml_val(x, "w:u", "single");
    docx_xml_end(x);
}

static void table_properties(docx_xml *x, const style_def *d)
{
    static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right"};
    docx_xml_start(x, "w:tblPr");
    if (d->flags & T_NO_INDENT)
        docx_xml_element(x, "w:tblInd", DOCX_NUM("w:w", 0), DOCX_STR("w:type", "dxa"));
    if (d->nborders)
        borders(x, "w:tblBorders", d);
    docx_xml_start(x, "w:tblCellMar");
    for (int i = 0; i < 4; i++)
        docx_xml_element(x, sides[i], DOCX_NUM("w:w", i % 2 ? 108 : d->cell_top), DOCX_STR("w:type", "dxa"));
    docx_xml_end(x);
    docx_xml_end(x);
}

static void style(docx_xml *x, docx_style s)
{
    const style_def *d = &styles[s];
    docx_xml_begin(x, "w:style", DOCX_STR("w:type", d->type));
    if (d->flags & F_DEFAULT)
        docx_xml_attr(x, "w:default", "1");
    docx_xml_attr(x, "w:styleId", d->id);
    docx_xml_val(x, "w:name", d->name);
    if (d->based_on != s)
        docx_xml_val(x, "w:basedOn", styles[d->based_on].id);
    if (d->next != s)
        docx_xml_val(x, "w:next", styles[d->next].id);
    if (d->ui_priority > 0)
        docx_xml_val_int(x, "w:uiPriority", d->ui_priority);
    if (d->flags & F_HIDDEN)
        toggle(x, "w:semiHidden", "w:unhideWhenUsed");
    if (d->flags & F_QFORMAT)
        docx_xml_empty(x, "w:qFormat");
    bool table = d->type[0] == 't';
    paragraph_properties(x, d, table);
    run_properties(x, d);
    if (table)
        table_properties(x, d);
    docx_xml_end(x);
}

static void doc_defaults(docx_ctx *ctx, docx_xml *x)
{
    docx_xml_start(x, "w:docDefaults");
    docx_xml_start(x, "w:rPrDefault");
    docx_xml_start(x, "w:rPr");
    fonts(x, FONT_BODY);
    size(x, 22);
    docx_xml_val(x, "w:lang", bc_document_text(ctx->doc, BC_FIELD_LANG));
    docx_xml_end(x);
    docx_xml_end(x);
    docx_xml_start(x, "w:pPrDefault");
    docx_xml_start(x, "w:pPr");
    docx_xml_element(x, "w:spacing", DOCX_NUM("w:after", 160), DOCX_NUM("w:line", 264),
                     DOCX_STR("w:lineRule", "auto"));
    docx_xml_end(x);
    docx_xml_end(x);
    docx_xml_end(x);
}

void docx_write_styles(docx_ctx *ctx, docx_xml *x)
{
    docx_xml_begin(x, "w:styles", DOCX_STR("xmlns:w", DOCX_NS_W));
    doc_defaults(ctx, x);
    for (int s = 0; s < DOCX_STYLE_COUNT; s++)
        style(x, (docx_style)s);
    docx_xml_end(x);
}
