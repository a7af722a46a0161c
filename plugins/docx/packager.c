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

#include <zip.h>
#include <zlib.h>

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

int docx_render(const bc_document *doc, const docx_options *opts, bc_sink *sink, bc_error *err)
{
    int rc = -1;
    docx_template tpl;
    memset(&tpl, 0, sizeof tpl);
    docx_ctx ctx;
    docx_part *parts = NULL;
    size_t n = SLOT_COUNT;
    docx_xml ct = {0};

    if (opts->reference_doc &&
        docx_template_load(&tpl, opts->reference_doc, bc_document_text(doc, BC_FIELD_LANG), err) != 0) {
        docx_ctx_init(&ctx, doc, false, NULL, err);
        goto done;
    }
    docx_ctx_init(&ctx, doc, opts->letter, opts->reference_doc ? &tpl : NULL, err);
    parts = calloc(SLOT_COUNT + tpl.nparts, sizeof *parts);
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
    if (tpl.styles) {
        parts[SLOT_STYLES] = (docx_part){.name = "word/styles.xml",
                                         .content_type = DOCX_CT_STYLES,
                                         .data = xmlBufferContent(tpl.styles),
                                         .len = (size_t)xmlBufferLength(tpl.styles)};
    } else if (write_part(&ctx, &parts[SLOT_STYLES], "word/styles.xml", DOCX_CT_STYLES, docx_write_styles)) {
        goto done;
    }
    /* A template's font table, header and footer come among its parts below. */
    if ((!tpl.has_font_table && write_part(&ctx, &parts[SLOT_FONT_TABLE], "word/fontTable.xml",
                                           DOCX_CT_FONT_TABLE, docx_write_font_table)) ||
        (!tpl.has_header &&
         write_part(&ctx, &parts[SLOT_HEADER], "word/header1.xml", DOCX_CT_HEADER, docx_write_header)) ||
        (!tpl.has_footer &&
         write_part(&ctx, &parts[SLOT_FOOTER], "word/footer1.xml", DOCX_CT_FOOTER, docx_write_footer)))
        goto done;
    for (size_t i = 0; i < tpl.nparts; i++)
        parts[n++] = (docx_part){.name = tpl.parts[i].name,
                                 .content_type = tpl.parts[i].content_type,
                                 .data = tpl.parts[i].data,
                                 .len = tpl.parts[i].len};

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
    parts[0].data = docx_xml_data(&ct, &parts[0].len);
    rc = docx_zip(parts, n, DOCX_DEFLATE_LEVEL, sink, err);
done:
    if (parts)
        for (size_t i = 0; i < n; i++)
            if (parts[i].owned)
                xmlBufferFree(parts[i].owned);
    free(parts);
    docx_xml_dispose(&ct);
    docx_ctx_dispose(&ctx);
    docx_template_dispose(&tpl);
    return rc;
}

/* ------------------------------------------------------------------ */
/*
 * The zip. libzip would deflate each entry with a fresh zlib stream at
 * memLevel 9, and clearing that stream's tables costs more than
 * compressing a small part (measured: 12 stream set-ups took 1.6 of 7.7
 * million instructions of a render). So the parts are deflated here with
 * one stream, reset between parts, and handed to libzip as entries already
 * compressed (a source whose stat says deflate, with size and CRC), which
 * libzip copies into the archive as they are.
 */

/* One deflated part, as the zip source callback serves it. */
typedef struct packed {
    const unsigned char *data; /* raw deflate stream */
    size_t len;                /* its length */
    size_t size;               /* the part's own length */
    unsigned long crc;         /* CRC-32 of the part */
    size_t pos;                /* read position */
    zip_error_t error;
} packed;

static zip_int64_t packed_source(void *user, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    packed *p = user;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        p->pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        size_t n = p->len - p->pos < len ? p->len - p->pos : (size_t)len;
        memcpy(data, p->data + p->pos, n);
        p->pos += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        if (len < sizeof(zip_stat_t))
            return -1;
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
        st->size = p->size;
        st->comp_size = p->len;
        st->comp_method = ZIP_CM_DEFLATE;
        st->crc = (zip_uint32_t)p->crc;
        return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&p->error, data, len);
    case ZIP_SOURCE_FREE:
        return 0; /* the bytes belong to docx_zip */
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                              ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS, -1);
    default:
        zip_error_set(&p->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/*
 * Deflates every part with one zlib stream into one buffer (caller frees
 * *OUT) and fills PACKS. 0, or -1 with ERR set.
 */
static int deflate_parts(const docx_part *parts, size_t nparts, int level, packed *packs, unsigned char **out,
                         bc_error *err)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    /*
     * Raw deflate (no zlib header), as a zip entry holds it. The window
     * need be no larger than the largest part (plus zlib's look-ahead) to
     * find every match there is; with it the hash table shrinks. A render
     * then sets up some 100 KB of zlib state instead of 256 KB, which
     * glibc returns to the system between renders: measured, 1 page fault
     * per render of a sample instead of 20. Large parts get zlib's defaults.
     */
    size_t largest = 0;
    for (size_t i = 0; i < nparts; i++)
        if (parts[i].len > largest)
            largest = parts[i].len;
    int wbits = 9;
    while (wbits < MAX_WBITS && ((size_t)1 << wbits) < largest + 262)
        wbits++;
    int zinit = deflateInit2(&z, level, Z_DEFLATED, -wbits, wbits < MAX_WBITS ? 7 : 8, Z_DEFAULT_STRATEGY);
    if (zinit != Z_OK) {
        bc_error_set(err, 0, 0, "%s", zinit == Z_MEM_ERROR ? "docx: out of memory" : "docx: cannot set up deflate");
        return -1;
    }
    size_t total = 0;
    for (size_t i = 0; i < nparts; i++) {
        if (parts[i].len > UINT32_MAX) {
            deflateEnd(&z);
            bc_error_set(err, 0, 0, "docx: %s is too large for a zip entry", parts[i].name);
            return -1;
        }
        total += parts[i].len;
    }
    /* XML deflates to a fifth or less; the buffer grows if a part does not. */
    size_t cap = total / 4 + 4096, used = 0;
    unsigned char *buf = malloc(cap);
    int zrc = Z_OK;
    for (size_t i = 0; buf && i < nparts; i++) {
        size_t start = used;
        z.next_in = (Bytef *)(uintptr_t)parts[i].data;
        z.avail_in = (uInt)parts[i].len;
        for (;;) {
            if (used == cap) {
                unsigned char *p = cap < SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
                if (!p) {
                    free(buf);
                    buf = NULL;
                    break;
                }
                buf = p;
                cap *= 2;
            }
            size_t room = cap - used;
            z.next_out = buf + used;
            z.avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
            zrc = deflate(&z, Z_FINISH);
            used = (size_t)(z.next_out - buf);
            if (zrc == Z_STREAM_END || (zrc != Z_OK && zrc != Z_BUF_ERROR))
                break;
        }
        if (!buf || zrc != Z_STREAM_END)
            break;
        /* Offsets for now: the buffer may still move. */
        packs[i] = (packed){.pos = start, .len = used - start, .size = parts[i].len,
                            .crc = crc32(crc32(0L, Z_NULL, 0), parts[i].data, (uInt)parts[i].len)};
        zip_error_init(&packs[i].error);
        deflateReset(&z);
    }
    if (!buf || zrc != Z_STREAM_END) {
        bc_error_set(err, 0, 0, "%s", buf ? "docx: deflate failed" : "docx: out of memory");
        deflateEnd(&z);
        free(buf);
        return -1;
    }
    for (size_t i = 0; i < nparts; i++) {
        packs[i].data = buf + packs[i].pos;
        packs[i].pos = 0;
    }
    deflateEnd(&z);
    *out = buf;
    return 0;
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

int docx_zip(const docx_part *parts, size_t nparts, int level, bc_sink *sink, bc_error *err)
{
    int rc = -1;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_t *za = NULL;
    zip_source_t *out = NULL;
    unsigned char *deflated = NULL;
    packed *packs = calloc(nparts ? nparts : 1, sizeof *packs);
    if (!packs) {
        bc_error_set(err, 0, 0, "docx: out of memory");
        goto done;
    }
    if (deflate_parts(parts, nparts, level, packs, &deflated, err) != 0)
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
        zip_source_t *src = zip_source_function(za, packed_source, &packs[i]);
        zip_int64_t idx = src ? zip_file_add(za, parts[i].name, src, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            zip_source_free(src);
            zip_fail(err, parts[i].name, zip_get_error(za));
            goto done;
        }
        /* 1980-01-01 00:00:00 in MS-DOS form: no clock, no time zone. */
        if (zip_file_set_dostime(za, (zip_uint64_t)idx, 0, (0 << 9) | (1 << 5) | 1, 0) != 0) {
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
    if (packs)
        for (size_t i = 0; i < nparts; i++)
            zip_error_fini(&packs[i].error);
    free(packs);
    free(deflated);
    zip_error_fini(&ze);
    return rc;
}
