/*
 * fuzz_checks.h — shared by the fuzz targets: set-up of a registry holding
 * every plugin linked into the fuzzer, and the checks an output must pass.
 * Each check calls abort() on a violation, which libFuzzer reports with the
 * input that caused it.
 */
#ifndef FUZZ_CHECKS_H
#define FUZZ_CHECKS_H

#include <stddef.h>

#include <briefconv/host.h>

/** Prints "fuzz: MESSAGE" and aborts. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
#define FAIL(...) fuzz_fail(__VA_ARGS__)

/**
 * Initialises libxml2 and cmark-gfm's extensions, and returns a registry of
 * every linked-in plugin (process lifetime; never freed).
 */
bc_registry *fuzz_setup(void);

/** HTML, Markdown, plain: valid UTF-8, no C0 control but TAB and LF. */
void fuzz_check_text(const char *format, const unsigned char *s, size_t len);
/** Every link-bearing attribute libxml2's HTML parser finds is a safe URL or an anchor. */
void fuzz_check_html_links(const unsigned char *s, size_t len);
/**
 * Read by cmark-gfm with every GFM extension and --unsafe, the Markdown has
 * no raw HTML, and every link in it is a safe URL or an anchor.
 */
void fuzz_check_markdown_links(const unsigned char *s, size_t len);
/**
 * A zip holding [Content_Types].xml and word/document.xml whose every XML
 * part parses, whose external relationships and HYPERLINK fields point at
 * safe URLs only.
 */
void fuzz_check_docx(const unsigned char *s, size_t len);

#endif
