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

static const struct {
    const char *id, *name, *type;
} style_table[DOCX_STYLE_COUNT] = {
    [DOCX_STYLE_NORMAL] = {"Normal", "Normal", "paragraph"},
    [DOCX_STYLE_TITLE] = {"Title", "Title", "paragraph"},
    [DOCX_STYLE_SUBTITLE] = {"Subtitle", "Subtitle", "paragraph"},
    [DOCX_STYLE_HEADING1] = {"Heading1", "heading 1", "paragraph"},
    [DOCX_STYLE_HEADING2] = {"Heading2", "heading 2", "paragraph"},
    [DOCX_STYLE_HEADING3] = {"Heading3", "heading 3", "paragraph"},
    [DOCX_STYLE_HEADING4] = {"Heading4", "heading 4", "paragraph"},
    [DOCX_STYLE_HEADING5] = {"Heading5", "heading 5", "paragraph"},
    [DOCX_STYLE_HEADING6] = {"Heading6", "heading 6", "paragraph"},
    [DOCX_STYLE_LIST_BULLET] = {"ListBullet", "List Bullet", "paragraph"},
    [DOCX_STYLE_LIST_NUMBER] = {"ListNumber", "List Number", "paragraph"},
    [DOCX_STYLE_LIST_CONTINUE] = {"ListContinue", "List Continue", "paragraph"},
    [DOCX_STYLE_QUOTE] = {"Quote", "Quote", "paragraph"},
    [DOCX_STYLE_SOURCE_CODE] = {"SourceCode", "Source Code", "paragraph"},
    [DOCX_STYLE_NOTICE] = {"Notice", "Notice", "paragraph"},
    [DOCX_STYLE_HEADER] = {"Header", "header", "paragraph"},
    [DOCX_STYLE_FOOTER] = {"Footer", "footer", "paragraph"},
    [DOCX_STYLE_DEFAULT_FONT] = {"DefaultParagraphFont", "Default Paragraph Font", "character"},
    [DOCX_STYLE_HYPERLINK] = {"Hyperlink", "Hyperlink", "character"},
    [DOCX_STYLE_VERBATIM] = {"VerbatimChar", "Verbatim Char", "character"},
    [DOCX_STYLE_TABLE_NORMAL] = {"TableNormal", "Normal Table", "table"},
    [DOCX_STYLE_TABLE_GRID] = {"TableGrid", "Table Grid", "table"},
    [DOCX_STYLE_DETAILS_TABLE] = {"BriefingDetails", "Briefing Details", "table"},
    [DOCX_STYLE_NO_LIST] = {"NoList", "No List", "numbering"},
};

const char *docx_style_default_id(docx_style s)
{
    return (unsigned)s < DOCX_STYLE_COUNT ? style_table[s].id : "Normal";
}

const char *docx_style_name(docx_style s)
{
    return (unsigned)s < DOCX_STYLE_COUNT ? style_table[s].name : "Normal";
}

const char *docx_style_type(docx_style s)
{
    return (unsigned)s < DOCX_STYLE_COUNT ? style_table[s].type : "paragraph";
}

enum {
    F_DEFAULT = 1u << 0, /* the default style of its type */
    F_QFORMAT = 1u << 1, /* shown in the quick style gallery */
    F_HIDDEN = 1u << 2   /* semiHidden + unhideWhenUsed, as Word's own */
};

static void style_begin(docx_xml *x, docx_style s, docx_style based_on, docx_style next, int ui_priority,
                        unsigned flags)
{
    docx_xml_start(x, "w:style");
    docx_xml_attr(x, "w:type", style_table[s].type);
    if (flags & F_DEFAULT)
        docx_xml_attr(x, "w:default", "1");
    docx_xml_attr(x, "w:styleId", style_table[s].id);
    docx_xml_val(x, "w:name", style_table[s].name);
    if (based_on != s)
        docx_xml_val(x, "w:basedOn", style_table[based_on].id);
    if (next != s)
        docx_xml_val(x, "w:next", style_table[next].id);
    if (ui_priority > 0)
        docx_xml_val_int(x, "w:uiPriority", ui_priority);
    if (flags & F_HIDDEN) {
        docx_xml_empty(x, "w:semiHidden");
        docx_xml_empty(x, "w:unhideWhenUsed");
    }
    if (flags & F_QFORMAT)
        docx_xml_empty(x, "w:qFormat");
}

/*
 * Latin and complex-script text (Arial has Arabic and Hebrew); East Asian
 * text is left to the reader's default East Asian font, as neither Arial
 * nor Courier New has CJK glyphs.
 */
static void fonts(docx_xml *x, const char *font)
{
    docx_xml_start(x, "w:rFonts");
    docx_xml_attr(x, "w:ascii", font);
    docx_xml_attr(x, "w:hAnsi", font);
    docx_xml_attr(x, "w:cs", font);
    docx_xml_end(x);
}

static void spacing(docx_xml *x, int before, int after, int line)
{
    docx_xml_start(x, "w:spacing");
    if (before >= 0)
        docx_xml_attr_int(x, "w:before", before);
    if (after >= 0)
        docx_xml_attr_int(x, "w:after", after);
    if (line > 0) {
        docx_xml_attr_int(x, "w:line", line);
        docx_xml_attr(x, "w:lineRule", "auto");
    }
    docx_xml_end(x);
}

static void border(docx_xml *x, const char *side, int size, int space, const char *color)
{
    docx_xml_start(x, side);
    docx_xml_attr(x, "w:val", "single");
    docx_xml_attr_int(x, "w:sz", size);
    docx_xml_attr_int(x, "w:space", space);
    docx_xml_attr(x, "w:color", color);
    docx_xml_end(x);
}

static void size(docx_xml *x, int half_points)
{
    docx_xml_val_int(x, "w:sz", half_points);
    docx_xml_val_int(x, "w:szCs", half_points);
}

static void cell_margins(docx_xml *x, int top, int side)
{
    docx_xml_start(x, "w:tblCellMar");
    static const char *const names[] = {"w:top", "w:left", "w:bottom", "w:right"};
    for (int i = 0; i < 4; i++) {
        docx_xml_start(x, names[i]);
        docx_xml_attr_int(x, "w:w", i % 2 ? side : top);
        docx_xml_attr(x, "w:type", "dxa");
        docx_xml_end(x);
    }
    docx_xml_end(x);
}

static void doc_defaults(docx_ctx *ctx, docx_xml *x)
{
    docx_xml_start(x, "w:docDefaults");
    docx_xml_start(x, "w:rPrDefault");
    docx_xml_start(x, "w:rPr");
    fonts(x, FONT_BODY);
    size(x, 22);
    docx_xml_start(x, "w:lang");
    docx_xml_attr(x, "w:val", bc_document_text(ctx->doc, BC_FIELD_LANG));
    docx_xml_end(x);
    docx_xml_end(x);
    docx_xml_end(x);
    docx_xml_start(x, "w:pPrDefault");
    docx_xml_start(x, "w:pPr");
    spacing(x, -1, 160, 264);
    docx_xml_end(x);
    docx_xml_end(x);
    docx_xml_end(x);
}

static void heading(docx_xml *x, int level)
{
    static const struct {
        int before, after, size;
        const char *color;
        bool bold, italic;
    } h[6] = {
        {400, 120, 32, NHS_BLUE, true, false},      {280, 80, 28, NHS_BLUE, true, false},
        {240, 80, 24, NHS_DARK_BLUE, true, false},  {200, 60, 22, NHS_DARK_BLUE, true, false},
        {200, 60, 22, NHS_DARK_GREY, true, true},   {200, 60, 22, NHS_DARK_GREY, false, true},
    };
    docx_style s = (docx_style)(DOCX_STYLE_HEADING1 + level - 1);
    style_begin(x, s, DOCX_STYLE_NORMAL, DOCX_STYLE_NORMAL, 9, F_QFORMAT | (level > 1 ? F_HIDDEN : 0));
    docx_xml_start(x, "w:pPr");
    docx_xml_empty(x, "w:keepNext");
    docx_xml_empty(x, "w:keepLines");
    spacing(x, h[level - 1].before, h[level - 1].after, 0);
    docx_xml_val_int(x, "w:outlineLvl", level - 1);
    docx_xml_end(x);
    docx_xml_start(x, "w:rPr");
    if (h[level - 1].bold) {
        docx_xml_empty(x, "w:b");
        docx_xml_empty(x, "w:bCs");
    }
    if (h[level - 1].italic) {
        docx_xml_empty(x, "w:i");
        docx_xml_empty(x, "w:iCs");
    }
    docx_xml_val(x, "w:color", h[level - 1].color);
    size(x, h[level - 1].size);
    docx_xml_end(x);
    docx_xml_end(x);
}

static void paragraph_styles(docx_xml *x)
{
    style_begin(x, DOCX_STYLE_NORMAL, DOCX_STYLE_NORMAL, DOCX_STYLE_NORMAL, 0, F_DEFAULT | F_QFORMAT);
    docx_xml_end(x);

    style_begin(x, DOCX_STYLE_TITLE, DOCX_STYLE_NORMAL, DOCX_STYLE_NORMAL, 10, F_QFORMAT);
    docx_xml_start(x, "w:pPr");
    docx_xml_empty(x, "w:keepNext");
    spacing(x, -1, 120, 240);
    docx_xml_end(x);
    docx_xml_start(x, "w:rPr");
    docx_xml_empty(x, "w:b");
    docx_xml_empty(x, "w:bCs");
    docx_xml_val(x, "w:color", NHS_BLUE);
    docx_xml_val_int(x, "w:kern", 28);
    size(x, 44);
    docx_xml_end(x);
    docx_xml_end(x);

    style_begin(x, DOCX_STYLE_SUBTITLE, DOCX_STYLE_NORMAL, DOCX_STYLE_NORMAL, 11, F_QFORMAT);
    docx_xml_start(x, "w:pPr");
    spacing(x, -1, 240, 0);
    docx_xml_end(x);
    docx_xml_start(x, "w:rPr");
    docx_xml_val(x, "w:color", NHS_DARK_GREY);
    size(x, 28);
    docx_xml_end(x);
    docx_xml_end(x);

    for (int level = 1; level <= 6; level++)
        heading(x, level);

    /* List indents come from numbering.xml; the styles set the rhythm. */
    style_begin(x, DOCX_STYLE_LIST_BULLET, DOCX_STYLE_NORMAL, DOCX_STYLE_LIST_BULLET, 99, F_HIDDEN);
    docx_xml_start(x, "w:pPr");
    spacing(x, -1, 80, 0);
    docx_xml_end(x);
    docx_xml_end(x);

    style_begin(x, DOCX_STYLE_LIST_NUMBER, DOCX_STYLE_NORMAL, DOCX_STYLE_LIST_NUMBER, 99, F_HIDDEN);
    docx_xml_start(x, "w:pPr");
    spacing(x, -1, 80, 0);
    docx_xml_end(x);
    docx_xml_end(x);

    style_begin(x, DOCX_STYLE_LIST_CONTINUE, DOCX_STYLE_NORMAL, DOCX_STYLE_LIST_CONTINUE, 99, F_HIDDEN);
    docx_xml_start(x, "w:pPr");
    spacing(x, -1, 80, 0);
    docx_xml_start(x, "w:ind");
    docx_xml_attr_int(x, "w:left", 360);
    docx_xml_end(x);
    docx_xml_end(x);
    docx_xml_end(x);

    style_begin(x, DOCX_STYLE_QUOTE, DOCX_STYLE_NORMAL, DOCX_STYLE_NORMAL, 29, F_QFORMAT);
    docx_xml_start(x, "w:pPr");
    docx_xml_start(x, "w:pBdr");
    border(x, "w:left", 18, 8, NHS_BLUE);
    docx_xml_end(x);
    spacing(x, 120, 160, 0);
    docx_xml_start(x, "w:ind");
    docx_xml_attr_int(x, "w:left", 284);
    docx_xml_attr_int(x, "w:right", 567);
    docx_xml_end(x);
    docx_xml_end(x);
    docx_xml_start(x, "w:rPr");
    docx_xml_empty(x, "w:i");
    docx_xml_empty(x, "w:iCs");
    docx_xml_val(x, "w:color", NHS_DARK_GREY);
    docx_xml_end(x);
    docx_xml_end(x);

    style_begin(x, DOCX_STYLE_SOURCE_CODE, DOCX_STYLE_NORMAL, DOCX_STYLE_NORMAL, 0, 0);
    docx_xml_start(x, "w:pPr");
    docx_xml_start(x, "w:shd");
    docx_xml_attr(x, "w:val", "clear");
    docx_xml_attr(x, "w:color", "auto");
    docx_xml_attr(x, "w:fill", "F0F4F5");
    docx_xml_end(x);
    docx_xml_empty(x, "w:wordWrap");
    spacing(x, -1, 160, 240);
    docx_xml_end(x);
    docx_xml_start(x, "w:rPr");
    fonts(x, FONT_CODE);
    size(x, 19);
    docx_xml_end(x);
    docx_xml_end(x);

    style_begin(x, DOCX_STYLE_NOTICE, DOCX_STYLE_NORMAL, DOCX_STYLE_NOTICE, 0, F_QFORMAT);
    docx_xml_start(x, "w:pPr");
    docx_xml_start(x, "w:pBdr");
    border(x, "w:top", 4, 6, RULE_GREY);
    docx_xml_end(x);
    spacing(x, 360, 80, 0);
    docx_xml_end(x);
    docx_xml_start(x, "w:rPr");
    docx_xml_empty(x, "w:i");
    docx_xml_empty(x, "w:iCs");
    docx_xml_val(x, "w:color", NHS_DARK_GREY);
    size(x, 18);
    docx_xml_end(x);
    docx_xml_end(x);

    for (int f = 0; f < 2; f++) {
        style_begin(x, f ? DOCX_STYLE_FOOTER : DOCX_STYLE_HEADER, DOCX_STYLE_NORMAL,
                    f ? DOCX_STYLE_FOOTER : DOCX_STYLE_HEADER, 99, F_HIDDEN);
        docx_xml_start(x, "w:pPr");
        docx_xml_start(x, "w:tabs");
        docx_xml_start(x, "w:tab");
        docx_xml_attr(x, "w:val", "center");
        docx_xml_attr_int(x, "w:pos", 4513);
        docx_xml_end(x);
        docx_xml_start(x, "w:tab");
        docx_xml_attr(x, "w:val", "right");
        docx_xml_attr_int(x, "w:pos", 9026);
        docx_xml_end(x);
        docx_xml_end(x);
        spacing(x, -1, 0, 240);
        docx_xml_end(x);
        docx_xml_start(x, "w:rPr");
        docx_xml_val(x, "w:color", NHS_MID_GREY);
        size(x, 18);
        docx_xml_end(x);
        docx_xml_end(x);
    }
}

static void character_styles(docx_xml *x)
{
    style_begin(x, DOCX_STYLE_DEFAULT_FONT, DOCX_STYLE_DEFAULT_FONT, DOCX_STYLE_DEFAULT_FONT, 1,
                F_DEFAULT | F_HIDDEN);
    docx_xml_end(x);

    style_begin(x, DOCX_STYLE_HYPERLINK, DOCX_STYLE_DEFAULT_FONT, DOCX_STYLE_HYPERLINK, 99, F_HIDDEN);
    docx_xml_start(x, "w:rPr");
    docx_xml_val(x, "w:color", NHS_BLUE);
    docx_xml_val(x, "w:u", "single");
    docx_xml_end(x);
    docx_xml_end(x);

    style_begin(x, DOCX_STYLE_VERBATIM, DOCX_STYLE_DEFAULT_FONT, DOCX_STYLE_VERBATIM, 0, 0);
    docx_xml_start(x, "w:rPr");
    fonts(x, FONT_CODE);
    docx_xml_end(x);
    docx_xml_end(x);
}

static void table_styles(docx_xml *x)
{
    style_begin(x, DOCX_STYLE_TABLE_NORMAL, DOCX_STYLE_TABLE_NORMAL, DOCX_STYLE_TABLE_NORMAL, 99,
                F_DEFAULT | F_HIDDEN);
    docx_xml_start(x, "w:tblPr");
    docx_xml_start(x, "w:tblInd");
    docx_xml_attr_int(x, "w:w", 0);
    docx_xml_attr(x, "w:type", "dxa");
    docx_xml_end(x);
    cell_margins(x, 0, 108);
    docx_xml_end(x);
    docx_xml_end(x);

    /* Content tables: a light grid. */
    style_begin(x, DOCX_STYLE_TABLE_GRID, DOCX_STYLE_TABLE_NORMAL, DOCX_STYLE_TABLE_GRID, 39, 0);
    docx_xml_start(x, "w:pPr");
    spacing(x, 40, 40, 240);
    docx_xml_end(x);
    docx_xml_start(x, "w:tblPr");
    docx_xml_start(x, "w:tblBorders");
    static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"};
    for (int i = 0; i < 6; i++)
        border(x, sides[i], 4, 0, RULE_GREY);
    docx_xml_end(x);
    cell_margins(x, 40, 108);
    docx_xml_end(x);
    docx_xml_end(x);

    /* The details and record tables: rules between rows, none down the side, a size smaller. */
    style_begin(x, DOCX_STYLE_DETAILS_TABLE, DOCX_STYLE_TABLE_NORMAL, DOCX_STYLE_DETAILS_TABLE, 0, 0);
    docx_xml_start(x, "w:pPr");
    spacing(x, 40, 40, 240);
    docx_xml_end(x);
    docx_xml_start(x, "w:rPr");
    size(x, 20);
    docx_xml_end(x);
    docx_xml_start(x, "w:tblPr");
    docx_xml_start(x, "w:tblBorders");
    border(x, "w:top", 8, 0, NHS_BLUE);
    border(x, "w:bottom", 8, 0, NHS_BLUE);
    border(x, "w:insideH", 4, 0, NHS_PALE_GREY);
    docx_xml_end(x);
    cell_margins(x, 40, 108);
    docx_xml_end(x);
    docx_xml_end(x);
}

void docx_write_styles(docx_ctx *ctx, docx_xml *x)
{
    docx_xml_start(x, "w:styles");
    docx_xml_attr(x, "xmlns:w", DOCX_NS_W);
    doc_defaults(ctx, x);
    paragraph_styles(x);
    character_styles(x);
    table_styles(x);
    style_begin(x, DOCX_STYLE_NO_LIST, DOCX_STYLE_NO_LIST, DOCX_STYLE_NO_LIST, 99, F_DEFAULT | F_HIDDEN);
    docx_xml_end(x);
    docx_xml_end(x);
}
