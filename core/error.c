/*
 * error.c — the error value: first error wins, so the root cause is shown.
 *
 * Messages are for people reading a terminal, and carry text from the input
 * (quoted keys, file names). Two rules follow:
 * - A message too long for its buffer is shortened in its middle, not cut at
 *   the end: a message ends with the reason ("...: is not a regular file"),
 *   and its long part is nearly always a quoted text or a file name. The
 *   longest quoted span is shortened first, else the middle of the message;
 *   an ellipsis marks the cut, which never splits a UTF-8 character.
 * - bc_error_format writes control characters (C0, DEL, and C1 such as
 *   U+009B, a terminal's CSI) and bytes that are not UTF-8 as \xHH escapes,
 *   so no input can reach the terminal as an escape sequence. Backslashes
 *   are left as they are: callers may pass names they escaped already.
 */
#include <briefconv/briefconv.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERROR_MESSAGE_MAX 1024
#define ELLIPSIS "\xE2\x80\xA6" /* U+2026, 3 bytes */
#define ELLIPSIS_LEN 3
/* bc_error_format shortens names only in a buffer at least this large; smaller ones are cut as snprintf cuts. */
#define FORMAT_MIN 64

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

/* Whether byte C continues a UTF-8 sequence. */
static bool is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* AT moved back to the start of the UTF-8 character it is in (S[0..AT]). */
static size_t char_start(const char *s, size_t at)
{
    while (at > 0 && is_cont((unsigned char)s[at]))
        at--;
    return at;
}

/* AT moved forward to the start of the next UTF-8 character (at most LEN). */
static size_t char_next(const char *s, size_t len, size_t at)
{
    while (at < len && is_cont((unsigned char)s[at]))
        at++;
    return at;
}

/*
 * Writes S (LEN bytes) shortened to at most MAX bytes into OUT (MAX + 1
 * bytes): the longest quoted span loses its middle if that is enough, else
 * the whole text does. The parts kept are cut at character boundaries.
 */
static void shorten(const char *s, size_t len, char *out, size_t max)
{
    size_t cut_from = 0, cut_to = len; /* the region whose middle may go */
    size_t best = 0;
    for (const char *q = memchr(s, '"', len); q;) {
        size_t open = (size_t)(q - s) + 1;
        const char *close = memchr(s + open, '"', len - open);
        if (!close)
            break;
        size_t span = (size_t)(close - s) - open;
        /* Keep at least 16 bytes of it, so the reader still recognises it. */
        if (span > best && len - span + 16 + ELLIPSIS_LEN <= max) {
            best = span;
            cut_from = open;
            cut_to = (size_t)(close - s);
        }
        q = memchr(close + 1, '"', len - (size_t)(close + 1 - s));
    }
    size_t drop = len + ELLIPSIS_LEN - max; /* bytes that must go from the region */
    size_t region = cut_to - cut_from;
    if (len <= max || drop > region) {
        /* Fits (no cut), or the text is too short to shorten: keep what fits, whole characters. */
        size_t n = len <= max ? len : char_start(s, max);
        memcpy(out, s, n);
        out[n] = '\0';
        return;
    }
    size_t head = cut_from + (region - drop) / 2;
    head = char_start(s, head);
    size_t tail = char_next(s, len, head + drop);
    size_t o = 0;
    memcpy(out + o, s, head);
    o += head;
    memcpy(out + o, ELLIPSIS, ELLIPSIS_LEN);
    o += ELLIPSIS_LEN;
    memcpy(out + o, s + tail, len - tail);
    o += len - tail;
    out[o] = '\0';
}

void bc_error_setv(bc_error *err, int line, int column, const char *fmt, va_list ap)
{
    if (!err || err->set)
        return;
    err->set = true;
    err->line = line > 0 ? line : 0;
    err->column = column > 0 ? column : 0;
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(err->message, sizeof err->message, fmt ? fmt : "", ap);
    if (n < 0) {
        snprintf(err->message, sizeof err->message, "unknown error");
    } else if ((size_t)n >= sizeof err->message) {
        /* Too long: format it whole and shorten it where that loses least. */
        char *full = malloc((size_t)n + 1);
        if (full && vsnprintf(full, (size_t)n + 1, fmt, again) == n) {
            shorten(full, (size_t)n, err->message, sizeof err->message - 1);
        } else {
            /* Out of memory: at least never end inside a character. */
            size_t end = char_start(err->message, sizeof err->message - 1);
            err->message[end] = '\0';
        }
        free(full);
    }
    va_end(again);
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

/* Length of the valid, non-control UTF-8 character at S (LEN bytes left), 0 when it must be escaped. */
static size_t shown_char(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return c >= 0x20 && c != 0x7F ? 1 : 0;
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || n > len)
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!is_cont(s[i]))
            return 0;
    /* C1 controls (U+0080-U+009F), overlong forms, surrogates, beyond U+10FFFF. */
    if ((c == 0xC2 && s[1] < 0xA0) || (c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) ||
        (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
        return 0;
    return n;
}

/*
 * The displayed form of the character at S: bytes copied into OUT (at
 * least 4 bytes of room per byte of input); returns the bytes written and
 * sets *USED to the bytes of S consumed. A C1 control is two escapes.
 */
static size_t show_char(const unsigned char *s, size_t len, char *out, size_t *used)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = shown_char(s, len);
    if (n) {
        memcpy(out, s, n);
        *used = n;
        return n;
    }
    size_t bytes = s[0] == 0xC2 && len > 1 && is_cont(s[1]) ? 2 : 1; /* C1: both bytes */
    size_t o = 0;
    for (size_t i = 0; i < bytes; i++) {
        if (s[i] == '\n' || s[i] == '\t') {
            out[o++] = '\\';
            out[o++] = s[i] == '\n' ? 'n' : 't';
            continue;
        }
        out[o++] = '\\';
        out[o++] = 'x';
        out[o++] = hex[s[i] >> 4];
        out[o++] = hex[s[i] & 15];
    }
    *used = bytes;
    return o;
}

/* Bytes S takes once displayed. */
static size_t shown_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), total = 0, used;
    char tmp[8];
    for (size_t i = 0; i < len; i += used)
        total += show_char(p + i, len - i, tmp, &used);
    return total;
}

/*
 * Appends S displayed into BUF at *O, in at most ROOM bytes: when it does not
 * fit, its middle is replaced by an ellipsis (whole characters and escapes
 * kept on either side). BUF has room for ROOM more bytes.
 */
static void put_shown(char *buf, size_t *o, const char *s, size_t room)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), total = shown_len(s), used, n;
    char tmp[8];
    size_t head_room = total <= room ? total : (room - ELLIPSIS_LEN) / 2;
    size_t i = 0, w = 0;
    while (i < len) {
        n = show_char(p + i, len - i, tmp, &used);
        if (w + n > head_room)
            break;
        memcpy(buf + *o, tmp, n);
        *o += n;
        w += n;
        i += used;
    }
    if (i == len)
        return;
    memcpy(buf + *o, ELLIPSIS, ELLIPSIS_LEN);
    *o += ELLIPSIS_LEN;
    /* Skip until what is left fits in the rest of the room. */
    size_t tail_room = room - ELLIPSIS_LEN - w, left = total - w;
    while (i < len && left > tail_room) {
        left -= show_char(p + i, len - i, tmp, &used);
        i += used;
    }
    while (i < len) {
        n = show_char(p + i, len - i, tmp, &used);
        memcpy(buf + *o, tmp, n);
        *o += n;
        i += used;
    }
}

/*
 * "FILE:LINE:COLUMN: error: MESSAGE", displayed safely. When it does not fit
 * in SIZE bytes, the file name gives way first (its middle is cut), then the
 * message (its middle too), so the message's reason stays. Returns the
 * length written when the text fits, as shortened; only a buffer under
 * FORMAT_MIN bytes cuts as snprintf does and returns the length needed.
 */
size_t bc_error_format(const bc_error *err, char *buf, size_t size)
{
    char pos[64] = "";
    const char *file = bc_error_file(err);
    const char *message = bc_error_message(err);
    int line = bc_error_line(err), column = bc_error_column(err);
    if (line > 0 && column > 0)
        snprintf(pos, sizeof pos, "%d:%d:", line, column);
    else if (line > 0)
        snprintf(pos, sizeof pos, "%d:", line);
    const char *sep = file ? ":" : "";
    const char *gap = (file || pos[0]) ? " " : "";
    size_t file_len = file ? shown_len(file) : 0, msg_len = shown_len(message);
    size_t fixed = strlen(sep) + strlen(pos) + strlen(gap) + strlen("error: ");
    size_t need = file_len + fixed + msg_len;
    if (size < FORMAT_MIN) {
        int n = snprintf(buf, size, "%s%s%s%serror: %s", file ? file : "", sep, pos, gap, message);
        if (n < 0) {
            if (size)
                buf[0] = '\0';
            return 0;
        }
        return (size_t)n;
    }
    size_t room = size - 1 - fixed; /* for the file name and the message */
    size_t msg_room = msg_len, file_room = file_len;
    if (need > size - 1) {
        /* The message keeps all it can, but leaves the file name at least a quarter. */
        size_t min_file = file_len < room / 4 ? file_len : room / 4;
        msg_room = msg_len <= room - min_file ? msg_len : room - min_file;
        file_room = room - msg_room;
    }
    size_t o = 0;
    if (file)
        put_shown(buf, &o, file, file_room);
    o += (size_t)snprintf(buf + o, size - o, "%s%s%serror: ", sep, pos, gap);
    put_shown(buf, &o, message, msg_room);
    buf[o] = '\0';
    return o;
}
