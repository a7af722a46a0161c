/*
 * context.c — the per-render context: page set-up, style ids, and the
 * hyperlinks and lists the body registers for the rels and numbering parts.
 */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

void docx_page_default(docx_page *page, bool letter)
{
    memset(page, 0, sizeof *page);
    page->width = letter ? 12240 : 11906; /* 8.5 in / 210 mm */
    page->height = letter ? 15840 : 16838; /* 11 in / 297 mm */
    page->top = page->right = page->bottom = page->left = 1440; /* 2.54 cm */
    page->header = page->footer = 709; /* 1.25 cm */
}

void docx_ctx_init(docx_ctx *ctx, const bc_document *doc, bool letter, const docx_template *tpl, bc_error *err)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->doc = doc;
    ctx->tpl = tpl;
    ctx->err = err;
    if (tpl && tpl->has_page)
        ctx->page = tpl->page;
    else
        docx_page_default(&ctx->page, letter);
    for (int i = 0; i < DOCX_STYLE_COUNT; i++)
        ctx->style_id[i] = tpl && tpl->style_id[i] ? tpl->style_id[i] : docx_style_default_id((docx_style)i);
}

void docx_ctx_dispose(docx_ctx *ctx)
{
    free(ctx->links);
    free(ctx->lists);
    ctx->links = NULL;
    ctx->lists = NULL;
    ctx->nlinks = ctx->caplinks = ctx->nlists = ctx->caplists = 0;
}

static int grow(void **items, size_t *cap, size_t size)
{
    size_t n = *cap ? *cap * 2 : 16;
    void *p = realloc(*items, n * size);
    if (!p)
        return -1;
    *items = p;
    *cap = n;
    return 0;
}

int docx_ctx_add_link(docx_ctx *ctx, const char *url)
{
    if (ctx->nlinks == ctx->caplinks) {
        void *p = (void *)ctx->links;
        if (grow(&p, &ctx->caplinks, sizeof *ctx->links) != 0)
            return -1;
        ctx->links = p;
    }
    ctx->links[ctx->nlinks] = url;
    return DOCX_RID_FIRST_LINK + (int)ctx->nlinks++;
}

int docx_ctx_add_list(docx_ctx *ctx, bc_list_type type, int start, int level)
{
    if (ctx->nlists == ctx->caplists) {
        void *p = ctx->lists;
        if (grow(&p, &ctx->caplists, sizeof *ctx->lists) != 0)
            return -1;
        ctx->lists = p;
    }
    ctx->lists[ctx->nlists] = (docx_list){.type = type, .start = start, .level = level};
    return (int)++ctx->nlists;
}

long docx_ctx_text_width(const docx_ctx *ctx)
{
    long w = ctx->page.width - ctx->page.left - ctx->page.right - ctx->page.gutter;
    /* A template with absurd margins still gets a usable column. */
    return w > 1440 ? w : 1440;
}
