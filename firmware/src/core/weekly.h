/*
 * weekly.h - when in the week something may show: days of the week and
 * hours of the day, as a notice says them ("days: 一至五", "hours:
 * 08:00-12:00, 14:00-17:30").  Parsed once (content reads the article
 * keys with it), matched against local time by the schedule.  Depends on
 * nothing but libc.
 */
#ifndef BL_WEEKLY_H
#define BL_WEEKLY_H

#include <stdbool.h>
#include <stdint.h>

#define BL_WEEKLY_RANGES 4

typedef struct bl_weekly {
    uint8_t days;    /* bit 0 Monday ... bit 6 Sunday; 0: every day */
    int nranges;     /* 0: all day */
    int16_t from[BL_WEEKLY_RANGES];  /* minutes after midnight, [from, until) */
    int16_t until[BL_WEEKLY_RANGES]; /* 1..1440; until < from wraps past midnight */
} bl_weekly;

/* Days of the week: names (一 二 三 四 五 六 日/天, with or without 周,
 * 星期 or 礼拜; Mon..Sun; 1..7 with 7 Sunday) separated by 、，, or
 * spaces, ranges with 至 到 - – — ~ ～ (五至一 wraps over the weekend),
 * and the words 每天 每日 天天 (every day), 工作日 (Monday to Friday),
 * 周末 (Saturday and Sunday).  Sets w->days; false for anything else
 * (w unchanged). */
bool bl_weekly_parse_days(const char *s, bl_weekly *w);

/* Hours of the day: up to BL_WEEKLY_RANGES ranges "H:MM-H:MM" (also a
 * full-width colon, and the range separators above; until may be 24:00)
 * separated by 、，, ； or spaces.  A range that ends before it starts
 * runs past midnight; an empty one (start = end) is refused.  Sets
 * w->nranges, from and until; false for anything else (w unchanged). */
bool bl_weekly_parse_hours(const char *s, bl_weekly *w);

/* Whether w allows local weekday wd (0 Monday .. 6 Sunday) at minute m
 * after midnight.  A range past midnight belongs to the day it starts
 * on: "days: 五, hours: 22:00-02:00" covers Friday night into Saturday
 * 02:00. */
bool bl_weekly_allows(const bl_weekly *w, int wd, int m);

/* The local weekday (0 Monday) and minute of Unix time t shifted by
 * utc_off seconds. */
void bl_weekly_local(int64_t t, int64_t utc_off, int *wd, int *m);

#endif
