/*
 * content_types.c — [Content_Types].xml: a Default for .rels and .xml, and
 * an Override for every part whose type is more specific.
 */
#include "docx.h"

#include <string.h>

void docx_write_content_types(const docx_part *parts, size_t nparts, docx_xml *x)
{
    docx_xml_begin(x, "Types", DOCX_STR("xmlns", DOCX_NS_CT));
    docx_xml_element(x, "Default", DOCX_STR("Extension", "rels"), DOCX_STR("ContentType", DOCX_CT_RELS));
    docx_xml_element(x, "Default", DOCX_STR("Extension", "xml"), DOCX_STR("ContentType", "application/xml"));
    for (size_t i = 0; i < nparts; i++) {
        if (!parts[i].content_type)
            continue;
        /* Part names in [Content_Types].xml are absolute: "/word/document.xml". */
        size_t n = strlen(parts[i].name);
        bcp_buf name = {0};
        if (bcp_buf_put(&name, "/", 1) != 0 || bcp_buf_put(&name, parts[i].name, n + 1) != 0) {
            x->failed = true;
            bcp_buf_free(&name);
            return;
        }
        docx_xml_element(x, "Override", DOCX_STR("PartName", name.data),
                         DOCX_STR("ContentType", parts[i].content_type));
        bcp_buf_free(&name);
    }
    docx_xml_end(x);
}
