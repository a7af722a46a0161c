/*
 * packager.c — the list of parts of a .docx, and the zip that holds them.
 *
 * Every part is written into memory, then zipped in memory by libzip with
 * fixed entry times (1980-01-01 00:00, the earliest a zip can record: the
 * briefing's own dates go into docProps/core.xml, where readers show them),
 * and the finished archive goes to the sink. Nothing reaches the sink unless
 * every part was written, so a failure leaves no partial file.
 */
#include "docx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include <zip.h>

/* Slots of the package, in the order of the zip: [Content_Types].xml first, as Word writes it. */
enum {
    SLOT_CONTENT_TYPES,
    SLOT_PACKAGE_RELS,
    SLOT_CORE,
    SLOT_APP,
    SLOT_DOCUMENT,
    SLOT_DOCUMENT_RELS,
    SLOT_STYLES,
    SLOT_NUMBERING,
    SLOT_SETTINGS,
    SLOT_FONT_TABLE,
    SLOT_HEADER,
    SLOT_FOOTER,
    SLOT_COUNT
};

typedef void (*part_writer)(docx_ctx *ctx, docx_xml *x);

/* Writes one part into PART. 0, or -1 with ERR set. */
static int write_part(docx_ctx *ctx, docx_part *part, const char *name, const char *content_type,
                      part_writer fn)
{
    docx_xml x;
    if (docx_xml_open(&x) != 0)
        goto fail;
    fn(ctx, &x);
    if (docx_xml_finish(&x) != 0)
        goto fail;
    part->name = name;
    part->content_type = content_type;
    part->owned = docx_xml_take(&x);
    part->data = xmlBufferContent(part->owned);
    part->len = (size_t)xmlBufferLength(part->owned);
    return 0;
fail:
    docx_xml_dispose(&x);
    bc_error_set(ctx->err, 0, 0, "docx: out of memory while writing %s", name);
    return -1;
}

/* ------------------------------------------------------------------ */
/* The run: what every document of it shares                           */
/* ------------------------------------------------------------------ */

struct docx_run {
    bool letter;
    bool has_template;
    docx_template tpl;          /* the reference document, read and merged once */
    docx_packed *parts_packed;  /* tpl.parts, deflated at open, then tpl.styles if any */
    unsigned char *deflated;    /* the bytes parts_packed points to */
    docx_deflater *deflater;    /* compressors and shared parts; the only thing renders change */
};

/*
 * Deflates the template's parts and merged styles once for the run: they
 * are the same bytes in every document, and a template's media can
 * outgrow what the deflater keeps of shared parts. 0, or -1: out of
 * memory, the only failure on parts a template's limits keep far below
 * the 4 GB of a zip entry.
 */
static int pack_template(docx_run *run)
{
    int rc = -1;
    const docx_template *t = &run->tpl;
    size_t n = t->nparts + (t->styles ? 1 : 0);
    docx_part *parts = calloc(n ? n : 1, sizeof *parts);
    docx_packed *packed = calloc(n ? n : 1, sizeof *packed);
    if (!parts || !packed)
        goto done;
    for (size_t i = 0; i < t->nparts; i++)
        parts[i] = (docx_part){.name = t->parts[i].name, .data = t->parts[i].data, .len = t->parts[i].len};
    if (t->styles)
        parts[t->nparts] = (docx_part){.name = "word/styles.xml",
                                       .data = xmlBufferContent(t->styles),
                                       .len = (size_t)xmlBufferLength(t->styles)};
    if (docx_deflate_parts(run->deflater, parts, n, DOCX_DEFLATE_LEVEL, packed, &run->deflated, NULL) != 0)
        goto done;
    run->parts_packed = packed;
    packed = NULL;
    rc = 0;
done:
    free(parts);
    free(packed);
    return rc;
}

docx_run *docx_run_open(const docx_options *opts, bc_error *err)
{
    docx_run *run = calloc(1, sizeof *run);
    /* Exactly this text for a failed allocation: the host takes it for a failure of the machine, not of usage. */
    if (!run || !(run->deflater = docx_deflater_new())) {
        bc_error_set(err, 0, 0, "out of memory");
        goto fail;
    }
    run->letter = opts->letter;
    if (opts->reference_doc) {
        run->has_template = true;
        /*
         * No language: of our styles.xml the merge takes only w:style
         * elements, never w:docDefaults, where the briefing's language goes,
         * so the merged template is the same for every briefing of the run.
         */
        if (docx_template_load(&run->tpl, opts->reference_doc, NULL, err) != 0)
            goto fail;
        if (pack_template(run) != 0) {
            bc_error_set(err, 0, 0, "out of memory");
            goto fail;
        }
    }
    return run;
fail:
    docx_run_close(run);
    return NULL;
}

void docx_run_close(docx_run *run)
{
    if (!run)
        return;
    docx_template_dispose(&run->tpl);
    free(run->parts_packed);
    free(run->deflated);
    docx_deflater_free(run->deflater);
    free(run);
}

int docx_render(const bc_document *doc, const docx_options *opts, bc_sink *sink, bc_error *err)
{
    docx_run *run = docx_run_open(opts, err);
    int rc = run ? docx_run_render(run, doc, sink, err) : -1;
    docx_run_close(run);
    return rc;
}

int docx_run_render(docx_run *run, const bc_document *doc, bc_sink *sink, bc_error *err)
{
    int rc = -1;
    const docx_template *tpl = run->has_template ? &run->tpl : NULL;
    docx_ctx ctx;
    docx_part *parts = NULL;
    size_t n = SLOT_COUNT;
    docx_xml ct = {0};

    docx_ctx_init(&ctx, doc, run->letter, tpl, err);
    parts = calloc(SLOT_COUNT + run->tpl.nparts, sizeof *parts);
    if (!parts) {
        bc_error_set(err, 0, 0, "docx: out of memory");
        goto done;
    }

    /* The body first: it registers the hyperlinks and lists the rels and numbering parts list. */
    if (write_part(&ctx, &parts[SLOT_DOCUMENT], "word/document.xml", DOCX_CT_DOCUMENT, docx_write_document) ||
        write_part(&ctx, &parts[SLOT_PACKAGE_RELS], "_rels/.rels", NULL, docx_write_package_rels) ||
        write_part(&ctx, &parts[SLOT_CORE], "docProps/core.xml", DOCX_CT_CORE, docx_write_core_props) ||
        write_part(&ctx, &parts[SLOT_APP], "docProps/app.xml", DOCX_CT_APP, docx_write_app_props) ||
        write_part(&ctx, &parts[SLOT_DOCUMENT_RELS], "word/_rels/document.xml.rels", NULL,
                   docx_write_document_rels) ||
        write_part(&ctx, &parts[SLOT_NUMBERING], "word/numbering.xml", DOCX_CT_NUMBERING,
                   docx_write_numbering) ||
        write_part(&ctx, &parts[SLOT_SETTINGS], "word/settings.xml", DOCX_CT_SETTINGS, docx_write_settings))
        goto done;
    if (run->tpl.styles) {
        parts[SLOT_STYLES] = (docx_part){.name = "word/styles.xml",
                                         .content_type = DOCX_CT_STYLES,
                                         .data = xmlBufferContent(run->tpl.styles),
                                         .len = (size_t)xmlBufferLength(run->tpl.styles),
                                         .packed = &run->parts_packed[run->tpl.nparts]};
    } else if (write_part(&ctx, &parts[SLOT_STYLES], "word/styles.xml", DOCX_CT_STYLES, docx_write_styles)) {
        goto done;
    }
    /* A template's font table, header and footer come among its parts below. */
    if ((!run->tpl.has_font_table && write_part(&ctx, &parts[SLOT_FONT_TABLE], "word/fontTable.xml",
                                                DOCX_CT_FONT_TABLE, docx_write_font_table)) ||
        (!run->tpl.has_header &&
         write_part(&ctx, &parts[SLOT_HEADER], "word/header1.xml", DOCX_CT_HEADER, docx_write_header)) ||
        (!run->tpl.has_footer &&
         write_part(&ctx, &parts[SLOT_FOOTER], "word/footer1.xml", DOCX_CT_FOOTER, docx_write_footer)))
        goto done;
    for (size_t i = 0; i < run->tpl.nparts; i++)
        parts[n++] = (docx_part){.name = run->tpl.parts[i].name,
                                 .content_type = run->tpl.parts[i].content_type,
                                 .data = run->tpl.parts[i].data,
                                 .len = run->tpl.parts[i].len,
                                 .packed = &run->parts_packed[i]};
    /* The same in every document of a run unless options differ: deflated once (compress.c). */
    static const int shared_slots[] = {SLOT_PACKAGE_RELS, SLOT_APP, SLOT_STYLES, SLOT_SETTINGS, SLOT_FONT_TABLE};
    for (size_t i = 0; i < sizeof shared_slots / sizeof *shared_slots; i++)
        parts[shared_slots[i]].shared = true;

    /* Empty slots (replaced by a template's parts) drop out. */
    size_t used = 1;
    for (size_t i = 1; i < n; i++)
        if (parts[i].name)
            parts[used++] = parts[i];
    n = used;

    if (docx_xml_open(&ct) != 0) {
        bc_error_set(err, 0, 0, "docx: out of memory");
        goto done;
    }
    docx_write_content_types(parts + 1, n - 1, &ct);
    if (docx_xml_finish(&ct) != 0) {
        bc_error_set(err, 0, 0, "docx: out of memory while writing [Content_Types].xml");
        goto done;
    }
    parts[0].name = "[Content_Types].xml";
    parts[0].shared = true;
    parts[0].data = docx_xml_data(&ct, &parts[0].len);
    rc = docx_zip(run->deflater, parts, n, DOCX_DEFLATE_LEVEL, sink, err);
done:
    if (parts)
        for (size_t i = 0; i < n; i++)
            if (parts[i].owned)
                xmlBufferFree(parts[i].owned);
    free(parts);
    docx_xml_dispose(&ct);
    docx_ctx_dispose(&ctx);
    return rc;
}

/* ------------------------------------------------------------------ */
/*
 * The zip. libzip would deflate each entry with a fresh zlib stream, and
 * setting one up costs more than compressing a small part. So the parts
 * are deflated first (compress.c) and handed to libzip as entries already
 * compressed (a source whose stat says deflate, with size and CRC), which
 * libzip copies into the archive as they are.
 */

/* A deflated part, as the zip source callback serves it. */
typedef struct entry_source {
    const docx_packed *packed;
    time_t mtime;
    size_t pos; /* read position */
    zip_error_t error;
} entry_source;

static zip_int64_t packed_source(void *user, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    entry_source *e = user;
    const docx_packed *p = e->packed;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        e->pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        size_t n = p->len - e->pos < len ? p->len - e->pos : (size_t)len;
        memcpy(data, p->data + e->pos, n);
        e->pos += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        if (len < sizeof(zip_stat_t))
            return -1;
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC | ZIP_STAT_MTIME;
        st->size = p->size;
        st->comp_size = p->len;
        st->comp_method = ZIP_CM_DEFLATE;
        st->crc = p->crc;
        st->mtime = e->mtime;
        return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&e->error, data, len);
    case ZIP_SOURCE_FREE:
        return 0; /* the bytes belong to docx_zip */
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                              ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS, -1);
    default:
        zip_error_set(&e->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/*
 * The entries' time: 1980-01-01 00:00:00, the earliest a zip records, as
 * local time, which is how libzip turns it back into the MS-DOS fields.
 * Once per package, not per entry (as zip_file_set_dostime would): mktime
 * reads the time zone file on every call. Not once per process either: a
 * host may change TZ between renders.
 */
static time_t entry_time(void)
{
    struct tm tm = {.tm_year = 80, .tm_mon = 0, .tm_mday = 1, .tm_isdst = -1};
    return mktime(&tm);
}

/*
 * libzip leaves the error unset (ZIP_ER_OK, "No error") on some of its
 * allocation failures, e.g. inside zip_source_function; everything else it
 * reports, so an unset error is taken for what it nearly always is.
 */
static int zip_fail(bc_error *err, const char *what, zip_error_t *ze)
{
    int code = zip_error_code_zip(ze);
    if (code == ZIP_ER_OK || code == ZIP_ER_MEMORY)
        bc_error_set(err, 0, 0, "docx: %s: out of memory", what);
    else
        bc_error_set(err, 0, 0, "docx: %s: %s", what, zip_error_strerror(ze));
    return -1;
}

int docx_zip(docx_deflater *d, const docx_part *parts, size_t nparts, int level, bc_sink *sink, bc_error *err)
{
    int rc = -1;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_t *za = NULL;
    zip_source_t *out = NULL;
    unsigned char *deflated = NULL;
    time_t mtime = entry_time();
    docx_packed *packed = calloc(nparts ? nparts : 1, sizeof *packed);
    entry_source *entries = calloc(nparts ? nparts : 1, sizeof *entries);
    if (!packed || !entries) {
        bc_error_set(err, 0, 0, "docx: out of memory");
        goto done;
    }
    for (size_t i = 0; i < nparts; i++) {
        entries[i] = (entry_source){.packed = &packed[i], .mtime = mtime};
        zip_error_init(&entries[i].error);
    }
    if (docx_deflate_parts(d, parts, nparts, level, packed, &deflated, err) != 0)
        goto done;
    out = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!out) {
        zip_fail(err, "cannot create the archive", &ze);
        goto done;
    }
    za = zip_open_from_source(out, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_fail(err, "cannot create the archive", &ze);
        goto done;
    }
    /* Keep the buffer alive past zip_close, which writes the archive into it. */
    zip_source_keep(out);
    for (size_t i = 0; i < nparts; i++) {
        zip_source_t *src = zip_source_function(za, packed_source, &entries[i]);
        zip_int64_t idx = src ? zip_file_add(za, parts[i].name, src, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            zip_source_free(src);
            zip_fail(err, parts[i].name, zip_get_error(za));
            goto done;
        }
    }
    if (zip_close(za) != 0) {
        zip_fail(err, "cannot write the archive", zip_get_error(za));
        goto done;
    }
    za = NULL;
    if (zip_source_open(out) != 0) {
        zip_fail(err, "cannot read the archive", zip_source_error(out));
        goto done;
    }
    unsigned char chunk[65536];
    zip_int64_t got;
    while ((got = zip_source_read(out, chunk, sizeof chunk)) > 0)
        bc_sink_write(sink, chunk, (size_t)got);
    zip_source_close(out);
    if (got < 0) {
        zip_fail(err, "cannot read the archive", zip_source_error(out));
        goto done;
    }
    if (bc_sink_status(sink) != 0) {
        bc_error_set(err, 0, 0, "docx: write failed: %s", strerror(bc_sink_status(sink)));
        goto done;
    }
    rc = 0;
done:
    if (za)
        zip_discard(za);
    if (out)
        zip_source_free(out);
    if (entries)
        for (size_t i = 0; i < nparts; i++)
            zip_error_fini(&entries[i].error);
    free(entries);
    free(packed);
    free(deflated);
    zip_error_fini(&ze);
    return rc;
}
