/* progress.c — one line on a terminal: files done of total, rate, time left. */
#include <stdio.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"

double batch_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void batch_progress_start(batch_progress *p, bool on, size_t total)
{
    struct winsize ws;
    enum { BAR = 30, TEXT = 50 }; /* the bar, and room for "1234/10000 files  500/s  12:34 left" */
    p->on = on && total > 0;
    p->total = total;
    /* A line longer than the terminal wraps, and \r no longer redraws it in place. */
    size_t cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
    p->bar = cols >= BAR + TEXT ? BAR : cols > TEXT + 10 ? cols - TEXT : 0;
    p->start = batch_now();
    p->last = 0;
}

void batch_progress_show(batch_progress *p, size_t done, bool force)
{
    if (!p->on)
        return;
    double now = batch_now();
    if (!force && now - p->last < 0.1)
        return;
    p->last = now;
    char bar[64];
    size_t width = p->bar < sizeof bar - 4 ? p->bar : sizeof bar - 4, fill = done * width / p->total;
    bar[0] = '\0';
    if (width > 0) {
        bar[0] = '[';
        for (size_t i = 0; i < width; i++)
            bar[1 + i] = i < fill ? '#' : '.';
        bar[1 + width] = ']';
        bar[2 + width] = ' ';
        bar[3 + width] = '\0';
    }
    double elapsed = now - p->start;
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    long left = rate > 0 ? (long)((double)(p->total - done) / rate + 0.5) : -1;
    /* \r and "erase to end of line": redrawn in place, never scrolled. */
    if (left >= 0)
        fprintf(stderr, "\r%s%zu/%zu files  %.0f/s  %ld:%02ld left\033[K", bar, done, p->total, rate,
                left / 60, left % 60);
    else
        fprintf(stderr, "\r%s%zu/%zu files\033[K", bar, done, p->total);
    fflush(stderr);
}

void batch_progress_clear(batch_progress *p)
{
    if (!p->on)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
}
