/*
 * test_html_render.c — the HTML plugin on hand-built documents: the page's
 * frame, the parts in order and only when present, escaping, which links are
 * live, heading levels, citations and references, tables, lists, code,
 * dates, labels, the fragment option and determinism.
 */
#include "test_html_doc.h"

#include "html/html.h"

static void assert_has(const char *s, const char *needle)
{
    if (strstr(s, needle) == NULL)
        fail_msg("missing: %s\n--- in:\n%s", needle, s);
}

static void assert_lacks(const char *s, const char *needle)
{
    if (strstr(s, needle) != NULL)
        fail_msg("unexpected: %s\n--- in:\n%s", needle, s);
}

/* What HTML_NODES writes for one content node of D. Caller frees. */
static char *nodes_html(bc_document *d, bc_node *node)
{
    bc_sink *sink = bc_sink_new_memory();
    assert_non_null(sink);
    bc_error *err = bc_error_new();
    assert_int_equal(html_nodes(sink, node, err), 0);
    assert_int_equal(bc_sink_flush(sink), 0);
    size_t len;
    const unsigned char *data = bc_sink_memory_data(sink, &len);
    char *out = strndup((const char *)data, len);
    assert_non_null(out);
    bc_sink_free(sink);
    bc_error_free(err);
    (void)d;
    return out;
}

static void page_frame(void **state)
{
    (void)state;
    bc_document *d = doc_full();
    char *out = render_with(d, NULL, NULL);
    static const char start[] = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
    assert_memory_equal(out, start, strlen(start));
    assert_has(out, "<title>Integrating care</title>");
    assert_has(out, "<meta name=\"description\" content=\"The Five Year Forward View set the scene (1). "
                    "See also (1, 2).\">");
    assert_has(out, "<meta name=\"keywords\" content=\"STP, King's &quot;Fund&quot;\">");
    assert_has(out, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
    assert_has(out, "@media print");
    assert_has(out, "@page { size: A4;");
    assert_int_equal(count_of(out, "<h1>"), 1);
    assert_int_equal(count_of(out, "<article"), 1);
    assert_has(out, "<footer>\n<dl class=\"record\">");
    /* Nothing that could make the browser fetch anything. */
    assert_lacks(out, "<script");
    assert_lacks(out, "<link");
    assert_lacks(out, "<img");
    assert_lacks(out, "src=");
    assert_lacks(out, "url(");
    assert_lacks(out, "@import");
    size_t len = strlen(out);
    assert_true(len > 8 && strcmp(out + len - 8, "</html>\n") == 0);
    free(out);
    bc_document_free(d);
}

static void parts_in_order(void **state)
{
    (void)state;
    bc_document *d = doc_full();
    char *out = render_with(d, NULL, NULL);
    static const char *const order[] = {
        "<h1>Integrating care</h1>", "<p class=\"type\">Policy briefing</p>", "<dt>Source:</dt>",
        "<dt>Link to main document:</dt>", "<dt>Publication format:</dt>", "<dt>Date of publication:</dt>",
        "<dt>Primary audience:</dt>", "<h2>Summary</h2>", "<h2>Key features</h2>",
        "<h2>Impact on library policy/practice</h2>", "<h2>What the report says</h2>", "<h2>Capital</h2>",
        "<h3>Read more</h3>", "<h2>Further reading</h2>", "<dt>Date last updated:</dt>",
        "<dt>Due for review:</dt>", "<dt>Group member responsible:</dt>", "<dt>Produced by:</dt>",
        "Please feel free to reproduce.",
    };
    for (size_t i = 0; i + 1 < sizeof order / sizeof order[0]; i++)
        assert_order(out, order[i], order[i + 1]);
    free(out);
    bc_document_free(d);
}

static void absent_parts_print_nothing(void **state)
{
    (void)state;
    bc_document *d = doc_titled("Only a title");
    char *out = render_with(d, NULL, NULL);
    assert_has(out, "<article class=\"briefing\">\n<header>\n<h1>Only a title</h1>\n</header>\n</article>\n");
    assert_lacks(out, "<dl");
    assert_lacks(out, "<section");
    assert_lacks(out, "<footer");
    assert_lacks(out, "name=\"description\"");
    assert_lacks(out, "name=\"keywords\"");
    assert_lacks(out, "class=\"type\"");
    free(out);
    bc_document_free(d);

    /* A notice alone still gets a footer, with no empty <dl>. */
    d = doc_titled("t");
    set_field(d, BC_FIELD_NOTICE, CONTENT(P(T("Notice."))));
    out = render_with(d, NULL, NULL);
    assert_has(out, "<footer>\n<div class=\"notice\">\n<p>Notice.</p>\n</div>\n</footer>");
    assert_lacks(out, "<dl");
    free(out);
    bc_document_free(d);
}

static void fragment_is_the_article(void **state)
{
    (void)state;
    bc_document *d = doc_full();
    char *page = render_with(d, NULL, NULL);
    bc_document_free(d);
    d = doc_full();
    char *frag = render_with(d, "fragment", "true");
    static const char start[] = "<article class=\"briefing\">\n";
    assert_memory_equal(frag, start, strlen(start));
    assert_lacks(frag, "<html");
    assert_lacks(frag, "<head>");
    assert_lacks(frag, "<style");
    assert_lacks(frag, "<body");
    assert_has(page, frag); /* exactly the page's article */
    free(page);
    free(frag);
    bc_document_free(d);
}

static void text_is_escaped(void **state)
{
    (void)state;
    bc_document *d = doc_titled("<script>alert(\"x\") & 'y'</script>");
    set_text(d, BC_FIELD_TYPE, "<b>type</b> &amp;");
    set_text(d, BC_FIELD_RESPONSIBLE, "O'Brien & <Sons>");
    set_field(d, BC_FIELD_SUMMARY, CONTENT(P(T("a < b > c & d \" e"), CODE("<i>&amp;</i>"))));
    assert_int_equal(bc_document_add_tag(d, "\"><script>", 10), 0);
    char *out = render_with(d, NULL, NULL);
    assert_has(out, "<title>&lt;script&gt;alert(&quot;x&quot;) &amp; 'y'&lt;/script&gt;</title>");
    assert_has(out, "<h1>&lt;script&gt;alert(\"x\") &amp; 'y'&lt;/script&gt;</h1>");
    assert_has(out, "<p class=\"type\">&lt;b&gt;type&lt;/b&gt; &amp;amp;</p>");
    assert_has(out, "<dd>O'Brien &amp; &lt;Sons&gt;</dd>");
    assert_has(out, "<p>a &lt; b &gt; c &amp; d \" e<code>&lt;i&gt;&amp;amp;&lt;/i&gt;</code></p>");
    assert_has(out, "content=\"&quot;&gt;&lt;script&gt;\"");
    assert_lacks(out, "<script");
    assert_lacks(out, "<b>");
    free(out);
    bc_document_free(d);
}

static void only_safe_links_are_live(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\tjavascript:x",
        "\x01javascript:x", "data:text/html,<script>x</script>", "vbscript:msgbox", "file:///etc/passwd",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bc_sink *sink = bc_sink_new_memory();
        html_url_link(sink, bad[i], NULL);
        bc_sink_flush(sink);
        size_t len;
        const unsigned char *data = bc_sink_memory_data(sink, &len);
        char *out = strndup((const char *)data, len);
        assert_lacks(out, "<a");
        assert_lacks(out, "href");
        assert_lacks(out, "<script");
        free(out);
        bc_sink_free(sink);
    }
    static const char *const good[] = {"https://example.org/", "HTTP://EXAMPLE.ORG/", "mailto:a@example.org"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        bc_sink *sink = bc_sink_new_memory();
        html_url_link(sink, good[i], NULL);
        bc_sink_flush(sink);
        size_t len;
        const unsigned char *data = bc_sink_memory_data(sink, &len);
        char *out = strndup((const char *)data, len);
        assert_has(out, "<a class=\"url\" href=\"");
        free(out);
        bc_sink_free(sink);
    }

    bc_document *d = doc_titled("t");
    bc_node *titled = LINK("https://example.org/?a=1&b=2", T("text"));
    assert_int_equal(bc_node_set_link_title(titled, "T \"q\" <x>", 9), 0);
    bc_node *p = P(titled, T(" "), LINK("https://example.org/empty"), T(" "),
                   LINK("https://example.org/outer", T("out "), EM(T("in")), T(" "), CITE("r")));
    set_field(d, BC_FIELD_SUMMARY, CONTENT(p));
    set_field(d, BC_FIELD_REFERENCES, CONTENT(reference(d, "r", NULL, INLINES(T("Ref")))));
    char *out = render_with(d, NULL, NULL);
    assert_has(out, "<a href=\"https://example.org/?a=1&amp;b=2\" title=\"T &quot;q&quot; &lt;x&gt;\">text</a>");
    assert_has(out, "<a class=\"url\" href=\"https://example.org/empty\">https://example.org/empty</a>");
    /* No <a> inside an <a>: a citation in a link is its text. */
    assert_has(out, "<a href=\"https://example.org/outer\">out <em>in</em> (1)</a>");
    free(out);
    bc_document_free(d);
}

static void heading_levels(void **state)
{
    (void)state;
    bc_document *d = doc_titled("t");
    bc_node *deepest = SECTION("L7", P(T("deep")));
    bc_node *s = deepest;
    static const char *const names[] = {"L6", "L5", "L4", "L3", "L2", "L1"};
    for (size_t i = 0; i < 6; i++)
        s = SECTION(names[i], s);
    set_field(d, BC_FIELD_SECTIONS, CONTENT(s));
    set_field(d, BC_FIELD_SUMMARY, CONTENT(heading(d, 1, "In summary"), heading(d, 3, "Deeper")));
    char *out = render_with(d, NULL, NULL);
    assert_has(out, "<h2>Summary</h2>\n<h3>In summary</h3>\n<h5>Deeper</h5>");
    assert_has(out, "<section>\n<h2>L1</h2>\n<section>\n<h3>L2</h3>");
    assert_has(out, "<h6>L5</h6>");
    assert_has(out, "<h6 aria-level=\"7\">L6</h6>");
    assert_has(out, "<h6 aria-level=\"8\">L7</h6>");
    assert_int_equal(count_of(out, "<section>"), 7);
    assert_int_equal(count_of(out, "</section>"), 7 + 1);
    free(out);
    bc_document_free(d);
}

static void citations_and_references(void **state)
{
    (void)state;
    bc_document *d = doc_full();
    char *out = render_with(d, NULL, NULL);
    assert_has(out, "set the scene <a class=\"cite\" href=\"#ref-1\">(1)</a>.");
    assert_has(out, "See also <span class=\"cite\">(<a href=\"#ref-1\">1</a>, <a href=\"#ref-2\">2</a>)</span>.");
    assert_has(out, "<ol class=\"references\">\n<li id=\"ref-1\">King's Fund (2016) "
                    "<a class=\"url ref-url\" href=\"https://www.kingsfund.org.uk/x\">"
                    "https://www.kingsfund.org.uk/x</a></li>\n<li id=\"ref-2\">NHS England (2017)</li>\n</ol>");
    free(out);
    bc_document_free(d);
}

static void tables(void **state)
{
    (void)state;
    bc_document *d = doc_titled("t");
    bc_align al[3] = {BC_ALIGN_LEFT, BC_ALIGN_CENTER, BC_ALIGN_NONE};
    bc_node *t = table(d, 3, al, ROW(CELL(T("A")), CELL(T("B")), CELL(T("C"))), ROW(CELL(T("1"))),
                       ROW(CELL(T("x")), CELL(T("y")), CELL(T("z"))), NULL);
    bc_node *content = CONTENT(t);
    set_field(d, BC_FIELD_SUMMARY, content);
    bc_error *err = bc_error_new();
    assert_int_equal(bc_document_finish(d, err), 0); /* pads the short row */
    bc_error_free(err);
    char *out = nodes_html(d, content);
    assert_has(out, "<thead>\n<tr><th scope=\"col\" class=\"al-left\">A</th><th scope=\"col\" "
                    "class=\"al-center\">B</th><th scope=\"col\">C</th></tr>\n</thead>\n<tbody>\n");
    assert_has(out, "<tr><td class=\"al-left\">1</td><td class=\"al-center\"></td><td></td></tr>");
    assert_has(out, "<td>z</td></tr>\n</tbody>\n</table>");
    free(out);
    bc_document_free(d);

    /* A header row alone: no empty <tbody>. */
    d = doc_titled("t");
    out = nodes_html(d, CONTENT(table(d, 1, NULL, ROW(CELL(T("H"))), NULL)));
    assert_lacks(out, "tbody");
    free(out);
    bc_document_free(d);
}

static void lists_and_blocks(void **state)
{
    (void)state;
    bc_document *d = doc_titled("t");
    bc_node *c = CONTENT(NUMBERS(3, true, ITEM(P(T("three"))), ITEM(P(T("four")))),
                         BULLETS(false, ITEM(P(T("loose")))), N(BC_NODE_BLOCK_QUOTE, P(T("q"))),
                         code_block(d, "  c extra", "if (a < b && c)\n"), N(BC_NODE_THEMATIC_BREAK),
                         P(T("a"), N(BC_NODE_LINEBREAK), T("b"), N(BC_NODE_SOFTBREAK), T("c")), N(BC_NODE_PARAGRAPH), P(T(""), N(BC_NODE_SOFTBREAK), EM(T(""))),
                         P(N(BC_NODE_STRIKETHROUGH, T("s")), EM(T("e")), STRONG(T("st"))));
    char *out = nodes_html(d, c);
    assert_has(out, "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n");
    assert_has(out, "<ul>\n<li><p>loose</p>\n</li>\n</ul>\n");
    assert_has(out, "<blockquote>\n<p>q</p>\n</blockquote>\n");
    assert_has(out, "<pre><code class=\"language-c\">if (a &lt; b &amp;&amp; c)\n</code></pre>\n<hr>\n");
    assert_has(out, "<p>a<br>\nb\nc</p>\n");
    assert_lacks(out, "<p></p>");
    assert_lacks(out, "<p>\n");
    assert_lacks(out, "<em></em>");
    assert_has(out, "<p><del>s</del><em>e</em><strong>st</strong></p>");
    free(out);
    bc_document_free(d);
}

static void dates_and_labels(void **state)
{
    (void)state;
    bc_document *d = doc_full();
    assert_int_equal(bc_document_set_label(d, BC_FIELD_SUMMARY, "In brief", 8), 0);
    assert_int_equal(bc_document_set_label(d, BC_FIELD_SOURCE, "Who?", 4), 0);
    char *out = render_with(d, NULL, NULL);
    assert_has(out, "<h2>In brief</h2>");
    assert_has(out, "<dt>Who?</dt>");
    assert_has(out, "<dd><time datetime=\"2017-08\">August 2017</time></dd>");
    assert_has(out, "<dd><time datetime=\"2018-09-22\">22 September 2018</time></dd>");
    free(out);
    bc_document_free(d);

    d = doc_titled("t");
    set_text(d, BC_FIELD_PUBLISHED, "Spring 2017 (updated)");
    set_text(d, BC_FIELD_LANG, "ar-EG");
    out = render_with(d, NULL, NULL);
    assert_has(out, "<dd>Spring 2017 (updated)</dd>");
    assert_has(out, "<html lang=\"ar-EG\" dir=\"rtl\">");
    free(out);
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
        cmocka_unit_test(page_frame),
        cmocka_unit_test(parts_in_order),
        cmocka_unit_test(absent_parts_print_nothing),
        cmocka_unit_test(fragment_is_the_article),
        cmocka_unit_test(text_is_escaped),
        cmocka_unit_test(only_safe_links_are_live),
        cmocka_unit_test(heading_levels),
        cmocka_unit_test(citations_and_references),
        cmocka_unit_test(tables),
        cmocka_unit_test(lists_and_blocks),
        cmocka_unit_test(dates_and_labels),
        cmocka_unit_test(deterministic),
        cmocka_unit_test(reentrant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
