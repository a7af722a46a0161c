/*
 * site.h — internals of the `site` collection plugin: a static site of a
 * whole folder of briefings (index, a page per briefing, tag archives,
 * review page, Atom feed). Exports nothing but briefconv_plugin.
 */
#ifndef BC_PLUGIN_SITE_H
#define BC_PLUGIN_SITE_H

#include <briefconv/plugin.h>

#include "../common/schedule.h"

#include <pthread.h>
#include <stdio.h>
#include <stdint.h>

/*
 * What the site keeps in memory of each briefing until finish: the keys it
 * sorts and filters by, and where its record lies in the store's file.
 */
typedef struct site_entry {
    int32_t sort_day;       /* day of publication (else of update); SITE_NO_DAY when neither is a date */
    int32_t updated_day;    /* day it was last updated (else published); SITE_NO_DAY when none */
    int32_t due_day;        /* due for review; SITE_NO_DAY when no date */
    uint32_t index;         /* input order */
    uint32_t len;           /* its record in the store's file: LEN bytes at OFF */
    uint64_t off;
} site_entry;               /* 32 bytes: what memory holds per briefing */

/* A day that is not there: days from bc_date_days fit in 32 bits (years 1-9999). */
#define SITE_NO_DAY INT32_MIN

/* What the pages show of one briefing, read back from the store (site_store_load). */
typedef struct site_record {
    const site_entry *e;
    const char *page;       /* "nhs/aco.html", relative to the site's root */
    const char *title;      /* plain text, no citations; never NULL */
    const char *type, *audience, *source, *responsible; /* NULL when absent */
    const char *published;  /* as the briefing shows it ("28 February 2017"), or NULL */
    const char *due;        /* the due date as the briefing shows it, or NULL */
    const char *teaser;     /* the summary, shortened, or NULL */
    const char *impact;     /* what it means for libraries, shortened, or NULL */
    const char *docx;       /* the Word copy, relative to the root, or NULL */
    const char *tags;       /* tags separated by '\n', or "" */
    char *buf;              /* the bytes the pointers point into (owned) */
    size_t cap;
} site_record;

/*
 * The records go to an unlinked temporary file as the briefings come in, so
 * that memory holds 32 bytes per briefing, not the kilobyte or so of its
 * texts: a site of 10,000 briefings stays within the batch's memory bound.
 */
typedef struct site_store {
    site_entry *entries;
    size_t count, cap;
    FILE *file;             /* NULL until the first record */
    uint64_t end;
} site_store;

/* The instance: options read once in open, entries kept for finish. */
typedef struct site {
    bc_run *run;
    const char *title;        /* the site's name */
    const char *base_url;     /* "" or "https://x.org/briefings/" (with the slash) */
    const char **downloads;   /* the per-briefing formats linked from pages, docx first */
    size_t ndownloads;
    bcp_schedule schedule;
    site_store store;
} site;

/* store.c */
/* Adds what the pages need of DOC; 0 or -1 (ERR set). */
int site_store_add(site_store *st, const bc_document *doc, const bc_item *item, bc_error *err);
/* Reads E's record into REC (its buffer reused from call to call); 0 or -1 (ERR set). */
int site_store_load(const site_store *st, const site_entry *e, site_record *rec, bc_error *err);
void site_record_free(site_record *rec);
void site_store_free(site_store *st);

/* slug.c */
/* The file name (no extension) of TAG's archive: safe for any text, distinct for distinct tags. Caller frees. */
char *site_tag_slug(const char *tag);
/* "../" once per folder of PAGE, so links from it reach the root. Caller frees. */
char *site_root_of(const char *page);
/* PATH relative to the folder of FROM (both relative to the root). Caller frees. */
char *site_relative(const char *from, const char *path);

/* layout.c: the frame every page shares. */
void site_page_start(const site *s, bc_sink *out, const char *root, const char *title, const char *lang);
void site_page_end(bc_sink *out);
/* The review status line of R into BUF, as of S->today; returns its CSS class ("" for none). */
const char *site_review_status(const site *s, const site_record *r, char *buf, size_t size);
/*
 * A briefing as a card in a list: title link, details, teaser (ARCHIVE: what
 * it means for libraries, as tag archives show it), Word copy, tags. ROOT:
 * from the listing page to the root.
 */
void site_entry_card(const site *s, bc_sink *out, const site_record *r, const char *root, bool archive);

/* pages.c */
int site_render_page(const site *s, const bc_document *doc, const bc_item *item, bc_sink *out, bc_error *err);
int site_write_index(site *s, const site_entry *const *order, bc_error *err);
int site_write_tags(site *s, const site_entry *const *order, bc_error *err);
int site_write_review(site *s, bc_error *err);

/* feed.c */
int site_write_feed(site *s, const site_entry *const *order, bc_error *err);
/* XML text: & < > " ' escaped, characters XML 1.0 cannot hold dropped. */
void site_xml_text(bc_sink *out, const char *s);

#endif
