/*
 * document.c — word/document.xml, the body of the briefing.
 *
 * The parts come in the format's order: title (Title), type (Subtitle), the
 * details as a two-column table, summary / key features / impact under
 * Heading 1, the sections, further reading as a numbered list whose entries
 * carry the bookmarks citations link to, the record table, the notice.
 *
 * Content trees are walked with the core's enter/exit iterator (no
 * recursion, so nesting depth is no danger) and a single switch over node
 * types; a small stack of frames remembers the open lists, items, quotes,
 * links and tables, which decide how a paragraph inside them looks.
 */
#include "docx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INDENT_STEP 360 /* as numbering.c: one list level */
#define MAX_ILVL 8      /* Word's deepest list level */
#define QUOTE_INDENT 284 /* as the Quote style's left indent */
#define MAX_QUOTE_STEPS 5 /* deeper quotes stop stepping in: the text column stays usable */
#define TABLE_TEXT_TOP 80 /* a Table Grid cell's text starts this far down: its top margin and spacing */
#define LABEL_SHADE "E8EDEE"
#define RULE_GREY "AEB7BD"
#define QUOTE_RULE "005EB8" /* NHS Blue, as the Quote style's rule */

typedef struct frame {
    bc_node_type type;
    const bc_node *node;
    int num_id;   /* LIST, ITEM: its w:num */
    int level;    /* LIST, ITEM: its w:ilvl */
    bool ordered; /* LIST, ITEM */
    bool tight;   /* LIST, ITEM */
    bool pending; /* ITEM: its numbered paragraph is still to come */
    bool carry;   /* LIST: its first item's marker is text in an outer item's paragraph */
    bool join_next; /* LIST: tight, and a tight list follows it with nothing between */
    int start;    /* LIST, ITEM: the list's first number */
    int number;   /* ITEM: its own number (ordered lists) */
    bool opened;  /* LINK: a w:hyperlink was opened; TABLE_ROW: header row */
    bool beside;  /* TABLE: in a layout table, beside its item's marker (marker_beside) */
    int cells;    /* TABLE_ROW: cells written so far */
    long width;   /* TABLE, TABLE_ROW: column width in twips */
} frame;

typedef struct body {
    docx_ctx *ctx;
    docx_xml *x;
    frame *stack;
    size_t depth, cap;
    int bold, italic, strike, in_link;
    docx_style para_style;     /* of plain paragraphs: Normal, or Notice */
    int refs_num_id;           /* the further-reading list */
    bool last_table;           /* the last block written was a table */
    const bc_node *keep_last;  /* the last block before the record: kept on the record's page */
} body;

/* A paragraph's properties. */
typedef struct para {
    docx_style style;
    int num_id, ilvl; /* numbered when num_id > 0 */
    long indent;      /* left indent, when >= 0 */
    long hanging;     /* with INDENT: the first line starts this much further left */
    long origin;      /* where the paragraph's box starts: indent and tabs count from here */
    int tab_from, tab_to; /* tab stops at each list level's text column in [FROM, TO) */
    long tab_shift;       /* ... moved right by this much (the quotes around them) */
    int quote;        /* block quotes around it: their rule on the left */
    bool contextual;  /* no spacing between paragraphs of the same style (tight lists) */
    bool keep_next;   /* on the same page as the next paragraph */
    bool keep_lines;  /* never split across pages */
    bool no_after;    /* no spacing after (a tight list that another list continues) */
    int before;       /* spacing before, when > 0 */
    const char *jc;   /* justification, or NULL */
} para;

static para plain(docx_style style)
{
    return (para){.style = style, .indent = -1};
}

static void fail(body *b)
{
    b->x->failed = true;
}

static frame *push(body *b, bc_node_type type, const bc_node *node)
{
    if (b->depth == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        frame *s = realloc(b->stack, cap * sizeof *s);
        if (!s) {
            fail(b);
            return NULL;
        }
        b->stack = s;
        b->cap = cap;
    }
    frame *f = &b->stack[b->depth++];
    memset(f, 0, sizeof *f);
    f->type = type;
    f->node = node;
    return f;
}

static frame *top(body *b)
{
    return b->depth ? &b->stack[b->depth - 1] : NULL;
}

static void pop(body *b)
{
    if (b->depth)
        b->depth--;
}

static const char *style_id(body *b, docx_style s)
{
    return b->ctx->style_id[s];
}

/* How far DEPTH block quotes step text in. */
static long quote_offset(int depth)
{
    return (long)QUOTE_INDENT * (depth < MAX_QUOTE_STEPS ? depth : MAX_QUOTE_STEPS);
}

/* <w:pBdr> with one single rule on SIDE. */
static void rule(docx_xml *x, const char *side, int size, int space, const char *color)
{
    docx_xml_start(x, "w:pBdr");
    docx_xml_element(x, side, DOCX_STR("w:val", "single"), DOCX_NUM("w:sz", size), DOCX_NUM("w:space", space),
                     DOCX_STR("w:color", color));
    docx_xml_end(x);
}

/* A width: <NAME w:w="W" w:type="TYPE"/> (dxa: twips; pct: fiftieths of a percent). */
static void measure(docx_xml *x, const char *name, long w, const char *type)
{
    docx_xml_element(x, name, DOCX_NUM("w:w", w), DOCX_STR("w:type", type));
}

/* ------------------------------------------------------------------ */
/* Paragraphs and runs                                                 */
/* ------------------------------------------------------------------ */

static void p_open(body *b, const para *p)
{
    docx_xml *x = b->x;
    docx_xml_start(x, "w:p");
    bool props = p->style != DOCX_STYLE_NORMAL || p->num_id > 0 || p->indent >= 0 || p->contextual || p->jc ||
                 p->keep_next || p->keep_lines || p->quote > 0 || p->no_after || p->before > 0 ||
                 p->tab_to > p->tab_from;
    if (props) {
        docx_xml_start(x, "w:pPr");
        if (p->style != DOCX_STYLE_NORMAL)
            docx_xml_val(x, "w:pStyle", style_id(b, p->style));
        if (p->keep_next)
            docx_xml_empty(x, "w:keepNext");
        if (p->keep_lines)
            docx_xml_empty(x, "w:keepLines");
        if (p->num_id > 0) {
            docx_xml_start(x, "w:numPr");
            docx_xml_val_int(x, "w:ilvl", p->ilvl);
            docx_xml_val_int(x, "w:numId", p->num_id);
            docx_xml_end(x);
        }
        if (p->quote > 0) {
            /* The quote's rule, as the Quote style draws it, beside every block inside. */
            rule(x, "w:left", 18, 8, QUOTE_RULE);
        }
        if (p->tab_to > p->tab_from) {
            docx_xml_start(x, "w:tabs");
            for (int i = p->tab_from; i < p->tab_to; i++)
                docx_xml_element(x, "w:tab", DOCX_STR("w:val", "left"),
                                 DOCX_NUM("w:pos", (long long)INDENT_STEP * (i + 1) + p->tab_shift - p->origin));
            docx_xml_end(x);
        }
        if (p->no_after || p->before > 0) {
            docx_xml_start(x, "w:spacing");
            if (p->before > 0)
                docx_xml_attr_int(x, "w:before", p->before);
            if (p->no_after)
                docx_xml_attr_int(x, "w:after", 0);
            docx_xml_end(x);
        }
        if (p->indent >= 0) {
            docx_xml_begin(x, "w:ind", DOCX_NUM("w:left", p->indent - p->origin));
            if (p->hanging > 0)
                docx_xml_attr_int(x, "w:hanging", p->hanging);
            docx_xml_end(x);
        }
        if (p->contextual)
            docx_xml_empty(x, "w:contextualSpacing");
        if (p->jc)
            docx_xml_val(x, "w:jc", p->jc);
        docx_xml_end(x);
    }
    b->last_table = false;
}

static void p_close(body *b)
{
    docx_xml_end(b->x);
}

static void run_open(body *b, docx_style char_style)
{
    docx_xml *x = b->x;
    docx_xml_start(x, "w:r");
    bool code = char_style == DOCX_STYLE_VERBATIM;
    docx_style rstyle = b->in_link ? DOCX_STYLE_HYPERLINK : char_style;
    if (rstyle == DOCX_STYLE_NORMAL && !b->bold && !b->italic && !b->strike)
        return;
    docx_xml_start(x, "w:rPr");
    if (rstyle != DOCX_STYLE_NORMAL)
        docx_xml_val(x, "w:rStyle", style_id(b, rstyle));
    if (code) {
        /*
         * The code font directly as well as through Verbatim Char: inside a
         * link the run's style is Hyperlink, and LibreOffice lets the
         * paragraph or table style's run properties hide a character
         * style's font (titles, headings, table cells).
         */
        docx_xml_element(x, "w:rFonts", DOCX_STR("w:ascii", "Courier New"), DOCX_STR("w:hAnsi", "Courier New"),
                         DOCX_STR("w:cs", "Courier New"));
    }
    if (b->bold) {
        docx_xml_empty(x, "w:b");
        docx_xml_empty(x, "w:bCs");
    }
    if (b->italic) {
        docx_xml_empty(x, "w:i");
        docx_xml_empty(x, "w:iCs");
    }
    if (b->strike)
        docx_xml_empty(x, "w:strike");
    docx_xml_end(x);
}

/* A run of text; TAB and LF become w:tab and w:br, as Word wants. */
static void text_run(body *b, const char *s, size_t len, docx_style char_style)
{
    if (len == 0)
        return;
    run_open(b, char_style);
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != '\t' && s[j] != '\n')
            j++;
        if (j > i)
            docx_xml_wt(b->x, s + i, j - i);
        if (j < len) {
            docx_xml_empty(b->x, s[j] == '\t' ? "w:tab" : "w:br");
            j++;
        }
        i = j;
    }
    docx_xml_end(b->x);
}

static void text(body *b, const char *s)
{
    text_run(b, s, strlen(s), DOCX_STYLE_NORMAL);
}

static void paragraph_text(body *b, docx_style style, const char *s)
{
    para p = plain(style);
    p_open(b, &p);
    text(b, s);
    p_close(b);
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

static frame *nearest(body *b, bc_node_type type)
{
    for (size_t i = b->depth; i > 0; i--)
        if (b->stack[i - 1].type == type)
            return &b->stack[i - 1];
    return NULL;
}

/* Block quotes open around the current node: each steps the text in and draws its rule. */
static int quote_depth(const body *b, size_t below)
{
    int n = 0;
    for (size_t i = 0; i < below && i < b->depth; i++)
        n += b->stack[i].type == BC_NODE_BLOCK_QUOTE;
    return n;
}

/* The innermost list item or quote: what decides how a block inside looks. */
static frame *container_of(body *b)
{
    for (size_t i = b->depth; i > 0; i--)
        if (b->stack[i - 1].type == BC_NODE_ITEM || b->stack[i - 1].type == BC_NODE_BLOCK_QUOTE)
            return &b->stack[i - 1];
    return NULL;
}

/* The left edge of text at the current depth: list levels and quotes step it in. */
static long text_column(body *b)
{
    frame *item = nearest(b, BC_NODE_ITEM);
    return (item ? (long)INDENT_STEP * (item->level + 1) : 0) + quote_offset(quote_depth(b, b->depth));
}

/* Left indent for blocks inside a list item or quote, so they line up with its text; -1 outside. */
static long item_indent(body *b)
{
    return container_of(b) ? text_column(b) : -1;
}

/*
 * The item whose marker the next paragraph carries: the innermost item still
 * waiting for its first paragraph, followed outwards through lists that begin
 * an item ("- 1. text"): the outermost pending item of that chain numbers the
 * paragraph, the inner ones print their markers as text on the same line.
 * Returns the stack index of the outermost, or SIZE_MAX when none is pending.
 */
static size_t pending_chain(body *b)
{
    size_t i = b->depth;
    while (i > 0 && b->stack[i - 1].type == BC_NODE_BLOCK_QUOTE)
        i--; /* a quote opening an item carries the item's marker too */
    if (i == 0 || b->stack[i - 1].type != BC_NODE_ITEM || !b->stack[i - 1].pending)
        return SIZE_MAX;
    size_t outer = i - 1;
    while (outer >= 2 && b->stack[outer - 1].type == BC_NODE_LIST && b->stack[outer - 1].carry &&
           b->stack[outer - 2].type == BC_NODE_ITEM && b->stack[outer - 2].pending)
        outer -= 2;
    return outer;
}

/* The markers of the items after OUTER in the chain, as text and a tab each. */
static void carried_markers(body *b, size_t outer)
{
    static const char *const bullets[3] = {"\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA"}; /* as numbering.c */
    for (size_t i = outer + 1; i < b->depth; i++) {
        frame *f = &b->stack[i];
        if (f->type != BC_NODE_ITEM)
            continue;
        char mark[32];
        if (f->ordered)
            snprintf(mark, sizeof mark, "%d.", f->start);
        else
            snprintf(mark, sizeof mark, "%s", bullets[f->level % 3]);
        text(b, mark);
        run_open(b, DOCX_STYLE_NORMAL);
        docx_xml_empty(b->x, "w:tab");
        docx_xml_end(b->x);
    }
}

/*
 * The properties of a block's paragraph where it stands: OWN is its style
 * outside lists and quotes. Inside an item it is the item's numbered
 * paragraph (when the item has had none yet) or a continuation lined up with
 * the item's text; inside a quote it takes the quote's indent and rule.
 * Returns the stack index of the item whose markers follow (SIZE_MAX: none);
 * the caller writes them with carried_markers after p_open.
 */
static size_t context_para(body *b, para *p, docx_style own, const bc_node *n)
{
    frame *inner = container_of(b);
    frame *item = nearest(b, BC_NODE_ITEM);
    int quotes = quote_depth(b, b->depth);
    bool code = own == DOCX_STYLE_SOURCE_CODE;
    size_t outer = pending_chain(b);
    *p = plain(own);
    if (outer != SIZE_MAX) {
        frame *o = &b->stack[outer];
        p->num_id = o->num_id;
        p->ilvl = o->level;
        p->style = code ? own : inner->type == BC_NODE_BLOCK_QUOTE ? DOCX_STYLE_QUOTE
                          : o->ordered                         ? DOCX_STYLE_LIST_NUMBER
                                                               : DOCX_STYLE_LIST_BULLET;
        p->contextual = item->tight;
        long column = text_column(b);
        long marker = (long)INDENT_STEP * o->level + quote_offset(quote_depth(b, outer));
        if (column - marker != INDENT_STEP || quotes > 0) {
            /* The numbering's own indent is for one marker: widen the hang for the others. */
            p->indent = column;
            p->hanging = column - marker;
            p->tab_from = o->level;
            p->tab_to = item->level + 1;
            p->tab_shift = quote_offset(quotes);
        }
        for (size_t i = outer; i < b->depth; i++)
            b->stack[i].pending = false;
    } else if (inner && inner->type == BC_NODE_ITEM) {
        p->style = code ? own : DOCX_STYLE_LIST_CONTINUE;
        p->indent = text_column(b);
        p->contextual = inner->tight;
    } else if (inner) {
        p->style = code ? own : DOCX_STYLE_QUOTE;
        /* The Quote style has one step of indent: deeper quotes and lists step in further. */
        if (quotes > 1 || item || code)
            p->indent = text_column(b);
    }
    if (quotes > 0 && p->style != DOCX_STYLE_QUOTE)
        p->quote = quotes;
    if (n && n == b->keep_last)
        p->keep_next = p->keep_lines = true;
    /* A tight list that another tight list continues: no gap where bullets turn to numbers. */
    if (item && inner == item && n && !bc_node_next(n) && !bc_node_next(item->node)) {
        frame *list = item > b->stack && item[-1].type == BC_NODE_LIST ? &item[-1] : NULL;
        p->no_after = list && list->join_next;
    }
    return outer;
}

static void block_para_open(body *b, docx_style own, const bc_node *n)
{
    para p;
    size_t outer = context_para(b, &p, own, n);
    p_open(b, &p);
    if (outer != SIZE_MAX)
        carried_markers(b, outer);
}

/* The numbered paragraph of an item whose first block cannot hold its marker (a rule; tables: marker_beside). */
static void flush_pending(body *b)
{
    if (pending_chain(b) == SIZE_MAX)
        return;
    para p;
    size_t outer = context_para(b, &p, b->para_style, NULL);
    p.keep_next = true; /* at least on the page of what it numbers */
    p_open(b, &p);
    carried_markers(b, outer);
    p_close(b);
}

static void paragraph_open(body *b, const bc_node *n)
{
    block_para_open(b, b->para_style, n);
}

/*
 * A heading inside a list item or a quote is part of that block, not of the
 * document's outline: a bold paragraph where it stands. Elsewhere, a Heading
 * style by level.
 */
static void heading_open(body *b, const bc_node *n)
{
    if (container_of(b)) {
        block_para_open(b, b->para_style, n);
        frame *f = push(b, BC_NODE_HEADING, n);
        if (f)
            b->bold++;
        return;
    }
    int level = bc_node_heading_level(n);
    level = level < 1 ? 1 : level > 6 ? 6 : level;
    para p = plain((docx_style)(DOCX_STYLE_HEADING1 + level - 1));
    p.keep_lines = p.keep_next = n == b->keep_last;
    p_open(b, &p);
}

static void heading_close(body *b, const bc_node *n)
{
    frame *f = top(b);
    if (f && f->type == BC_NODE_HEADING && f->node == n) {
        b->bold--;
        pop(b);
    }
    p_close(b);
}

static void list_open(body *b, const bc_node *n)
{
    /* A list that opens an item starts on the item's line: its first marker is text there. */
    int level = 0;
    for (size_t i = 0; i < b->depth; i++)
        level += b->stack[i].type == BC_NODE_LIST;
    /* Not past Word's levels: there markers would pile up on one line. */
    bool carry = pending_chain(b) != SIZE_MAX && top(b)->type == BC_NODE_ITEM && level <= MAX_ILVL;
    if (!carry)
        flush_pending(b);
    if (level > MAX_ILVL)
        level = MAX_ILVL;
    bc_list_type type = bc_node_list_type(n) == BC_LIST_ORDERED ? BC_LIST_ORDERED : BC_LIST_BULLET;
    int start = bc_node_list_start(n);
    if (start < 0)
        start = 0;
    /* Word numbers from the second item on when the first was carried. */
    int num_id = docx_ctx_add_list(b->ctx, type, carry && type == BC_LIST_ORDERED ? start + 1 : start, level);
    if (num_id < 0) {
        fail(b);
        return;
    }
    frame *f = push(b, BC_NODE_LIST, n);
    if (!f)
        return;
    f->num_id = num_id;
    f->level = level;
    f->ordered = type == BC_LIST_ORDERED;
    f->tight = bc_node_list_tight(n);
    f->start = start;
    f->carry = carry;
    const bc_node *next = bc_node_next(n);
    f->join_next = f->tight && bc_node_type_of(next) == BC_NODE_LIST && bc_node_list_tight(next);
}

static void item_open(body *b, const bc_node *n)
{
    frame *list = top(b);
    frame parent = list && list->type == BC_NODE_LIST ? *list : (frame){.num_id = 0};
    frame *f = push(b, BC_NODE_ITEM, n);
    if (!f)
        return;
    f->num_id = parent.num_id;
    f->level = parent.level;
    f->ordered = parent.ordered;
    f->tight = parent.tight;
    f->start = parent.start;
    f->pending = parent.num_id > 0;
}

static void item_close(body *b, const bc_node *n)
{
    (void)n;
    flush_pending(b);
    pop(b);
}

static void code_block(body *b, const bc_node *n)
{
    size_t len = 0;
    const char *s = bc_node_literal(n, &len);
    if (len && s[len - 1] == '\n')
        len--;
    block_para_open(b, DOCX_STYLE_SOURCE_CODE, n);
    text_run(b, s, len, DOCX_STYLE_NORMAL);
    p_close(b);
}

static void thematic_break(body *b, const bc_node *n)
{
    (void)n;
    flush_pending(b);
    docx_xml *x = b->x;
    docx_xml_start(x, "w:p");
    docx_xml_start(x, "w:pPr");
    rule(x, "w:bottom", 6, 1, RULE_GREY);
    docx_xml_end(x);
    docx_xml_end(x);
    b->last_table = false;
}

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

/*
 * Opens a table of COLUMNS columns: the first FIRST wide, the others REST.
 * INDENT < 0: the text column's full width; else the widths' sum, INDENT
 * from the margin. The style TableNormal makes a layout table: no borders,
 * no cell margins, fixed widths.
 */
static void table_begin(body *b, docx_style style, long first, long rest, int columns, long indent)
{
    docx_xml *x = b->x;
    /* Two tables with nothing between them would be joined into one by Word. */
    if (b->last_table) {
        para p = plain(DOCX_STYLE_NORMAL);
        p.keep_next = style == DOCX_STYLE_DETAILS_TABLE; /* the record, after a content table */
        p_open(b, &p);
        p_close(b);
    }
    docx_xml_start(x, "w:tbl");
    docx_xml_start(x, "w:tblPr");
    docx_xml_val(x, "w:tblStyle", style_id(b, style));
    /* Full width would run past the right margin by the indent. */
    if (indent >= 0)
        measure(x, "w:tblW", first + rest * (columns - 1), "dxa");
    else
        measure(x, "w:tblW", 5000, "pct");
    /* In a list item or a quote, the table lines up with the text around it. */
    if (indent > 0)
        measure(x, "w:tblInd", indent, "dxa");
    if (style == DOCX_STYLE_TABLE_NORMAL) {
        docx_xml_element(x, "w:tblLayout", DOCX_STR("w:type", "fixed"));
        docx_xml_start(x, "w:tblCellMar");
        measure(x, "w:left", 0, "dxa");
        measure(x, "w:right", 0, "dxa");
        docx_xml_end(x);
    }
    bool grid = style == DOCX_STYLE_TABLE_GRID;
    docx_xml_element(x, "w:tblLook", DOCX_STR("w:val", "04A0"), DOCX_STR("w:firstRow", grid ? "1" : "0"),
                     DOCX_STR("w:lastRow", "0"), DOCX_STR("w:firstColumn", grid ? "0" : "1"),
                     DOCX_STR("w:lastColumn", "0"), DOCX_STR("w:noHBand", "0"), DOCX_STR("w:noVBand", "1"));
    docx_xml_end(x);
    docx_xml_start(x, "w:tblGrid");
    for (int i = 0; i < columns; i++)
        docx_xml_element(x, "w:gridCol", DOCX_NUM("w:w", i ? rest : first));
    docx_xml_end(x);
}

static void table_end(body *b)
{
    docx_xml_end(b->x);
    b->last_table = true;
}

static void cell_begin(body *b, long width, const char *shade)
{
    docx_xml *x = b->x;
    docx_xml_start(x, "w:tc");
    docx_xml_start(x, "w:tcPr");
    measure(x, "w:tcW", width, "dxa");
    if (shade)
        docx_xml_element(x, "w:shd", DOCX_STR("w:val", "clear"), DOCX_STR("w:color", "auto"),
                         DOCX_STR("w:fill", shade));
    docx_xml_end(x);
}

/*
 * An item that opens with a table: Word cannot set a paragraph and a table
 * on one line, so a borderless layout table of two cells holds them side by
 * side: the item's numbered paragraph (a real one, so the list counts on
 * across items) and, in the wide cell, the item's table, at the text column
 * as it would stand anyway. Leaves the wide cell open (table_close ends it).
 */
static void marker_beside(body *b)
{
    size_t outer = pending_chain(b);
    long column = text_column(b);
    long marker = (long)INDENT_STEP * b->stack[outer].level + quote_offset(quote_depth(b, outer));
    long widths[2] = {column - marker, docx_ctx_text_width(b->ctx) - column};
    table_begin(b, DOCX_STYLE_TABLE_NORMAL, widths[0], widths[1], 2, marker);
    docx_xml_start(b->x, "w:tr");
    cell_begin(b, widths[0], NULL);
    para p;
    context_para(b, &p, b->para_style, NULL);
    /* The marker at the cell's left edge, its text (none) at the cell's right. */
    p.indent = column;
    p.hanging = column - marker;
    p.origin = marker;
    p.before = TABLE_TEXT_TOP;
    p_open(b, &p);
    carried_markers(b, outer);
    p_close(b);
    docx_xml_end(b->x);
    cell_begin(b, widths[1], NULL);
}

static void table_open(body *b, const bc_node *n)
{
    int columns = bc_node_table_columns(n);
    bool beside = pending_chain(b) != SIZE_MAX;
    long indent = item_indent(b);
    long width = (docx_ctx_text_width(b->ctx) - (indent > 0 ? indent : 0)) / columns;
    if (beside)
        marker_beside(b);
    frame *f = push(b, BC_NODE_TABLE, n);
    if (!f)
        return;
    f->width = width;
    f->beside = beside;
    table_begin(b, DOCX_STYLE_TABLE_GRID, width, width, columns, beside ? 0 : indent);
}

static void table_close(body *b, const bc_node *n)
{
    (void)n;
    bool beside = top(b)->beside;
    pop(b);
    if (beside) {
        docx_xml *x = b->x;
        docx_xml_end(x); /* the item's table */
        /* A cell ends with a paragraph: a hairline one, so the cell is no taller than its table. */
        docx_xml_start(x, "w:p");
        docx_xml_start(x, "w:pPr");
        docx_xml_element(x, "w:spacing", DOCX_NUM("w:before", 0), DOCX_NUM("w:after", 0), DOCX_NUM("w:line", 20),
                         DOCX_STR("w:lineRule", "exact"));
        docx_xml_start(x, "w:rPr");
        docx_xml_val_int(x, "w:sz", 2);
        docx_xml_end(x);
        docx_xml_end(x);
        docx_xml_end(x);
        docx_xml_end(x); /* the cell */
        docx_xml_end(x); /* the row */
    }
    table_end(b); /* the item's table, or the layout table around it */
}

static void row_open(body *b, const bc_node *n)
{
    frame table = *top(b);
    frame *f = push(b, BC_NODE_TABLE_ROW, n);
    if (!f)
        return;
    f->width = table.width;
    f->node = table.node;
    f->opened = bc_node_table_row_is_header(n);
    docx_xml_start(b->x, "w:tr");
    if (f->opened) {
        docx_xml_start(b->x, "w:trPr");
        docx_xml_empty(b->x, "w:tblHeader");
        docx_xml_end(b->x);
        b->bold++;
    }
}

static void row_close(body *b, const bc_node *n)
{
    (void)n;
    if (top(b)->opened)
        b->bold--;
    docx_xml_end(b->x);
    pop(b);
}

static void cell_open(body *b, const bc_node *n)
{
    frame *row = top(b);
    int col = row->cells++;
    cell_begin(b, row->width, row->opened ? LABEL_SHADE : NULL);
    para p = plain(DOCX_STYLE_NORMAL);
    switch (bc_node_table_align(row->node, col)) {
    case BC_ALIGN_CENTER: p.jc = "center"; break;
    case BC_ALIGN_RIGHT: p.jc = "right"; break;
    default: break;
    }
    p_open(b, &p);
    push(b, BC_NODE_TABLE_CELL, n);
}

static void cell_close(body *b, const bc_node *n)
{
    (void)n;
    p_close(b);
    docx_xml_end(b->x);
    pop(b);
}

/* ------------------------------------------------------------------ */
/* Inlines                                                             */
/* ------------------------------------------------------------------ */

/*
 * Opens a w:hyperlink to URL, an external relationship, with TITLE (or
 * NULL) as its tooltip. False when the URL is not one to make live (it is
 * then printed as text) or on OOM.
 */
static bool hyperlink_open(body *b, const char *url, const char *title)
{
    if (!url || !*url || !bc_url_is_allowed(url, strlen(url)))
        return false;
    int rid = docx_ctx_add_link(b->ctx, url);
    if (rid < 0) {
        fail(b);
        return false;
    }
    char id[24];
    snprintf(id, sizeof id, "rId%d", rid);
    docx_xml_begin(b->x, "w:hyperlink", DOCX_STR("r:id", id));
    if (title && *title)
        docx_xml_attr(b->x, "w:tooltip", title);
    docx_xml_attr(b->x, "w:history", "1");
    b->in_link++;
    return true;
}

static void hyperlink_close(body *b)
{
    docx_xml_end(b->x);
    b->in_link--;
}

static void link_open(body *b, const bc_node *n)
{
    frame *f = push(b, BC_NODE_LINK, n);
    if (f)
        f->opened = hyperlink_open(b, bc_node_url(n), bc_node_link_title(n));
}

static void link_close(body *b, const bc_node *n)
{
    (void)n;
    if (top(b)->opened)
        hyperlink_close(b);
    pop(b);
}

/* An external link showing its own URL (details, further reading). */
static void url_link(body *b, const char *url)
{
    bool live = hyperlink_open(b, url, NULL);
    text(b, url);
    if (live)
        hyperlink_close(b);
}

/* "(1, 3)", each number a link to its further-reading entry; inside a link, plain (Word nests no links). */
static void citation(body *b, const bc_node *n)
{
    int count = bc_node_citation_count(n);
    text(b, "(");
    for (int i = 0; i < count; i++) {
        char num[24], anchor[32];
        int k = bc_node_citation_number(n, i);
        snprintf(num, sizeof num, "%d", k);
        snprintf(anchor, sizeof anchor, "ref_%d", k);
        if (i)
            text(b, ", ");
        bool live = !b->in_link;
        if (live) {
            docx_xml_begin(b->x, "w:hyperlink", DOCX_STR("w:anchor", anchor), DOCX_STR("w:history", "1"));
            b->in_link++;
        }
        text(b, num);
        if (live)
            hyperlink_close(b);
    }
    text(b, ")");
}

/* ------------------------------------------------------------------ */
/* Further reading                                                     */
/* ------------------------------------------------------------------ */

static void reference_open(body *b, const bc_node *n)
{
    para p = plain(DOCX_STYLE_LIST_NUMBER);
    p.num_id = b->refs_num_id;
    p.keep_lines = p.keep_next = n == b->keep_last;
    p_open(b, &p);
    int k = bc_node_reference_number(n);
    char name[32];
    snprintf(name, sizeof name, "ref_%d", k);
    docx_xml_element(b->x, "w:bookmarkStart", DOCX_NUM("w:id", k), DOCX_STR("w:name", name));
}

static void reference_close(body *b, const bc_node *n)
{
    docx_xml_element(b->x, "w:bookmarkEnd", DOCX_NUM("w:id", bc_node_reference_number(n)));
    const char *url = bc_node_url(n);
    if (url && *url) {
        text(b, " ");
        url_link(b, url);
    }
    p_close(b);
}

/* ------------------------------------------------------------------ */
/* The walk                                                            */
/* ------------------------------------------------------------------ */

static void paragraph_close(body *b, const bc_node *n)
{
    (void)n;
    p_close(b);
}

/* A quote's first paragraph carries a pending item's marker (context_para). */
static void quote_open(body *b, const bc_node *n)
{
    push(b, BC_NODE_BLOCK_QUOTE, n);
}

/* The end of a list or quote: its frame goes. */
static void block_close(body *b, const bc_node *n)
{
    (void)n;
    pop(b);
}

/* TEXT and CODE: their literal, code in the code font. */
static void literal(body *b, const bc_node *n)
{
    size_t len = 0;
    const char *s = bc_node_literal(n, &len);
    text_run(b, s, len, bc_node_type_of(n) == BC_NODE_CODE ? DOCX_STYLE_VERBATIM : DOCX_STYLE_NORMAL);
}

static void softbreak(body *b, const bc_node *n)
{
    (void)n;
    text(b, " ");
}

static void linebreak(body *b, const bc_node *n)
{
    (void)n;
    run_open(b, DOCX_STYLE_NORMAL);
    docx_xml_empty(b->x, "w:br");
    docx_xml_end(b->x);
}

/* EMPH, STRONG and STRIKETHROUGH are counted: every run inside takes their look. */
static int *emphasis(body *b, const bc_node *n)
{
    switch (bc_node_type_of(n)) {
    case BC_NODE_EMPH: return &b->italic;
    case BC_NODE_STRONG: return &b->bold;
    default: return &b->strike;
    }
}

static void emphasis_open(body *b, const bc_node *n)
{
    ++*emphasis(b, n);
}

static void emphasis_close(body *b, const bc_node *n)
{
    --*emphasis(b, n);
}

/*
 * What each node does where it starts and where it ends (leaves only start).
 * INLINES, CONTENT and SECTION have none: their children say it all.
 */
typedef struct handler {
    void (*enter)(body *b, const bc_node *n);
    void (*exit)(body *b, const bc_node *n);
} handler;

static const handler handlers[BC_NODE_TYPE_COUNT] = {
    [BC_NODE_REFERENCE] = {reference_open, reference_close},
    [BC_NODE_PARAGRAPH] = {paragraph_open, paragraph_close},
    [BC_NODE_HEADING] = {heading_open, heading_close},
    [BC_NODE_LIST] = {list_open, block_close},
    [BC_NODE_ITEM] = {item_open, item_close},
    [BC_NODE_BLOCK_QUOTE] = {quote_open, block_close},
    [BC_NODE_CODE_BLOCK] = {code_block, NULL},
    [BC_NODE_THEMATIC_BREAK] = {thematic_break, NULL},
    [BC_NODE_TABLE] = {table_open, table_close},
    [BC_NODE_TABLE_ROW] = {row_open, row_close},
    [BC_NODE_TABLE_CELL] = {cell_open, cell_close},
    [BC_NODE_TEXT] = {literal, NULL},
    [BC_NODE_SOFTBREAK] = {softbreak, NULL},
    [BC_NODE_LINEBREAK] = {linebreak, NULL},
    [BC_NODE_CODE] = {literal, NULL},
    [BC_NODE_EMPH] = {emphasis_open, emphasis_close},
    [BC_NODE_STRONG] = {emphasis_open, emphasis_close},
    [BC_NODE_STRIKETHROUGH] = {emphasis_open, emphasis_close},
    [BC_NODE_LINK] = {link_open, link_close},
    [BC_NODE_CITATION] = {citation, NULL},
};

static void walk(body *b, const bc_node *root)
{
    bc_iter *it = bc_iter_new(root);
    if (!it) {
        fail(b);
        return;
    }
    bc_event ev;
    while (!b->x->failed && (ev = bc_iter_next(it)) != BC_EVENT_DONE) {
        const bc_node *n = bc_iter_node(it);
        bool enter = ev == BC_EVENT_ENTER;
        const handler *h = &handlers[bc_node_type_of(n)];
        void (*call)(body *, const bc_node *) = enter ? h->enter : h->exit;
        if (call)
            call(b, n);
    }
    bc_iter_free(it);
}

/* ------------------------------------------------------------------ */
/* The parts of a briefing                                             */
/* ------------------------------------------------------------------ */

static void heading1(body *b, bc_field field)
{
    paragraph_text(b, DOCX_STYLE_HEADING1, bc_document_label(b->ctx->doc, field));
}

/* A two-column table of label and value for the fields present. */
static void label_table(body *b, const bc_field *fields, size_t nfields)
{
    const bc_document *doc = b->ctx->doc;
    size_t present = 0;
    for (size_t i = 0; i < nfields; i++)
        present += bc_document_has(doc, fields[i]);
    if (!present)
        return;
    long total = docx_ctx_text_width(b->ctx);
    long widths[2] = {total / 3, total - total / 3};
    table_begin(b, DOCX_STYLE_DETAILS_TABLE, widths[0], widths[1], 2, -1);
    size_t row = 0;
    for (size_t i = 0; i < nfields; i++) {
        bc_field f = fields[i];
        if (!bc_document_has(doc, f))
            continue;
        /* Keep-with-next on every row but the last keeps the table on one page. */
        bool keep = ++row < present;
        docx_xml_start(b->x, "w:tr");
        docx_xml_start(b->x, "w:trPr");
        docx_xml_empty(b->x, "w:cantSplit");
        docx_xml_end(b->x);
        cell_begin(b, widths[0], LABEL_SHADE);
        para p = plain(DOCX_STYLE_NORMAL);
        p.keep_next = keep;
        p_open(b, &p);
        b->bold++;
        text(b, bc_document_label(doc, f));
        b->bold--;
        p_close(b);
        docx_xml_end(b->x);
        cell_begin(b, widths[1], NULL);
        p_open(b, &p);
        switch (bc_field_kind_of(f)) {
        case BC_FIELD_KIND_INLINE:
        case BC_FIELD_KIND_CONTENT:
            walk(b, bc_document_field(doc, f));
            break;
        default:
            if (f == BC_FIELD_LINK)
                url_link(b, bc_document_text(doc, f));
            else
                text(b, bc_document_text(doc, f));
            break;
        }
        p_close(b);
        docx_xml_end(b->x);
        docx_xml_end(b->x);
    }
    table_end(b);
}

static void content_part(body *b, bc_field field)
{
    const bc_node *node = bc_document_field(b->ctx->doc, field);
    if (!node)
        return;
    heading1(b, field);
    walk(b, node);
}

static void further_reading(body *b)
{
    const bc_node *refs = bc_document_field(b->ctx->doc, BC_FIELD_REFERENCES);
    if (!refs || !bc_node_first_child(refs))
        return;
    heading1(b, BC_FIELD_REFERENCES);
    b->refs_num_id = docx_ctx_add_list(b->ctx, BC_LIST_ORDERED, 1, 0);
    if (b->refs_num_id < 0) {
        fail(b);
        return;
    }
    walk(b, refs);
}

/* A header or footer reference of TYPE to relationship RID. */
static void part_reference(docx_xml *x, const char *name, const char *type, int rid)
{
    char id[24];
    snprintf(id, sizeof id, "rId%d", rid);
    docx_xml_element(x, name, DOCX_STR("w:type", type), DOCX_STR("r:id", id));
}

static void section_properties(body *b)
{
    docx_xml *x = b->x;
    const docx_page *pg = &b->ctx->page;
    docx_xml_start(x, "w:sectPr");
    part_reference(x, "w:headerReference", "default", DOCX_RID_HEADER);
    part_reference(x, "w:footerReference", "default", DOCX_RID_FOOTER);
    /*
     * The title page: no running title above the title itself, the same
     * footer. With titlePg and no first-page header, page 1's header is
     * empty; the first-page footer is the one footer part again.
     */
    part_reference(x, "w:footerReference", "first", DOCX_RID_FOOTER);
    docx_xml_begin(x, "w:pgSz", DOCX_NUM("w:w", pg->width), DOCX_NUM("w:h", pg->height));
    if (pg->landscape)
        docx_xml_attr(x, "w:orient", "landscape");
    docx_xml_end(x);
    docx_xml_element(x, "w:pgMar", DOCX_NUM("w:top", pg->top), DOCX_NUM("w:right", pg->right),
                     DOCX_NUM("w:bottom", pg->bottom), DOCX_NUM("w:left", pg->left),
                     DOCX_NUM("w:header", pg->header), DOCX_NUM("w:footer", pg->footer),
                     DOCX_NUM("w:gutter", pg->gutter));
    docx_xml_empty(x, "w:titlePg");
    docx_xml_end(x);
}

/*
 * The block written last before the record: the deepest last child of the
 * last part present, where a paragraph is made. It keeps with the record
 * (keepNext, keepLines), so the record never stands alone on a last page.
 */
static const bc_node *last_block(const bc_document *doc)
{
    static const bc_field before_record[] = {BC_FIELD_REFERENCES, BC_FIELD_SECTIONS, BC_FIELD_IMPACT,
                                             BC_FIELD_KEY_FEATURES, BC_FIELD_SUMMARY};
    for (size_t i = 0; i < sizeof before_record / sizeof before_record[0]; i++) {
        const bc_node *n = bc_document_field(doc, before_record[i]);
        if (!n || !bc_node_first_child(n))
            continue;
        for (;;) {
            bc_node_type t = bc_node_type_of(n);
            if (t != BC_NODE_CONTENT && t != BC_NODE_SECTION && t != BC_NODE_LIST && t != BC_NODE_ITEM &&
                t != BC_NODE_BLOCK_QUOTE)
                return n;
            if (!bc_node_last_child(n))
                return NULL;
            n = bc_node_last_child(n);
        }
    }
    return NULL;
}

void docx_write_document(docx_ctx *ctx, docx_xml *x)
{
    size_t ndetails, nrecord;
    const bc_field *details = bc_group_fields(BC_GROUP_DETAILS, &ndetails);
    const bc_field *record = bc_group_fields(BC_GROUP_RECORD, &nrecord);
    const bc_document *doc = ctx->doc;
    body b = {.ctx = ctx, .x = x, .para_style = DOCX_STYLE_NORMAL};
    bool has_record = false;
    for (size_t i = 0; i < nrecord; i++)
        has_record |= bc_document_has(doc, record[i]);
    if (has_record)
        b.keep_last = last_block(doc);

    docx_xml_begin(x, "w:document", DOCX_STR("xmlns:w", DOCX_NS_W), DOCX_STR("xmlns:r", DOCX_NS_R));
    docx_xml_start(x, "w:body");

    para title = plain(DOCX_STYLE_TITLE);
    p_open(&b, &title);
    const bc_node *title_node = bc_document_field(doc, BC_FIELD_TITLE);
    if (title_node)
        walk(&b, title_node);
    p_close(&b);
    const char *type = bc_document_text(doc, BC_FIELD_TYPE);
    if (type && *type)
        paragraph_text(&b, DOCX_STYLE_SUBTITLE, type);

    label_table(&b, details, ndetails);
    content_part(&b, BC_FIELD_SUMMARY);
    content_part(&b, BC_FIELD_KEY_FEATURES);
    content_part(&b, BC_FIELD_IMPACT);
    const bc_node *sections = bc_document_field(doc, BC_FIELD_SECTIONS);
    if (sections)
        walk(&b, sections);
    further_reading(&b);
    if (!b.last_table && has_record) {
        /* Air between the body and the record (table_begin adds it after a table), kept with it. */
        para gap = plain(DOCX_STYLE_NORMAL);
        gap.keep_next = true;
        p_open(&b, &gap);
        p_close(&b);
    }
    label_table(&b, record, nrecord);
    const bc_node *notice = bc_document_field(doc, BC_FIELD_NOTICE);
    if (notice) {
        b.para_style = DOCX_STYLE_NOTICE;
        walk(&b, notice);
        b.para_style = DOCX_STYLE_NORMAL;
    }
    /* The body must not end with a table: Word wants a paragraph before the section properties. */
    if (b.last_table) {
        para p = plain(DOCX_STYLE_NORMAL);
        p_open(&b, &p);
        p_close(&b);
    }
    section_properties(&b);
    docx_xml_end(x);
    docx_xml_end(x);
    free(b.stack);
}
