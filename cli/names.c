/* names.c — file names made safe to print: one line, no terminal controls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Appends the C escape of byte C at O; returns how many chars it took. */
static int escape_byte(char *o, unsigned char c)
{
    switch (c) {
    case '\\': return sprintf(o, "\\\\");
    case '\n': return sprintf(o, "\\n");
    case '\t': return sprintf(o, "\\t");
    default: return sprintf(o, "\\x%02X", c);
    }
}

char *cli_escape_name(const char *name)
{
    size_t len = strlen(name);
    char *out = malloc(4 * len + 1); /* \xHH is the longest form of one byte */
    if (!out)
        return NULL;
    char *o = out;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = (size_t)bc_utf8_decode(name + i, len - i, &cp);
        bool valid = n > 1 || cp < 0x80;
        /* C0, DEL and C1 (U+009B is CSI to an 8-bit terminal) byte by byte, as are bytes that are not UTF-8. */
        bool control = cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == '\\';
        if (valid && !control) {
            memcpy(o, name + i, n);
            o += n;
        } else {
            for (size_t k = 0; k < (valid ? n : 1); k++)
                o += escape_byte(o, (unsigned char)name[i + k]);
        }
        i += valid ? n : 1;
    }
    *o = '\0';
    return out;
}
