/*
 * test_markdown_cmark.c — a property test of the Markdown writer against a
 * real CommonMark reader: thousands of random inline trees full of syntax
 * characters, put in a paragraph, heading, block quote, list item or table
 * cell, are written as Markdown and read back by cmark-gfm. What it reads
 * must be what was written: the same text, the same emphasis, code and
 * links (with the same URLs and titles), in the same block. The seed is
 * fixed, so a failure is reproducible; the failing case is printed.
 *
 * Needs cmark-gfm on PATH: skipped without it, failed without it when
 * BC_REQUIRE_TOOLS=1.
 */
#include "test_html_doc.h"

#include <unistd.h>

#include "markdown/md.h"

/* BC_MD_CASES and BC_MD_SEED override these, to search further by hand. */
#define CASES 5000
#define SEED 0x9E3779B97F4A7C15ull

typedef struct buf {
    char *s;
    size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* ---------------------------------------------------------------- random trees */

static uint64_t rng_state;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

/* Pieces of text that are, or come close to, Markdown syntax. */
static const char *const tokens[] = {
    "*", "**", "_", "__", "`", "``", "```", "~", "~~", "[", "]", "[x]", "(", ")", "](", "![",
    "!", "<", ">", "<b>", "</p>", "<!--", "&", "&amp;", "&#35;", "&#x41;", "&copy", "&c;", "R&D",
    "\\", "\\*", "#", "## ", "-", "--", "---", "- ", "+", "+ ", "=", "===", ":", ":-", "|", "|-|",
    ".", "1.", "2)", "10.", "1234567890.", " ", "  ", "    ", "\t", "a", "b", "word", "x_y",
    "é", "e\xcc\x81", "\xe6\x97\xa5\xe6\x9c\xac", "\xc2\xa0", "\xf0\x9f\x98\x80", "\xd7\x90\xd7\x91",
    "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7", "'", "\"", "{", "}", "$", "%", "^", "@", "?", ",",
    "javascript:alert(1)", "www.", "https", "\xe2\x80\x94", "\xe2\x80\x8f",
};

static const char *const urls[] = {
    "https://example.org/",
    "https://example.org/a_b*c~d",
    "https://example.org/a b",
    "https://example.org/<x>",
    "https://example.org/a\\b",
    "https://example.org/?a=1&b=2&amp;c",
    "https://example.org/(paren)",
    "https://example.org/[br]",
    "https://example.org/p|q",
    "mailto:someone@example.org",
    "HTTPS://EXAMPLE.ORG/UPPER",
};

static char *random_text(void)
{
    static char text[256];
    text[0] = '\0';
    unsigned n = 1 + rnd(6);
    for (unsigned i = 0; i < n; i++)
        strcat(text, tokens[rnd(sizeof tokens / sizeof tokens[0])]);
    return text;
}

static bc_node *random_inlines(bc_document *d, bc_node *parent, int depth, bool in_link);

static bc_node *random_inline(bc_document *d, int depth, bool in_link)
{
    unsigned k = rnd(depth > 2 ? 6 : 11);
    bc_node *n;
    switch (k) {
    case 0: case 1: case 2: case 3:
        return T(random_text());
    case 4:
        return CODE(random_text());
    case 5:
        return bc_node_new(d, rnd(2) ? BC_NODE_SOFTBREAK : BC_NODE_LINEBREAK, 1, 1);
    case 6: case 7:
        n = bc_node_new(d, BC_NODE_EMPH, 1, 1);
        break;
    case 8:
        n = bc_node_new(d, BC_NODE_STRONG, 1, 1);
        break;
    case 9:
        n = bc_node_new(d, BC_NODE_STRIKETHROUGH, 1, 1);
        break;
    default:
        if (in_link)
            return T(random_text());
        n = bc_node_new(d, BC_NODE_LINK, 1, 1);
        assert_non_null(n);
        {
            const char *url = urls[rnd(sizeof urls / sizeof urls[0])];
            assert_int_equal(bc_node_set_url(n, url, strlen(url)), 0);
            if (rnd(3) == 0) {
                const char *title = random_text();
                assert_int_equal(bc_node_set_link_title(n, title, strlen(title)), 0);
            }
            if (rnd(4) == 0) { /* an autolink: the URL as its text */
                bc_node_append_child(n, T(url));
                return n;
            }
        }
        in_link = true;
        break;
    }
    assert_non_null(n);
    return random_inlines(d, n, depth + 1, in_link);
}

static bc_node *random_inlines(bc_document *d, bc_node *parent, int depth, bool in_link)
{
    unsigned n = rnd(depth == 0 ? 6 : 4) + (depth == 0);
    for (unsigned i = 0; i < n; i++)
        bc_node_append_child(parent, random_inline(d, depth, in_link));
    return parent;
}

/* ---------------------------------------------------------------- what cmark must see */

static bool has_content(const bc_node *n)
{
    switch (bc_node_type_of(n)) {
    case BC_NODE_TEXT:
        for (const char *p = bc_node_literal(n, NULL); *p; p++)
            if (*p != ' ' && *p != '\t' && *p != '\n')
                return true;
        return false;
    case BC_NODE_CODE:
        return bc_node_literal(n, NULL)[0] != '\0';
    case BC_NODE_LINK:
        return true;
    default:
        for (const bc_node *c = bc_node_first_child(n); c; c = bc_node_next(c))
            if (has_content(c))
                return true;
        return false;
    }
}

static bool combined_mode; /* code tags carry their class: "code(lang)" */

/* The inline tags and text cmark-gfm should produce for the children of NODE. */
static void expect(const bc_node *node, buf *tags, buf *text, int *open)
{
    for (const bc_node *c = bc_node_first_child(node); c; c = bc_node_next(c)) {
        bc_node_type t = bc_node_type_of(c);
        const char *tag = t == BC_NODE_EMPH ? "em" : t == BC_NODE_STRONG ? "strong"
                        : t == BC_NODE_STRIKETHROUGH ? "del" : NULL;
        if (tag != NULL) {
            int *depth = &open[t];
            bool print = *depth == 0 && has_content(c);
            if (print) {
                puts_(tags, tag);
                puts_(tags, " ");
            }
            ++*depth;
            expect(c, tags, text, open);
            --*depth;
            if (print) {
                puts_(tags, "/");
                puts_(tags, tag);
                puts_(tags, " ");
            }
        } else if (t == BC_NODE_TEXT) {
            const char *s = bc_node_literal(c, NULL);
            puts_(text, s);
        } else if (t == BC_NODE_CODE) {
            const char *s = bc_node_literal(c, NULL);
            if (*s) {
                puts_(tags, combined_mode ? "code() /code " : "code /code ");
                puts_(text, s);
            }
        } else if (t == BC_NODE_SOFTBREAK || t == BC_NODE_LINEBREAK) {
            puts_(text, " ");
        } else if (t == BC_NODE_LINK) {
            puts_(tags, "a(");
            puts_(tags, bc_node_url(c));
            puts_(tags, "|");
            puts_(tags, bc_node_link_title(c));
            puts_(tags, ") ");
            if (bc_node_first_child(c) == NULL)
                puts_(text, bc_node_url(c));
            expect(c, tags, text, open);
            puts_(tags, "/a ");
        }
    }
}

/* ---------------------------------------------------------------- reading cmark's HTML */

static void decode_entities(const char *s, size_t n, buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '&') {
            put(out, s + i, 1);
            continue;
        }
        const char *semi = memchr(s + i, ';', n - i);
        assert_non_null(semi);
        size_t len = (size_t)(semi - (s + i)) + 1;
        unsigned long cp = 0;
        if (strncmp(s + i, "&amp;", len) == 0) cp = '&';
        else if (strncmp(s + i, "&lt;", len) == 0) cp = '<';
        else if (strncmp(s + i, "&gt;", len) == 0) cp = '>';
        else if (strncmp(s + i, "&quot;", len) == 0) cp = '"';
        else if (s[i + 1] == '#' && (s[i + 2] == 'x' || s[i + 2] == 'X')) cp = strtoul(s + i + 3, NULL, 16);
        else if (s[i + 1] == '#') cp = strtoul(s + i + 2, NULL, 10);
        else fail_msg("unknown entity in cmark output: %.*s", (int)len, s + i);
        char u[4];
        int k = cp < 0x80 ? (u[0] = (char)cp, 1)
              : cp < 0x800 ? (u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 63)), 2)
              : cp < 0x10000 ? (u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 63)),
                                u[2] = (char)(0x80 | (cp & 63)), 3)
              : (u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 63)),
                 u[2] = (char)(0x80 | (cp >> 6 & 63)), u[3] = (char)(0x80 | (cp & 63)), 4);
        put(out, u, (size_t)k);
        i += len - 1;
    }
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The value of attribute NAME in the tag [S, S+N), entity- and (for href) percent-decoded. */
static void attribute(const char *s, size_t n, const char *name, bool percent, buf *out)
{
    char key[32];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *p = strstr(s, key);
    if (p == NULL || p >= s + n)
        return;
    p += strlen(key);
    const char *end = strchr(p, '"');
    buf raw = {0};
    put(&raw, "", 0);
    decode_entities(p, (size_t)(end - p), &raw);
    for (size_t i = 0; i < raw.len; i++) {
        if (percent && raw.s[i] == '%' && i + 2 < raw.len && hexval(raw.s[i + 1]) >= 0 && hexval(raw.s[i + 2]) >= 0) {
            char c = (char)(hexval(raw.s[i + 1]) * 16 + hexval(raw.s[i + 2]));
            put(out, &c, 1);
            i += 2;
        } else {
            put(out, raw.s + i, 1);
        }
    }
    free(raw.s);
}

static bool is_inline_tag(const char *name)
{
    static const char *const names[] = {"em", "/em", "strong", "/strong", "del", "/del", "code", "/code", "/a"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

/*
 * Splits cmark's HTML into block tags, inline tags and text. COMBINED puts
 * block tags (with their start, class or align) among the inline ones,
 * leaving out <p>, whose presence in list items depends on looseness.
 */
static void parse_html(const char *s, size_t n, buf *blocks, buf *tags, buf *text, bool combined)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] != '<') {
            size_t j = i;
            while (j < n && s[j] != '<')
                j++;
            decode_entities(s + i, j - i, text);
            i = j;
            continue;
        }
        const char *close = memchr(s + i, '>', n - i);
        assert_non_null(close);
        size_t len = (size_t)(close - (s + i)) + 1;
        char name[16] = "";
        size_t k = 0;
        for (size_t j = i + 1; j < i + len - 1 && k < sizeof name - 1; j++) {
            if (s[j] == ' ' || s[j] == '\n' || (s[j] == '/' && j > i + 1))
                break;
            name[k++] = s[j];
        }
        name[k] = '\0';
        if (strcmp(name, "a") == 0) {
            puts_(tags, "a(");
            attribute(s + i, len, "href", true, tags);
            puts_(tags, "|");
            attribute(s + i, len, "title", false, tags);
            puts_(tags, ") ");
        } else if (strcmp(name, "br") == 0) {
            puts_(text, " ");
        } else if (combined && (strcmp(name, "p") == 0 || strcmp(name, "/p") == 0)) {
            puts_(text, " ");
        } else if (combined && (strcmp(name, "code") == 0 || strcmp(name, "ol") == 0 ||
                                strcmp(name, "th") == 0 || strcmp(name, "td") == 0)) {
            puts_(tags, name);
            puts_(tags, "(");
            buf value = {0};
            put(&value, "", 0);
            attribute(s + i, len, name[0] == 'c' ? "class" : name[0] == 'o' ? "start" : "align", false, &value);
            puts_(tags, strncmp(value.s, "language-", 9) == 0 ? value.s + 9 : value.s);
            free(value.s);
            puts_(tags, ") ");
            if (name[0] != 'c')
                puts_(text, " ");
        } else if (combined || is_inline_tag(name)) {
            puts_(tags, name);
            puts_(tags, " ");
            if (!is_inline_tag(name))
                puts_(text, " ");
        } else {
            put(blocks, name, k);
            puts_(blocks, " ");
            puts_(text, " ");
        }
        i += len;
    }
}

/* Collapses runs of whitespace (and no-break-less ASCII space only) to one space, trims the ends. */
static void squeeze(buf *b)
{
    size_t o = 0;
    bool space = true;
    for (size_t i = 0; i < b->len; i++) {
        char c = b->s[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            if (!space)
                b->s[o++] = ' ';
            space = true;
        } else {
            b->s[o++] = c;
            space = false;
        }
    }
    while (o > 0 && b->s[o - 1] == ' ')
        o--;
    b->len = o;
    if (b->s)
        b->s[o] = '\0';
}

/*
 * Code spans or strikethroughs with nothing printed between them cannot be
 * told apart in Markdown ("`a``b`" is one span), so the writer joins them:
 * where one ends and the next begins is not compared, only their text.
 */
static void join_adjacent(buf *tags)
{
    static const char *const seams[] = {"/code code ", "/code code() ", "/del del "};
    for (bool again = true; again;) { /* joining one kind may bring two of the other together */
        again = false;
        for (size_t k = 0; k < 3; k++) {
            char *p;
            while ((p = strstr(tags->s, seams[k])) != NULL) {
                size_t n = strlen(seams[k]);
                memmove(p, p + n, strlen(p + n) + 1);
                tags->len -= n;
                again = true;
            }
        }
    }
}

/* ---------------------------------------------------------------- the test */

typedef struct one_case {
    buf md, blocks, tags, text;
} one_case;

static const char *const context_blocks[] = {
    "p /p ", "h2 /h2 ", "blockquote p /p /blockquote ", "ul li /li /ul ",
    "table thead tr th /th /tr /thead tbody tr td /td /tr /tbody /table ",
};

static void make_case(one_case *c)
{
    put(&c->md, "", 0), put(&c->blocks, "", 0), put(&c->tags, "", 0), put(&c->text, "", 0);
    bc_document *d = bc_document_new();
    assert_non_null(d);
    int kind = (int)rnd(5);
    bc_node *in = random_inlines(d, bc_node_new(d, BC_NODE_PARAGRAPH, 1, 1), 0, false);
    bc_node *block;
    switch (kind) {
    case 0: block = in; break;
    case 1: {
        block = bc_node_new(d, BC_NODE_HEADING, 1, 1);
        bc_node_set_heading_level(block, 1);
        for (bc_node *k; (k = bc_node_first_child_mut(in)) != NULL;) {
            bc_node_unlink(k);
            bc_node_append_child(block, k);
        }
        break;
    }
    case 2: block = N(BC_NODE_BLOCK_QUOTE, in); break;
    case 3: block = BULLETS(true, ITEM(in)); break;
    default: {
        bc_node *head = N(BC_NODE_TABLE_CELL), *body = N(BC_NODE_TABLE_CELL);
        for (bc_node *k; (k = bc_node_first_child_mut(in)) != NULL;) {
            bc_node_unlink(k);
            bc_node_append_child(head, k);
        }
        random_inlines(d, body, 0, false);
        block = table(d, 1, NULL, ROW(head), ROW(body), NULL);
        break;
    }
    }
    bc_node *root = CONTENT(block);

    int open[BC_NODE_TYPE_COUNT] = {0};

    puts_(&c->blocks, context_blocks[kind]);
    if (kind == 4) {
        expect(bc_node_first_child(bc_node_first_child(block)), &c->tags, &c->text, open);
        puts_(&c->text, " ");
        expect(bc_node_first_child(bc_node_last_child(block)), &c->tags, &c->text, open);
    } else {
        expect(kind == 0 || kind == 1 ? block : in, &c->tags, &c->text, open);
    }
    squeeze(&c->text);

    bc_sink *sink = bc_sink_new_memory();
    assert_non_null(sink);
    md_writer w;
    md_init(&w, sink);
    bc_error *err = bc_error_new();
    assert_int_equal(md_nodes(&w, root, err), 0);
    assert_int_equal(md_finish(&w), 0);
    md_free(&w);
    assert_int_equal(bc_sink_flush(sink), 0);
    size_t len;
    const unsigned char *data = bc_sink_memory_data(sink, &len);
    put(&c->md, (const char *)data, len);
    bc_sink_free(sink);
    bc_error_free(err);
    bc_document_free(d);
}

static bool have_cmark(void)
{
    if (system("command -v cmark-gfm >/dev/null 2>&1") == 0)
        return true;
    const char *req = getenv("BC_REQUIRE_TOOLS");
    if (req != NULL && strcmp(req, "1") == 0)
        fail_msg("cmark-gfm is required (BC_REQUIRE_TOOLS=1) but not installed");
    return false;
}

static void random_trees_read_back_alike(void **state)
{
    (void)state;
    if (!have_cmark()) {
        print_message("SKIP: cmark-gfm not installed\n");
        skip();
    }
    const char *env = getenv("BC_MD_CASES");
    int ncases = env != NULL ? atoi(env) : CASES;
    env = getenv("BC_MD_SEED");
    rng_state = env != NULL ? strtoull(env, NULL, 0) : SEED;
    assert_true(ncases > 0 && rng_state != 0);
    one_case *cases = calloc((size_t)ncases, sizeof *cases);
    assert_non_null(cases);
    char path[] = "/tmp/bc-md-cmark-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    for (int i = 0; i < ncases; i++) {
        make_case(&cases[i]);
        fputs(cases[i].md.s, f);
        fputs("\n***\n\n", f); /* cmark's <hr /> separates the cases */
    }
    assert_int_equal(fclose(f), 0);

    char cmd[256];
    snprintf(cmd, sizeof cmd, "cmark-gfm -e table -e strikethrough %s", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    buf html = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, p)) > 0)
        put(&html, chunk, got);
    assert_int_equal(pclose(p), 0);
    if (getenv("BC_MD_KEEP") == NULL)
        unlink(path);
    else
        fprintf(stderr, "kept %s\n", path);

    const char *s = html.s;
    int failures = 0;
    for (int i = 0; i < ncases; i++) {
        const char *hr = strstr(s, "<hr />\n");
        assert_non_null(hr);
        buf blocks = {0}, tags = {0}, text = {0};
        put(&blocks, "", 0), put(&tags, "", 0), put(&text, "", 0);
        parse_html(s, (size_t)(hr - s), &blocks, &tags, &text, false);
        squeeze(&text);
        one_case *c = &cases[i];
        join_adjacent(&tags);
        join_adjacent(&c->tags);
        put(&c->tags, "", 0);
        /* A paragraph with nothing to show may vanish altogether. */
        bool vanished = false;
        if (c->text.len == 0 && c->tags.len == 0) {
            char *para = strstr(c->blocks.s, "p /p ");
            if (para != NULL && strncmp(blocks.s, c->blocks.s, (size_t)(para - c->blocks.s)) == 0 &&
                strcmp(blocks.s + (para - c->blocks.s), para + 5) == 0)
                vanished = true;
        }
        if ((!vanished && strcmp(blocks.s, c->blocks.s) != 0) || strcmp(tags.s, c->tags.s) != 0 ||
            strcmp(text.s, c->text.s) != 0) {
            if (failures++ < 5)
                fprintf(stderr, "case %d\n--- markdown:\n%s--- cmark html:\n%.*s\n"
                            "blocks: want [%s] got [%s]\ntags:   want [%s]\n        got  [%s]\n"
                            "text:   want [%s]\n        got  [%s]\n",
                            i, c->md.s, (int)(hr - s), s, c->blocks.s, blocks.s, c->tags.s, tags.s,
                            c->text.s, text.s);
        }
        free(blocks.s), free(tags.s), free(text.s);
        free(c->md.s), free(c->blocks.s), free(c->tags.s), free(c->text.s);
        s = hr + strlen("<hr />\n");
    }
    free(html.s);
    free(cases);
    if (failures > 0)
        fail_msg("%d of %d cases read back differently", failures, ncases);
}

/* ---------------------------------------------------------------- random block trees */

static const char *const code_lines[] = {
    "```", "~~~", "````", "  ```", "~~~~ x", "    indented", "\tx", "", "- a", "> q", "<div>", "a  ",
    "\xe6\x97\xa5\xe6\x9c\xac", "# h", "1. one", "| a | b |", "***", "\\", "&amp;", "`", "  ",
};

static bc_node *random_block(bc_document *d, int depth);

static bc_node *random_blocks(bc_document *d, bc_node *parent, int depth, unsigned max)
{
    unsigned n = rnd(max + 1);
    for (unsigned i = 0; i < n; i++)
        bc_node_append_child(parent, random_block(d, depth));
    return parent;
}

static bc_node *random_block(bc_document *d, int depth)
{
    unsigned k = rnd(depth >= 3 ? 5 : 8);
    bc_node *n;
    switch (k) {
    case 0: case 1:
        return random_inlines(d, bc_node_new(d, BC_NODE_PARAGRAPH, 1, 1), 0, false);
    case 2:
        n = bc_node_new(d, BC_NODE_HEADING, 1, 1);
        bc_node_set_heading_level(n, 1 + (int)rnd(6));
        return random_inlines(d, n, 1, false);
    case 3: {
        char info[64] = "", lit[256] = "";
        if (rnd(2))
            snprintf(info, sizeof info, "%s", random_text());
        unsigned lines = rnd(4);
        for (unsigned i = 0; i < lines; i++) {
            strcat(lit, code_lines[rnd(sizeof code_lines / sizeof code_lines[0])]);
            if (i + 1 < lines || rnd(2))
                strcat(lit, "\n");
        }
        return code_block(d, info, lit);
    }
    case 4:
        if (rnd(2))
            return bc_node_new(d, BC_NODE_THEMATIC_BREAK, 1, 1);
        {
            int cols = 1 + (int)rnd(3);
            bc_align al[3] = {(bc_align)rnd(4), (bc_align)rnd(4), (bc_align)rnd(4)};
            bc_node *t = table(d, cols, al, NULL);
            unsigned rows = 1 + rnd(3);
            for (unsigned r = 0; r < rows; r++) {
                bc_node *row = N(BC_NODE_TABLE_ROW);
                for (int c = 0; c < cols; c++) /* every row as wide as the table: the core guarantees it */
                    bc_node_append_child(row, random_inlines(d, N(BC_NODE_TABLE_CELL), 1, false));
                bc_node_append_child(t, row);
            }
            return t;
        }
    case 5: case 6: {
        static const int starts[] = {1, 1, 1, 0, 2, 9, 10, 123, 999999999};
        n = bc_node_new(d, BC_NODE_LIST, 1, 1);
        bc_node_set_list(n, rnd(2) ? BC_LIST_BULLET : BC_LIST_ORDERED,
                         starts[rnd(sizeof starts / sizeof starts[0])], rnd(2));
        unsigned items = 1 + rnd(3);
        for (unsigned i = 0; i < items; i++)
            bc_node_append_child(n, random_blocks(d, N(BC_NODE_ITEM), depth + 1, 2));
        return n;
    }
    default:
        return random_blocks(d, N(BC_NODE_BLOCK_QUOTE), depth + 1, 2);
    }
}

static void expect_blocks(const bc_node *node, buf *tags, buf *text, int *open)
{
    char tmp[64];
    for (const bc_node *c = bc_node_first_child(node); c; c = bc_node_next(c)) {
        puts_(text, " ");
        switch (bc_node_type_of(c)) {
        case BC_NODE_PARAGRAPH:
            expect(c, tags, text, open);
            break;
        case BC_NODE_HEADING: {
            int level = bc_node_heading_level(c) + 1;
            level = level > 6 ? 6 : level;
            snprintf(tmp, sizeof tmp, "h%d ", level);
            puts_(tags, tmp);
            expect(c, tags, text, open);
            snprintf(tmp, sizeof tmp, "/h%d ", level);
            puts_(tags, tmp);
            break;
        }
        case BC_NODE_LIST: {
            bool ordered = bc_node_list_type(c) == BC_LIST_ORDERED;
            if (!ordered)
                puts_(tags, "ul ");
            else if (bc_node_list_start(c) == 1)
                puts_(tags, "ol() ");
            else
                snprintf(tmp, sizeof tmp, "ol(%d) ", bc_node_list_start(c)), puts_(tags, tmp);
            for (const bc_node *item = bc_node_first_child(c); item; item = bc_node_next(item)) {
                puts_(tags, "li ");
                expect_blocks(item, tags, text, open);
                puts_(tags, "/li ");
            }
            puts_(tags, ordered ? "/ol " : "/ul ");
            break;
        }
        case BC_NODE_BLOCK_QUOTE:
            puts_(tags, "blockquote ");
            expect_blocks(c, tags, text, open);
            puts_(tags, "/blockquote ");
            break;
        case BC_NODE_CODE_BLOCK: {
            const char *info = bc_node_code_info(c);
            info += strspn(info, " \t");
            puts_(tags, "pre code(");
            put(tags, info, strcspn(info, " \t\n"));
            puts_(tags, ") /code /pre ");
            puts_(text, bc_node_literal(c, NULL));
            break;
        }
        case BC_NODE_THEMATIC_BREAK:
            puts_(tags, "hr ");
            break;
        case BC_NODE_TABLE: {
            static const char *const names[] = {"", "left", "center", "right"};
            int cols = bc_node_table_columns(c);
            puts_(tags, "table ");
            for (const bc_node *row = bc_node_first_child(c); row; row = bc_node_next(row)) {
                bool head = row == bc_node_first_child(c);
                if (head)
                    puts_(tags, "thead ");
                else if (row == bc_node_next(bc_node_first_child(c)))
                    puts_(tags, "tbody ");
                puts_(tags, "tr ");
                const bc_node *cell = bc_node_first_child(row);
                for (int col = 0; col < cols; col++) {
                    snprintf(tmp, sizeof tmp, "%s(%s) ", head ? "th" : "td", names[bc_node_table_align(c, col)]);
                    puts_(tags, tmp);
                    puts_(text, " ");
                    if (cell != NULL) {
                        expect(cell, tags, text, open);
                        cell = bc_node_next(cell);
                    }
                    puts_(tags, head ? "/th " : "/td ");
                }
                puts_(tags, "/tr ");
                if (head)
                    puts_(tags, "/thead ");
            }
            if (bc_node_next(bc_node_first_child(c)) != NULL)
                puts_(tags, "/tbody ");
            puts_(tags, "/table ");
            break;
        }
        default:
            fail_msg("unexpected block %s", bc_node_type_name(bc_node_type_of(c)));
        }
        puts_(text, " ");
    }
}

static void make_block_case(one_case *c)
{
    put(&c->md, "", 0), put(&c->blocks, "", 0), put(&c->tags, "", 0), put(&c->text, "", 0);
    bc_document *d = bc_document_new();
    assert_non_null(d);
    bc_node *root = random_blocks(d, N(BC_NODE_CONTENT), 0, 4);
    int open[BC_NODE_TYPE_COUNT] = {0};
    expect_blocks(root, &c->tags, &c->text, open);
    squeeze(&c->text);
    bc_sink *sink = bc_sink_new_memory();
    assert_non_null(sink);
    md_writer w;
    md_init(&w, sink);
    bc_error *err = bc_error_new();
    assert_int_equal(md_nodes(&w, root, err), 0);
    assert_int_equal(md_finish(&w), 0);
    md_free(&w);
    assert_int_equal(bc_sink_flush(sink), 0);
    size_t len;
    const unsigned char *data = bc_sink_memory_data(sink, &len);
    put(&c->md, (const char *)data, len);
    bc_sink_free(sink);
    bc_error_free(err);
    bc_document_free(d);
}

static void random_blocks_read_back_alike(void **state)
{
    (void)state;
    if (!have_cmark()) {
        print_message("SKIP: cmark-gfm not installed\n");
        skip();
    }
    const char *env = getenv("BC_MD_CASES");
    int ncases = env != NULL ? atoi(env) : CASES / 5;
    env = getenv("BC_MD_SEED");
    rng_state = (env != NULL ? strtoull(env, NULL, 0) : SEED) ^ 0x5555;
    one_case *cases = calloc((size_t)ncases, sizeof *cases);
    assert_non_null(cases);
    combined_mode = true;
    char path[] = "/tmp/bc-md-cmark-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    /* An HTML comment block ends whatever came before; cmark prints a marker for it. */
    static const char sep_md[] = "\n<!-- case -->\n\n";
    static const char sep_html[] = "<!-- raw HTML omitted -->\n";
    for (int i = 0; i < ncases; i++) {
        make_block_case(&cases[i]);
        fputs(cases[i].md.s, f);
        fputs(sep_md, f);
    }
    assert_int_equal(fclose(f), 0);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "cmark-gfm -e table -e strikethrough %s", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    buf html = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, p)) > 0)
        put(&html, chunk, got);
    assert_int_equal(pclose(p), 0);
    if (getenv("BC_MD_KEEP") == NULL)
        unlink(path);
    else
        fprintf(stderr, "kept %s\n", path);

    const char *s = html.s;
    int failures = 0;
    for (int i = 0; i < ncases; i++) {
        const char *end = strstr(s, sep_html);
        if (end == NULL || (i + 1 < ncases && strstr(end + 1, sep_html) == NULL))
            fail_msg("case %d: separator lost\n%s\n--- html:\n%s", i, cases[i].md.s, s);
        buf blocks = {0}, tags = {0}, text = {0};
        put(&blocks, "", 0), put(&tags, "", 0), put(&text, "", 0);
        parse_html(s, (size_t)(end - s), &blocks, &tags, &text, true);
        squeeze(&text);
        one_case *c = &cases[i];
        join_adjacent(&tags);
        join_adjacent(&c->tags);
        if (strcmp(tags.s, c->tags.s) != 0 || strcmp(text.s, c->text.s) != 0) {
            if (failures++ < 3)
                fprintf(stderr, "case %d\n--- markdown:\n%s--- cmark html:\n%.*s\n"
                                "tags: want [%s]\n      got  [%s]\ntext: want [%s]\n      got  [%s]\n",
                        i, c->md.s, (int)(end - s), s, c->tags.s, tags.s, c->text.s, text.s);
        }
        free(blocks.s), free(tags.s), free(text.s);
        free(c->md.s), free(c->blocks.s), free(c->tags.s), free(c->text.s);
        s = end + strlen(sep_html);
    }
    combined_mode = false;
    free(html.s);
    free(cases);
    if (failures > 0)
        fail_msg("%d of %d block cases read back differently", failures, ncases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_trees_read_back_alike),
        cmocka_unit_test(random_blocks_read_back_alike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
