/* schedule.c — see schedule.h. */
#include "schedule.h"

int bcp_schedule_read(const bc_options *opts, bcp_schedule *s, bc_error *err)
{
    bc_date today;
    if (bc_date_today(bc_options_get(opts, "today"), &today, err) != 0)
        return -1;
    s->today = bc_date_days(today);
    s->within = bc_options_get_int(opts, "due-within", 30);
    return 0;
}

long bcp_day_of(const bc_document *doc, bc_field field)
{
    bc_date d;
    return bc_document_date(doc, field, &d) ? bc_date_days(d) : BCP_NO_DAY;
}

bool bcp_schedule_is_due(const bcp_schedule *s, long due_day)
{
    return due_day != BCP_NO_DAY && due_day - s->today <= s->within;
}
