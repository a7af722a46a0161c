/*
 * test_docx_compress.c — the DOCX writer's deflate (compress.c): every
 * entry inflates back to its part with the right CRC; a shared part's
 * deflated bytes are reused only for the very same bytes and level, and
 * only within one run's deflater; the kept parts stay bounded; threads
 * deflating at once through one deflater (as the -j threads of a run
 * share the instance's) get correct entries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <libdeflate.h>
#include <pthread.h>

#include "docx/docx.h"

/* Inflates P and checks it gives back PART's bytes and CRC. */
static void assert_round_trip(const docx_part *part, const docx_packed *p)
{
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    assert_non_null(d);
    unsigned char *back = malloc(part->len + 1);
    assert_non_null(back);
    size_t got = 0;
    assert_int_equal(libdeflate_deflate_decompress(d, p->data, p->len, back, part->len, &got), LIBDEFLATE_SUCCESS);
    assert_int_equal(got, part->len);
    assert_memory_equal(back, part->data, part->len);
    assert_int_equal(p->size, part->len);
    assert_int_equal(p->crc, libdeflate_crc32(0, part->data, part->len));
    free(back);
    libdeflate_free_decompressor(d);
}

/* A part of LEN bytes of XML-like text, varied by SEED. Caller frees. */
static unsigned char *make_bytes(size_t len, unsigned seed)
{
    unsigned char *b = malloc(len + 1);
    assert_non_null(b);
    for (size_t i = 0; i < len; i++)
        b[i] = (unsigned char)("<w:p><w:r><w:t>text</w:t></w:r></w:p>"[i % 38] + (i % 97 == 0 ? seed % 7 : 0));
    return b;
}

static void test_round_trip(void **state)
{
    (void)state;
    unsigned char *a = make_bytes(20000, 1), *b = make_bytes(1, 2);
    docx_part parts[3] = {
        {.name = "a.xml", .data = a, .len = 20000},
        {.name = "empty.xml", .data = (const unsigned char *)"", .len = 0},
        {.name = "b.xml", .data = b, .len = 1},
    };
    docx_packed packed[3];
    unsigned char *buf = NULL;
    bc_error *err = bc_error_new();
    docx_deflater *d = docx_deflater_new();
    assert_non_null(d);
    /* Through a run's deflater, and with none (a compressor for the one call). */
    for (int with = 0; with < 2; with++) {
        assert_int_equal(docx_deflate_parts(with ? d : NULL, parts, 3, DOCX_DEFLATE_LEVEL, packed, &buf, err), 0);
        for (int i = 0; i < 3; i++)
            assert_round_trip(&parts[i], &packed[i]);
        assert_true(packed[0].len < 20000 / 5); /* it did compress */
        free(buf);
    }
    free(a);
    free(b);
    bc_error_free(err);
    docx_deflater_free(d);
    docx_deflater_free(NULL); /* a no-op */
}

/* A part deflated before (a template's, at open) is used as it is, not deflated again. */
static void test_prepacked(void **state)
{
    (void)state;
    unsigned char *a = make_bytes(5000, 4);
    docx_part part = {.name = "word/media/image1.png", .data = a, .len = 5000};
    docx_packed first;
    unsigned char *b1 = NULL, *b2 = NULL;
    bc_error *err = bc_error_new();
    assert_int_equal(docx_deflate_parts(NULL, &part, 1, DOCX_DEFLATE_LEVEL, &first, &b1, err), 0);
    part.packed = &first;
    docx_packed again;
    assert_int_equal(docx_deflate_parts(NULL, &part, 1, DOCX_DEFLATE_LEVEL, &again, &b2, err), 0);
    assert_null(b2); /* nothing deflated by this call */
    assert_ptr_equal(again.data, first.data);
    assert_int_equal(again.len, first.len);
    assert_round_trip(&part, &again);
    free(b1);
    free(a);
    bc_error_free(err);
}

static void test_shared_reuse(void **state)
{
    (void)state;
    bc_error *err = bc_error_new();
    unsigned char *styles = make_bytes(9000, 3);
    unsigned char *copy = malloc(9000);
    assert_non_null(copy);
    memcpy(copy, styles, 9000);
    docx_part first = {.name = "word/styles.xml", .data = styles, .len = 9000, .shared = true};
    docx_part again = {.name = "word/styles.xml", .data = copy, .len = 9000, .shared = true};
    docx_packed p1, p2, p3, p4;
    unsigned char *b1 = NULL, *b2 = NULL, *b3 = NULL, *b4 = NULL;
    docx_deflater *d = docx_deflater_new();
    assert_non_null(d);

    assert_int_equal(docx_deflate_parts(d, &first, 1, DOCX_DEFLATE_LEVEL, &p1, &b1, err), 0);
    assert_ptr_equal(p1.data, b1); /* deflated here */
    /* The same bytes (another buffer): the kept entry, not this call's buffer. */
    assert_int_equal(docx_deflate_parts(d, &again, 1, DOCX_DEFLATE_LEVEL, &p2, &b2, err), 0);
    assert_null(b2);
    assert_non_null(p2.data);
    assert_int_equal(p2.len, p1.len);
    assert_memory_equal(p2.data, p1.data, p1.len);
    assert_round_trip(&again, &p2);

    /* One byte changed, same length: never the kept bytes. */
    copy[4500] ^= 1;
    assert_int_equal(docx_deflate_parts(d, &again, 1, DOCX_DEFLATE_LEVEL, &p3, &b3, err), 0);
    assert_ptr_equal(p3.data, b3);
    assert_round_trip(&again, &p3);

    /* The same bytes at another level: deflated at that level, not reused. */
    copy[4500] ^= 1;
    assert_int_equal(docx_deflate_parts(d, &again, 1, 1, &p4, &b4, err), 0);
    assert_ptr_equal(p4.data, b4);
    assert_round_trip(&again, &p4);

    /* A part not marked shared is always deflated afresh. */
    docx_part body = first;
    body.shared = false;
    docx_packed p5;
    unsigned char *b5 = NULL;
    assert_int_equal(docx_deflate_parts(d, &body, 1, DOCX_DEFLATE_LEVEL, &p5, &b5, err), 0);
    assert_ptr_equal(p5.data, b5);

    /* Another run (another deflater) keeps nothing of this one's: deflated afresh. */
    docx_deflater *other = docx_deflater_new();
    assert_non_null(other);
    docx_packed p6;
    unsigned char *b6 = NULL;
    assert_int_equal(docx_deflate_parts(other, &again, 1, DOCX_DEFLATE_LEVEL, &p6, &b6, err), 0);
    assert_ptr_equal(p6.data, b6);
    assert_int_equal(p6.len, p1.len);
    assert_memory_equal(p6.data, p1.data, p1.len); /* the same bytes all the same */
    /* Nor does a call with no deflater. */
    docx_packed p7;
    unsigned char *b7 = NULL;
    assert_int_equal(docx_deflate_parts(NULL, &again, 1, DOCX_DEFLATE_LEVEL, &p7, &b7, err), 0);
    assert_ptr_equal(p7.data, b7);

    free(b1);
    free(b2);
    free(b3);
    free(b4);
    free(b5);
    free(b6);
    free(b7);
    free(styles);
    free(copy);
    bc_error_free(err);
    docx_deflater_free(other);
    docx_deflater_free(d);
}

/* Many distinct shared parts: the kept ones stay bounded, every entry stays right. */
static void test_bounded(void **state)
{
    (void)state;
    bc_error *err = bc_error_new();
    docx_deflater *d = docx_deflater_new();
    assert_non_null(d);
    enum { N = 200, LEN = 64 * 1024 };
    for (unsigned k = 0; k < N; k++) {
        unsigned char *bytes = make_bytes(LEN, k);
        bytes[0] = (unsigned char)k; /* all distinct */
        bytes[1] = (unsigned char)(k >> 8);
        docx_part part = {.name = "x.xml", .data = bytes, .len = LEN, .shared = true};
        docx_packed p;
        unsigned char *buf = NULL;
        assert_int_equal(docx_deflate_parts(d, &part, 1, DOCX_DEFLATE_LEVEL, &p, &buf, err), 0);
        assert_round_trip(&part, &p);
        free(buf);
        free(bytes);
    }
    bc_error_free(err);
    /* valgrind/ASan see whether freeing the deflater frees all that was kept. */
    docx_deflater_free(d);
}

typedef struct job {
    docx_deflater *d; /* the one every thread uses, as a run's render threads share its state */
    unsigned seed;
    int failures;
} job;

static void *deflate_job(void *arg)
{
    job *j = arg;
    bc_error *err = bc_error_new();
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    unsigned char *shared = make_bytes(9000, 5); /* the same in every thread */
    for (unsigned round = 0; round < 50 && err && d; round++) {
        unsigned char *own = make_bytes(15000, j->seed * 100 + round);
        docx_part parts[2] = {{.name = "s", .data = shared, .len = 9000, .shared = true},
                              {.name = "o", .data = own, .len = 15000}};
        docx_packed p[2];
        unsigned char *buf = NULL, back[15000];
        if (docx_deflate_parts(j->d, parts, 2, DOCX_DEFLATE_LEVEL, p, &buf, err) != 0)
            j->failures++;
        else
            for (int i = 0; i < 2; i++) {
                size_t got = 0;
                if (libdeflate_deflate_decompress(d, p[i].data, p[i].len, back, parts[i].len, &got) !=
                        LIBDEFLATE_SUCCESS ||
                    got != parts[i].len || memcmp(back, parts[i].data, got) != 0)
                    j->failures++;
            }
        free(buf);
        free(own);
    }
    free(shared);
    libdeflate_free_decompressor(d);
    bc_error_free(err);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    pthread_t threads[4];
    job jobs[4];
    docx_deflater *d = docx_deflater_new();
    assert_non_null(d);
    for (unsigned i = 0; i < 4; i++) {
        jobs[i] = (job){.d = d, .seed = i + 1};
        assert_int_equal(pthread_create(&threads[i], NULL, deflate_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(jobs[i].failures, 0);
    }
    docx_deflater_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_prepacked),
        cmocka_unit_test(test_shared_reuse),
        cmocka_unit_test(test_bounded),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
