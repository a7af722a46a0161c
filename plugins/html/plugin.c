/*
 * plugin.c — the `html` output format: a standalone HTML5 page (or, with
 * fragment=true, only the <article> for pasting into a CMS).
 *
 * The page asks for nothing: the stylesheet is embedded, there are no
 * scripts, fonts or images, and a Content-Security-Policy forbids the
 * browser to fetch anything should a later change slip a request in.
 */
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* Primary language subtags written right to left. */
static bool lang_is_rtl(const char *lang)
{
    static const char *const rtl[] = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps",
                                      "sd", "syr", "ug", "ur", "yi", NULL};
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; rtl[i] != NULL; i++)
        if (strlen(rtl[i]) == n && strncasecmp(lang, rtl[i], n) == 0)
            return true;
    return false;
}

/* <meta name=NAME content=plain text of NODE>; nothing for an absent field. */
static int meta_from_node(bc_sink *sink, const char *name, const bc_node *node, bc_error *err)
{
    if (node == NULL)
        return 0;
    char *text = bc_node_plain_text(node);
    if (text == NULL) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    bc_sink_printf(sink, "<meta name=\"%s\" content=\"", name);
    html_attr_squeezed(sink, text, strlen(text));
    bc_sink_puts(sink, "\">\n");
    free(text);
    return 0;
}

static int put_head(const bc_document *doc, bc_sink *sink, bc_error *err)
{
    bc_sink_puts(sink, "<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'unsafe-inline'\">\n");
    bc_sink_printf(sink, "<meta name=\"generator\" content=\"briefconv %s\">\n", bc_version());
    if (meta_from_node(sink, "description", bc_document_field(doc, BC_FIELD_SUMMARY), err) != 0)
        return -1;
    size_t ntags = bc_document_tag_count(doc);
    if (ntags > 0) {
        bc_sink_puts(sink, "<meta name=\"keywords\" content=\"");
        for (size_t i = 0; i < ntags; i++) {
            const char *tag = bc_document_tag(doc, i);
            if (i > 0)
                bc_sink_puts(sink, ", ");
            html_attr_squeezed(sink, tag, strlen(tag));
        }
        bc_sink_puts(sink, "\">\n");
    }
    /* The tab's and bookmark's name: a "(1)" there points nowhere. */
    char *title = bc_node_plain_text_without_citations(bc_document_field(doc, BC_FIELD_TITLE));
    if (title == NULL) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    bc_sink_puts(sink, "<title>");
    html_attr_squeezed(sink, title, strlen(title));
    free(title);
    bc_sink_puts(sink, "</title>\n<style>\n");
    bc_sink_puts(sink, html_stylesheet);
    bc_sink_puts(sink, "</style>\n</head>\n");
    return 0;
}

int html_render_document(const bc_document *doc, bool fragment, bc_sink *sink, bc_error *err)
{
    if (fragment)
        return html_article(doc, sink, err);
    const char *lang = bc_document_text(doc, BC_FIELD_LANG);
    bc_sink_puts(sink, "<!DOCTYPE html>\n<html lang=\"");
    html_attr(sink, lang, strlen(lang));
    bc_sink_puts(sink, lang_is_rtl(lang) ? "\" dir=\"rtl\">\n" : "\">\n");
    if (put_head(doc, sink, err) != 0)
        return -1;
    bc_sink_puts(sink, "<body>\n");
    if (html_article(doc, sink, err) != 0)
        return -1;
    bc_sink_puts(sink, "</body>\n</html>\n");
    return 0;
}

static int render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    if (html_render_document(doc, bc_options_get_bool(opts, "fragment", false), sink, err) != 0)
        return -1;
    if (bc_sink_status(sink) != 0) {
        bc_error_set(err, 0, 0, "cannot write the HTML output: %s", strerror(bc_sink_status(sink)));
        return -1;
    }
    return 0;
}

static const bc_option_spec options[] = {
    {.name = "fragment",
     .type = BC_OPTION_BOOL,
     .default_value = "false",
     .help = "write only the <article> (no <html>, <head> or stylesheet), for pasting into a CMS"},
    {.name = NULL},
};

static const char *const extensions[] = {"html", NULL};

BC_PLUGIN_DEFINE(.kind = BC_PLUGIN_OUTPUT, .name = "html", .extensions = extensions,
                 .description = "standalone HTML5 page with embedded print stylesheet",
                 .version = "1.0.0", .options = options, .render = render);
