/*
 * header_footer.c — word/header1.xml (the title, small and grey, on one
 * line and without citations; page 1 shows none, see document.c) and
 * word/footer1.xml ("Due for review: <date>" on the left when the briefing
 * has one, "Page X of Y" on the right, from PAGE and NUMPAGES fields so
 * Word and LibreOffice fill in the numbers).
 */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

static void root(docx_xml *x, const char *name)
{
    docx_xml_begin(x, name, DOCX_STR("xmlns:w", DOCX_NS_W), DOCX_STR("xmlns:r", DOCX_NS_R));
}

static void text_run(docx_xml *x, const char *s)
{
    docx_xml_start(x, "w:r");
    docx_xml_wt(x, s, strlen(s));
    docx_xml_end(x);
}

static void field_char(docx_xml *x, const char *type)
{
    docx_xml_start(x, "w:r");
    docx_xml_element(x, "w:fldChar", DOCX_STR("w:fldCharType", type));
    docx_xml_end(x);
}

/* A complex field with "1" as its result until the reader updates it. */
static void field(docx_xml *x, const char *instr)
{
    field_char(x, "begin");
    docx_xml_start(x, "w:r");
    docx_xml_begin(x, "w:instrText", DOCX_STR("xml:space", "preserve"));
    docx_xml_text(x, instr, strlen(instr));
    docx_xml_end(x);
    docx_xml_end(x);
    field_char(x, "separate");
    text_run(x, "1");
    field_char(x, "end");
}

/*
 * The running title on one line: a title wider than the line is cut at a
 * word (or, failing one, a character) and ends with an ellipsis. Header
 * text is 9 pt Arial, about 110 twips a character on average.
 */
#define HEADER_CHAR_TWIPS 110
#define HEADER_WORD_SLACK 20 /* columns a cut may step back to reach a space */

static char *shorten(char *text, long text_width)
{
    size_t max = (size_t)(text_width / HEADER_CHAR_TWIPS);
    size_t len = strlen(text);
    if (max < 8 || bc_utf8_width(text, len) <= max)
        return text;
    /* Room for the ellipsis: cut after max - 1 columns, at a character boundary. */
    size_t i = 0, cols = 0, space = 0;
    while (i < len) {
        uint32_t cp;
        int n = bc_utf8_decode(text + i, len - i, &cp);
        int w = bc_codepoint_width(cp);
        if (cols + (size_t)w > max - 1)
            break;
        if (cp == ' ')
            space = i;
        cols += (size_t)w;
        i += (size_t)n;
    }
    if (space > 0 && i - space <= HEADER_WORD_SLACK)
        i = space;
    /* No dangling space or punctuation before the ellipsis. */
    while (i > 0 && text[i - 1] && strchr(" ,;:-", text[i - 1]))
        i--;
    char *cut = realloc(text, i + 4);
    if (!cut) {
        free(text);
        return NULL;
    }
    memcpy(cut + i, "\xE2\x80\xA6", 4); /* the ellipsis and the NUL */
    return cut;
}

void docx_write_header(docx_ctx *ctx, docx_xml *x)
{
    root(x, "w:hdr");
    docx_xml_start(x, "w:p");
    docx_xml_start(x, "w:pPr");
    docx_xml_val(x, "w:pStyle", ctx->style_id[DOCX_STYLE_HEADER]);
    docx_xml_end(x);
    const bc_node *title = bc_document_field(ctx->doc, BC_FIELD_TITLE);
    /* Citations point nowhere from a running header. */
    char *text = title ? bc_node_plain_text_without_citations(title) : NULL;
    if (title && !text)
        x->failed = true;
    if (text && !(text = shorten(text, docx_ctx_text_width(ctx))))
        x->failed = true;
    if (text && *text)
        text_run(x, text);
    free(text);
    docx_xml_end(x);
    docx_xml_end(x);
}

void docx_write_footer(docx_ctx *ctx, docx_xml *x)
{
    root(x, "w:ftr");
    docx_xml_start(x, "w:p");
    docx_xml_start(x, "w:pPr");
    docx_xml_val(x, "w:pStyle", ctx->style_id[DOCX_STYLE_FOOTER]);
    /* Our footer style has a centre stop; the page number goes to the right margin. */
    docx_xml_start(x, "w:tabs");
    docx_xml_element(x, "w:tab", DOCX_STR("w:val", "clear"), DOCX_NUM("w:pos", 4513));
    docx_xml_element(x, "w:tab", DOCX_STR("w:val", "right"), DOCX_NUM("w:pos", docx_ctx_text_width(ctx)));
    docx_xml_end(x);
    docx_xml_end(x);
    const char *review = bc_document_text(ctx->doc, BC_FIELD_REVIEW_DUE);
    if (review && *review) {
        const char *label = bc_document_label(ctx->doc, BC_FIELD_REVIEW_DUE);
        bcp_buf line = {0};
        if (bcp_buf_put(&line, label, strlen(label)) || bcp_buf_put(&line, ": ", 2) ||
            bcp_buf_put(&line, review, strlen(review) + 1))
            x->failed = true;
        else
            text_run(x, line.data);
        bcp_buf_free(&line);
    }
    docx_xml_start(x, "w:r");
    docx_xml_empty(x, "w:tab");
    docx_xml_end(x);
    text_run(x, "Page ");
    field(x, " PAGE ");
    text_run(x, " of ");
    field(x, " NUMPAGES ");
    docx_xml_end(x);
    docx_xml_end(x);
}
