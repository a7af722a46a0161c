/*
 * layout.c — what every page of the site shares: the head, a skip link, the
 * site's name and navigation, and a briefing shown as a card in a list.
 * Links are relative (ROOT climbs to the site's root), so the site works
 * from file:// and from any sub-path of a web server.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../html/html.h"
#include "site.h"

/* Added to the HTML writer's stylesheet: the frame, cards and lists. */
static const char site_css[] =
    ".skip { position: absolute; left: -999px; top: 0; padding: .5rem 1rem; background: #fff; }\n"
    ".skip:focus { left: 0; z-index: 1; }\n"
    ".site-header { background: var(--accent); color: #fff; padding: .75rem 1rem; }\n"
    ".site-header a { color: #fff; }\n"
    ".site-name { margin: 0 0 .25rem; font-size: 1.25rem; font-weight: bold; }\n"
    ".site-header ul { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: 0; padding: 0;\n"
    "  list-style: none; }\n"
    ".site-main { max-width: 52rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }\n"
    ".site-main > .listing { margin: 1rem 0; padding: 1.5rem; background: #fff;\n"
    "  border-top: .5rem solid var(--accent); }\n"
    ".cards { list-style: none; padding: 0; }\n"
    ".card { margin: 0 0 1.5rem; padding: 0 0 1rem; border-bottom: 1px solid var(--rule); }\n"
    ".card h2, .card h3 { margin: 0 0 .3rem; border: 0; font-size: 1.2rem; }\n"
    ".meta, .card dl { color: var(--muted); margin: 0 0 .4rem; }\n"
    ".card dt { font-weight: bold; display: inline; }\n"
    ".card dd { display: inline; margin: 0 .75rem 0 .25rem; }\n"
    ".downloads { margin: 1rem auto 0; max-width: 52rem; }\n"
    ".visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;\n"
    "  clip: rect(0 0 0 0); white-space: nowrap; }\n"
    ".status-overdue { color: #8a1a1a; font-weight: bold; }\n"
    ".status-soon { color: #6b4400; font-weight: bold; }\n"
    "@media (max-width: 30rem) { .site-main { padding: .5rem; } .site-main > .listing { padding: 1rem; } }\n";

static void put(bc_sink *out, const char *s)
{
    html_text(out, s, strlen(s));
}

static void put_attr(bc_sink *out, const char *s)
{
    html_attr(out, s, strlen(s));
}

void site_page_start(const site *s, bc_sink *out, const char *root, const char *title, const char *lang)
{
    bc_sink_puts(out, "<!DOCTYPE html>\n<html lang=\"");
    put_attr(out, lang && *lang ? lang : "en-GB");
    bc_sink_puts(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'\">\n<title>");
    html_attr_squeezed(out, title, strlen(title));
    bc_sink_puts(out, " \xE2\x80\x93 ");
    put(out, s->title);
    bc_sink_printf(out, "</title>\n<link rel=\"alternate\" type=\"application/atom+xml\" href=\"%sfeed.xml\" title=\"",
                   root);
    put_attr(out, s->title);
    bc_sink_puts(out, "\">\n<style>\n");
    bc_sink_puts(out, html_stylesheet);
    bc_sink_puts(out, site_css);
    bc_sink_puts(out, "</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to main content</a>\n"
                      "<header class=\"site-header\">\n<p class=\"site-name\">");
    bc_sink_printf(out, "<a href=\"%sindex.html\">", root);
    put(out, s->title);
    bc_sink_printf(out, "</a></p>\n<nav aria-label=\"Site\"><ul>"
                        "<li><a href=\"%sindex.html\">All briefings</a></li>"
                        "<li><a href=\"%stags/index.html\">Tags</a></li>"
                        "<li><a href=\"%sreview.html\">Due for review</a></li>"
                        "<li><a href=\"%sfeed.xml\">Atom feed</a></li></ul></nav>\n</header>\n"
                        "<main id=\"main\" class=\"site-main\">\n",
                   root, root, root, root);
}

void site_page_end(bc_sink *out)
{
    bc_sink_puts(out, "</main>\n</body>\n</html>\n");
}

const char *site_review_status(const site *s, const site_record *r, char *buf, size_t size)
{
    if (r->e->due_day == SITE_NO_DAY) {
        snprintf(buf, size, "No review date");
        return "";
    }
    long left = r->e->due_day - s->schedule.today;
    if (left < 0)
        snprintf(buf, size, "Overdue: was due %s (%ld day%s ago)", r->due, -left, left == -1 ? "" : "s");
    else if (left == 0)
        snprintf(buf, size, "Due today (%s)", r->due);
    else if (left <= s->schedule.within)
        snprintf(buf, size, "Due soon: %s (in %ld day%s)", r->due, left, left == 1 ? "" : "s");
    else
        snprintf(buf, size, "Due %s", r->due);
    return left < 0 ? "status-overdue" : left <= s->schedule.within ? "status-soon" : "";
}

/* The tags of R as links to their archives. */
static void tag_links(bc_sink *out, const site_record *r, const char *root)
{
    if (!*r->tags)
        return;
    bc_sink_puts(out, "<p class=\"tags\">Tags: ");
    for (const char *t = r->tags; *t;) {
        size_t n = strcspn(t, "\n");
        char *tag = strndup(t, n);
        char *slug = tag ? site_tag_slug(tag) : NULL;
        if (slug) {
            bc_sink_printf(out, "%s<a href=\"%stags/%s.html\">", t == r->tags ? "" : ", ", root, slug);
            put(out, tag);
            bc_sink_puts(out, "</a>");
        }
        free(slug);
        free(tag);
        t += n + (t[n] == '\n');
    }
    bc_sink_puts(out, "</p>\n");
}

/* One detail, "<dt>LABEL</dt><dd>TEXT</dd>", when TEXT is there. */
static void detail(bc_sink *out, const char *label, const char *text, const char *cls)
{
    if (!text || !*text)
        return;
    bc_sink_printf(out, "<dt>%s</dt><dd%s%s%s>", label, *cls ? " class=\"" : "", cls, *cls ? "\"" : "");
    put(out, text);
    bc_sink_puts(out, "</dd>\n");
}

void site_entry_card(const site *s, bc_sink *out, const site_record *r, const char *root, bool archive)
{
    char status[160];
    const char *cls = site_review_status(s, r, status, sizeof status);
    bc_sink_printf(out, "<li class=\"card\">\n<h2><a href=\"%s", root);
    put_attr(out, r->page);
    bc_sink_puts(out, "\">");
    put(out, *r->title ? r->title : r->page);
    bc_sink_puts(out, "</a></h2>\n<dl>\n");
    detail(out, "Type:", r->type, "");
    detail(out, "Published:", r->published, "");
    detail(out, "Primary audience:", r->audience, "");
    detail(out, "Source:", r->source, "");
    detail(out, "Review:", status, cls);
    bc_sink_puts(out, "</dl>\n");
    if (archive && r->impact) { /* a tag archive says what it means for libraries */
        bc_sink_puts(out, "<p class=\"teaser\">");
        put(out, r->impact);
        bc_sink_puts(out, "</p>\n");
    } else if (r->teaser) {
        bc_sink_puts(out, "<p class=\"teaser\">");
        put(out, r->teaser);
        bc_sink_puts(out, "</p>\n");
    }
    /* A Word copy to share, straight from the list. */
    if (r->docx) {
        bc_sink_printf(out, "<p class=\"download\"><a href=\"%s", root);
        put_attr(out, r->docx);
        bc_sink_puts(out, "\">Word copy<span class=\"visually-hidden\"> of ");
        put(out, *r->title ? r->title : r->page);
        bc_sink_puts(out, "</span></a></p>\n");
    }
    tag_links(out, r, root);
    bc_sink_puts(out, "</li>\n");
}
