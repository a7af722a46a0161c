/* error.c — the error value: first error wins, so the root cause is shown. */
#include <briefconv/briefconv.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERROR_MESSAGE_MAX 1024

struct bc_error {
    bool set;
    int line, column;
    char *file; /* malloc'd, may be NULL */
    char message[ERROR_MESSAGE_MAX];
};

bc_error *bc_error_new(void)
{
    return calloc(1, sizeof(bc_error));
}

void bc_error_free(bc_error *err)
{
    if (!err)
        return;
    free(err->file);
    free(err);
}

void bc_error_clear(bc_error *err)
{
    if (!err)
        return;
    free(err->file);
    err->file = NULL;
    err->set = false;
    err->line = err->column = 0;
    err->message[0] = '\0';
}

void bc_error_setv(bc_error *err, int line, int column, const char *fmt, va_list ap)
{
    if (!err || err->set)
        return;
    err->set = true;
    err->line = line > 0 ? line : 0;
    err->column = column > 0 ? column : 0;
    if (vsnprintf(err->message, sizeof err->message, fmt ? fmt : "", ap) < 0)
        snprintf(err->message, sizeof err->message, "unknown error");
}

void bc_error_set(bc_error *err, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bc_error_setv(err, line, column, fmt, ap);
    va_end(ap);
}

void bc_error_set_file(bc_error *err, const char *file)
{
    if (!err)
        return;
    char *copy = NULL;
    if (file) {
        copy = strdup(file);
        if (!copy)
            return; /* keep the old name rather than lose the error */
    }
    free(err->file);
    err->file = copy;
}

bool bc_error_is_set(const bc_error *err)
{
    return err && err->set;
}

const char *bc_error_file(const bc_error *err)
{
    return err ? err->file : NULL;
}

int bc_error_line(const bc_error *err)
{
    return err ? err->line : 0;
}

int bc_error_column(const bc_error *err)
{
    return err ? err->column : 0;
}

const char *bc_error_message(const bc_error *err)
{
    return err && err->set ? err->message : "";
}

size_t bc_error_format(const bc_error *err, char *buf, size_t size)
{
    char pos[64] = "";
    const char *file = bc_error_file(err);
    int line = bc_error_line(err), column = bc_error_column(err);
    if (line > 0 && column > 0)
        snprintf(pos, sizeof pos, "%d:%d:", line, column);
    else if (line > 0)
        snprintf(pos, sizeof pos, "%d:", line);
    int n = snprintf(buf, size, "%s%s%s%serror: %s", file ? file : "", file ? ":" : "", pos,
                     (file || pos[0]) ? " " : "", bc_error_message(err));
    if (n < 0) {
        if (size)
            buf[0] = '\0';
        return 0;
    }
    return (size_t)n;
}
