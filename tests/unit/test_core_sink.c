/* Sinks: memory, descriptor, callback; buffering; the sticky first error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>

#include <briefconv/briefconv.h>

static void test_memory(void **state)
{
    (void)state;
    bc_sink *s = bc_sink_new_memory();
    size_t len = 99;
    assert_non_null(s);
    assert_non_null(bc_sink_memory_data(s, &len));
    assert_int_equal(len, 0);
    assert_int_equal(bc_sink_write(s, "ab", 2), 0);
    assert_int_equal(bc_sink_puts(s, "cd"), 0);
    assert_int_equal(bc_sink_putc(s, 'e'), 0);
    assert_int_equal(bc_sink_printf(s, "%d-%s", 42, "x"), 0);
    const unsigned char *data = bc_sink_memory_data(s, &len);
    assert_int_equal(len, 9);
    assert_memory_equal(data, "abcde42-x", 9);
    assert_int_equal(bc_sink_bytes(s), 9);
    /* A long printf goes past the small stack buffer. */
    char big[3000];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(bc_sink_printf(s, "[%s]", big), 0);
    data = bc_sink_memory_data(s, &len);
    assert_int_equal(len, 9 + 2 + 2999);
    assert_int_equal(data[len - 1], ']');
    assert_int_equal(bc_sink_flush(s), 0);
    assert_int_equal(bc_sink_status(s), 0);
    bc_sink_free(s);
    bc_sink_free(NULL);
}

typedef struct {
    unsigned char *data;
    size_t len;
    int calls;
    int fail_on_call; /* 0: never */
} collector;

static int collect(void *user, const void *data, size_t len)
{
    collector *c = user;
    c->calls++;
    if (c->fail_on_call && c->calls >= c->fail_on_call)
        return ENOSPC;
    c->data = realloc(c->data, c->len + len);
    memcpy(c->data + c->len, data, len);
    c->len += len;
    return 0;
}

static void test_callback_buffering(void **state)
{
    (void)state;
    collector c = {0};
    bc_sink *s = bc_sink_new_callback(collect, &c);
    for (int i = 0; i < 100000; i++)
        assert_int_equal(bc_sink_putc(s, 'a' + i % 26), 0);
    /* 100,000 bytes through a 64 KiB buffer: one hand-over so far, not 100,000. */
    assert_int_equal(c.calls, 1);
    assert_int_equal(bc_sink_flush(s), 0);
    assert_int_equal(c.calls, 2);
    assert_int_equal(c.len, 100000);
    assert_int_equal(c.data[99999], 'a' + 99999 % 26);
    /* A write bigger than the buffer goes straight through. */
    unsigned char *big = malloc(200000);
    memset(big, 'z', 200000);
    assert_int_equal(bc_sink_write(s, big, 200000), 0);
    assert_int_equal(c.len, 300000);
    assert_int_equal(bc_sink_bytes(s), 300000);
    free(big);
    bc_sink_free(s);
    free(c.data);
}

static void test_sticky_error(void **state)
{
    (void)state;
    collector c = {0};
    c.fail_on_call = 1;
    bc_sink *s = bc_sink_new_callback(collect, &c);
    assert_int_equal(bc_sink_puts(s, "buffered"), 0); /* not handed on yet */
    assert_int_equal(bc_sink_status(s), 0);
    assert_int_equal(bc_sink_flush(s), -1);
    assert_int_equal(bc_sink_status(s), ENOSPC);
    /* Everything after fails at once, without calling back again. */
    int calls = c.calls;
    assert_int_equal(bc_sink_puts(s, "more"), -1);
    assert_int_equal(bc_sink_putc(s, 'x'), -1);
    assert_int_equal(bc_sink_printf(s, "%d", 1), -1);
    assert_int_equal(bc_sink_flush(s), -1);
    assert_int_equal(c.calls, calls);
    assert_int_equal(bc_sink_status(s), ENOSPC);
    bc_sink_free(s);
    free(c.data);
}

static void test_fd(void **state)
{
    (void)state;
    int fds[2];
    char buf[64];
    assert_int_equal(pipe(fds), 0);
    bc_sink *s = bc_sink_new_fd(fds[1]);
    assert_int_equal(bc_sink_puts(s, "hello fd"), 0);
    assert_int_equal(bc_sink_flush(s), 0);
    ssize_t n = read(fds[0], buf, sizeof buf);
    assert_int_equal(n, 8);
    assert_memory_equal(buf, "hello fd", 8);
    /* The reader goes away: the write fails with EPIPE (SIGPIPE ignored here). */
    close(fds[0]);
    signal(SIGPIPE, SIG_IGN);
    assert_int_equal(bc_sink_puts(s, "lost"), 0);
    assert_int_equal(bc_sink_flush(s), -1);
    assert_int_equal(bc_sink_status(s), EPIPE);
    bc_sink_free(s); /* does not close the descriptor */
    assert_int_equal(close(fds[1]), 0);
    assert_null(bc_sink_new_fd(-1));
    assert_null(bc_sink_new_callback(NULL, NULL));
    /* A bad descriptor fails on flush with its errno. */
    s = bc_sink_new_fd(9999);
    bc_sink_puts(s, "x");
    assert_int_equal(bc_sink_flush(s), -1);
    assert_int_equal(bc_sink_status(s), EBADF);
    bc_sink_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_callback_buffering),
        cmocka_unit_test(test_sticky_error),
        cmocka_unit_test(test_fd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
