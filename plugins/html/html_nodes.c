/*
 * html_nodes.c — the document tree as HTML: one enter/exit walk, one switch.
 *
 * Heading levels are absolute (1 = a part), so a level-L heading is <hL+1>,
 * the title being the page's only <h1>. HTML stops at <h6>; deeper headings
 * stay <h6> and carry their true level in aria-level for assistive
 * technology. Links are live only when bc_url_is_allowed says so; the core
 * never nests links, but a citation inside a live link is printed as its
 * text (an <a> inside an <a> is invalid).
 */
#include <stdio.h>
#include <string.h>

#include "html.h"

typedef struct walk {
    bc_sink *sink;
    const bc_node *open_link; /* the live <a> we are inside, if any */
    int cell;                 /* index of the next cell in the current row */
    bool in_tbody;
    int next_ref;             /* the number an <ol> item would get implicitly */
} walk;

static void put_url_text(bc_sink *sink, const char *url)
{
    html_text(sink, url, strlen(url));
}

void html_url_link(bc_sink *sink, const char *url, const char *cls)
{
    if (!bc_url_is_allowed(url, strlen(url))) {
        put_url_text(sink, url);
        return;
    }
    bc_sink_printf(sink, "<a class=\"%s\" href=\"", cls != NULL ? cls : "url");
    html_attr(sink, url, strlen(url));
    bc_sink_puts(sink, "\">");
    put_url_text(sink, url);
    bc_sink_puts(sink, "</a>");
}

/* True when a link shows its own URL, so print need not repeat it. */
static bool shows_own_url(const bc_node *link, const char *url)
{
    const bc_node *text = bc_node_first_child(link);
    if (text == NULL)
        return true;
    if (bc_node_type_of(text) != BC_NODE_TEXT || bc_node_next(text) != NULL)
        return false;
    const char *lit = bc_node_literal(text, NULL);
    if (strncmp(url, "mailto:", 7) == 0 && strcmp(lit, url + 7) == 0)
        return true;
    return strcmp(lit, url) == 0;
}

/* True when a paragraph shows something: "<p></p>" is what tidy warns of. */
static bool paragraph_shows(const bc_node *para)
{
    bool shows = false;
    bc_iter *it = bc_iter_new(para);
    if (it == NULL)
        return true;
    while (!shows && bc_iter_next(it) != BC_EVENT_DONE) {
        const bc_node *n = bc_iter_node(it);
        switch (bc_node_type_of(n)) {
        case BC_NODE_TEXT:
        case BC_NODE_CODE:
            shows = bc_node_literal(n, NULL)[0] != '\0';
            break;
        case BC_NODE_LINK:
        case BC_NODE_CITATION:
            shows = true;
            break;
        default:
            break;
        }
    }
    bc_iter_free(it);
    return shows;
}

static bool paragraph_is_tight(const bc_node *para)
{
    const bc_node *item = bc_node_parent(para);
    if (item == NULL || bc_node_type_of(item) != BC_NODE_ITEM)
        return false;
    const bc_node *list = bc_node_parent(item);
    return list != NULL && bc_node_list_tight(list);
}

static void heading_tag(bc_sink *sink, const bc_node *heading, bool enter)
{
    int level = bc_node_heading_level(heading) + 1;
    if (level < 2)
        level = 2;
    if (!enter)
        bc_sink_printf(sink, "</h%d>\n", level > 6 ? 6 : level);
    else if (level > 6)
        bc_sink_printf(sink, "<h6 aria-level=\"%d\">", level);
    else
        bc_sink_printf(sink, "<h%d>", level);
}

static void citation(walk *w, const bc_node *node)
{
    int n = bc_node_citation_count(node);
    if (w->open_link != NULL) {
        bc_sink_putc(w->sink, '(');
        for (int i = 0; i < n; i++)
            bc_sink_printf(w->sink, "%s%d", i ? ", " : "", bc_node_citation_number(node, i));
        bc_sink_putc(w->sink, ')');
    } else if (n == 1) {
        int num = bc_node_citation_number(node, 0);
        bc_sink_printf(w->sink, "<a class=\"cite\" href=\"#ref-%d\">(%d)</a>", num, num);
    } else {
        bc_sink_puts(w->sink, "<span class=\"cite\">(");
        for (int i = 0; i < n; i++) {
            int num = bc_node_citation_number(node, i);
            bc_sink_printf(w->sink, "%s<a href=\"#ref-%d\">%d</a>", i ? ", " : "", num, num);
        }
        bc_sink_puts(w->sink, ")</span>");
    }
}

static void link_enter(walk *w, const bc_node *node)
{
    const char *url = bc_node_url(node);
    size_t len = strlen(url);
    bool live = bc_url_is_allowed(url, len);
    if (live) {
        bc_sink_puts(w->sink, shows_own_url(node, url) ? "<a class=\"url\" href=\"" : "<a href=\"");
        html_attr(w->sink, url, len);
        const char *title = bc_node_link_title(node);
        if (title[0] != '\0') {
            bc_sink_puts(w->sink, "\" title=\"");
            html_attr(w->sink, title, strlen(title));
        }
        bc_sink_puts(w->sink, "\">");
        w->open_link = node;
    }
    if (bc_node_first_child(node) == NULL) /* nothing to click on: show the URL */
        put_url_text(w->sink, url);
}

static void code_block(walk *w, const bc_node *node)
{
    const char *info = bc_node_code_info(node);
    info += strspn(info, " \t\n"); /* the language is the info string's first word */
    size_t word = strcspn(info, " \t\n");
    size_t len;
    const char *lit = bc_node_literal(node, &len);

    bc_sink_puts(w->sink, "<pre><code");
    if (word > 0) {
        bc_sink_puts(w->sink, " class=\"language-");
        html_attr(w->sink, info, word);
        bc_sink_putc(w->sink, '"');
    }
    bc_sink_putc(w->sink, '>');
    html_text(w->sink, lit, len);
    if (len > 0 && lit[len - 1] != '\n')
        bc_sink_putc(w->sink, '\n');
    bc_sink_puts(w->sink, "</code></pre>\n");
}

static const char *align_class(bc_align a)
{
    switch (a) {
    case BC_ALIGN_LEFT: return " class=\"al-left\"";
    case BC_ALIGN_CENTER: return " class=\"al-center\"";
    case BC_ALIGN_RIGHT: return " class=\"al-right\"";
    default: return "";
    }
}

static void cell_tag(walk *w, const bc_node *row, int col, bool enter)
{
    const bc_node *table = bc_node_parent(row);
    bool head = bc_node_table_row_is_header(row);
    if (enter)
        bc_sink_printf(w->sink, "<%s%s%s>", head ? "th" : "td", head ? " scope=\"col\"" : "",
                       align_class(bc_node_table_align(table, col)));
    else
        bc_sink_puts(w->sink, head ? "</th>" : "</td>");
}

static void row(walk *w, const bc_node *node, bool enter)
{
    bool head = bc_node_table_row_is_header(node);
    if (enter) {
        if (head) {
            bc_sink_puts(w->sink, "<thead>\n");
        } else if (!w->in_tbody) {
            bc_sink_puts(w->sink, "<tbody>\n");
            w->in_tbody = true;
        }
        bc_sink_puts(w->sink, "<tr>");
        w->cell = 0;
        return;
    }
    bc_sink_puts(w->sink, "</tr>\n");
    if (head)
        bc_sink_puts(w->sink, "</thead>\n");
}

/* The node types written as a fixed pair of tags; a leaf has only the first. */
static const struct {
    const char *open, *close;
} fixed_tags[BC_NODE_TYPE_COUNT] = {
    [BC_NODE_SECTION] = {"<section>\n", "</section>\n"},
    [BC_NODE_ITEM] = {"<li>", "</li>\n"},
    [BC_NODE_BLOCK_QUOTE] = {"<blockquote>\n", "</blockquote>\n"},
    [BC_NODE_THEMATIC_BREAK] = {"<hr>\n", ""},
    [BC_NODE_SOFTBREAK] = {"\n", ""},
    [BC_NODE_LINEBREAK] = {"<br>\n", ""},
    [BC_NODE_EMPH] = {"<em>", "</em>"},
    [BC_NODE_STRONG] = {"<strong>", "</strong>"},
    [BC_NODE_STRIKETHROUGH] = {"<del>", "</del>"},
};

static void visit(walk *w, bc_iter *it, const bc_node *node, bool enter)
{
    bc_sink *s = w->sink;
    bc_node_type type = bc_node_type_of(node);
    if (fixed_tags[type].open) {
        bc_sink_puts(s, enter ? fixed_tags[type].open : fixed_tags[type].close);
        return;
    }
    switch (type) {
    case BC_NODE_REFERENCE:
        if (enter) {
            int num = bc_node_reference_number(node);
            bc_sink_printf(s, "<li id=\"ref-%d\"", num);
            if (num != w->next_ref)
                bc_sink_printf(s, " value=\"%d\"", num);
            bc_sink_putc(s, '>');
            w->next_ref = num + 1;
        } else {
            const char *url = bc_node_url(node);
            if (url[0] != '\0') {
                bc_sink_putc(s, ' ');
                html_url_link(s, url, "url ref-url");
            }
            bc_sink_puts(s, "</li>\n");
        }
        break;
    case BC_NODE_PARAGRAPH:
        if (!paragraph_shows(node)) {
            if (enter)
                bc_iter_skip_children(it);
        } else if (!paragraph_is_tight(node)) {
            bc_sink_puts(s, enter ? "<p>" : "</p>\n");
        }
        break;
    case BC_NODE_HEADING:
        heading_tag(s, node, enter);
        break;
    case BC_NODE_LIST:
        if (!enter)
            bc_sink_puts(s, bc_node_list_type(node) == BC_LIST_ORDERED ? "</ol>\n" : "</ul>\n");
        else if (bc_node_list_type(node) != BC_LIST_ORDERED)
            bc_sink_puts(s, "<ul>\n");
        else if (bc_node_list_start(node) != 1)
            bc_sink_printf(s, "<ol start=\"%d\">\n", bc_node_list_start(node));
        else
            bc_sink_puts(s, "<ol>\n");
        break;
    case BC_NODE_CODE_BLOCK:
        code_block(w, node);
        break;
    case BC_NODE_TABLE:
        if (enter) {
            w->in_tbody = false;
            bc_sink_puts(s, "<div class=\"table-wrap\">\n<table>\n");
        } else {
            if (w->in_tbody)
                bc_sink_puts(s, "</tbody>\n");
            bc_sink_puts(s, "</table>\n</div>\n");
        }
        break;
    case BC_NODE_TABLE_ROW:
        row(w, node, enter);
        break;
    case BC_NODE_TABLE_CELL:
        /* The core gives every row exactly the table's cells. */
        if (enter)
            cell_tag(w, bc_node_parent(node), w->cell++, true);
        else
            cell_tag(w, bc_node_parent(node), w->cell - 1, false);
        break;
    case BC_NODE_TEXT:
    case BC_NODE_CODE: {
        size_t len;
        const char *lit = bc_node_literal(node, &len);
        bool code = type == BC_NODE_CODE;
        if (code)
            bc_sink_puts(s, "<code>");
        html_text(s, lit, len);
        if (code)
            bc_sink_puts(s, "</code>");
        break;
    }
    case BC_NODE_LINK:
        if (enter) {
            link_enter(w, node);
        } else if (w->open_link == node) {
            bc_sink_puts(s, "</a>");
            w->open_link = NULL;
        }
        break;
    case BC_NODE_CITATION:
        citation(w, node);
        break;
    default: /* INLINES and CONTENT print nothing; the rest are fixed_tags */
        break;
    }
}

int html_nodes(bc_sink *sink, const bc_node *node, bc_error *err)
{
    walk w = {.sink = sink, .next_ref = 1};
    bc_iter *it = bc_iter_new(node);
    if (it == NULL) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    bc_event ev;
    while ((ev = bc_iter_next(it)) != BC_EVENT_DONE)
        visit(&w, it, bc_iter_node(it), ev == BC_EVENT_ENTER);
    bc_iter_free(it);
    return 0;
}
