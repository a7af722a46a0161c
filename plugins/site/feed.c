/*
 * feed.c — feed.xml, an Atom 1.0 feed (RFC 4287): an entry per briefing,
 * newest first. Ids are stable: the page's absolute URL with -O
 * base-url=URL, else a URN made of the page's path, so an entry keeps its id
 * from run to run and two briefings never share one. `updated` is the day
 * the briefing was last updated (else published; else today).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "site.h"

/* XML 1.0 Char: tab, newline, return and U+0020 on; the reader already refused malformed UTF-8. */
void site_xml_text(bc_sink *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': bc_sink_puts(out, "&amp;"); break;
        case '<': bc_sink_puts(out, "&lt;"); break;
        case '>': bc_sink_puts(out, "&gt;"); break;
        case '"': bc_sink_puts(out, "&quot;"); break;
        case '\'': bc_sink_puts(out, "&apos;"); break;
        default:
            if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
                bc_sink_putc(out, c);
            break;
        }
    }
}

/* A path as an IRI part: bytes outside unreserved and '/' percent-encoded. */
static void put_path(bc_sink *out, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                     strchr("-._~/", *p);
        if (plain)
            bc_sink_putc(out, *p);
        else
            bc_sink_printf(out, "%%%02X", *p);
    }
}

/* href="..." to PATH: absolute under base-url, else relative to the feed (at the root). */
static void put_href(const site *s, bc_sink *out, const char *path)
{
    site_xml_text(out, s->base_url);
    put_path(out, path);
}

static void put_id(const site *s, bc_sink *out, const char *path)
{
    if (*s->base_url)
        put_href(s, out, path);
    else {
        bc_sink_puts(out, "urn:briefconv:page:");
        put_path(out, path);
    }
}

static void put_day(bc_sink *out, long day)
{
    char iso[16];
    bc_date_format_iso(bc_date_from_days(day), iso, sizeof iso);
    bc_sink_printf(out, "%sT00:00:00Z", iso);
}

int site_write_feed(site *s, const site_entry *const *order, bc_error *err)
{
    bc_sink *out = bc_run_create(s->run, "feed.xml", err);
    if (!out)
        return -1;
    int32_t newest = SITE_NO_DAY;
    for (size_t i = 0; i < s->store.count; i++)
        if (order[i]->updated_day > newest)
            newest = order[i]->updated_day;
    bc_sink_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
                      "<title>");
    site_xml_text(out, s->title);
    bc_sink_puts(out, "</title>\n<id>");
    put_id(s, out, "feed.xml");
    bc_sink_puts(out, "</id>\n<updated>");
    put_day(out, newest != SITE_NO_DAY ? newest : s->schedule.today);
    bc_sink_puts(out, "</updated>\n<author><name>");
    site_xml_text(out, s->title);
    bc_sink_puts(out, "</name></author>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"");
    put_href(s, out, "feed.xml");
    bc_sink_puts(out, "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
    put_href(s, out, "index.html");
    bc_sink_puts(out, "\"/>\n<generator>briefconv</generator>\n");
    site_record rec = {0};
    for (size_t i = 0; i < s->store.count; i++) {
        const site_entry *e = order[i];
        if (site_store_load(&s->store, e, &rec, err) != 0) {
            site_record_free(&rec);
            bc_run_discard(s->run, out);
            return -1;
        }
        bc_sink_puts(out, "<entry>\n<title>");
        site_xml_text(out, *rec.title ? rec.title : rec.page);
        bc_sink_puts(out, "</title>\n<id>");
        put_id(s, out, rec.page);
        bc_sink_puts(out, "</id>\n<updated>");
        put_day(out, e->updated_day != SITE_NO_DAY ? e->updated_day : s->schedule.today);
        bc_sink_puts(out, "</updated>\n");
        if (e->sort_day != SITE_NO_DAY && rec.published) {
            bc_sink_puts(out, "<published>");
            put_day(out, e->sort_day);
            bc_sink_puts(out, "</published>\n");
        }
        bc_sink_puts(out, "<link rel=\"alternate\" type=\"text/html\" href=\"");
        put_href(s, out, rec.page);
        bc_sink_puts(out, "\"/>\n");
        if (rec.docx) {
            bc_sink_puts(out, "<link rel=\"enclosure\" type=\"application/"
                              "vnd.openxmlformats-officedocument.wordprocessingml.document\" href=\"");
            put_href(s, out, rec.docx);
            bc_sink_puts(out, "\"/>\n");
        }
        if (rec.teaser) {
            bc_sink_puts(out, "<summary>");
            site_xml_text(out, rec.teaser);
            bc_sink_puts(out, "</summary>\n");
        }
        for (char *t = (char *)rec.tags; *t;) { /* REC's own buffer: each tag ended in place */
            size_t n = strcspn(t, "\n");
            bool more = t[n] == '\n';
            t[n] = '\0';
            bc_sink_puts(out, "<category term=\"");
            site_xml_text(out, t);
            bc_sink_puts(out, "\"/>\n");
            t += n + more;
        }
        bc_sink_puts(out, "</entry>\n");
    }
    site_record_free(&rec);
    bc_sink_puts(out, "</feed>\n");
    return bc_run_commit(s->run, out, err);
}
