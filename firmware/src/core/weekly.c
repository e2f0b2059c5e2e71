/*
 * weekly.c - days of the week and hours of the day (weekly.h).  The
 * words are matched as UTF-8 byte strings: the set is small and fixed.
 */
#include "core/weekly.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Skips separators between items; true if any were skipped. */
static bool skip_sep(const char **p)
{
    static const char *const seps[] = {"、", "，", "；", ",", ";", " ", "\t", "　"};
    bool any = false;
    for (;;) {
        size_t i;
        for (i = 0; i < sizeof seps / sizeof seps[0]; i++) {
            size_t n = strlen(seps[i]);
            if (!strncmp(*p, seps[i], n)) {
                *p += n;
                any = true;
                break;
            }
        }
        if (i == sizeof seps / sizeof seps[0])
            return any;
    }
}

static bool eat(const char **p, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(*p, word, n))
        return false;
    *p += n;
    return true;
}

static bool eat_range_sep(const char **p)
{
    static const char *const r[] = {"至", "到", "—", "–", "～", "~", "-"};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        if (eat(p, r[i]))
            return true;
    return false;
}

/* One day: 0 Monday .. 6 Sunday, or -1. */
static int day(const char **p)
{
    static const char *const zh[] = {"一", "二", "三", "四", "五", "六", "日"};
    static const char *const en[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    const char *q = *p;
    bool prefixed = eat(&q, "星期") || eat(&q, "礼拜") || eat(&q, "周");
    for (int i = 0; i < 7; i++)
        if (eat(&q, zh[i])) {
            *p = q;
            return i;
        }
    if (eat(&q, "天")) {
        *p = q;
        return 6;
    }
    if (prefixed)
        return -1;
    for (int i = 0; i < 7; i++)
        if (!strncmp(q, en[i], 3)) {
            *p = q + 3;
            return i;
        }
    if (*q >= '1' && *q <= '7') {
        *p = q + 1;
        return *q - '1';
    }
    return -1;
}

bool bl_weekly_parse_days(const char *s, bl_weekly *w)
{
    const char *p = s;
    unsigned mask = 0;
    skip_sep(&p);
    if (!*p)
        return false;
    while (*p) {
        if (eat(&p, "每天") || eat(&p, "每日") || eat(&p, "天天")) {
            mask |= 0x7F;
        } else if (eat(&p, "工作日")) {
            mask |= 0x1F;
        } else if (eat(&p, "周末")) {
            mask |= 0x60;
        } else {
            int a = day(&p);
            if (a < 0)
                return false;
            int b = a;
            if (eat_range_sep(&p)) {
                b = day(&p);
                if (b < 0)
                    return false;
            }
            for (int d = a;; d = (d + 1) % 7) {
                mask |= 1u << d;
                if (d == b)
                    break;
            }
        }
        if (!skip_sep(&p) && *p)
            return false;
    }
    w->days = (uint8_t)(mask == 0x7F ? 0 : mask);
    return true;
}

/* "H:MM" or "HH:MM" (full-width colon too), 0:00..24:00; minutes or -1. */
static int clock_time(const char **p)
{
    const char *q = *p;
    int h = 0, digits = 0;
    while (*q >= '0' && *q <= '9' && digits < 2) {
        h = h * 10 + (*q++ - '0');
        digits++;
    }
    if (!digits || !(eat(&q, ":") || eat(&q, "：")))
        return -1;
    if (!(q[0] >= '0' && q[0] <= '9' && q[1] >= '0' && q[1] <= '9'))
        return -1;
    int m = (q[0] - '0') * 10 + (q[1] - '0');
    q += 2;
    if (h > 24 || m > 59 || (h == 24 && m))
        return -1;
    *p = q;
    return h * 60 + m;
}

bool bl_weekly_parse_hours(const char *s, bl_weekly *w)
{
    const char *p = s;
    int n = 0;
    int16_t from[BL_WEEKLY_RANGES], until[BL_WEEKLY_RANGES];
    skip_sep(&p);
    if (!*p)
        return false;
    while (*p) {
        if (n == BL_WEEKLY_RANGES)
            return false;
        int a = clock_time(&p);
        if (a < 0 || a == 1440 || !eat_range_sep(&p))
            return false;
        int b = clock_time(&p);
        if (b < 0 || b == a || (b == 0 && a == 0))
            return false;
        from[n] = (int16_t)a;
        until[n] = (int16_t)(b == 0 ? 1440 : b);
        n++;
        if (!skip_sep(&p) && *p)
            return false;
    }
    w->nranges = n;
    memcpy(w->from, from, sizeof from);
    memcpy(w->until, until, sizeof until);
    return true;
}

static bool day_ok(const bl_weekly *w, int wd) { return !w->days || (w->days >> wd & 1); }

bool bl_weekly_allows(const bl_weekly *w, int wd, int m)
{
    if (!w->nranges)
        return day_ok(w, wd);
    for (int i = 0; i < w->nranges; i++) {
        int a = w->from[i], b = w->until[i];
        if (a < b) {
            if (m >= a && m < b && day_ok(w, wd))
                return true;
        } else { /* past midnight: the evening part today, the morning part from yesterday */
            if (m >= a && day_ok(w, wd))
                return true;
            if (m < b && day_ok(w, (wd + 6) % 7))
                return true;
        }
    }
    return false;
}

void bl_weekly_local(int64_t t, int64_t utc_off, int *wd, int *m)
{
    int64_t l = t + utc_off, d = l / 86400, s = l % 86400;
    if (s < 0) {
        s += 86400;
        d--;
    }
    /* 1970-01-01 was a Thursday (3 days after a Monday) */
    int64_t k = (d + 3) % 7;
    *wd = (int)(k < 0 ? k + 7 : k);
    *m = (int)(s / 60);
}
