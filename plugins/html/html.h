/*
 * html.h — internals of the HTML output plugin, shared by its files and its
 * unit tests only (the plugin exports nothing but briefconv_plugin).
 */
#ifndef BC_PLUGIN_HTML_H
#define BC_PLUGIN_HTML_H

#include <briefconv/plugin.h>

/* Escaping, the one place that decides what is safe to print. */

/** Writes text as HTML character data: & < > escaped. */
void html_text(bc_sink *sink, const char *s, size_t len);
/** Writes text for a double-quoted attribute value: & < > " escaped. */
void html_attr(bc_sink *sink, const char *s, size_t len);
/** As html_attr, with every run of whitespace written as one space and ends trimmed. */
void html_attr_squeezed(bc_sink *sink, const char *s, size_t len);

/**
 * A live link to URL showing the URL (class CLS, "url" if NULL), or the URL as
 * plain text when its scheme is not allowed.
 */
void html_url_link(bc_sink *sink, const char *url, const char *cls);

/**
 * Writes NODE and everything below it (an INLINES, CONTENT, SECTION,
 * REFERENCE or any block or inline node) as HTML. Returns 0, or -1 with ERR
 * set (out of memory).
 */
int html_nodes(bc_sink *sink, const bc_node *node, bc_error *err);

/** Writes the briefing as an <article> (the page body). 0, or -1 with ERR set. */
int html_article(const bc_document *doc, bc_sink *sink, bc_error *err);

/** Writes a complete page, or only the article when FRAGMENT. 0, or -1 with ERR set. */
int html_render_document(const bc_document *doc, bool fragment, bc_sink *sink, bc_error *err);

/** The embedded stylesheet: screen and A4 print rules, no external requests. */
extern const char html_stylesheet[];

#endif
