/*
 * relationships.c — _rels/.rels (the package's) and
 * word/_rels/document.xml.rels (the main document's).
 *
 * Ids are fixed for the fixed parts and follow document order for
 * hyperlinks (see DOCX_RID_* in docx.h), so they never depend on anything
 * but the document.
 */
#include "docx.h"

#include <stdio.h>
#include <string.h>

void docx_write_relationship(docx_xml *x, const char *id, const char *type, const char *target, bool external)
{
    docx_xml_begin(x, "Relationship", DOCX_STR("Id", id), DOCX_STR("Type", type), DOCX_STR("Target", target));
    if (external)
        docx_xml_attr(x, "TargetMode", "External");
    docx_xml_end(x);
}

static void rel(docx_xml *x, int id, const char *type, const char *target, bool external)
{
    char rid[24];
    snprintf(rid, sizeof rid, "rId%d", id);
    docx_write_relationship(x, rid, type, target, external);
}

void docx_write_package_rels(docx_ctx *ctx, docx_xml *x)
{
    (void)ctx;
    docx_xml_begin(x, "Relationships", DOCX_STR("xmlns", DOCX_NS_PKG_REL));
    rel(x, 1, DOCX_RT_OFFICE_DOCUMENT, "word/document.xml", false);
    rel(x, 2, DOCX_RT_CORE, "docProps/core.xml", false);
    rel(x, 3, DOCX_RT_APP, "docProps/app.xml", false);
    docx_xml_end(x);
}

void docx_write_document_rels(docx_ctx *ctx, docx_xml *x)
{
    docx_xml_begin(x, "Relationships", DOCX_STR("xmlns", DOCX_NS_PKG_REL));
    rel(x, DOCX_RID_STYLES, DOCX_RT_STYLES, "styles.xml", false);
    rel(x, DOCX_RID_NUMBERING, DOCX_RT_NUMBERING, "numbering.xml", false);
    rel(x, DOCX_RID_SETTINGS, DOCX_RT_SETTINGS, "settings.xml", false);
    rel(x, DOCX_RID_FONT_TABLE, DOCX_RT_FONT_TABLE, "fontTable.xml", false);
    rel(x, DOCX_RID_HEADER, DOCX_RT_HEADER, "header1.xml", false);
    rel(x, DOCX_RID_FOOTER, DOCX_RT_FOOTER, "footer1.xml", false);
    if (ctx->tpl && ctx->tpl->has_theme)
        rel(x, DOCX_RID_THEME, DOCX_RT_THEME, "theme/theme1.xml", false);
    bcp_buf target = {0};
    for (size_t i = 0; i < ctx->nlinks && !x->failed; i++) {
        target.len = 0;
        if (docx_uri_escape(&target, ctx->links[i], strlen(ctx->links[i])) != 0 ||
            bcp_buf_put(&target, "", 1) != 0) {
            x->failed = true;
            break;
        }
        rel(x, DOCX_RID_FIRST_LINK + (int)i, DOCX_RT_HYPERLINK, target.data, true);
    }
    bcp_buf_free(&target);
    docx_xml_end(x);
}
