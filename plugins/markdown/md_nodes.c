/*
 * md_nodes.c — the document tree as CommonMark + GFM tables: one enter/exit
 * walk, one switch. All syntax decisions about text live in md_writer.c;
 * this file only chooses the constructs.
 *
 * Blocks are separated by a blank line, except inside the items of a tight
 * list, where a block that can interrupt a paragraph follows it on the next
 * line so the list stays tight. Adjacent sibling lists of one type alternate
 * markers (- and +, "1." and "1)") so that no reader merges them, and a
 * bullet list opening an item takes the bullet its item did not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md.h"

typedef struct list_state {
    long long number;
    char marker; /* '-', '+', '.' or ')' */
    bool tight;
} list_state;

typedef struct walk {
    md_writer *w;
    list_state *lists;
    size_t nlists, caplists;
    int depth[3];                 /* of emphasis, strong, strikethrough: only the outermost prints delimiters */
    const bc_node *open_link;     /* the live link whose text is being written */
    const bc_node *autolinked;    /* written whole as <URL> */
    const bc_node *last_list;     /* the list that ended last, and its marker */
    char last_marker;
    bool oom;
} walk;

static bool is_type(const bc_node *n, bc_node_type t)
{
    return n != NULL && bc_node_type_of(n) == t;
}

/* True for a paragraph that prints nothing at all (no text, code, link or citation). */
static bool prints_nothing(const bc_node *para)
{
    if (!is_type(para, BC_NODE_PARAGRAPH))
        return false;
    bool empty = true;
    bc_iter *it = bc_iter_new(para);
    if (it == NULL)
        return false;
    while (empty && bc_iter_next(it) != BC_EVENT_DONE) {
        const bc_node *n = bc_iter_node(it);
        switch (bc_node_type_of(n)) {
        case BC_NODE_TEXT:
        case BC_NODE_CODE:
            empty = bc_node_literal(n, NULL)[0] == '\0';
            break;
        case BC_NODE_LINK:
        case BC_NODE_CITATION:
            empty = false;
            break;
        default:
            break;
        }
    }
    bc_iter_free(it);
    return empty;
}

/* The sibling before NODE that prints something, or NULL. */
static const bc_node *prev_printed(const bc_node *node)
{
    const bc_node *p = bc_node_prev(node);
    while (p != NULL && prints_nothing(p))
        p = bc_node_prev(p);
    return p;
}

/* True for an item that prints nothing but its marker. */
static bool item_is_empty(const bc_node *item)
{
    for (const bc_node *c = bc_node_first_child(item); c != NULL; c = bc_node_next(c))
        if (!prints_nothing(c))
            return false;
    return true;
}

/*
 * Before any node: inside a tight item, a block that may interrupt a
 * paragraph goes on the next line.
 */
static void separate(walk *k, const bc_node *node)
{
    switch (bc_node_type_of(node)) {
    case BC_NODE_LIST: {
        const bc_node *first = bc_node_first_child(node);
        /* "2." cannot interrupt a paragraph, nor can an empty item ("-" would underline it). */
        if ((bc_node_list_type(node) == BC_LIST_ORDERED && bc_node_list_start(node) != 1) ||
            first == NULL || item_is_empty(first))
            return;
        break;
    }
    case BC_NODE_HEADING:
    case BC_NODE_CODE_BLOCK:
    case BC_NODE_THEMATIC_BREAK:
    case BC_NODE_BLOCK_QUOTE:
        break;
    default:
        return;
    }
    const bc_node *item = bc_node_parent(node);
    if (!is_type(item, BC_NODE_ITEM) || !is_type(prev_printed(node), BC_NODE_PARAGRAPH) ||
        !bc_node_list_tight(bc_node_parent(item)))
        return;
    if (k->w->out.want == BCP_SEP_BLANK)
        bcp_lines_set_want(&k->w->out, BCP_SEP_LINE);
}

static char other_marker(char m)
{
    return m == '-' ? '+' : m == '+' ? '-' : m == '.' ? ')' : '.';
}

static void list_enter(walk *k, const bc_node *node)
{
    bool ordered = bc_node_list_type(node) == BC_LIST_ORDERED;
    char marker = ordered ? '.' : '-';
    const bc_node *prev = prev_printed(node);
    if (prev != NULL && prev == k->last_list && bc_node_list_type(prev) == bc_node_list_type(node)) {
        /* Right after a sibling list of its kind, which a reader would join to it. */
        marker = other_marker(k->last_marker);
    } else if (!ordered && prev == NULL && is_type(bc_node_parent(node), BC_NODE_ITEM) && k->nlists > 0 &&
               k->lists[k->nlists - 1].marker == '-') {
        /* A list opening its item shares the item's line: "- - -" would be a thematic break. */
        marker = '+';
    }
    list_state *lists = bcp_grow(k->lists, &k->caplists, k->nlists + 1, sizeof *lists);
    if (lists == NULL) {
        k->oom = true;
        return;
    }
    k->lists = lists;
    long long start = ordered ? bc_node_list_start(node) : 0;
    k->lists[k->nlists++] = (list_state){
        .number = start < 0 ? 0 : start,
        .marker = marker,
        .tight = bc_node_list_tight(node),
    };
}

static void item_enter(walk *k)
{
    list_state *l = &k->lists[k->nlists - 1];
    char marker[32], cont[32];
    if (l->marker == '-' || l->marker == '+') {
        snprintf(marker, sizeof marker, "%c ", l->marker);
    } else {
        /* CommonMark reads at most nine digits. */
        long long n = l->number > 999999999 ? 999999999 : l->number;
        snprintf(marker, sizeof marker, "%lld%c ", n, l->marker);
        l->number++;
    }
    memset(cont, ' ', strlen(marker));
    cont[strlen(marker)] = '\0';
    md_container(k->w, marker, cont);
}

static void item(walk *k, bool enter)
{
    if (enter) {
        item_enter(k);
        return;
    }
    md_pop(k->w);
    bcp_lines_set_want(&k->w->out, k->lists[k->nlists - 1].tight ? BCP_SEP_LINE : BCP_SEP_BLANK);
}

static void reference(walk *k, const bc_node *node, bool enter)
{
    char buf[64];
    int num = bc_node_reference_number(node);
    if (enter) {
        char cont[32];
        int n = snprintf(buf, sizeof buf, "%d. ", num);
        memset(cont, ' ', (size_t)n);
        cont[n] = '\0';
        md_container(k->w, buf, cont);
        /* An anchor for citations; inline HTML, so readers that drop it lose no text. */
        snprintf(buf, sizeof buf, "<a id=\"ref-%d\"></a>", num);
        md_raw(k->w, buf);
        return;
    }
    const char *url = bc_node_url(node);
    if (url[0] != '\0') {
        md_space(k->w);
        md_url(k->w, url);
    }
    md_end_block(k->w);
    md_pop(k->w);
    bcp_lines_set_want(&k->w->out, BCP_SEP_LINE);
}

static void citation(walk *k, const bc_node *node)
{
    char buf[64];
    int n = bc_node_citation_count(node);
    if (k->open_link != NULL) { /* no link inside a link: the numbers as text */
        md_text(k->w, "(", 1);
        for (int i = 0; i < n; i++) {
            int len = snprintf(buf, sizeof buf, "%s%d", i ? ", " : "", bc_node_citation_number(node, i));
            md_text(k->w, buf, (size_t)len);
        }
        md_text(k->w, ")", 1);
        return;
    }
    if (n == 1) {
        int num = bc_node_citation_number(node, 0);
        snprintf(buf, sizeof buf, "[(%d)](#ref-%d)", num, num);
        md_raw(k->w, buf);
        return;
    }
    md_raw(k->w, "(");
    for (int i = 0; i < n; i++) {
        int num = bc_node_citation_number(node, i);
        if (i > 0) {
            md_text(k->w, ",", 1);
            md_space(k->w);
        }
        snprintf(buf, sizeof buf, "[%d](#ref-%d)", num, num);
        md_raw(k->w, buf);
    }
    md_raw(k->w, ")");
}

/* True when LINK's text is exactly its URL and it has no title, so <URL> says it all. */
static bool link_is_autolink(const bc_node *link, const char *url)
{
    const bc_node *text = bc_node_first_child(link);
    return is_type(text, BC_NODE_TEXT) && bc_node_next(text) == NULL &&
           bc_node_link_title(link)[0] == '\0' && strcmp(bc_node_literal(text, NULL), url) == 0 &&
           md_url_autolinkable(url);
}

/*
 * True when LINK's text holds code with a "]": at the start of a paragraph,
 * "[`a]: b`](<u>)" reads as the definition of a link "`a" unless something
 * after the destination on its line, such as a title (even ""), rules that
 * out. Such a link is kept on one line (its breaks become spaces) and always
 * gets a title.
 */
static bool code_with_bracket(const bc_node *link)
{
    bool found = false;
    bc_iter *it = bc_iter_new(link);
    if (it == NULL)
        return true; /* the guard costs nothing but two quotes */
    while (!found && bc_iter_next(it) != BC_EVENT_DONE) {
        const bc_node *n = bc_iter_node(it);
        found = bc_node_type_of(n) == BC_NODE_CODE && strchr(bc_node_literal(n, NULL), ']') != NULL;
    }
    bc_iter_free(it);
    return found;
}

static void link(walk *k, bc_iter *it, const bc_node *node, bool enter)
{
    const char *url = bc_node_url(node);
    if (!enter) {
        if (node == k->open_link) {
            md_link_end(k->w, url, bc_node_link_title(node), k->w->one_line);
            k->w->one_line = false;
            k->open_link = NULL;
        }
        return;
    }
    bool live = bc_url_is_allowed(url, strlen(url));
    if (live && link_is_autolink(node, url)) {
        md_url(k->w, url);
        k->autolinked = node;
        bc_iter_skip_children(it);
        return;
    }
    if (live) {
        md_raw(k->w, "[");
        k->w->in_link = true;
        k->open_link = node;
        k->w->one_line = code_with_bracket(node);
    }
    if (bc_node_first_child(node) == NULL) /* nothing to click on: show the URL */
        md_text(k->w, url, strlen(url));
}

static void delimited(walk *k, bc_node_type type, bool enter)
{
    static const char kinds[] = "es~"; /* md_open's names */
    int i = type == BC_NODE_EMPH ? 0 : type == BC_NODE_STRONG ? 1 : 2;
    if (enter) {
        if (k->depth[i]++ == 0)
            md_open(k->w, kinds[i]);
    } else if (--k->depth[i] == 0) {
        md_close(k->w);
    }
}

static void row(walk *k, const bc_node *node, bool enter)
{
    if (enter) {
        md_table_row_begin(k->w);
        return;
    }
    md_table_row_end(k->w);
    if (node == bc_node_first_child(bc_node_parent(node)))
        md_table_delimiter_row(k->w, bc_node_parent(node));
}

static void visit(walk *k, bc_iter *it, const bc_node *node, bool enter)
{
    md_writer *w = k->w;
    size_t len;
    const char *lit;
    if (enter)
        separate(k, node);
    switch (bc_node_type_of(node)) {
    case BC_NODE_NONE:
    case BC_NODE_TYPE_COUNT:
    case BC_NODE_INLINES:
    case BC_NODE_CONTENT:
    case BC_NODE_SECTION:
        break;
    case BC_NODE_REFERENCE:
        reference(k, node, enter);
        break;
    case BC_NODE_PARAGRAPH:
        if (!enter)
            md_end_block(w);
        break;
    case BC_NODE_HEADING:
        if (enter) {
            int level = bc_node_heading_level(node) + 1;
            md_heading_begin(w, level < 2 ? 2 : level > 6 ? 6 : level);
        } else {
            md_heading_end(w);
        }
        break;
    case BC_NODE_LIST:
        if (enter) {
            list_enter(k, node);
            break;
        }
        k->last_list = node; /* lists exit in order, so this is the next list's sibling if any */
        k->last_marker = k->lists[--k->nlists].marker;
        bcp_lines_set_want(&w->out, BCP_SEP_BLANK);
        break;
    case BC_NODE_ITEM:
        item(k, enter);
        break;
    case BC_NODE_BLOCK_QUOTE:
        if (enter) {
            md_container(w, "> ", "> ");
            break;
        }
        md_pop(w);
        bcp_lines_set_want(&w->out, BCP_SEP_BLANK);
        break;
    case BC_NODE_CODE_BLOCK:
        lit = bc_node_literal(node, &len);
        md_code_block(w, bc_node_code_info(node), lit, len);
        break;
    case BC_NODE_THEMATIC_BREAK:
        md_thematic_break(w);
        break;
    case BC_NODE_TABLE:
        if (!enter)
            bcp_lines_set_want(&w->out, BCP_SEP_BLANK);
        break;
    case BC_NODE_TABLE_ROW:
        row(k, node, enter);
        break;
    case BC_NODE_TABLE_CELL:
        if (enter)
            md_table_cell_begin(w);
        else
            md_table_cell_end(w);
        break;
    case BC_NODE_TEXT:
    case BC_NODE_CODE:
        lit = bc_node_literal(node, &len);
        if (bc_node_type_of(node) == BC_NODE_TEXT)
            md_text(w, lit, len);
        else
            md_code_span(w, lit, len);
        break;
    case BC_NODE_SOFTBREAK:
    case BC_NODE_LINEBREAK:
        md_break(w, bc_node_type_of(node) == BC_NODE_LINEBREAK);
        break;
    case BC_NODE_EMPH:
    case BC_NODE_STRONG:
    case BC_NODE_STRIKETHROUGH:
        delimited(k, bc_node_type_of(node), enter);
        break;
    case BC_NODE_LINK:
        if (node != k->autolinked)
            link(k, it, node, enter);
        break;
    case BC_NODE_CITATION:
        citation(k, node);
        break;
    }
}

int md_nodes(md_writer *w, const bc_node *node, bc_error *err)
{
    walk k = {.w = w};
    bc_iter *it = bc_iter_new(node);
    k.oom = it == NULL;
    bc_event ev;
    while (!k.oom && (ev = bc_iter_next(it)) != BC_EVENT_DONE)
        visit(&k, it, bc_iter_node(it), ev == BC_EVENT_ENTER);
    if (it != NULL)
        bc_iter_free(it);
    free(k.lists);
    if (k.oom) {
        bc_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    return 0;
}
