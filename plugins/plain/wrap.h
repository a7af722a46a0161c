/*
 * wrap.h — line wrapping by display width (internal to the plain plugin).
 *
 * Text is UTF-8 as the core guarantees it (no NUL, no C0 but TAB and LF), so
 * the renderer may use the C0 byte PLAIN_NBSP as its own marker: a space that
 * must not be broken (inside a citation "(1, 3)"). It is one column wide and
 * is written out as an ordinary space.
 */
#ifndef PLAIN_WRAP_H
#define PLAIN_WRAP_H

#include <stddef.h>
#include <stdint.h>

#define PLAIN_NBSP '\x01'

/* Display columns of one code point (PLAIN_NBSP counts 1). */
int plain_cp_width(uint32_t cp);

/* Display columns of [S, S+LEN); LF counts 0. */
size_t plain_width(const char *s, size_t len);

/* Receives one line (no LF, no trailing spaces); nonzero stops the wrap. */
typedef int (*plain_line_fn)(void *user, const char *line, size_t len);

/*
 * Breaks TEXT into lines of at most FIRST_WIDTH columns for the first line
 * and WIDTH for the others (0 = no limit), greedily, and hands each line to
 * FN in order. Lines break at ASCII spaces (the spaces at a break are
 * dropped) and between CJK characters (not before closing or after opening
 * punctuation); never inside a UTF-8 sequence, a combining sequence or an
 * emoji ZWJ sequence. A word wider than the line gets a line of its own and
 * is not broken, so URLs stay whole. LF forces a break; spaces at the start
 * of the text or after a LF are kept. Returns 0, or FN's nonzero result.
 */
int plain_wrap(const char *text, size_t len, size_t first_width, size_t width, plain_line_fn fn, void *user);

#endif
