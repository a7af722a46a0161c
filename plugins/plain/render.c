/*
 * render.c — the plain-text renderer.
 *
 * One loop over each field's tree (bc_iter, no recursion, so any depth is
 * safe) with one switch over node types. Inline nodes append text to a
 * buffer; the block that owns it (paragraph, heading, list item text, table
 * cell, reference, "Label: value" line) wraps it on exit. Containers push
 * line prefixes onto the output (see out.h).
 *
 * Choices, for the e-mail this text is pasted into:
 * - emphasis, strong and code lose their markers (they would show as noise);
 *   strikethrough keeps "~~" because dropping it would change the meaning;
 * - links print as "text <url>", or "<url>" when the text is the URL, then
 *   any title in parentheses: "text <url> (title)";
 * - headings are underlined: the title with '=', level 1 (parts, top-level
 *   sections) with '-', level 2 '~', level 3 '^', deeper '.';
 * - bullets alternate '*' and '-' by nesting level; numbers are right-aligned;
 * - a word wider than the line is not broken (URLs must stay whole);
 * - option width (20..1000 display columns, default 72); wrap=none keeps each
 *   paragraph on one line for mail clients that wrap by themselves.
 */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/buf.h"
#include "out.h"
#include "table.h"
#include "wrap.h"

typedef struct list_state {
    long long next; /* number of the next item (ordered lists) */
    int num_width;  /* digits of the widest number */
    bool ordered;
    char bullet;
} list_state;

typedef struct ctx {
    const bc_document *doc;
    plain_out out;
    bcp_buf inl; /* inline text waiting for the block that owns it */
    list_state *lists;
    size_t nlists, caplists;
    plain_table table;  /* the table being collected */
    int ref_width;      /* digits of the largest reference number */
    bool oom;
} ctx;

static int oom(ctx *c)
{
    c->oom = true;
    return -1;
}

static int put(ctx *c, const char *s, size_t len)
{
    return bcp_buf_put(&c->inl, s, len) == 0 ? 0 : oom(c);
}

static int puts_(ctx *c, const char *s)
{
    return put(c, s, strlen(s));
}

/* Appends text; a TAB has no fixed width, so it becomes a space. LF stays a line break. */
static int put_text(ctx *c, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\t') {
            if (put(c, s + start, i - start) != 0 || put(c, " ", 1) != 0)
                return -1;
            start = i + 1;
        }
    }
    return put(c, s + start, len - start);
}

static size_t count_digits(long long n)
{
    char tmp[32];
    int len = snprintf(tmp, sizeof tmp, "%lld", n);
    return len > 0 ? (size_t)len : 1;
}

/* ---------------------------------------------------------------- blocks */

typedef struct line_ctx {
    ctx *c;
    size_t max_width;
} line_ctx;

static int wrapped_line(void *user, const char *s, size_t len)
{
    line_ctx *lc = user;
    size_t w = plain_width(s, len);
    if (w > lc->max_width)
        lc->max_width = w;
    return plain_out_line(&lc->c->out, s, len);
}

static int raw_line(void *user, const char *s, size_t len)
{
    return plain_out_raw(user, s, len);
}

/*
 * The collected inline text without the blank lines and spaces at either
 * end: they would only add empty lines to the layout. Sets *LEN.
 */
static const char *trimmed_text(const ctx *c, size_t *len)
{
    const char *s = c->inl.data ? c->inl.data : "";
    size_t n = c->inl.len;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        n--;
    while (n > 0 && (s[0] == ' ' || s[0] == '\n')) {
        s++;
        n--;
    }
    *len = n;
    return s;
}

/*
 * Wraps and writes the collected inline text (trimmed_text), then forgets
 * it. Returns the widest line's width through WIDTH (may be NULL).
 */
static int flush_text(ctx *c, size_t *width)
{
    size_t len;
    const char *s = trimmed_text(c, &len);
    line_ctx lc = {c, 0};
    size_t first, rest;
    plain_out_avail(&c->out, &first, &rest);
    int rc = len ? plain_wrap(s, len, first, rest, wrapped_line, &lc) : 0;
    c->inl.len = 0;
    if (width)
        *width = lc.max_width;
    return rc == 0 ? 0 : oom(c);
}

static char underline_char(int level)
{
    static const char chars[] = {'=', '-', '~', '^', '.'};
    if (level < 0)
        level = 0;
    if (level > 4)
        level = 4;
    return chars[level];
}

/* Writes the collected text as a heading of LEVEL (0 = the title). */
static int flush_heading(ctx *c, int level)
{
    size_t width = 0;
    if (flush_text(c, &width) != 0)
        return -1;
    if (width == 0)
        return 0;
    bcp_buf rule = {0};
    int rc = bcp_buf_repeat(&rule, underline_char(level), width);
    if (rc == 0)
        rc = plain_out_raw(&c->out, rule.data, rule.len);
    bcp_buf_free(&rule);
    return rc == 0 ? 0 : oom(c);
}

/*
 * True when NODE follows a sibling inside a tight list (an item, or a block
 * of an item): no blank line before it. The first one keeps the blank line
 * that sets the whole list off from what precedes it.
 */
static bool tight_follower(const bc_node *node)
{
    if (!node || !bc_node_prev(node))
        return false;
    bc_node_type t = bc_node_type_of(node);
    if (t == BC_NODE_REFERENCE)
        return true; /* further reading is a compact list */
    /* A tight list right after a tight list (bullets turning to numbers) reads as one list. */
    const bc_node *prev = bc_node_prev(node);
    if (t == BC_NODE_LIST && bc_node_type_of(prev) == BC_NODE_LIST && bc_node_list_tight(node) &&
        bc_node_list_tight(prev))
        return true;
    const bc_node *p = bc_node_parent(node);
    if (t != BC_NODE_ITEM) {
        if (!p || bc_node_type_of(p) != BC_NODE_ITEM)
            return false;
        p = bc_node_parent(p);
    }
    return p && bc_node_type_of(p) == BC_NODE_LIST && bc_node_list_tight(p);
}

/* Before any block. */
static void block_start(ctx *c, const bc_node *node)
{
    if (tight_follower(node))
        plain_out_cancel_blank(&c->out);
}

static int block_end(ctx *c)
{
    return plain_out_blank(&c->out) == 0 ? 0 : oom(c);
}

static int push(ctx *c, const char *first, const char *cont)
{
    return plain_out_push(&c->out, first, cont) == 0 ? 0 : oom(c);
}

static int enter_list(ctx *c, const bc_node *node)
{
    list_state *lists = bcp_grow(c->lists, &c->caplists, c->nlists + 1, sizeof *lists);
    if (!lists)
        return oom(c);
    c->lists = lists;
    list_state *l = &lists[c->nlists++];
    l->ordered = bc_node_list_type(node) == BC_LIST_ORDERED;
    l->bullet = bc_node_list_level(node) % 2 ? '-' : '*';
    l->next = bc_node_list_start(node);
    long long items = 0;
    for (const bc_node *k = bc_node_first_child(node); k; k = bc_node_next(k))
        items++;
    long long last = l->next + (items > 0 ? items - 1 : 0);
    size_t w1 = count_digits(l->next), w2 = count_digits(last);
    l->num_width = (int)(w1 > w2 ? w1 : w2);
    return 0;
}

/* Pushes the prefixes of an item: "* " or " 9. " first, spaces after. */
static int push_item(ctx *c, bool ordered, long long number, int num_width, char bullet)
{
    char first[48], cont[48];
    if (ordered)
        snprintf(first, sizeof first, "%*lld. ", num_width, number);
    else
        snprintf(first, sizeof first, "%c ", bullet);
    size_t n = strlen(first);
    memset(cont, ' ', n);
    cont[n] = '\0';
    return push(c, first, cont);
}

static int enter_item(ctx *c)
{
    const list_state *l = &c->lists[c->nlists - 1];
    return push_item(c, l->ordered, l->next, l->num_width, l->bullet);
}

/* The end of an item or a reference: an empty one still shows its marker. */
static int close_item(ctx *c)
{
    if (!plain_out_top_used(&c->out) && plain_out_raw(&c->out, "", 0) != 0)
        return oom(c);
    plain_out_pop(&c->out);
    return block_end(c);
}

static int exit_item(ctx *c)
{
    c->lists[c->nlists - 1].next++;
    return close_item(c);
}

static int code_block(ctx *c, const bc_node *node)
{
    size_t len = 0;
    const char *s = bc_node_literal(node, &len);
    /* Trailing blank lines of a fence are not part of the code anyone reads. */
    while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0)
        return 0;
    if (push(c, "    ", "    ") != 0)
        return -1;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '\n') {
            if (plain_out_raw(&c->out, s + start, i - start) != 0)
                return oom(c);
            start = i + 1;
        }
    }
    plain_out_pop(&c->out);
    return 0;
}

static int thematic_break(ctx *c)
{
    size_t first, rest;
    plain_out_avail(&c->out, &first, &rest);
    bcp_buf rule = {0};
    int rc = bcp_buf_repeat(&rule, '-', first ? first : PLAIN_WIDTH_DEFAULT);
    if (rc == 0)
        rc = plain_out_raw(&c->out, rule.data, rule.len);
    bcp_buf_free(&rule);
    return rc == 0 ? 0 : oom(c);
}

static int exit_table(ctx *c)
{
    size_t first, rest;
    plain_out_avail(&c->out, &first, &rest);
    int rc = plain_table_render(&c->table, rest, raw_line, &c->out);
    if (rc != 0)
        return oom(c);
    return block_end(c);
}

static int exit_cell(ctx *c)
{
    size_t len;
    const char *s = trimmed_text(c, &len);
    int rc = plain_table_add_cell(&c->table, s, len);
    c->inl.len = 0;
    return rc == 0 ? 0 : oom(c);
}

static int enter_reference(ctx *c, const bc_node *node)
{
    block_start(c, node);
    return push_item(c, true, bc_node_reference_number(node), c->ref_width, '*');
}

static int exit_reference(ctx *c, const bc_node *node)
{
    if (flush_text(c, NULL) != 0)
        return -1;
    const char *url = bc_node_url(node);
    size_t len = url ? strlen(url) : 0;
    if (len > 0) {
        /* A URL the core would not allow is still shown, but not as a link. */
        bool live = bc_url_is_allowed(url, len);
        if ((live && put(c, "<", 1) != 0) || put_text(c, url, len) != 0 || (live && put(c, ">", 1) != 0))
            return -1;
        if (flush_text(c, NULL) != 0)
            return -1;
    }
    return close_item(c);
}

/* ---------------------------------------------------------------- inlines */

typedef enum link_form { LINK_TEXT, LINK_URL, LINK_TEXT_URL } link_form;

/*
 * How a link prints: its text alone when the URL is not allowed, "<url>"
 * when the text says nothing more than the URL, else "text <url>".
 */
static link_form link_form_of(ctx *c, const bc_node *node)
{
    const char *url = bc_node_url(node);
    size_t len = url ? strlen(url) : 0;
    if (len == 0 || !bc_url_is_allowed(url, len))
        return LINK_TEXT;
    char *text = bc_node_plain_text(node);
    if (!text) {
        oom(c);
        return LINK_TEXT;
    }
    bool same = text[0] == '\0' || strcmp(text, url) == 0 ||
                (strncasecmp(url, "mailto:", 7) == 0 && strcmp(text, url + 7) == 0);
    free(text);
    return same ? LINK_URL : LINK_TEXT_URL;
}

static int put_link_url(ctx *c, const bc_node *node, bool bare_mailto)
{
    const char *url = bc_node_url(node);
    const char *shown = url;
    char *text = NULL;
    if (bare_mailto && strncasecmp(url, "mailto:", 7) == 0) {
        text = bc_node_plain_text(node);
        if (!text)
            return oom(c);
        if (strcmp(text, url + 7) == 0)
            shown = url + 7; /* "<a@b.org>", not "<mailto:a@b.org>" */
    }
    int rc = puts_(c, "<");
    if (rc == 0)
        rc = put_text(c, shown, strlen(shown));
    if (rc == 0)
        rc = puts_(c, ">");
    free(text);
    return rc;
}

/* " (title)" after a link: a title is text the author wrote, so it stays. */
static int put_link_title(ctx *c, const bc_node *node)
{
    const char *title = bc_node_link_title(node);
    if (!title || !title[0])
        return 0;
    char *text = bc_node_plain_text(node);
    if (!text)
        return oom(c);
    bool repeat = strcmp(text, title) == 0;
    free(text);
    if (repeat)
        return 0;
    if (puts_(c, " (") != 0 || put_text(c, title, strlen(title)) != 0)
        return -1;
    return puts_(c, ")");
}

static int enter_link(ctx *c, bc_iter *it, const bc_node *node)
{
    if (link_form_of(c, node) != LINK_URL)
        return c->oom ? -1 : 0;
    bc_iter_skip_children(it);
    return put_link_url(c, node, true) == 0 ? put_link_title(c, node) : -1;
}

static int exit_link(ctx *c, const bc_node *node)
{
    switch (link_form_of(c, node)) {
    case LINK_TEXT:
        return c->oom ? -1 : put_link_title(c, node);
    case LINK_TEXT_URL:
        if (puts_(c, " ") != 0 || put_link_url(c, node, false) != 0)
            return -1;
        return put_link_title(c, node);
    case LINK_URL:
        break; /* written whole on entry */
    }
    return 0;
}

/* "(1)" or "(1, 3)"; the spaces inside never break. */
static int citation(ctx *c, const bc_node *node)
{
    int n = bc_node_citation_count(node);
    if (puts_(c, "(") != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        char num[24];
        int number = bc_node_citation_number(node, i);
        if (i > 0 && put(c, ",\x01", 2) != 0)
            return -1;
        snprintf(num, sizeof num, "%d", number);
        if (puts_(c, num) != 0)
            return -1;
    }
    return puts_(c, ")");
}

/* ---------------------------------------------------------------- the walk */

/* Renders the tree under ROOT. Inline text left over stays in c->inl. */
static int walk(ctx *c, const bc_node *root)
{
    bc_iter *it = bc_iter_new(root);
    if (!it)
        return oom(c);
    int rc = 0;
    bc_event ev;
    while (rc == 0 && (ev = bc_iter_next(it)) != BC_EVENT_DONE && ev != BC_EVENT_NONE) {
        const bc_node *n = bc_iter_node(it);
        bool enter = ev == BC_EVENT_ENTER;
        size_t len = 0;
        const char *lit;
        switch (bc_node_type_of(n)) {
        case BC_NODE_NONE:
        case BC_NODE_TYPE_COUNT:
        case BC_NODE_INLINES:
        case BC_NODE_EMPH:
        case BC_NODE_STRONG:
        case BC_NODE_CONTENT:
        case BC_NODE_SECTION:
            break;
        case BC_NODE_REFERENCE:
            rc = enter ? enter_reference(c, n) : exit_reference(c, n);
            break;
        case BC_NODE_PARAGRAPH:
            if (enter)
                block_start(c, n);
            else
                rc = flush_text(c, NULL) == 0 ? block_end(c) : -1;
            break;
        case BC_NODE_HEADING:
            if (enter)
                block_start(c, n);
            else
                rc = flush_heading(c, bc_node_heading_level(n)) == 0 ? block_end(c) : -1;
            break;
        case BC_NODE_LIST:
            if (enter) {
                block_start(c, n);
                rc = enter_list(c, n);
            } else {
                c->nlists--;
                rc = block_end(c);
            }
            break;
        case BC_NODE_ITEM:
            if (enter) {
                block_start(c, n);
                rc = enter_item(c);
            } else {
                rc = exit_item(c);
            }
            break;
        case BC_NODE_BLOCK_QUOTE:
            if (enter) {
                block_start(c, n);
                rc = push(c, "> ", "> ");
            } else {
                plain_out_pop(&c->out);
                rc = block_end(c);
            }
            break;
        case BC_NODE_CODE_BLOCK:
            block_start(c, n);
            rc = code_block(c, n) == 0 ? block_end(c) : -1;
            break;
        case BC_NODE_THEMATIC_BREAK:
            block_start(c, n);
            rc = thematic_break(c) == 0 ? block_end(c) : -1;
            break;
        case BC_NODE_TABLE:
            if (enter) {
                block_start(c, n);
                plain_table_start(&c->table, n);
            } else {
                rc = exit_table(c);
            }
            break;
        case BC_NODE_TABLE_ROW:
            if (enter && plain_table_add_row(&c->table, bc_node_table_row_is_header(n)) != 0)
                rc = oom(c);
            break;
        case BC_NODE_TABLE_CELL:
            if (!enter)
                rc = exit_cell(c);
            break;
        case BC_NODE_TEXT:
        case BC_NODE_CODE:
            lit = bc_node_literal(n, &len);
            rc = put_text(c, lit, len);
            break;
        case BC_NODE_SOFTBREAK:
            rc = put(c, " ", 1);
            break;
        case BC_NODE_LINEBREAK:
            rc = put(c, "\n", 1);
            break;
        case BC_NODE_STRIKETHROUGH:
            rc = put(c, "~~", 2);
            break;
        case BC_NODE_LINK:
            rc = enter ? enter_link(c, it, n) : exit_link(c, n);
            break;
        case BC_NODE_CITATION:
            rc = citation(c, n);
            break;
        }
    }
    bc_iter_free(it);
    return rc;
}

/* ---------------------------------------------------------------- parts */

static int part_heading(ctx *c, bc_field f)
{
    const char *label = bc_document_label(c->doc, f);
    if (put_text(c, label, strlen(label)) != 0)
        return -1;
    return flush_heading(c, 1) == 0 ? block_end(c) : -1;
}

/* "Label: value", continuation lines indented. */
static int detail(ctx *c, bc_field f)
{
    const char *label = bc_document_label(c->doc, f);
    size_t label_len = strlen(label);
    /* The core's one rule: no colon after a label ending in ':', '?' or '!' ("Where from?"). */
    bool colon = bc_label_with_colon(label, NULL, 0) > label_len;
    if (put_text(c, label, label_len) != 0 || puts_(c, colon ? ": " : " ") != 0 || push(c, "", "  ") != 0)
        return -1;
    int rc = 0;
    switch (bc_field_kind_of(f)) {
    case BC_FIELD_KIND_INLINE:
        rc = walk(c, bc_document_field(c->doc, f));
        break;
    case BC_FIELD_KIND_TEXT:
    case BC_FIELD_KIND_DATE: {
        const char *s = bc_document_text(c->doc, f);
        size_t len = s ? strlen(s) : 0;
        bool live = f == BC_FIELD_LINK && bc_url_is_allowed(s, len);
        rc = (live && put(c, "<", 1) != 0) || put_text(c, s ? s : "", len) != 0 ||
                     (live && put(c, ">", 1) != 0)
                 ? -1
                 : 0;
        break;
    }
    case BC_FIELD_KIND_CONTENT:
    case BC_FIELD_KIND_LIST:
        break;
    }
    if (rc == 0)
        rc = flush_text(c, NULL);
    plain_out_pop(&c->out);
    return rc;
}

static int details(ctx *c, const bc_field *fields, size_t n)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (!bc_document_has(c->doc, fields[i]))
            continue;
        if (detail(c, fields[i]) != 0)
            return -1;
        any = true;
    }
    return any ? block_end(c) : 0;
}

/* A content part: its label as a heading (unless LABELLED is false), then its blocks. */
static int content(ctx *c, bc_field f, bool labelled)
{
    const bc_node *node = bc_document_field(c->doc, f);
    if (!node)
        return 0;
    if (labelled && part_heading(c, f) != 0)
        return -1;
    return walk(c, node) == 0 ? block_end(c) : -1;
}

static int render_document(ctx *c)
{
    size_t nhead, nrecord;
    const bc_field *head = bc_group_fields(BC_GROUP_DETAILS, &nhead);
    const bc_field *record = bc_group_fields(BC_GROUP_RECORD, &nrecord);
    const bc_node *title = bc_document_field(c->doc, BC_FIELD_TITLE);
    if (title) {
        if (walk(c, title) != 0 || flush_heading(c, 0) != 0 || block_end(c) != 0)
            return -1;
    }
    const char *type = bc_document_text(c->doc, BC_FIELD_TYPE);
    if (type) {
        if (put_text(c, type, strlen(type)) != 0 || flush_text(c, NULL) != 0 || block_end(c) != 0)
            return -1;
    }
    if (details(c, head, nhead) != 0)
        return -1;
    if (content(c, BC_FIELD_SUMMARY, true) != 0 || content(c, BC_FIELD_KEY_FEATURES, true) != 0 ||
        content(c, BC_FIELD_IMPACT, true) != 0 || content(c, BC_FIELD_SECTIONS, false) != 0)
        return -1;
    if (bc_document_reference_count(c->doc) > 0) {
        c->ref_width = (int)count_digits(bc_document_reference_count(c->doc));
        if (content(c, BC_FIELD_REFERENCES, true) != 0)
            return -1;
    }
    if (details(c, record, nrecord) != 0)
        return -1;
    return content(c, BC_FIELD_NOTICE, false);
}

int plain_render(const bc_document *doc, const bc_options *opts, bc_sink *sink, bc_error *err)
{
    long long width = opts ? bc_options_get_int(opts, "width", PLAIN_WIDTH_DEFAULT) : PLAIN_WIDTH_DEFAULT;
    const char *wrap = opts ? bc_options_get(opts, "wrap") : NULL;
    if (width < PLAIN_WIDTH_MIN || width > PLAIN_WIDTH_MAX) { /* the host checks; a NULL-options caller may not */
        bc_error_set(err, 0, 0, "option width=%lld: must be between %d and %d", width, PLAIN_WIDTH_MIN,
                     PLAIN_WIDTH_MAX);
        return -1;
    }
    if (wrap && strcmp(wrap, "none") == 0)
        width = 0; /* 0 tells the layout not to wrap */
    ctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    plain_out_init(&c.out, sink, (size_t)width);

    int rc = render_document(&c);
    if (c.oom || c.out.lines.oom) {
        bc_error_set(err, 0, 0, "out of memory");
        rc = -1;
    } else if (rc == 0 && bc_sink_status(sink) != 0) {
        char msg[128];
        if (strerror_r(bc_sink_status(sink), msg, sizeof msg) != 0)
            snprintf(msg, sizeof msg, "error %d", bc_sink_status(sink));
        bc_error_set(err, 0, 0, "cannot write the output: %s", msg);
        rc = -1;
    }

    plain_table_fini(&c.table);
    free(c.lists);
    bcp_buf_free(&c.inl);
    plain_out_fini(&c.out);
    return rc;
}
