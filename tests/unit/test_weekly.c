/*
 * test_weekly.c - days of the week and hours of the day as notices write
 * them (core/weekly): 一至五, 周一至周五, 星期六、日, 工作日, 周末, 五至一
 * over the weekend, Mon-Fri, 1-5; 08:00-12:00, two ranges, a range past
 * midnight belonging to the day it starts on, 24:00; what is refused;
 * and the local weekday of a Unix time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/weekly.h"

static uint8_t days(const char *s)
{
    bl_weekly w = {.days = 0xAA};
    assert_true(bl_weekly_parse_days(s, &w));
    return w.days;
}

static void refused_days(const char *s)
{
    bl_weekly w = {.days = 0x55};
    assert_false(bl_weekly_parse_days(s, &w));
    assert_int_equal(w.days, 0x55); /* unchanged */
}

static void test_days(void **state)
{
    (void)state;
    assert_int_equal(days("一至五"), 0x1F);
    assert_int_equal(days("周一至周五"), 0x1F);
    assert_int_equal(days("星期一到星期五"), 0x1F);
    assert_int_equal(days("工作日"), 0x1F);
    assert_int_equal(days("周末"), 0x60);
    assert_int_equal(days("星期六、日"), 0x60);
    assert_int_equal(days("六，天"), 0x60);
    assert_int_equal(days("一、三、五"), 0x15);
    assert_int_equal(days("五至一"), 0x71); /* Fri Sat Sun Mon */
    assert_int_equal(days("Mon-Fri"), 0x1F);
    assert_int_equal(days("1-5"), 0x1F);
    assert_int_equal(days("7"), 0x40);
    assert_int_equal(days("每天"), 0); /* every day */
    assert_int_equal(days("一至日"), 0);
    refused_days("");
    refused_days("周八");
    refused_days("一至");
    refused_days("每周");
    refused_days("weekdays");
    refused_days("8");
}

static void test_hours(void **state)
{
    (void)state;
    bl_weekly w = {0};
    assert_true(bl_weekly_parse_hours("08:00-12:00", &w));
    assert_int_equal(w.nranges, 1);
    assert_int_equal(w.from[0], 480);
    assert_int_equal(w.until[0], 720);
    assert_true(bl_weekly_parse_hours("8:00—12:00，14:00至17:30", &w));
    assert_int_equal(w.nranges, 2);
    assert_int_equal(w.from[1], 840);
    assert_int_equal(w.until[1], 1050);
    assert_true(bl_weekly_parse_hours("18：00～24:00", &w));
    assert_int_equal(w.until[0], 1440);
    assert_true(bl_weekly_parse_hours("22:00-02:00", &w));
    assert_int_equal(w.from[0], 1320);
    assert_int_equal(w.until[0], 120);

    bl_weekly keep = {.nranges = 1, .from = {1}, .until = {2}};
    assert_false(bl_weekly_parse_hours("", &keep));
    assert_false(bl_weekly_parse_hours("8-12", &keep));
    assert_false(bl_weekly_parse_hours("08:00-08:00", &keep));
    assert_false(bl_weekly_parse_hours("25:00-26:00", &keep));
    assert_false(bl_weekly_parse_hours("08:60-09:00", &keep));
    assert_false(bl_weekly_parse_hours("上午", &keep));
    assert_false(bl_weekly_parse_hours("1:00-2:00,3:00-4:00,5:00-6:00,7:00-8:00,9:00-10:00", &keep));
    assert_int_equal(keep.nranges, 1);
}

static void test_allows(void **state)
{
    (void)state;
    bl_weekly w = {0};
    assert_true(bl_weekly_allows(&w, 6, 0)); /* nothing set: always */
    assert_true(bl_weekly_parse_days("一至五", &w));
    assert_true(bl_weekly_parse_hours("08:00-12:00", &w));
    assert_true(bl_weekly_allows(&w, 0, 480));
    assert_true(bl_weekly_allows(&w, 4, 719));
    assert_false(bl_weekly_allows(&w, 4, 720)); /* the end is not in */
    assert_false(bl_weekly_allows(&w, 0, 479));
    assert_false(bl_weekly_allows(&w, 5, 600)); /* Saturday */

    /* Friday night into Saturday 02:00 */
    assert_true(bl_weekly_parse_days("五", &w));
    assert_true(bl_weekly_parse_hours("22:00-02:00", &w));
    assert_true(bl_weekly_allows(&w, 4, 1380));
    assert_true(bl_weekly_allows(&w, 5, 60));
    assert_false(bl_weekly_allows(&w, 5, 1380)); /* Saturday night: no */
    assert_false(bl_weekly_allows(&w, 4, 60));   /* Friday small hours: Thursday's night, no */
}

static void test_local(void **state)
{
    (void)state;
    int wd, m;
    bl_weekly_local(0, 0, &wd, &m); /* 1970-01-01 00:00 UTC, a Thursday */
    assert_int_equal(wd, 3);
    assert_int_equal(m, 0);
    /* 2026-11-30 is a Monday; 07:30 in Beijing is 23:30 UTC the day before */
    bl_weekly_local(1795995000, 8 * 3600, &wd, &m);
    assert_int_equal(wd, 0);
    assert_int_equal(m, 7 * 60 + 30);
    bl_weekly_local(-1, 0, &wd, &m); /* 1969-12-31 23:59, a Wednesday */
    assert_int_equal(wd, 2);
    assert_int_equal(m, 1439);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_hours),
        cmocka_unit_test(test_allows),
        cmocka_unit_test(test_local),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
