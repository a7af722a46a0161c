/*
 * settings.c — word/settings.xml: Word 2013+ layout (compatibilityMode 15,
 * so Word opens the file without "Compatibility Mode"), a fixed zoom and
 * the proofing language of the briefing.
 */
#include "docx.h"

void docx_write_settings(docx_ctx *ctx, docx_xml *x)
{
    docx_xml_begin(x, "w:settings", DOCX_STR("xmlns:w", DOCX_NS_W));
    docx_xml_element(x, "w:zoom", DOCX_NUM("w:percent", 100));
    docx_xml_val_int(x, "w:defaultTabStop", 720);
    docx_xml_val(x, "w:characterSpacingControl", "doNotCompress");
    docx_xml_start(x, "w:compat");
    docx_xml_element(x, "w:compatSetting", DOCX_STR("w:name", "compatibilityMode"),
                     DOCX_STR("w:uri", "http://schemas.microsoft.com/office/word"), DOCX_STR("w:val", "15"));
    docx_xml_end(x);
    docx_xml_val(x, "w:themeFontLang", bc_document_text(ctx->doc, BC_FIELD_LANG));
    docx_xml_val(x, "w:decimalSymbol", ".");
    docx_xml_val(x, "w:listSeparator", ",");
    docx_xml_end(x);
}
