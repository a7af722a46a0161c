/*
 * test_markdown_render.c — the Markdown plugin on hand-built documents.
 */
#include "test_html_doc.h"

#include "markdown/md.h"

static void dump(void **state)
{
    (void)state;
    bc_document *d = doc_full();
    char *out = render_with(d, NULL, NULL);
    fputs(out, stdout);
    free(out);
    bc_document_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
