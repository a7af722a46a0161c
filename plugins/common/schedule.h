/*
 * schedule.h — when briefings fall due for review: one rule, and one pair of
 * options, for the site's review page and the review report, so the two
 * never disagree about what is overdue.
 */
#ifndef BCP_SCHEDULE_H
#define BCP_SCHEDULE_H

#include <briefconv/plugin.h>

#include <limits.h>
#include <stdbool.h>

/* The two options' specs, for a plugin's option table. */
#define BCP_SCHEDULE_OPTIONS                                                                                     \
    {.name = "due-within",                                                                                       \
     .type = BC_OPTION_INT,                                                                                      \
     .default_value = "30",                                                                                      \
     .help = "days ahead a review counts as due soon",                                                           \
     .min = 0,                                                                                                   \
     .max = 3650},                                                                                               \
        {.name = "today", .type = BC_OPTION_STRING, .help = "the date to judge reviews by, YYYY-MM-DD"}

/* A day with no date (bc_date_days never gives it). */
#define BCP_NO_DAY LONG_MIN

typedef struct bcp_schedule {
    long today;  /* bc_date_days of -O today, else SOURCE_DATE_EPOCH, else the clock */
    long within; /* -O due-within */
} bcp_schedule;

/* Reads the two options from OPTS; 0, or -1 with ERR set (a bad -O today). */
int bcp_schedule_read(const bc_options *opts, bcp_schedule *s, bc_error *err);
/* The day of date FIELD of DOC, BCP_NO_DAY when it is not a date (or absent). */
long bcp_day_of(const bc_document *doc, bc_field field);
/* Whether a review due on DUE_DAY is overdue or due within the window (never for BCP_NO_DAY). */
bool bcp_schedule_is_due(const bcp_schedule *s, long due_day);

#endif
