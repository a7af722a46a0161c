/*
 * test_plain_render.c — the plain plugin on hand-built documents: exact
 * output for each construct, options, and properties every output must have
 * (no trailing spaces, no double blank lines, one final newline).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <briefconv/host.h>

#include "doc_builder.h"
#include "plain/render.h"

extern const bc_plugin briefconv_plugin;

/* ---------------------------------------------------------------- building */

/* Sets the summary to the given blocks. */
#define SUMMARY(...) set_field(d, BC_FIELD_SUMMARY, N(BC_NODE_CONTENT, __VA_ARGS__))

/* ---------------------------------------------------------------- rendering */

/* What every plain output must be: checked on each one the tests make. */
static void check_shape(const char *s)
{
    size_t len = strlen(s);
    if (len == 0)
        return;
    assert_true(s[len - 1] == '\n');
    assert_false(len >= 2 && s[len - 2] == '\n'); /* no blank line at the end */
    assert_true(s[0] != '\n');                    /* none at the start */
    assert_null(strstr(s, " \n"));                /* no trailing spaces */
    assert_null(strstr(s, "\t\n"));
    assert_null(strstr(s, "\n\n\n"));             /* one blank line at most */
    assert_null(strchr(s, '\x01'));               /* the internal marker never leaks */
    assert_true(bc_utf8_valid(s, len));
}

/* Renders D with option NAME=VALUE (NAME NULL: the defaults). Caller frees the text. */
static char *render_with(bc_document *d, const char *name, const char *value)
{
    bc_error *err = bc_error_new();
    assert_non_null(err);
    if (bc_document_finish(d, err) != 0)
        fail_msg("finish: %s", bc_error_message(err));
    bc_options *opts = bc_options_new(&briefconv_plugin);
    assert_non_null(opts);
    if (name && bc_options_set(opts, name, value, err) != 0)
        fail_msg("%s=%s: %s", name, value, bc_error_message(err));
    bc_sink *sink = bc_sink_new_memory();
    assert_non_null(sink);
    if (briefconv_plugin.render(d, opts, sink, err) != 0)
        fail_msg("render: %s", bc_error_message(err));
    assert_int_equal(bc_sink_flush(sink), 0);
    size_t len = 0;
    const unsigned char *data = bc_sink_memory_data(sink, &len);
    char *out = malloc(len + 1);
    assert_non_null(out);
    if (len)
        memcpy(out, data, len);
    out[len] = '\0';
    bc_sink_free(sink);
    bc_options_free(opts);
    bc_error_free(err);
    check_shape(out);
    return out;
}

/* Renders D at WIDTH (NULL: the default). Caller frees the text. */
static char *render(bc_document *d, const char *width)
{
    return render_with(d, width ? "width" : NULL, width);
}

static void expect(bc_document *d, const char *width, const char *want)
{
    char *got = render(d, width);
    assert_string_equal(got, want);
    /* Same input, same bytes. */
    char *again = render(d, width);
    assert_string_equal(again, got);
    free(again);
    free(got);
    bc_document_free(d);
}

/* ---------------------------------------------------------------- tests */

static void test_descriptor(void **state)
{
    (void)state;
    assert_int_equal(briefconv_plugin.abi_major, BC_ABI_MAJOR);
    assert_int_equal(briefconv_plugin.kind, BC_PLUGIN_OUTPUT);
    assert_string_equal(briefconv_plugin.name, "plain");
    assert_string_equal(briefconv_plugin.aliases[0], "txt");
    assert_null(briefconv_plugin.aliases[1]);
    assert_string_equal(briefconv_plugin.extensions[0], "txt");
    assert_string_equal(briefconv_plugin.options[0].name, "width");
    assert_string_equal(briefconv_plugin.options[0].default_value, "72");
    assert_string_equal(briefconv_plugin.options[1].name, "wrap");
    assert_string_equal(briefconv_plugin.options[1].default_value, "auto");
    assert_null(briefconv_plugin.options[2].name);
    bc_registry *reg = bc_registry_new();
    bc_error *err = bc_error_new();
    assert_int_equal(bc_registry_add(reg, &briefconv_plugin, "plain.so", err), 0);
    const bc_plugin *found = bc_registry_find(reg, BC_PLUGIN_OUTPUT, "txt");
    assert_non_null(found);
    assert_string_equal(found->name, "plain");
    bc_error_free(err);
    bc_registry_free(reg);
}

static void test_title_only(void **state)
{
    (void)state;
    expect(doc_titled("Integrating care"), NULL, "Integrating care\n================\n");
}

static void test_title_wide_underline(void **state)
{
    (void)state;
    /* Underlines measure display columns: three wide characters are six. */
    expect(doc_titled("日本語"), NULL, "日本語\n======\n");
    /* An accent adds no column. */
    expect(doc_titled("Cafe\xCC\x81"), NULL, "Cafe\xCC\x81\n====\n");
}

static void test_every_part_in_order(void **state)
{
    (void)state;
    bc_document *d = doc_titled("Integrating care");
    set_text(d, BC_FIELD_TYPE, "Policy briefing");
    set_field(d, BC_FIELD_SOURCE, N(BC_NODE_INLINES, T("NHS England")));
    set_text(d, BC_FIELD_LINK, "https://example.org/ic");
    set_text(d, BC_FIELD_PUBLICATION_FORMAT, "PDF");
    set_date(d, BC_FIELD_PUBLISHED, 2017, 8, 0);
    set_field(d, BC_FIELD_AUDIENCE, N(BC_NODE_INLINES, T("Commissioners")));
    set_field(d, BC_FIELD_SUMMARY,
              N(BC_NODE_CONTENT, P(T("The "), N(BC_NODE_EMPH, T("Five Year Forward View")),
                                   T(" described "), N(BC_NODE_STRONG, T("integrated care")), T(" "),
                                   CITE("a"), T("."))));
    set_field(d, BC_FIELD_KEY_FEATURES,
              N(BC_NODE_CONTENT, BULLETS(true, ITEM(P(T("One"))),
                                         ITEM(P(T("Two")), BULLETS(true, ITEM(P(T("Two a"))),
                                                                   ITEM(P(T("Two b"))))))));
    set_field(d, BC_FIELD_IMPACT, N(BC_NODE_CONTENT, P(T("Knowledge management."))));
    set_field(d, BC_FIELD_SECTIONS,
              N(BC_NODE_CONTENT,
                N(BC_NODE_SECTION, heading(d, 1, "What is an ACO?"),
                  P(T("An ACO brings providers together "), CITE("a", "b"), T(".")),
                  N(BC_NODE_SECTION, heading(d, 1, "Read more"),
                    P(T("See "), LINK("https://kf.org", T("https://kf.org")), T(" now."))))));
    set_field(d, BC_FIELD_REFERENCES,
              N(BC_NODE_CONTENT, reference(d, "a", "https://kf.org/a", T("King's Fund")),
                reference(d, "b", NULL, T("NHS England"))));
    set_date(d, BC_FIELD_UPDATED, 2017, 9, 22);
    set_date(d, BC_FIELD_REVIEW_DUE, 2018, 9, 0);
    set_text(d, BC_FIELD_RESPONSIBLE, "LK");
    set_field(d, BC_FIELD_PRODUCED_BY, N(BC_NODE_INLINES, T("JET Library")));
    set_field(d, BC_FIELD_NOTICE, N(BC_NODE_CONTENT, P(T("Please reproduce."))));
    assert_int_equal(bc_document_add_tag(d, "STP", 3), 0); /* metadata: not printed */

    expect(d, NULL,
           "Integrating care\n"
           "================\n"
           "\n"
           "Policy briefing\n"
           "\n"
           "Source: NHS England\n"
           "Link to main document: <https://example.org/ic>\n"
           "Publication format: PDF\n"
           "Date of publication: August 2017\n"
           "Primary audience: Commissioners\n"
           "\n"
           "Summary\n"
           "-------\n"
           "\n"
           "The Five Year Forward View described integrated care (1).\n"
           "\n"
           "Key features\n"
           "------------\n"
           "\n"
           "* One\n"
           "* Two\n"
           "  - Two a\n"
           "  - Two b\n"
           "\n"
           "Impact on library policy/practice\n"
           "---------------------------------\n"
           "\n"
           "Knowledge management.\n"
           "\n"
           "What is an ACO?\n"
           "---------------\n"
           "\n"
           "An ACO brings providers together (1, 2).\n"
           "\n"
           "Read more\n"
           "~~~~~~~~~\n"
           "\n"
           "See <https://kf.org> now.\n"
           "\n"
           "Further reading\n"
           "---------------\n"
           "\n"
           "1. King's Fund\n"
           "   <https://kf.org/a>\n"
           "2. NHS England\n"
           "\n"
           "Date last updated: 22 September 2017\n"
           "Due for review: September 2018\n"
           "Group member responsible: LK\n"
           "Produced by: JET Library\n"
           "\n"
           "Please reproduce.\n");
}

static void test_absent_parts_and_labels(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    const char *label = "What does this mean for libraries?";
    assert_int_equal(bc_document_set_label(d, BC_FIELD_IMPACT, label, strlen(label)), 0);
    assert_int_equal(bc_document_set_label(d, BC_FIELD_RESPONSIBLE, "Owner", 5), 0);
    set_field(d, BC_FIELD_IMPACT, N(BC_NODE_CONTENT, P(T("Much."))));
    set_text(d, BC_FIELD_RESPONSIBLE, "LK");
    set_text(d, BC_FIELD_PUBLISHED, "September 2016 (updated June 2017)");
    expect(d, NULL,
           "T\n=\n\n"
           "Date of publication: September 2016 (updated June 2017)\n\n"
           "What does this mean for libraries?\n"
           "----------------------------------\n\n"
           "Much.\n\n"
           "Owner: LK\n");
}

static void test_details_wrap_with_hanging_indent(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    set_field(d, BC_FIELD_AUDIENCE,
              N(BC_NODE_INLINES, T("Clinical commissioning groups, local community service providers")));
    expect(d, "30",
           "T\n=\n\n"
           "Primary audience: Clinical\n"
           "  commissioning groups, local\n"
           "  community service providers\n");
}

static void test_ordered_list_alignment(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    SUMMARY(NUMBERS(9, true, ITEM(P(T("alpha beta gamma delta epsilon zeta eta theta"))),
                    ITEM(P(T("short")))));
    expect(d, "30",
           "T\n=\n\nSummary\n-------\n\n"
           " 9. alpha beta gamma delta\n"
           "    epsilon zeta eta theta\n"
           "10. short\n");
}

static void test_bullets_nested_and_loose(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    SUMMARY(BULLETS(false, ITEM(P(T("first item text that wraps around"))),
                    ITEM(P(T("second")), BULLETS(true, ITEM(P(T("inner one two three four five"))),
                                                 ITEM(P(T("inner")), NUMBERS(1, true, ITEM(P(T("x")))))))),
            P(T("After.")));
    expect(d, "24",
           "T\n=\n\nSummary\n-------\n\n"
           "* first item text that\n"
           "  wraps around\n"
           "\n"
           "* second\n"
           "\n"
           "  - inner one two three\n"
           "    four five\n"
           "  - inner\n"
           "    1. x\n"
           "\n"
           "After.\n");
}

static void test_empty_item_keeps_marker(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    SUMMARY(BULLETS(true, ITEM(P(T("a"))), ITEM(NULL), ITEM(P(T("c")))));
    expect(d, NULL, "T\n=\n\nSummary\n-------\n\n* a\n*\n* c\n");
}

static void test_block_quote(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    SUMMARY(N(BC_NODE_BLOCK_QUOTE, P(T("one two three four five six seven eight")), P(T("nine"))),
            P(T("after")));
    expect(d, "30",
           "T\n=\n\nSummary\n-------\n\n"
           "> one two three four five six\n"
           "> seven eight\n"
           ">\n"
           "> nine\n"
           "\n"
           "after\n");
}

static void test_quote_in_list(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    SUMMARY(BULLETS(false, ITEM(P(T("x")), N(BC_NODE_BLOCK_QUOTE, P(T("quoted words here"))))));
    expect(d, "20", "T\n=\n\nSummary\n-------\n\n* x\n\n  > quoted words\n  > here\n");
}

static void test_code_block(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    SUMMARY(P(T("Run:")),
            lit(d, BC_NODE_CODE_BLOCK,
                "int main(void)   \n{\n\treturn a_very_long_function_name_that_does_not_wrap();\n\n}\n\n"),
            P(T("Done.")));
    expect(d, "20",
           "T\n=\n\nSummary\n-------\n\n"
           "Run:\n\n"
           "    int main(void)\n"
           "    {\n"
           "    \treturn a_very_long_function_name_that_does_not_wrap();\n"
           "\n"
           "    }\n"
           "\n"
           "Done.\n");
}

static void test_thematic_break_and_headings(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    /* Headings in content sit below the part: relative 1 is level 2, and so on. */
    SUMMARY(heading(d, 1, "Background"), P(T("a")), N(BC_NODE_THEMATIC_BREAK),
            heading(d, 2, "Detail"), heading(d, 3, "Deeper"), P(T("b")));
    expect(d, "20",
           "T\n=\n\nSummary\n-------\n\n"
           "Background\n~~~~~~~~~~\n\n"
           "a\n\n"
           "--------------------\n\n"
           "Detail\n^^^^^^\n\n"
           "Deeper\n......\n\n"
           "b\n");
}

static void test_inlines(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    bc_node *titled = LINK("https://p.org", T("page"));
    assert_int_equal(bc_node_set_link_title(titled, "The title", 9), 0);
    SUMMARY(P(LINK("https://kf.org", T("King's Fund")), T(", "),
              LINK("https://a.org", T("https://a.org")), T(", "),
              LINK("mailto:me@x.org", T("me@x.org")), T(", "), LINK("https://e.org"),
              T(", "), titled, T(", "), N(BC_NODE_STRIKETHROUGH, T("old")), T(" "),
              lit(d, BC_NODE_CODE, "make\tcheck"),
              N(BC_NODE_SOFTBREAK), T("soft"), N(BC_NODE_LINEBREAK), T("hard")));
    expect(d, NULL,
           "T\n=\n\nSummary\n-------\n\n"
           "King's Fund <https://kf.org>, <https://a.org>, <me@x.org>,\n"
           "<https://e.org>, page <https://p.org> (The title), ~~old~~ make check\n"
           "soft\n"
           "hard\n");
}

static void test_citation_never_splits(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    SUMMARY(P(T("aaaaaaaaaaaaaaa "), CITE("a", "b")));
    set_field(d, BC_FIELD_REFERENCES, N(BC_NODE_CONTENT, reference(d, "a", NULL, T("A")), reference(d, "b", NULL, T("B"))));
    expect(d, "20",
           "T\n=\n\nSummary\n-------\n\n"
           "aaaaaaaaaaaaaaa\n(1, 2)\n\n"
           "Further reading\n---------------\n\n1. A\n2. B\n");
}

static void test_reference_numbers_align(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    bc_node *refs = N(BC_NODE_CONTENT, NULL);
    for (int i = 1; i <= 10; i++) {
        char text[16];
        snprintf(text, sizeof text, "Ref %d", i);
        bc_node_append_child(refs, reference(d, NULL, i == 10 ? "https://r.org/ten" : NULL, T(text)));
    }
    set_field(d, BC_FIELD_REFERENCES, refs);
    char *out = render(d, NULL);
    assert_non_null(strstr(out, "\n\n 1. Ref 1\n 2. Ref 2\n"));
    assert_non_null(strstr(out, "\n 9. Ref 9\n10. Ref 10\n    <https://r.org/ten>\n"));
    free(out);
    bc_document_free(d);
}

static void test_table_fits(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    bc_node *head = TEXT_ROW("Area", "Domains");
    SUMMARY(table(d, 2, NULL, head, TEXT_ROW("Hospital performance", "emergency care; elective care; safety"),
                  TEXT_ROW("Transformation", "prevention"), NULL));
    /* The header row is the first; the model marks it. */
    assert_true(bc_node_table_row_is_header(head));
    expect(d, NULL,
           "T\n=\n\nSummary\n-------\n\n"
           "Area                 | Domains\n"
           "---------------------+--------------------------------------\n"
           "Hospital performance | emergency care; elective care; safety\n"
           "Transformation       | prevention\n");
}

static void test_table_too_wide_wraps_cells(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    SUMMARY(table(d, 2, NULL, TEXT_ROW("Area", "Domains"),
                  TEXT_ROW("Hospital performance", "emergency care; elective care; safety"),
                  TEXT_ROW("Transformation", "prevention"), NULL));
    expect(d, "30",
           "T\n=\n\nSummary\n-------\n\n"
           "Area           | Domains\n"
           "---------------+--------------\n"
           "Hospital       | emergency\n"
           "performance    | care;\n"
           "               | elective\n"
           "               | care; safety\n"
           "---------------+--------------\n"
           "Transformation | prevention\n");
}

static void test_table_alignment_and_wide_text(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    const bc_align right[] = {BC_ALIGN_NONE, BC_ALIGN_RIGHT};
    const bc_align center[] = {BC_ALIGN_CENTER, BC_ALIGN_LEFT};
    SUMMARY(table(d, 2, right, TEXT_ROW("Item", "Cost"), TEXT_ROW("Tea", "1.50"), TEXT_ROW("Cake", "12.00"), NULL),
            table(d, 2, center, TEXT_ROW("名前", "x"), TEXT_ROW("日本語", "y"), TEXT_ROW("a", ""), NULL));
    expect(d, NULL,
           "T\n=\n\nSummary\n-------\n\n"
           "Item |  Cost\n"
           "-----+------\n"
           "Tea  |  1.50\n"
           "Cake | 12.00\n"
           "\n"
           " 名前  | x\n"
           "-------+--\n"
           "日本語 | y\n"
           "  a    |\n");
}

static void test_table_in_list_fits_the_indent(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    SUMMARY(BULLETS(true, ITEM(P(T("x")), table(d, 2, NULL, TEXT_ROW("Name", "Notes"),
                                                  TEXT_ROW("aaaa bbbb cccc", "dddd eeee"), NULL))));
    /*
     * 20 columns less the item's 2 leave 18, 15 of them for text: natural
     * widths 14 + 9 do not fit; the widest give way evenly (7 + 7) and the
     * spare column goes to the first: 8 + 7.
     */
    expect(d, "20",
           "T\n=\n\nSummary\n-------\n\n"
           "* x\n"
           "  Name     | Notes\n"
           "  ---------+--------\n"
           "  aaaa     | dddd\n"
           "  bbbb     | eeee\n"
           "  cccc     |\n");
}

static void test_width_option(void **state)
{
    (void)state;
    const char *words = "one two three four five six seven eight nine ten eleven twelve thirteen "
                        "fourteen fifteen sixteen seventeen eighteen nineteen twenty";
    bc_document *d = doc_titled("T");
    SUMMARY(P(T(words)));
    char *out = render_with(d, "wrap", "none");
    char want[512];
    snprintf(want, sizeof want, "T\n=\n\nSummary\n-------\n\n%s\n", words);
    assert_string_equal(out, want);
    free(out);

    out = render(d, NULL); /* default 72 */
    assert_string_equal(out + strlen("T\n=\n\nSummary\n-------\n\n"),
                        "one two three four five six seven eight nine ten eleven twelve thirteen\n"
                        "fourteen fifteen sixteen seventeen eighteen nineteen twenty\n");
    free(out);

    out = render(d, "20"); /* the narrowest allowed */
    assert_string_equal(out + strlen("T\n=\n\nSummary\n-------\n\n"),
                        "one two three four\nfive six seven eight\nnine ten eleven\ntwelve thirteen\n"
                        "fourteen fifteen\nsixteen seventeen\neighteen nineteen\ntwenty\n");
    free(out);

    /* Out of range or not a choice: refused by the options check. */
    bc_options *opts = bc_options_new(&briefconv_plugin);
    bc_error *err = bc_error_new();
    assert_int_not_equal(bc_options_set(opts, "width", "19", err), 0);
    bc_error_clear(err);
    assert_int_not_equal(bc_options_set(opts, "width", "1001", err), 0);
    bc_error_clear(err);
    assert_int_not_equal(bc_options_set(opts, "width", "0", err), 0);
    bc_error_clear(err);
    assert_int_not_equal(bc_options_set(opts, "wrap", "never", err), 0);
    bc_error_clear(err);
    assert_int_equal(bc_options_set(opts, "width", "1000", err), 0);
    bc_error_free(err);
    bc_options_free(opts);
    bc_document_free(d);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    enum { DEPTH = 20000 };
    bc_document *d = doc_titled("T");
    bc_node *inner = P(T("bottom"));
    for (int i = 0; i < DEPTH; i++)
        inner = N(BC_NODE_BLOCK_QUOTE, inner);
    bc_node *items = P(T("leaf"));
    for (int i = 0; i < DEPTH; i++)
        items = BULLETS(true, ITEM(P(T("level")), items));
    SUMMARY(inner, items);
    clock_t t0 = clock();
    char *out = render(d, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < 5.0);
    assert_non_null(strstr(out, "bottom\n"));
    assert_non_null(strstr(out, "leaf\n"));
    /* Indentation stops growing at half the width, so the output stays linear. */
    size_t lines = 0, longest = 0, cur = 0;
    for (const char *p = out; *p; p++) {
        if (*p == '\n') {
            lines++;
            longest = cur > longest ? cur : longest;
            cur = 0;
        } else {
            cur++;
        }
    }
    assert_true(lines >= DEPTH);
    assert_true(strlen(out) < (size_t)DEPTH * 60 + 2 * DEPTH * 2);
    free(out);
    bc_document_free(d);
}

static void test_sections_nest(void **state)
{
    (void)state;
    bc_document *d = doc_titled("T");
    set_field(d, BC_FIELD_SECTIONS,
              N(BC_NODE_CONTENT,
                N(BC_NODE_SECTION, heading(d, 1, "A"),
                  N(BC_NODE_SECTION, heading(d, 1, "B"),
                    N(BC_NODE_SECTION, heading(d, 1, "C"), P(T("c text")),
                      N(BC_NODE_SECTION, heading(d, 1, "D"))))),
                N(BC_NODE_SECTION, heading(d, 1, "E"), P(T("e text")))));
    expect(d, NULL, "T\n=\n\nA\n-\n\nB\n~\n\nC\n^\n\nc text\n\nD\n.\n\nE\n-\n\ne text\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_descriptor),
        cmocka_unit_test(test_title_only),
        cmocka_unit_test(test_title_wide_underline),
        cmocka_unit_test(test_every_part_in_order),
        cmocka_unit_test(test_absent_parts_and_labels),
        cmocka_unit_test(test_details_wrap_with_hanging_indent),
        cmocka_unit_test(test_ordered_list_alignment),
        cmocka_unit_test(test_bullets_nested_and_loose),
        cmocka_unit_test(test_empty_item_keeps_marker),
        cmocka_unit_test(test_block_quote),
        cmocka_unit_test(test_quote_in_list),
        cmocka_unit_test(test_code_block),
        cmocka_unit_test(test_thematic_break_and_headings),
        cmocka_unit_test(test_inlines),
        cmocka_unit_test(test_citation_never_splits),
        cmocka_unit_test(test_reference_numbers_align),
        cmocka_unit_test(test_table_fits),
        cmocka_unit_test(test_table_too_wide_wraps_cells),
        cmocka_unit_test(test_table_alignment_and_wide_text),
        cmocka_unit_test(test_table_in_list_fits_the_indent),
        cmocka_unit_test(test_width_option),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_sections_nest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
