/* date.c — date validity and dates in words for a document's language. */
#include <briefconv/briefconv.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

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
