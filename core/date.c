/* date.c — date validity and dates in words for a document's language. */
#include <briefconv/briefconv.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const months_en[12] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};
static const char *const months_cy[12] = {"Ionawr", "Chwefror", "Mawrth", "Ebrill",
                                          "Mai",    "Mehefin",  "Gorffennaf", "Awst",
                                          "Medi",   "Hydref",   "Tachwedd", "Rhagfyr"};

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

bool bc_date_is_valid(bc_date date)
{
    if (date.year < 1 || date.year > 9999)
        return false;
    if (date.month == 0)
        return date.day == 0;
    if (date.month < 1 || date.month > 12)
        return false;
    if (date.day == 0)
        return true;
    return date.day >= 1 && date.day <= days_in_month(date.year, date.month);
}

/* True when the BCP 47 tag LANG has primary subtag PRIMARY (case-insensitive). */
static bool lang_is(const char *lang, const char *primary)
{
    size_t n = strlen(primary);
    if (strncasecmp(lang, primary, n) != 0)
        return false;
    return lang[n] == '\0' || lang[n] == '-' || lang[n] == '_';
}

/* True when the tag names region REGION ("en-US", "en-Latn-US"). */
static bool lang_region_is(const char *lang, const char *region)
{
    const char *p = strchr(lang, '-');
    size_t n = strlen(region);
    while (p) {
        p++;
        if (strncasecmp(p, region, n) == 0 && (p[n] == '\0' || p[n] == '-'))
            return true;
        p = strchr(p, '-');
    }
    return false;
}

size_t bc_date_format(bc_date date, const char *lang, char *buf, size_t size)
{
    int n;
    if (!bc_date_is_valid(date)) {
        n = snprintf(buf, size, "%s", "");
        return n < 0 ? 0 : (size_t)n;
    }
    if (!lang)
        lang = "en-GB";
    const char *const *months = lang_is(lang, "cy") ? months_cy : months_en;
    bool month_first = lang_is(lang, "en") && lang_region_is(lang, "US");

    if (date.month == 0)
        n = snprintf(buf, size, "%d", date.year);
    else if (date.day == 0)
        n = snprintf(buf, size, "%s %d", months[date.month - 1], date.year);
    else if (month_first)
        n = snprintf(buf, size, "%s %d, %d", months[date.month - 1], date.day, date.year);
    else
        n = snprintf(buf, size, "%d %s %d", date.day, months[date.month - 1], date.year);
    return n < 0 ? 0 : (size_t)n;
}

size_t bc_date_format_iso(bc_date date, char *buf, size_t size)
{
    int n;
    if (!bc_date_is_valid(date))
        n = snprintf(buf, size, "%s", "");
    else if (date.month == 0)
        n = snprintf(buf, size, "%04d", date.year);
    else if (date.day == 0)
        n = snprintf(buf, size, "%04d-%02d", date.year, date.month);
    else
        n = snprintf(buf, size, "%04d-%02d-%02d", date.year, date.month, date.day);
    return n < 0 ? 0 : (size_t)n;
}

/* Days from civil date, after Howard Hinnant's public-domain algorithm (proleptic Gregorian). */
long bc_date_days(bc_date date)
{
    long y = date.year, m = date.month > 0 ? date.month : 1, d = date.day > 0 ? date.day : 1;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bc_date bc_date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    return (bc_date){(int)y, (int)m, (int)d};
}

/* "YYYY-MM-DD", exactly, and a real day. */
static bool parse_iso_day(const char *s, bc_date *out)
{
    int y, m, d, n = 0;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[4] != '-' ||
        s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    bc_date date = {y, m, d};
    if (m < 1 || d < 1 || !bc_date_is_valid(date))
        return false;
    *out = date;
    return true;
}

int bc_date_today(const char *override, bc_date *out, bc_error *err)
{
    if (override && *override) {
        if (parse_iso_day(override, out))
            return 0;
        bc_error_set(err, 0, 0, "today must be a date written YYYY-MM-DD, not '%s'", override);
        return -1;
    }
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    long long seconds;
    if (epoch && *epoch) {
        char *end;
        errno = 0;
        seconds = strtoll(epoch, &end, 10);
        if (errno || *end || seconds < 0) {
            bc_error_set(err, 0, 0, "SOURCE_DATE_EPOCH must be a number of seconds, not '%s'", epoch);
            return -1;
        }
    } else {
        seconds = (long long)time(NULL);
    }
    *out = bc_date_from_days((long)(seconds / 86400));
    return 0;
}
