/*
 * font_table.c — word/fontTable.xml: the fonts the styles name, with the
 * family and pitch Word and LibreOffice use to pick a substitute (Liberation
 * Sans and Liberation Mono have the metrics of Arial and Courier New).
 */
#include "docx.h"

static void font(docx_xml *x, const char *name, const char *alt, const char *family, const char *pitch)
{
    docx_xml_begin(x, "w:font", DOCX_STR("w:name", name));
    docx_xml_val(x, "w:altName", alt);
    docx_xml_val(x, "w:charset", "00");
    docx_xml_val(x, "w:family", family);
    docx_xml_val(x, "w:pitch", pitch);
    docx_xml_end(x);
}

void docx_write_font_table(docx_ctx *ctx, docx_xml *x)
{
    (void)ctx;
    docx_xml_begin(x, "w:fonts", DOCX_STR("xmlns:w", DOCX_NS_W));
    font(x, "Arial", "Liberation Sans", "swiss", "variable");
    font(x, "Courier New", "Liberation Mono", "modern", "fixed");
    docx_xml_end(x);
}
