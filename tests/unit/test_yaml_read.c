/*
 * test_yaml_read.c — the YAML reader end to end through its descriptor:
 * the trees it makes from every sample (fields, node types, citation
 * numbers), the Markdown conversions one by one, positions of citations, and
 * every error fixture of tests/errors/ read without the CLI.
 *
 * Run from the repository root (make does): samples/ and tests/errors/ are
 * found there.
 */
#include <dirent.h>
#include <pthread.h>
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

#include "yaml/yp.h"

extern const bc_plugin briefconv_plugin;

/* ---------------------------------------------------------------- helpers */

typedef struct {
    char *data;
    size_t len, cap;
} str;

static void put(str *s, const char *text, size_t n)
{
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + n + 1)
            cap *= 2;
        s->data = realloc(s->data, cap);
        assert_non_null(s->data);
        s->cap = cap;
    }
    memcpy(s->data + s->len, text, n);
    s->len += n;
    s->data[s->len] = '\0';
}

static void puts_(str *s, const char *text)
{
    put(s, text, strlen(text));
}

static void printf_(str *s, const char *fmt, ...) BC_PRINTF(2, 3);
static void printf_(str *s, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof buf);
    put(s, buf, (size_t)n);
}

/*
 * A node tree as one line: (type attrs children...). Text is quoted, so a
 * test can compare a whole small tree, or look for a piece of a big one.
 */
static char *dump(const bc_node *root)
{
    str s = {0};
    puts_(&s, "");
    bc_iter *it = bc_iter_new(root);
    assert_non_null(it);
    bc_event ev;
    while ((ev = bc_iter_next(it)) != BC_EVENT_DONE) {
        const bc_node *n = bc_iter_node(it);
        bc_node_type t = bc_node_type_of(n);
        if (ev == BC_EVENT_EXIT) {
            puts_(&s, ")");
            continue;
        }
        if (s.len && s.data[s.len - 1] != '(')
            puts_(&s, " ");
        printf_(&s, "(%s", bc_node_type_name(t));
        size_t len;
        const char *lit = bc_node_literal(n, &len);
        switch (t) {
        case BC_NODE_TEXT:
        case BC_NODE_CODE:
        case BC_NODE_CODE_BLOCK:
            puts_(&s, " \"");
            put(&s, lit, len);
            puts_(&s, "\"");
            if (t == BC_NODE_CODE_BLOCK && bc_node_code_info(n)[0])
                printf_(&s, " info=%s", bc_node_code_info(n));
            break;
        case BC_NODE_HEADING:
            printf_(&s, " %d", bc_node_heading_level(n));
            break;
        case BC_NODE_LIST:
            printf_(&s, " %s", bc_node_list_type(n) == BC_LIST_ORDERED ? "ordered" : "bullet");
            if (bc_node_list_type(n) == BC_LIST_ORDERED)
                printf_(&s, " start=%d", bc_node_list_start(n));
            puts_(&s, bc_node_list_tight(n) ? " tight" : " loose");
            break;
        case BC_NODE_LINK:
            printf_(&s, " %s", bc_node_url(n));
            if (bc_node_link_title(n)[0])
                printf_(&s, " title=\"%s\"", bc_node_link_title(n));
            break;
        case BC_NODE_REFERENCE:
            printf_(&s, " %d", bc_node_reference_number(n));
            if (bc_node_reference_id(n)[0])
                printf_(&s, " id=%s", bc_node_reference_id(n));
            if (bc_node_url(n)[0])
                printf_(&s, " url=%s", bc_node_url(n));
            break;
        case BC_NODE_CITATION:
            for (int i = 0; i < bc_node_citation_count(n); i++)
                printf_(&s, "%s%d", i ? "," : " ", bc_node_citation_number(n, i));
            break;
        case BC_NODE_TABLE:
            printf_(&s, " %d", bc_node_table_columns(n));
            for (int i = 0; i < bc_node_table_columns(n); i++)
                printf_(&s, "%c", "-lcr"[bc_node_table_align(n, i)]);
            break;
        case BC_NODE_TABLE_ROW:
            if (bc_node_table_row_is_header(n))
                puts_(&s, " header");
            break;
        case BC_NODE_SECTION:
            printf_(&s, " %d", bc_node_section_depth(n));
            break;
        default:
            break;
        }
        if (bc_node_type_is_leaf(t))
            puts_(&s, ")");
    }
    bc_iter_free(it);
    return s.data;
}

static char *dump_field(const bc_document *doc, bc_field f)
{
    const bc_node *n = bc_document_field(doc, f);
    assert_non_null(n);
    return dump(n);
}

static void field_is(const bc_document *doc, bc_field f, const char *want)
{
    char *got = dump_field(doc, f);
    if (strcmp(got, want) != 0) {
        print_error("%s:\n  got  %s\n  want %s\n", bc_field_key(f), got, want);
        free(got);
        fail();
    }
    free(got);
}

static void field_has(const bc_document *doc, bc_field f, const char *piece)
{
    char *got = dump_field(doc, f);
    if (!strstr(got, piece)) {
        print_error("%s: no %s in\n  %s\n", bc_field_key(f), piece, got);
        free(got);
        fail();
    }
    free(got);
}

static void field_lacks(const bc_document *doc, bc_field f, const char *piece)
{
    char *got = dump_field(doc, f);
    if (strstr(got, piece)) {
        print_error("%s: unexpected %s in\n  %s\n", bc_field_key(f), piece, got);
        free(got);
        fail();
    }
    free(got);
}

static bc_document *read_file_opts(const char *path, const char *const *opts, bc_error *err)
{
    bc_options *o = bc_options_new(&briefconv_plugin);
    assert_non_null(o);
    for (size_t i = 0; opts && opts[i]; i += 2)
        assert_int_equal(bc_options_set(o, opts[i], opts[i + 1], err), 0);
    bc_document *doc = bc_read_file(&briefconv_plugin, path, o, err);
    bc_options_free(o);
    return doc;
}

static bc_document *read_path(const char *path)
{
    bc_error *err = bc_error_new();
    bc_document *doc = read_file_opts(path, NULL, err);
    if (!doc) {
        char msg[1024];
        bc_error_format(err, msg, sizeof msg);
        print_error("%s\n", msg);
    }
    bc_error_free(err);
    assert_non_null(doc);
    return doc;
}

static bc_document *read_text(const char *text)
{
    bc_error *err = bc_error_new();
    bc_document *doc = bc_read_memory(&briefconv_plugin, "test.yaml", text, strlen(text), NULL, err);
    if (!doc) {
        char msg[1024];
        bc_error_format(err, msg, sizeof msg);
        print_error("%s\n", msg);
    }
    bc_error_free(err);
    assert_non_null(doc);
    return doc;
}

/* Reads TEXT, which must fail with exactly WANT ("test.yaml:L:C: error: ..."). */
static void read_fails(const char *text, size_t len, const char *const *opts, const char *want)
{
    bc_error *err = bc_error_new();
    bc_options *o = bc_options_new(&briefconv_plugin);
    for (size_t i = 0; opts && opts[i]; i += 2)
        assert_int_equal(bc_options_set(o, opts[i], opts[i + 1], err), 0);
    bc_document *doc = bc_read_memory(&briefconv_plugin, "test.yaml", text, len, o, err);
    char msg[1024];
    bc_error_format(err, msg, sizeof msg);
    bc_options_free(o);
    bc_error_free(err);
    if (doc) {
        bc_document_free(doc);
        print_error("accepted, wanted: %s\n", want);
        fail();
    }
    if (strcmp(msg, want) != 0) {
        print_error("got  %s\nwant %s\n", msg, want);
        fail();
    }
}

static char *plain(const bc_document *doc, bc_field f)
{
    char *s = bc_node_plain_text(bc_document_field(doc, f));
    assert_non_null(s);
    return s;
}

static void plain_is(const bc_document *doc, bc_field f, const char *want)
{
    char *s = plain(doc, f);
    if (strcmp(s, want) != 0)
        print_error("%s: got \"%s\"\n", bc_field_key(f), s);
    assert_string_equal(s, want);
    free(s);
}

static const bc_node *child(const bc_node *n, int i)
{
    const bc_node *c = bc_node_first_child(n);
    while (c && i-- > 0)
        c = bc_node_next(c);
    assert_non_null(c);
    return c;
}

static int count_children(const bc_node *n)
{
    int k = 0;
    for (const bc_node *c = bc_node_first_child(n); c; c = bc_node_next(c))
        k++;
    return k;
}

static void date_is(const bc_document *doc, bc_field f, int y, int m, int d, const char *words)
{
    bc_date date;
    assert_true(bc_document_date(doc, f, &date));
    assert_int_equal(date.year, y);
    assert_int_equal(date.month, m);
    assert_int_equal(date.day, d);
    assert_string_equal(bc_document_text(doc, f), words);
}

static int setup(void **state)
{
    (void)state;
    bc_error *err = bc_error_new();
    int rc = briefconv_plugin.init ? briefconv_plugin.init(err) : 0;
    bc_error_free(err);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    if (briefconv_plugin.fini)
        briefconv_plugin.fini();
    return 0;
}

/* ---------------------------------------------------------------- the samples */

static void test_sample_delivering(void **state)
{
    (void)state;
    bc_document *doc = read_path("samples/delivering-stps.yaml");
    plain_is(doc, BC_FIELD_TITLE,
             "Delivering sustainability and transformation plans: from ambitious proposals to credible plans");
    assert_string_equal(bc_document_text(doc, BC_FIELD_TYPE), "Policy digest");
    assert_string_equal(bc_document_text(doc, BC_FIELD_LINK),
                        "https://www.kingsfund.org.uk/publications/delivering-sustainability-transformation-plans");
    assert_string_equal(bc_document_text(doc, BC_FIELD_PUBLICATION_FORMAT), "Report (PDF)");
    date_is(doc, BC_FIELD_PUBLISHED, 2017, 2, 28, "28 February 2017");
    date_is(doc, BC_FIELD_UPDATED, 2017, 3, 1, "1 March 2017");
    date_is(doc, BC_FIELD_REVIEW_DUE, 2018, 3, 1, "1 March 2018");
    assert_string_equal(bc_document_text(doc, BC_FIELD_RESPONSIBLE), "TP");
    plain_is(doc, BC_FIELD_AUDIENCE, "All");
    field_has(doc, BC_FIELD_SUMMARY, "(text \"transformation plans (STPs) since their inception \") (citation 1)");
    /* A YAML sequence is a tight bullet list; an item cites two references. */
    const bc_node *kf = bc_document_field(doc, BC_FIELD_KEY_FEATURES);
    assert_int_equal(count_children(kf), 1);
    const bc_node *list = child(kf, 0);
    assert_int_equal(bc_node_type_of(list), BC_NODE_LIST);
    assert_int_equal(bc_node_list_type(list), BC_LIST_BULLET);
    assert_true(bc_node_list_tight(list));
    assert_int_equal(count_children(list), 5);
    field_has(doc, BC_FIELD_KEY_FEATURES,
              "(item (paragraph (text \"Developing enablers such as IT and shared electronic records \") "
              "(citation 1,2) (text \".\")))");
    field_is(doc, BC_FIELD_SECTIONS,
             "(content (section 1 (heading 1 (text \"What the report recommends\")) (block_quote (paragraph "
             "(text \"STPs are the best hope for the NHS and its partners to sustain and\") (softbreak) (text "
             "\"transform the delivery of health and care.\"))) (paragraph (text \"The report calls for \") "
             "(emph (text \"credible and robust plans\")) (text \" for community\") (softbreak) (text "
             "\"alternatives before bed numbers are cut, and for more realistic\") (softbreak) (text "
             "\"timescales \") (citation 1) (text \".\"))))");
    assert_int_equal(bc_document_reference_count(doc), 3);
    field_has(doc, BC_FIELD_REFERENCES,
              "(reference 2 id=kf-place url=https://www.kingsfund.org.uk/publications/place-based-systems-care "
              "(text \"The King\xE2\x80\x99s Fund (2015) \") (emph (text \"Place-based systems of care: a way forward for "
              "the NHS in England\")))");
    field_has(doc, BC_FIELD_REFERENCES,
              "(reference 3 (text \"NHS England (2016) Five Year Forward View Shared Planning Guidance\"))");
    assert_int_equal(bc_document_tag_count(doc), 2);
    assert_string_equal(bc_document_tag(doc, 0), "STP");
    assert_string_equal(bc_document_tag(doc, 1), "King's Fund");
    assert_string_equal(bc_document_text(doc, BC_FIELD_LANG), "en-GB");
    assert_false(bc_document_has(doc, BC_FIELD_NOTICE));
    assert_false(bc_document_has(doc, BC_FIELD_IMPACT));
    assert_false(bc_document_has(doc, BC_FIELD_PRODUCED_BY));
    bc_document_free(doc);
}

static void test_sample_engaging(void **state)
{
    (void)state;
    bc_document *doc = read_path("samples/engaging-local-people.yaml");
    /* Free-text publication date, printed as written. */
    assert_string_equal(bc_document_text(doc, BC_FIELD_PUBLISHED), "September 2016 (updated June 2017)");
    bc_date d;
    assert_false(bc_document_date(doc, BC_FIELD_PUBLISHED, &d));
    assert_string_equal(bc_document_label(doc, BC_FIELD_IMPACT), "What does this mean for libraries?");
    assert_string_equal(bc_document_label(doc, BC_FIELD_SUMMARY), "Summary of driver");
    assert_string_equal(bc_document_label(doc, BC_FIELD_SOURCE), "Source");
    const bc_node *summary = bc_document_field(doc, BC_FIELD_SUMMARY);
    assert_int_equal(count_children(summary), 2);
    assert_int_equal(bc_node_type_of(child(summary, 1)), BC_NODE_PARAGRAPH);
    field_has(doc, BC_FIELD_IMPACT, "(emph (text \"randomised coffee trials\")) (text \" and \") (emph (text "
                                    "\"knowledge cafés\")) (text \".\")");
    field_is(doc, BC_FIELD_NOTICE,
             "(content (paragraph (text \"Feel free to reproduce this briefing (with acknowledgement).\")))");
    assert_int_equal(bc_document_tag_count(doc), 3);
    assert_int_equal(bc_document_reference_count(doc), 0);
    assert_false(bc_document_has(doc, BC_FIELD_REFERENCES));
    bc_document_free(doc);
}

static void test_sample_integrating(void **state)
{
    (void)state;
    bc_document *doc = read_path("samples/integrating-care.yaml");
    date_is(doc, BC_FIELD_PUBLISHED, 2017, 8, 0, "August 2017");
    date_is(doc, BC_FIELD_UPDATED, 2017, 9, 0, "September 2017");
    /* {text, items}: the item's text, then its sub-list. */
    field_has(doc, BC_FIELD_KEY_FEATURES,
              "(item (paragraph (text \"ACOs will need to demonstrate a number of features:\")) (list bullet "
              "tight (item (paragraph (text \"A focus on delivering concrete service improvements\"))) (item");
    field_has(doc, BC_FIELD_KEY_FEATURES, "(strong (text \"Virtual.\")) (text \" Practices, local community");
    const bc_node *list = child(bc_document_field(doc, BC_FIELD_KEY_FEATURES), 0);
    assert_int_equal(count_children(list), 4);
    const bc_node *sub = child(child(list, 2), 1);
    assert_int_equal(bc_node_type_of(sub), BC_NODE_LIST);
    assert_int_equal(bc_node_list_level(sub), 1);
    assert_int_equal(count_children(sub), 4);
    field_has(doc, BC_FIELD_IMPACT, "(emph (text \"do once and\") (softbreak) (text \"share\"))");
    bc_document_free(doc);
}

static void test_sample_dashboard(void **state)
{
    (void)state;
    bc_document *doc = read_path("samples/stp-dashboard.yaml");
    field_has(doc, BC_FIELD_SECTIONS,
              "(table 2-- (table_row header (table_cell (text \"Area\")) (table_cell (text \"Domains\"))) "
              "(table_row (table_cell (text \"Hospital performance\")) (table_cell (text \"emergency care; "
              "elective care; safety\")))");
    field_has(doc, BC_FIELD_SECTIONS, "(list ordered start=1 tight (item (paragraph (text \"urgent care in Dorset,\")))");
    /* A nested section is depth 2, its heading level 2; a bare URL is a link. */
    field_has(doc, BC_FIELD_SECTIONS,
              "(section 2 (heading 2 (text \"Read more\")) (paragraph (text \"See \") (link "
              "https://www.cumbriacvs.org.uk (text \"https://www.cumbriacvs.org.uk\")) (text \" for the full "
              "post.\")))");
    bc_document_free(doc);
}

static void test_sample_features(void **state)
{
    (void)state;
    bc_document *doc = read_path("samples/features.yaml");
    field_is(doc, BC_FIELD_TITLE,
             "(inlines (text \"Integrated care \") (emph (text \"at a glance\")) (text \": a \") (strong (text "
             "\"feature tour\")) (text \" of the briefing format\"))");
    field_is(doc, BC_FIELD_SOURCE,
             "(inlines (link https://www.kingsfund.org.uk/ (text \"The King\xE2\x80\x99s Fund\")) (text \" and \") (code "
             "\"NHS England\"))");
    assert_string_equal(bc_document_text(doc, BC_FIELD_TYPE), "Hot topic");
    /* Dates of all three precisions. */
    date_is(doc, BC_FIELD_PUBLISHED, 2017, 2, 28, "28 February 2017");
    date_is(doc, BC_FIELD_UPDATED, 2017, 9, 0, "September 2017");
    date_is(doc, BC_FIELD_REVIEW_DUE, 2018, 0, 0, "2018");
    /* Labels. */
    assert_string_equal(bc_document_label(doc, BC_FIELD_SUMMARY), "In brief");
    assert_string_equal(bc_document_label(doc, BC_FIELD_KEY_FEATURES), "Main points");
    assert_string_equal(bc_document_label(doc, BC_FIELD_REFERENCES), "Sources");
    assert_string_equal(bc_document_label(doc, BC_FIELD_TAGS), "Subjects");
    assert_string_equal(bc_document_label(doc, BC_FIELD_AUDIENCE), "Primary audience");
    /* Single and multiple citations; a bare URL; strikethrough; code; a titled link; autolinks. */
    field_has(doc, BC_FIELD_SUMMARY, "(text \"Integrated care joins up services around the person \") (citation 1)");
    field_has(doc, BC_FIELD_SUMMARY, "(text \"Several bodies have published guidance \") (citation 1,2)");
    field_has(doc, BC_FIELD_SUMMARY, "(link https://www.england.nhs.uk (text \"https://www.england.nhs.uk\"))");
    field_has(doc, BC_FIELD_SUMMARY, "(strikethrough (text \"struck text\"))");
    field_has(doc, BC_FIELD_SUMMARY, "(code \"inline code\")");
    field_has(doc, BC_FIELD_SUMMARY, "(link https://example.org/page title=\"The title\" (text \"link with a title\"))");
    field_has(doc, BC_FIELD_SUMMARY, "(link mailto:library@example.org (text \"mailto:library@example.org\"))");
    field_has(doc, BC_FIELD_SUMMARY, "(text \"and a hard line break here\") (linebreak) (text \"before this line.");
    /* An escaped citation stays text; an image is a link to it, its description the text. */
    field_has(doc, BC_FIELD_SUMMARY, "An escaped [@not-a-citation] stays as written, and\") (softbreak) (text \"so "
                                     "does the image \") (link https://example.org/ics.png (text \"a diagram of an "
                                     "ICS\")) (text \".\")");
    field_has(doc, BC_FIELD_SUMMARY, "(block_quote (paragraph (text \"A block quote that cites a report \") "
                                     "(citation 2) (text \".\")) (block_quote (paragraph (text \"And a quote "
                                     "inside it.\")))) (thematic_break)");
    field_has(doc, BC_FIELD_SUMMARY, "(list ordered start=1 tight (item (paragraph (text \"First ordered item\"))) "
                                     "(item (paragraph (text \"Second ordered item\")) (list bullet tight (item "
                                     "(paragraph (text \"a nested bullet\")) (list bullet tight (item (paragraph "
                                     "(text \"nested again\")))))))");
    /* Sequence content: nested items, and an item of two paragraphs makes the list loose. */
    field_is(doc, BC_FIELD_KEY_FEATURES,
             "(content (list bullet loose (item (paragraph (text \"A plain item with \") (emph (text "
             "\"emphasis\")) (text \" \") (citation 1) (text \".\"))) (item (paragraph (text \"An item with a "
             "nested list:\")) (list bullet tight (item (paragraph (text \"First nested item\"))) (item "
             "(paragraph (text \"A nested item with its own list\")) (list bullet tight (item (paragraph (text "
             "\"Deepest item\"))))))) (item (paragraph (text \"An item of two paragraphs.\")) (paragraph (text "
             "\"Its second paragraph.\")))))");
    /* Headings inside content nest below the part; tables keep alignments. */
    field_has(doc, BC_FIELD_IMPACT, "(content (heading 2 (text \"Opportunities\"))");
    field_has(doc, BC_FIELD_IMPACT, "(list ordered start=3 tight");
    field_has(doc, BC_FIELD_IMPACT, "(heading 3 (text \"Risks\")) (table 3lcr (table_row header (table_cell "
                                    "(text \"Risk\")) (table_cell (text \"Likelihood\")) (table_cell (text "
                                    "\"Response\")))");
    field_has(doc, BC_FIELD_IMPACT, "(table_cell (emph (text \"Evidence\")) (text \" of impact\"))");
    /* Sections three deep, code with its info string, single-quoted and folded bodies. */
    field_has(doc, BC_FIELD_SECTIONS, "(section 1 (heading 1 (text \"What is \") (emph (text \"integrated "
                                      "care\")) (text \"?\"))");
    field_has(doc, BC_FIELD_SECTIONS, "(code_block \"briefing: 1\ntitle: Code is kept as written\" info=yaml)");
    field_has(doc, BC_FIELD_SECTIONS, "(section 2 (heading 2 (text \"Accountable care systems\")) (list bullet "
                                      "tight (item (paragraph (text \"Sequence content in a section body.\")))");
    field_has(doc, BC_FIELD_SECTIONS, "(section 3 (heading 3 (text \"A third level\")) (paragraph (text "
                                      "\"Single-quoted text with \xE2\x80\x98quotes\xE2\x80\x99 and a citation \") (citation 2) (text "
                                      "\".\")))");
    field_has(doc, BC_FIELD_SECTIONS, "(section 1 (heading 1 (text \"1. A heading that starts like a list\")) "
                                      "(paragraph (text \"Folded text: these lines are joined into one paragraph "
                                      "that cites \") (citation 1) (text \".\")))");
    /* References: mappings, a mailto URL, a plain string. */
    assert_int_equal(bc_document_reference_count(doc), 4);
    field_has(doc, BC_FIELD_REFERENCES, "(reference 3 url=mailto:library@example.org (text \"Ask the library "
                                        "team\"))");
    field_has(doc, BC_FIELD_REFERENCES, "(reference 4 (text \"A plain-string reference, with no id and no URL\"))");
    field_has(doc, BC_FIELD_REFERENCES, "(reference 2 id=nhse-next-steps url=https://www.england.nhs.uk/");
    field_is(doc, BC_FIELD_PRODUCED_BY, "(inlines (text \"JET Library, Mid Cheshire Hospitals NHS Foundation Trust\"))");
    field_has(doc, BC_FIELD_NOTICE, "(emph (text \"JET Library\"))");
    assert_int_equal(bc_document_tag_count(doc), 3);
    assert_string_equal(bc_document_tag(doc, 0), "integrated care");
    assert_string_equal(bc_document_text(doc, BC_FIELD_LANG), "en-GB");
    /* x- extensions, kept as plain values in file order. */
    assert_int_equal(bc_document_extension_count(doc), 3);
    assert_string_equal(bc_document_extension_key(doc, 0), "x-owner");
    assert_string_equal(bc_value_string(bc_document_extension(doc, 0)), "JET Library");
    const bc_value *review = bc_document_extension_get(doc, "x-review");
    assert_int_equal(bc_value_kind_of(review), BC_VALUE_MAPPING);
    assert_int_equal(bc_value_count(review), 2);
    assert_string_equal(bc_value_key(review, 1), "cycle");
    const bc_value *cycle = bc_value_item(review, 1);
    assert_int_equal(bc_value_kind_of(cycle), BC_VALUE_SEQUENCE);
    assert_string_equal(bc_value_string(bc_value_item(cycle, 1)), "on request");
    const bc_value *history = bc_document_extension_get(doc, "x-history");
    assert_int_equal(bc_value_count(history), 2);
    assert_string_equal(bc_value_string(bc_value_item(bc_value_item(history, 1), 1)), "updated");
    bc_document_free(doc);
}

/* ---------------------------------------------------------------- Markdown */

#define HEAD "briefing: 1\ntitle: T\n"

static void test_inline_block_markers(void **state)
{
    (void)state;
    /* Text that would open a block is taken literally in inline fields. */
    static const char *const titles[][2] = {
        {"\"1. Introduction\"", "1. Introduction"}, {"\"2) Methods\"", "2) Methods"},
        {"\"- foo\"", "- foo"},                     {"\"+ bar\"", "+ bar"},
        {"\"* baz\"", "* baz"},                     {"\"# Five things\"", "# Five things"},
        {"\"> quoted\"", "> quoted"},               {"\"***\"", "***"},
        {"\"---\"", "\xE2\x80\x94"} /* literal, and smart: an em dash */,                         {"\"  1. indented\"", "1. indented"},
        {"\"#hashtag\"", "#hashtag"},               {"'2017. A year'", "2017. A year"},
    };
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "briefing: 1\ntitle: %s\n", titles[i][0]);
        bc_document *doc = read_text(text);
        char *got = dump_field(doc, BC_FIELD_TITLE);
        char want[256];
        snprintf(want, sizeof want, "(inlines (text \"%s\"))", titles[i][1]);
        if (strcmp(got, want) != 0)
            print_error("title %s: %s\n", titles[i][0], got);
        assert_string_equal(got, want);
        free(got);
        bc_document_free(doc);
    }
}

static void test_links_and_html(void **state)
{
    (void)state;
    bc_document *doc = read_text(HEAD "summary: |\n"
                                      "  [bad](javascript:alert(1)) [rel](page.html) <javascript:x>\n"
                                      "  [*ok*](HTTPS://E.ORG) www.example.org x@example.org <b>raw</b>\n"
                                      "  ![*alt* text](pic.png)\n"
                                      "\n"
                                      "  <div>\n"
                                      "  block</div>\n");
    field_is(doc, BC_FIELD_SUMMARY,
             "(content (paragraph (text \"bad rel javascript:x\") (softbreak) (link HTTPS://E.ORG (emph (text "
             "\"ok\"))) (text \" \") (link http://www.example.org (text \"www.example.org\")) (text \" \") (link "
             "mailto:x@example.org (text \"x@example.org\")) (text \" <b>raw</b>\") (softbreak) (text \"alt text\")) "
             "(paragraph (text \"<div>\") (linebreak) (text \"block</div>\")))");
    field_lacks(doc, BC_FIELD_SUMMARY, "(link javascript");
    field_lacks(doc, BC_FIELD_SUMMARY, "page.html");
    bc_document_free(doc);

    /* cmark-gfm writes &#xFFFE; and &#xFFFF; as bytes FE and FF, and &#0; as
     * U+FFFD: wherever cmark put them, they are dropped (with a warning), so
     * no output shows U+FFFD that the input did not have. */
    doc = read_text("briefing: 1\ntitle: \"x &#xFFFE; y &#0;\"\n"
                    "summary: \"[a &#xFFFF;](https://e.org/&#xFFFE; \\\"t &#xFFFE;\\\")\\n\\n```&#xFFFE;\\nz\\n```\"\n");
    field_is(doc, BC_FIELD_TITLE, "(inlines (text \"x  y \"))");
    field_is(doc, BC_FIELD_SUMMARY,
             "(content (paragraph (link https://e.org/ title=\"t \" (text \"a \"))) "
             "(code_block \"z\"))");
    bc_document_free(doc);
    /* A U+FFFD the input has is kept. */
    doc = read_text("briefing: 1\ntitle: \"x \xEF\xBF\xBD &#0; y\"\n");
    field_is(doc, BC_FIELD_TITLE, "(inlines (text \"x \xEF\xBF\xBD \xEF\xBF\xBD y\"))");
    bc_document_free(doc);
}

static void test_citations(void **state)
{
    (void)state;
    bc_document *doc = read_text(HEAD "summary: \"[@a] [@a;@b] [ @b ; @c ] [@a](https://e.org) [see [@c]](https://e.org) "
                                      "`[@a]` \\\\[@a] &#91;@a] [@] [@a @b] [@zz\"\n"
                                      "references:\n  - {id: a, text: A}\n  - {id: b, text: B}\n  - {id: c, text: C}\n");
    field_is(doc, BC_FIELD_SUMMARY,
             "(content (paragraph (citation 1) (text \" \") (citation 1,2) (text \" \") (citation 2,3) (text \" \") "
             "(link https://e.org (text \"@a\")) (text \" \") (link https://e.org (text \"see [@c]\")) (text \" \") "
             "(code \"[@a]\") (text \" [@a] [@a] [@] [@a @b] [@zz\")))");
    bc_document_free(doc);
}

static void cite_at(const bc_node *root, int k, int line, int col)
{
    bc_iter *it = bc_iter_new(root);
    const bc_node *found = NULL;
    while (!found && bc_iter_next(it) != BC_EVENT_DONE)
        if (bc_node_type_of(bc_iter_node(it)) == BC_NODE_CITATION && k-- == 0)
            found = bc_iter_node(it);
    bc_iter_free(it);
    assert_non_null(found);
    if (bc_node_line(found) != line || bc_node_column(found) != col)
        print_error("citation at %d:%d, wanted %d:%d\n", bc_node_line(found), bc_node_column(found), line, col);
    assert_int_equal(bc_node_line(found), line);
    assert_int_equal(bc_node_column(found), col);
}

static void test_citation_positions(void **state)
{
    (void)state;
    bc_document *doc = read_text(HEAD
                                 "summary: A plain scalar [@a] that goes on\n"   /* 3:25 */
                                 "  to a second line [@a].\n"                   /* 4:20 */
                                 "impact: |\n"
                                 "  Literal [@a], then\n"                       /* 6:11 */
                                 "\n"
                                 "  > quoted [@a]\n"                            /* 8:12 */
                                 "  - item \\\n"
                                 "    after a break [@a]\n"                     /* 10:19 */
                                 "notice: >-\n"
                                 "    Folded text\n"
                                 "    cites é [@a].\n"                          /* 13:13 */
                                 "key_features:\n"
                                 "  - 'it''s [@a]'\n"                           /* 15:12 */
                                 "  - \"escaped \\\" [@a]\"\n"                 /* 16:5: double-quoted: its start */
                                 "references: [{id: a, text: A}]\n");
    const bc_node *summary = bc_document_field(doc, BC_FIELD_SUMMARY);
    cite_at(summary, 0, 3, 25);
    cite_at(summary, 1, 4, 20);
    const bc_node *impact = bc_document_field(doc, BC_FIELD_IMPACT);
    cite_at(impact, 0, 6, 11);
    cite_at(impact, 1, 8, 12);
    cite_at(impact, 2, 10, 19);
    cite_at(bc_document_field(doc, BC_FIELD_NOTICE), 0, 13, 13);
    const bc_node *kf = bc_document_field(doc, BC_FIELD_KEY_FEATURES);
    cite_at(kf, 0, 15, 12);
    cite_at(kf, 1, 16, 5);
    bc_document_free(doc);

    /* A byte order mark and CR LF line ends do not shift positions. */
    doc = read_text("\xEF\xBB\xBF" "briefing: 1\r\ntitle: T\r\nsummary: |\r\n  one\r\n  two [@a]\r\n"
                    "references: [{id: a, text: A}]\r\n");
    cite_at(bc_document_field(doc, BC_FIELD_SUMMARY), 0, 5, 7);
    bc_document_free(doc);
}

static void test_heading_levels(void **state)
{
    (void)state;
    bc_document *doc = read_text(HEAD "summary: \"# One\\n\\n### Three\"\n"
                                      "sections:\n"
                                      "  - heading: Top\n"
                                      "    body: \"# In top\"\n"
                                      "    sections:\n"
                                      "      - heading: Nested\n"
                                      "        body: \"## Deep\"\n");
    field_is(doc, BC_FIELD_SUMMARY, "(content (heading 2 (text \"One\")) (heading 4 (text \"Three\")))");
    field_is(doc, BC_FIELD_SECTIONS,
             "(content (section 1 (heading 1 (text \"Top\")) (heading 2 (text \"In top\")) (section 2 (heading 2 "
             "(text \"Nested\")) (heading 4 (text \"Deep\")))))");
    bc_document_free(doc);
}

static void test_values(void **state)
{
    (void)state;
    /* Blank values are absent; timestamps at midnight are dates; !!str is a string. */
    bc_document *doc = read_text(HEAD "summary:\nimpact: ~\ntype: \"\"\nnotice: '   '\nkey_features: []\n"
                                      "updated: 2017-02-28T00:00:00Z\nreview_due: 2018-01-01 00:00:00\n"
                                      "published: 2017\nresponsible: !!str 2017\nlang: cy\nlabels:\ntags:\n"
                                      "x-null: ~\nx-empty: ''\nx-num: 12\n");
    assert_false(bc_document_has(doc, BC_FIELD_SUMMARY));
    assert_false(bc_document_has(doc, BC_FIELD_IMPACT));
    assert_false(bc_document_has(doc, BC_FIELD_TYPE));
    assert_false(bc_document_has(doc, BC_FIELD_NOTICE));
    assert_false(bc_document_has(doc, BC_FIELD_KEY_FEATURES));
    date_is(doc, BC_FIELD_UPDATED, 2017, 2, 28, bc_document_text(doc, BC_FIELD_UPDATED));
    date_is(doc, BC_FIELD_REVIEW_DUE, 2018, 1, 1, bc_document_text(doc, BC_FIELD_REVIEW_DUE));
    date_is(doc, BC_FIELD_PUBLISHED, 2017, 0, 0, "2017");
    assert_string_equal(bc_document_text(doc, BC_FIELD_RESPONSIBLE), "2017");
    assert_string_equal(bc_document_text(doc, BC_FIELD_LANG), "cy");
    assert_int_equal(bc_document_tag_count(doc), 0);
    assert_string_equal(bc_value_string(bc_document_extension_get(doc, "x-null")), "");
    assert_string_equal(bc_value_string(bc_document_extension_get(doc, "x-empty")), "");
    assert_string_equal(bc_value_string(bc_document_extension_get(doc, "x-num")), "12");
    bc_document_free(doc);

    /* Plain strings stay literal: no Markdown, no YAML typing. */
    doc = read_text(HEAD "type: \"*not emphasis* [x](y)\"\nresponsible: yes\npublication_format: 1.0\n");
    assert_string_equal(bc_document_text(doc, BC_FIELD_TYPE), "*not emphasis* [x](y)");
    assert_string_equal(bc_document_text(doc, BC_FIELD_RESPONSIBLE), "yes");
    assert_string_equal(bc_document_text(doc, BC_FIELD_PUBLICATION_FORMAT), "1.0");
    bc_document_free(doc);
}

static void test_code_and_breaks(void **state)
{
    (void)state;
    bc_document *doc = read_text(HEAD "summary: |2\n"
                                      "      indented code\n"
                                      "\n"
                                      "  ~~~\n"
                                      "  fenced, no info\n"
                                      "\n"
                                      "  ~~~\n"
                                      "  two spaces  \n"
                                      "  break\n"
                                      "\n"
                                      "  1) paren\n"
                                      "\n"
                                      "  2) loose\n");
    field_is(doc, BC_FIELD_SUMMARY,
             "(content (code_block \"indented code\") (code_block \"fenced, no info\n\") (paragraph (text \"two "
             "spaces\") (linebreak) (text \"break\")) (list ordered start=1 loose (item (paragraph (text "
             "\"paren\"))) (item (paragraph (text \"loose\")))))");
    bc_document_free(doc);
}

/* The reader skips cmark for text with no markup: it must make what cmark makes. */
static char *convert_with(const char *text, bool inlines, bool fast)
{
    yp_ctx c;
    memset(&c, 0, sizeof c);
    c.err = bc_error_new();
    c.doc = bc_document_new();
    c.lim = (yp_limits){16 << 20, 64, 1000000};
    c.src = (const unsigned char *)text;
    c.src_len = strlen(text);
    c.no_fast_path = !fast;
    assert_int_equal(yp_md_init(&c), 0);
    yp_scalar sc = {text, strlen(text), YAML_PLAIN_SCALAR_STYLE, 0, 1, 1};
    bc_node *root = bc_node_new(c.doc, inlines ? BC_NODE_INLINES : BC_NODE_CONTENT, 1, 1);
    int rc = inlines ? yp_md_inlines(&c, &sc, root, "test") : yp_md_blocks(&c, &sc, root);
    char *out = rc == 0 ? dump(root) : strdup(bc_error_message(c.err));
    long long nodes = c.nodes;
    yp_md_free(&c);
    bc_document_free(c.doc);
    bc_error_free(c.err);
    /* Node counts are part of what must match. */
    char *counted = malloc(strlen(out) + 32);
    sprintf(counted, "%lld %s", nodes, out);
    free(out);
    return counted;
}

static void test_fast_path(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "item 1", "Hello world", "Caf\xC3\xA9 au lait", "A (note) here", "x - y", "e.g. this one", "50% of 3/4",
        "It's \"quoted\"", "a.b.c", "Plus+minus-", "Q? A; B, C.", "dollar $5 {x} ^y", "first;last",
        /* Not plain: these must go through cmark and still agree. */
        "www.example.org", "see WWW.example.org", "1. Introduction", "two  spaces", "trailing ", " leading",
        "a *b* c", "x@example.org", "https://example.org", "- dash", "line\nbreak", "tab\there", "a &amp; b",
        "[@a]", "a_b_c", "x | y", "# heading", "100",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        for (int inl = 0; inl < 2; inl++) {
            char *fast = convert_with(texts[i], inl, true);
            char *slow = convert_with(texts[i], inl, false);
            if (strcmp(fast, slow) != 0)
                print_error("\"%s\" (%s):\n  fast  %s\n  cmark %s\n", texts[i], inl ? "inline" : "blocks", fast, slow);
            assert_string_equal(fast, slow);
            free(fast);
            free(slow);
        }
    }
}

/* ---------------------------------------------------------------- errors */

static void test_error_fixtures(void **state)
{
    (void)state;
    DIR *dir = opendir("tests/errors");
    assert_non_null(dir);
    struct dirent *e;
    int count = 0;
    while ((e = readdir(dir))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".yaml") != 0)
            continue;
        char path[512], expected_path[512], options_path[512], want[1024] = "", got[1024];
        snprintf(path, sizeof path, "tests/errors/%s", e->d_name);
        snprintf(expected_path, sizeof expected_path, "tests/errors/%.*s.expected", (int)(n - 5), e->d_name);
        snprintf(options_path, sizeof options_path, "tests/errors/%.*s.options", (int)(n - 5), e->d_name);
        FILE *f = fopen(expected_path, "r");
        assert_non_null(f);
        assert_non_null(fgets(want, sizeof want, f));
        fclose(f);
        want[strcspn(want, "\n")] = '\0';
        /* "-O name=value" pairs, as the CLI takes them. */
        char optbuf[256] = "";
        const char *opts[16] = {NULL};
        f = fopen(options_path, "r");
        if (f) {
            assert_non_null(fgets(optbuf, sizeof optbuf, f));
            fclose(f);
            size_t k = 0;
            for (char *tok = strtok(optbuf, " \n"); tok && k < 14; tok = strtok(NULL, " \n")) {
                if (strcmp(tok, "-O") == 0)
                    continue;
                char *eq = strchr(tok, '=');
                assert_non_null(eq);
                *eq = '\0';
                opts[k++] = tok;
                opts[k++] = eq + 1;
            }
        }
        bc_error *err = bc_error_new();
        bc_document *doc = read_file_opts(path, opts, err);
        bc_error_format(err, got, sizeof got);
        bc_error_free(err);
        if (doc || strcmp(got, want) != 0) {
            print_error("%s:\n  got  %s\n  want %s\n", path, doc ? "(accepted)" : got, want);
            bc_document_free(doc);
            fail();
        }
        count++;
    }
    closedir(dir);
    assert_true(count >= 25);
}

static void test_error_details(void **state)
{
    (void)state;
    read_fails(HEAD "summary: |\n  ok\n  cite [@nope] here\n", 0 + strlen(HEAD "summary: |\n  ok\n  cite [@nope] here\n"),
               NULL, "test.yaml:5:8: error: unknown citation id \"nope\"");
    static const char bad_after_bom[] = "\xEF\xBB\xBF" "briefing: 1\ntitle: \xFF\n";
    read_fails(bad_after_bom, sizeof bad_after_bom - 1, NULL,
               "test.yaml:2:8: error: invalid UTF-8: byte 0xFF cannot start a character (is the file Latin-1 or "
               "Windows-1252? save it as UTF-8)");
    static const char cut[] = "briefing: 1\ntitle: caf\xC3";
    read_fails(cut, sizeof cut - 1, NULL,
               "test.yaml:2:11: error: invalid UTF-8: byte 0xC3 begins a character that is cut short (is the "
               "file Latin-1 or Windows-1252? save it as UTF-8)");
    static const char nul[] = "briefing: 1\ntitle: a\0b\n";
    read_fails(nul, sizeof nul - 1, NULL,
               "test.yaml:2:9: error: control character U+0000 is not allowed in YAML (write it as an escape in a "
               "double-quoted string)");
    const char *deep[] = {"max-depth", "2", NULL};
    read_fails(HEAD "key_features:\n  - text: a\n    items: [b]\n", strlen(HEAD "key_features:\n  - text: a\n    items: [b]\n"),
               deep, "test.yaml:4:5: error: YAML nested deeper than the max-depth limit of 2 (-O max-depth=N raises it)");
    /* Emphasis counts towards Markdown nesting. */
    const char *three[] = {"max-depth", "3", NULL};
    read_fails(HEAD "summary: '*a **b ~~c [d *e*](https://x.org)~~ b** a*'\n",
               strlen(HEAD "summary: '*a **b ~~c [d *e*](https://x.org)~~ b** a*'\n"), three,
               "test.yaml:3:22: error: Markdown nested deeper than the max-depth limit of 3 (-O max-depth=N raises it)");
    read_fails(HEAD "sections:\n  - heading: A\n    body: B\n    sections: {heading: C}\n",
               strlen(HEAD "sections:\n  - heading: A\n    body: B\n    sections: {heading: C}\n"), NULL,
               "test.yaml:6:15: error: sections must be a list of sections, not a mapping");
    read_fails(HEAD "x-a: 1\nx-a: 2\n", strlen(HEAD "x-a: 1\nx-a: 2\n"), NULL,
               "test.yaml:4:1: error: duplicate key \"x-a\" (first at line 3)");
    read_fails(HEAD "key_features: [{text: a, text: b}]\n", strlen(HEAD "key_features: [{text: a, text: b}]\n"), NULL,
               "test.yaml:3:26: error: duplicate key \"text\" (first at line 3)");
    read_fails(HEAD "labels: {impact: a, impact: b}\n", strlen(HEAD "labels: {impact: a, impact: b}\n"), NULL,
               "test.yaml:3:21: error: duplicate key \"impact\" (first at line 3)");
    read_fails(HEAD "references:\n  - id: a\n    text: A\n    url: ''\n  - text: \"**x**\\n\\n- y\"\n",
               strlen(HEAD "references:\n  - id: a\n    text: A\n    url: ''\n  - text: \"**x**\\n\\n- y\"\n"), NULL,
               "test.yaml:7:11: error: text must be inline text: lists are not allowed here");
    read_fails(HEAD "references:\n  - text: \"one\\n\\ntwo\"\n", strlen(HEAD "references:\n  - text: \"one\\n\\ntwo\"\n"),
               NULL, "test.yaml:4:11: error: text must be inline text: a second paragraph is not allowed here");
    read_fails("briefing: 1\ntitle: !foo T\n", strlen("briefing: 1\ntitle: !foo T\n"), NULL,
               "test.yaml:2:8: error: YAML tag \"!foo\" is not supported: a briefing holds plain strings, sequences "
               "and mappings");
    read_fails("briefing: !!str 1\ntitle: T\n", strlen("briefing: !!str 1\ntitle: T\n"), NULL,
               "test.yaml:1:11: error: briefing must be the format version, the integer 1, not the string \"1\"");
}

/* ---------------------------------------------------------------- hostile, in process */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads PREFIX UNIT*N SUFFIX; WANT_PIECE NULL: must be accepted, else refused with it. */
static void hostile(const char *prefix, const char *unit, size_t n, const char *suffix, const char *want_piece)
{
    size_t plen = strlen(prefix), ulen = strlen(unit), slen = strlen(suffix);
    size_t len = plen + ulen * n + slen;
    char *text = malloc(len + 1);
    assert_non_null(text);
    memcpy(text, prefix, plen);
    for (size_t i = 0; i < n; i++)
        memcpy(text + plen + i * ulen, unit, ulen);
    memcpy(text + plen + n * ulen, suffix, slen);
    text[len] = '\0';
    bc_error *err = bc_error_new();
    double t0 = now();
    bc_document *doc = bc_read_memory(&briefconv_plugin, "hostile.yaml", text, len, NULL, err);
    double secs = now() - t0;
    char msg[1024];
    bc_error_format(err, msg, sizeof msg);
    bc_error_free(err);
    free(text);
    if (!want_piece ? !doc : (doc || !strstr(msg, want_piece))) {
        print_error("%s%s...: %s\n", prefix, unit, doc ? "accepted" : msg);
        bc_document_free(doc);
        fail();
    }
    bc_document_free(doc);
    /* A hang guard, not a benchmark: generous even under sanitizers (valgrind,
     * some fifty times slower, is not timed). */
    const char *preload = getenv("LD_PRELOAD");
#ifdef __SANITIZE_ADDRESS__
    const double bound = 8.0;
#else
    const double bound = 2.0;
#endif
    if (secs > bound && !(preload && strstr(preload, "valgrind"))) {
        print_error("%s%s...: took %.2fs\n", prefix, unit, secs);
        fail();
    }
}

#define STARS10 "**********"
#define STARS100 STARS10 STARS10 STARS10 STARS10 STARS10 STARS10 STARS10 STARS10 STARS10 STARS10

static void test_hostile(void **state)
{
    (void)state;
    hostile(HEAD "x-deep: ", "[", 100000, "\n", "YAML nested deeper than the max-depth limit of 64");
    hostile(HEAD "x-deep: ", "{a: ", 100000, "\n", "YAML nested deeper than the max-depth limit of 64");
    hostile(HEAD "summary: |\n  ", "> ", 100000, "x\n", "Markdown nested deeper than the max-depth limit of 64");
    hostile(HEAD "summary: |\n  ", "- ", 100000, "x\n", "Markdown nested deeper than the max-depth limit of 64");
    hostile(HEAD "summary: |\n  ", "*a* ", 600000, "\n", "over the max-nodes limit");
    hostile(HEAD "summary: |\n  ", "[", 2000000, "\n", "over the max-nodes limit");
    char stars[] = HEAD "summary: '" STARS100 STARS100 "a" STARS100 STARS100 "'\n";
    hostile(stars, "", 0, "", "Markdown nested deeper than the max-depth limit of 64");
    hostile(HEAD "x-a: &a [lol, lol, lol]\nx-b: [", "*a, ", 1000, "*a]\n", "found anchor &a");
    hostile(HEAD "tags: [", "t, ", 1000000, "t]\n", "over the max-nodes limit");
    /* Text cmark rewrites (NUL becomes U+FFFD) cannot be placed in its source:
     * looking for 40,000 such citations must stay linear. */
    hostile(HEAD "summary: \"", "x \\0 [@a] *y* ", 40000, "\"\nreferences: [{id: a, text: A}]\n", NULL);
    hostile(HEAD "summary: |\n  ", "x &ngE; [@a] *y* ", 40000, "\nreferences: [{id: a, text: A}]\n", NULL);
}

/* ---------------------------------------------------------------- reentrancy */

static const char *const sample_paths[] = {"samples/delivering-stps.yaml", "samples/engaging-local-people.yaml",
                                           "samples/integrating-care.yaml", "samples/stp-dashboard.yaml",
                                           "samples/features.yaml"};
#define N_SAMPLES (sizeof sample_paths / sizeof sample_paths[0])

static char *dump_doc(const bc_document *doc)
{
    str s = {0};
    puts_(&s, "");
    for (int f = 0; f < BC_FIELD_COUNT; f++) {
        const bc_node *n = bc_document_field(doc, (bc_field)f);
        const char *t = bc_document_text(doc, (bc_field)f);
        printf_(&s, "%s=", bc_field_key((bc_field)f));
        if (t)
            puts_(&s, t);
        if (n) {
            char *d = dump(n);
            puts_(&s, d);
            free(d);
        }
        puts_(&s, "\n");
    }
    return s.data;
}

typedef struct {
    char *dumps[N_SAMPLES];
    int failures;
} job;

static void *reader_thread(void *arg)
{
    job *j = arg;
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < N_SAMPLES; i++) {
            bc_error *err = bc_error_new();
            bc_document *doc = bc_read_file(&briefconv_plugin, sample_paths[i], NULL, err);
            bc_error_free(err);
            if (!doc) {
                j->failures++;
                continue;
            }
            char *d = dump_doc(doc);
            if (!j->dumps[i])
                j->dumps[i] = d;
            else {
                j->failures += strcmp(j->dumps[i], d) != 0;
                free(d);
            }
            bc_document_free(doc);
        }
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    enum { THREADS = 4 };
    pthread_t tid[THREADS];
    job jobs[THREADS];
    memset(jobs, 0, sizeof jobs);
    for (int t = 0; t < THREADS; t++)
        assert_int_equal(pthread_create(&tid[t], NULL, reader_thread, &jobs[t]), 0);
    for (int t = 0; t < THREADS; t++)
        assert_int_equal(pthread_join(tid[t], NULL), 0);
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(jobs[t].failures, 0);
        for (size_t i = 0; i < N_SAMPLES; i++) {
            assert_non_null(jobs[t].dumps[i]);
            assert_string_equal(jobs[t].dumps[i], jobs[0].dumps[i]);
        }
    }
    for (int t = 0; t < THREADS; t++)
        for (size_t i = 0; i < N_SAMPLES; i++)
            free(jobs[t].dumps[i]);
}

static void test_descriptor(void **state)
{
    (void)state;
    assert_int_equal(briefconv_plugin.kind, BC_PLUGIN_INPUT);
    assert_string_equal(briefconv_plugin.name, "yaml");
    assert_string_equal(briefconv_plugin.aliases[0], "yml");
    assert_null(briefconv_plugin.aliases[1]);
    assert_string_equal(briefconv_plugin.extensions[0], "yaml");
    assert_string_equal(briefconv_plugin.extensions[1], "yml");
    bc_options *o = bc_options_new(&briefconv_plugin);
    assert_string_equal(bc_options_get(o, "max-size"), "16M");
    assert_int_equal(bc_options_get_int(o, "max-size", 0), 16 << 20);
    assert_int_equal(bc_options_get_int(o, "max-depth", 0), 64);
    assert_int_equal(bc_options_get_int(o, "max-nodes", 0), 1000000);
    bc_error *err = bc_error_new();
    assert_int_equal(bc_options_set(o, "max-depth", "0", err), -1);
    assert_int_equal(bc_options_set(o, "max-size", "2G", err), -1);
    bc_error_free(err);
    bc_options_free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_descriptor),
        cmocka_unit_test(test_sample_delivering),
        cmocka_unit_test(test_sample_engaging),
        cmocka_unit_test(test_sample_integrating),
        cmocka_unit_test(test_sample_dashboard),
        cmocka_unit_test(test_sample_features),
        cmocka_unit_test(test_inline_block_markers),
        cmocka_unit_test(test_links_and_html),
        cmocka_unit_test(test_citations),
        cmocka_unit_test(test_citation_positions),
        cmocka_unit_test(test_heading_levels),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_code_and_breaks),
        cmocka_unit_test(test_fast_path),
        cmocka_unit_test(test_error_fixtures),
        cmocka_unit_test(test_error_details),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
