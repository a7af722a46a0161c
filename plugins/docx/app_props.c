/*
 * app_props.c — docProps/app.xml, the extended properties: which
 * application made the file. Counts of pages and words are left out: only
 * a layout engine knows them, and stale numbers are worse than none.
 */
#include "docx.h"

void docx_write_app_props(docx_ctx *ctx, docx_xml *x)
{
    (void)ctx;
    docx_xml_begin(x, "Properties",
                   DOCX_STR("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
                   DOCX_STR("xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"));
    docx_xml_leaf(x, "Application", "briefconv");
    docx_xml_leaf(x, "DocSecurity", "0");
    docx_xml_end(x);
}
