/*
 * test_config.c - the board's configuration file: good values are taken,
 * every bad value is named with its file and line and its default kept,
 * unknown settings warn, and the example file assets/baolan.ini parses
 * without a single warning.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/config.h"

static char warnings[8192];
static int nwarn;

static void sink(void *user, bl_log_level lvl, const char *tag, const char *line)
{
    (void)user;
    (void)tag;
    if (lvl >= BL_LOG_WARN) {
        nwarn++;
        strncat(warnings, line, sizeof warnings - strlen(warnings) - 2);
        strcat(warnings, "\n");
    }
}

static void test_good_values(void **state)
{
    static const char text[] = "[screen]\nsize = 1080x1920\nrotation = 270\nmode = headless\n"
                               "[board]\nname = 丰台社区报栏\norientation = vertical\n"
                               "[schedule]\nreading-speed = 300\nmin-dwell = 5\nmax-dwell = 40\n"
                               "[transition]\ntype = slide\nduration = 0.5\n"
                               "[night]\nstart = 23:30\nend = 05:15\nmode = blank\n"
                               "[ticker]\nenabled = no\n[kiosk]\nexit-key = ctrl+alt+q\n";
    bl_config c;
    bl_err err;
    (void)state;
    nwarn = 0;
    warnings[0] = '\0';
    bl_log_set_sink(sink, NULL);
    bl_config_defaults(&c);
    assert_int_equal(bl_config_parse("good.ini", text, &c, &err), BL_OK);
    bl_log_set_sink(NULL, NULL);
    assert_int_equal(nwarn, 0);
    assert_int_equal(c.width, 1080);
    assert_int_equal(c.height, 1920);
    assert_int_equal(c.rotation, 270);
    assert_int_equal(c.display, BL_DISPLAY_HEADLESS);
    assert_string_equal(c.name, "丰台社区报栏");
    assert_int_equal(c.orientation, BL_ORIENT_CFG_VERTICAL);
    assert_true(c.sched.chars_per_minute == 300);
    assert_true(c.sched.min_dwell == 5 && c.sched.max_dwell == 40);
    assert_int_equal(c.transition, BL_TRANS_SLIDE);
    assert_true(c.sched.transition == 0.5);
    assert_int_equal(c.sched.night_start, 23 * 60 + 30);
    assert_int_equal(c.sched.night_end, 5 * 60 + 15);
    assert_true(c.sched.night_blank);
    assert_false(c.ticker);
    assert_string_equal(c.exit_key, "ctrl+alt+q");
}

static void test_bad_values_keep_defaults(void **state)
{
    static const char text[] = "[screen]\n"
                               "size = huge\n"         /* line 2 */
                               "rotation = 45\n"       /* line 3 */
                               "[schedule]\n"
                               "reading-speed = -4\n"  /* line 5 */
                               "[night]\n"
                               "start = 25:00\n"       /* line 7 */
                               "[transition]\n"
                               "type = wipe\n"         /* line 9 */
                               "[board]\n"
                               "colour = red\n"        /* line 11: unknown */
                               "this line is nonsense\n"; /* line 12 */
    bl_config c, d;
    bl_err err;
    (void)state;
    nwarn = 0;
    warnings[0] = '\0';
    bl_log_set_sink(sink, NULL);
    bl_config_defaults(&c);
    bl_config_defaults(&d);
    assert_int_equal(bl_config_parse("bad.ini", text, &c, &err), BL_OK);
    bl_log_set_sink(NULL, NULL);
    assert_int_equal(nwarn, 7);
    assert_non_null(strstr(warnings, "bad.ini:2:"));
    assert_non_null(strstr(warnings, "bad.ini:3:"));
    assert_non_null(strstr(warnings, "bad.ini:5:"));
    assert_non_null(strstr(warnings, "bad.ini:7:"));
    assert_non_null(strstr(warnings, "bad.ini:9:"));
    assert_non_null(strstr(warnings, "bad.ini:11: unknown setting"));
    assert_non_null(strstr(warnings, "bad.ini:12:"));
    /* the board starts on the defaults for those values */
    assert_int_equal(c.width, d.width);
    assert_int_equal(c.rotation, d.rotation);
    assert_true(c.sched.chars_per_minute == d.sched.chars_per_minute);
    assert_int_equal(c.sched.night_start, d.sched.night_start);
    assert_int_equal(c.transition, d.transition);
}

/* [night] mode: dim keeps rotating; blank shows the night slide; off
 * shows it and switches the screen off (once refused as not blank or
 * dim); anything else is named and the default kept. */
static void test_night_modes(void **state)
{
    static const struct {
        const char *mode;
        bool blank, off;
        int warns;
    } cases[] = {
        {"dim", false, false, 0}, {"blank", true, false, 0}, {"off", true, true, 0},
        {"dark", false, false, 1}, {"OFF", false, false, 1},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[128];
        bl_config c;
        bl_err err;
        snprintf(text, sizeof text, "[night]\nmode = %s\n", cases[i].mode);
        nwarn = 0;
        warnings[0] = '\0';
        bl_log_set_sink(sink, NULL);
        bl_config_defaults(&c);
        assert_int_equal(bl_config_parse("night.ini", text, &c, &err), BL_OK);
        bl_log_set_sink(NULL, NULL);
        assert_int_equal(nwarn, cases[i].warns);
        assert_int_equal(c.sched.night_blank, cases[i].blank);
        assert_int_equal(c.sched.night_off, cases[i].off);
        if (cases[i].warns)
            assert_non_null(strstr(warnings, "is not dim, blank or off"));
    }
}

static void test_example_file(void **state)
{
    char path[1024];
    const char *src = getenv("BL_SOURCE_DIR");
    bl_config c, d;
    bl_err err;
    (void)state;
    snprintf(path, sizeof path, "%s/assets/baolan.ini", src ? src : ".");
    nwarn = 0;
    bl_log_set_sink(sink, NULL);
    bl_config_defaults(&c);
    assert_int_equal(bl_config_load(path, &c, &err), BL_OK);
    bl_log_set_sink(NULL, NULL);
    assert_int_equal(nwarn, 0);
    /* the example documents the defaults */
    bl_config_defaults(&d);
    assert_int_equal(c.width, d.width);
    assert_true(c.sched.max_dwell == d.sched.max_dwell);
    assert_int_equal(c.sched.night_blank, d.sched.night_blank);
    assert_int_equal(c.sched.night_off, d.sched.night_off);
    assert_int_equal(c.ticker, d.ticker);
    assert_int_equal(c.kinsoku, d.kinsoku);
    assert_int_equal(c.script, d.script);
    /* a missing file is an error naming it */
    assert_int_not_equal(bl_config_load("/nonexistent/baolan.ini", &c, &err), BL_OK);
    assert_non_null(strstr(err.msg, "/nonexistent/baolan.ini"));
}

/* The 禁则 level is read once, into the enum the layout takes: each name,
 * the default, and a bad name that keeps the value before it. */
static void test_kinsoku_levels(void **state)
{
    static const struct {
        const char *text;
        bl_kinsoku want;
        int warnings;
    } cases[] = {
        {"[board]\nname = x\n", BL_KINSOKU_BASIC, 0},
        {"[board]\nkinsoku = none\n", BL_KINSOKU_NONE, 0},
        {"[board]\nkinsoku = basic\n", BL_KINSOKU_BASIC, 0},
        {"[board]\nkinsoku = gb\n", BL_KINSOKU_GB, 0},
        {"[board]\nkinsoku = strict\n", BL_KINSOKU_STRICT, 0},
        {"[board]\nkinsoku = loose\n", BL_KINSOKU_BASIC, 1},
        /* line-break: a CSS level, which wins over kinsoku wherever it is */
        {"[board]\nline-break = loose\n", BL_KINSOKU_CSS_LOOSE, 0},
        {"[board]\nline-break = normal\nkinsoku = gb\n", BL_KINSOKU_CSS_NORMAL, 0},
        {"[board]\nkinsoku = gb\nline-break = strict\n", BL_KINSOKU_CSS_STRICT, 0},
        {"[board]\nline-break = anywhere\n", BL_KINSOKU_BASIC, 1},
        {"[board]\nkinsoku = strict\nkinsoku = Strict\n", BL_KINSOKU_STRICT, 1},
    };
    size_t i;
    (void)state;
    for (i = 0; i < BL_ARRAY_LEN(cases); i++) {
        bl_config c;
        bl_err err;
        nwarn = 0;
        warnings[0] = '\0';
        bl_log_set_sink(sink, NULL);
        bl_config_defaults(&c);
        assert_int_equal(bl_config_parse("k.ini", cases[i].text, &c, &err), BL_OK);
        bl_log_set_sink(NULL, NULL);
        assert_int_equal(c.kinsoku, cases[i].want);
        assert_int_equal(nwarn, cases[i].warnings);
    }
    assert_string_equal(warnings,
                        "k.ini:3: [board] kinsoku = 'Strict' is not none, basic, gb or strict; using the default\n");
}

/* script: each name, the default, and a bad name named in a warning
 * that leaves the articles as they are. */
static void test_script_values(void **state)
{
    static const struct {
        const char *text;
        bl_script want;
        int warnings;
    } cases[] = {
        {"[board]\nname = x\n", BL_SCRIPT_AS_IS, 0},
        {"[board]\nscript = traditional\n", BL_SCRIPT_TRADITIONAL, 0},
        {"[board]\nscript = simplified\n", BL_SCRIPT_SIMPLIFIED, 0},
        {"[board]\nscript = as-is\n", BL_SCRIPT_AS_IS, 0},
        {"[board]\nscript = traditional\nscript = 繁体\n", BL_SCRIPT_AS_IS, 1},
    };
    size_t i;
    (void)state;
    for (i = 0; i < BL_ARRAY_LEN(cases); i++) {
        bl_config c;
        bl_err err;
        nwarn = 0;
        warnings[0] = '\0';
        bl_log_set_sink(sink, NULL);
        bl_config_defaults(&c);
        assert_int_equal(bl_config_parse("s.ini", cases[i].text, &c, &err), BL_OK);
        bl_log_set_sink(NULL, NULL);
        assert_int_equal(c.script, cases[i].want);
        assert_int_equal(nwarn, cases[i].warnings);
    }
    assert_string_equal(warnings, "s.ini:3: [board] script = '繁体' is not as-is, simplified or traditional; "
                                  "using the default\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_values),
        cmocka_unit_test(test_bad_values_keep_defaults),
        cmocka_unit_test(test_kinsoku_levels),
        cmocka_unit_test(test_script_values),
        cmocka_unit_test(test_night_modes),
        cmocka_unit_test(test_example_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
