/*
 * test_markdown_render.c — the Markdown plugin on hand-built documents: the
 * exact Markdown for each construct and each kind of hostile text, the parts
 * in order and only when present, and the shape every output must have.
 * (test_markdown_cmark.c checks what a CommonMark reader makes of it.)
 */
#include "test_html_doc.h"

#include "markdown/md.h"

/* What md_nodes writes for NODE. Caller frees. */
static char *md_of(bc_node *node)
{
    bc_sink *sink = bc_sink_new_memory();
    assert_non_null(sink);
    bc_error *err = bc_error_new();
    md_writer w;
    md_init(&w, sink);
    assert_int_equal(md_nodes(&w, node, err), 0);
    assert_int_equal(md_finish(&w), 0);
    md_free(&w);
    assert_int_equal(bc_sink_flush(sink), 0);
    size_t len;
    const unsigned char *data = bc_sink_memory_data(sink, &len);
    char *out = strndup((const char *)data, len);
    assert_non_null(out);
    bc_sink_free(sink);
    bc_error_free(err);
    return out;
}

/* What every Markdown output must be. */
static void check_shape(const char *s)
{
    size_t len = strlen(s);
    assert_true(len > 0 && s[len - 1] == '\n');
    assert_false(len >= 2 && s[len - 2] == '\n');
    assert_true(s[0] != '\n');
    assert_null(strstr(s, " \n"));
    assert_null(strstr(s, "\n\n\n"));
}

static void expect_md(bc_node *node, const char *want)
{
    char *got = md_of(node);
    if (strcmp(got, want) != 0)
        fail_msg("want:\n%s\n--- got:\n%s", want, got);
    check_shape(got);
    free(got);
}

/* A paragraph holding the one text S must come out as WANT (plus a newline). */
static void text_as(bc_document *d, const char *s, const char *want)
{
    char line[512];
    snprintf(line, sizeof line, "%s\n", want);
    expect_md(CONTENT(P(T(s))), line);
}

static void full_document(void **state)
{
    (void)state;
    bc_document *d = doc_full();
    char *out = render_with(d, NULL, NULL);
    check_shape(out);
    static const char start[] = "# Integrating care\n\n*Policy briefing*\n\n- **Source:** NHS England\n"
                                "- **Link to main document:** <https://example.org/integrating-care>\n"
                                "- **Publication format:** PDF\n- **Date of publication:** August 2017\n"
                                "- **Primary audience:** Commissioners\n\n## Summary\n\n";
    assert_memory_equal(out, start, strlen(start));
    static const char *const order[] = {
        "## Summary", "[(1)](#ref-1)", "([1](#ref-1), [2](#ref-2))", "## Key features",
        "- **ACOs** need:\n  - a focus\n  - a vision\n", "## Impact on library policy/practice",
        "## What the report says", "## Capital", "### Read more", "## Further reading",
        "1. <a id=\"ref-1\"></a>King\\'s Fund (2016) <https://www.kingsfund.org.uk/x>\n"
        "2. <a id=\"ref-2\"></a>NHS England (2017)\n",
        "***", "- **Date last updated:** September 2017", "- **Due for review:** 22 September 2018",
        "- **Group member responsible:** LK", "- **Produced by:** JET Library",
        "Please feel free to reproduce.\n",
    };
    for (size_t i = 0; i + 1 < sizeof order / sizeof order[0]; i++)
        assert_order(out, order[i], order[i + 1]);
    free(out);
    bc_document_free(d);

    d = doc_titled("Only a title");
    out = render_with(d, NULL, NULL);
    assert_string_equal(out, "# Only a title\n");
    free(out);
    bc_document_free(d);
}

static void labels_and_dates(void **state)
{
    (void)state;
    bc_document *d = doc_titled("t");
    set_text(d, BC_FIELD_PUBLISHED, "Spring 2017 (updated *never*)");
    set_field(d, BC_FIELD_IMPACT, CONTENT(P(T("x"))));
    assert_int_equal(bc_document_set_label(d, BC_FIELD_IMPACT, "What does this mean?", 20), 0);
    assert_int_equal(bc_document_set_label(d, BC_FIELD_PUBLISHED, "When:", 5), 0);
    char *out = render_with(d, NULL, NULL);
    assert_string_equal(out, "# t\n\n- **When:** Spring 2017 (updated \\*never\\*)\n\n## What does this mean?\n\nx\n");
    free(out);
    bc_document_free(d);
}

static void line_start_escapes(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    text_as(d, "# not a heading", "\\# not a heading");
    text_as(d, "1. not a list", "1\\. not a list");
    text_as(d, "2) not a list", "2\\) not a list");
    text_as(d, "- a", "\\- a");
    text_as(d, "+ b", "\\+ b");
    text_as(d, "> c", "\\> c");
    text_as(d, "===", "\\===");
    text_as(d, ":-", "\\:-");
    text_as(d, "    four spaces", "&#32;   four spaces");
    text_as(d, "\tx", "&#9;x");
    text_as(d, "mid # - + > = : 1. here", "mid # - + > = : 1. here");
    /* Every line of a paragraph starts a line. */
    expect_md(CONTENT(P(T("a"), N(BC_NODE_SOFTBREAK), T("# b"), N(BC_NODE_SOFTBREAK), T("2. c"))),
              "a\n\\# b\n2\\. c\n");
    bc_document_free(d);
}

static void inline_escapes(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    text_as(d, "a*b_c`d[e]f<g~h|i\\j", "a\\*b\\_c\\`d\\[e\\]f\\<g\\~h\\|i\\\\j");
    text_as(d, "&amp; &#35; &#x41; &copy; R&D & x &", "\\&amp; \\&#35; \\&#x41; \\&copy; R&D & x \\&");
    text_as(d, "![img](x) wow!", "\\!\\[img\\](x) wow\\!");
    text_as(d, "<script>alert(1)</script>", "\\<script>alert(1)\\</script>");
    /* Text that GFM would autolink (ftp:// too, a scheme we never make live) stays text. */
    text_as(d, "see ftp://x.org and https://y.org", "see ftp\\://x.org and https\\://y.org");
    text_as(d, "é e\xcc\x81 \xe6\x97\xa5 \xd7\x90 \xf0\x9f\x98\x80", "é e\xcc\x81 \xe6\x97\xa5 \xd7\x90 \xf0\x9f\x98\x80");
    /* Spaces CommonMark would strip before a break or at the end are kept as references. */
    expect_md(CONTENT(P(T("a  "), N(BC_NODE_SOFTBREAK), T("b "))), "a &#32;\nb&#32;\n");
    expect_md(CONTENT(P(T("a"), N(BC_NODE_LINEBREAK), T("b"))), "a\\\nb\n");
    bc_document_free(d);
}

/* Text a reader with smart punctuation would change is escaped: straight quotes, "--", "...";
 * what smart punctuation made (curly quotes, dashes, an ellipsis) is written as it is. */
static void smart_punctuation(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    expect_md(CONTENT(P(T("it's \"x\" a--b c...d e.f"))), "it\\'s \\\"x\\\" a\\--b c\\...d e.f\n");
    expect_md(CONTENT(P(T("it\xE2\x80\x99s \xE2\x80\x9Cx\xE2\x80\x9D a\xE2\x80\x93" "b c\xE2\x80\xA6"))),
              "it\xE2\x80\x99s \xE2\x80\x9Cx\xE2\x80\x9D a\xE2\x80\x93" "b c\xE2\x80\xA6\n");
    /* Code keeps them straight and unescaped. */
    expect_md(CONTENT(P(lit(d, BC_NODE_CODE, "'x' -- ..."))), "`'x' -- ...`\n");
    bc_document_free(d);
}

static void emphasis(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    expect_md(CONTENT(P(T("a "), EM(T("b")), T(" "), STRONG(T("c")), T(" "),
                        N(BC_NODE_STRIKETHROUGH, T("d")))),
              "a *b* **c** ~~d~~\n");
    /* Whitespace at the edges moves outside; empty emphasis vanishes. */
    expect_md(CONTENT(P(T("a"), EM(T(" b ")), T("c"), STRONG(T(" ")), T("d"))), "a *b* c d\n");
    /* Flanking: punctuation inside next to a letter outside needs a reference. */
    expect_md(CONTENT(P(T("a"), EM(T("\"q\"")), T("b"))), "&#97;*\\\"q\\\"*&#98;\n");
    expect_md(CONTENT(P(T("un"), EM(T("frigging")), T("believable"))), "un*frigging*believable\n");
    /* Nested openers alternate * and _ so their runs never merge. */
    expect_md(CONTENT(P(EM(STRONG(T("x")), T(" y")))), "*__x__ y*\n");
    expect_md(CONTENT(P(EM(T("a")), EM(T("b")))), "*a*_b_\n");
    /* Emphasis inside emphasis of the same kind prints once. */
    expect_md(CONTENT(P(EM(T("a "), EM(T("b"))))), "*a b*\n");
    /* Adjacent strikethroughs join: "~~a~~~~b~~" would not parse. */
    expect_md(CONTENT(P(N(BC_NODE_STRIKETHROUGH, T("a")), N(BC_NODE_STRIKETHROUGH, T("b")))), "~~ab~~\n");
    bc_document_free(d);
}

static void code_spans(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    expect_md(CONTENT(P(CODE("a`b"))), "``a`b``\n");
    expect_md(CONTENT(P(CODE("`x"))), "`` `x ``\n");
    expect_md(CONTENT(P(CODE(" x "))), "`  x  `\n");
    expect_md(CONTENT(P(CODE("  "))), "`  `\n");
    expect_md(CONTENT(P(CODE("<b>*_\\"))), "`<b>*_\\`\n");
    /* Side by side, two spans become one: "`a``b`" would be read so anyway. */
    expect_md(CONTENT(P(CODE("a"), CODE("b"))), "`ab`\n");
    expect_md(CONTENT(P(CODE(""), T("x"))), "x\n");
    bc_document_free(d);
}

static void links(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    bc_node *titled = LINK("https://example.org/a b?x=1&amp;y=<2>\\", T("text"));
    const char *title = "T \"q\" \\* &amp;";
    assert_int_equal(bc_node_set_link_title(titled, title, strlen(title)), 0);
    expect_md(CONTENT(P(titled)),
              "[text](<https://example.org/a b?x=1&amp;amp;y=&lt;2&gt;&#92;> \"T &quot;q&quot; \\\\* &amp;amp;\")\n");
    expect_md(CONTENT(P(LINK("https://example.org/", T("https://example.org/")))), "<https://example.org/>\n");
    expect_md(CONTENT(P(LINK("https://example.org/e"))), "[https://example.org/e](<https://example.org/e>)\n");
    /* Code with "]" in link text: kept on one line and given a title, so no
     * reader takes "[`a]: b`..." at the start of a paragraph for a definition. */
    expect_md(CONTENT(P(LINK("https://example.org/", CODE("a]: b"), N(BC_NODE_SOFTBREAK), T("c")))),
              "[`a]: b` c](<https://example.org/> \"\")\n");
    bc_document_free(d);
}

static void citations(void **state)
{
    (void)state;
    bc_document *d = doc_titled("t");
    set_field(d, BC_FIELD_SUMMARY,
              CONTENT(P(T("One"), CITE("a"), T(" two"), CITE("a", "b"), T(" in "),
                        LINK("https://example.org/", T("link "), CITE("b")), T("!"), CITE("a"))));
    set_field(d, BC_FIELD_REFERENCES, CONTENT(reference(d, "a", "https://example.org/a", INLINES(T("A"))),
                                              reference(d, "b", NULL, INLINES(T("B")))));
    char *out = render_with(d, NULL, NULL);
    assert_string_equal(out, "# t\n\n## Summary\n\n"
                             "One[(1)](#ref-1) two([1](#ref-1), [2](#ref-2)) in [link (2)](<https://example.org/>)\\![(1)](#ref-1)\n\n"
                             "## Further reading\n\n"
                             "1. <a id=\"ref-1\"></a>A <https://example.org/a>\n"
                             "2. <a id=\"ref-2\"></a>B\n");
    free(out);
    bc_document_free(d);
}

static void lists(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    /* Sibling lists of one kind alternate markers, or a reader would join them. */
    expect_md(CONTENT(BULLETS(true, ITEM(P(T("a")))), BULLETS(true, ITEM(P(T("b")))),
                      NUMBERS(1, true, ITEM(P(T("c")))), NUMBERS(1, true, ITEM(P(T("d"))))),
              "- a\n\n+ b\n\n1. c\n\n1) d\n");
    /* A list opening an item takes the other bullet: "- - -" is a thematic break. */
    expect_md(CONTENT(BULLETS(true, ITEM(BULLETS(true, ITEM(BULLETS(true, N(BC_NODE_ITEM))))))), "- + -\n");
    /* Tight: a paragraph and its sub-list on consecutive lines; loose: blank lines. */
    expect_md(CONTENT(BULLETS(true, ITEM(P(T("a")), BULLETS(true, ITEM(P(T("b"))))), ITEM(P(T("c"))))),
              "- a\n  - b\n- c\n");
    expect_md(CONTENT(BULLETS(false, ITEM(P(T("a")), P(T("b"))), ITEM(P(T("c"))))), "- a\n\n  b\n\n- c\n");
    /* An empty first item cannot follow a paragraph directly ("-" would underline it). */
    expect_md(CONTENT(BULLETS(true, ITEM(P(T("a")), BULLETS(true, N(BC_NODE_ITEM), ITEM(P(T("x"))))))),
              "- a\n\n  -\n  - x\n");
    /* Numbers: the start, its width, and "2." which cannot interrupt a paragraph. */
    expect_md(CONTENT(NUMBERS(9, true, ITEM(P(T("nine"))), ITEM(P(T("ten")), NUMBERS(2, true, ITEM(P(T("two")))))),
                      NUMBERS(0, true, ITEM(P(T("zero"))))),
              "9. nine\n10. ten\n\n    2. two\n\n0) zero\n");
    bc_document_free(d);
}

static void blocks(void **state)
{
    (void)state;
    bc_document *d = bc_document_new();
    expect_md(CONTENT(N(BC_NODE_BLOCK_QUOTE, P(T("a")), P(T("b")), N(BC_NODE_BLOCK_QUOTE, P(T("c")))),
                      N(BC_NODE_THEMATIC_BREAK), heading(d, 1, "H #"), heading(d, 9, "deep")),
              "> a\n>\n> b\n>\n> > c\n\n***\n\n## H \\#\n\n###### deep\n");
    expect_md(CONTENT(code_block(d, "c", "x ```\n``` y\n")), "````c\nx ```\n``` y\n````\n");
    expect_md(CONTENT(code_block(d, "a`b", "~~~\n")), "~~~~a`b\n~~~\n~~~~\n");
    expect_md(CONTENT(code_block(d, "~x`", "y")), "~~~ ~x`\ny\n~~~\n"); /* not "~~~~x`" */
    expect_md(CONTENT(BULLETS(true, ITEM(code_block(d, "", "a\n\n  b\n")))), "- ```\n  a\n\n    b\n  ```\n");
    bc_align al[3] = {BC_ALIGN_LEFT, BC_ALIGN_CENTER, BC_ALIGN_RIGHT};
    expect_md(CONTENT(table(d, 3, al, ROW(CELL(T("a|b")), CELL(CODE("c|d")), CELL(T(" e "))),
                            ROW(CELL(T("1")), N(BC_NODE_TABLE_CELL), N(BC_NODE_TABLE_CELL)),
                            ROW(CELL(T("x")), N(BC_NODE_TABLE_CELL), CELL(T("z"))),
                            NULL)),
              "| a\\|b | `c\\|d` | &#32;e&#32; |\n| :--- | :---: | ---: |\n| 1 |  |  |\n| x |  | z |\n");
    bc_document_free(d);
}

static void deterministic(void **state)
{
    (void)state;
    bc_document *a = doc_full(), *b = doc_full();
    char *x = render_with(a, NULL, NULL), *y = render_with(b, NULL, NULL);
    assert_string_equal(x, y);
    free(x);
    free(y);
    bc_document_free(a);
    bc_document_free(b);
}

static void reentrant(void **state)
{
    (void)state;
    bc_document *d = doc_full();
    char *want = render_with(d, NULL, NULL); /* also finishes D */
    render_in_threads(d, want);
    free(want);
    bc_document_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_document),
        cmocka_unit_test(labels_and_dates),
        cmocka_unit_test(line_start_escapes),
        cmocka_unit_test(inline_escapes),
        cmocka_unit_test(emphasis),
        cmocka_unit_test(smart_punctuation),
        cmocka_unit_test(code_spans),
        cmocka_unit_test(links),
        cmocka_unit_test(citations),
        cmocka_unit_test(lists),
        cmocka_unit_test(blocks),
        cmocka_unit_test(deterministic),
        cmocka_unit_test(reentrant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
