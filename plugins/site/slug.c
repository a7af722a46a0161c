/* slug.c — file names for tag archives, and relative links between pages. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "site.h"

enum { SLUG_MAX = 40 };

/* 32 bits of the plugins' one hash: only to tell apart tags whose readable names agree. */
static uint32_t hash32(const char *s)
{
    unsigned long long h = bcp_hash(s, strlen(s));
    return (uint32_t)(h ^ h >> 32);
}

/*
 * A tag already written as a file name would be ("mental-health") is its own
 * name. Any other ("STP", "King's Fund", "../x", Arabic) keeps its ASCII
 * letters and digits, lower-cased, with '-' between the runs, and gains "--" and 8 hex
 * digits of a hash of its exact text: "stp--1a2b3c4d". Lower case only, so
 * that case-insensitive file systems cannot merge two pages; never "." or
 * "..", never a slash, at most 49 bytes.
 */
char *site_tag_slug(const char *tag)
{
    char name[SLUG_MAX + 16];
    size_t n = 0;
    bool clean = *tag != '\0' && *tag != '-';
    for (const char *p = tag; *p; p++) {
        char c = *p;
        bool keepable = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (!keepable)
            c = '-';
        clean &= keepable || (*p == '-' && p[1] != '-' && p[1] != '\0');
        if (n < SLUG_MAX && !(c == '-' && (n == 0 || name[n - 1] == '-')))
            name[n++] = c;
        else if (n >= SLUG_MAX)
            clean = false;
    }
    while (n > 0 && name[n - 1] == '-')
        n--;
    /* "index" is the tag folder's own page. */
    if (!clean || n == 0 || (n == 5 && memcmp(name, "index", 5) == 0)) {
        if (n == 0)
            n = (size_t)snprintf(name, sizeof name, "tag");
        /* "--" never appears in a name kept as it is, so the two kinds cannot meet. */
        n += (size_t)snprintf(name + n, sizeof name - n, "--%08x", (unsigned)hash32(tag));
    }
    name[n] = '\0';
    return strdup(name);
}

char *site_root_of(const char *page)
{
    size_t depth = 0;
    for (const char *p = page; *p; p++)
        depth += *p == '/';
    char *root = malloc(3 * depth + 1);
    if (!root)
        return NULL;
    for (size_t i = 0; i < depth; i++)
        memcpy(root + 3 * i, "../", 3);
    root[3 * depth] = '\0';
    return root;
}

char *site_relative(const char *from, const char *path)
{
    /* Skip the folders both share, then climb out of the rest of FROM's. */
    size_t common = 0;
    for (size_t i = 0; from[i] && from[i] == path[i]; i++)
        if (from[i] == '/')
            common = i + 1;
    char *up = site_root_of(from + common);
    if (!up)
        return NULL;
    size_t need = strlen(up) + strlen(path + common) + 1;
    char *rel = malloc(need);
    if (rel)
        snprintf(rel, need, "%s%s", up, path + common);
    free(up);
    return rel;
}
