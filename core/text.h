/* text.h — text sanitising for the document setters (internal). */
#ifndef BC_TEXT_H
#define BC_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/**
 * Copies [S, S+LEN) into the arena as the document model requires (see the
 * top of briefconv.h): NUL and C0 controls other than TAB and LF, and
 * U+FFFE/U+FFFF, become U+FFFD; CR LF and a lone CR become LF. *OUT gets the
 * NUL-terminated copy, *OUT_LEN (if not NULL) its length. Returns 0, or -1
 * when the text is not valid UTF-8 or on OOM. S may be NULL when LEN is 0.
 */
int bci_text_copy(bci_arena *a, const char *s, size_t len, char **out, size_t *out_len);

/**
 * As bci_text_copy, but never fails on bad UTF-8: each invalid byte becomes
 * U+FFFD. For names that are not text, such as file names. -1 only on OOM.
 */
int bci_text_copy_lossy(bci_arena *a, const char *s, size_t len, char **out);

/** FNV-1a over N bytes of S: for hash tables and names, never for security. */
uint64_t bci_hash(const void *s, size_t n);

/** Length of the valid UTF-8 sequence at P (N bytes available), 0 if invalid. */
size_t bci_utf8_seq(const unsigned char *p, size_t n);

#endif
