/*
 * numbering.c — word/numbering.xml.
 *
 * Two abstract definitions, bullets (0) and numbers (1), nine levels each.
 * Every list of the document gets its own w:num; an ordered one carries a
 * startOverride at its level, so each list starts at its own number and
 * never continues the previous one (Word counts across w:num instances of
 * the same abstract definition unless told to restart).
 */
#include "docx.h"

#include <stdio.h>

#define ABSTRACT_BULLET 0
#define ABSTRACT_ORDERED 1
#define LEVELS 9
/* Each level indents a quarter inch more; the marker hangs in that space. */
#define INDENT_STEP 360

static void level(docx_xml *x, int abstract, int ilvl)
{
    static const char *const bullets[3] = {"\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA"}; /* • ◦ ▪ */
    
    docx_xml_begin(x, "w:lvl", DOCX_NUM("w:ilvl", ilvl));
    docx_xml_val_int(x, "w:start", 1);
    if (abstract == ABSTRACT_BULLET) {
        docx_xml_val(x, "w:numFmt", "bullet");
        docx_xml_val(x, "w:lvlText", bullets[ilvl % 3]);
    } else {
        char text[16];
        snprintf(text, sizeof text, "%%%d.", ilvl + 1);
        docx_xml_val(x, "w:numFmt", "decimal");
        docx_xml_val(x, "w:lvlText", text);
    }
    docx_xml_val(x, "w:lvlJc", "left");
    docx_xml_start(x, "w:pPr");
    docx_xml_element(x, "w:ind", DOCX_NUM("w:left", (long long)INDENT_STEP * (ilvl + 1)),
                     DOCX_NUM("w:hanging", INDENT_STEP));
    docx_xml_end(x);
    if (abstract == ABSTRACT_BULLET) {
        /* The bullet glyphs are in Arial and its substitutes; say so, or Word picks Symbol. */
        docx_xml_start(x, "w:rPr");
        docx_xml_element(x, "w:rFonts", DOCX_STR("w:ascii", "Arial"), DOCX_STR("w:hAnsi", "Arial"),
                         DOCX_STR("w:cs", "Arial"), DOCX_STR("w:hint", "default"));
        docx_xml_end(x);
    }
    docx_xml_end(x);
}

static void abstract_num(docx_xml *x, int id)
{
    docx_xml_begin(x, "w:abstractNum", DOCX_NUM("w:abstractNumId", id));
    docx_xml_val(x, "w:multiLevelType", "hybridMultilevel");
    for (int i = 0; i < LEVELS; i++)
        level(x, id, i);
    docx_xml_end(x);
}

void docx_write_numbering(docx_ctx *ctx, docx_xml *x)
{
    docx_xml_begin(x, "w:numbering", DOCX_STR("xmlns:w", DOCX_NS_W));
    abstract_num(x, ABSTRACT_BULLET);
    abstract_num(x, ABSTRACT_ORDERED);
    for (size_t i = 0; i < ctx->nlists; i++) {
        const docx_list *l = &ctx->lists[i];
        bool ordered = l->type == BC_LIST_ORDERED;
        docx_xml_begin(x, "w:num", DOCX_NUM("w:numId", (long long)i + 1));
        docx_xml_val_int(x, "w:abstractNumId", ordered ? ABSTRACT_ORDERED : ABSTRACT_BULLET);
        if (ordered) {
            docx_xml_begin(x, "w:lvlOverride", DOCX_NUM("w:ilvl", l->level));
            docx_xml_val_int(x, "w:startOverride", l->start);
            docx_xml_end(x);
        }
        docx_xml_end(x);
    }
    docx_xml_end(x);
}
